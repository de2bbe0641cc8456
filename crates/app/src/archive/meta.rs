//! The metadata of a 件 as filed: what the transfer package's `metadata.json` holds (schema in
//! `package.schema.json`) and what its `meta_sha256` fixes, so 四性检测 can tell a record edited after filing.

use serde::{Deserialize, Serialize};
use zs_store::archive::{File, Record};

/// One 件's metadata. Field order is the serialised order, so the hash is stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// 档号
    pub archival_code: String,
    /// 全宗号
    pub fonds: String,
    /// 门类代码 (WS)
    pub category: String,
    /// 年度
    pub year: i64,
    /// 保管期限: Y, D30, D10
    pub retention: String,
    /// 机构代码
    pub organ_code: String,
    /// 件号
    pub item_no: i64,
    /// 文号
    pub doc_number: String,
    /// 责任者
    pub responsible: String,
    /// 题名
    pub title: String,
    /// 日期, YYYYMMDD
    pub dated: String,
    /// 密级 (code)
    pub classification: String,
    /// 页数
    pub pages: i64,
    /// 备注
    pub note: String,
    /// The record filed (kind and id in 中枢).
    pub source_kind: String,
    pub source_id: String,
    pub filed_by: String,
    pub filed_ms: i64,
    pub files: Vec<FileMeta>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    /// pdf (the stamped archival copy), original, scan, attachment
    pub role: String,
    pub name: String,
    pub sha256: String,
    pub size: i64,
    pub mime: String,
}

impl Metadata {
    pub fn of(r: &Record, files: &[File]) -> Metadata {
        Metadata {
            archival_code: r.archival_code.clone(),
            fonds: r.fonds.clone(),
            category: r.category.clone(),
            year: r.year,
            retention: r.retention.clone(),
            organ_code: r.organ_code.clone(),
            item_no: r.item_no,
            doc_number: r.doc_number.clone(),
            responsible: r.responsible.clone(),
            title: r.title.clone(),
            dated: r.dated.clone(),
            classification: r.classification.clone(),
            pages: r.pages,
            note: r.note.clone(),
            source_kind: r.source_kind.clone(),
            source_id: r.source_id.clone(),
            filed_by: r.filed_by.clone(),
            filed_ms: r.filed_ms,
            files: files
                .iter()
                .map(|f| FileMeta {
                    role: f.role.clone(),
                    name: f.name.clone(),
                    sha256: f.sha256.clone(),
                    size: f.size,
                    mime: f.mime.clone(),
                })
                .collect(),
        }
    }

    pub fn json(&self) -> Vec<u8> {
        // Plain strings and numbers: serialising cannot fail.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// sha256 of the canonical JSON.
    pub fn hash(&self) -> String {
        zs_store::blobs::sha256_hex(&self.json())
    }
}
