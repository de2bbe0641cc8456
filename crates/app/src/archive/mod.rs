//! 档案室 (DA/T 22-2015): finished documents are filed by the 件 through the 办文 flow's 归档 step, each with a
//! 档号 whose 件号 runs gapless within its group, a PDF stamped with the 归档章, and its originals and
//! attachments; the 归档文件目录, transfer packages, 四性检测 and the list of terms ending for 鉴定.

mod catalogue;
mod check;
mod meta;
mod package;

pub use catalogue::CATALOGUE_HEADERS;
pub use check::{CheckReport, ItemCheck, Property};
pub use meta::{FileMeta, Metadata};
pub use zs_store::archive::{File, Filter, Record};

use crate::audit::record;
use crate::documents::render::{layout, renderer};
use crate::{App, AppError, Principal, Result};
use chrono::Datelike;
use zs_domain::archive::{check_code, ArchivalCode, Retention, CATEGORY_DOCUMENTS, MAX_ITEM_NO};
use zs_domain::document::{DocState, Document, Flow};
use zs_domain::workflow::Label;
use zs_domain::{decide, Action, Classification, Decision, Invalid};
use zs_store::archive as store;
use zs_store::Tx;

/// A finished document waiting to be filed, with the 保管期限 the rules propose.
#[derive(Debug, Clone)]
pub struct Pending {
    pub doc: Document,
    pub proposed: Retention,
}

fn may_manage(p: &Principal) -> Result<()> {
    match decide(&p.subject, &Action::ManageArchive) {
        Decision::Allow => Ok(()),
        Decision::Deny(r) => Err(AppError::Denied(r)),
    }
}

fn not_found() -> AppError {
    AppError::NotFound("没有这一件档案。".into())
}

/// The year a document was formed (年度): its 成文日期 or signing for a 发文, its receipt for a 收文.
fn formed_on(doc: &Document) -> chrono::NaiveDate {
    let created = zs_domain::time::local_date(doc.created_ms);
    match doc.flow {
        Flow::Outgoing => doc.content.dated.or(doc.sign_off.as_ref().map(|s| s.date)).unwrap_or(created),
        Flow::Incoming => doc.content.dated.or(doc.received_on).unwrap_or(created),
    }
}

/// A classification code as the catalogue prints it.
pub fn classification_label(code: &str) -> &'static str {
    Classification::from_code(code).map(Classification::label).unwrap_or("")
}

/// A 保管期限 code as printed.
pub fn retention_label(code: &str) -> &'static str {
    Retention::from_code(code).map(|r| r.label()).unwrap_or("")
}

impl App {
    /// 归档 inside the 办文 flow's step: allocate the 件号 in the caller's transaction, lay out the PDF with its
    /// 归档章, and record the 件 with its files and metadata hash. Returns what the document's history says.
    pub(crate) async fn file_document(
        &self,
        tx: &mut Tx,
        p: &Principal,
        doc: &Document,
        retention: Option<Retention>,
        now: i64,
    ) -> Result<String> {
        if let Some(r) = store::by_source(tx, "document", &doc.id).await? {
            return Err(AppError::Conflict(format!("这份公文已归档，档号{}。", r.archival_code)));
        }
        let cfg = &self.config.archive;
        let retention = retention.unwrap_or_else(|| cfg.retention.propose(doc.flow, doc.content.doc_type));
        let organ = zs_store::org::get_unit(tx, &doc.unit_id)
            .await?
            .ok_or_else(|| AppError::NotFound("公文所属单位不存在。".into()))?;
        let organ_code = check_code("organ", "机构代码", &organ.code).map_err(|_| {
            Invalid::field(
                "organ",
                format!(
                    "单位“{}”没有有效的机构代码（应为大写字母或数字），请系统管理员在组织机构中设置后再归档。",
                    organ.name
                ),
            )
        })?;
        let formed = formed_on(doc);
        let mut code = ArchivalCode {
            fonds: cfg.fonds.clone(),
            category: CATEGORY_DOCUMENTS.into(),
            year: formed.year(),
            retention,
            organ: organ_code,
            item_no: 0,
        };
        // The counter row stays locked until this transaction ends: concurrent filings in the group wait, and
        // a failed filing gives its number back.
        code.item_no = zs_store::documents::next_seq(tx, &code.group(), code.year).await?;
        if code.item_no > MAX_ITEM_NO {
            return Err(AppError::Conflict(format!(
                "{}年{}（{}）的件号已用到{MAX_ITEM_NO}，无法再编号，请联系档案馆。",
                code.year,
                organ.name,
                retention.label()
            )));
        }
        let (pdf, pages) = self.archival_pdf(doc, &code).await?;
        let sha = self.blobs.put(tx, &pdf, now).await?;
        let id = zs_domain::new_id();
        let mut files = vec![File {
            record_id: id.clone(),
            position: 0,
            role: "pdf".into(),
            name: format!("{code}.pdf"),
            sha256: sha,
            size: pdf.len() as i64,
            mime: "application/pdf".into(),
        }];
        for (i, f) in zs_store::documents::files(tx, &doc.id).await?.into_iter().enumerate() {
            files.push(File {
                record_id: id.clone(),
                position: i as i64 + 1,
                role: f.purpose,
                name: f.name,
                sha256: f.sha256,
                size: f.size,
                mime: f.mime,
            });
        }
        let number = if doc.flow == Flow::Incoming && !doc.received_no.is_empty() {
            format!("{} {}", doc.doc_number, doc.received_no).trim().to_string()
        } else {
            doc.doc_number.clone()
        };
        let mut rec = Record {
            id: id.clone(),
            source_kind: "document".into(),
            source_id: doc.id.clone(),
            archival_code: code.to_string(),
            fonds: code.fonds.clone(),
            category: code.category.clone(),
            year: i64::from(code.year),
            retention: retention.code().into(),
            organ_code: code.organ.clone(),
            organ_id: organ.id.clone(),
            item_no: code.item_no,
            doc_number: number,
            responsible: doc.content.issuer.clone(),
            title: doc.content.title.clone(),
            dated: formed.format("%Y%m%d").to_string(),
            classification: doc.content.classification.code().into(),
            pages,
            note: String::new(),
            meta_sha256: String::new(),
            filed_by: p.user.name.clone(),
            filed_ms: now,
        };
        rec.meta_sha256 = Metadata::of(&rec, &files).hash();
        store::insert(tx, &rec).await.map_err(|e| {
            if e.is_unique_violation() {
                AppError::Conflict(format!(
                    "件号冲突：档号{code}已被占用（编号计数与已归档的件不一致），未归档。请档案员运行四性检测核对后再归档。"
                ))
            } else {
                e.into()
            }
        })?;
        for f in &files {
            store::insert_file(tx, f).await?;
        }
        let detail = format!("归档，档号{code}（{}，{pages}页，{}个文件）", retention.label(), files.len());
        record(tx, &p.actor(), "archive.file", "archive_record", &id, &format!("“{}”{detail}", rec.title), now).await?;
        Ok(detail)
    }

    /// The archival copy: the document's layout with the 归档章 on page 1. Laid out twice: the stamp prints
    /// the page count, which the first layout tells.
    async fn archival_pdf(&self, doc: &Document, code: &ArchivalCode) -> Result<(Vec<u8>, i64)> {
        let mut doc_layout = layout(doc, self.attachment_pages(doc).await?);
        doc_layout.draft = false;
        let r = renderer()?;
        let render = |l: zs_render::Doc| {
            let r = r.clone();
            async move {
                tokio::task::spawn_blocking(move || r.pdf(&l))
                    .await
                    .map_err(|e| AppError::Config(format!("生成归档PDF失败：{e}")))?
                    .map_err(|e| AppError::Invalid(Invalid::new(format!("这份公文无法排版，未归档：{e}"))))
            }
        };
        let pages = render(doc_layout.clone()).await?.pages;
        doc_layout.stamp = Some(zs_render::ArchiveStamp {
            fonds: code.fonds.clone(),
            year: code.year.to_string(),
            item_no: code.item_label(),
            organ: code.organ.clone(),
            retention: code.retention.label().into(),
            pages: pages.to_string(),
        });
        let out = render(doc_layout).await?;
        Ok((out.bytes, i64::from(out.pages)))
    }

    /// Finished documents of the archivist's organ not yet filed (已核发 发文, 已办结 收文), oldest first.
    pub async fn archive_pending(&self, p: &Principal, limit: i64) -> Result<Vec<Pending>> {
        may_manage(p)?;
        let f = zs_store::documents::DocFilter {
            states: vec![DocState::Dispatched, DocState::Completed],
            limit,
            ..Default::default()
        };
        let (mut docs, _) = self.documents(p, &f).await?;
        docs.reverse();
        let rules = &self.config.archive.retention;
        Ok(docs
            .into_iter()
            .map(|doc| Pending { proposed: rules.propose(doc.flow, doc.content.doc_type), doc })
            .collect())
    }

    /// 件 in catalogue order.
    pub async fn archive_records(&self, p: &Principal, f: &Filter) -> Result<(Vec<Record>, i64)> {
        may_manage(p)?;
        let mut c = self.db.conn().await?;
        Ok(store::list(&mut c, f).await?)
    }

    /// One 件 with its files.
    pub async fn archive_record(&self, p: &Principal, id: &str) -> Result<(Record, Vec<File>)> {
        may_manage(p)?;
        let mut c = self.db.conn().await?;
        let r = store::get(&mut c, id).await?.ok_or_else(not_found)?;
        let files = store::files(&mut c, id).await?;
        Ok((r, files))
    }

    /// The 件 a document was filed as, if it was (for the document's page).
    pub async fn archive_of_document(&self, doc_id: &str) -> Result<Option<Record>> {
        let mut c = self.db.conn().await?;
        Ok(store::by_source(&mut c, "document", doc_id).await?)
    }

    /// A file of a 件, checked against its sha256; the download is audited.
    pub async fn archive_download(&self, p: &Principal, id: &str, position: i64) -> Result<(File, Vec<u8>)> {
        may_manage(p)?;
        let mut c = self.db.conn().await?;
        store::get(&mut c, id).await?.ok_or_else(not_found)?;
        let f = store::files(&mut c, id)
            .await?
            .into_iter()
            .find(|f| f.position == position)
            .ok_or_else(|| AppError::NotFound("这一件档案没有这个文件。".into()))?;
        let bytes = self.blobs.get(&mut c, &f.sha256).await?.ok_or_else(|| {
            AppError::Conflict(format!("文件“{}”的内容不在存储中，请从备份恢复并运行四性检测。", f.name))
        })?;
        if zs_store::blobs::sha256_hex(&bytes) != f.sha256 {
            return Err(AppError::Conflict(format!(
                "文件“{}”与归档时的校验值不符，可能已被篡改，已拒绝下载。",
                f.name
            )));
        }
        drop(c);
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        record(&mut tx, &p.actor(), "archive.download", "archive_record", id, &format!("下载“{}”", f.name), now)
            .await?;
        tx.commit().await?;
        Ok((f, bytes))
    }

    /// 件 whose 保管期限 ends in the years `from..=to`, for 鉴定.
    pub async fn archive_due(&self, p: &Principal, from: i32, to: i32) -> Result<Vec<Record>> {
        may_manage(p)?;
        if from > to || to - from > 100 {
            return Err(Invalid::field("to", "到期年份范围无效：起始年份不能晚于截止年份，且相差不超过100年。").into());
        }
        let mut c = self.db.conn().await?;
        Ok(store::due(&mut c, from, to, 10_000).await?)
    }

    /// Years that have 件, newest first.
    pub async fn archive_years(&self) -> Result<Vec<i64>> {
        let mut c = self.db.conn().await?;
        Ok(store::years(&mut c).await?)
    }
}
