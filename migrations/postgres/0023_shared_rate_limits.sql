-- Rate limits counted in the database, so several instances share one allowance (GCRA:
-- `tat` is the theoretical arrival time in milliseconds; `granted` is the last attempt's
-- outcome, returned by the same statement that decided it). `key` is a keyed hash of the
-- limit and what it limits (an address, an account), never the value itself.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    tat BIGINT NOT NULL,
    granted BOOLEAN NOT NULL
);
CREATE INDEX rate_limits_by_tat ON rate_limits (tat);
