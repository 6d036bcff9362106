-- Deciding an RSVP needs the places taken and the length of the waitlist. Summing and
-- counting the event's RSVPs every time grows with the event (at 10,000 answers it was
-- most of an RSVP's cost), so triggers keep running totals per event, whichever
-- statement changes an RSVP.
CREATE TABLE rsvp_totals (
    event_id     BIGINT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    going_places BIGINT NOT NULL DEFAULT 0,
    waiting      BIGINT NOT NULL DEFAULT 0
);

INSERT INTO rsvp_totals (event_id, going_places, waiting)
SELECT e.id,
       COALESCE(SUM(CASE WHEN r.status = 'going' THEN r.party_size ELSE 0 END), 0),
       COUNT(*) FILTER (WHERE r.status = 'waitlisted')
FROM events e LEFT JOIN rsvps r ON r.event_id = e.id
GROUP BY e.id;

CREATE FUNCTION rsvp_totals_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rsvp_totals (event_id) VALUES (NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER rsvp_totals_event AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION rsvp_totals_event();

CREATE FUNCTION rsvp_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places + CASE WHEN NEW.status = 'going' THEN NEW.party_size ELSE 0 END,
        waiting = waiting + CASE WHEN NEW.status = 'waitlisted' THEN 1 ELSE 0 END
    WHERE event_id = NEW.event_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER rsvp_totals_insert AFTER INSERT ON rsvps
    FOR EACH ROW EXECUTE FUNCTION rsvp_totals_insert();

CREATE FUNCTION rsvp_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places - CASE WHEN OLD.status = 'going' THEN OLD.party_size ELSE 0 END,
        waiting = waiting - CASE WHEN OLD.status = 'waitlisted' THEN 1 ELSE 0 END
    WHERE event_id = OLD.event_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER rsvp_totals_delete AFTER DELETE ON rsvps
    FOR EACH ROW EXECUTE FUNCTION rsvp_totals_delete();

-- An RSVP never moves to another event, so one row changes.
CREATE FUNCTION rsvp_totals_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rsvp_totals
    SET going_places = going_places - CASE WHEN OLD.status = 'going' THEN OLD.party_size ELSE 0 END
                                    + CASE WHEN NEW.status = 'going' THEN NEW.party_size ELSE 0 END,
        waiting = waiting - CASE WHEN OLD.status = 'waitlisted' THEN 1 ELSE 0 END
                          + CASE WHEN NEW.status = 'waitlisted' THEN 1 ELSE 0 END
    WHERE event_id = NEW.event_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER rsvp_totals_update AFTER UPDATE OF status, party_size ON rsvps
    FOR EACH ROW EXECUTE FUNCTION rsvp_totals_update();

-- The end of the waitlist (its largest sequence number) is then one step down this index.
DROP INDEX rsvps_event_status;
CREATE INDEX rsvps_event_status ON rsvps (event_id, status, waitlist_seq, party_size);
