//! 督查督办 pages: the list (matters for the office, own parts for a unit), 立项, an item with its
//! actions, one handler for every step, the warning board and the ledger export.

use super::org::Opt;
use super::{ctx, download};
use crate::error::WebError;
use crate::extract::{page_number, page_offset, Form, Query};
use crate::input::tracking::{ItemInput, ItemStepInput};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use zs_app::tracking::{warning_label, Board, ItemRow};
use zs_app::{App, ItemFilter};
use zs_domain::time::{format_date, format_ms};
use zs_domain::tracking::{Act, Category, Kind, State as ItemState};
use zs_domain::workflow::Label;
use zs_domain::Role;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/tracking", get(list).post(create))
        .route("/tracking/new", get(new_form))
        .route("/tracking/board", get(board))
        .route("/tracking/stats", get(stats))
        .route("/tracking/bulletin", post(bulletin))
        .route("/tracking/export.xlsx", get(export))
        .route("/tracking/{id}", get(item))
        .route("/tracking/{id}/step", post(take_step))
        .route("/tracking/{id}/files/{file_id}", get(download_file))
}

const PAGE: i64 = 50;

#[derive(Deserialize, Default, Clone)]
struct ListQuery {
    q: Option<String>,
    kind: Option<String>,
    state: Option<String>,
    unit: Option<String>,
    source: Option<String>,
    warned: Option<String>,
    extension: Option<String>,
    open: Option<String>,
    page: Option<i64>,
}

impl ListQuery {
    fn filter(&self) -> ItemFilter {
        ItemFilter {
            kind: self.kind.as_deref().and_then(Kind::from_code),
            states: self.state.as_deref().and_then(ItemState::from_code).into_iter().collect(),
            open_only: self.open.is_some(),
            unit_id: self.unit.clone().filter(|s| !s.is_empty()),
            source_title: self.source.clone().filter(|s| !s.is_empty()),
            text: self.q.clone(),
            warned: self.warned.is_some(),
            pending_extension: self.extension.is_some(),
            limit: PAGE,
            offset: page_offset(self.page, PAGE),
            ..Default::default()
        }
    }
    fn keep(&self) -> String {
        crate::extract::query_string(&[
            ("q", &self.q),
            ("kind", &self.kind),
            ("state", &self.state),
            ("unit", &self.unit),
            ("source", &self.source),
            ("warned", &self.warned),
            ("extension", &self.extension),
            ("open", &self.open),
        ])
    }
}

/// A row as the list and the item page show it.
pub struct RowView {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub source: String,
    pub lead: String,
    pub co: String,
    pub owner: String,
    pub due: String,
    pub progress: i64,
    pub state: &'static str,
    pub warning: &'static str,
    pub warning_class: &'static str,
}

/// The page of the record a matter came from, or "" when it has none.
fn source_href(kind: &str, id: &str, title: &str) -> String {
    match kind {
        _ if id.is_empty() && kind != zs_app::ledger::SOURCE_KIND => String::new(),
        "meeting" => format!("/meetings/{id}"),
        "speech" => format!("/speeches/{id}"),
        "document" => format!("/documents/{id}"),
        k if k == zs_app::ledger::SOURCE_KIND => format!("/ledgers/{}", crate::extract::url_encode(title)),
        _ => String::new(),
    }
}

fn row_view(r: &ItemRow) -> RowView {
    RowView {
        id: r.item.id.clone(),
        title: r.item.title.clone(),
        kind: r.item.kind.label(),
        source: r.item.source_title.clone(),
        lead: r.lead.clone(),
        co: r.co.join("、"),
        owner: r.item.owner_name.clone(),
        due: format_date(r.item.due),
        progress: r.item.progress,
        state: r.item.state.label(),
        warning: warning_label(&r.item),
        warning_class: r.item.warning.map(|w| w.code()).unwrap_or("none"),
    }
}

fn options<T: Copy + Label>(all: &[T], code: fn(T) -> &'static str, selected: Option<&str>) -> Vec<Opt> {
    all.iter()
        .map(|v| Opt { value: code(*v).into(), label: v.label().into(), selected: selected == Some(code(*v)) })
        .collect()
}

#[derive(Template)]
#[template(path = "tracking_list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<RowView>,
    total: i64,
    page: i64,
    pages: i64,
    keep: String,
    q: String,
    kinds: Vec<Opt>,
    states: Vec<Opt>,
    sources: Vec<Opt>,
    office: bool,
    may_assign: bool,
    today: String,
}

async fn list(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let (rows, total) = app.item_rows(&p, q.filter()).await?;
    let sources = app.item_sources().await?;
    Ok(html(&ListPage {
        ctx: ctx(&app, &p, "/tracking", None),
        rows: rows.iter().map(row_view).collect(),
        total,
        page: page_number(q.page),
        pages: ((total + PAGE - 1) / PAGE).max(1),
        keep: q.keep(),
        q: q.q.clone().unwrap_or_default(),
        kinds: options(Kind::ALL, Kind::code, q.kind.as_deref()),
        states: options(ItemState::ALL, ItemState::code, q.state.as_deref()),
        sources: sources
            .into_iter()
            .map(|s| Opt { selected: q.source.as_deref() == Some(s.as_str()), label: s.clone(), value: s })
            .collect(),
        office: p.subject.office_member,
        may_assign: zs_app::tracking::is_supervisor(&p),
        today: format_date(app.today()),
    }))
}

async fn export(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    Ok(download(app.export_items(&p, q.filter()).await?, "督办台账.xlsx"))
}

#[derive(Template)]
#[template(path = "tracking_new.html")]
struct NewPage {
    ctx: Ctx,
    kinds: Vec<Opt>,
    categories: Vec<Opt>,
    units: Vec<Opt>,
    leaders: Vec<Opt>,
    suggested_due: String,
}

async fn new_form(State(app): State<App>, Me(p): Me) -> Result<Response, WebError> {
    if !zs_app::tracking::is_supervisor(&p) {
        return Err(WebError::new(StatusCode::FORBIDDEN, "只有督查科或办公室主任可以立项交办。"));
    }
    let tree = app.unit_tree().await?;
    let units = tree
        .iter()
        .filter(|n| n.unit.active)
        .map(|n| Opt {
            value: n.unit.id.clone(),
            label: format!("{}{}", "　".repeat(n.depth), n.unit.name),
            selected: false,
        })
        .collect();
    let f = zs_app::UserFilter { role: Some(Role::Leader), limit: 200, ..Default::default() };
    let (leaders, _) = app.list_users(&p, &f).await?;
    let cal = app.calendar();
    Ok(html(&NewPage {
        ctx: ctx(&app, &p, "/tracking", None),
        kinds: options(Kind::ALL, Kind::code, Some("supervision")),
        categories: options(Category::ALL, Category::code, None),
        units,
        leaders: leaders
            .into_iter()
            .map(|u| Opt { value: u.id, label: format!("{}（{}）", u.name, u.position), selected: false })
            .collect(),
        suggested_due: cal.add_working_days(app.today(), 10).to_string(),
    }))
}

async fn create(State(app): State<App>, Me(p): Me, Form(f): Form<ItemInput>) -> Result<Response, WebError> {
    let item = app.create_item(&p, &f.item()?).await?;
    Ok(Redirect::to(&format!("/tracking/{}", item.id)).into_response())
}

pub struct PartView {
    pub row: RowView,
    pub is_lead: bool,
    pub report_due: String,
}

pub struct EventView {
    pub at: String,
    pub who: String,
    pub act: &'static str,
    pub text: String,
    /// (download path, file name) of the evidence this step carried.
    pub files: Vec<(String, String)>,
}

/// An evidence file in the item's list.
pub struct FileView {
    pub href: String,
    pub name: String,
    pub unit: String,
    pub by: String,
    pub at: String,
}

pub struct ActView {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "tracking_item.html")]
struct ItemPage {
    ctx: Ctx,
    row: RowView,
    parent_id: String,
    requirement: String,
    measures: String,
    category: &'static str,
    cycle: String,
    report_due: String,
    result: String,
    rule: String,
    /// Where the matter came from, when that record has a page: the meeting, speech, 收文 or 问题清单.
    source_href: String,
    is_parent: bool,
    parts: Vec<PartView>,
    events: Vec<EventView>,
    files: Vec<FileView>,
    actions: Vec<ActView>,
    extension: Option<(String, String, String)>,
    may_decide_extension: bool,
    today: String,
    long_term: bool,
}

async fn item(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let v = app.item(&p, &id).await?;
    let names = app.unit_names().await?;
    let name = |u: &Option<String>| u.as_ref().and_then(|u| names.get(u)).cloned().unwrap_or_default();
    let lead = if v.item.is_parent() {
        v.parts.iter().find(|c| c.is_lead).map(|c| name(&c.unit_id)).unwrap_or_default()
    } else {
        name(&v.item.unit_id)
    };
    let co = v.parts.iter().filter(|c| !c.is_lead).map(|c| name(&c.unit_id)).collect();
    let parts = v
        .parts
        .iter()
        .map(|c| PartView {
            row: row_view(&ItemRow { item: c.clone(), lead: name(&c.unit_id), co: Vec::new() }),
            is_lead: c.is_lead,
            report_due: c.report_due.map(format_date).unwrap_or_else(|| "—".into()),
        })
        .collect();
    let events = v
        .events
        .iter()
        .map(|e| EventView {
            at: format_ms(e.at_ms),
            who: e.actor_name.clone(),
            act: Act::from_code(&e.act).map(|a| a.label()).unwrap_or(""),
            text: e.text.clone(),
            files: v
                .files
                .iter()
                .filter(|f| f.event_id == e.id)
                .map(|f| (format!("/tracking/{}/files/{}", f.item_id, f.id), f.name.clone()))
                .collect(),
        })
        .collect();
    let unit_of: std::collections::HashMap<&str, String> = v
        .parts
        .iter()
        .map(|c| (c.id.as_str(), name(&c.unit_id)))
        .chain([(v.item.id.as_str(), name(&v.item.unit_id))])
        .collect();
    let files = v
        .files
        .iter()
        .map(|f| FileView {
            href: format!("/tracking/{}/files/{}", f.item_id, f.id),
            name: f.name.clone(),
            unit: unit_of.get(f.item_id.as_str()).cloned().unwrap_or_default(),
            by: f.uploaded_by.clone(),
            at: format_ms(f.created_ms),
        })
        .collect();
    let page = ItemPage {
        ctx: ctx(&app, &p, "/tracking", None),
        row: row_view(&ItemRow { item: v.item.clone(), lead, co }),
        parent_id: v.item.parent_id.clone().unwrap_or_default(),
        requirement: v.item.requirement.clone(),
        measures: v.item.measures.clone(),
        category: v.item.category.map(|c| c.label()).unwrap_or(""),
        cycle: v.item.cycle.label(),
        report_due: v.item.report_due.map(format_date).unwrap_or_else(|| "—".into()),
        result: v.item.result.clone(),
        source_href: source_href(&v.item.source_kind, &v.item.source_id, &v.item.source_title),
        rule: v.item.rule.clone(),
        is_parent: v.item.is_parent(),
        parts,
        events,
        files,
        actions: v.actions.iter().map(|a| ActView { code: a.code(), label: a.label() }).collect(),
        extension: v
            .pending_extension
            .as_ref()
            .map(|e| (e.requested_due.clone(), e.reason.clone(), e.requested_by.clone())),
        may_decide_extension: v.may_decide_extension,
        today: app.today().to_string(),
        long_term: v.item.category == Some(Category::LongTerm),
    };
    Ok(html(&page))
}

async fn download_file(
    State(app): State<App>,
    Me(p): Me,
    Path((id, file_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (f, bytes) = app.tracked_file(&p, &id, &file_id).await?;
    Ok(super::file_response(bytes, &f.name, &f.mime))
}

async fn take_step(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    crate::extract::FormWithFiles { form: f, files }: crate::extract::FormWithFiles<ItemStepInput>,
) -> Result<Response, WebError> {
    let s = f.step()?;
    let files = files.into_iter().map(|(name, bytes)| zs_app::tracking::Evidence { name, bytes }).collect();
    app.step_item_with_files(&p, &id, s, files).await?;
    Ok(Redirect::to(&format!("/tracking/{id}")).into_response())
}

#[derive(Deserialize, Default)]
struct BoardQuery {
    kind: Option<String>,
    source: Option<String>,
}

#[derive(Template)]
#[template(path = "tracking_board.html")]
struct BoardPage {
    ctx: Ctx,
    board: Board,
    kinds: Vec<Opt>,
    sources: Vec<Opt>,
    today: String,
}

async fn board(State(app): State<App>, Me(p): Me, Query(q): Query<BoardQuery>) -> Result<Response, WebError> {
    let kind = q.kind.as_deref().and_then(Kind::from_code);
    let board = app.warning_board(&p, kind, q.source.as_deref()).await?;
    let sources = app.item_sources().await?;
    Ok(html(&BoardPage {
        ctx: ctx(&app, &p, "/tracking", None),
        board,
        kinds: options(Kind::ALL, Kind::code, q.kind.as_deref()),
        sources: sources
            .into_iter()
            .map(|s| Opt { selected: q.source.as_deref() == Some(s.as_str()), label: s.clone(), value: s })
            .collect(),
        today: format_date(app.today()),
    }))
}

#[derive(Deserialize, Default)]
struct StatsQuery {
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
}

pub struct StatsRow {
    pub rank: usize,
    pub s: zs_app::tracking::UnitStats,
    pub rate: String,
    pub avg: String,
}

#[derive(Template)]
#[template(path = "tracking_stats.html")]
struct StatsPage {
    ctx: Ctx,
    from: String,
    to: String,
    kinds: Vec<Opt>,
    rows: Vec<StatsRow>,
    chart: String,
}

#[derive(Deserialize)]
struct BulletinForm {
    period: String,
}

/// Draft a 督查通报 for a week or a month and open it in 办文.
async fn bulletin(State(app): State<App>, Me(p): Me, Form(f): Form<BulletinForm>) -> Result<Response, WebError> {
    use zs_app::bulletin::Period;
    let today = app.today();
    let period = match f.period.as_str() {
        "this_week" => Period::Week(today),
        "last_week" => Period::Week(today - chrono::Duration::days(7)),
        "this_month" => Period::Month(today),
        "last_month" => Period::Month(today.with_day(1).and_then(|d| d.pred_opt()).unwrap_or(today)),
        _ => return Err(WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "请选择通报期间。")),
    };
    let doc = app.draft_bulletin(&p, period).await?;
    Ok(Redirect::to(&format!("/documents/{}?ok=created", doc.id)).into_response())
}

async fn stats(State(app): State<App>, Me(p): Me, Query(q): Query<StatsQuery>) -> Result<Response, WebError> {
    let today = app.today();
    let from = match q.from.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => crate::input::date(s, "开始日期")?,
        None => NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
    };
    let to = match q.to.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => crate::input::date(s, "结束日期")?,
        None => today,
    };
    let kind = q.kind.as_deref().and_then(Kind::from_code);
    let st = app.tracking_stats(&p, from, to, kind).await?;
    let labels: Vec<String> = st.trend.iter().map(|t| t.0.clone()).collect();
    let chart = crate::chart::bars(
        &labels,
        &[
            ("交办", "#1456f0", st.trend.iter().map(|t| t.1).collect()),
            ("销号", "#2e7d32", st.trend.iter().map(|t| t.2).collect()),
        ],
        220,
    );
    let rows = st
        .units
        .into_iter()
        .enumerate()
        .map(|(i, s)| StatsRow {
            rank: i + 1,
            rate: s.on_time_rate.map(|r| format!("{r:.1}%")).unwrap_or_else(|| "—".into()),
            avg: s.avg_close_days.map(|d| format!("{d:.1}")).unwrap_or_else(|| "—".into()),
            s,
        })
        .collect();
    Ok(html(&StatsPage {
        ctx: ctx(&app, &p, "/tracking", None),
        from: from.to_string(),
        to: to.to_string(),
        kinds: options(Kind::ALL, Kind::code, q.kind.as_deref()),
        rows,
        chart,
    }))
}
