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
}

impl AppError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid { field: field.into(), message: message.into() }
    }

    /// The message to show beside a form: without the field name for field errors.
    pub fn message(&self) -> String {
        match self {
            Self::Invalid { message, .. } => message.clone(),
            other => other.to_string(),
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

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The caller sent something we could not decode: their fault, said briefly.
            ServerFnErrorErr::Args(_) => Self::BadRequest("malformed arguments".into()),
            ServerFnErrorErr::MissingArg(name) => Self::BadRequest(format!("missing field `{name}`")),
            // Seen in the browser when the server cannot be reached or answers nonsense.
            ServerFnErrorErr::Request(_) => Self::Unavailable,
            ServerFnErrorErr::Deserialization(_) | ServerFnErrorErr::Serialization(_) => {
                Self::BadRequest("the answer could not be read".into())
            }
            other => Self::Internal(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::PoolTimedOut => Self::Unavailable,
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
}
