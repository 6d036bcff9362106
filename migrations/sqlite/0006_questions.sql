-- Questions an event asks with each RSVP, and their answers.
CREATE TABLE event_questions (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('text', 'single', 'multiple', 'yes_no')),
    label           TEXT NOT NULL,
    options         TEXT NOT NULL DEFAULT '',   -- one choice per line
    required        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_questions_event ON event_questions (event_id, position);

CREATE TABLE rsvp_answers (
    rsvp_id         INTEGER NOT NULL REFERENCES rsvps (id) ON DELETE CASCADE,
    question_id     INTEGER NOT NULL REFERENCES event_questions (id) ON DELETE CASCADE,
    value           TEXT NOT NULL,              -- choices one per line
    PRIMARY KEY (rsvp_id, question_id)
);
