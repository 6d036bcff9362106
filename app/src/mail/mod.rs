//! Outgoing mail: messages are formatted once (`message`), stored in the
//! outbox table inside the caller's transaction (`outbox`), and delivered by a
//! background worker through a `Mailer` transport.

pub mod message;
pub mod outbox;
pub mod templates;

use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::address::Envelope;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

pub use message::{Attachment, MailError, OutgoingMail, Sender};
pub use outbox::Outbox;

/// Where mail goes: an SMTP server, or `.eml` files in a folder when none is configured.
#[derive(Clone)]
pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, server: String },
    File { transport: AsyncFileTransport<Tokio1Executor>, dir: PathBuf },
}

/// Why one delivery attempt failed.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct DeliveryError {
    /// The server refused for good (5xx): retrying will not help.
    pub permanent: bool,
    pub message: String,
}

impl Mailer {
    /// An SMTP transport from a URL such as `smtp://host:25` or `smtps://user:pass@host`.
    pub fn smtp(url: &str) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError::Config(format!("SMTP URL: {e}")))?
            .timeout(Some(Duration::from_secs(15)))
            .build();
        let server = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(|h| format!("{h}:{}", u.port_or_known_default().unwrap_or(25))))
            .unwrap_or_default();
        Ok(Self::Smtp { transport, server })
    }

    /// Writes each mail as `<uuid>.eml` under `dir`, creating it if needed.
    pub fn file(dir: &Path) -> Result<Self, MailError> {
        std::fs::create_dir_all(dir).map_err(|e| MailError::Config(format!("mail folder {}: {e}", dir.display())))?;
        Ok(Self::File { transport: AsyncFileTransport::new(dir), dir: dir.to_path_buf() })
    }

    /// One line for the startup log.
    pub fn describe(&self) -> String {
        match self {
            Self::Smtp { server, .. } => format!("SMTP via {server}"),
            Self::File { dir, .. } => format!("no SMTP configured: mail is written as .eml files to {}", dir.display()),
        }
    }

    pub async fn send_raw(&self, envelope: &Envelope, message: &[u8]) -> Result<(), DeliveryError> {
        match self {
            Self::Smtp { transport, .. } => transport
                .send_raw(envelope, message)
                .await
                .map(|_| ())
                .map_err(|e| DeliveryError { permanent: e.is_permanent(), message: e.to_string() }),
            Self::File { transport, .. } => transport
                .send_raw(envelope, message)
                .await
                .map(|_| ())
                .map_err(|e| DeliveryError { permanent: false, message: e.to_string() }),
        }
    }
}
