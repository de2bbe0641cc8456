//! 整改问题清单 pages: the ledger list with the .xlsx import, one ledger in the office's columns,
//! its export, and 对账盘点 (take a snapshot, compare two). Every row links to the item's page in
//! 督查督办, where the one step handler takes all actions.

use super::{ctx, done, download, Ok_};
use crate::error::WebError;
use crate::extract::{url_encode, Form, Query};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use zs_app::ledger::{Change, LedgerSummary, Snapshot};
use zs_app::tracking::warning_label;
use zs_app::App;
use zs_domain::time::{format_date, format_ms};
use zs_domain::workflow::Label;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/ledgers", get(list).post(import))
        .route("/ledgers/template.xlsx", get(template))
        .route("/ledgers/{name}", get(ledger))
        .route("/ledgers/{name}/export.xlsx", get(export))
        .route("/ledgers/{name}/snapshots", get(snapshots).post(take_snapshot))
        .route("/ledgers/{name}/compare", get(compare))
}

pub struct SummaryView {
    pub s: LedgerSummary,
    pub href: String,
    pub overdue: i64,
}

#[derive(Template)]
#[template(path = "ledger_list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<SummaryView>,
    may_manage: bool,
    today: String,
}

async fn list(State(app): State<App>, Me(p): Me, Query(q): Query<Ok_>) -> Result<Response, WebError> {
    let rows = app
        .ledgers(&p)
        .await?
        .into_iter()
        .map(|s| SummaryView { href: format!("/ledgers/{}", url_encode(&s.name)), overdue: s.overdue.total(), s })
        .collect();
    Ok(html(&ListPage {
        ctx: ctx(&app, &p, "/tracking", q.ok.as_deref()),
        rows,
        may_manage: zs_app::tracking::is_supervisor(&p),
        today: format_date(app.today()),
    }))
}

async fn template(State(app): State<App>, Me(p): Me) -> Result<Response, WebError> {
    Ok(download(app.ledger_template(&p)?, "整改问题清单导入模板.xlsx"))
}

async fn import(State(app): State<App>, Me(p): Me, m: Multipart) -> Result<Response, WebError> {
    if !zs_app::tracking::is_supervisor(&p) {
        return Err(WebError::new(StatusCode::FORBIDDEN, "只有督查科或办公室主任可以导入问题清单。"));
    }
    let u = crate::extract::read_upload(m, "问题清单文件（.xlsx）").await?;
    let name = u.field("name").to_string();
    app.import_ledger(&p, &name, &u.file).await?;
    let name = zs_domain::text::clean(&name);
    Ok(done(&format!("/ledgers/{}", url_encode(&name)), "created"))
}

pub struct RowView {
    pub no: usize,
    pub id: String,
    pub title: String,
    pub measures: String,
    pub owner: String,
    pub leader: String,
    pub lead: String,
    pub co: String,
    pub due: String,
    pub category: &'static str,
    pub progress: i64,
    pub state: &'static str,
    pub warning: &'static str,
    pub warning_class: &'static str,
}

#[derive(Template)]
#[template(path = "ledger_items.html")]
struct LedgerPage {
    ctx: Ctx,
    name: String,
    enc: String,
    rows: Vec<RowView>,
    may_manage: bool,
    today: String,
}

async fn ledger(
    State(app): State<App>,
    Me(p): Me,
    Path(name): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    let rows = app
        .ledger_rows(&p, &name)
        .await?
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let it = &r.row.item;
            RowView {
                no: i + 1,
                id: it.id.clone(),
                title: it.title.clone(),
                measures: it.measures.clone(),
                owner: it.owner_name.clone(),
                leader: r.leader.clone(),
                lead: r.row.lead.clone(),
                co: r.row.co.join("、"),
                due: format_date(it.due),
                category: it.category.map(|c| c.label()).unwrap_or("—"),
                progress: it.progress,
                state: it.state.label(),
                warning: warning_label(it),
                warning_class: it.warning.map(|w| w.code()).unwrap_or("none"),
            }
        })
        .collect();
    Ok(html(&LedgerPage {
        ctx: ctx(&app, &p, "/tracking", q.ok.as_deref()),
        enc: url_encode(&name),
        name,
        rows,
        may_manage: zs_app::tracking::is_supervisor(&p),
        today: format_date(app.today()),
    }))
}

async fn export(State(app): State<App>, Me(p): Me, Path(name): Path<String>) -> Result<Response, WebError> {
    let bytes = app.export_ledger(&p, &name).await?;
    Ok(download(bytes, &format!("{name}.xlsx")))
}

pub struct SnapView {
    pub id: String,
    pub taken_on: String,
    pub taken_at: String,
    pub taken_by: String,
    pub note: String,
    pub items: i64,
}

fn snap_view(s: &Snapshot) -> SnapView {
    SnapView {
        id: s.id.clone(),
        taken_on: format_date(s.taken_on),
        taken_at: format_ms(s.taken_ms),
        taken_by: s.taken_by.clone(),
        note: s.note.clone(),
        items: s.items,
    }
}

#[derive(Template)]
#[template(path = "ledger_snapshots.html")]
struct SnapshotsPage {
    ctx: Ctx,
    name: String,
    enc: String,
    snaps: Vec<SnapView>,
    may_manage: bool,
}

async fn snapshots(
    State(app): State<App>,
    Me(p): Me,
    Path(name): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    let snaps = app.snapshots(&p, &name).await?.iter().map(snap_view).collect();
    Ok(html(&SnapshotsPage {
        ctx: ctx(&app, &p, "/tracking", q.ok.as_deref()),
        enc: url_encode(&name),
        name,
        snaps,
        may_manage: zs_app::tracking::is_supervisor(&p),
    }))
}

#[derive(Deserialize)]
struct SnapForm {
    #[serde(default)]
    note: String,
}

async fn take_snapshot(
    State(app): State<App>,
    Me(p): Me,
    Path(name): Path<String>,
    Form(f): Form<SnapForm>,
) -> Result<Response, WebError> {
    app.take_snapshot(&p, &name, &f.note).await?;
    Ok(done(&format!("/ledgers/{}/snapshots", url_encode(&name)), "created"))
}

#[derive(Deserialize, Default)]
struct CompareQuery {
    #[serde(default)]
    a: String,
    #[serde(default)]
    b: String,
}

pub struct ChangeView {
    pub id: String,
    pub title: String,
    pub before: String,
    pub after: String,
}

fn side(s: &Option<zs_app::ledger::SnapshotItem>) -> String {
    match s {
        None => "（不在清单中）".into(),
        Some(i) => format!(
            "{}，时限{}，进展{}%{}",
            i.state.label(),
            format_date(i.due),
            i.progress,
            i.warning.map(|w| format!("，{}", w.label())).unwrap_or_default()
        ),
    }
}

fn changes(v: &[Change]) -> Vec<ChangeView> {
    v.iter()
        .map(|c| ChangeView {
            id: c.item_id.clone(),
            title: c.title.clone(),
            before: side(&c.before),
            after: side(&c.after),
        })
        .collect()
}

/// One group of the comparison page.
pub struct Group {
    pub key: &'static str,
    pub label: &'static str,
    pub rows: Vec<ChangeView>,
}

#[derive(Template)]
#[template(path = "ledger_compare.html")]
struct ComparePage {
    ctx: Ctx,
    name: String,
    enc: String,
    from: SnapView,
    to: SnapView,
    groups: Vec<Group>,
    unchanged: usize,
}

async fn compare(
    State(app): State<App>,
    Me(p): Me,
    Path(name): Path<String>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, WebError> {
    if q.a.is_empty() || q.b.is_empty() {
        return Err(WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "请选择要比较的两次盘点。"));
    }
    let c = app.compare_snapshots(&p, &q.a, &q.b).await?;
    if c.from.ledger != name {
        return Err(WebError::new(StatusCode::NOT_FOUND, "所选的盘点不属于这个问题清单。"));
    }
    let groups = vec![
        Group { key: "closed", label: "已销号", rows: changes(&c.closed) },
        Group { key: "slipped", label: "延期或逾期", rows: changes(&c.slipped) },
        Group { key: "new", label: "新增", rows: changes(&c.new) },
        Group { key: "removed", label: "撤销或移出", rows: changes(&c.removed) },
    ];
    Ok(html(&ComparePage {
        ctx: ctx(&app, &p, "/tracking", None),
        enc: url_encode(&name),
        name,
        from: snap_view(&c.from),
        to: snap_view(&c.to),
        groups,
        unchanged: c.unchanged,
    }))
}
