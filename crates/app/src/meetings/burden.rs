//! 精文简会: the load each receiving unit carries in a year — documents from the platform's 发文,
//! meetings and their hours, tracked items and feedback reports — ranked, by month, by sender, and
//! against the caps the office sets for the year (stored and audited); with an .xlsx export.

use crate::audit::{record, Actor};
use crate::{App, AppError, Principal, Result};
use chrono::Datelike;
use std::collections::HashMap;
use zs_domain::meeting::{flags, Caps, Flag, FlagLevel, Load, Measure};
use zs_domain::time::format_ms;
use zs_domain::workflow::Label;
use zs_domain::{Action, UnitKind};
use zs_store::burden::{self as store, By, Sum};

/// One receiving unit's year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitBurden {
    pub unit_id: String,
    pub name: String,
    pub kind: UnitKind,
    pub load: Load,
    pub flags: Vec<Flag>,
}

impl UnitBurden {
    pub fn over(&self) -> bool {
        self.flags.iter().any(|f| f.level == FlagLevel::Over)
    }
}

/// One sending organ's year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sender {
    pub name: String,
    pub documents: i64,
    /// Meetings it called.
    pub meetings: i64,
    /// Units it asked to those meetings, counted per meeting.
    pub asked: i64,
    pub items: i64,
}

impl Sender {
    fn total(&self) -> i64 {
        self.documents + self.asked + self.items
    }
}

/// The burden view of a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Burden {
    pub year: i32,
    pub caps: Caps,
    /// Who set the caps and when (`2026年1月5日 09:00`).
    pub caps_set: Option<(String, String)>,
    /// Units that received anything, heaviest first by `by`.
    pub units: Vec<UnitBurden>,
    /// The whole platform's load (or the chosen unit's) per month, January first.
    pub trend: Vec<(String, Load)>,
    /// The unit the trend is for, if one was chosen.
    pub unit: Option<UnitBurden>,
    pub senders: Vec<Sender>,
    pub total: Load,
}

/// The twelve months of a year, YYYY-MM.
fn months(year: i32) -> Vec<String> {
    (1..=12).map(|m| format!("{year}-{m:02}")).collect()
}

/// A figure of a receiving unit's rollup, added to its load.
fn count_in(load: &mut Load, s: &Sum) {
    match s.measure.as_str() {
        store::DOCUMENTS => load.documents += s.n,
        store::MEETINGS => {
            load.meetings += s.n;
            load.meeting_minutes += s.minutes;
        }
        store::ITEMS => load.items += s.n,
        // Reports demanded: filed, or missed and chased.
        store::REPORTS | store::CHASED => load.reports += s.n,
        _ => {}
    }
}

fn check_year(year: i32) -> Result<()> {
    if !(2000..=2100).contains(&year) {
        return Err(zs_domain::Invalid::field("year", "年份应在2000到2100之间。").into());
    }
    Ok(())
}

impl App {
    /// The caps of a year.
    pub async fn burden_caps(&self, year: i32) -> Result<Caps> {
        let mut c = self.db.conn().await?;
        Ok(store::caps(&mut c, year).await?.map(|r| r.0).unwrap_or_default())
    }

    /// Set a year's caps (办公室主任); audited with the old and new values.
    pub async fn set_burden_caps(&self, p: &Principal, year: i32, caps: &Caps) -> Result<Caps> {
        p.require(Action::SetBurdenCaps)?;
        check_year(year)?;
        let caps = caps.check()?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let old = store::caps(&mut tx, year).await?.map(|r| r.0).unwrap_or_default();
        store::put_caps(&mut tx, year, &caps, &p.user.name, now).await?;
        let show = |c: &Caps| {
            Measure::ALL
                .iter()
                .map(|m| format!("{}{}", m.label(), c.get(*m).map(|v| v.to_string()).unwrap_or_else(|| "不限".into())))
                .collect::<Vec<_>>()
                .join("，")
        };
        let detail = format!("设定{year}年各单位负担上限：{}（原为：{}）", show(&caps), show(&old));
        record(&mut tx, &p.actor(), "burden.caps", "burden_caps", &year.to_string(), &detail, now).await?;
        tx.commit().await?;
        Ok(caps)
    }

    /// The burden view of a year; `unit`: the trend for that unit instead of all. Ranked by `by`.
    pub async fn burden(&self, p: &Principal, year: i32, unit: Option<&str>, by: Measure) -> Result<Burden> {
        p.require(Action::ViewBurden)?;
        check_year(year)?;
        let mut c = self.db.conn().await?;
        let units = zs_store::org::list_units(&mut c).await?;
        let unit = unit.filter(|u| !u.is_empty());
        if let Some(u) = unit {
            if !units.iter().any(|x| x.id == u) {
                return Err(AppError::NotFound("没有找到这个单位。".into()));
            }
        }
        // Every figure comes from the rollup, kept as the counted rows change: a few rows per unit and month.
        let (from, to) = (format!("{year}-01"), format!("{year}-12"));
        let caps_row = store::caps(&mut c, year).await?;
        let per_unit = store::sums(&mut c, store::UNIT, &from, &to, By::Unit, None).await?;
        let per_month = store::sums(&mut c, store::UNIT, &from, &to, By::Month, unit).await?;
        let per_sender = store::sums(&mut c, store::SENDER, &from, &to, By::Unit, None).await?;
        drop(c);
        let caps = caps_row.as_ref().map(|r| r.0).unwrap_or_default();
        let mut loads: HashMap<String, Load> = HashMap::new();
        for s in &per_unit {
            count_in(loads.entry(s.unit_id.clone()).or_default(), s);
        }
        let mut trend: Vec<(String, Load)> = months(year).into_iter().map(|m| (m, Load::default())).collect();
        for s in &per_month {
            if let Some(t) = trend.iter_mut().find(|t| t.0 == s.month) {
                count_in(&mut t.1, s);
            }
        }
        let mut senders: HashMap<String, Sender> = HashMap::new();
        for s in per_sender {
            let e = senders.entry(s.unit_id).or_default();
            match s.measure.as_str() {
                store::DOCUMENTS => e.documents += s.n,
                store::MEETINGS => e.meetings += s.n,
                store::ASKED => e.asked += s.n,
                store::ITEMS => e.items += s.n,
                _ => {}
            }
        }
        let info: HashMap<&str, (&str, UnitKind)> =
            units.iter().map(|u| (u.id.as_str(), (u.name.as_str(), u.kind))).collect();
        let mut total = Load::default();
        let mut rows: Vec<UnitBurden> = loads
            .into_iter()
            .map(|(id, load)| {
                total.add(&load);
                let (name, kind) = info.get(id.as_str()).copied().unwrap_or(("（已删除的单位）", UnitKind::Other));
                UnitBurden { flags: flags(&caps, &load), name: name.to_string(), kind, unit_id: id, load }
            })
            .collect();
        rows.sort_by(|a, b| b.load.get(by).cmp(&a.load.get(by)).then_with(|| a.name.cmp(&b.name)));
        let mut senders: Vec<Sender> = senders
            .into_iter()
            .map(|(id, s)| Sender { name: info.get(id.as_str()).map(|i| i.0.to_string()).unwrap_or(id), ..s })
            .collect();
        senders.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.name.cmp(&b.name)));
        let chosen = unit.and_then(|u| rows.iter().find(|r| r.unit_id == u).cloned()).or_else(|| {
            unit.and_then(|u| info.get(u)).map(|(name, kind)| UnitBurden {
                unit_id: unit.unwrap_or_default().to_string(),
                name: name.to_string(),
                kind: *kind,
                load: Load::default(),
                flags: Vec::new(),
            })
        });
        Ok(Burden {
            year,
            caps,
            caps_set: caps_row.map(|(_, by, at)| (by, format_ms(at))),
            units: rows,
            trend,
            unit: chosen,
            senders,
            total,
        })
    }

    /// The year's burden as .xlsx: units ranked with their flags, every unit by month, and senders.
    /// The export itself is audited.
    pub async fn export_burden(&self, p: &Principal, year: i32) -> Result<Vec<u8>> {
        let b = self.burden(p, year, None, Measure::Documents).await?;
        let months = months(year);
        let mut by_month: HashMap<(String, usize), Load> = HashMap::new();
        let mut c = self.db.conn().await?;
        let sums = store::sums(&mut c, store::UNIT, &months[0], &months[11], By::UnitMonth, None).await?;
        drop(c);
        for s in &sums {
            if let Some(k) = months.iter().position(|m| *m == s.month) {
                count_in(by_month.entry((s.unit_id.clone(), k)).or_default(), s);
            }
        }
        let hours = |l: &Load| format!("{:.1}", l.meeting_minutes as f64 / 60.0);
        let ranked: Vec<Vec<String>> = b
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                vec![
                    (i + 1).to_string(),
                    u.name.clone(),
                    u.load.documents.to_string(),
                    u.load.meetings.to_string(),
                    hours(&u.load),
                    u.load.items.to_string(),
                    u.load.reports.to_string(),
                    u.flags.iter().map(Flag::text).collect::<Vec<_>>().join("；"),
                ]
            })
            .collect();
        let mut monthly: Vec<Vec<String>> = Vec::new();
        for u in &b.units {
            for (k, m) in months.iter().enumerate() {
                if let Some(l) = by_month.get(&(u.unit_id.clone(), k)) {
                    monthly.push(vec![
                        u.name.clone(),
                        m.clone(),
                        l.documents.to_string(),
                        l.meetings.to_string(),
                        hours(l),
                        l.items.to_string(),
                        l.reports.to_string(),
                    ]);
                }
            }
        }
        let senders: Vec<Vec<String>> = b
            .senders
            .iter()
            .enumerate()
            .map(|(i, s)| {
                vec![
                    (i + 1).to_string(),
                    s.name.clone(),
                    s.documents.to_string(),
                    s.meetings.to_string(),
                    s.asked.to_string(),
                    s.items.to_string(),
                ]
            })
            .collect();
        let caps_line = Measure::ALL
            .iter()
            .map(|m| format!("{}{}", m.label(), b.caps.get(*m).map(|v| v.to_string()).unwrap_or_else(|| "不限".into())))
            .collect::<Vec<_>>()
            .join("，");
        let title = format!("{year}年各单位发文发会负担统计（年度上限：{caps_line}）");
        let bytes = zs_office::write_xlsx(&[
            zs_office::SheetOut {
                name: "单位负担",
                title: Some(&title),
                headers: &["排名", "单位", "收文", "会议", "会议时长（小时）", "督办事项", "反馈报告", "超限提示"],
                rows: &ranked,
            },
            zs_office::SheetOut {
                name: "月度明细",
                title: Some(&format!("{year}年各单位分月负担")),
                headers: &["单位", "月份", "收文", "会议", "会议时长（小时）", "督办事项", "反馈报告"],
                rows: &monthly,
            },
            zs_office::SheetOut {
                name: "发文发会单位",
                title: Some(&format!("{year}年发文发会单位排名")),
                headers: &["排名", "单位", "发文送达", "召开会议", "通知参会单位次数", "交办事项"],
                rows: &senders,
            },
        ])?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let detail = format!("导出{year}年发文发会负担统计（{}个单位）", ranked.len());
        record(&mut tx, &p.actor(), "burden.export", "burden", &year.to_string(), &detail, now).await?;
        tx.commit().await?;
        Ok(bytes)
    }

    /// Count the 精文简会 rollup again from the rows it counts (`zhongshu rebuild-burden`, a repair from the
    /// server's console; the figures are kept as their rows change, so it should find nothing to change).
    /// Audited with what it changed.
    pub async fn rebuild_burden(&self) -> Result<store::Rebuilt> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let r = store::rebuild(&mut tx).await?;
        let detail = format!("重算精文简会统计：{}行，其中{}项与原值不同", r.rows, r.changed);
        record(&mut tx, &Actor::cli(), "burden.rebuild", "burden", "", &detail, now).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// The year shown by default: this year.
    pub fn burden_year(&self) -> i32 {
        self.today().year()
    }
}
