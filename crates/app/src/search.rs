//! 检索: one search over everything the platform holds, narrowed in SQL by each kind's access rule, and the
//! index upkeep the modules call in their own transactions (`reindex_document`, `reindex_item`), plus a full
//! rebuild (`zhongshu reindex`).

use crate::{App, Principal, Result};
use chrono::Datelike;
use zs_domain::document::{DocState, DocType, Document};
use zs_domain::tracking::TrackedItem;
use zs_domain::workflow::Label;
use zs_domain::{text, Classification, Invalid};
use zs_store::search::{self as store, Entry, Searcher};
use zs_store::Exec;

/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most words a query may hold.
const MAX_WORDS: usize = 16;
/// The setting a migration sets to "1" to have the index rebuilt at the next start.
const REBUILD_KEY: &str = "search.rebuild";
/// Hits per page.
pub const PAGE: i64 = 20;
/// Pages one may go down; past that, narrow the query.
const MAX_PAGE: i64 = 50;

/// Words too common to narrow anything (dropped when the query has others).
const STOP: [&str; 12] = ["的", "了", "和", "与", "及", "在", "是", "对", "等", "之", "或", "为"];

/// What the search box and its filters carry.
#[derive(Debug, Clone, Default)]
pub struct SearchInput {
    pub q: String,
    /// document, tracked_item, … (empty: everything)
    pub kind: String,
    /// A 文种 or tracked-item kind code.
    pub subtype: String,
    pub unit_id: String,
    pub year: Option<i32>,
    pub state: String,
    /// A classification code.
    pub classification: String,
    /// 1-based.
    pub page: i64,
}

/// A piece of text, marked when it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub text: String,
    pub hit: bool,
}

/// One result as the page and the API show it.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub kind: String,
    pub kind_label: &'static str,
    pub record_id: String,
    pub href: String,
    pub title: Vec<Seg>,
    pub snippet: Vec<Seg>,
    pub subtype_label: String,
    pub state_label: String,
    pub year: i64,
    pub unit_id: Option<String>,
    pub updated_ms: i64,
    pub note: String,
    /// Every word is in the title (these come first).
    pub title_hit: bool,
}

#[derive(Debug, Clone, Default)]
pub struct SearchResult {
    pub hits: Vec<SearchHit>,
    pub page: i64,
    pub more: bool,
    /// The words searched for, as segmented.
    pub words: Vec<String>,
}

/// A kind's name on the page (the module's, so that it differs from a tracked item's own kind, 督办事项).
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "document" => "公文",
        "tracked_item" => "督查督办",
        "info_item" => "信息",
        _ => "其他",
    }
}

fn href(kind: &str, id: &str) -> String {
    match kind {
        "document" => format!("/documents/{id}"),
        "tracked_item" => format!("/tracking/{id}"),
        "info_item" => format!("/affairs/info/{id}"),
        _ => "/".into(),
    }
}

fn subtype_label(kind: &str, code: &str) -> String {
    match kind {
        "document" => DocType::from_code(code).map(|t| t.label().to_string()),
        "tracked_item" => zs_domain::tracking::Kind::from_code(code).map(|k| k.label().to_string()),
        "info_item" => zs_domain::affairs::info::InfoCategory::from_code(code).map(|k| k.label().to_string()),
        _ => None,
    }
    .unwrap_or_default()
}

fn state_label(kind: &str, code: &str) -> String {
    match kind {
        "document" => DocState::from_code(code).map(|s| s.label().to_string()),
        "tracked_item" => zs_domain::tracking::State::from_code(code).map(|s| s.label().to_string()),
        "info_item" => zs_domain::affairs::info::InfoState::from_code(code).map(|s| s.label().to_string()),
        _ => None,
    }
    .unwrap_or_else(|| code.to_string())
}

/// Split a query into words (all must occur) and quoted phrases (must occur as written).
fn parse(q: &str) -> Result<(Vec<String>, Vec<String>)> {
    let q = text::clean(q);
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(
            Invalid::field("q", format!("检索词太长（最多{MAX_QUERY_CHARS}个字），请只输入关键的词语。")).into()
        );
    }
    let mut phrases = Vec::new();
    let mut rest = String::new();
    let mut quoted: Option<String> = None;
    for ch in q.chars() {
        match (ch, quoted.as_mut()) {
            ('"' | '“' | '”', None) => quoted = Some(String::new()),
            ('"' | '“' | '”', Some(p)) => {
                let p = std::mem::take(p);
                if !p.trim().is_empty() {
                    phrases.push(p.trim().to_lowercase());
                }
                rest.push(' ');
                rest.push_str(&p);
                rest.push(' ');
                quoted = None;
            }
            (c, Some(p)) => p.push(c),
            (c, None) => rest.push(c),
        }
    }
    if let Some(p) = quoted {
        rest.push_str(&p);
    }
    let mut words: Vec<String> = Vec::new();
    for w in store::query_words(&rest) {
        if !words.contains(&w) {
            words.push(w);
        }
    }
    if words.iter().any(|w| !STOP.contains(&w.as_str())) {
        words.retain(|w| !STOP.contains(&w.as_str()));
    }
    if words.is_empty() {
        return Err(Invalid::field("q", "请输入要检索的文字或数字（不能只有标点符号或空格）。").into());
    }
    words.truncate(MAX_WORDS);
    Ok((words, phrases))
}

/// Mark every occurrence of the needles in `text` (case-insensitive).
fn mark(text: &str, needles: &[String]) -> Vec<Seg> {
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let needles: Vec<Vec<char>> =
        needles.iter().map(|n| n.chars().collect()).filter(|n: &Vec<char>| !n.is_empty()).collect();
    let mut hit = vec![false; chars.len()];
    for n in &needles {
        let mut i = 0;
        while i + n.len() <= lower.len() {
            if lower[i..i + n.len()] == n[..] {
                hit[i..i + n.len()].iter_mut().for_each(|h| *h = true);
                i += n.len();
            } else {
                i += 1;
            }
        }
    }
    let mut out: Vec<Seg> = Vec::new();
    for (c, h) in chars.iter().zip(hit) {
        match out.last_mut() {
            Some(s) if s.hit == h => s.text.push(*c),
            _ => out.push(Seg { text: c.to_string(), hit: h }),
        }
    }
    out
}

/// About 120 characters of the body around its first match, with the matches marked.
fn snippet(body: &str, needles: &[String]) -> Vec<Seg> {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = flat.chars().collect();
    let lower: String = flat.to_lowercase();
    let first =
        needles.iter().filter_map(|n| lower.find(n.as_str()).map(|b| lower[..b].chars().count())).min().unwrap_or(0);
    let start = first.saturating_sub(40);
    let end = (start + 120).min(chars.len());
    let mut piece: String = chars[start..end].iter().collect();
    if start > 0 {
        piece.insert(0, '…');
    }
    if end < chars.len() {
        piece.push('…');
    }
    mark(&piece, needles)
}

/// The text of a file by its name's extension, or why there is none.
fn extract_text(name: &str, bytes: &[u8]) -> std::result::Result<String, String> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "jpg" | "jpeg" | "png" | "tif" | "tiff" | "gif" | "bmp" => Err("图片文件，未识别其中文字".to_string()),
        "pdf" => zs_office::pdf_text(bytes).map_err(|e| e.to_string()),
        _ => zs_office::text_of(bytes).map_err(|e| e.to_string()),
    }
}

/// Run a text extraction off the async workers. Whatever goes wrong inside it — a parser that gives up, or
/// one that panics on a damaged file — comes back as the reason the file has no text, never as an error of
/// the upload or step that indexes it.
async fn off_thread(
    read: impl FnOnce() -> std::result::Result<String, String> + Send + 'static,
) -> std::result::Result<String, String> {
    match tokio::task::spawn_blocking(read).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "text extraction failed");
            Err("文件已损坏或格式异常，未能提取文字".to_string())
        }
    }
}

impl Principal {
    /// The search index's view of this person.
    pub fn searcher(&self) -> Searcher {
        Searcher { docs: self.viewer(), unit_id: self.user.unit_id.clone(), office_member: self.subject.office_member }
    }
}

impl App {
    /// One page of hits the principal may open.
    pub async fn search(&self, p: &Principal, input: &SearchInput) -> Result<SearchResult> {
        let (words, phrases) = parse(&input.q)?;
        let page = input.page.max(1);
        if page > MAX_PAGE {
            return Err(Invalid::field("page", format!("最多显示前{MAX_PAGE}页，请加上筛选条件或更多检索词。")).into());
        }
        let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let classification_rank = match opt(&input.classification) {
            Some(c) => Some(
                Classification::from_code(&c)
                    .ok_or_else(|| Invalid::field("classification", "密级筛选条件无效。"))?
                    .rank(),
            ),
            None => None,
        };
        let query = store::Query {
            words: words.clone(),
            phrases: phrases.clone(),
            kind: opt(&input.kind),
            subtype: opt(&input.subtype),
            unit_id: opt(&input.unit_id),
            year: input.year,
            state: opt(&input.state),
            classification_rank,
            limit: PAGE,
            offset: (page - 1) * PAGE,
        };
        let mut c = self.db.conn().await?;
        let found = store::search(&mut c, &p.searcher(), &query).await?;
        let mut needles = words.clone();
        needles.extend(phrases);
        needles.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        let hits = found
            .hits
            .into_iter()
            .map(|h| SearchHit {
                kind_label: kind_label(&h.kind),
                href: href(&h.kind, &h.record_id),
                title: mark(&h.title, &needles),
                snippet: snippet(&h.body, &needles),
                subtype_label: subtype_label(&h.kind, &h.subtype),
                state_label: state_label(&h.kind, &h.state),
                year: h.year,
                unit_id: h.unit_id,
                updated_ms: h.updated_ms,
                note: h.note,
                title_hit: h.title_hit,
                kind: h.kind,
                record_id: h.record_id,
            })
            .collect();
        Ok(SearchResult { hits, page, more: found.more, words })
    }

    /// The text of a document's file for the index: read once per distinct content and kept with the reason
    /// when none can be read (a scan, an image, a damaged file: the document is indexed without it).
    async fn file_text(&self, c: &mut impl Exec, f: &zs_store::documents::FileRow) -> Result<(String, String)> {
        if let Some(cached) = store::file_text(c, &f.sha256).await? {
            return Ok(cached);
        }
        let Some(bytes) = self.blobs.get(c, &f.sha256).await? else {
            // Not cached: the content may come back from a backup.
            return Ok((String::new(), "文件内容不在存储中".into()));
        };
        let name = f.name.clone();
        let read = off_thread(move || extract_text(&name, &bytes)).await;
        let (text, reason) = match read {
            Ok(t) => (t, String::new()),
            Err(reason) => (String::new(), reason),
        };
        store::put_file_text(c, &f.sha256, &text, &reason, self.now_ms()).await?;
        Ok((text, reason))
    }

    /// Put a document in the index as it now is, with its files' text. Called wherever a document changes,
    /// in that change's transaction.
    pub(crate) async fn reindex_document(&self, c: &mut impl Exec, d: &Document) -> Result<()> {
        let ct = &d.content;
        let mut body: Vec<String> = vec![d.doc_number.clone(), d.received_no.clone(), ct.issuer.clone(), ct.to.clone()];
        body.push(ct.body.clone());
        body.extend(ct.attachments.iter().cloned());
        if let Some(a) = &ct.attendance {
            body.extend([a.present.join("、"), a.on_leave.join("、"), a.attending.join("、")]);
        }
        body.extend([ct.note.clone(), ct.cc.clone(), d.proposal.clone(), d.reply.clone()]);
        if let Some(i) = &d.instruction {
            body.push(i.text.clone());
        }
        let mut notes = Vec::new();
        for f in zs_store::documents::files(c, &d.id).await? {
            let (t, reason) = self.file_text(c, &f).await?;
            if reason.is_empty() {
                body.push(t);
            } else {
                notes.push(format!("“{}”未能提取文字：{reason}", f.name));
            }
        }
        body.retain(|s| !s.trim().is_empty());
        let e = Entry {
            kind: "document".into(),
            record_id: d.id.clone(),
            unit_id: Some(d.unit_id.clone()),
            classification_rank: ct.classification.rank(),
            subtype: ct.doc_type.code().into(),
            state: d.state.code().into(),
            year: zs_domain::time::local_date(d.created_ms).year(),
            title: ct.title.clone(),
            body: body.join("\n"),
            note: notes.join("；"),
            updated_ms: d.updated_ms,
        };
        store::put(c, &e).await?;
        Ok(())
    }

    /// Put a tracked item's whole matter (the matter and every unit's part) in the index as it now is. Called
    /// where items are created and stepped, in that transaction.
    pub(crate) async fn reindex_item(&self, c: &mut impl Exec, item: &TrackedItem) -> Result<()> {
        let matter_id = item.parent_id.clone().unwrap_or_else(|| item.id.clone());
        let Some(matter) = zs_store::tracking::get(c, &matter_id).await? else { return Ok(()) };
        let mut family = zs_store::tracking::children(c, &matter_id).await?;
        family.insert(0, matter);
        for t in &family {
            store::put(c, &item_entry(t)).await?;
        }
        Ok(())
    }

    /// Rebuild the whole index from the records (`zhongshu reindex`); `progress(done, total)` after each batch.
    ///
    /// Every kind the index holds is walked oldest change first (so the newest end up at the front of the "most
    /// recent" order), a batch per transaction: each record's entry is replaced where it stands, so searching
    /// goes on finding everything during the rebuild. Entries whose record is gone, and kinds no module indexes
    /// any more, are taken out at the end.
    pub async fn reindex_all(&self, mut progress: impl FnMut(i64, i64)) -> Result<i64> {
        let mut c = self.db.conn().await?;
        let mut total = 0;
        for k in Indexed::ALL {
            let (n,): (i64,) = zs_store::q(format!("SELECT COUNT(*) FROM {}", k.table())).fetch_one(&mut c).await?;
            total += n;
        }
        drop(c);
        progress(0, total);
        let mut done = 0;
        for k in Indexed::ALL {
            let mut after = (i64::MIN, String::new());
            loop {
                let mut c = self.db.conn().await?;
                let ids: Vec<(i64, String)> = zs_store::q(format!(
                    "SELECT updated_ms, id FROM {} WHERE updated_ms > $1 OR (updated_ms = $1 AND id > $2)
                     ORDER BY updated_ms, id LIMIT 500",
                    k.table()
                ))
                .bind(after.0)
                .bind(after.1.as_str())
                .fetch_all(&mut c)
                .await?;
                drop(c);
                let Some(last) = ids.last().cloned() else { break };
                let mut tx = self.db.begin().await?;
                for (_, id) in &ids {
                    self.reindex_one(&mut tx, k, id).await?;
                }
                tx.commit().await?;
                done += ids.len() as i64;
                progress(done.min(total), total.max(done));
                after = last;
            }
            let mut tx = self.db.begin().await?;
            store::remove_missing(&mut tx, k.kind(), k.table()).await?;
            tx.commit().await?;
        }
        let mut tx = self.db.begin().await?;
        store::remove_other_kinds(&mut tx, &Indexed::ALL.map(Indexed::kind)).await?;
        tx.commit().await?;
        store::optimize(&mut self.db.conn().await?).await?;
        Ok(done)
    }

    /// Rebuild the index when a migration asked for it (one that changed what the index holds), before the
    /// server takes requests.
    pub(crate) async fn rebuild_index_if_asked(&self) -> Result<()> {
        let asked = zs_store::settings::get(&mut self.db.conn().await?, REBUILD_KEY).await?;
        if asked.as_deref() != Some("1") {
            return Ok(());
        }
        tracing::info!("检索索引的结构已更新，正在按现有记录重建索引");
        let n = self.reindex_all(|_, _| {}).await?;
        zs_store::settings::put(&mut self.db.conn().await?, REBUILD_KEY, "0").await?;
        tracing::info!(records = n, "检索索引重建完成");
        Ok(())
    }

    /// Put one record of a kind in the index as it now is (or take it out when it is gone).
    async fn reindex_one(&self, tx: &mut zs_store::Tx, k: Indexed, id: &str) -> Result<()> {
        match k {
            Indexed::Document => match zs_store::documents::get(&mut *tx, id).await? {
                Some(d) => self.reindex_document(&mut *tx, &d).await?,
                None => store::remove(&mut *tx, k.kind(), id).await?,
            },
            Indexed::TrackedItem => match zs_store::tracking::get(&mut *tx, id).await? {
                Some(t) => store::put(&mut *tx, &item_entry(&t)).await?,
                None => store::remove(&mut *tx, k.kind(), id).await?,
            },
            Indexed::InfoItem => match zs_store::affairs::info::get(&mut *tx, id).await? {
                Some(i) => crate::affairs::info::index(tx, &i).await?,
                None => store::remove(&mut *tx, k.kind(), id).await?,
            },
        }
        Ok(())
    }
}

/// The kinds of record the index holds, each with the table its records live in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Indexed {
    Document,
    TrackedItem,
    InfoItem,
}

impl Indexed {
    const ALL: [Indexed; 3] = [Indexed::Document, Indexed::TrackedItem, Indexed::InfoItem];

    fn kind(self) -> &'static str {
        match self {
            Indexed::Document => "document",
            Indexed::TrackedItem => "tracked_item",
            Indexed::InfoItem => "info_item",
        }
    }

    fn table(self) -> &'static str {
        match self {
            Indexed::Document => "documents",
            Indexed::TrackedItem => "tracked_items",
            Indexed::InfoItem => "info_items",
        }
    }
}

/// A tracked item (a matter, or one unit's part) as the index holds it.
fn item_entry(t: &TrackedItem) -> Entry {
    let body = [&t.requirement, &t.source_title, &t.measures, &t.result, &t.rule, &t.owner_name]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Entry {
        kind: "tracked_item".into(),
        record_id: t.id.clone(),
        unit_id: t.unit_id.clone(),
        classification_rank: 0,
        subtype: t.kind.code().into(),
        state: t.state.code().into(),
        year: zs_domain::time::local_date(t.created_ms).year(),
        title: t.title.clone(),
        body,
        note: String::new(),
        updated_ms: t.updated_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_words_and_phrases() {
        let (w, p) = parse("督办 “乡村振兴工作会议”").unwrap();
        assert!(w.contains(&"督办".to_string()), "{w:?}");
        assert!(w.contains(&"会议".to_string()), "{w:?}");
        assert_eq!(p, vec!["乡村振兴工作会议"]);
        assert!(parse("，。！？……").is_err());
        assert!(parse("   ").is_err());
        assert!(parse(&"会".repeat(10_000)).is_err());
        let (w, _) = parse("会议的通知").unwrap();
        assert!(!w.contains(&"的".to_string()), "{w:?}");
    }

    #[tokio::test]
    async fn a_failing_extraction_is_a_reason_not_an_error() {
        let r = off_thread(|| panic!("a parser gave up")).await;
        assert_eq!(r, Err("文件已损坏或格式异常，未能提取文字".to_string()));
        assert_eq!(off_thread(|| Ok("文字".into())).await, Ok("文字".to_string()));
        assert!(extract_text("坏.pdf", b"%PDF-1.7 not really").is_err());
        assert!(extract_text("照片.JPG", b"").unwrap_err().contains("图片"));
    }

    #[test]
    fn matches_are_marked() {
        let s = mark("召开会议，研究会议纪要", &["会议".into()]);
        let hits: Vec<&str> = s.iter().filter(|s| s.hit).map(|s| s.text.as_str()).collect();
        assert_eq!(hits, vec!["会议", "会议"]);
        let snip = snippet(&format!("{}督办事项{}", "甲".repeat(100), "乙".repeat(100)), &["督办".into()]);
        let text: String = snip.iter().map(|s| s.text.as_str()).collect();
        assert!(text.starts_with('…') && text.ends_with('…') && text.contains("督办"), "{text}");
    }
}
