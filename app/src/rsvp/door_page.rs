//! The check-in page at the door: a counter of people arrived, the camera and the code field,
//! and a search by name for guests without their code. Every part is a plain form first (the
//! page works without the wasm); the desk island answers in place, clears the field and puts
//! the cursor back for the next guest.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use server_fn::ServerFn as _;

use super::door_api::{CheckIn, already_notice, desk_page};
use super::door_model::{DoorGuest, DoorSearch};
use super::model::MAX_PARTY;
use super::scan::CameraScanner;
use crate::i18n::td_string;
use crate::locale;
use crate::ui::{ErrorView, StaffIslands};

/// The entrance: scan, type or find a guest, see how many arrived.
#[component]
pub fn CheckInPage() -> impl IntoView {
    let l = locale::current();
    let params = use_params_map();
    let query = use_query_map();
    let asked = move || (params.read().get("slug").unwrap_or_default(), query.read().get("q").unwrap_or_default());
    let page = Resource::new(asked, |(slug, q)| desk_page(slug, q));
    let said = said_at_door();
    view! {
        <Title text=td_string!(l, checkin.title)/>
        <StaffIslands/>
        <section class="narrow door">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, checkin.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || {
                        let said = said.clone();
                        Suspend::new(async move {
                            page.await.map(|page| view! {
                                <h1>{td_string!(l, checkin.heading, event = &page.title).to_string()}</h1>
                                <CheckInDesk event_id=page.event_id slug=page.slug.clone() search=page.search.clone() said/>
                                {page.can_organize.then(|| view! {
                                    <p><a href=format!("/events/{}/attendees", page.slug)>{td_string!(l, checkin.attendee_list)}</a></p>
                                })}
                            })
                        })
                    }}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// How the desk's last answer reads: a welcome, a warning (the party was in already), or an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Tone {
    Welcome,
    Warning,
    Error,
}

/// What the desk says about the last check-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Said {
    tone: Tone,
    text: String,
    /// The field an error is about ("code", "people").
    field: Option<String>,
}

/// What the last check-in sent as a plain form (without the wasm) came back with: the error in
/// the address, or the notice its server function left.
fn said_at_door() -> Option<Said> {
    let failed = ServerAction::<CheckIn>::new().value().get_untracked().and_then(Result::err);
    if let Some(error) = failed {
        return Some(Said { tone: Tone::Error, text: error.message(), field: error.field().map(String::from) });
    }
    let said = |tone, text| Some(Said { tone, text, field: None });
    match (crate::ui::notice::said(CheckIn::PATH), crate::ui::notice::said(&already_notice())) {
        (Some(text), _) => said(Tone::Welcome, text),
        (None, Some(text)) => said(Tone::Warning, text),
        (None, None) => None,
    }
}

/// Where a check-in came from: what the desk does next differs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    /// Typed (or a keyboard-like scanner): the field is cleared and gets the cursor back.
    Field,
    /// The phone's camera: the field is cleared, but not focused (a phone's keyboard would cover the camera).
    Camera,
    /// A name's "Check in" button: the search is cleared too, and the code field gets the cursor.
    Search,
}

/// The counter, the camera, the code field and the search; each check-in answers in place,
/// so the next guest follows at once. In the staff bundle only.
#[cfg_attr(any(feature = "ssr", feature = "staff"), island)]
#[cfg_attr(not(any(feature = "ssr", feature = "staff")), component)]
fn CheckInDesk(event_id: i64, slug: String, search: DoorSearch, said: Option<Said>) -> impl IntoView {
    let l = locale::current();
    let said = RwSignal::new(said);
    let counts = RwSignal::new(search.counts);
    let found = RwSignal::new(search);
    let code_field = NodeRef::<leptos::html::Input>::new();
    let people_field = NodeRef::<leptos::html::Input>::new();
    let search_field = NodeRef::<leptos::html::Input>::new();
    // Searches answer in any order; only the latest one's answer is shown.
    let latest = StoredValue::new(0u32);

    let next_guest = move |source: Source| {
        if let Some(field) = code_field.get_untracked() {
            field.set_value("");
            if source != Source::Camera {
                let _ = field.focus();
            }
        }
        if let Some(field) = people_field.get_untracked() {
            field.set_value("");
        }
        if source == Source::Search {
            if let Some(field) = search_field.get_untracked() {
                field.set_value("");
            }
            found.update(|f| {
                f.query.clear();
                f.guests.clear();
                f.more = false;
            });
        }
    };
    let check = move |code: String, people: String, source: Source| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let fields = web_sys::UrlSearchParams::new().expect("URLSearchParams");
            fields.append("event_id", &event_id.to_string());
            fields.append("code", &code);
            fields.append("people", &people);
            let answer = match crate::browser::post_form(CheckIn::PATH, &fields, crate::browser::Then::Stay).await {
                Ok(reply) => match serde_json::from_str::<super::door_model::CheckInResult>(&reply.body) {
                    Ok(result) => {
                        counts.try_set(result.counts);
                        let tone = if result.already_checked_in { Tone::Warning } else { Tone::Welcome };
                        Said { tone, text: result.message_in(l), field: None }
                    }
                    Err(_) => Said { tone: Tone::Error, text: td_string!(l, checkin.unreadable).to_string(), field: None },
                },
                Err(error) => Said { tone: Tone::Error, text: error.message(), field: error.field().map(String::from) },
            };
            said.try_set(Some(answer));
            next_guest(source);
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (code, people, source, event_id, next_guest);
    };
    let find = move |query: String| {
        let ticket = latest.get_value().wrapping_add(1);
        latest.set_value(ticket);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let fields = web_sys::UrlSearchParams::new().expect("URLSearchParams");
            fields.append("event_id", &event_id.to_string());
            fields.append("q", &query);
            let url = format!("{}?{}", super::door_api::FindGuests::PATH, String::from(fields.to_string()));
            // A failed search keeps the list as it was; the plain form still works.
            let Ok(reply) = crate::browser::get(&url).await else { return };
            let Ok(answer) = serde_json::from_str::<DoorSearch>(&reply.body) else { return };
            if latest.get_value() == ticket {
                counts.try_set(answer.counts);
                found.try_set(answer);
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = query;
    };
    let field_value = |field: NodeRef<leptos::html::Input>| field.get_untracked().map(|f| f.value()).unwrap_or_default();
    // Other doors check guests in too: the counter (and a search's list) follow the event's changes.
    #[cfg(feature = "hydrate")]
    follow_live(&slug, move || find(field_value(search_field)));
    #[cfg(not(feature = "hydrate"))]
    let _ = slug;
    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        check(field_value(code_field), field_value(people_field), Source::Field);
    };
    let on_camera = move |code: String| check(code, field_value(people_field), Source::Camera);
    let submit_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        find(field_value(search_field));
    };
    let error_about = move |field: &'static str| {
        move || said.with(|s| s.as_ref().is_some_and(|s| s.tone == Tone::Error && s.field.as_deref() == Some(field)))
    };
    let described = move |field: &'static str, hint: &'static str| {
        move || if error_about(field)() { format!("{hint} door-error") } else { hint.to_string() }
    };
    let said_text = move |error: bool| {
        move || said.with(|s| s.as_ref().filter(|s| (s.tone == Tone::Error) == error).map(|s| s.text.clone()).unwrap_or_default())
    };
    let said_class = move || match said.with(|s| s.as_ref().map(|s| s.tone)) {
        Some(Tone::Warning) => "notice door-said door-warning",
        _ => "notice door-said door-welcome",
    };
    let query = found.with_untracked(|f| f.query.clone());
    view! {
        <p class="door-counter">
            <strong>{move || counts.get().message_in(l)}</strong>
        </p>
        <p id="door-said" class=said_class role="status">{said_text(false)}</p>
        <p id="door-error" class="form-error" role="alert">{said_text(true)}</p>
        <CameraScanner on_code=on_camera/>
        <form method="post" action=CheckIn::PATH class="stack door-code" on:submit=submit_code>
            <input type="hidden" name="event_id" value=event_id.to_string()/>
            <label for="check-in-code">{td_string!(l, checkin.code_label)}</label>
            <input id="check-in-code" name="code" node_ref=code_field required autofocus autocomplete="off" autocapitalize="characters"
                spellcheck="false" aria-invalid=move || error_about("code")().then_some("true")
                aria-describedby=described("code", "check-in-code-hint")/>
            <p class="hint" id="check-in-code-hint">{td_string!(l, checkin.code_hint)}</p>
            <label for="check-in-people">{td_string!(l, checkin.people_label)}</label>
            <input id="check-in-people" name="people" node_ref=people_field type="number" min="1" max=MAX_PARTY.to_string()
                inputmode="numeric" aria-invalid=move || error_about("people")().then_some("true")
                aria-describedby=described("people", "check-in-people-hint")/>
            <p class="hint" id="check-in-people-hint">{td_string!(l, checkin.people_hint)}</p>
            <button type="submit" class="primary">{td_string!(l, checkin.submit)}</button>
        </form>
        <section class="door-search" aria-labelledby="door-search-heading">
            <h2 id="door-search-heading">{td_string!(l, checkin.search_heading)}</h2>
            <form method="get" class="stack" role="search" on:submit=submit_search>
                <label for="door-search-q">{td_string!(l, checkin.search_label)}</label>
                <input id="door-search-q" type="search" name="q" value=query node_ref=search_field maxlength="80" autocomplete="off"
                    aria-describedby="door-search-hint" on:input=move |ev| find(event_target_value(&ev))/>
                <p class="hint" id="door-search-hint">{td_string!(l, checkin.search_hint)}</p>
                <button type="submit">{td_string!(l, checkin.search_submit)}</button>
            </form>
            {move || found.with(|f| search_results(f, event_id, move |code, people| check(code, people, Source::Search)))}
        </section>
    }
}

/// Calls `refresh` on each change the event announces on `/events/<slug>/live` (an RSVP, a
/// check-in at another door).
#[cfg(feature = "hydrate")]
fn follow_live(slug: &str, refresh: impl Fn() + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new(&format!("/events/{slug}/live")) else { return };
    let on_change = Closure::<dyn Fn()>::new(refresh);
    let _ = source.add_event_listener_with_callback("changed", on_change.as_ref().unchecked_ref());
    // The listener lives as long as the connection, which lives as long as the page.
    on_change.forget();
}

/// The parties a search found, each with its own plain "Check in" form.
fn search_results(found: &DoorSearch, event_id: i64, check: impl Fn(String, String) + Copy + 'static) -> AnyView {
    let l = locale::current();
    if found.query.is_empty() {
        return ().into_any();
    }
    if found.guests.is_empty() {
        return view! { <p class="muted">{td_string!(l, checkin.search_none, query = &found.query).to_string()}</p> }.into_any();
    }
    let rows = found.guests.iter().enumerate().map(|(i, guest)| guest_row(i, guest.clone(), event_id, check)).collect_view();
    view! {
        <ul class="door-guests">{rows}</ul>
        {found.more.then(|| view! { <p class="muted">{td_string!(l, checkin.search_more)}</p> })}
    }
    .into_any()
}

fn guest_row(i: usize, guest: DoorGuest, event_id: i64, check: impl Fn(String, String) + Copy + 'static) -> impl IntoView {
    let l = locale::current();
    let (name_id, people_id) = (format!("door-guest-{i}"), format!("door-guest-{i}-people"));
    let remaining = guest.remaining();
    let party = guest.party_size;
    let standing = match guest.arrived {
        0 => td_string!(l, checkin.guest_party, party = party).to_string(),
        arrived if arrived >= party => td_string!(l, checkin.guest_all_in, party = party).to_string(),
        arrived => td_string!(l, checkin.guest_arrived, arrived = arrived, party = party).to_string(),
    };
    let people = NodeRef::<leptos::html::Input>::new();
    let code = guest.code.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        check(code.clone(), people.get_untracked().map(|f| f.value()).unwrap_or_default());
    };
    view! {
        <li class="door-guest">
            <span class="door-guest-name" id=name_id.clone()>{guest.name.clone()}</span>
            " " <span class="muted">{standing}</span>
            {(remaining > 0).then(|| view! {
                <form method="post" action=CheckIn::PATH class="door-guest-form" on:submit=submit>
                    <input type="hidden" name="event_id" value=event_id.to_string()/>
                    <input type="hidden" name="code" value=guest.code.clone()/>
                    {(remaining > 1).then(|| view! {
                        <label for=people_id.clone()>{td_string!(l, checkin.guest_people, name = &guest.name).to_string()}</label>
                        <input id=people_id.clone() name="people" type="number" node_ref=people min="1" max=remaining.to_string()
                            value=remaining.to_string() inputmode="numeric"/>
                    })}
                    <button type="submit" aria-describedby=name_id>{td_string!(l, checkin.guest_submit)}</button>
                </form>
            })}
        </li>
    }
}
