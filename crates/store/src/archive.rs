//! 档案: the 件 filed with their 档号 and files, the catalogue, and what 四性检测 and 鉴定 read. 件号 come from
//! `documents::next_seq` (the numbering counters) inside the filing transaction, so they are gapless per group.

use crate::{q, Exec, Result};

/// One 件.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Record {
    pub id: String,
    /// What was filed: `document`, `journal_issue`.
    pub source_kind: String,
    pub source_id: String,
    pub archival_code: String,
    pub fonds: String,
    pub category: String,
    pub year: i64,
    /// Y, D30, D10
    pub retention: String,
    pub organ_code: String,
    pub organ_id: String,
    pub item_no: i64,
    pub doc_number: String,
    /// 责任者: the organ that made the document.
    pub responsible: String,
    pub title: String,
    /// YYYYMMDD
    pub dated: String,
    /// Classification code (public, internal, work_secret …).
    pub classification: String,
    pub pages: i64,
    pub note: String,
    /// sha256 of the metadata as filed (see `zs_app::archive`), to tell later edits.
    pub meta_sha256: String,
    pub filed_by: String,
    pub filed_ms: i64,
}

const COLS: &str = "id, source_kind, source_id, archival_code, fonds, category, year, retention, organ_code, \
    organ_id, item_no, doc_number, responsible, title, dated, classification, pages, note, meta_sha256, filed_by, \
    filed_ms";

/// One file of a 件.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct File {
    pub record_id: String,
    pub position: i64,
    /// pdf, original, scan, attachment
    pub role: String,
    pub name: String,
    pub sha256: String,
    pub size: i64,
    pub mime: String,
}

pub async fn insert(c: &mut impl Exec, r: &Record) -> Result<()> {
    q(format!(
        "INSERT INTO archive_records ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
         $15, $16, $17, $18, $19, $20, $21)"
    ))
    .bind(&r.id)
    .bind(&r.source_kind)
    .bind(&r.source_id)
    .bind(&r.archival_code)
    .bind(&r.fonds)
    .bind(&r.category)
    .bind(r.year)
    .bind(&r.retention)
    .bind(&r.organ_code)
    .bind(&r.organ_id)
    .bind(r.item_no)
    .bind(&r.doc_number)
    .bind(&r.responsible)
    .bind(&r.title)
    .bind(&r.dated)
    .bind(&r.classification)
    .bind(r.pages)
    .bind(&r.note)
    .bind(&r.meta_sha256)
    .bind(&r.filed_by)
    .bind(r.filed_ms)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn insert_file(c: &mut impl Exec, f: &File) -> Result<()> {
    q("INSERT INTO archive_files (record_id, position, role, name, sha256, size, mime) VALUES ($1, $2, $3, $4, $5,
       $6, $7)")
    .bind(&f.record_id)
    .bind(f.position)
    .bind(&f.role)
    .bind(&f.name)
    .bind(&f.sha256)
    .bind(f.size)
    .bind(&f.mime)
    .execute(c)
    .await?;
    Ok(())
}

pub async fn get(c: &mut impl Exec, id: &str) -> Result<Option<Record>> {
    q(format!("SELECT {COLS} FROM archive_records WHERE id = $1")).bind(id).fetch_optional(c).await
}

pub async fn by_source(c: &mut impl Exec, kind: &str, id: &str) -> Result<Option<Record>> {
    q(format!("SELECT {COLS} FROM archive_records WHERE source_kind = $1 AND source_id = $2"))
        .bind(kind)
        .bind(id)
        .fetch_optional(c)
        .await
}

pub async fn files(c: &mut impl Exec, record_id: &str) -> Result<Vec<File>> {
    q("SELECT record_id, position, role, name, sha256, size, mime FROM archive_files WHERE record_id = $1
       ORDER BY position")
    .bind(record_id)
    .fetch_all(c)
    .await
}

/// The files of many 件 at once (for checks and packages), ordered by 件 and position.
pub async fn files_of(c: &mut impl Exec, record_ids: &[String]) -> Result<Vec<File>> {
    q("SELECT record_id, position, role, name, sha256, size, mime FROM archive_files WHERE record_id IN ")
        .push_in(record_ids.iter().map(String::as_str))
        .push(" ORDER BY record_id, position")
        .fetch_all(c)
        .await
}

/// Issued journal issues (已印发) not yet filed, oldest first: (issue id, its editor's user id).
pub async fn pending_issues(c: &mut impl Exec, limit: i64) -> Result<Vec<(String, String)>> {
    q(format!(
        "SELECT s.id, s.created_by FROM journal_issues s WHERE s.state = 'issued' AND NOT EXISTS (SELECT 1 FROM \
         archive_records r WHERE r.source_kind = 'journal_issue' AND r.source_id = s.id) ORDER BY s.updated_ms, s.id \
         LIMIT {}",
        limit.clamp(1, 10_000)
    ))
    .fetch_all(c)
    .await
}

/// The bytes of many blobs kept in the database (`blob_data`) in one query, by sha256; a sha256 without
/// bytes there is absent from the answer. (Blobs in a directory are read file by file.)
pub async fn blob_data(c: &mut impl Exec, shas: &[&str]) -> Result<Vec<(String, Vec<u8>)>> {
    if shas.is_empty() {
        return Ok(Vec::new());
    }
    q("SELECT sha256, data FROM blob_data WHERE sha256 IN ").push_in(shas.iter().copied()).fetch_all(c).await
}

/// Which 件 a catalogue, a package or a check covers.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub year: Option<i32>,
    pub retention: Option<String>,
    pub organ_code: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

fn where_clause(mut w: crate::Q, f: &Filter) -> crate::Q {
    if let Some(y) = f.year {
        w = w.push(" AND year = ").push_arg(i64::from(y));
    }
    if let Some(r) = &f.retention {
        w = w.push(" AND retention = ").push_arg(r.as_str());
    }
    if let Some(o) = &f.organ_code {
        w = w.push(" AND organ_code = ").push_arg(o.as_str());
    }
    w
}

/// 件 in catalogue order: year, 保管期限 (Y, D30, D10), 机构, 件号.
pub async fn list(c: &mut impl Exec, f: &Filter) -> Result<(Vec<Record>, i64)> {
    let order = "year, CASE retention WHEN 'Y' THEN 0 WHEN 'D30' THEN 1 ELSE 2 END, organ_code, item_no";
    where_clause(q(" FROM archive_records WHERE 1 = 1"), f)
        .count_and_page(c, COLS, order, f.limit.clamp(1, 1_000_000), f.offset)
        .await
}

/// 件 after `after_id` in id order, for walking a large fonds in batches.
pub async fn batch(c: &mut impl Exec, f: &Filter, after_id: &str, limit: i64) -> Result<Vec<Record>> {
    where_clause(q(format!("SELECT {COLS} FROM archive_records WHERE 1 = 1")), f)
        .push(" AND id > ")
        .push_arg(after_id)
        .push(&format!(" ORDER BY id LIMIT {}", limit.clamp(1, 100_000)))
        .fetch_all(c)
        .await
}

/// The 件号 used in every group of a year (or all years): (fonds, category, year, retention, organ, item_no),
/// ordered, for the gap check.
pub async fn numbers(c: &mut impl Exec, year: Option<i32>) -> Result<Vec<(String, String, i64, String, String, i64)>> {
    let mut w = q("SELECT fonds, category, year, retention, organ_code, item_no FROM archive_records WHERE 1 = 1");
    if let Some(y) = year {
        w = w.push(" AND year = ").push_arg(i64::from(y));
    }
    w.push(" ORDER BY fonds, category, year, retention, organ_code, item_no").fetch_all(c).await
}

/// Years that have 件, newest first.
pub async fn years(c: &mut impl Exec) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = q("SELECT DISTINCT year FROM archive_records ORDER BY year DESC").fetch_all(c).await?;
    Ok(rows.into_iter().map(|(y,)| y).collect())
}

/// 件 whose term ends in `from_year..=to_year`: a 件 of year Y kept N years ends with year Y + N.
pub async fn due(c: &mut impl Exec, from_year: i32, to_year: i32, limit: i64) -> Result<Vec<Record>> {
    q(format!(
        "SELECT {COLS} FROM archive_records WHERE retention <> 'Y'
           AND year + CASE retention WHEN 'D30' THEN 30 ELSE 10 END BETWEEN $1 AND $2
         ORDER BY year, retention, organ_code, item_no LIMIT {}",
        limit.clamp(1, 100_000)
    ))
    .bind(i64::from(from_year))
    .bind(i64::from(to_year))
    .fetch_all(c)
    .await
}

/// Ids of 件 whose filing is in the audit trail (action `archive.file`, target the 件).
pub async fn audited(c: &mut impl Exec) -> Result<std::collections::HashSet<String>> {
    let rows: Vec<(String,)> =
        q("SELECT target_id FROM audit_events WHERE action = 'archive.file'").fetch_all(c).await?;
    Ok(rows.into_iter().map(|(t,)| t).collect())
}
