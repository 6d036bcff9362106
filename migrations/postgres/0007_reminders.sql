-- How long before the start those going get a reminder (0: none), and whether they got it.
ALTER TABLE events ADD COLUMN reminder_hours BIGINT NOT NULL DEFAULT 24 CHECK (reminder_hours BETWEEN 0 AND 336);
ALTER TABLE rsvps ADD COLUMN reminded_at BIGINT;
