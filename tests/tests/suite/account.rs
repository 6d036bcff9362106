//! The account page's actions: profile, email change, sign out everywhere, delete.

use app::auth::model::EventRole;
use app::events::model::EventKind;
use festplan_tests::{SmtpSink, TestApp, link_in};

async fn me(app: &TestApp, client: &reqwest::Client) -> serde_json::Value {
    client.get(app.at("/api/auth/me")).send().await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn profile_changes_are_validated_and_saved() {
    let app = TestApp::spawn().await;
    let (_, client) = app.signed_in("grace@example.org", false).await;
    let r = app.post(&client, "/api/account/profile", &[("display_name", "  Grace Hopper "), ("language", "de")]).await;
    assert_eq!(r.status(), 200);
    let who = me(&app, &client).await;
    assert_eq!((who["display_name"].as_str(), who["language"].as_str()), (Some("Grace Hopper"), Some("de")));

    let blank = app.post(&client, "/api/account/profile", &[("display_name", "   "), ("language", "en")]).await;
    assert_eq!(blank.status(), 422);
    // The account speaks German now, and so do its messages.
    assert!(blank.text().await.unwrap().contains("Bitte geben Sie einen Namen ein."));
    let klingon = app.post(&client, "/api/account/profile", &[("display_name", "Grace"), ("language", "tlh")]).await;
    assert_eq!(klingon.status(), 422);
    assert_eq!(me(&app, &client).await["display_name"], "Grace Hopper", "nothing half-saved");
}

#[tokio::test]
async fn changing_email_needs_the_link_sent_to_the_new_address() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let (_, client) = app.signed_in("old@example.org", false).await;
    let r = app.post(&client, "/api/account/email", &[("email", "new@example.org")]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(me(&app, &client).await["email"], "old@example.org", "nothing changes before confirmation");

    let mail = app.mail(&smtp).await.remove(0);
    assert!(mail.contains("To: ") && mail.contains("new@example.org"));
    let link = link_in(&mail, &format!("{}/auth/confirm-email?token=", app.url)).expect("confirmation link");
    let token = link.split("token=").nth(1).unwrap();
    let r = app.post(&app.client(), "/api/public/auth/confirm-email", &[("token", token)]).await;
    assert_eq!(r.status(), 200);
    assert_eq!(me(&app, &client).await["email"], "new@example.org");
    let again = app.post(&app.client(), "/api/public/auth/confirm-email", &[("token", token)]).await;
    assert_eq!(again.status(), 422);
}

#[tokio::test]
async fn an_address_in_use_by_another_account_cannot_be_taken() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let (_, client) = app.signed_in("mine@example.org", false).await;
    app.post(&client, "/api/account/email", &[("email", "taken@example.org")]).await;
    app.signed_in("taken@example.org", false).await;
    let mail = app.mail(&smtp).await.remove(0);
    let link = link_in(&mail, &format!("{}/auth/confirm-email?token=", app.url)).unwrap();
    let r = app.post(&app.client(), "/api/public/auth/confirm-email", &[("token", link.split("token=").nth(1).unwrap())]).await;
    assert_eq!(r.status(), 409);
    assert_eq!(me(&app, &client).await["email"], "mine@example.org");
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_of_the_account() {
    let app = TestApp::spawn().await;
    let (_, laptop) = app.signed_in("ada@example.org", false).await;
    let (_, phone) = app.signed_in("ada@example.org", false).await;
    let (_, other) = app.signed_in("grace@example.org", false).await;
    let r = app.post(&laptop, "/api/auth/sign-out-everywhere", &[]).await;
    assert_eq!(r.status(), 200);
    assert!(me(&app, &laptop).await.is_null());
    assert!(me(&app, &phone).await.is_null());
    assert_eq!(me(&app, &other).await["email"], "grace@example.org", "other people stay signed in");
}

#[tokio::test]
async fn deleting_the_account_needs_its_address_and_removes_sessions_and_roles() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("bbq", EventKind::Bbq, "BBQ", 3).await;
    let (id, client) = app.signed_in("leaving@example.org", false).await;
    app.grant_role(event, id, EventRole::CheckIn).await;

    let wrong = app.post(&client, "/api/account/delete", &[("confirm_email", "someone@example.org")]).await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(me(&app, &client).await["email"], "leaving@example.org");

    let r = app.post(&client, "/api/account/delete", &[("confirm_email", "Leaving@Example.org")]).await;
    assert!(r.status().is_success() || r.status().is_redirection(), "{}", r.status());
    assert!(me(&app, &client).await.is_null());
    assert!(app::db::users::by_email(&app.state.db, "leaving@example.org").await.unwrap().is_none());
    assert!(app::db::roles::of_user(&app.state.db, event, id).await.unwrap().is_empty());
}

#[tokio::test]
async fn sessions_end_after_the_idle_timeout() {
    let app = TestApp::spawn().await;
    let (id, client) = app.signed_in("sleepy@example.org", false).await;
    assert!(!me(&app, &client).await.is_null());
    let long_ago = app::db::now() - app::auth::session::IDLE_SECS - 1;
    festplan_tests::peek::backdate_sessions(&app.state.db, id, long_ago).await;
    assert!(me(&app, &client).await.is_null(), "an idle session is over");

    // The hourly purge deletes it; a fresh session stays.
    let (_, awake) = app.signed_in("awake@example.org", false).await;
    let sessions = || async { app::db::query_scalar::<i64>("SELECT COUNT(*) FROM sessions").fetch_one(app.state.db.pool()).await.unwrap() };
    assert_eq!(sessions().await, 2);
    assert_eq!(app::auth::service::purge_expired_sessions(&app.state).await.unwrap(), 1);
    assert_eq!(sessions().await, 1);
    assert!(!me(&app, &awake).await.is_null());
}
