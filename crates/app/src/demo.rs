//! The demo county (青禾县, fictional): the office and its 科室, 22 departments, 33 towns and about
//! 150 people across every role. Loading it twice changes nothing.

use crate::audit::{record, Actor};
use crate::auth::hash_password;
use crate::{App, Result};
use zs_domain::{Classification, Role, Unit, UnitKind, User};
use zs_store::{org, settings};

pub const DEMO_PASSWORD: &str = "Zhongshu@2026";
const LOADED_KEY: &str = "demo.loaded";

/// A demo account worth listing on the console and in the README.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: String,
    pub name: String,
    pub unit: String,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub struct DemoReport {
    pub created: bool,
    pub units: i64,
    pub users: i64,
    pub accounts: Vec<DemoAccount>,
    pub extra_users: i64,
    pub audit_events: i64,
}

const SECTIONS: [(&str, &str); 9] = [
    ("秘书一科", "MSYK"),
    ("秘书二科", "MSEK"),
    ("督查科", "DCK"),
    ("信息科", "XXK"),
    ("综合科", "ZHK"),
    ("行政科", "XZK"),
    ("机要室", "JYS"),
    ("档案室", "DAS"),
    ("信息中心", "XXZX"),
];

const DEPARTMENTS: [(&str, &str); 22] = [
    ("县发展和改革局", "FGJ"),
    ("县教育局", "JYJ"),
    ("县公安局", "GAJ"),
    ("县民政局", "MZJ"),
    ("县司法局", "SFJ"),
    ("县财政局", "CZJ"),
    ("县人力资源和社会保障局", "RSJ"),
    ("县自然资源局", "ZRZYJ"),
    ("县生态环境分局", "STHJJ"),
    ("县住房和城乡建设局", "ZJJ"),
    ("县交通运输局", "JTJ"),
    ("县水利局", "SLJ"),
    ("县农业农村局", "NYNCJ"),
    ("县商务局", "SWJ"),
    ("县文化广电和旅游局", "WGLJ"),
    ("县卫生健康局", "WJJ"),
    ("县退役军人事务局", "TYJRJ"),
    ("县应急管理局", "YJJ"),
    ("县审计局", "SJJ"),
    ("县市场监督管理局", "SCJGJ"),
    ("县统计局", "TJJ"),
    ("县医疗保障局", "YBJ"),
];

const TOWNS: [&str; 33] = [
    "青禾镇",
    "白水镇",
    "石门镇",
    "柳溪镇",
    "金坪镇",
    "龙泉镇",
    "桃源镇",
    "凤鸣镇",
    "双河镇",
    "清溪镇",
    "高桥镇",
    "新田镇",
    "太平镇",
    "花园镇",
    "长岭镇",
    "马鞍镇",
    "云台乡",
    "杨柳乡",
    "竹林乡",
    "梅岭乡",
    "黄土乡",
    "三合乡",
    "大坪乡",
    "枫树乡",
    "碧水乡",
    "东山街道",
    "西城街道",
    "南湖街道",
    "北塔街道",
    "红星乡",
    "团结乡",
    "永安乡",
    "和平乡",
];

const SURNAMES: [char; 24] = [
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗',
    '高', '郑', '梁', '谢', '宋',
];
const GIVEN: [&str; 40] = [
    "建国", "志强", "秀英", "海燕", "国华", "丽娟", "明辉", "晓东", "春梅", "文静", "红军", "玉兰", "俊杰", "桂芳",
    "永刚", "雪梅", "德明", "慧敏", "立新", "淑珍", "卫东", "晓燕", "长青", "美玲", "振华", "亚男", "国强", "小红",
    "建华", "丹丹", "宏伟", "静怡", "学军", "佳琪", "保平", "凤英", "海涛", "婷婷", "光荣", "思远",
];

/// A distinct, stable Chinese name for person number `i`.
fn person_name(i: usize) -> String {
    let s = SURNAMES[i % SURNAMES.len()];
    // Distinct for the first 300 people (checked by the plan test).
    let g = GIVEN[(i / SURNAMES.len() + i * 7) % GIVEN.len()];
    format!("{s}{g}")
}

struct Person {
    username: String,
    unit: usize,
    position: &'static str,
    roles: Vec<Role>,
    listed: bool,
}

impl App {
    /// Load the demo county into the configured store (once), and optionally bulk data for benchmarks.
    pub async fn load_demo(&self, extra_users: i64, audit_events: i64) -> Result<DemoReport> {
        let mut c = self.db.conn().await?;
        let loaded = settings::get(&mut c, LOADED_KEY).await?.is_some();
        drop(c);
        // One hash for every demo account: argon2 is slow on purpose, and these share one password anyway.
        let hash = tokio::task::spawn_blocking(|| hash_password(DEMO_PASSWORD))
            .await
            .map_err(|e| crate::AppError::Config(e.to_string()))?;
        let (units, people) = plan();
        let accounts: Vec<DemoAccount> = people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.listed)
            .map(|(i, p)| DemoAccount {
                username: p.username.clone(),
                name: person_name(i),
                unit: units[p.unit].name.clone(),
                role: p.roles[0],
            })
            .collect();
        if !loaded {
            let now = self.now_ms();
            let mut tx = self.db.begin().await?;
            for u in &units {
                org::insert_unit(&mut tx, u, now).await?;
            }
            for (i, p) in people.iter().enumerate() {
                let user = User {
                    id: zs_domain::new_id(),
                    username: p.username.clone(),
                    name: person_name(i),
                    unit_id: units[p.unit].id.clone(),
                    position: p.position.into(),
                    phone: format!("139{:08}", 7310000 + i),
                    email: String::new(),
                    clearance: if p.roles.contains(&Role::Leader) {
                        Classification::WorkSecret
                    } else {
                        Classification::Internal
                    },
                    active: true,
                    roles: p.roles.clone(),
                };
                org::insert_user(&mut tx, &user, &hash, false, now).await?;
            }
            settings::put(&mut tx, LOADED_KEY, &now.to_string()).await?;
            let detail = format!("载入演示数据：{}个单位，{}名用户", units.len(), people.len());
            record(&mut tx, &Actor::cli(), "demo.load", "demo", "", &detail, now).await?;
            tx.commit().await?;
        }
        self.demo_agency_codes().await?;
        self.demo_meetings().await?;
        self.demo_affairs().await?;
        let extra = self.bench_users(extra_users, &units, &hash).await?;
        let events = self.bench_audit(audit_events).await?;
        let mut c = self.db.conn().await?;
        let unit_count = org::count_units(&mut c).await?;
        let user_count = org::count_users(&mut c).await?;
        Ok(DemoReport {
            created: !loaded,
            units: unit_count,
            users: user_count,
            accounts,
            extra_users: extra,
            audit_events: events,
        })
    }

    /// 机关代字 of the demo county's issuing organs (once; added to demo databases made before 办文).
    async fn demo_agency_codes(&self) -> Result<()> {
        const KEY: &str = "demo.agency_codes";
        if !self.demo_part_pending(KEY).await? {
            return Ok(());
        }
        let units = org::list_units(&mut self.db.conn().await?).await?;
        let id_of = |name: &str| units.iter().find(|u| u.name == name).map(|u| u.id.clone());
        let (Some(office), Some(finance)) = (id_of("青禾县人民政府办公室"), id_of("县财政局")) else {
            return Ok(());
        };
        let codes = [
            (&office, "青政发", "青禾县人民政府", "青禾县人民政府文件", "县政府发文"),
            (&office, "青政办发", "青禾县人民政府办公室", "青禾县人民政府办公室文件", "县政府办公室发文"),
            (&office, "青政函", "青禾县人民政府", "青禾县人民政府", "县政府函件（信函格式）"),
            (&office, "青政办函", "青禾县人民政府办公室", "青禾县人民政府办公室", "县政府办公室函件（信函格式）"),
            (&finance, "青财发", "青禾县财政局", "青禾县财政局文件", "县财政局发文"),
        ];
        let now = self.now_ms();
        let mut tx = self.db.begin().await?;
        for (unit, code, issuer, mark, note) in codes {
            let a = zs_store::documents::AgencyCode {
                id: zs_domain::new_id(),
                unit_id: unit.clone(),
                code: code.into(),
                issuer: issuer.into(),
                mark: mark.into(),
                note: note.into(),
                active: true,
                created_ms: now,
            };
            zs_store::documents::insert_code(&mut tx, &a).await?;
        }
        settings::put(&mut tx, KEY, &now.to_string()).await?;
        record(&mut tx, &Actor::cli(), "demo.load", "demo", "", "载入演示机关代字5个", now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Work in progress for the demo (not loaded by tests, which start from the bare county), made through the
    /// real use cases by the demo accounts, each part once: documents and 督办 matters.
    pub async fn load_demo_work(&self) -> Result<()> {
        self.demo_documents().await?;
        self.demo_tracking().await
    }

    /// 办文 documents in the states a working office has them: a 收文 waiting for 拟办, one waiting for the
    /// county head's 批示, a 发文 waiting for 签发, and one dispatched to two towns and a department, waiting
    /// for their 签收.
    async fn demo_documents(&self) -> Result<()> {
        use crate::documents::{DocStep, NewDistribution, NewIncoming};
        use zs_domain::document::{Content, DocType, Urgency};
        const KEY: &str = "demo.documents";
        if !self.demo_part_pending(KEY).await? {
            return Ok(());
        }
        let units = org::list_units(&mut self.db.conn().await?).await?;
        let codes = zs_store::documents::codes(&mut self.db.conn().await?).await?;
        let unit = |name: &str| units.iter().find(|u| u.name == name).map(|u| u.id.clone());
        let code = codes.iter().find(|a| a.code == "青政办发").map(|a| a.id.clone());
        let (Some(town1), Some(town2), Some(edu), Some(code)) =
            (unit("青禾镇"), unit("白水镇"), unit("县教育局"), code)
        else {
            return Ok(());
        };
        let wenshu = self.demo_principal("wenshu").await?;
        let mishu = self.demo_principal("mishu").await?;
        let mishu3 = self.demo_principal("mishu3").await?;
        let zhuren = self.demo_principal("zhuren").await?;
        let xianzhang = self.demo_principal("xianzhang").await?;
        let incoming = |title: &str, number: &str, body: &str| NewIncoming {
            content: Content {
                issuer: "市人民政府办公室".into(),
                title: title.into(),
                body: body.into(),
                urgency: Urgency::Urgent,
                ..Content::blank(DocType::Notice)
            },
            doc_number: number.into(),
            copies: 1,
            pages: 3,
            received_on: None,
            original: None,
        };
        let fire = self
            .register_incoming(
                &wenshu,
                &incoming(
                    "市人民政府办公室关于做好2026年冬春季森林防火工作的通知",
                    "市政办发〔2026〕88号",
                    "各县（市、区）人民政府，市直各部门：\n一、压实防火责任\n各地要严格落实森林防火行政首长负责制。",
                ),
            )
            .await?;
        self.step_document(&wenshu, &fire.id, DocStep::Screen).await?;
        let report = self
            .register_incoming(
                &wenshu,
                &incoming(
                    "市人民政府办公室关于报送2026年度重点工作完成情况的通知",
                    "市政办发〔2026〕91号",
                    "请于12月20日前报送本年度重点工作完成情况。",
                ),
            )
            .await?;
        self.step_document(&wenshu, &report.id, DocStep::Screen).await?;
        let propose = DocStep::Propose {
            proposal: "拟请县发展和改革局牵头汇总，各部门配合，12月18日前报县政府办公室审核后上报。".into(),
            leader_id: xianzhang.user.id.clone(),
        };
        self.step_document(&mishu, &report.id, propose).await?;
        let draft = |title: &str, body: &str| Content {
            agency_code_id: Some(code.clone()),
            title: title.into(),
            to: "各乡镇人民政府，县直各部门：".into(),
            body: body.into(),
            ..Content::blank(DocType::Notice)
        };
        let submit = DocStep::Submit { reviewer_id: mishu3.user.id.clone(), signer_id: zhuren.user.id.clone() };
        let safety = self
            .create_draft(
                &mishu,
                &draft(
                    "青禾县人民政府办公室关于做好元旦春节期间安全生产工作的通知",
                    "为切实做好元旦春节期间安全生产工作，现就有关事项通知如下。\n一、强化责任落实\n各乡镇、各部门要严格落实安全生产责任制。\n二、开展隐患排查\n12月25日前完成一轮全面排查。",
                ),
            )
            .await?;
        self.step_document(&mishu, &safety.id, submit.clone()).await?;
        self.step_document(&mishu3, &safety.id, DocStep::ToSignOff).await?;
        let rules = self
            .create_draft(
                &mishu,
                &draft(
                    "青禾县人民政府办公室关于印发《青禾县政务信息工作考核办法》的通知",
                    "现将《青禾县政务信息工作考核办法》印发给你们，请认真贯彻执行。",
                ),
            )
            .await?;
        self.step_document(&mishu, &rules.id, submit).await?;
        self.step_document(&mishu3, &rules.id, DocStep::ToSignOff).await?;
        let sign = DocStep::SignOff { opinion: "同意印发".into(), override_reason: String::new() };
        self.step_document(&zhuren, &rules.id, sign).await?;
        self.step_document(&wenshu, &rules.id, DocStep::Recheck { note: String::new() }).await?;
        let distributions = [town1, town2, edu]
            .into_iter()
            .map(|u| NewDistribution { unit_id: Some(u), name: String::new(), copies: 0 })
            .collect();
        self.step_document(&wenshu, &rules.id, DocStep::Register { distributions, copies: 0, pages: 0 }).await?;
        self.step_document(&wenshu, &rules.id, DocStep::Produce).await?;
        self.step_document(&wenshu, &rules.id, DocStep::Dispatch).await?;
        self.demo_part_loaded(KEY).await
    }

    /// 督查督办 in progress for the demo (once): matters assigned by 督查科 to towns and departments, one
    /// signed for with a progress report, one waiting to be signed for, one near its deadline, one closed.
    async fn demo_tracking(&self) -> Result<()> {
        use crate::tracking::{NewItem, Step};
        use zs_domain::tracking::{Category, Cycle, Kind};
        const KEY: &str = "demo.tracking";
        if !self.demo_part_pending(KEY).await? {
            return Ok(());
        }
        let units = org::list_units(&mut self.db.conn().await?).await?;
        let unit = |name: &str| units.iter().find(|u| u.name == name).map(|u| u.id.clone());
        let (Some(town1), Some(town2), Some(town3), Some(reform), Some(finance)) =
            (unit("青禾镇"), unit("白水镇"), unit("石门镇"), unit("县发展和改革局"), unit("县财政局"))
        else {
            return Ok(());
        };
        let ducha = self.demo_principal("ducha").await?;
        let xianzhang = self.demo_principal("xianzhang").await?;
        let cal = self.calendar();
        let today = self.today();
        let item =
            |kind: Kind, source: &str, title: &str, requirement: &str, lead: &str, co: &[&str], owner: &str, days| {
                NewItem {
                    kind,
                    source_kind: "manual".into(),
                    source_id: String::new(),
                    source_title: source.into(),
                    title: title.into(),
                    requirement: requirement.into(),
                    category: None,
                    measures: String::new(),
                    lead_unit_id: lead.into(),
                    co_unit_ids: co.iter().map(|u| u.to_string()).collect(),
                    owner_name: owner.into(),
                    leader_id: Some(xianzhang.user.id.clone()),
                    due: cal.add_working_days(today, days),
                    cycle: Cycle::Weekly,
                    assign: true,
                }
            };
        let lead_part = |view: crate::tracking::ItemView| {
            view.parts.into_iter().find(|p| p.is_lead).map(|p| p.id).unwrap_or_default()
        };

        let water = self
            .create_item(
                &ducha,
                &item(
                    Kind::Supervision,
                    "县长批示",
                    "推进冬季农田水利基本建设",
                    "年底前完成小型水利设施修缮，每周报送进展。",
                    &town1,
                    &[town2.as_str()],
                    "马静怡",
                    15,
                ),
            )
            .await?;
        let part = lead_part(self.item(&ducha, &water.id).await?);
        let xz01 = self.demo_principal("xz01").await?;
        self.step_item(&xz01, &part, Step::Acknowledge).await?;
        let report = Step::Report { text: "已完成渠道清淤3.2公里，修缮山塘2座。".into(), progress: 40 };
        self.step_item(&xz01, &part, report).await?;

        let audit = NewItem {
            category: Some(Category::Deadline),
            ..item(
                Kind::Rectification,
                "县审计局专项审计反馈",
                "涉农专项资金拨付滞后问题整改",
                "对审计指出的3笔涉农资金拨付滞后问题限期整改，报送整改台账。",
                &finance,
                &[],
                "县财政局农业股",
                20,
            )
        };
        self.create_item(&ducha, &audit).await?;

        let summary = item(
            Kind::Supervision,
            "市政办发〔2026〕91号",
            "报送2026年度重点工作完成情况",
            "汇总各部门重点工作完成情况，报县政府办公室审核后上报市政府。",
            &reform,
            &[],
            "县发展和改革局综合股",
            2,
        );
        self.create_item(&ducha, &summary).await?;

        let duty = self
            .create_item(
                &ducha,
                &item(
                    Kind::Supervision,
                    "县政府办公室通知",
                    "报送元旦期间值班安排",
                    "报送元旦期间领导带班和值班人员名单。",
                    &town3,
                    &[],
                    "石门镇党政办",
                    5,
                ),
            )
            .await?;
        let part = lead_part(self.item(&ducha, &duty.id).await?);
        let xz03 = self.demo_principal("xz03").await?;
        self.step_item(&xz03, &part, Step::Acknowledge).await?;
        let done = Step::RequestClose {
            result: "值班安排已报送并在镇政府公示栏公示。".into(), rule: String::new()
        };
        self.step_item(&xz03, &part, done).await?;
        self.step_item(&ducha, &part, Step::Close { note: "材料齐全，同意销号。".into() }).await?;
        self.demo_part_loaded(KEY).await
    }

    /// Whether the demo part named `key` is still to be loaded (each part loads once).
    async fn demo_part_pending(&self, key: &str) -> Result<bool> {
        Ok(settings::get(&mut self.db.conn().await?, key).await?.is_none())
    }

    /// Note that the demo part named `key` is loaded (a part made through the use cases writes in several
    /// transactions, so it is marked only when all of them are done).
    async fn demo_part_loaded(&self, key: &str) -> Result<()> {
        let mut tx = self.db.begin().await?;
        settings::put(&mut tx, key, &self.now_ms().to_string()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Up to `n` extra liaison accounts spread over the towns (idempotent by login name).
    async fn bench_users(&self, n: i64, units: &[Unit], hash: &str) -> Result<i64> {
        if n <= 0 {
            return Ok(0);
        }
        let mut c = self.db.conn().await?;
        let towns: Vec<Unit> =
            org::list_units(&mut c).await?.into_iter().filter(|u| u.kind == UnitKind::Town).collect();
        let (have,): (i64,) =
            zs_store::q("SELECT COUNT(*) FROM users WHERE username LIKE 'bench%'").fetch_one(&mut c).await?;
        drop(c);
        let towns = if towns.is_empty() { units.to_vec() } else { towns };
        let now = self.now_ms();
        for chunk_start in (have..n).step_by(500) {
            let mut tx = self.db.begin().await?;
            for i in chunk_start..(chunk_start + 500).min(n) {
                let user = User {
                    id: zs_domain::new_id(),
                    username: format!("bench{i:05}"),
                    name: person_name(1000 + i as usize),
                    unit_id: towns[i as usize % towns.len()].id.clone(),
                    position: "科员".into(),
                    phone: String::new(),
                    email: String::new(),
                    clearance: Classification::Internal,
                    active: true,
                    roles: vec![Role::Liaison],
                };
                org::insert_user(&mut tx, &user, hash, false, now).await?;
            }
            tx.commit().await?;
        }
        Ok((n - have).max(0))
    }

    /// Add audit events until there are at least `n` (for load tests of the audit pages).
    async fn bench_audit(&self, n: i64) -> Result<i64> {
        let mut c = self.db.conn().await?;
        let (have, _) = zs_store::audit::head(&mut c).await?;
        drop(c);
        let actor = Actor { user_id: None, name: "压测".into(), ip: "127.0.0.1".into() };
        let now = self.now_ms();
        let mut i = have;
        while i < n {
            let mut tx = self.db.begin().await?;
            for _ in 0..(n - i).min(2_000) {
                i += 1;
                record(&mut tx, &actor, "bench.event", "bench", &i.to_string(), "压测数据", now).await?;
            }
            tx.commit().await?;
        }
        Ok((n - have).max(0))
    }
}

impl App {
    /// 办事: the 信息科's three journals and two items from towns waiting to be screened (once; added to demo
    /// databases made before 办事).
    async fn demo_affairs(&self) -> Result<()> {
        use zs_domain::affairs::info::{InfoCategory, InfoItem, InfoState, ScoreRules};
        use zs_domain::affairs::journal::Journal;
        const KEY: &str = "demo.affairs";
        if !self.demo_part_pending(KEY).await? {
            return Ok(());
        }
        let mut c = self.db.conn().await?;
        let mut authors = Vec::new();
        for login in ["xz01", "xz03"] {
            let row: Option<(String, String, String)> =
                zs_store::q("SELECT id, name, unit_id FROM users WHERE username = $1")
                    .bind(login)
                    .fetch_optional(&mut c)
                    .await?;
            authors.extend(row);
        }
        drop(c);
        if authors.len() < 2 {
            return Ok(());
        }
        let now = self.now_ms();
        let today = self.today();
        let distribution = "市委办公室、市政府办公室，县委、县人大常委会、县政府、县政协领导";
        let mut tx = self.db.begin().await?;
        for (name, points) in [("青禾政务信息", 1), ("每日要情", 1), ("青禾专报", 3)] {
            let j = Journal {
                id: zs_domain::new_id(),
                name: name.into(),
                mark: name.into(),
                editor: "青禾县人民政府办公室".into(),
                distribution: distribution.into(),
                active: true,
                created_ms: now,
            };
            zs_store::affairs::journals::insert_journal(&mut tx, &j).await?;
            zs_store::affairs::info::put_rule(&mut tx, &ScoreRules::journal_key(&j.id), points, now).await?;
        }
        let samples = [
            (InfoCategory::News, "青禾镇“三个一批”推动冬季农田水利建设", "今冬以来，青禾镇围绕冬季农田水利建设，开工一批、建成一批、谋划一批，已完成塘坝清淤12处、渠道硬化8.5公里。\n下一步，该镇将继续抓好工程质量和安全管理，确保明年春耕前全部完工。"),
            (InfoCategory::Suggestion, "石门镇反映农村客运班线运营困难的建议", "石门镇部分农村客运班线客流减少、成本上升，运营企业亏损，存在停运风险。\n建议县交通运输局统筹研究班线调整和补贴办法，保障群众出行。"),
        ];
        for ((id, name, unit), (category, title, body)) in authors.into_iter().zip(samples) {
            let item = InfoItem {
                id: zs_domain::new_id(),
                unit_id: unit,
                author_id: id.clone(),
                author_name: name.clone(),
                category,
                title: title.into(),
                body: body.into(),
                state: InfoState::Submitted,
                version: 1,
                commission_id: None,
                submitted_on: today,
                submitted_ms: now,
                updated_ms: now,
                note: String::new(),
            };
            zs_store::affairs::info::insert(&mut tx, &item).await?;
            crate::affairs::info::index(&mut tx, &item).await?;
            let v = zs_store::affairs::info::VersionRow {
                item_id: item.id.clone(),
                version: 1,
                title: item.title.clone(),
                body: item.body.clone(),
                author_id: Some(id),
                author_name: name,
                created_ms: now,
            };
            zs_store::affairs::info::insert_version(&mut tx, &v).await?;
        }
        settings::put(&mut tx, KEY, &now.to_string()).await?;
        record(&mut tx, &Actor::cli(), "demo.load", "demo", "", "载入演示信息期刊3种、待审信息2条", now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Units and people of the demo county, in a fixed order (ids are new each load; names are stable).
fn plan() -> (Vec<Unit>, Vec<Person>) {
    let mut units = Vec::new();
    let add = |name: &str, code: &str, kind: UnitKind, parent: Option<usize>, units: &mut Vec<Unit>| {
        let parent_id = parent.map(|p: usize| units[p].id.clone());
        units.push(Unit {
            id: zs_domain::new_id(),
            parent_id,
            name: name.into(),
            code: code.into(),
            kind,
            sort: units.len() as i64,
            active: true,
        });
        units.len() - 1
    };
    let leaders = add("青禾县人民政府领导", "XLD", UnitKind::Office, None, &mut units);
    let office = add("青禾县人民政府办公室", "BGS", UnitKind::Office, None, &mut units);
    let sections: Vec<usize> =
        SECTIONS.iter().map(|(n, c)| add(n, c, UnitKind::Section, Some(office), &mut units)).collect();
    let departments: Vec<usize> =
        DEPARTMENTS.iter().map(|(n, c)| add(n, c, UnitKind::Department, None, &mut units)).collect();
    let towns: Vec<usize> = TOWNS
        .iter()
        .enumerate()
        .map(|(i, n)| add(n, &format!("XZ{:02}", i + 1), UnitKind::Town, None, &mut units))
        .collect();

    let mut people = Vec::new();
    let mut person = |username: &str, unit: usize, position: &'static str, roles: &[Role], listed: bool| {
        people.push(Person { username: username.into(), unit, position, roles: roles.to_vec(), listed })
    };
    use Role::*;
    person("xianzhang", leaders, "县长", &[Leader], true);
    person("changwu", leaders, "常务副县长", &[Leader], false);
    for (i, pos) in ["副县长", "副县长", "副县长"].iter().enumerate() {
        person(&format!("fuxianzhang{}", i + 1), leaders, pos, &[Leader], false);
    }
    person("zhuren", office, "办公室主任", &[OfficeDirector, Leader], true);
    person("fuzhuren1", office, "办公室副主任", &[OfficeDirector], false);
    person("fuzhuren2", office, "办公室副主任", &[OfficeDirector], false);
    let [ms1, ms2, dc, xx, zh, xz, jy, da, it] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map(|i| sections[i]);
    person("mishu", ms1, "科长", &[Drafter], true);
    person("mishu2", ms1, "科员", &[Drafter], false);
    person("mishu3", ms2, "科长", &[Drafter], false);
    person("mishu4", ms2, "科员", &[Drafter], false);
    person("ducha", dc, "科长", &[Supervisor], true);
    person("ducha2", dc, "科员", &[Supervisor], false);
    person("ducha3", dc, "科员", &[Supervisor], false);
    person("xinxi", xx, "科长", &[InfoEditor], true);
    person("xinxi2", xx, "科员", &[InfoEditor], false);
    person("huiwu", zh, "科长", &[MeetingClerk], true);
    person("huiwu2", zh, "科员", &[MeetingClerk], false);
    person("jiedai", xz, "科长", &[ReceptionOfficer], true);
    person("jiedai2", xz, "科员", &[ReceptionOfficer], false);
    person("wenshu", jy, "主任", &[Registrar], true);
    person("wenshu2", jy, "科员", &[Registrar], false);
    person("dangan", da, "主任", &[Archivist], true);
    person("dangan2", da, "科员", &[Archivist], false);
    person("admin", it, "系统管理员", &[Sysadmin], true);
    person("baomi", it, "安全保密员", &[SecurityOfficer], true);
    person("shenji", it, "安全审计员", &[Auditor], true);
    for (i, u) in departments.iter().enumerate() {
        person(&format!("bm{:02}", i + 1), *u, "办公室主任", &[Liaison], i == 0);
        person(&format!("bm{:02}b", i + 1), *u, "科员", &[Drafter], false);
        if i < 12 {
            person(&format!("bm{:02}c", i + 1), *u, "分管副局长", &[Leader], false);
        }
    }
    for (i, u) in towns.iter().enumerate() {
        person(&format!("xz{:02}", i + 1), *u, "党政办主任", &[Liaison], i < 2);
        person(&format!("xz{:02}b", i + 1), *u, "党政办干事", &[Liaison], false);
    }
    (units, people)
}

impl App {
    /// 办会: two rooms, a 县长办公会议 two working days ahead with its notice out, and this year's
    /// caps (once; added to demo databases made before 办会).
    async fn demo_meetings(&self) -> Result<()> {
        use zs_domain::meeting::{AgendaItem, AttendRole, Invitee, Meeting, MeetingKind, MeetingState, Room};
        const KEY: &str = "demo.meetings";
        if !self.demo_part_pending(KEY).await? {
            return Ok(());
        }
        let mut c = self.db.conn().await?;
        let units = org::list_units(&mut c).await?;
        let unit = |name: &str| units.iter().find(|u| u.name == name).cloned();
        let user = |login: &'static str| {
            zs_store::q("SELECT id, name, unit_id, position FROM users WHERE username = $1").bind(login)
        };
        let chair: Option<(String, String, String, String)> = user("xianzhang").fetch_optional(&mut c).await?;
        let changwu: Option<(String, String, String, String)> = user("changwu").fetch_optional(&mut c).await?;
        let clerk: Option<(String, String, String, String)> = user("huiwu").fetch_optional(&mut c).await?;
        drop(c);
        let (Some(office), Some(transport), Some(town), Some(finance), Some(chair), Some(changwu), Some(clerk)) = (
            unit("青禾县人民政府办公室"),
            unit("县交通运输局"),
            unit("青禾镇"),
            unit("县财政局"),
            chair,
            changwu,
            clerk,
        ) else {
            return Ok(());
        };
        let now = self.now_ms();
        let cal = self.calendar();
        let day = cal.add_working_days(self.today(), 2);
        let at = |h, m| zs_domain::time::local_ms(day.and_hms_opt(h, m, 0).unwrap_or_default());
        let rooms = [
            (
                "县政府第一会议室",
                "县行政中心三楼",
                40,
                vec!["投影仪".to_string(), "视频会议终端".to_string(), "桌牌".to_string()],
            ),
            ("县政府第二会议室", "县行政中心二楼", 16, vec!["投影仪".to_string()]),
        ];
        let mut tx = self.db.begin().await?;
        let mut room_ids = Vec::new();
        for (name, location, capacity, equipment) in rooms {
            let r = Room {
                id: zs_domain::new_id(),
                name: name.into(),
                location: location.into(),
                capacity,
                equipment,
                active: true,
            };
            zs_store::meetings::insert_room(&mut tx, &r, now).await?;
            room_ids.push((r.id.clone(), r.place()));
        }
        let m = Meeting {
            id: zs_domain::new_id(),
            kind: MeetingKind::Executive,
            title: "县长办公会议（研究冬季安全生产）".into(),
            host: "青禾县人民政府".into(),
            organizer_unit_id: office.id.clone(),
            room_id: Some(room_ids[0].0.clone()),
            place: room_ids[0].1.clone(),
            start_ms: at(9, 0),
            end_ms: at(10, 30),
            chair_id: Some(chair.0.clone()),
            chair_name: chair.1.clone(),
            rsvp_due_ms: zs_domain::time::local_ms(
                cal.add_working_days(day, -1).and_hms_opt(17, 0, 0).unwrap_or_default(),
            ),
            requirements: "请县交通运输局提前准备汇报材料。".into(),
            contact: "综合科 0731-8888001".into(),
            state: MeetingState::Noticed,
            notice_sent_ms: Some(now),
            minutes_doc_id: None,
            cancel_reason: String::new(),
            created_by: clerk.0.clone(),
            created_ms: now,
            updated_ms: now,
        };
        zs_store::meetings::insert(&mut tx, &m).await?;
        let seats = [
            (Some(changwu.0.clone()), changwu.2.clone(), changwu.1.clone(), changwu.3.clone(), AttendRole::Present),
            (None, transport.id.clone(), transport.name.clone(), String::new(), AttendRole::Present),
            (None, town.id.clone(), town.name.clone(), String::new(), AttendRole::Present),
            (None, finance.id.clone(), finance.name.clone(), String::new(), AttendRole::Attending),
        ];
        let mut invitees = Vec::new();
        for (i, (user_id, unit_id, name, post, role)) in seats.into_iter().enumerate() {
            let inv = Invitee {
                id: zs_domain::new_id(),
                meeting_id: m.id.clone(),
                user_id,
                unit_id,
                name,
                post,
                role,
                position: i as i64 + 1,
                rsvp: None,
                answered_by: None,
                answered_ms: None,
                urge_count: 0,
                checked_in_ms: None,
                checkin_name: String::new(),
                checkin_method: String::new(),
                bad_codes: 0,
            };
            zs_store::meetings::insert_invitee(&mut tx, &inv).await?;
            invitees.push(inv);
        }
        for (i, (title, unit_id)) in
            [("听取冬季农村公路安全隐患排查情况汇报", Some(transport.id.clone())), ("研究春运安全保障工作", None)]
                .into_iter()
                .enumerate()
        {
            let a = AgendaItem {
                id: zs_domain::new_id(),
                meeting_id: m.id.clone(),
                position: i as i64 + 1,
                title: title.into(),
                unit_id,
                reporter: String::new(),
            };
            zs_store::meetings::insert_agenda(&mut tx, &a).await?;
        }
        self.sync_burden(&mut tx, &m, &invitees).await?;
        let caps = zs_domain::meeting::Caps {
            documents: Some(300),
            meetings: Some(60),
            meeting_hours: Some(120),
            items: Some(80),
            reports: Some(200),
        };
        zs_store::burden::put_caps(&mut tx, chrono::Datelike::year(&self.today()), &caps, "演示数据", now).await?;
        settings::put(&mut tx, KEY, &now.to_string()).await?;
        record(&mut tx, &Actor::cli(), "demo.load", "demo", "", "载入演示会议室2间、会议1个和年度发文发会上限", now)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_is_a_county_with_every_role_and_unique_names() {
        let (units, people) = plan();
        assert_eq!(units.iter().filter(|u| u.kind == UnitKind::Town).count(), 33);
        assert!(units.iter().filter(|u| u.kind == UnitKind::Department).count() >= 20);
        assert!((140..=170).contains(&people.len()), "{}", people.len());
        for r in Role::ALL {
            assert!(people.iter().any(|p| p.roles.contains(&r)), "no demo user with role {r:?}");
        }
        let names: std::collections::HashSet<String> = (0..people.len()).map(person_name).collect();
        assert_eq!(names.len(), people.len(), "person names must be distinct");
        let logins: std::collections::HashSet<&str> = people.iter().map(|p| p.username.as_str()).collect();
        assert_eq!(logins.len(), people.len());
        for p in &people {
            zs_domain::org::check_role_set(&p.roles).unwrap();
        }
    }
}
