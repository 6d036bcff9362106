//! Forms that keep what was typed when the server says no. Every form is a plain HTML form
//! that works before and without the wasm: it posts, and the server redirects back (with the
//! error in the address, or a notice in a cookie). Inside `<Enhance>` the form is sent in the
//! background instead: an error appears beside it with every field as it was, and a success
//! loads the page afresh (or the page the server names). One island serves every form, so a
//! page with forms pays for them once.

use leptos::prelude::*;

#[island]
pub fn Enhance(children: Children) -> impl IntoView {
    view! {
        <div class="enhanced" on:submit=send>
            {children()}
        </div>
    }
}

#[cfg(not(feature = "hydrate"))]
fn send(_: leptos::ev::SubmitEvent) {}

#[cfg(feature = "hydrate")]
fn send(ev: leptos::ev::SubmitEvent) {
    use wasm_bindgen::JsCast;
    let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
    // GET forms (filters, searches) navigate as usual.
    if !form.method().eq_ignore_ascii_case("post") {
        return;
    }
    ev.prevent_default();
    if form.get_attribute("aria-busy").as_deref() == Some("true") {
        return; // a second tap while the first is on its way
    }
    let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
    let Ok(body) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else { return };
    let _ = form.set_attribute("aria-busy", "true");
    leptos::task::spawn_local(async move {
        match crate::browser::post_form(&form.action(), &body, crate::browser::Then::Reload).await {
            Ok(crate::browser::Reply { location: Some(location), .. }) => {
                let _ = window().location().assign(&location);
            }
            Ok(_) => {
                let _ = window().location().reload();
            }
            Err(error) => {
                let _ = form.remove_attribute("aria-busy");
                show(&form, &error);
            }
        }
    });
}

/// Shows `error` in the form's error line (made if missing) and marks the field it is about.
#[cfg(feature = "hydrate")]
fn show(form: &web_sys::HtmlFormElement, error: &crate::error::AppError) {
    let line = form.query_selector(".form-error").ok().flatten().or_else(|| {
        let line = document().create_element("p").ok()?;
        line.set_class_name("form-error");
        let _ = line.set_attribute("role", "alert");
        let _ = form.prepend_with_node_1(&line);
        Some(line)
    });
    if let Some(line) = line {
        line.set_text_content(Some(&error.message()));
    }
    if let Some(field) = error.field() {
        let selector = format!("[name=\"{field}\"], [name$=\"[{field}]\"]");
        if let Ok(Some(input)) = form.query_selector(&selector) {
            let _ = input.set_attribute("aria-invalid", "true");
            if let Some(input) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&input) {
                let _ = input.focus();
            }
        }
    }
}
