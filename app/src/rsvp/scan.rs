//! Reading check-in codes with the phone's camera at the entrance. Frames are searched for a
//! QR code in the browser itself (no service sees the camera), so it works on any phone
//! whose browser can open the camera, whether or not it has a native barcode reader. The
//! reader is the `festplan-scanner` wasm module (`app/scanner`), fetched on the first scan.

use leptos::prelude::*;

use crate::i18n::td_string;

/// A button that opens the camera and calls `on_code` with each code it reads (once while it
/// stays in view); another button closes the camera.
#[component]
pub fn CameraScanner(#[prop(into)] on_code: Callback<String>) -> impl IntoView {
    let l = crate::locale::current();
    let video = NodeRef::<leptos::html::Video>::new();
    let scanning = RwSignal::new(false);
    let opening = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    let camera = StoredValue::new_local(None::<camera::Camera>);
    let stop = move || {
        #[cfg(feature = "hydrate")]
        camera.try_update_value(|c| c.take().map(camera::Camera::stop));
        scanning.try_set(false);
    };
    on_cleanup(stop);
    let start = move |_| {
        if opening.get_untracked() {
            return;
        }
        problem.set(None);
        #[cfg(feature = "hydrate")]
        if let Some(element) = video.get_untracked() {
            opening.set(true);
            leptos::task::spawn_local(async move {
                match camera::open(element, on_code).await {
                    Ok(opened) => {
                        let mut opened = Some(opened);
                        if camera.try_update_value(|slot| *slot = opened.take()).is_some() {
                            scanning.try_set(true);
                        }
                        // The page was left while the camera was opening: turn it off again.
                        if let Some(orphan) = opened {
                            orphan.stop();
                        }
                    }
                    Err(why) => {
                        problem.try_set(Some(why));
                    }
                }
                opening.try_set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (video, on_code);
    };
    view! {
        <div class="scanner">
            <Show
                when=move || scanning.get()
                fallback=move || view! {
                    <button type="button" on:click=start disabled=move || opening.get()>
                        {move || if opening.get() { td_string!(l, checkin.camera.opening) } else { td_string!(l, checkin.camera.start) }}
                    </button>
                }
            >
                <button type="button" on:click=move |_| stop()>{td_string!(l, checkin.camera.stop)}</button>
            </Show>
            <video node_ref=video class="scanner-view" hidden=move || !scanning.get() aria-label=td_string!(l, checkin.camera.view)></video>
            {move || problem.get().map(|why| view! { <p class="error-text" role="alert">{why}</p> })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod camera {
    use std::cell::RefCell;
    use std::time::Duration;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    use crate::i18n::td_string;
    use web_sys::{
        CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack,
        MediaTrackConstraints,
    };

    /// Frames are searched at most this wide: a code held up to the phone stays readable, and a
    /// search takes a few milliseconds.
    const FRAME_WIDTH: f64 = 640.0;
    /// How often a frame is searched.
    const EVERY: Duration = Duration::from_millis(250);
    /// A code is read again only after it has been out of view this long, so a guest holding
    /// their phone up is checked in once, not told "already checked in" four times a second.
    const SAME_CODE_MS: f64 = 3_000.0;

    pub struct Camera {
        stream: MediaStream,
        timer: leptos::leptos_dom::helpers::IntervalHandle,
    }

    impl Camera {
        /// Stops searching and turns the camera off (its light goes out).
        pub fn stop(self) {
            self.timer.clear();
            stop_tracks(&self.stream);
        }
    }

    // The QR reader is a wasm module of its own (see `app/scanner`), imported on first use;
    // `cargo xtask build` puts it next to the app's bundle under /pkg/.
    #[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
let reader;
export async function load_reader() {
  if (!reader) {
    const module = await import('/pkg/scanner.js');
    await module.default({ module_or_path: '/pkg/scanner_bg.wasm' });
    reader = module;
  }
}
export function read_qr(width, height, rgba) { return reader.read_qr(width, height, rgba); }
"#)]
    extern "C" {
        #[wasm_bindgen(catch)]
        async fn load_reader() -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
        fn read_qr(width: usize, height: usize, rgba: &[u8]) -> Option<String>;
    }

    /// Opens the back camera into `video` and searches its frames; the error is a sentence for the staff.
    pub async fn open(video: HtmlVideoElement, on_code: Callback<String>) -> Result<Camera, String> {
        let l = crate::locale::current();
        let window = window();
        if !window.is_secure_context() {
            return Err(td_string!(l, checkin.camera.needs_https).into());
        }
        load_reader().await.map_err(|_| td_string!(l, checkin.camera.reader_failed).to_string())?;
        let devices = window.navigator().media_devices().map_err(|_| td_string!(l, checkin.camera.no_camera_api).to_string())?;
        let track = MediaTrackConstraints::new();
        track.set_facing_mode_str("environment");
        let constraints = MediaStreamConstraints::new();
        constraints.set_video(&track);
        constraints.set_audio(&false.into());
        let promise = devices.get_user_media_with_constraints(&constraints).map_err(explain)?;
        let stream: MediaStream = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(explain)?.unchecked_into();
        video.set_muted(true);
        // iPhones would otherwise open the picture full screen.
        let _ = video.set_attribute("playsinline", "");
        video.set_src_object(Some(&stream));
        let _ = video.play();
        let canvas: HtmlCanvasElement = document().create_element("canvas").map_err(explain)?.unchecked_into();
        let context: CanvasRenderingContext2d =
            canvas.get_context("2d").ok().flatten().ok_or(td_string!(l, checkin.camera.no_pictures))?.unchecked_into();
        let last = RefCell::new(None::<(String, f64)>);
        let search = move || {
            let Some(code) = read_frame(&video, &canvas, &context) else { return };
            let now = js_sys::Date::now();
            let mut last = last.borrow_mut();
            let known = last.as_ref().is_some_and(|(seen, at)| *seen == code && now - at < SAME_CODE_MS);
            *last = Some((code.clone(), now));
            if !known {
                on_code.run(code);
            }
        };
        let timer = match set_interval_with_handle(search, EVERY) {
            Ok(timer) => timer,
            Err(err) => {
                stop_tracks(&stream);
                return Err(explain(err));
            }
        };
        Ok(Camera { stream, timer })
    }

    fn stop_tracks(stream: &MediaStream) {
        for track in stream.get_tracks().iter() {
            track.unchecked_into::<MediaStreamTrack>().stop();
        }
    }

    /// Draws the current frame, scaled down, and searches it for a code.
    fn read_frame(video: &HtmlVideoElement, canvas: &HtmlCanvasElement, context: &CanvasRenderingContext2d) -> Option<String> {
        let (w, h) = (video.video_width() as f64, video.video_height() as f64);
        if w == 0.0 || h == 0.0 {
            return None; // not playing yet
        }
        let scale = (FRAME_WIDTH / w).min(1.0);
        let (width, height) = ((w * scale).round(), (h * scale).round());
        canvas.set_width(width as u32);
        canvas.set_height(height as u32);
        context.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, width, height).ok()?;
        let pixels = context.get_image_data(0.0, 0.0, width, height).ok()?.data();
        read_qr(width as usize, height as usize, &pixels)
    }

    /// Why the camera did not open, in words for the person at the door.
    fn explain(err: wasm_bindgen::JsValue) -> String {
        let l = crate::locale::current();
        let name = err.dyn_ref::<web_sys::DomException>().map(|e| e.name()).unwrap_or_default();
        match name.as_str() {
            "NotAllowedError" | "SecurityError" => td_string!(l, checkin.camera.not_allowed).into(),
            "NotFoundError" | "OverconstrainedError" => td_string!(l, checkin.camera.not_found).into(),
            "NotReadableError" | "AbortError" => td_string!(l, checkin.camera.busy).into(),
            _ => td_string!(l, checkin.camera.failed).into(),
        }
    }
}
