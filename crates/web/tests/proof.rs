//! 校对 over HTTP, on both backends: the standalone page and API, the draft editor's findings panel and
//! one-click suggestion, the organisation's data (who may edit it, bad lines by number, effect at once),
//! and 签发 held back by an error until it is dismissed with a reason.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::*;
use zs_store::Backend;

both!(proofreading_pages_api_and_data, |b: Backend| async move {
    let s = Server::start(b).await;
    let mishu = s.sign_in("mishu").await;

    // The standalone page and the API find the same things.
    let text = "坚决拥护以习近平同志为总书记的党中央，各单位要再接再励。";
    let page = mishu.post("/proof", &[("text", text), ("doc_type", "")]).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("以习近平同志为核心的党中央") && html.contains("再接再厉"), "suggestions shown");
    let r = mishu.post_json("/api/v1/proof", &json!({"text": text}), true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let found: Vec<String> =
        r.json()["findings"].as_array().unwrap().iter().map(|f| f["text"].as_str().unwrap().to_string()).collect();
    assert_eq!(found, vec!["以习近平同志为总书记的党中央", "再接再励"]);
    assert_eq!(
        mishu.post_json("/api/v1/proof", &json!({"text": "  "}), true).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = mishu.post_json("/api/v1/proof", &json!({"text": "关于修缮档案馆的报告", "doc_type": "请示"}), true).await;
    assert!(r.text().contains("请示"), "a 标题 not ending in its 文种: {}", r.text());
    let r = mishu.upload("/proof/upload", "讲话.txt", "text/plain", "各单位要再接再励。".as_bytes()).await;
    assert!(r.text().contains("再接再厉"), "an uploaded file is checked");

    // The editor's panel checks the unsaved form; a suggestion comes back applied to the text fields.
    let panel = mishu
        .post(
            "/documents/proof",
            &[("doc_type", "notice"), ("title", "关于开展检查的通知"), ("body", "各单位要再接再励。")],
        )
        .await;
    let html = panel.text();
    let value = between(&html, "name=\"apply\" value=\"", "\"").expect("an apply button").to_string();
    assert_eq!(value, "body|4|8|再接再厉");
    let r = mishu
        .post(
            "/documents/proof/apply",
            &[
                ("apply", &value),
                ("doc_type", "notice"),
                ("title", "关于开展检查的通知"),
                ("body", "各单位要再接再励。"),
            ],
        )
        .await;
    assert_eq!(r.headers["hx-trigger-after-settle"], "proofChanged");
    assert!(r.text().contains(">各单位要再接再厉。</textarea>"), "{}", r.text());
    let stale = mishu
        .post(
            "/documents/proof/apply",
            &[("apply", "body|4|99|x"), ("doc_type", "notice"), ("title", "t"), ("body", "短")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);

    // The organisation's leaders in protocol order: the director edits them; a bad line is refused by
    // number; a liaison may not; the new data applies at once.
    let xz01 = s.sign_in("xz01").await;
    assert_eq!(xz01.post("/proof/data/leaders", &[("text", "王建国|县长")]).await.status, StatusCode::FORBIDDEN);
    let zhuren = s.sign_in("zhuren").await;
    let r = zhuren.post("/proof/data/leaders", &[("text", "王建国|县长\n|常务副县长")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("第2行"), "{}", r.text());
    let r = zhuren.post("/proof/data/leaders", &[("text", "王建国|县长\n李志强|常务副县长")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    assert!(zhuren.get("/proof/data").await.text().contains("李志强|常务副县长"));
    let r = mishu.post_json("/api/v1/proof", &json!({"text": "李志强、王建国同志出席会议。"}), true).await;
    assert!(r.json()["findings"].as_array().unwrap().iter().any(|f| f["class"] == "领导排序"), "{}", r.text());
});

both!(document_findings_through_the_api, |b: Backend| async move {
    let s = Server::start(b).await;
    let mishu = s.sign_in("mishu").await;
    let body = json!({"doc_type": "notice", "title": "关于开展检查的通知", "body": "各单位要再接再励。"});
    let r = mishu.post_json("/api/v1/documents", &body, true).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json()["id"].as_str().unwrap().to_string();
    let found = mishu.get_json(&format!("/api/v1/documents/{id}/findings")).await;
    let typo = found.as_array().unwrap().iter().find(|f| f["text"] == "再接再励").expect("the typo").clone();
    assert_eq!(
        (typo["element"].as_str(), typo["start_char"].as_u64(), typo["blocking"].as_bool()),
        (Some("body"), Some(4), Some(true))
    );
    let dismiss = |reason: &str| json!({"rule": typo["rule"], "text": "再接再励", "reason": reason});
    let r = mishu.post_json(&format!("/api/v1/documents/{id}/findings/dismiss"), &dismiss(""), true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = mishu.post_json(&format!("/api/v1/documents/{id}/findings/dismiss"), &dismiss("引用原话"), true).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text());
    let found = mishu.get_json(&format!("/api/v1/documents/{id}/findings")).await;
    let typo = found.as_array().unwrap().iter().find(|f| f["text"] == "再接再励").unwrap();
    assert_eq!(typo["blocking"], false);
    assert!(typo["dismissed"].as_str().unwrap().contains("引用原话"));
    // Someone not involved may not dismiss anything (the document is not even visible to them).
    let mishu2 = s.sign_in("mishu2").await;
    assert_eq!(
        mishu2.post_json(&format!("/api/v1/documents/{id}/findings/dismiss"), &dismiss("x"), true).await.status,
        StatusCode::NOT_FOUND
    );
});
