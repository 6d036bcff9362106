//! Browser journeys: the real app on port 0, driven in Debian's Chromium by
//! playwright-core scripts under `tests/e2e/` (checks print as `ok - …`).

use app::events::model::EventKind;
use festplan_tests::{SmtpSink, TestApp, journey};

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

#[tokio::test(flavor = "multi_thread")]
async fn check_in_staff_scan_a_guests_qr_code_with_the_phone_camera() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("bbq", Some(10)).await;
    app.rsvp(event, "ada@example.org", app::rsvp::model::Answer::Yes, 2).await.unwrap();
    let mut conn = app.state.db.read().await.unwrap();
    let ada = app::db::rsvps::by_email(&mut conn, event, "ada@example.org").await.unwrap().unwrap();
    drop(conn);
    let code = app::rsvp::service::check_in_code(&app.state.settings.secret_key, ada.id);
    let (staff, session) = app.session_for("door@example.org", false).await;
    app.grant_role(event, staff, app::auth::model::EventRole::CheckIn).await;
    let dir = tempfile::tempdir().unwrap();
    let video = dir.path().join("camera.y4m");
    std::fs::write(&video, camera_video_of(&code)).unwrap();

    journey(&app, "scan.mjs", &[video.as_os_str(), session.as_ref(), "bbq".as_ref()]).await;
    let mut conn = app.state.db.read().await.unwrap();
    let ada = app::db::rsvps::by_id(&mut conn, ada.id).await.unwrap().unwrap();
    assert!(ada.checked_in_at.is_some(), "the scan checked Ada's party in");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_organizer_approves_one_party_and_declines_another_on_the_attendee_list() {
    let app = TestApp::spawn().await;
    let event = app.seed_event_with_capacity("retreat", Some(10)).await;
    app::db::query("UPDATE events SET requires_approval = TRUE WHERE id = $1").bind(event).execute(app.state.db.pool()).await.unwrap();
    app.rsvp(event, "ada@example.org", app::rsvp::model::Answer::Yes, 2).await.unwrap();
    app.rsvp(event, "bob@example.org", app::rsvp::model::Answer::Yes, 1).await.unwrap();
    let (organizer, session) = app.session_for("org@example.org", false).await;
    app.grant_role(event, organizer, app::auth::model::EventRole::Owner).await;
    journey(&app, "approve.mjs", &[session.as_ref(), "retreat".as_ref()]).await;
}

/// One 640×480 frame in YUV4MPEG2 (what Chromium's fake camera plays): the QR code of `text`,
/// dark grey on light grey as a phone's camera sees a screen, in the middle of the picture.
fn camera_video_of(text: &str) -> Vec<u8> {
    let (width, height, scale) = (640, 480, 8);
    let qr = qrcode::QrCode::new(text.as_bytes()).unwrap();
    let (modules, colors) = (qr.width(), qr.to_colors());
    let (left, top) = ((width - modules * scale) / 2, (height - modules * scale) / 2);
    let mut frame = format!("YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\nFRAME\n").into_bytes();
    for y in 0..height {
        for x in 0..width {
            let (mx, my) = (x.wrapping_sub(left) / scale, y.wrapping_sub(top) / scale);
            let dark = x >= left && y >= top && mx < modules && my < modules && colors[my * modules + mx] == qrcode::Color::Dark;
            frame.push(if dark { 40 } else { 215 });
        }
    }
    // No colour: both chroma planes (a quarter of the picture each) sit at their middle.
    frame.extend(std::iter::repeat_n(128u8, width * height / 2));
    frame
}
