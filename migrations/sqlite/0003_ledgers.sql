-- 对账盘点: dated snapshots of a 整改问题清单 (a ledger is the set of rectification matters sharing a
-- source_title), so any two can be compared. Items are copied, not referenced, so a snapshot stays
-- as it was whatever happens to the items later. Dates are YYYY-MM-DD text.
CREATE TABLE ledger_snapshots (
    id        TEXT PRIMARY KEY,
    ledger    TEXT NOT NULL,
    taken_on  TEXT NOT NULL,
    taken_ms  BIGINT NOT NULL,
    taken_by  TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_snapshots_ledger ON ledger_snapshots(ledger, taken_ms);

CREATE TABLE ledger_snapshot_items (
    snapshot_id TEXT NOT NULL REFERENCES ledger_snapshots(id),
    item_id     TEXT NOT NULL,
    title       TEXT NOT NULL,
    state       TEXT NOT NULL,
    due         TEXT NOT NULL,
    progress    BIGINT NOT NULL,
    warning     TEXT,
    PRIMARY KEY (snapshot_id, item_id)
);
