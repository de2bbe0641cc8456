//! 检索: the one full-text index over everything the platform holds. A module adds its records with [`put`]
//! (in the transaction that changes them) and takes them out with [`remove`]; [`search`] finds them for a
//! person, narrowed in SQL by the same access rules as the list pages.
//!
//! Chinese has no spaces, so text is segmented with jieba (search mode: long words also give their shorter
//! dictionary words) and the words are indexed: FTS5 on SQLite, a `simple` tsvector with a GIN index on PostgreSQL
//! (and a second, `tsv_title`, of the title's words alone, generated from it). Titles also index every pair of
//! adjacent Han characters, so a two-character word is found in a title however jieba split it. Writing and
//! matching are the one place besides migrations, backups and the outbox claim where the SQL differs by backend:
//! the two engines take different statements.

use crate::db::{Ex, Exec};
use crate::documents::{involved, visible, Viewer};
use crate::{q, Backend, Result, Q};
use std::sync::OnceLock;

/// One record as the index holds it. `kind` names the module's record type (`document`, `tracked_item`,
/// `info_item` …) and `record_id` its id; together they identify the entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    pub kind: String,
    pub record_id: String,
    /// The unit the record belongs to (a document's organ); `None` for office-wide records.
    pub unit_id: Option<String>,
    /// `Classification::rank()` of the record (0 for 非密).
    pub classification_rank: i64,
    /// The record's type within its kind, for the type filter (a 文种 code, a tracked-item kind).
    pub subtype: String,
    /// Its state code, for the status filter.
    pub state: String,
    pub year: i32,
    pub title: String,
    /// Everything else worth finding it by: body, attachment text, minutes, results.
    pub body: String,
    /// Why some of its files' text is missing (shown with the hit), empty when nothing is.
    pub note: String,
    pub updated_ms: i64,
}

/// Longest body kept and indexed, in characters (a long attachment is indexed by its first part).
pub const MAX_BODY_CHARS: usize = 200_000;

fn backend(c: &mut impl Exec) -> Backend {
    match c.ex() {
        Ex::Sqlite(_) => Backend::Sqlite,
        Ex::Postgres(_) => Backend::Postgres,
    }
}

fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// Split a jieba token into index words: lower-case runs of letters, digits and Han characters.
fn push_words(token: &str, out: &mut Vec<String>) {
    let mut cur = String::new();
    for ch in token.chars() {
        if ch.is_alphanumeric() {
            cur.extend(ch.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
}

/// The words of a text in search mode, in order (long words followed by their shorter dictionary words).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for t in jieba().cut_for_search(text, true) {
        push_words(t.word, &mut out);
    }
    out
}

/// The words of a query: jieba's precise cut, so each word is one the index holds for the same text.
pub fn query_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for t in jieba().cut(text, true) {
        push_words(t.word, &mut out);
    }
    out
}

fn is_han(c: char) -> bool {
    zs_domain::text::is_han(c)
}

/// A title's index text: its words, then every pair of adjacent Han characters not already a word.
fn title_text(title: &str) -> String {
    let mut w = words(title);
    let chars: Vec<char> = title.chars().collect();
    let mut pairs: Vec<String> = chars
        .windows(2)
        .filter(|p| is_han(p[0]) && is_han(p[1]))
        .map(|p| p.iter().collect::<String>())
        .filter(|p| !w.contains(p))
        .collect();
    pairs.sort();
    pairs.dedup();
    w.extend(pairs);
    w.join(" ")
}

fn cap(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Add or replace a record's entry. Call it in the transaction that changes the record, so the index never
/// disagrees with what was committed. A replaced entry moves to the front of the "most recent" order.
pub async fn put(c: &mut impl Exec, e: &Entry) -> Result<()> {
    let body = cap(&e.body, MAX_BODY_CHARS);
    let title_words = title_text(&e.title);
    let body_words = words(body).join(" ");
    put_segmented(c, e, body, &title_words, &body_words).await
}

/// [`put`] with the text already segmented (bulk loading segments on several threads first).
pub async fn put_segmented(
    c: &mut impl Exec,
    e: &Entry,
    body: &str,
    title_words: &str,
    body_words: &str,
) -> Result<()> {
    remove(c, &e.kind, &e.record_id).await?;
    let tags = tags(e);
    let cols = "kind, record_id, unit_id, classification_rank, subtype, state, year, title, body, note, updated_ms";
    let bind = |w: Q| {
        w.bind(e.kind.as_str())
            .bind(e.record_id.as_str())
            .bind(e.unit_id.clone())
            .bind(e.classification_rank)
            .bind(e.subtype.as_str())
            .bind(e.state.as_str())
            .bind(i64::from(e.year))
            .bind(e.title.as_str())
            .bind(body)
            .bind(e.note.as_str())
            .bind(e.updated_ms)
    };
    match backend(c) {
        Backend::Sqlite => {
            let (n,): (i64,) = bind(q(format!(
                "INSERT INTO search_entries ({cols}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING n"
            )))
            .fetch_one(c)
            .await?;
            q("INSERT INTO search_fts (rowid, title, body, tags) VALUES ($1, $2, $3, $4)")
                .bind(n)
                .bind(title_words)
                .bind(body_words)
                .bind(tags.as_str())
                .execute(c)
                .await?;
        }
        Backend::Postgres => {
            bind(q(format!(
                "INSERT INTO search_entries ({cols}, tsv) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                 setweight(to_tsvector('simple', $12), 'A') || setweight(to_tsvector('simple', $13), 'B') ||
                 setweight(to_tsvector('simple', $14), 'D'))"
            )))
            .bind(title_words)
            .bind(body_words)
            .bind(tags.as_str())
            .execute(c)
            .await?;
        }
    }
    Ok(())
}

/// Take a record out of the index (nothing happens when it is not there).
pub async fn remove(c: &mut impl Exec, kind: &str, record_id: &str) -> Result<()> {
    let gone: Vec<(i64,)> = q("DELETE FROM search_entries WHERE kind = $1 AND record_id = $2 RETURNING n")
        .bind(kind)
        .bind(record_id)
        .fetch_all(c)
        .await?;
    if backend(c) == Backend::Sqlite {
        for (n,) in gone {
            q("DELETE FROM search_fts WHERE rowid = $1").bind(n).execute(c).await?;
        }
    }
    Ok(())
}

/// Remove every entry (before a full rebuild).
pub async fn clear(c: &mut impl Exec) -> Result<()> {
    q("DELETE FROM search_entries").execute(c).await?;
    if backend(c) == Backend::Sqlite {
        q("DELETE FROM search_fts").execute(c).await?;
    }
    Ok(())
}

/// Take out the entries of `kind` whose record is no longer in `table` (after a rebuild walked the table).
/// `table` is a table name of ours, never user input. Returns how many went.
pub async fn remove_missing(c: &mut impl Exec, kind: &str, table: &str) -> Result<u64> {
    let gone: Vec<(i64,)> = q(format!(
        "DELETE FROM search_entries WHERE kind = $1 AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = \
         search_entries.record_id) RETURNING n"
    ))
    .bind(kind)
    .fetch_all(c)
    .await?;
    remove_fts(c, &gone).await?;
    Ok(gone.len() as u64)
}

/// Take out the entries of every kind not in `kinds` (kinds no module indexes any more).
pub async fn remove_other_kinds(c: &mut impl Exec, kinds: &[&str]) -> Result<u64> {
    let gone: Vec<(i64,)> = q("DELETE FROM search_entries WHERE kind NOT IN ")
        .push_in(kinds.iter().copied())
        .push(" RETURNING n")
        .fetch_all(c)
        .await?;
    remove_fts(c, &gone).await?;
    Ok(gone.len() as u64)
}

async fn remove_fts(c: &mut impl Exec, gone: &[(i64,)]) -> Result<()> {
    if backend(c) == Backend::Sqlite {
        for chunk in gone.chunks(500) {
            q("DELETE FROM search_fts WHERE rowid IN ").push_in(chunk.iter().map(|(n,)| *n)).execute(c).await?;
        }
    }
    Ok(())
}

/// Merge the index into as few pieces as it will go, after a rebuild or a bulk load: FTS5 writes each
/// transaction's words as a new segment and merges them only now and then, and every lookup visits every
/// segment. PostgreSQL's GIN index needs nothing.
pub async fn optimize(c: &mut impl Exec) -> Result<()> {
    if backend(c) == Backend::Sqlite {
        q("INSERT INTO search_fts (search_fts) VALUES ('optimize')").execute(c).await?;
    }
    Ok(())
}

pub async fn count(c: &mut impl Exec) -> Result<i64> {
    let (n,): (i64,) = q("SELECT COUNT(*) FROM search_entries").fetch_one(c).await?;
    Ok(n)
}

// ---- file text ----

/// Text read from a file's content before (or why none could be), by sha256.
pub async fn file_text(c: &mut impl Exec, sha256: &str) -> Result<Option<(String, String)>> {
    q("SELECT text, reason FROM search_file_text WHERE sha256 = $1").bind(sha256).fetch_optional(c).await
}

pub async fn put_file_text(c: &mut impl Exec, sha256: &str, text: &str, reason: &str, now: i64) -> Result<()> {
    q("INSERT INTO search_file_text (sha256, text, reason, created_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (sha256) DO NOTHING")
    .bind(sha256)
    .bind(cap(text, MAX_BODY_CHARS))
    .bind(reason)
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}

// ---- searching ----

/// Who is searching, as the access rules of every kind need it.
#[derive(Debug, Clone, Default)]
pub struct Searcher {
    /// The document rule's view (`documents::visible`).
    pub docs: Viewer,
    /// The person's own unit (tracked items: a unit sees its own parts; other records: its own unit's).
    pub unit_id: String,
    /// Works in the general office: sees every matter (not the per-unit parts) and every unit's records.
    pub office_member: bool,
}

/// What to look for. `words` must all occur (title or body); each of `phrases` must occur as written.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub words: Vec<String>,
    pub phrases: Vec<String>,
    pub kind: Option<String>,
    pub subtype: Option<String>,
    pub unit_id: Option<String>,
    pub year: Option<i32>,
    pub state: Option<String>,
    /// Exactly this classification rank.
    pub classification_rank: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// One hit, as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Hit {
    pub n: i64,
    pub kind: String,
    pub record_id: String,
    pub unit_id: Option<String>,
    pub classification_rank: i64,
    pub subtype: String,
    pub state: String,
    pub year: i64,
    pub title: String,
    pub body: String,
    pub note: String,
    pub updated_ms: i64,
    /// Every word is in the title (set by [`search`]; title hits come first).
    #[sqlx(default)]
    pub title_hit: bool,
}

/// One page of hits: title hits first, then the rest, each newest first; `more` when another page follows.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub hits: Vec<Hit>,
    pub more: bool,
}

const HIT_COLS: &str = "e.n, e.kind, e.record_id, e.unit_id, e.classification_rank, e.subtype, e.state, e.year, \
    e.title, e.body, e.note, e.updated_ms";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Every word in the title.
    Title,
    /// Every word somewhere, not every word in the title.
    Rest,
}

fn fts_term(w: &str) -> String {
    // Words hold only letters, digits and Han characters, so quoting cannot be escaped from; a single
    // character matches as a prefix (税 finds 税收), since it is rarely a word of its own.
    if w.chars().count() == 1 {
        format!("\"{w}\"*")
    } else {
        format!("\"{w}\"")
    }
}

fn ts_term(w: &str) -> String {
    if w.chars().count() == 1 {
        format!("'{w}':*")
    } else {
        format!("'{w}'")
    }
}

/// A part's match condition in both engines' languages: an FTS5 MATCH string (SQLite); on PostgreSQL, the
/// vector column to match (`tsv_title` holds a title's words and the tags, `tsv` everything), the tsquery it
/// must match and, for the rest, a tsquery the title must not match.
struct Match {
    fts: String,
    ts_col: &'static str,
    ts: String,
    ts_not: Option<String>,
}

impl Match {
    /// The words of `part`; with `tags`, the entry must also carry one of them.
    fn new(words: &[String], part: Part, tags: Option<&[String]>) -> Match {
        let all = words.iter().map(|w| fts_term(w)).collect::<Vec<_>>().join(" ");
        let ts_all = words.iter().map(|w| ts_term(w)).collect::<Vec<_>>().join(" & ");
        let (mut fts, ts_col, mut ts, ts_not) = match part {
            Part::Title => (format!("title : ({all})"), "tsv_title", ts_all, None),
            Part::Rest => (format!("(({all}) NOT title : ({all}))"), "tsv", ts_all.clone(), Some(ts_all)),
        };
        if let Some(tags) = tags {
            let fts_tags = tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(" OR ");
            let ts_tags = tags.iter().map(|t| format!("'{t}':D")).collect::<Vec<_>>().join(" | ");
            fts = format!("{fts} AND tags : ({fts_tags})");
            ts = format!("({ts}) & ({ts_tags})");
        }
        Match { fts, ts_col, ts, ts_not }
    }

    /// Append the FROM clause and the match condition.
    fn from(&self, w: Q, backend: Backend) -> Q {
        match backend {
            Backend::Sqlite => w
                .push(" FROM search_fts f JOIN search_entries e ON e.n = f.rowid WHERE search_fts MATCH ")
                .push_arg(self.fts.as_str()),
            Backend::Postgres => {
                let w = w
                    .push(&format!(" FROM search_entries e WHERE e.{} @@ to_tsquery('simple', ", self.ts_col))
                    .push_arg(self.ts.as_str())
                    .push(")");
                match &self.ts_not {
                    Some(not) => {
                        w.push(" AND NOT e.tsv_title @@ to_tsquery('simple', ").push_arg(not.as_str()).push(")")
                    }
                    None => w,
                }
            }
        }
    }
}

/// Keep an id to the characters both engines index as one word with the letters around it.
fn tag_id(id: &str) -> String {
    id.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// The access tags an entry carries beside its words: who may open it, on its own columns alone (kind, unit,
/// classification), so that matching and the access rule are one index lookup. A document's tag is the one
/// its organ's organ-wide readers hold; those who may open it by being involved find it by [`involved_hits`].
/// The `z` prefix keeps tags apart from the words of ordinary text.
pub fn tags(e: &Entry) -> String {
    let r = e.classification_rank;
    match (e.kind.as_str(), e.unit_id.as_deref().map(tag_id)) {
        ("document", Some(u)) => format!("zd{u}r{r}"),
        ("document", None) => String::new(),
        ("tracked_item", Some(u)) => format!("zt{u}"),
        ("tracked_item", None) => "ztnone".into(),
        (_, Some(u)) => format!("zo{u}r{r} zoallr{r}"),
        (_, None) => format!("zoallr{r}"),
    }
}

impl Searcher {
    /// The tags of the entries this searcher may open by [`access`]'s rule, documents involved in aside.
    fn tags(&self) -> Vec<String> {
        let ranks = 0..=self.docs.max_rank;
        let mut out = Vec::new();
        if self.docs.organ_wide {
            let organ = tag_id(&self.docs.organ_id);
            out.extend(ranks.clone().map(|r| format!("zd{organ}r{r}")));
        }
        let unit = tag_id(&self.unit_id);
        if self.office_member {
            out.push("ztnone".into());
            out.extend(ranks.map(|r| format!("zoallr{r}")));
        } else {
            out.push(format!("zt{unit}"));
            out.extend(ranks.map(|r| format!("zo{unit}r{r}")));
        }
        out
    }
}

/// Narrow `search_entries e` to what the searcher may open: for documents the document rule itself, for
/// tracked items the scope of the item lists, for every other kind its unit within the searcher's clearance
/// (`access::Action::ReadRecord` without sharing). A kind that needs another rule adds a branch here.
pub fn access(w: Q, s: &Searcher) -> Q {
    let w = w.push(" AND ((e.kind = 'document' AND EXISTS (SELECT 1 FROM documents d WHERE d.id = e.record_id");
    let w = visible(w, &s.docs).push("))");
    let w = if s.office_member {
        w.push(" OR (e.kind = 'tracked_item' AND e.unit_id IS NULL)")
    } else {
        w.push(" OR (e.kind = 'tracked_item' AND e.unit_id = ").push_arg(s.unit_id.as_str()).push(")")
    };
    let w = w
        .push(" OR (e.kind NOT IN ('document', 'tracked_item') AND e.classification_rank <= ")
        .push_arg(s.docs.max_rank);
    if s.office_member {
        w.push("))")
    } else {
        w.push(" AND e.unit_id = ").push_arg(s.unit_id.as_str()).push("))")
    }
}

fn filters(mut w: Q, f: &Query) -> Q {
    if let Some(k) = &f.kind {
        w = w.push(" AND e.kind = ").push_arg(k.as_str());
    }
    if let Some(t) = &f.subtype {
        w = w.push(" AND e.subtype = ").push_arg(t.as_str());
    }
    if let Some(u) = &f.unit_id {
        w = w.push(" AND e.unit_id = ").push_arg(u.as_str());
    }
    if let Some(y) = f.year {
        w = w.push(" AND e.year = ").push_arg(i64::from(y));
    }
    if let Some(s) = &f.state {
        w = w.push(" AND e.state = ").push_arg(s.as_str());
    }
    if let Some(r) = f.classification_rank {
        w = w.push(" AND e.classification_rank = ").push_arg(r);
    }
    for p in &f.phrases {
        let i = w.next_index();
        w = w
            .push(&format!(" AND (LOWER(e.title) LIKE ${i} ESCAPE '\\' OR LOWER(e.body) LIKE ${i} ESCAPE '\\')"))
            .bind(crate::contains_pattern(p));
    }
    w
}

fn order(backend: Backend) -> &'static str {
    // FTS5 walks its doclists by rowid, so newest-first (highest rowid) with a LIMIT stops early. PostgreSQL
    // must not walk the primary key backwards hoping to meet a match soon (it cannot tell how rare the
    // searcher's tags are, and a search with few hits then reads the whole table): `+ 0` leaves it the GIN
    // index and a top-N sort of what that finds.
    match backend {
        Backend::Sqlite => " ORDER BY f.rowid DESC",
        Backend::Postgres => " ORDER BY e.n + 0 DESC",
    }
}

/// A need-to-know searcher's documents are looked up one by one in the index when they are at most this many
/// (SQLite; forty times as many on PostgreSQL); past that, the matches are walked newest first and checked
/// against them.
const PROBE_MAX: usize = 500;

/// The newest `limit` hits of `part` among the entries whose tags the searcher holds: words and access in
/// one index lookup, and the access rule checked again on the rows it gives (they pass unless the index
/// disagrees with the records, and then they are left out rather than shown).
///
/// GIN gives PostgreSQL its matches in no order, and reading every matching row to sort them is most of a
/// search's time when the words are common; so it looks among the newest entries first (a key range the
/// planner ANDs with the GIN bitmap) and widens only when they hold too few hits.
async fn tagged_hits(c: &mut impl Exec, s: &Searcher, f: &Query, part: Part, limit: usize) -> Result<Vec<Hit>> {
    let b = backend(c);
    if b == Backend::Postgres {
        let (top,): (Option<i64>,) = q("SELECT MAX(n) FROM search_entries").fetch_one(&mut *c).await?;
        let top = top.unwrap_or(0);
        for span in [1 << 15, 1 << 19] {
            if top <= span {
                break;
            }
            let hits = tagged_page(&mut *c, s, f, part, limit, Some(top - span)).await?;
            if hits.len() >= limit {
                return Ok(hits);
            }
        }
    }
    tagged_page(c, s, f, part, limit, None).await
}

async fn tagged_page(
    c: &mut impl Exec,
    s: &Searcher,
    f: &Query,
    part: Part,
    limit: usize,
    above: Option<i64>,
) -> Result<Vec<Hit>> {
    let b = backend(c);
    let m = Match::new(&f.words, part, Some(&s.tags()));
    let mut w = filters(m.from(q(format!("SELECT {HIT_COLS} FROM (SELECT {HIT_COLS}")), b), f);
    if let Some(n) = above {
        w = w.push(" AND e.n > ").push_arg(n);
    }
    let w = w.push(order(b)).push(&format!(" LIMIT {limit}) e WHERE 1 = 1"));
    access(w, s).push(" ORDER BY e.n DESC").fetch_all(c).await
}

/// The newest `limit` hits of `part` among the documents the searcher may open by being involved in them
/// (a named party or a task), which no tag of theirs finds when they are from another organ or the searcher
/// is not organ-wide.
async fn involved_hits(c: &mut impl Exec, s: &Searcher, f: &Query, part: Part, limit: usize) -> Result<Vec<Hit>> {
    if f.kind.as_deref().is_some_and(|k| k != "document") {
        return Ok(Vec::new());
    }
    let b = backend(c);
    let m = Match::new(&f.words, part, None);
    // An organ-wide searcher's own organ's documents come with their tags.
    let among = |w: Q, plus: &str| {
        let w = w.push(&format!(" AND {plus}e.kind = 'document' AND {plus}e.record_id IN ("));
        involved(w, &s.docs, s.docs.organ_wide).push(")")
    };
    // Few enough documents are cheaper probed than the matches walked: the candidates newest first, a chunk
    // at a time, until enough match. FTS5 probes cost a seek in every segment, so SQLite takes fewer; a
    // PostgreSQL probe is a row read by key.
    let most = match b {
        Backend::Sqlite => PROBE_MAX,
        Backend::Postgres => PROBE_MAX * 40,
    };
    let w = access(filters(among(q("SELECT e.n FROM search_entries e WHERE 1 = 1"), ""), f), s);
    // `+ 0`: from the documents, never a walk back along the key hoping to meet them.
    let candidates: Vec<(i64,)> =
        w.push(&format!(" ORDER BY e.n + 0 DESC LIMIT {}", most + 1)).fetch_all(&mut *c).await?;
    if candidates.len() <= most {
        let mut found: Vec<i64> = Vec::new();
        for chunk in candidates.chunks(if b == Backend::Sqlite { 64 } else { 500 }) {
            let ns = chunk.iter().map(|(n,)| *n);
            let got: Vec<(i64,)> = match b {
                Backend::Sqlite => q("SELECT rowid FROM search_fts WHERE search_fts MATCH ")
                    .push_arg(m.fts.as_str())
                    .push(" AND rowid IN ")
                    .push_in(ns),
                Backend::Postgres => m.from(q("SELECT e.n"), b).push(" AND e.n IN ").push_in(ns),
            }
            .fetch_all(&mut *c)
            .await?;
            found.extend(got.into_iter().map(|(n,)| n));
            if found.len() >= limit {
                break;
            }
        }
        if found.is_empty() {
            return Ok(Vec::new());
        }
        found.sort_unstable_by_key(|n| std::cmp::Reverse(*n));
        found.truncate(limit);
        return q(format!("SELECT {HIT_COLS} FROM search_entries e WHERE e.n IN "))
            .push_in(found)
            .push(" ORDER BY e.n DESC")
            .fetch_all(c)
            .await;
    }
    // On SQLite the `+` keeps the planner from driving the match walk from the documents (an FTS probe each,
    // which the probe above does only when they are few).
    let plus = if b == Backend::Sqlite { "+" } else { "" };
    let w = access(filters(among(m.from(q(format!("SELECT {HIT_COLS}")), b), plus), f), s);
    w.push(order(b)).push(&format!(" LIMIT {limit}")).fetch_all(c).await
}

/// The newest `limit` hits of `part` the searcher may open.
async fn part_hits(c: &mut impl Exec, s: &Searcher, f: &Query, part: Part, limit: usize) -> Result<Vec<Hit>> {
    let mut hits = tagged_hits(&mut *c, s, f, part, limit).await?;
    hits.extend(involved_hits(c, s, f, part, limit).await?);
    hits.sort_unstable_by_key(|h| std::cmp::Reverse(h.n));
    hits.dedup_by_key(|h| h.n);
    hits.truncate(limit);
    for h in &mut hits {
        h.title_hit = part == Part::Title;
    }
    Ok(hits)
}

/// Search: hits the searcher may open, title hits first, then the rest, newest first within each.
pub async fn search(c: &mut impl Exec, s: &Searcher, f: &Query) -> Result<Page> {
    if f.words.is_empty() {
        return Ok(Page::default());
    }
    let limit = f.limit.clamp(1, 100) as usize;
    let offset = f.offset.max(0) as usize;
    // One more than asked, to know whether another page follows.
    let want = limit + 1;
    let titles = part_hits(&mut *c, s, f, Part::Title, offset + want).await?;
    let title_count = titles.len();
    let mut hits: Vec<Hit> = titles.into_iter().skip(offset).collect();
    if hits.len() < want {
        // The title hits end on this page (or before it): the rest continue after them.
        let rest_offset = offset.saturating_sub(title_count);
        let rest = part_hits(c, s, f, Part::Rest, rest_offset + want - hits.len()).await?;
        hits.extend(rest.into_iter().skip(rest_offset));
    }
    let more = hits.len() > limit;
    hits.truncate(limit);
    Ok(Page { hits, more })
}

/// The same rows found by a plain `LIKE '%…%'` scan over titles and bodies (for comparison in benchmarks).
pub async fn like_scan(c: &mut impl Exec, s: &Searcher, text: &str, limit: i64) -> Result<Vec<Hit>> {
    let w = q(format!(
        "SELECT {HIT_COLS} FROM search_entries e WHERE (LOWER(e.title) LIKE $1 ESCAPE '\\' OR LOWER(e.body) LIKE $1 \
         ESCAPE '\\')"
    ))
    .bind(crate::contains_pattern(text));
    access(w, s).push(&format!(" ORDER BY e.n DESC LIMIT {}", limit.clamp(1, 100))).fetch_all(c).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_runs_and_search_mode_adds_shorter_words() {
        let w = words("关于召开乡村振兴工作会议的通知（2026年）ABC-d");
        for expected in ["会议", "乡村", "振兴", "通知", "2026", "abc", "d"] {
            assert!(w.iter().any(|x| x == expected), "{expected} in {w:?}");
        }
        assert!(w.iter().all(|x| x.chars().all(char::is_alphanumeric)));
    }

    #[test]
    fn titles_also_index_character_pairs() {
        let t = title_text("县委常委会议纪要");
        assert!(t.split(' ').any(|w| w == "会议"), "{t}");
        assert!(t.split(' ').any(|w| w == "纪要"), "{t}");
    }

    #[test]
    fn a_searcher_holds_the_tags_of_what_the_rule_lets_them_open() {
        let entry = |kind: &str, unit: Option<&str>, rank| Entry {
            kind: kind.into(),
            unit_id: unit.map(Into::into),
            classification_rank: rank,
            ..Entry::default()
        };
        let searcher = |organ_wide, office_member, max_rank| Searcher {
            docs: Viewer { organ_id: "u-1".into(), organ_wide, max_rank, ..Viewer::default() },
            unit_id: "u-1".into(),
            office_member,
        };
        let opens = |s: &Searcher, e: &Entry| tags(e).split(' ').any(|t| s.tags().iter().any(|h| h == t));
        let doc = entry("document", Some("u-1"), 1);
        assert!(opens(&searcher(true, false, 1), &doc));
        assert!(!opens(&searcher(true, false, 0), &doc), "above clearance");
        assert!(!opens(&searcher(false, true, 4), &doc), "need to know: found through involvement only");
        assert!(!opens(&searcher(true, false, 4), &entry("document", Some("u-2"), 0)), "another organ's");
        let matter = entry("tracked_item", None, 0);
        assert!(opens(&searcher(false, true, 0), &matter) && !opens(&searcher(true, false, 0), &matter));
        let part = entry("tracked_item", Some("u-1"), 0);
        assert!(opens(&searcher(false, false, 0), &part) && !opens(&searcher(false, true, 0), &part));
        let info = entry("info_item", Some("u-2"), 0);
        assert!(opens(&searcher(false, true, 0), &info), "the office sees every unit's");
        assert!(!opens(&searcher(true, false, 4), &info), "a unit sees its own");
        assert!(opens(&searcher(false, false, 0), &entry("info_item", Some("u-1"), 0)));
        assert!(!opens(&searcher(false, true, 0), &entry("info_item", Some("u-2"), 2)), "above clearance");
    }

    #[test]
    fn terms_are_quoted_and_single_characters_are_prefixes() {
        assert_eq!(fts_term("会议"), "\"会议\"");
        assert_eq!(fts_term("税"), "\"税\"*");
        assert_eq!(ts_term("税"), "'税':*");
        assert_eq!(ts_term("会议"), "'会议'");
    }
}
