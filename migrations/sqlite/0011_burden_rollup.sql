-- 精文简会 reads a rollup instead of counting a year of rows per page: per side ('unit': what landed on a
-- receiving unit; 'sender': what an organ sent), Shanghai month (YYYY-MM), unit and measure, the count and
-- (meetings) the minutes. Kept by the writes that move a figure, in their transaction (zs_store::burden).
-- Unit measures: documents (delivered by 核发), meetings (asked to, with minutes), items (parts assigned),
-- reports (feedback filed), chased (missed cycles chased by a 催报). Sender measures: documents, meetings
-- (called), asked (units asked, per meeting), items (parts assigned by the organ of the person who opened them).
CREATE TABLE burden_counts (
    side     TEXT NOT NULL,
    month    TEXT NOT NULL,
    unit_id  TEXT NOT NULL,
    measure  TEXT NOT NULL,
    n        BIGINT NOT NULL,
    minutes  BIGINT NOT NULL,
    PRIMARY KEY (side, month, unit_id, measure)
) WITHOUT ROWID;

-- The covering indexes the page counted from are no longer read; those the rollup's rebuild reads stay
-- (distributions_burden_sender, tracked_events_burden, reminders_sent).
DROP INDEX distributions_burden_unit;
DROP INDEX distributions_burden_time;
DROP INDEX distributions_burden_doc;
DROP INDEX meeting_burden_unit;
DROP INDEX meeting_burden_month;
DROP INDEX meeting_burden_sender;
DROP INDEX meeting_burden_organizer;

-- Backfill: the figures of the rows already there (zs_store::burden::rebuild counts the same).
INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes)
SELECT 'unit', strftime('%Y-%m', (created_ms + 28800000) / 1000, 'unixepoch'), unit_id, 'documents', COUNT(*), 0 FROM distributions
WHERE unit_id IS NOT NULL AND incoming_id IS NOT NULL GROUP BY 2, 3;
INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes)
SELECT 'sender', strftime('%Y-%m', (created_ms + 28800000) / 1000, 'unixepoch'), sender_unit_id, 'documents', COUNT(*), 0 FROM distributions
WHERE unit_id IS NOT NULL AND incoming_id IS NOT NULL AND sender_unit_id IS NOT NULL GROUP BY 2, 3;
INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes)
SELECT 'unit', month, unit_id, 'meetings', COUNT(*), SUM(minutes) FROM meeting_burden GROUP BY 2, 3;
INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes)
SELECT 'sender', month, organizer_unit_id, 'meetings', COUNT(DISTINCT meeting_id), 0 FROM meeting_burden GROUP BY 2, 3;
INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes)
SELECT 'sender', month, organizer_unit_id, 'asked', COUNT(*), 0 FROM meeting_burden GROUP BY 2, 3;
INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes)
SELECT 'unit', SUBSTR(assigned_on, 1, 7), unit_id, 'items', COUNT(*), 0 FROM tracked_items
WHERE unit_id IS NOT NULL AND assigned_on IS NOT NULL GROUP BY 2, 3;
INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes)
SELECT 'sender', SUBSTR(t.assigned_on, 1, 7), u.unit_id, 'items', COUNT(*), 0 FROM tracked_items t
JOIN users u ON u.id = t.created_by WHERE t.unit_id IS NOT NULL AND t.assigned_on IS NOT NULL GROUP BY 2, 3;
INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes)
SELECT 'unit', strftime('%Y-%m', (e.at_ms + 28800000) / 1000, 'unixepoch'), t.unit_id, 'reports', COUNT(*), 0 FROM tracked_events e
JOIN tracked_items t ON t.id = e.item_id WHERE e.act = 'report' AND t.unit_id IS NOT NULL GROUP BY 2, 3;
INSERT INTO burden_counts (side, month, unit_id, measure, n, minutes)
SELECT 'unit', strftime('%Y-%m', (r.sent_ms + 28800000) / 1000, 'unixepoch'), t.unit_id, 'chased', COUNT(*), 0 FROM reminders r
JOIN tracked_items t ON t.id = r.item_id WHERE r.occasion LIKE 'report:%' AND t.unit_id IS NOT NULL GROUP BY 2, 3;
