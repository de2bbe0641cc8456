//! 整改问题清单 on the tracked-item engine, on SQLite and on PostgreSQL: the .xlsx import (all or
//! nothing, bad rows by number), engine rules on imported items, export, and 对账盘点.

use zs_app::ledger::{IMPORT_HEADERS, SOURCE_KIND};
use zs_app::tracking::{NewItem, Step};
use zs_app::{App, AppError, ItemFilter, Principal};
use zs_domain::tracking::{Category, Cycle, Kind, State};
use zs_store::{both, Db};

mod support;
use support::{d, demo, unit_id, who};

const LEDGER: &str = "2026年度组织生活会";

/// A sheet as an office fills the template: a title row, the headers, then one row per problem.
fn sheet(rows: &[[&str; 9]]) -> Vec<u8> {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    zs_office::write_xlsx(&[zs_office::SheetOut {
        name: "问题清单",
        title: Some("2026年度组织生活会查摆问题整改清单"),
        headers: &IMPORT_HEADERS,
        rows: &rows,
    }])
    .unwrap()
}

async fn total_items(app: &App, p: &Principal) -> i64 {
    app.list_items(p, ItemFilter { limit: 10, ..Default::default() }).await.unwrap().1
}

both!(a_good_sheet_becomes_assigned_rectification_items, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    let ducha = who(&app, "ducha").await;
    let leader = who(&app, "xianzhang").await.user;
    let xlsx = sheet(&[
        [
            "会议纪要印发不及时",
            "建立纪要印发时限制度",
            "张建国",
            &leader.name,
            "青禾镇",
            "白水镇",
            "2026-12-04",
            "立行立改",
            "办结时",
        ],
        [
            "基层减负落实不到位",
            "清理精简文件会议\n建立统筹机制",
            "李红",
            "",
            "白水镇",
            "",
            "2026-12-31",
            "长期坚持",
            "",
        ],
        [
            "调查研究不够深入",
            "制定年度调研计划",
            "",
            "",
            "青禾镇",
            "白水镇，青禾县人民政府办公室",
            "2026/12/18",
            "限期整改",
            "每10个工作日",
        ],
    ]);
    let created = app.import_ledger(&ducha, LEDGER, &xlsx).await.unwrap();
    assert_eq!(created.len(), 3);
    assert!(created.iter().all(|i| i.kind == Kind::Rectification
        && i.source_kind == SOURCE_KIND
        && i.source_title == LEDGER
        && i.state == State::Assigned));

    let rows = app.ledger_rows(&ducha, LEDGER).await.unwrap();
    let titles: Vec<&str> = rows.iter().map(|r| r.row.item.title.as_str()).collect();
    assert_eq!(titles, ["会议纪要印发不及时", "基层减负落实不到位", "调查研究不够深入"], "in sheet order");
    let cats: Vec<Option<Category>> = rows.iter().map(|r| r.row.item.category).collect();
    assert_eq!(cats, [Some(Category::Immediate), Some(Category::LongTerm), Some(Category::Deadline)]);
    assert_eq!((rows[0].row.lead.as_str(), rows[0].row.co.clone()), ("青禾镇", vec!["白水镇".to_string()]));
    assert_eq!(rows[0].leader, leader.name);
    assert_eq!(rows[0].row.item.leader_id.as_deref(), Some(leader.id.as_str()));
    assert_eq!(rows[1].row.lead, "白水镇");
    assert_eq!(rows[1].row.item.cycle, Cycle::Monthly, "long-term items report monthly by default");
    assert_eq!(rows[1].row.item.measures, "清理精简文件会议 建立统筹机制");
    assert_eq!(rows[2].row.co, ["白水镇", "青禾县人民政府办公室"]);
    assert_eq!((rows[2].row.item.due, rows[2].row.item.cycle), (d("2026-12-18"), Cycle::Every(10)));

    let list = app.ledgers(&ducha).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].name.as_str(), list[0].total, list[0].open, list[0].closed), (LEDGER, 3, 3, 0));

    // The engine's rules hold for imported items: a long-term problem closes only with 建章立制.
    let xz02 = who(&app, "xz02").await;
    let part = app.item(&ducha, &rows[1].row.item.id).await.unwrap().parts[0].id.clone();
    app.step_item(&xz02, &part, Step::Acknowledge).await.unwrap();
    let e = app
        .step_item(&xz02, &part, Step::RequestClose { result: "已清理文件12件".into(), rule: String::new() })
        .await
        .unwrap_err();
    assert!(matches!(e, AppError::Invalid(ref i) if i.message.contains("建章立制")), "{e}");
    app.step_item(
        &xz02,
        &part,
        Step::RequestClose { result: "已清理文件12件".into(), rule: "《会议统筹办法》".into() },
    )
    .await
    .unwrap();

    // A town is kept out of the ledger but sees its parts in its own list.
    let xz01 = who(&app, "xz01").await;
    assert!(matches!(app.ledgers(&xz01).await, Err(AppError::Denied(_))));
    assert!(matches!(app.ledger_rows(&xz01, LEDGER).await, Err(AppError::Denied(_))));
    assert!(matches!(app.import_ledger(&xz01, LEDGER, &xlsx).await, Err(AppError::Denied(_))));
    assert!(matches!(app.take_snapshot(&xz01, LEDGER, "").await, Err(AppError::Denied(_))));
    assert_eq!(total_items(&app, &xz01).await, 2, "青禾镇 leads one problem and helps with another");
    assert!(matches!(app.ledger_rows(&ducha, "没有这个清单").await, Err(AppError::NotFound(_))));

    // Export in the office's columns, audited like the import.
    let bytes = app.export_ledger(&ducha, LEDGER).await.unwrap();
    let back = zs_office::read_table(&bytes, &zs_app::ledger::EXPORT_HEADERS).unwrap();
    assert_eq!(back.len(), 3);
    assert_eq!(back[1].values[1], "基层减负落实不到位");
    assert_eq!(back[1].values[8], "长期坚持");
    let shenji = who(&app, "shenji").await;
    let (trail, _) = app
        .audit_list(&shenji, &zs_app::AuditFilter { action: Some("ledger.".into()), limit: 50, ..Default::default() })
        .await
        .unwrap();
    let mut actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    actions.sort();
    assert_eq!(actions, ["ledger.export", "ledger.import"]);
});

both!(one_bad_row_means_nothing_is_imported, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    let ducha = who(&app, "ducha").await;
    let not_a_leader = who(&app, "ducha2").await.user.name;
    let good = ["问题甲", "措施", "张三", "", "青禾镇", "", "2026-12-04", "立行立改", "办结时"];
    // Row 1 is the title, row 2 the headers: data starts on row 3.
    let xlsx = sheet(&[
        good,
        ["问题乙", "措施", "", "", "不存在镇", "", "2026-12-04", "限期整改", ""],
        ["问题丙", "措施", "", &not_a_leader, "青禾镇", "", "2026-12-04", "限期整改", ""],
        ["问题丁", "措施", "", "", "青禾镇", "", "2026-13-01", "限期整改", ""],
        ["问题戊", "措施", "", "", "青禾镇", "", "2026-12-05", "限期整改", ""],
        ["问题己", "措施", "", "", "青禾镇", "", "2026-11-20", "限期整改", ""],
        ["问题庚", "措施", "", "", "青禾镇", "", "2026-12-04", "马上改", "每季度"],
        good,
        ["问题辛", "措施", "", "", "青禾镇", "白水镇、火星乡", "2026-12-04", "长期坚持", ""],
    ]);
    let e = app.import_ledger(&ducha, LEDGER, &xlsx).await.unwrap_err();
    let AppError::Rows(rows) = e else { panic!("expected bad rows, got {e}") };
    let numbers: Vec<usize> = rows.iter().map(|r| r.row).collect();
    assert_eq!(numbers, [4, 5, 6, 7, 8, 9, 11], "{rows:?}");
    let msg = |n: usize| rows.iter().find(|r| r.row == n).unwrap().message.clone();
    assert!(msg(4).contains("不存在镇"), "{}", msg(4));
    assert!(msg(5).contains(&not_a_leader) && msg(5).contains("领导"), "{}", msg(5));
    assert!(msg(6).contains("不是有效日期"), "{}", msg(6));
    assert!(msg(7).contains("2026年12月7日"), "a Saturday: the next working day is offered: {}", msg(7));
    assert!(msg(8).contains("已经过去"), "{}", msg(8));
    assert!(msg(9).contains("马上改") && msg(9).contains("每季度"), "every problem of a row: {}", msg(9));
    assert!(msg(11).contains("火星乡"), "{}", msg(11));
    assert_eq!(total_items(&app, &ducha).await, 0, "nothing half-written");
    assert!(app.ledgers(&ducha).await.unwrap().is_empty());

    // Neither an empty name, nor a sheet without rows, nor something that is no workbook.
    let ok = sheet(&[good]);
    assert!(matches!(app.import_ledger(&ducha, " ", &ok).await, Err(AppError::Invalid(_))));
    assert!(matches!(app.import_ledger(&ducha, LEDGER, &sheet(&[])).await, Err(AppError::File(_))));
    assert!(matches!(app.import_ledger(&ducha, LEDGER, b"not a workbook").await, Err(AppError::File(_))));

    // create_items is all or nothing as well.
    let item = |due: &str| NewItem {
        kind: Kind::Rectification,
        source_kind: SOURCE_KIND.into(),
        source_id: String::new(),
        source_title: LEDGER.into(),
        title: "问题".into(),
        requirement: String::new(),
        category: Some(Category::Deadline),
        measures: String::new(),
        lead_unit_id: String::new(),
        co_unit_ids: Vec::new(),
        owner_name: String::new(),
        leader_id: None,
        due: d(due),
        cycle: Cycle::Once,
        assign: true,
    };
    let town = unit_id(&app, "青禾镇").await;
    let items = vec![
        NewItem { lead_unit_id: town.clone(), ..item("2026-12-04") },
        NewItem { lead_unit_id: town.clone(), ..item("2026-12-05") },
    ];
    assert!(matches!(app.create_items(&ducha, &items).await, Err(AppError::Invalid(_))));
    assert_eq!(total_items(&app, &ducha).await, 0);
    assert_eq!(app.import_ledger(&ducha, LEDGER, &ok).await.unwrap().len(), 1);
});

both!(snapshots_show_what_closed_slipped_and_is_new, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    let ducha = who(&app, "ducha").await;
    let xz01 = who(&app, "xz01").await;
    let xlsx = sheet(&[
        ["要关闭的问题", "措施", "", "", "青禾镇", "", "2026-12-04", "立行立改", ""],
        ["要延期的问题", "措施", "", "", "青禾镇", "", "2026-12-04", "限期整改", ""],
        ["不变的问题", "措施", "", "", "青禾镇", "", "2026-12-04", "限期整改", ""],
    ]);
    let items = app.import_ledger(&ducha, LEDGER, &xlsx).await.unwrap();
    let part = |i: usize| {
        let app = app.clone();
        let id = items[i].id.clone();
        let ducha = ducha.clone();
        async move { app.item(&ducha, &id).await.unwrap().parts[0].id.clone() }
    };
    let a = app.take_snapshot(&ducha, LEDGER, "第一次").await.unwrap();
    assert_eq!((a.items, a.taken_on), (3, d("2026-11-23")));

    // Close one, extend another, add a new one.
    let p0 = part(0).await;
    app.step_item(&xz01, &p0, Step::Acknowledge).await.unwrap();
    app.step_item(&xz01, &p0, Step::RequestClose { result: "已整改".into(), rule: String::new() }).await.unwrap();
    app.step_item(&ducha, &p0, Step::Close { note: String::new() }).await.unwrap();
    let p1 = part(1).await;
    app.step_item(&xz01, &p1, Step::Acknowledge).await.unwrap();
    app.step_item(&xz01, &p1, Step::RequestExtension { due: d("2026-12-14"), reason: "需上级批复".into() })
        .await
        .unwrap();
    app.step_item(&ducha, &p1, Step::DecideExtension { approve: true, note: String::new() }).await.unwrap();
    let new = NewItem {
        kind: Kind::Rectification,
        source_kind: SOURCE_KIND.into(),
        source_id: String::new(),
        source_title: LEDGER.into(),
        title: "新增的问题".into(),
        requirement: String::new(),
        category: Some(Category::Deadline),
        measures: "补充查摆".into(),
        lead_unit_id: unit_id(&app, "白水镇").await,
        co_unit_ids: Vec::new(),
        owner_name: String::new(),
        leader_id: None,
        due: d("2026-12-18"),
        cycle: Cycle::Once,
        assign: true,
    };
    let added = app.create_items(&ducha, &[new]).await.unwrap();
    let b = app.take_snapshot(&ducha, LEDGER, "第二次").await.unwrap();
    assert_eq!(b.items, 4);

    let ids = |v: &[zs_app::ledger::Change]| v.iter().map(|c| c.item_id.clone()).collect::<Vec<_>>();
    for (x, y) in [(&a.id, &b.id), (&b.id, &a.id)] {
        let c = app.compare_snapshots(&ducha, x, y).await.unwrap();
        assert_eq!(c.from.id, a.id, "always from the earlier snapshot");
        assert_eq!(ids(&c.closed), [items[0].id.clone()]);
        assert_eq!(ids(&c.slipped), [items[1].id.clone()]);
        assert_eq!(ids(&c.new), [added[0].id.clone()]);
        assert!(c.removed.is_empty());
        assert_eq!(c.unchanged, 1);
        let slipped = &c.slipped[0];
        assert_eq!(slipped.before.as_ref().unwrap().due, d("2026-12-04"));
        assert_eq!(slipped.after.as_ref().unwrap().due, d("2026-12-14"));
    }

    // Past the deadline, the unchanged problem has slipped too (overdue); the extended one has not.
    app.set_test_today(d("2026-12-08")).unwrap();
    let c3 = app.take_snapshot(&ducha, LEDGER, "").await.unwrap();
    let c = app.compare_snapshots(&ducha, &b.id, &c3.id).await.unwrap();
    assert_eq!(ids(&c.slipped), [items[2].id.clone()]);
    assert_eq!((c.closed.len(), c.new.len(), c.unchanged), (0, 0, 3));
    let summary = app.ledgers(&ducha).await.unwrap();
    assert_eq!((summary[0].total, summary[0].closed, summary[0].open), (4, 1, 3));
    assert_eq!(summary[0].overdue.deadline, 1);

    let list = app.snapshots(&ducha, LEDGER).await.unwrap();
    assert_eq!(list.iter().map(|s| s.id.clone()).collect::<Vec<_>>(), [c3.id.clone(), b.id.clone(), a.id.clone()]);
    assert!(matches!(app.compare_snapshots(&ducha, &a.id, &a.id).await, Err(AppError::Invalid(_))));
    assert!(matches!(app.compare_snapshots(&ducha, &a.id, "nope").await, Err(AppError::NotFound(_))));
    assert!(matches!(app.compare_snapshots(&xz01, &a.id, &b.id).await, Err(AppError::Denied(_))));
    assert!(matches!(app.take_snapshot(&ducha, "没有这个清单", "").await, Err(AppError::NotFound(_))));
});
