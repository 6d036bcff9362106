//! Code-of-conduct reports on a real SQLite file: an anonymous report leaves nothing that
//! points at its sender, no text is in the database file in the clear, follow-up codes open
//! only their own report and guessing them is cut short, the responders' workflow, the read
//! log that cannot be changed, and retention.

use std::io::Write;
use std::sync::{Arc, Mutex};

use app::conduct::model::{ContactWay, Status};
use app::conduct::{respond, service};
use app::error::AppError;
use festplan_tests::conduct::{RESPONDER, event_with_responder, input, report, reporter};
use festplan_tests::{TestApp, peek};

/// Every log line of this thread (the test's runtime and the server on it), at debug level;
/// the test's own HTTP client is left out.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn an_anonymous_report_from_a_signed_in_account_leaves_no_trace_of_who_sent_it() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("debug,hyper_util=off,reqwest=off")
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing_subscriber::util::SubscriberInitExt::set_default(subscriber);
    // Links in mail name the public address, not the loopback one the requests come from.
    let app = TestApp::spawn_with(|c| c.public_url = Some("https://fest.example.org/".parse().unwrap())).await;
    let (event, _) = event_with_responder(&app, "conf").await;
    let (user_id, session) = app.session_for("ada@example.org", false).await;
    let ada = reqwest::Client::builder()
        .default_headers(
            [(reqwest::header::COOKIE, format!("{}={session}", app::auth::session::COOKIE).parse().unwrap())].into_iter().collect(),
        )
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Signed in elsewhere on the site, the form itself does not know her.
    let account = ada.get(app.at("/account")).send().await.unwrap().text().await.unwrap();
    assert!(account.contains("ada@example.org"), "the session works on other pages");
    let long_ago = app::db::now() - 3600;
    peek::backdate_sessions(&app.state.db, user_id, long_ago).await;
    let logged_before = logs.text().len();
    let form = ada.get(app.at("/events/conf/conduct/report")).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("Report an incident") && !form.contains("ada@example.org"), "the form page knows nobody");
    let marker = "Marker-7f3c: he kept touching my shoulder";
    let event_id = event.to_string();
    let fields = [
        ("event_id", event_id.as_str()),
        ("slug", "conf"),
        ("input[what]", marker),
        ("input[involved]", "Marker-involved-91ab"),
        ("input[danger]", "no"),
        ("input[contact]", "none"),
    ];
    let sent =
        ada.post(app.at("/api/public/conduct/report")).header("origin", "https://fest.example.org").form(&fields).send().await.unwrap();
    assert!(sent.status().is_redirection() || sent.status().is_success(), "{}", sent.status());
    let reports = respond::reports(&app.state, &app.actor_for(RESPONDER).await, "conf").await.unwrap();
    assert_eq!(reports.reports.len(), 1, "the report is in");

    let last_seen: i64 = app::db::query_scalar("SELECT last_seen_at FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(last_seen, long_ago, "the report's requests did not even touch her session");
    let columns: Vec<String> = app::db::query_scalar(app::db::either(
        "SELECT name FROM pragma_table_info('conduct_reports')",
        "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'conduct_reports' ORDER BY ordinal_position",
    ))
    .fetch_all(app.state.db.pool())
    .await
    .unwrap();
    assert_eq!(
        columns,
        ["id", "event_id", "urgent", "status", "sealed", "code_hash", "created_at", "closed_at"],
        "no column for an account or an address"
    );
    let bytes = festplan_tests::peek::database_bytes(&app).await;
    assert!(holds(&bytes, "Conference conf"), "the database file is read whole");
    for secret in [marker, "Marker-involved-91ab", "127.0.0.1"] {
        assert!(!holds(&bytes, secret), "the database file holds {secret:?}");
    }
    let lines = logs.text()[logged_before..].to_string();
    assert!(lines.contains("/api/public/conduct/report"), "the request was logged, as every request is:\n{lines}");
    let hash = app::auth::session::hash_secret(&session);
    for secret in [marker, "ada@example.org", "127.0.0.1", session.as_str(), hash.as_str(), &format!("user_id={user_id}")] {
        assert!(!lines.contains(secret), "a log line holds {secret:?}:\n{lines}");
    }
}

#[tokio::test]
async fn replies_notes_and_the_mailed_code_are_not_kept_in_the_clear_and_mail_says_nothing_of_the_report() {
    let app = TestApp::spawn().await;
    let (event, _) = event_with_responder(&app, "conf").await;
    let mut reported = input("Marker-5d2e: unwanted photos of me");
    reported.contact = "email".into();
    reported.email = "reporter@example.org".into();
    let (id, code) = report(&app, event, &reported).await;
    let responder = app.actor_for(RESPONDER).await;
    respond::write(&app.state, &responder, id, "Marker-reply-1c9f: we are on it", false).await.unwrap();
    respond::write(&app.state, &responder, id, "Marker-note-8a0b: talked to the venue", true).await.unwrap();
    app.state.outbox.deliver_now(&app.state.db, &app.state.mailer).await.unwrap();

    let mails: Vec<String> = std::fs::read_dir(app.data_dir.join("mail"))
        .unwrap()
        .flatten()
        .map(|e| String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned())
        .collect();
    let to_responder = mails.iter().find(|m| m.contains(RESPONDER)).expect("the responder is told");
    assert!(to_responder.contains(&format!("/events/conf/conduct/reports/{id}")), "{to_responder}");
    assert!(!to_responder.contains("Marker"), "the responder's mail says nothing of the report");
    let to_reporter = mails.iter().find(|m| m.contains("reporter@example.org")).expect("the reporter gets the code");
    assert!(festplan_tests::mail_text(to_reporter).contains(&code), "the code is in the mail");

    let bytes = festplan_tests::peek::database_bytes(&app).await;
    for secret in ["Marker-5d2e", "Marker-reply-1c9f", "Marker-note-8a0b", "reporter@example.org", code.as_str(), &code.replace('-', "")] {
        assert!(!holds(&bytes, secret), "the database file holds {secret:?}");
    }
    let sent: i64 =
        app::db::query_scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL").fetch_one(app.state.db.pool()).await.unwrap();
    assert_eq!(sent, 2, "both mails went out, and the outbox still says so");
}

#[tokio::test]
async fn a_follow_up_code_opens_its_own_report_only_and_guessing_is_cut_short() {
    let app = TestApp::spawn().await;
    let (conf, _) = event_with_responder(&app, "conf").await;
    let (other, _) = event_with_responder(&app, "other").await;
    let (_, code_a) = report(&app, conf, &input("Report A text")).await;
    report(&app, conf, &input("Report B text")).await;
    let (_, code_c) = report(&app, other, &input("Report C text")).await;

    let a = reporter(&app, "conf", &code_a).await;
    let page = a.get(app.at("/events/conf/conduct/follow-up")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Report A text") && !page.contains("Report B text"), "the code opens its own report only");
    let elsewhere = a.get(app.at("/events/other/conduct/follow-up")).send().await.unwrap().text().await.unwrap();
    assert!(!elsewhere.contains("Report A text") && !elsewhere.contains("Report C text") && elsewhere.contains("Follow-up code"));
    let lowercase = service::open_follow_up(&app.state, "198.51.100.1", "conf", &code_a.to_lowercase().replace('-', " ")).await;
    assert!(lowercase.is_ok(), "case and spacing do not matter");
    let wrong = service::open_follow_up(&app.state, "198.51.100.1", "conf", &code_c).await.unwrap_err();
    assert_eq!(wrong.field(), Some("code"), "another event's code opens nothing here");
    let garbage = service::open_follow_up(&app.state, "198.51.100.1", "conf", "not a code").await.unwrap_err();
    assert_eq!(garbage, wrong, "a wrong code and another event's read the same");
    let forged = a
        .get(app.at("/events/conf/conduct/follow-up"))
        .header(reqwest::header::COOKIE, format!("{}=99999999999.1-00", service::FOLLOW_UP_COOKIE))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!forged.contains("Report A text"), "a made-up cookie opens nothing");

    // Over HTTP, from one address: wrong codes are refused, then every try is, the right one too.
    let guesser = app.client();
    let mut statuses = Vec::new();
    for n in 0..32 {
        let guess = format!("{:0>25}", n).replace('0', "A");
        statuses.push(app.post(&guesser, "/api/public/conduct/open", &[("slug", "conf"), ("code", &guess)]).await.status().as_u16());
    }
    assert_eq!(&statuses[..5], [422; 5], "wrong codes are refused as such");
    assert!(statuses.contains(&429), "guessing is cut short: {statuses:?}");
    let right = app.post(&guesser, "/api/public/conduct/open", &[("slug", "conf"), ("code", &code_a)]).await;
    assert_eq!(right.status(), 429, "once limited, the right code waits too");
}

#[tokio::test]
async fn responders_move_a_report_on_and_the_reporter_reads_replies_but_not_notes() {
    let app = TestApp::spawn().await;
    let (event, _) = event_with_responder(&app, "conf").await;
    let mut urgent = input("Someone collapsed after being pushed");
    urgent.danger = "yes".into();
    let (calm, _) = report(&app, event, &input("Rude remark")).await;
    let (id, code) = report(&app, event, &urgent).await;
    let responder = app.actor_for(RESPONDER).await;
    let list = respond::reports(&app.state, &responder, "conf").await.unwrap();
    assert_eq!(list.reports.iter().map(|r| (r.id, r.urgent)).collect::<Vec<_>>(), [(id, true), (calm, false)], "urgent first");

    let skip = respond::step(&app.state, &responder, id, "resolved").await.unwrap_err();
    assert_eq!(skip.field(), Some("status"), "a new report is acknowledged first");
    respond::step(&app.state, &responder, id, "acknowledged").await.unwrap();
    respond::write(&app.state, &responder, id, "Thank you, we are looking after it.", false).await.unwrap();
    respond::write(&app.state, &responder, id, "Venue security informed.", true).await.unwrap();
    let empty = respond::write(&app.state, &responder, id, "   ", false).await.unwrap_err();
    assert_eq!(empty.field(), Some("text"));

    let view = service::follow_up(&app.state, "conf", Some(&cookie(&app, &code).await)).await.unwrap();
    assert_eq!(view.status, Status::Acknowledged);
    assert_eq!(view.report.contact, ContactWay::None);
    let texts: Vec<_> = view.entries.iter().map(|e| (e.who.as_str(), e.text.as_str())).collect();
    assert_eq!(texts, [("The responders", "Thank you, we are looking after it.")], "the note stays with the responders");
    service::add_information(&app.state, "conf", Some(&cookie(&app, &code).await), "It was near the stage.").await.unwrap();

    let detail = respond::report(&app.state, &responder, "conf", id).await.unwrap();
    let kinds: Vec<_> = detail.entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["Marked acknowledged", "Reply to the reporter", "Internal note", "The reporter added"]);
    assert_eq!(detail.status.next(), [Status::Investigating, Status::Resolved, Status::Closed]);
    assert_eq!(detail.reads.len(), 1, "this read is in the log: {:?}", detail.reads);
    respond::export(&app.state, &responder, "conf", id).await.unwrap();
    let again = respond::report(&app.state, &responder, "conf", id).await.unwrap();
    assert_eq!(again.reads.iter().map(|r| r.what.as_str()).collect::<Vec<_>>(), ["report", "export", "report"]);

    let pool = app.state.db.pool();
    assert!(app::db::query("UPDATE conduct_reads SET user_id = 0").execute(pool).await.is_err(), "the read log cannot be changed");
    assert!(app::db::query("DELETE FROM conduct_reads").execute(pool).await.is_err(), "nor emptied while the report exists");
}

async fn cookie(app: &TestApp, code: &str) -> String {
    service::open_follow_up(&app.state, "203.0.113.7", "conf", code).await.unwrap()
}

#[tokio::test]
async fn a_recused_responder_is_told_only_that_and_a_removal_refuses_new_answers() {
    let app = TestApp::spawn().await;
    let (event, _) = event_with_responder(&app, "conf").await;
    let (other_id, _) = app.signed_in("second@example.org", false).await;
    app.grant_role(event, other_id, app::auth::model::EventRole::ConductResponder).await;
    let (id, _) = report(&app, event, &input("The second responder said it")).await;
    let responder = app.actor_for(RESPONDER).await;
    respond::recuse(&app.state, &responder, id, other_id).await.unwrap();
    let second = app.actor_for("second@example.org").await;
    assert_eq!(respond::report(&app.state, &second, "conf", id).await.unwrap_err(), respond::recused());
    assert_eq!(respond::write(&app.state, &second, id, "let me see", false).await.unwrap_err(), respond::recused());
    let list = respond::reports(&app.state, &second, "conf").await.unwrap();
    assert!(list.reports[0].recused, "the list says so, and only so");

    app.rsvp(event, "eve@example.org", app::rsvp::model::Answer::Yes, 1).await.unwrap();
    app.state.outbox.deliver_now(&app.state.db, &app.state.mailer).await.unwrap();
    let confirmation = std::fs::read_dir(app.data_dir.join("mail"))
        .unwrap()
        .flatten()
        .map(|e| festplan_tests::mail_text(&String::from_utf8_lossy(&std::fs::read(e.path()).unwrap())))
        .find(|m| m.contains("eve@example.org") || m.contains("You're going"))
        .expect("the RSVP is confirmed by mail");
    let report_link = format!("Report an incident (anonymously if you wish): {}/events/conf/conduct/report", app.url);
    assert!(confirmation.contains(&report_link), "every mail about an event links its report form:\n{confirmation}");
    respond::act(&app.state, &responder, id, "removal", "Eve@Example.org", "Harassed two attendees").await.unwrap();
    let rsvps = app.rsvps(event).await;
    assert_eq!(rsvps[0].1, "not_going", "the removal cancelled the RSVP: {rsvps:?}");
    let again = app::rsvp::service::respond(
        &app.state,
        &app::auth::service::Actor::anonymous("198.51.100.4"),
        festplan_tests::guest_answer(event, "eve@example.org", app::rsvp::model::Answer::Yes, 1),
    )
    .await;
    assert!(matches!(again, Err(AppError::Conflict(_))), "a new answer is refused: {again:?}");
}

#[tokio::test]
async fn closed_reports_are_deleted_after_retention_and_only_their_count_stays() {
    let app = TestApp::spawn().await;
    let (event, _) = event_with_responder(&app, "conf").await;
    let organizer = app.owner_of(event, "owner@example.org").await;
    let (old, _) = report(&app, event, &input("Long ago")).await;
    let (open, _) = report(&app, event, &input("Still open")).await;
    let responder = app.actor_for(RESPONDER).await;
    respond::step(&app.state, &responder, old, "acknowledged").await.unwrap();
    respond::step(&app.state, &responder, old, "closed").await.unwrap();
    respond::report(&app.state, &responder, "conf", old).await.unwrap();
    let year_ago = app::db::now() - 366 * 86_400;
    app::db::query("UPDATE conduct_reports SET closed_at = $1 WHERE id = $2")
        .bind(year_ago)
        .bind(old)
        .execute(app.state.db.pool())
        .await
        .unwrap();

    assert_eq!(service::purge_closed(&app.state, 365).await.unwrap(), 1);
    assert_eq!(service::purge_closed(&app.state, 365).await.unwrap(), 0, "nothing twice");
    let left: Vec<i64> = app::db::query_scalar("SELECT id FROM conduct_reports").fetch_all(app.state.db.pool()).await.unwrap();
    assert_eq!(left, [open]);
    for table in ["conduct_entries", "conduct_reads"] {
        let n: i64 = app::db::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table} WHERE report_id = {old}")))
            .fetch_one(app.state.db.pool())
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} keeps nothing of the deleted report");
    }
    let page = organizer.get(app.at("/events/conf/conduct")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("2 reports so far."), "the organizer still sees how many there were");
}
