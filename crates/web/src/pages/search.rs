//! 检索: the one search page behind the header's search box. Hits are what the person may open.

use super::ctx;
use super::org::Opt;
use crate::error::WebError;
use crate::extract::Query;
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use zs_app::search::{SearchHit, SearchInput};
use zs_app::App;
use zs_domain::document::{DocState, DocType};
use zs_domain::workflow::Label;
use zs_domain::Classification;

pub fn routes() -> Router<App> {
    Router::new().route("/search", get(search))
}

/// The query string of the search page and of `/api/v1/search`.
#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
pub struct SearchQuery {
    /// 检索词: words (all must occur) and "quoted phrases" (must occur as written); at most 200 characters.
    pub q: String,
    /// document, tracked_item, …
    pub kind: String,
    /// A 文种 code (notice …) or a tracked-item kind code.
    #[serde(rename = "type")]
    pub subtype: String,
    pub unit_id: String,
    pub year: String,
    /// A state code (dispatched, archived, in_progress …).
    pub state: String,
    /// public, internal, work_secret …
    pub classification: String,
    pub page: Option<i64>,
}

impl SearchQuery {
    pub fn input(&self) -> Result<SearchInput, WebError> {
        let year = match self.year.trim() {
            "" => None,
            y => Some(y.parse::<i32>().ok().filter(|y| (1949..=9999).contains(y)).ok_or_else(|| {
                WebError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, format!("年份“{y}”无效。"))
            })?),
        };
        Ok(SearchInput {
            q: self.q.clone(),
            kind: self.kind.clone(),
            subtype: self.subtype.clone(),
            unit_id: self.unit_id.clone(),
            year,
            state: self.state.clone(),
            classification: self.classification.clone(),
            page: crate::extract::page_number(self.page),
        })
    }
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    ctx: Ctx,
    q: String,
    searched: bool,
    error: Option<String>,
    hits: Vec<SearchHit>,
    page: i64,
    more: bool,
    keep: String,
    kinds: Vec<Opt>,
    types: Vec<Opt>,
    states: Vec<Opt>,
    levels: Vec<Opt>,
    year: String,
}

fn opts(pairs: Vec<(String, String)>, selected: &str) -> Vec<Opt> {
    pairs.into_iter().map(|(value, label)| Opt { selected: value == selected, value, label }).collect()
}

async fn search(State(app): State<App>, Me(p): Me, Query(q): Query<SearchQuery>) -> Result<Response, WebError> {
    let searched = !q.q.trim().is_empty();
    let (mut hits, mut page, mut more, mut error) = (Vec::new(), 1, false, None);
    if searched {
        match app.search(&p, &q.input()?).await {
            Ok(r) => (hits, page, more) = (r.hits, r.page, r.more),
            // A bad query is shown on the page, with the form to correct it.
            Err(zs_app::AppError::Invalid(e)) => error = Some(e.message),
            Err(e) => return Err(e.into()),
        }
    }
    let keep = crate::extract::query_string(&[
        ("q", &Some(q.q.clone())),
        ("kind", &Some(q.kind.clone())),
        ("type", &Some(q.subtype.clone())),
        ("year", &Some(q.year.clone())),
        ("state", &Some(q.state.clone())),
        ("classification", &Some(q.classification.clone())),
    ]);
    let kinds = opts(vec![("document".into(), "公文".into()), ("tracked_item".into(), "督办事项".into())], &q.kind);
    let mut types: Vec<(String, String)> =
        DocType::ALL.iter().map(|t| (t.code().to_string(), format!("公文·{}", t.label()))).collect();
    types.extend(zs_domain::tracking::Kind::ALL.iter().map(|k| (k.code().to_string(), format!("事项·{}", k.label()))));
    let mut states: Vec<(String, String)> =
        DocState::ALL.iter().map(|s| (s.code().to_string(), format!("公文·{}", s.label()))).collect();
    states
        .extend(zs_domain::tracking::State::ALL.iter().map(|s| (s.code().to_string(), format!("事项·{}", s.label()))));
    let levels = app
        .config
        .classification
        .allowed()
        .into_iter()
        .map(|c: Classification| (c.code().to_string(), c.label().to_string()))
        .collect();
    let status =
        if error.is_some() { axum::http::StatusCode::UNPROCESSABLE_ENTITY } else { axum::http::StatusCode::OK };
    let page_model = SearchPage {
        ctx: ctx(&app, &p, "/search", None),
        q: q.q.clone(),
        searched,
        error,
        hits,
        page,
        more,
        keep,
        kinds,
        types: opts(types, &q.subtype),
        states: opts(states, &q.state),
        levels: opts(levels, &q.classification),
        year: q.year.clone(),
    };
    let mut resp = html(&page_model);
    *resp.status_mut() = status;
    Ok(resp)
}
