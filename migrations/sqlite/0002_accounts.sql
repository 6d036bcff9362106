-- Accounts. Email is stored lower-cased; a deleted account is removed, its
-- RSVPs and reports are kept without the link to it (ON DELETE SET NULL later).
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    password_hash   TEXT,                -- Argon2id PHC string; NULL: sign in by emailed link only
    language        TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'de')),
    is_admin        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL
);

-- Server-side sessions. Only a SHA-256 of the cookie value is stored.
CREATE TABLE sessions (
    id_hash         TEXT PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL     -- absolute limit; idle expiry is last_seen_at + idle timeout
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Emailed single-use links: sign in, password reset, email change. Stored hashed.
CREATE TABLE email_tokens (
    token_hash      TEXT PRIMARY KEY,
    purpose         TEXT NOT NULL CHECK (purpose IN ('sign_in', 'change_email')),
    email           TEXT NOT NULL,       -- where the link was sent
    user_id         INTEGER REFERENCES users (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER
);

-- Per-event roles. Grants to addresses without an account wait in role_invitations.
CREATE TABLE event_roles (
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'co_organizer', 'check_in', 'packing', 'conduct_responder')),
    granted_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (event_id, user_id, role)
);
CREATE INDEX event_roles_user ON event_roles (user_id);

CREATE TABLE role_invitations (
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'co_organizer', 'check_in', 'packing', 'conduct_responder')),
    invited_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (event_id, email, role)
);

-- Who signed in, who failed, who changed whose role.
CREATE TABLE security_log (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    user_id         INTEGER,
    email           TEXT,
    client          TEXT,
    detail          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX security_log_at ON security_log (at);
