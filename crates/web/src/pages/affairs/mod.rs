//! 办事 pages: 信息报送 (items, journals and issues, scores and rules, 约稿) and 公务接待 (receptions, their
//! 接待清单, standards and statistics). Handlers translate HTTP to one use case each.

mod info;
mod journals;
mod reception;

use crate::view::Ctx;
use axum::Router;
use zs_app::{App, Principal};
use zs_domain::affairs::info as info_rules;

pub fn routes() -> Router<App> {
    Router::new()
        .route("/affairs", axum::routing::get(|| async { axum::response::Redirect::to("/affairs/info") }))
        .merge(info::routes())
        .merge(journals::routes())
        .merge(reception::routes())
}

pub struct Tab {
    pub href: &'static str,
    pub label: &'static str,
    pub active: bool,
}

/// The tabs of the 办事 pages this person may use.
pub fn tabs(p: &Principal, active: &str) -> Vec<Tab> {
    let roles = &p.user.roles;
    let mut t = vec![("/affairs/info", "信息报送")];
    if info_rules::sees_all(roles) {
        t.push(("/affairs/journals", "期刊编辑"));
    }
    t.push(("/affairs/scores", "信息计分"));
    t.push(("/affairs/commissions", "约稿"));
    if p.subject.office_member || zs_domain::affairs::reception::may_register(roles) {
        t.push(("/affairs/receptions", "公务接待"));
    }
    t.into_iter().map(|(href, label)| Tab { href, label, active: href == active }).collect()
}

/// Every 办事 page's frame: the layout context with the 办事 navigation entry active.
pub fn frame(app: &App, p: &Principal, ok: Option<&str>) -> Ctx {
    super::ctx(app, p, "/affairs", ok)
}

/// A select option.
pub use super::org::Opt;

/// Options of a coded enum, with one selected.
pub fn options<T: Copy + zs_domain::workflow::Label>(
    all: &[T],
    code: fn(T) -> &'static str,
    selected: &str,
) -> Vec<Opt> {
    all.iter()
        .map(|v| Opt { value: code(*v).into(), label: v.label().into(), selected: code(*v) == selected })
        .collect()
}
