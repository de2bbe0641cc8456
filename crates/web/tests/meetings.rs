//! 办会 over HTTP, on both backends: the meeting form (a taken room refused with 409, the form kept
//! and the free periods shown), the notice and its PDF, 回执 through the page (a late one refused),
//! the door screen with its QR code, sign-in (wrong and reused codes refused), the live list,
//! decisions, the 纪要 and the tracked items; speeches through the form and the API; the burden page,
//! its caps and export; the API and its OpenAPI document.

#[macro_use]
mod support;

use chrono::NaiveDateTime;
use reqwest::StatusCode;
use serde_json::json;
use support::*;
use zs_store::Backend;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

async fn server(b: Backend) -> Server {
    let s = Server::start_with(b, |c| c.test_clock = true).await;
    s.app.set_test_time(at("2026-11-23 10:00")).unwrap();
    s
}

/// The first `data-invitee` row whose text contains `name`: the invitee's id.
fn invitee_id(page: &str, name: &str) -> String {
    page.split("<tr data-invitee=\"")
        .skip(1)
        .find(|row| row.split("</tr>").next().unwrap_or("").contains(name))
        .and_then(|row| row.split('"').next())
        .unwrap_or_else(|| panic!("no invitee {name}"))
        .to_string()
}

both!(a_meeting_through_pages_and_api, |b: Backend| async move {
    let s = server(b).await;
    let huiwu = s.sign_in("huiwu").await;
    let xz01 = s.sign_in("xz01").await;
    let changwu = s.sign_in("changwu").await;

    // A room, then the meeting through the form.
    let r = huiwu
        .post(
            "/meetings/rooms",
            &[("name", "常务会议室"), ("location", "三楼"), ("capacity", "30"), ("equipment", "投影仪")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let rooms = huiwu.get_json("/api/v1/rooms").await;
    let room = rooms.as_array().unwrap().iter().find(|r| r["name"] == "常务会议室").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let chair = huiwu.user_id("xianzhang").await;
    let changwu_id = huiwu.user_id("changwu").await;
    let town = huiwu.unit_id("青禾镇").await;
    let form = |title: &'static str, start: &'static str, end: &'static str| {
        vec![
            ("kind", "standing".to_string()),
            ("title", title.to_string()),
            ("host", "青禾县人民政府".to_string()),
            ("room_id", room.clone()),
            ("date", "2026-11-25".to_string()),
            ("start", start.to_string()),
            ("end", end.to_string()),
            ("rsvp_due", "2026-11-24T17:00".to_string()),
            ("chair_id", chair.clone()),
            ("present_user_id", changwu_id.clone()),
            ("present_unit_id", town.clone()),
            ("agenda_text", "研究农村公路冬季养护工作\n研究冬春森林防火工作".to_string()),
        ]
    };
    let f = form("县政府第12次常务会议", "09:00", "11:00");
    let r = huiwu.post("/meetings", &f.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let path = r.location().unwrap().split('?').next().unwrap().to_string();
    let id = path.rsplit('/').next().unwrap().to_string();

    // The overlapping one: 409, the form again with what was typed, the reason and the free periods.
    let f2 = form("专题会议", "10:00", "12:00");
    let r = huiwu.post("/meetings", &f2.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.alert().contains("已被“县政府第12次常务会议”占用"), "{}", r.alert());
    let page = r.text();
    assert!(page.contains("value=\"专题会议\""), "what was typed is kept");
    assert!(page.contains("free-slots") && page.contains("11:00—21:00"), "the free periods are offered");
    let api = huiwu
        .post_json(
            "/api/v1/meetings",
            &json!({"kind": "topical", "title": "专题会议", "host": "青禾县人民政府", "room_id": room, "date": "2026-11-25",
                    "start": "10:30", "end": "11:30", "chair_id": chair, "present_unit_id": [town]}),
            true,
        )
        .await;
    assert_eq!(api.status, StatusCode::CONFLICT, "{}", api.text());
    assert!(api.api_error().contains("当天可用时段"), "{}", api.api_error());
    assert_eq!(huiwu.get_json("/api/v1/meetings?q=专题会议").await["total"], 0);

    // The page and the notice.
    let page = huiwu.get(&path).await.text();
    assert!(page.contains("发送会议通知") && page.contains("研究冬春森林防火工作"));
    assert_eq!(xz01.get(&path).await.status, StatusCode::OK, "the town asked sees it");
    assert_eq!(s.sign_in("xz02").await.get(&path).await.status, StatusCode::NOT_FOUND, "another town does not");
    let r = xz01.post(&format!("{path}/step"), &[("act", "notify")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.alert());
    let r = huiwu.post(&format!("{path}/step"), &[("act", "notify")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let pdf = huiwu.get(&format!("{path}/notice.pdf")).await;
    assert_eq!((pdf.status, pdf.content_type()), (StatusCode::OK, "application/pdf"));
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert!(xz01.get("/").await.text().contains("个会议待填报回执"), "the town's 工作台");

    // 回执 through the page: the town names who comes; 常务副县长 asks for leave.
    let page = xz01.get(&path).await.text();
    let seat = invitee_id(&page, "青禾镇");
    let r = xz01.post(&format!("{path}/rsvp"), &[("invitee_id", &seat), ("answer", "attend")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a unit names who comes");
    assert!(r.alert().contains("参会人员"), "{}", r.alert());
    let r = xz01
        .post(
            &format!("{path}/rsvp"),
            &[("invitee_id", &seat), ("answer", "attend"), ("name", "马静怡"), ("post", "镇长")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let mine = invitee_id(&changwu.get(&path).await.text(), "常务副县长");
    let r = changwu
        .post_json(
            &format!("/api/v1/meetings/{id}/rsvp"),
            &json!({"invitee_id": mine, "answer": "leave", "reason": "赴市开会"}),
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["answer"], "leave");
    s.app.set_test_time(at("2026-11-24 18:00")).unwrap();
    let r = changwu.post(&format!("{path}/rsvp"), &[("invitee_id", &mine), ("answer", "attend")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.alert().contains("回执截止时间"), "{}", r.alert());
    let detail = huiwu.get_json(&format!("/api/v1/meetings/{id}")).await;
    let answers: Vec<&str> =
        detail["invitees"].as_array().unwrap().iter().map(|i| i["answer"].as_str().unwrap_or("")).collect();
    assert_eq!(answers, vec!["leave", "attend"], "the late answer changed nothing");

    // The door screen, sign-in by code (wrong, right, again), the clerk's sign-in, the live list.
    s.app.set_test_time(at("2026-11-25 08:45")).unwrap();
    let door = huiwu.get(&format!("{path}/door")).await;
    assert_eq!(door.status, StatusCode::OK);
    let door = door.text();
    assert!(door.contains("<svg") && door.contains("签到二维码"), "a QR code");
    let code = between(&door, "class=\"door-digits\" aria-label=\"签到码\">", "<").unwrap().to_string();
    assert_eq!(code.len(), 6);
    assert_eq!(xz01.get(&format!("{path}/door")).await.status, StatusCode::FORBIDDEN, "the door screen is 会务's");
    let landing = xz01.get(&format!("{path}/checkin?code={code}")).await.text();
    assert!(landing.contains(&format!("value=\"{code}\"")), "scanning fills the code in, and changes nothing yet");
    let r = xz01.post(&format!("{path}/checkin"), &[("code", "99999x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.alert().contains("签到码不正确"), "{}", r.alert());
    let r = xz01.post(&format!("{path}/checkin"), &[("code", &code)]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("签到成功"), "{}", r.text());
    let r = xz01.post_json(&format!("/api/v1/meetings/{id}/checkin"), &json!({"code": code}), true).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "reused: {}", r.text());
    let r = huiwu.post(&format!("{path}/checkin/{mine}"), &[("name", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let live = huiwu.get(&format!("{path}/attendance/live")).await.text();
    assert!(live.contains("hx-trigger=\"every 5s\"") && live.contains("已签到 2"), "{live}");
    let att = huiwu.get_json(&format!("/api/v1/meetings/{id}/attendance")).await;
    assert_eq!((att["present"].as_u64(), att["absent"].as_u64()), (Some(2), Some(0)));

    // After the meeting: two decisions, the 纪要, the tracked items.
    s.app.set_test_time(at("2026-11-25 11:30")).unwrap();
    let r = huiwu.post_json(&format!("/api/v1/meetings/{id}/steps"), &json!({"act": "close"}), true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let lead = huiwu.unit_id("县交通运输局").await;
    let r = huiwu
        .post(
            &format!("{path}/decisions"),
            &[
                ("text", "完成农村公路冬季养护"),
                ("lead_unit_id", &lead),
                ("owner_name", "王局长"),
                ("due", "2026-12-04"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let r = huiwu
        .post(
            &format!("{path}/decisions"),
            &[("text", "开展森林防火排查"), ("lead_unit_id", &town), ("due", "2026-11-29")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a Sunday");
    assert!(r.alert().contains("不是工作日"), "{}", r.alert());
    let r = huiwu
        .post_json(
            &format!("/api/v1/meetings/{id}/decisions"),
            &json!({"text": "开展森林防火排查", "lead_unit_id": town, "due": "2026-12-11"}),
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = huiwu.post(&format!("{path}/step"), &[("act", "minutes")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let doc_path = r.location().unwrap().split('?').next().unwrap().to_string();
    assert!(doc_path.starts_with("/documents/"));
    let doc = huiwu.get(&doc_path).await.text();
    assert!(doc.contains("县政府第12次常务会议纪要") && doc.contains("完成农村公路冬季养护"), "the 纪要 in 办文");
    let r = huiwu
        .post_json(&format!("/api/v1/meetings/{id}/steps"), &json!({"act": "track", "cycle": "weekly"}), true)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let items = r.json()["items"].clone();
    assert_eq!(items.as_array().unwrap().len(), 2);
    assert!(items.as_array().unwrap().iter().all(|i| i["kind"] == "meeting_decision" && i["source_id"] == id.as_str()));
    let item = items[0]["id"].as_str().unwrap();
    let page = huiwu.get(&format!("/tracking/{item}")).await.text();
    assert!(page.contains(&format!(r#"<a href="/meetings/{id}">"#)), "the item links back to its meeting");
    let r = huiwu.post(&format!("{path}/step"), &[("act", "track")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "nothing left to track");
});

both!(speeches_burden_and_the_api_document, |b: Backend| async move {
    let s = server(b).await;
    let ducha = s.sign_in("ducha").await;
    let zhuren = s.sign_in("zhuren").await;
    let xz01 = s.sign_in("xz01").await;

    // A speech pasted without numbered points: 422 with the reason, the text kept in the form.
    let flat = "同志们：今天的会开得很好。大家要抓好落实。";
    let r = ducha.post_json("/api/v1/speeches", &json!({"title": "一段话", "text": flat}), true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.api_error().contains("没有识别出讲话提纲"), "{}", r.api_error());
    let speech = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus/speeches/training-opening-speech.txt"
    ))
    .unwrap();
    let r = ducha.upload("/speeches", "开班讲话.txt", "text/plain", &speech).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let spath = r.location().unwrap().split('?').next().unwrap().to_string();
    let page = ducha.get(&spath).await.text();
    assert!(page.contains("讲话提纲") && page.contains("name=\"pick\""), "outline and requirements to pick");
    let sid = spath.rsplit('/').next().unwrap();
    let detail = ducha.get_json(&format!("/api/v1/speeches/{sid}")).await;
    assert!(!detail["points"].as_array().unwrap().is_empty());
    let keys: Vec<String> =
        detail["requirements"].as_array().unwrap().iter().map(|r| r["key"].as_str().unwrap().to_string()).collect();
    assert!(keys.len() >= 2);
    let town = ducha.unit_id("青禾镇").await;
    // The form sends one row per requirement; two are ticked.
    let mut fields: Vec<(&str, String)> =
        vec![("pick", keys[0].clone()), ("pick", keys[1].clone()), ("cycle", "once".into())];
    for k in &keys {
        fields.extend([
            ("key", k.clone()),
            ("title", String::new()),
            ("lead_unit_id", town.clone()),
            ("owner_name", "马静怡".into()),
            ("due", "2026-12-04".into()),
        ]);
    }
    let r =
        ducha.post(&format!("{spath}/items"), &fields.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let detail = ducha.get_json(&format!("/api/v1/speeches/{sid}")).await;
    let made = detail["requirements"].as_array().unwrap().iter().filter(|r| r["item_id"].is_string()).count();
    assert_eq!(made, 2);
    assert_eq!(xz01.get(&spath).await.status, StatusCode::FORBIDDEN, "speeches are the office's");

    // The burden page, its caps and export.
    let page = zhuren.get("/burden?year=2026").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.alert());
    assert!(page.text().contains("<svg") && page.text().contains("发文发会单位"));
    assert_eq!(xz01.get("/burden").await.status, StatusCode::FORBIDDEN);
    let r = ducha.post("/burden/caps", &[("year", "2026"), ("meetings", "12")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "caps are the office director's");
    let r = zhuren.post("/burden/caps", &[("year", "2026"), ("meetings", "abc")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = zhuren
        .http
        .put(format!("{}/api/v1/burden/caps", s.base))
        .header("X-CSRF-Token", &zhuren.csrf)
        .json(&json!({"year": 2026, "meetings": 12, "documents": ""}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["caps"], json!([null, 12, null, null, null]));
    let x = ducha.get("/burden/export.xlsx?year=2026").await;
    assert_eq!(x.status, StatusCode::OK);
    assert!(x.content_type().contains("spreadsheetml"));

    // Meetings in the API description.
    let spec = zhuren.get_json("/api/v1/openapi.json").await;
    for p in ["/api/v1/meetings", "/api/v1/meetings/{id}/checkin", "/api/v1/speeches", "/api/v1/burden"] {
        assert!(spec["paths"][p].is_object(), "{p} documented");
    }
});
