//! 督查通报: a weekly or monthly bulletin drafted from the statistics of the tracked-item engine, as a 通报
//! in 办文 — totals, a table of each unit's figures and a table of overdue items by unit — which then goes
//! through 审核 and 签发 like any document.

use crate::tracking::is_supervisor;
use crate::{App, AppError, Principal, Result};
use chrono::{Datelike, Duration, NaiveDate};
use zs_domain::document::{Content, DocType, Document};
use zs_domain::time::format_date;
use zs_domain::Invalid;

/// The period a bulletin covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// The week (Monday to Sunday) containing this day.
    Week(NaiveDate),
    /// The month containing this day.
    Month(NaiveDate),
}

impl Period {
    /// First and last day, and how the title names it (“2026年11月” or “2026年第48周”).
    pub fn span(self) -> (NaiveDate, NaiveDate, String) {
        match self {
            Period::Week(d) => {
                let monday = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
                let iso = monday.iso_week();
                (monday, monday + Duration::days(6), format!("{}年第{}周", iso.year(), iso.week()))
            }
            Period::Month(d) => {
                let first = d.with_day(1).unwrap_or(d);
                let last = first.checked_add_months(chrono::Months::new(1)).and_then(|n| n.pred_opt()).unwrap_or(first);
                (first, last, format!("{}年{}月", first.year(), first.month()))
            }
        }
    }
}

/// A table row in the body: cells between `|` (the layout sets consecutive rows as a table).
fn row(cells: &[String]) -> String {
    format!("|{}|", cells.iter().map(|c| c.replace('|', "／")).collect::<Vec<_>>().join("|"))
}

fn pct(rate: Option<f64>) -> String {
    rate.map(|r| format!("{r:.1}%")).unwrap_or_else(|| "—".into())
}

impl App {
    /// Draft a 督查通报 for a period, in the supervisor's organ, with its 发文字号 code preset. Everything
    /// in it comes from the statistics at this moment; the draft can be edited like any other.
    pub async fn draft_bulletin(&self, p: &Principal, period: Period) -> Result<Document> {
        if !is_supervisor(p) {
            return Err(AppError::Denied("只有督查科或办公室主任可以起草督查通报。".into()));
        }
        let (from, to, label) = period.span();
        if from > self.today() {
            return Err(Invalid::field("period", "通报期间还没有开始。").into());
        }
        let stats = self.tracking_stats(p, from, to, None).await?;
        let today = self.today();
        let cal = self.calendar();
        // Overdue parts as of today, whatever their period: a bulletin names every one still open.
        let names = self.unit_names().await?;
        let mut c = self.db.conn().await?;
        let overdue: Vec<(String, zs_domain::tracking::TrackedItem)> =
            zs_store::tracking::overdue_parts(&mut c, today, 500)
                .await?
                .into_iter()
                .map(|i| (i.unit_id.as_ref().and_then(|u| names.get(u)).cloned().unwrap_or_default(), i))
                .collect();
        drop(c);

        let total = |f: fn(&crate::tracking::UnitStats) -> i64| stats.units.iter().map(f).sum::<i64>();
        let (assigned, on_time, late, open) =
            (total(|u| u.assigned), total(|u| u.on_time), total(|u| u.late), total(|u| u.open));
        let judged = on_time + late + total(|u| u.overdue);
        let rate = (judged > 0).then(|| on_time as f64 * 100.0 / judged as f64);
        let mut body = vec![
            format!("为推动各项工作落到实处，现将{label}督查督办事项办理情况通报如下。"),
            "一、总体情况".into(),
            format!(
                "{label}（{}至{}）共向各单位交办事项{assigned}项，已按时办结{on_time}项，逾期办结{late}项，尚在办理{open}项；截至{}，逾期未办结{}项，按时办结率{}。",
                format_date(from),
                format_date(to),
                format_date(today),
                overdue.len(),
                pct(rate)
            ),
            "二、各单位办理情况".into(),
        ];
        if stats.units.is_empty() {
            body.push("本期没有交办事项。".into());
        } else {
            body.push(row(&["单位", "交办", "按时办结", "逾期办结", "逾期未办结", "按时办结率"].map(String::from)));
            for u in &stats.units {
                body.push(row(&[
                    u.unit.clone(),
                    u.assigned.to_string(),
                    u.on_time.to_string(),
                    u.late.to_string(),
                    u.overdue.to_string(),
                    pct(u.on_time_rate),
                ]));
            }
        }
        body.push("三、逾期未办结事项".into());
        if overdue.is_empty() {
            body.push("截至目前，没有逾期未办结的事项。".into());
        } else {
            body.push(row(&["序号", "承办单位", "事项", "办理时限", "逾期工作日"].map(String::from)));
            for (i, (unit, item)) in overdue.iter().enumerate() {
                body.push(row(&[
                    (i + 1).to_string(),
                    unit.clone(),
                    item.title.clone(),
                    format_date(item.due),
                    cal.working_days_between(item.due, today).to_string(),
                ]));
            }
        }
        body.push("四、工作要求".into());
        body.push(
            "各单位要对照通报情况，认真分析原因，立行立改；逾期事项须在3个工作日内办结，并书面说明逾期原因和整改措施。督查科将持续跟踪督办，并将办理情况纳入年度考核。"
                .into(),
        );
        let code = self
            .agency_codes()
            .await?
            .into_iter()
            .find(|a| a.active && a.unit_id == p.organ_id && !a.code.ends_with('函'));
        let content = Content {
            title: format!(
                "{}关于{label}督查督办事项办理情况的通报",
                code.as_ref().map(|c| c.issuer.clone()).unwrap_or_default()
            ),
            to: "各乡镇人民政府、街道办事处，县直各部门：".into(),
            body: body.join("\n"),
            agency_code_id: code.map(|c| c.id),
            ..Content::blank(DocType::Bulletin)
        };
        self.create_draft(p, &content).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods() {
        assert_eq!(Period::Week(d("2026-11-26")).span(), (d("2026-11-23"), d("2026-11-29"), "2026年第48周".into()));
        assert_eq!(Period::Month(d("2026-11-26")).span(), (d("2026-11-01"), d("2026-11-30"), "2026年11月".into()));
        assert_eq!(Period::Month(d("2026-12-05")).span().1, d("2026-12-31"));
        assert_eq!(row(&["甲".into(), "乙|丙".into()]), "|甲|乙／丙|");
    }
}
