//! 四性检测 (DA/T 70-2018) of filed 件, one report line per 件:
//! - 真实性: every file still hashes to the sha256 recorded at filing; the metadata still hashes to the value
//!   fixed at filing; the PDF has the pages the record says.
//! - 完整性: required metadata present and consistent with the 档号; 件号 without gaps in their group; every
//!   file (the archival PDF first, originals and attachments) present.
//! - 可用性: the PDF opens and has pages; every file is in a format kept for the long term.
//! - 安全性: the filing is in the audit trail, and the trail's hash chain is intact.
//!
//! Files are read batch by batch and checked on every core.

use super::{may_manage, Filter, Metadata};
use crate::audit::{record, Actor};
use crate::{App, Principal, Result};
use std::collections::{BTreeMap, HashMap, HashSet};
use zs_domain::archive::{ArchivalCode, Retention};
use zs_store::archive::{self as store, File, Record};

/// The four properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Property {
    Authenticity,
    Integrity,
    Usability,
    Security,
}

impl Property {
    pub const ALL: [Property; 4] =
        [Property::Authenticity, Property::Integrity, Property::Usability, Property::Security];

    pub fn label(self) -> &'static str {
        match self {
            Property::Authenticity => "真实性",
            Property::Integrity => "完整性",
            Property::Usability => "可用性",
            Property::Security => "安全性",
        }
    }
}

/// One 件's result: no problems means it passed all four.
#[derive(Debug, Clone)]
pub struct ItemCheck {
    pub record_id: String,
    pub archival_code: String,
    pub title: String,
    pub problems: Vec<(Property, String)>,
}

impl ItemCheck {
    pub fn passed(&self, p: Property) -> bool {
        !self.problems.iter().any(|(q, _)| *q == p)
    }
}

#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every 件 checked, in id order.
    pub items: Vec<ItemCheck>,
    /// 件号 missing or repeated, per group.
    pub gaps: Vec<String>,
    /// The audit chain's fault, if any.
    pub chain_fault: Option<String>,
    pub elapsed_ms: u128,
}

impl CheckReport {
    pub fn failed(&self) -> impl Iterator<Item = &ItemCheck> {
        self.items.iter().filter(|i| !i.problems.is_empty())
    }

    /// How many 件 fail each property.
    pub fn failures(&self, p: Property) -> usize {
        self.items.iter().filter(|i| !i.passed(p)).count()
    }

    pub fn summary(&self) -> String {
        let bad = self.failed().count();
        let per: Vec<String> =
            Property::ALL.iter().map(|p| format!("{}不通过{}件", p.label(), self.failures(*p))).collect();
        format!("四性检测{}件，通过{}件，未通过{bad}件（{}）", self.items.len(), self.items.len() - bad, per.join("，"))
    }
}

/// Formats kept for the long term (GB/T 18894 and common practice): PDF and OFD first, office and text
/// files, and common image formats for scans.
const ACCEPTED: [&str; 11] = ["pdf", "ofd", "docx", "xlsx", "txt", "xml", "jpg", "jpeg", "png", "tif", "tiff"];

fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// Missing and repeated 件号 per group, and the 件 (by group and number) that follow a gap.
fn gaps(numbers: &[(String, String, i64, String, String, i64)]) -> (Vec<String>, HashSet<(String, i64)>) {
    let mut groups: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for (fonds, cat, year, ret, organ, no) in numbers {
        groups.entry(format!("{fonds}-{cat}·{year}-{ret}-{organ}")).or_default().push(*no);
    }
    let mut out = Vec::new();
    let mut after_gap = HashSet::new();
    for (g, nos) in groups {
        let mut expected = 1;
        for (i, n) in nos.iter().enumerate() {
            if i > 0 && *n == nos[i - 1] {
                out.push(format!("{g}：件号{n:04}重复"));
                continue;
            }
            if *n > expected {
                let missing =
                    if *n == expected + 1 { format!("{expected:04}") } else { format!("{expected:04}至{:04}", n - 1) };
                out.push(format!("{g}：缺少件号{missing}"));
                after_gap.insert((g.clone(), *n));
            }
            expected = n + 1;
        }
    }
    (out, after_gap)
}

fn group_of(r: &Record) -> String {
    format!("{}-{}·{}-{}-{}", r.fonds, r.category, r.year, r.retention, r.organ_code)
}

/// Everything checked of one 件 from its record, files and their bytes (None: missing).
fn check_item(r: &Record, files: &[File], bytes: &[Option<Vec<u8>>], audited: bool) -> Vec<(Property, String)> {
    use Property::*;
    let mut out = Vec::new();
    let mut say = |p: Property, m: String| out.push((p, m));
    // 完整性: metadata.
    for (value, label) in [(&r.title, "题名"), (&r.responsible, "责任者"), (&r.archival_code, "档号")] {
        if value.trim().is_empty() {
            say(Integrity, format!("缺少{label}"));
        }
    }
    if chrono::NaiveDate::parse_from_str(&r.dated, "%Y%m%d").is_err() {
        say(Integrity, format!("日期“{}”不是有效的YYYYMMDD日期", r.dated));
    }
    let composed = Retention::from_code(&r.retention).map(|retention| ArchivalCode {
        fonds: r.fonds.clone(),
        category: r.category.clone(),
        year: r.year as i32,
        retention,
        organ: r.organ_code.clone(),
        item_no: r.item_no,
    });
    match composed {
        Some(c) if c.to_string() == r.archival_code => {}
        _ => say(Integrity, format!("档号“{}”与全宗、年度、期限、机构、件号不一致", r.archival_code)),
    }
    if r.pages < 1 {
        say(Integrity, "页数缺失".into());
    }
    if files.first().map(|f| f.role.as_str()) != Some("pdf") {
        say(Integrity, "缺少归档PDF".into());
    }
    // 真实性: metadata as filed.
    if Metadata::of(r, files).hash() != r.meta_sha256 {
        say(Authenticity, "元数据与归档时固化的校验值不符（可能被改动）".into());
    }
    for (f, b) in files.iter().zip(bytes) {
        let Some(b) = b else {
            say(Integrity, format!("文件“{}”缺失", f.name));
            continue;
        };
        if zs_store::blobs::sha256_hex(b) != f.sha256 {
            say(Authenticity, format!("文件“{}”与归档时的SHA-256不符（已被改动）", f.name));
        }
        if !ACCEPTED.contains(&extension(&f.name).as_str()) {
            say(Usability, format!("文件“{}”的格式不在长期保存格式之列", f.name));
        }
        if f.role == "pdf" {
            match zs_office::pdf_pages(b) {
                Ok(n) if n as i64 == r.pages => {}
                Ok(n) => say(Authenticity, format!("归档PDF有{n}页，与著录的{}页不符", r.pages)),
                Err(e) => say(Usability, format!("归档PDF无法打开：{e}")),
            }
        }
    }
    if !audited {
        say(Security, "归档操作没有记入审计日志".into());
    }
    out
}

/// How many 件 are read from the store at a time.
const BATCH: i64 = 500;

impl App {
    /// 四性检测 of a year's 件 (or all), from the 档案室 page. The run is audited.
    pub async fn archive_check(&self, p: &Principal, year: Option<i32>) -> Result<CheckReport> {
        may_manage(p)?;
        self.run_check(&p.actor(), year).await
    }

    /// 四性检测 from the server's console (`zhongshu archive check`).
    pub async fn archive_check_console(&self, year: Option<i32>) -> Result<CheckReport> {
        self.run_check(&Actor::cli(), year).await
    }

    async fn run_check(&self, actor: &Actor, year: Option<i32>) -> Result<CheckReport> {
        let started = std::time::Instant::now();
        let chain = self.walk_chain().await?;
        let chain_fault = chain.fault.map(|f| f.to_string());
        let mut c = self.db.conn().await?;
        let audited = store::audited(&mut c).await?;
        let (gap_list, after_gap) = gaps(&store::numbers(&mut c, year).await?);
        let filter = Filter { year, ..Default::default() };
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let mut items = Vec::new();
        let mut after = String::new();
        loop {
            let records = store::batch(&mut c, &filter, &after, BATCH).await?;
            let Some(last) = records.last() else { break };
            after = last.id.clone();
            let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
            let mut files: HashMap<String, Vec<File>> = HashMap::new();
            for f in store::files_of(&mut c, &ids).await? {
                files.entry(f.record_id.clone()).or_default().push(f);
            }
            let mut work = Vec::with_capacity(records.len());
            for r in records {
                let fs = files.remove(&r.id).unwrap_or_default();
                let mut bytes = Vec::with_capacity(fs.len());
                for f in &fs {
                    bytes.push(self.blobs.get(&mut c, &f.sha256).await?);
                }
                let ok = audited.contains(&r.id);
                work.push((r, fs, bytes, ok));
            }
            // Hashing and parsing are CPU work: spread the batch over the cores, off the async workers.
            let checked = tokio::task::spawn_blocking(move || {
                let chunk = work.len().div_ceil(workers).max(1);
                std::thread::scope(|s| {
                    let handles: Vec<_> = work
                        .chunks(chunk)
                        .map(|part| {
                            s.spawn(move || {
                                part.iter()
                                    .map(|(r, fs, bytes, ok)| (r.clone(), check_item(r, fs, bytes, *ok)))
                                    .collect::<Vec<_>>()
                            })
                        })
                        .collect();
                    handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect::<Vec<_>>()
                })
            })
            .await
            .map_err(|e| crate::AppError::Config(format!("四性检测中断：{e}")))?;
            for (r, mut problems) in checked {
                if after_gap.contains(&(group_of(&r), r.item_no)) {
                    problems.push((Property::Integrity, "此件之前的件号不连续".into()));
                }
                if let Some(f) = &chain_fault {
                    problems.push((Property::Security, format!("审计链被破坏：{f}")));
                }
                items.push(ItemCheck { record_id: r.id, archival_code: r.archival_code, title: r.title, problems });
            }
        }
        drop(c);
        let report = CheckReport { items, gaps: gap_list, chain_fault, elapsed_ms: started.elapsed().as_millis() };
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let scope = year.map(|y| format!("{y}年")).unwrap_or_else(|| "全部".into());
        record(&mut tx, actor, "archive.check", "archive", "", &format!("{scope}：{}", report.summary()), now).await?;
        tx.commit().await?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(g: &str, no: i64) -> (String, String, i64, String, String, i64) {
        (g.into(), "WS".into(), 2026, "Y".into(), "BGS".into(), no)
    }

    #[test]
    fn gaps_and_repeats_are_named() {
        let (list, after) = gaps(&[n("Z1", 1), n("Z1", 2), n("Z1", 5), n("Z1", 5), n("Z2", 2)]);
        assert_eq!(
            list,
            vec![
                "Z1-WS·2026-Y-BGS：缺少件号0003至0004",
                "Z1-WS·2026-Y-BGS：件号0005重复",
                "Z2-WS·2026-Y-BGS：缺少件号0001"
            ]
        );
        assert!(after.contains(&("Z1-WS·2026-Y-BGS".to_string(), 5)));
        assert!(gaps(&[n("Z1", 1), n("Z1", 2)]).0.is_empty());
    }
}
