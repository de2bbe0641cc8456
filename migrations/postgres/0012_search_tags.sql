-- 检索: access tags. Beside its words, every entry's tsvector holds tags (weight D) naming who may open it by
-- its own columns (zs_store::search::tags), so a search matches words and access in one GIN lookup instead
-- of checking every match against the access rule. The tags are written by the application, so the index
-- is rebuilt from the records when the server next starts (the search.rebuild setting; the same rebuild as
-- `zhongshu reindex`).
INSERT INTO settings (key, value) VALUES ('search.rebuild', '1')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;

-- A search for someone who may open only the documents they are involved in starts from those documents:
-- every party the access rule names is looked up by index, with the organ, so an organ-wide reader's own
-- organ's documents (found by their tags) are passed over inside the index.
DROP INDEX documents_drafter;
CREATE INDEX documents_drafter ON documents(drafter_id, unit_id);
CREATE INDEX documents_reviewer ON documents(reviewer_id, unit_id);
CREATE INDEX documents_signer ON documents(signer_id, unit_id);
CREATE INDEX documents_leader ON documents(leader_id, unit_id);

-- Every change to a record replaces its entry, leaving a dead row the GIN index still points at until
-- vacuumed; searches visit those rows. Vacuum the index table after 1% of it changed, not the default 20%.
ALTER TABLE search_entries SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.01);
