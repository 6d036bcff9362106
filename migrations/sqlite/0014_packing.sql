-- The swag-bag packing line: sponsors and their items, shipments checked in against what was
-- expected, the line's stations in walking order, volunteers' shifts, and every tap a station
-- sent. Times are UTC unix seconds (taps: milliseconds, as the phone recorded them).
CREATE TABLE packing_lines (
    event_id        INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    bag_target      INTEGER NOT NULL CHECK (bag_target BETWEEN 1 AND 1000000),
    tables          TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE packing_sponsors (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES packing_lines (event_id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    contact         TEXT NOT NULL DEFAULT '',
    tier            TEXT NOT NULL DEFAULT '',
    UNIQUE (event_id, name)
);

CREATE TABLE packing_items (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES packing_lines (event_id) ON DELETE CASCADE,
    sponsor_id      INTEGER NOT NULL REFERENCES packing_sponsors (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    per_bag         INTEGER NOT NULL DEFAULT 1 CHECK (per_bag BETWEEN 1 AND 100),
    expected        INTEGER NOT NULL DEFAULT 0 CHECK (expected >= 0),
    notes           TEXT NOT NULL DEFAULT '',
    UNIQUE (sponsor_id, name)
);

-- A box checked in: how many of an item it held, and what did not match.
CREATE TABLE packing_shipments (
    id              INTEGER PRIMARY KEY,
    item_id         INTEGER NOT NULL REFERENCES packing_items (id) ON DELETE CASCADE,
    received        INTEGER NOT NULL CHECK (received >= 0),
    note            TEXT NOT NULL DEFAULT '',
    received_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    received_at     INTEGER NOT NULL
);
CREATE INDEX packing_shipments_item ON packing_shipments (item_id);

CREATE TABLE packing_stations (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES packing_lines (event_id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('dispense', 'fold')),
    item_id         INTEGER REFERENCES packing_items (id) ON DELETE SET NULL,
    UNIQUE (event_id, name)
);

CREATE TABLE packing_shifts (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES packing_lines (event_id) ON DELETE CASCADE,
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL CHECK (ends_at > starts_at),
    needed          INTEGER NOT NULL CHECK (needed BETWEEN 1 AND 1000)
);

-- Who helps in a shift, and where: at a station, walking bags, or folding.
CREATE TABLE packing_signups (
    id              INTEGER PRIMARY KEY,
    shift_id        INTEGER NOT NULL REFERENCES packing_shifts (id) ON DELETE CASCADE,
    station_id      INTEGER REFERENCES packing_stations (id) ON DELETE SET NULL,
    job             TEXT NOT NULL CHECK (job IN ('station', 'walker', 'folder')),
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    name            TEXT NOT NULL,
    email           TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    UNIQUE (shift_id, email)
);

-- A batch of taps a phone sent; its id makes a retried batch count once.
CREATE TABLE packing_batches (
    id              TEXT PRIMARY KEY,
    station_id      INTEGER NOT NULL REFERENCES packing_stations (id) ON DELETE CASCADE,
    taps            INTEGER NOT NULL,
    received_at     INTEGER NOT NULL
);

CREATE TABLE packing_taps (
    id              INTEGER PRIMARY KEY,
    station_id      INTEGER NOT NULL REFERENCES packing_stations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('bag', 'refill', 'low', 'out')),
    at_ms           INTEGER NOT NULL,
    batch_id        TEXT NOT NULL REFERENCES packing_batches (id) ON DELETE CASCADE
);
CREATE INDEX packing_taps_station ON packing_taps (station_id, kind, at_ms);
