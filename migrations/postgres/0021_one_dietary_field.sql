-- One dietary field: the RSVP form's own note. The ready-made "Dietary needs" question asked the
-- same again under the same name (and counted a choice once per person in the party); its
-- answers move into each RSVP's note, and the question goes.
UPDATE rsvps SET dietary = substr(
        CASE WHEN dietary = '' THEN '' ELSE dietary || '; ' END
        || (SELECT replace(a.value, chr(10), ', ') FROM rsvp_answers a JOIN event_questions q ON q.id = a.question_id
            WHERE a.rsvp_id = rsvps.id AND q.label = 'Dietary needs' AND q.kind = 'multiple' LIMIT 1),
        1, 500)
WHERE EXISTS (SELECT 1 FROM rsvp_answers a JOIN event_questions q ON q.id = a.question_id
              WHERE a.rsvp_id = rsvps.id AND q.label = 'Dietary needs' AND q.kind = 'multiple' AND a.value <> '');
DELETE FROM rsvp_answers WHERE question_id IN (SELECT id FROM event_questions WHERE label = 'Dietary needs' AND kind = 'multiple');
DELETE FROM event_questions WHERE label = 'Dietary needs' AND kind = 'multiple';
