//! RSVP mail through a real SMTP server: confirmation with a calendar entry and a personal
//! link that works, promotion from the waitlist, and cancellation of the event.

use std::time::Duration;

use app::auth::model::EventRole;
use app::rsvp::model::Answer;
use festplan_tests::{SmtpSink, TestApp, link_in, mail_text};

#[tokio::test]
async fn a_guest_gets_a_confirmation_with_calendar_entry_and_cancels_through_the_link_which_promotes_the_next() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let event = app.seed_event_with_capacity("bbq", Some(3)).await;

    app.rsvp(event, "grace@example.org", Answer::Yes, 3).await.unwrap();
    let confirmation = app.new_mail(&smtp, &[], "grace@example.org", "").await;
    assert!(confirmation.contains("Subject: You're going to Event bbq") || mail_text(&confirmation).contains("You're going to Event bbq"));
    assert!(confirmation.contains("text/calendar"), "the confirmation carries the event as .ics");
    assert!(mail_text(&confirmation).contains("BEGIN:VEVENT"));
    assert!(confirmation.contains("image/png") && confirmation.contains("check-in-code.png"), "the check-in QR code travels as a picture");
    let link = link_in(&confirmation, &format!("{}/rsvp/", app.url)).expect("a personal link");

    let before = smtp.messages();
    app.rsvp(event, "linus@example.org", Answer::Yes, 2).await.unwrap();
    let waitlisted = app.new_mail(&smtp, &before, "linus@example.org", "").await;
    assert!(mail_text(&waitlisted).contains("number 1 on the waitlist"), "{}", mail_text(&waitlisted));

    // The personal link's page shows the answer; changing it to "no" frees three places.
    let page = app.client().get(&link).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("You're going (party of 3)"), "{page}");
    let token = link.rsplit('/').next().unwrap();
    let before = smtp.messages();
    let r = app
        .post(
            &app.client(),
            "/api/public/rsvp/change",
            &[("token", token), ("name", "Grace"), ("answer", "no"), ("party_size", "3"), ("dietary", "")],
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let cancelled = app.new_mail(&smtp, &before, "grace@example.org", "Noted: not going").await;
    assert!(
        mail_text(&cancelled).contains("Subject: Not going to Event bbq"),
        "the guest's own change is confirmed: {}",
        mail_text(&cancelled)
    );
    let promoted = app.new_mail(&smtp, &before, "linus@example.org", "").await;
    assert!(mail_text(&promoted).contains("you have a place"), "{}", mail_text(&promoted));
    assert!(promoted.contains("text/calendar"));

    let forged = app.client().get(app.at("/rsvp/1-00000000000000000000000000000000")).send().await.unwrap();
    assert!(forged.text().await.unwrap().contains("RSVP not found"), "a made-up link shows nothing");
}

#[tokio::test]
async fn cancelling_an_event_mails_everyone_who_answered_yes_maybe_or_waits() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let event = app.seed_event_with_capacity("sprint", Some(1)).await;
    let (owner_id, owner) = app.signed_in("owner@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    app.rsvp(event, "going@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "waiting@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(event, "maybe@example.org", Answer::Maybe, 1).await.unwrap();
    app.rsvp(event, "no@example.org", Answer::No, 1).await.unwrap();
    let before = app.mail(&smtp).await;

    let r = app.post(&owner, "/api/events/cancel", &[("event_id", &event.to_string()), ("reason", "The venue flooded.")]).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(r.text().await.unwrap(), "3");
    for who in ["going@example.org", "waiting@example.org", "maybe@example.org"] {
        let mail = app.new_mail(&smtp, &before, who, "").await;
        assert!(mail_text(&mail).contains("The venue flooded."));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!smtp.messages().iter().any(|m| !before.contains(m) && m.contains("no@example.org")), "those who said no are left alone");
    let late = app.rsvp(event, "late@example.org", Answer::Yes, 1).await.unwrap_err();
    assert!(late.message().contains("cancelled"));
}

#[tokio::test]
async fn a_reminder_goes_to_each_party_going_once_when_the_event_comes_close() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let tonight = app.seed_meetup_tonight().await;
    let later = app.seed_event_with_capacity("next-week", None).await;
    app.rsvp(tonight, "going@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(tonight, "maybe@example.org", Answer::Maybe, 1).await.unwrap();
    app.rsvp(later, "later@example.org", Answer::Yes, 1).await.unwrap();
    let before = app.mail(&smtp).await;

    assert_eq!(app::rsvp::service::send_due_reminders(&app.state).await.unwrap(), 1, "only the party going tonight");
    assert_eq!(app::rsvp::service::send_due_reminders(&app.state).await.unwrap(), 0, "and only once");
    let reminder = app.new_mail(&smtp, &before, "going@example.org", "").await;
    assert!(mail_text(&reminder).contains("Reminder: Meetup tonight"), "{}", mail_text(&reminder));
    assert!(reminder.contains("text/calendar"));
}
