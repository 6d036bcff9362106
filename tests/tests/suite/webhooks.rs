//! Webhooks against a real local HTTP receiver: deliveries signed so that the Standard Webhooks
//! reference implementation (PyPI `standardwebhooks`) accepts them, in order, retried while the
//! receiver is down and then delivered once; private targets refused; organizers only.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use app::events::model::EventKind;
use app::events::webhooks::service;
use app::rsvp::model::Answer;
use axum::body::Bytes;
use axum::http::HeaderMap;
use festplan_tests::{TestApp, free_port, journey, wait_until};

/// What the receiver got: (webhook-id, webhook-timestamp, webhook-signature, body).
type Received = Arc<Mutex<Vec<(String, String, String, String)>>>;

/// An HTTP receiver on `port` that records every POST to `/hook` and answers 204.
async fn receiver(port: u16) -> Received {
    let received: Received = Arc::default();
    let kept = received.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let kept = kept.clone();
            async move {
                let h = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
                kept.lock().unwrap().push((
                    h("webhook-id"),
                    h("webhook-timestamp"),
                    h("webhook-signature"),
                    String::from_utf8_lossy(&body).into_owned(),
                ));
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await.unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    received
}

/// Sends what is due (the app's own worker may be sending too) until the receiver has `n`.
async fn received_until(app: &TestApp, received: &Received, n: usize) -> Vec<(String, String, String, String)> {
    let arrived = wait_until(std::time::Duration::from_secs(15), || async {
        app.state.webhooks.deliver_now(&app.state.db, &app.state.settings).await.unwrap();
        received.lock().unwrap().len() >= n
    })
    .await;
    let got = received.lock().unwrap().clone();
    assert!(arrived, "{} of {n} deliveries arrived", got.len());
    got
}

/// Runs the reference implementation over every delivery; returns its verdict per delivery.
fn verified_by_reference(secret: &str, deliveries: &[(String, String, String, String)]) -> Vec<String> {
    let script = "import json, sys\n\
                  from standardwebhooks.webhooks import Webhook\n\
                  wh = Webhook(sys.argv[1])\n\
                  for line in sys.stdin:\n\
                  \x20   d = json.loads(line)\n\
                  \x20   headers = {'webhook-id': d['id'], 'webhook-timestamp': d['ts'], 'webhook-signature': d['sig']}\n\
                  \x20   try:\n\
                  \x20       wh.verify(d['body'], headers)\n\
                  \x20       print('valid')\n\
                  \x20   except Exception as e:\n\
                  \x20       print('refused:', type(e).__name__)\n";
    let input: String = deliveries
        .iter()
        .map(|(id, ts, sig, body)| serde_json::json!({ "id": id, "ts": ts, "sig": sig, "body": body }).to_string() + "\n")
        .collect();
    festplan_tests::python(script, &[secret], &input, "the reference implementation").lines().map(String::from).collect()
}

#[tokio::test]
async fn signed_deliveries_arrive_in_order_once_after_the_receiver_was_down() {
    let app = TestApp::spawn_with(|c| {
        c.allow_private_webhooks = true;
        c.mail_retry_secs = 1;
    })
    .await;
    let event = app.seed_event("bbq", EventKind::Bbq, "BBQ", 7).await;
    app.owner_of(event, "org@example.org").await;
    let organizer = app.actor_for("org@example.org").await;
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let kinds = ["rsvp.created", "rsvp.changed", "rsvp.checked_in"].map(String::from);
    let secret = service::subscribe(&app.state, &organizer, event, &url, &kinds, "event").await.unwrap();
    assert!(secret.starts_with("whsec_"), "{secret}");

    // The receiver is not there yet: the first delivery fails and waits.
    app.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();
    let failed = wait_until(std::time::Duration::from_secs(10), || async {
        app.state.webhooks.deliver_now(&app.state.db, &app.state.settings).await.unwrap();
        let page = service::page(&app.state, &organizer, "bbq").await.unwrap();
        page.subscriptions[0].deliveries[0].outcome.contains("could not connect")
    })
    .await;
    assert!(failed, "the first attempt fails: nobody listens");

    // Up again; two more changes queue behind the first, which goes first.
    let received = receiver(port).await;
    app.change_rsvp(event, "ada@example.org", Answer::Yes, 3).await.unwrap();
    app.rsvp(event, "grace@example.org", Answer::Maybe, 1).await.unwrap();
    let got = received_until(&app, &received, 3).await;
    let summary: Vec<(String, String, i64)> = got
        .iter()
        .map(|(_, _, _, body)| {
            let v: serde_json::Value = serde_json::from_str(body).unwrap();
            (
                v["type"].as_str().unwrap().to_string(),
                v["data"]["rsvp"]["email"].as_str().unwrap().to_string(),
                v["data"]["rsvp"]["party_size"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("rsvp.created".to_string(), "ada@example.org".to_string(), 2),
            ("rsvp.changed".to_string(), "ada@example.org".to_string(), 3),
            ("rsvp.created".to_string(), "grace@example.org".to_string(), 1),
        ],
        "in order, each once"
    );
    let ids: std::collections::HashSet<_> = got.iter().map(|d| d.0.clone()).collect();
    assert_eq!(ids.len(), 3, "each delivery has its own webhook-id");
    assert_eq!(verified_by_reference(&secret, &got), ["valid", "valid", "valid"]);

    // The reference refuses what was not signed by this secret, or was changed on the way.
    let mut tampered = got[0].clone();
    tampered.3 = tampered.3.replace("ada@example.org", "eve@example.org");
    let other_secret = app::webhooks::new_secret();
    assert_eq!(verified_by_reference(&secret, &[tampered]), ["refused: WebhookVerificationError"]);
    assert_eq!(verified_by_reference(&other_secret, &got[..1]), ["refused: WebhookVerificationError"]);

    // Redelivery sends the same message again, under its id.
    let page = service::page(&app.state, &organizer, "bbq").await.unwrap();
    let oldest = page.subscriptions[0].deliveries.last().unwrap();
    assert!(oldest.delivered, "{}", oldest.outcome);
    service::redeliver(&app.state, &organizer, oldest.id).await.unwrap();
    let got = received_until(&app, &received, 4).await;
    assert_eq!(got.len(), 4, "sent again once");
    assert_eq!((&got[3].0, &got[3].3), (&got[0].0, &got[0].3), "the same message, sent again");
}

#[tokio::test]
async fn private_targets_are_refused_and_only_organizers_manage_webhooks() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("bbq", EventKind::Bbq, "BBQ", 7).await;
    app.owner_of(event, "org@example.org").await;
    let organizer = app.actor_for("org@example.org").await;
    let kinds = ["event.changed".to_string()];
    for url in ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/"] {
        let refused = service::subscribe(&app.state, &organizer, event, url, &kinds, "").await.unwrap_err();
        assert_eq!(refused.field(), Some("url"), "{url}: {refused:?}");
    }
    let none = service::subscribe(&app.state, &organizer, event, "https://example.org/hook", &[], "event").await.unwrap_err();
    assert_eq!(none.field(), Some("kinds"));

    let (_, guest) = app.signed_in("guest@example.org", false).await;
    let page = guest.get(app.at("/api/events/webhooks?slug=bbq")).send().await.unwrap();
    let missing = guest.get(app.at("/api/events/webhooks?slug=no-such-event")).send().await.unwrap();
    assert_eq!(
        (page.status(), page.text().await.unwrap()),
        (missing.status(), missing.text().await.unwrap()),
        "a refusal looks like a missing event"
    );
    let subscribe = app
        .post(
            &guest,
            "/api/events/webhooks/subscribe",
            &[("event_id", &event.to_string()), ("url", "https://example.org/"), ("kinds[0]", "event.changed")],
        )
        .await;
    assert_eq!(subscribe.status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_organizer_sees_the_deliveries_sends_one_again_and_adds_a_webhook() {
    let app = TestApp::spawn_with(|c| c.allow_private_webhooks = true).await;
    let event = app.seed_event("bbq", EventKind::Bbq, "BBQ", 7).await;
    app.owner_of(event, "org@example.org").await;
    let (_, session) = app.session_for("org@example.org", false).await;
    let organizer = app.actor_for("org@example.org").await;
    let port = free_port();
    let received = receiver(port).await;
    let url = format!("http://127.0.0.1:{port}/hook");
    service::subscribe(&app.state, &organizer, event, &url, &["rsvp.created".to_string()], "event").await.unwrap();
    app.rsvp(event, "ada@example.org", Answer::Yes, 1).await.unwrap();
    received_until(&app, &received, 1).await;

    journey(&app, "webhooks.mjs", &[session.as_ref(), "bbq".as_ref(), url.as_ref()]).await;

    let got = received_until(&app, &received, 2).await;
    assert_eq!(got.len(), 2, "the delivery was sent again");
    assert_eq!(got[0].0, got[1].0, "under its own id");
    let page = service::page(&app.state, &organizer, "bbq").await.unwrap();
    let added: Vec<_> = page.subscriptions.iter().map(|s| (s.url.as_str(), s.kinds.join(","))).collect();
    assert_eq!(added[1], (url.replace("/hook", "/second").as_str(), "event.changed,event.cancelled".to_string()));
}

#[tokio::test]
async fn series_and_instance_webhooks_hear_of_every_event_they_cover_and_the_new_kinds_go_out() {
    let app = TestApp::spawn_with(|c| c.allow_private_webhooks = true).await;
    let first = app.seed_event("meetup-1", EventKind::Meetup, "Meetup one", 7).await;
    let second = app.seed_event("meetup-2", EventKind::Meetup, "Meetup two", 37).await;
    let other = app.seed_event("bbq", EventKind::Bbq, "BBQ", 3).await;
    let mut tx = app.state.db.begin_write().await.unwrap();
    let series = app::db::series::find_or_create(&mut tx, "rust-meetup", "Rust meetup", app::db::now()).await.unwrap();
    for id in [first, second] {
        app::db::query("UPDATE events SET series_id = $1 WHERE id = $2").bind(series).bind(id).execute(&mut tx).await.unwrap();
    }
    tx.commit().await.unwrap();
    app.owner_of(first, "org@example.org").await;
    app.owner_of(other, "org@example.org").await;
    let organizer = app.actor_for("org@example.org").await;
    app.signed_in("admin@example.org", true).await;
    let admin = app.actor_for("admin@example.org").await;
    let port = free_port();
    let received = receiver(port).await;
    let url = format!("http://127.0.0.1:{port}/hook");
    let rsvps = ["rsvp.created".to_string()];
    service::subscribe(&app.state, &organizer, first, &url, &rsvps, "series").await.unwrap();
    let refused = service::subscribe(&app.state, &organizer, first, &url, &rsvps, "instance").await.unwrap_err();
    assert_eq!(refused.field(), Some("scope"), "only administrators listen to every event");
    let refused = service::subscribe(&app.state, &organizer, other, &url, &rsvps, "series").await.unwrap_err();
    assert_eq!(refused.field(), Some("scope"), "the BBQ is in no series");
    let kinds = ["packing.finished".to_string(), "open_space.schedule_changed".to_string()];
    service::subscribe(&app.state, &admin, other, &url, &kinds, "instance").await.unwrap();

    app.rsvp(second, "ada@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(other, "ada@example.org", Answer::Yes, 1).await.unwrap();
    let got = received_until(&app, &received, 1).await;
    let body: serde_json::Value = serde_json::from_str(&got[0].3).unwrap();
    assert_eq!(body["data"]["event"]["slug"], "meetup-2", "the series' other event is heard of");

    // A packing line of 3 bags: the batch that reaches the target tells, once.
    let (line, stations) = festplan_tests::packing::line(&app, "conf", 3, 1).await;
    let fold = *stations.last().unwrap();
    let key = app::packing::service::station_key(&app.state.settings, fold);
    for (n, bags) in [(1, 2), (2, 2), (3, 1)] {
        let batch = festplan_tests::packing::batch(fold, app::packing::model::TapKind::Bag, bags, &format!("fold-batch-{n}"));
        app::packing::service::record_taps(&app.state, batch, &key).await.unwrap();
    }
    let got = received_until(&app, &received, 2).await;
    let body: serde_json::Value = serde_json::from_str(&got[1].3).unwrap();
    assert_eq!((body["type"].as_str(), body["data"]["bags_done"].as_i64()), (Some("packing.finished"), Some(4)));

    // An open space placed: its schedule changed.
    let space = festplan_tests::openspace::open_space(&app, "unconf", "link", 3).await;
    let proposer = festplan_tests::openspace::account(&app, "proposer@example.org").await;
    festplan_tests::openspace::propose(&app, &proposer, space, "Code kata").await;
    let organizer = festplan_tests::openspace::organizer(&app).await;
    app::openspace::service::place(&app.state, &organizer, space, "1", true).await.unwrap();
    let got = received_until(&app, &received, 3).await;
    let body: serde_json::Value = serde_json::from_str(&got[2].3).unwrap();
    assert_eq!((body["type"].as_str(), body["data"]["why"].as_str()), (Some("open_space.schedule_changed"), Some("placed")));

    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.state.webhooks.deliver_now(&app.state.db, &app.state.settings).await.unwrap();
    assert_eq!(received.lock().unwrap().len(), 3, "the RSVP at the BBQ and later bags told nobody (line {line})");
}
