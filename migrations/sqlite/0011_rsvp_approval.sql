-- no-transaction
-- Organizers may approve each RSVP. A "yes" then waits as 'pending' (holding no place) until
-- an organizer approves it (it then goes or joins the waitlist) or declines it ('declined').
-- The status CHECK can only change by rebuilding the table (SQLite's documented 12 steps).
-- Foreign keys must be off while the old table is dropped, or the RSVPs' answers and audit
-- trail would be deleted with it; that pragma has no effect inside a transaction, hence
-- this migration runs its own.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

ALTER TABLE events ADD COLUMN requires_approval INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval IN (0, 1));

CREATE TABLE rsvps_new (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    email           TEXT NOT NULL,
    name            TEXT NOT NULL,
    answer          TEXT NOT NULL CHECK (answer IN ('yes', 'maybe', 'no')),
    party_size      INTEGER NOT NULL CHECK (party_size BETWEEN 1 AND 20),
    dietary         TEXT NOT NULL DEFAULT '',
    -- going: holds party_size places; waitlisted: waits in waitlist_seq order;
    -- pending: a yes the organizers have not decided on; declined: one they turned down
    status          TEXT NOT NULL CHECK (status IN ('going', 'waitlisted', 'maybe', 'not_going', 'pending', 'declined')),
    waitlist_seq    INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    checked_in_at   INTEGER,
    checked_in_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reminded_at     INTEGER,
    -- When this person was first let in (approved, or their yes taken without approval);
    -- from then on their answers need no approval.
    approved_at     INTEGER,
    UNIQUE (event_id, email)
);

INSERT INTO rsvps_new (id, event_id, user_id, email, name, answer, party_size, dietary, status, waitlist_seq,
                       created_at, updated_at, checked_in_at, checked_in_by, reminded_at, approved_at)
SELECT id, event_id, user_id, email, name, answer, party_size, dietary, status, waitlist_seq,
       created_at, updated_at, checked_in_at, checked_in_by, reminded_at,
       CASE WHEN status IN ('going', 'waitlisted') THEN created_at END
FROM rsvps;

DROP TABLE rsvps;
ALTER TABLE rsvps_new RENAME TO rsvps;

CREATE INDEX rsvps_event_status ON rsvps (event_id, status, waitlist_seq, party_size);

-- The running totals' triggers went with the old table (see 0008_rsvp_totals.sql).
CREATE TRIGGER rsvp_totals_insert AFTER INSERT ON rsvps BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places + (NEW.status = 'going') * NEW.party_size,
        waiting = waiting + (NEW.status = 'waitlisted')
    WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER rsvp_totals_delete AFTER DELETE ON rsvps BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places - (OLD.status = 'going') * OLD.party_size,
        waiting = waiting - (OLD.status = 'waitlisted')
    WHERE event_id = OLD.event_id;
END;

CREATE TRIGGER rsvp_totals_update AFTER UPDATE OF status, party_size ON rsvps BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places - (OLD.status = 'going') * OLD.party_size + (NEW.status = 'going') * NEW.party_size,
        waiting = waiting - (OLD.status = 'waitlisted') + (NEW.status = 'waitlisted')
    WHERE event_id = NEW.event_id;
END;

COMMIT;
PRAGMA foreign_keys = ON;
