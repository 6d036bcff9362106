-- A party's place in line without counting everyone ahead of it: the line is cut into buckets
-- of 1,024 sequence numbers, each keeping how many parties still wait in it. A position is then
-- the sum over the buckets before the party's own (about one row per 1,024 parties that ever
-- joined) plus a count inside its own bucket (at most 1,024 index entries): with 100,000 waiting,
-- about 100 rows and 1,024 entries, where a plain count reads up to 100,000.
CREATE TABLE waitlist_buckets (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    bucket INTEGER NOT NULL,
    waiting INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, bucket)
) WITHOUT ROWID;

-- `seq >> 10` is the bucket (a floor, also for a sequence below zero).
INSERT INTO waitlist_buckets (event_id, bucket, waiting)
    SELECT event_id, waitlist_seq >> 10, COUNT(*) FROM rsvps
    WHERE status = 'waitlisted' AND waitlist_seq IS NOT NULL
    GROUP BY event_id, waitlist_seq >> 10;

CREATE TRIGGER waitlist_buckets_insert AFTER INSERT ON rsvps
WHEN NEW.status = 'waitlisted' AND NEW.waitlist_seq IS NOT NULL BEGIN
    INSERT INTO waitlist_buckets (event_id, bucket, waiting) VALUES (NEW.event_id, NEW.waitlist_seq >> 10, 1)
    ON CONFLICT (event_id, bucket) DO UPDATE SET waiting = waiting + 1;
END;

CREATE TRIGGER waitlist_buckets_delete AFTER DELETE ON rsvps
WHEN OLD.status = 'waitlisted' AND OLD.waitlist_seq IS NOT NULL BEGIN
    UPDATE waitlist_buckets SET waiting = waiting - 1 WHERE event_id = OLD.event_id AND bucket = OLD.waitlist_seq >> 10;
END;

-- Leaving the line, joining it, or being moved in it (a new sequence number).
CREATE TRIGGER waitlist_buckets_update AFTER UPDATE OF status, waitlist_seq ON rsvps
WHEN (OLD.status = 'waitlisted') <> (NEW.status = 'waitlisted') OR OLD.waitlist_seq IS NOT NEW.waitlist_seq BEGIN
    UPDATE waitlist_buckets SET waiting = waiting - 1
    WHERE OLD.status = 'waitlisted' AND OLD.waitlist_seq IS NOT NULL AND event_id = OLD.event_id AND bucket = OLD.waitlist_seq >> 10;
    INSERT INTO waitlist_buckets (event_id, bucket, waiting)
    SELECT NEW.event_id, NEW.waitlist_seq >> 10, 1 WHERE NEW.status = 'waitlisted' AND NEW.waitlist_seq IS NOT NULL
    ON CONFLICT (event_id, bucket) DO UPDATE SET waiting = waiting + 1;
END;
