//! 附件 and originals of a document: stored content-addressed, listed in order, downloadable by
//! whoever may open the document.

use super::parties;
use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use zs_domain::document::{editable, DocState};
use zs_domain::{text, Invalid};
use zs_store::documents::{self as store, FileRow};

/// The most files one document carries.
const MAX_FILES: usize = 50;

/// A download's file name from a title: no path separators or characters file systems refuse, 80 at most.
pub(crate) fn file_name(base: &str, ext: &str) -> String {
    let clean: String = base
        .trim()
        .chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) || c.is_control() { '_' } else { c })
        .take(80)
        .collect();
    format!("{clean}.{ext}")
}

/// A MIME type from the file name, for downloads (the bytes are served as attachments anyway).
pub(crate) fn mime_of(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    match lower.rsplit('.').next().unwrap_or("") {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ofd" => "application/ofd",
        "txt" => "text/plain; charset=utf-8",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

impl App {
    /// Attach a file. The drafter (or whoever may edit now) adds 附件 to a 发文; the 文书 adds the
    /// original or a scan to a 收文 until it is finished.
    pub async fn attach_file(
        &self,
        p: &Principal,
        doc_id: &str,
        name: &str,
        bytes: &[u8],
        purpose: &str,
    ) -> Result<FileRow> {
        let name = text::required("name", "文件名", name.rsplit(['/', '\\']).next().unwrap_or(name), 200)?;
        if bytes.is_empty() {
            return Err(Invalid::field("file", "上传的文件是空的。").into());
        }
        if !matches!(purpose, "attachment" | "original" | "scan") {
            return Err(Invalid::field("purpose", "文件用途无效。").into());
        }
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let (doc, tasks) = self.load_doc(&mut tx, p, doc_id).await?;
        let ps = parties(p, &doc, &tasks);
        let may = editable(doc.state, &ps).is_some()
            || (ps.contains(&zs_domain::document::DocParty::Registrar)
                && !doc.is_finished()
                && doc.state != DocState::Drafting);
        if !may {
            return Err(AppError::Denied("当前状态下您不能为这份公文添加文件。".into()));
        }
        let existing = store::files(&mut tx, doc_id).await?;
        if existing.len() >= MAX_FILES {
            return Err(Invalid::field("file", format!("每份公文最多{MAX_FILES}个文件。")).into());
        }
        let sha = self.blobs.put(&mut tx, bytes, now).await?;
        let row = FileRow {
            id: zs_domain::new_id(),
            document_id: doc_id.into(),
            purpose: purpose.into(),
            name: name.clone(),
            sha256: sha.clone(),
            size: bytes.len() as i64,
            mime: mime_of(&name).into(),
            position: existing.iter().map(|f| f.position).max().unwrap_or(0) + 1,
            uploaded_by: p.user.name.clone(),
            created_ms: now,
        };
        store::insert_file(&mut tx, &row).await?;
        self.reindex_document(&mut tx, &doc).await?;
        let detail = format!("上传文件“{name}”（{} 字节，sha256 {}）", bytes.len(), &sha[..12]);
        self.doc_event(&mut tx, p, doc_id, "file", &detail, now).await?;
        record(&mut tx, &p.actor(), "document.file", "document", doc_id, &detail, now).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// A file's bytes, checked against its sha256 (an altered or missing file is an error, not
    /// served). Downloading is audited like opening.
    pub async fn file(&self, p: &Principal, doc_id: &str, file_id: &str) -> Result<(FileRow, Vec<u8>)> {
        let mut c = self.db.conn().await?;
        let (doc, _) = self.load_doc(&mut c, p, doc_id).await?;
        let f = store::files(&mut c, doc_id)
            .await?
            .into_iter()
            .find(|f| f.id == file_id)
            .ok_or_else(|| AppError::NotFound("没有这个文件。".into()))?;
        let bytes = self.blobs.get(&mut c, &f.sha256).await?.ok_or_else(|| {
            AppError::Conflict(format!("文件“{}”的内容不在存储中，请联系系统管理员从备份恢复。", f.name))
        })?;
        if zs_store::blobs::sha256_hex(&bytes) != f.sha256 {
            return Err(AppError::Conflict(format!(
                "文件“{}”的内容与登记的校验值不符，可能已被篡改，已拒绝下载。",
                f.name
            )));
        }
        drop(c);
        if doc.content.classification.read_is_audited() {
            let mut tx = self.db.begin().await?;
            self.record_open(&mut tx, p, "document_file", &f.id, doc.content.classification).await?;
            tx.commit().await?;
        }
        Ok((f, bytes))
    }
}
