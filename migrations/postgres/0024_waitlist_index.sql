-- The waitlist's index holds waiting parties only. As one index over every RSVP of the event
-- (event_id, status, ...), it was also a way to look up an address: a planner that believes
-- a new event has no rows yet (statistics not gathered since its registration opened) took it
-- for `event_id = ? AND email = ?` and scanned the whole event per answer. Partial, it serves
-- only queries that say `status = 'waitlisted'`, and an address is found by its unique key.
DROP INDEX rsvps_event_status;
CREATE INDEX rsvps_waitlist ON rsvps (event_id, waitlist_seq, party_size) WHERE status = 'waitlisted';
