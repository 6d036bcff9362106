//! RSVPs through the endpoint the event page's form posts to, and the check of
//! what they left in the database.

use std::collections::HashMap;
use std::sync::Arc;

use anyhow::{Context, Result};
use app::db::Db;
use serde::Serialize;

use crate::load::{self, Answer, Stats, Stop};
use crate::server::Server;

pub struct Event {
    pub id: i64,
    pub slug: String,
}

/// Creates and publishes an event with `capacity` places through `/api/v1`, as an integration would.
pub async fn create_event(server: &Server, token: &str, title: &str, capacity: usize) -> Result<Event> {
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/events", server.base))
        .bearer_auth(token)
        .json(&serde_json::json!({
            "title": title,
            "kind": "conference",
            "description": "Talks, a hallway track and a **party** in the evening.",
            "starts_at": "2099-08-17T16:00",
            "ends_at": "2099-08-17T23:00",
            "time_zone": "Europe/Berlin",
            "venue_name": "Volkspark",
            "venue_address": "Burgstraße 27, 06114 Halle (Saale)",
            "capacity": capacity,
            "visibility": "public",
            "published": true,
        }))
        .send()
        .await?;
    let status = response.status();
    let body: serde_json::Value = response.json().await?;
    let slug = body["slug"].as_str().with_context(|| format!("creating an event answered {status}: {body}"))?.to_string();
    let db = Db::connect(server.database_url()).await?;
    let id: i64 = app::db::query_scalar("SELECT id FROM events WHERE slug = $1").bind(&slug).fetch_one(&db).await?;
    db.close().await;
    Ok(Event { id, slug })
}

/// `count` guests (`{prefix}{i}@bench.test`) answer yes for one place each, from `clients` at once.
pub async fn rsvps(server: &Server, event: &Event, prefix: &str, count: usize, clients: usize) -> (Stats, Vec<Answer>) {
    rsvps_across(&[server], event, prefix, count, clients).await
}

/// As [`rsvps`], guest `i` sending to `servers[i % n]`: instances behind a proxy sharing one database.
pub async fn rsvps_across(servers: &[&Server], event: &Event, prefix: &str, count: usize, clients: usize) -> (Stats, Vec<Answer>) {
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let (slug, prefix) = (event.slug.clone(), prefix.to_string());
    let make: load::MakeRequest = Arc::new(move |client, i| {
        let base = &bases[i % bases.len()];
        client
            .post(format!("{base}/api/public/rsvp/respond"))
            .header("origin", base)
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", format!("10.{}.{}.{}", (i >> 16) & 255, (i >> 8) & 255, i & 255))
            .body(format!("event={slug}&name={prefix}+{i}&email={prefix}{i}%40bench.test&answer=yes&party_size=1"))
    });
    load::run(clients, Stop::Requests(count), make, |_| true).await
}

/// What the burst left behind, checked against the rules of the RSVP issue.
#[derive(Debug, Serialize)]
pub struct Verdict {
    pub ok: bool,
    pub rsvps: i64,
    pub going: i64,
    pub waitlisted: i64,
    pub distinct_addresses: i64,
    pub mails: i64,
    pub problems: Vec<String>,
}

pub async fn verify(server: &Server, event: &Event, prefix: &str, attempts: usize, places: usize, answers: &[Answer]) -> Result<Verdict> {
    let db = Db::connect(server.database_url()).await?;
    let rows: Vec<(i64, String, String, Option<i64>)> =
        app::db::query_as("SELECT id, email, status, waitlist_seq FROM rsvps WHERE event_id = $1 ORDER BY id")
            .bind(event.id)
            .fetch_all(&db)
            .await?;
    let (mails, mail_addresses): (i64, i64) =
        app::db::query_as("SELECT COUNT(*), COUNT(DISTINCT envelope_to) FROM outbox WHERE envelope_to LIKE $1 || '%@bench.test'")
            .bind(prefix)
            .fetch_one(&db)
            .await?;
    let mut problems = Vec::new();
    let count = |status: &str| rows.iter().filter(|r| r.2 == status).count();
    let (going, waitlisted) = (count("going"), count("waitlisted"));
    if going != places {
        problems.push(format!("{going} going, expected {places}"));
    }
    if waitlisted != attempts - places {
        problems.push(format!("{waitlisted} waitlisted, expected {}", attempts - places));
    }
    // Arrival order: every confirmed RSVP came before every waitlisted one, and the
    // waitlist runs in the order the RSVPs were stored.
    let last_going = rows.iter().filter(|r| r.2 == "going").map(|r| r.0).max().unwrap_or(0);
    let first_waiting = rows.iter().filter(|r| r.2 == "waitlisted").map(|r| r.0).min().unwrap_or(i64::MAX);
    if last_going > first_waiting {
        problems.push(format!("RSVP {first_waiting} is waitlisted although RSVP {last_going}, stored later, got a place"));
    }
    let seqs: Vec<i64> = rows.iter().filter(|r| r.2 == "waitlisted").filter_map(|r| r.3).collect();
    if seqs.len() != waitlisted || seqs.windows(2).any(|w| w[0] >= w[1]) {
        problems.push("the waitlist is not in the order the RSVPs were stored".into());
    }
    let mut addresses: HashMap<&str, &str> = HashMap::new();
    for (_, email, status, _) in &rows {
        if addresses.insert(email, status).is_some() {
            problems.push(format!("{email} answered twice"));
        }
    }
    let expected = (0..attempts).filter(|i| !addresses.contains_key(format!("{prefix}{i}@bench.test").as_str())).count();
    if expected > 0 || rows.len() != attempts {
        problems.push(format!("{} RSVPs stored for {attempts} attempts ({expected} attempts missing)", rows.len()));
    }
    // A guest is told only to look in the mail; the mail says where the answer landed, and the
    // waitlist positions mailed are 1..=N once each.
    for answer in answers {
        let told: serde_json::Value = serde_json::from_slice(&answer.body).unwrap_or_default();
        if answer.status != 200 || !told["status"].is_null() {
            problems.push(format!("attempt {} was answered {} {told}", answer.index, answer.status));
        }
    }
    let messages: Vec<(Vec<u8>,)> =
        app::db::query_as("SELECT message FROM outbox WHERE envelope_to LIKE $1 || '%@bench.test'").bind(prefix).fetch_all(&db).await?;
    db.close().await;
    let mut positions: Vec<i64> = messages.iter().filter_map(|(raw,)| mailed_position(&String::from_utf8_lossy(raw))).collect();
    positions.sort_unstable();
    if positions.len() != waitlisted || positions.iter().enumerate().any(|(i, p)| *p != i as i64 + 1) {
        problems.push("the waitlist positions mailed to guests are not 1..N once each".into());
    }
    if mails != attempts as i64 || mail_addresses != attempts as i64 {
        problems.push(format!("{mails} mails to {mail_addresses} addresses for {attempts} RSVPs"));
    }
    problems.truncate(10);
    Ok(Verdict {
        ok: problems.is_empty(),
        rsvps: rows.len() as i64,
        going: going as i64,
        waitlisted: waitlisted as i64,
        distinct_addresses: addresses.len() as i64,
        mails,
        problems,
    })
}

/// "number N on the waitlist" from a confirmation mail, with quoted-printable soft breaks undone
/// (the subject says "on the waitlist" too, without a number).
fn mailed_position(raw: &str) -> Option<i64> {
    let text = raw.replace("=\r\n", "").replace("=\n", "");
    text.match_indices(" on the waitlist").find_map(|(at, _)| text[..at].rsplit_once("number ")?.1.parse().ok())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_mailed_position_is_read_past_the_subject() {
        let mail =
            "Subject: You're on the waitlist for Conference\r\n\r\nThe event is full: your party of 1 is number 12=\r\n3 on the waitlist.";
        assert_eq!(super::mailed_position(mail), Some(123));
        assert_eq!(super::mailed_position("Subject: You're on the waitlist\r\n\r\nYou're going."), None);
    }
}
