-- Events that recur ("BBQ I … IV") belong to a series; its page lists every date.
CREATE TABLE series (
    id         INTEGER PRIMARY KEY,
    slug       TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

ALTER TABLE events ADD COLUMN series_id INTEGER REFERENCES series (id) ON DELETE SET NULL;
CREATE INDEX events_series ON events (series_id, starts_at);
