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
use zs_app::search::{kind_label, SearchHit, SearchInput};
use zs_app::App;
use zs_domain::affairs::info::{InfoCategory, InfoState};
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
    /// document, tracked_item, info_item
    pub kind: String,
    /// A 文种 code (notice …), a tracked-item kind code or an information category; `kind:code`
    /// (`info_item:urgent`) also narrows to that kind.
    #[serde(rename = "type")]
    pub subtype: String,
    /// The unit the record belongs to (a document's organ, a tracked item's unit, the submitting unit).
    pub unit_id: String,
    pub year: String,
    /// A state code (dispatched, archived, in_progress …); `kind:code` (`info_item:returned`) also narrows to
    /// that kind.
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
        let (type_kind, subtype) = split_kind(&self.subtype);
        let (state_kind, state) = split_kind(&self.state);
        let kind = [self.kind.trim(), type_kind, state_kind].into_iter().find(|k| !k.is_empty()).unwrap_or_default();
        Ok(SearchInput {
            q: self.q.clone(),
            kind: kind.to_string(),
            subtype: subtype.to_string(),
            unit_id: self.unit_id.clone(),
            year,
            state: state.to_string(),
            classification: self.classification.clone(),
            page: crate::extract::page_number(self.page),
        })
    }
}

/// The kinds of record the search finds (named by `kind_label`).
const KINDS: [&str; 3] = ["document", "tracked_item", "info_item"];

/// `info_item:returned` → (`info_item`, `returned`); a plain code has no kind.
fn split_kind(v: &str) -> (&str, &str) {
    let v = v.trim();
    match v.split_once(':') {
        Some((k, code)) if KINDS.contains(&k) => (k, code),
        _ => ("", v),
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
    units: Vec<Opt>,
    types: Vec<Opt>,
    states: Vec<Opt>,
    levels: Vec<Opt>,
    year: String,
}

/// Every filter of the search, for the pager's links (the page number is added to it).
fn keep_query(q: &SearchQuery) -> String {
    crate::extract::query_string(&[
        ("q", &Some(q.q.clone())),
        ("kind", &Some(q.kind.clone())),
        ("type", &Some(q.subtype.clone())),
        ("unit_id", &Some(q.unit_id.clone())),
        ("year", &Some(q.year.clone())),
        ("state", &Some(q.state.clone())),
        ("classification", &Some(q.classification.clone())),
    ])
}

/// The option a filter value selects: itself when tagged with its kind, else the first option of that code.
fn selected_value(v: &str, options: &[(String, String)]) -> String {
    if v.contains(':') || v.is_empty() {
        return v.to_string();
    }
    options.iter().map(|(value, _)| value).find(|value| split_kind(value).1 == v).cloned().unwrap_or_default()
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
    let keep = keep_query(&q);
    let kinds = opts(KINDS.iter().map(|k| (k.to_string(), kind_label(k).to_string())).collect(), &q.kind);
    let units = app
        .unit_tree()
        .await?
        .into_iter()
        .map(|n| Opt {
            selected: n.unit.id == q.unit_id,
            label: format!("{}{}", "　".repeat(n.depth), n.unit.name),
            value: n.unit.id,
        })
        .collect();
    // Each value names its kind, so a code two kinds share (returned) narrows to the one chosen.
    let tagged =
        |kind: &str, label: &str, code: &str, name: &str| (format!("{kind}:{code}"), format!("{label}·{name}"));
    let mut types: Vec<(String, String)> =
        DocType::ALL.iter().map(|t| tagged("document", "公文", t.code(), t.label())).collect();
    types.extend(zs_domain::tracking::Kind::ALL.iter().map(|k| tagged("tracked_item", "事项", k.code(), k.label())));
    types.extend(InfoCategory::ALL.iter().map(|c| tagged("info_item", "信息", c.code(), c.label())));
    let mut states: Vec<(String, String)> =
        DocState::ALL.iter().map(|s| tagged("document", "公文", s.code(), s.label())).collect();
    states.extend(zs_domain::tracking::State::ALL.iter().map(|s| tagged("tracked_item", "事项", s.code(), s.label())));
    states.extend(InfoState::ALL.iter().map(|s| tagged("info_item", "信息", s.code(), s.label())));
    let (subtype, state) = (selected_value(&q.subtype, &types), selected_value(&q.state, &states));
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
        units,
        types: opts(types, &subtype),
        states: opts(states, &state),
        levels: opts(levels, &q.classification),
        year: q.year.clone(),
    };
    let mut resp = html(&page_model);
    *resp.status_mut() = status;
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_name_their_kind_and_paging_keeps_every_filter() {
        let q = SearchQuery {
            q: "防汛".into(),
            subtype: "info_item:urgent".into(),
            state: "returned".into(),
            unit_id: "u-1".into(),
            year: "2026".into(),
            classification: "internal".into(),
            ..Default::default()
        };
        let i = q.input().unwrap();
        assert_eq!((i.kind.as_str(), i.subtype.as_str(), i.state.as_str()), ("info_item", "urgent", "returned"));
        assert_eq!((i.unit_id.as_str(), i.year), ("u-1", Some(2026)));
        let keep = keep_query(&q);
        for part in ["q=", "type=info_item", "unit_id=u-1", "year=2026", "state=returned", "classification=internal"] {
            assert!(keep.contains(part), "{part} in {keep}");
        }
        // A kind chosen explicitly stands; a plain code has no kind.
        let q = SearchQuery { kind: "document".into(), state: "info_item:returned".into(), ..Default::default() };
        assert_eq!(q.input().unwrap().kind, "document");
        assert_eq!(split_kind("notice"), ("", "notice"));
        assert_eq!(split_kind("meeting:x"), ("", "meeting:x"));
    }
}
