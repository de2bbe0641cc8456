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
            let (n,): (i64,) = zs_store::q(
                "SELECT COUNT(*) FROM units n WHERE n.active = TRUE AND n.kind IN ('department', 'town')
                 AND NOT EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id
                                 WHERE u.unit_id = n.id AND u.active = TRUE AND r.role = 'liaison')",
            )
            .fetch_one(&mut c)
            .await?;
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
