//! 讲话转任务 pages: import a speech (file or pasted text), see its outline and requirements, pick
//! requirements and turn them into 督办事项. A speech with no outline is refused and the text kept
//! in the form.

use super::unit_options;
use crate::error::WebError;
use crate::extract::{page_number, page_offset, Form, Query};
use crate::input::meetings::{cycle, PickForm};
use crate::pages::org::Opt;
use crate::pages::{ctx, Ok_};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use zs_app::meetings::speeches::{default_title, SpeechInput};
use zs_app::{App, AppError, Principal};
use zs_domain::time::format_ms;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/speeches", get(list).post(import))
        .route("/speeches/new", get(new_form))
        .route("/speeches/{id}", get(show))
        .route("/speeches/{id}/items", post(items))
}

const PAGE: i64 = 30;

pub struct SpeechRowView {
    pub id: String,
    pub title: String,
    pub speaker: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "speeches.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<SpeechRowView>,
    total: i64,
    page: i64,
}

#[derive(serde::Deserialize, Default)]
struct PageQuery {
    page: Option<i64>,
}

async fn list(State(app): State<App>, Me(p): Me, Query(q): Query<PageQuery>) -> Result<Response, WebError> {
    let (rows, total) = app.speeches(&p, PAGE, page_offset(q.page, PAGE)).await?;
    Ok(html(&ListPage {
        ctx: ctx(&app, &p, "/meetings", None),
        rows: rows
            .into_iter()
            .map(|r| SpeechRowView { id: r.id, title: r.title, speaker: r.speaker, at: format_ms(r.created_ms) })
            .collect(),
        total,
        page: page_number(q.page),
    }))
}

#[derive(Template)]
#[template(path = "speech_new.html")]
struct NewPage {
    ctx: Ctx,
    title: String,
    speaker: String,
    given_on: String,
    meeting_id: String,
    text: String,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
struct NewQuery {
    meeting: Option<String>,
}

async fn new_form(State(app): State<App>, Me(p): Me, Query(q): Query<NewQuery>) -> Result<Response, WebError> {
    Ok(html(&NewPage {
        ctx: ctx(&app, &p, "/meetings", None),
        title: String::new(),
        speaker: String::new(),
        given_on: String::new(),
        meeting_id: q.meeting.unwrap_or_default(),
        text: String::new(),
        error: None,
    }))
}

/// The form's fields and the file, if one was chosen (pasted text needs none).
async fn read_form(mut m: Multipart) -> Result<(HashMap<String, String>, Option<Vec<u8>>), WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "上传的文件超过大小上限，请缩小文件后再上传。")
        } else {
            WebError::bad_request("提交的内容不完整，请重新提交。")
        }
    };
    let mut fields = HashMap::new();
    let mut file = None;
    while let Some(field) = m.next_field().await.map_err(bad)? {
        match field.name().map(str::to_string) {
            Some(n) if n == "file" => {
                let bytes = field.bytes().await.map_err(bad)?.to_vec();
                if !bytes.is_empty() {
                    file = Some(bytes);
                }
            }
            Some(n) => {
                let v = field.text().await.map_err(bad)?;
                fields.insert(n, v);
            }
            None => {}
        }
    }
    Ok((fields, file))
}

async fn import(State(app): State<App>, Me(p): Me, m: Multipart) -> Result<Response, WebError> {
    let (f, file) = read_form(m).await?;
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let given_on = crate::input::opt_date(&get("given_on"), "讲话日期")?;
    let input = SpeechInput {
        title: get("title"),
        speaker: get("speaker"),
        given_on,
        meeting_id: Some(get("meeting_id")).filter(|s| !s.is_empty()),
        text: get("text"),
        file,
    };
    match app.import_speech(&p, &input).await {
        Ok(s) => Ok(Redirect::to(&format!("/speeches/{}?ok=created", s.id)).into_response()),
        Err(e @ (AppError::Invalid(_) | AppError::File(_))) => {
            // Refused (no outline, unreadable file): the form again with everything typed kept.
            let status = WebError::from(AppError::Invalid(zs_domain::Invalid::new(""))).status;
            let status = if matches!(e, AppError::File(_)) { StatusCode::BAD_REQUEST } else { status };
            let page = NewPage {
                ctx: ctx(&app, &p, "/meetings", None),
                title: input.title,
                speaker: input.speaker,
                given_on: get("given_on"),
                meeting_id: get("meeting_id"),
                text: input.text,
                error: Some(e.to_string()),
            };
            Ok((status, html(&page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub struct ReqView {
    pub key: String,
    pub point: String,
    pub text: String,
    pub title: String,
    pub item_id: String,
}

pub struct PointView {
    pub level: u8,
    pub number: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "speech.html")]
struct SpeechPage {
    ctx: Ctx,
    id: String,
    title: String,
    speaker: String,
    meeting_id: String,
    outline: Vec<PointView>,
    reqs: Vec<ReqView>,
    units: Vec<Opt>,
    suggested_due: String,
    may_assign: bool,
}

fn flatten(points: &[zs_app::meetings::speeches::SpeechPoint], out: &mut Vec<PointView>) {
    for p in points {
        out.push(PointView { level: p.level, number: p.number.clone(), title: p.title.clone() });
        flatten(&p.points, out);
    }
}

fn may_assign(p: &Principal) -> bool {
    p.subject.office_member
        && [zs_domain::Role::MeetingClerk, zs_domain::Role::OfficeDirector, zs_domain::Role::Supervisor]
            .iter()
            .any(|r| p.has(*r))
}

async fn show(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    let v = app.speech(&p, &id).await?;
    let mut outline = Vec::new();
    flatten(&v.points, &mut outline);
    Ok(html(&SpeechPage {
        ctx: ctx(&app, &p, "/meetings", q.ok.as_deref()),
        id: v.speech.id.clone(),
        title: v.speech.title.clone(),
        speaker: v.speech.speaker.clone(),
        meeting_id: v.speech.meeting_id.clone().unwrap_or_default(),
        outline,
        reqs: v
            .requirements
            .iter()
            .map(|r| ReqView {
                key: r.key.clone(),
                point: r.point.clone(),
                text: r.text.clone(),
                title: default_title(&r.text),
                item_id: r.item_id.clone().unwrap_or_default(),
            })
            .collect(),
        units: unit_options(&app, &[]).await?,
        suggested_due: app.calendar().add_working_days(app.today(), 10).to_string(),
        may_assign: may_assign(&p),
    }))
}

async fn items(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<PickForm>,
) -> Result<Response, WebError> {
    let picks = f.picks()?;
    app.speech_to_items(&p, &id, &picks, cycle(&f.cycle)?).await?;
    Ok(Redirect::to(&format!("/speeches/{id}?ok=step")).into_response())
}
