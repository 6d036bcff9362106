//! The leads' lists and forms: sponsors, their items, boxes checked in, stations in walking
//! order with the links for their phones, and shifts with who signed up.

use leptos::form::ActionForm;
use leptos::prelude::*;
use server_fn::ServerFn as _;

use super::api::{AddItem, AddShift, AddSponsor, AddStation, CheckInShipment, RemoveStation};
use super::model::StationKind;
use super::views::PackingSetup;
use crate::i18n::td_string;
use crate::locale::number;
use crate::ui::{Enhance, FormError, FormNotice};

#[component]
pub fn Sponsors(page: PackingSetup) -> impl IntoView {
    let add = ServerAction::<AddSponsor>::new();
    let l = crate::locale::current();
    let items = page
        .sponsors
        .iter()
        .map(|s| {
            let mut details: Vec<String> = [&s.contact, &s.tier].into_iter().filter(|t| !t.is_empty()).cloned().collect();
            details.push(match s.shipments {
                1 => td_string!(l, packing.leads.one_shipment).into(),
                n => td_string!(l, packing.leads.n_shipments, n = n).to_string(),
            });
            view! { <li><strong>{s.name.clone()}</strong>" — " {details.join(", ")}</li> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="sponsors-heading">
            <h2 id="sponsors-heading">{td_string!(l, packing.leads.sponsors)}</h2>
            {if page.sponsors.is_empty() {
                view! { <p class="muted">{td_string!(l, packing.leads.no_sponsors)}</p> }.into_any()
            } else {
                view! { <ul class="setup-list">{items}</ul> }.into_any()
            }}
            <Enhance><ActionForm action=add attr:class="stack narrow">
                <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                <label for="sponsor-name">{td_string!(l, packing.leads.sponsor_name)}</label>
                <input id="sponsor-name" name="name" required maxlength="120"/>
                <label for="sponsor-contact">{td_string!(l, packing.leads.contact)}</label>
                <input id="sponsor-contact" name="contact" maxlength="200" autocomplete="off"/>
                <label for="sponsor-tier">{td_string!(l, packing.leads.tier)}</label>
                <input id="sponsor-tier" name="tier" maxlength="40" placeholder=td_string!(l, packing.leads.tier_example)/>
                <FormError result=add.value()/>
                <button type="submit">{td_string!(l, packing.leads.add_sponsor)}</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
pub fn Items(page: PackingSetup) -> impl IntoView {
    let add = ServerAction::<AddItem>::new();
    let l = crate::locale::current();
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
                    <td>{if s.expected == 0 { "—".to_string() } else { number(l, s.expected) }}</td>
                    <td>{number(l, s.received)}</td>
                    <td>{s.shipments}</td>
                    <td>{i.notes.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let sponsors = page.sponsors.iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view();
    view! {
        <section aria-labelledby="items-heading">
            <h2 id="items-heading">{td_string!(l, packing.leads.items)}</h2>
            {if page.items.is_empty() {
                view! { <p class="muted">{td_string!(l, packing.leads.no_items)}</p> }.into_any()
            } else {
                view! {
                    <div class="grid-wrap" tabindex="0" role="region" aria-label=td_string!(l, packing.leads.items_label)>
                        <table class="packing-table">
                            <thead>
                                <tr>
                                    <th scope="col">{td_string!(l, packing.leads.sponsor)}</th>
                                    <th scope="col">{td_string!(l, packing.leads.item)}</th>
                                    <th scope="col">{td_string!(l, packing.leads.per_bag)}</th>
                                    <th scope="col">{td_string!(l, packing.leads.expected)}</th>
                                    <th scope="col">{td_string!(l, packing.leads.received)}</th>
                                    <th scope="col">{td_string!(l, packing.leads.shipments)}</th>
                                    <th scope="col">{td_string!(l, packing.leads.notes)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            {if page.sponsors.is_empty() {
                view! { <p class="muted">{td_string!(l, packing.leads.sponsor_first)}</p> }.into_any()
            } else {
                view! {
                    <Enhance><ActionForm action=add attr:class="stack narrow">
                        <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                        <label for="item-sponsor">{td_string!(l, packing.leads.sponsor)}</label>
                        <select id="item-sponsor" name="input[sponsor_id]">{sponsors}</select>
                        <label for="item-name">{td_string!(l, packing.leads.item_name)}</label>
                        <input id="item-name" name="input[name]" required maxlength="120"/>
                        <label for="item-per-bag">{td_string!(l, packing.leads.pieces_per_bag)}</label>
                        <input id="item-per-bag" name="input[per_bag]" inputmode="numeric"/>
                        <label for="item-expected">{td_string!(l, packing.leads.announced)}</label>
                        <input id="item-expected" name="input[expected]" inputmode="numeric"/>
                        <label for="item-notes">{td_string!(l, packing.leads.item_notes)}</label>
                        <input id="item-notes" name="input[notes]" maxlength="200"/>
                        <FormError result=add.value()/>
                        <button type="submit">{td_string!(l, packing.leads.add_item)}</button>
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
    let l = crate::locale::current();
    let items = page
        .items
        .iter()
        .map(|i| view! { <option value=i.stock.item_id.to_string()>{format!("{}: {}", i.stock.sponsor, i.stock.name)}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="check-in-heading">
            <h2 id="check-in-heading">{td_string!(l, packing.leads.check_in_heading)}</h2>
            {if page.items.is_empty() {
                view! { <p class="muted">{td_string!(l, packing.leads.items_first)}</p> }.into_any()
            } else {
                view! {
                    <Enhance><ActionForm action=check_in attr:class="stack narrow">
                        <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                        <label for="check-in-item">{td_string!(l, packing.leads.item)}</label>
                        <select id="check-in-item" name="item_id">{items}</select>
                        <label for="check-in-received">{td_string!(l, packing.leads.pieces_in_box)}</label>
                        <input id="check-in-received" name="received" inputmode="numeric" required/>
                        <label for="check-in-note">{td_string!(l, packing.leads.box_note)}</label>
                        <input id="check-in-note" name="note" maxlength="300"/>
                        <FormError result=check_in.value()/>
                        <FormNotice action=CheckInShipment::PATH/>
                        <button type="submit" class="primary">{td_string!(l, packing.leads.check_in)}</button>
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
    let l = crate::locale::current();
    let stations = page
        .stations
        .iter()
        .map(|s| {
            let (id, name) = (s.id, s.name.clone());
            let link_id = format!("station-link-{id}");
            let does = match &s.item {
                Some(item) => format!("{}: {item}", s.kind.label(l)),
                None => s.kind.label(l).to_string(),
            };
            view! {
                <li>
                    <span><strong>{name.clone()}</strong>" — " {does}</span>
                    <a href=s.screen.clone() aria-label=td_string!(l, packing.leads.screen_of, name = &name).to_string()>
                        {td_string!(l, packing.leads.screen)}
                    </a>
                    <div class="copy-link">
                        <label for=link_id.clone()>{td_string!(l, packing.leads.link_for, name = &name).to_string()}</label>
                        <input id=link_id readonly value=s.screen.clone()/>
                    </div>
                    <Enhance><ActionForm action=remove attr:class="inline-form">
                        <input type="hidden" name="event_id" value=event_id.to_string()/>
                        <input type="hidden" name="station_id" value=id.to_string()/>
                        <button type="submit" class="link-button" aria-label=td_string!(l, packing.leads.remove_station, name = &name).to_string()>
                            {td_string!(l, packing.leads.remove)}
                        </button>
                    </ActionForm></Enhance>
                </li>
            }
        })
        .collect_view();
    let kinds = StationKind::ALL.map(|k| view! { <option value=k.as_str()>{k.label(l)}</option> });
    let items = page
        .items
        .iter()
        .map(|i| view! { <option value=i.stock.item_id.to_string()>{format!("{}: {}", i.stock.sponsor, i.stock.name)}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="stations-heading">
            <h2 id="stations-heading">{td_string!(l, packing.leads.stations)}</h2>
            <FormError result=remove.value()/>
            {if page.stations.is_empty() {
                view! { <p class="muted">{td_string!(l, packing.leads.no_stations)}</p> }.into_any()
            } else {
                view! { <ol class="setup-list stations">{stations}</ol> }.into_any()
            }}
            <Enhance><ActionForm action=add attr:class="stack narrow">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="station-name">{td_string!(l, packing.leads.station_name)}</label>
                <input id="station-name" name="name" required maxlength="80" placeholder=td_string!(l, packing.leads.station_example)/>
                <label for="station-kind">{td_string!(l, packing.leads.does)}</label>
                <select id="station-kind" name="kind">{kinds}</select>
                <label for="station-item">{td_string!(l, packing.leads.station_item)}</label>
                <select id="station-item" name="item_id">
                    <option value="">{td_string!(l, packing.leads.none_option)}</option>
                    {items}
                </select>
                <FormError result=add.value()/>
                <button type="submit">{td_string!(l, packing.leads.add_station)}</button>
            </ActionForm></Enhance>
        </section>
    }
}

#[component]
pub fn Shifts(page: PackingSetup) -> impl IntoView {
    let add = ServerAction::<AddShift>::new();
    let l = crate::locale::current();
    let shifts = page
        .shifts
        .iter()
        .map(|s| {
            let who = if s.volunteers.is_empty() {
                view! { <p class="muted">{td_string!(l, packing.leads.nobody)}</p> }.into_any()
            } else {
                view! { <ul>{s.volunteers.iter().map(|v| view! { <li>{format!("{}, {}", v.name, v.job)}</li> }).collect_view()}</ul> }
                    .into_any()
            };
            view! {
                <li>
                    <div>
                        <strong>{s.when.clone()}</strong>
                        {td_string!(l, packing.leads.of_volunteers, n = s.volunteers.len(), needed = s.needed).to_string()}
                        {who}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="shifts-heading">
            <h2 id="shifts-heading">{td_string!(l, packing.leads.shifts)}</h2>
            {if page.shifts.is_empty() {
                view! { <p class="muted">{td_string!(l, packing.leads.no_shifts)}</p> }.into_any()
            } else {
                view! { <ul class="setup-list">{shifts}</ul> }.into_any()
            }}
            <Enhance><ActionForm action=add attr:class="stack narrow">
                <input type="hidden" name="event_id" value=page.event_id.to_string()/>
                <label for="shift-starts">{td_string!(l, packing.leads.starts)}</label>
                <input id="shift-starts" type="datetime-local" name="starts" required/>
                <label for="shift-ends">{td_string!(l, packing.leads.ends)}</label>
                <input id="shift-ends" type="datetime-local" name="ends" required/>
                <label for="shift-needed">{td_string!(l, packing.leads.needed)}</label>
                <input id="shift-needed" type="number" min="1" max="1000" name="needed" required/>
                <FormError result=add.value()/>
                <button type="submit">{td_string!(l, packing.leads.add_shift)}</button>
            </ActionForm></Enhance>
        </section>
    }
}
