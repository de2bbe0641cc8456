//! 档案室: 待归档 (file finished documents with a 保管期限), 归档文件目录 (list and .xlsx / PDF), 移交 (a year's
//! package), 四性检测 and 鉴定 (terms ending). Every handler is one app call.

use super::{ctx, done, download, file_response, Ok_};
use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use zs_app::archive::{classification_label, retention_label, CheckReport, Filter, Property, Record};
use zs_app::documents::DocStep;
use zs_app::App;
use zs_domain::archive::Retention;
use zs_domain::time::format_ms;
use zs_domain::workflow::Label;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/archive", get(home))
        .route("/archive/file", post(file))
        .route("/archive/catalogue.xlsx", get(catalogue_xlsx))
        .route("/archive/catalogue.pdf", get(catalogue_pdf))
        .route("/archive/transfer", get(transfer))
        .route("/archive/check", post(check))
        .route("/archive/records/{id}", get(record))
        .route("/archive/records/{id}/files/{position}", get(record_file))
}

/// The filters of the catalogue, the package and the check.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ArchiveQuery {
    pub tab: String,
    pub year: String,
    /// Y, D30, D10
    pub retention: String,
    pub organ: String,
    /// 鉴定: terms ending from … to … (years).
    pub from: String,
    pub to: String,
    pub page: Option<i64>,
    pub ok: Option<String>,
}

fn year(s: &str) -> Result<Option<i32>, WebError> {
    match s.trim() {
        "" => Ok(None),
        y => y.parse::<i32>().ok().filter(|y| (1949..=9999).contains(y)).map(Some).ok_or_else(|| {
            WebError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, format!("年份“{y}”无效，应为四位数字。"))
        }),
    }
}

impl ArchiveQuery {
    pub fn filter(&self, limit: i64) -> Result<Filter, WebError> {
        let retention = match self.retention.trim() {
            "" => None,
            r => Some(Retention::from_code(r).map(|r| r.code().to_string()).ok_or_else(|| {
                WebError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "保管期限应为 Y、D30 或 D10。")
            })?),
        };
        let organ = Some(self.organ.trim().to_ascii_uppercase()).filter(|s| !s.is_empty());
        Ok(Filter {
            year: year(&self.year)?,
            retention,
            organ_code: organ,
            limit,
            offset: crate::extract::page_offset(self.page, limit),
        })
    }
}

pub struct RecordRow {
    pub id: String,
    pub code: String,
    pub number: String,
    pub responsible: String,
    pub title: String,
    pub dated: String,
    pub classification: &'static str,
    pub pages: i64,
    pub retention: &'static str,
    pub note: String,
}

fn record_row(r: &Record) -> RecordRow {
    RecordRow {
        id: r.id.clone(),
        code: r.archival_code.clone(),
        number: r.doc_number.clone(),
        responsible: r.responsible.clone(),
        title: r.title.clone(),
        dated: r.dated.clone(),
        classification: classification_label(&r.classification),
        pages: r.pages,
        retention: retention_label(&r.retention),
        note: r.note.clone(),
    }
}

pub struct PendingRow {
    /// document or journal_issue: which id the filing form sends.
    pub source: &'static str,
    pub id: String,
    pub href: String,
    pub title: String,
    pub number: String,
    pub kind: String,
    pub state: &'static str,
    pub proposed: &'static str,
}

pub struct CheckRow {
    pub id: String,
    pub code: String,
    pub title: String,
    /// ✓ or ✗ per property.
    pub marks: Vec<bool>,
    pub problems: String,
}

pub struct Tab {
    pub code: &'static str,
    pub label: &'static str,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "archive.html")]
struct HomePage {
    ctx: Ctx,
    tab: String,
    tabs: Vec<Tab>,
    fonds: String,
    pending: Vec<PendingRow>,
    records: Vec<RecordRow>,
    total: i64,
    page: i64,
    pages: i64,
    keep: String,
    export: String,
    year: String,
    retention: String,
    organ: String,
    years: Vec<i64>,
    retentions: Vec<(&'static str, &'static str)>,
    due: Vec<RecordRow>,
    from: String,
    to: String,
    check: Option<CheckView>,
}

pub struct CheckView {
    pub summary: String,
    pub labels: Vec<&'static str>,
    pub rows: Vec<CheckRow>,
    pub gaps: Vec<String>,
    pub chain: Option<String>,
    pub seconds: String,
}

fn check_view(r: &CheckReport) -> CheckView {
    CheckView {
        summary: r.summary(),
        labels: Property::ALL.iter().map(|p| p.label()).collect(),
        rows: r
            .failed()
            .take(1000)
            .map(|i| CheckRow {
                id: i.record_id.clone(),
                code: i.archival_code.clone(),
                title: i.title.clone(),
                marks: Property::ALL.iter().map(|p| i.passed(*p)).collect(),
                problems: i.problems.iter().map(|(p, m)| format!("{}：{m}", p.label())).collect::<Vec<_>>().join("；"),
            })
            .collect(),
        gaps: r.gaps.clone(),
        chain: r.chain_fault.clone(),
        seconds: format!("{:.1}", r.elapsed_ms as f64 / 1000.0),
    }
}

const PAGE: i64 = 50;

async fn page(
    app: &App,
    p: &zs_app::Principal,
    q: &ArchiveQuery,
    check: Option<CheckView>,
) -> Result<Response, WebError> {
    let tab = match q.tab.as_str() {
        "catalogue" | "transfer" | "check" | "due" => q.tab.clone(),
        _ if check.is_some() => "check".into(),
        _ => "pending".into(),
    };
    let tabs = [
        ("pending", "待归档"),
        ("catalogue", "归档文件目录"),
        ("transfer", "移交"),
        ("check", "四性检测"),
        ("due", "到期鉴定"),
    ]
    .into_iter()
    .map(|(code, label)| Tab { code, label, active: code == tab })
    .collect();
    let mut pending = Vec::new();
    let (mut records, mut total) = (Vec::new(), 0);
    let mut due = Vec::new();
    let today = app.today();
    let from = if q.from.trim().is_empty() { chrono::Datelike::year(&today).to_string() } else { q.from.clone() };
    let this_year = chrono::Datelike::year(&today);
    let to = if q.to.trim().is_empty() { (this_year + 1).to_string() } else { q.to.clone() };
    match tab.as_str() {
        "pending" => {
            pending = app
                .archive_pending(p, 200)
                .await?
                .into_iter()
                .map(|x| PendingRow {
                    source: x.kind,
                    id: x.id,
                    href: x.href,
                    title: x.title,
                    number: x.number,
                    kind: x.kind_label,
                    state: x.state,
                    proposed: x.proposed.code(),
                })
                .collect();
        }
        "catalogue" => {
            let (list, n) = app.archive_records(p, &q.filter(PAGE)?).await?;
            records = list.iter().map(record_row).collect();
            total = n;
        }
        "due" => {
            let (f, t) = (year(&from)?.unwrap_or(this_year), year(&to)?.unwrap_or(this_year + 1));
            due = app.archive_due(p, f, t).await?.iter().map(record_row).collect();
        }
        _ => {
            // 移交 and 四性检测 only need the years; the check runs on POST.
            app.archive_records(p, &Filter { limit: 1, ..Default::default() }).await?;
        }
    }
    let keep = crate::extract::query_string(&[
        ("tab", &Some("catalogue".to_string())),
        ("year", &Some(q.year.clone())),
        ("retention", &Some(q.retention.clone())),
        ("organ", &Some(q.organ.clone())),
    ]);
    let export = crate::extract::query_string(&[
        ("year", &Some(q.year.clone())),
        ("retention", &Some(q.retention.clone())),
        ("organ", &Some(q.organ.clone())),
    ]);
    Ok(html(&HomePage {
        ctx: ctx(app, p, "/archive", q.ok.as_deref()),
        tab,
        tabs,
        fonds: app.config.archive.fonds.clone(),
        pending,
        records,
        total,
        page: crate::extract::page_number(q.page),
        pages: (total + PAGE - 1) / PAGE,
        keep,
        export,
        year: q.year.clone(),
        retention: q.retention.clone(),
        organ: q.organ.clone(),
        years: app.archive_years().await?,
        retentions: Retention::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        due,
        from,
        to,
        check,
    }))
}

async fn home(State(app): State<App>, Me(p): Me, Query(q): Query<ArchiveQuery>) -> Result<Response, WebError> {
    page(&app, &p, &q, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FileForm {
    document_id: String,
    /// An issued journal issue, instead of a document.
    issue_id: String,
    retention: String,
}

/// 归档 of one document (through the 办文 flow's step) or one issued journal issue.
async fn file(State(app): State<App>, Me(p): Me, Form(f): Form<FileForm>) -> Result<Response, WebError> {
    let retention = crate::input::retention(&f.retention)?;
    if !f.issue_id.trim().is_empty() {
        app.archive_file_issue(&p, f.issue_id.trim(), retention).await?;
    } else {
        app.step_document(&p, &f.document_id, DocStep::Archive { retention }).await?;
    }
    Ok(done("/archive", "filed"))
}

async fn catalogue_xlsx(
    State(app): State<App>,
    Me(p): Me,
    Query(q): Query<ArchiveQuery>,
) -> Result<Response, WebError> {
    let (bytes, name) = app.archive_catalogue_xlsx(&p, &q.filter(1)?).await?;
    Ok(download(bytes, &name))
}

async fn catalogue_pdf(State(app): State<App>, Me(p): Me, Query(q): Query<ArchiveQuery>) -> Result<Response, WebError> {
    let (bytes, name) = app.archive_catalogue_pdf(&p, &q.filter(1)?).await?;
    Ok(file_response(bytes, &name, "application/pdf"))
}

async fn transfer(State(app): State<App>, Me(p): Me, Query(q): Query<ArchiveQuery>) -> Result<Response, WebError> {
    let y = year(&q.year)?
        .ok_or_else(|| WebError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "请选择要移交的年度。"))?;
    let (bytes, name) = app.archive_transfer(&p, y).await?;
    Ok(file_response(bytes, &name, "application/zip"))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CheckForm {
    year: String,
}

async fn check(State(app): State<App>, Me(p): Me, Form(f): Form<CheckForm>) -> Result<Response, WebError> {
    let report = app.archive_check(&p, year(&f.year)?).await?;
    let q = ArchiveQuery { tab: "check".into(), year: f.year, ..Default::default() };
    page(&app, &p, &q, Some(check_view(&report))).await
}

#[derive(Template)]
#[template(path = "archive_record.html")]
struct RecordPage {
    ctx: Ctx,
    r: RecordRow,
    source: String,
    year: i64,
    organ: String,
    item_no: String,
    filed: String,
    filed_by: String,
    files: Vec<(i64, String, String, String)>,
}

async fn record(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    let (r, files) = app.archive_record(&p, &id).await?;
    let role = |s: &str| match s {
        "pdf" => "归档PDF（加盖归档章）",
        "original" => "来文原件",
        "scan" => "扫描件",
        _ => "附件",
    };
    Ok(html(&RecordPage {
        ctx: ctx(&app, &p, "/archive", q.ok.as_deref()),
        source: match r.source_kind.as_str() {
            "document" => format!("/documents/{}", r.source_id),
            "journal_issue" => format!("/affairs/issues/{}", r.source_id),
            _ => String::new(),
        },
        year: r.year,
        organ: r.organ_code.clone(),
        item_no: format!("{:04}", r.item_no),
        filed: format_ms(r.filed_ms),
        filed_by: r.filed_by.clone(),
        files: files
            .iter()
            .map(|f| (f.position, f.name.clone(), role(&f.role).to_string(), format!("{} 字节", f.size)))
            .collect(),
        r: record_row(&r),
    }))
}

async fn record_file(
    State(app): State<App>,
    Me(p): Me,
    Path((id, position)): Path<(String, i64)>,
) -> Result<Response, WebError> {
    let (f, bytes) = app.archive_download(&p, &id, position).await?;
    Ok(file_response(bytes, &f.name, &f.mime))
}
