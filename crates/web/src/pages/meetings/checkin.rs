//! 签到 pages: the door screen (QR code and six digits, refreshed by htmx before each code
//! expires), the attendee's sign-in reached by scanning, the clerk's sign-in, and the live list.

use super::qr;
use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::pages::ctx;
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use zs_app::meetings::Turnout;
use zs_app::App;
use zs_domain::meeting::{hm, Presence};
use zs_domain::workflow::Label;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/meetings/{id}/door", get(door))
        .route("/meetings/{id}/door/code", get(door_code))
        .route("/meetings/{id}/checkin", get(landing).post(check_in))
        .route("/meetings/{id}/checkin/{invitee_id}", post(clerk_check_in))
        .route("/meetings/{id}/attendance", get(attendance))
        .route("/meetings/{id}/attendance/live", get(attendance_live))
}

/// The code as the door screen shows it.
#[derive(Template)]
#[template(path = "meeting_door_code.html")]
struct DoorCode {
    id: String,
    svg: String,
    code: String,
    until: String,
}

async fn code_fragment(app: &App, p: &zs_app::Principal, id: &str) -> Result<DoorCode, WebError> {
    let c = app.checkin_code(p, id).await?;
    let url = format!("{}{}", app.config.notify.base_url.trim_end_matches('/'), c.path);
    let svg = qr::svg(&url, 320).ok_or_else(|| WebError::bad_request("签到地址过长，无法生成二维码。"))?;
    Ok(DoorCode { id: id.into(), svg, code: c.code, until: hm(c.next_ms) })
}

/// A fragment rendered for inclusion in a page (the page shows it as is).
fn fragment<T: Template>(t: &T) -> Result<String, WebError> {
    t.render().map_err(|e| {
        tracing::error!(error = %e, "template failed");
        WebError::new(axum::http::StatusCode::INTERNAL_SERVER_ERROR, "页面生成失败，请联系系统管理员。")
    })
}

#[derive(Template)]
#[template(path = "meeting_door.html")]
struct DoorPage {
    ctx: Ctx,
    title: String,
    when: String,
    place: String,
    code: String,
}

async fn door(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let code = code_fragment(&app, &p, &id).await?;
    let v = app.meeting(&p, &id).await?;
    Ok(html(&DoorPage {
        ctx: ctx(&app, &p, "/meetings", None),
        title: v.meeting.title.clone(),
        when: v.meeting.when(),
        place: v.meeting.place.clone(),
        code: fragment(&code)?,
    }))
}

async fn door_code(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    Ok(html(&code_fragment(&app, &p, &id).await?))
}

#[derive(Deserialize, Default)]
struct CodeQuery {
    code: Option<String>,
}

#[derive(Template)]
#[template(path = "meeting_checkin.html")]
struct CheckInPage {
    ctx: Ctx,
    id: String,
    title: String,
    when: String,
    place: String,
    code: String,
    done: String,
    error: String,
}

/// Where the QR code leads: the meeting and one button, so scanning alone changes nothing.
async fn landing(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<CodeQuery>,
) -> Result<Response, WebError> {
    let v = app.meeting(&p, &id).await?;
    Ok(html(&CheckInPage {
        ctx: ctx(&app, &p, "/meetings", None),
        id,
        title: v.meeting.title.clone(),
        when: v.meeting.when(),
        place: v.meeting.place.clone(),
        code: q.code.unwrap_or_default().chars().filter(char::is_ascii_digit).take(6).collect(),
        done: String::new(),
        error: String::new(),
    }))
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    code: String,
}

async fn check_in(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    let v = app.meeting(&p, &id).await?;
    let (done, error, status) = match app.check_in_with_code(&p, &id, &f.code).await {
        Ok(seat) => (
            format!("签到成功：{}，{}。", seat.checkin_name, hm(seat.checked_in_ms.unwrap_or_default())),
            String::new(),
            None,
        ),
        Err(e) => {
            let w = WebError::from(e);
            (String::new(), w.message.clone(), Some(w.status))
        }
    };
    let page = CheckInPage {
        ctx: ctx(&app, &p, "/meetings", None),
        id,
        title: v.meeting.title.clone(),
        when: v.meeting.when(),
        place: v.meeting.place.clone(),
        code: String::new(),
        done,
        error,
    };
    Ok(match status {
        Some(s) => (s, html(&page)).into_response(),
        None => html(&page),
    })
}

#[derive(Deserialize)]
struct ClerkForm {
    #[serde(default)]
    name: String,
}

async fn clerk_check_in(
    State(app): State<App>,
    Me(p): Me,
    Path((id, invitee_id)): Path<(String, String)>,
    Form(f): Form<ClerkForm>,
) -> Result<Response, WebError> {
    app.check_in_by_clerk(&p, &id, &invitee_id, &f.name).await?;
    Ok(Redirect::to(&format!("/meetings/{id}/attendance?ok=saved")).into_response())
}

pub struct Line {
    pub id: String,
    pub name: String,
    pub role: &'static str,
    pub presence: &'static str,
    pub presence_code: &'static str,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "meeting_attendance_live.html")]
struct Live {
    id: String,
    csrf: String,
    lines: Vec<Line>,
    turnout: Turnout,
    organizer: bool,
    open: bool,
}

async fn live(app: &App, p: &zs_app::Principal, id: &str) -> Result<(Live, String), WebError> {
    let (m, invitees, turnout) = app.attendance(p, id).await?;
    let organizer = zs_app::meetings::may_organize(p) && p.organ_id == m.organizer_unit_id;
    let mut lines: Vec<Line> = invitees
        .iter()
        .map(|i| Line {
            id: i.id.clone(),
            name: if i.post.is_empty() { i.name.clone() } else { format!("{}（{}）", i.name, i.post) },
            role: i.role.label(),
            presence: i.presence().label(),
            presence_code: i.presence().code(),
            detail: match i.presence() {
                Presence::Present => format!("{} {}", hm(i.checked_in_ms.unwrap_or_default()), i.checkin_name),
                Presence::OnLeave => i.rsvp.as_ref().map(|r| r.reason.clone()).unwrap_or_default(),
                Presence::Absent => i
                    .rsvp
                    .as_ref()
                    .filter(|r| !r.name.is_empty())
                    .map(|r| format!("回执：{}", r.name))
                    .unwrap_or_default(),
            },
        })
        .collect();
    // Those still expected first: that is who the clerk looks for.
    lines.sort_by_key(|l| match l.presence_code {
        "absent" => 0,
        "on_leave" => 1,
        _ => 2,
    });
    let title = m.title.clone();
    let open = m.state == zs_domain::meeting::MeetingState::Noticed;
    Ok((
        Live {
            id: id.into(),
            csrf: p.session.as_ref().map(|s| s.csrf.clone()).unwrap_or_default(),
            lines,
            turnout,
            organizer,
            open,
        },
        title,
    ))
}

#[derive(Template)]
#[template(path = "meeting_attendance.html")]
struct AttendancePage {
    ctx: Ctx,
    id: String,
    title: String,
    live: String,
}

async fn attendance(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<crate::pages::Ok_>,
) -> Result<Response, WebError> {
    let (live, title) = live(&app, &p, &id).await?;
    Ok(html(&AttendancePage { ctx: ctx(&app, &p, "/meetings", q.ok.as_deref()), id, title, live: fragment(&live)? }))
}

async fn attendance_live(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    Ok(html(&live(&app, &p, &id).await?.0))
}
