-- Deciding an RSVP needs the places taken and the length of the waitlist. Summing and
-- counting the event's RSVPs every time grows with the event (at 10,000 answers it was
-- most of an RSVP's cost), so triggers keep running totals per event, whichever
-- statement changes an RSVP. (A comparison is 0 or 1 in SQLite, hence the products.)
CREATE TABLE rsvp_totals (
    event_id     INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    going_places INTEGER NOT NULL DEFAULT 0,
    waiting      INTEGER NOT NULL DEFAULT 0
);

INSERT INTO rsvp_totals (event_id, going_places, waiting)
SELECT e.id, COALESCE(SUM((r.status = 'going') * r.party_size), 0), COALESCE(SUM(r.status = 'waitlisted'), 0)
FROM events e LEFT JOIN rsvps r ON r.event_id = e.id
GROUP BY e.id;

CREATE TRIGGER rsvp_totals_event AFTER INSERT ON events BEGIN
    INSERT INTO rsvp_totals (event_id) VALUES (NEW.id);
END;

CREATE TRIGGER rsvp_totals_insert AFTER INSERT ON rsvps BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places + (NEW.status = 'going') * NEW.party_size,
        waiting = waiting + (NEW.status = 'waitlisted')
    WHERE event_id = NEW.event_id;
END;

CREATE TRIGGER rsvp_totals_delete AFTER DELETE ON rsvps BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places - (OLD.status = 'going') * OLD.party_size,
        waiting = waiting - (OLD.status = 'waitlisted')
    WHERE event_id = OLD.event_id;
END;

-- An RSVP never moves to another event, so one row changes.
CREATE TRIGGER rsvp_totals_update AFTER UPDATE OF status, party_size ON rsvps BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places - (OLD.status = 'going') * OLD.party_size + (NEW.status = 'going') * NEW.party_size,
        waiting = waiting - (OLD.status = 'waitlisted') + (NEW.status = 'waitlisted')
    WHERE event_id = NEW.event_id;
END;

-- The end of the waitlist (its largest sequence number) is then one step down this index.
DROP INDEX rsvps_event_status;
CREATE INDEX rsvps_event_status ON rsvps (event_id, status, waitlist_seq, party_size);
