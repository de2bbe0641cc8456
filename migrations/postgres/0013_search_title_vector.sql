-- 检索: title hits come first, and finding them used to read every row whose words matched anywhere, since
-- GIN cannot tell a title word (weight A) from a body word and each candidate was rechecked on the row. A
-- second vector holding only the title's words and the access tags (weights A and D of `tsv`, so it stays
-- whatever `tsv` is) has its own GIN index: a title search reads only the rows whose titles match.
ALTER TABLE search_entries ADD COLUMN tsv_title tsvector GENERATED ALWAYS AS (ts_filter(tsv, '{a,d}')) STORED;
CREATE INDEX search_entries_tsv_title ON search_entries USING GIN (tsv_title);
