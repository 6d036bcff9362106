//! Moving an open space in from a sticky-note wall or another tool: its sessions and the dots on
//! them, in one request and one transaction. Voters become participants known by the other
//! tool's id, so a later import naming the same people adds to their votes instead of making
//! new voters, and their dot budget spans every import.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::model::{Format, MAX_CO_FACILITATORS, ProposalInput};
use super::proposals::{checked, co_facilitators};
use crate::auth::model::Permission;
use crate::auth::roles::require;
use crate::auth::service::Actor;
use crate::db::openspace::NewParticipant;
use crate::db::openspace_sessions::{self as sessions, SessionFields};
use crate::db::{self, WriteTx};
use crate::error::{AppError, AppResult};
use crate::events::rules::one_line;
use crate::i18n::td_string;
use crate::live::Topic;
use crate::state::AppState;

/// One request's bounds: a large unconference's wall, and a transaction short enough not to
/// hold the write lock for long.
pub const MAX_IMPORT_SESSIONS: usize = 500;
pub const MAX_IMPORT_VOTES: usize = 20_000;
const MAX_KEY: usize = 200;
const MAX_VOTER: usize = 254;
const MAX_NAME: usize = 80;
/// The proposer and the co-facilitators a proposal may name.
const MAX_FACILITATORS: usize = MAX_CO_FACILITATORS + 1;

/// Sessions and the dots on them, as another tool kept them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {
    #[serde(default)]
    #[schema(max_items = 500)]
    pub sessions: Vec<ImportSession>,
    #[serde(default)]
    #[schema(max_items = 20000)]
    pub votes: Vec<ImportVote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportSession {
    /// The other tool's id for the session, unique within the request; votes name it
    #[schema(min_length = 1, max_length = 200, pattern = r"\S", example = "note-17")]
    pub key: String,
    #[schema(min_length = 1, max_length = 120, pattern = r"\S")]
    pub title: String,
    /// Markdown
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub description: String,
    #[serde(default)]
    pub format: Format,
    /// Slots it lasts
    #[serde(default = "one_slot")]
    #[schema(minimum = 1, maximum = 2, default = 1)]
    pub length: u8,
    /// Voters' ids or email addresses of the people who run it
    #[serde(default)]
    #[schema(max_items = 6)]
    pub facilitators: Vec<String>,
}

fn one_slot() -> u8 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportVote {
    /// An email address, or the other tool's id for the voter (without @)
    #[schema(min_length = 1, max_length = 254, pattern = r"\S", example = "ada@example.org")]
    pub voter: String,
    /// The `key` of a session in the same request
    #[schema(min_length = 1, max_length = 200, pattern = r"\S", example = "note-17")]
    pub session: String,
    /// At most the open space's dots per session
    #[schema(minimum = 1, maximum = 50)]
    pub dots: u32,
}

/// What an import stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportSummary {
    pub sessions_created: u32,
    /// Participants new to this open space: voters and facilitators it did not know yet
    pub voters_created: u32,
    /// Votes stored: one per voter and session
    pub votes_stored: u32,
}

/// A voter or facilitator as the other tool names them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Person {
    /// The address (lower-cased) or the id as given.
    external_id: String,
    email: Option<String>,
    name: String,
}

fn person(field: &str, text: &str) -> AppResult<Person> {
    let text = text.trim();
    if text.contains('@') {
        // The proposal form's reading of an address, so both store the same spelling.
        let mut emails = co_facilitators(text).unwrap_or_default();
        let email = match (emails.pop(), emails.is_empty()) {
            (Some(email), true) => email,
            _ => return Err(AppError::invalid(field, td_string!(crate::locale::current(), openspace.import_err.person))),
        };
        let name = email.split('@').next().unwrap_or_default().to_string();
        return Ok(Person { external_id: email.clone(), email: Some(email), name });
    }
    let id = one_line(field, text, MAX_VOTER, true)?;
    Ok(Person { name: id.chars().take(MAX_NAME).collect(), external_id: id, email: None })
}

/// The people a request names, each once.
#[derive(Default)]
struct People {
    list: Vec<Person>,
    index: HashMap<String, usize>,
}

impl People {
    fn add(&mut self, person: Person) -> usize {
        *self.index.entry(person.external_id.clone()).or_insert_with(|| {
            self.list.push(person);
            self.list.len() - 1
        })
    }
}

struct NewSession {
    title: String,
    description: String,
    format: Format,
    length: i64,
    /// Into `People::list`.
    facilitators: Vec<usize>,
}

/// (person, session, dots), by index.
struct Checked {
    sessions: Vec<NewSession>,
    people: People,
    votes: Vec<(usize, usize, u32)>,
}

/// A form field's error, named as the entry `prefix` of a request (`rooms[2]` + `name`).
pub fn within(prefix: &str, err: AppError) -> AppError {
    match err {
        AppError::Invalid { field, message } => AppError::Invalid { field: format!("{prefix}.{field}"), message },
        other => other,
    }
}

/// Everything that can be checked without the database, each error naming its entry.
fn check(input: &ImportInput) -> AppResult<Checked> {
    let l = crate::locale::current();
    if input.sessions.len() > MAX_IMPORT_SESSIONS {
        return Err(AppError::invalid("sessions", td_string!(l, openspace.import_err.max_sessions, n = MAX_IMPORT_SESSIONS).to_string()));
    }
    if input.votes.len() > MAX_IMPORT_VOTES {
        return Err(AppError::invalid("votes", td_string!(l, openspace.import_err.max_votes, n = MAX_IMPORT_VOTES).to_string()));
    }
    let mut people = People::default();
    let mut keys: HashMap<String, usize> = HashMap::new();
    let mut new_sessions = Vec::with_capacity(input.sessions.len());
    for (i, s) in input.sessions.iter().enumerate() {
        let prefix = format!("sessions[{i}]");
        let key = one_line(&format!("{prefix}.key"), &s.key, MAX_KEY, true)?;
        if keys.insert(key, i).is_some() {
            return Err(AppError::invalid(format!("{prefix}.key"), td_string!(l, openspace.import_err.key_taken)));
        }
        let proposal = ProposalInput {
            title: s.title.clone(),
            description: s.description.clone(),
            format: s.format.as_str().into(),
            length: s.length.to_string(),
            co_facilitators: String::new(),
        };
        let (title, description, format, length) = checked(&proposal).map_err(|e| within(&prefix, e))?;
        if s.facilitators.len() > MAX_FACILITATORS {
            let message = td_string!(l, openspace.import_err.max_facilitators, n = MAX_FACILITATORS).to_string();
            return Err(AppError::invalid(format!("{prefix}.facilitators"), message));
        }
        let mut facilitators = Vec::new();
        for (j, text) in s.facilitators.iter().enumerate() {
            let n = people.add(person(&format!("{prefix}.facilitators[{j}]"), text)?);
            if !facilitators.contains(&n) {
                facilitators.push(n);
            }
        }
        new_sessions.push(NewSession { title, description, format, length, facilitators });
    }
    let mut votes = Vec::with_capacity(input.votes.len());
    for (i, v) in input.votes.iter().enumerate() {
        let voter = people.add(person(&format!("votes[{i}].voter"), &v.voter)?);
        let session = *keys
            .get(v.session.trim())
            .ok_or_else(|| AppError::invalid(format!("votes[{i}].session"), td_string!(l, openspace.import_err.no_such_key)))?;
        if v.dots == 0 {
            return Err(AppError::invalid(format!("votes[{i}].dots"), td_string!(l, openspace.import_err.one_dot)));
        }
        votes.push((voter, session, v.dots));
    }
    Ok(Checked { sessions: new_sessions, people, votes })
}

/// The participant behind `person`: `id` when known, else made now (and counted).
async fn participant(
    tx: &mut WriteTx,
    event_id: i64,
    person: &Person,
    id: &mut Option<i64>,
    invited: &HashSet<String>,
    summary: &mut ImportSummary,
) -> AppResult<i64> {
    if let Some(id) = *id {
        return Ok(id);
    }
    let new = NewParticipant {
        event_id,
        external_id: Some(&person.external_id),
        name: &person.name,
        email: person.email.as_deref(),
        ..Default::default()
    };
    let made = db::openspace::insert_participant(tx, &new, db::now()).await?;
    if let Some(email) = person.email.as_ref().filter(|e| invited.contains(e.as_str())) {
        // Sessions proposed through the form that named this address as a co-facilitator.
        sessions::claim_facilitator_invites(tx, event_id, made, email).await?;
    }
    summary.voters_created += 1;
    *id = Some(made);
    Ok(made)
}

/// Imports sessions and votes into the open space of `event_id` (organizers): all of them, or
/// nothing when one entry is refused.
pub async fn import(state: &AppState, actor: &Actor, event_id: i64, input: &ImportInput) -> AppResult<ImportSummary> {
    require(&state.db, actor, event_id, Permission::Organize).await?;
    let Checked { sessions: new_sessions, people, votes } = check(input)?;
    let mut tx = state.db.begin_write().await?;
    let space = db::openspace::space(&mut tx, event_id).await?.ok_or_else(|| AppError::not_found("open space"))?;

    // The people known already: imported before under the same id, or (for an address) taking
    // part under it, as the proposal form finds co-facilitators. Their earlier dots count.
    let mut by_external = HashMap::new();
    let mut by_email = HashMap::new();
    for (id, external_id, email) in db::openspace::participant_keys(&mut tx, event_id).await? {
        if let Some(external_id) = external_id {
            by_external.insert(external_id, id);
        }
        if let Some(email) = email {
            by_email.entry(email).or_insert(id);
        }
    }
    let used: HashMap<i64, i64> = sessions::dots_used_by_all(&mut tx, event_id).await?.into_iter().collect();
    let mut ids: Vec<Option<i64>> = people
        .list
        .iter()
        .map(|p| by_external.get(&p.external_id).or_else(|| p.email.as_ref().and_then(|e| by_email.get(e))).copied())
        .collect();
    let mut totals: Vec<i64> = ids.iter().map(|id| id.and_then(|id| used.get(&id).copied()).unwrap_or(0)).collect();
    // A vote repeated for the same voter and session sets the dots again; it does not add.
    let mut ballots: HashMap<(usize, usize), u32> = HashMap::new();
    let l = crate::locale::current();
    for (i, &(voter, session, dots)) in votes.iter().enumerate() {
        if i64::from(dots) > space.max_dots_per_session {
            let message = td_string!(l, openspace.import_err.dots_range, n = space.max_dots_per_session).to_string();
            return Err(AppError::invalid(format!("votes[{i}].dots"), message));
        }
        let before = ballots.insert((voter, session), dots).unwrap_or(0);
        totals[voter] += i64::from(dots) - i64::from(before);
        if totals[voter] > space.dots_per_voter {
            let message = td_string!(l, openspace.import_err.over_budget, n = space.dots_per_voter).to_string();
            return Err(AppError::invalid(format!("votes[{i}].dots"), message));
        }
    }

    let invited: HashSet<String> = sessions::facilitator_invites(&mut tx, event_id).await?.into_iter().map(|(_, email)| email).collect();
    let now = db::now();
    let mut summary = ImportSummary::default();
    let mut session_ids = Vec::with_capacity(new_sessions.len());
    for s in &new_sessions {
        let fields = SessionFields { title: &s.title, description_md: &s.description, format: s.format, length: s.length };
        let id = sessions::insert_session(&mut tx, event_id, &fields, now).await?;
        for &n in &s.facilitators {
            let facilitator = participant(&mut tx, event_id, &people.list[n], &mut ids[n], &invited, &mut summary).await?;
            sessions::add_facilitator(&mut tx, id, facilitator).await?;
        }
        session_ids.push(id);
    }
    summary.sessions_created = session_ids.len() as u32;
    // In the request's order, so the participants' ids follow it.
    let mut rows = Vec::with_capacity(ballots.len());
    for &(voter, session, _) in &votes {
        let Some(dots) = ballots.remove(&(voter, session)) else { continue };
        let id = participant(&mut tx, event_id, &people.list[voter], &mut ids[voter], &invited, &mut summary).await?;
        rows.push((session_ids[session], id, i64::from(dots)));
    }
    sessions::set_many_dots(&mut tx, &rows).await?;
    summary.votes_stored = rows.len() as u32;
    tx.commit().await?;
    state.live.changed_topic(event_id, Topic::OpenSpace);
    Ok(summary)
}
