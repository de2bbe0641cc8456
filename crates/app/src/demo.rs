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
        let mut c = self.db.conn().await?;
        if settings::get(&mut c, KEY).await?.is_some() {
            return Ok(());
        }
        let units = org::list_units(&mut c).await?;
        drop(c);
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
