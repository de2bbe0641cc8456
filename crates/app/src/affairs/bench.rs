//! Bulk data for `scripts/bench/affairs`: a year of information items from many units, with scores.

use crate::{App, Result};
use chrono::{Datelike, NaiveDate};
use zs_domain::affairs::info::{AdoptionKind, InfoCategory, InfoItem, InfoState, Level};
use zs_domain::affairs::journal::Journal;
use zs_store::affairs::info::{self as store, ScoreRow};

impl App {
    /// `units` towns (named as the tracking bench's, made if missing) and `items` items submitted over this
    /// year, states spread, a third placed in a journal, some adopted upward or given a 批示. Idempotent: tops
    /// up to `items` bench items.
    pub async fn seed_affairs_bench(&self, units: usize, items: usize) -> Result<usize> {
        let now = self.now_ms();
        let mut c = self.db.conn().await?;
        let existing = zs_store::org::list_units(&mut c).await?;
        let (have,): (i64,) =
            zs_store::q("SELECT COUNT(*) FROM info_items WHERE author_id = 'bench'").fetch_one(&mut c).await?;
        let journal =
            zs_store::affairs::journals::journals(&mut c).await?.into_iter().find(|j| j.name == "压测政务信息");
        drop(c);
        let mut ids: Vec<String> =
            existing.iter().filter(|u| u.name.starts_with("压测单位")).map(|u| u.id.clone()).collect();
        let mut tx = self.db.begin().await?;
        for i in ids.len()..units {
            let u = zs_domain::Unit {
                id: zs_domain::new_id(),
                parent_id: None,
                name: format!("压测单位{i:03}"),
                code: format!("YC{i:03}"),
                kind: zs_domain::UnitKind::Town,
                sort: 1000 + i as i64,
                active: true,
            };
            zs_store::org::insert_unit(&mut tx, &u, now).await?;
            ids.push(u.id);
        }
        let journal = match journal {
            Some(j) => j,
            None => {
                let j = Journal {
                    id: zs_domain::new_id(),
                    name: "压测政务信息".into(),
                    mark: "压测政务信息".into(),
                    editor: "压测编印单位".into(),
                    distribution: String::new(),
                    active: true,
                    created_ms: now,
                };
                zs_store::affairs::journals::insert_journal(&mut tx, &j).await?;
                j
            }
        };
        tx.commit().await?;
        let year = self.today().year();
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() { 366 } else { 365 };
        let states = [
            InfoState::Submitted,
            InfoState::Accepted,
            InfoState::Published,
            InfoState::Published,
            InfoState::Rejected,
        ];
        let mut made = 0usize;
        let mut n = have.max(0) as usize;
        while n < items {
            let mut tx = self.db.begin().await?;
            for _ in 0..1000 {
                if n >= items {
                    break;
                }
                n += 1;
                let on = first + chrono::Days::new((n * 7919 % days) as u64);
                let unit = ids[n % ids.len()].clone();
                let item = InfoItem {
                    id: zs_domain::new_id(),
                    unit_id: unit.clone(),
                    author_id: "bench".into(),
                    author_name: "压测".into(),
                    category: InfoCategory::ALL[n % InfoCategory::ALL.len()],
                    title: format!("压测信息{n:06}"),
                    body: "压测正文。".into(),
                    state: states[n % states.len()],
                    version: 1,
                    commission_id: None,
                    submitted_on: on,
                    submitted_ms: now,
                    updated_ms: now,
                    note: String::new(),
                };
                store::insert(&mut tx, &item).await?;
                let score = |kind: AdoptionKind, level: Level, points: i64| ScoreRow {
                    id: zs_domain::new_id(),
                    item_id: item.id.clone(),
                    unit_id: unit.clone(),
                    kind: kind.code().into(),
                    level: level.code().into(),
                    journal_id: (kind == AdoptionKind::Journal).then(|| journal.id.clone()),
                    issue_id: None,
                    outlet: "压测".into(),
                    on_date: (on + chrono::Days::new(3))
                        .min(first.with_month(12).and_then(|d| d.with_day(31)).unwrap_or(on))
                        .format("%Y-%m-%d")
                        .to_string(),
                    points,
                    note: String::new(),
                    recorded_by: "压测".into(),
                    recorded_ms: now,
                };
                let mut rows = Vec::new();
                if item.state == InfoState::Published {
                    rows.push(score(AdoptionKind::Journal, Level::County, 1));
                }
                if n.is_multiple_of(20) {
                    rows.push(score(AdoptionKind::Adopted, Level::City, 3));
                }
                if n.is_multiple_of(97) {
                    rows.push(score(AdoptionKind::Adopted, Level::Province, 6));
                }
                if n.is_multiple_of(499) {
                    rows.push(score(AdoptionKind::Adopted, Level::National, 10));
                }
                if n.is_multiple_of(50) {
                    rows.push(score(AdoptionKind::Instruction, Level::County, 2));
                }
                for r in rows {
                    store::insert_score(&mut tx, &r).await?;
                }
                made += 1;
            }
            tx.commit().await?;
        }
        self.db.analyze().await?;
        Ok(made)
    }
}
