//! Several stateless instances on one PostgreSQL database behave as one: places, live pages,
//! mail, reminders, rate limits and the public page cache hold across them. Each test starts
//! two apps on one database, so these need PostgreSQL (`FESTPLAN_TEST_POSTGRES`); on SQLite
//! they say so and pass.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::live::wait_for;
use app::auth::model::EventRole;
use app::mail::OutgoingMail;
use app::rsvp::model::Answer;
use festplan_tests::{SmtpSink, TestApp, wait_until};

/// One secret for both, as a deployment configures it: links and limits are keyed by it.
const SECRET: &str = "5f1e0c9a7b3d2e4f5f1e0c9a7b3d2e4f5f1e0c9a7b3d2e4f5f1e0c9a7b3d2e4f";

/// Two instances on one fresh database, or `None` (with the reason printed) on SQLite.
async fn two_instances(smtp: Option<&SmtpSink>) -> Option<(TestApp, TestApp)> {
    if festplan_tests::postgres_server().is_none() {
        println!("skipped: several instances share one PostgreSQL database; set FESTPLAN_TEST_POSTGRES");
        return None;
    }
    let url = festplan_tests::postgres_database().await.expect("a test database");
    let smtp = smtp.map(SmtpSink::url);
    let spawn = || {
        TestApp::spawn_with(|c| {
            c.database_url = Some(url.clone());
            c.secret_key = Some(SECRET.into());
            c.smtp_url = smtp.clone();
        })
    };
    let a = spawn().await;
    let b = spawn().await;
    // Each instance starts listening to the others in the background as it starts.
    tokio::time::sleep(Duration::from_millis(300)).await;
    Some((a, b))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_rsvps_split_across_two_instances_fills_each_place_once_and_waitlists_the_rest_in_order() {
    let Some((a, b)) = two_instances(None).await else { return };
    let event = a.seed_event_with_capacity("rush", Some(20)).await;
    festplan_tests::answer_all_at_once(&[a.state.clone(), b.state.clone()], event, 60).await;
    let rows = b.rsvps(event).await;
    assert_eq!(rows.len(), 60, "one RSVP per person");
    assert_eq!(rows.iter().map(|r| &r.0).collect::<HashSet<_>>().len(), 60, "no duplicates");
    let going: Vec<_> = rows.iter().enumerate().filter(|(_, r)| r.1 == "going").map(|(i, _)| i).collect();
    assert_eq!(going, (0..20).collect::<Vec<_>>(), "exactly 20 going, the first 20 to arrive");
    let seqs: Vec<i64> = rows.iter().filter(|r| r.1 == "waitlisted").map(|r| r.3.unwrap()).collect();
    assert_eq!(seqs.len(), 40);
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "the waitlist follows arrival order: {seqs:?}");
}

#[tokio::test]
async fn an_rsvp_on_one_instance_reaches_a_live_page_open_on_the_other() {
    let Some((a, b)) = two_instances(None).await else { return };
    let event = a.seed_event_with_capacity("bbq", Some(10)).await;
    let (staff_id, staff) = b.signed_in("door@example.org", false).await;
    b.grant_role(event, staff_id, EventRole::CheckIn).await;
    let mut live = staff.get(b.at("/events/bbq/live")).send().await.unwrap();
    assert_eq!(live.status(), 200);
    a.rsvp(event, "ada@example.org", Answer::Yes, 2).await.unwrap();
    assert!(wait_for(&mut live, "event: changed").await, "B's page hears of the RSVP made on A");
}

fn note(to: &str) -> OutgoingMail {
    OutgoingMail::plain(to, None, "Grillfest: a note", "See you on Saturday.".into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_mail_is_delivered_once_while_both_instances_deliver() {
    let smtp = SmtpSink::start().await;
    let Some((a, b)) = two_instances(Some(&smtp)).await else { return };
    // Forty mails at once, without waking anyone, so both workers find all of them due.
    let mut tx = a.state.db.begin_write().await.unwrap();
    let addresses: Vec<String> = (0..40).map(|i| format!("guest{i}@example.org")).collect();
    for to in &addresses {
        a.state.outbox.enqueue(&mut tx, &note(to)).await.unwrap();
    }
    tx.commit().await.unwrap();
    a.state.outbox.wake();
    b.state.outbox.wake();
    let (sent_a, sent_b) =
        tokio::join!(a.state.outbox.deliver_now(&a.state.db, &a.state.mailer), b.state.outbox.deliver_now(&b.state.db, &b.state.mailer));
    sent_a.unwrap();
    sent_b.unwrap();
    smtp.wait_for(40, Duration::from_secs(20)).await;
    let sent = wait_until(Duration::from_secs(10), || async { festplan_tests::peek::outbox_counts(&b.state.db).await.sent == 40 }).await;
    assert!(sent, "every mail is marked sent");
    // Give a duplicate every chance to show up.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let received = smtp.messages();
    for to in &addresses {
        let copies = received.iter().filter(|m| m.contains(to.as_str())).count();
        assert_eq!(copies, 1, "{to} got {copies} copies");
    }
    assert_eq!(received.len(), 40);
}

#[tokio::test]
async fn a_reminder_goes_out_once_when_both_instances_run_the_pass_together() {
    let smtp = SmtpSink::start().await;
    let Some((a, b)) = two_instances(Some(&smtp)).await else { return };
    let tonight = a.seed_meetup_tonight().await;
    a.rsvp(tonight, "going@example.org", Answer::Yes, 2).await.unwrap();
    a.mail(&smtp).await;
    let before = smtp.messages();

    let (on_a, on_b) = tokio::join!(festplan_server::reminder_pass(&a.state), festplan_server::reminder_pass(&b.state));
    assert_eq!(on_a.unwrap_or(0) + on_b.unwrap_or(0), 1, "one reminder queued in all: {on_a:?} {on_b:?}");
    a.state.outbox.deliver_now(&a.state.db, &a.state.mailer).await.unwrap();
    b.state.outbox.deliver_now(&b.state.db, &b.state.mailer).await.unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let reminders: Vec<_> = smtp.messages().into_iter().filter(|m| !before.contains(m)).collect();
    assert_eq!(reminders.len(), 1, "{reminders:?}");
    assert!(festplan_tests::mail_text(&reminders[0]).contains("Reminder: Meetup tonight"));
}

#[tokio::test]
async fn a_locked_pass_is_skipped_by_the_other_instance() {
    let Some((a, b)) = two_instances(None).await else { return };
    // While A's pass runs (held open here), B's round is skipped instead of running alongside.
    let (entered_tx, entered_rx) = tokio::sync::oneshot::channel::<()>();
    let (leave_tx, leave_rx) = tokio::sync::oneshot::channel::<()>();
    let held = tokio::spawn({
        let db = a.state.db.clone();
        async move {
            app::db::instances::run_alone(&db, app::db::instances::Pass::Reminders, async move {
                let _ = entered_tx.send(());
                let _ = leave_rx.await;
            })
            .await
        }
    });
    entered_rx.await.unwrap();
    assert_eq!(festplan_server::reminder_pass(&b.state).await, None, "B skips while A runs the pass");
    leave_tx.send(()).unwrap();
    assert!(held.await.unwrap().unwrap().is_some());
    assert_eq!(festplan_server::reminder_pass(&b.state).await, Some(0), "and runs it once A is done");
}

/// A wrong password for Ada sent to `app`: the HTTP status.
async fn guess(app: &TestApp) -> u16 {
    let form = [("email", "ada@example.org"), ("password", "wrong password")];
    app.post(&app.client(), "/api/public/auth/sign-in-password", &form).await.status().as_u16()
}

#[tokio::test]
async fn a_rate_limit_used_up_on_one_instance_holds_on_the_other() {
    let Some((a, b)) = two_instances(None).await else { return };
    let (limit, _) = app::auth::rate_limit::Limit::PasswordPerAccount.allowance();
    a.signed_in("ada@example.org", false).await;
    for i in 0..limit {
        let status = guess(if i % 2 == 0 { &a } else { &b }).await;
        assert_ne!(status, 429, "guess {i} is within the allowance");
    }
    assert_eq!(guess(&b).await, 429, "the allowance used up across A and B is used up on B");
    assert_eq!(guess(&a).await, 429, "and on A");
}

#[tokio::test]
async fn a_public_page_cached_on_one_instance_shows_an_rsvp_made_on_the_other_at_once() {
    let Some((a, b)) = two_instances(None).await else { return };
    let event = a.seed_event_with_capacity("cached", Some(10)).await;
    let visitor = app::auth::service::Actor::anonymous("127.0.0.1");
    let page = || app::events::service::details_in(&b.state, &visitor, "cached", app::locale::Locale::en);
    let cached_at = Instant::now();
    assert_eq!(page().await.unwrap().places_left, Some(10));
    assert_eq!(page().await.unwrap().places_left, Some(10), "a second visit within the second, from B's cache");
    a.rsvp(event, "ada@example.org", Answer::Yes, 3).await.unwrap();
    // B keeps a page for a second; A's notice must make it stale well before that.
    let mut left = None;
    while cached_at.elapsed() < Duration::from_millis(900) {
        left = page().await.unwrap().places_left;
        if left == Some(7) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(left, Some(7), "B showed the old count for {:?}", cached_at.elapsed());
}
