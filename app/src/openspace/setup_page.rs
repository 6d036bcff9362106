//! The organizers' page: the settings, rooms and slots, cells kept free, pins, the placement
//! with its figures, and locking the schedule.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn as _;

use super::api::{
    AddRoom, AddSlot, BlockCell, LockSchedule, PinSession, PlaceSessions, RemoveRoom, RemoveSlot, SaveOpenSpace, open_space_setup,
};
use super::model::{OpenSpacePage, Participation, PlacementFigures, SettingsInput, SetupPage};
use super::parts::{dots_words, session_href, slot_words};
use crate::events::pages::slug_param;
use crate::i18n::td_string;
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

#[component]
pub fn OpenSpaceSetupPage() -> impl IntoView {
    let slug = slug_param();
    let page = Resource::new(slug, open_space_setup);
    let l = crate::locale::current();
    view! {
        <Title text=td_string!(l, openspace.set_up)/>
        <section class="open-space setup">
            <Suspense fallback=move || view! { <p class="muted">{td_string!(l, openspace.loading)}</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorView errors/> }>
                    {move || Suspend::new(async move { page.await.map(|page| view! { <SetupView page/> }) })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn SetupView(page: SetupPage) -> impl IntoView {
    let base = format!("/events/{}", page.slug);
    let l = crate::locale::current();
    view! {
        <h1>{td_string!(l, openspace.setup.heading)} {page.event_title.clone()}</h1>
        <nav class="os-links" aria-label=td_string!(l, openspace.nav_label)>
            <a href=base.clone()>{td_string!(l, openspace.back_to_event)}</a>
            {page.enabled.then(|| view! {
                <a href=format!("{base}/open-space")>{td_string!(l, openspace.setup.participants_page)}</a>
                <a href=format!("{base}/board")>{td_string!(l, openspace.the_board)}</a>
                <a href=format!("{base}/open-space/sessions.csv") download="" rel="external">{td_string!(l, openspace.setup.csv)}</a>
            })}
        </nav>
        <p class="muted">{td_string!(l, openspace.setup.times_local, zone = &page.time_zone).to_string()}</p>
        <Settings event_id=page.event_id enabled=page.enabled settings=page.settings.clone()/>
        {page.space.clone().map(|space| view! {
            <Rooms space=space.clone()/>
            <Slots space=space.clone()/>
            <SetupGrid space=space.clone()/>
            <Pins space=space.clone()/>
            <Placement space=space.clone() warnings=page.warnings.iter().map(|w| w.text.clone()).collect()/>
            <section aria-labelledby="kiosk-heading">
                <h2 id="kiosk-heading">{td_string!(l, openspace.setup.wall)}</h2>
                <label for="kiosk-link">{td_string!(l, openspace.setup.kiosk_link)}</label>
                <input id="kiosk-link" readonly value=page.kiosk_path.clone()/>
            </section>
        })}
    }
}

#[component]
fn Settings(event_id: i64, enabled: bool, settings: SettingsInput) -> impl IntoView {
    let save = ServerAction::<SaveOpenSpace>::new();
    let l = crate::locale::current();
    let participation =
        Participation::ALL.map(|p| view! { <option value=p.as_str() selected=settings.participation == p.as_str()>{p.label(l)}</option> });
    view! {
        <section aria-labelledby="settings-heading">
            <h2 id="settings-heading">{td_string!(l, openspace.setup.settings)}</h2>
            <Enhance><ActionForm action=save attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="os-participation">{td_string!(l, openspace.setup.who)}</label>
                <select id="os-participation" name="input[participation]">{participation}</select>
                <label for="os-proposals-close">{td_string!(l, openspace.setup.proposals_close)}</label>
                <input id="os-proposals-close" type="datetime-local" name="input[proposals_close]" value=settings.proposals_close.clone()/>
                <label for="os-voting-opens">{td_string!(l, openspace.setup.voting_opens)}</label>
                <input id="os-voting-opens" type="datetime-local" name="input[voting_opens]" value=settings.voting_opens.clone()/>
                <label for="os-voting-closes">{td_string!(l, openspace.setup.voting_closes)}</label>
                <input id="os-voting-closes" type="datetime-local" name="input[voting_closes]" value=settings.voting_closes.clone()/>
                <label for="os-dots">{td_string!(l, openspace.setup.dots)}</label>
                <input id="os-dots" type="number" min="1" max="50" name="input[dots_per_voter]" value=settings.dots_per_voter.clone() required/>
                <label for="os-max-dots">{td_string!(l, openspace.setup.max_dots)}</label>
                <input id="os-max-dots" type="number" min="1" max="50" name="input[max_dots_per_session]" value=settings.max_dots_per_session.clone() required/>
                <FormError result=save.value()/>
                <FormNotice action=SaveOpenSpace::PATH/>
                <button type="submit" class="primary">
                    {if enabled { td_string!(l, openspace.setup.save) } else { td_string!(l, openspace.setup.turn_on) }}
                </button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
fn Rooms(space: OpenSpacePage) -> impl IntoView {
    let add = ServerAction::<AddRoom>::new();
    let remove = ServerAction::<RemoveRoom>::new();
    let event_id = space.event_id;
    let l = crate::locale::current();
    view! {
        <section aria-labelledby="rooms-heading">
            <h2 id="rooms-heading">{td_string!(l, openspace.setup.rooms)}</h2>
            <FormError result=remove.value()/>
            <ul class="setup-list">
                {space.rooms.iter().map(|room| {
                    let (room_id, label) = (room.id, td_string!(l, openspace.setup.remove_room, name = &room.name).to_string());
                    view! {
                    <li>
                        <span>
                            <strong>{room.name.clone()}</strong>
                            {td_string!(l, openspace.setup.seats_suffix, n = room.capacity).to_string()}
                            {(!room.notes.is_empty()).then(|| format!(" ({})", room.notes))}
                        </span>
                        <Enhance><ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="event_id" value=event_id.to_string()/>
                            <input type="hidden" name="room_id" value=room_id.to_string()/>
                            <button type="submit" class="link-button" aria-label=label>{td_string!(l, openspace.setup.remove)}</button>
                        </ActionForm></Enhance>
                    </li>
                    }
                }).collect_view()}
            </ul>
            <Enhance><ActionForm action=add attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="room-name">{td_string!(l, openspace.setup.room_name)}</label>
                <input id="room-name" name="name" required maxlength=super::model::MAX_ROOM_NAME.to_string()/>
                <label for="room-capacity">{td_string!(l, openspace.setup.seats)}</label>
                <input id="room-capacity" type="number" name="capacity" min="1" required/>
                <label for="room-notes">{td_string!(l, openspace.setup.room_notes)}</label>
                <input id="room-notes" name="notes" maxlength=super::model::MAX_ROOM_NOTES.to_string()/>
                <FormError result=add.value()/>
                <button type="submit">{td_string!(l, openspace.setup.add_room)}</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
fn Slots(space: OpenSpacePage) -> impl IntoView {
    let add = ServerAction::<AddSlot>::new();
    let remove = ServerAction::<RemoveSlot>::new();
    let event_id = space.event_id;
    let l = crate::locale::current();
    view! {
        <section aria-labelledby="slots-heading">
            <h2 id="slots-heading">{td_string!(l, openspace.setup.slots)}</h2>
            <FormError result=remove.value()/>
            <ul class="setup-list">
                {space.slots.iter().map(|slot| {
                    let (slot_id, label) = (slot.id, td_string!(l, openspace.setup.remove_slot, slot = slot_words(slot)).to_string());
                    view! {
                    <li>
                        <span>{slot_words(slot)}</span>
                        <Enhance><ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="event_id" value=event_id.to_string()/>
                            <input type="hidden" name="slot_id" value=slot_id.to_string()/>
                            <button type="submit" class="link-button" aria-label=label>{td_string!(l, openspace.setup.remove)}</button>
                        </ActionForm></Enhance>
                    </li>
                    }
                }).collect_view()}
            </ul>
            <Enhance><ActionForm action=add attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="slot-starts">{td_string!(l, openspace.setup.starts)}</label>
                <input id="slot-starts" type="datetime-local" name="starts" required/>
                <label for="slot-ends">{td_string!(l, openspace.setup.ends)}</label>
                <input id="slot-ends" type="datetime-local" name="ends" required/>
                <FormError result=add.value()/>
                <button type="submit">{td_string!(l, openspace.setup.add_slot)}</button>
            </ActionForm></Enhance>
        </section>
    }
}

/// The grid with a form in every cell to keep it free (or free it again).
#[component]
fn SetupGrid(space: OpenSpacePage) -> impl IntoView {
    let block = ServerAction::<BlockCell>::new();
    let event_id = space.event_id;
    let l = crate::locale::current();
    let header = space.rooms.iter().map(|r| view! { <th scope="col">{r.name.clone()}</th> }).collect_view();
    let rows = space
        .slots
        .iter()
        .map(|slot| {
            let cells = space
                .rooms
                .iter()
                .map(|room| {
                    let cell = format!("{}, {}", room.name, slot_words(slot));
                    let session = space.session_in(slot.id, room.id).map(|s| {
                        view! { <a href=session_href(&space.slug, s.id)>{s.title.clone()}</a>{s.pinned.then_some(td_string!(l, openspace.pinned_suffix))} }
                    });
                    let blocked = space.blocked_label(slot.id, room.id).map(str::to_string);
                    let field = format!("block-{}-{}", slot.id, room.id);
                    let form = match blocked {
                        Some(label) => view! {
                            <span class="kept-free">{td_string!(l, openspace.kept_free_label, label = &label).to_string()}</span>
                            <input type="hidden" name="blocked" value="false"/>
                            <button type="submit" class="link-button" aria-label=td_string!(l, openspace.setup.free_label, cell = &cell).to_string()>
                                {td_string!(l, openspace.setup.free)}
                            </button>
                        }
                        .into_any(),
                        None => view! {
                            <input type="hidden" name="blocked" value="true"/>
                            <label for=field.clone() class="visually-hidden">{td_string!(l, openspace.setup.why_free, cell = &cell).to_string()}</label>
                            <input id=field name="label" maxlength="80" placeholder=td_string!(l, openspace.setup.lunch)/>
                            <button type="submit" class="link-button" aria-label=td_string!(l, openspace.setup.keep_free_label, cell = &cell).to_string()>
                                {td_string!(l, openspace.setup.keep_free)}
                            </button>
                        }
                        .into_any(),
                    };
                    let (slot_id, room_id) = (slot.id, room.id);
                    view! {
                        <td>
                            {session}
                            <Enhance><ActionForm action=block attr:class="cell-form">
                                <input type="hidden" name="event_id" value=event_id.to_string()/>
                                <input type="hidden" name="slot_id" value=slot_id.to_string()/>
                                <input type="hidden" name="room_id" value=room_id.to_string()/>
                                {form}
                            </ActionForm></Enhance>
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{slot_words(slot)}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="setup-grid-heading">
            <h2 id="setup-grid-heading">{td_string!(l, openspace.the_grid)}</h2>
            <FormError result=block.value()/>
            {if space.rooms.is_empty() || space.slots.is_empty() {
                view! { <p class="muted">{td_string!(l, openspace.setup.grid_empty)}</p> }.into_any()
            } else {
                view! {
                    <div class="grid-wrap" tabindex="0" role="region" aria-label=td_string!(l, openspace.setup.grid_label)>
                        <table class="os-grid">
                            <thead><tr><th scope="col">{td_string!(l, openspace.time)}</th>{header}</tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

/// A pin form per session: the placement leaves pinned sessions where they are.
#[component]
fn Pins(space: OpenSpacePage) -> impl IntoView {
    let pin = ServerAction::<PinSession>::new();
    let l = crate::locale::current();
    let cells: Vec<(String, String)> = space
        .slots
        .iter()
        .flat_map(|slot| space.rooms.iter().map(move |room| (slot, room)))
        .filter(|(slot, room)| space.blocked_label(slot.id, room.id).is_none())
        .map(|(slot, room)| (format!("{}:{}", slot.id, room.id), format!("{} {}, {}", slot.day, slot.time, room.name)))
        .collect();
    let items = space
        .sessions
        .iter()
        .map(|s| {
            let current = match (s.pinned, s.slot_id, s.room_id) {
                (true, Some(slot), Some(room)) => format!("{slot}:{room}"),
                _ => String::new(),
            };
            let (session_id, field) = (s.id, format!("pin-{}", s.id));
            let (field_label, button_label) = (
                td_string!(l, openspace.setup.cell_for, title = &s.title).to_string(),
                td_string!(l, openspace.setup.pin_label, title = &s.title).to_string(),
            );
            let options = cells
                .iter()
                .map(|(value, label)| view! { <option value=value.clone() selected=*value == current>{label.clone()}</option> })
                .collect_view();
            view! {
                <li>
                    <p>
                        <a href=session_href(&space.slug, s.id)>{s.title.clone()}</a>
                        {format!(
                            " — {}, {}",
                            dots_words(l, s.dots),
                            space.where_and_when(s).unwrap_or_else(|| td_string!(l, openspace.setup.not_placed).into())
                        )}
                    </p>
                    <Enhance><ActionForm action=pin attr:class="pin-form">
                        <input type="hidden" name="session_id" value=session_id.to_string()/>
                        <label for=field.clone()>{field_label}</label>
                        <select id=field name="cell">
                            <option value="" selected=current.is_empty()>{td_string!(l, openspace.setup.not_pinned)}</option>
                            {options}
                        </select>
                        <button type="submit" aria-label=button_label>{td_string!(l, openspace.setup.pin)}</button>
                    </ActionForm></Enhance>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="pins-heading">
            <h2 id="pins-heading">{td_string!(l, openspace.setup.pins)}</h2>
            <p class="muted">{td_string!(l, openspace.setup.pins_hint)}</p>
            <FormError result=pin.value()/>
            <FormNotice action=PinSession::PATH/>
            {if space.sessions.is_empty() {
                view! { <p class="muted">{td_string!(l, openspace.no_sessions)}</p> }.into_any()
            } else {
                view! { <ul class="setup-list pins">{items}</ul> }.into_any()
            }}
        </section>
    }
}

/// Placing the sessions, what the last placement achieved, the grid's warnings, and the lock.
#[component]
fn Placement(space: OpenSpacePage, warnings: Vec<String>) -> impl IntoView {
    let place = ServerAction::<PlaceSessions>::new();
    let lock = ServerAction::<LockSchedule>::new();
    let event_id = space.event_id;
    let locked = space.phase.locked;
    let l = crate::locale::current();
    view! {
        <section aria-labelledby="place-heading">
            <h2 id="place-heading">{td_string!(l, openspace.setup.placement)}</h2>
            {locked.then(|| view! { <p class="notice">{td_string!(l, openspace.setup.locked_notice)}</p> })}
            <Enhance><ActionForm action=place attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="place-seed">{td_string!(l, openspace.setup.seed)}</label>
                <input id="place-seed" type="number" min="0" name="seed"/>
                <label class="check" for="place-keep">
                    <input id="place-keep" type="checkbox" name="keep_announced" value="true" checked/>
                    {td_string!(l, openspace.setup.keep)}
                </label>
                <FormError result=place.value()/>
                <FormNotice action=PlaceSessions::PATH/>
                <button type="submit" class="primary">{td_string!(l, openspace.setup.place)}</button>
            </ActionForm></Enhance>
            {space.figures.clone().map(|figures| view! { <Figures figures zone=space.time_zone.clone()/> })}
            {(!warnings.is_empty()).then(|| view! {
                <h3>{td_string!(l, openspace.setup.warnings)}</h3>
                <ul class="warnings">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            })}
            <Enhance><ActionForm action=lock attr:class="stack">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <input type="hidden" name="locked" value=(!locked).to_string()/>
                <FormError result=lock.value()/>
                <FormNotice action=LockSchedule::PATH/>
                <button type="submit">{if locked { td_string!(l, openspace.setup.unlock) } else { td_string!(l, openspace.setup.lock) }}</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
fn Figures(figures: PlacementFigures, zone: String) -> impl IntoView {
    let l = crate::locale::current();
    let placed_at = placed_at(l, &figures, &zone);
    let share = |part: u64| {
        let pct = crate::locale::decimal(l, PlacementFigures::share(part, figures.total_dots), 1);
        td_string!(l, openspace.setup.share, pct = pct, part = part, total = figures.total_dots).to_string()
    };
    let seats = if figures.seats_short.is_empty() {
        td_string!(l, openspace.setup.none).to_string()
    } else {
        figures.seats_short.iter().map(|(room, n)| format!("{room}: {n}")).collect::<Vec<_>>().join(", ")
    };
    view! {
        <h3>{td_string!(l, openspace.setup.last)}</h3>
        <div class="grid-wrap" tabindex="0" role="region" aria-label=td_string!(l, openspace.setup.missed)>
            <table class="figures">
                <thead>
                    <tr>
                        <th scope="col">{td_string!(l, openspace.setup.missed)}</th>
                        <th scope="col">{td_string!(l, openspace.setup.this)}</th>
                        <th scope="col">{td_string!(l, openspace.setup.greedy)}</th>
                        <th scope="col">{td_string!(l, openspace.setup.bound)}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{td_string!(l, openspace.setup.share_all)}</th>
                        <td>{share(figures.missed_dots)}</td>
                        <td>{share(figures.baseline_missed_dots)}</td>
                        <td>{share(figures.lower_bound)}</td>
                    </tr>
                </tbody>
            </table>
        </div>
        <dl class="facts">
            <dt>{td_string!(l, openspace.setup.seats_short)}</dt>
            <dd>{format!("{} ({seats})", figures.seats_short_total())}</dd>
            <dt>{td_string!(l, openspace.setup.clashes)}</dt>
            <dd>{figures.facilitator_clashes}</dd>
            <dt>{td_string!(l, openspace.setup.unplaced)}</dt>
            <dd>{figures.unplaced}</dd>
            <dt>{td_string!(l, openspace.setup.moved)}</dt>
            <dd>{figures.moved}</dd>
            <dt>{td_string!(l, openspace.setup.seed_short)}</dt>
            <dd>{figures.seed.to_string()}</dd>
            <dt>{td_string!(l, openspace.setup.placed)}</dt>
            <dd>{td_string!(l, openspace.setup.placed_at, at = placed_at, ms = figures.millis).to_string()}</dd>
        </dl>
    }
}

/// When the placement ran, in the reader's language and the event's zone; figures kept before
/// the time was recorded have only their English words.
fn placed_at(l: crate::locale::Locale, figures: &PlacementFigures, zone: &str) -> String {
    #[cfg(feature = "ssr")]
    if let Some(at) = figures.placed_at_iso.as_deref().and_then(|at| at.parse::<jiff::Timestamp>().ok()) {
        let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
        return crate::locale::date_time(l, &at.to_zoned(tz));
    }
    let _ = (l, zone);
    figures.placed_at.clone()
}
