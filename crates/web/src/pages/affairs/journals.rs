//! 期刊 pages: journals and their issues, a new journal or issue, an issue with its items (place, remove), its
//! review and sign-off steps, and its PDF.

use super::{frame, tabs, Opt, Tab};
use crate::error::WebError;
use crate::extract::Form;
use crate::input::affairs::{count, text_or_number, IssueStepInput};
use crate::pages::{done, file_response, Ok_};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use zs_app::affairs::{JournalInput, NewIssue};
use zs_app::App;
use zs_domain::affairs::info as info_rules;
use zs_domain::time::format_date;
use zs_domain::workflow::Label;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/affairs/journals", get(journals).post(create_journal))
        .route("/affairs/issues", post(create_issue))
        .route("/affairs/issues/{id}", get(issue))
        .route("/affairs/issues/{id}/place", post(place))
        .route("/affairs/issues/{id}/remove", post(remove))
        .route("/affairs/issues/{id}/step", post(take_step))
        .route("/affairs/issues/{id}/pdf", get(pdf))
}

pub struct IssueRow {
    pub id: String,
    pub label: String,
    pub title: String,
    pub state: &'static str,
    pub signed: String,
}

#[derive(Template)]
#[template(path = "affairs_journals.html")]
struct JournalsPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    journals: Vec<Opt>,
    issues: Vec<IssueRow>,
    editor: bool,
}

async fn journals(State(app): State<App>, Me(p): Me, Query(q): Query<Ok_>) -> Result<Response, WebError> {
    let journals = app.journals().await?;
    let issues = app.journal_issues(&p, None).await?;
    let name = |id: &str| journals.iter().find(|j| j.id == id).map(|j| j.name.clone()).unwrap_or_default();
    let issues = issues
        .into_iter()
        .map(|s| IssueRow {
            label: format!("《{}》{}", name(&s.journal_id), s.label()),
            title: s.title.clone(),
            state: s.state.label(),
            signed: s.sign_off.as_ref().map(|o| format!("{} {}", o.name, format_date(o.date))).unwrap_or_default(),
            id: s.id,
        })
        .collect();
    Ok(html(&JournalsPage {
        ctx: frame(&app, &p, q.ok.as_deref()),
        tabs: tabs(&p, "/affairs/journals"),
        journals: journals
            .iter()
            .filter(|j| j.active)
            .map(|j| Opt { value: j.id.clone(), label: j.name.clone(), selected: false })
            .collect(),
        issues,
        editor: info_rules::is_editor(&p.user.roles),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JournalForm {
    name: String,
    mark: String,
    editor: String,
    distribution: String,
    #[serde(deserialize_with = "text_or_number")]
    points: String,
}

async fn create_journal(State(app): State<App>, Me(p): Me, Form(f): Form<JournalForm>) -> Result<Response, WebError> {
    let input = JournalInput {
        name: f.name,
        mark: f.mark,
        editor: f.editor,
        distribution: f.distribution,
        points: count(&f.points, "分值")?,
    };
    app.create_journal(&p, &input).await?;
    Ok(done("/affairs/journals", "created"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct IssueForm {
    pub journal_id: String,
    #[serde(deserialize_with = "text_or_number")]
    pub no: String,
    pub title: String,
}

impl IssueForm {
    pub fn issue(self) -> Result<NewIssue, WebError> {
        let no = if self.no.trim().is_empty() { None } else { Some(count(&self.no, "期号")?) };
        Ok(NewIssue { journal_id: self.journal_id, no, title: self.title, ..Default::default() })
    }
}

async fn create_issue(State(app): State<App>, Me(p): Me, Form(f): Form<IssueForm>) -> Result<Response, WebError> {
    let issue = app.create_issue(&p, &f.issue()?).await?;
    Ok(done(&format!("/affairs/issues/{}", issue.id), "created"))
}

pub struct EntryView {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub category: &'static str,
    pub state: &'static str,
}

pub struct ActView {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "affairs_issue.html")]
struct IssuePage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    id: String,
    label: String,
    title: String,
    state: &'static str,
    note: String,
    distribution: String,
    sign_off: String,
    items: Vec<EntryView>,
    candidates: Vec<EntryView>,
    actions: Vec<ActView>,
    may_edit: bool,
}

fn entry(i: &zs_domain::affairs::info::InfoItem, unit: &str) -> EntryView {
    EntryView {
        id: i.id.clone(),
        title: i.title.clone(),
        unit: unit.to_string(),
        category: i.category.label(),
        state: i.state.label(),
    }
}

async fn issue(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    let v = app.journal_issue(&p, &id).await?;
    Ok(html(&IssuePage {
        ctx: frame(&app, &p, q.ok.as_deref()),
        tabs: tabs(&p, "/affairs/journals"),
        id: v.issue.id.clone(),
        label: format!("《{}》{}", v.journal.name, v.issue.label()),
        title: v.issue.title.clone(),
        state: v.issue.state.label(),
        note: v.issue.note.clone(),
        distribution: v.issue.distribution.clone(),
        sign_off: v
            .issue
            .sign_off
            .as_ref()
            .map(|s| {
                format!(
                    "{}签发（{}）{}",
                    s.name,
                    format_date(s.date),
                    if s.opinion.is_empty() { String::new() } else { format!("：{}", s.opinion) }
                )
            })
            .unwrap_or_default(),
        items: v.items.iter().map(|(i, u)| entry(i, u)).collect(),
        candidates: v.candidates.iter().map(|(i, u)| entry(i, u)).collect(),
        actions: v.actions.iter().map(|a| ActView { code: a.code(), label: a.label() }).collect(),
        may_edit: v.may_edit,
    }))
}

#[derive(Deserialize)]
struct ItemForm {
    #[serde(default)]
    item_id: String,
}

async fn place(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<ItemForm>,
) -> Result<Response, WebError> {
    app.place_item(&p, &id, &f.item_id).await?;
    Ok(done(&format!("/affairs/issues/{id}"), "saved"))
}

async fn remove(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<ItemForm>,
) -> Result<Response, WebError> {
    app.remove_item(&p, &id, &f.item_id).await?;
    Ok(done(&format!("/affairs/issues/{id}"), "saved"))
}

async fn take_step(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<IssueStepInput>,
) -> Result<Response, WebError> {
    app.step_issue(&p, &id, f.step()?).await?;
    Ok(done(&format!("/affairs/issues/{id}"), "step"))
}

async fn pdf(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let (bytes, name) = app.issue_pdf(&p, &id).await?;
    Ok(file_response(bytes, &name, "application/pdf"))
}
