-- 督查督办: tracked items (one table for every kind), their history, extensions, reminders,
-- in-app notifications and the outbox for e-mail and webhooks. Dates are YYYY-MM-DD text.
CREATE TABLE tracked_items (
    id             TEXT PRIMARY KEY,
    parent_id      TEXT REFERENCES tracked_items(id),
    kind           TEXT NOT NULL,
    source_kind    TEXT NOT NULL DEFAULT '',
    source_id      TEXT NOT NULL DEFAULT '',
    source_title   TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL,
    requirement    TEXT NOT NULL DEFAULT '',
    category       TEXT,
    measures       TEXT NOT NULL DEFAULT '',
    unit_id        TEXT REFERENCES units(id),
    is_lead        BOOLEAN NOT NULL DEFAULT FALSE,
    owner_name     TEXT NOT NULL DEFAULT '',
    leader_id      TEXT REFERENCES users(id),
    created_by     TEXT NOT NULL,
    state          TEXT NOT NULL,
    due            TEXT NOT NULL,
    cycle          TEXT NOT NULL,
    report_due     TEXT,
    progress       BIGINT NOT NULL DEFAULT 0,
    extension_count BIGINT NOT NULL DEFAULT 0,
    result         TEXT NOT NULL DEFAULT '',
    rule           TEXT NOT NULL DEFAULT '',
    assigned_on    TEXT,
    closed_on      TEXT,
    -- Working days from assignment to 销号, fixed at closure (for statistics).
    close_days     BIGINT,
    -- green / yellow / red as of the last change or sweep; NULL when closed (for boards in SQL).
    warning        TEXT,
    created_ms     BIGINT NOT NULL,
    updated_ms     BIGINT NOT NULL
);
CREATE INDEX tracked_parent ON tracked_items(parent_id);
CREATE INDEX tracked_unit_state ON tracked_items(unit_id, state);
CREATE INDEX tracked_state_due ON tracked_items(state, due);
CREATE INDEX tracked_source ON tracked_items(source_kind, source_id);
CREATE INDEX tracked_warning ON tracked_items(warning, unit_id);

CREATE TABLE tracked_events (
    id            TEXT PRIMARY KEY,
    item_id       TEXT NOT NULL REFERENCES tracked_items(id),
    act           TEXT NOT NULL,
    actor_id      TEXT,
    actor_name    TEXT NOT NULL,
    at_ms         BIGINT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    progress      BIGINT
);
CREATE INDEX tracked_events_item ON tracked_events(item_id, at_ms);

CREATE TABLE tracked_extensions (
    id            TEXT PRIMARY KEY,
    item_id       TEXT NOT NULL REFERENCES tracked_items(id),
    current_due   TEXT NOT NULL,
    requested_due TEXT NOT NULL,
    reason        TEXT NOT NULL,
    requested_by  TEXT NOT NULL,
    requested_ms  BIGINT NOT NULL,
    status        TEXT NOT NULL,
    decided_by    TEXT,
    decided_ms    BIGINT,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tracked_extensions_item ON tracked_extensions(item_id, status);

-- One row per item and occasion: the primary key is what makes a reminder exactly-once.
CREATE TABLE reminders (
    item_id  TEXT NOT NULL REFERENCES tracked_items(id),
    occasion TEXT NOT NULL,
    sent_ms  BIGINT NOT NULL,
    PRIMARY KEY (item_id, occasion)
);

CREATE TABLE notifications (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    href       TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    read_ms    BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, read_ms, created_ms);

-- Messages for channels outside the platform, written in the transaction that caused them and
-- delivered by a worker; `dedupe_key` keeps one message per cause and recipient.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    channel         TEXT NOT NULL,
    target          TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    dedupe_key      TEXT NOT NULL UNIQUE,
    created_ms      BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_ms BIGINT NOT NULL,
    locked_until_ms BIGINT NOT NULL DEFAULT 0,
    delivered_ms    BIGINT,
    failed          BOOLEAN NOT NULL DEFAULT FALSE,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox(delivered_ms, failed, next_attempt_ms);
