//! 公务接待 pages: the list, registration with the 公函 (number or scan), a reception with its rule check and
//! steps, the plan and 接待清单 forms, downloads for reimbursement, local standards and statistics.

use super::{frame, tabs, Tab};
use crate::error::WebError;
use crate::extract::{page_number, page_offset, Form};
use crate::input::affairs::{PlanInput, ReceptionStepInput};
use crate::pages::{done, download, file_response, Ok_};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::Datelike;
use serde::Deserialize;
use zs_app::affairs::ReceptionFilter;
use zs_app::App;
use zs_domain::affairs::money::{parse_yuan, yuan};
use zs_domain::affairs::reception::{
    itinerary_text, may_register, visitors_text, Breach, Plan, ReceptionState, Standards,
};
use zs_domain::time::{format_date, format_ms};
use zs_domain::workflow::Label;
use zs_domain::Role;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/affairs/receptions", get(list).post(create))
        .route("/affairs/receptions/new", get(new_form))
        .route("/affairs/receptions/stats", get(stats))
        .route("/affairs/receptions/stats.xlsx", get(stats_xlsx))
        .route("/affairs/receptions/standards", get(standards).post(save_standards))
        .route("/affairs/receptions/{id}", get(show).post(update))
        .route("/affairs/receptions/{id}/edit", get(edit_form))
        .route("/affairs/receptions/{id}/step", post(take_step))
        .route("/affairs/receptions/{id}/list", get(list_form).post(record_list))
        .route("/affairs/receptions/{id}/letter", get(letter))
        .route("/affairs/receptions/{id}/list.pdf", get(list_pdf))
        .route("/affairs/receptions/{id}/list.xlsx", get(list_xlsx))
}

const PAGE: i64 = 50;

#[derive(Deserialize, Default)]
struct ListQuery {
    q: Option<String>,
    state: Option<String>,
    page: Option<i64>,
    ok: Option<String>,
}

pub struct Row {
    pub id: String,
    pub visiting_unit: String,
    pub dates: String,
    pub guests: i64,
    pub state: &'static str,
    pub cost: String,
}

#[derive(Template)]
#[template(path = "affairs_receptions.html")]
struct ListPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    q: String,
    states: Vec<super::Opt>,
    may_register: bool,
    may_set: bool,
}

fn dates(p: &Plan) -> String {
    if p.start_on == p.end_on {
        format_date(p.start_on)
    } else {
        format!("{}至{}", format_date(p.start_on), format_date(p.end_on))
    }
}

async fn list(State(app): State<App>, Me(p): Me, Query(q): Query<ListQuery>) -> Result<Response, WebError> {
    let f = ReceptionFilter {
        states: q.state.as_deref().and_then(ReceptionState::from_code).into_iter().collect(),
        text: q.q.clone(),
        limit: PAGE,
        offset: page_offset(q.page, PAGE),
        ..Default::default()
    };
    let (list, total) = app.receptions(&p, f).await?;
    let rows = list
        .into_iter()
        .map(|r| Row {
            visiting_unit: r.plan.visiting_unit.clone(),
            dates: dates(&r.plan),
            guests: r.plan.guests,
            state: r.state.label(),
            cost: yuan(r.actual.as_ref().map(|a| a.total_cost()).unwrap_or(r.plan.total_cost())),
            id: r.id,
        })
        .collect();
    Ok(html(&ListPage {
        ctx: frame(&app, &p, q.ok.as_deref()),
        tabs: tabs(&p, "/affairs/receptions"),
        rows,
        total,
        page: page_number(q.page),
        pages: ((total + PAGE - 1) / PAGE).max(1),
        q: q.q.clone().unwrap_or_default(),
        states: super::options(ReceptionState::ALL, ReceptionState::code, q.state.as_deref().unwrap_or("")),
        may_register: may_register(&p.user.roles),
        may_set: p.has(Role::ReceptionOfficer) || p.has(Role::OfficeDirector),
    }))
}

/// The plan form's values as text.
#[derive(Default)]
pub struct PlanForm {
    pub letter_no: String,
    pub letter_file_name: String,
    pub visiting_unit: String,
    pub visitors_text: String,
    pub purpose: String,
    pub itinerary_text: String,
    pub start_on: String,
    pub end_on: String,
    pub guests: String,
    pub escorts: String,
    pub work_meals: String,
    pub meal: String,
    pub menu: String,
    pub drinks: String,
    pub hotel: String,
    pub nights: String,
    pub rooms: String,
    pub room: String,
    pub other: String,
    pub budget: String,
}

impl PlanForm {
    fn of(p: &Plan) -> PlanForm {
        PlanForm {
            letter_no: p.letter_no.clone(),
            letter_file_name: p.letter_file_name.clone(),
            visiting_unit: p.visiting_unit.clone(),
            visitors_text: visitors_text(&p.visitors),
            purpose: p.purpose.clone(),
            itinerary_text: itinerary_text(&p.itinerary),
            start_on: p.start_on.to_string(),
            end_on: p.end_on.to_string(),
            guests: p.guests.to_string(),
            escorts: p.escorts.to_string(),
            work_meals: p.work_meals.to_string(),
            meal: yuan(p.meal_fen),
            menu: p.menu.clone(),
            drinks: p.drinks.clone(),
            hotel: p.hotel.clone(),
            nights: p.nights.to_string(),
            rooms: p.rooms.to_string(),
            room: yuan(p.room_fen),
            other: yuan(p.other_fen),
            budget: yuan(p.budget_fen),
        }
    }
}

#[derive(Template)]
#[template(path = "affairs_reception_form.html")]
struct FormPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    heading: String,
    action: String,
    /// The plan form carries the 公函; the 接待清单 form does not (it keeps the plan's).
    plan: bool,
    f: PlanForm,
    standards: String,
}

fn standards_text(s: &Standards) -> String {
    format!(
        "本地标准：工作餐每人每餐不超过{}元，住宿每间每晚不超过{}元；工作餐最多一次；接待对象10人以内陪餐不超过3人，超过10人不超过三分之一；不得提供鱼翅、燕窝等高档菜肴和野生保护动物，不得提供香烟和高档酒水。",
        yuan(s.meal_fen),
        yuan(s.room_fen)
    )
}

async fn new_form(State(app): State<App>, Me(p): Me) -> Result<Response, WebError> {
    if !may_register(&p.user.roles) {
        return Err(WebError::new(StatusCode::FORBIDDEN, "公务接待由行政科或各单位联络员登记。"));
    }
    let today = app.today();
    let f = PlanForm {
        start_on: today.to_string(),
        end_on: today.to_string(),
        work_meals: "1".into(),
        escorts: "0".into(),
        nights: "0".into(),
        rooms: "0".into(),
        ..Default::default()
    };
    Ok(html(&FormPage {
        ctx: frame(&app, &p, None),
        tabs: tabs(&p, "/affairs/receptions"),
        heading: "登记公务接待".into(),
        action: format!("/affairs/receptions?_csrf={}", p.session.as_ref().map(|s| s.csrf.as_str()).unwrap_or("")),
        plan: true,
        f,
        standards: standards_text(&app.reception_standards().await?),
    }))
}

/// The registration form (multipart, with the optional 公函 scan).
async fn read_plan(m: Multipart) -> Result<(Plan, Option<(String, Vec<u8>)>), WebError> {
    let u = crate::extract::read_multipart(m).await?;
    let plan = PlanInput::from_fields(&u.fields).plan()?;
    let letter = (!u.file.is_empty())
        .then(|| (if u.file_name.is_empty() { "公函".to_string() } else { u.file_name.clone() }, u.file));
    Ok((plan, letter))
}

async fn create(State(app): State<App>, Me(p): Me, m: Multipart) -> Result<Response, WebError> {
    let (plan, letter) = read_plan(m).await?;
    let r = app.create_reception(&p, &plan, letter.as_ref().map(|(n, b)| (n.as_str(), b.as_slice()))).await?;
    Ok(done(&format!("/affairs/receptions/{}", r.id), "created"))
}

async fn edit_form(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let v = app.reception(&p, &id).await?;
    if !v.may_edit {
        return Err(WebError::new(
            StatusCode::CONFLICT,
            format!("接待当前为“{}”，计划不能再修改。", v.reception.state.label()),
        ));
    }
    Ok(html(&FormPage {
        ctx: frame(&app, &p, None),
        tabs: tabs(&p, "/affairs/receptions"),
        heading: format!("修改接待计划：{}", v.reception.plan.visiting_unit),
        action: format!("/affairs/receptions/{id}?_csrf={}", p.session.as_ref().map(|s| s.csrf.as_str()).unwrap_or("")),
        plan: true,
        f: PlanForm::of(&v.reception.plan),
        standards: standards_text(&v.standards),
    }))
}

async fn update(State(app): State<App>, Me(p): Me, Path(id): Path<String>, m: Multipart) -> Result<Response, WebError> {
    let (plan, letter) = read_plan(m).await?;
    app.update_reception(&p, &id, &plan, letter.as_ref().map(|(n, b)| (n.as_str(), b.as_slice()))).await?;
    Ok(done(&format!("/affairs/receptions/{id}"), "saved"))
}

async fn list_form(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let v = app.reception(&p, &id).await?;
    if !v.may_record {
        return Err(WebError::new(StatusCode::CONFLICT, "接待计划批准后才能填报接待清单。"));
    }
    let base = v.reception.actual.as_ref().unwrap_or(&v.reception.plan);
    Ok(html(&FormPage {
        ctx: frame(&app, &p, None),
        tabs: tabs(&p, "/affairs/receptions"),
        heading: format!("填报接待清单：{}", v.reception.plan.visiting_unit),
        action: format!("/affairs/receptions/{id}/list"),
        plan: false,
        f: PlanForm::of(base),
        standards: standards_text(&v.standards),
    }))
}

async fn record_list(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<PlanInput>,
) -> Result<Response, WebError> {
    app.record_reception_list(&p, &id, &f.plan()?).await?;
    Ok(done(&format!("/affairs/receptions/{id}"), "saved"))
}

pub struct BreachView {
    pub message: String,
    pub article: String,
}

fn breaches(v: &[Breach]) -> Vec<BreachView> {
    v.iter().map(|b| BreachView { message: b.message.clone(), article: b.article.clone() }).collect()
}

pub struct ActView {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Template)]
#[template(path = "affairs_reception.html")]
struct ShowPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    id: String,
    visiting: String,
    host: String,
    state: &'static str,
    note: String,
    lines: Vec<(&'static str, String)>,
    breaches: Vec<BreachView>,
    list_lines: Vec<(&'static str, String)>,
    list_breaches: Vec<BreachView>,
    differences: Vec<(String, String, String)>,
    has_list: bool,
    has_scan: bool,
    approval: String,
    signature: String,
    actions: Vec<ActView>,
    may_edit: bool,
    may_record: bool,
    events: Vec<(String, String, String)>,
}

fn plan_lines(p: &Plan) -> Vec<(&'static str, String)> {
    let visitors: Vec<String> = p
        .visitors
        .iter()
        .map(|v| [v.name.as_str(), v.unit.as_str(), v.position.as_str()].join(" ").trim().to_string())
        .collect();
    let acts: Vec<String> =
        p.itinerary.iter().map(|a| format!("{} {} {} {}", format_date(a.date), a.time, a.place, a.content)).collect();
    vec![
        ("公函", if p.letter_no.is_empty() { format!("扫描件 {}", p.letter_file_name) } else { p.letter_no.clone() }),
        ("来访单位", p.visiting_unit.clone()),
        ("来访事由", p.purpose.clone()),
        ("来访时间", dates(p)),
        ("来访人员", visitors.join("；")),
        ("行程", acts.join("；")),
        ("接待对象人数", p.guests.to_string()),
        ("工作餐", meal_line(p)),
        ("住宿", lodging_line(p)),
        ("其他费用", format!("{}元", yuan(p.other_fen))),
        (
            "费用合计",
            if p.budget_fen > 0 {
                format!("{}元（预算{}元）", yuan(p.total_cost()), yuan(p.budget_fen))
            } else {
                format!("{}元", yuan(p.total_cost()))
            },
        ),
    ]
}

fn meal_line(p: &Plan) -> String {
    if p.work_meals == 0 {
        return "不安排工作餐".into();
    }
    let mut s = format!("{}次，陪餐{}人，每人{}元", p.work_meals, p.escorts, yuan(p.meal_fen));
    if !p.menu.is_empty() {
        s.push_str(&format!("，菜单：{}", p.menu));
    }
    if !p.drinks.is_empty() {
        s.push_str(&format!("，酒水：{}", p.drinks));
    }
    s
}

fn lodging_line(p: &Plan) -> String {
    if p.nights == 0 {
        return "不安排住宿".into();
    }
    format!("{}，{}间×{}晚，每间每晚{}元", p.hotel, p.rooms, p.nights, yuan(p.room_fen))
}

async fn show(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    let v = app.reception(&p, &id).await?;
    let r = &v.reception;
    let sig = |s: &Option<zs_domain::affairs::reception::Signature>, what: &str| {
        s.as_ref()
            .map(|s| {
                format!(
                    "{what}：{}（{}）{}",
                    s.name,
                    format_date(s.date),
                    if s.opinion.is_empty() { String::new() } else { format!("，{}", s.opinion) }
                )
            })
            .unwrap_or_default()
    };
    Ok(html(&ShowPage {
        ctx: frame(&app, &p, q.ok.as_deref()),
        tabs: tabs(&p, "/affairs/receptions"),
        id: r.id.clone(),
        visiting: r.plan.visiting_unit.clone(),
        host: v.host_name.clone(),
        state: r.state.label(),
        note: r.note.clone(),
        lines: plan_lines(&r.plan),
        breaches: breaches(&v.breaches),
        list_lines: r.actual.as_ref().map(plan_lines).unwrap_or_default(),
        list_breaches: breaches(&v.list_breaches),
        differences: v.differences.iter().map(|d| (d.item.to_string(), d.planned.clone(), d.actual.clone())).collect(),
        has_list: r.actual.is_some(),
        has_scan: r.plan.letter_file.is_some(),
        approval: sig(&r.approval, "批准"),
        signature: sig(&r.signature, "负责人签字"),
        actions: v.actions.iter().map(|a| ActView { code: a.code(), label: a.label() }).collect(),
        may_edit: v.may_edit,
        may_record: v.may_record,
        events: v.events.iter().map(|e| (format_ms(e.at_ms), e.actor_name.clone(), e.text.clone())).collect(),
    }))
}

async fn take_step(
    State(app): State<App>,
    Me(p): Me,
    Path(id): Path<String>,
    Form(f): Form<ReceptionStepInput>,
) -> Result<Response, WebError> {
    app.step_reception(&p, &id, f.step()?).await?;
    Ok(done(&format!("/affairs/receptions/{id}"), "step"))
}

async fn letter(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let (name, mime, bytes) = app.reception_letter(&p, &id).await?;
    Ok(file_response(bytes, &name, mime))
}

async fn list_pdf(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let (bytes, name) = app.reception_list_pdf(&p, &id).await?;
    Ok(file_response(bytes, &name, "application/pdf"))
}

async fn list_xlsx(State(app): State<App>, Me(p): Me, Path(id): Path<String>) -> Result<Response, WebError> {
    let (bytes, name) = app.reception_list_xlsx(&p, &id).await?;
    Ok(download(bytes, &name))
}

#[derive(Deserialize, Default)]
struct YearQuery {
    year: Option<i32>,
}

pub struct StatView {
    pub key: String,
    pub receptions: i64,
    pub guests: i64,
    pub planned: String,
    pub actual: String,
}

#[derive(Template)]
#[template(path = "affairs_reception_stats.html")]
struct StatsPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    year: i32,
    groups: Vec<(&'static str, &'static str, Vec<StatView>)>,
}

async fn stats(State(app): State<App>, Me(p): Me, Query(q): Query<YearQuery>) -> Result<Response, WebError> {
    let year = q.year.unwrap_or_else(|| app.today().year());
    let s = app.reception_stats(&p, year).await?;
    let view = |v: Vec<zs_app::affairs::StatRow>| {
        v.into_iter()
            .map(|r| StatView {
                key: r.key,
                receptions: r.receptions,
                guests: r.guests,
                planned: yuan(r.planned_fen),
                actual: yuan(r.actual_fen),
            })
            .collect()
    };
    Ok(html(&StatsPage {
        ctx: frame(&app, &p, None),
        tabs: tabs(&p, "/affairs/receptions"),
        year,
        groups: vec![
            ("按月", "月份", view(s.by_month)),
            ("按接待单位", "接待单位", view(s.by_host)),
            ("按来访单位", "来访单位", view(s.by_visitor)),
        ],
    }))
}

async fn stats_xlsx(State(app): State<App>, Me(p): Me, Query(q): Query<YearQuery>) -> Result<Response, WebError> {
    let year = q.year.unwrap_or_else(|| app.today().year());
    Ok(download(app.export_reception_stats(&p, year).await?, &format!("{year}年公务接待统计.xlsx")))
}

#[derive(Template)]
#[template(path = "affairs_reception_standards.html")]
struct StandardsPage {
    ctx: Ctx,
    tabs: Vec<Tab>,
    meal: String,
    room: String,
    forbidden: String,
    builtin: String,
    may_set: bool,
}

async fn standards(State(app): State<App>, Me(p): Me, Query(q): Query<Ok_>) -> Result<Response, WebError> {
    let s = app.reception_standards().await?;
    let builtin: Vec<&str> = zs_domain::affairs::reception::FORBIDDEN.iter().map(|(w, _)| *w).collect();
    Ok(html(&StandardsPage {
        ctx: frame(&app, &p, q.ok.as_deref()),
        tabs: tabs(&p, "/affairs/receptions"),
        meal: yuan(s.meal_fen),
        room: yuan(s.room_fen),
        forbidden: s.forbidden.join("、"),
        builtin: builtin.join("、"),
        may_set: p.has(Role::ReceptionOfficer) || p.has(Role::OfficeDirector),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StandardsForm {
    meal: String,
    room: String,
    forbidden: String,
}

async fn save_standards(State(app): State<App>, Me(p): Me, Form(f): Form<StandardsForm>) -> Result<Response, WebError> {
    let bad = |e: zs_domain::Invalid| WebError::new(StatusCode::UNPROCESSABLE_ENTITY, e.message);
    let s = Standards {
        meal_fen: parse_yuan("meal", "工作餐标准", &f.meal).map_err(bad)?,
        room_fen: parse_yuan("room", "住宿标准", &f.room).map_err(bad)?,
        forbidden: f
            .forbidden
            .split(['、', '，', ',', '\n', ' '])
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect(),
    };
    app.set_reception_standards(&p, &s).await?;
    Ok(done("/affairs/receptions/standards", "saved"))
}
