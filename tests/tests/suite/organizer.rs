//! Organizers' way through the app over HTTP: landing on My events after signing in, publishing
//! from the event's page with the link to share, the waitlist's count after more places, and
//! the event's Team section (owners only; a check-in helper gets the door and nothing more).

use app::auth::model::EventRole;
use app::events::model::EventKind;
use app::rsvp::model::Answer;
use festplan_tests::{SmtpSink, TestApp};

fn form(title: &str, capacity: &str) -> Vec<(&'static str, String)> {
    vec![
        ("input[title]", title.to_string()),
        ("input[kind]", "party".into()),
        ("input[description]", "Bring friends.".into()),
        ("input[starts_at]", "2099-08-17T16:00".into()),
        ("input[ends_at]", "2099-08-17T23:00".into()),
        ("input[time_zone]", "Europe/Berlin".into()),
        ("input[venue_name]", "Forsterstr. 29".into()),
        ("input[venue_address]", "".into()),
        ("input[capacity]", capacity.into()),
        ("input[visibility]", "public".into()),
        ("input[rsvp_deadline]", "".into()),
    ]
}

/// A plain form post, as a browser without the wasm sends it: answered with a redirect.
async fn submit(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, String)]) -> reqwest::Response {
    app.client()
        .post(app.at(path))
        .header("origin", &app.url)
        .header("accept", "text/html")
        .header("cookie", cookie)
        .form(fields)
        .send()
        .await
        .unwrap()
}

/// A call as an enhanced form (or an integration) sends it: answered with its status and JSON.
async fn call(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, String)]) -> reqwest::Response {
    app.client().post(app.at(path)).header("origin", &app.url).header("cookie", cookie).form(fields).send().await.unwrap()
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let r = app.client().get(app.at(path)).header("cookie", cookie).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The session cookie of a (new) account.
async fn session(app: &TestApp, email: &str) -> (i64, String) {
    let (id, secret) = app.session_for(email, false).await;
    (id, format!("{}={secret}", app::auth::session::COOKIE))
}

/// The one-view notice a response set, as the next request sends it back.
fn notice(r: &reqwest::Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("festplan_notice="))
        .and_then(|v| v.split(';').next())
        .expect("a notice for the next page")
        .to_string()
}

fn location(r: &reqwest::Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

async fn event_id(app: &TestApp, slug: &str) -> i64 {
    app::db::events::by_slug(&app.state.db, slug).await.unwrap().expect("the event").id
}

#[tokio::test]
async fn signing_in_lands_on_my_events_and_signed_out_it_asks_to_sign_in() {
    let app = TestApp::spawn().await;
    let r = app.client().get(app.at("/my-events")).header("accept", "text/html").send().await.unwrap();
    assert!(r.status().is_redirection(), "signed out: {}", r.status());
    assert_eq!(location(&r), "/sign-in");

    app.session_for("ada@example.org", false).await;
    let token = app::auth::session::new_secret();
    let mut tx = app.state.db.begin_write().await.unwrap();
    let now = app::db::now();
    let hash = app::auth::session::hash_secret(&token);
    app::db::email_tokens::insert(&mut tx, &hash, "sign_in", "ada@example.org", None, now, now + 60).await.unwrap();
    tx.commit().await.unwrap();
    let r = submit(&app, "", "/api/public/auth/sign-in-link", &[("token", token)]).await;
    assert!(r.status().is_redirection(), "{}", r.status());
    assert_eq!(location(&r), "/my-events");

    let (_, cookie) = session(&app, "ada@example.org").await;
    let (status, html) = page(&app, &cookie, "/my-events").await;
    assert_eq!(status, 200);
    assert!(html.contains("<h1>My events</h1>"), "{html}");
    assert!(html.contains(r#"href="/my-events""#), "the navigation links to My events");
    assert!(html.contains("You do not organize any events yet."), "{html}");

    // The account's language decides the page's.
    let (ada, _) = app.session_for("ada@example.org", false).await;
    app::db::users::update_profile(&app.state.db, ada, "Ada", "de").await.unwrap();
    let (_, html) = page(&app, &cookie, "/my-events").await;
    assert!(html.contains("<h1>Meine Veranstaltungen</h1>") && html.contains("Entwürfe (0)"), "in German too: {html}");
}

#[tokio::test]
async fn my_events_groups_drafts_published_and_past_with_their_counts() {
    let app = TestApp::spawn().await;
    let (owner_id, cookie) = session(&app, "owner@example.org").await;
    let upcoming = app.seed_event_with_capacity("bbq", Some(3)).await;
    let past = app.seed_event("last-year", EventKind::Party, "Party last year", -30).await;
    let others = app.seed_event("not-mine", EventKind::Meetup, "Someone else's meetup", 5).await;
    let door = app.seed_event("door-duty", EventKind::Meetup, "Meetup at the door", 6).await;
    for event in [upcoming, past] {
        app.grant_role(event, owner_id, EventRole::Owner).await;
    }
    app.grant_role(door, owner_id, EventRole::CheckIn).await;
    let (stranger_id, _) = app.session_for("stranger@example.org", false).await;
    app.grant_role(others, stranger_id, EventRole::Owner).await;
    let r = submit(&app, &cookie, "/api/events/create", &form("Winter draft", "")).await;
    assert!(r.status().is_redirection(), "{}", r.text().await.unwrap());

    app.rsvp(upcoming, "a@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(upcoming, "b@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(upcoming, "c@example.org", Answer::Yes, 1).await.unwrap();

    let (status, html) = page(&app, &cookie, "/my-events").await;
    assert_eq!(status, 200);
    for heading in ["Drafts (1)", "Published (1)", "Past (1)", "Helping at (1)"] {
        assert!(html.contains(heading), "{heading} in {html}");
    }
    let section =
        |id: &str| html.split(&format!(r#"<section id="{id}""#)).nth(1).unwrap_or_default().split("</section>").next().unwrap().to_string();
    assert!(section("drafts").contains("Winter draft"));
    let published = section("published");
    assert!(published.contains("Event bbq") && published.contains("3 going · 1 waitlisted"), "{published}");
    assert!(section("past").contains("Party last year"));
    let helping = section("helping");
    assert!(helping.contains("Meetup at the door") && helping.contains(r#"href="/events/door-duty/check-in""#), "{helping}");
    assert!(!helping.contains("going"), "helpers see no answer counts: {helping}");
    assert!(!html.contains("Someone else"), "only the caller's events");

    // Without an account the list does not exist for the caller.
    let r = app.client().get(app.at("/api/events/mine")).send().await.unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn a_new_draft_offers_publishing_on_its_page_and_publishing_shows_the_link_to_share() {
    let app = TestApp::spawn().await;
    let (_, cookie) = session(&app, "org@example.org").await;
    let r = submit(&app, &cookie, "/api/events/create", &form("Sommerfest", "50")).await;
    assert_eq!(location(&r), "/events/sommerfest", "creating opens the event's page");

    let (_, html) = page(&app, &cookie, "/events/sommerfest").await;
    assert!(html.contains("This event is a draft"), "{html}");
    assert!(html.contains("under “Questions with each RSVP”"), "the prompt names the editor's section");
    assert!(html.contains("Publish now"));
    assert!(html.contains(r#"href="/events/sommerfest/edit""#) && html.contains("Add questions"), "questions are one click away");
    assert!(!html.contains("share-link"), "no share link before publishing");

    let id = event_id(&app, "sommerfest").await;
    // Only organizers publish: to others the event does not exist.
    let (_, stranger) = session(&app, "stranger@example.org").await;
    let refused = call(&app, &stranger, "/api/events/publish-draft", &[("event_id", id.to_string())]).await;
    assert_eq!(refused.status(), 404);

    let r = submit(&app, &cookie, "/api/events/publish-draft", &[("event_id", id.to_string())]).await;
    assert_eq!(location(&r), "/events/sommerfest");
    let said = notice(&r);
    let (_, html) = page(&app, &format!("{cookie}; {said}"), "/events/sommerfest").await;
    let link = app.at("/events/sommerfest");
    let field = html.split(r#"<input id="share-link""#).nth(1).and_then(|rest| rest.split('>').next()).expect("the share field");
    assert!(field.contains("readonly") && field.contains(&format!(r#"value="{link}""#)), "{field}");
    assert!(html.contains(r#"<label for="share-link">Link to share</label>"#));
    assert!(html.contains("Copy link") && html.contains("navigator.clipboard"), "{html}");
    // The copy button's few lines run under the page's policy: they carry its nonce.
    let r = app.client().get(app.at("/events/sommerfest")).header("cookie", format!("{cookie}; {said}")).send().await.unwrap();
    let policy = r.headers()["content-security-policy"].to_str().unwrap().to_string();
    let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce").to_string();
    let html = r.text().await.unwrap();
    let copy = format!(r#"<script nonce="{nonce}">(()=>{{const b=document.getElementById('copy-share-link')"#);
    assert!(html.contains(&copy), "the copy script carries the nonce {nonce}");
    assert!(!html.contains("This event is a draft"));
    assert_eq!(app::db::events::by_slug(&app.state.db, "sommerfest").await.unwrap().unwrap().status.as_str(), "published");

    // The next view is the plain page again; guests never see the banner.
    let (_, again) = page(&app, &cookie, "/events/sommerfest").await;
    assert!(!again.contains("share-link"));
    let guest = app.client().get(app.at("/events/sommerfest")).send().await.unwrap().text().await.unwrap();
    assert!(!guest.contains("Publish now") && !guest.contains("share-link") && !guest.contains("team-heading"));
}

#[tokio::test]
async fn more_places_say_how_many_parties_moved_up_from_the_waitlist() {
    let app = TestApp::spawn().await;
    let (_, cookie) = session(&app, "org@example.org").await;
    submit(&app, &cookie, "/api/events/create", &form("Grillfest", "2")).await;
    let id = event_id(&app, "grillfest").await;
    submit(&app, &cookie, "/api/events/publish-draft", &[("event_id", id.to_string())]).await;
    app.rsvp(id, "a@example.org", Answer::Yes, 2).await.unwrap();
    app.rsvp(id, "b@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(id, "c@example.org", Answer::Yes, 1).await.unwrap();
    app.rsvp(id, "d@example.org", Answer::Yes, 3).await.unwrap();

    let mut fields = form("Grillfest", "4");
    fields.push(("event_id", id.to_string()));
    fields.push(("was", "grillfest".into()));
    let r = submit(&app, &cookie, "/api/events/update", &fields).await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let (_, html) = page(&app, &format!("{cookie}; {}", notice(&r)), "/events/grillfest/edit").await;
    assert!(html.contains("2 parties moved up from the waitlist."), "{html}");

    // One more place: one party; a change that frees nothing says nothing about the waitlist.
    let mut fields = form("Grillfest", "7");
    fields.push(("event_id", id.to_string()));
    let r = submit(&app, &cookie, "/api/events/update", &fields).await;
    let (_, html) = page(&app, &format!("{cookie}; {}", notice(&r)), "/events/grillfest/edit").await;
    assert!(html.contains("1 party moved up from the waitlist."), "{html}");
    let r = submit(&app, &cookie, "/api/events/update", &fields).await;
    let (_, html) = page(&app, &format!("{cookie}; {}", notice(&r)), "/events/grillfest/edit").await;
    assert!(html.contains("Saved.") && !html.contains("moved up"), "{html}");
}

#[tokio::test]
async fn owners_build_the_team_by_email_and_a_door_helper_gets_the_door_only() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let event = app.seed_event("sprint", EventKind::Sprint, "Code sprint", 4).await;
    let (owner_id, owner) = session(&app, "owner@example.org").await;
    app.grant_role(event, owner_id, EventRole::Owner).await;
    let (helper_id, helper) = session(&app, "door@example.org").await;
    let id = event.to_string();

    let (_, html) = page(&app, &owner, "/events/sprint").await;
    assert!(html.contains(r#"<h2 id="team-heading">Team</h2>"#), "{html}");
    assert!(html.contains(r#"<label for="team-email">Email address</label>"#));
    for role in ["co_organizer", "check_in", "packing", "conduct_responder"] {
        assert!(html.contains(&format!(r#"<option value="{role}">"#)), "{role} offered");
    }

    let add = |email: &str, role: &str| vec![("event_id", id.clone()), ("email", email.to_string()), ("role", role.to_string())];
    let r = submit(&app, &owner, "/api/events/team/add", &add("Door@Example.org", "check_in")).await;
    assert!(r.status().is_redirection(), "{}", r.text().await.unwrap());
    let (_, html) = page(&app, &format!("{owner}; {}", notice(&r)), "/events/sprint").await;
    assert!(html.contains("door@example.org is now Check-in. We mailed them."), "{html}");
    assert!(html.contains("Remove door as Check-in"), "the team lists the helper with a remove button: {html}");
    assert_eq!(app::db::roles::of_user(&app.state.db, event, helper_id).await.unwrap(), vec![EventRole::CheckIn]);
    app.new_mail(&smtp, &[], "door@example.org", "Code sprint").await;

    // The helper opens the door page, but not the editor, the team, or the attendee list.
    assert_eq!(page(&app, &helper, "/events/sprint/check-in").await.0, 200);
    assert_eq!(page(&app, &helper, "/events/sprint/edit").await.0, 404);
    let (_, html) = page(&app, &helper, "/events/sprint").await;
    assert!(!html.contains("team-heading"), "helpers see no team section");
    let (_, mine) = page(&app, &helper, "/my-events").await;
    assert!(mine.contains(r#"href="/events/sprint/check-in""#), "{mine}");

    // Only owners grant: co-organizers, helpers and strangers read "not found", as for a missing event.
    let (co_id, co) = session(&app, "co@example.org").await;
    app.grant_role(event, co_id, EventRole::CoOrganizer).await;
    let (_, stranger) = session(&app, "stranger@example.org").await;
    for caller in [&co, &helper, &stranger] {
        let r = call(&app, caller, "/api/events/team/add", &add("x@example.org", "packing")).await;
        assert_eq!(r.status(), 404);
        let r = call(&app, caller, "/api/events/team/remove", &add("door@example.org", "check_in")).await;
        assert_eq!(r.status(), 404);
        let r =
            app.client().get(app.at(&format!("/api/events/team?event_id={id}"))).header("cookie", caller.as_str()).send().await.unwrap();
        assert_eq!(r.status(), 404);
    }
    let (_, html) = page(&app, &co, "/events/sprint").await;
    assert!(!html.contains("team-heading"), "co-organizers see no team section");
    let anonymous =
        app.post(&app.client(), "/api/events/team/add", &[("event_id", &id), ("email", "x@example.org"), ("role", "packing")]).await;
    assert_eq!(anonymous.status(), 401);

    // Owners are not handed out here; a bad address is refused beside its field.
    let r = call(&app, &owner, "/api/events/team/add", &add("y@example.org", "owner")).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("choose co-organizer, check-in, packing lead or conduct responder"));
    let r = call(&app, &owner, "/api/events/team/add", &add("nope", "packing")).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("email"), "the error names its field");
    let holders = app::db::roles::holders(&app.state.db, event).await.unwrap();
    assert!(!holders.iter().any(|h| h.email == "y@example.org"), "nobody was made owner");

    let r = submit(&app, &owner, "/api/events/team/remove", &add("door@example.org", "check_in")).await;
    assert!(r.status().is_redirection());
    assert!(app::db::roles::of_user(&app.state.db, event, helper_id).await.unwrap().is_empty());
    assert_eq!(page(&app, &helper, "/events/sprint/check-in").await.0, 404);
}

/// My events and the team list show titles and names people wrote: as text, whatever they hold.
#[tokio::test]
async fn hostile_text_on_my_events_and_in_the_team_stays_text() {
    festplan_tests::hostile::assert_pages_inert(|app: TestApp, text: String| async move {
        let event = app.seed_event("party", EventKind::Party, &text, 7).await;
        let (owner_id, owner) = app.signed_in("owner@example.org", false).await;
        app.grant_role(event, owner_id, EventRole::Owner).await;
        let (helper_id, _) = app.signed_in("helper@example.org", false).await;
        app::db::users::update_profile(&app.state.db, helper_id, &text, "en").await.unwrap();
        app.grant_role(event, helper_id, EventRole::CheckIn).await;
        (app, vec![("/my-events".to_string(), owner.clone()), ("/events/party".to_string(), owner)])
    })
    .await;
}

#[tokio::test]
async fn questions_typed_while_creating_are_asked_from_the_start_and_a_bad_one_creates_nothing() {
    let app = TestApp::spawn().await;
    let (_, cookie) = session(&app, "org@example.org").await;
    let mut fields = form("Bike ride", "");
    fields.push(("questions", "T-shirt size?\n\n  Arriving by bike?  \n".into()));
    let r = submit(&app, &cookie, "/api/events/create", &fields).await;
    assert_eq!(location(&r), "/events/bike-ride");
    let (_, editor) = page(&app, &cookie, "/events/bike-ride/edit").await;
    assert!(editor.contains("T-shirt size?") && editor.contains("Arriving by bike?"), "{editor}");
    let id = event_id(&app, "bike-ride").await;
    let asked: i64 = app::db::query_scalar("SELECT COUNT(*) FROM event_questions WHERE event_id = $1")
        .bind(id)
        .fetch_one(app.state.db.pool())
        .await
        .unwrap();
    assert_eq!(asked, 2, "the empty line asks nothing");

    // A question too long to be one is refused beside the field, and the event is not created.
    let mut fields = form("Second ride", "");
    fields.push(("questions", format!("Fine?\n{}", "x".repeat(201))));
    let refused = call(&app, &cookie, "/api/events/create", &fields).await;
    assert_eq!(refused.status(), 422);
    let error: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(error["detail"]["field"], "questions", "{error}");
    let (status, _) = page(&app, &cookie, "/events/second-ride").await;
    assert_eq!(status, 404, "nothing half-created");
}
