//! 期刊: the 信息科's journals and their issues. Items are placed into an issue (once per issue), the issue goes
//! through review and sign-off on `journal::ISSUE_FLOW`, renders to PDF in the 简报 layout, and its 印发 publishes
//! its items and scores them by the journal's rule.

use super::{concurrent, file_name, refused};
use crate::audit::record;
use crate::notify::Notice;
use crate::{App, AppError, Principal, Result};
use chrono::Datelike;
use zs_domain::affairs::info::{
    self as info_rules, AdoptionKind, InfoAct, InfoItem, InfoParty, Level, ScoreRules, INFO_FLOW,
};
use zs_domain::affairs::journal::{
    self as rules, check_issue_no, check_journal, IssueAct, IssueSignOff, IssueState, Journal, JournalIssue, ISSUE_FLOW,
};
use zs_domain::workflow::{available, step};
use zs_domain::{text, Invalid, Role};
use zs_render::{Block, Doc, Variant};
use zs_store::affairs::info::{self as items, ScoreRow};
use zs_store::affairs::journals as store;
use zs_store::Tx;

/// A journal as the form carries it; `points` is what placement in an issued number earns.
#[derive(Debug, Clone)]
pub struct JournalInput {
    pub name: String,
    pub mark: String,
    pub editor: String,
    pub distribution: String,
    pub points: i64,
}

/// A new issue: the year defaults to this year and the 期号 to the next free one.
#[derive(Debug, Clone, Default)]
pub struct NewIssue {
    pub journal_id: String,
    pub year: Option<i32>,
    pub no: Option<i64>,
    pub title: String,
    pub distribution: Option<String>,
}

#[derive(Debug, Clone)]
pub enum IssueStep {
    Submit,
    Approve,
    Return { reason: String },
    SignOff { opinion: String },
}

impl IssueStep {
    fn act(&self) -> IssueAct {
        match self {
            IssueStep::Submit => IssueAct::Submit,
            IssueStep::Approve => IssueAct::Approve,
            IssueStep::Return { .. } => IssueAct::Return,
            IssueStep::SignOff { .. } => IssueAct::SignOff,
        }
    }
}

/// An issue with everything its page shows.
#[derive(Debug, Clone)]
pub struct IssueView {
    pub issue: JournalIssue,
    pub journal: Journal,
    /// Its items in order, each with its unit's name.
    pub items: Vec<(InfoItem, String)>,
    pub actions: Vec<IssueAct>,
    /// Items may be placed or removed now.
    pub may_edit: bool,
    /// Screened items not yet in this issue, newest first (to place).
    pub candidates: Vec<(InfoItem, String)>,
}

fn not_found() -> AppError {
    AppError::NotFound("没有找到这一期，或它不在您的知悉范围内。".into())
}

fn check_viewer(p: &Principal) -> Result<()> {
    if !info_rules::sees_all(&p.user.roles) {
        return Err(not_found());
    }
    Ok(())
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/// An issue as a 简报 `Doc`: the journal's red 刊头, 期号, 编印单位 and date; each item titled (numbered when
/// there are several), its headings one level down, its unit credited.
pub fn layout(journal: &Journal, issue: &JournalIssue, entries: &[(InfoItem, String)], date: chrono::NaiveDate) -> Doc {
    let mut body = Vec::new();
    let several = entries.len() > 1;
    for (i, (item, unit)) in entries.iter().enumerate() {
        let title = match (several, NUMERALS.get(i)) {
            (true, Some(n)) => format!("{n}、{}", item.title),
            (true, None) => format!("{}. {}", i + 1, item.title),
            (false, _) => item.title.clone(),
        };
        if issue.title != item.title || several {
            body.push(Block::heading(1, title));
        }
        for mut b in crate::documents::render::body_blocks(&item.body) {
            if b.level > 0 {
                b.level = (b.level + 1).min(4);
            }
            body.push(b);
        }
        body.push(Block::para(format!("（{unit}供稿）")));
    }
    let dated = zs_domain::time::format_date(date);
    Doc {
        variant: Variant::Journal,
        issuer_mark: journal.mark.clone(),
        doc_number: Some(issue.label()),
        printer: journal.editor.clone(),
        dated: dated.clone(),
        title: issue.title.clone(),
        body,
        cc: zs_domain::document::Content::organs(&issue.distribution),
        print_date: dated,
        draft: issue.state != IssueState::Issued,
        ..Default::default()
    }
}

impl App {
    pub async fn journals(&self) -> Result<Vec<Journal>> {
        let mut c = self.db.conn().await?;
        Ok(store::journals(&mut c).await?)
    }

    /// A new journal (信息科), with the points placement in it earns.
    pub async fn create_journal(&self, p: &Principal, j: &JournalInput) -> Result<Journal> {
        if !info_rules::is_editor(&p.user.roles) {
            return Err(AppError::Denied("期刊由信息科设置。".into()));
        }
        let (name, mark, editor, distribution) = check_journal(&j.name, &j.mark, &j.editor, &j.distribution)?;
        ScoreRules::check("journal:new", j.points)?;
        let now = self.clock_ms();
        let journal =
            Journal { id: zs_domain::new_id(), name, mark, editor, distribution, active: true, created_ms: now };
        let mut tx = self.db.begin().await?;
        if let Err(e) = store::insert_journal(&mut tx, &journal).await {
            return Err(if e.is_unique_violation() {
                AppError::Conflict(format!("已有名为《{}》的期刊。", journal.name))
            } else {
                e.into()
            });
        }
        items::put_rule(&mut tx, &ScoreRules::journal_key(&journal.id), j.points, now).await?;
        let detail = format!("新设期刊《{}》，编入刊发计{}分", journal.name, j.points);
        record(&mut tx, &p.actor(), "affairs.journal.create", "journal", &journal.id, &detail, now).await?;
        tx.commit().await?;
        Ok(journal)
    }

    /// Issues newest first (the 信息科 and the office).
    pub async fn journal_issues(&self, p: &Principal, journal_id: Option<&str>) -> Result<Vec<JournalIssue>> {
        check_viewer(p)?;
        let mut c = self.db.conn().await?;
        Ok(store::issues(&mut c, journal_id, 200).await?)
    }

    /// The next free 期号 of a journal this year.
    pub async fn next_issue_no(&self, journal_id: &str) -> Result<i64> {
        let mut c = self.db.conn().await?;
        Ok(store::next_no(&mut c, journal_id, self.today().year()).await?)
    }

    /// A new issue in 编辑中. A 期号 already used in the journal's year is refused (409).
    pub async fn create_issue(&self, p: &Principal, n: &NewIssue) -> Result<JournalIssue> {
        if !info_rules::is_editor(&p.user.roles) {
            return Err(AppError::Denied("期刊由信息科编辑。".into()));
        }
        let year = n.year.unwrap_or_else(|| self.today().year());
        if !(2000..=2100).contains(&year) {
            return Err(Invalid::field("year", "年份应在2000到2100之间。").into());
        }
        let title = text::optional("title", "本期标题", &n.title, 100)?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let journal = store::journal(&mut tx, &n.journal_id)
            .await?
            .filter(|j| j.active)
            .ok_or_else(|| Invalid::field("journal_id", "请选择期刊。"))?;
        let no = match n.no {
            Some(no) => check_issue_no(no)?,
            None => store::next_no(&mut tx, &journal.id, year).await?,
        };
        let distribution = match &n.distribution {
            Some(d) => text::multiline("distribution", "报送范围", d, 500)?,
            None => journal.distribution.clone(),
        };
        let issue = JournalIssue {
            id: zs_domain::new_id(),
            journal_id: journal.id.clone(),
            year,
            no,
            title,
            state: IssueState::Editing,
            distribution,
            created_by: p.user.id.clone(),
            sign_off: None,
            note: String::new(),
            created_ms: now,
            updated_ms: now,
        };
        let taken = || {
            AppError::Conflict(format!(
                "《{}》{}已经编过，期号不能重复使用；下一个可用期号请留空由系统编排。",
                journal.name,
                issue.label()
            ))
        };
        match store::insert_issue(&mut tx, &issue).await {
            Ok(()) => {}
            Err(e) if e.is_unique_violation() => return Err(taken()),
            Err(e) => return Err(e.into()),
        }
        let detail = format!("编辑《{}》{}", journal.name, issue.label());
        record(&mut tx, &p.actor(), "affairs.issue.create", "journal_issue", &issue.id, &detail, now).await?;
        tx.commit().await?;
        Ok(issue)
    }

    async fn load_issue(
        &self,
        c: &mut impl zs_store::Exec,
        p: &Principal,
        id: &str,
    ) -> Result<(JournalIssue, Journal)> {
        check_viewer(p)?;
        let issue = store::issue(c, id).await?.ok_or_else(not_found)?;
        let journal = store::journal(c, &issue.journal_id).await?.ok_or_else(not_found)?;
        Ok((issue, journal))
    }

    /// An issue's page.
    pub async fn journal_issue(&self, p: &Principal, id: &str) -> Result<IssueView> {
        let mut c = self.db.conn().await?;
        let (issue, journal) = self.load_issue(&mut c, p, id).await?;
        let names = self.unit_names().await?;
        let name = |u: &str| names.get(u).cloned().unwrap_or_default();
        let placed = store::issue_items(&mut c, id).await?;
        let ps = rules::parties(&p.user.roles);
        let actions: Vec<IssueAct> =
            available(ISSUE_FLOW, issue.state, &ps).into_iter().filter(|a| *a != IssueAct::Edit).collect();
        let may_edit = step(ISSUE_FLOW, issue.state, IssueAct::Edit, &ps).is_ok();
        let candidates = if may_edit {
            let f = items::ItemFilter {
                states: vec![
                    zs_domain::affairs::info::InfoState::Submitted,
                    zs_domain::affairs::info::InfoState::Accepted,
                    zs_domain::affairs::info::InfoState::Published,
                ],
                limit: 100,
                ..Default::default()
            };
            let (list, _) = items::list(&mut c, &f).await?;
            list.into_iter()
                .filter(|i| !placed.iter().any(|x| x.id == i.id))
                .map(|i| {
                    let n = name(&i.unit_id);
                    (i, n)
                })
                .collect()
        } else {
            Vec::new()
        };
        let items = placed
            .into_iter()
            .map(|i| {
                let n = name(&i.unit_id);
                (i, n)
            })
            .collect();
        Ok(IssueView { issue, journal, items, actions, may_edit, candidates })
    }

    /// Place an item last in an issue being edited; placing it a second time is refused (409).
    pub async fn place_item(&self, p: &Principal, issue_id: &str, item_id: &str) -> Result<InfoItem> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let (issue, journal) = self.load_issue(&mut tx, p, issue_id).await?;
        step(ISSUE_FLOW, issue.state, IssueAct::Edit, &rules::parties(&p.user.roles)).map_err(refused)?;
        let mut item = self.load_info(&mut tx, p, item_id).await?;
        let ps = info_rules::parties(&p.user.roles, &p.user.unit_id, &item.unit_id);
        let state = step(INFO_FLOW, item.state, InfoAct::Place, &ps).map_err(refused)?;
        let label = format!("《{}》{}", journal.name, issue.label());
        let twice = || AppError::Conflict(format!("《{}》已编入{label}，同一期不能重复编入。", item.title));
        if store::placed(&mut tx, issue_id, item_id).await? {
            return Err(twice());
        }
        match store::place(&mut tx, issue_id, item_id).await {
            Ok(()) => {}
            Err(e) if e.is_unique_violation() => return Err(twice()),
            Err(e) => return Err(e.into()),
        }
        if state != item.state {
            let seen = item.updated_ms;
            item.state = state;
            item.note.clear();
            item.updated_ms = now.max(seen + 1);
            if !items::update(&mut tx, &item, seen).await? {
                return Err(concurrent());
            }
            super::info::index(&mut tx, &item).await?;
        }
        let detail = format!("编入{label}");
        self.info_event(&mut tx, p, &item.id, "place", &detail, now).await?;
        self.touch_issue(&mut tx, &issue, now).await?;
        record(
            &mut tx,
            &p.actor(),
            "affairs.issue.place",
            "journal_issue",
            issue_id,
            &format!("《{}》{detail}", item.title),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Take an item out of an issue being edited.
    pub async fn remove_item(&self, p: &Principal, issue_id: &str, item_id: &str) -> Result<()> {
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let (issue, journal) = self.load_issue(&mut tx, p, issue_id).await?;
        step(ISSUE_FLOW, issue.state, IssueAct::Edit, &rules::parties(&p.user.roles)).map_err(refused)?;
        let item = self.load_info(&mut tx, p, item_id).await?;
        let ps = info_rules::parties(&p.user.roles, &p.user.unit_id, &item.unit_id);
        step(INFO_FLOW, item.state, InfoAct::Remove, &ps).map_err(refused)?;
        if store::remove(&mut tx, issue_id, item_id).await? == 0 {
            return Err(AppError::Conflict(format!("《{}》不在本期中。", item.title)));
        }
        let detail = format!("移出《{}》{}", journal.name, issue.label());
        self.info_event(&mut tx, p, &item.id, "remove", &detail, now).await?;
        self.touch_issue(&mut tx, &issue, now).await?;
        record(
            &mut tx,
            &p.actor(),
            "affairs.issue.remove",
            "journal_issue",
            issue_id,
            &format!("《{}》{detail}", item.title),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Mark an issue changed, so a concurrent step on the old contents fails.
    async fn touch_issue(&self, tx: &mut Tx, issue: &JournalIssue, now: i64) -> Result<()> {
        let mut i = issue.clone();
        i.updated_ms = now.max(issue.updated_ms + 1);
        if !store::update_issue(tx, &i, issue.updated_ms).await? {
            return Err(concurrent());
        }
        Ok(())
    }

    /// One step of an issue's review and sign-off. 签发 issues it: its items are 刊发 and score by the journal's
    /// rule, and their units hear of it.
    pub async fn step_issue(&self, p: &Principal, id: &str, s: IssueStep) -> Result<JournalIssue> {
        let now = self.clock_ms();
        let today = self.today();
        let mut tx = self.db.begin().await?;
        let (mut issue, journal) = self.load_issue(&mut tx, p, id).await?;
        let seen = issue.updated_ms;
        let act = s.act();
        issue.state = step(ISSUE_FLOW, issue.state, act, &rules::parties(&p.user.roles)).map_err(refused)?;
        let entries = store::issue_items(&mut tx, id).await?;
        let label = format!("《{}》{}", journal.name, issue.label());
        let detail = match &s {
            IssueStep::Submit => {
                if entries.is_empty() {
                    return Err(Invalid::new("本期还没有编入信息，不能送审核。").into());
                }
                issue.note.clear();
                format!("{label}送审核（{}条信息）", entries.len())
            }
            IssueStep::Approve => format!("{label}审核通过，送签发"),
            IssueStep::Return { reason } => {
                issue.note = text::required("reason", "退回理由", reason, 500)?;
                format!("{label}退回：{}", issue.note)
            }
            IssueStep::SignOff { opinion } => {
                let opinion = text::optional("opinion", "签发意见", opinion, 200)?;
                issue.sign_off = Some(IssueSignOff { name: p.user.name.clone(), date: today, opinion });
                self.publish(&mut tx, p, &issue, &journal, &entries, now).await?;
                format!("{label}签发印发，刊发信息{}条", entries.len())
            }
        };
        issue.updated_ms = now.max(seen + 1);
        if !store::update_issue(&mut tx, &issue, seen).await? {
            return Err(concurrent());
        }
        self.tell_about_issue(&mut tx, &issue, &s, &detail, now).await?;
        record(&mut tx, &p.actor(), &format!("affairs.issue.{}", act.code()), "journal_issue", &issue.id, &detail, now)
            .await?;
        tx.commit().await?;
        Ok(issue)
    }

    /// 印发: every item of the issue is 刊发 and earns the journal's points, fixed now.
    async fn publish(
        &self,
        tx: &mut Tx,
        p: &Principal,
        issue: &JournalIssue,
        journal: &Journal,
        entries: &[InfoItem],
        now: i64,
    ) -> Result<()> {
        let rules = self.score_rules_in(tx).await?;
        let points = rules.points(AdoptionKind::Journal, Level::County, Some(&journal.id));
        let outlet = format!("《{}》{}", journal.name, issue.label());
        for item in entries {
            let mut item = item.clone();
            // The issue's sign-off publishes for the 信息科, whoever signs.
            let state = step(INFO_FLOW, item.state, InfoAct::Publish, &[InfoParty::Editor]).map_err(refused)?;
            if state != item.state {
                let seen = item.updated_ms;
                item.state = state;
                item.updated_ms = now.max(seen + 1);
                if !items::update(tx, &item, seen).await? {
                    return Err(concurrent());
                }
                super::info::index(tx, &item).await?;
            }
            let row = ScoreRow {
                id: zs_domain::new_id(),
                item_id: item.id.clone(),
                unit_id: item.unit_id.clone(),
                kind: AdoptionKind::Journal.code().into(),
                level: Level::County.code().into(),
                journal_id: Some(journal.id.clone()),
                issue_id: Some(issue.id.clone()),
                outlet: outlet.clone(),
                on_date: self.today().format("%Y-%m-%d").to_string(),
                points,
                note: String::new(),
                recorded_by: p.user.name.clone(),
                recorded_ms: now,
            };
            items::insert_score(tx, &row).await?;
            let what = format!("刊发于{outlet}，计{points}分");
            self.info_event(tx, p, &item.id, "publish", &what, now).await?;
            self.tell_author(tx, &item, &format!("您报送的信息已{what}。"), &format!("publish:{}", issue.id)).await?;
        }
        Ok(())
    }

    /// Review goes to the office directors, sign-off to leaders and directors; a return or 印发 to the editor.
    async fn tell_about_issue(
        &self,
        tx: &mut Tx,
        issue: &JournalIssue,
        s: &IssueStep,
        detail: &str,
        now: i64,
    ) -> Result<()> {
        let mut to: Vec<String> = match s {
            IssueStep::Submit => zs_store::org::users_with_role(tx, Role::OfficeDirector).await?,
            IssueStep::Approve => {
                let mut v = zs_store::org::users_with_role(tx, Role::OfficeDirector).await?;
                v.extend(zs_store::org::users_with_role(tx, Role::Leader).await?);
                v
            }
            IssueStep::Return { .. } | IssueStep::SignOff { .. } => vec![issue.created_by.clone()],
        };
        to.retain(|u| !u.is_empty());
        to.sort();
        to.dedup();
        let notice = Notice {
            user_ids: to,
            unit_id: None,
            title: "【信息期刊】".to_string() + detail,
            body: detail.into(),
            href: format!("/affairs/issues/{}", issue.id),
            dedupe: format!("issue:{}:{now}", issue.id),
        };
        self.notify(tx, &notice).await
    }

    /// The issue as PDF in the 简报 layout (unsigned issues carry the 草稿 mark).
    pub async fn issue_pdf(&self, p: &Principal, id: &str) -> Result<(Vec<u8>, String)> {
        let v = self.journal_issue(p, id).await?;
        let date = v.issue.sign_off.as_ref().map(|s| s.date).unwrap_or_else(|| self.today());
        let doc = layout(&v.journal, &v.issue, &v.items, date);
        let r = crate::documents::render::renderer()?;
        let pdf = tokio::task::spawn_blocking(move || r.pdf(&doc))
            .await
            .map_err(|e| AppError::Config(format!("生成PDF失败：{e}")))?
            .map_err(|e| AppError::Invalid(Invalid::new(format!("这一期无法排版：{e}"))))?;
        Ok((pdf.bytes, file_name(&format!("{} {}", v.journal.name, v.issue.label()), "pdf")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zs_domain::affairs::info::{InfoCategory, InfoState};

    fn item(title: &str, body: &str) -> InfoItem {
        InfoItem {
            id: "i".into(),
            unit_id: "u".into(),
            author_id: "a".into(),
            author_name: "张三".into(),
            category: InfoCategory::News,
            title: title.into(),
            body: body.into(),
            state: InfoState::Accepted,
            version: 1,
            commission_id: None,
            submitted_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            submitted_ms: 0,
            updated_ms: 0,
            note: String::new(),
        }
    }

    #[test]
    fn an_issue_lays_out_as_a_journal() {
        let j = Journal {
            id: "j".into(),
            name: "青禾政务信息".into(),
            mark: "青禾政务信息".into(),
            editor: "青禾县人民政府办公室".into(),
            distribution: "市委办公室、市政府办公室".into(),
            active: true,
            created_ms: 0,
        };
        let issue = JournalIssue {
            id: "s".into(),
            journal_id: "j".into(),
            year: 2026,
            no: 12,
            title: String::new(),
            state: IssueState::Editing,
            distribution: j.distribution.clone(),
            created_by: "x".into(),
            sign_off: None,
            note: String::new(),
            created_ms: 0,
            updated_ms: 0,
        };
        let entries = vec![
            (item("青禾镇推进冬季防火", "一、主要做法\n全面排查。"), "青禾镇".to_string()),
            (item("白水镇完成秋粮收储", "收储完成。"), "白水镇".to_string()),
        ];
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let doc = layout(&j, &issue, &entries, d);
        assert_eq!(doc.variant, Variant::Journal);
        assert_eq!(doc.doc_number.as_deref(), Some("2026年第12期"));
        assert!(doc.draft, "unsigned");
        assert_eq!(doc.cc, vec!["市委办公室", "市政府办公室"]);
        let texts: Vec<(u8, &str)> = doc.body.iter().map(|b| (b.level, b.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![
                (1, "一、青禾镇推进冬季防火"),
                (2, "一、主要做法"),
                (0, "全面排查。"),
                (0, "（青禾镇供稿）"),
                (1, "二、白水镇完成秋粮收储"),
                (0, "收储完成。"),
                (0, "（白水镇供稿）"),
            ]
        );
    }
}
