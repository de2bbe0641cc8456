//! 检索 on SQLite and on PostgreSQL: two-character words, phrases, title hits first, attachment text (.docx,
//! .pdf, and an image that has none), tracked items, information items, bad queries, a full rebuild of every
//! kind, and the rebuild a migration asks for at the next start; and, with many users of random roles, units and clearances, no hit anyone could not open and no
//! openable match missing — documents, tracked items and information items.

use std::collections::BTreeSet;
use zs_app::affairs::NewInfo;
use zs_app::documents::{DocFilter, DocStep};
use zs_app::org::UserInput;
use zs_app::search::SearchInput;
use zs_app::tracking::NewItem;
use zs_app::{App, AppError, ItemFilter, Principal};
use zs_domain::affairs::info::InfoCategory;
use zs_domain::document::{Content, DocType};
use zs_domain::tracking::{Cycle, Kind};
use zs_domain::{Classification, Role};
use zs_store::{both, Db};

mod support;
use support::{d, demo, unit_id, who};

fn q(text: &str) -> SearchInput {
    SearchInput { q: text.into(), page: 1, ..Default::default() }
}

async fn titles(app: &App, p: &Principal, text: &str) -> Vec<String> {
    let r = app.search(p, &q(text)).await.unwrap_or_else(|e| panic!("{text}: {e}"));
    r.hits.iter().map(|h| h.title.iter().map(|s| s.text.as_str()).collect()).collect()
}

fn draft(title: &str, body: &str) -> Content {
    Content { title: title.into(), body: body.into(), ..Content::blank(DocType::Notice) }
}

both!(words_phrases_titles_first_and_attachments, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    let mishu = who(&app, "mishu").await;
    let a = app.create_draft(&mishu, &draft("关于加强督办工作的通知", "请各单位认真落实。")).await.unwrap();
    let b = app
        .create_draft(&mishu, &draft("关于做好年底工作的通知", "县政府将召开乡村振兴工作会议，会后开展督办。"))
        .await
        .unwrap();
    app.create_draft(&mishu, &draft("关于防汛准备的通知", "乡村振兴和工作会议分别安排。")).await.unwrap();

    // A two-character word: the title hit first, the body hit after it; both highlighted.
    let r = app.search(&mishu, &q("督办")).await.unwrap();
    let ids: Vec<&str> = r.hits.iter().map(|h| h.record_id.as_str()).collect();
    assert_eq!(ids, [a.id.as_str(), b.id.as_str()]);
    assert!(r.hits[0].title_hit && !r.hits[1].title_hit);
    assert!(r.hits[0].title.iter().any(|s| s.hit && s.text == "督办"));
    assert!(r.hits[1].snippet.iter().any(|s| s.hit && s.text == "督办"), "{:?}", r.hits[1].snippet);
    assert_eq!(titles(&app, &mishu, "会议").await.len(), 2);
    // A phrase must occur as written; the same words scattered do not match it.
    assert_eq!(titles(&app, &mishu, "“乡村振兴工作会议”").await, ["关于做好年底工作的通知"]);
    assert_eq!(titles(&app, &mishu, "乡村振兴 工作会议").await.len(), 2);

    // Attachment text: a .docx and a PDF are read; an image is not, and the document is still found and says so.
    let layout = |text: &str| zs_render::Doc {
        issuer_mark: "青禾县人民政府办公室".into(),
        title: "附件材料".into(),
        body: vec![zs_render::Block::para(text)],
        ..Default::default()
    };
    let docx = zs_render::docx(&layout("鹊桥工程实施方案")).unwrap();
    app.attach_file(&mishu, &a.id, "方案.docx", &docx, "attachment").await.unwrap();
    let pdf = zs_app::documents::render::renderer().unwrap().pdf(&layout("蓝鲸计划任务分解")).unwrap().bytes;
    app.attach_file(&mishu, &b.id, "任务.pdf", &pdf, "attachment").await.unwrap();
    app.attach_file(&mishu, &b.id, "现场照片.png", &[0x89, b'P', b'N', b'G', 0, 1, 2, 3], "attachment").await.unwrap();
    assert_eq!(titles(&app, &mishu, "鹊桥工程").await, ["关于加强督办工作的通知"]);
    let r = app.search(&mishu, &q("蓝鲸计划")).await.unwrap();
    assert_eq!(r.hits.len(), 1);
    assert!(r.hits[0].note.contains("现场照片.png"), "{}", r.hits[0].note);

    // Bad queries are refused with a reason; nothing else happens.
    for bad in ["，。！？……", "   ", &"会".repeat(10_000)] {
        let e = app.search(&mishu, &q(bad)).await.unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)), "{e}");
    }

    // Tracked items: 督查科 sees the matter, the lead town its part, another town nothing.
    let ducha = who(&app, "ducha").await;
    let town = unit_id(&app, "青禾镇").await;
    let item = NewItem {
        kind: Kind::Supervision,
        source_kind: String::new(),
        source_id: String::new(),
        source_title: "县长办公会".into(),
        title: "汛期物资储备督办".into(),
        requirement: "储备编织袋和冲锋舟".into(),
        category: None,
        measures: String::new(),
        lead_unit_id: town,
        co_unit_ids: vec![],
        owner_name: String::new(),
        leader_id: None,
        due: d("2026-12-15"),
        cycle: Cycle::Once,
        assign: true,
    };
    let matter = app.create_item(&ducha, &item).await.unwrap();
    let r = app.search(&ducha, &q("冲锋舟")).await.unwrap();
    assert_eq!(r.hits.iter().map(|h| h.record_id.as_str()).collect::<Vec<_>>(), [matter.id.as_str()]);
    let xz01 = who(&app, "xz01").await;
    let part = app.search(&xz01, &q("冲锋舟")).await.unwrap();
    assert_eq!(part.hits.len(), 1);
    app.item(&xz01, &part.hits[0].record_id).await.unwrap();
    app.step_item(&xz01, &part.hits[0].record_id, zs_app::tracking::Step::Acknowledge).await.unwrap();
    let f = SearchInput { state: "acknowledged".into(), ..q("冲锋舟") };
    assert_eq!(app.search(&xz01, &f).await.unwrap().hits.len(), 1, "steps keep the index current");
    assert!(app.search(&who(&app, "xz02").await, &q("冲锋舟")).await.unwrap().hits.is_empty());

    // Information items: found by their unit and the office, linked to their page.
    let news = NewInfo {
        category: InfoCategory::News,
        title: "青禾镇开展雪豹巡护".into(),
        body: "组织护林员开展冬季雪豹栖息地巡护。".into(),
        commission_id: None,
    };
    let info = app.submit_info(&xz01, &news).await.unwrap().item;
    let r = app.search(&xz01, &q("雪豹")).await.unwrap();
    assert_eq!(r.hits.len(), 1);
    assert_eq!((r.hits[0].kind.as_str(), r.hits[0].href.clone()), ("info_item", format!("/affairs/info/{}", info.id)));
    assert_eq!(r.hits[0].state_label, "待审核", "{:?}", r.hits[0].state_label);

    // A full rebuild finds the same, every kind included, and counts every record in its progress.
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let before = sorted(titles(&app, &mishu, "会议").await);
    let mut c = app.db.conn().await.unwrap();
    let mut total = 0;
    for table in ["documents", "tracked_items", "info_items"] {
        let (n,): (i64,) = zs_store::q(format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut c).await.unwrap();
        total += n;
    }
    // A stale entry of a record that is gone, and one of a kind nothing indexes, are cleared by the rebuild.
    let stale = zs_store::search::Entry {
        kind: "info_item".into(),
        record_id: "gone".into(),
        title: "雪豹残留".into(),
        ..Default::default()
    };
    zs_store::search::put(&mut c, &stale).await.unwrap();
    zs_store::search::put(&mut c, &zs_store::search::Entry { kind: "meeting".into(), ..stale.clone() }).await.unwrap();
    drop(c);
    let mut seen = Vec::new();
    let n = app.reindex_all(|done, all| seen.push((done, all))).await.unwrap();
    assert_eq!(n, total);
    assert_eq!(seen.last(), Some(&(total, total)), "{seen:?}");
    assert_eq!(sorted(titles(&app, &mishu, "会议").await), before);
    assert_eq!(titles(&app, &mishu, "鹊桥工程").await, ["关于加强督办工作的通知"]);
    assert_eq!(titles(&app, &xz01, "雪豹").await, ["青禾镇开展雪豹巡护"], "information items are rebuilt too");
    assert_eq!(titles(&app, &xz01, "冲锋舟").await.len(), 1);
    let mut c = app.db.conn().await.unwrap();
    assert_eq!(zs_store::search::count(&mut c).await.unwrap(), total, "one entry per record, nothing stale");

    // A migration that changes what the index holds sets `search.rebuild`: the next start rebuilds the index
    // from the records before it serves.
    zs_store::search::clear(&mut c).await.unwrap();
    zs_store::settings::put(&mut c, "search.rebuild", "1").await.unwrap();
    drop(c);
    assert!(titles(&app, &mishu, "鹊桥工程").await.is_empty());
    let restarted = support::app(&url).await;
    assert_eq!(titles(&restarted, &mishu, "鹊桥工程").await, ["关于加强督办工作的通知"]);
    assert_eq!(titles(&restarted, &xz01, "雪豹").await, ["青禾镇开展雪豹巡护"]);
    let mut c = restarted.db.conn().await.unwrap();
    assert_eq!(zs_store::search::count(&mut c).await.unwrap(), total);
    assert_eq!(zs_store::settings::get(&mut c, "search.rebuild").await.unwrap().as_deref(), Some("0"));
});

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.next() % v.len()]
    }
}

both!(no_hit_anyone_could_not_open, |db: Db, url: String| async move {
    db.close().await;
    let app = demo(&url).await;
    let mut rng = Lcg(2026);
    let admin = who(&app, "admin").await;
    let baomi = who(&app, "baomi").await;
    let units: Vec<String> = app.unit_tree().await.unwrap().into_iter().map(|n| n.unit.id).collect();
    // People of random roles, units and clearances beside the demo county's.
    let roles = [
        Role::Drafter,
        Role::Registrar,
        Role::Liaison,
        Role::Archivist,
        Role::Leader,
        Role::Supervisor,
        Role::ReceptionOfficer,
    ];
    let levels = [Classification::Public, Classification::Internal, Classification::WorkSecret];
    let mut people = Vec::new();
    for i in 0..10 {
        let input = UserInput {
            username: format!("rand{i:02}"),
            name: format!("测试{i}"),
            unit_id: rng.pick(&units).clone(),
            position: String::new(),
            phone: String::new(),
            email: String::new(),
            roles: vec![*rng.pick(&roles)],
            active: true,
        };
        let (user, password) = app.create_user(&admin, &input).await.unwrap();
        app.set_clearance(&baomi, &user.id, *rng.pick(&levels)).await.unwrap();
        let s = app.sign_in(&user.username, &password, "127.0.0.1", "test").await.unwrap();
        people.push(app.session_principal(&s.token, "127.0.0.1").await.unwrap());
    }
    for u in [
        "mishu",
        "mishu2",
        "mishu3",
        "wenshu",
        "zhuren",
        "xianzhang",
        "dangan",
        "ducha",
        "jiedai",
        "xz01",
        "bm01",
        "bm02b",
        "shenji",
        "admin",
        "xinxi",
    ] {
        people.push(who(&app, u).await);
    }
    // Documents by several drafters, of random levels, some sent on for review (a task makes the reviewer
    // involved), and tracked items for random towns.
    let drafters: Vec<Principal> = [&people[10], &people[11], &people[12], &people[21]].into_iter().cloned().collect();
    let zhuren = who(&app, "zhuren").await;
    let mut sent = 0;
    for i in 0..14 {
        let by = rng.pick(&drafters).clone();
        let level = *rng.pick(&levels[..2]);
        let content = Content {
            classification: level,
            ..draft(&format!("关于防汛检查第{i}组的通知"), "防汛物资清点。")
        };
        let doc = app.create_draft(&by, &content).await.unwrap();
        if rng.next().is_multiple_of(2) {
            // A reviewer of the drafter's own organ (the only ones a draft may go to), whoever else they are.
            let reviewers: Vec<&Principal> = people
                .iter()
                .filter(|r| r.user.id != by.user.id && r.organ_id == by.organ_id)
                .filter(|r| !r.user.roles.iter().any(|x| x.is_admin_triad()))
                .collect();
            assert!(!reviewers.is_empty(), "{} has a colleague to send to", by.user.username);
            let reviewer = rng.pick(&reviewers);
            let s = DocStep::Submit { reviewer_id: reviewer.user.id.clone(), signer_id: zhuren.user.id.clone() };
            let sent_on = app.step_document(&by, &doc.id, s).await.unwrap_or_else(|e| {
                panic!("{} could not send {} to {}: {e}", by.user.username, doc.id, reviewer.user.username)
            });
            assert_eq!(sent_on.state, zs_domain::document::DocState::Reviewing);
            sent += 1;
        }
    }
    assert!(sent >= 3, "some drafts must reach a reviewer ({sent})");
    // Information items from every liaison among them (towns, departments, random people), through 信息报送.
    let mut submitted = 0;
    for (i, p) in people.iter().enumerate() {
        if p.user.roles.contains(&Role::Liaison) && !p.user.unit_id.is_empty() {
            let news = NewInfo {
                category: *rng.pick(InfoCategory::ALL),
                title: format!("{}防汛值守情况{i}", p.unit_name),
                body: "汛期值班值守到位。".into(),
                commission_id: None,
            };
            app.submit_info(p, &news).await.unwrap_or_else(|e| panic!("{} submits: {e}", p.user.username));
            submitted += 1;
        }
    }
    assert!(submitted >= 3, "{submitted}");
    let ducha = who(&app, "ducha").await;
    let towns: Vec<String> = app
        .unit_tree()
        .await
        .unwrap()
        .into_iter()
        .filter(|n| n.unit.kind == zs_domain::UnitKind::Town)
        .map(|n| n.unit.id)
        .collect();
    for i in 0..5 {
        let item = NewItem {
            kind: Kind::Supervision,
            source_kind: String::new(),
            source_id: String::new(),
            source_title: String::new(),
            title: format!("防汛隐患整改第{i}项"),
            requirement: "按期完成".into(),
            category: None,
            measures: String::new(),
            lead_unit_id: rng.pick(&towns[..4]).clone(),
            co_unit_ids: vec![rng.pick(&towns[..4]).clone()],
            owner_name: String::new(),
            leader_id: None,
            due: d("2026-12-15"),
            cycle: Cycle::Once,
            assign: true,
        };
        app.create_item(&ducha, &item).await.unwrap();
    }
    let mut saw_some = 0;
    let mut saw_info = 0;
    for p in &people {
        let mut docs = BTreeSet::new();
        let mut items = BTreeSet::new();
        let mut infos = BTreeSet::new();
        let mut page = 1;
        loop {
            let r = app.search(p, &SearchInput { page, ..q("防汛") }).await.unwrap();
            for h in &r.hits {
                match h.kind.as_str() {
                    "document" => {
                        app.document(p, &h.record_id).await.unwrap_or_else(|e| {
                            panic!("{} sees document {} it cannot open: {e}", p.user.username, h.record_id)
                        });
                        docs.insert(h.record_id.clone());
                    }
                    "tracked_item" => {
                        app.item(p, &h.record_id).await.unwrap_or_else(|e| {
                            panic!("{} sees item {} it cannot open: {e}", p.user.username, h.record_id)
                        });
                        items.insert(h.record_id.clone());
                    }
                    "info_item" => {
                        app.info_item(p, &h.record_id).await.unwrap_or_else(|e| {
                            panic!("{} sees information item {} it cannot open: {e}", p.user.username, h.record_id)
                        });
                        assert_eq!(h.href, format!("/affairs/info/{}", h.record_id));
                        infos.insert(h.record_id.clone());
                    }
                    other => panic!("unexpected kind {other}"),
                }
            }
            if !r.more {
                break;
            }
            page += 1;
        }
        // Nothing the lists show is missing from the search either.
        let f = DocFilter { text: Some("防汛".into()), limit: 500, ..Default::default() };
        let listed: BTreeSet<String> = app.documents(p, &f).await.unwrap().0.into_iter().map(|d| d.id).collect();
        assert_eq!(docs, listed, "documents for {}", p.user.username);
        let f = ItemFilter { text: Some("防汛".into()), limit: 500, ..Default::default() };
        let listed: BTreeSet<String> = app.list_items(p, f).await.unwrap().0.into_iter().map(|t| t.id).collect();
        assert_eq!(items, listed, "items for {}", p.user.username);
        // Information items: the office's people find every unit's, the others their own unit's (a subset of
        // what their list shows, which for the 信息科's readers elsewhere is wider).
        let f = zs_app::affairs::ItemFilter { text: Some("防汛".into()), limit: 500, ..Default::default() };
        let listed: BTreeSet<String> = app
            .info_items(p, f)
            .await
            .unwrap()
            .0
            .into_iter()
            .filter(|i| p.subject.office_member || i.unit_id == p.user.unit_id)
            .map(|i| i.id)
            .collect();
        assert_eq!(infos, listed, "information items for {}", p.user.username);
        saw_info += usize::from(!infos.is_empty());
        saw_some += usize::from(!docs.is_empty() || !items.is_empty());
    }
    assert!(saw_some >= 8, "the test must exercise hits, not only empty lists ({saw_some})");
    assert!(saw_info >= 4, "information items must be found by some and not all ({saw_info})");
    assert!(saw_info < people.len(), "someone is kept from other units' information items");
});
