//! `/api/v1` for 办文: documents, their steps, versions, inboxes, 收文登记 and 机关代字. The same
//! inputs as the pages (`crate::input`), the same use cases and access rules.

use super::{api, ApiResult, ErrorDto};
use crate::error::WebError;
use crate::extract::{page_offset, Json, Query};
use crate::input::{ContentInput, IncomingInput, StepInput};
use crate::session::Me;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use zs_app::documents::{DocFilter, DocView};
use zs_app::App;
use zs_domain::document::{Content, DocState, Document, Flow};
use zs_domain::workflow::Label;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/documents", get(list).post(create))
        .route("/documents/{id}", get(show).put(save))
        .route("/documents/{id}/steps", post(step))
        .route("/documents/{id}/compare", get(compare))
        .route("/documents/{id}/pdf", get(pdf))
        .route("/inbox", get(inbox))
        .route("/incoming", post(register_incoming))
        .route("/incoming/prefill", post(prefill_incoming))
        .route("/documents/{id}/findings", get(findings))
        .route("/documents/{id}/findings/dismiss", post(dismiss))
        .route("/agency-codes", get(codes))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list,
        create,
        show,
        save,
        step,
        compare,
        pdf,
        inbox,
        register_incoming,
        prefill_incoming,
        findings,
        dismiss,
        codes
    ),
    components(schemas(
        ContentInput,
        StepInput,
        IncomingInput,
        SaveInput,
        ContentDto,
        DocumentDto,
        DocumentPage,
        DetailDto,
        TaskDto,
        DistributionDto,
        VersionDto,
        CompareDto,
        FieldChangeDto,
        DiffRowDto,
        SegDto,
        TodoDto,
        CodeDto,
        PrefillInput,
        PrefillDto,
        DocFindingDto,
        DismissInput
    ))
)]
pub struct DocApi;

/// The GB/T 9704 elements of a document.
#[derive(Serialize, ToSchema)]
struct ContentDto {
    doc_type: String,
    doc_type_label: String,
    direction: String,
    classification: String,
    secrecy_term: String,
    urgency: String,
    copy_no: String,
    agency_code_id: Option<String>,
    issuer: String,
    issuer_mark: String,
    title: String,
    to: String,
    body: String,
    attachments: Vec<String>,
    signature: String,
    /// 成文日期, YYYY-MM-DD.
    dated: Option<String>,
    note: String,
    cc: String,
    printer: String,
    print_date: Option<String>,
    reply_to_id: Option<String>,
    countersign_unit_id: Vec<String>,
}

impl From<&Content> for ContentDto {
    fn from(c: &Content) -> Self {
        ContentDto {
            doc_type: c.doc_type.code().into(),
            doc_type_label: c.doc_type.label().into(),
            direction: c.direction.code().into(),
            classification: c.classification.code().into(),
            secrecy_term: c.secrecy_term.clone(),
            urgency: c.urgency.code().into(),
            copy_no: c.copy_no.clone(),
            agency_code_id: c.agency_code_id.clone(),
            issuer: c.issuer.clone(),
            issuer_mark: c.issuer_mark.clone(),
            title: c.title.clone(),
            to: c.to.clone(),
            body: c.body.clone(),
            attachments: c.attachments.clone(),
            signature: c.signature.clone(),
            dated: c.dated.map(|d| d.to_string()),
            note: c.note.clone(),
            cc: c.cc.clone(),
            printer: c.printer.clone(),
            print_date: c.print_date.map(|d| d.to_string()),
            reply_to_id: c.reply_to_id.clone(),
            countersign_unit_id: c.countersign_unit_ids.clone(),
        }
    }
}

/// A document of either flow.
#[derive(Serialize, ToSchema)]
struct DocumentDto {
    id: String,
    /// outgoing (发文) or incoming (收文).
    flow: String,
    unit_id: String,
    state: String,
    state_label: String,
    version: i64,
    doc_number: String,
    received_no: String,
    content: ContentDto,
    drafter_id: Option<String>,
    reviewer_id: Option<String>,
    signer_id: Option<String>,
    /// 签发: opinion, name, date (YYYY-MM-DD).
    sign_off: Option<[String; 3]>,
    leader_id: Option<String>,
    /// 批示: text, name, date (YYYY-MM-DD).
    instruction: Option<[String; 3]>,
    handling: Option<String>,
    proposal: String,
    reply: String,
    received_on: Option<String>,
    copies: i64,
    pages: i64,
    source_doc_id: Option<String>,
    updated_ms: i64,
}

impl From<&Document> for DocumentDto {
    fn from(d: &Document) -> Self {
        DocumentDto {
            id: d.id.clone(),
            flow: d.flow.code().into(),
            unit_id: d.unit_id.clone(),
            state: d.state.code().into(),
            state_label: d.state.label().into(),
            version: d.version,
            doc_number: d.doc_number.clone(),
            received_no: d.received_no.clone(),
            content: (&d.content).into(),
            drafter_id: d.drafter_id.clone(),
            reviewer_id: d.reviewer_id.clone(),
            signer_id: d.signer_id.clone(),
            sign_off: d.sign_off.as_ref().map(|s| [s.opinion.clone(), s.name.clone(), s.date.to_string()]),
            leader_id: d.leader_id.clone(),
            instruction: d.instruction.as_ref().map(|i| [i.text.clone(), i.name.clone(), i.date.to_string()]),
            handling: d.handling.map(|h| h.code().to_string()),
            proposal: d.proposal.clone(),
            reply: d.reply.clone(),
            received_on: d.received_on.map(|x| x.to_string()),
            copies: d.copies,
            pages: d.pages,
            source_doc_id: d.source_doc_id.clone(),
            updated_ms: d.updated_ms,
        }
    }
}

#[derive(Serialize, ToSchema)]
struct DocumentPage {
    total: i64,
    items: Vec<DocumentDto>,
}

#[derive(Deserialize, IntoParams)]
struct ListQuery {
    /// outgoing or incoming.
    flow: Option<String>,
    /// A state code, e.g. signing_off.
    state: Option<String>,
    /// Title, 文号, 收文编号 or 来文单位 contains this.
    q: Option<String>,
    /// 1-based page of 50.
    page: Option<i64>,
}

/// Documents the caller may open.
#[utoipa::path(get, path = "/api/v1/documents", tag = "办文", params(ListQuery), responses((status = 200, body = DocumentPage)))]
async fn list(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> ApiResult<DocumentPage> {
    let f = DocFilter {
        flow: q.flow.as_deref().and_then(Flow::from_code),
        states: q.state.as_deref().and_then(DocState::from_code).into_iter().collect(),
        text: q.q,
        limit: 50,
        offset: page_offset(q.page, 50),
        ..Default::default()
    };
    let (docs, total) = api(app.documents(&p, &f).await)?;
    Ok(axum::Json(DocumentPage { total, items: docs.iter().map(DocumentDto::from).collect() }))
}

/// 起草: a new 发文 draft in the caller's organ.
#[utoipa::path(post, path = "/api/v1/documents", tag = "办文", request_body = ContentInput,
    responses((status = 201, body = DocumentDto), (status = 422, body = ErrorDto)))]
async fn create(State(app): State<App>, Me(p): Me, Json(input): Json<ContentInput>) -> Result<Response, WebError> {
    let content = input.content().map_err(WebError::api)?;
    let doc = api(app.create_draft(&p, &content).await)?;
    Ok((StatusCode::CREATED, axum::Json(DocumentDto::from(&doc))).into_response())
}

#[derive(Serialize, ToSchema)]
struct TaskDto {
    kind: String,
    user_id: Option<String>,
    unit_id: Option<String>,
    /// open, waiting, done, cancelled
    status: String,
    opened_ms: Option<i64>,
    done_ms: Option<i64>,
    done_by_name: String,
    comment: String,
}

#[derive(Serialize, ToSchema)]
struct DistributionDto {
    unit_id: Option<String>,
    name: String,
    copies: i64,
    copy_from: Option<i64>,
    copy_to: Option<i64>,
    incoming_id: Option<String>,
    acknowledged_ms: Option<i64>,
    urge_count: i64,
}

#[derive(Serialize, ToSchema)]
struct VersionDto {
    version: i64,
    author_name: String,
    state: String,
    created_ms: i64,
}

/// A document with its tasks, distribution, versions and what the caller may do now.
#[derive(Serialize, ToSchema)]
struct DetailDto {
    document: DocumentDto,
    /// Step codes the caller may take now (for `POST …/steps`).
    actions: Vec<String>,
    /// The caller may save the text now.
    editable: bool,
    /// Saving now sends the document back to the signer.
    edit_requires_resign: bool,
    tasks: Vec<TaskDto>,
    distributions: Vec<DistributionDto>,
    versions: Vec<VersionDto>,
}

/// A document the caller may open (opening 内部 or 工作秘密 material is audited).
#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "办文",
    responses((status = 200, body = DetailDto), (status = 404, body = ErrorDto)))]
async fn show(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> ApiResult<DetailDto> {
    let v: DocView = api(app.document(&p, &id).await)?;
    Ok(axum::Json(DetailDto {
        document: (&v.doc).into(),
        actions: v.actions.iter().map(|a| a.code().to_string()).collect(),
        editable: v.edit.is_some(),
        edit_requires_resign: v.edit == Some(true) && v.doc.sign_off.is_some(),
        tasks: v
            .tasks
            .iter()
            .map(|t| TaskDto {
                kind: t.kind.clone(),
                user_id: t.user_id.clone(),
                unit_id: t.unit_id.clone(),
                status: t.status.clone(),
                opened_ms: t.opened_ms,
                done_ms: t.done_ms,
                done_by_name: t.done_by_name.clone(),
                comment: t.comment.clone(),
            })
            .collect(),
        distributions: v
            .distributions
            .iter()
            .map(|r| DistributionDto {
                unit_id: r.unit_id.clone(),
                name: r.name.clone(),
                copies: r.copies,
                copy_from: r.copy_from,
                copy_to: r.copy_to,
                incoming_id: r.incoming_id.clone(),
                acknowledged_ms: r.acknowledged_ms,
                urge_count: r.urge_count,
            })
            .collect(),
        versions: v
            .versions
            .iter()
            .map(|r| VersionDto {
                version: r.version,
                author_name: r.author_name.clone(),
                state: r.state.clone(),
                created_ms: r.created_ms,
            })
            .collect(),
    }))
}

/// A save: the version the editor started from and the full content.
#[derive(Deserialize, ToSchema)]
struct SaveInput {
    version: i64,
    content: ContentInput,
}

/// Save the text as a new version. Refused (409) when someone saved a newer version meanwhile.
#[utoipa::path(put, path = "/api/v1/documents/{id}", tag = "办文", request_body = SaveInput,
    responses((status = 200, body = DocumentDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn save(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(input): Json<SaveInput>,
) -> ApiResult<DocumentDto> {
    let content = input.content.content().map_err(WebError::api)?;
    let doc = api(app.save_draft(&p, &id, &content, input.version).await)?;
    Ok(axum::Json((&doc).into()))
}

/// Take one step of the 发文 or 收文 flow; a step the flow does not allow now is refused with 409
/// (wrong state) or 403 (not yours) and the reason.
#[utoipa::path(post, path = "/api/v1/documents/{id}/steps", tag = "办文", request_body = StepInput,
    responses((status = 200, body = DocumentDto), (status = 403, body = ErrorDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn step(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(input): Json<StepInput>,
) -> ApiResult<DocumentDto> {
    let s = input.step().map_err(WebError::api)?;
    let doc = api(app.step_document(&p, &id, s).await)?;
    Ok(axum::Json((&doc).into()))
}

#[derive(Serialize, ToSchema)]
struct SegDto {
    text: String,
    changed: bool,
}

#[derive(Serialize, ToSchema)]
struct DiffRowDto {
    left: Option<Vec<SegDto>>,
    right: Option<Vec<SegDto>>,
}

#[derive(Serialize, ToSchema)]
struct FieldChangeDto {
    element: String,
    old: String,
    new: String,
}

#[derive(Serialize, ToSchema)]
struct CompareDto {
    old_version: i64,
    new_version: i64,
    fields: Vec<FieldChangeDto>,
    body: Vec<DiffRowDto>,
}

#[derive(Deserialize, IntoParams)]
struct CompareQuery {
    a: i64,
    b: i64,
}

/// Two versions side by side: changed elements, and the body line by line with changed characters marked.
#[utoipa::path(get, path = "/api/v1/documents/{id}/compare", tag = "办文", params(CompareQuery),
    responses((status = 200, body = CompareDto), (status = 404, body = ErrorDto)))]
async fn compare(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<CompareQuery>,
) -> ApiResult<CompareDto> {
    let c = api(app.compare_versions(&p, &id, q.a, q.b).await)?;
    let segs = |s: Option<Vec<zs_domain::document::Seg>>| {
        s.map(|v| v.into_iter().map(|s| SegDto { text: s.text, changed: s.changed }).collect())
    };
    Ok(axum::Json(CompareDto {
        old_version: c.old.version,
        new_version: c.new.version,
        fields: c.fields.into_iter().map(|(e, o, n)| FieldChangeDto { element: e.into(), old: o, new: n }).collect(),
        body: c.body.into_iter().map(|r| DiffRowDto { left: segs(r.left), right: segs(r.right) }).collect(),
    }))
}

/// The document in GB/T 9704 layout as PDF (drafts carry a 草稿 mark).
#[utoipa::path(get, path = "/api/v1/documents/{id}/pdf", tag = "办文",
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = ErrorDto)))]
async fn pdf(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let (bytes, name) = api(app.document_pdf(&p, &id).await)?;
    Ok(crate::pages::file_response(bytes, &name, "application/pdf"))
}

/// A waiting task, with its age in working minutes.
#[derive(Serialize, ToSchema)]
struct TodoDto {
    document_id: String,
    title: String,
    /// What it waits for: review, sign_off, register, acknowledge, read …
    task: String,
    flow: String,
    doc_number: String,
    received_no: String,
    urgency: String,
    age_minutes: i64,
    /// green, yellow (held over one working day) or red (over three).
    warning: String,
}

/// 待办: documents waiting on the caller or a pool they work.
#[utoipa::path(get, path = "/api/v1/inbox", tag = "办文", responses((status = 200, body = [TodoDto])))]
async fn inbox(State(app): State<App>, Me(p): Me) -> ApiResult<Vec<TodoDto>> {
    let inbox = api(app.inbox(&p).await)?;
    Ok(axum::Json(
        inbox
            .todo
            .into_iter()
            .map(|i| TodoDto {
                document_id: i.row.document_id,
                title: i.row.title,
                task: i.row.kind,
                flow: i.row.flow,
                doc_number: i.row.doc_number,
                received_no: i.row.received_no,
                urgency: i.row.urgency,
                age_minutes: i.age_minutes,
                warning: i.warning.code().into(),
            })
            .collect(),
    ))
}

/// 收文登记 of a document received on paper or by other channels (签收 and 登记 in one step).
#[utoipa::path(post, path = "/api/v1/incoming", tag = "办文", request_body = IncomingInput,
    responses((status = 201, body = DocumentDto), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn register_incoming(
    State(app): State<App>,
    Me(p): Me,
    Json(input): Json<IncomingInput>,
) -> Result<Response, WebError> {
    let n = input.incoming().map_err(WebError::api)?;
    let doc = api(app.register_incoming(&p, &n).await)?;
    Ok((StatusCode::CREATED, axum::Json(DocumentDto::from(&doc))).into_response())
}

#[derive(Serialize, ToSchema)]
struct CodeDto {
    id: String,
    unit_id: String,
    code: String,
    issuer: String,
    mark: String,
    note: String,
    active: bool,
}

/// 机关代字 of every issuing organ.
#[utoipa::path(get, path = "/api/v1/agency-codes", tag = "办文", responses((status = 200, body = [CodeDto])))]
async fn codes(State(app): State<App>, Me(_p): Me) -> ApiResult<Vec<CodeDto>> {
    let codes = api(app.agency_codes().await)?;
    Ok(axum::Json(
        codes
            .into_iter()
            .map(|a| CodeDto {
                id: a.id,
                unit_id: a.unit_id,
                code: a.code,
                issuer: a.issuer,
                mark: a.mark,
                note: a.note,
                active: a.active,
            })
            .collect(),
    ))
}

/// 导入来文: a file (base64) or pasted text to read.
#[derive(Deserialize, ToSchema)]
struct PrefillInput {
    #[serde(default)]
    text: String,
    /// The file's name, when `file_base64` is given.
    #[serde(default)]
    file_name: String,
    /// A .docx or .txt file, base64-encoded.
    #[serde(default)]
    file_base64: String,
}

/// What was read from a 来文, for `POST /api/v1/incoming` (send `original_name` and `original_sha256` back to
/// keep the file with the 收文).
#[derive(Serialize, ToSchema)]
struct PrefillDto {
    issuer: String,
    doc_number: String,
    doc_type: String,
    title: String,
    dated: Option<String>,
    to: String,
    classification: String,
    urgency: String,
    attachments: Vec<String>,
    body: String,
    /// What to check, in Chinese.
    notes: Vec<String>,
    /// Lines removed from a web copy, as "第N行（原因）文字".
    removed: Vec<String>,
    original_name: Option<String>,
    original_sha256: Option<String>,
}

/// Read a 来文 and prefill its registration (nothing is registered).
#[utoipa::path(post, path = "/api/v1/incoming/prefill", tag = "办文", request_body = PrefillInput,
    responses((status = 200, body = PrefillDto), (status = 422, body = ErrorDto)))]
async fn prefill_incoming(State(app): State<App>, Me(p): Me, Json(input): Json<PrefillInput>) -> ApiResult<PrefillDto> {
    use base64::Engine;
    let bytes = if input.file_base64.trim().is_empty() {
        None
    } else {
        Some(base64::engine::general_purpose::STANDARD.decode(input.file_base64.trim()).map_err(|_| {
            WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "file_base64 不是有效的 base64 编码。").api()
        })?)
    };
    let name = if input.file_name.trim().is_empty() { "来文" } else { input.file_name.trim() };
    let i = api(app.import_incoming(&p, bytes.as_deref().map(|b| (name, b)), &input.text).await)?;
    let c = &i.form.content;
    Ok(axum::Json(PrefillDto {
        issuer: c.issuer.clone(),
        doc_number: i.form.doc_number.clone(),
        doc_type: c.doc_type.code().into(),
        title: c.title.clone(),
        dated: c.dated.map(|d| d.to_string()),
        to: c.to.clone(),
        classification: c.classification.code().into(),
        urgency: c.urgency.code().into(),
        attachments: c.attachments.clone(),
        body: c.body.clone(),
        notes: i.notes.clone(),
        removed: i.removed.iter().map(|(l, t, r)| format!("第{l}行（{r}）{t}")).collect(),
        original_name: i.form.original.as_ref().map(|o| o.0.clone()),
        original_sha256: i.form.original.as_ref().map(|o| o.1.clone()),
    }))
}

/// A 校对 finding on a document, placed in its element (title, to, body, attachments, signature).
#[derive(Serialize, ToSchema)]
struct DocFindingDto {
    element: String,
    /// Character offsets within that element's text.
    start_char: usize,
    end_char: usize,
    rule: String,
    class: String,
    severity: String,
    text: String,
    message: String,
    suggestions: Vec<String>,
    /// Who dismissed it and why, when someone did.
    dismissed: Option<String>,
    /// An error nobody dismissed: 签发 needs a reason while one stands.
    blocking: bool,
}

/// The current version's 校对 findings.
#[utoipa::path(get, path = "/api/v1/documents/{id}/findings", tag = "办文", responses((status = 200, body = [DocFindingDto])))]
async fn findings(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> ApiResult<Vec<DocFindingDto>> {
    let found = api(app.document_findings(&p, &id).await)?;
    Ok(axum::Json(
        found
            .iter()
            .map(|d| DocFindingDto {
                element: d.part.code().into(),
                start_char: d.start,
                end_char: d.end,
                rule: d.finding.rule.clone(),
                class: d.finding.class.label().into(),
                severity: d.finding.severity.label().into(),
                text: d.finding.text.clone(),
                message: d.finding.message.clone(),
                suggestions: d.finding.suggestions.clone(),
                dismissed: d.dismissed.as_ref().map(|x| format!("{}：{}", x.by_name, x.reason)),
                blocking: d.blocking(),
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
struct DismissInput {
    rule: String,
    text: String,
    reason: String,
}

/// Dismiss a finding with a reason (drafter, reviewer or signer); audited.
#[utoipa::path(post, path = "/api/v1/documents/{id}/findings/dismiss", tag = "办文", request_body = DismissInput,
    responses((status = 204), (status = 409, body = ErrorDto), (status = 422, body = ErrorDto)))]
async fn dismiss(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Json(input): Json<DismissInput>,
) -> Result<Response, WebError> {
    api(app.dismiss_finding(&p, &id, &input.rule, &input.text, &input.reason).await)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
