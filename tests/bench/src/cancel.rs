//! Cancellations on a sold-out event with a long waitlist: each one frees a place, which the
//! first party waiting takes. The cost of one must not grow with the length of the line.

use std::sync::Arc;

use anyhow::{Result, bail};
use sqlx::{Connection, SqliteConnection};

use crate::burst::{self, Event};
use crate::load::{self, MakeRequest, Stats, Stop};
use crate::server::Server;

/// `seats` guests hold the event's places, `waiting` more wait (written straight into the
/// database, as a month of sign-ups would leave them); then the seated guests cancel one by one
/// through their personal links, from one client. Returns the cancellations' timings.
pub async fn with_waitlist(server: &Server, token: &str, seats: usize, waiting: usize) -> Result<Stats> {
    let event = burst::create_event(server, token, &format!("Sold out with {waiting} waiting"), seats).await?;
    let prefix = format!("seat{waiting}x");
    let (seated, _) = burst::rsvps(server, &event, &prefix, seats, 8).await;
    if seated.errors > 0 {
        bail!("{} of {seats} seats could not be taken", seated.errors);
    }
    let mut db = SqliteConnection::connect(server.database_url()).await?;
    seed_waitlist(&mut db, &event, waiting).await?;
    // The seed's own write-ahead log is folded in now, not during the timed cancellations.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut db).await?;
    let links = personal_links(&mut db, &prefix).await?;
    if links.len() != seats {
        bail!("found {} personal links for {seats} seats", links.len());
    }
    let (url, origin, links) = (format!("{}/api/public/rsvp/change", server.base), server.base.clone(), Arc::new(links));
    let make: MakeRequest = Arc::new(move |client, i| {
        client
            .post(&url)
            .header("origin", &origin)
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("token={}&name=Seat&answer=no&party_size=1", links[i]))
    });
    let (stats, _) = load::run(1, Stop::Requests(seats), make, |_| false).await;
    let (going, left): (i64, i64) =
        sqlx::query_as("SELECT going_places, waiting FROM rsvp_totals WHERE event_id = ?").bind(event.id).fetch_one(&mut db).await?;
    if stats.errors > 0 || going != seats as i64 || left != (waiting - seats) as i64 {
        bail!("after {seats} cancellations: {} errors, {going} places taken, {left} waiting", stats.errors);
    }
    Ok(stats)
}

async fn seed_waitlist(db: &mut SqliteConnection, event: &Event, waiting: usize) -> Result<()> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
         INSERT INTO rsvps (event_id, email, name, answer, party_size, status, waitlist_seq, created_at, updated_at, approved_at)
         SELECT ?1, 'waiting' || i || '@bench.test', 'Waiting ' || i, 'yes', 1, 'waitlisted', i, ?3, ?3, ?3 FROM n",
    )
    .bind(event.id)
    .bind(waiting as i64)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// The personal link's token from each seated guest's confirmation mail.
async fn personal_links(db: &mut SqliteConnection, prefix: &str) -> Result<Vec<String>> {
    let messages: Vec<(Vec<u8>,)> = sqlx::query_as("SELECT message FROM outbox WHERE envelope_to LIKE ? || '%@bench.test' ORDER BY id")
        .bind(prefix)
        .fetch_all(db)
        .await?;
    Ok(messages
        .iter()
        .filter_map(|(raw,)| {
            let text = String::from_utf8_lossy(raw).replace("=\r\n", "").replace("=\n", "");
            let (_, rest) = text.split_once("/rsvp/")?;
            Some(rest.chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect())
        })
        .collect())
}
