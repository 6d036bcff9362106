-- Organizers may approve each RSVP. A "yes" then waits as 'pending' (holding no place) until
-- an organizer approves it (it then goes or joins the waitlist) or declines it ('declined').
ALTER TABLE events ADD COLUMN requires_approval BOOLEAN NOT NULL DEFAULT FALSE;

-- pending: a yes the organizers have not decided on; declined: one they turned down
ALTER TABLE rsvps DROP CONSTRAINT rsvps_status_check;
ALTER TABLE rsvps ADD CONSTRAINT rsvps_status_check
    CHECK (status IN ('going', 'waitlisted', 'maybe', 'not_going', 'pending', 'declined'));

-- When this person was first let in (approved, or their yes taken without approval);
-- from then on their answers need no approval.
ALTER TABLE rsvps ADD COLUMN approved_at BIGINT;
UPDATE rsvps SET approved_at = created_at WHERE status IN ('going', 'waitlisted');
