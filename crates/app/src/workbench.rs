//! 工作台: what is waiting for the signed-in person, gathered from every module that exists.

use crate::{App, Principal, Result};
use chrono::Datelike;
use zs_domain::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    /// Which module it comes from (shown as a tag).
    pub module: &'static str,
    pub title: String,
    pub detail: String,
    pub href: String,
    pub urgent: bool,
}

impl App {
    pub async fn workbench(&self, p: &Principal) -> Result<Vec<Todo>> {
        let mut todos = Vec::new();
        if p.must_change_password {
            todos.push(Todo {
                module: "账户",
                title: "修改初始密码".into(),
                detail: "您仍在使用管理员设置的初始密码，请尽快修改。".into(),
                href: "/account".into(),
                urgent: true,
            });
        }
        let today = zs_domain::time::local_date(self.now_ms());
        if p.has(Role::Sysadmin) {
            // The State Council publishes next year's holidays around November.
            let next = today.year() + 1;
            if today.month() >= 11 && self.calendar().year_data(next).is_none() {
                todos.push(Todo {
                    module: "工作日历",
                    title: format!("导入{next}年节假日安排"),
                    detail: format!(
                        "国务院办公厅通知发布后，请导入{next}年放假和调休安排，否则明年的办理时限只按周末计算。"
                    ),
                    href: format!("/calendar?year={next}"),
                    urgent: false,
                });
            }
            let mut c = self.db.conn().await?;
            let n = zs_store::org::units_without_liaison(&mut c).await?;
            if n > 0 {
                todos.push(Todo {
                    module: "组织机构",
                    title: format!("{n}个部门或乡镇尚未设置联络员"),
                    detail: "没有联络员的单位无法签收交办事项和文件。".into(),
                    href: "/users?role=liaison".into(),
                    urgent: false,
                });
            }
        }
        self.document_todos(p, &mut todos).await?;
        self.tracking_todos(p, &mut todos).await?;
        self.meeting_todos(p, &mut todos).await?;
        self.affairs_todos(p, &mut todos).await?;
        let unread = self.unread_count(p).await?;
        if unread > 0 {
            todos.push(Todo {
                module: "通知",
                title: format!("{unread}条未读通知"),
                detail: "交办、提醒和审核结果都会发到这里。".into(),
                href: "/notifications".into(),
                urgent: false,
            });
        }
        if p.has(Role::Auditor) {
            let mut c = self.db.conn().await?;
            let last =
                zs_store::settings::get(&mut c, "audit.last_verified_ms").await?.and_then(|v| v.parse::<i64>().ok());
            let stale = last.is_none_or(|ms| self.now_ms() - ms > 7 * 24 * 3_600_000);
            if stale {
                todos.push(Todo {
                    module: "安全审计",
                    title: "校验审计日志完整性".into(),
                    detail: "超过7天未校验审计链，请执行一次完整性校验。".into(),
                    href: "/audit".into(),
                    urgent: false,
                });
            }
        }
        Ok(todos)
    }
}

impl App {
    /// 办文: documents waiting on the person or their pool, with how many are past 文不过夜.
    async fn document_todos(&self, p: &Principal, todos: &mut Vec<Todo>) -> Result<()> {
        if p.organ_id.is_empty() {
            return Ok(());
        }
        let items = self.inbox(p).await?.todo;
        if items.is_empty() {
            return Ok(());
        }
        use zs_domain::tracking::Warning;
        let late = items.iter().filter(|i| i.warning != Warning::Green).count();
        let urgent = items.iter().filter(|i| i.row.urgency != "normal").count();
        let mut detail = String::new();
        if urgent > 0 {
            detail.push_str(&format!("其中紧急件{urgent}件。"));
        }
        if late > 0 {
            detail.push_str(&format!("{late}件已在您手中超过1个工作日，请尽快办理（文不过夜）。"));
        }
        if detail.is_empty() {
            detail = "请及时办理。".into();
        }
        todos.push(Todo {
            module: "办文",
            title: format!("{}件公文待办", items.len()),
            detail,
            href: "/documents".into(),
            urgent: late > 0 || urgent > 0,
        });
        Ok(())
    }

    /// 督查督办: what waits on this person's unit, on 督查科, and on a responsible leader.
    async fn tracking_todos(&self, p: &Principal, todos: &mut Vec<Todo>) -> Result<()> {
        let mut c = self.db.conn().await?;
        if !p.user.unit_id.is_empty() {
            let (to_sign, warned) = zs_store::tracking::unit_todo_counts(&mut c, &p.user.unit_id).await?;
            if to_sign > 0 {
                todos.push(Todo {
                    module: "督查督办",
                    title: format!("{to_sign}项交办事项待签收"),
                    detail: "请及时签收并按时限办理、反馈。".into(),
                    href: "/tracking?state=assigned".into(),
                    urgent: true,
                });
            }
            if warned > 0 {
                todos.push(Todo {
                    module: "督查督办",
                    title: format!("{warned}项事项临期或逾期"),
                    detail: "请尽快办理并反馈进展，确需延期的请提出延期申请。".into(),
                    href: "/tracking?warned=1".into(),
                    urgent: true,
                });
            }
        }
        if p.has(Role::Supervisor) {
            let (close, ext) = zs_store::tracking::review_counts(&mut c).await?;
            if close > 0 {
                todos.push(Todo {
                    module: "督查督办",
                    title: format!("{close}项申请办结待审核"),
                    detail: "审核办理结果和佐证材料，同意的销号，不同意的退回并说明理由。".into(),
                    href: "/tracking?state=close_requested".into(),
                    urgent: false,
                });
            }
            if ext > 0 {
                todos.push(Todo {
                    module: "督查督办",
                    title: format!("{ext}项延期申请待审核"),
                    detail: "延期申请须在原时限前答复。".into(),
                    href: "/tracking?extension=1".into(),
                    urgent: false,
                });
            }
        }
        if p.has(Role::Leader) {
            let red = zs_store::tracking::leader_red_count(&mut c, &p.user.id).await?;
            if red > 0 {
                todos.push(Todo {
                    module: "督查督办",
                    title: format!("您负责的{red}项督办事项已逾期"),
                    detail: "请督促承办单位办理。".into(),
                    href: "/tracking/board".into(),
                    urgent: true,
                });
            }
        }
        Ok(())
    }
}

impl App {
    /// 办会: 回执 waiting on the person (or, for a 联络员, on their unit), and 纪要 to draft.
    async fn meeting_todos(&self, p: &Principal, todos: &mut Vec<Todo>) -> Result<()> {
        let mut c = self.db.conn().await?;
        let unit = p.has(Role::Liaison).then_some(p.user.unit_id.as_str());
        let pending = zs_store::meetings::pending_rsvps(&mut c, &p.user.id, unit, self.clock_ms()).await?;
        if pending > 0 {
            todos.push(Todo {
                module: "办会",
                title: format!("{pending}个会议待填报回执"),
                detail: "请在回执截止时间前填报参会、请假或代会。".into(),
                href: "/meetings".into(),
                urgent: true,
            });
        }
        if crate::meetings::may_organize(p) {
            let n = zs_store::meetings::awaiting_minutes(&mut c, &p.organ_id).await?;
            if n > 0 {
                todos.push(Todo {
                    module: "办会",
                    title: format!("{n}个会议待起草纪要"),
                    detail: "会议已结束，请起草会议纪要并将议定事项转为督办事项。".into(),
                    href: "/meetings?when=past".into(),
                    urgent: false,
                });
            }
        }
        Ok(())
    }
}

impl App {
    /// 办事: items waiting for the 信息科, returned items for their unit, issues for review and sign-off,
    /// reception plans for approval and 接待清单 for a signature.
    async fn affairs_todos(&self, p: &Principal, todos: &mut Vec<Todo>) -> Result<()> {
        let mut c = self.db.conn().await?;
        let mut add = |title: String, detail: &str, href: &str, urgent: bool| {
            todos.push(Todo { module: "办事", title, detail: detail.into(), href: href.into(), urgent })
        };
        if p.has(Role::InfoEditor) {
            let (waiting, urgent) = zs_store::affairs::info::waiting_count(&mut c).await?;
            if waiting > 0 {
                let title = if urgent > 0 {
                    format!("{waiting}条信息待审核，其中紧急信息{urgent}条")
                } else {
                    format!("{waiting}条信息待审核")
                };
                add(title, "录用、退回或不采用，录用的编入期刊。", "/affairs/info?state=submitted", urgent > 0);
            }
        }
        if p.has(Role::Liaison) && !p.user.unit_id.is_empty() {
            let n = zs_store::affairs::info::returned_count(&mut c, &p.user.unit_id).await?;
            if n > 0 {
                add(format!("{n}条信息被退回"), "按信息科意见修改后重新报送。", "/affairs/info?state=returned", false);
            }
        }
        let directs = p.has(Role::OfficeDirector);
        if directs || p.has(Role::Leader) {
            let (review, sign) = zs_store::affairs::journals::waiting_counts(&mut c).await?;
            if directs && review > 0 {
                add(format!("{review}期信息期刊待审核"), "审核后送签发。", "/affairs/journals", false);
            }
            if sign > 0 {
                add(format!("{sign}期信息期刊待签发"), "签发后即印发，所刊信息计分。", "/affairs/journals", false);
            }
        }
        if directs {
            let (pending, lists) = zs_store::affairs::reception::waiting_counts(&mut c).await?;
            if pending > 0 {
                add(
                    format!("{pending}个公务接待计划待审批"),
                    "不符合规定的计划不能批准。",
                    "/affairs/receptions?state=pending",
                    false,
                );
            }
            if lists > 0 {
                add(
                    format!("{lists}份接待清单待负责人签字"),
                    "核对实际接待情况后签字。",
                    "/affairs/receptions?state=received",
                    false,
                );
            }
        }
        Ok(())
    }
}
