//! 精文简会 page: units ranked by what the platform laid on them in a year, flagged against the
//! office's caps; the monthly trend (all units, or one) as an SVG chart; the senders; the caps form;
//! the .xlsx export.

use crate::error::WebError;
use crate::extract::{Form, Query};
use crate::input::meetings::CapsForm;
use crate::pages::org::Opt;
use crate::pages::{ctx, done, download};
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use zs_app::meetings::burden::{Burden, Sender};
use zs_app::App;
use zs_domain::meeting::{FlagLevel, Measure};
use zs_domain::workflow::Label;
use zs_domain::Role;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/burden", get(page))
        .route("/burden/export.xlsx", get(export))
        .route("/burden/caps", post(set_caps))
}

#[derive(Deserialize, Default)]
struct BurdenQuery {
    year: Option<i32>,
    unit: Option<String>,
    by: Option<String>,
    ok: Option<String>,
}

pub struct UnitLine {
    pub rank: usize,
    pub unit_id: String,
    pub name: String,
    pub documents: i64,
    pub meetings: i64,
    pub hours: String,
    pub items: i64,
    pub reports: i64,
    pub flags: Vec<(String, &'static str)>,
    pub over: bool,
}

#[derive(Template)]
#[template(path = "burden.html")]
struct BurdenPage {
    ctx: Ctx,
    year: i32,
    years: Vec<i32>,
    by: String,
    measures: Vec<Opt>,
    unit: String,
    unit_name: String,
    lines: Vec<UnitLine>,
    over: usize,
    senders: Vec<Sender>,
    chart: String,
    hours_chart: String,
    caps: [String; 5],
    caps_set: String,
    may_set_caps: bool,
    total: (i64, i64, String, i64, i64),
}

fn hours(minutes: i64) -> String {
    format!("{:.1}", minutes as f64 / 60.0)
}

/// At most this many units are listed; the export has them all.
const SHOWN: usize = 200;

async fn page(State(app): State<App>, Me(p): Me, Query(q): Query<BurdenQuery>) -> Result<Response, WebError> {
    let year = q.year.unwrap_or_else(|| app.burden_year());
    let by = q.by.as_deref().and_then(Measure::from_code).unwrap_or(Measure::Documents);
    let b: Burden = app.burden(&p, year, q.unit.as_deref(), by).await?;
    let labels: Vec<String> =
        b.trend.iter().map(|t| format!("{}月", t.0.get(5..).unwrap_or(&t.0).trim_start_matches('0'))).collect();
    let chart = crate::chart::bars(
        &labels,
        &[
            ("收文", "#1456f0", b.trend.iter().map(|t| t.1.documents).collect()),
            ("督办事项", "#e65100", b.trend.iter().map(|t| t.1.items).collect()),
            ("反馈报告", "#6a1b9a", b.trend.iter().map(|t| t.1.reports).collect()),
        ],
        240,
    );
    let hours_chart = crate::chart::bars(
        &labels,
        &[
            ("会议", "#2e7d32", b.trend.iter().map(|t| t.1.meetings).collect()),
            ("会议时长（小时）", "#c62828", b.trend.iter().map(|t| (t.1.meeting_minutes + 59) / 60).collect()),
        ],
        240,
    );
    let over = b.units.iter().filter(|u| u.over()).count();
    let lines = b
        .units
        .iter()
        .take(SHOWN)
        .enumerate()
        .map(|(i, u)| UnitLine {
            rank: i + 1,
            unit_id: u.unit_id.clone(),
            name: u.name.clone(),
            documents: u.load.documents,
            meetings: u.load.meetings,
            hours: hours(u.load.meeting_minutes),
            items: u.load.items,
            reports: u.load.reports,
            flags: u
                .flags
                .iter()
                .map(|f| (f.text(), if f.level == FlagLevel::Over { "over" } else { "near" }))
                .collect(),
            over: u.over(),
        })
        .collect();
    let cap = |m: Measure| b.caps.get(m).map(|v| v.to_string()).unwrap_or_default();
    Ok(html(&BurdenPage {
        ctx: ctx(&app, &p, "/meetings", q.ok.as_deref()),
        year,
        years: ((year - 3)..=(year + 1)).rev().collect(),
        by: by.code().into(),
        measures: Measure::ALL
            .iter()
            .map(|m| Opt { value: m.code().into(), label: m.label().into(), selected: *m == by })
            .collect(),
        unit: b.unit.as_ref().map(|u| u.unit_id.clone()).unwrap_or_default(),
        unit_name: b.unit.as_ref().map(|u| u.name.clone()).unwrap_or_default(),
        lines,
        over,
        senders: b.senders.iter().take(50).cloned().collect(),
        chart,
        hours_chart,
        caps: [
            cap(Measure::Documents),
            cap(Measure::Meetings),
            cap(Measure::MeetingHours),
            cap(Measure::Items),
            cap(Measure::Reports),
        ],
        caps_set: b.caps_set.map(|(who, at)| format!("{who}于{at}设定")).unwrap_or_default(),
        may_set_caps: p.has(Role::OfficeDirector),
        total: (b.total.documents, b.total.meetings, hours(b.total.meeting_minutes), b.total.items, b.total.reports),
    }))
}

#[derive(Deserialize, Default)]
struct YearQuery {
    year: Option<i32>,
}

async fn export(State(app): State<App>, Me(p): Me, Query(q): Query<YearQuery>) -> Result<Response, WebError> {
    let year = q.year.unwrap_or_else(|| app.burden_year());
    Ok(download(app.export_burden(&p, year).await?, &format!("{year}年发文发会负担统计.xlsx")))
}

async fn set_caps(State(app): State<App>, Me(p): Me, Form(f): Form<CapsForm>) -> Result<Response, WebError> {
    let (year, caps) = f.caps()?;
    app.set_burden_caps(&p, year, &caps).await?;
    Ok(done(&format!("/burden?year={year}"), "saved"))
}
