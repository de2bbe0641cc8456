//! Who is asking: the session cookie or an API bearer token, resolved once per request in a
//! middleware, plus the CSRF check on every state-changing request made with a cookie.

use crate::error::WebError;
use crate::view::{html, LoginPage};
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;
use zs_app::{App, AppError, Principal};

pub const SESSION_COOKIE: &str = "zs_session";
/// Double-submit token for the sign-in form, which has no session yet.
pub const PRE_COOKIE: &str = "zs_pre";
pub const CSRF_FIELD: &str = "_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// What the middleware found out about the requester.
#[derive(Clone)]
pub struct Current {
    pub principal: Option<Principal>,
    /// A cookie was sent but no longer names a live session (expired, signed out, account stopped).
    pub stale: Option<String>,
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name && !v.is_empty()).then(|| v.to_string())
    })
}

pub fn session_cookie(token: &str, secure: bool) -> String {
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{}", if secure { "; Secure" } else { "" })
}

pub fn clear_cookie(name: &str) -> String {
    format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

fn client_ip(req: &Request) -> String {
    req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Whether the request is for the API, by its full path (nested routers see a shortened one).
pub fn api_request(parts: &Parts) -> bool {
    let full = parts.extensions.get::<axum::extract::OriginalUri>().map(|u| u.0.path().to_string());
    is_api(full.as_deref().unwrap_or(parts.uri.path()))
}

pub async fn authenticate(State(app): State<App>, req: Request, next: Next) -> Response {
    match resolve(&app, req).await {
        Ok(req) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

async fn resolve(app: &App, mut req: Request) -> Result<Request, WebError> {
    let ip = client_ip(&req);
    let path = req.uri().path().to_string();
    let api = is_api(&path);
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string());
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut current = Current { principal: None, stale: None };
    if let Some(token) = bearer {
        if !api {
            return Err(WebError::new(StatusCode::UNAUTHORIZED, "API 令牌只能用于 /api/v1 接口；页面请用浏览器登录。"));
        }
        let p = app.token_principal(&token, &ip).await.map_err(|e| WebError::from(e).api())?;
        if unsafe_method && !p.can_write {
            return Err(WebError::new(StatusCode::FORBIDDEN, "此 API 令牌为只读，不能修改数据。").api());
        }
        current.principal = Some(p);
    } else if let Some(token) = cookie(req.headers(), SESSION_COOKIE) {
        match app.session_principal(&token, &ip).await {
            Ok(p) => current.principal = Some(p),
            Err(AppError::Unauthenticated(why)) => current.stale = Some(why),
            Err(e) => return Err(WebError::from(e)),
        }
        // Signing out of a session that is already gone needs no token: there is nothing to protect.
        let dead_logout = current.principal.is_none() && path == "/logout";
        if unsafe_method && !dead_logout {
            let expected = match &current.principal {
                Some(p) => p.session.as_ref().map(|s| s.csrf.clone()),
                // Sign-in with a stale cookie still carries the pre-session token.
                None => cookie(req.headers(), PRE_COOKIE),
            };
            req = check_csrf(app, req, expected).await?;
        }
    } else if unsafe_method && !api {
        let pre = cookie(req.headers(), PRE_COOKIE);
        req = check_csrf(app, req, pre).await?;
    }
    req.extensions_mut().insert(current);
    Ok(req)
}

const CSRF_FAILED: &str = "页面已过期或来源不明（安全校验未通过），请刷新页面后重新提交。";

/// The token must come back in the `X-CSRF-Token` header, the `_csrf` form field, or (for file
/// uploads, whose bodies we do not buffer here) the `_csrf` query parameter.
async fn check_csrf(app: &App, req: Request, expected: Option<String>) -> Result<Request, WebError> {
    let api = is_api(req.uri().path());
    let fail = || {
        let e = WebError::new(StatusCode::FORBIDDEN, CSRF_FAILED);
        if api {
            e.api()
        } else {
            e
        }
    };
    let Some(expected) = expected else { return Err(fail()) };
    if let Some(h) = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return if h == expected { Ok(req) } else { Err(fail()) };
    }
    if let Some(q) = req.uri().query() {
        if let Some(v) = form_value(q.as_bytes(), CSRF_FIELD) {
            return if v == expected { Ok(req) } else { Err(fail()) };
        }
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(fail());
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, app.config.max_body_bytes)
        .await
        .map_err(|_| WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "提交的内容超过大小上限，请缩小文件或分批提交。"))?;
    match form_value(&bytes, CSRF_FIELD) {
        Some(v) if v == expected => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(fail()),
    }
}

fn form_value(bytes: &[u8], key: &str) -> Option<String> {
    let s = std::str::from_utf8(bytes).ok()?;
    s.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| v.replace('+', " "))
    })
}

/// The signed-in principal; a page request without one is sent to sign in, an API one gets 401.
pub struct Me(pub Principal);

pub enum AuthRejection {
    Redirect,
    Stale { why: String, pre: Option<String> },
    Api(String),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::Redirect => Redirect::to("/login").into_response(),
            AuthRejection::Stale { why, pre } => {
                let mut resp = login_page(StatusCode::UNAUTHORIZED, Some(why), pre, String::new());
                if let Ok(v) = clear_cookie(SESSION_COOKIE).parse() {
                    resp.headers_mut().append(header::SET_COOKIE, v);
                }
                resp
            }
            AuthRejection::Api(why) => WebError::new(StatusCode::UNAUTHORIZED, why).api().into_response(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Me {
    type Rejection = AuthRejection;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AuthRejection> {
        let current = parts.extensions.get::<Current>().cloned();
        match current {
            Some(Current { principal: Some(p), .. }) => Ok(Me(p)),
            Some(Current { stale: Some(why), .. }) if api_request(parts) => Err(AuthRejection::Api(why)),
            Some(Current { stale: Some(why), .. }) => {
                Err(AuthRejection::Stale { why, pre: cookie(&parts.headers, PRE_COOKIE) })
            }
            _ if api_request(parts) => {
                Err(AuthRejection::Api("请先登录，或在 Authorization 头中提供有效的 API 令牌。".into()))
            }
            _ => Err(AuthRejection::Redirect),
        }
    }
}

/// The principal if there is one (for the sign-in page).
pub struct MaybeMe(pub Option<Principal>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeMe {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeMe(parts.extensions.get::<Current>().and_then(|c| c.principal.clone())))
    }
}

/// The sign-in page, with the pre-session CSRF cookie set when the browser has none yet.
pub fn login_page(status: StatusCode, error: Option<String>, pre: Option<String>, username: String) -> Response {
    let (token, fresh) = match pre {
        Some(t) => (t, false),
        None => (zs_app::auth::random_token(16), true),
    };
    let page = LoginPage { username, ..LoginPage::new(error, token.clone()) };
    let mut resp = (status, html(&page)).into_response();
    if fresh {
        if let Ok(v) = format!("{PRE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict").parse() {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}
