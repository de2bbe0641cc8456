-- 办会: meeting rooms, meetings with their invitees (出席/列席, by person or by unit), 回执 and 签到,
-- agenda items (议题) with materials, decisions (议定事项) turned into tracked items, imported
-- speeches with their outlines, and what the 精文简会 view counts: one row per meeting and unit
-- asked to it, and the office's yearly caps. Times are UTC milliseconds; months are YYYY-MM text.
CREATE TABLE meeting_rooms (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    location    TEXT NOT NULL DEFAULT '',
    capacity    BIGINT NOT NULL,
    -- 投影仪、视频会议终端 …, joined with 、
    equipment   TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_ms  BIGINT NOT NULL,
    -- Bumped by every booking of the room, first thing in its transaction: the row lock that
    -- serialises bookings of one room across nodes, so two overlapping bookings cannot both pass.
    updated_ms  BIGINT NOT NULL
);

CREATE TABLE meetings (
    id                 TEXT PRIMARY KEY,
    kind               TEXT NOT NULL,
    title              TEXT NOT NULL,
    host               TEXT NOT NULL,
    organizer_unit_id  TEXT NOT NULL REFERENCES units(id),
    room_id            TEXT REFERENCES meeting_rooms(id),
    place              TEXT NOT NULL DEFAULT '',
    start_ms           BIGINT NOT NULL,
    end_ms             BIGINT NOT NULL,
    chair_id           TEXT REFERENCES users(id),
    chair_name         TEXT NOT NULL DEFAULT '',
    rsvp_due_ms        BIGINT NOT NULL,
    requirements       TEXT NOT NULL DEFAULT '',
    contact            TEXT NOT NULL DEFAULT '',
    state              TEXT NOT NULL,
    notice_sent_ms     BIGINT,
    minutes_doc_id     TEXT REFERENCES documents(id),
    cancel_reason      TEXT NOT NULL DEFAULT '',
    created_by         TEXT NOT NULL,
    created_ms         BIGINT NOT NULL,
    updated_ms         BIGINT NOT NULL
);
CREATE INDEX meetings_room ON meetings(room_id, start_ms, end_ms, state);
CREATE INDEX meetings_start ON meetings(start_ms);

-- A person (user_id set; unit_id is their unit) or a unit asked to send someone (user_id NULL).
CREATE TABLE meeting_invitees (
    id              TEXT PRIMARY KEY,
    meeting_id      TEXT NOT NULL REFERENCES meetings(id),
    user_id         TEXT REFERENCES users(id),
    unit_id         TEXT NOT NULL REFERENCES units(id),
    name            TEXT NOT NULL,
    post            TEXT NOT NULL DEFAULT '',
    -- present (出席) or attending (列席)
    role            TEXT NOT NULL,
    position        BIGINT NOT NULL,
    -- 回执: attend / leave / substitute, with the name, post or reason it carries
    answer          TEXT,
    answer_name     TEXT NOT NULL DEFAULT '',
    answer_post     TEXT NOT NULL DEFAULT '',
    answer_reason   TEXT NOT NULL DEFAULT '',
    answered_by     TEXT,
    answered_ms     BIGINT,
    urge_count      BIGINT NOT NULL DEFAULT 0,
    -- 签到: when, who sat in the seat, by code or by the clerk
    checked_in_ms   BIGINT,
    checkin_name    TEXT NOT NULL DEFAULT '',
    checkin_method  TEXT NOT NULL DEFAULT '',
    bad_codes       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX meeting_invitees_meeting ON meeting_invitees(meeting_id, position);
CREATE INDEX meeting_invitees_user ON meeting_invitees(user_id, meeting_id);
CREATE INDEX meeting_invitees_unit ON meeting_invitees(unit_id, meeting_id);

CREATE TABLE meeting_agenda (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings(id),
    position    BIGINT NOT NULL,
    title       TEXT NOT NULL,
    unit_id     TEXT REFERENCES units(id),
    reporter    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX meeting_agenda_meeting ON meeting_agenda(meeting_id, position);

-- 会议材料, stored as content-addressed blobs; agenda_id names the 议题 a material belongs to.
CREATE TABLE meeting_files (
    id           TEXT PRIMARY KEY,
    meeting_id   TEXT NOT NULL REFERENCES meetings(id),
    agenda_id    TEXT REFERENCES meeting_agenda(id),
    name         TEXT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES blobs(sha256),
    size         BIGINT NOT NULL,
    mime         TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    created_ms   BIGINT NOT NULL
);
CREATE INDEX meeting_files_meeting ON meeting_files(meeting_id, created_ms);

CREATE TABLE meeting_decisions (
    id            TEXT PRIMARY KEY,
    meeting_id    TEXT NOT NULL REFERENCES meetings(id),
    agenda_id     TEXT REFERENCES meeting_agenda(id),
    position      BIGINT NOT NULL,
    text          TEXT NOT NULL,
    lead_unit_id  TEXT NOT NULL REFERENCES units(id),
    -- 配合单位 ids joined with ','
    co_unit_ids   TEXT NOT NULL DEFAULT '',
    owner_name    TEXT NOT NULL DEFAULT '',
    due           TEXT NOT NULL,
    -- The tracked item it became (会议决定事项); NULL until then.
    item_id       TEXT REFERENCES tracked_items(id),
    created_by    TEXT NOT NULL,
    created_ms    BIGINT NOT NULL
);
CREATE INDEX meeting_decisions_meeting ON meeting_decisions(meeting_id, position);

-- A leader's speech as imported, with the outline recovered from it (JSON of zs_office::Outline).
CREATE TABLE speeches (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    speaker     TEXT NOT NULL DEFAULT '',
    given_on    TEXT,
    meeting_id  TEXT REFERENCES meetings(id),
    text        TEXT NOT NULL,
    outline     TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_ms  BIGINT NOT NULL
);
CREATE INDEX speeches_created ON speeches(created_ms);

-- Which requirement of a speech became which tracked item; the key names the requirement's place
-- in the outline (e.g. 1.2#3), so one requirement is turned into an item once.
CREATE TABLE speech_items (
    speech_id  TEXT NOT NULL REFERENCES speeches(id),
    req_key    TEXT NOT NULL,
    item_id    TEXT NOT NULL REFERENCES tracked_items(id),
    PRIMARY KEY (speech_id, req_key)
);

-- 精文简会: one row per noticed meeting and unit asked to it (by the unit itself or through its
-- people), kept by the meeting use cases; the month is the meeting's, so counts group in index order.
CREATE TABLE meeting_burden (
    meeting_id         TEXT NOT NULL REFERENCES meetings(id),
    unit_id            TEXT NOT NULL REFERENCES units(id),
    month              TEXT NOT NULL,
    minutes            BIGINT NOT NULL,
    organizer_unit_id  TEXT NOT NULL,
    PRIMARY KEY (meeting_id, unit_id)
);
CREATE INDEX meeting_burden_unit ON meeting_burden(unit_id, month, minutes);
CREATE INDEX meeting_burden_month ON meeting_burden(month, unit_id, minutes);
CREATE INDEX meeting_burden_sender ON meeting_burden(month, organizer_unit_id, meeting_id);

-- The most each unit should carry in a year, set by the office (NULL: no cap on that measure).
CREATE TABLE burden_caps (
    year           BIGINT PRIMARY KEY,
    documents      BIGINT,
    meetings       BIGINT,
    meeting_hours  BIGINT,
    items          BIGINT,
    reports        BIGINT,
    set_by         TEXT NOT NULL,
    set_ms         BIGINT NOT NULL
);

-- Covering indexes for the burden view over a year of deliveries and feedback reports: per unit,
-- per month range, and per sending document.
CREATE INDEX distributions_burden_unit ON distributions(unit_id, created_ms, incoming_id);
CREATE INDEX distributions_burden_time ON distributions(created_ms, unit_id, incoming_id);
CREATE INDEX distributions_burden_doc ON distributions(document_id, created_ms, unit_id, incoming_id);
CREATE INDEX tracked_events_burden ON tracked_events(act, at_ms, item_id);
