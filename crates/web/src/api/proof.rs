//! `/api/v1/proof`: check a text, as a document of a 文种 when one is given (the same findings as
//! `zhongshu proof --format json`, with the organisation's data).

use super::{ApiResult, ErrorDto};
use crate::error::WebError;
use crate::extract::Json;
use crate::session::Me;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use zs_app::proof::Finding;
use zs_app::App;
use zs_domain::document::DocType;

pub fn routes() -> Router<App> {
    Router::new().route("/proof", post(check))
}

#[derive(OpenApi)]
#[openapi(paths(check), components(schemas(ProofInput, ProofOutput, FindingDto)))]
pub struct ProofApi;

#[derive(Deserialize, ToSchema)]
pub(crate) struct ProofInput {
    text: String,
    /// 文种 code or name (e.g. request / 请示), for the 公文要素 rules.
    #[serde(default)]
    doc_type: Option<String>,
}

/// One finding; offsets count characters of the text as sent.
#[derive(Serialize, ToSchema)]
pub(crate) struct FindingDto {
    rule: String,
    /// 规范提法, 固定表述, 错别字, 标点, 数字用法, 层次结构, 占位符未替换, 文号格式, 公文要素, 网页残留, 禁用词, 领导排序
    class: String,
    /// error, warning or info
    severity: String,
    start_char: usize,
    end_char: usize,
    line: usize,
    column: usize,
    text: String,
    message: String,
    /// Replacements, best first; an empty string means: delete the flagged text.
    suggestions: Vec<String>,
}

impl From<&Finding> for FindingDto {
    fn from(f: &Finding) -> Self {
        FindingDto {
            rule: f.rule.clone(),
            class: f.class.label().into(),
            severity: match f.severity {
                zs_app::proof::Severity::Error => "error",
                zs_app::proof::Severity::Warning => "warning",
                zs_app::proof::Severity::Info => "info",
            }
            .into(),
            start_char: f.start_char,
            end_char: f.end_char,
            line: f.line,
            column: f.column,
            text: f.text.clone(),
            message: f.message.clone(),
            suggestions: f.suggestions.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub(crate) struct ProofOutput {
    findings: Vec<FindingDto>,
}

/// Proofread a text with the shipped rules and the organisation's data.
#[utoipa::path(post, path = "/api/v1/proof", tag = "校对", request_body = ProofInput,
    responses((status = 200, body = ProofOutput), (status = 422, body = ErrorDto), (status = 413, body = ErrorDto)))]
async fn check(State(app): State<App>, Me(_p): Me, Json(input): Json<ProofInput>) -> ApiResult<ProofOutput> {
    if input.text.trim().is_empty() {
        return Err(WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "没有可校对的文字。").api());
    }
    if input.text.len() > 5 * 1024 * 1024 {
        return Err(WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "文字超过5 MB，请分段校对。").api());
    }
    let doc_type = match input.doc_type.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(t) => Some(
            DocType::from_code(t)
                .ok_or_else(|| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("未知的文种“{t}”。")).api())?,
        ),
        None => None,
    };
    let findings = app.proofread_text(&input.text, doc_type);
    Ok(axum::Json(ProofOutput { findings: findings.iter().map(FindingDto::from).collect() }))
}
