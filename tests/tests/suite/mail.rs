//! Mail goes through the outbox and a real SMTP server (aiosmtpd) or the file transport.

use std::time::Duration;

use app::mail::OutgoingMail;
use festplan_tests::peek::OutboxCounts;
use festplan_tests::{SmtpSink, TestApp, free_port, wait_until};

fn invitation(to: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.into(),
        to_name: Some("Grace Hopper".into()),
        subject: "Grillfest: you're invited".into(),
        text: "Join us on Saturday from 4 pm.".into(),
        html: None,
        attachments: vec![],
        reply_to: None,
    }
}

/// Enqueues `mail` the way every service does: in a write transaction, then wakes the worker.
async fn send(app: &TestApp, mail: &OutgoingMail) {
    let mut tx = app.state.db.begin_write().await.unwrap();
    app.state.outbox.enqueue(&mut tx, mail).await.unwrap();
    tx.commit().await.unwrap();
    app.state.outbox.wake();
}

async fn counts(app: &TestApp) -> OutboxCounts {
    festplan_tests::peek::outbox_counts(&app.state.db).await
}

#[tokio::test]
async fn mail_is_delivered_through_a_real_smtp_server() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| {
        c.smtp_url = Some(smtp.url());
        c.mail_from = "Festplan <festplan@fest.example.org>".into();
    })
    .await;

    send(&app, &invitation("grace@example.org")).await;
    let received = smtp.wait_for(1, Duration::from_secs(15)).await;
    assert_eq!(received.len(), 1, "one mail arrives");
    let message = &received[0];
    assert!(
        message.contains("To: \"Grace Hopper\" <grace@example.org>") || message.contains("To: Grace Hopper <grace@example.org>"),
        "{message}"
    );
    assert!(message.contains("From: Festplan <festplan@fest.example.org>"), "{message}");
    assert!(message.contains("Join us on Saturday from 4 pm."), "{message}");
    assert!(wait_until(Duration::from_secs(5), || async { counts(&app).await.sent == 1 }).await);
}

#[tokio::test]
async fn mail_enqueued_while_smtp_is_down_arrives_exactly_once_after_it_comes_back() {
    let port = free_port();
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;

    send(&app, &invitation("ada@example.org")).await;
    send(&app, &invitation("linus@example.org")).await;
    // The first attempt fails and is recorded; nothing is lost.
    let failed_once = wait_until(Duration::from_secs(10), || async {
        outbox_attempts(&app).await.iter().any(|(attempts, error)| *attempts >= 1 && error.is_some())
    })
    .await;
    assert!(failed_once, "a delivery attempt was made and failed");
    assert_eq!(counts(&app).await, OutboxCounts { pending: 2, sent: 0, failed: 0 });

    let smtp = SmtpSink::start_on(port).await;
    let received = smtp.wait_for(2, Duration::from_secs(20)).await;
    assert!(wait_until(Duration::from_secs(5), || async { counts(&app).await.sent == 2 }).await);
    // Give a duplicate every chance to show up.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let received_later = smtp.messages();
    assert_eq!(received.len(), 2);
    assert_eq!(received_later.len(), 2, "each mail is delivered once");
    assert_eq!(received_later.iter().filter(|m| m.contains("<ada@example.org>")).count(), 1);
    assert_eq!(received_later.iter().filter(|m| m.contains("<linus@example.org>")).count(), 1);
}

#[tokio::test]
async fn without_smtp_mail_lands_as_eml_files_in_the_data_folder() {
    let app = TestApp::spawn().await;
    send(&app, &invitation("katherine@example.org")).await;
    let dir = app.data_dir.join("mail");
    let found = wait_until(Duration::from_secs(10), || async { std::fs::read_dir(&dir).map(|d| d.count() == 1).unwrap_or(false) }).await;
    assert!(found, "one .eml file in {}", dir.display());
    let file = std::fs::read_dir(&dir).unwrap().next().unwrap().unwrap().path();
    assert_eq!(file.extension().unwrap(), "eml");
    assert!(std::fs::read_to_string(file).unwrap().contains("katherine@example.org"));
}

#[tokio::test]
async fn a_mail_with_a_line_break_in_a_header_is_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let mut mail = invitation("grace@example.org");
    mail.subject = "Hello\r\nBcc: everyone@example.org".into();
    let mut tx = app.state.db.begin_write().await.unwrap();
    let err = app.state.outbox.enqueue(&mut tx, &mail).await.unwrap_err();
    assert_eq!(err.to_string(), "subject must not contain line breaks");
    tx.rollback().await.unwrap();
    assert_eq!(counts(&app).await, OutboxCounts::default());
}

#[tokio::test]
async fn a_rolled_back_change_sends_no_mail() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let mut tx = app.state.db.begin_write().await.unwrap();
    app.state.outbox.enqueue(&mut tx, &invitation("nobody@example.org")).await.unwrap();
    tx.rollback().await.unwrap();
    app.state.outbox.wake();
    send(&app, &invitation("somebody@example.org")).await;
    let received = smtp.wait_for(1, Duration::from_secs(15)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(smtp.messages().len(), 1);
    assert!(received[0].contains("somebody@example.org"));
}

/// (attempts, last_error) of every outbox row.
async fn outbox_attempts(app: &TestApp) -> Vec<(i64, Option<String>)> {
    festplan_tests::peek::outbox_attempts(&app.state.db).await
}
