//! Events whose organizers approve each RSVP: a yes waits and holds no place until an
//! organizer approves it (then it goes or waits in line) or declines it; everyone hears by
//! mail, through a real SMTP server; decisions are kept in the audit trail.

use app::rsvp::model::{Answer, Status};
use festplan_tests::{SmtpSink, TestApp, mail_text};

/// Turns approval on through the editor's own path, as an organizer saving the form.
async fn require_approval(app: &TestApp, event_id: i64, organizer: &str) {
    let actor = app.actor_for(organizer).await;
    let mut conn = app.state.db.read().await.unwrap();
    let slug = app::db::events::by_id(&mut conn, event_id).await.unwrap().unwrap().slug;
    drop(conn);
    let mut input = app::events::service::details(&app.state, &actor, &slug).await.unwrap().input.unwrap();
    input.requires_approval = "on".into();
    app::events::service::update(&app.state, &actor, event_id, &input).await.unwrap();
}

fn status_of(rows: &[(String, String, i64, Option<i64>)], who: &str) -> String {
    rows.iter().find(|r| r.0 == who).map(|r| r.1.clone()).unwrap_or_default()
}

#[tokio::test]
async fn a_yes_waits_for_approval_then_takes_a_place_or_the_waitlist_and_a_declined_guest_hears_why() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let event = app.seed_event_with_capacity("retreat", Some(3)).await;
    let organizer = app.owner_of(event, "org@example.org").await;
    require_approval(&app, event, "org@example.org").await;
    let id = event.to_string();

    let ada = app.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();
    assert_eq!(ada.status, Some(Status::Pending));
    assert!(ada.message().contains("approve each RSVP"), "{}", ada.message());
    app.rsvp(event, "bob@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(event, "carl@example.org", Answer::Yes, 1).await.unwrap();
    assert_eq!(app::db::rsvps::places_going(&app.state.db, event).await.unwrap(), 0, "asking holds no place");
    app.new_mail(&smtp, &[], "ada@example.org", "approve each RSVP").await;

    // Only organizers decide: a signed-in guest is told the event does not exist.
    let (_, stranger) = app.signed_in("stranger@example.org", false).await;
    let refused = app.post(&stranger, "/api/rsvp/approve", &[("event_id", &id), ("email", "ada@example.org")]).await;
    assert_eq!(refused.status(), 404);
    assert_eq!(status_of(&app.rsvps(event).await, "ada@example.org"), "pending");

    let before = smtp.messages();
    let r = app.post(&organizer, "/api/rsvp/approve", &[("event_id", &id), ("email", "ada@example.org")]).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let approved = app.new_mail(&smtp, &before, "ada@example.org", "approved your RSVP").await;
    assert!(mail_text(&approved).contains("You're going (party of 2)"), "{}", mail_text(&approved));
    assert!(approved.contains("text/calendar"), "the approval confirms with the calendar entry");

    // One place is left; Bob's party of 2 joins the line.
    let r = app.post(&organizer, "/api/rsvp/approve", &[("event_id", &id), ("email", "bob@example.org")]).await;
    assert_eq!(r.text().await.unwrap(), "\"waitlisted\"");
    let rows = app.rsvps(event).await;
    assert_eq!((status_of(&rows, "ada@example.org"), status_of(&rows, "bob@example.org")), ("going".into(), "waitlisted".into()));

    // Ada was let in once: she changes her party without asking again, and the place she frees lets Bob in.
    let smaller = app.change_rsvp(event, "ada@example.org", Answer::Yes, 1).await.unwrap();
    assert_eq!(smaller.status, Some(Status::Going));
    assert_eq!(status_of(&app.rsvps(event).await, "bob@example.org"), "going");

    let before = smtp.messages();
    let r = app
        .post(
            &organizer,
            "/api/rsvp/decline",
            &[("event_id", &id), ("email", "carl@example.org"), ("note", "Staff only this year, sorry.")],
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let declined = app.new_mail(&smtp, &before, "carl@example.org", "cannot offer your party a place").await;
    assert!(mail_text(&declined).contains("Staff only this year, sorry."));
    assert!(!declined.contains("text/calendar"));
    let again = app.change_rsvp(event, "carl@example.org", Answer::Yes, 2).await.unwrap_err();
    assert!(again.to_string().contains("declined"), "{again}");
    assert_eq!(status_of(&app.rsvps(event).await, "carl@example.org"), "declined");

    // Deciding twice finds nothing to decide.
    let twice = app.post(&organizer, "/api/rsvp/approve", &[("event_id", &id), ("email", "carl@example.org")]).await;
    assert_eq!(twice.status(), 404);

    let actor = app.actor_for("org@example.org").await;
    let list = app::rsvp::attendees::attendees(&app.state, &actor, event).await.unwrap();
    let changes: Vec<_> = list.audit.iter().map(|a| (a.attendee.as_str(), a.change.as_str(), a.reason.as_str())).collect();
    assert_eq!(changes, vec![("carl", "declined", "Staff only this year, sorry."), ("bob", "approved", ""), ("ada", "approved", "")]);
    assert_eq!((list.counts.going_people, list.counts.declined, list.counts.pending_parties), (3, 1, 0));
}

#[tokio::test]
async fn turning_approval_on_keeps_those_already_going_and_a_waiting_guest_can_withdraw() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    app.owner_of(event, "org@example.org").await;
    app.rsvp(event, "early@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(event, "unsure@example.org", Answer::Maybe, 1).await.unwrap();
    require_approval(&app, event, "org@example.org").await;

    let bigger = app.change_rsvp(event, "early@example.org", Answer::Yes, 4).await.unwrap();
    assert_eq!(bigger.status, Some(Status::Going), "a party already going keeps its place and grows freely");
    let unsure = app.change_rsvp(event, "unsure@example.org", Answer::Yes, 1).await.unwrap();
    assert_eq!(unsure.status, Some(Status::Pending), "a maybe turning into a yes now asks");
    let withdrawn = app.change_rsvp(event, "unsure@example.org", Answer::No, 1).await.unwrap();
    assert_eq!(withdrawn.status, Some(Status::NotGoing));
    assert_eq!(app::db::rsvps::places_going(&app.state.db, event).await.unwrap(), 4);
}

#[tokio::test]
async fn switching_approval_off_lets_in_everyone_still_asking_in_the_order_they_asked() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(5)).await;
    app.owner_of(event, "org@example.org").await;
    require_approval(&app, event, "org@example.org").await;
    for (who, party) in [("first", 3), ("second", 3), ("third", 2)] {
        app.rsvp(event, &format!("{who}@example.org"), Answer::Yes, party).await.unwrap();
    }
    let actor = app.actor_for("org@example.org").await;
    let mut input = app::events::service::details(&app.state, &actor, "bbq").await.unwrap().input.unwrap();
    input.requires_approval = String::new();
    app::events::service::update(&app.state, &actor, event, &input).await.unwrap();

    let rows = app.rsvps(event).await;
    let statuses: Vec<_> = rows.iter().map(|r| (r.0.as_str(), r.1.as_str())).collect();
    assert_eq!(
        statuses,
        vec![("first@example.org", "going"), ("second@example.org", "waitlisted"), ("third@example.org", "going")],
        "the first takes 3 places, the second (3) no longer fits, the third (2) does"
    );
    let list = app::rsvp::attendees::attendees(&app.state, &actor, event).await.unwrap();
    assert!(list.audit.iter().all(|a| a.change == "approved" && a.reason == "approval switched off"), "{:?}", list.audit);
    assert_eq!(list.audit.len(), 3);
}

/// Upgrading a database from before approvals rebuilds the RSVP table: every RSVP, its
/// answers and its audit trail survive, the running totals still follow changes, and
/// deleting an RSVP still removes its answers.
#[tokio::test]
async fn upgrading_an_existing_database_keeps_rsvps_answers_and_audit_trail() {
    use sqlx::Executor;
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("migrations");
    std::fs::create_dir(&old).unwrap();
    for entry in std::fs::read_dir(festplan_tests::workspace_root().join("migrations/sqlite")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.as_str() < "0011" {
            std::fs::copy(&path, old.join(&name)).unwrap();
        }
    }
    let url = format!("sqlite://{}", dir.path().join("festplan.db").display());
    let options: sqlx::sqlite::SqliteConnectOptions = url.parse::<sqlx::sqlite::SqliteConnectOptions>().unwrap().create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::migrate::Migrator::new(old.as_path()).await.unwrap().run(&pool).await.unwrap();
    pool.execute(
        "INSERT INTO users (id, email, display_name, created_at) VALUES (1, 'org@example.org', 'Org', 0);
         INSERT INTO events (id, slug, kind, title, starts_at, ends_at, time_zone, status, created_at, updated_at)
             VALUES (1, 'bbq', 'bbq', 'BBQ', 4000000000, 4000003600, 'Europe/Berlin', 'published', 0, 0);
         INSERT INTO event_questions (id, event_id, position, kind, label) VALUES (1, 1, 1, 'text', 'Bringing?');
         INSERT INTO rsvps (id, event_id, email, name, answer, party_size, status, waitlist_seq, created_at, updated_at)
             VALUES (1, 1, 'a@example.org', 'A', 'yes', 3, 'going', NULL, 5, 5),
                    (2, 1, 'b@example.org', 'B', 'yes', 2, 'waitlisted', 1, 6, 6),
                    (3, 1, 'c@example.org', 'C', 'maybe', 1, 'maybe', NULL, 7, 7);
         INSERT INTO rsvp_answers (rsvp_id, question_id, value) VALUES (1, 1, 'salad'), (2, 1, 'bread');
         INSERT INTO rsvp_audit (rsvp_id, at, actor_user_id, change, reason) VALUES (2, 9, 1, 'waitlist place 2 → 1', 'helper');",
    )
    .await
    .unwrap();
    pool.close().await;

    let db = app::db::Db::connect(&url).await.expect("the upgrade applies");
    let rows = app::db::rsvps::for_event(&db, 1).await.unwrap();
    let kept: Vec<_> = rows.iter().map(|r| (r.email.as_str(), r.status.as_str(), r.approved_at.is_some())).collect();
    assert_eq!(kept, vec![("a@example.org", "going", true), ("b@example.org", "waitlisted", true), ("c@example.org", "maybe", false)]);
    assert_eq!(app::db::questions::answers_for_event(&db, 1).await.unwrap().len(), 2);
    assert_eq!(app::db::rsvps::audit_for_event(&db, 1).await.unwrap().len(), 1);

    let mut tx = db.begin_write().await.unwrap();
    app::db::rsvps::set_status(&mut tx, 2, app::rsvp::model::Status::Going, None, 10).await.unwrap();
    app::db::query("DELETE FROM rsvps WHERE id = 1").execute(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(app::db::rsvps::places_going(&db, 1).await.unwrap(), 2, "the totals' triggers are back");
    assert_eq!(app::db::questions::answers_for_event(&db, 1).await.unwrap().len(), 1, "foreign keys are back on");
}
