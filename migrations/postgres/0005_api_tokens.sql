-- Tokens for the JSON API; only a SHA-256 of each is stored.
CREATE TABLE api_tokens (
    token_hash      TEXT PRIMARY KEY,
    user_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    last_used_at    BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
