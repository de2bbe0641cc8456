-- 校对 in drafting: a finding dismissed on a document with the reason (by rule and flagged text, so it stays
-- dismissed across versions while the same text stands).
CREATE TABLE proof_dismissals (
    document_id  TEXT NOT NULL REFERENCES documents(id),
    rule         TEXT NOT NULL,
    text         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    by_name      TEXT NOT NULL,
    at_ms        BIGINT NOT NULL,
    PRIMARY KEY (document_id, rule, text)
);

-- 督查督办: files that come with a 反馈 or a 申请办结 (佐证材料), content-addressed like documents' files.
CREATE TABLE tracked_files (
    id           TEXT PRIMARY KEY,
    item_id      TEXT NOT NULL REFERENCES tracked_items(id),
    event_id     TEXT NOT NULL REFERENCES tracked_events(id),
    name         TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    size         BIGINT NOT NULL,
    mime         TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    created_ms   BIGINT NOT NULL
);
CREATE INDEX tracked_files_item ON tracked_files(item_id, created_ms);
