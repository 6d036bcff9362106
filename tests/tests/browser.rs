//! Browser journeys: the real app on port 0, driven in Debian's Chromium by
//! playwright-core scripts under `tests/e2e/` (checks print as `ok - …`).

use std::path::Path;

use app::events::model::EventKind;
use festplan_tests::{workspace_root, SmtpSink, TestApp};

/// Runs `tests/e2e/<script>` against `app` and fails with its report unless every check passed.
async fn journey(app: &TestApp, script: &str, extra: &[&std::ffi::OsStr]) {
    let root = workspace_root();
    assert!(
        root.join("target/site/pkg/festplan_bg.wasm").exists(),
        "the browser bundle is missing: run `cargo xtask build` (or `cargo xtask test`) first"
    );
    assert!(
        root.join("tests/e2e/node_modules/playwright-core").exists(),
        "browser-test packages are missing: run `cargo xtask setup`"
    );
    let output = tokio::process::Command::new("node")
        .arg(Path::new("tests/e2e").join(script))
        .arg(&app.url)
        .args(extra)
        .current_dir(&root)
        .output()
        .await
        .expect("node runs");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{report}");
    assert!(output.status.success(), "browser journey {script} failed:\n{report}");
}

#[tokio::test(flavor = "multi_thread")]
async fn home_page_renders_on_the_server_hydrates_and_passes_axe_without_console_errors() {
    let app = TestApp::spawn().await;
    app.seed_event("bbq-iv", EventKind::Bbq, "Developer & admin BBQ IV", 5).await;
    app.seed_event("sprint", EventKind::Sprint, "Code sprint", 8).await;
    journey(&app, "home.mjs", &[]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_person_signs_in_through_the_emailed_link_sees_their_name_and_signs_out() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    journey(&app, "sign_in.mjs", &[smtp.maildir().as_os_str()]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_organizer_publishes_a_guest_rsvps_and_cancels_and_the_waitlist_moves_up() {
    let smtp = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(smtp.url())).await;
    let (_, session) = app.session_for("organizer@example.org", false).await;
    journey(&app, "events.mjs", &[smtp.maildir().as_os_str(), session.as_ref()]).await;
}
