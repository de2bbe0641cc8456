//! 办会 pages: meetings (list, form, page, one step handler, 回执, agenda, materials, decisions, the
//! notice as PDF), sign-in (door screen with its QR code, the attendee's sign-in, the live list),
//! rooms, speeches turned into tasks, and the 精文简会 burden view.

mod burden;
mod checkin;
mod meeting;
mod qr;
mod rooms;
mod speeches;

use super::org::Opt;
use axum::Router;
use zs_app::App;

pub fn routes() -> Router<App> {
    Router::new()
        .merge(meeting::routes())
        .merge(checkin::routes())
        .merge(rooms::routes())
        .merge(speeches::routes())
        .merge(burden::routes())
}

/// Units as options, indented by depth, active ones only.
async fn unit_options(app: &App, selected: &[String]) -> Result<Vec<Opt>, crate::error::WebError> {
    let tree = app.unit_tree().await?;
    Ok(tree
        .iter()
        .filter(|n| n.unit.active)
        .map(|n| Opt {
            value: n.unit.id.clone(),
            label: format!("{}{}", "　".repeat(n.depth), n.unit.name),
            selected: selected.contains(&n.unit.id),
        })
        .collect())
}
