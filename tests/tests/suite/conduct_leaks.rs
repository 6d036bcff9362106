//! The leak matrix of code-of-conduct reports: every role × every page, server function, file
//! and mail that touches reports × a report of this event and one of another. Only the event's
//! responders read; a recused responder learns that and nothing else; every other refusal is
//! byte for byte what a missing report gets.

use app::auth::model::EventRole;
use festplan_tests::TestApp;
use festplan_tests::conduct::{RESPONDER, event_with_responder, input, report};

const TEXT_A: &str = "Leak-marker-A: remarks at the bar";
const TEXT_B: &str = "Leak-marker-B: pushed at the door";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Who {
    Visitor,
    Attendee,
    Organizer,
    CoOrganizer,
    CheckIn,
    PackingLead,
    Responder,
    Recused,
    Admin,
}

const EVERYONE: [Who; 9] = [
    Who::Visitor,
    Who::Attendee,
    Who::Organizer,
    Who::CoOrganizer,
    Who::CheckIn,
    Who::PackingLead,
    Who::Responder,
    Who::Recused,
    Who::Admin,
];

/// Endpoints about one report, and about an event's reports.
const REPORT_ENDPOINTS: [&str; 7] = ["page", "data", "export", "reply", "step", "act", "recuse"];
const EVENT_ENDPOINTS: [&str; 4] = ["list page", "list data", "follow-up page", "follow-up data"];

/// (status, body) with the report's id replaced, so a refusal and a missing report compare whole.
async fn call(app: &TestApp, client: &reqwest::Client, endpoint: &str, slug: &str, id: i64, recused_id: i64) -> (u16, String) {
    let rid = id.to_string();
    let response = match endpoint {
        "page" => client.get(app.at(&format!("/events/{slug}/conduct/reports/{id}"))).send().await.unwrap(),
        "data" => client.get(app.at(&format!("/api/conduct/report?slug={slug}&id={id}"))).send().await.unwrap(),
        "export" => client.get(app.at(&format!("/events/{slug}/conduct/reports/{id}/export.txt"))).send().await.unwrap(),
        "reply" => app.post(client, "/api/conduct/write", &[("report_id", &rid), ("text", "A reply")]).await,
        "step" => app.post(client, "/api/conduct/step", &[("report_id", &rid), ("status", "acknowledged")]).await,
        "act" => app.post(client, "/api/conduct/act", &[("report_id", &rid), ("kind", "warning"), ("reason", "Told to stop")]).await,
        "recuse" => app.post(client, "/api/conduct/recuse", &[("report_id", &rid), ("user_id", &recused_id.to_string())]).await,
        "list page" => client.get(app.at(&format!("/events/{slug}/conduct/reports"))).send().await.unwrap(),
        "list data" => client.get(app.at(&format!("/api/conduct/reports?slug={slug}"))).send().await.unwrap(),
        "follow-up page" => client.get(app.at(&format!("/events/{slug}/conduct/follow-up"))).send().await.unwrap(),
        "follow-up data" => client.get(app.at(&format!("/api/public/conduct/follow-up?slug={slug}"))).send().await.unwrap(),
        _ => unreachable!(),
    };
    let status = response.status().as_u16();
    let body = response.text().await.unwrap().replace(&format!("reports/{id}"), "reports/ID").replace(&format!("&id={id}"), "&id=ID");
    (status, without_nonces(&body))
}

/// `body` with each script nonce (fresh on every page) blanked.
fn without_nonces(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find("nonce=\"") {
        let (head, tail) = rest.split_at(at + 7);
        out.push_str(head);
        rest = &tail[tail.find('"').unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn only_the_events_responders_read_its_reports_and_every_refusal_looks_like_a_missing_report() {
    let app = TestApp::spawn().await;
    let (conf, responder) = event_with_responder(&app, "conf").await;
    let other = app.seed_event("other", app::events::model::EventKind::Meetup, "Meetup other", 9).await;
    let (other_responder, _) = app.signed_in("responder-other@example.org", false).await;
    app.grant_role(other, other_responder, EventRole::ConductResponder).await;
    let (recused_id, recused) = app.signed_in("recused@example.org", false).await;
    app.grant_role(conf, recused_id, EventRole::ConductResponder).await;
    let (report_a, _) = report(&app, conf, &input(TEXT_A)).await;
    let (report_b, _) = report(&app, other, &input(TEXT_B)).await;
    app::conduct::respond::recuse(&app.state, &app.actor_for(RESPONDER).await, report_a, recused_id).await.unwrap();

    let mut callers = Vec::new();
    for who in EVERYONE {
        let client = match who {
            Who::Visitor => app.client(),
            Who::Responder => responder.clone(),
            Who::Recused => recused.clone(),
            Who::Admin => app.signed_in("admin@example.org", true).await.1,
            Who::Attendee => {
                app.rsvp(conf, "attendee@example.org", app::rsvp::model::Answer::Yes, 1).await.unwrap();
                app.signed_in("attendee@example.org", false).await.1
            }
            role => {
                let role = match role {
                    Who::Organizer => EventRole::Owner,
                    Who::CoOrganizer => EventRole::CoOrganizer,
                    Who::CheckIn => EventRole::CheckIn,
                    _ => EventRole::Packing,
                };
                let (id, client) = app.signed_in(&format!("{}@example.org", role.as_str()), false).await;
                app.grant_role(conf, id, role).await;
                client
            }
        };
        callers.push((who, client));
    }

    let mut cells = 0;
    let mut allowed_cells = 0;
    let targets = [("conf", report_a, TEXT_A, true), ("other", report_b, TEXT_B, false)];
    for (who, client) in &callers {
        for &(slug, id, text, this_event) in &targets {
            for endpoint in REPORT_ENDPOINTS.iter().chain(&EVENT_ENDPOINTS) {
                cells += 1;
                let per_event = EVENT_ENDPOINTS.contains(endpoint);
                let (status, body) = call(&app, client, endpoint, slug, id, recused_id).await;
                let reader = this_event && *who == Who::Responder && !endpoint.starts_with("follow-up");
                let lists = this_event && *who == Who::Recused && endpoint.starts_with("list");
                if reader || lists {
                    allowed_cells += 1;
                    assert_eq!(status, 200, "{who:?} {endpoint} {slug}: {body}");
                    let reads_text = reader && ["page", "data", "export"].contains(endpoint);
                    assert_eq!(body.contains(text), reads_text, "{who:?} {endpoint} {slug} shows the report's text: {reads_text}");
                    if lists {
                        assert!(body.contains("recused"), "the recused responder's list says so: {body}");
                    }
                    continue;
                }
                assert!(!body.contains(TEXT_A) && !body.contains(TEXT_B), "{who:?} {endpoint} {slug} leaks a report");
                if this_event && *who == Who::Recused && !per_event {
                    assert!(body.contains("You are recused from this report."), "{who:?} {endpoint}: {status} {body}");
                    continue;
                }
                // The same caller asking for a report (or an event) that does not exist.
                let missing = if per_event {
                    call(&app, client, endpoint, "no-such-event", id, recused_id).await
                } else {
                    call(&app, client, endpoint, slug, 999_999, recused_id).await
                };
                let missing = (missing.0, missing.1.replace("no-such-event", slug));
                assert_eq!(
                    (status, &body),
                    (missing.0, &missing.1),
                    "{who:?} {endpoint} {slug}: a refusal must look like a missing report"
                );
                assert!(status >= 400 || endpoint.starts_with("follow-up page"), "{who:?} {endpoint} {slug} is refused: {status}");
            }
        }
    }

    // Mail: only the responders of a report's event heard of it, and none was told what it says.
    let mut recipients: Vec<(String, String)> =
        app::db::query_as("SELECT envelope_to, subject FROM outbox WHERE subject LIKE '%code-of-conduct report%'")
            .fetch_all(app.state.db.pool())
            .await
            .unwrap();
    recipients.sort();
    cells += EVERYONE.len() * targets.len();
    assert_eq!(
        recipients,
        [
            ("recused@example.org".to_string(), "New code-of-conduct report: Conference conf".to_string()),
            ("responder-other@example.org".to_string(), "New code-of-conduct report: Meetup other".to_string()),
            (RESPONDER.to_string(), "New code-of-conduct report: Conference conf".to_string()),
        ]
    );
    println!(
        "leak matrix: {cells} cells ({} roles × {} endpoints and mail × 2 events), {allowed_cells} allowed, all as expected",
        EVERYONE.len(),
        REPORT_ENDPOINTS.len() + EVENT_ENDPOINTS.len()
    );
}
