//! HTML pages. Each handler: extract, call one `App` use case, render or redirect.

mod account;
mod affairs;
mod archive;
pub(crate) use archive::ArchiveQuery;
mod audit;
mod calendar;
mod documents;
mod ledger;
mod meetings;
mod notices;
mod org;
mod search;
pub(crate) use search::SearchQuery;
pub mod proof;
mod tracking;

use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::session::{clear_cookie, cookie, login_page, session_cookie, MaybeMe, Me, PRE_COOKIE, SESSION_COOKIE};
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use std::net::SocketAddr;
use zs_app::workbench::Todo;
use zs_app::{App, AppError};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/static/app.css", get(css))
        .route("/static/htmx.min.js", get(htmx))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/", get(workbench))
        .merge(account::routes())
        .merge(affairs::routes())
        .merge(org::routes())
        .merge(audit::routes())
        .merge(calendar::routes())
        .merge(documents::routes())
        .merge(archive::routes())
        .merge(search::routes())
        .merge(proof::routes())
        .merge(tracking::routes())
        .merge(meetings::routes())
        .merge(ledger::routes())
        .merge(notices::routes())
}

/// The query every page accepts: `?ok=code` after a successful redirect.
#[derive(Deserialize, Default)]
pub struct Ok_ {
    pub ok: Option<String>,
}

pub fn ctx(app: &App, p: &zs_app::Principal, path: &str, ok: Option<&str>) -> Ctx {
    Ctx::new(p, path, ok, !app.config.classification.certified())
}

/// After a successful POST: back to a page with a notice.
pub fn done(to: &str, code: &str) -> Response {
    let sep = if to.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{to}{sep}ok={code}")).into_response()
}

/// An .xlsx download with a Chinese file name.
pub fn download(bytes: Vec<u8>, file_name: &str) -> Response {
    file_response(bytes, file_name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
}

/// A file download with a Chinese file name (RFC 6266 `filename*`).
pub fn file_response(bytes: Vec<u8>, file_name: &str, mime: &str) -> Response {
    // Old clients that ignore filename* still get the right extension.
    let ext: String = match file_name.rsplit_once('.') {
        Some((_, e)) if !e.is_empty() && e.len() <= 8 && e.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            format!(".{e}")
        }
        _ => String::new(),
    };
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"download{ext}\"; filename*=UTF-8''{encoded}"),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn healthz(State(app): State<App>) -> Response {
    match app.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "数据库不可用").into_response()
        }
    }
}

async fn css() -> Response {
    static_file(include_str!("../../static/app.css"), "text/css; charset=utf-8")
}

async fn htmx() -> Response {
    static_file(include_str!("../../static/htmx.min.js"), "text/javascript; charset=utf-8")
}

fn static_file(body: &'static str, mime: &'static str) -> Response {
    ([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response()
}

async fn login_form(MaybeMe(me): MaybeMe, headers: HeaderMap) -> Response {
    if me.is_some() {
        return Redirect::to("/").into_response();
    }
    login_page(StatusCode::OK, None, cookie(&headers, PRE_COOKIE), String::new())
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

async fn login(
    State(app): State<App>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let ua = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let pre = cookie(&headers, PRE_COOKIE);
    if f.username.trim().is_empty() || f.password.is_empty() {
        return login_page(StatusCode::UNPROCESSABLE_ENTITY, Some("请输入登录名和密码。".into()), pre, f.username);
    }
    match app.sign_in(&f.username, &f.password, &addr.ip().to_string(), ua).await {
        Ok(s) => {
            let mut resp = Redirect::to("/").into_response();
            let h = resp.headers_mut();
            if let Ok(v) = session_cookie(&s.token, app.config.secure_cookies).parse() {
                h.append(header::SET_COOKIE, v);
            }
            if let Ok(v) = clear_cookie(PRE_COOKIE).parse() {
                h.append(header::SET_COOKIE, v);
            }
            resp
        }
        Err(e @ AppError::TooManyAttempts(_)) => {
            login_page(StatusCode::TOO_MANY_REQUESTS, Some(e.to_string()), pre, f.username)
        }
        Err(e @ AppError::Unauthenticated(_)) => {
            login_page(StatusCode::UNAUTHORIZED, Some(e.to_string()), pre, f.username)
        }
        Err(e) => WebError::from(e).into_response(),
    }
}

async fn logout(State(app): State<App>, Me(p): Me) -> Result<Response, WebError> {
    app.sign_out(&p).await?;
    let mut resp = Redirect::to("/login").into_response();
    if let Ok(v) = clear_cookie(SESSION_COOKIE).parse() {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(resp)
}

#[derive(Template)]
#[template(path = "workbench.html")]
struct WorkbenchPage {
    ctx: Ctx,
    today: String,
    todos: Vec<Todo>,
}

async fn workbench(State(app): State<App>, Me(p): Me, Query(q): Query<Ok_>) -> Result<Response, WebError> {
    let todos = app.workbench(&p).await?;
    let today = zs_domain::time::format_date(zs_domain::time::local_date(app.now_ms()));
    Ok(html(&WorkbenchPage { ctx: ctx(&app, &p, "/", q.ok.as_deref()), today, todos }))
}
