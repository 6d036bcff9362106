-- A person's calendar feed lives at a signed address; replacing it bumps this number, which
-- the signature covers, so every older address stops working at once.
ALTER TABLE users ADD COLUMN feed_generation BIGINT NOT NULL DEFAULT 0;
