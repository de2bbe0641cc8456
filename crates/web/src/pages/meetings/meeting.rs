//! A meeting's pages: the list, the form (new and edit, re-shown with the reason and the room's free
//! periods when refused), the meeting page with the actions the flow allows, and one handler per
//! kind of change (step, 回执, agenda, materials, decisions).

use super::unit_options;
use crate::error::WebError;
use crate::extract::{page_number, page_offset, Form, Query};
use crate::input::meetings::{cycle, AgendaForm, DecisionForm, MeetingForm, RsvpForm};
use crate::pages::org::Opt;
use crate::pages::{ctx, file_response, Ok_};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use zs_app::meetings::{may_organize, MeetingFilter, MeetingView, Turnout};
use zs_app::{App, AppError, Principal};
use zs_domain::meeting::{hm, rsvp_counts, Answer, AttendRole, MeetAct, Meeting, MeetingKind, MeetingState};
use zs_domain::time::{format_date, format_ms, local, local_date};
use zs_domain::workflow::Label;
use zs_domain::{decide, Action};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/meetings", get(list).post(create))
        .route("/meetings/new", get(new_form))
        .route("/meetings/{id}", get(show))
        .route("/meetings/{id}/edit", get(edit_form).post(edit))
        .route("/meetings/{id}/step", post(take_step))
        .route("/meetings/{id}/rsvp", post(rsvp))
        .route("/meetings/{id}/agenda", post(add_agenda))
        .route("/meetings/{id}/agenda/{agenda_id}/delete", post(delete_agenda))
        .route("/meetings/{id}/files", post(upload))
        .route("/meetings/{id}/files/{file_id}", get(download))
        .route("/meetings/{id}/decisions", post(add_decision))
        .route("/meetings/{id}/decisions/{decision_id}/delete", post(delete_decision))
        .route("/meetings/{id}/notice.pdf", get(notice_pdf))
}

const PAGE: i64 = 30;

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    /// upcoming (default), past, all
    when: Option<String>,
    state: Option<String>,
    page: Option<i64>,
    ok: Option<String>,
}

pub struct Row {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub when: String,
    pub place: String,
    pub state: &'static str,
    pub state_code: &'static str,
}

fn row(m: &Meeting) -> Row {
    Row {
        id: m.id.clone(),
        title: m.title.clone(),
        kind: m.kind.label(),
        when: m.when(),
        place: m.place.clone(),
        state: m.state.label(),
        state_code: m.state.code(),
    }
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    when: String,
    q: String,
    organizer: bool,
    burden: bool,
    speeches: bool,
}

async fn list(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let when = q.when.clone().unwrap_or_else(|| "upcoming".into());
    let today = zs_domain::time::day_start_ms(app.today());
    let f = MeetingFilter {
        states: q.state.as_deref().and_then(MeetingState::from_code).into_iter().collect(),
        from_ms: (when == "upcoming").then_some(today),
        to_ms: (when == "past").then_some(today),
        text: q.q.clone(),
        ascending: when == "upcoming",
        limit: PAGE,
        offset: page_offset(q.page, PAGE),
        ..Default::default()
    };
    let (meetings, total) = app.meetings(&p, &f).await?;
    Ok(html(&ListPage {
        ctx: ctx(&app, &p, "/meetings", q.ok.as_deref()),
        rows: meetings.iter().map(row).collect(),
        total,
        page: page_number(q.page),
        pages: ((total + PAGE - 1) / PAGE).max(1),
        when,
        q: q.q.unwrap_or_default(),
        organizer: may_organize(&p),
        burden: decide(&p.subject, &Action::ViewBurden).allowed(),
        speeches: p.subject.office_member,
    }))
}

/// The form, new or edit, with what was typed.
#[derive(Template)]
#[template(path = "meeting_form.html")]
struct FormPage {
    ctx: Ctx,
    /// Empty for a new meeting.
    id: String,
    f: MeetingForm,
    error: Option<String>,
    /// The chosen room's free periods that day, when the booking was refused.
    free: Vec<String>,
    kinds: Vec<Opt>,
    rooms: Vec<Opt>,
    chairs: Vec<Opt>,
    present_people: Vec<Opt>,
    attending_people: Vec<Opt>,
    present_units: Vec<Opt>,
    attending_units: Vec<Opt>,
}

async fn form_page(
    app: &App,
    p: &Principal,
    id: &str,
    f: MeetingForm,
    error: Option<String>,
    free: Vec<String>,
) -> Result<FormPage, WebError> {
    let people = app.meeting_people().await?;
    let opts = |chosen: &[String]| -> Vec<Opt> {
        people
            .iter()
            .map(|x| Opt {
                value: x.id.clone(),
                label: format!(
                    "{}（{}{}）",
                    x.name,
                    x.unit_name,
                    if x.position.is_empty() { String::new() } else { format!("，{}", x.position) }
                ),
                selected: chosen.contains(&x.id),
            })
            .collect()
    };
    let leaders = app.meeting_chairs().await?;
    let rooms = app.rooms(false).await?;
    Ok(FormPage {
        ctx: ctx(app, p, "/meetings", None),
        id: id.into(),
        kinds: MeetingKind::ALL
            .iter()
            .map(|k| Opt { value: k.code().into(), label: k.label().into(), selected: f.kind == k.code() })
            .collect(),
        rooms: rooms
            .iter()
            .map(|r| Opt {
                value: r.id.clone(),
                label: format!(
                    "{}（{}人{}）",
                    r.name,
                    r.capacity,
                    if r.equipment.is_empty() { String::new() } else { format!("，{}", r.equipment.join("、")) }
                ),
                selected: f.room_id == r.id,
            })
            .collect(),
        chairs: leaders
            .iter()
            .map(|x| Opt {
                value: x.id.clone(),
                label: format!("{}（{}）", x.name, x.position),
                selected: f.chair_id == x.id,
            })
            .collect(),
        present_people: opts(&f.present_user_id),
        attending_people: opts(&f.attending_user_id),
        present_units: unit_options(app, &f.present_unit_id).await?,
        attending_units: unit_options(app, &f.attending_unit_id).await?,
        f,
        error,
        free,
    })
}

async fn new_form(State(app): State<App>, Me(p): Me) -> Result<Response, WebError> {
    if !may_organize(&p) {
        return Err(WebError::new(StatusCode::FORBIDDEN, "只有会务人员或办公室主任可以安排会议。"));
    }
    let cal = app.calendar();
    let day = cal.add_working_days(app.today(), 2);
    let organ = app.unit_tree().await?.into_iter().find(|n| n.unit.id == p.organ_id).map(|n| n.unit.name);
    let f = MeetingForm {
        kind: "topical".into(),
        date: day.to_string(),
        start: "09:00".into(),
        end: "11:00".into(),
        rsvp_due: format!("{}T17:00", cal.add_working_days(day, -1)),
        host: organ.unwrap_or_default(),
        ..Default::default()
    };
    Ok(html(&form_page(&app, &p, "", f, None, Vec::new()).await?))
}

/// A refused booking or bad field: the form again with the reason, and the free periods of the day
/// when the room was taken. Other failures are error pages.
async fn refused(app: &App, p: &Principal, id: &str, f: MeetingForm, e: AppError) -> Result<Response, WebError> {
    let status = match &e {
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        _ => return Err(e.into()),
    };
    let free = match (&e, f.room_id.is_empty(), zs_domain::time::parse_date(&f.date)) {
        (AppError::Conflict(_), false, Some(day)) => {
            let minutes = f.input(app.clock_ms()).map(|m| (m.end_ms - m.start_ms) / 60_000).unwrap_or(60);
            let s = app.room_day(&f.room_id, day, minutes).await?;
            s.free.iter().map(|(a, b)| format!("{}—{}", hm(*a), hm(*b))).collect()
        }
        _ => Vec::new(),
    };
    let page = form_page(app, p, id, f, Some(e.to_string()), free).await?;
    Ok((status, html(&page)).into_response())
}

fn bad_input(e: WebError) -> AppError {
    AppError::Invalid(zs_domain::Invalid::new(e.message))
}

async fn create(State(app): State<App>, Me(p): Me, Form(f): Form<MeetingForm>) -> Result<Response, WebError> {
    let input = match f.input(app.clock_ms()) {
        Ok(i) => i,
        Err(e) => return refused(&app, &p, "", f, bad_input(e)).await,
    };
    match app.create_meeting(&p, &input).await {
        Ok(m) => Ok(Redirect::to(&format!("/meetings/{}?ok=created", m.id)).into_response()),
        Err(e) => refused(&app, &p, "", f, e).await,
    }
}

/// The form's fields from a stored meeting.
fn form_of(v: &MeetingView) -> MeetingForm {
    let m = &v.meeting;
    let (s, e) = (local(m.start_ms), local(m.end_ms));
    let ids = |role: AttendRole, person: bool| -> Vec<String> {
        v.invitees
            .iter()
            .filter(|i| i.role == role && i.is_unit() != person)
            .map(|i| if person { i.user_id.clone().unwrap_or_default() } else { i.unit_id.clone() })
            .collect()
    };
    MeetingForm {
        kind: m.kind.code().into(),
        title: m.title.clone(),
        host: m.host.clone(),
        room_id: m.room_id.clone().unwrap_or_default(),
        place: if m.room_id.is_some() { String::new() } else { m.place.clone() },
        date: s.date_naive().to_string(),
        start: s.format("%H:%M").to_string(),
        end: e.format("%H:%M").to_string(),
        rsvp_due: local(m.rsvp_due_ms).format("%Y-%m-%dT%H:%M").to_string(),
        chair_id: m.chair_id.clone().unwrap_or_default(),
        requirements: m.requirements.clone(),
        contact: m.contact.clone(),
        present_user_id: ids(AttendRole::Present, true),
        present_unit_id: ids(AttendRole::Present, false),
        attending_user_id: ids(AttendRole::Attending, true),
        attending_unit_id: ids(AttendRole::Attending, false),
        agenda_text: String::new(),
        updated_ms: m.updated_ms,
    }
}

async fn edit_form(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let v = app.meeting(&p, &id).await?;
    if !v.actions.contains(&MeetAct::Edit) {
        return Err(WebError::new(
            StatusCode::CONFLICT,
            format!("会议当前状态为“{}”，不能修改。", v.meeting.state.label()),
        ));
    }
    Ok(html(&form_page(&app, &p, &id, form_of(&v), None, Vec::new()).await?))
}

async fn edit(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<MeetingForm>,
) -> Result<Response, WebError> {
    let input = match f.input(app.clock_ms()) {
        Ok(i) => i,
        Err(e) => return refused(&app, &p, &id, f, bad_input(e)).await,
    };
    match app.edit_meeting(&p, &id, &input, f.updated_ms).await {
        Ok(m) => Ok(Redirect::to(&format!("/meetings/{}?ok=saved", m.id)).into_response()),
        Err(e) => refused(&app, &p, &id, f, e).await,
    }
}

pub struct InviteeView {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub role: &'static str,
    pub answer: &'static str,
    pub answer_code: &'static str,
    pub detail: String,
    pub presence: &'static str,
    pub presence_code: &'static str,
    pub checked_in: String,
    pub answerable: bool,
    pub is_unit: bool,
    pub urged: i64,
}

pub struct FileView {
    pub id: String,
    pub name: String,
    pub size: String,
}

pub struct AgendaView {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub reporter: String,
    pub files: Vec<FileView>,
}

pub struct DecisionView {
    pub id: String,
    pub text: String,
    pub lead: String,
    pub co: String,
    pub owner: String,
    pub due: String,
    pub item_id: String,
}

/// What the flow lets the viewer do now, one flag per action (templates test flags).
pub struct Can {
    pub edit: bool,
    pub notify: bool,
    pub rsvp: bool,
    pub urge: bool,
    pub close: bool,
    pub minutes: bool,
    pub decide: bool,
    pub track: bool,
    pub cancel: bool,
}

impl Can {
    fn of(actions: &[MeetAct]) -> Can {
        let has = |a| actions.contains(&a);
        Can {
            edit: has(MeetAct::Edit),
            notify: has(MeetAct::Notify),
            rsvp: has(MeetAct::Rsvp),
            urge: has(MeetAct::Urge),
            close: has(MeetAct::Close),
            minutes: has(MeetAct::Minutes),
            decide: has(MeetAct::Decide),
            track: has(MeetAct::Track),
            cancel: has(MeetAct::Cancel),
        }
    }
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    ctx: Ctx,
    id: String,
    title: String,
    kind: &'static str,
    state: &'static str,
    state_code: &'static str,
    when: String,
    place: String,
    room: String,
    chair: String,
    host: String,
    contact: String,
    requirements: String,
    rsvp_due: String,
    rsvp_open: bool,
    notice_sent: String,
    cancel_reason: String,
    counts: (usize, usize, usize, usize),
    turnout: Turnout,
    invitees: Vec<InviteeView>,
    agenda: Vec<AgendaView>,
    files: Vec<FileView>,
    decisions: Vec<DecisionView>,
    organizer: bool,
    /// May import a leader's speech at this meeting (the office's 会务).
    speech_link: bool,
    chair_or_organizer: bool,
    can: Can,
    seat: bool,
    minutes_doc_id: String,
    minutes_state: String,
    units: Vec<Opt>,
    agenda_opts: Vec<Opt>,
    suggested_due: String,
    today: String,
}

fn size(n: i64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MB", n as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", (n + 1023) / 1024)
    }
}

async fn show(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    let v = app.meeting(&p, &id).await?;
    let now = app.clock_ms();
    let m = &v.meeting;
    let file = |f: &zs_app::meetings::FileRow| FileView { id: f.id.clone(), name: f.name.clone(), size: size(f.size) };
    let invitees = v
        .invitees
        .iter()
        .map(|i| {
            let (answer, answer_code, detail) = match &i.rsvp {
                None => ("未回执", "none", String::new()),
                Some(r) => (
                    r.answer.label(),
                    r.answer.code(),
                    match r.answer {
                        Answer::Leave => r.reason.clone(),
                        _ if r.name.is_empty() => String::new(),
                        _ if r.post.is_empty() => r.name.clone(),
                        _ => format!("{}，{}", r.name, r.post),
                    },
                ),
            };
            InviteeView {
                id: i.id.clone(),
                name: if i.post.is_empty() { i.name.clone() } else { format!("{}（{}）", i.name, i.post) },
                unit: if i.is_unit() { "单位".into() } else { v.unit_name(&i.unit_id) },
                role: i.role.label(),
                answer,
                answer_code,
                detail,
                presence: i.presence().label(),
                presence_code: i.presence().code(),
                checked_in: i
                    .checked_in_ms
                    .map(|t| format!("{} {}", hm(t), if i.checkin_name.is_empty() { "" } else { &i.checkin_name }))
                    .unwrap_or_default(),
                answerable: v.answerable.contains(&i.id),
                is_unit: i.is_unit(),
                urged: i.urge_count,
            }
        })
        .collect();
    let agenda = v
        .agenda
        .iter()
        .map(|a| AgendaView {
            id: a.id.clone(),
            title: a.title.clone(),
            unit: a.unit_id.as_deref().map(|u| v.unit_name(u)).unwrap_or_default(),
            reporter: a.reporter.clone(),
            files: v.files.iter().filter(|f| f.agenda_id.as_deref() == Some(a.id.as_str())).map(file).collect(),
        })
        .collect();
    let decisions = v
        .decisions
        .iter()
        .map(|d| DecisionView {
            id: d.id.clone(),
            text: d.text.clone(),
            lead: v.unit_name(&d.lead_unit_id),
            co: d.co_unit_ids.iter().map(|u| v.unit_name(u)).collect::<Vec<_>>().join("、"),
            owner: d.owner_name.clone(),
            due: format_date(d.due),
            item_id: d.item_id.clone().unwrap_or_default(),
        })
        .collect();
    let organizer = v.parties.contains(&zs_domain::meeting::MeetParty::Organizer);
    let chair = v.parties.contains(&zs_domain::meeting::MeetParty::Chair);
    let cal = app.calendar();
    let page = MeetingPage {
        ctx: ctx(&app, &p, "/meetings", q.ok.as_deref()),
        id: m.id.clone(),
        title: m.title.clone(),
        kind: m.kind.label(),
        state: m.state.label(),
        state_code: m.state.code(),
        when: m.when(),
        place: m.place.clone(),
        room: v
            .room
            .as_ref()
            .map(|r| {
                format!(
                    "容纳{}人；设备：{}",
                    r.capacity,
                    if r.equipment.is_empty() { "—".into() } else { r.equipment.join("、") }
                )
            })
            .unwrap_or_default(),
        chair: m.chair_name.clone(),
        host: m.host.clone(),
        contact: m.contact.clone(),
        requirements: m.requirements.clone(),
        rsvp_due: format_ms(m.rsvp_due_ms),
        rsvp_open: now <= m.rsvp_due_ms,
        notice_sent: m.notice_sent_ms.map(format_ms).unwrap_or_default(),
        cancel_reason: m.cancel_reason.clone(),
        counts: rsvp_counts(&v.invitees),
        turnout: Turnout::of(&v.invitees),
        invitees,
        agenda,
        files: v.files.iter().filter(|f| f.agenda_id.is_none()).map(file).collect(),
        decisions,
        organizer,
        speech_link: organizer && p.subject.office_member,
        chair_or_organizer: organizer || chair,
        can: Can::of(&v.actions),
        seat: v.seat.is_some() && v.actions.contains(&MeetAct::CheckIn),
        minutes_doc_id: m.minutes_doc_id.clone().unwrap_or_default(),
        minutes_state: v.minutes_state.map(|s| s.label().to_string()).unwrap_or_default(),
        units: unit_options(&app, &[]).await?,
        agenda_opts: v
            .agenda
            .iter()
            .map(|a| Opt { value: a.id.clone(), label: a.title.clone(), selected: false })
            .collect(),
        suggested_due: cal.add_working_days(app.today(), 10).to_string(),
        today: local_date(now).to_string(),
    };
    Ok(html(&page))
}

/// Every step of the flow that is a plain button: `act` names it.
#[derive(Deserialize)]
struct StepForm {
    act: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    cycle: String,
}

async fn take_step(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<StepForm>,
) -> Result<Response, WebError> {
    let back = |code: &str| Redirect::to(&format!("/meetings/{id}?ok={code}")).into_response();
    Ok(match f.act.as_str() {
        "notify" => {
            app.send_notice(&p, &id).await?;
            back("step")
        }
        "urge" => {
            app.urge_rsvp(&p, &id).await?;
            back("step")
        }
        "close" => {
            app.close_meeting(&p, &id).await?;
            back("step")
        }
        "cancel" => {
            app.cancel_meeting(&p, &id, &f.reason).await?;
            back("step")
        }
        "minutes" => {
            let doc = app.draft_minutes(&p, &id).await?;
            Redirect::to(&format!("/documents/{}?ok=created", doc.id)).into_response()
        }
        "track" => {
            app.track_decisions(&p, &id, cycle(&f.cycle)?).await?;
            back("step")
        }
        other => return Err(WebError::bad_request(format!("未知的操作“{other}”。"))),
    })
}

async fn rsvp(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<RsvpForm>,
) -> Result<Response, WebError> {
    app.answer_rsvp(&p, &id, &f.invitee_id, &f.rsvp()?).await?;
    Ok(Redirect::to(&format!("/meetings/{id}?ok=saved")).into_response())
}

async fn add_agenda(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<AgendaForm>,
) -> Result<Response, WebError> {
    app.add_agenda(&p, &id, &f.input()).await?;
    Ok(Redirect::to(&format!("/meetings/{id}?ok=saved")).into_response())
}

async fn delete_agenda(
    State(app): State<App>,
    Me(p): Me,
    Path((id, agenda_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    app.delete_agenda(&p, &id, &agenda_id).await?;
    Ok(Redirect::to(&format!("/meetings/{id}?ok=saved")).into_response())
}

async fn upload(State(app): State<App>, Me(p): Me, Path(id): Path<String>, m: Multipart) -> Result<Response, WebError> {
    let u = crate::extract::read_upload(m, "会议材料").await?;
    let agenda = u.field("agenda_id").to_string();
    app.add_material(&p, &id, Some(agenda.as_str()), &u.file_name, &u.file).await?;
    Ok(Redirect::to(&format!("/meetings/{id}?ok=saved")).into_response())
}

async fn download(
    State(app): State<App>,
    Me(p): Me,
    Path((id, file_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (f, bytes) = app.meeting_file(&p, &id, &file_id).await?;
    Ok(file_response(bytes, &f.name, &f.mime))
}

async fn add_decision(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, WebError> {
    app.add_decision(&p, &id, &f.input()?).await?;
    Ok(Redirect::to(&format!("/meetings/{id}?ok=saved#decisions")).into_response())
}

async fn delete_decision(
    State(app): State<App>,
    Me(p): Me,
    Path((id, decision_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    app.delete_decision(&p, &id, &decision_id).await?;
    Ok(Redirect::to(&format!("/meetings/{id}?ok=saved#decisions")).into_response())
}

async fn notice_pdf(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let (bytes, name) = app.notice_pdf(&p, &id).await?;
    Ok(file_response(bytes, &name, "application/pdf"))
}
