//! 办文 pages: inboxes (待办 / 在办 / 已办 / 本单位 / 全部), the draft form, a document with the steps
//! the flow allows now, version comparison, 收文登记, attachments, and the 机关代字 with their
//! numbering ledger. One handler takes every step.

use super::org::Opt;
use super::{ctx, done};
use crate::error::WebError;
use crate::extract::{page_number, page_offset, Form, Query};
use crate::input::{ContentInput, IncomingInput, StepInput};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use zs_app::documents::{DocFilter, DocView, InboxItem};
use zs_app::{App, Principal};
use zs_domain::document::{blocks, Content, Direction, DocAct, DocParty, DocState, DocType, Document, Flow, Urgency};
use zs_domain::time::{format_date, format_ms};
use zs_domain::workflow::Label;
use zs_domain::{Classification, UnitKind};

pub fn routes() -> Router<App> {
    Router::new()
        .route("/documents", get(list).post(create))
        .route("/documents/new", get(new_form))
        .route("/documents/incoming/new", get(incoming_form))
        .route("/documents/incoming", post(register_incoming))
        .route("/documents/incoming/prefill", post(prefill_incoming))
        .route("/documents/codes", get(codes).post(create_code))
        .route("/documents/codes/{id}", post(update_code))
        .route("/documents/codes/{id}/numbers", get(numbers))
        .route("/documents/{id}", get(show))
        .route("/documents/{id}/edit", get(edit_form))
        .route("/documents/{id}/save", post(save))
        .route("/documents/{id}/step", post(take_step))
        .route("/documents/{id}/compare", get(compare))
        .route("/documents/{id}/pdf", get(pdf))
        .route("/documents/{id}/docx", get(docx))
        .route("/documents/{id}/files", post(upload))
        .route("/documents/{id}/proof/dismiss", post(dismiss))
        .route("/documents/{id}/files/{file_id}", get(download_file))
}

const PAGE: i64 = 30;

fn opts<T: Copy + Label>(all: &[T], code: fn(T) -> &'static str, selected: &str) -> Vec<Opt> {
    all.iter()
        .map(|v| Opt { value: code(*v).into(), label: v.label().into(), selected: code(*v) == selected })
        .collect()
}

fn person_opts(people: &[zs_app::documents::Person], selected: &str) -> Vec<Opt> {
    people
        .iter()
        .map(|u| Opt {
            value: u.id.clone(),
            label: format!(
                "{}（{}{}）",
                u.name,
                u.unit_name,
                if u.position.is_empty() { String::new() } else { format!(" {}", u.position) }
            ),
            selected: u.id == selected,
        })
        .collect()
}

/// Units a document can go to or be countersigned by: every active unit but the 科室 (they act for the office).
async fn unit_opts(app: &App, exclude: &str, selected: &[String]) -> Result<Vec<Opt>, WebError> {
    Ok(app
        .unit_tree()
        .await?
        .into_iter()
        .filter(|n| n.unit.active && n.unit.kind != UnitKind::Section && n.unit.id != exclude)
        .map(|n| Opt { selected: selected.contains(&n.unit.id), value: n.unit.id, label: n.unit.name })
        .collect())
}

/// A row of a document list.
pub struct DocRow {
    pub id: String,
    pub title: String,
    pub flow: &'static str,
    pub doc_type: &'static str,
    pub number: String,
    pub state: &'static str,
    pub urgent: &'static str,
    pub updated: String,
}

fn doc_row(d: &Document) -> DocRow {
    DocRow {
        id: d.id.clone(),
        title: d.content.title.clone(),
        flow: d.flow.label(),
        doc_type: d.content.doc_type.label(),
        number: if d.received_no.is_empty() {
            d.doc_number.clone()
        } else {
            format!("{} {}", d.received_no, d.doc_number)
        },
        state: d.state.label(),
        urgent: match d.content.urgency {
            Urgency::Normal => "",
            u => u.label(),
        },
        updated: format_ms(d.updated_ms),
    }
}

/// A waiting task as an inbox shows it.
pub struct TodoRow {
    pub id: String,
    pub title: String,
    pub task: &'static str,
    pub flow: &'static str,
    pub doc_type: &'static str,
    pub number: String,
    pub urgent: &'static str,
    pub age: String,
    pub warning: &'static str,
    pub warning_class: &'static str,
}

fn todo_row(i: &InboxItem, per_day: i64) -> TodoRow {
    let r = &i.row;
    TodoRow {
        id: r.document_id.clone(),
        title: r.title.clone(),
        task: zs_domain::document::TaskKind::from_code(&r.kind).map(|k| k.label()).unwrap_or(""),
        flow: Flow::from_code(&r.flow).map(|f| f.label()).unwrap_or(""),
        doc_type: DocType::from_code(&r.doc_type).map(|t| t.label()).unwrap_or(""),
        number: if r.received_no.is_empty() { r.doc_number.clone() } else { r.received_no.clone() },
        urgent: Urgency::from_code(&r.urgency).filter(|u| *u != Urgency::Normal).map(|u| u.label()).unwrap_or(""),
        age: i.age_label(per_day),
        warning: match i.warning {
            zs_domain::tracking::Warning::Green => "正常",
            zs_domain::tracking::Warning::Yellow => "超1日",
            zs_domain::tracking::Warning::Red => "超3日",
        },
        warning_class: i.warning.code(),
    }
}

pub struct HoldingView {
    pub holder: String,
    pub count: usize,
    pub red: usize,
    pub yellow: usize,
    pub rows: Vec<TodoRow>,
}

pub struct Tab {
    pub code: &'static str,
    pub label: &'static str,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct ListPage {
    ctx: Ctx,
    tab: &'static str,
    tabs: Vec<Tab>,
    todo: Vec<TodoRow>,
    docs: Vec<DocRow>,
    holding: Vec<HoldingView>,
    total: i64,
    page: i64,
    pages: i64,
    keep: String,
    q: String,
    flows: Vec<Opt>,
    states: Vec<Opt>,
    may_draft: bool,
    may_register: bool,
    may_codes: bool,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    tab: Option<String>,
    q: Option<String>,
    flow: Option<String>,
    state: Option<String>,
    page: Option<i64>,
    ok: Option<String>,
}

fn is_registrar(p: &Principal) -> bool {
    zs_domain::document::pools_of(&p.user.roles).contains(&zs_domain::document::POOL_REGISTRAR)
}

async fn list(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let organ_wide = zs_domain::access::organ_wide(&p.subject);
    let tab: &'static str = match q.tab.as_deref() {
        Some("doing") => "doing",
        Some("done") => "done",
        Some("unit") if organ_wide => "unit",
        Some("all") => "all",
        _ => "todo",
    };
    let per_day = app.config.documents.office_hours.minutes_per_day();
    let page = page_number(q.page);
    let (mut todo, mut docs, mut holding) = (Vec::new(), Vec::new(), Vec::new());
    let total;
    match tab {
        "todo" => {
            todo = app.inbox(&p).await?.todo.iter().map(|i| todo_row(i, per_day)).collect();
            total = todo.len() as i64;
        }
        "doing" | "done" => {
            let (rows, n) = app.handled(&p, tab == "done", PAGE, page_offset(q.page, PAGE)).await?;
            docs = rows.iter().map(doc_row).collect();
            total = n;
        }
        "unit" => {
            holding = app
                .holding(&p)
                .await?
                .into_iter()
                .map(|h| HoldingView {
                    count: h.items.len(),
                    rows: h.items.iter().map(|i| todo_row(i, per_day)).collect(),
                    holder: h.holder,
                    red: h.red,
                    yellow: h.yellow,
                })
                .collect();
            total = holding.iter().map(|h| h.count as i64).sum();
        }
        _ => {
            let f = DocFilter {
                flow: q.flow.as_deref().and_then(Flow::from_code),
                states: q.state.as_deref().and_then(DocState::from_code).into_iter().collect(),
                text: q.q.clone(),
                limit: PAGE,
                offset: page_offset(q.page, PAGE),
                ..Default::default()
            };
            let (rows, n) = app.documents(&p, &f).await?;
            docs = rows.iter().map(doc_row).collect();
            total = n;
        }
    }
    let mut tabs = vec![("todo", "待办"), ("doing", "在办"), ("done", "已办")];
    if organ_wide {
        tabs.push(("unit", "本单位在办"));
    }
    tabs.push(("all", "全部公文"));
    let keep = crate::extract::query_string(&[
        ("tab", &Some(tab.to_string())),
        ("q", &q.q),
        ("flow", &q.flow),
        ("state", &q.state),
    ]);
    Ok(html(&ListPage {
        ctx: ctx(&app, &p, "/documents", q.ok.as_deref()),
        tab,
        tabs: tabs.into_iter().map(|(code, label)| Tab { code, label, active: code == tab }).collect(),
        todo,
        docs,
        holding,
        total,
        page,
        pages: ((total + PAGE - 1) / PAGE).max(1),
        keep,
        q: q.q.clone().unwrap_or_default(),
        flows: opts(Flow::ALL, Flow::code, q.flow.as_deref().unwrap_or("")),
        states: opts(DocState::ALL, DocState::code, q.state.as_deref().unwrap_or("")),
        may_draft: !p.organ_id.is_empty() && p.user.roles.iter().any(|r| !r.is_admin_triad()),
        may_register: is_registrar(&p),
        may_codes: zs_domain::decide(&p.subject, &zs_domain::Action::ManageSettings).allowed(),
    }))
}

/// The draft form's values.
pub struct FormView {
    pub title: String,
    pub to: String,
    pub body: String,
    pub attachments: String,
    pub issuer: String,
    pub issuer_mark: String,
    pub signature: String,
    pub dated: String,
    pub note: String,
    pub cc: String,
    pub printer: String,
    pub print_date: String,
    pub copy_no: String,
    pub secrecy_term: String,
}

impl FormView {
    pub fn of(c: &Content) -> FormView {
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        FormView {
            title: c.title.clone(),
            to: c.to.clone(),
            body: c.body.clone(),
            attachments: c.attachments.join("\n"),
            issuer: c.issuer.clone(),
            issuer_mark: c.issuer_mark.clone(),
            signature: c.signature.clone(),
            dated: date(c.dated),
            note: c.note.clone(),
            cc: c.cc.clone(),
            printer: c.printer.clone(),
            print_date: date(c.print_date),
            copy_no: c.copy_no.clone(),
            secrecy_term: c.secrecy_term.clone(),
        }
    }
}

/// A heading-aware preview line of the body.
pub struct BlockView {
    pub level: u8,
    pub text: String,
    /// A table's rows, header first (empty for a paragraph).
    pub rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "document_form.html")]
struct DraftPage {
    ctx: Ctx,
    doc_id: String,
    version: i64,
    resign: bool,
    f: FormView,
    types: Vec<Opt>,
    directions: Vec<Opt>,
    classifications: Vec<Opt>,
    urgencies: Vec<Opt>,
    codes: Vec<Opt>,
    units: Vec<Opt>,
    requests: Vec<Opt>,
    outline: Vec<BlockView>,
}

async fn draft_page(
    app: &App,
    p: &Principal,
    c: &Content,
    doc_id: &str,
    version: i64,
    resign: bool,
) -> Result<Response, WebError> {
    let codes = app
        .agency_codes()
        .await?
        .into_iter()
        .filter(|a| a.unit_id == p.organ_id && (a.active || c.agency_code_id.as_deref() == Some(a.id.as_str())))
        .map(|a| Opt {
            selected: c.agency_code_id.as_deref() == Some(a.id.as_str()),
            label: format!("{}（{}）", a.code, a.note),
            value: a.id,
        })
        .collect();
    // 批复 answer a 请示 received: the ones this person may open.
    let f =
        DocFilter { flow: Some(Flow::Incoming), doc_type: Some(DocType::Request), limit: 100, ..Default::default() };
    let requests = app
        .documents(p, &f)
        .await?
        .0
        .into_iter()
        .map(|d| Opt {
            selected: c.reply_to_id.as_deref() == Some(d.id.as_str()),
            label: format!("{} {}", d.received_no, d.content.title),
            value: d.id,
        })
        .collect();
    let classes: Vec<Classification> = app.config.classification.allowed();
    Ok(html(&DraftPage {
        ctx: ctx(app, p, "/documents", None),
        doc_id: doc_id.into(),
        version,
        resign,
        f: FormView::of(c),
        types: opts(DocType::ALL, DocType::code, c.doc_type.code()),
        directions: opts(Direction::ALL, Direction::code, c.direction.code()),
        classifications: classes
            .iter()
            .map(|v| Opt { value: v.code().into(), label: v.label().into(), selected: *v == c.classification })
            .collect(),
        urgencies: opts(Urgency::ALL, Urgency::code, c.urgency.code()),
        codes,
        units: unit_opts(app, &p.organ_id, &c.countersign_unit_ids).await?,
        requests,
        outline: blocks(&c.body)
            .into_iter()
            .filter(|b| b.level > 0)
            .map(|b| BlockView { level: b.level, text: b.text, rows: b.rows })
            .collect(),
    }))
}

#[derive(Deserialize, Default)]
struct NewQuery {
    #[serde(rename = "type")]
    doc_type: Option<String>,
}

async fn new_form(State(app): State<App>, Me(p): Me, Query(q): Query<NewQuery>) -> Result<Response, WebError> {
    let t = q.doc_type.as_deref().and_then(DocType::from_code).unwrap_or(DocType::Notice);
    let mut c = Content::blank(t);
    // A new draft starts from the organ's first 机关代字 of a fitting kind.
    let codes = app.agency_codes().await?;
    let letter = t == DocType::Letter;
    c.agency_code_id = codes
        .iter()
        .filter(|a| a.active && a.unit_id == p.organ_id)
        .find(|a| a.code.ends_with('函') == letter)
        .map(|a| a.id.clone());
    draft_page(&app, &p, &c, "", 0, false).await
}

async fn create(State(app): State<App>, Me(p): Me, Form(f): Form<ContentInput>) -> Result<Response, WebError> {
    let doc = app.create_draft(&p, &f.content()?).await?;
    Ok(done(&format!("/documents/{}", doc.id), "created"))
}

async fn edit_form(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let v = app.document(&p, &id).await?;
    let Some(resign) = v.edit else {
        return Err(WebError::new(
            StatusCode::CONFLICT,
            format!("公文当前状态为“{}”，您不能修改。", v.doc.state.label()),
        ));
    };
    draft_page(&app, &p, &v.doc.content, &id, v.doc.version, resign && v.doc.sign_off.is_some()).await
}

#[derive(Deserialize)]
struct SaveForm {
    #[serde(default)]
    version: i64,
    #[serde(flatten)]
    content: ContentInput,
}

async fn save(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<SaveForm>,
) -> Result<Response, WebError> {
    app.save_draft(&p, &id, &f.content.content()?, f.version).await?;
    Ok(done(&format!("/documents/{id}"), "saved"))
}

async fn take_step(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<StepInput>,
) -> Result<Response, WebError> {
    app.step_document(&p, &id, f.step()?).await?;
    Ok(done(&format!("/documents/{id}"), "step"))
}

/// The clean current text, laid out the way the document reads.
pub struct PaperView {
    pub copy_no: String,
    pub classification: String,
    pub urgency: String,
    pub mark: String,
    pub number: String,
    pub signer: String,
    pub title: String,
    pub to: String,
    pub blocks: Vec<BlockView>,
    pub attachments: Vec<String>,
    /// 纪要: the 出席/请假/列席 lines (label, names), as the PDF prints them below the text.
    pub attendance: Vec<(&'static str, String)>,
    pub signature: String,
    pub dated: String,
    pub note: String,
    pub cc: String,
    pub printer: String,
    pub print_date: String,
    pub letter: bool,
}

fn paper(d: &Document) -> PaperView {
    let c = &d.content;
    let upward = c.direction == Direction::Up;
    let n = c.attachments.len();
    PaperView {
        copy_no: c.copy_no.clone(),
        classification: c.classification_mark().unwrap_or_default(),
        urgency: match c.urgency {
            Urgency::Normal => String::new(),
            u => u.label().into(),
        },
        mark: c.issuer_mark.clone(),
        number: if d.doc_number.is_empty() && d.flow == Flow::Outgoing {
            "（登记时编号）".into()
        } else {
            d.doc_number.clone()
        },
        signer: if upward {
            d.signer_name().map(str::to_string).unwrap_or_else(|| "（签发后填写）".into())
        } else {
            String::new()
        },
        title: c.title.clone(),
        to: c.to.clone(),
        blocks: blocks(&c.body).into_iter().map(|b| BlockView { level: b.level, text: b.text, rows: b.rows }).collect(),
        attachments: c
            .attachments
            .iter()
            .enumerate()
            .map(|(i, a)| if n > 1 { format!("{}. {a}", i + 1) } else { a.clone() })
            .collect(),
        attendance: c.minutes_attendance().map(zs_domain::document::Attendance::lines).unwrap_or_default(),
        signature: c.signature.clone(),
        dated: c.dated.or(d.sign_off.as_ref().map(|s| s.date)).map(format_date).unwrap_or_default(),
        note: c.note.clone(),
        cc: zs_domain::document::Content::organs(&c.cc).join("，"),
        printer: c.printer.clone(),
        print_date: c.print_date.map(format_date).unwrap_or_default(),
        letter: c.doc_type == DocType::Letter,
    }
}

pub struct ActView {
    pub code: &'static str,
    pub label: &'static str,
    pub danger: bool,
}

pub struct TaskView {
    pub kind: &'static str,
    pub holder: String,
    pub status: &'static str,
    pub at: String,
    pub comment: String,
}

pub struct DistView {
    pub name: String,
    pub platform: bool,
    pub copies: String,
    pub delivered: bool,
    pub acknowledged: String,
    pub urged: i64,
}

pub struct VersionView {
    pub version: i64,
    pub author: String,
    pub at: String,
    pub state: &'static str,
}

pub struct FileView {
    pub id: String,
    pub name: String,
    pub size: String,
    pub purpose: &'static str,
}

pub struct ItemView {
    pub id: String,
    pub title: String,
    pub state: &'static str,
    pub due: String,
}

pub struct EventView {
    pub at: String,
    pub who: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocPage {
    ctx: Ctx,
    id: String,
    title: String,
    flow: &'static str,
    doc_type: &'static str,
    state: &'static str,
    facts: Vec<(&'static str, String)>,
    paper: PaperView,
    actions: Vec<ActView>,
    edit: bool,
    resign: bool,
    outgoing: bool,
    colleagues: Vec<Opt>,
    signers: Vec<Opt>,
    leaders: Vec<Opt>,
    readers: Vec<Opt>,
    units: Vec<Opt>,
    tasks: Vec<TaskView>,
    distributions: Vec<DistView>,
    versions: Vec<VersionView>,
    latest: i64,
    files: Vec<FileView>,
    may_upload: bool,
    items: Vec<ItemView>,
    events: Vec<EventView>,
    suggested_due: String,
    default_opinion: &'static str,
    findings: Vec<super::proof::FindingView>,
    blocking: usize,
    may_dismiss: bool,
}

fn task_status(s: &str) -> &'static str {
    match s {
        "open" => "待办",
        "waiting" => "等待中",
        "done" => "已办",
        _ => "已取消",
    }
}

async fn show(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<super::Ok_>,
) -> Result<Response, WebError> {
    let v: DocView = app.document(&p, &id).await?;
    let people = app.document_people(&p).await?;
    let units_by_id = app.unit_names().await?;
    let name = |uid: &Option<String>| uid.as_ref().and_then(|u| v.names.get(u)).cloned().unwrap_or_default();
    let d = &v.doc;
    let mut facts: Vec<(&'static str, String)> = vec![("所属机关", v.unit_name.clone())];
    let mut push = |label: &'static str, value: String| {
        if !value.trim().is_empty() {
            facts.push((label, value));
        }
    };
    push("行文方向", d.content.direction.label().into());
    push("发文字号", d.doc_number.clone());
    push("收文编号", d.received_no.clone());
    push("来文单位", if d.flow == Flow::Incoming { d.content.issuer.clone() } else { String::new() });
    push("收文日期", d.received_on.map(format_date).unwrap_or_default());
    push(
        "份数/页数",
        if d.flow == Flow::Incoming && d.copies + d.pages > 0 {
            format!("{}份 / {}页", d.copies, d.pages)
        } else {
            String::new()
        },
    );
    push("起草人", name(&d.drafter_id));
    push("核稿人", name(&d.reviewer_id));
    push("签发人", name(&d.signer_id));
    push(
        "签发",
        d.sign_off.as_ref().map(|s| format!("{}　{}　{}", s.opinion, s.name, format_date(s.date))).unwrap_or_default(),
    );
    push("办理方式", d.handling.map(|h| h.label().to_string()).unwrap_or_default());
    push("拟办意见", d.proposal.clone());
    push("批示领导", name(&d.leader_id));
    push(
        "领导批示",
        d.instruction.as_ref().map(|i| format!("{}　{}　{}", i.text, i.name, format_date(i.date))).unwrap_or_default(),
    );
    push("办结情况", d.reply.clone());
    let unit_name = |u: &Option<String>| u.as_ref().and_then(|u| units_by_id.get(u)).cloned().unwrap_or_default();
    let tasks = v
        .tasks
        .iter()
        .filter(|t| matches!(t.kind.as_str(), "countersign" | "read") || t.status == "open")
        .map(|t| TaskView {
            kind: zs_domain::document::TaskKind::from_code(&t.kind).map(|k| k.label()).unwrap_or(""),
            holder: match &t.user_id {
                Some(_) => name(&t.user_id),
                None => {
                    let who =
                        if t.done_by_name.is_empty() { String::new() } else { format!("（{}）", t.done_by_name) };
                    format!("{}{who}", unit_name(&t.unit_id))
                }
            },
            status: task_status(&t.status),
            at: t.done_ms.or(t.opened_ms).map(format_ms).unwrap_or_default(),
            comment: t.comment.clone(),
        })
        .collect();
    let distributions = v
        .distributions
        .iter()
        .map(|r| DistView {
            name: r.name.clone(),
            platform: r.unit_id.is_some(),
            copies: match (r.copy_from, r.copy_to) {
                (Some(a), Some(b)) => format!("{}份（{:06}—{:06}）", r.copies, a, b),
                _ => "电子".into(),
            },
            delivered: r.incoming_id.is_some(),
            acknowledged: r.acknowledged_ms.map(format_ms).unwrap_or_default(),
            urged: r.urge_count,
        })
        .collect();
    let edit = v.edit.is_some();
    let found =
        if d.flow == Flow::Outgoing && !d.is_finished() { app.document_findings(&p, &id).await? } else { Vec::new() };
    let may_dismiss = [DocParty::Drafter, DocParty::Reviewer, DocParty::Signer].iter().any(|x| v.parties.contains(x));
    let page = DocPage {
        ctx: ctx(&app, &p, "/documents", q.ok.as_deref()),
        id: d.id.clone(),
        title: d.content.title.clone(),
        flow: d.flow.label(),
        doc_type: d.content.doc_type.label(),
        state: d.state.label(),
        facts,
        paper: paper(d),
        actions: v
            .actions
            .iter()
            .map(|a| ActView {
                code: a.code(),
                label: a.label(),
                danger: matches!(a, DocAct::Return | DocAct::Reject | DocAct::Void | DocAct::Withdraw | DocAct::Recall),
            })
            .collect(),
        edit,
        resign: v.edit == Some(true) && d.sign_off.is_some(),
        outgoing: d.flow == Flow::Outgoing,
        colleagues: person_opts(&people.colleagues, ""),
        signers: person_opts(&people.signers, d.signer_id.as_deref().unwrap_or("")),
        leaders: person_opts(&people.leaders, d.leader_id.as_deref().unwrap_or("")),
        readers: {
            let mut all = people.leaders.clone();
            all.extend(people.colleagues.iter().filter(|c| !people.leaders.iter().any(|l| l.id == c.id)).cloned());
            person_opts(&all, "")
        },
        units: unit_opts(&app, &d.unit_id, &[]).await?,
        tasks,
        distributions,
        latest: d.version,
        versions: v
            .versions
            .iter()
            .map(|r| VersionView {
                version: r.version,
                author: r.author_name.clone(),
                at: format_ms(r.created_ms),
                state: DocState::from_code(&r.state).map(|s| s.label()).unwrap_or(""),
            })
            .collect(),
        files: v
            .files
            .iter()
            .map(|f| FileView {
                id: f.id.clone(),
                name: f.name.clone(),
                size: human_size(f.size),
                purpose: match f.purpose.as_str() {
                    "original" => "来文原件",
                    "scan" => "扫描件",
                    _ => "附件",
                },
            })
            .collect(),
        may_upload: edit || (v.parties.contains(&zs_domain::document::DocParty::Registrar) && !d.is_finished()),
        items: v
            .handling_items
            .iter()
            .map(|i| ItemView {
                id: i.id.clone(),
                title: i.title.clone(),
                state: i.state.label(),
                due: format_date(i.due),
            })
            .collect(),
        events: v
            .events
            .iter()
            .map(|e| EventView { at: format_ms(e.at_ms), who: e.actor_name.clone(), text: e.text.clone() })
            .collect(),
        suggested_due: app.calendar().add_working_days(app.today(), 10).to_string(),
        default_opinion: if d.content.doc_type == DocType::Letter { "同意发出" } else { "同意印发" },
        blocking: found.iter().filter(|f| f.blocking()).count(),
        findings: found.iter().map(super::proof::doc_finding_view).collect(),
        may_dismiss,
    };
    Ok(html(&page))
}

fn human_size(n: i64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.0} KB", n as f64 / 1024.0),
        n => format!("{n} 字节"),
    }
}

pub struct CellView {
    pub text: String,
    pub changed: bool,
}

pub struct RowView {
    pub left: Option<Vec<CellView>>,
    pub right: Option<Vec<CellView>>,
    pub same: bool,
}

#[derive(Template)]
#[template(path = "document_compare.html")]
struct ComparePage {
    ctx: Ctx,
    id: String,
    title: String,
    old: String,
    new: String,
    fields: Vec<(&'static str, String, String)>,
    rows: Vec<RowView>,
}

#[derive(Deserialize)]
struct CompareQuery {
    a: i64,
    b: i64,
}

async fn compare(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, WebError> {
    let c = app.compare_versions(&p, &id, q.a, q.b).await?;
    let v = app.document(&p, &id).await?;
    let cells = |segs: Option<Vec<zs_domain::document::Seg>>| {
        segs.map(|s| s.into_iter().map(|s| CellView { text: s.text, changed: s.changed }).collect())
    };
    let label = |r: &zs_app::documents::VersionRow| {
        format!("第{}版（{}，{}）", r.version, r.author_name, format_ms(r.created_ms))
    };
    Ok(html(&ComparePage {
        ctx: ctx(&app, &p, "/documents", None),
        id: id.clone(),
        title: v.doc.content.title,
        old: label(&c.old),
        new: label(&c.new),
        fields: c.fields,
        rows: c
            .body
            .into_iter()
            .map(|r| RowView { same: r.unchanged(), left: cells(r.left), right: cells(r.right) })
            .collect(),
    }))
}

/// The 收文登记 form's values (empty, or prefilled from an import).
#[derive(Default)]
pub struct IncomingView {
    pub issuer: String,
    pub doc_number: String,
    pub title: String,
    pub dated: String,
    pub to: String,
    pub body: String,
    pub copies: i64,
    pub original_name: String,
    pub original_sha256: String,
}

#[derive(Template)]
#[template(path = "document_incoming.html")]
struct IncomingPage {
    ctx: Ctx,
    f: IncomingView,
    types: Vec<Opt>,
    classifications: Vec<Opt>,
    urgencies: Vec<Opt>,
    today: String,
    notes: Vec<String>,
    removed: Vec<(usize, String, String)>,
    imported: bool,
}

fn incoming_page(app: &App, p: &Principal, imported: Option<zs_app::documents::ImportedIncoming>) -> Response {
    let classes = app.config.classification.allowed();
    let (f, c, notes, removed) = match &imported {
        Some(i) => {
            let c = &i.form.content;
            let view = IncomingView {
                issuer: c.issuer.clone(),
                doc_number: i.form.doc_number.clone(),
                title: c.title.clone(),
                dated: c.dated.map(|d| d.to_string()).unwrap_or_default(),
                to: c.to.clone(),
                body: c.body.clone(),
                copies: i.form.copies,
                original_name: i.form.original.as_ref().map(|o| o.0.clone()).unwrap_or_default(),
                original_sha256: i.form.original.as_ref().map(|o| o.1.clone()).unwrap_or_default(),
            };
            (view, c.clone(), i.notes.clone(), i.removed.clone())
        }
        None => {
            (IncomingView { copies: 1, ..Default::default() }, Content::blank(DocType::Notice), Vec::new(), Vec::new())
        }
    };
    html(&IncomingPage {
        ctx: ctx(app, p, "/documents", None),
        f,
        types: opts(DocType::ALL, DocType::code, c.doc_type.code()),
        classifications: classes
            .iter()
            .map(|v| Opt { value: v.code().into(), label: v.label().into(), selected: *v == c.classification })
            .collect(),
        urgencies: opts(Urgency::ALL, Urgency::code, c.urgency.code()),
        today: app.today().to_string(),
        notes,
        removed,
        imported: imported.is_some(),
    })
}

async fn incoming_form(State(app): State<App>, Me(p): Me) -> Result<Response, WebError> {
    if !is_registrar(&p) {
        return Err(WebError::new(StatusCode::FORBIDDEN, "只有文书（或乡镇、部门联络员）可以登记收文。"));
    }
    Ok(incoming_page(&app, &p, None))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasteForm {
    text: String,
}

/// 导入来文: a .docx/.txt file or pasted text, read and cleaned; the registration form comes back prefilled.
async fn prefill_incoming(
    State(app): State<App>,
    Me(p): Me,
    crate::extract::FormWithFiles { form, files }: crate::extract::FormWithFiles<PasteForm>,
) -> Result<Response, WebError> {
    let file = files.first().map(|(n, b)| (n.as_str(), b.as_slice()));
    let imported = app.import_incoming(&p, file, &form.text).await?;
    Ok(incoming_page(&app, &p, Some(imported)))
}

async fn register_incoming(
    State(app): State<App>,
    Me(p): Me,
    Form(f): Form<IncomingInput>,
) -> Result<Response, WebError> {
    let doc = app.register_incoming(&p, &f.incoming()?).await?;
    Ok(done(&format!("/documents/{}", doc.id), "created"))
}

/// Upload a file to a document (multipart: `file`, optional `purpose`).
async fn upload(State(app): State<App>, Me(p): Me, Path(id): Path<String>, m: Multipart) -> Result<Response, WebError> {
    let u = crate::extract::read_upload(m, "文件").await?;
    let purpose = if u.field("purpose").is_empty() { "attachment" } else { u.field("purpose") };
    let name = if u.file_name.is_empty() { "附件" } else { u.file_name.as_str() };
    app.attach_file(&p, &id, name, &u.file, purpose).await?;
    Ok(done(&format!("/documents/{id}"), "saved"))
}

async fn download_file(
    State(app): State<App>,
    Me(p): Me,
    Path((id, file_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (f, bytes) = app.file(&p, &id, &file_id).await?;
    Ok(super::file_response(bytes, &f.name, &f.mime))
}

#[derive(Deserialize)]
struct DismissForm {
    rule: String,
    text: String,
    #[serde(default)]
    reason: String,
}

async fn dismiss(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<DismissForm>,
) -> Result<Response, WebError> {
    app.dismiss_finding(&p, &id, &f.rule, &f.text, &f.reason).await?;
    Ok(done(&format!("/documents/{id}"), "saved"))
}

async fn pdf(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let (bytes, name) = app.document_pdf(&p, &id).await?;
    Ok(super::file_response(bytes, &name, "application/pdf"))
}

async fn docx(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let (bytes, name) = app.document_docx(&p, &id).await?;
    Ok(super::file_response(bytes, &name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
}

pub struct CodeView {
    pub id: String,
    pub code: String,
    pub issuer: String,
    pub mark: String,
    pub note: String,
    pub active: bool,
    pub unit: String,
}

#[derive(Template)]
#[template(path = "document_codes.html")]
struct CodesPage {
    ctx: Ctx,
    codes: Vec<CodeView>,
    organs: Vec<Opt>,
    may_manage: bool,
    year: i32,
}

async fn codes(State(app): State<App>, Me(p): Me, Query(q): Query<super::Ok_>) -> Result<Response, WebError> {
    let names = app.unit_names().await?;
    let codes = app
        .agency_codes()
        .await?
        .into_iter()
        .map(|a| CodeView {
            unit: names.get(&a.unit_id).cloned().unwrap_or_default(),
            id: a.id,
            code: a.code,
            issuer: a.issuer,
            mark: a.mark,
            note: a.note,
            active: a.active,
        })
        .collect();
    use chrono::Datelike;
    Ok(html(&CodesPage {
        ctx: ctx(&app, &p, "/documents", q.ok.as_deref()),
        codes,
        organs: unit_opts(&app, "", &[]).await?,
        may_manage: zs_domain::decide(&p.subject, &zs_domain::Action::ManageSettings).allowed(),
        year: app.today().year(),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CodeForm {
    unit_id: String,
    code: String,
    issuer: String,
    mark: String,
    note: String,
    active: Option<String>,
}

impl CodeForm {
    fn input(self, new: bool) -> zs_app::documents::CodeInput {
        zs_app::documents::CodeInput {
            unit_id: self.unit_id,
            code: self.code,
            issuer: self.issuer,
            mark: self.mark,
            note: self.note,
            active: new || self.active.is_some(),
        }
    }
}

async fn create_code(State(app): State<App>, Me(p): Me, Form(f): Form<CodeForm>) -> Result<Response, WebError> {
    app.save_agency_code(&p, None, &f.input(true)).await?;
    Ok(done("/documents/codes", "saved"))
}

async fn update_code(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    app.save_agency_code(&p, Some(&id), &f.input(false)).await?;
    Ok(done("/documents/codes", "saved"))
}

pub struct NumberView {
    pub seq: i64,
    pub number: String,
    pub document_id: String,
    pub voided: bool,
    pub reason: String,
    pub by: String,
    pub at: String,
}

#[derive(Template)]
#[template(path = "document_numbers.html")]
struct NumbersPage {
    ctx: Ctx,
    code: String,
    code_id: String,
    year: i32,
    rows: Vec<NumberView>,
    used: usize,
    voided: usize,
}

#[derive(Deserialize, Default)]
struct YearQuery {
    year: Option<i32>,
}

async fn numbers(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    use chrono::Datelike;
    let year = q.year.unwrap_or_else(|| app.today().year());
    let code = app
        .agency_codes()
        .await?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| WebError::new(StatusCode::NOT_FOUND, "没有这个机关代字。"))?;
    let rows: Vec<NumberView> = app
        .numbers(&p, &id, year)
        .await?
        .into_iter()
        .map(|n| NumberView {
            voided: n.status == "voided",
            seq: n.seq,
            number: n.number,
            document_id: n.document_id,
            reason: n.reason,
            by: n.voided_by.unwrap_or(n.assigned_by),
            at: format_ms(n.voided_ms.unwrap_or(n.assigned_ms)),
        })
        .collect();
    let voided = rows.iter().filter(|r| r.voided).count();
    Ok(html(&NumbersPage {
        ctx: ctx(&app, &p, "/documents", None),
        code: code.code,
        code_id: id,
        year,
        used: rows.len() - voided,
        voided,
        rows,
    }))
}
