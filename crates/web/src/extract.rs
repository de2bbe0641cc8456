//! Extractors whose rejections speak Chinese (axum's own answer in English).

use crate::error::WebError;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

fn too_large(status: StatusCode) -> bool {
    status == StatusCode::PAYLOAD_TOO_LARGE
}

fn body_error(status: StatusCode, detail: &str, what: &str) -> WebError {
    if too_large(status) {
        return WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "提交的内容超过大小上限，请缩小文件或分批提交。");
    }
    if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
        return WebError::new(status, format!("请以{what}格式提交。"));
    }
    tracing::debug!(detail, "rejected body");
    WebError::new(StatusCode::BAD_REQUEST, format!("提交的{what}内容不完整或格式不对，请检查后重试。"))
}

/// A URL-encoded form. Repeated fields (checkbox lists) fill a `Vec`.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let is_form = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(WebError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "请以表单格式提交。"));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|e| body_error(e.status(), &e.body_text(), "表单"))?;
        serde_html_form::from_bytes(&bytes)
            .map(Form)
            .map_err(|e| WebError::bad_request(format!("表单内容有误：{}", field_hint(&e.to_string()))))
    }
}

/// A form that may carry files: URL-encoded, or multipart where every `file` field with a name is a file
/// and every other field is text, deserialised as the URL-encoded form would be.
pub struct FormWithFiles<T> {
    pub form: T,
    /// (file name, bytes) of each non-empty file.
    pub files: Vec<(String, Vec<u8>)>,
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FormWithFiles<T> {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let multipart = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let Form(form) = Form::<T>::from_request(req, state).await?;
            return Ok(FormWithFiles { form, files: Vec::new() });
        }
        let mut m = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|e| body_error(e.status(), &e.body_text(), "表单"))?;
        let bad = |e: axum::extract::multipart::MultipartError| body_error(e.status(), &e.body_text(), "表单");
        let (mut fields, mut files) = (Vec::new(), Vec::new());
        while let Some(field) = m.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_string();
            match field.file_name().map(str::to_string) {
                Some(file_name) if name == "file" => {
                    let bytes = field.bytes().await.map_err(bad)?;
                    if !bytes.is_empty() {
                        files.push((file_name, bytes.to_vec()));
                    }
                }
                _ => fields.push((name, field.text().await.map_err(bad)?)),
            }
        }
        let encoded = serde_html_form::to_string(&fields).map_err(|e| WebError::bad_request(e.to_string()))?;
        let form = serde_html_form::from_str(&encoded)
            .map_err(|e| WebError::bad_request(format!("表单内容有误：{}", field_hint(&e.to_string()))))?;
        Ok(FormWithFiles { form, files })
    }
}

/// A JSON body (API).
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = WebError;
    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Json(v)),
            Err(JsonRejection::JsonDataError(e)) => Err(WebError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("JSON 字段有误：{}", field_hint(&e.body_text())),
            )
            .api()),
            Err(e) => Err(body_error(e.status(), &e.body_text(), "JSON").api()),
        }
    }
}

/// Query-string parameters.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, WebError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Query(v)),
            Err(e @ QueryRejection::FailedToDeserializeQueryString(_)) => {
                let err = WebError::bad_request(format!("地址中的查询参数有误：{}", field_hint(&e.body_text())));
                Err(if crate::session::api_request(parts) { err.api() } else { err })
            }
            Err(e) => {
                let err = WebError::bad_request(format!("地址中的查询参数有误：{}", field_hint(&e.body_text())));
                Err(if crate::session::api_request(parts) { err.api() } else { err })
            }
        }
    }
}

/// serde's message names the field; keep that part, it is what the person can act on.
fn field_hint(detail: &str) -> String {
    let d = detail.rsplit(": ").next().unwrap_or(detail);
    // serde_json appends the position; people need the field, not the column.
    let d = d.split(" at line ").next().unwrap_or(d);
    if let Some(f) = d.strip_prefix("missing field `").and_then(|s| s.strip_suffix('`')) {
        return format!("缺少字段“{f}”");
    }
    if d.contains("invalid digit") || d.contains("invalid type") || d.contains("invalid value") {
        return format!("有字段的值格式不对（{d}）");
    }
    d.to_string()
}

/// Row offset for a 1-based page number; absurd page numbers are clamped, never overflow.
pub fn page_offset(page: Option<i64>, size: i64) -> i64 {
    (page.unwrap_or(1).clamp(1, 1_000_000) - 1) * size
}

/// The page number to show for the same input.
pub fn page_number(page: Option<i64>) -> i64 {
    page.unwrap_or(1).clamp(1, 1_000_000)
}

/// `k=v&…` of the non-empty filters, percent-encoded, for paging and export links.
pub fn query_string(pairs: &[(&str, &Option<String>)]) -> String {
    pairs
        .iter()
        .filter_map(|(k, v)| v.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{k}={}", url_encode(v))))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A multipart upload: the file (field `file`, with the name the browser gave) and the other fields.
#[derive(Debug, Default)]
pub struct Upload {
    pub file_name: String,
    pub file: Vec<u8>,
    pub fields: std::collections::HashMap<String, String>,
}

impl Upload {
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Read a multipart form. An oversized body is a Chinese 413, a broken one a 400; a form without a
/// file is a 400 saying what to choose (`what`, e.g. "问题清单文件（.xlsx）").
pub async fn read_upload(m: axum::extract::Multipart, what: &str) -> Result<Upload, WebError> {
    let u = read_multipart(m).await?;
    if u.file.is_empty() {
        return Err(WebError::bad_request(format!("请选择要上传的{what}。")));
    }
    Ok(u)
}

/// Read a multipart form whose file (field `file`) is optional: `file` stays empty when none was chosen.
pub async fn read_multipart(mut m: axum::extract::Multipart) -> Result<Upload, WebError> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "上传的文件超过大小上限，请缩小文件后再上传。")
        } else {
            WebError::bad_request("上传的内容不完整，请重新选择文件上传。")
        }
    };
    let mut u = Upload::default();
    while let Some(field) = m.next_field().await.map_err(bad)? {
        match field.name().map(str::to_string) {
            Some(name) if name == "file" => {
                u.file_name = field.file_name().unwrap_or_default().to_string();
                u.file = field.bytes().await.map_err(bad)?.to_vec();
            }
            Some(name) => {
                let value = field.text().await.map_err(bad)?;
                u.fields.insert(name, value);
            }
            None => {}
        }
    }
    Ok(u)
}
