//! An open space ready to test: an event with rooms and slots, an organizer, and callers.

use app::auth::service::Actor;
use app::openspace::model::{ProposalInput, SettingsInput};
use app::openspace::service::{self, Caller};

use crate::TestApp;

/// The organizer's address on every open space made here.
pub const ORGANIZER: &str = "organizer@example.org";

/// An open space on a published public event `slug`: `participation` as given, 5 dots (3 on one
/// session), rooms of 30, 20 and 10 seats, and `slots` one-hour slots on 4 July 2030 from 10:00
/// (Europe/Berlin). Returns the event's id.
pub async fn open_space(app: &TestApp, slug: &str, participation: &str, slots: usize) -> i64 {
    let event = organized_event(app, slug).await;
    let actor = app.actor_for(ORGANIZER).await;
    let settings = SettingsInput {
        participation: participation.into(),
        dots_per_voter: "5".into(),
        max_dots_per_session: "3".into(),
        ..Default::default()
    };
    service::save_settings(&app.state, &actor, event, &settings).await.expect("the open space is on");
    for (name, capacity) in [("Garden", "30"), ("Kitchen", "20"), ("Library", "10")] {
        service::add_room(&app.state, &actor, event, name, capacity, "").await.expect("room");
    }
    for hour in 0..slots {
        let (start, end) = (format!("2030-07-04T{:02}:00", 10 + hour), format!("2030-07-04T{:02}:50", 10 + hour));
        service::add_slot(&app.state, &actor, event, &start, &end).await.expect("slot");
    }
    event
}

/// A published public open-space event `slug` (Europe/Berlin) owned by [`ORGANIZER`], its
/// open space not on yet. Returns the event's id.
pub async fn organized_event(app: &TestApp, slug: &str) -> i64 {
    let event = app.seed_event(slug, app::events::model::EventKind::OpenSpace, &format!("Open space {slug}"), 7).await;
    let (organizer, _) = app.signed_in(ORGANIZER, false).await;
    app.grant_role(event, organizer, app::auth::model::EventRole::Owner).await;
    event
}

/// An API token of `email`'s account (made if missing).
pub async fn api_token(app: &TestApp, email: &str) -> String {
    app.signed_in(email, false).await;
    let actor = app.actor_for(email).await;
    app::auth::service::create_api_token(&app.state, &actor, "wall import").await.expect("a token")
}

/// The caller behind a signed-in account (made if missing).
pub async fn account(app: &TestApp, email: &str) -> Caller {
    app.signed_in(email, false).await;
    Caller { actor: app.actor_for(email).await, tokens: Vec::new() }
}

/// The organizer's service-level caller.
pub async fn organizer(app: &TestApp) -> Actor {
    app.actor_for(ORGANIZER).await
}

/// A one-slot discussion titled `title`.
pub fn proposal(title: &str) -> ProposalInput {
    ProposalInput {
        title: title.into(),
        description: String::new(),
        format: "discussion".into(),
        length: "1".into(),
        co_facilitators: String::new(),
    }
}

/// Proposes `title` as `caller`; returns its id.
pub async fn propose(app: &TestApp, caller: &Caller, event: i64, title: &str) -> i64 {
    service::propose(&app.state, caller, event, &proposal(title)).await.expect("proposed")
}

/// Puts `dots` dots of `caller`'s on `session`, one at a time as the page's button does.
pub async fn dots(app: &TestApp, caller: &Caller, session: i64, dots: u32) {
    for _ in 0..dots {
        service::vote(&app.state, caller, session, 1).await.expect("a dot");
    }
}

/// Places every session as the organizer does, with `seed`.
pub async fn place(app: &TestApp, event: i64, seed: &str) {
    service::place(&app.state, &organizer(app).await, event, seed, true).await.expect("placed");
}

/// A published event `slug` owned by [`ORGANIZER`], its open space not turned on yet.
pub async fn event_without_open_space(app: &TestApp, slug: &str) -> i64 {
    let event = app.seed_event(slug, app::events::model::EventKind::OpenSpace, &format!("Open space {slug}"), 7).await;
    let (organizer, _) = app.signed_in(ORGANIZER, false).await;
    app.grant_role(event, organizer, app::auth::model::EventRole::Owner).await;
    event
}
