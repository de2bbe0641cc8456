//! 办事 over HTTP on both backends: the pages and `/api/v1/affairs` for 信息报送 and 公务接待, with the bad input
//! the issue names answered in Chinese with a 4xx and nothing half-written.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::*;
use zs_store::Backend;

fn plan(escorts: i64, letter_no: &str) -> serde_json::Value {
    json!({
        "letter_no": letter_no,
        "visiting_unit": "青川县人民政府办公室",
        "visitors": [{"name": "李明", "unit": "青川县政府办", "position": "副主任"}, {"name": "王芳", "unit": "青川县政府办", "position": "科长"}],
        "purpose": "考察督查督办信息化建设",
        "itinerary_text": "2026-11-25 09:00 县政府办 座谈交流",
        "start_on": "2026-11-25", "end_on": "2026-11-25",
        "guests": 2, "escorts": escorts, "work_meals": 1, "meal_fen": 5000, "menu": "家常菜", "drinks": "茶水",
        "budget_fen": 100000
    })
}

both!(information_items_pages_and_api, |b: Backend| async move {
    let s = Server::start_with(b, |c| c.test_clock = true).await;
    s.app.set_test_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap();
    let xz01 = s.sign_in("xz01").await;
    let xz02 = s.sign_in("xz02").await;
    let xinxi = s.sign_in("xinxi").await;
    let zhuren = s.sign_in("zhuren").await;
    assert!(xz01.get("/").await.text().contains("href=\"/affairs\""), "办事 in the navigation");

    // A town submits through the form; the item page shows the proofreader's advice.
    let r = xz01
        .post(
            "/affairs/info",
            &[("category", "news"), ("title", "青禾镇开展冬季防火"), ("body", "全镇排查林区12处,整改隐患3处。")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let page_url = r.location().unwrap().split('?').next().unwrap().to_string();
    let id = page_url.rsplit('/').next().unwrap().to_string();
    let page = xz01.get(&page_url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("校对意见") && page.text().contains("撤回"), "findings and the unit's step");
    assert_eq!(xz02.get(&page_url).await.status, StatusCode::NOT_FOUND, "another town");
    let r = xz01.post("/affairs/info", &[("category", "news"), ("title", " "), ("body", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.alert().contains("标题"), "{}", r.alert());
    let r = xz01.post("/affairs/info", &[("category", "gossip"), ("title", "t"), ("body", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // The 信息科 edits over the API; the town compares the versions on its page.
    let r = xinxi.http.put(format!("{}/api/v1/affairs/info/{id}", s.base)).header("X-CSRF-Token", &xinxi.csrf)
        .json(&json!({"category": "news", "title": "青禾镇“三查三清”抓好冬季防火", "body": "全镇排查林区12处。", "version": 1}))
        .send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cmp = xz01.get(&format!("/affairs/info/{id}/compare?a=1&b=2")).await;
    assert_eq!(cmp.status, StatusCode::OK);
    assert!(cmp.text().contains("<ins>") && cmp.text().contains("三查三清"), "the edit is marked");

    // A journal issue over the API: a reused 期号 and a second placement are 409s, nothing added.
    let journals = xinxi.get_json("/api/v1/affairs/journals").await;
    let journal = journals.as_array().unwrap().iter().find(|j| j["name"] == "青禾政务信息").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = xinxi.post_json("/api/v1/affairs/issues", &json!({"journal_id": journal}), true).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let issue = r.json()["id"].as_str().unwrap().to_string();
    let r = xinxi.post_json("/api/v1/affairs/issues", &json!({"journal_id": journal, "no": 1}), true).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.api_error().contains("期号不能重复"), "{}", r.api_error());
    let r = xinxi.post_json(&format!("/api/v1/affairs/issues/{issue}/items"), &json!({"item_id": id}), true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = xinxi.post_json(&format!("/api/v1/affairs/issues/{issue}/items"), &json!({"item_id": id}), true).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.api_error().contains("不能重复编入"));
    assert_eq!(
        xinxi.get_json(&format!("/api/v1/affairs/issues/{issue}")).await["item_ids"].as_array().unwrap().len(),
        1
    );
    assert_eq!(xz01.get(&format!("/api/v1/affairs/issues/{issue}")).await.status, StatusCode::NOT_FOUND);

    // Review and sign-off through the page's one step handler; the PDF is a PDF.
    let r = xz01.post(&format!("/affairs/issues/{issue}/step"), &[("act", "submit")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "a town has no business with issues");
    for (who, act) in [(&xinxi, "submit"), (&zhuren, "approve"), (&zhuren, "sign_off")] {
        let r = who.post(&format!("/affairs/issues/{issue}/step"), &[("act", act), ("opinion", "同意")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{act}: {}", r.alert());
    }
    let r = xinxi.post(&format!("/affairs/issues/{issue}/step"), &[("act", "sign_off")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "already issued");
    let pdf = xinxi.get(&format!("/affairs/issues/{issue}/pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF") && pdf.content_type() == "application/pdf");

    // City adoption over the page; the town sees its points in the score table.
    let r = xinxi
        .post(
            &format!("/affairs/info/{id}/adopt"),
            &[("kind", "adopted"), ("level", "city"), ("outlet", "《青川政务信息》")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let r = xinxi
        .post(
            &format!("/affairs/info/{id}/adopt"),
            &[("kind", "adopted"), ("level", "city"), ("outlet", "x"), ("on", "2027-01-01")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a future date");
    let table = xz01.get_json("/api/v1/affairs/scores?year=2026&quarter=4").await;
    let top = &table.as_array().unwrap()[0];
    assert_eq!(
        (top["unit"].as_str(), top["city"].as_i64(), top["points"].as_i64()),
        (Some("青禾镇"), Some(1), Some(4))
    );
    let page = xz01.get("/affairs/scores?year=2026&quarter=4").await.text();
    assert!(page.contains("2026年第四季度") && page.contains("青禾镇"));
    assert_eq!(xz01.get("/api/v1/affairs/scores?year=2026&quarter=5").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let x = xinxi.get("/affairs/scores.xlsx?year=2026").await;
    assert!(x.status == StatusCode::OK && x.content_type().contains("spreadsheetml"));

    // Rules: a town cannot change them; a bad value is a 422 and nothing changes.
    let r = xz01.post("/affairs/rules", &[("adopted:city", "9")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = xinxi.post("/affairs/rules", &[("adopted:city", "abc")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rules = xinxi.get_json("/api/v1/affairs/score-rules").await;
    assert!(rules.as_array().unwrap().iter().any(|r| r["key"] == "adopted:city" && r["points"] == 3));

    // 约稿 over the API becomes a tracked item the town sees among its to-dos.
    let unit = xinxi.unit_id("青禾镇").await;
    let r = xinxi
        .post_json(
            "/api/v1/affairs/commissions",
            &json!({"topic": "冬季安全生产经验", "unit_ids": [unit], "due": "2026-12-04"}),
            true,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert!(xz01.get("/affairs/commissions").await.text().contains("冬季安全生产经验"));
    let r = xz01
        .post_json("/api/v1/affairs/commissions", &json!({"topic": "x", "unit_ids": [], "due": "2026-12-04"}), true)
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
});

both!(receptions_pages_and_api, |b: Backend| async move {
    let s = Server::start_with(b, |c| c.test_clock = true).await;
    s.app.set_test_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap();
    let jiedai = s.sign_in("jiedai").await;
    let zhuren = s.sign_in("zhuren").await;
    let xz01 = s.sign_in("xz01").await;

    // No 公函 and absurd amounts: Chinese 422s, nothing stored.
    let r = jiedai.post_json("/api/v1/affairs/receptions", &plan(2, ""), true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.api_error().contains("没有公函不得接待"), "{}", r.api_error());
    let mut negative = plan(2, "青川政办函〔2026〕18号");
    negative["meal_fen"] = json!(-1);
    assert_eq!(
        jiedai.post_json("/api/v1/affairs/receptions", &negative, true).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut absurd = plan(2, "青川政办函〔2026〕18号");
    absurd["budget_fen"] = json!(9_000_000_000i64);
    assert!(jiedai.post_json("/api/v1/affairs/receptions", &absurd, true).await.api_error().contains("上限"));
    let r = jiedai.post("/affairs/receptions/standards", &[("meal", "-60"), ("room", "350")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(jiedai.get_json("/api/v1/affairs/receptions").await["total"], 0);

    // Too many escorts: stored as a draft showing the rule; 送审批 refused with the rule, state unchanged.
    let r = jiedai.post_json("/api/v1/affairs/receptions", &plan(4, "青川政办函〔2026〕18号"), true).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_string();
    assert_eq!(r.json()["breaches"][0]["rule"], "escorts");
    let page = jiedai.get(&format!("/affairs/receptions/{id}")).await.text();
    assert!(page.contains("陪餐4人，最多3人") && page.contains("三分之一"), "the breach and its rule on the page");
    let r = jiedai.post_json(&format!("/api/v1/affairs/receptions/{id}/steps"), &json!({"act": "submit"}), true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.api_error().contains("不能送审批"));
    assert_eq!(jiedai.get_json(&format!("/api/v1/affairs/receptions/{id}")).await["state"], "draft");

    // Corrected through the edit form (multipart, no new scan), submitted, approved.
    let form = [
        ("letter_no", "青川政办函〔2026〕18号"),
        ("visiting_unit", "青川县人民政府办公室"),
        ("visitors_text", "李明 青川县政府办 副主任\n王芳 青川县政府办 科长"),
        ("purpose", "考察"),
        ("itinerary_text", "2026-11-25 09:00 县政府办 座谈交流"),
        ("start_on", "2026-11-25"),
        ("end_on", "2026-11-25"),
        ("guests", "2"),
        ("escorts", "2"),
        ("work_meals", "1"),
        ("meal", "50"),
        ("menu", "家常菜"),
        ("budget", "1000"),
    ];
    let r = upload_form(&jiedai, &format!("/affairs/receptions/{id}"), &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let r = jiedai.post(&format!("/affairs/receptions/{id}/step"), &[("act", "submit")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    assert_eq!(
        jiedai.post(&format!("/affairs/receptions/{id}/step"), &[("act", "approve")]).await.status,
        StatusCode::FORBIDDEN
    );
    let r = zhuren.post(&format!("/affairs/receptions/{id}/step"), &[("act", "approve"), ("opinion", "同意")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    assert_eq!(xz01.get(&format!("/affairs/receptions/{id}")).await.status, StatusCode::NOT_FOUND);

    // The 接待清单: recorded, compared, signed; downloadable as PDF and .xlsx.
    let mut actual = plan(3, "");
    actual["other_fen"] = json!(20000);
    let r = jiedai
        .http
        .put(format!("{}/api/v1/affairs/receptions/{id}/list", s.base))
        .header("X-CSRF-Token", &jiedai.csrf)
        .json(&actual)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["differences"][0]["item"], "陪餐人数");
    let r = zhuren.post(&format!("/affairs/receptions/{id}/step"), &[("act", "sign"), ("opinion", "属实")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let page = jiedai.get(&format!("/affairs/receptions/{id}")).await.text();
    assert!(page.contains("清单已签字") && page.contains("负责人签字"));
    let pdf = jiedai.get(&format!("/affairs/receptions/{id}/list.pdf")).await;
    assert!(pdf.status == StatusCode::OK && pdf.bytes.starts_with(b"%PDF"));
    let x = jiedai.get(&format!("/affairs/receptions/{id}/list.xlsx")).await;
    assert!(x.status == StatusCode::OK && x.content_type().contains("spreadsheetml"));

    let st = jiedai.get_json("/api/v1/affairs/reception-stats?year=2026").await;
    assert_eq!(
        (st["by_month"][0]["key"].as_str(), st["by_month"][0]["receptions"].as_i64()),
        (Some("2026-11"), Some(1))
    );
    assert!(jiedai.get("/affairs/receptions/stats?year=2026").await.text().contains("青川县人民政府办公室"));
    assert_eq!(jiedai.get("/affairs/receptions/stats.xlsx?year=2026").await.status, StatusCode::OK);
});

/// The registration form as a browser sends it: multipart, CSRF in the query, no file chosen.
async fn upload_form(b: &Browser, path: &str, fields: &[(&str, &str)]) -> Resp {
    let boundary = "zs-affairs-boundary-5Gq2";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"));
    }
    body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--{boundary}--\r\n"));
    let url = format!("{}{path}?_csrf={}", b.base, b.csrf);
    send(
        b.http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(body),
    )
    .await
}
