//! `/api/v1/archive`: 待归档, filing, the catalogue, 四性检测 and terms ending — the 档案室's use cases.

use super::{api, ApiResult, ErrorDto};
use crate::error::WebError;
use crate::extract::{Json, Query};
use crate::pages::ArchiveQuery;
use crate::session::Me;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use zs_app::archive::{Property, Record};
use zs_app::documents::DocStep;
use zs_app::App;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/archive/pending", get(pending))
        .route("/archive/records", get(records).post(file))
        .route("/archive/records/{id}", get(record))
        .route("/archive/check", post(check))
        .route("/archive/due", get(due))
}

#[derive(OpenApi)]
#[openapi(
    paths(pending, records, file, record, check, due),
    components(schemas(
        PendingDto,
        RecordDto,
        RecordPage,
        FileDto,
        RecordDetail,
        FileInput,
        CheckInput,
        CheckDto,
        CheckItemDto
    ))
)]
pub struct ArchiveApi;

#[derive(Serialize, ToSchema)]
struct PendingDto {
    /// `document` or `journal_issue`.
    kind: String,
    /// The document's id (a document), else empty.
    document_id: String,
    /// The issue's id (a journal issue), else empty.
    issue_id: String,
    title: String,
    /// 文号 (a 收文: its 收文编号 when it has one), or the issue's 期号.
    doc_number: String,
    /// The 保管期限 the rules propose: Y, D30, D10.
    proposed_retention: String,
}

/// Finished records of the archivist's organ not yet filed: documents, then issued journal issues.
#[utoipa::path(get, path = "/api/v1/archive/pending", tag = "档案", responses((status = 200, body = [PendingDto]), (status = 403, body = ErrorDto)))]
async fn pending(State(app): State<App>, Me(p): Me) -> ApiResult<Vec<PendingDto>> {
    let list = api(app.archive_pending(&p, 500).await)?;
    Ok(axum::Json(
        list.into_iter()
            .map(|x| {
                let (document_id, issue_id) =
                    if x.kind == "journal_issue" { (String::new(), x.id) } else { (x.id, String::new()) };
                PendingDto {
                    kind: x.kind.into(),
                    document_id,
                    issue_id,
                    title: x.title,
                    doc_number: x.number,
                    proposed_retention: x.proposed.code().into(),
                }
            })
            .collect(),
    ))
}

/// One 件 (DA/T 22 catalogue fields).
#[derive(Serialize, ToSchema)]
struct RecordDto {
    id: String,
    /// 档号, e.g. Z109-WS·2026-Y-BGS-0001
    archival_code: String,
    fonds: String,
    year: i64,
    retention: String,
    organ_code: String,
    item_no: i64,
    doc_number: String,
    responsible: String,
    title: String,
    /// YYYYMMDD
    dated: String,
    classification: String,
    pages: i64,
    note: String,
    source_kind: String,
    source_id: String,
    filed_by: String,
    filed_ms: i64,
}

impl From<Record> for RecordDto {
    fn from(r: Record) -> Self {
        RecordDto {
            id: r.id,
            archival_code: r.archival_code,
            fonds: r.fonds,
            year: r.year,
            retention: r.retention,
            organ_code: r.organ_code,
            item_no: r.item_no,
            doc_number: r.doc_number,
            responsible: r.responsible,
            title: r.title,
            dated: r.dated,
            classification: r.classification,
            pages: r.pages,
            note: r.note,
            source_kind: r.source_kind,
            source_id: r.source_id,
            filed_by: r.filed_by,
            filed_ms: r.filed_ms,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct RecordPage {
    total: i64,
    items: Vec<RecordDto>,
}

/// The 归档文件目录: filters year, retention (Y, D30, D10), organ (机构代码); pages of 100.
#[utoipa::path(get, path = "/api/v1/archive/records", tag = "档案",
    params(("year" = Option<String>, Query, description = "年度"), ("retention" = Option<String>, Query, description = "Y, D30, D10"),
        ("organ" = Option<String>, Query, description = "机构代码"), ("page" = Option<i64>, Query, description = "1-based")),
    responses((status = 200, body = RecordPage), (status = 403, body = ErrorDto)))]
async fn records(State(app): State<App>, Me(p): Me, Query(q): Query<ArchiveQuery>) -> ApiResult<RecordPage> {
    let f = q.filter(100).map_err(WebError::api)?;
    let (list, total) = api(app.archive_records(&p, &f).await)?;
    Ok(axum::Json(RecordPage { total, items: list.into_iter().map(RecordDto::from).collect() }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
struct FileInput {
    /// A finished document to file.
    document_id: String,
    /// Or an issued journal issue.
    issue_id: String,
    /// Y, D30 or D10; empty or absent: as the rules propose.
    retention: String,
}

#[derive(Serialize, ToSchema)]
struct FileDto {
    position: i64,
    /// pdf, original, scan, attachment
    role: String,
    name: String,
    sha256: String,
    size: i64,
}

#[derive(Serialize, ToSchema)]
struct RecordDetail {
    record: RecordDto,
    files: Vec<FileDto>,
}

/// 归档 a finished document (the 办文 flow's 归档 step) or an issued journal issue: returns the new 件.
#[utoipa::path(post, path = "/api/v1/archive/records", tag = "档案", request_body = FileInput,
    responses((status = 200, body = RecordDetail), (status = 403, body = ErrorDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn file(State(app): State<App>, Me(p): Me, Json(b): Json<FileInput>) -> ApiResult<RecordDetail> {
    let retention = crate::input::retention(&b.retention).map_err(WebError::api)?;
    if !b.issue_id.trim().is_empty() {
        let r = api(app.archive_file_issue(&p, b.issue_id.trim(), retention).await)?;
        return detail(&app, &p, &r.id).await;
    }
    api(app.step_document(&p, &b.document_id, DocStep::Archive { retention }).await)?;
    let r = api(app.archive_of_document(&b.document_id).await)?
        .ok_or_else(|| WebError::new(axum::http::StatusCode::CONFLICT, "归档未完成。").api())?;
    detail(&app, &p, &r.id).await
}

async fn detail(app: &App, p: &zs_app::Principal, id: &str) -> ApiResult<RecordDetail> {
    let (r, files) = api(app.archive_record(p, id).await)?;
    Ok(axum::Json(RecordDetail {
        record: r.into(),
        files: files
            .into_iter()
            .map(|f| FileDto { position: f.position, role: f.role, name: f.name, sha256: f.sha256, size: f.size })
            .collect(),
    }))
}

/// One 件 with its files.
#[utoipa::path(get, path = "/api/v1/archive/records/{id}", tag = "档案", params(("id" = String, Path)),
    responses((status = 200, body = RecordDetail), (status = 404, body = ErrorDto)))]
async fn record(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> ApiResult<RecordDetail> {
    detail(&app, &p, &id).await
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
struct CheckInput {
    /// 年度; empty: every year.
    year: Option<i32>,
}

#[derive(Serialize, ToSchema)]
struct CheckItemDto {
    record_id: String,
    archival_code: String,
    authenticity: bool,
    integrity: bool,
    usability: bool,
    security: bool,
    problems: Vec<String>,
}

#[derive(Serialize, ToSchema)]
struct CheckDto {
    checked: usize,
    failed: usize,
    summary: String,
    gaps: Vec<String>,
    chain_fault: Option<String>,
    /// Every 件 checked.
    items: Vec<CheckItemDto>,
}

/// 四性检测 of a year's 件 (or all).
#[utoipa::path(post, path = "/api/v1/archive/check", tag = "档案", request_body = CheckInput,
    responses((status = 200, body = CheckDto), (status = 403, body = ErrorDto)))]
async fn check(State(app): State<App>, Me(p): Me, Json(b): Json<CheckInput>) -> ApiResult<CheckDto> {
    let r = api(app.archive_check(&p, b.year).await)?;
    Ok(axum::Json(CheckDto {
        checked: r.items.len(),
        failed: r.failed().count(),
        summary: r.summary(),
        gaps: r.gaps.clone(),
        chain_fault: r.chain_fault.clone(),
        items: r
            .items
            .iter()
            .map(|i| CheckItemDto {
                record_id: i.record_id.clone(),
                archival_code: i.archival_code.clone(),
                authenticity: i.passed(Property::Authenticity),
                integrity: i.passed(Property::Integrity),
                usability: i.passed(Property::Usability),
                security: i.passed(Property::Security),
                problems: i.problems.iter().map(|(p, m)| format!("{}：{m}", p.label())).collect(),
            })
            .collect(),
    }))
}

/// 件 whose 保管期限 ends in the years from..=to (鉴定).
#[utoipa::path(get, path = "/api/v1/archive/due", tag = "档案",
    params(("from" = i32, Query, description = "year"), ("to" = i32, Query, description = "year")),
    responses((status = 200, body = [RecordDto]), (status = 422, body = ErrorDto)))]
async fn due(State(app): State<App>, Me(p): Me, Query(q): Query<ArchiveQuery>) -> ApiResult<Vec<RecordDto>> {
    let year = |s: &str, label: &str| {
        s.trim().parse::<i32>().map_err(|_| {
            WebError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, format!("{label}“{s}”应为四位年份。")).api()
        })
    };
    let (from, to) = (year(&q.from, "from")?, year(&q.to, "to")?);
    let list = api(app.archive_due(&p, from, to).await)?;
    Ok(axum::Json(list.into_iter().map(RecordDto::from).collect()))
}
