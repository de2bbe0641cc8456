//! Page models and their askama templates. Everything a template shows is prepared here, in
//! Chinese, so templates only lay it out.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use zs_app::Principal;
use zs_domain::{decide, Action};

/// Render a template, or a plain 500 if the template itself fails.
pub fn html<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(s) => Html(s).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "页面生成失败，请联系系统管理员。").into_response()
        }
    }
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// What the layout needs on every signed-in page.
pub struct Ctx {
    pub user_name: String,
    pub unit_name: String,
    pub roles: String,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    pub notice: Option<&'static str>,
    pub banner: Option<&'static str>,
}

/// Success notices shown after a redirect (`?ok=code`); fixed texts so a link cannot plant words.
pub fn notice(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "saved" => "已保存。",
        "created" => "已新建。",
        "password" => "密码已修改，其他设备上的登录已退出。",
        "revoked" => "令牌已撤销。",
        "loaded" => "节假日安排已导入，办理时限将按新安排计算。",
        "clearance" => "知悉级别已修改。",
        "roles" => "角色已修改。",
        "step" => "已办理。",
        "filed" => "已归档。",
        _ => return None,
    })
}

impl Ctx {
    pub fn new(p: &Principal, path: &str, ok: Option<&str>, banner: bool) -> Ctx {
        let s = &p.subject;
        let mut nav = vec![
            ("/", "工作台"),
            ("/documents", "办文"),
            ("/tracking", "督查督办"),
            ("/proof", "校对"),
            ("/users", "通讯录"),
            ("/calendar", "工作日历"),
        ];
        // 办会: everyone has meetings they are asked to; 会务 also runs them.
        nav.insert(3, ("/meetings", "办会"));
        // 办事 (信息报送, 公务接待): everyone with a working role reports or hosts; the 三员 alone do not.
        if s.roles.iter().any(|r| !r.is_admin_triad()) {
            nav.insert(4, ("/affairs", "办事"));
        }
        if decide(s, &Action::ManageArchive).allowed() {
            nav.push(("/archive", "档案室"));
        }
        nav.push(("/notifications", "通知"));
        if decide(s, &Action::ManageOrg).allowed() {
            nav.push(("/units", "组织机构"));
            nav.push(("/import", "批量导入"));
        }
        if decide(s, &Action::ManageSettings).allowed() {
            nav.push(("/outbox", "消息发送"));
        }
        if decide(s, &Action::ManageClearance).allowed() {
            nav.push(("/security", "密级管理"));
        }
        if decide(s, &Action::ReadAudit).allowed() {
            nav.push(("/audit", "审计日志"));
        }
        nav.push(("/account", "我的账户"));
        nav.push(("/api/v1/docs", "接口文档"));
        let nav = nav
            .into_iter()
            .map(|(href, label)| NavItem {
                href,
                label,
                active: if href == "/" { path == "/" } else { path.starts_with(href) },
            })
            .collect();
        Ctx {
            user_name: p.user.name.clone(),
            unit_name: p.unit_name.clone(),
            roles: p.user.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join("、"),
            csrf: p.session.as_ref().map(|s| s.csrf.clone()).unwrap_or_default(),
            nav,
            notice: notice(ok),
            banner: banner.then_some(zs_domain::classification::BANNER),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub message: String,
    pub rows: Vec<zs_app::RowError>,
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub error: Option<String>,
    pub csrf: String,
    pub username: String,
    pub banner: &'static str,
}

impl LoginPage {
    pub fn new(error: Option<String>, csrf: String) -> LoginPage {
        LoginPage { error, csrf, username: String::new(), banner: zs_domain::classification::BANNER }
    }
}
