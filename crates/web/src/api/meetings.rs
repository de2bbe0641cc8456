//! `/api/v1` for 办会: meetings and every step on them (notice, 回执, 催报, sign-in, close, 纪要,
//! decisions into tracked items), rooms and their free periods, speeches turned into tasks, and the
//! 精文简会 burden view with its caps. The same inputs as the pages (`input::meetings`).

use super::{api, ApiResult, ErrorDto};
use crate::error::WebError;
use crate::extract::{page_offset, Json, Query};
use crate::input::meetings::{cycle, AgendaForm, CapsForm, DecisionForm, MeetingForm, RoomForm, RsvpForm};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use zs_app::meetings::speeches::{Pick, SpeechInput};
use zs_app::meetings::{MeetingFilter, MeetingView};
use zs_app::App;
use zs_domain::meeting::{Invitee, Measure, Meeting, MeetingState, Room};
use zs_domain::workflow::Label;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/meetings", get(list).post(create))
        .route("/meetings/{id}", get(show).put(edit))
        .route("/meetings/{id}/steps", post(step))
        .route("/meetings/{id}/rsvp", post(rsvp))
        .route("/meetings/{id}/agenda", post(agenda))
        .route("/meetings/{id}/decisions", post(decision))
        .route("/meetings/{id}/checkin", post(check_in))
        .route("/meetings/{id}/checkin/{invitee_id}", post(clerk_check_in))
        .route("/meetings/{id}/checkin-code", get(checkin_code))
        .route("/meetings/{id}/attendance", get(attendance))
        .route("/rooms", get(rooms).post(create_room))
        .route("/rooms/{id}/day", get(room_day))
        .route("/speeches", post(import_speech))
        .route("/speeches/{id}", get(speech))
        .route("/speeches/{id}/items", post(speech_items))
        .route("/burden", get(burden))
        .route("/burden/caps", put(set_caps))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list,
        create,
        show,
        edit,
        step,
        rsvp,
        agenda,
        decision,
        check_in,
        clerk_check_in,
        checkin_code,
        attendance,
        rooms,
        create_room,
        room_day,
        import_speech,
        speech,
        speech_items,
        burden,
        set_caps
    ),
    components(schemas(
        MeetingForm,
        AgendaForm,
        RsvpForm,
        DecisionForm,
        RoomForm,
        CapsForm,
        MeetingDto,
        MeetingPage,
        MeetingDetail,
        InviteeDto,
        AgendaDto,
        DecisionDto,
        StepBody,
        StepResult,
        CodeBody,
        ClerkBody,
        CodeDto,
        AttendanceDto,
        RoomDto,
        DayDto,
        SlotDto,
        SpeechBody,
        SpeechDto,
        RequirementDto,
        PicksBody,
        PickBody,
        ItemRef,
        BurdenDto,
        UnitLoadDto,
        MonthLoadDto,
        SenderDto
    ))
)]
pub struct MeetingApi;

fn iso(ms: i64) -> String {
    zs_domain::time::local(ms).format("%Y-%m-%dT%H:%M").to_string()
}

/// A meeting. Times are Shanghai local, `YYYY-MM-DDTHH:MM`.
#[derive(Serialize, ToSchema)]
struct MeetingDto {
    id: String,
    kind: String,
    kind_label: String,
    title: String,
    host: String,
    organizer_unit_id: String,
    room_id: Option<String>,
    place: String,
    start: String,
    end: String,
    chair_id: Option<String>,
    chair_name: String,
    rsvp_due: String,
    requirements: String,
    contact: String,
    /// draft / noticed / held / cancelled
    state: String,
    state_label: String,
    notice_sent: Option<String>,
    minutes_doc_id: Option<String>,
    cancel_reason: String,
    updated_ms: i64,
}

impl From<&Meeting> for MeetingDto {
    fn from(m: &Meeting) -> Self {
        MeetingDto {
            id: m.id.clone(),
            kind: m.kind.code().into(),
            kind_label: m.kind.label().into(),
            title: m.title.clone(),
            host: m.host.clone(),
            organizer_unit_id: m.organizer_unit_id.clone(),
            room_id: m.room_id.clone(),
            place: m.place.clone(),
            start: iso(m.start_ms),
            end: iso(m.end_ms),
            chair_id: m.chair_id.clone(),
            chair_name: m.chair_name.clone(),
            rsvp_due: iso(m.rsvp_due_ms),
            requirements: m.requirements.clone(),
            contact: m.contact.clone(),
            state: m.state.code().into(),
            state_label: m.state.label().into(),
            notice_sent: m.notice_sent_ms.map(iso),
            minutes_doc_id: m.minutes_doc_id.clone(),
            cancel_reason: m.cancel_reason.clone(),
            updated_ms: m.updated_ms,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct MeetingPage {
    total: i64,
    items: Vec<MeetingDto>,
}

/// Someone asked: a person (`user_id`) or a unit.
#[derive(Serialize, ToSchema)]
struct InviteeDto {
    id: String,
    user_id: Option<String>,
    unit_id: String,
    name: String,
    post: String,
    /// present (出席) / attending (列席)
    role: String,
    /// attend / leave / substitute, or null before the 回执.
    answer: Option<String>,
    answer_name: String,
    answer_post: String,
    answer_reason: String,
    /// present / on_leave / absent
    presence: String,
    checked_in: Option<String>,
    checkin_name: String,
}

impl From<&Invitee> for InviteeDto {
    fn from(i: &Invitee) -> Self {
        let r = i.rsvp.as_ref();
        InviteeDto {
            id: i.id.clone(),
            user_id: i.user_id.clone(),
            unit_id: i.unit_id.clone(),
            name: i.name.clone(),
            post: i.post.clone(),
            role: i.role.code().into(),
            answer: r.map(|r| r.answer.code().to_string()),
            answer_name: r.map(|r| r.name.clone()).unwrap_or_default(),
            answer_post: r.map(|r| r.post.clone()).unwrap_or_default(),
            answer_reason: r.map(|r| r.reason.clone()).unwrap_or_default(),
            presence: i.presence().code().into(),
            checked_in: i.checked_in_ms.map(iso),
            checkin_name: i.checkin_name.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
struct AgendaDto {
    id: String,
    title: String,
    unit_id: Option<String>,
    reporter: String,
    /// Materials: (id, name).
    files: Vec<[String; 2]>,
}

#[derive(Serialize, ToSchema)]
struct DecisionDto {
    id: String,
    agenda_id: Option<String>,
    text: String,
    lead_unit_id: String,
    co_unit_ids: Vec<String>,
    owner_name: String,
    due: String,
    /// The tracked item it became.
    item_id: Option<String>,
}

/// A meeting with its lists and what the caller may do now.
#[derive(Serialize, ToSchema)]
struct MeetingDetail {
    meeting: MeetingDto,
    invitees: Vec<InviteeDto>,
    agenda: Vec<AgendaDto>,
    decisions: Vec<DecisionDto>,
    /// Flow actions open to the caller: edit, notify, rsvp, urge, check_in, close, minutes, decide, track, cancel.
    actions: Vec<String>,
    /// Invitees whose 回执 the caller may give.
    answerable: Vec<String>,
}

impl From<&MeetingView> for MeetingDetail {
    fn from(v: &MeetingView) -> Self {
        MeetingDetail {
            meeting: (&v.meeting).into(),
            invitees: v.invitees.iter().map(Into::into).collect(),
            agenda: v
                .agenda
                .iter()
                .map(|a| AgendaDto {
                    id: a.id.clone(),
                    title: a.title.clone(),
                    unit_id: a.unit_id.clone(),
                    reporter: a.reporter.clone(),
                    files: v
                        .files
                        .iter()
                        .filter(|f| f.agenda_id.as_deref() == Some(a.id.as_str()))
                        .map(|f| [f.id.clone(), f.name.clone()])
                        .collect(),
                })
                .collect(),
            decisions: v
                .decisions
                .iter()
                .map(|d| DecisionDto {
                    id: d.id.clone(),
                    agenda_id: d.agenda_id.clone(),
                    text: d.text.clone(),
                    lead_unit_id: d.lead_unit_id.clone(),
                    co_unit_ids: d.co_unit_ids.clone(),
                    owner_name: d.owner_name.clone(),
                    due: d.due.to_string(),
                    item_id: d.item_id.clone(),
                })
                .collect(),
            actions: v.actions.iter().map(|a| a.code().to_string()).collect(),
            answerable: v.answerable.clone(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
struct ListQuery {
    /// A state code: draft, noticed, held, cancelled.
    state: Option<String>,
    /// Title or place contains this.
    q: Option<String>,
    /// 1-based page of 50, latest first.
    page: Option<i64>,
}

/// Meetings the caller may see: those of the organ they run, and those they or their unit are asked to.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "办会", params(ListQuery), responses((status = 200, body = MeetingPage)))]
async fn list(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Query(q): Query<ListQuery>,
) -> ApiResult<MeetingPage> {
    let f = MeetingFilter {
        states: q.state.as_deref().and_then(MeetingState::from_code).into_iter().collect(),
        text: q.q,
        limit: 50,
        offset: page_offset(q.page, 50),
        ..Default::default()
    };
    let (items, total) = api(app.meetings(&p, &f).await)?;
    Ok(axum::Json(MeetingPage { total, items: items.iter().map(Into::into).collect() }))
}

fn input(app: &App, f: &MeetingForm) -> Result<zs_app::meetings::MeetingInput, WebError> {
    f.input(app.clock_ms()).map_err(WebError::api)
}

/// 安排会议 (会务, 办公室主任). A room taken at that time is refused with 409 and the day's free periods.
#[utoipa::path(post, path = "/api/v1/meetings", tag = "办会", request_body = MeetingForm,
    responses((status = 201, body = MeetingDetail), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn create(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Json(f): Json<MeetingForm>,
) -> Result<(StatusCode, axum::Json<MeetingDetail>), WebError> {
    let m = api(app.create_meeting(&p, &input(&app, &f)?).await)?;
    let v = api(app.meeting(&p, &m.id).await)?;
    Ok((StatusCode::CREATED, axum::Json((&v).into())))
}

/// A meeting with its invitees, agenda, decisions and the actions open to the caller.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "办会", responses((status = 200, body = MeetingDetail), (status = 404, body = ErrorDto)))]
async fn show(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
) -> ApiResult<MeetingDetail> {
    let v = api(app.meeting(&p, &id).await)?;
    Ok(axum::Json((&v).into()))
}

/// Change a meeting (`updated_ms` as read; a change by someone else in between is 409).
#[utoipa::path(put, path = "/api/v1/meetings/{id}", tag = "办会", request_body = MeetingForm,
    responses((status = 200, body = MeetingDetail), (status = 409, body = ErrorDto)))]
async fn edit(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
    Json(f): Json<MeetingForm>,
) -> ApiResult<MeetingDetail> {
    api(app.edit_meeting(&p, &id, &input(&app, &f)?, f.updated_ms).await)?;
    let v = api(app.meeting(&p, &id).await)?;
    Ok(axum::Json((&v).into()))
}

/// One step of the flow.
#[derive(Deserialize, ToSchema)]
struct StepBody {
    /// notify (发送通知), urge (催报回执), close (结束会议), cancel (取消, with `reason`), minutes (起草纪要),
    /// track (议定事项转督办, with `cycle`).
    act: String,
    #[serde(default)]
    reason: String,
    /// once / weekly / monthly / every:N (track only).
    #[serde(default)]
    cycle: String,
}

/// What a step made.
#[derive(Serialize, ToSchema)]
struct StepResult {
    meeting: MeetingDto,
    /// urge: how many were urged.
    urged: Option<usize>,
    /// minutes: the 纪要 document.
    minutes_doc_id: Option<String>,
    /// track: the tracked items made.
    items: Vec<ItemRef>,
}

/// A tracked item made from a decision or a speech.
#[derive(Serialize, ToSchema)]
struct ItemRef {
    id: String,
    title: String,
    kind: String,
    source_kind: String,
    source_id: String,
    due: String,
}

impl From<&zs_domain::tracking::TrackedItem> for ItemRef {
    fn from(t: &zs_domain::tracking::TrackedItem) -> Self {
        ItemRef {
            id: t.id.clone(),
            title: t.title.clone(),
            kind: t.kind.code().into(),
            source_kind: t.source_kind.clone(),
            source_id: t.source_id.clone(),
            due: t.due.to_string(),
        }
    }
}

/// Take one step; steps the flow does not allow now are 409 with the reason, others' steps 403.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/steps", tag = "办会", request_body = StepBody,
    responses((status = 200, body = StepResult), (status = 409, body = ErrorDto), (status = 403, body = ErrorDto)))]
async fn step(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
    Json(b): Json<StepBody>,
) -> ApiResult<StepResult> {
    let (mut urged, mut minutes_doc_id, mut items) = (None, None, Vec::new());
    match b.act.as_str() {
        "notify" => {
            api(app.send_notice(&p, &id).await)?;
        }
        "urge" => urged = Some(api(app.urge_rsvp(&p, &id).await)?),
        "close" => {
            api(app.close_meeting(&p, &id).await)?;
        }
        "cancel" => {
            api(app.cancel_meeting(&p, &id, &b.reason).await)?;
        }
        "minutes" => minutes_doc_id = Some(api(app.draft_minutes(&p, &id).await)?.id),
        "track" => items = api(app.track_decisions(&p, &id, cycle(&b.cycle).map_err(WebError::api)?).await)?,
        other => return Err(WebError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("未知的操作“{other}”。")).api()),
    }
    let v = api(app.meeting(&p, &id).await)?;
    Ok(axum::Json(StepResult {
        meeting: (&v.meeting).into(),
        urged,
        minutes_doc_id,
        items: items.iter().map(Into::into).collect(),
    }))
}

/// Give a 回执 (the invitee, their unit's 联络员, or 会务 by telephone). After the deadline: 409.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/rsvp", tag = "办会", request_body = RsvpForm,
    responses((status = 200, body = InviteeDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn rsvp(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
    Json(f): Json<RsvpForm>,
) -> ApiResult<InviteeDto> {
    let r = f.rsvp().map_err(WebError::api)?;
    let i = api(app.answer_rsvp(&p, &id, &f.invitee_id, &r).await)?;
    Ok(axum::Json((&i).into()))
}

/// Add an agenda item (议题) to a meeting being prepared.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/agenda", tag = "办会", request_body = AgendaForm, responses((status = 200, body = AgendaDto)))]
async fn agenda(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
    Json(f): Json<AgendaForm>,
) -> ApiResult<AgendaDto> {
    let a = api(app.add_agenda(&p, &id, &f.input()).await)?;
    Ok(axum::Json(AgendaDto { id: a.id, title: a.title, unit_id: a.unit_id, reporter: a.reporter, files: Vec::new() }))
}

/// Record a decision (议定事项) of a meeting that was held.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/decisions", tag = "办会", request_body = DecisionForm, responses((status = 200, body = DecisionDto)))]
async fn decision(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
    Json(f): Json<DecisionForm>,
) -> ApiResult<DecisionDto> {
    let d = api(app.add_decision(&p, &id, &f.input().map_err(WebError::api)?).await)?;
    Ok(axum::Json(DecisionDto {
        id: d.id,
        agenda_id: d.agenda_id,
        text: d.text,
        lead_unit_id: d.lead_unit_id,
        co_unit_ids: d.co_unit_ids,
        owner_name: d.owner_name,
        due: d.due.to_string(),
        item_id: d.item_id,
    }))
}

#[derive(Deserialize, ToSchema)]
struct CodeBody {
    /// The six digits shown at the door.
    code: String,
}

/// Sign in with the door's code. A wrong code is 422 (and counted), an expired one 422, a second
/// sign-in 409, someone not asked 403.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/checkin", tag = "办会", request_body = CodeBody,
    responses((status = 200, body = InviteeDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn check_in(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
    Json(b): Json<CodeBody>,
) -> ApiResult<InviteeDto> {
    let i = api(app.check_in_with_code(&p, &id, &b.code).await)?;
    Ok(axum::Json((&i).into()))
}

#[derive(Deserialize, ToSchema)]
struct ClerkBody {
    /// Who actually came, when not the person asked (may be empty).
    #[serde(default)]
    name: String,
}

/// 会务 signs someone in at the desk.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/checkin/{invitee_id}", tag = "办会", request_body = ClerkBody, responses((status = 200, body = InviteeDto)))]
async fn clerk_check_in(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path((id, invitee_id)): Path<(String, String)>,
    Json(b): Json<ClerkBody>,
) -> ApiResult<InviteeDto> {
    let i = api(app.check_in_by_clerk(&p, &id, &invitee_id, &b.name).await)?;
    Ok(axum::Json((&i).into()))
}

/// The door screen's code.
#[derive(Serialize, ToSchema)]
struct CodeDto {
    code: String,
    /// The path the QR code opens.
    path: String,
    /// When the next code shows (`YYYY-MM-DDTHH:MM`).
    next: String,
}

/// The current sign-in code (会务 and the 主持人).
#[utoipa::path(get, path = "/api/v1/meetings/{id}/checkin-code", tag = "办会", responses((status = 200, body = CodeDto)))]
async fn checkin_code(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
) -> ApiResult<CodeDto> {
    let c = api(app.checkin_code(&p, &id).await)?;
    Ok(axum::Json(CodeDto { code: c.code, path: c.path, next: iso(c.next_ms) }))
}

#[derive(Serialize, ToSchema)]
struct AttendanceDto {
    present: usize,
    on_leave: usize,
    absent: usize,
    invitees: Vec<InviteeDto>,
}

/// The live list (会务 and the 主持人).
#[utoipa::path(get, path = "/api/v1/meetings/{id}/attendance", tag = "办会", responses((status = 200, body = AttendanceDto)))]
async fn attendance(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
) -> ApiResult<AttendanceDto> {
    let (_, invitees, t) = api(app.attendance(&p, &id).await)?;
    Ok(axum::Json(AttendanceDto {
        present: t.present,
        on_leave: t.on_leave,
        absent: t.absent,
        invitees: invitees.iter().map(Into::into).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
struct RoomDto {
    id: String,
    name: String,
    location: String,
    capacity: i64,
    equipment: Vec<String>,
    active: bool,
}

impl From<Room> for RoomDto {
    fn from(r: Room) -> Self {
        RoomDto {
            id: r.id,
            name: r.name,
            location: r.location,
            capacity: r.capacity,
            equipment: r.equipment,
            active: r.active,
        }
    }
}

/// Meeting rooms in use.
#[utoipa::path(get, path = "/api/v1/rooms", tag = "办会", responses((status = 200, body = [RoomDto])))]
async fn rooms(State(app): State<App>, crate::session::Me(_p): crate::session::Me) -> ApiResult<Vec<RoomDto>> {
    Ok(axum::Json(api(app.rooms(false).await)?.into_iter().map(Into::into).collect()))
}

/// Add a room (会务, 办公室主任).
#[utoipa::path(post, path = "/api/v1/rooms", tag = "办会", request_body = RoomForm, responses((status = 201, body = RoomDto)))]
async fn create_room(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Json(f): Json<RoomForm>,
) -> Result<(StatusCode, axum::Json<RoomDto>), WebError> {
    let r = api(app.create_room(&p, &f.input().map_err(WebError::api)?).await)?;
    Ok((StatusCode::CREATED, axum::Json(r.into())))
}

#[derive(Deserialize, IntoParams)]
struct DayQuery {
    /// 2026-11-25 (default: today).
    date: Option<String>,
    /// The length wanted, in minutes (default 60).
    minutes: Option<i64>,
}

#[derive(Serialize, ToSchema)]
struct SlotDto {
    start: String,
    end: String,
}

#[derive(Serialize, ToSchema)]
struct DayDto {
    room: RoomDto,
    date: String,
    /// (meeting id, title, start, end)
    bookings: Vec<[String; 4]>,
    /// Free periods at least `minutes` long.
    free: Vec<SlotDto>,
}

/// A room's bookings on a day and its free periods.
#[utoipa::path(get, path = "/api/v1/rooms/{id}/day", tag = "办会", params(DayQuery), responses((status = 200, body = DayDto)))]
async fn room_day(
    State(app): State<App>,
    crate::session::Me(_p): crate::session::Me,
    Path(id): Path<String>,
    Query(q): Query<DayQuery>,
) -> ApiResult<DayDto> {
    let date = match q.date.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => crate::input::date(s, "日期").map_err(WebError::api)?,
        None => app.today(),
    };
    let s = api(app.room_day(&id, date, q.minutes.unwrap_or(60)).await)?;
    Ok(axum::Json(DayDto {
        date: s.day.to_string(),
        bookings: s
            .bookings
            .iter()
            .map(|b| [b.meeting_id.clone(), b.title.clone(), iso(b.start_ms), iso(b.end_ms)])
            .collect(),
        free: s.free.iter().map(|(a, b)| SlotDto { start: iso(*a), end: iso(*b) }).collect(),
        room: s.room.into(),
    }))
}

/// A speech as text.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
struct SpeechBody {
    title: String,
    speaker: String,
    /// 2026-11-20
    given_on: String,
    meeting_id: String,
    /// The whole text (web copies are cleaned).
    text: String,
}

#[derive(Serialize, ToSchema)]
struct RequirementDto {
    /// Its place in the outline, e.g. 1.2#3.
    key: String,
    point: String,
    text: String,
    item_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct SpeechDto {
    id: String,
    title: String,
    speaker: String,
    /// The outline as `zhongshu outline --format json` prints it: {level, number, title, requirements, points}.
    #[schema(value_type = Object)]
    points: serde_json::Value,
    requirements: Vec<RequirementDto>,
}

async fn speech_dto(app: &App, p: &zs_app::Principal, id: &str) -> Result<SpeechDto, WebError> {
    let v = api(app.speech(p, id).await)?;
    Ok(SpeechDto {
        id: v.speech.id.clone(),
        title: v.speech.title.clone(),
        speaker: v.speech.speaker.clone(),
        points: serde_json::to_value(&v.points).unwrap_or_default(),
        requirements: v
            .requirements
            .iter()
            .map(|r| RequirementDto {
                key: r.key.clone(),
                point: r.point.clone(),
                text: r.text.clone(),
                item_id: r.item_id.clone(),
            })
            .collect(),
    })
}

/// Import a speech and recover its outline; one without a recognisable outline is 422 with the reason.
#[utoipa::path(post, path = "/api/v1/speeches", tag = "办会", request_body = SpeechBody,
    responses((status = 201, body = SpeechDto), (status = 422, body = ErrorDto)))]
async fn import_speech(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Json(b): Json<SpeechBody>,
) -> Result<(StatusCode, axum::Json<SpeechDto>), WebError> {
    let s = SpeechInput {
        title: b.title,
        speaker: b.speaker,
        given_on: crate::input::opt_date(&b.given_on, "讲话日期").map_err(WebError::api)?,
        meeting_id: Some(b.meeting_id).filter(|s| !s.is_empty()),
        text: b.text,
        file: None,
    };
    let row = api(app.import_speech(&p, &s).await)?;
    Ok((StatusCode::CREATED, axum::Json(speech_dto(&app, &p, &row.id).await?)))
}

/// A speech with its outline and requirements.
#[utoipa::path(get, path = "/api/v1/speeches/{id}", tag = "办会", responses((status = 200, body = SpeechDto)))]
async fn speech(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
) -> ApiResult<SpeechDto> {
    Ok(axum::Json(speech_dto(&app, &p, &id).await?))
}

#[derive(Deserialize, ToSchema)]
struct PickBody {
    key: String,
    #[serde(default)]
    title: String,
    lead_unit_id: String,
    #[serde(default)]
    co_unit_ids: Vec<String>,
    #[serde(default)]
    owner_name: String,
    /// 2026-12-04 (a working day).
    due: String,
}

#[derive(Deserialize, ToSchema)]
struct PicksBody {
    items: Vec<PickBody>,
    /// once / weekly / monthly / every:N
    #[serde(default)]
    cycle: String,
}

/// Turn requirements into 督办事项 (all or none).
#[utoipa::path(post, path = "/api/v1/speeches/{id}/items", tag = "办会", request_body = PicksBody, responses((status = 200, body = [ItemRef])))]
async fn speech_items(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Path(id): Path<String>,
    Json(b): Json<PicksBody>,
) -> ApiResult<Vec<ItemRef>> {
    let mut picks = Vec::new();
    for x in b.items {
        picks.push(Pick {
            due: crate::input::date(&x.due, "完成时限").map_err(WebError::api)?,
            key: x.key,
            title: x.title,
            lead_unit_id: x.lead_unit_id,
            co_unit_ids: x.co_unit_ids,
            owner_name: x.owner_name,
        });
    }
    let items = api(app.speech_to_items(&p, &id, &picks, cycle(&b.cycle).map_err(WebError::api)?).await)?;
    Ok(axum::Json(items.iter().map(Into::into).collect()))
}

#[derive(Serialize, ToSchema)]
struct UnitLoadDto {
    unit_id: String,
    name: String,
    documents: i64,
    meetings: i64,
    meeting_minutes: i64,
    items: i64,
    reports: i64,
    /// e.g. "会议 13/10（超出上限）"
    flags: Vec<String>,
    over: bool,
}

#[derive(Serialize, ToSchema)]
struct MonthLoadDto {
    month: String,
    documents: i64,
    meetings: i64,
    meeting_minutes: i64,
    items: i64,
    reports: i64,
}

#[derive(Serialize, ToSchema)]
struct SenderDto {
    name: String,
    documents: i64,
    meetings: i64,
    asked: i64,
    items: i64,
}

#[derive(Serialize, ToSchema)]
struct BurdenDto {
    year: i32,
    /// documents, meetings, meeting_hours, items, reports; null: no cap.
    caps: [Option<i64>; 5],
    units: Vec<UnitLoadDto>,
    trend: Vec<MonthLoadDto>,
    senders: Vec<SenderDto>,
}

#[derive(Deserialize, IntoParams)]
struct BurdenQuery {
    year: Option<i32>,
    /// The trend of one unit instead of all.
    unit: Option<String>,
    /// Rank by documents / meetings / meeting_hours / items / reports.
    by: Option<String>,
}

/// 精文简会: each receiving unit's year, by month and by sender, flagged against the caps (office only).
#[utoipa::path(get, path = "/api/v1/burden", tag = "办会", params(BurdenQuery), responses((status = 200, body = BurdenDto), (status = 403, body = ErrorDto)))]
async fn burden(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Query(q): Query<BurdenQuery>,
) -> ApiResult<BurdenDto> {
    let year = q.year.unwrap_or_else(|| app.burden_year());
    let by = q.by.as_deref().and_then(Measure::from_code).unwrap_or(Measure::Documents);
    let b = api(app.burden(&p, year, q.unit.as_deref(), by).await)?;
    Ok(axum::Json(BurdenDto {
        year,
        caps: [b.caps.documents, b.caps.meetings, b.caps.meeting_hours, b.caps.items, b.caps.reports],
        units: b
            .units
            .iter()
            .map(|u| UnitLoadDto {
                unit_id: u.unit_id.clone(),
                name: u.name.clone(),
                documents: u.load.documents,
                meetings: u.load.meetings,
                meeting_minutes: u.load.meeting_minutes,
                items: u.load.items,
                reports: u.load.reports,
                flags: u.flags.iter().map(|f| f.text()).collect(),
                over: u.over(),
            })
            .collect(),
        trend: b
            .trend
            .iter()
            .map(|(m, l)| MonthLoadDto {
                month: m.clone(),
                documents: l.documents,
                meetings: l.meetings,
                meeting_minutes: l.meeting_minutes,
                items: l.items,
                reports: l.reports,
            })
            .collect(),
        senders: b
            .senders
            .iter()
            .map(|s| SenderDto {
                name: s.name.clone(),
                documents: s.documents,
                meetings: s.meetings,
                asked: s.asked,
                items: s.items,
            })
            .collect(),
    }))
}

/// Set a year's caps (办公室主任); audited.
#[utoipa::path(put, path = "/api/v1/burden/caps", tag = "办会", request_body = CapsForm, responses((status = 200, body = BurdenDto), (status = 403, body = ErrorDto)))]
async fn set_caps(
    State(app): State<App>,
    crate::session::Me(p): crate::session::Me,
    Json(f): Json<CapsForm>,
) -> ApiResult<BurdenDto> {
    let (year, caps) = f.caps().map_err(WebError::api)?;
    api(app.set_burden_caps(&p, year, &caps).await)?;
    burden(State(app), crate::session::Me(p), Query(BurdenQuery { year: Some(year), unit: None, by: None })).await
}
