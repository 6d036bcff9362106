//! The weight budget: each page's first load, gzip, against the release bundle the test
//! command builds (the debug bundle is many times larger and predicts nothing).

use festplan_tests::weight::{every_page, table};
use festplan_tests::workspace_root;

#[tokio::test(flavor = "multi_thread")]
async fn every_page_loads_within_its_weight_budget() {
    let profile = std::fs::read_to_string(workspace_root().join("target/site/pkg/profile")).unwrap_or_default();
    assert_eq!(profile.trim(), "release", "the budget holds for the release bundle: build it with `cargo xtask build --release`");
    let weights = every_page().await.expect("every page loads");
    println!("{}", table(&weights));
    let over: Vec<_> = weights.iter().filter(|w| w.total() > w.budget).map(|w| w.page).collect();
    assert!(over.is_empty(), "over the budget: {over:?}\n{}", table(&weights));
    // Pages without islands load no wasm at all.
    for page in ["home", "not found"] {
        let weight = weights.iter().find(|w| w.page == page).unwrap();
        assert_eq!(weight.wasm + weight.js, 0, "{page} loads a bundle it does not need");
    }
}

/// A page and the bundle it loads come from the same sources: a bundle built before the
/// app last changed would hydrate the page wrongly, so it must not be served with it.
#[tokio::test]
async fn the_served_bundle_was_built_from_the_servers_own_sources() {
    let app = festplan_tests::TestApp::spawn().await;
    let html = app.client().get(app.at("/sign-in")).send().await.unwrap().text().await.unwrap();
    let bundle = festplan_tests::weight::bundle_of(&html).expect("the sign-in page loads the bundle");
    let wasm = app.client().get(app.at(&format!("{bundle}_bg.wasm"))).send().await.unwrap().bytes().await.unwrap();
    let id = app::app::BUILD_ID.as_bytes();
    assert!(
        wasm.windows(id.len()).any(|w| w == id),
        "target/site holds a bundle of other sources than this server's (build {}): run `cargo xtask build`",
        app::app::BUILD_ID
    );
    app.stop().await;
}
