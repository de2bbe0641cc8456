//! 督查督办: use cases of the tracked-item engine. Every step goes through `zs_domain::workflow::step`
//! over `tracking::FLOW`, writes the item, its history event and the audit event in one transaction.

use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use chrono::NaiveDate;
use std::collections::HashMap;
use zs_domain::tracking::{self as rules, Act, Category, Cycle, Kind, Party, State, TrackedItem, Warning, FLOW};
use zs_domain::workflow::{available, step, Label, Refusal};
use zs_domain::{text, Invalid, Role};
use zs_store::tracking::{self as store, EventRow, ExtensionRow, ItemFilter};
use zs_store::Tx;

/// What the 立项 form carries.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub kind: Kind,
    pub source_kind: String,
    pub source_title: String,
    pub title: String,
    pub requirement: String,
    pub category: Option<Category>,
    pub measures: String,
    pub lead_unit_id: String,
    pub co_unit_ids: Vec<String>,
    pub owner_name: String,
    pub leader_id: Option<String>,
    pub due: NaiveDate,
    pub cycle: Cycle,
    /// 交办 at once (otherwise saved as 待交办).
    pub assign: bool,
}

/// One step a person takes on an item, with what the step carries.
#[derive(Debug, Clone)]
pub enum Step {
    Assign,
    Acknowledge,
    Report { text: String, progress: i64 },
    RequestClose { result: String, rule: String },
    Close { note: String },
    Return { reason: String },
    RequestExtension { due: NaiveDate, reason: String },
    DecideExtension { approve: bool, note: String },
    Urge { note: String },
    Cancel { reason: String },
}

impl Step {
    fn act(&self) -> Option<Act> {
        Some(match self {
            Step::Assign => Act::Assign,
            Step::Acknowledge => Act::Acknowledge,
            Step::Report { .. } => Act::Report,
            Step::RequestClose { .. } => Act::RequestClose,
            Step::Close { .. } => Act::Close,
            Step::Return { .. } => Act::Return,
            Step::RequestExtension { .. } => Act::RequestExtension,
            Step::Urge { .. } => Act::Urge,
            Step::Cancel { .. } => Act::Cancel,
            Step::DecideExtension { .. } => return None,
        })
    }
}

/// An item with everything its page shows.
#[derive(Debug, Clone)]
pub struct ItemView {
    pub item: TrackedItem,
    pub parts: Vec<TrackedItem>,
    pub events: Vec<store::EventRow>,
    pub pending_extension: Option<ExtensionRow>,
    /// Actions the viewer may take, on the item itself.
    pub actions: Vec<Act>,
    /// May decide the pending extension.
    pub may_decide_extension: bool,
}

fn refused(r: Refusal) -> AppError {
    match r {
        Refusal::WrongState(m) => AppError::Conflict(m),
        Refusal::NotYours(m) => AppError::Denied(m),
    }
}

/// Who the principal is with respect to this item (a per-unit part or a whole matter).
pub fn parties(p: &Principal, item: &TrackedItem) -> Vec<Party> {
    let mut out = Vec::new();
    if p.has(Role::Supervisor) || p.has(Role::OfficeDirector) {
        out.push(Party::Supervisor);
    }
    if item.unit_id.as_deref().is_some_and(|u| u == p.user.unit_id) {
        out.push(Party::Unit);
    }
    if item.leader_id.as_deref().is_some_and(|l| l == p.user.id) {
        out.push(Party::Leader);
    }
    out
}

/// The office sees every matter; a unit sees the parts assigned to it.
fn may_view(p: &Principal, item: &TrackedItem, parts: &[TrackedItem]) -> bool {
    p.subject.office_member
        || item.unit_id.as_deref() == Some(p.user.unit_id.as_str())
        || parts.iter().any(|c| c.unit_id.as_deref() == Some(p.user.unit_id.as_str()))
        || item.leader_id.as_deref() == Some(p.user.id.as_str())
}

impl App {
    /// Today in Shanghai, as the deadline rules see it (shifted by the test clock when enabled).
    pub fn today(&self) -> NaiveDate {
        zs_domain::time::local_date(self.now_ms() + self.clock_offset_ms())
    }

    /// 立项 (and 交办 when asked): a matter with one part per unit, the 牵头单位's part first.
    pub async fn create_item(&self, p: &Principal, n: &NewItem) -> Result<TrackedItem> {
        if !(p.has(Role::Supervisor) || p.has(Role::OfficeDirector)) {
            return Err(AppError::Denied("只有督查科或办公室主任可以立项交办。".into()));
        }
        let title = text::required("title", "事项名称", &n.title, 200)?;
        let requirement = text::optional("requirement", "工作要求", &n.requirement, 5000)?;
        let source_title = text::optional("source_title", "来源", &n.source_title, 100)?;
        let measures = text::optional("measures", "整改措施", &n.measures, 5000)?;
        let owner_name = text::optional("owner_name", "责任人", &n.owner_name, 40)?;
        let cal = self.calendar();
        let today = self.today();
        rules::check_due(&cal, today, n.due)?;
        if n.lead_unit_id.is_empty() {
            return Err(Invalid::field("lead_unit_id", "请选择牵头单位。").into());
        }
        let mut units = vec![n.lead_unit_id.clone()];
        for u in &n.co_unit_ids {
            if !units.contains(u) {
                units.push(u.clone());
            }
        }
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        let mut names = Vec::new();
        for u in &units {
            let unit = zs_store::org::get_unit(&mut tx, u)
                .await?
                .ok_or_else(|| Invalid::field("lead_unit_id", "所选单位不存在。"))?;
            names.push(unit.name);
        }
        if let Some(l) = &n.leader_id {
            if zs_store::org::get_user(&mut tx, l).await?.is_none() {
                return Err(Invalid::field("leader_id", "所选责任领导不存在。").into());
            }
        }
        let state = if n.assign { State::Assigned } else { State::Draft };
        let base = TrackedItem {
            id: zs_domain::new_id(),
            parent_id: None,
            kind: n.kind,
            source_kind: n.source_kind.clone(),
            source_id: String::new(),
            source_title,
            title,
            requirement,
            category: n.category,
            measures,
            unit_id: None,
            is_lead: false,
            owner_name,
            leader_id: n.leader_id.clone(),
            created_by: p.user.id.clone(),
            state,
            due: n.due,
            cycle: n.cycle,
            report_due: None,
            progress: 0,
            extension_count: 0,
            result: String::new(),
            rule: String::new(),
            assigned_on: n.assign.then_some(today),
            closed_on: None,
            close_days: None,
            warning: None,
            created_ms: now,
            updated_ms: now,
        };
        let mut parent = base.clone();
        parent.warning = rules::warning(&cal, &self.tracking_policy(), today, &parent.timing());
        store::insert(&mut tx, &parent).await?;
        for (i, u) in units.iter().enumerate() {
            let mut part = TrackedItem {
                id: zs_domain::new_id(),
                parent_id: Some(parent.id.clone()),
                unit_id: Some(u.clone()),
                is_lead: i == 0,
                report_due: if n.assign { n.cycle.next_due(&cal, today) } else { None },
                ..base.clone()
            };
            part.warning = rules::warning(&cal, &self.tracking_policy(), today, &part.timing());
            store::insert(&mut tx, &part).await?;
        }
        let detail = format!(
            "{}“{}”，牵头单位{}{}，时限{}",
            if n.assign { "立项交办" } else { "立项" },
            parent.title,
            names[0],
            if names.len() > 1 { format!("，配合单位{}", names[1..].join("、")) } else { String::new() },
            zs_domain::time::format_date(n.due)
        );
        self.event(&mut tx, p, &parent.id, Act::Assign, &detail, None).await?;
        record(&mut tx, &p.actor(), "tracking.create", "tracked_item", &parent.id, &detail, now).await?;
        tx.commit().await?;
        Ok(parent)
    }

    pub fn tracking_policy(&self) -> rules::Policy {
        self.config.tracking.clone()
    }

    async fn event(
        &self,
        tx: &mut Tx,
        p: &Principal,
        item_id: &str,
        act: Act,
        text: &str,
        progress: Option<i64>,
    ) -> Result<()> {
        store::insert_event(
            tx,
            &EventRow {
                id: zs_domain::new_id(),
                item_id: item_id.into(),
                act: act.code().into(),
                actor_id: Some(p.user.id.clone()).filter(|s| !s.is_empty()),
                actor_name: p.user.name.clone(),
                at_ms: self.now_ms(),
                text: text.into(),
                progress,
            },
        )
        .await
        .map_err(Into::into)
    }

    /// An item with its parts and history, if the principal may see it.
    pub async fn item(&self, p: &Principal, id: &str) -> Result<ItemView> {
        let mut c = self.db.conn().await?;
        let item = store::get(&mut c, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个事项。".into()))?;
        let parts = if item.is_parent() { store::children(&mut c, &item.id).await? } else { Vec::new() };
        if !may_view(p, &item, &parts) {
            return Err(AppError::NotFound("没有找到这个事项。".into()));
        }
        let events = store::events(&mut c, &item.id).await?;
        let pending_extension = store::pending_extension(&mut c, &item.id).await?;
        let ps = parties(p, &item);
        let mut actions = available(FLOW, item.state, &ps);
        if item.is_parent() {
            // Units act on their own parts; the whole matter is assigned, urged or cancelled.
            actions.retain(|a| matches!(a, Act::Assign | Act::Urge | Act::Cancel));
        } else {
            actions.retain(|a| !matches!(a, Act::Assign | Act::Cancel));
            if pending_extension.is_some() {
                actions.retain(|a| *a != Act::RequestExtension);
            }
        }
        let may_decide_extension = pending_extension.is_some() && ps.contains(&Party::Supervisor);
        Ok(ItemView { item, parts, events, pending_extension, actions, may_decide_extension })
    }

    /// Take one step on an item (a whole matter or one unit's part).
    pub async fn step_item(&self, p: &Principal, id: &str, s: Step) -> Result<TrackedItem> {
        let cal = self.calendar();
        let policy = self.tracking_policy();
        let today = self.today();
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        let mut item = store::get(&mut tx, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个事项。".into()))?;
        let parts = if item.is_parent() { store::children(&mut tx, id).await? } else { Vec::new() };
        if !may_view(p, &item, &parts) {
            return Err(AppError::NotFound("没有找到这个事项。".into()));
        }
        let ps = parties(p, &item);
        let act = s.act();
        if let Some(act) = act {
            let on_parent = matches!(act, Act::Assign | Act::Cancel | Act::Urge);
            if item.is_parent() != on_parent && act != Act::Urge {
                let msg = if item.is_parent() {
                    format!("“{}”须在各承办单位的分项上办理。", act.label())
                } else {
                    format!("“{}”须在整个事项上办理。", act.label())
                };
                return Err(AppError::Conflict(msg));
            }
            item.state = step(FLOW, item.state, act, &ps).map_err(refused)?;
        }
        let (act_for_log, detail, progress) = match &s {
            Step::Assign => {
                item.assigned_on = Some(today);
                rules::check_due(&cal, today, item.due)?;
                for mut part in parts.clone() {
                    part.state = State::Assigned;
                    part.assigned_on = Some(today);
                    part.report_due = part.cycle.next_due(&cal, today);
                    part.warning = rules::warning(&cal, &policy, today, &part.timing());
                    part.updated_ms = now;
                    store::update(&mut tx, &part).await?;
                }
                (Act::Assign, format!("交办“{}”", item.title), None)
            }
            Step::Acknowledge => (Act::Acknowledge, "签收".to_string(), None),
            Step::Report { text: t, progress } => {
                let t = text::required("text", "进展情况", t, 5000)?;
                if !(0..=100).contains(progress) {
                    return Err(Invalid::field("progress", "完成进度应在0到100之间。").into());
                }
                item.progress = *progress;
                item.report_due = item.cycle.next_due(&cal, today);
                (Act::Report, t, Some(*progress))
            }
            Step::RequestClose { result, rule } => {
                rules::check_close_request(item.category, result, rule)?;
                item.result = text::required("result", "办理结果", result, 5000)?;
                item.rule = text::optional("rule", "建章立制", rule, 2000)?;
                item.progress = 100;
                (Act::RequestClose, format!("申请办结：{}", item.result), Some(100))
            }
            Step::Close { note } => {
                item.closed_on = Some(today);
                item.close_days = item.assigned_on.map(|a| cal.working_days_between(a, today));
                let note = text::optional("note", "审核意见", note, 1000)?;
                (Act::Close, if note.is_empty() { "审核通过，销号".into() } else { format!("销号：{note}") }, None)
            }
            Step::Return { reason } => {
                let reason = text::required("reason", "退回理由", reason, 1000)?;
                (Act::Return, format!("退回：{reason}"), None)
            }
            Step::RequestExtension { due, reason } => {
                rules::check_extension(&cal, item.due, *due, reason)?;
                if store::pending_extension(&mut tx, id).await?.is_some() {
                    return Err(AppError::Conflict("已有一份延期申请待审核，请等待督查科答复。".into()));
                }
                let ext = ExtensionRow {
                    id: zs_domain::new_id(),
                    item_id: id.into(),
                    current_due: item.due.to_string(),
                    requested_due: due.to_string(),
                    reason: reason.trim().into(),
                    requested_by: p.user.name.clone(),
                    requested_ms: now,
                    status: "pending".into(),
                    decided_by: None,
                    decided_ms: None,
                    note: String::new(),
                };
                store::insert_extension(&mut tx, &ext).await?;
                let msg = format!("申请延期至{}：{}", zs_domain::time::format_date(*due), ext.reason);
                (Act::RequestExtension, msg, None)
            }
            Step::DecideExtension { approve, note } => {
                if !ps.contains(&Party::Supervisor) {
                    return Err(AppError::Denied("延期申请由督查科审核。".into()));
                }
                let ext = store::pending_extension(&mut tx, id)
                    .await?
                    .ok_or_else(|| AppError::Conflict("没有待审核的延期申请。".into()))?;
                store::decide_extension(&mut tx, &ext.id, *approve, &p.user.name, note.trim(), now).await?;
                if *approve {
                    item.due = NaiveDate::parse_from_str(&ext.requested_due, "%Y-%m-%d")
                        .map_err(|_| AppError::Conflict("延期申请的日期无效。".into()))?;
                    item.extension_count += 1;
                }
                let verdict = if *approve { "同意延期" } else { "不同意延期" };
                let msg = format!(
                    "{verdict}（申请延至{}）{}",
                    ext.requested_due,
                    if note.trim().is_empty() { String::new() } else { format!("：{}", note.trim()) }
                );
                (Act::RequestExtension, msg, None)
            }
            Step::Urge { note } => {
                let note = text::optional("note", "催办意见", note, 1000)?;
                (Act::Urge, if note.is_empty() { "催办".to_string() } else { format!("催办：{note}") }, None)
            }
            Step::Cancel { reason } => {
                let reason = text::required("reason", "撤销理由", reason, 1000)?;
                for mut part in parts.clone().into_iter().filter(|c| c.state.is_open()) {
                    part.state = State::Cancelled;
                    part.warning = None;
                    part.updated_ms = now;
                    store::update(&mut tx, &part).await?;
                }
                (Act::Cancel, format!("撤销：{reason}"), None)
            }
        };
        item.warning = rules::warning(&cal, &policy, today, &item.timing());
        item.updated_ms = now;
        store::update(&mut tx, &item).await?;
        if let Some(parent_id) = item.parent_id.clone() {
            self.roll_up(&mut tx, &parent_id, today, now).await?;
        }
        self.event(&mut tx, p, &item.id, act_for_log, &detail, progress).await?;
        let action = format!("tracking.{}", act.map(|a| a.code()).unwrap_or("decide_extension"));
        record(&mut tx, &p.actor(), &action, "tracked_item", &item.id, &format!("“{}”：{detail}", item.title), now)
            .await?;
        tx.commit().await?;
        Ok(item)
    }

    /// A matter's state, deadline, progress and warning follow its parts.
    async fn roll_up(&self, tx: &mut Tx, parent_id: &str, today: NaiveDate, now: i64) -> Result<()> {
        let Some(mut parent) = store::get(tx, parent_id).await? else { return Ok(()) };
        let parts = store::children(tx, parent_id).await?;
        let states: Vec<State> = parts.iter().map(|c| c.state).collect();
        if let Some(s) = rules::rollup(&states) {
            parent.state = s;
        }
        parent.due = parts.iter().map(|c| c.due).max().unwrap_or(parent.due);
        let open: Vec<&TrackedItem> = parts.iter().filter(|c| c.state != State::Cancelled).collect();
        if !open.is_empty() {
            parent.progress = open.iter().map(|c| c.progress).sum::<i64>() / open.len() as i64;
        }
        parent.extension_count = parts.iter().map(|c| c.extension_count).sum();
        parent.warning = parts.iter().filter_map(|c| c.warning).max();
        if parent.state == State::Closed {
            parent.closed_on = parts.iter().filter_map(|c| c.closed_on).max().or(Some(today));
            parent.close_days =
                parent.assigned_on.zip(parent.closed_on).map(|(a, c)| self.calendar().working_days_between(a, c));
            parent.warning = None;
        }
        parent.updated_ms = now;
        store::update(tx, &parent).await?;
        Ok(())
    }

    /// Items the principal may see: the office sees matters, a unit its own parts.
    pub async fn list_items(&self, p: &Principal, mut f: ItemFilter) -> Result<(Vec<TrackedItem>, i64)> {
        if !p.subject.office_member {
            f.units = Some(vec![p.user.unit_id.clone()]);
        } else {
            f.top_level = f.unit_id.is_none() || f.top_level;
        }
        let mut c = self.db.conn().await?;
        Ok(store::list(&mut c, &f).await?)
    }

    /// Unit names by id, for pages.
    pub async fn unit_names(&self) -> Result<HashMap<String, String>> {
        let mut c = self.db.conn().await?;
        Ok(zs_store::org::list_units(&mut c).await?.into_iter().map(|u| (u.id, u.name)).collect())
    }
}

/// A warning's label for tables, or 已办结 / 待交办 where none applies.
pub fn warning_label(item: &TrackedItem) -> &'static str {
    match item.warning {
        Some(w) => w.label(),
        None if item.state == State::Draft => "—",
        None => "—",
    }
}

/// For the board: counts per level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarningCounts {
    pub red: i64,
    pub yellow: i64,
    pub green: i64,
}

impl WarningCounts {
    pub fn add(&mut self, w: Warning, n: i64) {
        match w {
            Warning::Red => self.red += n,
            Warning::Yellow => self.yellow += n,
            Warning::Green => self.green += n,
        }
    }
}
