//! Inboxes: 待办 (what waits on me or my pool), 在办 and 已办 (what I have handled), and the organ's
//! view of who is holding what, each with its age in working hours (文不过夜).

use crate::{App, AppError, Principal, Result};
use std::collections::BTreeMap;
use zs_domain::document::{hold_warning, Document};
use zs_domain::tracking::Warning;
use zs_store::documents::{self as store, InboxRow};

/// One waiting task with its age.
#[derive(Debug, Clone)]
pub struct InboxItem {
    pub row: InboxRow,
    /// Working minutes since the task reached its holder.
    pub age_minutes: i64,
    pub warning: Warning,
    /// Who holds it: a person's name, or a unit's pool (e.g. 机要室文书).
    pub holder: String,
}

impl InboxItem {
    /// "3小时20分" under a working day, else "2.5个工作日".
    pub fn age_label(&self, minutes_per_day: i64) -> String {
        let m = self.age_minutes;
        if m < minutes_per_day {
            if m < 60 {
                format!("{m}分钟")
            } else {
                format!("{}小时{}分", m / 60, m % 60)
            }
        } else {
            format!("{:.1}个工作日", m as f64 / minutes_per_day.max(1) as f64)
        }
    }
}

#[derive(Debug, Clone)]
pub struct Inbox {
    pub todo: Vec<InboxItem>,
}

/// Everything one holder has waiting, worst first.
#[derive(Debug, Clone)]
pub struct Holding {
    pub holder: String,
    pub items: Vec<InboxItem>,
    pub red: usize,
    pub yellow: usize,
}

impl App {
    fn age(&self, opened_ms: Option<i64>) -> i64 {
        let Some(opened) = opened_ms else { return 0 };
        let now = self.clock_ms();
        let local = |ms| zs_domain::time::local(ms).naive_local();
        self.calendar().working_minutes_between(&self.config.documents.office_hours, local(opened), local(now))
    }

    async fn items(&self, rows: Vec<InboxRow>) -> Result<Vec<InboxItem>> {
        let per_day = self.config.documents.office_hours.minutes_per_day();
        let ids: Vec<String> = rows.iter().filter_map(|r| r.holder_user_id.clone()).collect();
        let mut c = self.db.conn().await?;
        let names = zs_store::org::user_names(&mut c, &ids).await?;
        let units = self.unit_names().await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let age_minutes = self.age(row.opened_ms);
                let holder = match (&row.holder_user_id, &row.holder_unit_id) {
                    (Some(u), _) => names.get(u).cloned().unwrap_or_default(),
                    (None, Some(unit)) => {
                        let pool = match row.pool.as_str() {
                            zs_domain::document::POOL_REGISTRAR => "文书",
                            zs_domain::document::POOL_OFFICE => "办公室",
                            _ => "会签人",
                        };
                        format!("{}{pool}", units.get(unit).cloned().unwrap_or_default())
                    }
                    (None, None) => String::new(),
                };
                InboxItem { warning: hold_warning(age_minutes, per_day), age_minutes, holder, row }
            })
            .collect())
    }

    /// 待办: tasks waiting on the principal or on a pool they work, oldest first, urgent ones on top.
    pub async fn inbox(&self, p: &Principal) -> Result<Inbox> {
        let mut c = self.db.conn().await?;
        let rows = store::todo(&mut c, &p.viewer(), 500).await?;
        drop(c);
        Ok(Inbox { todo: self.items(rows).await? })
    }

    /// 在办 (`finished` false) or 已办 (true): documents the principal has acted on.
    pub async fn handled(
        &self,
        p: &Principal,
        finished: bool,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Document>, i64)> {
        let mut c = self.db.conn().await?;
        Ok(store::handled(&mut c, &p.viewer(), finished, limit, offset).await?)
    }

    /// Who in the organ is holding what, for its 办公室主任, 文书 and 联络员: every open task of the
    /// organ's documents grouped by holder, those holding red and yellow first.
    pub async fn holding(&self, p: &Principal) -> Result<Vec<Holding>> {
        if !zs_domain::access::organ_wide(&p.subject) || p.organ_id.is_empty() {
            return Err(AppError::Denied("只有办公室主任、文书和联络员可以查看本单位公文办理情况。".into()));
        }
        let mut c = self.db.conn().await?;
        let rows = store::holding(&mut c, &p.organ_id, p.subject.clearance.rank()).await?;
        drop(c);
        let mut by: BTreeMap<String, Vec<InboxItem>> = BTreeMap::new();
        for item in self.items(rows).await? {
            by.entry(item.holder.clone()).or_default().push(item);
        }
        let mut out: Vec<Holding> = by
            .into_iter()
            .map(|(holder, mut items)| {
                items.sort_by_key(|i| std::cmp::Reverse(i.age_minutes));
                let red = items.iter().filter(|i| i.warning == Warning::Red).count();
                let yellow = items.iter().filter(|i| i.warning == Warning::Yellow).count();
                Holding { holder, items, red, yellow }
            })
            .collect();
        out.sort_by_key(|h| (std::cmp::Reverse(h.red), std::cmp::Reverse(h.yellow), std::cmp::Reverse(h.items.len())));
        Ok(out)
    }
}
