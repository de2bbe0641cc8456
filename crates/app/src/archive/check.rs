//! 四性检测 (DA/T 70-2018) of filed 件, one report line per 件:
//! - 真实性: every file still hashes to the sha256 recorded at filing; the metadata still hashes to the value
//!   fixed at filing and matches the content: the PDF has the pages the record says and its first page carries
//!   the recorded 题名.
//! - 完整性: required metadata present and consistent with the 档号; 件号 without gaps in their group; every
//!   file (the archival PDF first, originals and attachments) present.
//! - 可用性: the PDF opens and has pages, its first page's text can be read and shows the 归档章's 档号 (全宗号,
//!   年度, 件号, 机构) or the 题名; every file is in a format kept for the long term.
//! - 安全性: the filing is in the audit trail, and the trail's hash chain is intact.
//!
//! Files are read batch by batch (blobs kept in the database in one query per batch) and checked on every core.
//! A 件 whose check breaks off (a parser that panics on a damaged file) is reported as failed, never dropped.

use super::{may_manage, Filter, Metadata};
use crate::audit::{record, Actor};
use crate::{App, Principal, Result};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
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

/// Letters, digits and Han characters only, lower-case: text as compared, whatever line breaks, spacing and
/// punctuation the PDF's layout put in it.
fn flat(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// What the archival PDF's first page must show: the 归档章's 档号 pieces or the 题名 (可用性: the page can be
/// read and is this 件's), and the recorded 题名 (真实性: the metadata matches the content). A title is
/// compared piece by piece between punctuation, since a layout may print 《》 or a colon differently.
fn first_page_problems(r: &Record, text: &str) -> Vec<(Property, String)> {
    let page = flat(text);
    if page.is_empty() {
        return vec![(Property::Usability, "归档PDF第1页没有可提取的文字（无法确认内容）".into())];
    }
    let stamp = [r.fonds.clone(), r.year.to_string(), format!("{:04}", r.item_no), r.organ_code.clone()];
    let stamped = stamp.iter().all(|p| page.contains(&flat(p)));
    let pieces: Vec<String> =
        r.title.split(|c: char| !c.is_alphanumeric()).map(flat).filter(|p| !p.is_empty()).collect();
    let titled = !pieces.is_empty() && pieces.iter().all(|p| page.contains(p.as_str()));
    let mut out = Vec::new();
    if !stamped && !titled {
        out.push((Property::Usability, "归档PDF第1页既没有归档章的档号信息，也没有题名".into()));
    }
    if !titled {
        out.push((Property::Authenticity, format!("归档PDF第1页没有著录的题名“{}”（元数据与内容不符）", r.title)));
    }
    out
}

/// Everything checked of one 件 from its record, files and their bytes (None: missing).
fn check_item(r: &Record, files: &[File], bytes: &[Option<Arc<Vec<u8>>>], audited: bool) -> Vec<(Property, String)> {
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
            match zs_office::pdf_first_page(b) {
                Ok((n, text)) => {
                    if n as i64 != r.pages {
                        say(Authenticity, format!("归档PDF有{n}页，与著录的{}页不符", r.pages));
                    }
                    for (p, m) in first_page_problems(r, &text) {
                        say(p, m);
                    }
                }
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

/// A 件 with what its check found (empty: it passed).
type Checked = (Record, Vec<(Property, String)>);

/// One 件 to check: its record, files, their bytes (None: missing) and whether its filing was audited.
type Work = (Record, Vec<File>, Vec<Option<Arc<Vec<u8>>>>, bool);

/// What a 件 whose check broke off is reported with.
const BROKE_OFF: &str = "检测此件时程序异常中断，未能完成检测（文件可能已损坏），请人工核查";

/// Check a batch on `workers` threads, in the batch's order. A panic inside one 件's check (a parser on a
/// damaged file) fails that 件 and no other; a worker that dies anyway has its 件 reported as failed, not left
/// out of the report.
fn check_all(work: &[Work], workers: usize) -> Vec<Checked> {
    check_all_with(work, workers, |(r, fs, bytes, ok)| check_item(r, fs, bytes, *ok))
}

fn check_all_with(
    work: &[Work],
    workers: usize,
    check: impl Fn(&Work) -> Vec<(Property, String)> + Sync,
) -> Vec<Checked> {
    let broke_off = || vec![(Property::Usability, BROKE_OFF.to_string())];
    let check = &check;
    let one = move |w: &Work| {
        let problems =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(w))).unwrap_or_else(|_| broke_off());
        (w.0.clone(), problems)
    };
    let chunk = work.len().div_ceil(workers.max(1)).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> =
            work.chunks(chunk).map(|part| (part, s.spawn(move || part.iter().map(one).collect::<Vec<_>>()))).collect();
        handles
            .into_iter()
            .flat_map(|(part, h)| {
                h.join().unwrap_or_else(|_| part.iter().map(|w| (w.0.clone(), broke_off())).collect())
            })
            .collect()
    })
}

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

    /// The bytes of a batch's files, each distinct content read once: in one query when blobs are kept in the
    /// database, file by file from a directory.
    async fn blobs_of(&self, c: &mut zs_store::Conn, shas: &[&str]) -> Result<HashMap<String, Arc<Vec<u8>>>> {
        let mut distinct: Vec<&str> = shas.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        let mut out = HashMap::with_capacity(distinct.len());
        match &self.blobs {
            zs_store::blobs::Blobs::Database => {
                for part in distinct.chunks(100) {
                    for (sha, bytes) in store::blob_data(&mut *c, part).await? {
                        out.insert(sha, Arc::new(bytes));
                    }
                }
            }
            zs_store::blobs::Blobs::Dir(_) => {
                for sha in distinct {
                    if let Some(b) = self.blobs.get(&mut *c, sha).await? {
                        out.insert(sha.to_string(), Arc::new(b));
                    }
                }
            }
        }
        Ok(out)
    }

    /// The next batch of 件 after `after` (in id order) with their files and bytes; `None` after the last.
    async fn batch_work(
        &self,
        c: &mut zs_store::Conn,
        filter: &Filter,
        after: &str,
        audited: &HashSet<String>,
    ) -> Result<Option<Vec<Work>>> {
        let records = store::batch(&mut *c, filter, after, BATCH).await?;
        if records.is_empty() {
            return Ok(None);
        }
        let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
        let mut files: HashMap<String, Vec<File>> = HashMap::new();
        for f in store::files_of(&mut *c, &ids).await? {
            files.entry(f.record_id.clone()).or_default().push(f);
        }
        let shas: Vec<&str> = files.values().flatten().map(|f| f.sha256.as_str()).collect();
        let blobs = self.blobs_of(c, &shas).await?;
        Ok(Some(
            records
                .into_iter()
                .map(|r| {
                    let fs = files.remove(&r.id).unwrap_or_default();
                    let bytes = fs.iter().map(|f| blobs.get(&f.sha256).cloned()).collect();
                    let ok = audited.contains(&r.id);
                    (r, fs, bytes, ok)
                })
                .collect(),
        ))
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
        // Reading the next batch overlaps checking this one (hashing and parsing are CPU work, spread over the
        // cores off the async workers).
        let mut running: Option<tokio::task::JoinHandle<Vec<Checked>>> = None;
        loop {
            let next = self.batch_work(&mut c, &filter, &after, &audited).await?;
            if let Some(h) = running.take() {
                let checked = h.await.map_err(|e| crate::AppError::Config(format!("四性检测中断：{e}")))?;
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
            let Some(work) = next else { break };
            after = work.last().map(|w| w.0.id.clone()).unwrap_or_default();
            running = Some(tokio::task::spawn_blocking(move || check_all(&work, workers)));
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

    fn record() -> Record {
        Record {
            id: "r1".into(),
            source_kind: "document".into(),
            source_id: "d1".into(),
            archival_code: "Z109-WS·2026-Y-BGS-0007".into(),
            fonds: "Z109".into(),
            category: "WS".into(),
            year: 2026,
            retention: "Y".into(),
            organ_code: "BGS".into(),
            organ_id: "u".into(),
            item_no: 7,
            doc_number: String::new(),
            responsible: "青禾县人民政府办公室".into(),
            title: "《青禾政务信息》2026年第1期".into(),
            dated: "20261123".into(),
            classification: "public".into(),
            pages: 1,
            note: String::new(),
            meta_sha256: String::new(),
            filed_by: "x".into(),
            filed_ms: 0,
        }
    }

    #[test]
    fn the_first_page_must_show_the_stamp_or_the_title_and_the_title() {
        let r = record();
        let page = "青禾政务信息\n2026年 第1期\nZ109 2026 0007\nBGS 永久";
        assert!(first_page_problems(&r, page).is_empty());
        // The title only (a stamp the reader cannot see): usable, true.
        assert!(first_page_problems(&r, "青禾政务 信息 2026年第1期").is_empty());
        // The stamp only: usable, but the recorded title is not the content's.
        let p = first_page_problems(&r, "另一份刊物\nZ109 2026 0007 BGS");
        assert_eq!(p.iter().map(|(p, _)| *p).collect::<Vec<_>>(), [Property::Authenticity]);
        // Neither: not this 件's page; and no text at all.
        assert_eq!(first_page_problems(&r, "另一份刊物").len(), 2);
        assert_eq!(first_page_problems(&r, " \n ").iter().map(|(p, _)| *p).collect::<Vec<_>>(), [Property::Usability]);
    }

    #[test]
    fn a_check_that_breaks_off_fails_its_item() {
        let mut other = record();
        other.id = "r2".into();
        let work: Vec<Work> = (0..10)
            .map(|i| {
                let mut r = if i == 3 { other.clone() } else { record() };
                if i != 3 {
                    r.id = format!("ok{i}");
                }
                (r, Vec::new(), Vec::new(), true)
            })
            .collect();
        // A panic inside one 件's check fails that 件, with a reason; the others are checked as usual.
        let out = check_all_with(&work, 3, |w| if w.0.id == "r2" { panic!("a damaged file") } else { Vec::new() });
        assert_eq!(out.len(), 10);
        let ids: Vec<&str> = out.iter().map(|(r, _)| r.id.as_str()).collect();
        assert_eq!(ids, work.iter().map(|w| w.0.id.as_str()).collect::<Vec<_>>(), "in order, none dropped");
        for (r, problems) in &out {
            if r.id == "r2" {
                assert_eq!(problems, &vec![(Property::Usability, BROKE_OFF.to_string())]);
            } else {
                assert!(problems.is_empty());
            }
        }
        // The real check of a 件 without its files fails it too.
        assert!(check_all(&work[..1], 2)[0].1.iter().any(|(p, _)| *p == Property::Integrity));
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
