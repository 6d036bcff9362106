//! The event page's "Team" section: its owners give co-organizer, check-in, packing-lead and
//! conduct-responder roles by email and take them back. A check-in helper needs no organizer
//! rights: the role opens the door page and nothing else.

use leptos::form::ActionForm;
use leptos::prelude::*;
use server_fn::codec::GetUrl;

use super::model::EventDetails;
use crate::auth::model::{EventRole, RoleHolder};
use crate::error::AppError;
use crate::i18n::td_string;
use crate::locale::{self, Locale};
use crate::ui::{Enhance, FormError, FormNotice};
use server_fn::ServerFn as _;

/// The roles the section hands out; owners are appointed elsewhere (the roles API).
pub const TEAM_ROLES: [EventRole; 4] = [EventRole::CoOrganizer, EventRole::CheckIn, EventRole::Packing, EventRole::ConductResponder];

/// The role's name on this page.
pub fn role_name(l: Locale, role: EventRole) -> String {
    match role {
        EventRole::Owner => td_string!(l, team.owner),
        EventRole::CoOrganizer => td_string!(l, team.co_organizer),
        EventRole::CheckIn => td_string!(l, team.check_in),
        EventRole::Packing => td_string!(l, team.packing),
        EventRole::ConductResponder => td_string!(l, team.conduct_responder),
    }
    .to_string()
}

fn role_hint(l: Locale, role: EventRole) -> String {
    match role {
        EventRole::CoOrganizer => td_string!(l, team.co_organizer_hint),
        EventRole::CheckIn => td_string!(l, team.check_in_hint),
        EventRole::Packing => td_string!(l, team.packing_hint),
        EventRole::ConductResponder => td_string!(l, team.conduct_responder_hint),
        EventRole::Owner => "",
    }
    .to_string()
}

/// Everyone holding or invited to a role on the event. Owners (and administrators) only: to
/// anyone else the event does not exist.
#[server(endpoint = "events/team", input = GetUrl)]
pub async fn event_team(event_id: i64) -> Result<Vec<RoleHolder>, AppError> {
    let (state, actor) = crate::auth::api::context()?;
    service::team(&state, &actor, event_id).await
}

/// Gives `email` one of the team's roles and mails them.
#[server(endpoint = "events/team/add")]
pub async fn add_team_member(event_id: i64, email: String, role: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let (email, role) = service::add(&state, &actor, event_id, &email, &role).await?;
    let l = crate::locale::current();
    crate::ui::notice::say(AddTeamMember::PATH, &td_string!(l, team.added, email = email, role = role_name(l, role)));
    Ok(())
}

/// Takes one of the team's roles from `email` (or withdraws the invitation).
#[server(endpoint = "events/team/remove")]
pub async fn remove_team_member(event_id: i64, email: String, role: String) -> Result<(), AppError> {
    let (state, actor) = crate::auth::api::context()?;
    let (email, role) = service::remove(&state, &actor, event_id, &email, &role).await?;
    let l = crate::locale::current();
    crate::ui::notice::say(AddTeamMember::PATH, &td_string!(l, team.removed, email = email, role = role_name(l, role)));
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod service {
    use super::TEAM_ROLES;
    use crate::auth::model::{Email, EventRole, RoleHolder};
    use crate::auth::roles;
    use crate::auth::service::Actor;
    use crate::error::{AppError, AppResult};
    use crate::i18n::td_string;
    use crate::state::AppState;

    /// One of the four team roles; "owner" and anything else are refused beside the field.
    fn team_role(role: &str) -> AppResult<EventRole> {
        EventRole::parse(role)
            .filter(|r| TEAM_ROLES.contains(r))
            .ok_or_else(|| AppError::invalid("role", td_string!(crate::locale::current(), team.choose_role).to_string()))
    }

    pub async fn team(state: &AppState, actor: &Actor, event_id: i64) -> AppResult<Vec<RoleHolder>> {
        roles::require_owner(&state.db, actor, event_id).await?;
        roles::list(state, actor, event_id).await
    }

    /// The address as stored and the role given.
    pub async fn add(state: &AppState, actor: &Actor, event_id: i64, email: &str, role: &str) -> AppResult<(String, EventRole)> {
        roles::require_owner(&state.db, actor, event_id).await?;
        let role = team_role(role)?;
        let email = Email::parse(email)?;
        roles::grant(state, actor, event_id, email.as_str(), role).await?;
        Ok((email.as_str().to_owned(), role))
    }

    pub async fn remove(state: &AppState, actor: &Actor, event_id: i64, email: &str, role: &str) -> AppResult<(String, EventRole)> {
        roles::require_owner(&state.db, actor, event_id).await?;
        let role = team_role(role)?;
        let email = Email::parse(email)?;
        roles::revoke(state, actor, event_id, email.as_str(), role).await?;
        Ok((email.as_str().to_owned(), role))
    }
}

/// The section, for the event's owners; for everyone else nothing at all (not even a request
/// unless the viewer organizes the event).
#[component]
pub fn TeamSection(event: EventDetails) -> impl IntoView {
    if !event.can_organize {
        return ().into_any();
    }
    let event_id = event.id;
    let team = Resource::new(move || event_id, event_team);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move { team.await.ok().map(|holders| view! { <Team event_id holders/> }) })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Team(event_id: i64, holders: Vec<RoleHolder>) -> impl IntoView {
    let l = locale::current();
    let add = ServerAction::<AddTeamMember>::new();
    let options = TEAM_ROLES.map(|role| view! { <option value=role.as_str()>{role_name(l, role)}</option> });
    let hints = TEAM_ROLES.map(|role| view! { <li><strong>{role_name(l, role)}</strong> ": " {role_hint(l, role)}</li> });
    let members = holders.into_iter().map(|holder| view! { <Member event_id holder/> }).collect_view();
    view! {
        <section class="team" id="team" aria-labelledby="team-heading">
            <h2 id="team-heading">{td_string!(l, team.heading)}</h2>
            <p>{td_string!(l, team.lead)}</p>
            <ul class="role-hints">{hints}</ul>
            <h3>{td_string!(l, team.current)}</h3>
            <ul class="team-list">{members}</ul>
            <FormNotice action=AddTeamMember::PATH/>
            <Enhance><ActionForm action=add attr:class="stack">
                <input type="hidden" name="event_id" value=event_id.to_string()/>
                <label for="team-email">{td_string!(l, team.email)}</label>
                <input id="team-email" type="email" name="email" autocomplete="off" required/>
                <label for="team-role">{td_string!(l, team.role)}</label>
                <select id="team-role" name="role">{options}</select>
                <FormError result=add.value()/>
                <button type="submit" class="primary">{td_string!(l, team.add)}</button>
            </ActionForm></Enhance>
        </section>
    }
}

/// One role of one person; owners stay (the section hands out the other roles only).
#[component]
fn Member(event_id: i64, holder: RoleHolder) -> impl IntoView {
    let l = locale::current();
    let remove = ServerAction::<RemoveTeamMember>::new();
    let role = role_name(l, holder.role);
    let who = holder.display_name.clone().unwrap_or_else(|| holder.email.clone());
    let label = td_string!(l, team.remove_label, who = who.clone(), role = role.clone()).to_string();
    let removable = TEAM_ROLES.contains(&holder.role);
    view! {
        <li>
            <span class="team-name">{who}</span>
            {holder.display_name.is_some().then(|| view! { " " <span class="muted">{format!("<{}>", holder.email)}</span> })}
            " · " {role}
            {(!holder.has_account).then(|| view! { " " <span class="muted">{format!("({})", td_string!(l, team.invited))}</span> })}
            {removable.then(|| view! {
                <Enhance><ActionForm action=remove attr:class="inline-form">
                    <input type="hidden" name="event_id" value=event_id.to_string()/>
                    <input type="hidden" name="email" value=holder.email.clone()/>
                    <input type="hidden" name="role" value=holder.role.as_str()/>
                    <FormError result=remove.value()/>
                    <button type="submit" class="link-button" aria-label=label>{td_string!(l, team.remove)}</button>
                </ActionForm></Enhance>
            })}
        </li>
    }
}
