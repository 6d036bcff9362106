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
use crate::ui::{Enhance, ErrorView, FormError, FormNotice};

#[component]
pub fn OpenSpaceSetupPage() -> impl IntoView {
    let slug = slug_param();
    let page = Resource::new(slug, open_space_setup);
    view! {
        <Title text="Set up the open space"/>
        <section class="open-space setup">
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
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
    view! {
        <h1>"Set up the open space: " {page.event_title.clone()}</h1>
        <nav class="os-links" aria-label="Open space">
            <a href=base.clone()>"Back to the event"</a>
            {page.enabled.then(|| view! {
                <a href=format!("{base}/open-space")>"The participants' page"</a>
                <a href=format!("{base}/board")>"The board"</a>
                <a href=format!("{base}/open-space/sessions.csv") download="" rel="external">"Sessions as CSV"</a>
            })}
        </nav>
        <p class="muted">{format!("Times are local to the event ({}).", page.time_zone)}</p>
        <Settings event_id=page.event_id enabled=page.enabled settings=page.settings.clone()/>
        {page.space.clone().map(|space| view! {
            <Rooms space=space.clone()/>
            <Slots space=space.clone()/>
            <SetupGrid space=space.clone()/>
            <Pins space=space.clone()/>
            <Placement space=space.clone() warnings=page.warnings.iter().map(|w| w.text.clone()).collect()/>
            <section aria-labelledby="kiosk-heading">
                <h2 id="kiosk-heading">"Wall screen"</h2>
                <label for="kiosk-link">"The board's address with a read-only key, for a screen nobody signs in on"</label>
                <input id="kiosk-link" readonly value=page.kiosk_path.clone()/>
            </section>
        })}
    }
}

#[component]
fn Settings(event_id: i64, enabled: bool, settings: SettingsInput) -> impl IntoView {
    let save = ServerAction::<SaveOpenSpace>::new();
    let participation =
        Participation::ALL.map(|p| view! { <option value=p.as_str() selected=settings.participation == p.as_str()>{p.label()}</option> });
    view! {
        <section aria-labelledby="settings-heading">
            <h2 id="settings-heading">"Settings"</h2>
            <Enhance><ActionForm action=save attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="os-participation">"Who may propose and vote"</label>
                <select id="os-participation" name="input[participation]">{participation}</select>
                <label for="os-proposals-close">"Proposals close (empty: when the event ends)"</label>
                <input id="os-proposals-close" type="datetime-local" name="input[proposals_close]" value=settings.proposals_close.clone()/>
                <label for="os-voting-opens">"Voting opens (empty: now)"</label>
                <input id="os-voting-opens" type="datetime-local" name="input[voting_opens]" value=settings.voting_opens.clone()/>
                <label for="os-voting-closes">"Voting closes (empty: when the event ends)"</label>
                <input id="os-voting-closes" type="datetime-local" name="input[voting_closes]" value=settings.voting_closes.clone()/>
                <label for="os-dots">"Dots per person"</label>
                <input id="os-dots" type="number" min="1" max="50" name="input[dots_per_voter]" value=settings.dots_per_voter.clone() required/>
                <label for="os-max-dots">"At most this many dots from one person on one session"</label>
                <input id="os-max-dots" type="number" min="1" max="50" name="input[max_dots_per_session]" value=settings.max_dots_per_session.clone() required/>
                <FormError result=save.value()/>
                <FormNotice action=SaveOpenSpace::PATH/>
                <button type="submit" class="primary">{if enabled { "Save settings" } else { "Turn on the open space" }}</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
fn Rooms(space: OpenSpacePage) -> impl IntoView {
    let add = ServerAction::<AddRoom>::new();
    let remove = ServerAction::<RemoveRoom>::new();
    let event_id = space.event_id;
    view! {
        <section aria-labelledby="rooms-heading">
            <h2 id="rooms-heading">"Rooms"</h2>
            <FormError result=remove.value()/>
            <ul class="setup-list">
                {space.rooms.iter().map(|room| {
                    let (room_id, label) = (room.id, format!("Remove room {}", room.name));
                    view! {
                    <li>
                        <span>
                            <strong>{room.name.clone()}</strong>
                            {format!(", {} seats", room.capacity)}
                            {(!room.notes.is_empty()).then(|| format!(" ({})", room.notes))}
                        </span>
                        <Enhance><ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="event_id" value=event_id.to_string()/>
                            <input type="hidden" name="room_id" value=room_id.to_string()/>
                            <button type="submit" class="link-button" aria-label=label>"Remove"</button>
                        </ActionForm></Enhance>
                    </li>
                    }
                }).collect_view()}
            </ul>
            <Enhance><ActionForm action=add attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="room-name">"Room name"</label>
                <input id="room-name" name="name" required maxlength=super::model::MAX_ROOM_NAME.to_string()/>
                <label for="room-capacity">"Seats"</label>
                <input id="room-capacity" type="number" name="capacity" min="1" required/>
                <label for="room-notes">"Notes (optional: a projector, the second floor)"</label>
                <input id="room-notes" name="notes" maxlength=super::model::MAX_ROOM_NOTES.to_string()/>
                <FormError result=add.value()/>
                <button type="submit">"Add room"</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
fn Slots(space: OpenSpacePage) -> impl IntoView {
    let add = ServerAction::<AddSlot>::new();
    let remove = ServerAction::<RemoveSlot>::new();
    let event_id = space.event_id;
    view! {
        <section aria-labelledby="slots-heading">
            <h2 id="slots-heading">"Time slots"</h2>
            <FormError result=remove.value()/>
            <ul class="setup-list">
                {space.slots.iter().map(|slot| {
                    let (slot_id, label) = (slot.id, format!("Remove slot {}", slot_words(slot)));
                    view! {
                    <li>
                        <span>{slot_words(slot)}</span>
                        <Enhance><ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="event_id" value=event_id.to_string()/>
                            <input type="hidden" name="slot_id" value=slot_id.to_string()/>
                            <button type="submit" class="link-button" aria-label=label>"Remove"</button>
                        </ActionForm></Enhance>
                    </li>
                    }
                }).collect_view()}
            </ul>
            <Enhance><ActionForm action=add attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="slot-starts">"Starts"</label>
                <input id="slot-starts" type="datetime-local" name="starts" required/>
                <label for="slot-ends">"Ends"</label>
                <input id="slot-ends" type="datetime-local" name="ends" required/>
                <FormError result=add.value()/>
                <button type="submit">"Add slot"</button>
            </ActionForm></Enhance>
        </section>
    }
}

/// The grid with a form in every cell to keep it free (or free it again).
#[component]
fn SetupGrid(space: OpenSpacePage) -> impl IntoView {
    let block = ServerAction::<BlockCell>::new();
    let event_id = space.event_id;
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
                        view! { <a href=session_href(&space.slug, s.id)>{s.title.clone()}</a>{s.pinned.then_some(" (pinned)")} }
                    });
                    let blocked = space.blocked_label(slot.id, room.id).map(str::to_string);
                    let field = format!("block-{}-{}", slot.id, room.id);
                    let form = match blocked {
                        Some(label) => view! {
                            <span class="kept-free">{format!("kept free: {label}")}</span>
                            <input type="hidden" name="blocked" value="false"/>
                            <button type="submit" class="link-button" aria-label=format!("Free: {cell}")>"Free"</button>
                        }
                        .into_any(),
                        None => view! {
                            <input type="hidden" name="blocked" value="true"/>
                            <label for=field.clone() class="visually-hidden">{format!("Why {cell} is kept free")}</label>
                            <input id=field name="label" maxlength="80" placeholder="e.g. Lunch"/>
                            <button type="submit" class="link-button" aria-label=format!("Keep free: {cell}")>"Keep free"</button>
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
            <h2 id="setup-grid-heading">"The grid"</h2>
            <FormError result=block.value()/>
            {if space.rooms.is_empty() || space.slots.is_empty() {
                view! { <p class="muted">"Add rooms and time slots, and the grid appears here."</p> }.into_any()
            } else {
                view! {
                    <div class="grid-wrap" tabindex="0" role="region" aria-label="The grid to edit, rooms by time">
                        <table class="os-grid">
                            <thead><tr><th scope="col">"Time"</th>{header}</tr></thead>
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
            let (field_label, button_label) = (format!("Cell for {}", s.title), format!("Pin {}", s.title));
            let options = cells
                .iter()
                .map(|(value, label)| view! { <option value=value.clone() selected=*value == current>{label.clone()}</option> })
                .collect_view();
            view! {
                <li>
                    <p>
                        <a href=session_href(&space.slug, s.id)>{s.title.clone()}</a>
                        {format!(" — {}, {}", dots_words(s.dots), space.where_and_when(s).unwrap_or_else(|| "not placed".into()))}
                    </p>
                    <Enhance><ActionForm action=pin attr:class="pin-form">
                        <input type="hidden" name="session_id" value=session_id.to_string()/>
                        <label for=field.clone()>{field_label}</label>
                        <select id=field name="cell">
                            <option value="" selected=current.is_empty()>"Not pinned"</option>
                            {options}
                        </select>
                        <button type="submit" aria-label=button_label>"Pin"</button>
                    </ActionForm></Enhance>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="pins-heading">
            <h2 id="pins-heading">"Sessions and pins"</h2>
            <p class="muted">"A pinned session stays in its cell when sessions are placed; “Not pinned” lets it move again."</p>
            <FormError result=pin.value()/>
            <FormNotice action=PinSession::PATH/>
            {if space.sessions.is_empty() {
                view! { <p class="muted">"No sessions proposed yet."</p> }.into_any()
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
    view! {
        <section aria-labelledby="place-heading">
            <h2 id="place-heading">"Placement"</h2>
            {locked.then(|| view! { <p class="notice">"The schedule is locked: unlock it to place or move sessions."</p> })}
            <Enhance><ActionForm action=place attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="place-seed">"Seed (optional: the same seed and input place the same way)"</label>
                <input id="place-seed" type="number" min="0" name="seed"/>
                <label class="check" for="place-keep">
                    <input id="place-keep" type="checkbox" name="keep_announced" value="true" checked/>
                    " Keep sessions that already have a cell where they are, if that costs little"
                </label>
                <FormError result=place.value()/>
                <FormNotice action=PlaceSessions::PATH/>
                <button type="submit" class="primary">"Place sessions"</button>
            </ActionForm></Enhance>
            {space.figures.clone().map(|figures| view! { <Figures figures/> })}
            {(!warnings.is_empty()).then(|| view! {
                <h3>"Warnings"</h3>
                <ul class="warnings">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
            })}
            <Enhance><ActionForm action=lock attr:class="stack">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <input type="hidden" name="locked" value=(!locked).to_string()/>
                <FormError result=lock.value()/>
                <FormNotice action=LockSchedule::PATH/>
                <button type="submit">{if locked { "Unlock the schedule" } else { "Lock the schedule" }}</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
fn Figures(figures: PlacementFigures) -> impl IntoView {
    let share = |part: u64| format!("{:.1}% ({part} of {})", PlacementFigures::share(part, figures.total_dots), figures.total_dots);
    let seats = if figures.seats_short.is_empty() {
        "none".to_string()
    } else {
        figures.seats_short.iter().map(|(room, n)| format!("{room}: {n}")).collect::<Vec<_>>().join(", ")
    };
    view! {
        <h3>"The last placement"</h3>
        <div class="grid-wrap" tabindex="0" role="region" aria-label="Missed dots">
            <table class="figures">
                <thead>
                    <tr>
                        <th scope="col">"Missed dots"</th>
                        <th scope="col">"This placement"</th>
                        <th scope="col">"Greedy baseline"</th>
                        <th scope="col">"Lower bound"</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">"Share of all dots"</th>
                        <td>{share(figures.missed_dots)}</td>
                        <td>{share(figures.baseline_missed_dots)}</td>
                        <td>{share(figures.lower_bound)}</td>
                    </tr>
                </tbody>
            </table>
        </div>
        <dl class="facts">
            <dt>"Seats short"</dt>
            <dd>{format!("{} ({seats})", figures.seats_short_total())}</dd>
            <dt>"Facilitator clashes"</dt>
            <dd>{figures.facilitator_clashes}</dd>
            <dt>"Unplaced sessions"</dt>
            <dd>{figures.unplaced}</dd>
            <dt>"Moved sessions"</dt>
            <dd>{figures.moved}</dd>
            <dt>"Seed"</dt>
            <dd>{figures.seed.to_string()}</dd>
            <dt>"Placed"</dt>
            <dd>{format!("{} (in {} ms)", figures.placed_at, figures.millis)}</dd>
        </dl>
    }
}
