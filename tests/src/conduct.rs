//! Code-of-conduct reports ready to test: an event with a responder, and reports sent through
//! the reporter's use case.

use app::auth::model::EventRole;
use app::conduct::model::ReportInput;
use app::conduct::service;

use crate::TestApp;

/// The responder's address on every event made here.
pub const RESPONDER: &str = "responder@example.org";

/// What a reporter typed: `what` happened, nobody in danger, no contact wished.
pub fn input(what: &str) -> ReportInput {
    ReportInput {
        what: what.into(),
        when_where: "Saturday evening, by the grill".into(),
        involved: "A man in a red jacket".into(),
        witnesses: "Grace saw it".into(),
        danger: "no".into(),
        contact: "none".into(),
        ..Default::default()
    }
}

/// A published event `slug` with `RESPONDER` as its conduct responder; returns its id and the
/// responder's signed-in client.
pub async fn event_with_responder(app: &TestApp, slug: &str) -> (i64, reqwest::Client) {
    let event = app.seed_event(slug, app::events::model::EventKind::Conference, &format!("Conference {slug}"), 7).await;
    let (id, client) = app.signed_in(RESPONDER, false).await;
    app.grant_role(event, id, EventRole::ConductResponder).await;
    (event, client)
}

/// Sends a report for `event` as an unknown client; returns the report's id and its follow-up code.
pub async fn report(app: &TestApp, event: i64, input: &ReportInput) -> (i64, String) {
    let code = service::submit(&app.state, "203.0.113.9", event, input).await.expect("report accepted");
    let id: i64 = app::db::query_scalar("SELECT MAX(id) FROM conduct_reports").fetch_one(app.state.db.pool()).await.unwrap();
    (id, code)
}

/// A client whose follow-up page opens report `code` of the event at `slug`.
pub async fn reporter(app: &TestApp, slug: &str, code: &str) -> reqwest::Client {
    let cookie = service::open_follow_up(&app.state, "203.0.113.9", slug, code).await.expect("the code opens the report");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, format!("{}={cookie}", service::FOLLOW_UP_COOKIE).parse().unwrap());
    reqwest::Client::builder().default_headers(headers).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}
