//! 检索 and 档案室 over HTTP, on both backends: the header search box and its page with highlighted hits, the
//! search API and its refusals, need-to-know between units, filing from the 档案室 page, the catalogue export,
//! the archive API and 四性检测, and the 档案室 closed to everyone but the archive room.

#[macro_use]
mod support;

use reqwest::StatusCode;
use serde_json::json;
use support::*;
use zs_app::documents::{DocStep, NewDistribution};
use zs_app::{App, Principal};
use zs_domain::document::{Content, DocType};
use zs_store::Backend;

async fn who(app: &App, username: &str) -> Principal {
    let s = app.sign_in(username, PASSWORD, "127.0.0.1", "test").await.unwrap();
    app.session_principal(&s.token, "127.0.0.1").await.unwrap()
}

/// A 发文 of the office from 起草 to 核发, through the use cases (the pages for it are tested elsewhere).
async fn dispatched(app: &App, title: &str) -> String {
    let (mishu, mishu3, zhuren, wenshu) =
        (who(app, "mishu").await, who(app, "mishu3").await, who(app, "zhuren").await, who(app, "wenshu").await);
    let code = app.agency_codes().await.unwrap().into_iter().find(|c| c.code == "青政办发").unwrap().id;
    let content = Content {
        agency_code_id: Some(code),
        title: title.into(),
        to: "各乡镇人民政府：".into(),
        body: "请各乡镇加强督办，按时报送。".into(),
        ..Content::blank(DocType::Notice)
    };
    let id = app.create_draft(&mishu, &content).await.unwrap().id;
    let steps = [
        (&mishu, DocStep::Submit { reviewer_id: mishu3.user.id.clone(), signer_id: zhuren.user.id.clone() }),
        (&mishu3, DocStep::ToSignOff),
        (&zhuren, DocStep::SignOff { opinion: "同意".into(), override_reason: String::new() }),
        (&wenshu, DocStep::Recheck { note: String::new() }),
        (
            &wenshu,
            DocStep::Register {
                distributions: vec![NewDistribution { unit_id: None, name: "县档案馆".into(), copies: 1 }],
                copies: 0,
                pages: 0,
            },
        ),
        (&wenshu, DocStep::Produce),
        (&wenshu, DocStep::Dispatch),
    ];
    for (p, s) in steps {
        app.step_document(p, &id, s).await.unwrap_or_else(|e| panic!("{e}"));
    }
    id
}

both!(search_and_archive_room_over_http, |b: Backend| async move {
    let s = Server::start(b).await;
    let doc = dispatched(&s.app, "青禾县人民政府办公室关于加强督办工作的通知").await;

    // The header's search box leads to the search page; hits are highlighted and link to the record.
    let mishu = s.sign_in("mishu").await;
    let home = mishu.get("/").await.text();
    assert!(home.contains("action=\"/search\""), "a search box in the header");
    assert!(!home.contains("href=\"/archive\""), "no 档案室 for a drafter");
    let page = mishu.get("/search?q=%E7%9D%A3%E5%8A%9E").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains(&format!("/documents/{doc}")), "{html}");
    assert!(html.contains("<mark>督办</mark>"));

    // The API: the same hits, and a Chinese 422 for punctuation only or a query far too long.
    let r = mishu.get_json("/api/v1/search?q=%E7%9D%A3%E5%8A%9E").await;
    assert_eq!(r["items"][0]["record_id"], doc.as_str());
    assert_eq!(r["items"][0]["title_hit"], true);
    let bad = mishu.get("/api/v1/search?q=%EF%BC%8C%E3%80%82").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.api_error().contains("标点"), "{}", bad.api_error());
    // (10,000 characters are refused by the use case too; a URL that long is refused by HTTP clients first.)
    let long = format!("/search?q={}", "%E4%BC%9A".repeat(300));
    let r = mishu.get(&long).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().contains("检索词太长"));
    // A town outside the document's need-to-know finds nothing.
    let xz01 = s.sign_in("xz01").await;
    let r = xz01.get_json("/api/v1/search?q=%E7%9D%A3%E5%8A%9E").await;
    assert_eq!(r["items"].as_array().unwrap().len(), 0);

    // The filters offer information items and units; the pager keeps every filter, the unit included.
    let office = s.app.unit_tree().await.unwrap().into_iter().find(|n| n.unit.code == "BGS").unwrap().unit.id;
    let html =
        mishu.get(&format!("/search?q=%E7%9D%A3%E5%8A%9E&unit_id={office}&state=dispatched&page=2")).await.text();
    assert!(html.contains("name=\"unit_id\"") && html.contains("value=\"info_item\""), "{html}");
    assert!(html.contains("value=\"info_item:urgent\"") && html.contains("value=\"info_item:returned\""));
    assert!(html.contains(&format!("unit_id={office}")), "the pager keeps the unit");
    assert!(html.contains("value=\"document:dispatched\" selected"), "a plain state code selects its option");

    // The archive room: the document waits on 待归档 and is filed from there.
    assert_eq!(mishu.get("/archive").await.status, StatusCode::FORBIDDEN);
    let dangan = s.sign_in("dangan").await;
    let page = dangan.get("/archive").await.text();
    assert!(page.contains("href=\"/archive\""), "the 档案室 in the archivist's navigation");
    assert!(page.contains(&doc), "pending: {page}");
    let draft = s
        .app
        .create_draft(
            &who(&s.app, "mishu").await,
            &Content { title: "关于草稿的通知".into(), ..Content::blank(DocType::Notice) },
        )
        .await
        .unwrap();
    let r = dangan.post("/archive/file", &[("document_id", draft.id.as_str()), ("retention", "Y")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "an unfinished document is not filed");
    let r = dangan.post("/archive/file", &[("document_id", doc.as_str()), ("retention", "X")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = dangan.post("/archive/file", &[("document_id", doc.as_str()), ("retention", "Y")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let list = dangan.get_json("/api/v1/archive/records?year=2026").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["archival_code"], "Z001-WS·2026-Y-BGS-0001");
    let id = list["items"][0]["id"].as_str().unwrap().to_string();
    let detail = dangan.get_json(&format!("/api/v1/archive/records/{id}")).await;
    assert_eq!(detail["files"][0]["role"], "pdf");
    let pdf = dangan.get(&format!("/archive/records/{id}/files/0")).await;
    assert_eq!(pdf.content_type(), "application/pdf");

    // The catalogue exports and 四性检测 from the page and the API.
    let x = dangan.get("/archive/catalogue.xlsx?year=2026").await;
    assert_eq!((x.status, x.content_type()), (StatusCode::OK, XLSX));
    let page = dangan.post("/archive/check", &[("year", "2026")]).await.text();
    assert!(page.contains("四性检测1件，通过1件"), "{page}");
    let r = dangan.post_json("/api/v1/archive/check", &json!({ "year": 2026 }), true).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!((r.json()["checked"].as_i64(), r.json()["failed"].as_i64()), (Some(1), Some(0)));
    let r = mishu.post_json("/api/v1/archive/check", &json!({}), true).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let due = dangan.get("/api/v1/archive/due?from=2030&to=2020").await;
    assert_eq!(due.status, StatusCode::UNPROCESSABLE_ENTITY);

    // An issued journal issue waits beside the documents and is filed the same way.
    let issue = issued_journal(&s.app).await;
    let page = dangan.get("/archive").await.text();
    assert!(page.contains(&format!("/affairs/issues/{issue}")) && page.contains("name=\"issue_id\""), "{page}");
    let pending = dangan.get_json("/api/v1/archive/pending").await;
    assert!(pending
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["kind"] == "journal_issue" && x["issue_id"] == issue.as_str()));
    let r = dangan.post("/archive/file", &[("issue_id", issue.as_str()), ("retention", "D30")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let r = dangan.post_json("/api/v1/archive/records", &json!({ "issue_id": issue }), true).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "filed once only");
    let list = dangan.get_json("/api/v1/archive/records?year=2026").await;
    assert_eq!(list["total"], 2);
    let filed = list["items"].as_array().unwrap().iter().find(|x| x["source_kind"] == "journal_issue").unwrap().clone();
    assert_eq!(filed["archival_code"], "Z001-WS·2026-D30-BGS-0001");
    let page = dangan.get(&format!("/archive/records/{}", filed["id"].as_str().unwrap())).await.text();
    assert!(page.contains(&format!("/affairs/issues/{issue}")), "the 件 links to its issue");
    let r = dangan.post_json("/api/v1/archive/check", &json!({ "year": 2026 }), true).await;
    assert_eq!((r.json()["checked"].as_i64(), r.json()["failed"].as_i64()), (Some(2), Some(0)));
});

/// An issue of 《青禾政务信息》 with one town's item, from 编辑中 to 已印发 through the use cases.
async fn issued_journal(app: &App) -> String {
    use zs_app::affairs::{IssueStep, NewInfo, NewIssue};
    let (xz01, xinxi, zhuren) = (who(app, "xz01").await, who(app, "xinxi").await, who(app, "zhuren").await);
    let news = NewInfo {
        category: zs_domain::affairs::info::InfoCategory::News,
        title: "青禾镇扎实开展冬季森林防火".into(),
        body: "青禾镇组织干部群众开展冬季森林防火隐患排查。".into(),
        commission_id: None,
    };
    let item = app.submit_info(&xz01, &news).await.unwrap().item;
    let journal = app.journals().await.unwrap().into_iter().find(|j| j.name == "青禾政务信息").unwrap().id;
    let issue = app.create_issue(&xinxi, &NewIssue { journal_id: journal, ..Default::default() }).await.unwrap();
    app.place_item(&xinxi, &issue.id, &item.id).await.unwrap();
    for (p, step) in [
        (&xinxi, IssueStep::Submit),
        (&zhuren, IssueStep::Approve),
        (&zhuren, IssueStep::SignOff { opinion: "同意".into() }),
    ] {
        app.step_issue(p, &issue.id, step).await.unwrap();
    }
    issue.id
}
