-- 办事: 信息报送 (items with their versions, files and history; journals, issues and placements; upward
-- adoption scores and the rules that price them) and 公务接待 (receptions and their history).
-- Dates are YYYY-MM-DD text, money integer 分.
CREATE TABLE info_items (
    id             TEXT PRIMARY KEY,
    unit_id        TEXT NOT NULL REFERENCES units(id),
    author_id      TEXT NOT NULL,
    author_name    TEXT NOT NULL,
    category       TEXT NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    state          TEXT NOT NULL,
    version        BIGINT NOT NULL,
    -- The unit's part of a 约稿 (a tracked item of kind commission) this item answers.
    commission_id  TEXT REFERENCES tracked_items(id),
    submitted_on   TEXT NOT NULL,
    submitted_ms   BIGINT NOT NULL,
    updated_ms     BIGINT NOT NULL,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX info_items_list ON info_items(unit_id, submitted_ms);
CREATE INDEX info_items_state ON info_items(state, submitted_ms);
-- The score table counts submissions per unit and period from this index alone, in group order.
CREATE INDEX info_items_scores ON info_items(unit_id, submitted_on, state);
CREATE INDEX info_items_commission ON info_items(commission_id);

-- Every text an item had: 1 as submitted, then each edit of the 信息科 or revision of the unit.
CREATE TABLE info_versions (
    item_id      TEXT NOT NULL REFERENCES info_items(id),
    version      BIGINT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    author_id    TEXT,
    author_name  TEXT NOT NULL,
    created_ms   BIGINT NOT NULL,
    PRIMARY KEY (item_id, version)
);

CREATE TABLE info_files (
    id           TEXT PRIMARY KEY,
    item_id      TEXT NOT NULL REFERENCES info_items(id),
    name         TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    size         BIGINT NOT NULL,
    mime         TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    created_ms   BIGINT NOT NULL
);
CREATE INDEX info_files_item ON info_files(item_id, created_ms);

CREATE TABLE info_events (
    id          TEXT PRIMARY KEY,
    item_id     TEXT NOT NULL REFERENCES info_items(id),
    act         TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    at_ms       BIGINT NOT NULL,
    text        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX info_events_item ON info_events(item_id, at_ms);

CREATE TABLE journals (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    mark          TEXT NOT NULL,
    editor        TEXT NOT NULL,
    distribution  TEXT NOT NULL DEFAULT '',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_ms    BIGINT NOT NULL
);

-- 期号 run per journal and year; the unique key refuses a number used twice.
CREATE TABLE journal_issues (
    id            TEXT PRIMARY KEY,
    journal_id    TEXT NOT NULL REFERENCES journals(id),
    year          BIGINT NOT NULL,
    no            BIGINT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    state         TEXT NOT NULL,
    distribution  TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    -- 签发: JSON {name, date, opinion}
    sign_off      TEXT,
    note          TEXT NOT NULL DEFAULT '',
    created_ms    BIGINT NOT NULL,
    updated_ms    BIGINT NOT NULL,
    UNIQUE (journal_id, year, no)
);
CREATE INDEX journal_issues_state ON journal_issues(state, updated_ms);

-- An item appears at most once in an issue (the primary key), in the editors' order.
CREATE TABLE journal_issue_items (
    issue_id   TEXT NOT NULL REFERENCES journal_issues(id),
    item_id    TEXT NOT NULL REFERENCES info_items(id),
    position   BIGINT NOT NULL,
    PRIMARY KEY (issue_id, item_id)
);
CREATE INDEX journal_issue_items_item ON journal_issue_items(item_id);

-- What an item earned: placement in an issued county journal, 上报, 上级采用, 批示; points fixed when recorded.
CREATE TABLE info_scores (
    id           TEXT PRIMARY KEY,
    item_id      TEXT NOT NULL REFERENCES info_items(id),
    unit_id      TEXT NOT NULL REFERENCES units(id),
    kind         TEXT NOT NULL,
    level        TEXT NOT NULL,
    journal_id   TEXT REFERENCES journals(id),
    issue_id     TEXT REFERENCES journal_issues(id),
    outlet       TEXT NOT NULL DEFAULT '',
    on_date      TEXT NOT NULL,
    points       BIGINT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  TEXT NOT NULL,
    recorded_ms  BIGINT NOT NULL
);
-- The score table sums points per unit, kind and level over a period from this index alone.
CREATE INDEX info_scores_table ON info_scores(unit_id, on_date, kind, level, points);
CREATE INDEX info_scores_item ON info_scores(item_id, recorded_ms);

-- Points per kind of event, as set by the 信息科 (keys as zs_domain::affairs::info::ScoreRules); a key not
-- stored takes its default.
CREATE TABLE info_score_rules (
    rule        TEXT PRIMARY KEY,
    points      BIGINT NOT NULL,
    updated_ms  BIGINT NOT NULL
);

CREATE TABLE receptions (
    id             TEXT PRIMARY KEY,
    host_unit_id   TEXT NOT NULL REFERENCES units(id),
    state          TEXT NOT NULL,
    visiting_unit  TEXT NOT NULL,
    letter_no      TEXT NOT NULL DEFAULT '',
    start_on       TEXT NOT NULL,
    end_on         TEXT NOT NULL,
    guests         BIGINT NOT NULL,
    -- The plan and the 接待清单 as JSON (zs_domain::affairs::reception::Plan); costs copied out for statistics.
    plan           TEXT NOT NULL,
    actual         TEXT,
    planned_fen    BIGINT NOT NULL,
    actual_fen     BIGINT,
    approval       TEXT,
    signature      TEXT,
    created_by     TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_ms     BIGINT NOT NULL,
    updated_ms     BIGINT NOT NULL
);
CREATE INDEX receptions_host ON receptions(host_unit_id, start_on);
CREATE INDEX receptions_start ON receptions(start_on, state);

CREATE TABLE reception_events (
    id            TEXT PRIMARY KEY,
    reception_id  TEXT NOT NULL REFERENCES receptions(id),
    act           TEXT NOT NULL,
    actor_name    TEXT NOT NULL,
    at_ms         BIGINT NOT NULL,
    text          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reception_events_reception ON reception_events(reception_id, at_ms);
