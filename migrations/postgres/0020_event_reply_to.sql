-- The organizers' contact for replies to the event's mail (Reply-To); NULL: the instance's, if set.
ALTER TABLE events ADD COLUMN reply_to TEXT;
