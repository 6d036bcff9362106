-- Open space: sessions proposed by attendees, dot votes, rooms × slots, and where each
-- session was placed. Times are UTC unix seconds, shown in the event's zone.
CREATE TABLE open_spaces (
    event_id            INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    participation       TEXT NOT NULL DEFAULT 'going' CHECK (participation IN ('going', 'link', 'accounts')),
    proposals_close_at  INTEGER,             -- NULL: proposals are taken until the event ends
    voting_opens_at     INTEGER,             -- NULL: voting is open at once
    voting_closes_at    INTEGER,             -- NULL: until the event ends
    dots_per_voter      INTEGER NOT NULL DEFAULT 5 CHECK (dots_per_voter BETWEEN 1 AND 50),
    max_dots_per_session INTEGER NOT NULL DEFAULT 3 CHECK (max_dots_per_session BETWEEN 1 AND 50),
    locked              INTEGER NOT NULL DEFAULT 0,
    placement_seed      INTEGER,
    placed_at           INTEGER,
    figures_json        TEXT,                -- the last placement's figures, as shown to organizers
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);

CREATE TABLE open_space_rooms (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES open_spaces (event_id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    capacity    INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
    notes       TEXT NOT NULL DEFAULT '',
    UNIQUE (event_id, name)
);

CREATE TABLE open_space_slots (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES open_spaces (event_id) ON DELETE CASCADE,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL CHECK (ends_at > starts_at),
    UNIQUE (event_id, starts_at)
);

-- Cells the organizer keeps free (lunch, a room not ready yet).
CREATE TABLE open_space_blocked (
    slot_id     INTEGER NOT NULL REFERENCES open_space_slots (id) ON DELETE CASCADE,
    room_id     INTEGER NOT NULL REFERENCES open_space_rooms (id) ON DELETE CASCADE,
    label       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (slot_id, room_id)
);

-- Who takes part: an account, a guest through their personal RSVP link, or (when anyone with
-- the link may) a visitor known by a cookie; or a voter imported through the API.
CREATE TABLE open_space_participants (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES open_spaces (event_id) ON DELETE CASCADE,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    rsvp_id     INTEGER REFERENCES rsvps (id) ON DELETE SET NULL,
    external_id TEXT,                        -- an importing tool's voter id or email
    name        TEXT NOT NULL,
    email       TEXT,                        -- lower-cased; finds co-facilitators named by address
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX open_space_participant_user ON open_space_participants (event_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX open_space_participant_rsvp ON open_space_participants (event_id, rsvp_id) WHERE rsvp_id IS NOT NULL;
CREATE UNIQUE INDEX open_space_participant_external ON open_space_participants (event_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE open_space_sessions (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES open_spaces (event_id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    description_md  TEXT NOT NULL DEFAULT '',
    format          TEXT NOT NULL CHECK (format IN ('discussion', 'talk', 'workshop', 'kata', 'other')),
    length          INTEGER NOT NULL DEFAULT 1 CHECK (length IN (1, 2)),
    notes_md        TEXT NOT NULL DEFAULT '',
    slot_id         INTEGER REFERENCES open_space_slots (id) ON DELETE SET NULL,
    room_id         INTEGER REFERENCES open_space_rooms (id) ON DELETE SET NULL,
    pinned          INTEGER NOT NULL DEFAULT 0,
    merged_into     INTEGER REFERENCES open_space_sessions (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX open_space_sessions_event ON open_space_sessions (event_id);
-- One session per cell (a two-slot session holds its start cell here; the next slot is checked by the service).
CREATE UNIQUE INDEX open_space_session_cell ON open_space_sessions (slot_id, room_id) WHERE slot_id IS NOT NULL AND merged_into IS NULL;

CREATE TABLE open_space_facilitators (
    session_id      INTEGER NOT NULL REFERENCES open_space_sessions (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES open_space_participants (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, participant_id)
);
-- Co-facilitators named by address before they took part; they facilitate once they do.
CREATE TABLE open_space_facilitator_invites (
    session_id      INTEGER NOT NULL REFERENCES open_space_sessions (id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    PRIMARY KEY (session_id, email)
);

CREATE TABLE open_space_votes (
    session_id      INTEGER NOT NULL REFERENCES open_space_sessions (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES open_space_participants (id) ON DELETE CASCADE,
    dots            INTEGER NOT NULL CHECK (dots > 0),
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX open_space_votes_participant ON open_space_votes (participant_id);

CREATE TABLE open_space_stars (
    session_id      INTEGER NOT NULL REFERENCES open_space_sessions (id) ON DELETE CASCADE,
    participant_id  INTEGER NOT NULL REFERENCES open_space_participants (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, participant_id)
);

-- A proposer asks to fold their session into another; the other's facilitators accept.
CREATE TABLE open_space_merges (
    id              INTEGER PRIMARY KEY,
    from_session    INTEGER NOT NULL REFERENCES open_space_sessions (id) ON DELETE CASCADE,
    into_session    INTEGER NOT NULL REFERENCES open_space_sessions (id) ON DELETE CASCADE,
    requested_by    INTEGER NOT NULL REFERENCES open_space_participants (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    UNIQUE (from_session, into_session)
);
