//! 信息报送: a unit's liaison submits (the proofreader's findings come back, never blocking); the 信息科 screens,
//! edits with versions kept, records upward adoption with points; 约稿 are tracked items a submission answers.

use super::{concurrent, mime_of, refused};
use crate::audit::record;
use crate::notify::Notice;
use crate::tracking::{NewItem, Step};
use crate::{App, AppError, Principal, Result};
use chrono::NaiveDate;
use zs_domain::affairs::info::{
    self as rules, check_adoption, check_text, Adoption, AdoptionKind, InfoAct, InfoCategory, InfoItem, InfoParty,
    InfoState, INFO_FLOW,
};
use zs_domain::document::{diff, DiffRow};
use zs_domain::tracking::{Cycle, Kind, State as ItemState, TrackedItem};
use zs_domain::workflow::{available, step, Label};
use zs_domain::{text, Invalid, Role};
use zs_proof::Finding;
use zs_store::affairs::info::{self as store, EventRow, FileRow, ItemFilter, ScoreRow, VersionRow};
use zs_store::affairs::journals as issues;
use zs_store::Tx;

impl App {
    /// What the proofreader, with the organisation's own data, says of a title and body (shown to the
    /// submitter; never blocks). Findings in the title carry line 0; the body's count its own lines.
    pub fn proofread_info(&self, title: &str, body: &str) -> Vec<Finding> {
        let p = self.proofreader();
        let mut out: Vec<Finding> = p.check(title).into_iter().map(|f| Finding { line: 0, ..f }).collect();
        out.extend(p.check(body));
        out
    }
}

/// What the submission form carries.
#[derive(Debug, Clone)]
pub struct NewInfo {
    pub category: InfoCategory,
    pub title: String,
    pub body: String,
    /// The unit's part of a 约稿 this answers.
    pub commission_id: Option<String>,
}

/// A submitted item and what the proofreader found in it.
#[derive(Debug, Clone)]
pub struct Submitted {
    pub item: InfoItem,
    pub findings: Vec<Finding>,
}

/// One step on an item (edits, placement and adoption have their own use cases).
#[derive(Debug, Clone)]
pub enum InfoStep {
    Accept,
    Return { reason: String },
    Reject { reason: String },
    Withdraw,
    Resubmit,
}

impl InfoStep {
    fn act(&self) -> InfoAct {
        match self {
            InfoStep::Accept => InfoAct::Accept,
            InfoStep::Return { .. } => InfoAct::Return,
            InfoStep::Reject { .. } => InfoAct::Reject,
            InfoStep::Withdraw => InfoAct::Withdraw,
            InfoStep::Resubmit => InfoAct::Resubmit,
        }
    }
}

/// An item with everything its page shows.
#[derive(Debug, Clone)]
pub struct InfoView {
    pub item: InfoItem,
    pub unit_name: String,
    pub versions: Vec<VersionRow>,
    pub files: Vec<FileRow>,
    pub events: Vec<EventRow>,
    pub scores: Vec<ScoreRow>,
    /// Issues it was placed in: (issue id, 《刊名》2026年第12期, state label).
    pub issues: Vec<(String, String, String)>,
    /// Steps offered as buttons (screening, withdrawal, resubmission).
    pub actions: Vec<InfoAct>,
    pub may_edit: bool,
    pub may_adopt: bool,
    pub may_attach: bool,
    pub findings: Vec<Finding>,
    /// The 约稿 it answers: (part id, title, due).
    pub commission: Option<(String, String, NaiveDate)>,
}

/// What the 约稿 form carries.
#[derive(Debug, Clone)]
pub struct NewCommission {
    pub topic: String,
    pub requirement: String,
    pub unit_ids: Vec<String>,
    pub due: NaiveDate,
}

fn not_found() -> AppError {
    AppError::NotFound("没有找到这条信息，或它不在您的知悉范围内。".into())
}

/// The 信息科 and the office see every unit's items; a unit its own (the search index's rule for records of
/// a unit, so a hit always opens).
fn sees_all(p: &Principal) -> bool {
    rules::sees_all(&p.user.roles) || p.subject.office_member
}

fn may_view(p: &Principal, item: &InfoItem) -> bool {
    sees_all(p) || item.unit_id == p.user.unit_id
}

/// Keep the search index in step with an item, in the transaction that changes it.
pub(crate) async fn index(tx: &mut Tx, item: &InfoItem) -> Result<()> {
    use chrono::Datelike;
    let e = zs_store::search::Entry {
        kind: "info_item".into(),
        record_id: item.id.clone(),
        unit_id: Some(item.unit_id.clone()),
        subtype: item.category.code().into(),
        state: item.state.code().into(),
        year: item.submitted_on.year(),
        title: item.title.clone(),
        body: item.body.clone(),
        updated_ms: item.updated_ms,
        ..Default::default()
    };
    zs_store::search::put(tx, &e).await?;
    Ok(())
}

fn parties(p: &Principal, item: &InfoItem) -> Vec<InfoParty> {
    rules::parties(&p.user.roles, &p.user.unit_id, &item.unit_id)
}

/// The most files one item carries.
const MAX_FILES: usize = 20;

impl App {
    pub(crate) async fn info_event(
        &self,
        tx: &mut Tx,
        p: &Principal,
        item_id: &str,
        act: &str,
        text: &str,
        now: i64,
    ) -> Result<()> {
        store::insert_event(
            tx,
            &EventRow {
                id: zs_domain::new_id(),
                item_id: item_id.into(),
                act: act.into(),
                actor_name: p.user.name.clone(),
                at_ms: now,
                text: text.into(),
            },
        )
        .await?;
        Ok(())
    }

    /// Tell an item's author (its unit's liaison who submitted it).
    pub(crate) async fn tell_author(&self, tx: &mut Tx, item: &InfoItem, what: &str, key: &str) -> Result<()> {
        if zs_store::org::get_user(tx, &item.author_id).await?.is_none() {
            return Ok(());
        }
        let notice = Notice {
            user_ids: vec![item.author_id.clone()],
            unit_id: Some(item.unit_id.clone()),
            title: format!("【信息报送】{}", item.title),
            body: what.into(),
            href: format!("/affairs/info/{}", item.id),
            dedupe: format!("info:{}:{key}", item.id),
        };
        self.notify(tx, &notice).await
    }

    /// 报送: a new item of the liaison's unit, version 1. 紧急信息 notifies the 信息科 at once. When it answers a
    /// 约稿, the unit's part of that tracked item is signed for and its closure requested, citing the item.
    pub async fn submit_info(&self, p: &Principal, n: &NewInfo) -> Result<Submitted> {
        if !rules::may_submit(&p.user.roles) || p.user.unit_id.is_empty() {
            return Err(AppError::Denied("只有各单位的联络员（信息员）可以报送信息。".into()));
        }
        let (title, body) = check_text(&n.title, &n.body)?;
        let now = self.clock_ms();
        let today = self.today();
        let mut tx = self.db.begin().await?;
        let commission = match n.commission_id.as_deref().filter(|s| !s.is_empty()) {
            Some(id) => Some(self.own_commission(&mut tx, p, id).await?),
            None => None,
        };
        let item = InfoItem {
            id: zs_domain::new_id(),
            unit_id: p.user.unit_id.clone(),
            author_id: p.user.id.clone(),
            author_name: p.user.name.clone(),
            category: n.category,
            title,
            body,
            state: InfoState::Submitted,
            version: 1,
            commission_id: commission.as_ref().map(|c| c.id.clone()),
            submitted_on: today,
            submitted_ms: now,
            updated_ms: now,
            note: String::new(),
        };
        store::insert(&mut tx, &item).await?;
        index(&mut tx, &item).await?;
        self.info_version(&mut tx, p, &item, now).await?;
        let mut detail = format!("报送{}《{}》", item.category.label(), item.title);
        if let Some(c) = &commission {
            detail.push_str(&format!("，答复约稿“{}”", c.title));
        }
        self.info_event(&mut tx, p, &item.id, "submit", &detail, now).await?;
        if item.category.is_urgent() {
            let mut editors = zs_store::org::users_with_role(&mut tx, Role::InfoEditor).await?;
            editors.retain(|u| *u != p.user.id);
            let notice = Notice {
                user_ids: editors,
                unit_id: Some(item.unit_id.clone()),
                title: format!("【紧急信息】{}", item.title),
                body: format!("{}报送紧急信息，请立即处理。", p.unit_name),
                href: format!("/affairs/info/{}", item.id),
                dedupe: format!("info:{}:urgent", item.id),
            };
            self.notify(&mut tx, &notice).await?;
        }
        record(&mut tx, &p.actor(), "affairs.info.submit", "info_item", &item.id, &detail, now).await?;
        if let Some(c) = commission {
            self.answer_commission(&mut tx, p, &c, &item).await?;
        }
        tx.commit().await?;
        let findings = self.proofread_info(&item.title, &item.body);
        Ok(Submitted { item, findings })
    }

    /// A 约稿 part the principal's unit may answer: of kind 约稿, its own, still open.
    async fn own_commission(&self, tx: &mut Tx, p: &Principal, id: &str) -> Result<TrackedItem> {
        let part = zs_store::tracking::get(tx, id).await?;
        let ok = part.filter(|t| {
            t.kind == Kind::Commission && t.unit_id.as_deref() == Some(p.user.unit_id.as_str()) && t.state.is_open()
        });
        ok.ok_or_else(|| Invalid::field("commission_id", "所选约稿不是本单位待办的约稿，请重新选择。").into())
    }

    /// The tracked-item engine follows the answer, in the submission's transaction: sign for the part if
    /// needed, then ask to close it with the item as the result (the 信息科 closes or returns it). A part already
    /// waiting on the 信息科 is left as it is.
    async fn answer_commission(&self, tx: &mut Tx, p: &Principal, part: &TrackedItem, item: &InfoItem) -> Result<()> {
        let mut state = part.state;
        if state == ItemState::Assigned {
            state = self.step_item_in(tx, p, &part.id, Step::Acknowledge, Vec::new()).await?.state;
        }
        if matches!(state, ItemState::Acknowledged | ItemState::InProgress) {
            let result =
                format!("已报送信息《{}》（{}）。", item.title, zs_domain::time::format_date(item.submitted_on));
            let close = Step::RequestClose { result, rule: String::new() };
            self.step_item_in(tx, p, &part.id, close, Vec::new()).await?;
        }
        Ok(())
    }

    async fn info_version(&self, tx: &mut Tx, p: &Principal, item: &InfoItem, now: i64) -> Result<()> {
        let v = VersionRow {
            item_id: item.id.clone(),
            version: item.version,
            title: item.title.clone(),
            body: item.body.clone(),
            author_id: Some(p.user.id.clone()).filter(|s| !s.is_empty()),
            author_name: p.user.name.clone(),
            created_ms: now,
        };
        store::insert_version(tx, &v).await?;
        Ok(())
    }

    pub(crate) async fn load_info(&self, c: &mut impl zs_store::Exec, p: &Principal, id: &str) -> Result<InfoItem> {
        let item = store::get(c, id).await?.ok_or_else(not_found)?;
        if !may_view(p, &item) {
            return Err(not_found());
        }
        Ok(item)
    }

    /// An item's page.
    pub async fn info_item(&self, p: &Principal, id: &str) -> Result<InfoView> {
        let mut c = self.db.conn().await?;
        let item = self.load_info(&mut c, p, id).await?;
        let unit_name = zs_store::org::get_unit(&mut c, &item.unit_id).await?.map(|u| u.name).unwrap_or_default();
        let versions = store::versions(&mut c, id).await?;
        let files = store::files(&mut c, id).await?;
        let events = store::events(&mut c, id).await?;
        let scores = store::scores_of(&mut c, id).await?;
        let placed = issues::issues_of_item(&mut c, id).await?;
        let commission = match &item.commission_id {
            Some(cid) => zs_store::tracking::get(&mut c, cid).await?.map(|t| (t.id, t.title, t.due)),
            None => None,
        };
        drop(c);
        let issues = placed
            .into_iter()
            .map(|(iid, name, year, no, state)| {
                let state = zs_domain::affairs::journal::IssueState::from_code(&state).map(|s| s.label()).unwrap_or("");
                (
                    iid,
                    format!("《{name}》{}", zs_domain::affairs::journal::issue_label(year as i32, no)),
                    state.to_string(),
                )
            })
            .collect();
        let ps = parties(p, &item);
        let all = available(INFO_FLOW, item.state, &ps);
        let actions = all
            .iter()
            .copied()
            .filter(|a| {
                matches!(a, InfoAct::Accept | InfoAct::Return | InfoAct::Reject | InfoAct::Withdraw | InfoAct::Resubmit)
            })
            .collect();
        let may_attach = ps.contains(&InfoParty::Editor)
            || (ps.contains(&InfoParty::Unit) && matches!(item.state, InfoState::Submitted | InfoState::Returned));
        let findings = self.proofread_info(&item.title, &item.body);
        Ok(InfoView {
            may_edit: all.contains(&InfoAct::Edit),
            may_adopt: all.contains(&InfoAct::Adopt),
            may_attach,
            findings,
            unit_name,
            versions,
            files,
            events,
            scores,
            issues,
            actions,
            commission,
            item,
        })
    }

    /// Items the principal may see (a unit its own), newest first.
    pub async fn info_items(&self, p: &Principal, mut f: ItemFilter) -> Result<(Vec<InfoItem>, i64)> {
        if !sees_all(p) {
            f.units = Some(vec![p.user.unit_id.clone()]);
        }
        let mut c = self.db.conn().await?;
        Ok(store::list(&mut c, &f).await?)
    }

    /// Screen, return, reject, withdraw or resubmit an item.
    pub async fn step_info(&self, p: &Principal, id: &str, s: InfoStep) -> Result<InfoItem> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let mut item = self.load_info(&mut tx, p, id).await?;
        let seen = item.updated_ms;
        item.state = step(INFO_FLOW, item.state, s.act(), &parties(p, &item)).map_err(refused)?;
        // An issue being made up must be able to go to print with what it holds: take the item out first.
        if matches!(s, InfoStep::Return { .. } | InfoStep::Reject { .. }) {
            let pending = issues::issues_of_item(&mut tx, id).await?.into_iter().find(|(.., st)| st != "issued");
            if let Some((_, name, year, no, _)) = pending {
                let label = zs_domain::affairs::journal::issue_label(year as i32, no);
                return Err(AppError::Conflict(format!(
                    "这条信息已编入《{name}》{label}，请先移出期刊再{}。",
                    s.act().label()
                )));
            }
        }
        let detail = match &s {
            InfoStep::Accept => {
                item.note.clear();
                "录用".to_string()
            }
            InfoStep::Return { reason } => {
                item.note = text::required("reason", "退回理由", reason, 500)?;
                format!("退回：{}", item.note)
            }
            InfoStep::Reject { reason } => {
                item.note = text::required("reason", "不采用的理由", reason, 500)?;
                format!("不采用：{}", item.note)
            }
            InfoStep::Withdraw => "撤回".to_string(),
            InfoStep::Resubmit => {
                item.note.clear();
                "修改后重新报送".to_string()
            }
        };
        item.updated_ms = now.max(seen + 1);
        if !store::update(&mut tx, &item, seen).await? {
            return Err(concurrent());
        }
        index(&mut tx, &item).await?;
        let act = s.act();
        self.info_event(&mut tx, p, &item.id, act.code(), &detail, now).await?;
        if matches!(s, InfoStep::Accept | InfoStep::Return { .. } | InfoStep::Reject { .. }) {
            self.tell_author(&mut tx, &item, &format!("信息科：{detail}"), &format!("{}:{now}", act.code())).await?;
        }
        record(
            &mut tx,
            &p.actor(),
            &format!("affairs.info.{}", act.code()),
            "info_item",
            &item.id,
            &format!("《{}》{detail}", item.title),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Save a new text as the next version: the 信息科's edit, or the unit's revision of a returned item.
    /// `seen_version` is the version the editor started from; a save over a newer one is refused.
    pub async fn edit_info(
        &self,
        p: &Principal,
        id: &str,
        category: InfoCategory,
        title: &str,
        body: &str,
        seen_version: i64,
    ) -> Result<InfoItem> {
        let (title, body) = check_text(title, body)?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let mut item = self.load_info(&mut tx, p, id).await?;
        let ps = parties(p, &item);
        step(INFO_FLOW, item.state, InfoAct::Edit, &ps).map_err(refused)?;
        if seen_version != item.version {
            return Err(AppError::Conflict(format!(
                "您修改的是第{seen_version}稿，其间已有人保存了第{}稿。请重新打开后再修改。",
                item.version
            )));
        }
        if item.title == title && item.body == body && item.category == category {
            return Ok(item);
        }
        let seen = item.updated_ms;
        item.title = title;
        item.body = body;
        item.category = category;
        item.version += 1;
        item.updated_ms = now.max(seen + 1);
        if !store::update(&mut tx, &item, seen).await? {
            return Err(concurrent());
        }
        index(&mut tx, &item).await?;
        self.info_version(&mut tx, p, &item, now).await?;
        let by_editor = ps.contains(&InfoParty::Editor);
        let detail = format!("{}，形成第{}稿", if by_editor { "信息科编辑修改" } else { "报送单位修改" }, item.version);
        self.info_event(&mut tx, p, &item.id, "edit", &detail, now).await?;
        if by_editor {
            let msg = format!("信息科修改了您报送的信息（第{}稿），可在信息页面对照修改前后的文本。", item.version);
            self.tell_author(&mut tx, &item, &msg, &format!("edit:{}", item.version)).await?;
        }
        record(
            &mut tx,
            &p.actor(),
            "affairs.info.edit",
            "info_item",
            &item.id,
            &format!("《{}》{detail}", item.title),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Two versions of an item side by side, and whether the title changed: (old, new, body rows).
    pub async fn compare_info(
        &self,
        p: &Principal,
        id: &str,
        a: i64,
        b: i64,
    ) -> Result<(VersionRow, VersionRow, Vec<DiffRow>)> {
        let mut c = self.db.conn().await?;
        self.load_info(&mut c, p, id).await?;
        let old = store::version(&mut c, id, a).await?.ok_or_else(|| AppError::NotFound(format!("没有第{a}稿。")))?;
        let new = store::version(&mut c, id, b).await?.ok_or_else(|| AppError::NotFound(format!("没有第{b}稿。")))?;
        let rows = diff(&format!("{}\n{}", old.title, old.body), &format!("{}\n{}", new.title, new.body));
        Ok((old, new, rows))
    }

    /// Attach a file (stored content-addressed): the unit while the item waits or was returned, the 信息科 any time.
    pub async fn attach_info_file(&self, p: &Principal, id: &str, name: &str, bytes: &[u8]) -> Result<FileRow> {
        let name = text::required("name", "文件名", name.rsplit(['/', '\\']).next().unwrap_or(name), 200)?;
        if bytes.is_empty() {
            return Err(Invalid::field("file", "上传的文件是空的。").into());
        }
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let item = self.load_info(&mut tx, p, id).await?;
        let ps = parties(p, &item);
        let may = ps.contains(&InfoParty::Editor)
            || (ps.contains(&InfoParty::Unit) && matches!(item.state, InfoState::Submitted | InfoState::Returned));
        if !may {
            return Err(AppError::Denied("当前状态下您不能为这条信息添加附件。".into()));
        }
        if store::files(&mut tx, id).await?.len() >= MAX_FILES {
            return Err(Invalid::field("file", format!("每条信息最多{MAX_FILES}个附件。")).into());
        }
        let sha = self.blobs.put(&mut tx, bytes, now).await?;
        let row = FileRow {
            id: zs_domain::new_id(),
            item_id: id.into(),
            mime: mime_of(&name).into(),
            name: name.clone(),
            sha256: sha.clone(),
            size: bytes.len() as i64,
            uploaded_by: p.user.name.clone(),
            created_ms: now,
        };
        store::insert_file(&mut tx, &row).await?;
        let detail = format!("上传附件“{name}”（{} 字节，sha256 {}）", bytes.len(), &sha[..12]);
        self.info_event(&mut tx, p, id, "file", &detail, now).await?;
        record(&mut tx, &p.actor(), "affairs.info.file", "info_item", id, &detail, now).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// An attachment's bytes, checked against its sha256.
    pub async fn info_file(&self, p: &Principal, id: &str, file_id: &str) -> Result<(FileRow, Vec<u8>)> {
        let mut c = self.db.conn().await?;
        self.load_info(&mut c, p, id).await?;
        let f = store::files(&mut c, id)
            .await?
            .into_iter()
            .find(|f| f.id == file_id)
            .ok_or_else(|| AppError::NotFound("没有这个附件。".into()))?;
        let bytes = self.blobs.get(&mut c, &f.sha256).await?.ok_or_else(|| {
            AppError::Conflict(format!("附件“{}”的内容不在存储中，请联系系统管理员从备份恢复。", f.name))
        })?;
        if zs_store::blobs::sha256_hex(&bytes) != f.sha256 {
            return Err(AppError::Conflict(format!("附件“{}”的内容与登记的校验值不符，已拒绝下载。", f.name)));
        }
        Ok((f, bytes))
    }

    /// 上报 / 上级采用 / 批示 of a screened-in item, with the points the rules give now (fixed in the row).
    pub async fn record_adoption(&self, p: &Principal, id: &str, a: &Adoption) -> Result<ScoreRow> {
        let a = check_adoption(a, self.today())?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let item = self.load_info(&mut tx, p, id).await?;
        step(INFO_FLOW, item.state, InfoAct::Adopt, &parties(p, &item)).map_err(refused)?;
        let points = self.score_rules_in(&mut tx).await?.points(a.kind, a.level, None);
        let row = ScoreRow {
            id: zs_domain::new_id(),
            item_id: item.id.clone(),
            unit_id: item.unit_id.clone(),
            kind: a.kind.code().into(),
            level: a.level.code().into(),
            journal_id: None,
            issue_id: None,
            outlet: a.outlet.clone(),
            on_date: a.on.format("%Y-%m-%d").to_string(),
            points,
            note: a.note.clone(),
            recorded_by: p.user.name.clone(),
            recorded_ms: now,
        };
        store::insert_score(&mut tx, &row).await?;
        let detail = match a.kind {
            AdoptionKind::Instruction => format!("{}批示（{}），计{points}分", a.level.label(), a.outlet),
            _ => format!("{}{}（{}），计{points}分", a.level.label(), a.kind.label(), a.outlet),
        };
        self.info_event(&mut tx, p, &item.id, "adopt", &detail, now).await?;
        if a.kind != AdoptionKind::Reported {
            self.tell_author(&mut tx, &item, &detail, &format!("adopt:{}", row.id)).await?;
        }
        record(
            &mut tx,
            &p.actor(),
            "affairs.info.adopt",
            "info_item",
            &item.id,
            &format!("《{}》{detail}", item.title),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// 约稿: ask units for information on a topic by a date — a tracked item of kind 约稿 (one part per unit),
    /// followed by the tracked-item engine like any other matter.
    pub async fn create_commission(&self, p: &Principal, n: &NewCommission) -> Result<TrackedItem> {
        if !rules::is_editor(&p.user.roles) {
            return Err(AppError::Denied("约稿由信息科发出。".into()));
        }
        let mut units: Vec<String> = Vec::new();
        for u in n.unit_ids.iter().map(|u| u.trim()).filter(|u| !u.is_empty()) {
            if !units.iter().any(|x| x == u) {
                units.push(u.to_string());
            }
        }
        let Some((lead, co)) = units.split_first() else {
            return Err(Invalid::field("unit_ids", "请选择约稿单位。").into());
        };
        let item = NewItem {
            kind: Kind::Commission,
            source_kind: "commission".into(),
            source_id: String::new(),
            source_title: "信息约稿".into(),
            title: n.topic.clone(),
            requirement: n.requirement.clone(),
            category: None,
            measures: String::new(),
            lead_unit_id: lead.clone(),
            co_unit_ids: co.to_vec(),
            owner_name: String::new(),
            leader_id: None,
            due: n.due,
            cycle: Cycle::Once,
            assign: true,
        };
        let today = self.today();
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        let matter = self.insert_matter_unchecked(&mut tx, p, &item, today).await?;
        let detail =
            format!("约稿“{}”，{}个单位，{}前报送", matter.title, units.len(), zs_domain::time::format_date(n.due));
        record(&mut tx, &p.actor(), "affairs.info.commission", "tracked_item", &matter.id, &detail, now).await?;
        tx.commit().await?;
        Ok(matter)
    }

    /// The open 约稿 parts of the principal's unit (for the submission form).
    pub async fn open_commissions(&self, p: &Principal) -> Result<Vec<TrackedItem>> {
        if p.user.unit_id.is_empty() {
            return Ok(Vec::new());
        }
        let f = zs_store::tracking::ItemFilter {
            units: Some(vec![p.user.unit_id.clone()]),
            kind: Some(Kind::Commission),
            open_only: true,
            limit: 100,
            ..Default::default()
        };
        let mut c = self.db.conn().await?;
        Ok(zs_store::tracking::list(&mut c, &f).await?.0)
    }

    /// 约稿 the 信息科 sent (whole matters), newest deadline last.
    pub async fn commissions(&self, p: &Principal) -> Result<Vec<TrackedItem>> {
        if !rules::sees_all(&p.user.roles) {
            return self.open_commissions(p).await;
        }
        let f = zs_store::tracking::ItemFilter {
            kind: Some(Kind::Commission),
            top_level: true,
            limit: 200,
            ..Default::default()
        };
        let mut c = self.db.conn().await?;
        Ok(zs_store::tracking::list(&mut c, &f).await?.0)
    }
}
