//! 办文 over HTTP, on both backends: the draft form and its refusals, steps through the page handler
//! and the API, version comparison, 登记 with a distribution list, delivery into a town's inbox,
//! attachments (and the upload limit), need-to-know, and the OpenAPI document.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::*;
use zs_store::Backend;

/// The draft form as the drafter fills it.
fn draft_form(title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("doc_type", "notice".into()),
        ("title", title.into()),
        ("to", "各乡镇人民政府：".into()),
        ("body", "为做好冬季防火工作，现通知如下。\n一、提高认识\n各乡镇要在12月5日前完成排查。".into()),
        ("attachments_text", "1. 重点区域名单".into()),
        ("urgency", "urgent".into()),
    ]
}

fn pairs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

both!(a_notice_through_pages_and_api, |b: Backend| async move {
    let s = Server::start_with(b, |c| c.max_body_bytes = 256 * 1024).await;
    let mishu = s.sign_in("mishu").await;
    let codes = mishu.get_json("/api/v1/agency-codes").await;
    let code = codes.as_array().unwrap().iter().find(|c| c["code"] == "青政办发").expect("demo code")["id"]
        .as_str()
        .unwrap()
        .to_string();

    // The form: a missing title is refused in Chinese and nothing is created.
    let mut f = draft_form("");
    f.push(("agency_code_id", code.clone()));
    let r = mishu.post("/documents", &pairs(&f)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.alert().contains("请填写标题"), "{}", r.alert());
    let f: Vec<_> = draft_form("青禾县人民政府办公室关于做好冬季森林防火工作的通知")
        .into_iter()
        .chain([("agency_code_id", code.clone())])
        .collect();
    let r = mishu.post("/documents", &pairs(&f)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let path = r.location().unwrap().split('?').next().unwrap().to_string();
    let id = path.rsplit('/').next().unwrap().to_string();
    let r = mishu.upload(&format!("{path}/files"), "重点区域名单.txt", "text/plain", "青禾镇林区".as_bytes()).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "the announced attachment: {}", r.alert());
    let page = mishu.get(&path).await.text();
    assert!(page.contains("青禾县人民政府办公室文件") && page.contains("送审核"), "the clean text and the next step");
    assert!(page.contains("class=\"p-body lv1\">一、提高认识"), "headings are recognised");

    // Someone not involved does not even learn it exists.
    let jiedai = s.sign_in("jiedai").await;
    assert_eq!(jiedai.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(jiedai.get(&format!("/api/v1/documents/{id}")).await.status, StatusCode::NOT_FOUND);

    // A save through the API is a new version; the comparison marks the change.
    let detail = mishu.get_json(&format!("/api/v1/documents/{id}")).await;
    assert_eq!(detail["document"]["version"], 1);
    assert_eq!(detail["actions"], json!(["submit", "void"]));
    let mut content = detail["document"]["content"].clone();
    content["body"] = json!("为做好冬季防火工作，现通知如下。\n一、提高认识\n各乡镇要在12月10日前完成排查。");
    let put = mishu
        .http
        .put(format!("{}/api/v1/documents/{id}", s.base))
        .header("X-CSRF-Token", &mishu.csrf)
        .json(&json!({"version": 1, "content": content}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    let cmp = mishu.get(&format!("/documents/{id}/compare?a=1&b=2")).await.text();
    assert!(cmp.contains("<del>1</del>") || cmp.contains("<del>5</del>"), "old characters struck: {cmp}");
    assert!(cmp.contains("<ins>10</ins>") || cmp.contains("<ins>2</ins>"), "new characters marked");
    let api_cmp = mishu.get_json(&format!("/api/v1/documents/{id}/compare?a=1&b=2")).await;
    assert_eq!(api_cmp["new_version"], 2);

    // 送审 through the page; steps the flow does not allow are 409 with the reason.
    let mishu3 = mishu.user_id("mishu3").await;
    let zhuren = mishu.user_id("zhuren").await;
    let r = mishu
        .post(
            &format!("/documents/{id}/step"),
            &[("action", "submit"), ("reviewer_id", &mishu3), ("signer_id", &zhuren)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let r = mishu
        .post_json(&format!("/api/v1/documents/{id}/steps"), &json!({"action": "sign_off", "opinion": "同意"}), true)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    assert!(r.api_error().contains("不能“签发”"), "{}", r.api_error());
    let r = mishu.post_json(&format!("/api/v1/documents/{id}/steps"), &json!({"action": "fly"}), true).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reviewer = s.sign_in("mishu3").await;
    let r = reviewer.post_json(&format!("/api/v1/documents/{id}/steps"), &json!({"action": "to_sign_off"}), true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["state"], "signing_off");
    let signer = s.sign_in("zhuren").await;
    assert!(signer.get("/documents").await.text().contains("签发"), "the signer's inbox");
    let r = signer.post(&format!("/documents/{id}/step"), &[("action", "sign_off"), ("opinion", "同意印发")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());

    // 复核 and 登记 by the 文书: a platform town and a paper recipient with its 份号 range.
    let wenshu = s.sign_in("wenshu").await;
    assert_eq!(
        wenshu.post(&format!("/documents/{id}/step"), &[("action", "recheck")]).await.status,
        StatusCode::SEE_OTHER
    );
    let town = wenshu.unit_id("青禾镇").await;
    let r = wenshu
        .post(
            &format!("/documents/{id}/step"),
            &[
                ("action", "register"),
                ("dist_unit_id", &town),
                ("paper_name", "市人民政府办公室"),
                ("paper_copies", "两份"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a copy count in words is refused");
    let r = wenshu
        .post(
            &format!("/documents/{id}/step"),
            &[
                ("action", "register"),
                ("dist_unit_id", &town),
                ("paper_name", "市人民政府办公室"),
                ("paper_copies", "2"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let page = wenshu.get(&path).await.text();
    assert!(page.contains("青政办发〔2026〕1号"), "the number is allocated at 登记");
    assert!(page.contains("2份（000001—000002）"), "份号 for paper copies");
    for act in ["produce", "dispatch"] {
        let r = wenshu.post(&format!("/documents/{id}/step"), &[("action", act)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{act}: {}", r.alert());
    }

    // The town's liaison finds it in the inbox (page and API) and signs for it.
    let xz01 = s.sign_in("xz01").await;
    let inbox = xz01.get_json("/api/v1/inbox").await;
    let incoming = inbox[0]["document_id"].as_str().expect("delivered into the town's inbox").to_string();
    assert_eq!(inbox[0]["task"], "acknowledge");
    assert!(xz01.get("/documents").await.text().contains("青禾县人民政府办公室关于做好冬季森林防火工作的通知"));
    let r = xz01.post(&format!("/documents/{incoming}/step"), &[("action", "acknowledge")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let sender = wenshu.get(&path).await.text();
    assert!(!sender.contains("未签收"), "the sender sees the town has signed");
    // A town cannot open the sender's own file.
    assert_eq!(xz01.get(&path).await.status, StatusCode::NOT_FOUND);

    // The PDF and the .docx are served with the document's number as their name.
    let pdf = wenshu.get(&format!("{path}/pdf")).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.content_type(), "application/pdf");
    assert!(pdf.bytes.starts_with(b"%PDF-"));
    assert!(pdf.headers["content-disposition"].to_str().unwrap().contains(".pdf"));
    assert!(wenshu.get(&format!("{path}/docx")).await.bytes.starts_with(b"PK"));
    assert_eq!(jiedai.get(&format!("{path}/pdf")).await.status, StatusCode::NOT_FOUND);

    // OpenAPI describes the document endpoints.
    let spec = mishu.get_json("/api/v1/openapi.json").await;
    assert!(spec["paths"]["/api/v1/documents/{id}/steps"]["post"].is_object());
    assert!(spec["components"]["schemas"]["StepInput"].is_object());
});

both!(attachments_are_stored_by_content_and_checked, |b: Backend| async move {
    let s = Server::start_with(b, |c| c.max_body_bytes = 256 * 1024).await;
    let mishu = s.sign_in("mishu").await;
    let r = mishu.post("/documents", &pairs(&draft_form("关于开展安全检查的通知"))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let path = r.location().unwrap().split('?').next().unwrap().to_string();
    let data = "附件：重点区域名单\n青禾镇、白水镇".repeat(100).into_bytes();
    let r = mishu.upload(&format!("{path}/files"), "名单.txt", "text/plain", &data).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let page = mishu.get(&path).await.text();
    let file = between(&page, &format!("href=\"{path}/files/"), "\"").expect("listed").to_string();
    let got = mishu.get(&format!("{path}/files/{file}")).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.bytes, data, "the same bytes come back");
    assert!(got.headers["content-disposition"].to_str().unwrap().contains("filename*=UTF-8''%E5%90%8D%E5%8D%95.txt"));
    // Over the upload limit: a Chinese 413, nothing stored.
    let big = vec![b'x'; 300 * 1024];
    let r = mishu.upload(&format!("{path}/files"), "大文件.pdf", "application/pdf", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", r.text());
    assert!(r.text().contains("超过大小上限"));
    assert_eq!(mishu.get(&path).await.text().matches(&format!("href=\"{path}/files/")).count(), 1);
    // Someone else cannot add files to a draft that is not theirs.
    let mishu2 = s.sign_in("mishu2").await;
    let r = mishu2.upload(&format!("{path}/files"), "x.txt", "text/plain", b"x").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "not involved: not found");
});

both!(an_incoming_is_imported_prefilled_and_registered_with_its_original, |b: Backend| async move {
    let s = Server::start(b).await;
    let wenshu = s.sign_in("wenshu").await;
    // A web copy as clerks paste it: site boilerplate around the document.
    let web =
        "首页 > 政务公开 > 通知公告\n市人民政府办公室关于开展校园安全专项检查的通知\n来源：市政府网  浏览次数：1024\n\
               市政办发〔2026〕33号\n各县（市、区）人民政府，市直各部门：\n为切实加强校园安全工作，决定开展专项检查。\n\
               市人民政府办公室\n2026年11月20日\n【打印本页】【关闭窗口】\n";
    let r =
        wenshu.post_multipart("/documents/incoming/prefill", &[("text", "")], &[("来文.txt", web.as_bytes())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.alert());
    let page = r.text();
    assert!(page.contains("value=\"市政办发〔2026〕33号\""), "文号 prefilled");
    assert!(page.contains("value=\"市人民政府办公室关于开展校园安全专项检查的通知\""), "标题 prefilled");
    assert!(page.contains("value=\"2026-11-20\""), "成文日期 prefilled");
    assert!(page.contains("已去掉网页残留"), "the boilerplate was removed");
    let sha = between(&page, "name=\"original_sha256\" value=\"", "\"").expect("the original is carried").to_string();
    assert_eq!(sha.len(), 64);

    // Registering keeps the original; a file that is neither text nor .docx is refused in Chinese.
    let r = wenshu
        .post(
            "/documents/incoming",
            &[
                ("issuer", "市人民政府办公室"),
                ("doc_number", "市政办发〔2026〕33号"),
                ("doc_type", "notice"),
                ("title", "市人民政府办公室关于开展校园安全专项检查的通知"),
                ("copies", "1"),
                ("original_name", "来文.txt"),
                ("original_sha256", &sha),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let path = r.location().unwrap().split('?').next().unwrap().to_string();
    let page = wenshu.get(&path).await.text();
    assert!(page.contains("来文原件"), "the original is listed");
    let file = between(&page, &format!("href=\"{path}/files/"), "\"").expect("its link").to_string();
    assert_eq!(wenshu.get(&format!("{path}/files/{file}")).await.bytes, web.as_bytes());
    let r = wenshu
        .post_multipart("/documents/incoming/prefill", &[("text", "")], &[("图.png", b"\x89PNG\r\n\x1a\n\0\0binary")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.alert().contains("二进制"), "{}", r.alert());
    let r = wenshu.post_multipart("/documents/incoming/prefill", &[("text", "  ")], &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "nothing to import");
    // The same through the API, the file sent as base64.
    use base64::Engine;
    let body = json!({"file_name": "来文.txt", "file_base64": base64::engine::general_purpose::STANDARD.encode(web)});
    let r = wenshu.post_json("/api/v1/incoming/prefill", &body, true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["doc_number"], "市政办发〔2026〕33号");
    assert_eq!(r.json()["original_sha256"], sha.as_str(), "the same content, the same blob");
    // A liaison of another organ cannot register for the office; a reception officer cannot import.
    let jiedai = s.sign_in("jiedai").await;
    assert_eq!(
        jiedai.post_multipart("/documents/incoming/prefill", &[("text", web)], &[]).await.status,
        StatusCode::FORBIDDEN
    );
});
