//! 公务接待: registration only with the 公函, the rule check before 送审批 and 批准 (a breaching plan cannot be
//! approved), the 接待清单 after the visit compared with the plan and signed by the responsible leader, downloads
//! for reimbursement, the local standards, and statistics per month, host unit and visiting unit.

use super::{concurrent, file_name, mime_of, refused};
use crate::audit::record;
use crate::notify::Notice;
use crate::{App, AppError, Principal, Result};
use chrono::NaiveDate;
use zs_domain::affairs::money::{check_fen, yuan};
use zs_domain::affairs::reception::{
    self as rules, check_plan, compare, validate, Breach, Difference, Plan, Reception, ReceptionAct, ReceptionState,
    Signature, Standards, RECEPTION_FLOW,
};
use zs_domain::time::format_date;
use zs_domain::workflow::{available, step};
use zs_domain::{text, Invalid, Role};
use zs_render::{Block, Doc, Variant};
use zs_store::affairs::reception::{self as store, EventRow, ReceptionFilter, StatBy, StatRow};
use zs_store::Tx;

const STANDARDS_KEY: &str = "affairs.reception_standards";

#[derive(Debug, Clone)]
pub enum ReceptionStep {
    Submit,
    Return { reason: String },
    Approve { opinion: String },
    Sign { opinion: String },
    Cancel { reason: String },
}

impl ReceptionStep {
    fn act(&self) -> ReceptionAct {
        match self {
            ReceptionStep::Submit => ReceptionAct::Submit,
            ReceptionStep::Return { .. } => ReceptionAct::Return,
            ReceptionStep::Approve { .. } => ReceptionAct::Approve,
            ReceptionStep::Sign { .. } => ReceptionAct::Sign,
            ReceptionStep::Cancel { .. } => ReceptionAct::Cancel,
        }
    }
}

/// A reception with everything its page shows.
#[derive(Debug, Clone)]
pub struct ReceptionView {
    pub reception: Reception,
    pub host_name: String,
    /// What the plan breaks (approval is impossible while any is left).
    pub breaches: Vec<Breach>,
    /// What the 接待清单 breaks (shown to the signing leader).
    pub list_breaches: Vec<Breach>,
    pub differences: Vec<Difference>,
    pub events: Vec<EventRow>,
    /// Steps offered as buttons (editing the plan and filling in the list have their own forms).
    pub actions: Vec<ReceptionAct>,
    pub may_edit: bool,
    pub may_record: bool,
    pub standards: Standards,
}

/// Statistics of a year.
#[derive(Debug, Clone)]
pub struct ReceptionStats {
    pub year: i32,
    pub by_month: Vec<StatRow>,
    /// Keys are host unit names.
    pub by_host: Vec<StatRow>,
    pub by_visitor: Vec<StatRow>,
}

fn not_found() -> AppError {
    AppError::NotFound("没有找到这次接待，或它不在您的知悉范围内。".into())
}

/// The office and its 行政科 see every reception; a department or town the ones it hosts.
fn sees_all(p: &Principal) -> bool {
    p.subject.office_member || p.has(Role::ReceptionOfficer)
}

fn may_view(p: &Principal, r: &Reception) -> bool {
    sees_all(p) || (!p.organ_id.is_empty() && r.host_unit_id == p.organ_id)
}

fn parties(p: &Principal, r: &Reception) -> Vec<zs_domain::affairs::reception::ReceptionParty> {
    rules::parties(&p.user.roles, &p.organ_id, &r.host_unit_id)
}

/// Breaches as one refusal: each with the rule it breaks.
fn breach_error(what: &str, breaches: &[Breach]) -> AppError {
    let lines: Vec<String> =
        breaches.iter().enumerate().map(|(i, b)| format!("{}. {}（依据：{}）", i + 1, b.message, b.article)).collect();
    Invalid::field("plan", format!("接待计划不符合规定，{what}：\n{}", lines.join("\n"))).into()
}

impl App {
    /// The local money standards and forbidden items (stored settings, else the defaults).
    pub async fn reception_standards(&self) -> Result<Standards> {
        let mut c = self.db.conn().await?;
        self.standards_in(&mut c).await
    }

    async fn standards_in(&self, c: &mut impl zs_store::Exec) -> Result<Standards> {
        Ok(match zs_store::settings::get(c, STANDARDS_KEY).await? {
            Some(s) => serde_json::from_str(&s)
                .map_err(|e| AppError::Config(format!("接待标准设置无法读取（{e}），请重新保存。")))?,
            None => Standards::default(),
        })
    }

    /// Set the standards (行政科 or the office director); audited with old and new figures.
    pub async fn set_reception_standards(&self, p: &Principal, s: &Standards) -> Result<Standards> {
        if !(p.has(Role::ReceptionOfficer) || p.has(Role::OfficeDirector)) {
            return Err(AppError::Denied("接待标准由行政科或办公室主任设置。".into()));
        }
        let meal = check_fen("meal_fen", "工作餐标准", s.meal_fen)?;
        let room = check_fen("room_fen", "住宿标准", s.room_fen)?;
        if meal == 0 || room == 0 {
            return Err(Invalid::field("meal_fen", "标准金额须大于0。").into());
        }
        let mut words = Vec::new();
        for w in &s.forbidden {
            let w = text::optional("forbidden", "禁列项目", w, 20)?;
            if !w.is_empty() && !words.contains(&w) {
                words.push(w);
            }
        }
        if words.len() > 100 {
            return Err(Invalid::field("forbidden", "本地禁列项目最多100项。").into());
        }
        let new = Standards { meal_fen: meal, room_fen: room, forbidden: words };
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let old = self.standards_in(&mut tx).await?;
        zs_store::settings::put(&mut tx, STANDARDS_KEY, &serde_json::to_string(&new).unwrap_or_default()).await?;
        let detail = format!(
            "工作餐标准{}元→{}元/人，住宿标准{}元→{}元/间·晚，本地禁列：{}",
            yuan(old.meal_fen),
            yuan(new.meal_fen),
            yuan(old.room_fen),
            yuan(new.room_fen),
            if new.forbidden.is_empty() { "无".to_string() } else { new.forbidden.join("、") }
        );
        record(&mut tx, &p.actor(), "affairs.reception.standards", "settings", STANDARDS_KEY, &detail, now).await?;
        tx.commit().await?;
        Ok(new)
    }

    async fn reception_event(
        &self,
        tx: &mut Tx,
        p: &Principal,
        id: &str,
        act: &str,
        text: &str,
        now: i64,
    ) -> Result<()> {
        let e = EventRow {
            id: zs_domain::new_id(),
            reception_id: id.into(),
            act: act.into(),
            actor_name: p.user.name.clone(),
            at_ms: now,
            text: text.into(),
        };
        store::insert_event(tx, &e).await?;
        Ok(())
    }

    /// Keep an uploaded 公函 scan in the plan (stored content-addressed in the caller's transaction).
    async fn keep_letter(&self, tx: &mut Tx, plan: &mut Plan, letter: Option<(&str, &[u8])>, now: i64) -> Result<()> {
        if let Some((name, bytes)) = letter.filter(|(_, b)| !b.is_empty()) {
            plan.letter_file = Some(self.blobs.put(tx, bytes, now).await?);
            plan.letter_file_name = name.rsplit(['/', '\\']).next().unwrap_or(name).to_string();
            if plan.letter_file_name.trim().is_empty() {
                plan.letter_file_name = "公函".into();
            }
        }
        Ok(())
    }

    /// 登记: a new reception of the registrar's organ, as a draft. Without a 公函 (scan or number) it is refused.
    pub async fn create_reception(
        &self,
        p: &Principal,
        plan: &Plan,
        letter: Option<(&str, &[u8])>,
    ) -> Result<Reception> {
        if !rules::may_register(&p.user.roles) || p.organ_id.is_empty() {
            return Err(AppError::Denied("公务接待由行政科或各单位联络员登记。".into()));
        }
        let now = self.clock_ms();
        let mut plan = plan.clone();
        let mut tx = self.db.begin().await?;
        self.keep_letter(&mut tx, &mut plan, letter, now).await?;
        let plan = validate(&plan)?;
        let r = Reception {
            id: zs_domain::new_id(),
            host_unit_id: p.organ_id.clone(),
            state: ReceptionState::Draft,
            plan,
            actual: None,
            created_by: p.user.id.clone(),
            approval: None,
            signature: None,
            note: String::new(),
            created_ms: now,
            updated_ms: now,
        };
        store::insert(&mut tx, &r).await?;
        let breaches = check_plan(&r.plan, &self.standards_in(&mut tx).await?);
        let detail = format!(
            "登记接待{}（{}人，公函{}），计划费用{}元{}",
            r.plan.visiting_unit,
            r.plan.guests,
            if r.plan.letter_no.is_empty() { "扫描件".to_string() } else { r.plan.letter_no.clone() },
            yuan(r.plan.total_cost()),
            if breaches.is_empty() { String::new() } else { format!("，有{}处不符合规定", breaches.len()) }
        );
        self.reception_event(&mut tx, p, &r.id, "create", &detail, now).await?;
        record(&mut tx, &p.actor(), "affairs.reception.create", "reception", &r.id, &detail, now).await?;
        tx.commit().await?;
        Ok(r)
    }

    async fn load_reception(&self, c: &mut impl zs_store::Exec, p: &Principal, id: &str) -> Result<Reception> {
        let r = store::get(c, id).await?.ok_or_else(not_found)?;
        if !may_view(p, &r) {
            return Err(not_found());
        }
        Ok(r)
    }

    /// Change a draft's plan (a new 公函 scan replaces the old; without one the old is kept).
    pub async fn update_reception(
        &self,
        p: &Principal,
        id: &str,
        plan: &Plan,
        letter: Option<(&str, &[u8])>,
    ) -> Result<Reception> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let mut r = self.load_reception(&mut tx, p, id).await?;
        step(RECEPTION_FLOW, r.state, ReceptionAct::Edit, &parties(p, &r)).map_err(refused)?;
        let mut plan = plan.clone();
        if plan.letter_file.is_none() {
            plan.letter_file = r.plan.letter_file.clone();
            plan.letter_file_name = r.plan.letter_file_name.clone();
        }
        self.keep_letter(&mut tx, &mut plan, letter, now).await?;
        let plan = validate(&plan)?;
        let changes = compare(&r.plan, &plan);
        let seen = r.updated_ms;
        r.plan = plan;
        r.updated_ms = now.max(seen + 1);
        if !store::update(&mut tx, &r, seen).await? {
            return Err(concurrent());
        }
        let detail = if changes.is_empty() {
            "修改接待计划".to_string()
        } else {
            let list: Vec<String> = changes.iter().map(|d| format!("{}：{}→{}", d.item, d.planned, d.actual)).collect();
            format!("修改接待计划：{}", list.join("；"))
        };
        self.reception_event(&mut tx, p, &r.id, "edit", &detail, now).await?;
        record(&mut tx, &p.actor(), "affairs.reception.edit", "reception", &r.id, &detail, now).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// 送审批, 退回, 批准, 负责人签字 or 撤销. Submitting and approving re-check the plan against the rules and the
    /// standards in force: a plan with any breach is refused, each breach with its rule.
    pub async fn step_reception(&self, p: &Principal, id: &str, s: ReceptionStep) -> Result<Reception> {
        let now = self.clock_ms();
        let today = self.today();
        let mut tx = self.db.begin().await?;
        let mut r = self.load_reception(&mut tx, p, id).await?;
        let seen = r.updated_ms;
        let act = s.act();
        r.state = step(RECEPTION_FLOW, r.state, act, &parties(p, &r)).map_err(refused)?;
        let detail = match &s {
            ReceptionStep::Submit | ReceptionStep::Approve { .. } => {
                let breaches = check_plan(&r.plan, &self.standards_in(&mut tx).await?);
                if !breaches.is_empty() {
                    let what = if act == ReceptionAct::Submit { "不能送审批" } else { "不能批准" };
                    return Err(breach_error(what, &breaches));
                }
                if let ReceptionStep::Approve { opinion } = &s {
                    let opinion = text::optional("opinion", "审批意见", opinion, 200)?;
                    r.approval = Some(Signature { name: p.user.name.clone(), date: today, opinion: opinion.clone() });
                    r.note.clear();
                    format!("批准接待计划{}", if opinion.is_empty() { String::new() } else { format!("：{opinion}") })
                } else {
                    "送审批".to_string()
                }
            }
            ReceptionStep::Return { reason } => {
                r.note = text::required("reason", "退回理由", reason, 500)?;
                format!("退回：{}", r.note)
            }
            ReceptionStep::Cancel { reason } => {
                r.note = text::required("reason", "撤销理由", reason, 500)?;
                format!("撤销：{}", r.note)
            }
            ReceptionStep::Sign { opinion } => {
                if r.actual.is_none() {
                    return Err(AppError::Conflict("接待清单尚未填报，不能签字。".into()));
                }
                let opinion = text::optional("opinion", "签字意见", opinion, 200)?;
                r.signature = Some(Signature { name: p.user.name.clone(), date: today, opinion });
                format!("负责人{}签字确认接待清单（{}）", p.user.name, format_date(today))
            }
        };
        r.updated_ms = now.max(seen + 1);
        if !store::update(&mut tx, &r, seen).await? {
            return Err(concurrent());
        }
        self.reception_event(&mut tx, p, &r.id, act.code(), &detail, now).await?;
        self.tell_about_reception(&mut tx, p, &r, act, &detail, now).await?;
        let full = format!("{}：{detail}", r.plan.visiting_unit);
        record(&mut tx, &p.actor(), &format!("affairs.reception.{}", act.code()), "reception", &r.id, &full, now)
            .await?;
        tx.commit().await?;
        Ok(r)
    }

    /// 送审批 and a filled-in list go to the approvers (office directors); decisions go back to the registrar.
    async fn tell_about_reception(
        &self,
        tx: &mut Tx,
        p: &Principal,
        r: &Reception,
        act: ReceptionAct,
        detail: &str,
        now: i64,
    ) -> Result<()> {
        let mut to = match act {
            ReceptionAct::Submit | ReceptionAct::Record => {
                zs_store::org::users_with_role(tx, Role::OfficeDirector).await?
            }
            ReceptionAct::Return | ReceptionAct::Approve | ReceptionAct::Sign => vec![r.created_by.clone()],
            ReceptionAct::Edit | ReceptionAct::Cancel => Vec::new(),
        };
        to.retain(|u| !u.is_empty() && *u != p.user.id);
        if to.is_empty() {
            return Ok(());
        }
        let notice = Notice {
            user_ids: to,
            unit_id: Some(r.host_unit_id.clone()),
            title: format!("【公务接待】{}", r.plan.visiting_unit),
            body: detail.into(),
            href: format!("/affairs/receptions/{}", r.id),
            dedupe: format!("reception:{}:{now}", r.id),
        };
        self.notify(tx, &notice).await
    }

    /// 填报接待清单: what actually happened (people, activities, costs), kept beside the plan; may be corrected
    /// until the leader signs.
    pub async fn record_reception_list(&self, p: &Principal, id: &str, actual: &Plan) -> Result<Reception> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let mut r = self.load_reception(&mut tx, p, id).await?;
        r.state = step(RECEPTION_FLOW, r.state, ReceptionAct::Record, &parties(p, &r)).map_err(refused)?;
        let mut actual = actual.clone();
        // The 公函 is the plan's: the list is kept with it.
        actual.letter_no = r.plan.letter_no.clone();
        actual.letter_file = r.plan.letter_file.clone();
        actual.letter_file_name = r.plan.letter_file_name.clone();
        let actual = validate(&actual)?;
        let differences = compare(&r.plan, &actual);
        let seen = r.updated_ms;
        r.actual = Some(actual);
        r.updated_ms = now.max(seen + 1);
        if !store::update(&mut tx, &r, seen).await? {
            return Err(concurrent());
        }
        let detail = format!(
            "填报接待清单：实际费用{}元，与计划相比{}",
            yuan(r.actual.as_ref().map(|a| a.total_cost()).unwrap_or(0)),
            if differences.is_empty() { "无变化".to_string() } else { format!("有{}处变化", differences.len()) }
        );
        self.reception_event(&mut tx, p, &r.id, "record", &detail, now).await?;
        self.tell_about_reception(&mut tx, p, &r, ReceptionAct::Record, &detail, now).await?;
        record(&mut tx, &p.actor(), "affairs.reception.record", "reception", &r.id, &detail, now).await?;
        tx.commit().await?;
        Ok(r)
    }

    /// A reception's page.
    pub async fn reception(&self, p: &Principal, id: &str) -> Result<ReceptionView> {
        let mut c = self.db.conn().await?;
        let r = self.load_reception(&mut c, p, id).await?;
        let standards = self.standards_in(&mut c).await?;
        let host_name = zs_store::org::get_unit(&mut c, &r.host_unit_id).await?.map(|u| u.name).unwrap_or_default();
        let events = store::events(&mut c, id).await?;
        drop(c);
        let ps = parties(p, &r);
        let all = available(RECEPTION_FLOW, r.state, &ps);
        let mut actions: Vec<ReceptionAct> =
            all.iter().copied().filter(|a| !matches!(a, ReceptionAct::Edit | ReceptionAct::Record)).collect();
        if r.actual.is_none() {
            actions.retain(|a| *a != ReceptionAct::Sign);
        }
        Ok(ReceptionView {
            breaches: check_plan(&r.plan, &standards),
            list_breaches: r.actual.as_ref().map(|a| check_plan(a, &standards)).unwrap_or_default(),
            differences: r.actual.as_ref().map(|a| compare(&r.plan, a)).unwrap_or_default(),
            may_edit: all.contains(&ReceptionAct::Edit),
            may_record: all.contains(&ReceptionAct::Record),
            actions,
            host_name,
            events,
            standards,
            reception: r,
        })
    }

    /// Receptions the principal may see (a department or town: those it hosts), latest first.
    pub async fn receptions(&self, p: &Principal, mut f: ReceptionFilter) -> Result<(Vec<Reception>, i64)> {
        if !sees_all(p) {
            f.hosts = Some(vec![p.organ_id.clone()]);
        }
        let mut c = self.db.conn().await?;
        Ok(store::list(&mut c, &f).await?)
    }

    /// The 公函 scan: (file name, MIME type, bytes), checked against its sha256.
    pub async fn reception_letter(&self, p: &Principal, id: &str) -> Result<(String, &'static str, Vec<u8>)> {
        let mut c = self.db.conn().await?;
        let r = self.load_reception(&mut c, p, id).await?;
        let sha = r
            .plan
            .letter_file
            .clone()
            .ok_or_else(|| AppError::NotFound("这次接待登记的是公函文号，没有扫描件。".into()))?;
        let bytes = self
            .blobs
            .get(&mut c, &sha)
            .await?
            .filter(|b| zs_store::blobs::sha256_hex(b) == sha)
            .ok_or_else(|| AppError::Conflict("公函扫描件缺失或与登记的校验值不符，请联系系统管理员。".into()))?;
        let name = r.plan.letter_file_name.clone();
        Ok((name.clone(), mime_of(&name), bytes))
    }

    /// The 接待清单 as PDF (unsigned lists carry the 草稿 mark), for reimbursement with the 公函.
    pub async fn reception_list_pdf(&self, p: &Principal, id: &str) -> Result<(Vec<u8>, String)> {
        let v = self.reception(p, id).await?;
        let doc = list_layout(&v)?;
        let r = crate::documents::render::renderer()?;
        let pdf = tokio::task::spawn_blocking(move || r.pdf(&doc))
            .await
            .map_err(|e| AppError::Config(format!("生成PDF失败：{e}")))?
            .map_err(|e| AppError::Invalid(Invalid::new(format!("接待清单无法排版：{e}"))))?;
        Ok((pdf.bytes, file_name(&format!("接待清单 {}", v.reception.plan.visiting_unit), "pdf")))
    }

    /// The 接待清单 and its comparison with the plan as .xlsx.
    pub async fn reception_list_xlsx(&self, p: &Principal, id: &str) -> Result<(Vec<u8>, String)> {
        let v = self.reception(p, id).await?;
        let actual = v.reception.actual.as_ref().ok_or_else(|| AppError::Conflict("接待清单尚未填报。".into()))?;
        let rows: Vec<Vec<String>> = list_lines(&v.host_name, &v.reception, actual)
            .into_iter()
            .map(|(k, val)| vec![k.to_string(), val])
            .collect();
        let diffs: Vec<Vec<String>> =
            v.differences.iter().map(|d| vec![d.item.to_string(), d.planned.clone(), d.actual.clone()]).collect();
        let title = format!("公务接待清单（{}）", v.reception.plan.visiting_unit);
        let bytes = zs_office::write_xlsx(&[
            zs_office::SheetOut {
                name: "接待清单", title: Some(&title), headers: &["项目", "内容"], rows: &rows
            },
            zs_office::SheetOut {
                name: "与计划对比", title: None, headers: &["项目", "计划", "实际"], rows: &diffs
            },
        ])?;
        Ok((bytes, file_name(&format!("接待清单 {}", v.reception.plan.visiting_unit), "xlsx")))
    }

    /// A year's figures (receptions approved or held, by arrival), narrowed like the list.
    pub async fn reception_stats(&self, p: &Principal, year: i32) -> Result<ReceptionStats> {
        if !(2000..=2100).contains(&year) {
            return Err(Invalid::field("year", "年份应在2000到2100之间。").into());
        }
        let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let to = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let hosts = (!sees_all(p)).then(|| vec![p.organ_id.clone()]);
        let names = self.unit_names().await?;
        let mut c = self.db.conn().await?;
        let by_month = store::stats(&mut c, StatBy::Month, from, to, hosts.as_deref()).await?;
        let mut by_host = store::stats(&mut c, StatBy::HostUnit, from, to, hosts.as_deref()).await?;
        let by_visitor = store::stats(&mut c, StatBy::VisitingUnit, from, to, hosts.as_deref()).await?;
        for row in &mut by_host {
            if let Some(n) = names.get(&row.key) {
                row.key = n.clone();
            }
        }
        Ok(ReceptionStats { year, by_month, by_host, by_visitor })
    }

    /// The statistics as .xlsx (three sheets); audited.
    pub async fn export_reception_stats(&self, p: &Principal, year: i32) -> Result<Vec<u8>> {
        let s = self.reception_stats(p, year).await?;
        let rows = |v: &[StatRow]| -> Vec<Vec<String>> {
            v.iter()
                .map(|r| {
                    vec![
                        r.key.clone(),
                        r.receptions.to_string(),
                        r.guests.to_string(),
                        yuan(r.planned_fen),
                        yuan(r.actual_fen),
                    ]
                })
                .collect()
        };
        let (m, h, v) = (rows(&s.by_month), rows(&s.by_host), rows(&s.by_visitor));
        let title = format!("{year}年公务接待统计");
        let head = |first: &'static str| [first, "接待批次", "接待对象人次", "计划费用（元）", "实际费用（元）"];
        let (hm, hh, hv) = (head("月份"), head("接待单位"), head("来访单位"));
        let bytes = zs_office::write_xlsx(&[
            zs_office::SheetOut { name: "按月", title: Some(&title), headers: &hm, rows: &m },
            zs_office::SheetOut { name: "按接待单位", title: Some(&title), headers: &hh, rows: &h },
            zs_office::SheetOut { name: "按来访单位", title: Some(&title), headers: &hv, rows: &v },
        ])?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        record(&mut tx, &p.actor(), "affairs.reception.export", "reception", "", &format!("导出{title}"), now).await?;
        tx.commit().await?;
        Ok(bytes)
    }
}

/// The 接待清单's lines: visiting unit, people, activities (time and place), costs, the leader's signature.
fn list_lines(host: &str, r: &Reception, a: &Plan) -> Vec<(&'static str, String)> {
    let people: Vec<String> = a
        .visitors
        .iter()
        .map(|v| {
            format!(
                "{}（{}{}）",
                v.name,
                v.unit,
                if v.position.is_empty() { String::new() } else { format!("，{}", v.position) }
            )
        })
        .collect();
    let acts: Vec<String> =
        a.itinerary.iter().map(|x| format!("{} {} {} {}", format_date(x.date), x.time, x.place, x.content)).collect();
    let mut out = vec![
        ("接待单位", host.to_string()),
        ("来访单位", a.visiting_unit.clone()),
        ("公函", if a.letter_no.is_empty() { format!("扫描件：{}", a.letter_file_name) } else { a.letter_no.clone() }),
        ("来访事由", a.purpose.clone()),
        ("来访时间", format!("{}至{}", format_date(a.start_on), format_date(a.end_on))),
        ("接待对象人数", a.guests.to_string()),
        ("来访人员（单位、职务）", people.join("；")),
        ("活动（时间、地点）", acts.join("；")),
        (
            "工作餐",
            if a.work_meals == 0 {
                "未安排".to_string()
            } else {
                format!(
                    "{}次，接待对象{}人、陪餐{}人，每人{}元，计{}元",
                    a.work_meals,
                    a.guests,
                    a.escorts,
                    yuan(a.meal_fen),
                    yuan(a.meal_cost())
                )
            },
        ),
        (
            "住宿",
            if a.nights == 0 {
                "未安排".to_string()
            } else {
                format!(
                    "{}，{}间×{}晚，每间每晚{}元，计{}元",
                    a.hotel,
                    a.rooms,
                    a.nights,
                    yuan(a.room_fen),
                    yuan(a.lodging_cost())
                )
            },
        ),
        ("其他费用（元）", yuan(a.other_fen)),
        ("实际费用合计（元）", yuan(a.total_cost())),
    ];
    if let Some(s) = &r.signature {
        out.push(("负责人签字", format!("{}　{}", s.name, format_date(s.date))));
    }
    out
}

/// The 接待清单 as a document in the office layout: the host's red mark, the lines, the differences from the
/// plan, and the signature (unsigned: 草稿).
fn list_layout(v: &ReceptionView) -> Result<Doc> {
    let r = &v.reception;
    let actual =
        r.actual.as_ref().ok_or_else(|| AppError::Conflict("接待清单尚未填报，请先填报实际接待情况。".into()))?;
    let mut body = vec![Block::heading(1, "一、接待情况")];
    body.extend(list_lines(&v.host_name, r, actual).into_iter().map(|(k, val)| Block::para(format!("{k}：{val}"))));
    body.push(Block::heading(1, "二、与批准计划的差异"));
    if v.differences.is_empty() {
        body.push(Block::para("与批准的接待计划一致。"));
    }
    for d in &v.differences {
        body.push(Block::para(format!("{}：计划{}，实际{}。", d.item, d.planned, d.actual)));
    }
    if !v.list_breaches.is_empty() {
        body.push(Block::heading(1, "三、需说明的情况"));
        body.extend(v.list_breaches.iter().map(|b| Block::para(format!("{}（{}）", b.message, b.article))));
    }
    let letter = if r.plan.letter_no.is_empty() { r.plan.letter_file_name.clone() } else { r.plan.letter_no.clone() };
    Ok(Doc {
        variant: Variant::Standard,
        issuer_mark: v.host_name.clone(),
        title: "公务接待清单".into(),
        body,
        attachment_notes: vec![format!("来访单位公函（{letter}）")],
        signature: v.host_name.clone(),
        dated: r.signature.as_ref().map(|s| format_date(s.date)).unwrap_or_default(),
        note: r.signature.as_ref().map(|s| format!("负责人：{}", s.name)),
        draft: r.signature.is_none(),
        ..Default::default()
    })
}
