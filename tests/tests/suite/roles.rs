//! Who may manage an event's roles: every role against every role-protected server
//! function (owners and administrators only, as in the Team section), and refusals that
//! look exactly like a missing event.

use app::auth::model::EventRole;
use app::events::model::EventKind;
use festplan_tests::{SmtpSink, TestApp};

/// (status, body) of a call; bodies are compared to show refusals and "not found" are alike.
async fn call(app: &TestApp, client: &reqwest::Client, function: &str, event_id: i64, target: &str) -> (u16, String) {
    let id = event_id.to_string();
    let response = match function {
        "list" => client.get(app.at(&format!("/api/roles/list?event_id={id}"))).send().await.unwrap(),
        "grant" => app.post(client, "/api/roles/grant", &[("event_id", &id), ("email", target), ("role", "check_in")]).await,
        "revoke" => app.post(client, "/api/roles/revoke", &[("event_id", &id), ("email", target), ("role", "packing")]).await,
        _ => unreachable!(),
    };
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn role_matrix_only_owners_and_admins_manage_roles_co_organizers_and_others_see_not_found() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("bbq", EventKind::Bbq, "BBQ", 3).await;
    let (packer_id, _) = app.signed_in("packer@example.org", false).await;
    app.grant_role(event, packer_id, EventRole::Packing).await;

    let mut callers = Vec::new();
    for role in EventRole::ALL {
        let (id, client) = app.signed_in(&format!("{}@example.org", role.as_str()), false).await;
        app.grant_role(event, id, role).await;
        // Co-organizers run the event but do not widen its team: the same rule as the Team section.
        let allowed = role == EventRole::Owner;
        callers.push((role.as_str().to_string(), client, allowed));
    }
    let (_, admin) = app.signed_in("admin@example.org", true).await;
    callers.push(("instance admin".into(), admin, true));
    let (_, stranger) = app.signed_in("stranger@example.org", false).await;
    callers.push(("no role".into(), stranger, false));

    for function in ["list", "grant", "revoke"] {
        for (who, client, allowed) in &callers {
            // Revoking succeeds once; give it something to revoke each time.
            app.grant_role(event, packer_id, EventRole::Packing).await;
            let (status, body) = call(&app, client, function, event, "packer@example.org").await;
            if *allowed {
                assert_eq!(status, 200, "{who} may {function}: {body}");
            } else {
                let missing = call(&app, client, function, 999_999, "packer@example.org").await;
                assert_eq!((status, &body), (missing.0, &missing.1), "{who}: refusing {function} must look like a missing event");
                assert_eq!(status, 404, "{who} may not {function}");
            }
        }
    }
}

#[tokio::test]
async fn anonymous_callers_must_sign_in_for_role_functions() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("bbq", EventKind::Bbq, "BBQ", 3).await;
    for function in ["grant", "revoke"] {
        let (status, _) = call(&app, &app.client(), function, event, "a@example.org").await;
        assert_eq!(status, 401, "{function}");
    }
    // Reading without an account: the event's roles do not exist.
    let (status, _) = call(&app, &app.client(), "list", event, "a@example.org").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn granting_a_role_to_a_new_address_invites_by_mail_and_applies_at_first_sign_in() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let event = app.seed_event("party", EventKind::Party, "Summer party", 9).await;
    let (owner_id, owner) = app.signed_in("owner@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;

    let r = app
        .post(
            &owner,
            "/api/roles/grant",
            &[("event_id", &event.to_string()), ("email", "Newcomer@Example.org"), ("role", "conduct_responder")],
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let mail = app.mail(&smtp).await.remove(0);
    assert!(mail.contains("newcomer@example.org"), "{mail}");
    assert!(festplan_tests::mail_text(&mail).contains("Code-of-conduct responder for Summer party"), "{mail}");

    let holders: serde_json::Value =
        owner.get(app.at(&format!("/api/roles/list?event_id={event}"))).send().await.unwrap().json().await.unwrap();
    let invited = holders.as_array().unwrap().iter().find(|h| h["email"] == "newcomer@example.org").expect("listed");
    assert_eq!(invited["has_account"], false);

    // Signing in for the first time turns the invitation into the role.
    let token = app::auth::session::new_secret();
    {
        let mut tx = app.state.db.begin_write().await.unwrap();
        let now = app::db::now();
        app::db::email_tokens::insert(
            &mut tx,
            &app::auth::session::hash_secret(&token),
            "sign_in",
            "newcomer@example.org",
            None,
            now,
            now + 60,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let r = app.post(&app.client(), "/api/public/auth/sign-in-link", &[("token", &token)]).await;
    assert!(r.status().is_success(), "{}", r.status());
    let user = app::db::users::by_email(&app.state.db, "newcomer@example.org").await.unwrap().unwrap();
    let roles = app::db::roles::of_user(&app.state.db, event, user.id).await.unwrap();
    assert_eq!(roles, vec![EventRole::ConductResponder]);
}

#[tokio::test]
async fn an_event_keeps_its_last_owner_and_only_owners_appoint_owners() {
    let app = TestApp::spawn().await;
    let event = app.seed_event("meetup", EventKind::Meetup, "Meetup", 2).await;
    let (owner_id, owner) = app.signed_in("owner@example.org", false).await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    let (co_id, co) = app.signed_in("co@example.org", false).await;
    app.grant_role(event, co_id, EventRole::CoOrganizer).await;
    let id = event.to_string();

    let r = app.post(&owner, "/api/roles/revoke", &[("event_id", &id), ("email", "owner@example.org"), ("role", "owner")]).await;
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("at least one owner"));

    let r = app.post(&co, "/api/roles/grant", &[("event_id", &id), ("email", "co@example.org"), ("role", "owner")]).await;
    assert_eq!(r.status(), 404, "a co-organizer cannot make themselves owner; to them the roles are not there");
    assert_eq!(app::db::roles::of_user(&app.state.db, event, co_id).await.unwrap(), vec![EventRole::CoOrganizer]);

    let r = app.post(&owner, "/api/roles/grant", &[("event_id", &id), ("email", "x@example.org"), ("role", "emperor")]).await;
    assert_eq!(r.status(), 422);
}
