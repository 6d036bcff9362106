-- The language a guest answered in: their mails and personal pages speak it.
ALTER TABLE rsvps ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'de'));
