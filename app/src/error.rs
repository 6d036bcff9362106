//! `AppError`: the one error type that crosses from server to browser.
//!
//! Variants are things a person can act on. `Internal` carries only a safe
//! message; the cause is logged on the server where it happens.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    #[error("{what} not found")]
    NotFound { what: String },
    #[error("you are not allowed to do that")]
    Forbidden,
    #[error("please sign in first")]
    Unauthenticated,
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    RateLimited { retry_after_secs: u64 },
    #[error("the service is busy; please try again shortly")]
    Unavailable,
    #[error("the request could not be read: {0}")]
    BadRequest(String),
    #[error("something went wrong on our side ({0})")]
    Internal(String),
    /// Made in the browser only, when the server could not be reached (`browser::post_form`):
    /// its own kind, so its words are looked up by kind, not by English text.
    #[error("no connection: nothing was sent, and your entries are still here. Try again.")]
    Offline,
}

impl AppError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid { field: field.into(), message: message.into() }
    }

    /// The message to show a person, in the page's language (on the server the request's, in
    /// the browser `<html lang>`): without the field name for field errors. `Invalid` and
    /// `Conflict` carry words their maker already translated; `NotFound`'s `what` is a key
    /// (the English noun), so the wire format stays as it was.
    pub fn message(&self) -> String {
        self.message_in(crate::locale::current())
    }

    /// `message` in `l`.
    pub fn message_in(&self, l: crate::locale::Locale) -> String {
        use crate::i18n::td_string;
        match self {
            Self::Invalid { message, .. } | Self::Conflict(message) => message.clone(),
            Self::NotFound { what } => not_found_in(l, what),
            Self::Forbidden => td_string!(l, errors.forbidden).to_string(),
            Self::Unauthenticated => td_string!(l, errors.unauthenticated).to_string(),
            Self::RateLimited { retry_after_secs } => td_string!(l, errors.rate_limited, secs = retry_after_secs).to_string(),
            Self::Unavailable => td_string!(l, errors.unavailable).to_string(),
            Self::BadRequest(detail) => {
                let detail = bad_request_detail_in(l, detail);
                td_string!(l, errors.bad_request, detail = detail).to_string()
            }
            Self::Internal(reference) => td_string!(l, errors.internal, reference = reference).to_string(),
            Self::Offline => td_string!(l, errors.offline).to_string(),
        }
    }

    /// The form field this error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The HTTP status a server function answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound { .. } => 404,
            Self::Forbidden => 403,
            Self::Unauthenticated => 401,
            Self::Invalid { .. } => 422,
            Self::Conflict(_) => 409,
            Self::RateLimited { .. } => 429,
            Self::Unavailable => 503,
            Self::BadRequest(_) => 400,
            Self::Internal(_) => 500,
            // Never an answer from the server; as a status, "could not be reached".
            Self::Offline => 503,
        }
    }

    /// Logs `cause` with a short reference and returns an error that shows only the reference.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let reference = format!("ref {:08x}", rand::random::<u32>());
        tracing::error!(%reference, %cause, "internal error");
        Self::Internal(reference)
    }
}

/// "event not found" in `l`: `what` is one of the nouns the modules name (`AppError::not_found`).
fn not_found_in(l: crate::locale::Locale, what: &str) -> String {
    use crate::i18n::td_string;
    let said = match what {
        "event" => td_string!(l, errors.nf.event),
        "series" => td_string!(l, errors.nf.series),
        "calendar" => td_string!(l, errors.nf.calendar),
        "webhook" => td_string!(l, errors.nf.webhook),
        "RSVP" => td_string!(l, errors.nf.rsvp),
        "account" => td_string!(l, errors.nf.account),
        "setup" => td_string!(l, errors.nf.setup),
        "role" => td_string!(l, errors.nf.role),
        "agenda" => td_string!(l, errors.nf.agenda),
        "merge request" => td_string!(l, errors.nf.merge_request),
        "open space" => td_string!(l, errors.nf.open_space),
        "packing line" => td_string!(l, errors.nf.packing_line),
        "question" => td_string!(l, errors.nf.question),
        "report" => td_string!(l, errors.nf.report),
        "room" => td_string!(l, errors.nf.room),
        "session" => td_string!(l, errors.nf.session),
        "shift" => td_string!(l, errors.nf.shift),
        "slot" => td_string!(l, errors.nf.slot),
        "station" => td_string!(l, errors.nf.station),
        "RSVP awaiting approval" => td_string!(l, errors.nf.rsvp_pending),
        "waitlisted RSVP" => td_string!(l, errors.nf.rsvp_waitlisted),
        // A noun added later without its words: English names it, German says "not found".
        _ if l == crate::locale::Locale::de => td_string!(l, errors.not_found),
        _ => return format!("{what} not found"),
    };
    said.to_string()
}

/// The reasons `from_server_fn_error` and the browser give for an unreadable request, in `l`;
/// any other detail as it is.
fn bad_request_detail_in(l: crate::locale::Locale, detail: &str) -> String {
    use crate::i18n::td_string;
    match detail {
        MALFORMED => td_string!(l, errors.malformed).to_string(),
        UNREADABLE => td_string!(l, errors.unreadable).to_string(),
        NUL_IN_TEXT => td_string!(l, errors.nul_in_text).to_string(),
        _ => match detail.strip_prefix("missing field `").and_then(|d| d.strip_suffix('`')) {
            Some(name) => td_string!(l, errors.missing_field, name = name).to_string(),
            None => detail.to_string(),
        },
    }
}

const MALFORMED: &str = "malformed arguments";
const UNREADABLE: &str = "the answer could not be read";
const NUL_IN_TEXT: &str = "a text holds a NUL character";

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The caller sent something we could not decode: their fault, said briefly.
            ServerFnErrorErr::Args(_) => Self::BadRequest(MALFORMED.into()),
            ServerFnErrorErr::MissingArg(name) => Self::BadRequest(format!("missing field `{name}`")),
            // Seen in the browser when the server cannot be reached or answers nonsense.
            ServerFnErrorErr::Request(_) => Self::Unavailable,
            ServerFnErrorErr::Deserialization(_) | ServerFnErrorErr::Serialization(_) => Self::BadRequest(UNREADABLE.into()),
            other => Self::Internal(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::PoolTimedOut => Self::Unavailable,
            // PostgreSQL's text cannot hold NUL (SQLite stores it): the sender's mistake, not ours.
            sqlx::Error::Database(e) if e.code().as_deref() == Some("22021") => Self::BadRequest(NUL_IN_TEXT.into()),
            _ => Self::internal(err),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undecodable_arguments_become_a_client_error_without_serde_text() {
        let err = AppError::from_server_fn_error(ServerFnErrorErr::Args("invalid type: string \"x\", expected u32 at line 1".into()));
        assert_eq!(err.status(), 400);
        assert!(!err.to_string().contains("expected u32"));
    }

    #[test]
    fn errors_round_trip_through_the_wire_encoding() {
        let err = AppError::invalid("party_size", "must be between 1 and 20");
        let back = AppError::de(err.ser());
        assert_eq!(back, err);
        assert_eq!(back.status(), 422);
    }

    #[test]
    fn generic_messages_speak_the_pages_language() {
        use crate::locale::Locale;
        assert_eq!(AppError::not_found("event").message_in(Locale::en), "event not found");
        assert_eq!(AppError::not_found("event").message_in(Locale::de), "Veranstaltung nicht gefunden");
        assert_eq!(AppError::not_found("gizmo").message_in(Locale::en), "gizmo not found");
        assert_eq!(AppError::not_found("gizmo").message_in(Locale::de), "Nicht gefunden");
        assert_eq!(AppError::Forbidden.message_in(Locale::en), AppError::Forbidden.to_string());
        assert_eq!(AppError::Unauthenticated.message_in(Locale::de), "Bitte melden Sie sich zuerst an.");
        let limited = AppError::RateLimited { retry_after_secs: 30 };
        assert_eq!(limited.message_in(Locale::en), limited.to_string());
        assert!(limited.message_in(Locale::de).contains("30 Sekunden"));
        let unread = AppError::from_server_fn_error(ServerFnErrorErr::Deserialization("x".into()));
        assert_eq!(unread.message_in(Locale::en), unread.to_string());
        assert!(unread.message_in(Locale::de).starts_with("Die Anfrage konnte nicht gelesen werden"));
        // No connection is a kind of its own: its words do not hang on the English wording.
        assert_eq!(AppError::Offline.message_in(Locale::en), AppError::Offline.to_string());
        assert!(AppError::Offline.message_in(Locale::de).starts_with("Keine Verbindung"), "{}", AppError::Offline.message_in(Locale::de));
        // The wire format is the English one: a German page's error reads German in any browser.
        assert_eq!(AppError::de(AppError::not_found("event").ser()), AppError::not_found("event"));
    }
}
