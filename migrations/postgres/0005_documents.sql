-- 办文: documents of both flows, their versions, history, tasks (who holds what), distribution,
-- 发文字号 and 收文编号 (counters and the ledger of every number given or voided), files and blobs.
CREATE TABLE agency_codes (
    id          TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL REFERENCES units(id),
    -- 机关代字, e.g. 青政办发
    code        TEXT NOT NULL UNIQUE,
    -- 发文机关 (for 署名) and 发文机关标志 (red mark on the first page)
    issuer      TEXT NOT NULL,
    mark        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_ms  BIGINT NOT NULL
);

-- Next sequence per numbering scope and year; bumped inside the 登记 transaction, which makes
-- numbers gapless: a rolled-back registration rolls its number back too.
CREATE TABLE number_counters (
    scope     TEXT NOT NULL,
    year      BIGINT NOT NULL,
    next_seq  BIGINT NOT NULL,
    PRIMARY KEY (scope, year)
);

CREATE TABLE documents (
    id                  TEXT PRIMARY KEY,
    flow                TEXT NOT NULL,
    unit_id             TEXT NOT NULL REFERENCES units(id),
    state               TEXT NOT NULL,
    doc_type            TEXT NOT NULL,
    title               TEXT NOT NULL,
    classification      TEXT NOT NULL,
    classification_rank BIGINT NOT NULL,
    urgency             TEXT NOT NULL,
    issuer              TEXT NOT NULL DEFAULT '',
    -- The GB/T 9704 elements as JSON (zs_domain::document::Content); title etc. above are copies for lists.
    content             TEXT NOT NULL,
    version             BIGINT NOT NULL,
    doc_number          TEXT NOT NULL DEFAULT '',
    received_no         TEXT NOT NULL DEFAULT '',
    drafter_id          TEXT REFERENCES users(id),
    reviewer_id         TEXT REFERENCES users(id),
    signer_id           TEXT REFERENCES users(id),
    sign_off            TEXT,
    received_on         TEXT,
    copies              BIGINT NOT NULL DEFAULT 0,
    pages               BIGINT NOT NULL DEFAULT 0,
    handling            TEXT,
    proposal            TEXT NOT NULL DEFAULT '',
    leader_id           TEXT REFERENCES users(id),
    instruction         TEXT,
    reply               TEXT NOT NULL DEFAULT '',
    source_doc_id       TEXT REFERENCES documents(id),
    created_by          TEXT NOT NULL,
    created_ms          BIGINT NOT NULL,
    updated_ms          BIGINT NOT NULL
);
CREATE INDEX documents_unit ON documents(unit_id, flow, state, updated_ms);
CREATE INDEX documents_source ON documents(source_doc_id);
CREATE INDEX documents_number ON documents(unit_id, flow, doc_number);
CREATE INDEX documents_drafter ON documents(drafter_id);

-- Every number ever given: used, or voided with its reason; never silently reused.
CREATE TABLE doc_numbers (
    scope        TEXT NOT NULL,
    year         BIGINT NOT NULL,
    seq          BIGINT NOT NULL,
    number       TEXT NOT NULL,
    document_id  TEXT NOT NULL REFERENCES documents(id),
    status       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    assigned_by  TEXT NOT NULL,
    assigned_ms  BIGINT NOT NULL,
    voided_by    TEXT,
    voided_ms    BIGINT,
    PRIMARY KEY (scope, year, seq)
);
CREATE INDEX doc_numbers_number ON doc_numbers(number);
CREATE INDEX doc_numbers_document ON doc_numbers(document_id);

CREATE TABLE document_versions (
    document_id  TEXT NOT NULL REFERENCES documents(id),
    version      BIGINT NOT NULL,
    content      TEXT NOT NULL,
    state        TEXT NOT NULL,
    author_id    TEXT REFERENCES users(id),
    author_name  TEXT NOT NULL,
    created_ms   BIGINT NOT NULL,
    PRIMARY KEY (document_id, version)
);

CREATE TABLE document_events (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES documents(id),
    act          TEXT NOT NULL,
    actor_id     TEXT,
    actor_name   TEXT NOT NULL,
    at_ms        BIGINT NOT NULL,
    text         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX document_events_doc ON document_events(document_id, at_ms);

-- Who holds a document: a named person (user_id) or a pool of a unit's people (unit_id + pool).
-- Reading tasks of a 传阅 in order wait (status 'waiting') until the one before is read.
CREATE TABLE doc_tasks (
    id            TEXT PRIMARY KEY,
    document_id   TEXT NOT NULL REFERENCES documents(id),
    kind          TEXT NOT NULL,
    user_id       TEXT REFERENCES users(id),
    unit_id       TEXT REFERENCES units(id),
    pool          TEXT NOT NULL DEFAULT '',
    seq           BIGINT NOT NULL DEFAULT 0,
    status        TEXT NOT NULL,
    opened_ms     BIGINT,
    done_ms       BIGINT,
    done_by       TEXT REFERENCES users(id),
    done_by_name  TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    comment       TEXT NOT NULL DEFAULT '',
    created_ms    BIGINT NOT NULL
);
CREATE INDEX doc_tasks_user ON doc_tasks(user_id, status);
CREATE INDEX doc_tasks_unit ON doc_tasks(unit_id, pool, status);
CREATE INDEX doc_tasks_doc ON doc_tasks(document_id, kind, status);
CREATE INDEX doc_tasks_done ON doc_tasks(done_by, done_ms);

-- 分发: electronic delivery to a platform unit (unit_id, then incoming_id once delivered) or
-- paper copies with their 份号 range.
CREATE TABLE distributions (
    id               TEXT PRIMARY KEY,
    document_id      TEXT NOT NULL REFERENCES documents(id),
    unit_id          TEXT REFERENCES units(id),
    name             TEXT NOT NULL,
    copies           BIGINT NOT NULL DEFAULT 0,
    copy_from        BIGINT,
    copy_to          BIGINT,
    incoming_id      TEXT REFERENCES documents(id),
    acknowledged_ms  BIGINT,
    urge_count       BIGINT NOT NULL DEFAULT 0,
    created_ms       BIGINT NOT NULL
);
CREATE INDEX distributions_doc ON distributions(document_id);
CREATE INDEX distributions_incoming ON distributions(incoming_id);

-- Content-addressed files: one row per distinct content; the bytes live in the blob directory (or
-- in blob_data when there is no shared directory).
CREATE TABLE blobs (
    sha256      TEXT PRIMARY KEY,
    size        BIGINT NOT NULL,
    created_ms  BIGINT NOT NULL
);
CREATE TABLE blob_data (
    sha256  TEXT PRIMARY KEY REFERENCES blobs(sha256),
    data    BYTEA NOT NULL
);

CREATE TABLE document_files (
    id           TEXT PRIMARY KEY,
    document_id  TEXT NOT NULL REFERENCES documents(id),
    -- attachment (附件), original (来文原件), scan
    purpose      TEXT NOT NULL,
    name         TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    size         BIGINT NOT NULL,
    mime         TEXT NOT NULL,
    position     BIGINT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    created_ms   BIGINT NOT NULL
);
CREATE INDEX document_files_doc ON document_files(document_id, position);
