-- Which other websites may show an event's RSVP card in a frame (its `frame-ancestors`);
-- without a row, none may. Festplan's own pages are never framed.
CREATE TABLE event_embeds (
    event_id    BIGINT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    origins     TEXT NOT NULL,              -- space-separated origins, e.g. "https://club.example"
    updated_at  BIGINT NOT NULL
);
