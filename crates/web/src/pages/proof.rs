//! 校对 pages: a text (pasted or uploaded) checked on its own, the organisation's proofreading data, and
//! the findings panel of the draft editor with one-click suggestions.

use super::org::Opt;
use super::{ctx, done};
use crate::error::WebError;
use crate::extract::Form;
use crate::input::ContentInput;
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use zs_app::documents::proof::{apply_suggestion, DocFinding, Part};
use zs_app::proof::{DataKind, Finding, Severity};
use zs_app::App;
use zs_domain::document::DocType;
use zs_domain::workflow::Label;
use zs_domain::{decide, Action};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/proof", get(page).post(check))
        .route("/proof/upload", post(upload))
        .route("/proof/data", get(data))
        .route("/proof/data/{kind}", post(save_data))
        .route("/documents/proof", post(panel))
        .route("/documents/proof/apply", post(apply))
}

/// A finding as pages show it.
pub struct FindingView {
    pub class: &'static str,
    pub severity: &'static str,
    pub severity_class: &'static str,
    pub line: usize,
    pub column: usize,
    pub part: &'static str,
    pub rule: String,
    pub text: String,
    pub message: String,
    /// (shown, button value `part|start|end|replacement`)
    pub suggestions: Vec<(String, String)>,
    pub dismissed: String,
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "red",
        Severity::Warning => "yellow",
        Severity::Info => "green",
    }
}

pub fn finding_view(f: &Finding) -> FindingView {
    FindingView {
        class: f.class.label(),
        severity: f.severity.label(),
        severity_class: severity_class(f.severity),
        line: f.line,
        column: f.column,
        part: "",
        rule: f.rule.clone(),
        text: f.text.clone(),
        message: f.message.clone(),
        suggestions: f.suggestions.iter().map(|s| (shown(s), String::new())).collect(),
        dismissed: String::new(),
    }
}

fn shown(s: &str) -> String {
    if s.is_empty() {
        "（删除）".into()
    } else {
        s.to_string()
    }
}

/// A document finding, with the values its suggestion buttons carry.
pub fn doc_finding_view(d: &DocFinding) -> FindingView {
    let f = &d.finding;
    let editable = matches!(d.part, Part::Title | Part::To | Part::Body);
    FindingView {
        part: d.part.label(),
        suggestions: f
            .suggestions
            .iter()
            .map(|s| {
                (
                    shown(s),
                    if editable { format!("{}|{}|{}|{s}", d.part.code(), d.start, d.end) } else { String::new() },
                )
            })
            .collect(),
        dismissed: d.dismissed.as_ref().map(|x| format!("{}：{}", x.by_name, x.reason)).unwrap_or_default(),
        ..finding_view(f)
    }
}

#[derive(Template)]
#[template(path = "proof.html")]
struct ProofPage {
    ctx: Ctx,
    text: String,
    types: Vec<Opt>,
    findings: Vec<FindingView>,
    checked: bool,
    errors: usize,
    may_data: bool,
}

fn type_opts(selected: &str) -> Vec<Opt> {
    std::iter::once(Opt { value: String::new(), label: "（不限文种）".into(), selected: selected.is_empty() })
        .chain(DocType::ALL.iter().map(|t| Opt {
            value: t.code().into(),
            label: t.label().into(),
            selected: t.code() == selected,
        }))
        .collect()
}

fn render_page(app: &App, p: &zs_app::Principal, text: String, doc_type: &str, checked: bool) -> Response {
    let findings: Vec<Finding> =
        if checked { app.proofread_text(&text, DocType::from_code(doc_type)) } else { Vec::new() };
    html(&ProofPage {
        ctx: ctx(app, p, "/proof", None),
        errors: findings.iter().filter(|f| f.severity == Severity::Error).count(),
        findings: findings.iter().map(finding_view).collect(),
        text,
        types: type_opts(doc_type),
        checked,
        may_data: decide(&p.subject, &Action::ManageProofData).allowed(),
    })
}

async fn page(State(app): State<App>, Me(p): Me) -> Response {
    render_page(&app, &p, String::new(), "", false)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CheckForm {
    text: String,
    doc_type: String,
}

async fn check(State(app): State<App>, Me(p): Me, Form(f): Form<CheckForm>) -> Result<Response, WebError> {
    if f.text.trim().is_empty() {
        return Err(WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "请粘贴或输入要校对的文字。"));
    }
    if f.text.len() > 5 * 1024 * 1024 {
        return Err(WebError::new(StatusCode::PAYLOAD_TOO_LARGE, "文字超过5 MB，请分段校对。"));
    }
    Ok(render_page(&app, &p, f.text, &f.doc_type, true))
}

/// A .txt or .docx checked as it is (web residue included, so it can be found).
async fn upload(State(app): State<App>, Me(p): Me, m: Multipart) -> Result<Response, WebError> {
    let u = crate::extract::read_upload(m, "文件（.txt 或 .docx）").await?;
    let text = zs_app::proof::imported_text(&u.file)?;
    Ok(render_page(&app, &p, text, u.field("doc_type"), true))
}

pub struct DataView {
    pub key: &'static str,
    pub label: &'static str,
    pub format: &'static str,
    pub text: String,
    pub lines: usize,
}

#[derive(Template)]
#[template(path = "proof_data.html")]
struct DataPage {
    ctx: Ctx,
    kinds: Vec<DataView>,
    may_edit: bool,
}

async fn data(
    State(app): State<App>,
    Me(p): Me,
    axum::extract::Query(q): axum::extract::Query<super::Ok_>,
) -> Result<Response, WebError> {
    let kinds = app
        .proof_data()
        .await?
        .into_iter()
        .map(|d| DataView {
            key: d.kind.key(),
            label: d.kind.label(),
            format: d.kind.format(),
            text: d.text,
            lines: d.lines,
        })
        .collect();
    Ok(html(&DataPage {
        ctx: ctx(&app, &p, "/proof", q.ok.as_deref()),
        kinds,
        may_edit: decide(&p.subject, &Action::ManageProofData).allowed(),
    }))
}

#[derive(Deserialize)]
struct DataForm {
    #[serde(default)]
    text: String,
}

async fn save_data(
    State(app): State<App>,
    Me(p): Me,
    Path(kind): Path<String>,
    Form(f): Form<DataForm>,
) -> Result<Response, WebError> {
    let kind = DataKind::parse(&kind).ok_or_else(|| WebError::new(StatusCode::NOT_FOUND, "没有这类校对词库。"))?;
    app.save_proof_data(&p, kind, &f.text).await?;
    Ok(done("/proof/data", "saved"))
}

#[derive(Template)]
#[template(path = "proof_panel.html")]
struct Panel {
    findings: Vec<FindingView>,
    errors: usize,
}

/// The draft editor's findings panel, for the form as it stands (not yet saved).
async fn panel(State(app): State<App>, Me(_p): Me, Form(f): Form<ContentInput>) -> Result<Response, WebError> {
    let Ok(content) = f.content() else {
        return Ok(html(&Panel { findings: Vec::new(), errors: 0 }));
    };
    let found = app.proof_content(&content, None, &[]);
    Ok(html(&Panel {
        errors: found.iter().filter(|d| d.blocking()).count(),
        findings: found.iter().map(doc_finding_view).collect(),
    }))
}

#[derive(Deserialize)]
struct ApplyForm {
    /// `part|start|end|replacement`
    #[serde(default)]
    apply: String,
    #[serde(flatten)]
    content: ContentInput,
}

#[derive(Template)]
#[template(path = "document_text_fields.html")]
struct TextFields {
    f: super::documents::FormView,
}

/// Take one suggestion: the editor's text fields come back changed, and the panel is told to re-check.
async fn apply(State(_app): State<App>, Me(_p): Me, Form(f): Form<ApplyForm>) -> Result<Response, WebError> {
    let mut parts = f.apply.splitn(4, '|');
    let (Some(part), Some(start), Some(end), Some(replacement)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "建议的格式不对，请重新校对。"));
    };
    let part =
        Part::from_code(part).ok_or_else(|| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "建议所在的位置不对。"))?;
    let num =
        |s: &str| s.parse::<usize>().map_err(|_| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "建议的位置不对。"));
    let mut content = f.content.content()?;
    apply_suggestion(&mut content, part, num(start)?, num(end)?, replacement)?;
    let mut resp = html(&TextFields { f: super::documents::FormView::of(&content) });
    resp.headers_mut()
        .insert(HeaderName::from_static("hx-trigger-after-settle"), HeaderValue::from_static("proofChanged"));
    Ok(resp.into_response())
}
