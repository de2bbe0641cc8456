//! 信息报送 pages: the list, the submission form, an item (text, proofreading, versions, files, screening,
//! editing, placement, adoption), version comparison, the score table and rules, and 约稿.

use super::{frame, options, tabs, Opt, Tab};
use crate::error::WebError;
use crate::extract::{page_number, page_offset, Form, Query};
use crate::input::affairs::{AdoptionInput, InfoInput, InfoStepInput};
use crate::pages::{done, download, file_response, Ok_};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::Datelike;
use serde::Deserialize;
use zs_app::affairs::{ItemFilter, NewCommission, NewInfo};
use zs_app::App;
use zs_domain::affairs::info::{self as rules, AdoptionKind, InfoCategory, InfoState, Level, Period};
use zs_domain::affairs::journal::IssueState;
use zs_domain::time::{format_date, format_ms};
use zs_domain::workflow::Label;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/affairs/info", get(list).post(submit))
        .route("/affairs/info/new", get(new_form))
        .route("/affairs/info/{id}", get(item))
        .route("/affairs/info/{id}/step", post(take_step))
        .route("/affairs/info/{id}/edit", post(edit))
        .route("/affairs/info/{id}/compare", get(compare))
        .route("/affairs/info/{id}/files", post(upload))
        .route("/affairs/info/{id}/files/{file_id}", get(download_file))
        .route("/affairs/info/{id}/adopt", post(adopt))
        .route("/affairs/info/{id}/place", post(place))
        .route("/affairs/scores", get(scores))
        .route("/affairs/scores.xlsx", get(scores_xlsx))
        .route("/affairs/scores/bulletin", post(bulletin))
        .route("/affairs/rules", get(rules_page).post(save_rules))
        .route("/affairs/commissions", get(commissions).post(create_commission))
}

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    state: Option<String>,
    category: Option<String>,
    page: Option<i64>,
    ok: Option<String>,
}

pub struct InfoRow {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub category: &'static str,
    pub urgent: bool,
    pub state: &'static str,
    pub submitted: String,
    pub version: i64,
}

#[derive(Template)]
#[template(path = "affairs_info_list.html")]
struct ListPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    rows: Vec<InfoRow>,
    total: i64,
    page: i64,
    pages: i64,
    keep: String,
    q: String,
    states: Vec<Opt>,
    categories: Vec<Opt>,
    may_submit: bool,
}

async fn list(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let f = ItemFilter {
        states: q.state.as_deref().and_then(InfoState::from_code).into_iter().collect(),
        category: q.category.as_deref().and_then(InfoCategory::from_code),
        text: q.q.clone(),
        limit: PAGE,
        offset: page_offset(q.page, PAGE),
        ..Default::default()
    };
    let (items, total) = app.info_items(&p, f).await?;
    let names = app.unit_names().await?;
    let rows = items
        .into_iter()
        .map(|i| InfoRow {
            unit: names.get(&i.unit_id).cloned().unwrap_or_default(),
            category: i.category.label(),
            urgent: i.category.is_urgent(),
            state: i.state.label(),
            submitted: format_ms(i.submitted_ms),
            version: i.version,
            id: i.id,
            title: i.title,
        })
        .collect();
    let keep = crate::extract::query_string(&[("q", &q.q), ("state", &q.state), ("category", &q.category)]);
    Ok(html(&ListPage {
        ctx: frame(&app, &p, q.ok.as_deref()),
        tabs: tabs(&p, "/affairs/info"),
        rows,
        total,
        page: page_number(q.page),
        pages: ((total + PAGE - 1) / PAGE).max(1),
        keep,
        q: q.q.clone().unwrap_or_default(),
        states: options(InfoState::ALL, InfoState::code, q.state.as_deref().unwrap_or("")),
        categories: options(InfoCategory::ALL, InfoCategory::code, q.category.as_deref().unwrap_or("")),
        may_submit: rules::may_submit(&p.user.roles),
    }))
}

#[derive(Deserialize, Default)]
struct NewQuery {
    commission: Option<String>,
}

#[derive(Template)]
#[template(path = "affairs_info_new.html")]
struct NewPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    categories: Vec<Opt>,
    commissions: Vec<Opt>,
}

async fn new_form(State(app): State<App>, Me(p): Me, Query(q): Query<NewQuery>) -> Result<Response, WebError> {
    if !rules::may_submit(&p.user.roles) {
        return Err(WebError::new(StatusCode::FORBIDDEN, "只有各单位的联络员（信息员）可以报送信息。"));
    }
    let open = app.open_commissions(&p).await?;
    let commissions = open
        .into_iter()
        .map(|t| Opt {
            selected: q.commission.as_deref() == Some(t.id.as_str()),
            label: format!("{}（{}前）", t.title, format_date(t.due)),
            value: t.id,
        })
        .collect();
    Ok(html(&NewPage {
        ctx: frame(&app, &p, None),
        tabs: tabs(&p, "/affairs/info"),
        categories: options(InfoCategory::ALL, InfoCategory::code, "news"),
        commissions,
    }))
}

async fn submit(State(app): State<App>, Me(p): Me, Form(f): Form<InfoInput>) -> Result<Response, WebError> {
    let n = NewInfo {
        category: f.category()?,
        title: f.title,
        body: f.body,
        commission_id: Some(f.commission_id).filter(|s| !s.trim().is_empty()),
    };
    let s = app.submit_info(&p, &n).await?;
    Ok(done(&format!("/affairs/info/{}", s.item.id), "created"))
}

pub struct FindingView {
    pub severity: &'static str,
    pub error: bool,
    pub at: String,
    pub text: String,
    pub message: String,
    pub suggestions: String,
}

pub struct ActView {
    pub code: &'static str,
    pub label: &'static str,
}

pub struct LineView {
    pub at: String,
    pub who: String,
    pub text: String,
}

pub struct ScoreView {
    pub what: String,
    pub outlet: String,
    pub on: String,
    pub points: i64,
}

#[derive(Template)]
#[template(path = "affairs_info_item.html")]
struct ItemPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    id: String,
    title: String,
    body: String,
    unit: String,
    author: String,
    category: &'static str,
    state: &'static str,
    submitted: String,
    version: i64,
    note: String,
    findings: Vec<FindingView>,
    versions: Vec<LineView>,
    files: Vec<(String, String, i64)>,
    events: Vec<LineView>,
    scores: Vec<ScoreView>,
    issues: Vec<(String, String, String)>,
    actions: Vec<ActView>,
    may_edit: bool,
    may_adopt: bool,
    may_attach: bool,
    editor: bool,
    categories: Vec<Opt>,
    open_issues: Vec<Opt>,
    kinds: Vec<Opt>,
    levels: Vec<Opt>,
    commission: Option<(String, String)>,
    today: String,
}

async fn item(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    let v = app.info_item(&p, &id).await?;
    let editor = rules::is_editor(&p.user.roles);
    let open_issues = if editor {
        let journals = app.journals().await?;
        app.journal_issues(&p, None)
            .await?
            .into_iter()
            .filter(|s| s.state == IssueState::Editing)
            .map(|s| {
                let name = journals.iter().find(|j| j.id == s.journal_id).map(|j| j.name.clone()).unwrap_or_default();
                Opt { label: format!("《{name}》{}", s.label()), value: s.id, selected: false }
            })
            .collect()
    } else {
        Vec::new()
    };
    let it = &v.item;
    let findings = v
        .findings
        .iter()
        .map(|f| FindingView {
            severity: f.severity.label(),
            error: f.severity == zs_app::affairs::ProofSeverity::Error,
            at: if f.line == 0 {
                format!("标题第{}字", f.column)
            } else {
                format!("正文第{}行第{}字", f.line, f.column)
            },
            text: f.text.clone(),
            message: f.message.clone(),
            suggestions: f.suggestions.join(" 或 "),
        })
        .collect();
    let page = ItemPage {
        ctx: frame(&app, &p, q.ok.as_deref()),
        tabs: tabs(&p, "/affairs/info"),
        id: it.id.clone(),
        title: it.title.clone(),
        body: it.body.clone(),
        unit: v.unit_name.clone(),
        author: it.author_name.clone(),
        category: it.category.label(),
        state: it.state.label(),
        submitted: format_ms(it.submitted_ms),
        version: it.version,
        note: it.note.clone(),
        findings,
        versions: v
            .versions
            .iter()
            .map(|r| LineView {
                at: format_ms(r.created_ms),
                who: r.author_name.clone(),
                text: format!("第{}稿", r.version),
            })
            .collect(),
        files: v.files.iter().map(|f| (f.id.clone(), f.name.clone(), f.size)).collect(),
        events: v
            .events
            .iter()
            .map(|e| LineView { at: format_ms(e.at_ms), who: e.actor_name.clone(), text: e.text.clone() })
            .collect(),
        scores: v
            .scores
            .iter()
            .map(|s| ScoreView {
                what: format!(
                    "{}{}",
                    Level::from_code(&s.level).map(|l| l.label()).unwrap_or(""),
                    AdoptionKind::from_code(&s.kind).map(|k| k.label()).unwrap_or("")
                ),
                outlet: s.outlet.clone(),
                on: s.on_date.clone(),
                points: s.points,
            })
            .collect(),
        issues: v.issues.clone(),
        actions: v.actions.iter().map(|a| ActView { code: a.code(), label: a.label() }).collect(),
        may_edit: v.may_edit,
        may_adopt: v.may_adopt,
        may_attach: v.may_attach,
        editor,
        categories: options(InfoCategory::ALL, InfoCategory::code, it.category.code()),
        open_issues,
        kinds: options(
            &[AdoptionKind::Adopted, AdoptionKind::Instruction, AdoptionKind::Reported],
            AdoptionKind::code,
            "adopted",
        ),
        levels: options(&[Level::City, Level::Province, Level::National, Level::County], Level::code, "city"),
        commission: v.commission.as_ref().map(|c| (c.0.clone(), format!("{}（{}前）", c.1, format_date(c.2)))),
        today: app.today().to_string(),
    };
    Ok(html(&page))
}

async fn take_step(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<InfoStepInput>,
) -> Result<Response, WebError> {
    app.step_info(&p, &id, f.step()?).await?;
    Ok(done(&format!("/affairs/info/{id}"), "step"))
}

async fn edit(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<InfoInput>,
) -> Result<Response, WebError> {
    let (category, version) = (f.category()?, f.version()?);
    app.edit_info(&p, &id, category, &f.title, &f.body, version).await?;
    Ok(done(&format!("/affairs/info/{id}"), "saved"))
}

#[derive(Deserialize)]
struct CompareQuery {
    a: i64,
    b: i64,
}

pub struct SegView {
    pub text: String,
    pub changed: bool,
}

pub struct RowView {
    pub left: Vec<SegView>,
    pub right: Vec<SegView>,
    pub same: bool,
}

#[derive(Template)]
#[template(path = "affairs_info_compare.html")]
struct ComparePage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    id: String,
    a: i64,
    b: i64,
    a_by: String,
    b_by: String,
    rows: Vec<RowView>,
}

async fn compare(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, WebError> {
    let (old, new, rows) = app.compare_info(&p, &id, q.a, q.b).await?;
    let segs = |s: Option<Vec<zs_domain::document::Seg>>| {
        s.unwrap_or_default().into_iter().map(|s| SegView { text: s.text, changed: s.changed }).collect()
    };
    let rows = rows
        .into_iter()
        .map(|r| {
            let same = r.unchanged();
            RowView { left: segs(r.left), right: segs(r.right), same }
        })
        .collect();
    Ok(html(&ComparePage {
        ctx: frame(&app, &p, None),
        tabs: tabs(&p, "/affairs/info"),
        id,
        a: old.version,
        b: new.version,
        a_by: format!("{}（{}）", old.author_name, format_ms(old.created_ms)),
        b_by: format!("{}（{}）", new.author_name, format_ms(new.created_ms)),
        rows,
    }))
}

async fn upload(State(app): State<App>, Me(p): Me, Path(id): Path<String>, m: Multipart) -> Result<Response, WebError> {
    let u = crate::extract::read_upload(m, "附件").await?;
    let name = if u.file_name.is_empty() { "附件" } else { u.file_name.as_str() };
    app.attach_info_file(&p, &id, name, &u.file).await?;
    Ok(done(&format!("/affairs/info/{id}"), "saved"))
}

async fn download_file(
    State(app): State<App>,
    Me(p): Me,
    Path((id, file_id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (f, bytes) = app.info_file(&p, &id, &file_id).await?;
    Ok(file_response(bytes, &f.name, &f.mime))
}

async fn adopt(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<AdoptionInput>,
) -> Result<Response, WebError> {
    let a = f.adoption(app.today())?;
    app.record_adoption(&p, &id, &a).await?;
    Ok(done(&format!("/affairs/info/{id}"), "saved"))
}

#[derive(Deserialize)]
struct PlaceForm {
    #[serde(default)]
    issue_id: String,
}

async fn place(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<PlaceForm>,
) -> Result<Response, WebError> {
    if f.issue_id.is_empty() {
        return Err(WebError::new(StatusCode::UNPROCESSABLE_ENTITY, "请选择要编入的期刊。"));
    }
    app.place_item(&p, &f.issue_id, &id).await?;
    Ok(done(&format!("/affairs/issues/{}", f.issue_id), "saved"))
}

#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    pub year: Option<i32>,
    pub quarter: Option<String>,
    pub month: Option<String>,
}

impl PeriodQuery {
    pub fn period(&self, app: &App) -> Result<Period, WebError> {
        let n = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| s.parse::<u32>());
        let quarter = n(&self.quarter).transpose().map_err(|_| WebError::bad_request("季度应为1到4。"))?;
        let month = n(&self.month).transpose().map_err(|_| WebError::bad_request("月份应为1到12。"))?;
        Period::new(self.year.unwrap_or_else(|| app.today().year()), quarter, month)
            .map_err(|e| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, e.message))
    }
    fn keep(&self, p: Period) -> String {
        let year = p.range().0.year();
        let mut s = format!("year={year}");
        if let Some(q) = self.quarter.as_deref().filter(|s| !s.is_empty()) {
            s.push_str(&format!("&quarter={q}"));
        }
        if let Some(m) = self.month.as_deref().filter(|s| !s.is_empty()) {
            s.push_str(&format!("&month={m}"));
        }
        s
    }
}

#[derive(Template)]
#[template(path = "affairs_scores.html")]
struct ScoresPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    label: String,
    year: i32,
    quarters: Vec<Opt>,
    months: Vec<Opt>,
    keep: String,
    lines: Vec<zs_domain::affairs::info::ScoreLine>,
    total: zs_domain::affairs::info::ScoreLine,
    editor: bool,
    quarter: String,
    month: String,
}

async fn scores(State(app): State<App>, Me(p): Me, Query(q): Query<PeriodQuery>) -> Result<Response, WebError> {
    let period = q.period(&app)?;
    let t = app.score_table(&p, period).await?;
    let pick = |n: u32, s: &Option<String>| s.as_deref() == Some(n.to_string().as_str());
    Ok(html(&ScoresPage {
        ctx: frame(&app, &p, None),
        tabs: tabs(&p, "/affairs/scores"),
        label: period.label(),
        year: period.range().0.year(),
        quarters: (1..=4)
            .map(|n| Opt { value: n.to_string(), label: format!("第{n}季度"), selected: pick(n, &q.quarter) })
            .collect(),
        months: (1..=12)
            .map(|n| Opt { value: n.to_string(), label: format!("{n}月"), selected: pick(n, &q.month) })
            .collect(),
        keep: q.keep(period),
        total: t.totals(),
        lines: t.lines,
        editor: rules::is_editor(&p.user.roles),
        quarter: q.quarter.clone().unwrap_or_default(),
        month: q.month.clone().unwrap_or_default(),
    }))
}

async fn scores_xlsx(State(app): State<App>, Me(p): Me, Query(q): Query<PeriodQuery>) -> Result<Response, WebError> {
    let period = q.period(&app)?;
    Ok(download(app.export_scores(&p, period).await?, &format!("{}信息计分.xlsx", period.label())))
}

async fn bulletin(State(app): State<App>, Me(p): Me, Form(q): Form<PeriodQuery>) -> Result<Response, WebError> {
    let period = q.period(&app)?;
    let doc = app.draft_score_bulletin(&p, period).await?;
    Ok(done(&format!("/documents/{}", doc.id), "created"))
}

#[derive(Template)]
#[template(path = "affairs_rules.html")]
struct RulesPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    rules: Vec<zs_app::affairs::RuleView>,
    editor: bool,
}

async fn rules_page(State(app): State<App>, Me(p): Me, Query(q): Query<Ok_>) -> Result<Response, WebError> {
    Ok(html(&RulesPage {
        ctx: frame(&app, &p, q.ok.as_deref()),
        tabs: tabs(&p, "/affairs/scores"),
        rules: app.score_rules().await?,
        editor: rules::is_editor(&p.user.roles),
    }))
}

/// The rules form: one field per rule, named by its key.
async fn save_rules(
    State(app): State<App>,
    Me(p): Me,
    Form(f): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let mut changes = Vec::new();
    for (k, v) in f.into_iter().filter(|(k, _)| k != "_csrf") {
        let n: i64 = v
            .trim()
            .parse()
            .map_err(|_| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("分值“{}”应为整数。", v.trim())))?;
        changes.push((k, n));
    }
    app.set_score_rules(&p, &changes).await?;
    Ok(done("/affairs/rules", "saved"))
}

pub struct CommissionView {
    pub id: String,
    pub title: String,
    pub due: String,
    pub state: &'static str,
    pub warning: &'static str,
    pub warning_class: &'static str,
}

#[derive(Template)]
#[template(path = "affairs_commissions.html")]
struct CommissionsPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    rows: Vec<CommissionView>,
    editor: bool,
    may_submit: bool,
    units: Vec<Opt>,
    suggested_due: String,
}

async fn commissions(State(app): State<App>, Me(p): Me, Query(q): Query<Ok_>) -> Result<Response, WebError> {
    let editor = rules::is_editor(&p.user.roles);
    let rows = app
        .commissions(&p)
        .await?
        .into_iter()
        .map(|t| CommissionView {
            warning: zs_app::tracking::warning_label(&t),
            warning_class: t.warning.map(|w| w.code()).unwrap_or("none"),
            id: t.id,
            title: t.title,
            due: format_date(t.due),
            state: t.state.label(),
        })
        .collect();
    let units = if editor {
        app.unit_tree()
            .await?
            .into_iter()
            .filter(|n| n.unit.active && !n.unit.kind.is_office())
            .map(|n| Opt { value: n.unit.id, label: n.unit.name, selected: false })
            .collect()
    } else {
        Vec::new()
    };
    Ok(html(&CommissionsPage {
        ctx: frame(&app, &p, q.ok.as_deref()),
        tabs: tabs(&p, "/affairs/commissions"),
        rows,
        editor,
        may_submit: rules::may_submit(&p.user.roles),
        units,
        suggested_due: app.calendar().add_working_days(app.today(), 5).to_string(),
    }))
}

#[derive(Deserialize)]
struct CommissionForm {
    #[serde(default)]
    topic: String,
    #[serde(default)]
    requirement: String,
    #[serde(default)]
    unit_id: Vec<String>,
    #[serde(default)]
    due: String,
}

async fn create_commission(
    State(app): State<App>,
    Me(p): Me,
    Form(f): Form<CommissionForm>,
) -> Result<Response, WebError> {
    let n = NewCommission {
        topic: f.topic,
        requirement: f.requirement,
        unit_ids: f.unit_id,
        due: crate::input::date(&f.due, "报送时限")?,
    };
    let matter = app.create_commission(&p, &n).await?;
    Ok(done(&format!("/tracking/{}", matter.id), "created"))
}
