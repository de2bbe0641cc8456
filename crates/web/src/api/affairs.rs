//! `/api/v1/affairs`: 信息报送 (items, steps, edits, adoption, journals and issues, scores and rules, 约稿) and
//! 公务接待 (receptions, steps, 接待清单, standards, statistics). The same inputs as the pages
//! (`crate::input::affairs`), the same use cases and access rules.

use super::{api, ApiResult, ErrorDto};
use crate::error::WebError;
use crate::extract::{page_offset, Json, Query};
use crate::input::affairs::{
    ActivityInput, AdoptionInput, InfoInput, InfoStepInput, IssueStepInput, PlanInput, ReceptionStepInput, VisitorInput,
};
use crate::session::Me;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use zs_app::affairs::{ItemFilter, JournalInput, NewCommission, NewInfo, NewIssue, ReceptionFilter};
use zs_app::App;
use zs_domain::affairs::info::{InfoCategory, InfoItem, InfoState, Period};
use zs_domain::affairs::journal::JournalIssue;
use zs_domain::affairs::reception::{Reception, ReceptionState, Standards};
use zs_domain::workflow::Label;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/affairs/info", get(list_info).post(submit))
        .route("/affairs/info/{id}", get(show_info).put(edit_info))
        .route("/affairs/info/{id}/steps", post(step_info))
        .route("/affairs/info/{id}/adoptions", post(adopt))
        .route("/affairs/journals", get(journals).post(create_journal))
        .route("/affairs/issues", post(create_issue))
        .route("/affairs/issues/{id}", get(show_issue))
        .route("/affairs/issues/{id}/items", post(place))
        .route("/affairs/issues/{id}/items/{item_id}", axum::routing::delete(remove))
        .route("/affairs/issues/{id}/steps", post(step_issue))
        .route("/affairs/issues/{id}/pdf", get(issue_pdf))
        .route("/affairs/scores", get(scores))
        .route("/affairs/score-rules", get(rules).put(set_rules))
        .route("/affairs/commissions", post(commission))
        .route("/affairs/receptions", get(list_receptions).post(create_reception))
        .route("/affairs/receptions/{id}", get(show_reception).put(update_reception))
        .route("/affairs/receptions/{id}/steps", post(step_reception))
        .route("/affairs/receptions/{id}/list", put(record_list))
        .route("/affairs/receptions/{id}/list.pdf", get(list_pdf))
        .route("/affairs/reception-stats", get(reception_stats))
        .route("/affairs/reception-standards", get(standards).put(set_standards))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_info,
        submit,
        show_info,
        edit_info,
        step_info,
        adopt,
        journals,
        create_journal,
        create_issue,
        show_issue,
        place,
        remove,
        step_issue,
        issue_pdf,
        scores,
        rules,
        set_rules,
        commission,
        list_receptions,
        create_reception,
        show_reception,
        update_reception,
        step_reception,
        record_list,
        list_pdf,
        reception_stats,
        standards,
        set_standards
    ),
    components(schemas(
        InfoInput,
        InfoStepInput,
        AdoptionInput,
        IssueStepInput,
        ReceptionStepInput,
        PlanInput,
        VisitorInput,
        ActivityInput,
        InfoDto,
        InfoPage,
        InfoFindingDto,
        SubmittedDto,
        InfoDetailDto,
        InfoScoreDto,
        JournalDto,
        JournalBody,
        IssueBody,
        IssueDto,
        PlaceBody,
        ScoreLineDto,
        ScoreRuleDto,
        RulesBody,
        CommissionBody,
        AffairsIdDto,
        ReceptionDto,
        ReceptionPage,
        ReceptionStatDto,
        ReceptionStatsDto,
        StandardsDto
    ))
)]
pub struct AffairsApi;

fn bad(msg: impl Into<String>) -> WebError {
    WebError::new(StatusCode::UNPROCESSABLE_ENTITY, msg).api()
}

/// An information item.
#[derive(Serialize, ToSchema)]
struct InfoDto {
    id: String,
    unit_id: String,
    author_name: String,
    category: String,
    title: String,
    body: String,
    state: String,
    state_label: String,
    version: i64,
    commission_id: Option<String>,
    /// YYYY-MM-DD
    submitted_on: String,
    /// The reason of the last 退回 or 不采用.
    note: String,
}

impl From<&InfoItem> for InfoDto {
    fn from(i: &InfoItem) -> Self {
        InfoDto {
            id: i.id.clone(),
            unit_id: i.unit_id.clone(),
            author_name: i.author_name.clone(),
            category: i.category.code().into(),
            title: i.title.clone(),
            body: i.body.clone(),
            state: i.state.code().into(),
            state_label: i.state.label().into(),
            version: i.version,
            commission_id: i.commission_id.clone(),
            submitted_on: i.submitted_on.to_string(),
            note: i.note.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
struct InfoPage {
    total: i64,
    items: Vec<InfoDto>,
}

#[derive(Deserialize, IntoParams)]
struct InfoQuery {
    /// A state code, e.g. submitted.
    state: Option<String>,
    category: Option<String>,
    /// Title or body contains this.
    q: Option<String>,
    /// 1-based page of 50.
    page: Option<i64>,
}

/// Items the caller may see (a unit its own; the 信息科 and the office all), newest first.
#[utoipa::path(get, path = "/api/v1/affairs/info", tag = "信息报送", params(InfoQuery), responses((status = 200, body = InfoPage)))]
async fn list_info(State(app): State<App>, Me(p): Me, Query(q): Query<InfoQuery>) -> ApiResult<InfoPage> {
    let f = ItemFilter {
        states: q.state.as_deref().and_then(InfoState::from_code).into_iter().collect(),
        category: q.category.as_deref().and_then(InfoCategory::from_code),
        text: q.q,
        limit: 50,
        offset: page_offset(q.page, 50),
        ..Default::default()
    };
    let (items, total) = api(app.info_items(&p, f).await)?;
    Ok(axum::Json(InfoPage { total, items: items.iter().map(InfoDto::from).collect() }))
}

/// A proofreading finding (advice; it never blocks a submission).
#[derive(Serialize, ToSchema)]
struct InfoFindingDto {
    /// error, warning or info
    severity: String,
    line: usize,
    column: usize,
    text: String,
    message: String,
    suggestions: Vec<String>,
}

fn findings(f: &[zs_app::affairs::Finding]) -> Vec<InfoFindingDto> {
    f.iter()
        .map(|f| InfoFindingDto {
            severity: format!("{:?}", f.severity).to_lowercase(),
            line: f.line,
            column: f.column,
            text: f.text.clone(),
            message: f.message.clone(),
            suggestions: f.suggestions.clone(),
        })
        .collect()
}

#[derive(Serialize, ToSchema)]
struct SubmittedDto {
    item: InfoDto,
    findings: Vec<InfoFindingDto>,
}

/// 报送 (a unit's liaison). 紧急信息 notifies the 信息科 at once; the proofreader's findings come back.
#[utoipa::path(post, path = "/api/v1/affairs/info", tag = "信息报送", request_body = InfoInput,
    responses((status = 201, body = SubmittedDto), (status = 403, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn submit(State(app): State<App>, Me(p): Me, Json(b): Json<InfoInput>) -> Result<Response, WebError> {
    let n = NewInfo {
        category: b.category().map_err(WebError::api)?,
        title: b.title,
        body: b.body,
        commission_id: Some(b.commission_id).filter(|s| !s.trim().is_empty()),
    };
    let s = api(app.submit_info(&p, &n).await)?;
    let dto = SubmittedDto { item: (&s.item).into(), findings: findings(&s.findings) };
    Ok((StatusCode::CREATED, axum::Json(dto)).into_response())
}

#[derive(Serialize, ToSchema)]
struct InfoScoreDto {
    /// journal, reported, adopted, instruction
    kind: String,
    /// county, city, province, national
    level: String,
    outlet: String,
    on_date: String,
    points: i64,
}

#[derive(Serialize, ToSchema)]
struct InfoDetailDto {
    item: InfoDto,
    /// Step codes the caller may take now (for `POST …/steps`).
    actions: Vec<String>,
    /// The caller may save a new version now (`PUT`).
    editable: bool,
    versions: Vec<i64>,
    scores: Vec<InfoScoreDto>,
    /// Issues it was placed in, e.g. 《青禾政务信息》2026年第12期.
    issues: Vec<String>,
    findings: Vec<InfoFindingDto>,
}

/// An item with what the caller may do now.
#[utoipa::path(get, path = "/api/v1/affairs/info/{id}", tag = "信息报送",
    responses((status = 200, body = InfoDetailDto), (status = 404, body = ErrorDto)))]
async fn show_info(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> ApiResult<InfoDetailDto> {
    let v = api(app.info_item(&p, &id).await)?;
    Ok(axum::Json(InfoDetailDto {
        item: (&v.item).into(),
        actions: v.actions.iter().map(|a| a.code().to_string()).collect(),
        editable: v.may_edit,
        versions: v.versions.iter().map(|r| r.version).collect(),
        scores: v
            .scores
            .iter()
            .map(|s| InfoScoreDto {
                kind: s.kind.clone(),
                level: s.level.clone(),
                outlet: s.outlet.clone(),
                on_date: s.on_date.clone(),
                points: s.points,
            })
            .collect(),
        issues: v.issues.iter().map(|i| i.1.clone()).collect(),
        findings: findings(&v.findings),
    }))
}

/// Save a new version (信息科 edit, or the unit's revision of a returned item); `version` is the one read.
#[utoipa::path(put, path = "/api/v1/affairs/info/{id}", tag = "信息报送", request_body = InfoInput,
    responses((status = 200, body = InfoDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn edit_info(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(b): Json<InfoInput>,
) -> ApiResult<InfoDto> {
    let (category, version) = (b.category().map_err(WebError::api)?, b.version().map_err(WebError::api)?);
    let item = api(app.edit_info(&p, &id, category, &b.title, &b.body, version).await)?;
    Ok(axum::Json((&item).into()))
}

/// 录用 / 退回 / 不采用 / 撤回 / 重新报送.
#[utoipa::path(post, path = "/api/v1/affairs/info/{id}/steps", tag = "信息报送", request_body = InfoStepInput,
    responses((status = 200, body = InfoDto), (status = 403, body = ErrorDto), (status = 409, body = ErrorDto)))]
async fn step_info(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(b): Json<InfoStepInput>,
) -> ApiResult<InfoDto> {
    let s = b.step().map_err(WebError::api)?;
    let item = api(app.step_info(&p, &id, s).await)?;
    Ok(axum::Json((&item).into()))
}

/// Record 上报, 上级采用 or a 批示; points by the rules in force.
#[utoipa::path(post, path = "/api/v1/affairs/info/{id}/adoptions", tag = "信息报送", request_body = AdoptionInput,
    responses((status = 201, body = InfoScoreDto), (status = 403, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn adopt(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(b): Json<AdoptionInput>,
) -> Result<Response, WebError> {
    let a = b.adoption(app.today()).map_err(WebError::api)?;
    let s = api(app.record_adoption(&p, &id, &a).await)?;
    let dto = InfoScoreDto { kind: s.kind, level: s.level, outlet: s.outlet, on_date: s.on_date, points: s.points };
    Ok((StatusCode::CREATED, axum::Json(dto)).into_response())
}

#[derive(Serialize, ToSchema)]
struct JournalDto {
    id: String,
    name: String,
    mark: String,
    editor: String,
    distribution: String,
    active: bool,
}

/// Journals.
#[utoipa::path(get, path = "/api/v1/affairs/journals", tag = "信息报送", responses((status = 200, body = [JournalDto])))]
async fn journals(State(app): State<App>, Me(_p): Me) -> ApiResult<Vec<JournalDto>> {
    let list = api(app.journals().await)?;
    Ok(axum::Json(
        list.into_iter()
            .map(|j| JournalDto {
                id: j.id,
                name: j.name,
                mark: j.mark,
                editor: j.editor,
                distribution: j.distribution,
                active: j.active,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
struct JournalBody {
    name: String,
    #[serde(default)]
    mark: String,
    editor: String,
    #[serde(default)]
    distribution: String,
    /// Points for an item in an issued number.
    #[serde(default)]
    points: i64,
}

/// A new journal (信息科).
#[utoipa::path(post, path = "/api/v1/affairs/journals", tag = "信息报送", request_body = JournalBody,
    responses((status = 201, body = JournalDto), (status = 409, body = ErrorDto)))]
async fn create_journal(State(app): State<App>, Me(p): Me, Json(b): Json<JournalBody>) -> Result<Response, WebError> {
    let j =
        JournalInput { name: b.name, mark: b.mark, editor: b.editor, distribution: b.distribution, points: b.points };
    let j = api(app.create_journal(&p, &j).await)?;
    let dto = JournalDto {
        id: j.id,
        name: j.name,
        mark: j.mark,
        editor: j.editor,
        distribution: j.distribution,
        active: j.active,
    };
    Ok((StatusCode::CREATED, axum::Json(dto)).into_response())
}

#[derive(Serialize, ToSchema)]
struct IssueDto {
    id: String,
    journal_id: String,
    year: i32,
    no: i64,
    /// 2026年第12期
    label: String,
    title: String,
    state: String,
    state_label: String,
    distribution: String,
    /// 签发: name, date (YYYY-MM-DD), opinion.
    sign_off: Option<[String; 3]>,
    note: String,
    item_ids: Vec<String>,
    /// Step codes the caller may take now.
    actions: Vec<String>,
}

fn issue_dto(s: &JournalIssue, item_ids: Vec<String>, actions: Vec<String>) -> IssueDto {
    IssueDto {
        id: s.id.clone(),
        journal_id: s.journal_id.clone(),
        year: s.year,
        no: s.no,
        label: s.label(),
        title: s.title.clone(),
        state: s.state.code().into(),
        state_label: s.state.label().into(),
        distribution: s.distribution.clone(),
        sign_off: s.sign_off.as_ref().map(|o| [o.name.clone(), o.date.to_string(), o.opinion.clone()]),
        note: s.note.clone(),
        item_ids,
        actions,
    }
}

#[derive(Deserialize, ToSchema)]
struct IssueBody {
    journal_id: String,
    /// Default: this year.
    year: Option<i32>,
    /// Default: the next free 期号; a used one is refused (409).
    no: Option<i64>,
    #[serde(default)]
    title: String,
    /// Default: the journal's.
    distribution: Option<String>,
}

/// A new issue in 编辑中 (信息科).
#[utoipa::path(post, path = "/api/v1/affairs/issues", tag = "信息报送", request_body = IssueBody,
    responses((status = 201, body = IssueDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn create_issue(State(app): State<App>, Me(p): Me, Json(b): Json<IssueBody>) -> Result<Response, WebError> {
    let n = NewIssue { journal_id: b.journal_id, year: b.year, no: b.no, title: b.title, distribution: b.distribution };
    let s = api(app.create_issue(&p, &n).await)?;
    Ok((StatusCode::CREATED, axum::Json(issue_dto(&s, Vec::new(), Vec::new()))).into_response())
}

/// An issue with its items (信息科 and the office).
#[utoipa::path(get, path = "/api/v1/affairs/issues/{id}", tag = "信息报送",
    responses((status = 200, body = IssueDto), (status = 404, body = ErrorDto)))]
async fn show_issue(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> ApiResult<IssueDto> {
    let v = api(app.journal_issue(&p, &id).await)?;
    let ids = v.items.iter().map(|(i, _)| i.id.clone()).collect();
    Ok(axum::Json(issue_dto(&v.issue, ids, v.actions.iter().map(|a| a.code().to_string()).collect())))
}

#[derive(Deserialize, ToSchema)]
struct PlaceBody {
    item_id: String,
}

/// Place an item last in the issue; twice in one issue is refused (409).
#[utoipa::path(post, path = "/api/v1/affairs/issues/{id}/items", tag = "信息报送", request_body = PlaceBody,
    responses((status = 200, body = InfoDto), (status = 409, body = ErrorDto)))]
async fn place(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(b): Json<PlaceBody>,
) -> ApiResult<InfoDto> {
    let item = api(app.place_item(&p, &id, &b.item_id).await)?;
    Ok(axum::Json((&item).into()))
}

/// Take an item out of an issue being edited.
#[utoipa::path(delete, path = "/api/v1/affairs/issues/{id}/items/{item_id}", tag = "信息报送",
    responses((status = 204), (status = 409, body = ErrorDto)))]
async fn remove(
    State(app): State<App>,
    Me(p): Me,
    Path((id, item_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    api(app.remove_item(&p, &id, &item_id).await)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// 送审核 / 审核通过 / 退回 / 签发印发 (issuing publishes the items and scores them).
#[utoipa::path(post, path = "/api/v1/affairs/issues/{id}/steps", tag = "信息报送", request_body = IssueStepInput,
    responses((status = 200, body = IssueDto), (status = 403, body = ErrorDto), (status = 409, body = ErrorDto)))]
async fn step_issue(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(b): Json<IssueStepInput>,
) -> ApiResult<IssueDto> {
    let s = b.step().map_err(WebError::api)?;
    let issue = api(app.step_issue(&p, &id, s).await)?;
    Ok(axum::Json(issue_dto(&issue, Vec::new(), Vec::new())))
}

/// The issue as PDF in the 简报 layout.
#[utoipa::path(get, path = "/api/v1/affairs/issues/{id}/pdf", tag = "信息报送",
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = ErrorDto)))]
async fn issue_pdf(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let (bytes, name) = api(app.issue_pdf(&p, &id).await)?;
    Ok(crate::pages::file_response(bytes, &name, "application/pdf"))
}

#[derive(Deserialize, IntoParams)]
struct PeriodQuery {
    /// Default: this year.
    year: Option<i32>,
    /// 1–4
    quarter: Option<u32>,
    /// 1–12
    month: Option<u32>,
}

#[derive(Serialize, ToSchema)]
struct ScoreLineDto {
    rank: usize,
    unit_id: String,
    unit: String,
    submitted: i64,
    county: i64,
    city: i64,
    province: i64,
    national: i64,
    instructions: i64,
    points: i64,
}

/// The score table of a period, ranked.
#[utoipa::path(get, path = "/api/v1/affairs/scores", tag = "信息报送", params(PeriodQuery),
    responses((status = 200, body = [ScoreLineDto]), (status = 422, body = ErrorDto)))]
async fn scores(State(app): State<App>, Me(p): Me, Query(q): Query<PeriodQuery>) -> ApiResult<Vec<ScoreLineDto>> {
    use chrono::Datelike;
    let period =
        Period::new(q.year.unwrap_or_else(|| app.today().year()), q.quarter, q.month).map_err(|e| bad(e.message))?;
    let t = api(app.score_table(&p, period).await)?;
    Ok(axum::Json(
        t.lines
            .into_iter()
            .map(|l| ScoreLineDto {
                rank: l.rank,
                unit_id: l.unit_id,
                unit: l.unit,
                submitted: l.submitted,
                county: l.county,
                city: l.city,
                province: l.province,
                national: l.national,
                instructions: l.instructions,
                points: l.points,
            })
            .collect(),
    ))
}

#[derive(Serialize, Deserialize, ToSchema)]
struct ScoreRuleDto {
    /// e.g. adopted:city, instruction:national, journal:{id}
    key: String,
    #[serde(default)]
    label: String,
    points: i64,
}

/// The scoring rules in force.
#[utoipa::path(get, path = "/api/v1/affairs/score-rules", tag = "信息报送", responses((status = 200, body = [ScoreRuleDto])))]
async fn rules(State(app): State<App>, Me(_p): Me) -> ApiResult<Vec<ScoreRuleDto>> {
    let r = api(app.score_rules().await)?;
    Ok(axum::Json(r.into_iter().map(|r| ScoreRuleDto { key: r.key, label: r.label, points: r.points }).collect()))
}

#[derive(Deserialize, ToSchema)]
struct RulesBody {
    rules: Vec<ScoreRuleDto>,
}

#[derive(Serialize, ToSchema)]
struct AffairsIdDto {
    id: String,
    /// How many rules changed, for rule updates.
    changed: usize,
}

/// Change rules (信息科; audited). Applies to what is recorded from now on.
#[utoipa::path(put, path = "/api/v1/affairs/score-rules", tag = "信息报送", request_body = RulesBody,
    responses((status = 200, body = AffairsIdDto), (status = 403, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn set_rules(State(app): State<App>, Me(p): Me, Json(b): Json<RulesBody>) -> ApiResult<AffairsIdDto> {
    let changes: Vec<(String, i64)> = b.rules.into_iter().map(|r| (r.key, r.points)).collect();
    let n = api(app.set_score_rules(&p, &changes).await)?;
    Ok(axum::Json(AffairsIdDto { id: String::new(), changed: n }))
}

#[derive(Deserialize, ToSchema)]
struct CommissionBody {
    topic: String,
    #[serde(default)]
    requirement: String,
    unit_ids: Vec<String>,
    /// YYYY-MM-DD, a working day.
    due: String,
}

/// 约稿: a tracked item of kind 约稿 with one part per unit (信息科).
#[utoipa::path(post, path = "/api/v1/affairs/commissions", tag = "信息报送", request_body = CommissionBody,
    responses((status = 201, body = AffairsIdDto), (status = 403, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn commission(State(app): State<App>, Me(p): Me, Json(b): Json<CommissionBody>) -> Result<Response, WebError> {
    let due = crate::input::date(&b.due, "报送时限").map_err(WebError::api)?;
    let n = NewCommission { topic: b.topic, requirement: b.requirement, unit_ids: b.unit_ids, due };
    let t = api(app.create_commission(&p, &n).await)?;
    Ok((StatusCode::CREATED, axum::Json(AffairsIdDto { id: t.id, changed: 0 })).into_response())
}

/// A reception: its plan and 接待清单 (as `zs_domain::affairs::reception::Plan`, money in 分), the rules they
/// break, and the differences.
#[derive(Serialize, ToSchema)]
struct ReceptionDto {
    id: String,
    host_unit_id: String,
    state: String,
    state_label: String,
    #[schema(value_type = Object)]
    plan: serde_json::Value,
    #[schema(value_type = Object)]
    actual: Option<serde_json::Value>,
    /// What the plan breaks: rule, article, message.
    #[schema(value_type = Vec<Object>)]
    breaches: serde_json::Value,
    #[schema(value_type = Vec<Object>)]
    differences: serde_json::Value,
    #[schema(value_type = Object)]
    approval: Option<serde_json::Value>,
    #[schema(value_type = Object)]
    signature: Option<serde_json::Value>,
    note: String,
    /// Step codes the caller may take now.
    actions: Vec<String>,
}

fn reception_dto(
    r: &Reception,
    breaches: serde_json::Value,
    differences: serde_json::Value,
    actions: Vec<String>,
) -> ReceptionDto {
    let v = |x| serde_json::to_value(x).unwrap_or_default();
    ReceptionDto {
        id: r.id.clone(),
        host_unit_id: r.host_unit_id.clone(),
        state: r.state.code().into(),
        state_label: r.state.label().into(),
        plan: v(&r.plan),
        actual: r.actual.as_ref().map(v),
        breaches,
        differences,
        approval: r.approval.as_ref().map(|a| serde_json::to_value(a).unwrap_or_default()),
        signature: r.signature.as_ref().map(|a| serde_json::to_value(a).unwrap_or_default()),
        note: r.note.clone(),
        actions,
    }
}

#[derive(Serialize, ToSchema)]
struct ReceptionPage {
    total: i64,
    items: Vec<ReceptionDto>,
}

#[derive(Deserialize, IntoParams)]
struct ReceptionQuery {
    state: Option<String>,
    /// Visiting unit or 公函 number contains this.
    q: Option<String>,
    page: Option<i64>,
}

/// Receptions the caller may see (a department or town: those it hosts).
#[utoipa::path(get, path = "/api/v1/affairs/receptions", tag = "公务接待", params(ReceptionQuery), responses((status = 200, body = ReceptionPage)))]
async fn list_receptions(
    State(app): State<App>,
    Me(p): Me,
    Query(q): Query<ReceptionQuery>,
) -> ApiResult<ReceptionPage> {
    let f = ReceptionFilter {
        states: q.state.as_deref().and_then(ReceptionState::from_code).into_iter().collect(),
        text: q.q,
        limit: 50,
        offset: page_offset(q.page, 50),
        ..Default::default()
    };
    let (list, total) = api(app.receptions(&p, f).await)?;
    let items =
        list.iter().map(|r| reception_dto(r, serde_json::json!([]), serde_json::json!([]), Vec::new())).collect();
    Ok(axum::Json(ReceptionPage { total, items }))
}

/// 登记 (行政科 or a unit's liaison). Refused (422) without a 公函 number: scans are uploaded on the page.
#[utoipa::path(post, path = "/api/v1/affairs/receptions", tag = "公务接待", request_body = PlanInput,
    responses((status = 201, body = ReceptionDto), (status = 403, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn create_reception(State(app): State<App>, Me(p): Me, Json(b): Json<PlanInput>) -> Result<Response, WebError> {
    let plan = b.plan().map_err(WebError::api)?;
    let r = api(app.create_reception(&p, &plan, None).await)?;
    let v = api(app.reception(&p, &r.id).await)?;
    Ok((StatusCode::CREATED, axum::Json(detail(&v))).into_response())
}

fn detail(v: &zs_app::affairs::ReceptionView) -> ReceptionDto {
    reception_dto(
        &v.reception,
        serde_json::to_value(&v.breaches).unwrap_or_default(),
        serde_json::to_value(&v.differences).unwrap_or_default(),
        v.actions.iter().map(|a| a.code().to_string()).collect(),
    )
}

/// A reception with the rules its plan breaks and what the caller may do now.
#[utoipa::path(get, path = "/api/v1/affairs/receptions/{id}", tag = "公务接待",
    responses((status = 200, body = ReceptionDto), (status = 404, body = ErrorDto)))]
async fn show_reception(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> ApiResult<ReceptionDto> {
    let v = api(app.reception(&p, &id).await)?;
    Ok(axum::Json(detail(&v)))
}

/// Change a draft's plan (the 公函 scan, if any, is kept).
#[utoipa::path(put, path = "/api/v1/affairs/receptions/{id}", tag = "公务接待", request_body = PlanInput,
    responses((status = 200, body = ReceptionDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn update_reception(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(b): Json<PlanInput>,
) -> ApiResult<ReceptionDto> {
    let plan = b.plan().map_err(WebError::api)?;
    api(app.update_reception(&p, &id, &plan, None).await)?;
    let v = api(app.reception(&p, &id).await)?;
    Ok(axum::Json(detail(&v)))
}

/// 送审批 / 退回 / 批准 / 负责人签字 / 撤销. A plan breaking any rule cannot be submitted or approved (422).
#[utoipa::path(post, path = "/api/v1/affairs/receptions/{id}/steps", tag = "公务接待", request_body = ReceptionStepInput,
    responses((status = 200, body = ReceptionDto), (status = 403, body = ErrorDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn step_reception(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(b): Json<ReceptionStepInput>,
) -> ApiResult<ReceptionDto> {
    let s = b.step().map_err(WebError::api)?;
    api(app.step_reception(&p, &id, s).await)?;
    let v = api(app.reception(&p, &id).await)?;
    Ok(axum::Json(detail(&v)))
}

/// 填报接待清单: what actually happened, compared with the plan.
#[utoipa::path(put, path = "/api/v1/affairs/receptions/{id}/list", tag = "公务接待", request_body = PlanInput,
    responses((status = 200, body = ReceptionDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn record_list(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(b): Json<PlanInput>,
) -> ApiResult<ReceptionDto> {
    let actual = b.plan().map_err(WebError::api)?;
    api(app.record_reception_list(&p, &id, &actual).await)?;
    let v = api(app.reception(&p, &id).await)?;
    Ok(axum::Json(detail(&v)))
}

/// The 接待清单 as PDF, for reimbursement with the 公函.
#[utoipa::path(get, path = "/api/v1/affairs/receptions/{id}/list.pdf", tag = "公务接待",
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 409, body = ErrorDto)))]
async fn list_pdf(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let (bytes, name) = api(app.reception_list_pdf(&p, &id).await)?;
    Ok(crate::pages::file_response(bytes, &name, "application/pdf"))
}

#[derive(Serialize, ToSchema)]
struct ReceptionStatDto {
    key: String,
    receptions: i64,
    guests: i64,
    planned_fen: i64,
    actual_fen: i64,
}

#[derive(Serialize, ToSchema)]
struct ReceptionStatsDto {
    year: i32,
    by_month: Vec<ReceptionStatDto>,
    by_host: Vec<ReceptionStatDto>,
    by_visitor: Vec<ReceptionStatDto>,
}

#[derive(Deserialize, IntoParams)]
struct YearQuery {
    year: Option<i32>,
}

/// Receptions and costs per month, host unit and visiting unit.
#[utoipa::path(get, path = "/api/v1/affairs/reception-stats", tag = "公务接待", params(YearQuery), responses((status = 200, body = ReceptionStatsDto)))]
async fn reception_stats(
    State(app): State<App>,
    Me(p): Me,
    Query(q): Query<YearQuery>,
) -> ApiResult<ReceptionStatsDto> {
    use chrono::Datelike;
    let s = api(app.reception_stats(&p, q.year.unwrap_or_else(|| app.today().year())).await)?;
    let rows = |v: Vec<zs_app::affairs::StatRow>| {
        v.into_iter()
            .map(|r| ReceptionStatDto {
                key: r.key,
                receptions: r.receptions,
                guests: r.guests,
                planned_fen: r.planned_fen,
                actual_fen: r.actual_fen,
            })
            .collect()
    };
    Ok(axum::Json(ReceptionStatsDto {
        year: s.year,
        by_month: rows(s.by_month),
        by_host: rows(s.by_host),
        by_visitor: rows(s.by_visitor),
    }))
}

#[derive(Serialize, Deserialize, ToSchema)]
struct StandardsDto {
    /// 工作餐 per person per meal, 分.
    meal_fen: i64,
    /// Lodging per room per night, 分.
    room_fen: i64,
    /// Local additions to the forbidden items.
    #[serde(default)]
    forbidden: Vec<String>,
}

/// The local reception standards.
#[utoipa::path(get, path = "/api/v1/affairs/reception-standards", tag = "公务接待", responses((status = 200, body = StandardsDto)))]
async fn standards(State(app): State<App>, Me(_p): Me) -> ApiResult<StandardsDto> {
    let s = api(app.reception_standards().await)?;
    Ok(axum::Json(StandardsDto { meal_fen: s.meal_fen, room_fen: s.room_fen, forbidden: s.forbidden }))
}

/// Set the standards (行政科 or the office director; audited).
#[utoipa::path(put, path = "/api/v1/affairs/reception-standards", tag = "公务接待", request_body = StandardsDto,
    responses((status = 200, body = StandardsDto), (status = 403, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn set_standards(State(app): State<App>, Me(p): Me, Json(b): Json<StandardsDto>) -> ApiResult<StandardsDto> {
    let s = Standards { meal_fen: b.meal_fen, room_fen: b.room_fen, forbidden: b.forbidden };
    let s = api(app.set_reception_standards(&p, &s).await)?;
    Ok(axum::Json(StandardsDto { meal_fen: s.meal_fen, room_fen: s.room_fen, forbidden: s.forbidden }))
}
