//! 档案 end to end, on SQLite and on PostgreSQL: filing through the 办文 flow's 归档 step with gapless 件号 (also
//! when archivists file at once), the stamped PDF, refusals (unfinished, 件号 collision) that leave nothing
//! behind, the catalogue as .xlsx and PDF, the transfer package and its manifest, 四性检测 catching a blob edited
//! on disk and metadata edited in the database, and the terms ending for 鉴定.

use std::io::Read;
use zs_app::archive::{Filter, Property};
use zs_app::documents::{DocStep, NewDistribution};
use zs_app::{App, AppError, Config, Principal};
use zs_domain::archive::Retention;
use zs_domain::document::{Content, DocState, DocType, Document};
use zs_store::{both, Db};

mod support;
use support::{d, who};

/// The demo county with 全宗号 Z109 and blobs in a directory (so a test can edit one on disk).
async fn archive_app(url: &str) -> (App, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("zs-archive-{}", zs_domain::new_id()));
    let mut config = Config::for_data_dir(dir.clone(), Some(url.to_string()));
    config.test_clock = true;
    config.archive.fonds = "Z109".into();
    config.blob_dir = Some(dir.join("blobs"));
    let app = App::open(config).await.expect("open app");
    app.load_demo(0, 0).await.unwrap();
    app.set_test_today(d("2026-11-23")).unwrap();
    (app, dir.join("blobs"))
}

/// A 发文 of the office taken from 起草 to 核发, with a text attachment.
async fn dispatched(app: &App, title: &str, doc_type: DocType) -> Document {
    let mishu = who(app, "mishu").await;
    let mishu3 = who(app, "mishu3").await;
    let zhuren = who(app, "zhuren").await;
    let wenshu = who(app, "wenshu").await;
    let code = app.agency_codes().await.unwrap().into_iter().find(|c| c.code == "青政办发").unwrap().id;
    let content = Content {
        agency_code_id: Some(code),
        title: title.into(),
        to: "各乡镇人民政府，县直各部门：".into(),
        body: "现就有关事项通知如下。\n一、提高认识\n请各单位按时报送。".into(),
        attachments: vec!["报送表".into()],
        ..Content::blank(doc_type)
    };
    let doc = app.create_draft(&mishu, &content).await.unwrap();
    let table = format!("{title}报送表：单位、联系人、电话");
    app.attach_file(&mishu, &doc.id, "报送表.txt", table.as_bytes(), "attachment").await.unwrap();
    let steps = [
        (&mishu, DocStep::Submit { reviewer_id: mishu3.user.id.clone(), signer_id: zhuren.user.id.clone() }),
        (&mishu3, DocStep::ToSignOff),
        (&zhuren, DocStep::SignOff { opinion: "同意".into(), override_reason: String::new() }),
        (&wenshu, DocStep::Recheck { note: String::new() }),
        (
            &wenshu,
            DocStep::Register {
                distributions: vec![NewDistribution { unit_id: None, name: "县档案馆".into(), copies: 2 }],
                copies: 0,
                pages: 0,
            },
        ),
        (&wenshu, DocStep::Produce),
        (&wenshu, DocStep::Dispatch),
    ];
    let mut out = doc;
    for (p, s) in steps {
        out = app.step_document(p, &out.id, s).await.unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(out.state, DocState::Dispatched);
    out
}

async fn records(app: &App, p: &Principal) -> Vec<zs_app::archive::Record> {
    app.archive_records(p, &Filter { limit: 1000, ..Default::default() }).await.unwrap().0
}

both!(filing_numbers_stamps_and_refuses, |db: Db, url: String| async move {
    db.close().await;
    let (app, _) = archive_app(&url).await;
    let dangan = who(&app, "dangan").await;
    let mishu = who(&app, "mishu").await;

    // An unfinished document cannot be filed, and leaves no 件 and no number behind.
    let draft = app
        .create_draft(&mishu, &Content { title: "关于草稿的通知".into(), ..Content::blank(DocType::Notice) })
        .await
        .unwrap();
    let e = app.step_document(&dangan, &draft.id, DocStep::Archive { retention: None }).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("不能“归档”")), "{e}");
    assert!(records(&app, &dangan).await.is_empty());

    // 归档 through the flow: a 通知 is proposed 30 years; the archivist may decide 永久 for another.
    let a = dispatched(&app, "青禾县人民政府办公室关于报送年度工作总结的通知", DocType::Notice).await;
    let filed = app.step_document(&dangan, &a.id, DocStep::Archive { retention: None }).await.unwrap();
    assert_eq!(filed.state, DocState::Archived);
    let r = app.archive_of_document(&a.id).await.unwrap().expect("filed");
    assert_eq!(r.archival_code, "Z109-WS·2026-D30-BGS-0001");
    assert_eq!((r.year, r.item_no, r.organ_code.as_str()), (2026, 1, "BGS"));
    assert_eq!(r.dated, "20261123");
    assert_eq!(r.responsible, "青禾县人民政府办公室");
    let (_, files) = app.archive_record(&dangan, &r.id).await.unwrap();
    let roles: Vec<&str> = files.iter().map(|f| f.role.as_str()).collect();
    assert_eq!(roles, ["pdf", "attachment"]);
    // The archival PDF carries the 归档章 on page 1 with the page count it has.
    let (_, pdf) = app.archive_download(&dangan, &r.id, 0).await.unwrap();
    assert_eq!(zs_office::pdf_pages(&pdf).unwrap() as i64, r.pages);
    let text = zs_office::pdf_text(&pdf).unwrap();
    for stamp in ["Z109", "2026", "0001", "BGS", "30年"] {
        assert!(text.contains(stamp), "{stamp} in the stamp: {}", text.chars().take(200).collect::<String>());
    }

    let b = dispatched(&app, "青禾县人民政府办公室关于印发工作规则的通知", DocType::Notice).await;
    app.step_document(&dangan, &b.id, DocStep::Archive { retention: Some(Retention::Permanent) }).await.unwrap();
    let rb = app.archive_of_document(&b.id).await.unwrap().unwrap();
    assert_eq!(rb.archival_code, "Z109-WS·2026-Y-BGS-0001", "another 保管期限 is another group");

    // Four archivists file at once: distinct, gapless numbers.
    let mut docs = Vec::new();
    for i in 0..4 {
        docs.push(dispatched(&app, &format!("青禾县人民政府办公室关于第{i}批项目的通知"), DocType::Notice).await);
    }
    let dangan2 = who(&app, "dangan2").await;
    let jobs: Vec<_> = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let (app, p, id) = (app.clone(), if i % 2 == 0 { dangan.clone() } else { dangan2.clone() }, doc.id.clone());
            tokio::spawn(async move { app.step_document(&p, &id, DocStep::Archive { retention: None }).await })
        })
        .collect();
    for j in jobs {
        j.await.unwrap().unwrap();
    }
    let mut nos: Vec<i64> =
        records(&app, &dangan).await.iter().filter(|r| r.retention == "D30").map(|r| r.item_no).collect();
    nos.sort();
    assert_eq!(nos, vec![1, 2, 3, 4, 5]);

    // A 件号 collision (the counter set back by hand) is refused; the document stays unfiled.
    let c = dispatched(&app, "青禾县人民政府办公室关于冲突测试的通知", DocType::Notice).await;
    let mut conn = app.db.conn().await.unwrap();
    zs_store::q("UPDATE number_counters SET next_seq = 3 WHERE scope = 'archive:Z109-WS-D30-BGS'")
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let e = app.step_document(&dangan, &c.id, DocStep::Archive { retention: None }).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("件号冲突")), "{e}");
    let view = app.document(&dangan, &c.id).await.unwrap();
    assert_eq!(view.doc.state, DocState::Dispatched);
    assert!(app.archive_of_document(&c.id).await.unwrap().is_none());
    assert_eq!(records(&app, &dangan).await.len(), 6);

    // Only the archive room opens the 档案室.
    assert!(matches!(app.archive_records(&mishu, &Filter::default()).await, Err(AppError::Denied(_))));
    assert!(matches!(app.archive_check(&mishu, None).await, Err(AppError::Denied(_))));
});

both!(catalogue_package_check_and_terms, |db: Db, url: String| async move {
    db.close().await;
    let (app, blob_dir) = archive_app(&url).await;
    let dangan = who(&app, "dangan").await;
    let a = dispatched(&app, "青禾县人民政府办公室关于做好冬季森林防火工作的通知", DocType::Notice).await;
    let b = dispatched(&app, "青禾县人民政府办公室关于调整议事协调机构的决定", DocType::Decision).await;
    let c = dispatched(&app, "青禾县人民政府办公室关于召开座谈会的函", DocType::Letter).await;
    app.step_document(&dangan, &a.id, DocStep::Archive { retention: None }).await.unwrap();
    app.step_document(&dangan, &b.id, DocStep::Archive { retention: None }).await.unwrap();
    app.step_document(&dangan, &c.id, DocStep::Archive { retention: Some(Retention::Years10) }).await.unwrap();
    let all = records(&app, &dangan).await;
    let codes: Vec<&str> = all.iter().map(|r| r.archival_code.as_str()).collect();
    assert_eq!(codes, ["Z109-WS·2026-Y-BGS-0001", "Z109-WS·2026-D30-BGS-0001", "Z109-WS·2026-D10-BGS-0001"]);

    // 归档文件目录 as .xlsx with the DA/T 22 columns, and as a PDF table.
    let f = Filter { year: Some(2026), ..Default::default() };
    let (xlsx, name) = app.archive_catalogue_xlsx(&dangan, &f).await.unwrap();
    assert!(name.ends_with(".xlsx"));
    let rows = zs_office::read_table(&xlsx, &zs_app::archive::CATALOGUE_HEADERS).unwrap();
    assert_eq!(rows.len(), 3);
    // Columns: 序号 档号 文号 责任者 题名 日期 密级 页数 备注.
    assert_eq!(rows[0].values[1], "Z109-WS·2026-Y-BGS-0001");
    assert_eq!(rows[0].values[5], "20261123");
    assert_eq!(rows[2].values[4], "青禾县人民政府办公室关于召开座谈会的函");
    assert!(rows[0].values[2].starts_with("青政办发〔2026〕"), "{:?}", rows[0].values);
    let (pdf, _) = app.archive_catalogue_pdf(&dangan, &f).await.unwrap();
    let text = zs_office::pdf_text(&pdf).unwrap();
    assert!(text.contains("归档文件目录") && text.contains("BGS-0001"), "{text}");

    // The transfer package: every file listed in the manifest with its sha256, metadata per 件, the schema.
    let (zip, _) = app.archive_transfer(&dangan, 2026).await.unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut read = |name: &str| {
        let mut f = z.by_name(name).unwrap_or_else(|_| panic!("{name} in the package"));
        let mut v = Vec::new();
        f.read_to_end(&mut v).unwrap();
        v
    };
    let manifest = String::from_utf8(read("manifest-sha256.txt")).unwrap();
    assert!(manifest.lines().count() >= 3 * 3 + 2, "{manifest}");
    for line in manifest.lines() {
        let (sha, path) = line.split_once("  ").unwrap();
        assert_eq!(zs_store::blobs::sha256_hex(&read(path)), sha, "{path}");
    }
    let meta: serde_json::Value = serde_json::from_slice(&read("Z109-WS·2026-Y-BGS-0001/metadata.json")).unwrap();
    assert_eq!(meta["archival_code"], "Z109-WS·2026-Y-BGS-0001");
    assert_eq!(meta["files"][0]["role"], "pdf");
    assert!(String::from_utf8(read("schema/archive-item.schema.json")).unwrap().contains("archival_code"));
    assert!(matches!(app.archive_transfer(&dangan, 2020).await, Err(AppError::NotFound(_))));

    // 四性检测: everything passes; then a blob edited on disk, a file deleted and a title edited in the
    // database are each caught.
    let report = app.archive_check(&dangan, Some(2026)).await.unwrap();
    assert_eq!((report.items.len(), report.failed().count()), (3, 0), "{:?}", report.items);
    let (ra, fa) = app.archive_record(&dangan, &all[0].id).await.unwrap();
    let pdf_path = blob_dir.join(&fa[0].sha256[..2]).join(&fa[0].sha256);
    let mut bytes = std::fs::read(&pdf_path).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0x20;
    std::fs::write(&pdf_path, &bytes).unwrap();
    let (_, fc) = app.archive_record(&dangan, &all[2].id).await.unwrap();
    std::fs::remove_file(blob_dir.join(&fc[1].sha256[..2]).join(&fc[1].sha256)).unwrap();
    let mut conn = app.db.conn().await.unwrap();
    zs_store::q("UPDATE archive_records SET title = '改过的题名' WHERE id = $1")
        .bind(all[1].id.as_str())
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let report = app.archive_check(&dangan, None).await.unwrap();
    let by = |id: &str| report.items.iter().find(|i| i.record_id == id).unwrap().clone();
    let ia = by(&ra.id);
    assert!(!ia.passed(Property::Authenticity), "{:?}", ia.problems);
    assert!(ia.passed(Property::Integrity) && ia.passed(Property::Security), "{:?}", ia.problems);
    assert!(!by(&all[1].id).passed(Property::Authenticity), "metadata edited after filing");
    let ic = by(&all[2].id);
    assert!(!ic.passed(Property::Integrity) && ic.passed(Property::Authenticity), "{:?}", ic.problems);
    assert_eq!(report.failed().count(), 3);
    // An altered file is never handed out.
    assert!(matches!(app.archive_download(&dangan, &ra.id, 0).await, Err(AppError::Conflict(_))));

    // 鉴定: the 10-year 件 of 2026 ends with 2036.
    let due = app.archive_due(&dangan, 2036, 2036).await.unwrap();
    assert_eq!(due.iter().map(|r| r.archival_code.as_str()).collect::<Vec<_>>(), ["Z109-WS·2026-D10-BGS-0001"]);
    assert!(app.archive_due(&dangan, 2030, 2035).await.unwrap().is_empty());
    assert!(app.archive_due(&dangan, 2040, 2030).await.is_err());

    // Filing, exports and checks are in the audit trail.
    let shenji = who(&app, "shenji").await;
    for action in ["archive.file", "archive.export", "archive.transfer", "archive.check"] {
        let f = zs_app::AuditFilter { action: Some(action.into()), limit: 10, ..Default::default() };
        assert!(app.audit_list(&shenji, &f).await.unwrap().1 > 0, "{action}");
    }
});

/// An issue of 《青禾政务信息》 with one town's item, taken to 已印发 (or left in review when `issue` is false).
async fn journal_issue(app: &App, title: &str, issue: bool) -> String {
    use zs_app::affairs::{IssueStep, NewInfo, NewIssue};
    let (xz01, xinxi, zhuren) = (who(app, "xz01").await, who(app, "xinxi").await, who(app, "zhuren").await);
    let news = NewInfo {
        category: zs_domain::affairs::info::InfoCategory::News,
        title: title.into(),
        body: "青禾镇组织干部群众开展冬季森林防火隐患排查，共排查林区12处。".into(),
        commission_id: None,
    };
    let item = app.submit_info(&xz01, &news).await.unwrap().item;
    let journal = app.journals().await.unwrap().into_iter().find(|j| j.name == "青禾政务信息").unwrap().id;
    let issue_row = app.create_issue(&xinxi, &NewIssue { journal_id: journal, ..Default::default() }).await.unwrap();
    app.place_item(&xinxi, &issue_row.id, &item.id).await.unwrap();
    app.step_issue(&xinxi, &issue_row.id, IssueStep::Submit).await.unwrap();
    if issue {
        app.step_issue(&zhuren, &issue_row.id, IssueStep::Approve).await.unwrap();
        app.step_issue(&zhuren, &issue_row.id, IssueStep::SignOff { opinion: "同意".into() }).await.unwrap();
    }
    issue_row.id
}

both!(journal_issues_are_filed_like_documents, |db: Db, url: String| async move {
    db.close().await;
    let (app, _) = archive_app(&url).await;
    let dangan = who(&app, "dangan").await;

    // A 发文 and an issued 简报 are both waiting; an issue still in review is not.
    let doc = dispatched(&app, "青禾县人民政府办公室关于做好冬季森林防火工作的通知", DocType::Notice).await;
    let issued = journal_issue(&app, "青禾镇扎实开展冬季森林防火", true).await;
    let in_review = journal_issue(&app, "白水镇完成秋粮收储", false).await;
    let pending = app.archive_pending(&dangan, 100).await.unwrap();
    let kinds: Vec<(&str, &str)> = pending.iter().map(|x| (x.kind, x.id.as_str())).collect();
    assert!(kinds.contains(&("document", doc.id.as_str())), "{kinds:?}");
    assert!(kinds.contains(&("journal_issue", issued.as_str())), "{kinds:?}");
    assert!(!kinds.iter().any(|(_, id)| *id == in_review), "an unissued issue is not waiting");
    let p = pending.iter().find(|x| x.id == issued).unwrap();
    assert_eq!(
        (p.number.as_str(), p.proposed, p.href.clone()),
        ("2026年第1期", Retention::Years30, format!("/affairs/issues/{issued}"))
    );

    // An issue in review is refused and leaves no number behind; only the archive room files.
    let e = app.archive_file_issue(&dangan, &in_review, None).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("尚未印发")), "{e}");
    let mishu = who(&app, "mishu").await;
    assert!(matches!(app.archive_file_issue(&mishu, &issued, None).await, Err(AppError::Denied(_))));

    // The same path as a document: one gapless 件号 run across documents and issues of the group.
    app.step_document(&dangan, &doc.id, DocStep::Archive { retention: None }).await.unwrap();
    let r = app.archive_file_issue(&dangan, &issued, None).await.unwrap();
    assert_eq!(r.archival_code, "Z109-WS·2026-D30-BGS-0002");
    assert_eq!((r.source_kind.as_str(), r.source_id.as_str()), ("journal_issue", issued.as_str()));
    assert_eq!(r.title, "《青禾政务信息》2026年第1期");
    assert_eq!((r.doc_number.as_str(), r.dated.as_str()), ("2026年第1期", "20261123"));
    assert_eq!(app.archive_of_issue(&issued).await.unwrap().map(|x| x.id), Some(r.id.clone()));
    let e = app.archive_file_issue(&dangan, &issued, None).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict(ref m) if m.contains("已归档")), "{e}");
    assert!(!app.archive_pending(&dangan, 100).await.unwrap().iter().any(|x| x.id == issued || x.id == doc.id));

    // Its archival PDF is the 简报 with the 归档章.
    let (_, pdf) = app.archive_download(&dangan, &r.id, 0).await.unwrap();
    assert_eq!(zs_office::pdf_pages(&pdf).unwrap() as i64, r.pages);
    let text: String = zs_office::pdf_text(&pdf).unwrap().split_whitespace().collect();
    for piece in ["Z109", "0002", "BGS", "30年", "青禾镇扎实开展冬季森林防火", "2026年第1期"] {
        assert!(text.contains(piece), "{piece} in {}", text.chars().take(300).collect::<String>());
    }

    // The catalogue, the transfer package and 四性检测 treat it like any 件.
    let f = Filter { year: Some(2026), ..Default::default() };
    let (xlsx, _) = app.archive_catalogue_xlsx(&dangan, &f).await.unwrap();
    let rows = zs_office::read_table(&xlsx, &zs_app::archive::CATALOGUE_HEADERS).unwrap();
    assert!(rows.iter().any(|row| row.values[1] == r.archival_code && row.values[3] == "青禾县人民政府办公室"));
    let (zip, _) = app.archive_transfer(&dangan, 2026).await.unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut meta = String::new();
    z.by_name(&format!("{}/metadata.json", r.archival_code)).unwrap().read_to_string(&mut meta).unwrap();
    assert!(meta.contains("\"source_kind\": \"journal_issue\""), "{meta}");
    let report = app.archive_check(&dangan, Some(2026)).await.unwrap();
    assert_eq!((report.items.len(), report.failed().count()), (2, 0), "{:?}", report.items);

    // A title changed with its metadata hash fixed anew still disagrees with the content: 真实性 fails.
    let (mut forged, files) = app.archive_record(&dangan, &r.id).await.unwrap();
    forged.title = "《青禾政务信息》2026年第9期".into();
    let hash = zs_app::archive::Metadata::of(&forged, &files).hash();
    let mut conn = app.db.conn().await.unwrap();
    zs_store::q("UPDATE archive_records SET title = $1, meta_sha256 = $2 WHERE id = $3")
        .bind(forged.title.as_str())
        .bind(hash.as_str())
        .bind(r.id.as_str())
        .execute(&mut conn)
        .await
        .unwrap();
    drop(conn);
    let report = app.archive_check(&dangan, Some(2026)).await.unwrap();
    let item = report.items.iter().find(|i| i.record_id == r.id).unwrap();
    assert!(!item.passed(Property::Authenticity), "{:?}", item.problems);
    assert!(item.problems.iter().any(|(_, m)| m.contains("第9期")), "{:?}", item.problems);
    assert!(item.passed(Property::Usability), "the stamp still shows it is this 件: {:?}", item.problems);
});

/// 四性检测 reads page 1's text from the text operators and the fonts' ToUnicode maps, without loading any
/// font program: on a real archival PDF it finds the title and the 归档章, in the order drawn, and nothing
/// the full text reader (which draws every glyph) does not.
#[tokio::test]
async fn the_first_page_reads_without_the_fonts() {
    let app = support::demo(&format!(
        "sqlite://{}",
        std::env::temp_dir().join(format!("zs-fp-{}.db", zs_domain::new_id())).display()
    ))
    .await;
    let (pdf, pages) = app.bench_archival_pdf().await.unwrap();
    let (n, text) = zs_office::pdf_first_page(&pdf).unwrap();
    assert_eq!(n as i64, pages);
    let flat = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    let page = flat(&text);
    for piece in ["青禾县人民政府办公室关于做好冬季森林防火工作的通知", "青政办发2026", "2026", "0001"]
    {
        assert!(page.contains(piece), "{piece} in {text}");
    }
    let start: String = page.chars().take(20).collect();
    assert!(flat(&zs_office::pdf_text(&pdf).unwrap()).contains(&start), "{text}");
    assert!(zs_office::pdf_first_page(b"%PDF-1.7 broken").is_err());
}
