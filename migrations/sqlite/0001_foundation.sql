-- Foundation: organisation, sign-in, audit, calendar, settings. Times are UTC milliseconds.
CREATE TABLE units (
    id          TEXT PRIMARY KEY,
    parent_id   TEXT REFERENCES units(id),
    name        TEXT NOT NULL UNIQUE,
    code        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    sort        BIGINT NOT NULL DEFAULT 0,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_ms  BIGINT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    unit_id         TEXT NOT NULL REFERENCES units(id),
    position        TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    clearance       TEXT NOT NULL DEFAULT 'internal',
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash   TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT TRUE,
    created_ms      BIGINT NOT NULL,
    updated_ms      BIGINT NOT NULL
);
CREATE INDEX users_unit ON users(unit_id, name);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role ON user_roles(role);

-- Failures are counted per typed name whether or not the account exists, so lockout says nothing
-- about which names are real.
CREATE TABLE login_throttle (
    username        TEXT PRIMARY KEY,
    failures        BIGINT NOT NULL,
    locked_until_ms BIGINT NOT NULL DEFAULT 0,
    last_failure_ms BIGINT NOT NULL
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    csrf         TEXT NOT NULL,
    created_ms   BIGINT NOT NULL,
    last_seen_ms BIGINT NOT NULL,
    ip           TEXT NOT NULL,
    user_agent   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    scope        TEXT NOT NULL,
    created_ms   BIGINT NOT NULL,
    last_used_ms BIGINT,
    revoked_ms   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE audit_events (
    seq         BIGINT PRIMARY KEY,
    at_ms       BIGINT NOT NULL,
    actor_id    TEXT,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    detail      TEXT NOT NULL,
    ip          TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_at ON audit_events(at_ms);
CREATE INDEX audit_actor ON audit_events(actor_id, seq);
CREATE INDEX audit_action ON audit_events(action, seq);

-- The chain's head; updating it first in every appending transaction serialises appends.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

-- Administrator-loaded holiday data; a year here replaces the shipped data for that year.
CREATE TABLE calendar_years (
    year      BIGINT PRIMARY KEY,
    source    TEXT NOT NULL,
    loaded_by TEXT NOT NULL,
    loaded_ms BIGINT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
