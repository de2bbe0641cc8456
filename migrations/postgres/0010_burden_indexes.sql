-- 精文简会 counts the 催报 of missed feedback cycles by when they were sent.
CREATE INDEX reminders_sent ON reminders(sent_ms, occasion, item_id);

-- The sending organ on each delivery (its document's unit, which never changes), so documents by sender are
-- counted from one index instead of grouping every delivery by document and joining documents.
ALTER TABLE distributions ADD COLUMN sender_unit_id TEXT;
UPDATE distributions SET sender_unit_id = (SELECT d.unit_id FROM documents d WHERE d.id = distributions.document_id);
CREATE INDEX distributions_burden_sender ON distributions(created_ms, sender_unit_id, unit_id, incoming_id);

-- Meetings by organiser: each organiser's meetings adjacent, so distinct meetings are counted without a sort.
CREATE INDEX meeting_burden_organizer ON meeting_burden(organizer_unit_id, meeting_id, month);
