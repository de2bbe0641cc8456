//! 办会: rooms, meetings, invitees with their 回执 and 签到, agenda items, materials, decisions,
//! speeches, and the per-unit rows the burden view counts.

use crate::{burden, q, Exec, Result, Q};
use chrono::NaiveDate;
use zs_domain::meeting::{
    AgendaItem, Answer, AttendRole, Decision, Invitee, Meeting, MeetingKind, MeetingState, Room, Rsvp,
};

// ---- rooms ----

#[derive(sqlx::FromRow)]
struct RoomRow {
    id: String,
    name: String,
    location: String,
    capacity: i64,
    equipment: String,
    active: bool,
}

impl From<RoomRow> for Room {
    fn from(r: RoomRow) -> Self {
        Room {
            equipment: r.equipment.split('、').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            id: r.id,
            name: r.name,
            location: r.location,
            capacity: r.capacity,
            active: r.active,
        }
    }
}

const ROOM_COLS: &str = "id, name, location, capacity, equipment, active";

pub async fn insert_room(c: &mut impl Exec, r: &Room, now: i64) -> Result<()> {
    q("INSERT INTO meeting_rooms (id, name, location, capacity, equipment, active, created_ms, updated_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7)")
    .bind(&r.id)
    .bind(&r.name)
    .bind(&r.location)
    .bind(r.capacity)
    .bind(r.equipment.join("、"))
    .bind(r.active)
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn update_room(c: &mut impl Exec, r: &Room, now: i64) -> Result<u64> {
    q("UPDATE meeting_rooms SET name = $2, location = $3, capacity = $4, equipment = $5, active = $6, updated_ms = $7
       WHERE id = $1")
    .bind(&r.id)
    .bind(&r.name)
    .bind(&r.location)
    .bind(r.capacity)
    .bind(r.equipment.join("、"))
    .bind(r.active)
    .bind(now)
    .execute(c)
    .await
}

/// Take the room's row lock for the rest of the transaction (a write both backends serialise on),
/// so that checking for overlaps and booking happen as one step.
pub async fn lock_room(c: &mut impl Exec, id: &str, now: i64) -> Result<bool> {
    Ok(q("UPDATE meeting_rooms SET updated_ms = $2 WHERE id = $1").bind(id).bind(now).execute(c).await? == 1)
}

pub async fn get_room(c: &mut impl Exec, id: &str) -> Result<Option<Room>> {
    let row: Option<RoomRow> =
        q(format!("SELECT {ROOM_COLS} FROM meeting_rooms WHERE id = $1")).bind(id).fetch_optional(c).await?;
    Ok(row.map(Into::into))
}

pub async fn room_by_name(c: &mut impl Exec, name: &str) -> Result<Option<Room>> {
    let row: Option<RoomRow> =
        q(format!("SELECT {ROOM_COLS} FROM meeting_rooms WHERE name = $1")).bind(name).fetch_optional(c).await?;
    Ok(row.map(Into::into))
}

pub async fn rooms(c: &mut impl Exec, include_inactive: bool) -> Result<Vec<Room>> {
    let sql = if include_inactive {
        format!("SELECT {ROOM_COLS} FROM meeting_rooms ORDER BY active DESC, name")
    } else {
        format!("SELECT {ROOM_COLS} FROM meeting_rooms WHERE active = TRUE ORDER BY name")
    };
    let rows: Vec<RoomRow> = q(sql).fetch_all(c).await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// A meeting holding a room for a while.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Booking {
    pub meeting_id: String,
    pub title: String,
    pub start_ms: i64,
    pub end_ms: i64,
}

/// Meetings not cancelled that hold the room at some time in `[from, to)`, except `except`.
pub async fn bookings(c: &mut impl Exec, room_id: &str, from: i64, to: i64, except: &str) -> Result<Vec<Booking>> {
    q("SELECT id AS meeting_id, title, start_ms, end_ms FROM meetings
       WHERE room_id = $1 AND start_ms < $3 AND end_ms > $2 AND state <> 'cancelled' AND id <> $4
       ORDER BY start_ms")
    .bind(room_id)
    .bind(from)
    .bind(to)
    .bind(except)
    .fetch_all(c)
    .await
}

// ---- meetings ----

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    kind: String,
    title: String,
    host: String,
    organizer_unit_id: String,
    room_id: Option<String>,
    place: String,
    start_ms: i64,
    end_ms: i64,
    chair_id: Option<String>,
    chair_name: String,
    rsvp_due_ms: i64,
    requirements: String,
    contact: String,
    state: String,
    notice_sent_ms: Option<i64>,
    minutes_doc_id: Option<String>,
    cancel_reason: String,
    created_by: String,
    created_ms: i64,
    updated_ms: i64,
}

impl From<Row> for Meeting {
    fn from(r: Row) -> Self {
        Meeting {
            kind: MeetingKind::from_code(&r.kind).unwrap_or(MeetingKind::Other),
            state: MeetingState::from_code(&r.state).unwrap_or(MeetingState::Draft),
            id: r.id,
            title: r.title,
            host: r.host,
            organizer_unit_id: r.organizer_unit_id,
            room_id: r.room_id,
            place: r.place,
            start_ms: r.start_ms,
            end_ms: r.end_ms,
            chair_id: r.chair_id,
            chair_name: r.chair_name,
            rsvp_due_ms: r.rsvp_due_ms,
            requirements: r.requirements,
            contact: r.contact,
            notice_sent_ms: r.notice_sent_ms,
            minutes_doc_id: r.minutes_doc_id,
            cancel_reason: r.cancel_reason,
            created_by: r.created_by,
            created_ms: r.created_ms,
            updated_ms: r.updated_ms,
        }
    }
}

const COLS: &str = "m.id, m.kind, m.title, m.host, m.organizer_unit_id, m.room_id, m.place, m.start_ms, m.end_ms, \
    m.chair_id, m.chair_name, m.rsvp_due_ms, m.requirements, m.contact, m.state, m.notice_sent_ms, m.minutes_doc_id, \
    m.cancel_reason, m.created_by, m.created_ms, m.updated_ms";

/// Columns written by both insert and update, in bind order after the id.
const FIELDS: [&str; 18] = [
    "kind",
    "title",
    "host",
    "organizer_unit_id",
    "room_id",
    "place",
    "start_ms",
    "end_ms",
    "chair_id",
    "chair_name",
    "rsvp_due_ms",
    "requirements",
    "contact",
    "state",
    "notice_sent_ms",
    "minutes_doc_id",
    "cancel_reason",
    "updated_ms",
];

fn bind_fields(w: Q, m: &Meeting) -> Q {
    w.bind(m.kind.code())
        .bind(&m.title)
        .bind(&m.host)
        .bind(&m.organizer_unit_id)
        .bind(m.room_id.clone())
        .bind(&m.place)
        .bind(m.start_ms)
        .bind(m.end_ms)
        .bind(m.chair_id.clone())
        .bind(&m.chair_name)
        .bind(m.rsvp_due_ms)
        .bind(&m.requirements)
        .bind(&m.contact)
        .bind(m.state.code())
        .bind(m.notice_sent_ms)
        .bind(m.minutes_doc_id.clone())
        .bind(&m.cancel_reason)
        .bind(m.updated_ms)
}

pub async fn insert(c: &mut impl Exec, m: &Meeting) -> Result<()> {
    let values: Vec<String> = (1..=FIELDS.len() + 3).map(|i| format!("${i}")).collect();
    let sql = format!(
        "INSERT INTO meetings (id, created_by, created_ms, {}) VALUES ({})",
        FIELDS.join(", "),
        values.join(", ")
    );
    bind_fields(q(sql).bind(&m.id).bind(&m.created_by).bind(m.created_ms), m).execute(c).await?;
    Ok(())
}

/// Write every mutable column if the row is unchanged since it was read (`seen_ms`); false when
/// someone else changed it in between.
pub async fn update(c: &mut impl Exec, m: &Meeting, seen_ms: i64) -> Result<bool> {
    let sets: Vec<String> = FIELDS.iter().enumerate().map(|(i, f)| format!("{f} = ${}", i + 3)).collect();
    let sql = format!("UPDATE meetings SET {} WHERE id = $1 AND updated_ms = $2", sets.join(", "));
    Ok(bind_fields(q(sql).bind(&m.id).bind(seen_ms), m).execute(c).await? == 1)
}

pub async fn get(c: &mut impl Exec, id: &str) -> Result<Option<Meeting>> {
    let row: Option<Row> =
        q(format!("SELECT {COLS} FROM meetings m WHERE m.id = $1")).bind(id).fetch_optional(c).await?;
    Ok(row.map(Into::into))
}

/// Who is looking at meeting lists.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    pub user_id: String,
    pub unit_id: String,
    /// The organ whose meetings the viewer runs (会务, 办公室主任): they see all of them.
    pub organizer_of: Option<String>,
}

/// Narrow `meetings m` to those the viewer may see: every meeting of the organ they run; otherwise
/// meetings they chair or are asked to, or that ask their unit or someone in it.
pub fn visible(w: Q, v: &Viewer) -> Q {
    let (me, unit, organ) = (w.next_index(), w.next_index() + 1, w.next_index() + 2);
    w.push(&format!(
        " AND (m.organizer_unit_id = ${organ} OR m.chair_id = ${me} OR EXISTS (SELECT 1 FROM meeting_invitees vi
           WHERE vi.meeting_id = m.id AND (vi.user_id = ${me} OR vi.unit_id = ${unit})))"
    ))
    .bind(v.user_id.as_str())
    .bind(v.unit_id.as_str())
    // No organ: a value no unit id has, so the first test matches nothing.
    .bind(v.organizer_of.clone().unwrap_or_else(|| "-".into()))
}

#[derive(Debug, Clone, Default)]
pub struct MeetingFilter {
    pub states: Vec<MeetingState>,
    pub kind: Option<MeetingKind>,
    /// Starting at or after / before (UTC ms).
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub text: Option<String>,
    /// Soonest first (upcoming) instead of latest first.
    pub ascending: bool,
    pub limit: i64,
    pub offset: i64,
}

pub async fn list(c: &mut impl Exec, v: &Viewer, f: &MeetingFilter) -> Result<(Vec<Meeting>, i64)> {
    let mut w = visible(q(" FROM meetings m WHERE 1 = 1"), v);
    if !f.states.is_empty() {
        w = w.push(" AND m.state IN ").push_in(f.states.iter().map(|s| s.code()));
    }
    if let Some(k) = f.kind {
        w = w.push(" AND m.kind = ").push_arg(k.code());
    }
    if let Some(t) = f.from_ms {
        w = w.push(" AND m.start_ms >= ").push_arg(t);
    }
    if let Some(t) = f.to_ms {
        w = w.push(" AND m.start_ms < ").push_arg(t);
    }
    if let Some(text) = f.text.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let i = w.next_index();
        w = w
            .push(&format!(" AND (LOWER(m.title) LIKE ${i} ESCAPE '\\' OR LOWER(m.place) LIKE ${i} ESCAPE '\\')"))
            .bind(crate::contains_pattern(text));
    }
    let order = if f.ascending { "m.start_ms, m.id" } else { "m.start_ms DESC, m.id" };
    let (rows, total) = w.count_and_page::<Row>(c, COLS, order, f.limit.clamp(1, 500), f.offset).await?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}

// ---- invitees ----

#[derive(sqlx::FromRow)]
struct InviteeRow {
    id: String,
    meeting_id: String,
    user_id: Option<String>,
    unit_id: String,
    name: String,
    post: String,
    role: String,
    position: i64,
    answer: Option<String>,
    answer_name: String,
    answer_post: String,
    answer_reason: String,
    answered_by: Option<String>,
    answered_ms: Option<i64>,
    urge_count: i64,
    checked_in_ms: Option<i64>,
    checkin_name: String,
    checkin_method: String,
    bad_codes: i64,
}

impl From<InviteeRow> for Invitee {
    fn from(r: InviteeRow) -> Self {
        Invitee {
            role: AttendRole::from_code(&r.role).unwrap_or(AttendRole::Present),
            rsvp: r.answer.as_deref().and_then(Answer::from_code).map(|answer| Rsvp {
                answer,
                name: r.answer_name,
                post: r.answer_post,
                reason: r.answer_reason,
            }),
            id: r.id,
            meeting_id: r.meeting_id,
            user_id: r.user_id,
            unit_id: r.unit_id,
            name: r.name,
            post: r.post,
            position: r.position,
            answered_by: r.answered_by,
            answered_ms: r.answered_ms,
            urge_count: r.urge_count,
            checked_in_ms: r.checked_in_ms,
            checkin_name: r.checkin_name,
            checkin_method: r.checkin_method,
            bad_codes: r.bad_codes,
        }
    }
}

const INVITEE_COLS: &str = "id, meeting_id, user_id, unit_id, name, post, role, position, answer, answer_name, \
    answer_post, answer_reason, answered_by, answered_ms, urge_count, checked_in_ms, checkin_name, checkin_method, bad_codes";

pub async fn insert_invitee(c: &mut impl Exec, i: &Invitee) -> Result<()> {
    q("INSERT INTO meeting_invitees (id, meeting_id, user_id, unit_id, name, post, role, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
    .bind(&i.id)
    .bind(&i.meeting_id)
    .bind(i.user_id.clone())
    .bind(&i.unit_id)
    .bind(&i.name)
    .bind(&i.post)
    .bind(i.role.code())
    .bind(i.position)
    .execute(c)
    .await?;
    Ok(())
}

/// Keep an invitee but change how they are asked (出席/列席) and where they are listed.
pub async fn update_invitee_role(c: &mut impl Exec, id: &str, role: AttendRole, position: i64) -> Result<()> {
    q("UPDATE meeting_invitees SET role = $2, position = $3 WHERE id = $1")
        .bind(id)
        .bind(role.code())
        .bind(position)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn delete_invitee(c: &mut impl Exec, id: &str) -> Result<()> {
    q("DELETE FROM meeting_invitees WHERE id = $1").bind(id).execute(c).await?;
    Ok(())
}

pub async fn invitees(c: &mut impl Exec, meeting_id: &str) -> Result<Vec<Invitee>> {
    let rows: Vec<InviteeRow> =
        q(format!("SELECT {INVITEE_COLS} FROM meeting_invitees WHERE meeting_id = $1 ORDER BY position, id"))
            .bind(meeting_id)
            .fetch_all(c)
            .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn set_rsvp(c: &mut impl Exec, id: &str, r: &Rsvp, by: &str, now: i64) -> Result<()> {
    q("UPDATE meeting_invitees SET answer = $2, answer_name = $3, answer_post = $4, answer_reason = $5,
        answered_by = $6, answered_ms = $7 WHERE id = $1")
    .bind(id)
    .bind(r.answer.code())
    .bind(&r.name)
    .bind(&r.post)
    .bind(&r.reason)
    .bind(by)
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn count_urge(c: &mut impl Exec, ids: &[String]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    q("UPDATE meeting_invitees SET urge_count = urge_count + 1 WHERE id IN ")
        .push_in(ids.iter().map(String::as_str))
        .execute(c)
        .await?;
    Ok(())
}

/// Sign a seat in, once: false when it was signed in already (by a concurrent request).
pub async fn check_in(c: &mut impl Exec, id: &str, name: &str, method: &str, now: i64) -> Result<bool> {
    let n = q("UPDATE meeting_invitees SET checked_in_ms = $2, checkin_name = $3, checkin_method = $4
               WHERE id = $1 AND checked_in_ms IS NULL")
    .bind(id)
    .bind(now)
    .bind(name)
    .bind(method)
    .execute(c)
    .await?;
    Ok(n == 1)
}

pub async fn count_bad_code(c: &mut impl Exec, id: &str) -> Result<()> {
    q("UPDATE meeting_invitees SET bad_codes = bad_codes + 1 WHERE id = $1").bind(id).execute(c).await?;
    Ok(())
}

// ---- agenda and materials ----

#[derive(sqlx::FromRow)]
struct AgendaRow {
    id: String,
    meeting_id: String,
    position: i64,
    title: String,
    unit_id: Option<String>,
    reporter: String,
}

pub async fn insert_agenda(c: &mut impl Exec, a: &AgendaItem) -> Result<()> {
    q("INSERT INTO meeting_agenda (id, meeting_id, position, title, unit_id, reporter) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&a.id)
        .bind(&a.meeting_id)
        .bind(a.position)
        .bind(&a.title)
        .bind(a.unit_id.clone())
        .bind(&a.reporter)
        .execute(c)
        .await?;
    Ok(())
}

pub async fn agenda(c: &mut impl Exec, meeting_id: &str) -> Result<Vec<AgendaItem>> {
    let rows: Vec<AgendaRow> = q("SELECT id, meeting_id, position, title, unit_id, reporter FROM meeting_agenda
                                  WHERE meeting_id = $1 ORDER BY position, id")
    .bind(meeting_id)
    .fetch_all(c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AgendaItem {
            id: r.id,
            meeting_id: r.meeting_id,
            position: r.position,
            title: r.title,
            unit_id: r.unit_id,
            reporter: r.reporter,
        })
        .collect())
}

/// Remove an agenda item with its materials (their blobs stay, content-addressed).
pub async fn delete_agenda(c: &mut impl Exec, meeting_id: &str, id: &str) -> Result<bool> {
    q("DELETE FROM meeting_files WHERE agenda_id = $1 AND meeting_id = $2")
        .bind(id)
        .bind(meeting_id)
        .execute(c)
        .await?;
    q("UPDATE meeting_decisions SET agenda_id = NULL WHERE agenda_id = $1").bind(id).execute(c).await?;
    let n =
        q("DELETE FROM meeting_agenda WHERE id = $1 AND meeting_id = $2").bind(id).bind(meeting_id).execute(c).await?;
    Ok(n == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileRow {
    pub id: String,
    pub meeting_id: String,
    pub agenda_id: Option<String>,
    pub name: String,
    pub sha256: String,
    pub size: i64,
    pub mime: String,
    pub uploaded_by: String,
    pub created_ms: i64,
}

pub async fn insert_file(c: &mut impl Exec, f: &FileRow) -> Result<()> {
    q("INSERT INTO meeting_files (id, meeting_id, agenda_id, name, sha256, size, mime, uploaded_by, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
    .bind(&f.id)
    .bind(&f.meeting_id)
    .bind(f.agenda_id.clone())
    .bind(&f.name)
    .bind(&f.sha256)
    .bind(f.size)
    .bind(&f.mime)
    .bind(&f.uploaded_by)
    .bind(f.created_ms)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn files(c: &mut impl Exec, meeting_id: &str) -> Result<Vec<FileRow>> {
    q("SELECT id, meeting_id, agenda_id, name, sha256, size, mime, uploaded_by, created_ms FROM meeting_files
       WHERE meeting_id = $1 ORDER BY created_ms, id")
    .bind(meeting_id)
    .fetch_all(c)
    .await
}

// ---- decisions ----

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: String,
    meeting_id: String,
    agenda_id: Option<String>,
    position: i64,
    text: String,
    lead_unit_id: String,
    co_unit_ids: String,
    owner_name: String,
    due: String,
    item_id: Option<String>,
}

pub async fn insert_decision(c: &mut impl Exec, d: &Decision, by: &str, now: i64) -> Result<()> {
    q("INSERT INTO meeting_decisions (id, meeting_id, agenda_id, position, text, lead_unit_id, co_unit_ids, owner_name,
        due, item_id, created_by, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
    .bind(&d.id)
    .bind(&d.meeting_id)
    .bind(d.agenda_id.clone())
    .bind(d.position)
    .bind(&d.text)
    .bind(&d.lead_unit_id)
    .bind(d.co_unit_ids.join(","))
    .bind(&d.owner_name)
    .bind(d.due.format("%Y-%m-%d").to_string())
    .bind(d.item_id.clone())
    .bind(by)
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn decisions(c: &mut impl Exec, meeting_id: &str) -> Result<Vec<Decision>> {
    let rows: Vec<DecisionRow> = q("SELECT id, meeting_id, agenda_id, position, text, lead_unit_id, co_unit_ids,
        owner_name, due, item_id FROM meeting_decisions WHERE meeting_id = $1 ORDER BY position, id")
    .bind(meeting_id)
    .fetch_all(c)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Decision {
            due: NaiveDate::parse_from_str(&r.due, "%Y-%m-%d").unwrap_or_default(),
            co_unit_ids: r.co_unit_ids.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            id: r.id,
            meeting_id: r.meeting_id,
            agenda_id: r.agenda_id,
            position: r.position,
            text: r.text,
            lead_unit_id: r.lead_unit_id,
            owner_name: r.owner_name,
            item_id: r.item_id,
        })
        .collect())
}

/// Remove a decision not yet turned into a tracked item.
pub async fn delete_decision(c: &mut impl Exec, meeting_id: &str, id: &str) -> Result<bool> {
    let n = q("DELETE FROM meeting_decisions WHERE id = $1 AND meeting_id = $2 AND item_id IS NULL")
        .bind(id)
        .bind(meeting_id)
        .execute(c)
        .await?;
    Ok(n == 1)
}

/// Link a decision to its tracked item, once.
pub async fn set_decision_item(c: &mut impl Exec, id: &str, item_id: &str) -> Result<bool> {
    let n = q("UPDATE meeting_decisions SET item_id = $2 WHERE id = $1 AND item_id IS NULL")
        .bind(id)
        .bind(item_id)
        .execute(c)
        .await?;
    Ok(n == 1)
}

// ---- speeches ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SpeechRow {
    pub id: String,
    pub title: String,
    pub speaker: String,
    pub given_on: Option<String>,
    pub meeting_id: Option<String>,
    pub text: String,
    /// JSON of `zs_office::Outline`.
    pub outline: String,
    pub created_by: String,
    pub created_ms: i64,
}

pub async fn insert_speech(c: &mut impl Exec, s: &SpeechRow) -> Result<()> {
    q("INSERT INTO speeches (id, title, speaker, given_on, meeting_id, text, outline, created_by, created_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
    .bind(&s.id)
    .bind(&s.title)
    .bind(&s.speaker)
    .bind(s.given_on.clone())
    .bind(s.meeting_id.clone())
    .bind(&s.text)
    .bind(&s.outline)
    .bind(&s.created_by)
    .bind(s.created_ms)
    .execute(c)
    .await?;
    Ok(())
}

const SPEECH_COLS: &str = "id, title, speaker, given_on, meeting_id, text, outline, created_by, created_ms";

pub async fn get_speech(c: &mut impl Exec, id: &str) -> Result<Option<SpeechRow>> {
    q(format!("SELECT {SPEECH_COLS} FROM speeches WHERE id = $1")).bind(id).fetch_optional(c).await
}

/// Speeches newest first, without their text (lists).
pub async fn speeches(c: &mut impl Exec, limit: i64, offset: i64) -> Result<(Vec<SpeechRow>, i64)> {
    q(" FROM speeches s WHERE 1 = 1")
        .count_and_page(
            c,
            "s.id, s.title, s.speaker, s.given_on, s.meeting_id, '' AS text, '' AS outline, s.created_by, s.created_ms",
            "s.created_ms DESC, s.id",
            limit.clamp(1, 500),
            offset,
        )
        .await
}

/// Record that a requirement became an item; false when it already had one.
pub async fn insert_speech_item(c: &mut impl Exec, speech_id: &str, key: &str, item_id: &str) -> Result<bool> {
    let n = q("INSERT INTO speech_items (speech_id, req_key, item_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(speech_id)
        .bind(key)
        .bind(item_id)
        .execute(c)
        .await?;
    Ok(n == 1)
}

/// (requirement key, item id) of a speech's requirements already turned into items.
pub async fn speech_items(c: &mut impl Exec, speech_id: &str) -> Result<Vec<(String, String)>> {
    q("SELECT req_key, item_id FROM speech_items WHERE speech_id = $1 ORDER BY req_key")
        .bind(speech_id)
        .fetch_all(c)
        .await
}

// ---- to-dos ----

/// 回执 still open to answer: the person's own, and (for a 联络员, `unit`) their unit's.
pub async fn pending_rsvps(c: &mut impl Exec, user_id: &str, unit: Option<&str>, now: i64) -> Result<i64> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM meeting_invitees i JOIN meetings m ON m.id = i.meeting_id
       WHERE m.state = 'noticed' AND m.rsvp_due_ms >= $1 AND i.answer IS NULL
         AND (i.user_id = $2 OR (i.user_id IS NULL AND i.unit_id = $3))")
    .bind(now)
    .bind(user_id)
    .bind(unit.unwrap_or("-"))
    .fetch_one(c)
    .await?;
    Ok(n)
}

/// Meetings of an organ held without a 纪要 yet.
pub async fn awaiting_minutes(c: &mut impl Exec, organ: &str) -> Result<i64> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM meetings WHERE organizer_unit_id = $1 AND state = 'held'
       AND minutes_doc_id IS NULL")
    .bind(organ)
    .fetch_one(c)
    .await?;
    Ok(n)
}

// ---- sign-in secret ----

/// The settings key of the sign-in secret.
pub const CHECKIN_SECRET: &str = "meetings.checkin_secret";

/// The server secret sign-in codes are derived from: `candidate` is kept if none was stored yet,
/// and every node then reads the one that won.
pub async fn checkin_secret(c: &mut impl Exec, candidate: &str) -> Result<String> {
    const KEY: &str = CHECKIN_SECRET;
    q("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .bind(KEY)
        .bind(candidate)
        .execute(c)
        .await?;
    let (v,): (String,) = q("SELECT value FROM settings WHERE key = $1").bind(KEY).fetch_one(c).await?;
    Ok(v)
}

// ---- burden rows ----

/// One unit asked to one meeting, as the burden view counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BurdenRow {
    pub unit_id: String,
    pub month: String,
    pub minutes: i64,
    pub organizer_unit_id: String,
}

/// Replace a meeting's burden rows (none for a meeting not noticed or cancelled); the 精文简会
/// rollup loses the old rows and gains the new ones.
pub async fn set_burden(c: &mut impl Exec, meeting_id: &str, rows: &[BurdenRow]) -> Result<()> {
    let old: Vec<(String, String, i64, String)> = q("DELETE FROM meeting_burden WHERE meeting_id = $1
       RETURNING unit_id, month, minutes, organizer_unit_id")
    .bind(meeting_id)
    .fetch_all(c)
    .await?;
    let old: Vec<BurdenRow> = old
        .into_iter()
        .map(|(unit_id, month, minutes, organizer_unit_id)| BurdenRow { unit_id, month, minutes, organizer_unit_id })
        .collect();
    let mut p = burden::Pending::default();
    for (rows, sign) in [(&old[..], -1), (rows, 1)] {
        for r in rows {
            p.add(burden::UNIT, &r.month, &r.unit_id, burden::MEETINGS, sign, sign * r.minutes);
            p.add(burden::SENDER, &r.month, &r.organizer_unit_id, burden::ASKED, sign, 0);
        }
        // The meeting itself, once for its organiser and month.
        let mut called: Vec<(&str, &str)> =
            rows.iter().map(|r| (r.month.as_str(), r.organizer_unit_id.as_str())).collect();
        called.sort_unstable();
        called.dedup();
        for (month, organizer) in called {
            p.add(burden::SENDER, month, organizer, burden::MEETINGS, sign, 0);
        }
    }
    burden::record(c, p).await?;
    for chunk in rows.chunks(200) {
        let mut sql = q("INSERT INTO meeting_burden (meeting_id, unit_id, month, minutes, organizer_unit_id) VALUES ");
        for (i, r) in chunk.iter().enumerate() {
            sql = if i > 0 { sql.push(", ") } else { sql };
            sql = sql
                .push("(")
                .push_arg(meeting_id)
                .push(", ")
                .push_arg(r.unit_id.as_str())
                .push(", ")
                .push_arg(r.month.as_str())
                .push(", ")
                .push_arg(r.minutes)
                .push(", ")
                .push_arg(r.organizer_unit_id.as_str())
                .push(")");
        }
        sql.execute(c).await?;
    }
    Ok(())
}
