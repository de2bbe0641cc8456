//! Every failure becomes a Chinese sentence with a 4xx (or, for faults of ours, 500) status:
//! an HTML page for pages, `{"error": …}` for the API.

use crate::view::{html, ErrorPage};
use axum::extract::OriginalUri;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use zs_app::{AppError, RowError};

/// An error on its way out, knowing whether the client wants HTML or JSON.
#[derive(Debug)]
pub struct WebError {
    pub status: StatusCode,
    pub message: String,
    pub rows: Vec<RowError>,
    pub api: bool,
    /// For pages: send the browser to sign in instead of showing the message.
    pub sign_in: bool,
}

impl WebError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        WebError { status, message: message.into(), rows: Vec::new(), api: false, sign_in: false }
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn api(mut self) -> Self {
        self.api = true;
        self
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        let status = match &e {
            AppError::Invalid(_) | AppError::Rows(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            AppError::Denied(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::File(_) => StatusCode::BAD_REQUEST,
            AppError::Config(_) | AppError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %e, "request failed");
            "服务器内部错误，请稍后再试；如果反复出现，请联系系统管理员。".to_string()
        } else {
            e.to_string()
        };
        let rows = match e {
            AppError::Rows(rows) => rows,
            _ => Vec::new(),
        };
        WebError { status, message, rows, api: false, sign_in: status == StatusCode::UNAUTHORIZED }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if self.api {
            let body = serde_json::json!({ "error": self.message, "rows": self.rows });
            return (self.status, Json(body)).into_response();
        }
        if self.sign_in {
            return Redirect::to("/login").into_response();
        }
        let page = ErrorPage { status: self.status.as_u16(), message: self.message, rows: self.rows };
        (self.status, html(&page)).into_response()
    }
}

fn wants_api(uri: &Uri) -> bool {
    uri.path().starts_with("/api/")
}

/// `OriginalUri` is the full path even inside the nested `/api/v1` router.
pub async fn not_found(OriginalUri(uri): OriginalUri) -> WebError {
    let e = WebError::new(StatusCode::NOT_FOUND, format!("页面“{}”不存在，请检查地址或从导航进入。", uri.path()));
    if wants_api(&uri) {
        e.api()
    } else {
        e
    }
}

pub async fn method_not_allowed(OriginalUri(uri): OriginalUri) -> WebError {
    let e = WebError::new(StatusCode::METHOD_NOT_ALLOWED, "不支持这种请求方式。");
    if wants_api(&uri) {
        e.api()
    } else {
        e
    }
}

pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a handler panicked");
    WebError::new(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误，请稍后再试。").into_response()
}
