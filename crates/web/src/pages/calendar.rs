//! 工作日历: the year view, and loading a year's holiday arrangement.

use super::org::upload;
use super::{ctx, done};
use crate::error::WebError;
use crate::extract::Query;
use crate::session::Me;
use crate::view::{html, Ctx};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::Datelike;
use serde::Deserialize;
use zs_app::calendar::YearSource;
use zs_app::App;
use zs_calendar::DayKind;
use zs_domain::{decide, Action};

pub fn routes() -> Router<App> {
    Router::new().route("/calendar", get(page)).route("/calendar/upload", post(upload_year))
}

#[derive(Deserialize)]
struct CalQuery {
    year: Option<i32>,
    ok: Option<String>,
}

pub struct DayCell {
    pub day: u32,
    pub class: &'static str,
    pub title: String,
}

pub struct MonthCells {
    pub month: u32,
    pub weeks: Vec<Vec<Option<DayCell>>>,
}

#[derive(Template)]
#[template(path = "calendar.html")]
struct CalendarPage {
    ctx: Ctx,
    year: i32,
    covered: bool,
    source: String,
    workdays: usize,
    months: Vec<MonthCells>,
    may_load: bool,
}

async fn page(State(app): State<App>, Me(p): Me, Query(q): Query<CalQuery>) -> Result<Response, WebError> {
    let year = q.year.unwrap_or_else(|| zs_domain::time::local_date(app.now_ms()).year());
    let v = app.calendar_year_view(year).await?;
    let months = v
        .months
        .into_iter()
        .map(|m| MonthCells {
            month: m.month,
            weeks: m
                .weeks
                .into_iter()
                .map(|w| {
                    w.into_iter()
                        .map(|d| {
                            d.map(|(date, kind)| {
                                let (class, title) = match kind {
                                    DayKind::Workday => ("", "工作日".to_string()),
                                    DayKind::Weekend => ("day-weekend", "周末".to_string()),
                                    DayKind::Holiday(n) => ("day-holiday", format!("{n} 放假")),
                                    DayKind::MakeupWorkday(n) => ("day-makeup", format!("{n} 调休上班")),
                                };
                                DayCell { day: date.day(), class, title }
                            })
                        })
                        .collect()
                })
                .collect(),
        })
        .collect();
    let source = match v.source {
        YearSource::Shipped => "系统内置（国务院办公厅通知）".to_string(),
        YearSource::Loaded { by, at_ms } => format!("{by}于{}导入", zs_domain::time::format_ms(at_ms)),
        YearSource::None => "暂无该年节假日安排，只按周末计算".to_string(),
    };
    Ok(html(&CalendarPage {
        ctx: ctx(&app, &p, "/calendar", q.ok.as_deref()),
        year: v.year,
        covered: v.covered,
        source,
        workdays: v.workdays,
        months,
        may_load: decide(&p.subject, &Action::ManageSettings).allowed(),
    }))
}

async fn upload_year(State(app): State<App>, Me(p): Me, m: Multipart) -> Result<Response, WebError> {
    let bytes = upload(m).await?;
    let text = String::from_utf8(bytes).map_err(|_| WebError::bad_request("节假日文件须为 UTF-8 编码的文本文件。"))?;
    let data = app.load_calendar_year(Some(&p), &text).await?;
    Ok(done(&format!("/calendar?year={}", data.year), "loaded"))
}
