-- Rate limits counted in the database, for several instances on one PostgreSQL database.
-- A single SQLite process keeps them in memory (governor) and leaves this table empty; it
-- exists so both schemas stay in step.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat INTEGER NOT NULL,
    granted INTEGER NOT NULL CHECK (granted IN (0, 1))
);
CREATE INDEX rate_limits_by_tat ON rate_limits (tat);
