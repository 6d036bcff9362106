-- Deciding an RSVP needs the places taken and the length of the waitlist. Summing and
-- counting the event's RSVPs every time grows with the event (at 10,000 answers it was
-- most of an RSVP's cost), so triggers keep running totals per event, whichever
-- statement changes an RSVP.
CREATE TABLE rsvp_totals (
    event_id     INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    going_places INTEGER NOT NULL DEFAULT 0,
    waiting      INTEGER NOT NULL DEFAULT 0
);

INSERT INTO rsvp_totals (event_id, going_places, waiting)
SELECT event_id,
       COALESCE(SUM(CASE WHEN status = 'going' THEN party_size END), 0),
       COUNT(CASE WHEN status = 'waitlisted' THEN 1 END)
FROM rsvps GROUP BY event_id;

CREATE TRIGGER rsvp_totals_insert AFTER INSERT ON rsvps BEGIN
    INSERT INTO rsvp_totals (event_id, going_places, waiting)
    VALUES (NEW.event_id,
            CASE WHEN NEW.status = 'going' THEN NEW.party_size ELSE 0 END,
            CASE WHEN NEW.status = 'waitlisted' THEN 1 ELSE 0 END)
    ON CONFLICT (event_id) DO UPDATE SET going_places = going_places + excluded.going_places,
                                         waiting = waiting + excluded.waiting;
END;

CREATE TRIGGER rsvp_totals_delete AFTER DELETE ON rsvps BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places - CASE WHEN OLD.status = 'going' THEN OLD.party_size ELSE 0 END,
        waiting = waiting - CASE WHEN OLD.status = 'waitlisted' THEN 1 ELSE 0 END
    WHERE event_id = OLD.event_id;
END;

CREATE TRIGGER rsvp_totals_update AFTER UPDATE OF event_id, status, party_size ON rsvps BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places - CASE WHEN OLD.status = 'going' THEN OLD.party_size ELSE 0 END,
        waiting = waiting - CASE WHEN OLD.status = 'waitlisted' THEN 1 ELSE 0 END
    WHERE event_id = OLD.event_id;
    INSERT INTO rsvp_totals (event_id, going_places, waiting)
    VALUES (NEW.event_id,
            CASE WHEN NEW.status = 'going' THEN NEW.party_size ELSE 0 END,
            CASE WHEN NEW.status = 'waitlisted' THEN 1 ELSE 0 END)
    ON CONFLICT (event_id) DO UPDATE SET going_places = going_places + excluded.going_places,
                                         waiting = waiting + excluded.waiting;
END;

-- The end of the waitlist (its largest sequence number) is then one step down this index.
DROP INDEX rsvps_event_status;
CREATE INDEX rsvps_event_status ON rsvps (event_id, status, waitlist_seq, party_size);
