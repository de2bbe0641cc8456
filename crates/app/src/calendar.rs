//! The working-day calendar: shipped data plus years loaded by administrators.

use crate::audit::{record, Actor};
use crate::{App, CalendarCache, Principal, Result};
use chrono::{Datelike, NaiveDate};
use zs_calendar::{Calendar, DayKind, YearData};
use zs_domain::Action;
use zs_store::settings;

/// One year as a page shows it: months of weeks of days.
#[derive(Debug, Clone)]
pub struct YearView {
    pub year: i32,
    pub covered: bool,
    pub source: YearSource,
    pub workdays: usize,
    pub months: Vec<MonthView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum YearSource {
    Shipped,
    Loaded { by: String, at_ms: i64 },
    None,
}

#[derive(Debug, Clone)]
pub struct MonthView {
    pub month: u32,
    /// Weeks from Monday; `None` pads days outside the month.
    pub weeks: Vec<[Option<(NaiveDate, DayKind)>; 7]>,
}

impl App {
    /// The calendar as of the last refresh (cheap clone).
    pub fn calendar(&self) -> Calendar {
        self.calendar.read().map(|c| c.calendar.clone()).unwrap_or_else(|e| e.into_inner().calendar.clone())
    }

    /// Reload administrator years if they changed (another node may have loaded one).
    pub async fn refresh_calendar(&self) -> Result<()> {
        let mut c = self.db.conn().await?;
        let stamp = settings::calendar_stamp(&mut c).await?;
        let current = self.calendar.read().map(|c| c.stamp).unwrap_or((-1, -1));
        if stamp == current {
            return Ok(());
        }
        let mut cal = Calendar::builtin();
        for row in settings::calendar_years(&mut c).await? {
            match YearData::parse(&row.source) {
                Ok(data) => cal.set_year(data),
                Err(e) => tracing::error!(year = row.year, error = %e, "stored calendar year no longer parses"),
            }
        }
        if let Ok(mut guard) = self.calendar.write() {
            *guard = CalendarCache { stamp, calendar: cal };
        }
        Ok(())
    }

    /// Load (or replace) a year's holiday arrangement from its text form.
    pub async fn load_calendar_year(&self, p: Option<&Principal>, text: &str) -> Result<YearData> {
        if let Some(p) = p {
            p.require(Action::ManageSettings)?;
        }
        let data =
            YearData::parse(text).map_err(|e| zs_domain::Invalid::field("file", format!("节假日文件有误：{e}")))?;
        let actor = p.map(Principal::actor).unwrap_or_else(Actor::cli);
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        let row = settings::CalendarYearRow {
            year: data.year as i64,
            source: data.to_text(),
            loaded_by: actor.name.clone(),
            loaded_ms: now,
        };
        settings::put_calendar_year(&mut tx, &row).await?;
        let detail =
            format!("导入{}年节假日安排：放假{}天，调休上班{}天", data.year, data.off_days(), data.work_days());
        record(&mut tx, &actor, "calendar.load_year", "calendar", &data.year.to_string(), &detail, now).await?;
        tx.commit().await?;
        self.refresh_calendar().await?;
        Ok(data)
    }

    pub async fn calendar_year_view(&self, year: i32) -> Result<YearView> {
        if !(1900..=2100).contains(&year) {
            return Err(zs_domain::Invalid::field("year", "年份应在1900到2100之间。").into());
        }
        let cal = self.calendar();
        let mut c = self.db.conn().await?;
        let loaded = settings::calendar_years(&mut c).await?.into_iter().find(|r| r.year == year as i64);
        let source = match (loaded, cal.year_data(year)) {
            (Some(r), _) => YearSource::Loaded { by: r.loaded_by, at_ms: r.loaded_ms },
            (None, Some(_)) => YearSource::Shipped,
            (None, None) => YearSource::None,
        };
        let mut months = Vec::with_capacity(12);
        let mut workdays = 0;
        for month in 1..=12 {
            let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month start");
            let mut weeks = Vec::new();
            let mut week: [Option<(NaiveDate, DayKind)>; 7] = Default::default();
            let mut d = first;
            while d.month() == month {
                let col = d.weekday().num_days_from_monday() as usize;
                let kind = cal.kind(d);
                if kind.is_workday() {
                    workdays += 1;
                }
                week[col] = Some((d, kind));
                if col == 6 {
                    weeks.push(std::mem::take(&mut week));
                }
                d = d.succ_opt().expect("date in range");
            }
            if week.iter().any(Option::is_some) {
                weeks.push(week);
            }
            months.push(MonthView { month, weeks });
        }
        Ok(YearView { year, covered: source != YearSource::None, source, workdays, months })
    }
}
