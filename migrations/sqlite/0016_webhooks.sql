-- Webhooks: other programs subscribe to what happens to an event (or, for administrators,
-- to every event) and get each change as a signed POST (Standard Webhooks). Deliveries are
-- queued in the transaction of the change, like mail, and sent in order per subscription.
CREATE TABLE webhook_subscriptions (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER REFERENCES events (id) ON DELETE CASCADE,   -- this event only
    series_id   INTEGER REFERENCES series (id) ON DELETE CASCADE,   -- every event of the series
                                                                    -- neither: every event (administrators)
    url         TEXT NOT NULL,
    kinds       TEXT NOT NULL,                  -- JSON array of kinds, e.g. ["rsvp.created"]
    secret      BLOB NOT NULL,                  -- the signing secret, sealed
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX webhook_subscriptions_event ON webhook_subscriptions (event_id);
CREATE INDEX webhook_subscriptions_series ON webhook_subscriptions (series_id);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    message_id      TEXT NOT NULL UNIQUE,       -- `webhook-id`: the same on every attempt
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    failed_at       INTEGER,                    -- given up after the last attempt
    last_status     INTEGER,                    -- the receiver's HTTP status
    last_error      TEXT
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (subscription_id, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
