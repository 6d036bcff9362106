//! Building a complete RFC 5322 message from an `OutgoingMail`.

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment as LettreAttachment, Mailbox, MultiPart, SinglePart};

use crate::error::AppError;

/// A mail as services describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub to_name: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
    /// Where replies go (Reply-To): the organizers of the event the mail is about. Without it,
    /// the instance's reply address, if one is configured.
    pub reply_to: Option<String>,
}

impl OutgoingMail {
    /// A plain-text mail without attachments.
    pub fn plain(to: &str, to_name: Option<&str>, subject: &str, text: String) -> Self {
        Self {
            to: to.to_string(),
            to_name: to_name.map(str::to_string),
            subject: subject.to_string(),
            text,
            html: None,
            attachments: vec![],
            reply_to: None,
        }
    }

    /// Replies go to `address` (an event's organizers), when it is given.
    pub fn replying_to(mut self, address: Option<&str>) -> Self {
        if let Some(address) = address.map(str::trim).filter(|a| !a.is_empty()) {
            self.reply_to = Some(address.to_string());
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Who mail comes from, and the domain of the Message-IDs we mint.
#[derive(Debug, Clone)]
pub struct Sender {
    from: Mailbox,
    /// The instance's Reply-To for mail that names none.
    reply_to: Option<Mailbox>,
}

/// A message ready to store in the outbox and send as it is.
#[derive(Debug, Clone)]
pub struct FormattedMail {
    pub envelope_from: String,
    pub envelope_to: String,
    pub subject: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MailError {
    #[error("{field} must not contain line breaks")]
    HeaderInjection { field: &'static str },
    #[error("not a valid email address: {0}")]
    InvalidAddress(String),
    #[error("mail configuration: {0}")]
    Config(String),
    #[error("could not build the message: {0}")]
    Build(String),
}

impl From<MailError> for AppError {
    fn from(err: MailError) -> Self {
        match err {
            MailError::HeaderInjection { field } => AppError::invalid(field, "must not contain line breaks"),
            MailError::InvalidAddress(_) => AppError::invalid("email", "is not a valid email address"),
            other => AppError::internal(other),
        }
    }
}

fn mailbox(field: &'static str, address: &str) -> Result<Mailbox, MailError> {
    single_line(field, address)?;
    address.parse().map_err(|_| MailError::InvalidAddress(address.to_string()))
}

/// Header values travel on one line each; a CR or LF would let a value start a new header.
fn single_line(field: &'static str, value: &str) -> Result<(), MailError> {
    if value.contains(['\r', '\n']) { Err(MailError::HeaderInjection { field }) } else { Ok(()) }
}

impl Sender {
    /// `from` as `Name <address>` or a bare address.
    pub fn new(from: &str) -> Result<Self, MailError> {
        single_line("from", from)?;
        let from: Mailbox = from.parse().map_err(|_| MailError::InvalidAddress(from.to_string()))?;
        Ok(Self { from, reply_to: None })
    }

    /// Replies to mail that names no Reply-To of its own go to `address` (`Name <address>` or bare).
    pub fn with_reply_to(mut self, address: Option<&str>) -> Result<Self, MailError> {
        self.reply_to = match address.map(str::trim).filter(|a| !a.is_empty()) {
            Some(address) => Some(mailbox("reply_to", address)?),
            None => None,
        };
        Ok(self)
    }

    pub fn from_address(&self) -> String {
        self.from.email.to_string()
    }

    pub fn format(&self, mail: &OutgoingMail) -> Result<FormattedMail, MailError> {
        single_line("to", &mail.to)?;
        single_line("subject", &mail.subject)?;
        if let Some(name) = &mail.to_name {
            single_line("name", name)?;
        }
        for attachment in &mail.attachments {
            single_line("attachment filename", &attachment.filename)?;
        }
        let address = mail.to.trim().parse().map_err(|_| MailError::InvalidAddress(mail.to.clone()))?;
        let to = Mailbox::new(mail.to_name.clone(), address);
        let domain = self.from.email.domain().to_string();
        let message_id = format!("<{}@{domain}>", hex::encode(rand::random::<[u8; 16]>()));

        let body = match &mail.html {
            Some(html) => MultiPart::alternative_plain_html(mail.text.clone(), html.clone()),
            None => MultiPart::mixed().singlepart(SinglePart::plain(mail.text.clone())),
        };
        let body = mail.attachments.iter().try_fold(
            if mail.attachments.is_empty() { body } else { MultiPart::mixed().multipart(body) },
            |parts, a| {
                let content_type = ContentType::parse(&a.content_type).map_err(|e| MailError::Build(format!("content type: {e}")))?;
                Ok::<_, MailError>(parts.singlepart(LettreAttachment::new(a.filename.clone()).body(a.bytes.clone(), content_type)))
            },
        )?;

        let reply_to = match &mail.reply_to {
            Some(address) => Some(mailbox("reply_to", address)?),
            None => self.reply_to.clone(),
        };
        let builder = Message::builder().from(self.from.clone());
        let builder = match reply_to {
            Some(reply_to) => builder.reply_to(reply_to),
            None => builder,
        };
        let message = builder
            .to(to.clone())
            .subject(mail.subject.clone())
            .message_id(Some(message_id))
            .multipart(body)
            .map_err(|e| MailError::Build(e.to_string()))?;
        Ok(FormattedMail {
            envelope_from: self.from.email.to_string(),
            envelope_to: to.email.to_string(),
            subject: mail.subject.clone(),
            bytes: message.formatted(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(to: &str, subject: &str) -> OutgoingMail {
        OutgoingMail {
            to: to.into(),
            to_name: Some("Ada".into()),
            subject: subject.into(),
            text: "See you at the BBQ.".into(),
            html: None,
            attachments: vec![],
            reply_to: None,
        }
    }

    fn sender() -> Sender {
        Sender::new("Festplan <festplan@example.org>").unwrap()
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        let err = sender().format(&mail("ada@example.org", "Hi\r\nBcc: victim@example.org")).unwrap_err();
        assert_eq!(err, MailError::HeaderInjection { field: "subject" });
        let err = sender().format(&mail("ada@example.org\nBcc: x@example.org", "Hi")).unwrap_err();
        assert_eq!(err, MailError::HeaderInjection { field: "to" });
        assert!(Sender::new("a@example.org\r\nX: y").is_err());
    }

    #[test]
    fn formatted_message_carries_recipient_subject_and_a_message_id() {
        let formatted = sender().format(&mail("ada@example.org", "Grillen am Samstag")).unwrap();
        let text = String::from_utf8(formatted.bytes).unwrap();
        assert_eq!(formatted.envelope_to, "ada@example.org");
        assert!(text.contains("To: \"Ada\" <ada@example.org>") || text.contains("To: Ada <ada@example.org>"), "{text}");
        assert!(text.contains("Message-ID: <"), "{text}");
        assert!(text.contains("@example.org>"), "{text}");
        assert!(text.contains("See you at the BBQ."), "{text}");
    }

    #[test]
    fn attachments_are_included() {
        let mut m = mail("ada@example.org", "Your ticket");
        m.attachments.push(Attachment {
            filename: "event.ics".into(),
            content_type: "text/calendar; charset=utf-8".into(),
            bytes: b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".to_vec(),
        });
        let text = String::from_utf8(sender().format(&m).unwrap().bytes).unwrap();
        assert!(text.contains("filename=\"event.ics\""), "{text}");
        assert!(text.contains("text/calendar"), "{text}");
    }

    #[test]
    fn replies_go_to_the_mail_own_address_else_the_instance_one() {
        let instance = sender().with_reply_to(Some("Team <team@example.org>")).unwrap();
        let text = |s: &Sender, m: &OutgoingMail| String::from_utf8(s.format(m).unwrap().bytes).unwrap();
        let plain = mail("ada@example.org", "x");
        assert!(!text(&sender(), &plain).contains("Reply-To:"));
        assert!(text(&instance, &plain).contains("Reply-To: Team <team@example.org>"), "{}", text(&instance, &plain));
        let own = plain.clone().replying_to(Some("grill@example.org"));
        let formatted = text(&instance, &own);
        assert!(formatted.contains("Reply-To: grill@example.org") && !formatted.contains("team@"), "{formatted}");
        assert!(sender().format(&plain.replying_to(Some("a@example.org\r\nBcc: x@example.org"))).is_err());
    }

    #[test]
    fn invalid_recipient_is_an_error() {
        assert!(matches!(sender().format(&mail("not an address", "x")), Err(MailError::InvalidAddress(_))));
    }
}
