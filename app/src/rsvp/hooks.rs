//! What an RSVP's webhooks say: the answer as the organizers' own integrations need it (they
//! see the attendee list anyway), queued in the transaction of the change.

use crate::db::rsvps::RsvpRow;
use crate::db::{self, events::EventRow};
use crate::webhooks::Kind;

/// Queues `kind` about `row` of `event` for the event's subscribers.
pub(super) async fn tell(tx: &mut db::WriteTx, event: &EventRow, row: &RsvpRow, kind: Kind) -> Result<(), sqlx::Error> {
    let data = serde_json::json!({
        "event": { "slug": event.slug, "title": event.title },
        "rsvp": {
            "id": row.id,
            "name": row.name,
            "email": row.email,
            "answer": row.answer.as_str(),
            "status": row.status.as_str(),
            "party_size": row.party_size,
            "checked_in": row.checked_in_at.is_some(),
        },
    });
    crate::webhooks::enqueue(tx, event.id, kind, data).await.map(|_| ())
}
