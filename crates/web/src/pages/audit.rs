//! 审计日志: the auditor's view of the trail, its export and its verification.

use super::{ctx, download};
use crate::error::WebError;
use crate::extract::Query;
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;
use serde::Deserialize;
use zs_app::{App, AuditFilter};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/audit", get(page))
        .route("/audit/export.xlsx", get(export))
        .route("/audit/verify", post(verify))
}

const PAGE: i64 = 50;

#[derive(Deserialize, Default, Clone)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target: Option<String>,
    pub ip: Option<String>,
    /// YYYY-MM-DD, Shanghai days, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<i64>,
}

fn day(s: &Option<String>, field: &str) -> Result<Option<NaiveDate>, WebError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => zs_domain::time::parse_date(v).map(Some).ok_or_else(|| {
            WebError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("{field}“{v}”不是有效日期，应为 2026-11-22 这样的格式。"),
            )
        }),
    }
}

impl AuditQuery {
    pub fn filter(&self, limit: i64) -> Result<AuditFilter, WebError> {
        let from = day(&self.from, "开始日期")?;
        let to = day(&self.to, "结束日期")?;
        Ok(AuditFilter {
            actor: self.actor.clone(),
            action: self.action.clone(),
            target_id: self.target.clone(),
            ip: self.ip.clone(),
            from_ms: from.map(zs_domain::time::day_start_ms),
            to_ms: to.and_then(|d| d.succ_opt()).map(zs_domain::time::day_start_ms),
            limit,
            offset: crate::extract::page_offset(self.page, limit),
        })
    }

    fn keep(&self) -> String {
        crate::extract::query_string(&[
            ("actor", &self.actor),
            ("action", &self.action),
            ("target", &self.target),
            ("ip", &self.ip),
            ("from", &self.from),
            ("to", &self.to),
        ])
    }
}

pub struct EventView {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub ip: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: Ctx,
    q: AuditQuery,
    events: Vec<EventView>,
    total: i64,
    page: i64,
    pages: i64,
    keep: String,
    verification: Option<String>,
    verification_ok: bool,
}

async fn render(
    app: &App,
    p: &zs_app::Principal,
    q: AuditQuery,
    verification: Option<(bool, String)>,
) -> Result<Response, WebError> {
    let (events, total) = app.audit_list(p, &q.filter(PAGE)?).await?;
    let events = events
        .into_iter()
        .map(|e| EventView {
            seq: e.seq,
            at: zs_domain::time::format_ms(e.at_ms),
            actor: e.actor_name,
            action: e.action,
            target: if e.target_id.is_empty() { e.target_kind } else { format!("{} {}", e.target_kind, e.target_id) },
            detail: e.detail,
            ip: e.ip,
        })
        .collect();
    let page = AuditPage {
        ctx: ctx(app, p, "/audit", None),
        page: crate::extract::page_number(q.page),
        pages: ((total + PAGE - 1) / PAGE).max(1),
        keep: q.keep(),
        q,
        events,
        total,
        verification_ok: verification.as_ref().is_some_and(|v| v.0),
        verification: verification.map(|v| v.1),
    };
    Ok(html(&page))
}

async fn page(State(app): State<App>, Me(p): Me, Query(q): Query<AuditQuery>) -> Result<Response, WebError> {
    render(&app, &p, q, None).await
}

async fn export(State(app): State<App>, Me(p): Me, Query(q): Query<AuditQuery>) -> Result<Response, WebError> {
    let bytes = app.audit_export(&p, &q.filter(100_000)?).await?;
    Ok(download(bytes, "审计日志.xlsx"))
}

async fn verify(State(app): State<App>, Me(p): Me) -> Result<Response, WebError> {
    let v = app.audit_verify(Some(&p)).await?;
    let message = match &v.fault {
        None => (true, format!("审计链完整：共校验{}条事件，未发现修改、插入或删除。", v.checked)),
        Some(f) => (false, format!("审计链被破坏：{f}。已校验通过{}条。请立即报告安全保密员。", v.checked)),
    };
    render(&app, &p, AuditQuery::default(), Some(message)).await
}
