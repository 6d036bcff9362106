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

/// Shows `error` in the form's error line (made if missing); an error about one field is also
/// said right below that field, which is marked `aria-invalid` and described by it (the ids
/// `ui::error_id` gives, as a plain form's `<FieldError>` has them), and gets the focus.
#[cfg(feature = "hydrate")]
fn show(form: &web_sys::HtmlFormElement, error: &crate::error::AppError) {
    use wasm_bindgen::JsCast;
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
    clear_field_errors(form);
    let Some(field) = error.field() else { return };
    let selector = format!("[name=\"{field}\"], [name$=\"[{field}]\"]");
    let Ok(Some(input)) = form.query_selector(&selector) else { return };
    if input.id().is_empty() {
        input.set_id(&format!("field-{}", field.replace(|c: char| !c.is_ascii_alphanumeric(), "-")));
    }
    let id = crate::ui::error_id(&input.id());
    if let Ok(message) = document().create_element("p") {
        message.set_class_name("field-error");
        message.set_id(&id);
        message.set_text_content(Some(&error.message()));
        // Below the field and its hints; below its label when the field sits inside one (a checkbox).
        let mut anchor = input.parent_element().filter(|p| p.tag_name().eq_ignore_ascii_case("label")).unwrap_or_else(|| input.clone());
        while let Some(hint) = anchor.next_element_sibling().filter(|s| s.class_name().split_whitespace().any(|c| c == "hint")) {
            anchor = hint;
        }
        let _ = anchor.after_with_node_1(&message);
    }
    let described = input.get_attribute("aria-describedby").unwrap_or_default();
    let _ = input.set_attribute("aria-describedby", format!("{described} {id}").trim());
    let _ = input.set_attribute("aria-invalid", "true");
    if let Some(input) = input.dyn_ref::<web_sys::HtmlElement>() {
        let _ = input.focus();
    }
}

/// Takes back the marks of an earlier error (the server's or the island's).
#[cfg(feature = "hydrate")]
fn clear_field_errors(form: &web_sys::HtmlFormElement) {
    let Ok(marked) = form.query_selector_all("[aria-invalid=\"true\"]") else { return };
    for i in 0..marked.length() {
        let Some(input) = marked.item(i).and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok()) else { continue };
        let _ = input.remove_attribute("aria-invalid");
        let id = crate::ui::error_id(&input.id());
        let kept: Vec<String> = input
            .get_attribute("aria-describedby")
            .unwrap_or_default()
            .split_whitespace()
            .filter(|d| *d != id)
            .map(str::to_string)
            .collect();
        let _ = if kept.is_empty() {
            input.remove_attribute("aria-describedby")
        } else {
            input.set_attribute("aria-describedby", &kept.join(" "))
        };
    }
    if let Ok(messages) = form.query_selector_all(".field-error") {
        for i in 0..messages.length() {
            if let Some(message) = messages.item(i).and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok()) {
                message.remove();
            }
        }
    }
}
