//! `/api/v1/tracking`: 督查督办 for other systems and scripts — the list with the page's filters, one item with
//! its parts, history and the steps the caller may take, 立项交办, and every step. The same use cases as the
//! pages, so the same access rules: a unit sees and acts on its own parts only.

use super::{api, ApiResult, ErrorDto};
use crate::extract::{page_offset, Json, Query};
use crate::input::tracking::{ItemInput, ItemStepInput};
use crate::session::Me;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use zs_app::tracking::warning_label;
use zs_app::{App, ItemFilter};
use zs_domain::tracking::{Kind, State as ItemState, TrackedItem};
use zs_domain::workflow::Label;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/tracking/items", get(list).post(create))
        .route("/tracking/items/{id}", get(show))
        .route("/tracking/items/{id}/steps", post(take_step))
}

#[derive(OpenApi)]
#[openapi(
    paths(list, show, create, take_step),
    components(schemas(ItemDto, ItemPage, ItemDetail, EventDto, ItemInput, ItemStepInput))
)]
pub struct TrackingApi;

const PAGE: i64 = 50;

/// A tracked item: a whole matter (`unit_id` null) or one unit's part of it. Dates are YYYY-MM-DD.
#[derive(Serialize, ToSchema)]
struct ItemDto {
    id: String,
    parent_id: Option<String>,
    kind: String,
    kind_label: String,
    source_kind: String,
    source_id: String,
    source_title: String,
    title: String,
    requirement: String,
    /// 整改类别 code, if any.
    category: Option<String>,
    measures: String,
    unit_id: Option<String>,
    is_lead: bool,
    owner_name: String,
    leader_id: Option<String>,
    state: String,
    state_label: String,
    due: String,
    cycle: String,
    report_due: Option<String>,
    progress: i64,
    extension_count: i64,
    result: String,
    rule: String,
    closed_on: Option<String>,
    /// green, yellow, red; null when closed or not yet assigned.
    warning: Option<String>,
    warning_label: String,
}

impl From<&TrackedItem> for ItemDto {
    fn from(t: &TrackedItem) -> Self {
        ItemDto {
            id: t.id.clone(),
            parent_id: t.parent_id.clone(),
            kind: t.kind.code().into(),
            kind_label: t.kind.label().into(),
            source_kind: t.source_kind.clone(),
            source_id: t.source_id.clone(),
            source_title: t.source_title.clone(),
            title: t.title.clone(),
            requirement: t.requirement.clone(),
            category: t.category.map(|c| c.code().to_string()),
            measures: t.measures.clone(),
            unit_id: t.unit_id.clone(),
            is_lead: t.is_lead,
            owner_name: t.owner_name.clone(),
            leader_id: t.leader_id.clone(),
            state: t.state.code().into(),
            state_label: t.state.label().into(),
            due: t.due.to_string(),
            cycle: t.cycle.code(),
            report_due: t.report_due.map(|d| d.to_string()),
            progress: t.progress,
            extension_count: t.extension_count,
            result: t.result.clone(),
            rule: t.rule.clone(),
            closed_on: t.closed_on.map(|d| d.to_string()),
            warning: t.warning.map(|w| w.code().to_string()),
            warning_label: warning_label(t).into(),
        }
    }
}

#[derive(Serialize, ToSchema)]
struct ItemPage {
    total: i64,
    page: i64,
    items: Vec<ItemDto>,
}

/// One entry of an item's history.
#[derive(Serialize, ToSchema)]
struct EventDto {
    act: String,
    actor_name: String,
    /// Shanghai time, YYYY-MM-DDTHH:MM.
    at: String,
    text: String,
    progress: Option<i64>,
}

#[derive(Serialize, ToSchema)]
struct ItemDetail {
    item: ItemDto,
    /// Each unit's part, for a matter.
    parts: Vec<ItemDto>,
    events: Vec<EventDto>,
    /// Steps the caller may take now (`act` codes for `POST …/steps`).
    actions: Vec<String>,
    /// The pending extension request, if any: (requested deadline, reason).
    pending_extension: Option<(String, String)>,
}

#[derive(Deserialize, IntoParams)]
struct ListQuery {
    /// Title or requirement contains this.
    q: Option<String>,
    /// Kind code, e.g. supervision, rectification.
    kind: Option<String>,
    /// State code, e.g. assigned, in_progress, closed.
    state: Option<String>,
    /// Only this unit's.
    unit: Option<String>,
    /// Only open items (any value).
    open: Option<String>,
    /// Only yellow or red (any value).
    warned: Option<String>,
    /// 1-based page of 50.
    page: Option<i64>,
}

/// Items the caller may see: the office sees whole matters and every part, a unit its own parts.
#[utoipa::path(get, path = "/api/v1/tracking/items", tag = "督查督办", params(ListQuery),
    responses((status = 200, body = ItemPage)))]
async fn list(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> ApiResult<ItemPage> {
    let f = ItemFilter {
        kind: q.kind.as_deref().and_then(Kind::from_code),
        states: q.state.as_deref().and_then(ItemState::from_code).into_iter().collect(),
        open_only: q.open.is_some(),
        unit_id: q.unit.filter(|s| !s.is_empty()),
        text: q.q,
        warned: q.warned.is_some(),
        limit: PAGE,
        offset: page_offset(q.page, PAGE),
        ..Default::default()
    };
    let (items, total) = api(app.list_items(&p, f).await)?;
    Ok(axum::Json(ItemPage { total, page: q.page.unwrap_or(1).max(1), items: items.iter().map(Into::into).collect() }))
}

async fn detail(app: &App, p: &zs_app::Principal, id: &str) -> Result<ItemDetail, crate::error::WebError> {
    let v = api(app.item(p, id).await)?;
    Ok(ItemDetail {
        item: (&v.item).into(),
        parts: v.parts.iter().map(Into::into).collect(),
        events: v
            .events
            .iter()
            .map(|e| EventDto {
                act: e.act.clone(),
                actor_name: e.actor_name.clone(),
                at: zs_domain::time::local(e.at_ms).format("%Y-%m-%dT%H:%M").to_string(),
                text: e.text.clone(),
                progress: e.progress,
            })
            .collect(),
        actions: v
            .actions
            .iter()
            .map(|a| a.code().to_string())
            .chain(v.may_decide_extension.then(|| "decide_extension".to_string()))
            .collect(),
        pending_extension: v.pending_extension.as_ref().map(|x| (x.requested_due.clone(), x.reason.clone())),
    })
}

/// One item with its parts, history and the steps the caller may take. Outside one's reach: 404.
#[utoipa::path(get, path = "/api/v1/tracking/items/{id}", tag = "督查督办",
    responses((status = 200, body = ItemDetail), (status = 404, body = ErrorDto)))]
async fn show(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> ApiResult<ItemDetail> {
    Ok(axum::Json(detail(&app, &p, &id).await?))
}

/// 立项 (and 交办, unless `save_only`): 督查科 and the office director.
#[utoipa::path(post, path = "/api/v1/tracking/items", tag = "督查督办", request_body = ItemInput,
    responses((status = 200, body = ItemDetail), (status = 403, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn create(State(app): State<App>, Me(p): Me, Json(b): Json<ItemInput>) -> ApiResult<ItemDetail> {
    let n = b.item().map_err(crate::error::WebError::api)?;
    let item = api(app.create_item(&p, &n).await)?;
    Ok(axum::Json(detail(&app, &p, &item.id).await?))
}

/// A step: 交办, 签收, 反馈, 申请办结, 销号, 退回, 申请延期, 审批延期, 催办, 撤销. Out of order is 409, not one's
/// own to take 403, bad input 422; nothing changes then.
#[utoipa::path(post, path = "/api/v1/tracking/items/{id}/steps", tag = "督查督办", request_body = ItemStepInput,
    responses((status = 200, body = ItemDetail), (status = 403, body = ErrorDto), (status = 409, body = ErrorDto),
        (status = 422, body = ErrorDto)))]
async fn take_step(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(b): Json<ItemStepInput>,
) -> ApiResult<ItemDetail> {
    let s = b.step().map_err(crate::error::WebError::api)?;
    api(app.step_item(&p, &id, s).await)?;
    Ok(axum::Json(detail(&app, &p, &id).await?))
}
