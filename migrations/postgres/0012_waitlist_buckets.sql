-- A party's place in line without counting everyone ahead of it: the line is cut into buckets
-- of 1,024 sequence numbers, each keeping how many parties still wait in it. A position is then
-- the sum over the buckets before the party's own (about one row per 1,024 parties that ever
-- joined) plus a count inside its own bucket (at most 1,024 index entries): with 100,000 waiting,
-- about 100 rows and 1,024 entries, where a plain count reads up to 100,000.
CREATE TABLE waitlist_buckets (
    event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    bucket BIGINT NOT NULL,
    waiting BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, bucket)
);

-- `seq >> 10` is the bucket (a floor, also for a sequence below zero: the shift is arithmetic).
INSERT INTO waitlist_buckets (event_id, bucket, waiting)
    SELECT event_id, waitlist_seq >> 10, COUNT(*) FROM rsvps
    WHERE status = 'waitlisted' AND waitlist_seq IS NOT NULL
    GROUP BY event_id, waitlist_seq >> 10;

CREATE FUNCTION waitlist_buckets_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO waitlist_buckets (event_id, bucket, waiting) VALUES (NEW.event_id, NEW.waitlist_seq >> 10, 1)
    ON CONFLICT (event_id, bucket) DO UPDATE SET waiting = waitlist_buckets.waiting + 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER waitlist_buckets_insert AFTER INSERT ON rsvps
    FOR EACH ROW WHEN (NEW.status = 'waitlisted' AND NEW.waitlist_seq IS NOT NULL)
    EXECUTE FUNCTION waitlist_buckets_insert();

CREATE FUNCTION waitlist_buckets_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE waitlist_buckets SET waiting = waiting - 1 WHERE event_id = OLD.event_id AND bucket = OLD.waitlist_seq >> 10;
    RETURN NULL;
END;
$$;
CREATE TRIGGER waitlist_buckets_delete AFTER DELETE ON rsvps
    FOR EACH ROW WHEN (OLD.status = 'waitlisted' AND OLD.waitlist_seq IS NOT NULL)
    EXECUTE FUNCTION waitlist_buckets_delete();

-- Leaving the line, joining it, or being moved in it (a new sequence number).
CREATE FUNCTION waitlist_buckets_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'waitlisted' AND OLD.waitlist_seq IS NOT NULL THEN
        UPDATE waitlist_buckets SET waiting = waiting - 1
        WHERE event_id = OLD.event_id AND bucket = OLD.waitlist_seq >> 10;
    END IF;
    IF NEW.status = 'waitlisted' AND NEW.waitlist_seq IS NOT NULL THEN
        INSERT INTO waitlist_buckets (event_id, bucket, waiting) VALUES (NEW.event_id, NEW.waitlist_seq >> 10, 1)
        ON CONFLICT (event_id, bucket) DO UPDATE SET waiting = waitlist_buckets.waiting + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER waitlist_buckets_update AFTER UPDATE OF status, waitlist_seq ON rsvps
    FOR EACH ROW WHEN ((OLD.status = 'waitlisted') <> (NEW.status = 'waitlisted') OR OLD.waitlist_seq IS DISTINCT FROM NEW.waitlist_seq)
    EXECUTE FUNCTION waitlist_buckets_update();
