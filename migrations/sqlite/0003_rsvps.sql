-- Who made an event, and until when people may answer.
ALTER TABLE events ADD COLUMN created_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE events ADD COLUMN rsvp_deadline INTEGER;
ALTER TABLE events ADD COLUMN cancelled_reason TEXT;

-- One answer per person and event (the email is the person), with or without an account.
CREATE TABLE rsvps (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    email           TEXT NOT NULL,
    name            TEXT NOT NULL,
    answer          TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    party_size      INTEGER NOT NULL CHECK (party_size BETWEEN 1 AND 20),
    dietary         TEXT NOT NULL DEFAULT '',
    -- going: holds party_size places; waitlisted: waits in waitlist_seq order
    status          TEXT NOT NULL CHECK (status IN ('going', 'waitlisted', 'maybe', 'not_going')),
    waitlist_seq    INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (event_id, email)
);
CREATE INDEX rsvps_event_status ON rsvps (event_id, status, waitlist_seq);

-- Why someone was moved on the waitlist by hand; kept for good.
CREATE TABLE rsvp_audit (
    id              INTEGER PRIMARY KEY,
    rsvp_id         INTEGER NOT NULL REFERENCES rsvps (id) ON DELETE CASCADE,
    at              INTEGER NOT NULL,
    actor_user_id   INTEGER,
    change          TEXT NOT NULL,
    reason          TEXT NOT NULL
);
