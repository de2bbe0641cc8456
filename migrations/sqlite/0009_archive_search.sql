-- 档案 (DA/T 22-2015) and 检索.
--
-- 检索: one index over every kind of record the platform holds (documents, tracked items, and whatever later
-- modules add through zs_store::search::put). Titles and bodies are kept as written, for snippets; their
-- jieba-segmented words go into an FTS5 table that shares the entry's rowid. The FTS table keeps no copy of
-- the text (content='') and records only which column a word is in (detail=column): matching is by words,
-- phrases are checked against the stored text.
CREATE TABLE search_entries (
    n                    INTEGER PRIMARY KEY,
    -- document, tracked_item, …
    kind                 TEXT NOT NULL,
    record_id            TEXT NOT NULL,
    -- The unit (for documents: the organ) the record belongs to; NULL for office-wide matters.
    unit_id              TEXT,
    classification_rank  BIGINT NOT NULL DEFAULT 0,
    -- The record's type within its kind (a 文种 code, a tracked-item kind) and its state code.
    subtype              TEXT NOT NULL DEFAULT '',
    state                TEXT NOT NULL DEFAULT '',
    year                 BIGINT NOT NULL,
    title                TEXT NOT NULL,
    body                 TEXT NOT NULL,
    -- Files whose text could not be read, and why (the record is indexed without it).
    note                 TEXT NOT NULL DEFAULT '',
    updated_ms           BIGINT NOT NULL
);
CREATE UNIQUE INDEX search_entries_record ON search_entries(kind, record_id);
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, content='', contentless_delete=1, detail=column, tokenize='unicode61 remove_diacritics 0'
);

-- Text read from a file once per distinct content (attachments are content-addressed), or why none was.
CREATE TABLE search_file_text (
    sha256      TEXT PRIMARY KEY,
    text        TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    created_ms  BIGINT NOT NULL
);

-- 档案: one row per 件. The 档号's parts are columns; the 件号 runs gapless within its group (全宗-门类-年度-期限-
-- 机构), allocated from number_counters inside the filing transaction. meta_sha256 fixes the metadata as filed.
CREATE TABLE archive_records (
    id                   TEXT PRIMARY KEY,
    source_kind          TEXT NOT NULL,
    source_id            TEXT NOT NULL,
    archival_code        TEXT NOT NULL UNIQUE,
    fonds                TEXT NOT NULL,
    category             TEXT NOT NULL,
    year                 BIGINT NOT NULL,
    retention            TEXT NOT NULL,
    organ_code           TEXT NOT NULL,
    organ_id             TEXT NOT NULL REFERENCES units(id),
    item_no              BIGINT NOT NULL,
    doc_number           TEXT NOT NULL DEFAULT '',
    responsible          TEXT NOT NULL,
    title                TEXT NOT NULL,
    -- 日期 as the catalogue prints it: YYYYMMDD.
    dated                TEXT NOT NULL,
    classification       TEXT NOT NULL,
    pages                BIGINT NOT NULL,
    note                 TEXT NOT NULL DEFAULT '',
    meta_sha256          TEXT NOT NULL,
    filed_by             TEXT NOT NULL,
    filed_ms             BIGINT NOT NULL,
    UNIQUE (fonds, category, year, retention, organ_code, item_no),
    UNIQUE (source_kind, source_id)
);
CREATE INDEX archive_records_catalogue ON archive_records(year, retention, organ_code, item_no);

-- The files of a 件: the stamped PDF (position 0), then originals, scans and attachments.
CREATE TABLE archive_files (
    record_id  TEXT NOT NULL REFERENCES archive_records(id),
    position   BIGINT NOT NULL,
    -- pdf, original, scan, attachment
    role       TEXT NOT NULL,
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL REFERENCES blobs(sha256),
    size       BIGINT NOT NULL,
    mime       TEXT NOT NULL,
    PRIMARY KEY (record_id, position)
);
