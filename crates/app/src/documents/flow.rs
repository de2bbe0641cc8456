//! One handler for every step of both flows: the transition table decides whether the step may be
//! taken; this file does what the step carries (a number, a 批示, tasks for the next holders, a
//! delivery into other units' inboxes) in the same transaction.

use super::draft::{check_counts, concurrent};
use super::{parties, table, TaskRow};
use crate::audit::record;
use crate::notify::Notice;
use crate::tracking::NewItem;
use crate::{App, AppError, Principal, Result};
use chrono::NaiveDate;
use zs_domain::document::{
    check_type_rules, pool_roles, pools_of, tasks_for, Assignee, Content, DocAct, DocState, DocType, Document, Flow,
    Handling, Instruction, SignOff, TaskKind, TypeContext, POOL_COUNTERSIGN, POOL_OFFICE, POOL_REGISTRAR,
};
use zs_domain::tracking::{Cycle, Kind};
use zs_domain::workflow::{step, Label};
use zs_domain::{text, Invalid, Role, UnitKind};
use zs_store::documents::{self as store, DistributionRow};
use zs_store::Tx;

/// One entry of the distribution list made at 登记: a platform unit (delivered electronically at
/// 核发) or an organ outside the platform receiving paper copies.
#[derive(Debug, Clone)]
pub struct NewDistribution {
    pub unit_id: Option<String>,
    pub name: String,
    pub copies: i64,
}

/// A person asked to read a document in a 传阅.
#[derive(Debug, Clone)]
pub struct Reader {
    pub user_id: String,
}

/// One step on a document, with what it carries.
#[derive(Debug, Clone)]
pub enum DocStep {
    Submit {
        reviewer_id: String,
        signer_id: String,
    },
    Withdraw,
    Return {
        reason: String,
    },
    ToCountersign,
    Countersign {
        opinion: String,
    },
    ToSignOff,
    /// `override_reason`: signing despite 校对 errors nobody fixed or dismissed (audited).
    SignOff {
        opinion: String,
        override_reason: String,
    },
    Recheck {
        note: String,
    },
    /// 登记: for a 发文 the distribution list (the number is allocated); for a 收文 份数 and 页数.
    Register {
        distributions: Vec<NewDistribution>,
        copies: i64,
        pages: i64,
    },
    Produce,
    Dispatch,
    Acknowledge,
    Screen,
    Reject {
        reason: String,
    },
    Propose {
        proposal: String,
        leader_id: String,
    },
    Distribute {
        proposal: String,
        readers: Vec<Reader>,
        in_order: bool,
    },
    Instruct {
        text: String,
    },
    Assign {
        lead_unit_id: String,
        co_unit_ids: Vec<String>,
        due: NaiveDate,
        requirement: String,
        owner_name: String,
    },
    Circulate {
        readers: Vec<Reader>,
        in_order: bool,
    },
    Read {
        comment: String,
    },
    Recall,
    Urge {
        note: String,
    },
    Complete {
        reply: String,
    },
    /// 归档: the archivist's 保管期限, or `None` for the one the rules propose.
    Archive {
        retention: Option<zs_domain::archive::Retention>,
    },
    Void {
        reason: String,
    },
}

impl DocStep {
    pub fn act(&self) -> DocAct {
        match self {
            DocStep::Submit { .. } => DocAct::Submit,
            DocStep::Withdraw => DocAct::Withdraw,
            DocStep::Return { .. } => DocAct::Return,
            DocStep::ToCountersign => DocAct::ToCountersign,
            DocStep::Countersign { .. } => DocAct::Countersign,
            DocStep::ToSignOff => DocAct::ToSignOff,
            DocStep::SignOff { .. } => DocAct::SignOff,
            DocStep::Recheck { .. } => DocAct::Recheck,
            DocStep::Register { .. } => DocAct::Register,
            DocStep::Produce => DocAct::Produce,
            DocStep::Dispatch => DocAct::Dispatch,
            DocStep::Acknowledge => DocAct::Acknowledge,
            DocStep::Screen => DocAct::Screen,
            DocStep::Reject { .. } => DocAct::Reject,
            DocStep::Propose { .. } => DocAct::Propose,
            DocStep::Distribute { .. } => DocAct::Distribute,
            DocStep::Instruct { .. } => DocAct::Instruct,
            DocStep::Assign { .. } => DocAct::Assign,
            DocStep::Circulate { .. } => DocAct::Circulate,
            DocStep::Read { .. } => DocAct::Read,
            DocStep::Recall => DocAct::Recall,
            DocStep::Urge { .. } => DocAct::Urge,
            DocStep::Complete { .. } => DocAct::Complete,
            DocStep::Archive { .. } => DocAct::Archive,
            DocStep::Void { .. } => DocAct::Void,
        }
    }
}

/// Actions the table allows that make no sense right now are not offered (the step would refuse them
/// with a reason anyway).
pub(crate) fn refine_actions(d: &Document, tasks: &[TaskRow], actions: &mut Vec<DocAct>) {
    let countersign = !d.content.countersign_unit_ids.is_empty();
    let open_reads = tasks.iter().any(|t| t.kind == "read" && matches!(t.status.as_str(), "open" | "waiting"));
    actions.retain(|a| match a {
        DocAct::ToCountersign => countersign,
        DocAct::ToSignOff => !countersign,
        DocAct::Recall => open_reads,
        DocAct::Urge if d.flow == Flow::Incoming => open_reads,
        _ => true,
    });
}

fn required(field: &'static str, label: &str, v: &str) -> Result<String> {
    Ok(text::required_multiline(field, label, v, 2000)?)
}

impl App {
    /// Take one step on a document.
    pub async fn step_document(&self, p: &Principal, id: &str, s: DocStep) -> Result<Document> {
        let today = self.today();
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let (mut doc, tasks) = self.load_doc(&mut tx, p, id).await?;
        let seen = doc.updated_ms;
        let before = doc.state;
        let act = s.act();
        let ps = parties(p, &doc, &tasks);
        doc.state = step(table(doc.flow), doc.state, act, &ps).map_err(super::refused)?;
        doc.updated_ms = now.max(seen + 1);
        // What the history says, and who hears about it beside the next holders.
        let mut detail = act.label().to_string();
        let mut comment = String::new();
        let mut tell: Vec<String> = Vec::new();
        match &s {
            DocStep::Submit { reviewer_id, signer_id } => {
                self.check_before_submit(&mut tx, p, &doc).await?;
                let reviewer = self.active_user(&mut tx, reviewer_id, "reviewer_id", "核稿人").await?;
                if reviewer.id == p.user.id {
                    return Err(Invalid::field("reviewer_id", "核稿人不能是起草人本人。").into());
                }
                let signer = self.active_user(&mut tx, signer_id, "signer_id", "签发人").await?;
                if !signer.roles.iter().any(|r| matches!(r, Role::Leader | Role::OfficeDirector)) {
                    return Err(Invalid::field(
                        "signer_id",
                        format!("{}不是领导或办公室主任，不能签发公文。", signer.name),
                    )
                    .into());
                }
                doc.reviewer_id = Some(reviewer.id);
                doc.signer_id = Some(signer.id);
                detail = format!("送{}核稿，拟请{}签发", reviewer.name, signer.name);
            }
            DocStep::Return { reason } => {
                comment = required("reason", "退回理由", reason)?;
                detail = format!("退回：{comment}");
                if doc.flow == Flow::Outgoing {
                    tell.extend(doc.drafter_id.clone());
                }
            }
            DocStep::ToCountersign => {
                if doc.content.countersign_unit_ids.is_empty() {
                    return Err(Invalid::field("countersign_unit_ids", "请先在公文中选择会签单位。").into());
                }
                let names = self.unit_names_of(&mut tx, &doc.content.countersign_unit_ids).await?;
                detail = format!("送{}会签", names.join("、"));
            }
            DocStep::ToSignOff if !doc.content.countersign_unit_ids.is_empty() => {
                return Err(AppError::Conflict("本文须会签，请先送会签，各单位会签后自动送签发。".into()));
            }
            DocStep::Countersign { opinion } => {
                comment = text::multiline("opinion", "会签意见", opinion, 2000)?;
                if comment.is_empty() {
                    comment = "同意".into();
                }
                detail = format!("会签：{comment}");
            }
            DocStep::SignOff { opinion, override_reason } => {
                comment = required("opinion", "签发意见", opinion)?;
                let blocking: Vec<_> =
                    self.findings_of(&mut tx, &doc).await?.into_iter().filter(|f| f.blocking()).collect();
                if !blocking.is_empty() {
                    let n = blocking.len();
                    let list = blocking
                        .iter()
                        .take(3)
                        .map(|f| format!("{}“{}”：{}", f.part.label(), f.finding.text, f.finding.message))
                        .collect::<Vec<_>>()
                        .join("；");
                    let more = if n > 3 { "等" } else { "" };
                    let why = text::multiline("override_reason", "强行签发理由", override_reason, 1000)?;
                    if why.trim().is_empty() {
                        return Err(AppError::Conflict(format!(
                            "还有{n}处校对错误未处理（{list}{more}）。请修改正文，或忽略并说明理由；确需签发的，请填写强行签发理由。"
                        )));
                    }
                    let audit = format!("签发时有{n}处校对错误未处理（{list}{more}），签发人说明理由：{why}");
                    record(&mut tx, &p.actor(), "document.proof_override", "document", &doc.id, &audit, now).await?;
                }
                doc.sign_off = Some(SignOff {
                    opinion: comment.clone(),
                    name: p.user.name.clone(),
                    date: today,
                    version: doc.version,
                });
                detail = format!("签发：{comment}（{}，{}）", p.user.name, zs_domain::time::format_date(today));
                tell.extend(doc.drafter_id.clone());
            }
            DocStep::Recheck { note } => {
                comment = text::multiline("note", "复核意见", note, 2000)?;
                if doc.sign_off.as_ref().is_some_and(|s| s.version != doc.version) {
                    return Err(AppError::Conflict("签发后正文有改动，须退回签发人重新签发。".into()));
                }
            }
            DocStep::Register { distributions, copies, pages } => match doc.flow {
                Flow::Outgoing => {
                    detail = self.register_outgoing(&mut tx, p, &mut doc, distributions, today, now).await?;
                }
                Flow::Incoming => {
                    check_counts(*copies, *pages)?;
                    doc.copies = *copies;
                    doc.pages = *pages;
                    doc.received_no = self.allocate_received_no(&mut tx, p, &doc, today, now).await?;
                    detail = format!("登记为{}", doc.received_no);
                }
            },
            DocStep::Dispatch => {
                detail = self.dispatch(&mut tx, p, &doc, now).await?;
            }
            DocStep::Acknowledge => {
                doc.received_on = Some(today);
                store::mark_acknowledged(&mut tx, &doc.id, now).await?;
            }
            DocStep::Reject { reason } => {
                comment = required("reason", "退文理由", reason)?;
                detail = format!("退文：{comment}");
                self.tell_sender_of_return(&mut tx, p, &doc, &comment, now).await?;
            }
            DocStep::Propose { proposal, leader_id } => {
                comment = required("proposal", "拟办意见", proposal)?;
                let leader = self.active_user(&mut tx, leader_id, "leader_id", "批示领导").await?;
                if !leader.roles.contains(&Role::Leader) {
                    return Err(
                        Invalid::field("leader_id", format!("{}不是领导，请选择呈批的领导。", leader.name)).into()
                    );
                }
                doc.handling = Some(Handling::ForAction);
                doc.proposal = comment.clone();
                doc.leader_id = Some(leader.id);
                detail = format!("拟办（批办件，呈{}）：{comment}", leader.name);
            }
            DocStep::Distribute { proposal, readers, in_order } => {
                comment = required("proposal", "拟办意见", proposal)?;
                doc.handling = Some(Handling::ForReading);
                doc.proposal = comment.clone();
                let names = self.add_readers(&mut tx, &doc, readers, *in_order, &tasks, now).await?;
                detail = format!("拟办（阅知件）：{comment}；送{}传阅", names.join(if *in_order { "→" } else { "、" }));
            }
            DocStep::Instruct { text: t } => {
                comment = required("text", "批示意见", t)?;
                doc.instruction = Some(Instruction { text: comment.clone(), name: p.user.name.clone(), date: today });
                detail = format!("批示：{comment}（{}，{}）", p.user.name, zs_domain::time::format_date(today));
                tell.extend(self.pool_members(&mut tx, &doc.unit_id, POOL_OFFICE).await?);
            }
            DocStep::Assign { lead_unit_id, co_unit_ids, due, requirement, owner_name } => {
                let item = self
                    .assign_handling(&mut tx, p, &doc, lead_unit_id, co_unit_ids, *due, requirement, owner_name, today)
                    .await?;
                detail = format!("交办承办：{}，时限{}", item.title, zs_domain::time::format_date(item.due));
            }
            DocStep::Circulate { readers, in_order } => {
                let names = self.add_readers(&mut tx, &doc, readers, *in_order, &tasks, now).await?;
                detail = format!("送{}传阅", names.join(if *in_order { "→" } else { "、" }));
            }
            DocStep::Read { comment: c } => {
                comment = text::multiline("comment", "阅文意见", c, 2000)?;
                detail = if comment.is_empty() { "已阅".into() } else { format!("已阅：{comment}") };
                self.finish_reading(&mut tx, p, &tasks, &comment, now).await?;
            }
            DocStep::Recall => {
                let n = store::cancel_tasks(&mut tx, &doc.id, &["read"], now).await?;
                detail = format!("收回传阅（{n}人尚未阅）");
            }
            DocStep::Urge { note } => {
                comment = text::multiline("note", "催办意见", note, 1000)?;
                detail = self.urge(&mut tx, p, &doc, &tasks, &comment, now).await?;
            }
            DocStep::Complete { reply } => {
                comment = text::multiline("reply", "办结情况", reply, 5000)?;
                self.check_complete(&mut tx, &doc, &tasks).await?;
                doc.reply = comment.clone();
                detail = if comment.is_empty() { "办结".into() } else { format!("办结：{comment}") };
            }
            DocStep::Void { reason } => {
                comment = required("reason", "作废理由", reason)?;
                let voided = store::void_numbers(&mut tx, &doc.id, &comment, &p.user.name, now).await?;
                detail = if voided > 0 {
                    format!("作废：{comment}（文号{}作废，不再使用）", doc.doc_number)
                } else {
                    format!("作废：{comment}")
                };
                store::cancel_tasks(&mut tx, &doc.id, &["read"], now).await?;
                tell.extend(doc.drafter_id.clone());
            }
            DocStep::Archive { retention } => {
                detail = self.file_document(&mut tx, p, &doc, *retention, now).await?;
            }
            DocStep::Withdraw | DocStep::ToSignOff | DocStep::Produce | DocStep::Screen => {}
        }
        // Tasks: the step closes what the actor held; a new state opens its holders' tasks.
        if act == DocAct::Countersign {
            self.finish_my_tasks(&mut tx, p, &tasks, &["countersign"], "countersign", &comment, now).await?;
            let left = store::tasks(&mut tx, &doc.id).await?;
            if !left.iter().any(|t| t.kind == "countersign" && t.status == "open") {
                doc.state = DocState::SigningOff;
                detail.push_str("；各单位会签完毕，送签发");
            }
        }
        if doc.state != before {
            self.close_state_tasks(&mut tx, &doc.id, p, act.code(), &comment, now).await?;
            self.open_state_tasks(&mut tx, &doc, now).await?;
        }
        if !store::update(&mut tx, &doc, seen).await? {
            return Err(concurrent());
        }
        self.reindex_document(&mut tx, &doc).await?;
        self.doc_event(&mut tx, p, &doc.id, act.code(), &detail, now).await?;
        tell.retain(|u| *u != p.user.id);
        if !tell.is_empty() {
            let notice = Notice {
                user_ids: tell,
                unit_id: Some(doc.unit_id.clone()),
                title: format!("【办文】{}", doc.content.title),
                body: format!("{}：{detail}", p.user.name),
                href: format!("/documents/{}", doc.id),
                dedupe: format!("doc:{}:{}:{now}", doc.id, act.code()),
            };
            self.notify(&mut tx, &notice).await?;
        }
        let title = &doc.content.title;
        record(
            &mut tx,
            &p.actor(),
            &format!("document.{}", act.code()),
            "document",
            &doc.id,
            &format!("“{title}”：{detail}"),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(doc)
    }

    async fn active_user(&self, tx: &mut Tx, id: &str, field: &'static str, label: &str) -> Result<zs_domain::User> {
        if id.trim().is_empty() {
            return Err(Invalid::field(field, format!("请选择{label}。")).into());
        }
        zs_store::org::get_user(tx, id)
            .await?
            .filter(|u| u.active)
            .ok_or_else(|| Invalid::field(field, format!("所选{label}不存在或已停用。")).into())
    }

    async fn unit_names_of(&self, tx: &mut Tx, ids: &[String]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for id in ids {
            out.push(
                zs_store::org::get_unit(tx, id).await?.map(|u| u.name).unwrap_or_else(|| "（已删除的单位）".into()),
            );
        }
        Ok(out)
    }

    /// The type rules, with the facts they need: the organ's lower organs and the linked 请示.
    async fn check_before_submit(&self, tx: &mut Tx, p: &Principal, doc: &Document) -> Result<()> {
        let organ = zs_store::org::get_unit(tx, &doc.unit_id).await?;
        let lower_organs = if organ.is_some_and(|u| u.kind == UnitKind::Office) {
            zs_store::org::list_units(tx)
                .await?
                .into_iter()
                .filter(|u| matches!(u.kind, UnitKind::Department | UnitKind::Town))
                .map(|u| u.name)
                .collect()
        } else {
            Vec::new()
        };
        let reply_target_is_request = match &doc.content.reply_to_id {
            Some(r) => self.load_doc(tx, p, r).await.is_ok_and(|(d, _)| d.content.doc_type == DocType::Request),
            None => false,
        };
        check_type_rules(&doc.content, &TypeContext { lower_organs, reply_target_is_request })?;
        Ok(())
    }

    /// People of an organ who work a pool.
    pub(crate) async fn pool_members(&self, tx: &mut Tx, organ: &str, pool: &str) -> Result<Vec<String>> {
        Ok(zs_store::org::organ_members_with_roles(tx, organ, pool_roles(pool)).await?)
    }

    /// Open the tasks of the document's (new) state and tell the holders.
    pub(crate) async fn open_state_tasks(&self, tx: &mut Tx, doc: &Document, now: i64) -> Result<()> {
        let Some((kind, who)) = tasks_for(doc.state) else { return Ok(()) };
        let mut holders: Vec<(Option<String>, Option<String>, &str)> = Vec::new();
        match who {
            Assignee::Drafter => holders.push((doc.drafter_id.clone(), None, "")),
            Assignee::Reviewer => holders.push((doc.reviewer_id.clone(), None, "")),
            Assignee::Signer => holders.push((doc.signer_id.clone(), None, "")),
            Assignee::Leader => holders.push((doc.leader_id.clone(), None, "")),
            Assignee::CountersignUnits => {
                for u in &doc.content.countersign_unit_ids {
                    holders.push((None, Some(u.clone()), POOL_COUNTERSIGN));
                }
            }
            Assignee::Registrars => holders.push((None, Some(doc.unit_id.clone()), POOL_REGISTRAR)),
            Assignee::Office => holders.push((None, Some(doc.unit_id.clone()), POOL_OFFICE)),
        }
        for (user_id, unit_id, pool) in holders {
            if user_id.is_none() && unit_id.is_none() {
                continue;
            }
            let task = TaskRow {
                user_id: user_id.clone(),
                unit_id: unit_id.clone(),
                pool: pool.into(),
                ..TaskRow::new(&doc.id, kind.code(), "open", now)
            };
            store::insert_task(tx, &task).await?;
            let users = match (&user_id, &unit_id) {
                (Some(u), _) => vec![u.clone()],
                (None, Some(unit)) => self.pool_members(tx, unit, pool).await?,
                (None, None) => Vec::new(),
            };
            self.tell_holders(tx, doc, kind, users, &task.id).await?;
        }
        Ok(())
    }

    async fn tell_holders(
        &self,
        tx: &mut Tx,
        doc: &Document,
        kind: TaskKind,
        users: Vec<String>,
        key: &str,
    ) -> Result<()> {
        if users.is_empty() {
            return Ok(());
        }
        let urgent = match doc.content.urgency {
            zs_domain::document::Urgency::Normal => String::new(),
            u => format!("【{}】", u.label()),
        };
        let notice = Notice {
            user_ids: users,
            unit_id: Some(doc.unit_id.clone()),
            title: format!("{urgent}待{}：{}", kind.label(), doc.content.title),
            body: format!("{}“{}”等待您{}。", doc.flow.label(), doc.content.title, kind.label()),
            href: format!("/documents/{}", doc.id),
            dedupe: format!("doctask:{key}"),
        };
        self.notify(tx, &notice).await
    }

    /// Close the open tasks of the state being left: the ones the actor held are done by them, the
    /// rest (other pools, other units' 会签 after a 退回) are cancelled. Reading tasks are separate.
    pub(crate) async fn close_state_tasks(
        &self,
        tx: &mut Tx,
        doc_id: &str,
        p: &Principal,
        outcome: &str,
        comment: &str,
        now: i64,
    ) -> Result<()> {
        let tasks = store::tasks(tx, doc_id).await?;
        let kinds: Vec<&str> = TaskKind::ALL.iter().filter(|k| **k != TaskKind::Read).map(|k| k.code()).collect();
        self.finish_my_tasks(tx, p, &tasks, &kinds, outcome, comment, now).await?;
        store::cancel_tasks(tx, doc_id, &kinds, now).await?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn finish_my_tasks(
        &self,
        tx: &mut Tx,
        p: &Principal,
        tasks: &[TaskRow],
        kinds: &[&str],
        outcome: &str,
        comment: &str,
        now: i64,
    ) -> Result<()> {
        let pools = pools_of(&p.user.roles);
        for t in tasks.iter().filter(|t| t.status == "open" && kinds.contains(&t.kind.as_str())) {
            let mine = t.user_id.as_deref() == Some(p.user.id.as_str())
                || (t.unit_id.as_deref() == Some(p.organ_id.as_str()) && pools.contains(&t.pool.as_str()));
            if mine {
                store::finish_task(tx, &t.id, Some(&p.user.id), &p.user.name, outcome, comment, now).await?;
            }
        }
        Ok(())
    }

    /// 传阅: reading tasks for these people, all open at once or one after another.
    async fn add_readers(
        &self,
        tx: &mut Tx,
        doc: &Document,
        readers: &[Reader],
        in_order: bool,
        tasks: &[TaskRow],
        now: i64,
    ) -> Result<Vec<String>> {
        if readers.is_empty() {
            return Err(Invalid::field("readers", "请选择传阅人。").into());
        }
        if readers.len() > 100 {
            return Err(Invalid::field("readers", "一次传阅不能超过100人。").into());
        }
        let pending: Vec<&TaskRow> =
            tasks.iter().filter(|t| t.kind == "read" && matches!(t.status.as_str(), "open" | "waiting")).collect();
        let mut seq = pending.iter().map(|t| t.seq).max().unwrap_or(0);
        // In order: the first new reader waits when someone is still reading before them.
        let mut first_open = !in_order || pending.is_empty();
        let mut names = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for r in readers {
            if !seen.insert(r.user_id.clone()) {
                continue;
            }
            let user = self.active_user(tx, &r.user_id, "readers", "传阅人").await?;
            if pending.iter().any(|t| t.user_id.as_deref() == Some(user.id.as_str())) {
                return Err(Invalid::field("readers", format!("{}已在传阅名单中，尚未阅毕。", user.name)).into());
            }
            if user.clearance < doc.content.classification {
                return Err(Invalid::field(
                    "readers",
                    format!("{}的知悉级别低于本文密级“{}”，不能传阅。", user.name, doc.content.classification.label()),
                )
                .into());
            }
            seq += 1;
            let open = first_open;
            if in_order {
                first_open = false;
            }
            let task = TaskRow {
                user_id: Some(user.id.clone()),
                seq,
                ..TaskRow::new(&doc.id, TaskKind::Read.code(), if open { "open" } else { "waiting" }, now)
            };
            store::insert_task(tx, &task).await?;
            if open {
                self.tell_holders(tx, doc, TaskKind::Read, vec![user.id.clone()], &task.id).await?;
            }
            names.push(user.name);
        }
        Ok(names)
    }

    /// 阅毕: close the reader's task and, in an in-order 传阅, open the next reader's.
    async fn finish_reading(
        &self,
        tx: &mut Tx,
        p: &Principal,
        tasks: &[TaskRow],
        comment: &str,
        now: i64,
    ) -> Result<()> {
        let mine = tasks
            .iter()
            .find(|t| t.kind == "read" && t.status == "open" && t.user_id.as_deref() == Some(p.user.id.as_str()))
            .ok_or_else(|| AppError::Conflict("您没有待阅的传阅件。".into()))?;
        store::finish_task(tx, &mine.id, Some(&p.user.id), &p.user.name, "read", comment, now).await?;
        let still_open = tasks.iter().any(|t| t.kind == "read" && t.status == "open" && t.id != mine.id);
        if !still_open {
            if let Some(next) = tasks.iter().filter(|t| t.kind == "read" && t.status == "waiting").min_by_key(|t| t.seq)
            {
                store::open_task(tx, &next.id, now).await?;
                let doc = store::get(tx, &mine.document_id).await?.ok_or_else(concurrent)?;
                let user = next.user_id.clone().into_iter().collect();
                self.tell_holders(tx, &doc, TaskKind::Read, user, &next.id).await?;
            }
        }
        Ok(())
    }

    /// 办结 only when nobody is still reading and every 承办 matter is closed.
    async fn check_complete(&self, tx: &mut Tx, doc: &Document, tasks: &[TaskRow]) -> Result<()> {
        let reading =
            tasks.iter().filter(|t| t.kind == "read" && matches!(t.status.as_str(), "open" | "waiting")).count();
        if reading > 0 {
            return Err(AppError::Conflict(format!("尚有{reading}人未阅，请催阅或收回传阅后再办结。")));
        }
        let open: Vec<String> = zs_store::tracking::by_source(tx, "document", &doc.id)
            .await?
            .into_iter()
            .filter(|i| i.state.is_open())
            .map(|i| i.title)
            .collect();
        if !open.is_empty() {
            return Err(AppError::Conflict(format!("承办事项“{}”尚未销号，办结后才能办结本文。", open.join("”“"))));
        }
        Ok(())
    }

    /// 承办: the 收文's handling becomes a tracked item (kind 收文承办) followed by the tracked-item engine.
    #[allow(clippy::too_many_arguments)]
    async fn assign_handling(
        &self,
        tx: &mut Tx,
        p: &Principal,
        doc: &Document,
        lead: &str,
        co: &[String],
        due: NaiveDate,
        requirement: &str,
        owner_name: &str,
        today: NaiveDate,
    ) -> Result<zs_domain::tracking::TrackedItem> {
        let instruction = doc.instruction.as_ref().map(|i| format!("{}批示：{}", i.name, i.text)).unwrap_or_default();
        let requirement = [instruction, requirement.trim().to_string()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let item = NewItem {
            kind: Kind::DocumentHandling,
            source_kind: "document".into(),
            source_id: doc.id.clone(),
            source_title: format!("{} {}", doc.received_no, doc.content.issuer).trim().to_string(),
            title: doc.content.title.clone(),
            requirement,
            category: None,
            measures: String::new(),
            lead_unit_id: lead.into(),
            co_unit_ids: co.to_vec(),
            owner_name: owner_name.into(),
            leader_id: doc.leader_id.clone(),
            due,
            cycle: Cycle::Once,
            assign: true,
        };
        self.insert_matter_unchecked(tx, p, &item, today).await
    }

    /// 登记 of a 发文: the type rules once more, 签发人 on 上行文, the number, the distribution list
    /// with 份号 ranges for paper copies, and 成文日期 / 印发日期 when left empty.
    async fn register_outgoing(
        &self,
        tx: &mut Tx,
        p: &Principal,
        doc: &mut Document,
        distributions: &[NewDistribution],
        today: NaiveDate,
        now: i64,
    ) -> Result<String> {
        self.check_before_submit(tx, p, doc).await?;
        let signed = doc.sign_off.clone().ok_or_else(|| AppError::Conflict("公文尚未签发，不能登记。".into()))?;
        if signed.version != doc.version {
            return Err(AppError::Conflict("签发后正文有改动，须退回签发人重新签发。".into()));
        }
        let code_id = doc
            .content
            .agency_code_id
            .clone()
            .ok_or_else(|| Invalid::field("agency_code_id", "请先在公文中选择机关代字（发文字号）。"))?;
        let code =
            store::code(tx, &code_id).await?.ok_or_else(|| Invalid::field("agency_code_id", "所选机关代字不存在。"))?;
        if distributions.is_empty() {
            return Err(Invalid::field("distributions", "请填写分发范围（本平台单位或纸质分送单位）。").into());
        }
        let mut rows = Vec::new();
        let mut next_copy = 1i64;
        for d in distributions {
            let name = text::optional("distributions", "分送单位", &d.name, 100)?;
            if !(0..=1000).contains(&d.copies) {
                return Err(Invalid::field("distributions", "每个单位的份数应在0到1000之间。").into());
            }
            let (unit_id, name) = match &d.unit_id {
                Some(u) => {
                    let unit = zs_store::org::get_unit(tx, u)
                        .await?
                        .filter(|x| x.active)
                        .ok_or_else(|| Invalid::field("distributions", "所选分送单位不存在或已停用。"))?;
                    if unit.id == doc.unit_id {
                        return Err(Invalid::field("distributions", "不能分送给本机关自己。").into());
                    }
                    (Some(unit.id), unit.name)
                }
                None if name.is_empty() => return Err(Invalid::field("distributions", "请填写分送单位名称。").into()),
                None if d.copies == 0 => {
                    return Err(Invalid::field("distributions", format!("纸质分送“{name}”须填写份数。")).into())
                }
                None => (None, name),
            };
            if rows.iter().any(|r: &DistributionRow| r.unit_id.is_some() && r.unit_id == unit_id) {
                return Err(Invalid::field("distributions", format!("“{name}”重复。")).into());
            }
            let (copy_from, copy_to) =
                if d.copies > 0 { (Some(next_copy), Some(next_copy + d.copies - 1)) } else { (None, None) };
            next_copy += d.copies;
            rows.push(DistributionRow {
                id: zs_domain::new_id(),
                document_id: doc.id.clone(),
                unit_id,
                name,
                copies: d.copies,
                copy_from,
                copy_to,
                incoming_id: None,
                acknowledged_ms: None,
                urge_count: 0,
                created_ms: now,
            });
        }
        let number = self.allocate_doc_number(tx, p, doc, &code, today, now).await?;
        doc.doc_number = number.clone();
        doc.copies = next_copy - 1;
        let mut content: Content = doc.content.clone();
        content.dated = content.dated.or(Some(signed.date));
        content.print_date = content.print_date.or(Some(today));
        if content != doc.content {
            // 成文日期 and 印发日期 filled at 登记 are part of the text: a version, still the signed one.
            doc.content = content;
            doc.version += 1;
            if let Some(s) = doc.sign_off.as_mut() {
                s.version = doc.version;
            }
            store::insert_version(tx, doc, Some(&p.user.id), &p.user.name).await?;
        }
        store::clear_distributions(tx, &doc.id).await?;
        for r in &rows {
            store::insert_distribution(tx, r).await?;
        }
        let platform = rows.iter().filter(|r| r.unit_id.is_some()).count();
        Ok(format!(
            "登记，编发文字号{number}，分送{}个单位（其中本平台{platform}个），印制{}份",
            rows.len(),
            doc.copies
        ))
    }

    /// 核发: every platform unit on the distribution list gets a 收文 in its inbox, waiting for 签收.
    async fn dispatch(&self, tx: &mut Tx, p: &Principal, doc: &Document, now: i64) -> Result<String> {
        let rows = store::distributions(tx, &doc.id).await?;
        let files = store::files(tx, &doc.id).await?;
        let mut delivered = 0;
        for r in rows.iter().filter(|r| r.incoming_id.is_none()) {
            let Some(unit) = &r.unit_id else { continue };
            let mut content = doc.content.clone();
            content.agency_code_id = None;
            content.countersign_unit_ids.clear();
            content.reply_to_id = None;
            let incoming = Document {
                doc_number: doc.doc_number.clone(),
                sign_off: doc.sign_off.clone(),
                copies: r.copies.max(1),
                pages: doc.pages,
                source_doc_id: Some(doc.id.clone()),
                ..Document::new(Flow::Incoming, unit, DocState::ToAcknowledge, content, &p.user.id, now)
            };
            store::insert(tx, &incoming).await?;
            store::insert_version(tx, &incoming, Some(&p.user.id), &p.user.name).await?;
            for f in &files {
                let copy = store::FileRow {
                    id: zs_domain::new_id(),
                    document_id: incoming.id.clone(),
                    created_ms: now,
                    ..f.clone()
                };
                store::insert_file(tx, &copy).await?;
            }
            store::set_delivered(tx, &r.id, &incoming.id).await?;
            self.reindex_document(tx, &incoming).await?;
            self.doc_event(tx, p, &incoming.id, "deliver", &format!("{}核发，待签收", doc.content.issuer), now).await?;
            self.open_state_tasks(tx, &incoming, now).await?;
            delivered += 1;
        }
        let paper: i64 = rows.iter().filter(|r| r.unit_id.is_none()).map(|r| r.copies).sum();
        Ok(format!("核发：本平台{delivered}个单位已送达收文箱，纸质分送{paper}份"))
    }

    /// 退文 of a platform delivery: the sender learns why.
    async fn tell_sender_of_return(
        &self,
        tx: &mut Tx,
        p: &Principal,
        doc: &Document,
        reason: &str,
        now: i64,
    ) -> Result<()> {
        let Some(src_id) = &doc.source_doc_id else { return Ok(()) };
        let Some(src) = store::get(tx, src_id).await? else { return Ok(()) };
        let unit = zs_store::org::get_unit(tx, &doc.unit_id).await?.map(|u| u.name).unwrap_or_default();
        let text = format!("{unit}退文：{reason}");
        self.doc_event(tx, p, &src.id, "returned_by_recipient", &text, now).await?;
        let mut users: Vec<String> = src.drafter_id.clone().into_iter().collect();
        users.extend(self.pool_members(tx, &src.unit_id, POOL_REGISTRAR).await?);
        let notice = Notice {
            user_ids: users,
            unit_id: Some(src.unit_id.clone()),
            title: format!("【退文】{}", src.content.title),
            body: text,
            href: format!("/documents/{}", src.id),
            dedupe: format!("doc:{}:returned:{}", src.id, doc.id),
        };
        self.notify(tx, &notice).await
    }

    /// 催办: on a 发文, the units that have not signed for it; on a 收文, those still reading.
    async fn urge(
        &self,
        tx: &mut Tx,
        p: &Principal,
        doc: &Document,
        tasks: &[TaskRow],
        note: &str,
        now: i64,
    ) -> Result<String> {
        let body = if note.is_empty() { "请尽快办理。".to_string() } else { note.to_string() };
        let mut names = Vec::new();
        match doc.flow {
            Flow::Outgoing => {
                for r in store::distributions(tx, &doc.id).await? {
                    let (Some(unit), Some(incoming), None) = (&r.unit_id, &r.incoming_id, r.acknowledged_ms) else {
                        continue;
                    };
                    let users = self.pool_members(tx, unit, POOL_REGISTRAR).await?;
                    let notice = Notice {
                        user_ids: users,
                        unit_id: Some(unit.clone()),
                        title: format!("【催签收】{}", doc.content.title),
                        body: format!("{}：{body}", p.user.name),
                        href: format!("/documents/{incoming}"),
                        dedupe: format!("doc:{incoming}:urge:{now}"),
                    };
                    self.notify(tx, &notice).await?;
                    store::count_urge(tx, &r.id).await?;
                    names.push(r.name);
                }
            }
            Flow::Incoming => {
                for t in tasks.iter().filter(|t| t.kind == "read" && t.status == "open") {
                    let Some(u) = &t.user_id else { continue };
                    let notice = Notice {
                        user_ids: vec![u.clone()],
                        unit_id: Some(doc.unit_id.clone()),
                        title: format!("【催阅】{}", doc.content.title),
                        body: format!("{}：{body}", p.user.name),
                        href: format!("/documents/{}", doc.id),
                        dedupe: format!("doc:{}:urge:{}:{now}", doc.id, t.id),
                    };
                    self.notify(tx, &notice).await?;
                    names.extend(zs_store::org::get_user(tx, u).await?.map(|x| x.name));
                }
            }
        }
        if names.is_empty() {
            return Err(AppError::Conflict("没有需要催办的单位或人员。".into()));
        }
        Ok(format!("催办{}：{body}", names.join("、")))
    }
}
