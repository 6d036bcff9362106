-- Parties arrive in parts: how many people of a party are in so far. `checked_in_at` stays
-- the first arrival (what the `rsvp.checked_in` webhook announces); parties checked in before
-- arrived whole.
ALTER TABLE rsvps ADD COLUMN arrived BIGINT NOT NULL DEFAULT 0 CHECK (arrived >= 0);
UPDATE rsvps SET arrived = party_size WHERE checked_in_at IS NOT NULL;
