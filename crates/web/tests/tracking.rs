//! 督查督办 over HTTP, on both backends: 立项 through the form (with its refusals), the step handler,
//! access between towns, the board, statistics, notifications, the ledger export and the outbox page.

#[macro_use]
mod support;

use reqwest::StatusCode;
use support::*;
use zs_store::Backend;

both!(tracking_pages_and_their_refusals, |b: Backend| async move {
    let s = Server::start_with(b, |c| c.test_clock = true).await;
    let ducha = s.sign_in("ducha").await;
    let town1 = ducha.unit_id("青禾镇").await;
    let town2 = ducha.unit_id("白水镇").await;
    let form = |due: &'static str| {
        vec![
            ("kind", "supervision"),
            ("source_title", "县长批示"),
            ("title", "冬春农田水利建设"),
            ("requirement", "12月底前完成。"),
            ("due", due),
            ("cycle", "weekly"),
        ]
    };
    // A Saturday that is no makeup day is refused with the next working day offered; nothing is saved.
    let mut f = form("2026-12-05");
    f.push(("lead_unit_id", town1.as_str()));
    let r = ducha.post("/tracking", &f).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.alert().contains("2026年12月7日"), "{}", r.alert());
    assert!(ducha.get("/tracking").await.text().contains("没有符合条件的事项"));

    let mut f = form("2026-12-31");
    f.push(("lead_unit_id", town1.as_str()));
    f.push(("co_unit_id", town2.as_str()));
    let r = ducha.post("/tracking", &f).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let matter = r.location().unwrap().to_string();
    let page = ducha.get(&matter).await.text();
    assert!(page.contains("各单位办理情况") && page.contains("白水镇"), "{page}");

    // A town cannot assign, and sees only its own part.
    let xz01 = s.sign_in("xz01").await;
    let mut f = form("2026-12-31");
    f.push(("lead_unit_id", town1.as_str()));
    assert_eq!(xz01.post("/tracking", &f).await.status, StatusCode::FORBIDDEN);
    let list = xz01.get("/tracking").await.text();
    let part = between(&list, "<td><a href=\"/tracking/", "\"").expect("the town's part is listed").to_string();
    assert!(!list.contains("配合单位"), "a town's list shows its own parts");
    let xz02 = s.sign_in("xz02").await;
    assert_eq!(xz02.get(&format!("/tracking/{part}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        xz02.post(&format!("/tracking/{part}/step"), &[("act", "acknowledge")]).await.status,
        StatusCode::NOT_FOUND
    );

    // Steps through the one handler; out-of-order and unknown steps are refused in Chinese.
    let step = |act: &'static str| vec![("act", act)];
    let r =
        xz01.post(&format!("/tracking/{part}/step"), &[("act", "report"), ("text", "进展"), ("progress", "10")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "report before signing");
    assert!(r.alert().contains("待签收"), "{}", r.alert());
    assert_eq!(xz01.post(&format!("/tracking/{part}/step"), &step("fly")).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(xz01.post(&format!("/tracking/{part}/step"), &step("acknowledge")).await.status, StatusCode::SEE_OTHER);
    let r = xz01
        .post(&format!("/tracking/{part}/step"), &[("act", "report"), ("text", "已完成30%"), ("progress", "abc")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = xz01
        .post(&format!("/tracking/{part}/step"), &[("act", "report"), ("text", "已完成30%"), ("progress", "30")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(xz01.get(&format!("/tracking/{part}")).await.text().contains("已完成30%"));

    // A report may carry evidence (photos, material); it is listed and served to those who see the part.
    let photo = b"\x89PNG\r\n\x1a\n fake photo of the dredged ditch".to_vec();
    let r = xz01
        .post_multipart(
            &format!("/tracking/{part}/step"),
            &[("act", "report"), ("text", "清淤完成，附照片"), ("progress", "50")],
            &[("清淤现场.png", &photo)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let page = xz01.get(&format!("/tracking/{part}")).await.text();
    let before = &page[..page.find("\">清淤现场.png</a>").expect("the evidence is listed")];
    let href = &before[before.rfind("href=\"").expect("its link") + 6..];
    let got = xz01.get(href).await;
    assert_eq!(got.status, StatusCode::OK, "{href}");
    assert!(got.bytes == photo, "the same bytes come back");
    assert_eq!(xz02.get(href).await.status, StatusCode::NOT_FOUND, "another town");
    assert!(ducha.get(&matter).await.text().contains("清淤现场.png"), "the matter lists its parts' evidence");
    let r = xz01.post_multipart(&format!("/tracking/{part}/step"), &[("act", "urge")], &[("x.png", b"x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "only a report or a closure request carries files");

    // The office's views; a town is kept out of them.
    for path in ["/tracking/board", "/tracking/stats", "/tracking/stats?from=2026-01-01&to=2026-12-31"] {
        let r = ducha.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.alert());
    }
    assert!(ducha.get("/tracking/stats").await.text().contains("<svg"));
    assert_eq!(xz01.get("/tracking/board").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        ducha.get("/tracking/stats?from=2026-12-01&to=2026-01-01").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let x = ducha.get("/tracking/export.xlsx").await;
    assert_eq!(x.status, StatusCode::OK);
    assert!(x.content_type().contains("spreadsheetml"));

    // The assignment reached 青禾镇 as a notification; 督查科 heard of the report.
    assert!(xz01.get("/notifications").await.text().contains("冬春农田水利建设"));
    assert!(ducha.get("/notifications").await.text().contains("已完成30%"));
    let admin = s.sign_in("admin").await;
    assert_eq!(admin.get("/outbox").await.status, StatusCode::OK);
    assert_eq!(ducha.get("/outbox").await.status, StatusCode::FORBIDDEN);
});

both!(a_bulletin_draft_from_the_statistics_page, |b: Backend| async move {
    let s = Server::start(b).await;
    let ducha = s.sign_in("ducha").await;
    assert!(ducha.get("/tracking/stats").await.text().contains("生成通报草稿"));
    let r = ducha.post("/tracking/bulletin", &[("period", "this_month")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let doc = ducha.get(r.location().unwrap()).await.text();
    assert!(doc.contains("督查督办事项办理情况的通报") && doc.contains("起草中"), "a 通报 draft in 办文");
    assert_eq!(
        ducha.post("/tracking/bulletin", &[("period", "decade")]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let xz01 = s.sign_in("xz01").await;
    assert_eq!(xz01.post("/tracking/bulletin", &[("period", "this_month")]).await.status, StatusCode::FORBIDDEN);
});

// The same engine through /api/v1: 立项交办, a town signs and reports on its part, the office closes it;
// refusals carry Chinese reasons and the right status; another town cannot see the part.
both!(tracking_through_the_api, |b: Backend| async move {
    use serde_json::json;
    let s = Server::start_with(b, |c| c.test_clock = true).await;
    let ducha = s.sign_in("ducha").await;
    let town1 = ducha.unit_id("青禾镇").await;
    let body = json!({
        "kind": "supervision", "source_title": "县长批示", "title": "冬季供暖保障",
        "requirement": "12月底前完成排查。", "lead_unit_id": town1, "due": "2026-12-31", "cycle": "weekly"
    });
    let bad =
        json!({ "kind": "supervision", "title": "x", "lead_unit_id": town1, "due": "2026-13-01", "cycle": "weekly" });
    let r = ducha.post_json("/api/v1/tracking/items", &bad, true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.api_error().contains("办理时限"), "{}", r.api_error());
    let r = ducha.post_json("/api/v1/tracking/items", &body, true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let created = r.json();
    assert_eq!(created["item"]["state"], "assigned");
    let matter = created["item"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["parts"].as_array().unwrap().len(), 1, "{created}");

    let xz01 = s.sign_in("xz01").await;
    let mine = xz01.get_json("/api/v1/tracking/items?open=1").await;
    let part = mine["items"].as_array().unwrap().iter().find(|i| i["parent_id"] == matter.as_str()).expect("own part");
    let part = part["id"].as_str().unwrap().to_string();

    let xz02 = s.sign_in("xz02").await;
    assert_eq!(xz02.get(&format!("/api/v1/tracking/items/{part}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(xz02.get(&format!("/api/v1/tracking/items/{matter}")).await.status, StatusCode::NOT_FOUND);

    let steps = format!("/api/v1/tracking/items/{part}/steps");
    let r = xz01.post_json(&steps, &json!({"act": "report", "text": "已排查", "progress": "30"}), true).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "report before 签收: {}", r.text());
    let r = xz01.post_json(&steps, &json!({"act": "acknowledge"}), true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.json()["actions"].as_array().unwrap().iter().any(|a| a == "report"));
    let r = xz01.post_json(&steps, &json!({"act": "report", "text": "已排查", "progress": "abc"}), true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = xz01.post_json(&steps, &json!({"act": "request_close", "result": "全部完成"}), true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = xz01.post_json(&steps, &json!({"act": "close"}), true).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "a town does not close its own item");
    let r = ducha.post_json(&steps, &json!({"act": "close", "note": "同意销号"}), true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let done = r.json();
    assert_eq!(done["item"]["state"], "closed");
    let whole = ducha.get_json(&format!("/api/v1/tracking/items/{matter}")).await;
    assert_eq!(whole["item"]["state"], "closed", "the matter rolls up its one part");
    let acts: Vec<&str> = done["events"].as_array().unwrap().iter().map(|e| e["act"].as_str().unwrap()).collect();
    assert_eq!(acts, ["acknowledge", "request_close", "close"], "refused steps left no trace");
    let spec = ducha.get_json("/api/v1/openapi.json").await;
    assert!(spec["paths"]["/api/v1/tracking/items/{id}/steps"]["post"].is_object(), "documented");
});
