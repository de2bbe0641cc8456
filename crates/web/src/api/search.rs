//! `/api/v1/search`: the one search, with the same access rules as the page.

use super::{api, ApiResult, ErrorDto};
use crate::extract::Query;
use crate::pages::SearchQuery;
use crate::session::Me;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use zs_app::search::Seg;
use zs_app::App;

pub fn routes() -> Router<App> {
    Router::new().route("/search", get(search))
}

#[derive(OpenApi)]
#[openapi(paths(search), components(schemas(SearchPageDto, SearchHitDto, SegDto)))]
pub struct SearchApi;

/// A piece of text; `hit` marks a match.
#[derive(Serialize, ToSchema)]
struct SegDto {
    text: String,
    hit: bool,
}

fn segs(v: Vec<Seg>) -> Vec<SegDto> {
    v.into_iter().map(|s| SegDto { text: s.text, hit: s.hit }).collect()
}

#[derive(Serialize, ToSchema)]
struct SearchHitDto {
    /// document, tracked_item, info_item
    kind: String,
    record_id: String,
    /// The record's page.
    href: String,
    title: String,
    title_marked: Vec<SegDto>,
    snippet: Vec<SegDto>,
    subtype: String,
    state: String,
    year: i64,
    unit_id: Option<String>,
    updated_ms: i64,
    /// Files whose text could not be read, and why.
    note: String,
    /// Every word is in the title (these come first).
    title_hit: bool,
}

#[derive(Serialize, ToSchema)]
struct SearchPageDto {
    page: i64,
    /// Another page follows.
    more: bool,
    /// The words searched for, as segmented.
    words: Vec<String>,
    items: Vec<SearchHitDto>,
}

/// Search everything the caller may open: title hits first, then the rest, newest first.
#[utoipa::path(get, path = "/api/v1/search", tag = "检索", params(SearchQuery),
    responses((status = 200, body = SearchPageDto), (status = 422, body = ErrorDto)))]
async fn search(State(app): State<App>, Me(p): Me, Query(q): Query<SearchQuery>) -> ApiResult<SearchPageDto> {
    let input = q.input().map_err(|e| e.api())?;
    let r = api(app.search(&p, &input).await)?;
    Ok(axum::Json(SearchPageDto {
        page: r.page,
        more: r.more,
        words: r.words,
        items: r
            .hits
            .into_iter()
            .map(|h| SearchHitDto {
                title: h.title.iter().map(|s| s.text.as_str()).collect(),
                title_marked: segs(h.title),
                snippet: segs(h.snippet),
                kind: h.kind,
                record_id: h.record_id,
                href: h.href,
                subtype: h.subtype_label,
                state: h.state_label,
                year: h.year,
                unit_id: h.unit_id,
                updated_ms: h.updated_ms,
                note: h.note,
                title_hit: h.title_hit,
            })
            .collect(),
    }))
}
