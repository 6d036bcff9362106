//! Webhooks: what happens to an event, as signed POSTs to the programs that subscribed to it.
//! A use case queues a delivery in the transaction of its change ([`enqueue`]), as it queues
//! mail; the worker sends each subscription's deliveries in order, retrying with backoff.
//!
//! Signatures follow Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature:
//! v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, secrets `whsec_<base64>`); the tests check
//! them with the reference implementation. The scheme is a dozen lines over the `hmac` crate,
//! so no crate of its own is pulled in for it.

pub mod target;
#[cfg(feature = "ssr")]
pub mod worker;

use serde::{Deserialize, Serialize};

/// What a subscription can hear of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    #[serde(rename = "event.published")]
    EventPublished,
    #[serde(rename = "event.changed")]
    EventChanged,
    #[serde(rename = "event.cancelled")]
    EventCancelled,
    #[serde(rename = "rsvp.created")]
    RsvpCreated,
    #[serde(rename = "rsvp.changed")]
    RsvpChanged,
    #[serde(rename = "waitlist.promoted")]
    WaitlistPromoted,
    #[serde(rename = "rsvp.checked_in")]
    CheckedIn,
    #[serde(rename = "open_space.schedule_changed")]
    OpenSpaceScheduleChanged,
    #[serde(rename = "packing.finished")]
    PackingFinished,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Self::EventPublished,
        Self::EventChanged,
        Self::EventCancelled,
        Self::RsvpCreated,
        Self::RsvpChanged,
        Self::WaitlistPromoted,
        Self::CheckedIn,
        Self::OpenSpaceScheduleChanged,
        Self::PackingFinished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::EventPublished => "event.published",
            Self::EventChanged => "event.changed",
            Self::EventCancelled => "event.cancelled",
            Self::RsvpCreated => "rsvp.created",
            Self::RsvpChanged => "rsvp.changed",
            Self::WaitlistPromoted => "waitlist.promoted",
            Self::CheckedIn => "rsvp.checked_in",
            Self::OpenSpaceScheduleChanged => "open_space.schedule_changed",
            Self::PackingFinished => "packing.finished",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// `label` in `l`.
    pub fn label_in(self, l: crate::locale::Locale) -> &'static str {
        use crate::i18n::td_string;
        match self {
            Self::EventPublished => td_string!(l, webhooks.kind_event_published),
            Self::EventChanged => td_string!(l, webhooks.kind_event_changed),
            Self::EventCancelled => td_string!(l, webhooks.kind_event_cancelled),
            Self::RsvpCreated => td_string!(l, webhooks.kind_rsvp_created),
            Self::RsvpChanged => td_string!(l, webhooks.kind_rsvp_changed),
            Self::WaitlistPromoted => td_string!(l, webhooks.kind_waitlist_promoted),
            Self::CheckedIn => td_string!(l, webhooks.kind_checked_in),
            Self::OpenSpaceScheduleChanged => td_string!(l, webhooks.kind_schedule_changed),
            Self::PackingFinished => td_string!(l, webhooks.kind_packing_finished),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::EventPublished => "Event published",
            Self::EventChanged => "Event changed",
            Self::EventCancelled => "Event cancelled",
            Self::RsvpCreated => "New RSVP",
            Self::RsvpChanged => "RSVP changed",
            Self::WaitlistPromoted => "Moved up from the waitlist",
            Self::CheckedIn => "Checked in at the door",
            Self::OpenSpaceScheduleChanged => "Open-space schedule changed",
            Self::PackingFinished => "Packing line reached its bag target",
        }
    }
}

/// A new signing secret: 24 random bytes, as Standard Webhooks writes them.
#[cfg(feature = "ssr")]
pub fn new_secret() -> String {
    use base64::Engine as _;
    format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 24]>()))
}

/// Seals and opens the subscriptions' signing secrets at rest, each bound to its subscription:
/// sealing and delivering must agree on both, or no stored secret opens again.
#[cfg(feature = "ssr")]
pub struct Secrets(crate::seal::Sealer);

#[cfg(feature = "ssr")]
impl Secrets {
    pub fn new(settings: &crate::state::Settings) -> Self {
        Self(crate::seal::Sealer::new(&settings.secret_key.0, "webhook secrets"))
    }

    pub fn seal(&self, subscription_id: i64, secret: &str) -> Vec<u8> {
        self.0.seal_str(&Self::bound(subscription_id), secret)
    }

    pub fn open(&self, subscription_id: i64, sealed: &[u8]) -> Result<String, crate::seal::Unsealable> {
        self.0.open_str(&Self::bound(subscription_id), sealed)
    }

    fn bound(subscription_id: i64) -> String {
        format!("webhook subscription {subscription_id}")
    }
}

/// The `webhook-signature` header of `body` sent as message `id` at `timestamp` (seconds).
#[cfg(feature = "ssr")]
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> Option<String> {
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    let engine = base64::engine::general_purpose::STANDARD;
    let key = engine.decode(secret.strip_prefix("whsec_")?).ok()?;
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Some(format!("v1,{}", engine.encode(mac.finalize().into_bytes())))
}

/// Queues `kind` about `event_id` for every subscription that wants it (the event's own and
/// the instance-wide ones), inside the caller's transaction: the change and its deliveries
/// commit together. `data` becomes the body's `data`.
#[cfg(feature = "ssr")]
pub async fn enqueue(conn: &mut crate::db::Conn, event_id: i64, kind: Kind, data: serde_json::Value) -> Result<u64, sqlx::Error> {
    let now = jiff::Timestamp::now();
    let body = serde_json::json!({ "type": kind.as_str(), "timestamp": now.to_string(), "data": data }).to_string();
    crate::db::webhooks::enqueue(conn, event_id, kind.as_str(), &body, now.as_second()).await
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_standard_webhooks_v1() {
        // The example of the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = r#"{"test": 2432232314}"#;
        let sig = signature(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).unwrap();
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert!(signature("not a secret", "m", 1, body).is_none());
        assert!(new_secret().starts_with("whsec_") && new_secret() != new_secret());
    }

    #[test]
    fn kinds_read_back() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
    }
}
