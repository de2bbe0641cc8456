//! 整改问题清单 over HTTP, on both backends: the template, the all-or-nothing upload with its row
//! numbers, the ledger page, export, 对账盘点, and a town kept out of all of it.

#[macro_use]
mod support;

use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use support::*;
use zs_app::ledger::IMPORT_HEADERS;
use zs_store::Backend;

const LEDGER: &str = "2026年度组织生活会";

fn enc(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// The import form as a browser sends it: the ledger's name and the file, CSRF in the query.
async fn upload(b: &Browser, name: &str, data: &[u8]) -> Resp {
    let boundary = "zs-ledger-boundary-4k2Jd9";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{name}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"清单.xlsx\"\r\nContent-Type: {XLSX}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let url = format!("{}/ledgers?_csrf={}", b.base, b.csrf);
    send(b.http.post(url).header(CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}")).body(body)).await
}

both!(ledger_pages_import_snapshots_and_refusals, |b: Backend| async move {
    let s = Server::start_with(b, |c| c.test_clock = true).await;
    s.app.set_test_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).unwrap();
    let ducha = s.sign_in("ducha").await;
    let xz01 = s.sign_in("xz01").await;
    assert!(ducha.get("/tracking").await.text().contains("href=\"/ledgers\""), "linked from 督查督办");
    assert!(!xz01.get("/tracking").await.text().contains("href=\"/ledgers\""));
    let r = ducha.get("/ledgers").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().contains("还没有问题清单") && r.text().contains("/ledgers/template.xlsx"));

    // The template as downloaded imports as it is (its examples use existing units and working days).
    let t = ducha.get("/ledgers/template.xlsx").await;
    assert_eq!(t.status, StatusCode::OK);
    assert!(t.content_type().contains("spreadsheetml"));
    let r = upload(&ducha, "模板示例", &t.bytes).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());

    // One bad row among good ones: 422 with its row number, nothing imported.
    let good: &[&str] = &["问题甲", "措施甲", "张三", "", "青禾镇", "白水镇", "2026-12-04", "立行立改", "办结时"];
    let bad = xlsx::workbook(&[
        &IMPORT_HEADERS,
        good,
        &["问题乙", "措施乙", "", "", "青禾镇", "", "2026-12-05", "限期整改", ""],
        &["问题丙", "措施丙", "", "", "无名镇", "", "2026-12-04", "长期坚持", ""],
    ]);
    let r = upload(&ducha, LEDGER, &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text();
    assert!(page.contains("第3行") && page.contains("2026年12月7日"), "{page}");
    assert!(page.contains("第4行") && page.contains("无名镇"), "{page}");
    assert!(!page.contains("第2行"));
    let link = format!("href=\"/ledgers/{}\"", enc(LEDGER));
    assert!(!ducha.get("/ledgers").await.text().contains(&link), "nothing imported");
    let r = upload(&ducha, "  ", &xlsx::workbook(&[&IMPORT_HEADERS, good])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.alert().contains("清单名称"), "{}", r.alert());
    assert_eq!(upload(&ducha, LEDGER, b"not a workbook").await.status, StatusCode::BAD_REQUEST);

    // A good sheet: to the ledger page, one row per problem in the office's columns.
    let sheet = xlsx::workbook(&[
        &IMPORT_HEADERS,
        good,
        &["问题乙", "措施乙", "李四", "", "白水镇", "", "2026-12-31", "长期坚持", "每月"],
    ]);
    let r = upload(&ducha, LEDGER, &sheet).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.alert());
    let to = r.location().unwrap().to_string();
    assert!(to.starts_with(&format!("/ledgers/{}", enc(LEDGER))), "{to}");
    let page = ducha.get(&to).await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = table_rows(&page.text());
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].len(), 11);
    assert_eq!((rows[0][0].as_str(), rows[0][1].as_str(), rows[0][2].as_str()), ("1", "问题甲", "措施甲"));
    assert!(rows[0][5].starts_with("青禾镇") && rows[0][5].contains("白水镇"), "{:?}", rows[0]);
    assert_eq!((rows[1][7].as_str(), rows[1][9].as_str()), ("长期坚持", "待签收"));
    let item = between(&page.text(), "<td><a href=\"/tracking/", "\"").unwrap().to_string();
    assert_eq!(ducha.get(&format!("/tracking/{item}")).await.status, StatusCode::OK);
    let list = ducha.get("/ledgers").await.text();
    assert!(list.contains(&link) && list.contains("模板示例"), "{list}");
    let x = ducha.get(&format!("/ledgers/{}/export.xlsx", enc(LEDGER))).await;
    assert_eq!(x.status, StatusCode::OK);
    assert!(x.content_type().contains("spreadsheetml"));
    assert_eq!(ducha.get("/ledgers/%E6%97%A0").await.status, StatusCode::NOT_FOUND);

    // 对账盘点: two snapshots with a new problem in between.
    let snaps = format!("/ledgers/{}/snapshots", enc(LEDGER));
    assert!(ducha.get(&snaps).await.text().contains("还没有盘点记录"));
    assert_eq!(ducha.post(&snaps, &[("note", "第一次盘点")]).await.status, StatusCode::SEE_OTHER);
    let more = xlsx::workbook(&[&IMPORT_HEADERS, &["问题丙", "", "", "", "青禾镇", "", "2026-12-18", "限期整改", ""]]);
    assert_eq!(upload(&ducha, LEDGER, &more).await.status, StatusCode::SEE_OTHER);
    assert_eq!(ducha.post(&snaps, &[("note", "第二次盘点")]).await.status, StatusCode::SEE_OTHER);
    let page = ducha.get(&snaps).await.text();
    assert!(page.contains("第一次盘点") && page.contains("第二次盘点"), "{page}");
    let select = between(&page, "<select id=\"a\" name=\"a\">", "</select>").unwrap();
    let ids: Vec<&str> = select.split("<option value=\"").skip(1).filter_map(|o| o.split('"').next()).collect();
    assert_eq!(ids.len(), 2);
    let compare = format!("/ledgers/{}/compare?a={}&b={}", enc(LEDGER), ids[1], ids[0]);
    let r = ducha.get(&compare).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.alert());
    let page = r.text();
    for expect in ["新增 1", "已销号 0", "延期或逾期 0", "撤销或移出 0", "无变化 2", "问题丙"] {
        assert!(page.contains(expect), "{expect}: {page}");
    }
    let same = format!("/ledgers/{}/compare?a={}&b={}", enc(LEDGER), ids[0], ids[0]);
    assert_eq!(ducha.get(&same).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = format!("/ledgers/{}/compare?a={}", enc(LEDGER), ids[0]);
    assert_eq!(ducha.get(&missing).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let other = format!("/ledgers/{}/compare?a={}&b={}", enc("模板示例"), ids[1], ids[0]);
    assert_eq!(ducha.get(&other).await.status, StatusCode::NOT_FOUND);
    assert_eq!(ducha.post("/ledgers/%E6%97%A0/snapshots", &[]).await.status, StatusCode::NOT_FOUND);

    // A town liaison is refused every ledger page in Chinese, yet sees its parts in /tracking.
    for path in ["/ledgers".to_string(), "/ledgers/template.xlsx".into(), to.clone(), snaps.clone(), compare.clone()] {
        let r = xz01.get(&path).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert!(r.alert().contains("督查督办"), "{path}: {}", r.alert());
    }
    assert_eq!(xz01.get(&format!("/ledgers/{}/export.xlsx", enc(LEDGER))).await.status, StatusCode::FORBIDDEN);
    assert_eq!(xz01.post(&snaps, &[("note", "x")]).await.status, StatusCode::FORBIDDEN);
    let r = upload(&xz01, LEDGER, &sheet).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.alert().contains("督查科"), "{}", r.alert());
    let mine = xz01.get("/tracking").await.text();
    assert!(mine.contains("问题甲") && mine.contains("问题丙") && !mine.contains("问题乙"), "{mine}");
    // Another office member (not 督查科) may read the ledger but not import or take snapshots.
    let mishu = s.sign_in("mishu").await;
    assert_eq!(mishu.get(&to).await.status, StatusCode::OK);
    assert_eq!(mishu.post(&snaps, &[("note", "x")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(upload(&mishu, LEDGER, &sheet).await.status, StatusCode::FORBIDDEN);
});
