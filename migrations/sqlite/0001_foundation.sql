-- Events: the part the home page lists. Times are UTC unix seconds; `time_zone`
-- is the IANA zone the event is shown in.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('bbq', 'sprint', 'party', 'meetup', 'conference', 'open_space', 'other')),
    title           TEXT NOT NULL,
    title_de        TEXT,
    description_md  TEXT NOT NULL DEFAULT '',
    description_de  TEXT,
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL CHECK (ends_at >= starts_at),
    time_zone       TEXT NOT NULL,
    venue_name      TEXT NOT NULL DEFAULT '',
    venue_address   TEXT NOT NULL DEFAULT '',
    capacity        INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    visibility      TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'unlisted', 'private')),
    status          TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX events_upcoming ON events (status, visibility, ends_at);

-- Mail waiting to be delivered. Written in the same transaction as the change
-- that caused it; the outbox worker delivers it and records the outcome.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    envelope_from   TEXT NOT NULL,
    envelope_to     TEXT NOT NULL,       -- one address
    subject         TEXT NOT NULL,       -- for the log and the admin view
    message         BLOB NOT NULL,       -- the complete RFC 5322 message, Message-ID fixed at enqueue
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    sent_at         INTEGER,
    failed_at       INTEGER              -- given up: permanent SMTP refusal or too many attempts
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
