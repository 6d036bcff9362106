//! The leads' lists and forms: sponsors, their items, boxes checked in, stations in walking
//! order with the links for their phones, and shifts with who signed up.

use leptos::form::ActionForm;
use leptos::prelude::*;
use server_fn::ServerFn as _;

use super::api::{AddItem, AddShift, AddSponsor, AddStation, CheckInShipment, RemoveStation};
use super::model::{StationKind, thousands};
use super::views::PackingSetup;
use crate::ui::{Enhance, FormError, FormNotice};

#[component]
pub fn Sponsors(page: PackingSetup) -> impl IntoView {
    let add = ServerAction::<AddSponsor>::new();
    let items = page
        .sponsors
        .iter()
        .map(|s| {
            let mut details: Vec<String> = [&s.contact, &s.tier].into_iter().filter(|t| !t.is_empty()).cloned().collect();
            details.push(match s.shipments {
                1 => "1 shipment".into(),
                n => format!("{n} shipments"),
            });
            view! { <li><strong>{s.name.clone()}</strong>" — " {details.join(", ")}</li> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="sponsors-heading">
            <h2 id="sponsors-heading">"Sponsors"</h2>
            {if page.sponsors.is_empty() {
                view! { <p class="muted">"No sponsors yet."</p> }.into_any()
            } else {
                view! { <ul class="setup-list">{items}</ul> }.into_any()
            }}
            <Enhance><ActionForm action=add attr:class="stack narrow">
                <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                <label for="sponsor-name">"Sponsor's name"</label>
                <input id="sponsor-name" name="name" required maxlength="120"/>
                <label for="sponsor-contact">"Contact (optional)"</label>
                <input id="sponsor-contact" name="contact" maxlength="200" autocomplete="off"/>
                <label for="sponsor-tier">"Tier (optional)"</label>
                <input id="sponsor-tier" name="tier" maxlength="40" placeholder="e.g. Gold"/>
                <FormError result=add.value()/>
                <button type="submit">"Add sponsor"</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
pub fn Items(page: PackingSetup) -> impl IntoView {
    let add = ServerAction::<AddItem>::new();
    let rows = page
        .items
        .iter()
        .map(|i| {
            let s = &i.stock;
            view! {
                <tr>
                    <td>{s.sponsor.clone()}</td>
                    <th scope="row">{s.name.clone()}</th>
                    <td>{s.per_bag}</td>
                    <td>{if s.expected == 0 { "—".to_string() } else { thousands(s.expected) }}</td>
                    <td>{thousands(s.received)}</td>
                    <td>{s.shipments}</td>
                    <td>{i.notes.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let sponsors = page.sponsors.iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view();
    view! {
        <section aria-labelledby="items-heading">
            <h2 id="items-heading">"Items"</h2>
            {if page.items.is_empty() {
                view! { <p class="muted">"No items yet."</p> }.into_any()
            } else {
                view! {
                    <div class="grid-wrap" tabindex="0" role="region" aria-label="Items by sponsor, with their stock">
                        <table class="packing-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Sponsor"</th>
                                    <th scope="col">"Item"</th>
                                    <th scope="col">"Per bag"</th>
                                    <th scope="col">"Expected"</th>
                                    <th scope="col">"Received"</th>
                                    <th scope="col">"Shipments"</th>
                                    <th scope="col">"Notes"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            {if page.sponsors.is_empty() {
                view! { <p class="muted">"Add a sponsor first, then their items."</p> }.into_any()
            } else {
                view! {
                    <Enhance><ActionForm action=add attr:class="stack narrow">
                        <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                        <label for="item-sponsor">"Sponsor"</label>
                        <select id="item-sponsor" name="input[sponsor_id]">{sponsors}</select>
                        <label for="item-name">"Item, as people count it (e.g. pens)"</label>
                        <input id="item-name" name="input[name]" required maxlength="120"/>
                        <label for="item-per-bag">"Pieces per bag (empty: 1)"</label>
                        <input id="item-per-bag" name="input[per_bag]" inputmode="numeric"/>
                        <label for="item-expected">"Pieces the sponsor announced (optional)"</label>
                        <input id="item-expected" name="input[expected]" inputmode="numeric"/>
                        <label for="item-notes">"Notes (optional: fragile, insert last)"</label>
                        <input id="item-notes" name="input[notes]" maxlength="200"/>
                        <FormError result=add.value()/>
                        <button type="submit">"Add item"</button>
                    </ActionForm></Enhance>
                }
                .into_any()
            }}
        </section>
    }
}

/// A box counted in at the door.
#[component]
pub fn CheckIn(page: PackingSetup) -> impl IntoView {
    let check_in = ServerAction::<CheckInShipment>::new();
    let items = page
        .items
        .iter()
        .map(|i| view! { <option value=i.stock.item_id.to_string()>{format!("{}: {}", i.stock.sponsor, i.stock.name)}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="check-in-heading">
            <h2 id="check-in-heading">"Check in a box"</h2>
            {if page.items.is_empty() {
                view! { <p class="muted">"Add items first: a box is checked in against one of them."</p> }.into_any()
            } else {
                view! {
                    <Enhance><ActionForm action=check_in attr:class="stack narrow">
                        <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                        <label for="check-in-item">"Item"</label>
                        <select id="check-in-item" name="item_id">{items}</select>
                        <label for="check-in-received">"Pieces in the box"</label>
                        <input id="check-in-received" name="received" inputmode="numeric" required/>
                        <label for="check-in-note">"Note (optional: what did not match)"</label>
                        <input id="check-in-note" name="note" maxlength="300"/>
                        <FormError result=check_in.value()/>
                        <FormNotice action=CheckInShipment::PATH/>
                        <button type="submit" class="primary">"Check in"</button>
                    </ActionForm></Enhance>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
pub fn Stations(page: PackingSetup) -> impl IntoView {
    let add = ServerAction::<AddStation>::new();
    let remove = ServerAction::<RemoveStation>::new();
    let event_id = page.event_id;
    let stations = page
        .stations
        .iter()
        .map(|s| {
            let (id, name) = (s.id, s.name.clone());
            let link_id = format!("station-link-{id}");
            let does = match &s.item {
                Some(item) => format!("{}: {item}", s.kind.label()),
                None => s.kind.label().to_string(),
            };
            view! {
                <li>
                    <span><strong>{name.clone()}</strong>" — " {does}</span>
                    <a href=s.screen.clone() aria-label=format!("Station screen of {name}")>"Station screen"</a>
                    <div class="copy-link">
                        <label for=link_id.clone()>{format!("Link for the phone at {name}")}</label>
                        <input id=link_id readonly value=s.screen.clone()/>
                    </div>
                    <Enhance><ActionForm action=remove attr:class="inline-form">
                        <input type="hidden" name="event_id" value=event_id.to_string()/>
                        <input type="hidden" name="station_id" value=id.to_string()/>
                        <button type="submit" class="link-button" aria-label=format!("Remove station {name}")>"Remove"</button>
                    </ActionForm></Enhance>
                </li>
            }
        })
        .collect_view();
    let kinds = StationKind::ALL.map(|k| view! { <option value=k.as_str()>{k.label()}</option> });
    let items = page
        .items
        .iter()
        .map(|i| view! { <option value=i.stock.item_id.to_string()>{format!("{}: {}", i.stock.sponsor, i.stock.name)}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="stations-heading">
            <h2 id="stations-heading">"Stations, in walking order"</h2>
            <FormError result=remove.value()/>
            {if page.stations.is_empty() {
                view! { <p class="muted">"No stations yet."</p> }.into_any()
            } else {
                view! { <ol class="setup-list stations">{stations}</ol> }.into_any()
            }}
            <Enhance><ActionForm action=add attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="station-name">"Station name"</label>
                <input id="station-name" name="name" required maxlength="80" placeholder="e.g. Table 1: pens"/>
                <label for="station-kind">"What it does"</label>
                <select id="station-kind" name="kind">{kinds}</select>
                <label for="station-item">"Item it hands out (not for the folding station)"</label>
                <select id="station-item" name="item_id">
                    <option value="">"None"</option>
                    {items}
                </select>
                <FormError result=add.value()/>
                <button type="submit">"Add station"</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
pub fn Shifts(page: PackingSetup) -> impl IntoView {
    let add = ServerAction::<AddShift>::new();
    let shifts = page
        .shifts
        .iter()
        .map(|s| {
            let who = if s.volunteers.is_empty() {
                view! { <p class="muted">"Nobody yet."</p> }.into_any()
            } else {
                view! { <ul>{s.volunteers.iter().map(|v| view! { <li>{format!("{}, {}", v.name, v.job)}</li> }).collect_view()}</ul> }
                    .into_any()
            };
            view! {
                <li>
                    <div>
                        <strong>{s.when.clone()}</strong>
                        {format!(" — {} of {} volunteers", s.volunteers.len(), s.needed)}
                        {who}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="shifts-heading">
            <h2 id="shifts-heading">"Shifts"</h2>
            {if page.shifts.is_empty() {
                view! { <p class="muted">"No shifts yet."</p> }.into_any()
            } else {
                view! { <ul class="setup-list">{shifts}</ul> }.into_any()
            }}
            <Enhance><ActionForm action=add attr:class="stack narrow">
                <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                <label for="shift-starts">"Starts"</label>
                <input id="shift-starts" type="datetime-local" name="starts" required/>
                <label for="shift-ends">"Ends"</label>
                <input id="shift-ends" type="datetime-local" name="ends" required/>
                <label for="shift-needed">"Volunteers needed"</label>
                <input id="shift-needed" type="number" min="1" max="1000" name="needed" required/>
                <FormError result=add.value()/>
                <button type="submit">"Add shift"</button>
            </ActionForm></Enhance>
        </section>
    }
}
