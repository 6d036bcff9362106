//! The router's security baseline: cross-site requests, bad payloads, big bodies, panics.

use axum::routing::get;
use festplan_tests::TestApp;

const SERVER_FN: &str = "/api/events/upcoming";

#[tokio::test]
async fn cross_site_post_is_refused_by_origin_or_fetch_metadata() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let foreign_origin = client
        .post(app.at(SERVER_FN))
        .header("origin", "https://evil.example.com")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("kind=bbq")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign_origin.status(), 403);
    assert_eq!(foreign_origin.text().await.unwrap(), "cross-site request refused");

    let fetch_metadata =
        client.post(app.at(SERVER_FN)).header("sec-fetch-site", "cross-site").header("origin", &app.url).body("").send().await.unwrap();
    assert_eq!(fetch_metadata.status(), 403);

    // The same request from the app's own pages passes the check (and reaches the function).
    let same_origin = client.post(app.at(SERVER_FN)).header("origin", &app.url).body("").send().await.unwrap();
    assert_ne!(same_origin.status(), 403);
}

#[tokio::test]
async fn a_malformed_server_function_payload_gets_a_short_client_error() {
    let app = TestApp::spawn().await;
    let response = app.client().get(app.at(&format!("{SERVER_FN}?kind=rave"))).send().await.unwrap();
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(body.contains("malformed arguments"), "{body}");
    assert!(!body.contains("unknown variant"), "serde's text stays on the server: {body}");

    let ok = app.client().get(app.at(&format!("{SERVER_FN}?kind=bbq"))).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "[]");
}

#[tokio::test]
async fn an_oversized_body_gets_413() {
    let app = TestApp::spawn_with(|c| c.max_body_bytes = 64 * 1024).await;
    let response = app.client().post(app.at(SERVER_FN)).header("origin", &app.url).body(vec![b'a'; 65 * 1024]).send().await.unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn a_panicking_handler_answers_500_with_a_safe_message_and_the_server_keeps_serving() {
    let app = TestApp::spawn().await;
    let routes = axum::Router::new().route("/boom", get(boom)).route("/fine", get(|| async { "fine" }));
    let router = festplan_server::with_middleware(routes, &app.state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });

    let boom = reqwest::get(format!("http://{addr}/boom")).await.unwrap();
    assert_eq!(boom.status(), 500);
    let body = boom.text().await.unwrap();
    assert!(!body.contains("secret detail"), "{body}");
    assert!(body.contains("Something went wrong"), "{body}");
    let fine = reqwest::get(format!("http://{addr}/fine")).await.unwrap();
    assert_eq!(fine.text().await.unwrap(), "fine");
}

async fn boom() -> &'static str {
    panic!("secret detail: table users")
}
