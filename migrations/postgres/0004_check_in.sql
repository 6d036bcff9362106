-- When a confirmed party arrived; set once by check-in staff.
ALTER TABLE rsvps ADD COLUMN checked_in_at BIGINT;
ALTER TABLE rsvps ADD COLUMN checked_in_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
