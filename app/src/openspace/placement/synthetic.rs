//! Made-up but lifelike instances for demos, timing and tests: skewed popularity, voters in a few
//! interest clusters, a lunch hall blocked at lunch, a fifth of the sessions 2 slots long, and a
//! couple of people facilitating two sessions.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Cell, Instance, Room, Session, Slot, Vote};

/// Slots per day; the third slot of a day is after lunch.
const SLOTS_PER_DAY: usize = 4;
/// Interest clusters among voters and sessions.
const CLUSTERS: usize = 4;
/// A voter picks a session of their own cluster this many times as readily as another.
const AFFINITY: f64 = 4.0;
/// At most this many dots on one session.
const MAX_DOTS_PER_SESSION: u32 = 3;
/// Room sizes, largest first; more rooms repeat the smallest.
const CAPACITIES: [u32; 6] = [60, 40, 30, 25, 20, 15];

/// An instance of `sessions` sessions, `rooms` rooms, `slots` slots (days of 4), `voters` voters
/// each giving `dots` dots (at most 3 on a session). Voter ids are `0..voters`; facilitators are
/// drawn among them. The same arguments give the same instance.
pub fn instance(seed: u64, sessions: usize, rooms: usize, slots: usize, voters: usize, dots: u32) -> Instance {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let slot_list: Vec<Slot> = (0..slots).map(|t| Slot { day: (t / SLOTS_PER_DAY) as u16 }).collect();
    let room_list: Vec<Room> = (0..rooms).map(|r| Room { capacity: CAPACITIES[r.min(CAPACITIES.len() - 1)] }).collect();
    // Lunch is served in the largest room, so it is blocked for the slot after lunch on full days.
    let blocked: Vec<Cell> = if rooms > 1 {
        (0..slots).filter(|t| t % SLOTS_PER_DAY == 2).map(|t| Cell { slot: t as u16, room: 0 }).collect()
    } else {
        Vec::new()
    };
    // Popularity falls off with rank (Zipf-like), ranks shuffled over the sessions.
    let mut popularity: Vec<f64> = (0..sessions).map(|rank| 1.0 / (rank as f64 + 1.0).powf(0.9)).collect();
    for i in (1..sessions).rev() {
        popularity.swap(i, rng.random_range(0..=i));
    }
    let cluster_of_session: Vec<usize> = (0..sessions).map(|_| rng.random_range(0..CLUSTERS)).collect();
    let person = |rng: &mut ChaCha8Rng| rng.random_range(0..voters.max(1)) as u32;
    let mut session_list: Vec<Session> = (0..sessions)
        .map(|_| Session {
            length: if rng.random_bool(0.2) { 2 } else { 1 },
            facilitators: vec![person(&mut rng)],
            pinned: None,
            announced: None,
        })
        .collect();
    // A few sessions have a co-facilitator, and two people run a second session.
    for session in &mut session_list {
        if rng.random_bool(0.15) {
            session.facilitators.push(person(&mut rng));
        }
    }
    for k in 0..2.min(sessions / 2) {
        let lead = session_list[k].facilitators[0];
        session_list[sessions - 1 - k].facilitators[0] = lead;
    }
    let mut votes = Vec::new();
    for voter in 0..voters {
        let cluster = rng.random_range(0..CLUSTERS);
        let weight: Vec<f64> =
            (0..sessions).map(|s| popularity[s] * if cluster_of_session[s] == cluster { AFFINITY } else { 1.0 }).collect();
        let sum: f64 = weight.iter().sum();
        let mut given = vec![0u32; sessions];
        let mut left = dots;
        // Bounded retries: a ballot that cannot place all its dots under the cap keeps fewer.
        for _ in 0..dots * 20 {
            if left == 0 || sum <= 0.0 {
                break;
            }
            let mut x = rng.random::<f64>() * sum;
            let s = weight.iter().position(|&w| {
                x -= w;
                x < 0.0
            });
            let s = s.unwrap_or(sessions - 1);
            if given[s] < MAX_DOTS_PER_SESSION {
                given[s] += 1;
                left -= 1;
            }
        }
        for (s, &d) in given.iter().enumerate() {
            if d > 0 {
                votes.push(Vote { voter: voter as u32, session: s as u32, dots: d });
            }
        }
    }
    Instance { slots: slot_list, rooms: room_list, sessions: session_list, blocked, votes, attendees_per_voter: 1.3 }
}
