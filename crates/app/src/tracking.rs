//! 督查督办: use cases of the tracked-item engine. Every step goes through `zs_domain::workflow::step`
//! over `tracking::FLOW`, writes the item, its history event and the audit event in one transaction.

use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use zs_domain::tracking::{self as rules, Act, Category, Cycle, Kind, Party, State, TrackedItem, Warning, FLOW};
use zs_domain::workflow::{available, step, Label};
use zs_domain::{text, Invalid, Role};
use zs_store::tracking::{self as store, EventRow, ExtensionRow, ItemFilter};
use zs_store::Tx;

/// What the 立项 form carries.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub kind: Kind,
    pub source_kind: String,
    /// The record it came from (a document, a meeting), when there is one.
    pub source_id: String,
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

/// A file that comes with a 反馈 or a 申请办结 (佐证材料).
#[derive(Debug, Clone)]
pub struct Evidence {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The most files one step carries.
const MAX_EVIDENCE: usize = 20;

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
    /// Evidence files of the item and, for a matter, of its parts; newest first.
    pub files: Vec<store::FileRow>,
}

use crate::error::refused;

/// 督查科 and the office director assign matters, review closures and run ledgers.
pub fn is_supervisor(p: &Principal) -> bool {
    p.has(Role::Supervisor) || p.has(Role::OfficeDirector)
}

/// Who the principal is with respect to this item (a per-unit part or a whole matter).
pub fn parties(p: &Principal, item: &TrackedItem) -> Vec<Party> {
    let mut out = Vec::new();
    // Whoever assigned a matter reviews it: 督查科 for 督办事项, the 文书 for a 收文's 承办.
    if is_supervisor(p) || (!item.created_by.is_empty() && item.created_by == p.user.id) {
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
        let today = self.today();
        let mut tx = self.db.begin().await?;
        let parent = self.insert_matter(&mut tx, p, n, today).await?;
        tx.commit().await?;
        Ok(parent)
    }

    /// The body of `create_item` inside the caller's transaction, so a ledger import can write many
    /// matters all or nothing with the same checks, rows, notices and audit events.
    pub(crate) async fn insert_matter(
        &self,
        tx: &mut Tx,
        p: &Principal,
        n: &NewItem,
        today: NaiveDate,
    ) -> Result<TrackedItem> {
        if !is_supervisor(p) {
            return Err(AppError::Denied("只有督查科或办公室主任可以立项交办。".into()));
        }
        self.insert_matter_unchecked(tx, p, n, today).await
    }

    /// `insert_matter` for callers that decided the permission themselves: a 收文's 承办 is assigned
    /// by whoever the 收文 flow lets take that step.
    pub(crate) async fn insert_matter_unchecked(
        &self,
        tx: &mut Tx,
        p: &Principal,
        n: &NewItem,
        today: NaiveDate,
    ) -> Result<TrackedItem> {
        let title = text::required("title", "事项名称", &n.title, 200)?;
        let requirement = text::multiline("requirement", "工作要求", &n.requirement, 5000)?;
        let source_title = text::optional("source_title", "来源", &n.source_title, 100)?;
        let measures = text::multiline("measures", "整改措施", &n.measures, 5000)?;
        let owner_name = text::optional("owner_name", "责任人", &n.owner_name, 40)?;
        let cal = self.calendar();
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
        let mut names = Vec::new();
        for u in &units {
            let unit = zs_store::org::get_unit(tx, u)
                .await?
                .ok_or_else(|| Invalid::field("lead_unit_id", "所选单位不存在。"))?;
            names.push(unit.name);
        }
        if let Some(l) = &n.leader_id {
            if zs_store::org::get_user(tx, l).await?.is_none() {
                return Err(Invalid::field("leader_id", "所选责任领导不存在。").into());
            }
        }
        let state = if n.assign { State::Assigned } else { State::Draft };
        let base = TrackedItem {
            id: zs_domain::new_id(),
            parent_id: None,
            kind: n.kind,
            source_kind: n.source_kind.clone(),
            source_id: n.source_id.clone(),
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
        store::insert(tx, &parent).await?;
        let mut parts = Vec::with_capacity(units.len());
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
            store::insert(tx, &part).await?;
            parts.push(part);
        }
        let detail = format!(
            "{}“{}”，牵头单位{}{}，时限{}",
            if n.assign { "立项交办" } else { "立项" },
            parent.title,
            names[0],
            if names.len() > 1 { format!("，配合单位{}", names[1..].join("、")) } else { String::new() },
            zs_domain::time::format_date(n.due)
        );
        self.event(tx, p, &parent.id, Act::Assign, &detail, None).await?;
        if n.assign {
            self.tell_after_step(tx, &parent, &parts, &Step::Assign, &detail, now).await?;
        }
        self.reindex_item(&mut *tx, &parent).await?;
        record(tx, &p.actor(), "tracking.create", "tracked_item", &parent.id, &detail, now).await?;
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
    ) -> Result<String> {
        let id = zs_domain::new_id();
        store::insert_event(
            tx,
            &EventRow {
                id: id.clone(),
                item_id: item_id.into(),
                act: act.code().into(),
                actor_id: Some(p.user.id.clone()).filter(|s| !s.is_empty()),
                actor_name: p.user.name.clone(),
                at_ms: self.now_ms(),
                text: text.into(),
                progress,
            },
        )
        .await?;
        Ok(id)
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
        let mut ids = vec![item.id.clone()];
        ids.extend(parts.iter().map(|c| c.id.clone()));
        let files = store::files(&mut c, &ids).await?;
        Ok(ItemView { item, parts, events, pending_extension, actions, may_decide_extension, files })
    }

    /// Take one step on an item (a whole matter or one unit's part).
    pub async fn step_item(&self, p: &Principal, id: &str, s: Step) -> Result<TrackedItem> {
        self.step_item_with_files(p, id, s, Vec::new()).await
    }

    /// `step_item` with evidence files: a 反馈 or a 申请办结 may carry them; other steps may not.
    pub async fn step_item_with_files(
        &self,
        p: &Principal,
        id: &str,
        s: Step,
        files: Vec<Evidence>,
    ) -> Result<TrackedItem> {
        if !files.is_empty() && !matches!(s, Step::Report { .. } | Step::RequestClose { .. }) {
            return Err(Invalid::field("file", "只有反馈进展和申请办结可以附佐证材料。").into());
        }
        if files.len() > MAX_EVIDENCE {
            return Err(Invalid::field("file", format!("一次最多附{MAX_EVIDENCE}个文件。")).into());
        }
        for f in &files {
            if f.bytes.is_empty() {
                return Err(Invalid::field("file", format!("文件“{}”是空的。", f.name)).into());
            }
        }
        let mut tx = self.db.begin().await?;
        let item = self.step_item_in(&mut tx, p, id, s, files).await?;
        tx.commit().await?;
        Ok(item)
    }

    /// One step on an item inside the caller's transaction: a use case that answers a tracked item as part of
    /// its own change (a 约稿 answered by a submission) stands or falls with it.
    pub(crate) async fn step_item_in(
        &self,
        tx: &mut Tx,
        p: &Principal,
        id: &str,
        s: Step,
        files: Vec<Evidence>,
    ) -> Result<TrackedItem> {
        let cal = self.calendar();
        let policy = self.tracking_policy();
        let today = self.today();
        let now = self.now_ms();
        store::lock(&mut *tx, id).await?;
        let mut item =
            store::get(&mut *tx, id).await?.ok_or_else(|| AppError::NotFound("没有找到这个事项。".into()))?;
        let parts = if item.is_parent() { store::children(&mut *tx, id).await? } else { Vec::new() };
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
                    store::update(&mut *tx, &part).await?;
                }
                (Act::Assign, format!("交办“{}”", item.title), None)
            }
            Step::Acknowledge => (Act::Acknowledge, "签收".to_string(), None),
            Step::Report { text: t, progress } => {
                let t = text::required_multiline("text", "进展情况", t, 5000)?;
                if !(0..=100).contains(progress) {
                    return Err(Invalid::field("progress", "完成进度应在0到100之间。").into());
                }
                item.progress = *progress;
                item.report_due = item.cycle.next_due(&cal, today);
                (Act::Report, t, Some(*progress))
            }
            Step::RequestClose { result, rule } => {
                rules::check_close_request(item.category, result, rule)?;
                item.result = text::required_multiline("result", "办理结果", result, 5000)?;
                item.rule = text::multiline("rule", "建章立制", rule, 2000)?;
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
                if store::pending_extension(&mut *tx, id).await?.is_some() {
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
                store::insert_extension(&mut *tx, &ext).await?;
                let msg = format!("申请延期至{}：{}", zs_domain::time::format_date(*due), ext.reason);
                (Act::RequestExtension, msg, None)
            }
            Step::DecideExtension { approve, note } => {
                if !ps.contains(&Party::Supervisor) {
                    return Err(AppError::Denied("延期申请由督查科审核。".into()));
                }
                let ext = store::pending_extension(&mut *tx, id)
                    .await?
                    .ok_or_else(|| AppError::Conflict("没有待审核的延期申请。".into()))?;
                store::decide_extension(&mut *tx, &ext.id, *approve, &p.user.name, note.trim(), now).await?;
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
                    store::update(&mut *tx, &part).await?;
                }
                (Act::Cancel, format!("撤销：{reason}"), None)
            }
        };
        item.warning = rules::warning(&cal, &policy, today, &item.timing());
        item.updated_ms = now;
        store::update(&mut *tx, &item).await?;
        if let Some(parent_id) = item.parent_id.clone() {
            self.roll_up(&mut *tx, &parent_id, today, now).await?;
        }
        let event_id = self.event(&mut *tx, p, &item.id, act_for_log, &detail, progress).await?;
        for f in &files {
            let name = text::required("file", "文件名", f.name.rsplit(['/', '\\']).next().unwrap_or(&f.name), 200)?;
            let sha = self.blobs.put(&mut *tx, &f.bytes, now).await?;
            let row = store::FileRow {
                id: zs_domain::new_id(),
                item_id: item.id.clone(),
                event_id: event_id.clone(),
                mime: crate::documents::mime_of(&name).into(),
                name,
                sha256: sha,
                size: f.bytes.len() as i64,
                uploaded_by: p.user.name.clone(),
                created_ms: now,
            };
            store::insert_file(&mut *tx, &row).await?;
        }
        self.tell_after_step(&mut *tx, &item, &parts, &s, &detail, now).await?;
        self.reindex_item(&mut *tx, &item).await?;
        let action = format!("tracking.{}", act.map(|a| a.code()).unwrap_or("decide_extension"));
        let with_files = if files.is_empty() {
            String::new()
        } else {
            format!(
                "（附佐证材料{}个：{}）",
                files.len(),
                files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join("、")
            )
        };
        let audit = format!("“{}”：{detail}{with_files}", item.title);
        record(tx, &p.actor(), &action, "tracked_item", &item.id, &audit, now).await?;
        Ok(item)
    }

    /// A matter's state, deadline, progress and warning follow its parts.
    async fn roll_up(&self, tx: &mut Tx, parent_id: &str, today: NaiveDate, now: i64) -> Result<()> {
        store::lock(&mut *tx, parent_id).await?;
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

impl App {
    /// An evidence file's bytes, for whoever may see the item, checked against its sha256.
    pub async fn tracked_file(&self, p: &Principal, item_id: &str, file_id: &str) -> Result<(store::FileRow, Vec<u8>)> {
        let view = self.item(p, item_id).await?;
        let f = view
            .files
            .into_iter()
            .find(|f| f.id == file_id)
            .ok_or_else(|| AppError::NotFound("没有这个文件。".into()))?;
        let mut c = self.db.conn().await?;
        let bytes = self
            .blobs
            .get(&mut c, &f.sha256)
            .await?
            .filter(|b| zs_store::blobs::sha256_hex(b) == f.sha256)
            .ok_or_else(|| {
                AppError::Conflict(format!("文件“{}”的内容缺失或与校验值不符，请联系系统管理员从备份恢复。", f.name))
            })?;
        Ok((f, bytes))
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

/// What one reminder sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub scanned: i64,
    pub reminders: i64,
    pub warnings_changed: i64,
}

impl App {
    /// Recompute warnings and send the reminders due today. Safe to run on every node at once: a
    /// reminder is claimed in the `reminders` table (item, occasion) before it is sent, in the same
    /// transaction, so each occasion is sent exactly once whatever restarts or nodes there are.
    pub async fn sweep_reminders(&self) -> Result<SweepReport> {
        let cal = self.calendar();
        let policy = self.tracking_policy();
        let today = self.today();
        let now = self.now_ms();
        let mut report = SweepReport::default();
        let mut c = self.db.conn().await?;
        let open = store::open_parts(&mut c).await?;
        drop(c);
        let mut changed_parents = std::collections::HashSet::new();
        // Who to tell in each unit, looked up once per sweep.
        let mut contacts: HashMap<String, Vec<String>> = HashMap::new();
        for batch in open.chunks(2_000) {
            report.scanned += batch.len() as i64;
            let mut work = Vec::new();
            for item in batch {
                let w = rules::warning(&cal, &policy, today, &item.timing());
                let due = rules::occasions(&cal, &policy, today, &item.timing());
                if w != item.warning || !due.is_empty() {
                    work.push((item, w, due));
                }
            }
            if work.is_empty() {
                continue;
            }
            let mut tx = self.db.begin().await?;
            let mut claims = Vec::new();
            for (item, w, due) in &work {
                if *w != item.warning {
                    report.warnings_changed += store::set_warning(&mut tx, &item.id, *w).await? as i64;
                    changed_parents.extend(item.parent_id.clone());
                }
                claims.extend(due.iter().map(|o| (item.id.clone(), o.key.clone())));
            }
            let seen = store::claimed_reminders(&mut tx, &claims).await?;
            claims.retain(|c| !seen.contains(c));
            let won = store::claim_reminders(&mut tx, &claims, now).await?;
            for (item, _, due) in &work {
                for o in due.iter().filter(|o| won.contains(&(item.id.clone(), o.key.clone()))) {
                    let users = match o.audience {
                        rules::Audience::Unit => match item.unit_id.as_deref() {
                            Some(u) => match contacts.get(u) {
                                Some(v) => v.clone(),
                                None => {
                                    let v = self.unit_contacts(&mut tx, Some(u)).await?;
                                    contacts.insert(u.to_string(), v.clone());
                                    v
                                }
                            },
                            None => Vec::new(),
                        },
                        rules::Audience::Leader => item.leader_id.iter().cloned().collect(),
                    };
                    let notice = crate::notify::Notice {
                        user_ids: users,
                        unit_id: item.unit_id.clone(),
                        title: format!(
                            "【{}】{}",
                            if o.audience == rules::Audience::Leader { "督办提醒" } else { "办理提醒" },
                            item.title
                        ),
                        body: o.text.clone(),
                        href: format!("/tracking/{}", item.id),
                        dedupe: format!("reminder:{}:{}", item.id, o.key),
                    };
                    self.notify(&mut tx, &notice).await?;
                    report.reminders += 1;
                }
            }
            tx.commit().await?;
        }
        // Matters show the worst warning of their parts.
        let parents: Vec<String> = changed_parents.into_iter().collect();
        for chunk in parents.chunks(500) {
            let mut tx = self.db.begin().await?;
            for id in chunk {
                store::roll_up_warning(&mut tx, id).await?;
            }
            tx.commit().await?;
        }
        Ok(report)
    }

    /// Tell the other side: units hear of assignments, decisions and urging; 督查科 (the person who
    /// assigned the matter) hears of signing, reports and requests.
    async fn tell_after_step(
        &self,
        tx: &mut Tx,
        item: &TrackedItem,
        parts: &[TrackedItem],
        s: &Step,
        detail: &str,
        now: i64,
    ) -> Result<()> {
        let to_units = matches!(
            s,
            Step::Assign
                | Step::Close { .. }
                | Step::Return { .. }
                | Step::DecideExtension { .. }
                | Step::Urge { .. }
                | Step::Cancel { .. }
        );
        let targets: Vec<&TrackedItem> = if !to_units {
            Vec::new()
        } else if item.is_parent() {
            parts.iter().collect()
        } else {
            vec![item]
        };
        let title = format!("【督查督办】{}", item.title);
        if to_units {
            for part in targets {
                let users = self.unit_contacts(tx, part.unit_id.as_deref()).await?;
                let notice = crate::notify::Notice {
                    user_ids: users,
                    unit_id: part.unit_id.clone(),
                    title: title.clone(),
                    body: detail.to_string(),
                    href: format!("/tracking/{}", part.id),
                    dedupe: format!("step:{}:{now}", part.id),
                };
                self.notify(tx, &notice).await?;
            }
        } else {
            let notice = crate::notify::Notice {
                user_ids: vec![item.created_by.clone()].into_iter().filter(|u| !u.is_empty()).collect(),
                unit_id: None,
                title,
                body: detail.to_string(),
                href: format!("/tracking/{}", item.id),
                dedupe: format!("step:{}:{now}", item.id),
            };
            self.notify(tx, &notice).await?;
        }
        Ok(())
    }

    /// The people to tell about a unit's part: its liaisons, or everyone in the unit if it has none.
    pub(crate) async fn unit_contacts(&self, tx: &mut Tx, unit_id: Option<&str>) -> Result<Vec<String>> {
        let Some(unit) = unit_id else { return Ok(Vec::new()) };
        let rows = store::unit_members(tx, unit).await?;
        let liaisons: Vec<String> = rows.iter().filter(|(_, l)| *l).map(|(id, _)| id.clone()).collect();
        Ok(if liaisons.is_empty() { rows.into_iter().map(|(id, _)| id).collect() } else { liaisons })
    }
}

/// A list or ledger row: the item with its units named.
#[derive(Debug, Clone)]
pub struct ItemRow {
    pub item: TrackedItem,
    /// 牵头单位 (for a part: its own unit).
    pub lead: String,
    /// 配合单位
    pub co: Vec<String>,
}

/// The columns offices use for 督办台账.
pub const LEDGER_HEADERS: [&str; 10] =
    ["序号", "事项", "来源", "牵头单位", "配合单位", "责任人", "时限", "进展", "状态", "预警"];

#[derive(Debug, Clone, Default)]
pub struct Board {
    pub by_unit: Vec<(String, WarningCounts)>,
    pub by_leader: Vec<(String, WarningCounts)>,
    pub total: WarningCounts,
}

impl App {
    /// List rows with unit names, narrowed to what the principal may see.
    pub async fn item_rows(&self, p: &Principal, f: ItemFilter) -> Result<(Vec<ItemRow>, i64)> {
        let (items, total) = self.list_items(p, f).await?;
        let names = self.unit_names().await?;
        let parents: Vec<String> = items.iter().filter(|i| i.is_parent()).map(|i| i.id.clone()).collect();
        let mut c = self.db.conn().await?;
        let parts = store::parts_of(&mut c, &parents).await?;
        drop(c);
        let name = |id: &Option<String>| id.as_ref().and_then(|u| names.get(u)).cloned().unwrap_or_default();
        let rows = items
            .into_iter()
            .map(|item| {
                if item.is_parent() {
                    let mine: Vec<&TrackedItem> =
                        parts.iter().filter(|c| c.parent_id.as_deref() == Some(&item.id)).collect();
                    let lead = mine.iter().find(|c| c.is_lead).map(|c| name(&c.unit_id)).unwrap_or_default();
                    let co = mine.iter().filter(|c| !c.is_lead).map(|c| name(&c.unit_id)).collect();
                    ItemRow { item, lead, co }
                } else {
                    ItemRow { lead: name(&item.unit_id), co: Vec::new(), item }
                }
            })
            .collect();
        Ok((rows, total))
    }

    /// The warning board by unit and by responsible leader (office only).
    pub async fn warning_board(&self, p: &Principal, kind: Option<Kind>, source: Option<&str>) -> Result<Board> {
        if !p.subject.office_member {
            return Err(AppError::Denied("预警看板供办公室查看；本单位的事项请在“督查督办”列表中查看。".into()));
        }
        let names = self.unit_names().await?;
        let mut c = self.db.conn().await?;
        let units = store::board(&mut c, store::BoardBy::Unit, kind, source).await?;
        let leaders = store::board(&mut c, store::BoardBy::Leader, kind, source).await?;
        let mut leader_names = HashMap::new();
        for (id, _, _) in &leaders {
            if !leader_names.contains_key(id) {
                let n = zs_store::org::get_user(&mut c, id).await?.map(|u| u.name).unwrap_or_default();
                leader_names.insert(id.clone(), n);
            }
        }
        let mut board = Board::default();
        let group = |rows: Vec<(String, String, i64)>, names: &HashMap<String, String>, total: &mut WarningCounts| {
            let mut map: HashMap<String, WarningCounts> = HashMap::new();
            for (id, w, n) in rows {
                let w = Warning::from_code(&w).unwrap_or(Warning::Green);
                map.entry(names.get(&id).cloned().unwrap_or(id)).or_default().add(w, n);
                total.add(w, n);
            }
            let mut v: Vec<(String, WarningCounts)> = map.into_iter().collect();
            v.sort_by(|a, b| (b.1.red, b.1.yellow, &a.0).cmp(&(a.1.red, a.1.yellow, &b.0)));
            v
        };
        board.by_unit = group(units, &names, &mut board.total);
        board.by_leader = group(leaders, &leader_names, &mut WarningCounts::default());
        Ok(board)
    }

    /// The list as a 督办台账 in the columns offices use; audited.
    pub async fn export_items(&self, p: &Principal, f: ItemFilter) -> Result<Vec<u8>> {
        let (rows, _) = self.item_rows(p, ItemFilter { limit: 100_000, offset: 0, ..f }).await?;
        let table: Vec<Vec<String>> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    (i + 1).to_string(),
                    r.item.title.clone(),
                    r.item.source_title.clone(),
                    r.lead.clone(),
                    r.co.join("、"),
                    r.item.owner_name.clone(),
                    zs_domain::time::format_date(r.item.due),
                    format!("{}%", r.item.progress),
                    r.item.state.label().to_string(),
                    warning_label(&r.item).to_string(),
                ]
            })
            .collect();
        let title = format!("督查督办台账（{}导出）", zs_domain::time::format_date(self.today()));
        let bytes = zs_office::write_xlsx(&[zs_office::SheetOut {
            name: "督办台账",
            title: Some(&title),
            headers: &LEDGER_HEADERS,
            rows: &table,
        }])?;
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        record(
            &mut tx,
            &p.actor(),
            "tracking.export",
            "tracked_item",
            "",
            &format!("导出督办台账{}项", table.len()),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(bytes)
    }

    pub async fn item_sources(&self) -> Result<Vec<String>> {
        let mut c = self.db.conn().await?;
        Ok(store::sources(&mut c).await?)
    }
}

/// One unit's line in the statistics and ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitStats {
    pub unit: String,
    pub assigned: i64,
    pub on_time: i64,
    pub late: i64,
    pub overdue: i64,
    pub open: i64,
    pub extensions: i64,
    /// Average working days from assignment to 销号, over closed parts.
    pub avg_close_days: Option<f64>,
    /// Closed on time among those closed or overdue, in percent.
    pub on_time_rate: Option<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub units: Vec<UnitStats>,
    /// (YYYY-MM, assigned, closed)
    pub trend: Vec<(String, i64, i64)>,
}

impl App {
    /// Figures per unit for parts assigned in [from, to], ranked by on-time rate (office only).
    pub async fn tracking_stats(
        &self,
        p: &Principal,
        from: NaiveDate,
        to: NaiveDate,
        kind: Option<Kind>,
    ) -> Result<Stats> {
        if !p.subject.office_member {
            return Err(AppError::Denied("督查统计供办公室查看。".into()));
        }
        if to < from {
            return Err(Invalid::field("to", "结束日期不能早于开始日期。").into());
        }
        let trend_from = to.checked_sub_months(chrono::Months::new(11)).unwrap_or(to).with_day0(0).unwrap_or(to);
        let today = self.today();
        // Independent aggregates over the same rows: run side by side on their own connections, so the page
        // waits for the slowest, not the sum.
        let by_unit = async {
            let mut c = self.db.conn().await?;
            Ok::<_, AppError>(store::unit_stats(&mut c, from, to, today, kind).await?)
        };
        let line = |trend| async move {
            let mut c = self.db.conn().await?;
            Ok::<_, AppError>(store::monthly_counts(&mut c, trend, trend_from).await?)
        };
        let (names, rows, assigned, closed) =
            tokio::try_join!(self.unit_names(), by_unit, line(store::Trend::Assigned), line(store::Trend::Closed))?;
        let count = |counts: &[(String, i64)], key: &str| counts.iter().find(|r| r.0 == key).map_or(0, |r| r.1);
        // Every month of the window, empty ones included, so charts keep their scale.
        let trend = (0..12)
            .filter_map(|i| trend_from.checked_add_months(chrono::Months::new(i)))
            .map(|m| {
                let key = m.format("%Y-%m").to_string();
                let (a, c) = (count(&assigned, &key), count(&closed, &key));
                (key, a, c)
            })
            .collect();
        let mut units: Vec<UnitStats> = rows
            .into_iter()
            .map(|r| {
                let judged = r.on_time + r.late + r.overdue;
                UnitStats {
                    unit: names.get(&r.unit_id).cloned().unwrap_or(r.unit_id),
                    assigned: r.assigned,
                    on_time: r.on_time,
                    late: r.late,
                    overdue: r.overdue,
                    open: r.open,
                    extensions: r.extensions,
                    avg_close_days: (r.closed > 0).then(|| r.close_days_sum as f64 / r.closed as f64),
                    on_time_rate: (judged > 0).then(|| r.on_time as f64 * 100.0 / judged as f64),
                }
            })
            .collect();
        units.sort_by(|a, b| {
            b.on_time_rate
                .unwrap_or(-1.0)
                .total_cmp(&a.on_time_rate.unwrap_or(-1.0))
                .then(a.overdue.cmp(&b.overdue))
                .then(a.unit.cmp(&b.unit))
        });
        Ok(Stats { units, trend })
    }
}

impl App {
    /// Bulk data for `scripts/bench/tracking`: `units` extra towns and `parts` per-unit parts (two per
    /// matter), with deadlines spread around today and states spread over the lifecycle. Idempotent
    /// by the bench units' names.
    pub async fn seed_tracking_bench(&self, units: usize, parts: usize) -> Result<usize> {
        let console = Principal::console();
        let today = self.today();
        let cal = self.calendar();
        let policy = self.tracking_policy();
        let mut c = self.db.conn().await?;
        let existing = zs_store::org::list_units(&mut c).await?;
        drop(c);
        let mut ids: Vec<String> =
            existing.iter().filter(|u| u.name.starts_with("压测单位")).map(|u| u.id.clone()).collect();
        if ids.len() >= units {
            return Ok(0);
        }
        let now = self.now_ms();
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
        tx.commit().await?;
        let states = [
            State::Assigned,
            State::Acknowledged,
            State::InProgress,
            State::InProgress,
            State::CloseRequested,
            State::Closed,
            State::Closed,
        ];
        let mut made = 0;
        let mut n = 0usize;
        while made < parts {
            let mut tx = self.db.begin().await?;
            for _ in 0..1000 {
                if made >= parts {
                    break;
                }
                n += 1;
                // Deterministic spread: deadlines from 40 working days ago to 40 ahead.
                let offset = (n * 37 % 81) as i64 - 40;
                let due = cal.add_working_days(today, offset);
                let assigned = cal.add_working_days(due, -15);
                let parent = TrackedItem {
                    id: zs_domain::new_id(),
                    parent_id: None,
                    kind: if n.is_multiple_of(5) { Kind::Rectification } else { Kind::Supervision },
                    source_kind: "bench".into(),
                    source_id: String::new(),
                    source_title: format!("压测来源{}", n % 7),
                    title: format!("压测事项{n:06}"),
                    requirement: String::new(),
                    category: None,
                    measures: String::new(),
                    unit_id: None,
                    is_lead: false,
                    owner_name: String::new(),
                    leader_id: None,
                    created_by: console.user.id.clone(),
                    state: State::InProgress,
                    due,
                    cycle: Cycle::Weekly,
                    report_due: None,
                    progress: 0,
                    extension_count: 0,
                    result: String::new(),
                    rule: String::new(),
                    assigned_on: Some(assigned),
                    closed_on: None,
                    close_days: None,
                    warning: None,
                    created_ms: now,
                    updated_ms: now,
                };
                store::insert(&mut tx, &parent).await?;
                for k in 0..2 {
                    let state = states[(n + k) % states.len()];
                    let closed_on = (state == State::Closed).then(|| cal.add_working_days(due, (n % 5) as i64 - 2));
                    let mut part = TrackedItem {
                        id: zs_domain::new_id(),
                        parent_id: Some(parent.id.clone()),
                        unit_id: Some(ids[(n * 2 + k) % ids.len()].clone()),
                        is_lead: k == 0,
                        state,
                        report_due: Some(cal.add_working_days(today, (n % 9) as i64 - 4)),
                        extension_count: n.is_multiple_of(11) as i64,
                        closed_on,
                        close_days: closed_on.map(|c| cal.working_days_between(assigned, c)),
                        ..parent.clone()
                    };
                    part.warning = rules::warning(&cal, &policy, today, &part.timing());
                    store::insert(&mut tx, &part).await?;
                    made += 1;
                }
            }
            tx.commit().await?;
        }
        self.db.analyze().await?;
        Ok(made)
    }
}
