//! `/api/v1`: JSON for scripts and other systems. Same use cases and access rules as the pages;
//! authenticated by a session cookie (with CSRF) or a bearer token.

use crate::error::WebError;
use crate::extract::{Json, Query};
use crate::session::Me;
use crate::view::html;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use zs_app::org::UserInput;
use zs_app::{App, AuditFilter, UserFilter};
use zs_domain::Role;

mod affairs;
mod archive;
mod documents;
mod meetings;
mod proof;
mod search;
mod tracking;

pub fn routes() -> Router<App> {
    Router::new()
        .merge(documents::routes())
        .merge(affairs::routes())
        .merge(meetings::routes())
        .merge(archive::routes())
        .merge(search::routes())
        .merge(proof::routes())
        .merge(tracking::routes())
        .route("/openapi.json", get(openapi))
        .route("/docs", get(docs))
        .route("/me", get(me))
        .route("/units", get(units))
        .route("/users", get(users).post(create_user))
        .route("/calendar/{year}", get(calendar_year))
        .route("/calendar/add", get(calendar_add))
        .route("/calendar/between", get(calendar_between))
        .route("/audit", get(audit))
        .route("/test/clock", axum::routing::post(test_clock))
        .fallback(crate::error::not_found)
}

pub(crate) type ApiResult<T> = Result<axum::Json<T>, WebError>;

pub(crate) fn api<T>(r: zs_app::Result<T>) -> Result<T, WebError> {
    r.map_err(|e| WebError::from(e).api())
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "中枢 API",
        version = "1",
        description = "中枢办公平台接口。认证：请求头 `Authorization: Bearer 令牌`（在“我的账户”中创建），或浏览器会话（修改类请求须带 `X-CSRF-Token`）。错误时返回 `{\"error\": \"中文说明\"}` 和 4xx 状态码。"
    ),
    paths(me, units, users, create_user, calendar_year, calendar_add, calendar_between, audit),
    components(schemas(
        MeDto,
        UnitDto,
        UserDto,
        UserPage,
        NewUser,
        CreatedUser,
        YearDto,
        SpanDto,
        DateDto,
        CountDto,
        AuditDto,
        AuditPage,
        ErrorDto
    ))
)]
struct ApiDoc;

/// An error answer.
#[derive(Serialize, ToSchema)]
pub(crate) struct ErrorDto {
    /// What was wrong and what to do, in Chinese.
    error: String,
}

/// The whole API description: the core and each module's part.
fn spec() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(documents::DocApi::openapi());
    doc.merge(affairs::AffairsApi::openapi());
    doc.merge(meetings::MeetingApi::openapi());
    doc.merge(tracking::TrackingApi::openapi());
    doc.merge(archive::ArchiveApi::openapi());
    doc.merge(search::SearchApi::openapi());
    doc.merge(proof::ProofApi::openapi());
    doc
}

async fn openapi() -> Response {
    axum::Json(spec()).into_response()
}

#[derive(Serialize, ToSchema)]
struct MeDto {
    id: String,
    username: String,
    name: String,
    unit_id: String,
    unit_name: String,
    roles: Vec<String>,
    clearance: String,
    can_write: bool,
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "账户", responses((status = 200, body = MeDto), (status = 401, body = ErrorDto)))]
async fn me(Me(p): Me) -> ApiResult<MeDto> {
    Ok(axum::Json(MeDto {
        id: p.user.id.clone(),
        username: p.user.username.clone(),
        name: p.user.name.clone(),
        unit_id: p.user.unit_id.clone(),
        unit_name: p.unit_name.clone(),
        roles: p.user.roles.iter().map(|r| r.code().to_string()).collect(),
        clearance: p.user.clearance.code().into(),
        can_write: p.can_write,
    }))
}

#[derive(Serialize, ToSchema)]
struct UnitDto {
    id: String,
    parent_id: Option<String>,
    name: String,
    code: String,
    /// office, section, department, town, other
    kind: String,
    depth: usize,
    active: bool,
}

/// All units, depth-first in display order.
#[utoipa::path(get, path = "/api/v1/units", tag = "组织机构", responses((status = 200, body = [UnitDto])))]
async fn units(State(app): State<App>, Me(_p): Me) -> ApiResult<Vec<UnitDto>> {
    let tree = api(app.unit_tree().await)?;
    Ok(axum::Json(
        tree.into_iter()
            .map(|n| UnitDto {
                id: n.unit.id,
                parent_id: n.unit.parent_id,
                name: n.unit.name,
                code: n.unit.code,
                kind: n.unit.kind.code().into(),
                depth: n.depth,
                active: n.unit.active,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
struct UserDto {
    id: String,
    username: String,
    name: String,
    unit_id: String,
    position: String,
    phone: String,
    email: String,
    roles: Vec<String>,
    clearance: String,
    active: bool,
}

impl From<zs_domain::User> for UserDto {
    fn from(u: zs_domain::User) -> Self {
        UserDto {
            roles: u.roles.iter().map(|r| r.code().to_string()).collect(),
            clearance: u.clearance.code().into(),
            id: u.id,
            username: u.username,
            name: u.name,
            unit_id: u.unit_id,
            position: u.position,
            phone: u.phone,
            email: u.email,
            active: u.active,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct UserPage {
    total: i64,
    items: Vec<UserDto>,
}

#[derive(Deserialize, IntoParams)]
struct UserQuery {
    /// Name, login name, position or phone contains this.
    q: Option<String>,
    unit_id: Option<String>,
    /// Role code, e.g. liaison.
    role: Option<String>,
    /// 1-based page of 100.
    page: Option<i64>,
}

/// People visible to the caller (towns and departments see their own unit).
#[utoipa::path(get, path = "/api/v1/users", tag = "组织机构", params(UserQuery), responses((status = 200, body = UserPage)))]
async fn users(State(app): State<App>, Me(p): Me, Query(q): Query<UserQuery>) -> ApiResult<UserPage> {
    let f = UserFilter {
        unit_id: q.unit_id,
        text: q.q,
        role: q.role.as_deref().and_then(Role::from_code),
        include_inactive: false,
        limit: 100,
        offset: crate::extract::page_offset(q.page, 100),
    };
    let (list, total) = api(app.list_users(&p, &f).await)?;
    Ok(axum::Json(UserPage { total, items: list.into_iter().map(UserDto::from).collect() }))
}

#[derive(Deserialize, ToSchema)]
struct NewUser {
    username: String,
    name: String,
    unit_id: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    /// Role codes.
    #[serde(default)]
    roles: Vec<String>,
}

#[derive(Serialize, ToSchema)]
struct CreatedUser {
    user: UserDto,
    /// One-time initial password; it is not stored in clear and is shown only here.
    initial_password: String,
}

/// Create an account (system administrator, write token).
#[utoipa::path(post, path = "/api/v1/users", tag = "组织机构", request_body = NewUser,
    responses((status = 200, body = CreatedUser), (status = 403, body = ErrorDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn create_user(State(app): State<App>, Me(p): Me, Json(b): Json<NewUser>) -> ApiResult<CreatedUser> {
    let mut roles = Vec::new();
    for code in &b.roles {
        let r = Role::from_code(code).ok_or_else(|| {
            WebError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, format!("角色“{code}”不存在。")).api()
        })?;
        roles.push(r);
    }
    let input = UserInput {
        username: b.username,
        name: b.name,
        unit_id: b.unit_id,
        position: b.position,
        phone: b.phone,
        email: b.email,
        roles,
        active: true,
    };
    let (user, password) = api(app.create_user(&p, &input).await)?;
    Ok(axum::Json(CreatedUser { user: user.into(), initial_password: password }))
}

#[derive(Serialize, ToSchema)]
struct SpanDto {
    start: String,
    end: String,
    name: String,
}

#[derive(Serialize, ToSchema)]
struct YearDto {
    year: i32,
    /// Whether holiday data exists for the year (else only weekends are known).
    covered: bool,
    workdays: usize,
    off: Vec<SpanDto>,
    work: Vec<SpanDto>,
}

/// A year's holidays and makeup working days.
#[utoipa::path(get, path = "/api/v1/calendar/{year}", tag = "工作日历", params(("year" = i32, Path, description = "e.g. 2026")), responses((status = 200, body = YearDto)))]
async fn calendar_year(State(app): State<App>, Me(_p): Me, Path(year): Path<String>) -> ApiResult<YearDto> {
    let year: i32 = year.parse().map_err(|_| WebError::bad_request(format!("年份“{year}”不是数字。")).api())?;
    let view = api(app.calendar_year_view(year).await)?;
    let cal = app.calendar();
    let spans = |v: &[zs_calendar::Span]| {
        v.iter().map(|s| SpanDto { start: s.start.to_string(), end: s.end.to_string(), name: s.name.clone() }).collect()
    };
    let (off, work) = cal.year_data(year).map(|d| (spans(&d.off), spans(&d.work))).unwrap_or_default();
    Ok(axum::Json(YearDto { year, covered: view.covered, workdays: view.workdays, off, work }))
}

fn parse_date(s: &str, field: &str) -> Result<NaiveDate, WebError> {
    zs_domain::time::parse_date(s).ok_or_else(|| {
        WebError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            format!("{field}“{s}”不是有效日期，应为 YYYY-MM-DD。"),
        )
        .api()
    })
}

#[derive(Deserialize, IntoParams)]
struct AddQuery {
    /// YYYY-MM-DD
    from: String,
    /// Working days to add (negative counts back).
    days: i64,
}

#[derive(Serialize, ToSchema)]
struct DateDto {
    date: String,
    is_workday: bool,
}

/// The date `days` working days after `from` (调休 included).
#[utoipa::path(get, path = "/api/v1/calendar/add", tag = "工作日历", params(AddQuery), responses((status = 200, body = DateDto)))]
async fn calendar_add(State(app): State<App>, Me(_p): Me, Query(q): Query<AddQuery>) -> ApiResult<DateDto> {
    let from = parse_date(&q.from, "from")?;
    if q.days.abs() > 3650 {
        return Err(WebError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "days 的绝对值不能超过3650。").api());
    }
    let cal = app.calendar();
    let d = cal.add_working_days(from, q.days);
    Ok(axum::Json(DateDto { date: d.to_string(), is_workday: cal.is_workday(d) }))
}

#[derive(Deserialize, IntoParams)]
struct BetweenQuery {
    from: String,
    to: String,
}

#[derive(Serialize, ToSchema)]
struct CountDto {
    /// Working days in (from, to]; negative when to is before from.
    working_days: i64,
}

/// Working days between two dates.
#[utoipa::path(get, path = "/api/v1/calendar/between", tag = "工作日历", params(BetweenQuery), responses((status = 200, body = CountDto)))]
async fn calendar_between(State(app): State<App>, Me(_p): Me, Query(q): Query<BetweenQuery>) -> ApiResult<CountDto> {
    let from = parse_date(&q.from, "from")?;
    let to = parse_date(&q.to, "to")?;
    if (to - from).num_days().abs() > 36_500 {
        return Err(WebError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "两个日期相距不能超过100年。").api());
    }
    Ok(axum::Json(CountDto { working_days: app.calendar().working_days_between(from, to) }))
}

#[derive(Serialize, ToSchema)]
struct AuditDto {
    seq: i64,
    at_ms: i64,
    actor_id: Option<String>,
    actor_name: String,
    action: String,
    target_kind: String,
    target_id: String,
    detail: String,
    ip: String,
    hash: String,
}

#[derive(Serialize, ToSchema)]
struct AuditPage {
    total: i64,
    items: Vec<AuditDto>,
}

#[derive(Deserialize, IntoParams)]
struct AuditQuery {
    actor: Option<String>,
    /// Action code prefix, e.g. `auth.`
    action: Option<String>,
    target_id: Option<String>,
    /// UTC milliseconds, inclusive.
    from_ms: Option<i64>,
    /// UTC milliseconds, exclusive.
    to_ms: Option<i64>,
    page: Option<i64>,
}

/// The audit trail, newest first (安全审计员 only).
#[utoipa::path(get, path = "/api/v1/audit", tag = "安全审计", params(AuditQuery), responses((status = 200, body = AuditPage), (status = 403, body = ErrorDto)))]
async fn audit(State(app): State<App>, Me(p): Me, Query(q): Query<AuditQuery>) -> ApiResult<AuditPage> {
    let f = AuditFilter {
        actor: q.actor,
        action: q.action,
        target_id: q.target_id,
        ip: None,
        from_ms: q.from_ms,
        to_ms: q.to_ms,
        limit: 200,
        offset: crate::extract::page_offset(q.page, 200),
    };
    let (events, total) = api(app.audit_list(&p, &f).await)?;
    let items = events
        .into_iter()
        .map(|e| AuditDto {
            seq: e.seq,
            at_ms: e.at_ms,
            actor_id: e.actor_id,
            actor_name: e.actor_name,
            action: e.action,
            target_kind: e.target_kind,
            target_id: e.target_id,
            detail: e.detail,
            ip: e.ip,
            hash: e.hash,
        })
        .collect();
    Ok(axum::Json(AuditPage { total, items }))
}

/// One operation as the docs page lists it.
pub struct OpView {
    pub method: String,
    pub path: String,
    pub tag: String,
    pub summary: String,
    pub params: Vec<String>,
    pub body: String,
    pub responses: Vec<String>,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct DocsPage {
    description: String,
    ops: Vec<OpView>,
    schemas: Vec<(String, String)>,
}

/// A readable page built from the OpenAPI document itself, so it cannot drift from it.
async fn docs() -> Response {
    let doc = serde_json::to_value(spec()).unwrap_or_default();
    let mut ops = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for (path, item) in paths {
            for (method, op) in item.as_object().into_iter().flatten() {
                let name =
                    |r: &serde_json::Value| r["$ref"].as_str().map(|s| s.rsplit('/').next().unwrap_or(s).to_string());
                ops.push(OpView {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    tag: op["tags"][0].as_str().unwrap_or("").into(),
                    summary: op["summary"].as_str().or(op["description"].as_str()).unwrap_or("").into(),
                    params: op["parameters"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|p| {
                            let req = if p["required"].as_bool() == Some(true) { "（必填）" } else { "" };
                            format!(
                                "{} [{}]{} {}",
                                p["name"].as_str().unwrap_or(""),
                                p["in"].as_str().unwrap_or(""),
                                req,
                                p["description"].as_str().unwrap_or("")
                            )
                        })
                        .collect(),
                    body: name(&op["requestBody"]["content"]["application/json"]["schema"]).unwrap_or_default(),
                    responses: op["responses"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(code, r)| {
                            let schema = r["content"]["application/json"]["schema"].clone();
                            let n = name(&schema)
                                .or_else(|| name(&schema["items"]).map(|n| format!("[{n}]")))
                                .unwrap_or_default();
                            format!("{code} {n}")
                        })
                        .collect(),
                });
            }
        }
    }
    ops.sort_by(|a, b| (&a.tag, &a.path).cmp(&(&b.tag, &b.path)));
    let schemas = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), serde_json::to_string_pretty(v).unwrap_or_default()))
        .collect();
    html(&DocsPage { description: doc["info"]["description"].as_str().unwrap_or("").into(), ops, schemas })
}

#[derive(Deserialize)]
struct ClockBody {
    /// YYYY-MM-DD: today becomes this date, at the present time of day.
    #[serde(default)]
    today: String,
    /// 2026-11-25T08:40 (Shanghai): the clock is set to this moment (sign-in windows, 回执 deadlines).
    #[serde(default)]
    at: String,
}

/// Test clock (only with `ZHONGSHU_TEST_CLOCK=1`): make deadline "today" a given date, then sweep
/// warnings and reminders as the periodic job would. Not in the OpenAPI document: never in production.
async fn test_clock(State(app): State<App>, Me(_p): Me, Json(b): Json<ClockBody>) -> ApiResult<serde_json::Value> {
    if b.at.trim().is_empty() {
        api(app.set_test_today(parse_date(&b.today, "today")?))?;
    } else {
        let at = zs_domain::time::parse_date_time(&b.at).ok_or_else(|| {
            WebError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "时间格式应为 2026-11-25T08:40。").api()
        })?;
        api(app.set_test_time(at))?;
    }
    let r = api(app.sweep_reminders().await)?;
    Ok(axum::Json(
        serde_json::json!({ "today": app.today().to_string(), "now": zs_domain::time::format_ms(app.clock_ms()), "reminders": r.reminders, "warnings_changed": r.warnings_changed }),
    ))
}
