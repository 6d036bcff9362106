-- Code-of-conduct reports. Everything a reporter or a responder wrote is sealed
-- (XChaCha20-Poly1305 under a key derived from the instance's secret key, see
-- app/src/conduct/seal.rs); the columns in the clear are what the responders'
-- workflow needs and say nothing of the incident. No column links a report to
-- an account, a session or a client address.

-- An event's code of conduct and who to call on site. Without a row: the
-- instance's code, and only the local emergency number.
CREATE TABLE conduct_settings (
    event_id            INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    code_md             TEXT,                 -- NULL: the instance's code
    emergency_contact   TEXT NOT NULL DEFAULT '',
    emergency_number    TEXT NOT NULL DEFAULT '112',
    updated_at          INTEGER NOT NULL
);

-- The instance's code of conduct, as the administrators changed it; without a
-- row, the text shipped with Festplan in that language.
CREATE TABLE conduct_codes (
    language    TEXT PRIMARY KEY CHECK (language IN ('en', 'de')),
    code_md     TEXT NOT NULL,
    updated_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE conduct_reports (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    urgent      INTEGER NOT NULL CHECK (urgent IN (0, 1)),
    status      TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'acknowledged', 'investigating', 'resolved', 'closed')),
    sealed      BLOB NOT NULL,                -- the report's fields
    code_hash   BLOB NOT NULL UNIQUE,         -- SHA-256 of the reporter's follow-up code
    created_at  INTEGER NOT NULL,
    closed_at   INTEGER                       -- resolved or closed: retention counts from here
);
CREATE INDEX conduct_reports_event ON conduct_reports (event_id, urgent DESC, created_at);

-- What happened to a report after it came in: status steps, replies to the
-- reporter, internal notes, the reporter's additions, actions taken.
CREATE TABLE conduct_entries (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL REFERENCES conduct_reports (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('step', 'reply', 'note', 'reporter', 'action')),
    by_user     INTEGER REFERENCES users (id) ON DELETE SET NULL,  -- NULL: the reporter
    status      TEXT,                         -- steps: the new status
    action      TEXT CHECK (action IS NULL OR action IN ('warning', 'removal', 'other')),
    sealed      BLOB,                         -- the text; NULL for steps
    created_at  INTEGER NOT NULL
);
CREATE INDEX conduct_entries_report ON conduct_entries (report_id, id);

CREATE TABLE conduct_recusals (
    report_id   INTEGER NOT NULL REFERENCES conduct_reports (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    by_user     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (report_id, user_id)
);

-- Every read of a report by a responder. Append-only for the app: the triggers
-- refuse changes, and deletions while the report exists (retention deletes the
-- report first, then its log).
CREATE TABLE conduct_reads (
    id          INTEGER PRIMARY KEY,
    report_id   INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    what        TEXT NOT NULL CHECK (what IN ('report', 'export')),
    at          INTEGER NOT NULL
);
CREATE INDEX conduct_reads_report ON conduct_reads (report_id, id);
CREATE TRIGGER conduct_reads_append_only BEFORE UPDATE ON conduct_reads
BEGIN
    SELECT RAISE(ABORT, 'the read log of conduct reports is append-only');
END;
CREATE TRIGGER conduct_reads_kept BEFORE DELETE ON conduct_reads
WHEN EXISTS (SELECT 1 FROM conduct_reports WHERE id = OLD.report_id)
BEGIN
    SELECT RAISE(ABORT, 'the read log of conduct reports is append-only');
END;

-- People removed from an event after a report: their RSVP is cancelled and new
-- ones are refused. The reason is sealed, for the responders only.
CREATE TABLE event_removals (
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    email       TEXT NOT NULL COLLATE NOCASE,
    report_id   INTEGER REFERENCES conduct_reports (id) ON DELETE SET NULL,
    sealed      BLOB NOT NULL,
    by_user     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (event_id, email)
);

-- What stays of reports deleted after retention: how many an event had.
CREATE TABLE conduct_counts (
    event_id    INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    deleted     INTEGER NOT NULL DEFAULT 0
);

-- Mail whose text must not outlive its delivery (a reporter's follow-up code): once
-- sent, its message is wiped and only the fact that it went remains.
ALTER TABLE outbox ADD COLUMN forget_when_sent INTEGER NOT NULL DEFAULT 0 CHECK (forget_when_sent IN (0, 1));
