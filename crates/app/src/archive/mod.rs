//! 档案室 (DA/T 22-2015): finished records are filed by the 件 — documents through the 办文 flow's 归档 step,
//! issued journal issues (简报) from the 档案室 — along one path (`file_record` over a `Source`), each with a
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
use zs_domain::{Action, Classification, Invalid};
use zs_store::archive as store;
use zs_store::Tx;

/// A finished record waiting to be filed (a document, an issued journal issue), with the 保管期限 the rules
/// propose.
#[derive(Debug, Clone)]
pub struct Pending {
    /// `document` or `journal_issue`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    /// 文号 (收文: the receipt number when it has one), or the issue's 期号.
    pub number: String,
    /// 发文·通知, 信息刊物 …
    pub kind_label: String,
    pub state: &'static str,
    /// The record's own page.
    pub href: String,
    pub proposed: Retention,
}

/// What filing needs of a record, whatever its kind: the 件's catalogue fields, its layout (the 归档章 is added
/// to it), the files filed beside the archival PDF, and the 保管期限 the rules propose.
pub(crate) struct Source {
    /// `document`, `journal_issue`: the 件's `source_kind`.
    pub kind: &'static str,
    pub id: String,
    /// What messages call it: 这份公文, 这一期.
    pub what: &'static str,
    /// The organ whose 机构代码 goes in the 档号.
    pub organ_id: String,
    /// When it was formed (年度 and 日期).
    pub formed: chrono::NaiveDate,
    pub proposed: Retention,
    pub doc_number: String,
    pub responsible: String,
    pub title: String,
    pub classification: Classification,
    pub layout: zs_render::Doc,
    /// Originals, scans and attachments, filed after the PDF: (role, name, sha256, size, mime).
    pub files: Vec<(String, String, String, i64, String)>,
}

fn may_manage(p: &Principal) -> Result<()> {
    p.require(Action::ManageArchive)
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

/// The organ a person works for (their unit, or for a 科室 the office it belongs to), as documents belong to
/// organs; `None` when the person or the unit is gone.
async fn organ_of_user(c: &mut impl zs_store::Exec, user_id: &str) -> Result<Option<String>> {
    let Some(user) = zs_store::org::get_user(&mut *c, user_id).await? else { return Ok(None) };
    Ok(zs_store::org::get_unit(&mut *c, &user.unit_id).await?.map(|u| match u.kind {
        zs_domain::UnitKind::Section => u.parent_id.unwrap_or(u.id),
        _ => u.id,
    }))
}

/// An issue's 题名 in the catalogue: 《刊名》2026年第12期, then its own title when it has one.
fn issue_title(
    journal: &zs_domain::affairs::journal::Journal,
    issue: &zs_domain::affairs::journal::JournalIssue,
) -> String {
    let title = format!("《{}》{}", journal.name, issue.label());
    if issue.title.is_empty() {
        title
    } else {
        format!("{title}　{}", issue.title)
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
        let mut doc_layout = layout(doc, self.attachment_pages(doc).await?);
        doc_layout.draft = false;
        let files = zs_store::documents::files(&mut *tx, &doc.id)
            .await?
            .into_iter()
            .map(|f| (f.purpose, f.name, f.sha256, f.size, f.mime))
            .collect();
        let number = if doc.flow == Flow::Incoming && !doc.received_no.is_empty() {
            format!("{} {}", doc.doc_number, doc.received_no).trim().to_string()
        } else {
            doc.doc_number.clone()
        };
        let source = Source {
            kind: "document",
            id: doc.id.clone(),
            what: "这份公文",
            organ_id: doc.unit_id.clone(),
            formed: formed_on(doc),
            proposed: self.config.archive.retention.propose(doc.flow, doc.content.doc_type),
            doc_number: number,
            responsible: doc.content.issuer.clone(),
            title: doc.content.title.clone(),
            classification: doc.content.classification,
            layout: doc_layout,
            files,
        };
        let (_, detail) = self.file_record(tx, p, source, retention, now).await?;
        Ok(detail)
    }

    /// 归档 of an issued journal issue (简报): its 简报 layout with the 归档章, numbered in the same groups as the
    /// documents of its organ (the organ its editor works for).
    pub async fn archive_file_issue(
        &self,
        p: &Principal,
        issue_id: &str,
        retention: Option<Retention>,
    ) -> Result<Record> {
        may_manage(p)?;
        let now = self.clock_ms();
        let names = self.unit_names().await?;
        let mut tx = self.db.begin().await?;
        let source = self.issue_source(&mut tx, issue_id, &names).await?;
        if !p.organ_id.is_empty() && source.organ_id != p.organ_id {
            return Err(AppError::NotFound("没有找到这一期，或它不属于本机关。".into()));
        }
        let (rec, _) = self.file_record(&mut tx, p, source, retention, now).await?;
        tx.commit().await?;
        Ok(rec)
    }

    /// A journal issue as a filing source; refused unless it is issued (已印发).
    async fn issue_source(
        &self,
        tx: &mut Tx,
        issue_id: &str,
        names: &std::collections::HashMap<String, String>,
    ) -> Result<Source> {
        use zs_domain::affairs::journal::IssueState;
        use zs_store::affairs::journals;
        let missing = || AppError::NotFound("没有找到这一期。".into());
        let issue = journals::issue(&mut *tx, issue_id).await?.ok_or_else(missing)?;
        let journal = journals::journal(&mut *tx, &issue.journal_id).await?.ok_or_else(missing)?;
        if issue.state != IssueState::Issued {
            return Err(AppError::Conflict(format!(
                "《{}》{}尚未印发（{}），不能归档。",
                journal.name,
                issue.label(),
                issue.state.label()
            )));
        }
        let entries: Vec<_> = journals::issue_items(&mut *tx, issue_id)
            .await?
            .into_iter()
            .map(|i| {
                let unit = names.get(&i.unit_id).cloned().unwrap_or_default();
                (i, unit)
            })
            .collect();
        let formed =
            issue.sign_off.as_ref().map(|s| s.date).unwrap_or_else(|| zs_domain::time::local_date(issue.updated_ms));
        let mut doc_layout = crate::affairs::journals::layout(&journal, &issue, &entries, formed);
        doc_layout.draft = false;
        let organ_id = organ_of_user(&mut *tx, &issue.created_by)
            .await?
            .ok_or_else(|| AppError::NotFound("这一期的编辑人员或其单位已不存在，无法确定归档机构。".into()))?;
        let title = issue_title(&journal, &issue);
        Ok(Source {
            kind: "journal_issue",
            id: issue.id.clone(),
            what: "这一期",
            organ_id,
            formed,
            proposed: self.config.archive.retention.propose_journal(),
            doc_number: issue.label(),
            responsible: journal.editor.clone(),
            title,
            classification: Classification::Public,
            layout: doc_layout,
            files: Vec::new(),
        })
    }

    /// The one filing path of every kind of record, in the caller's transaction: the 件号 from the group's
    /// counter (locked until the transaction ends, so concurrent filings wait and a failed one gives its
    /// number back), the archival PDF with its 归档章, the 件 with its files and metadata hash, the audit event.
    /// Returns the 件 and what the record's history says.
    pub(crate) async fn file_record(
        &self,
        tx: &mut Tx,
        p: &Principal,
        src: Source,
        retention: Option<Retention>,
        now: i64,
    ) -> Result<(Record, String)> {
        if let Some(r) = store::by_source(&mut *tx, src.kind, &src.id).await? {
            return Err(AppError::Conflict(format!("{}已归档，档号{}。", src.what, r.archival_code)));
        }
        let cfg = &self.config.archive;
        let retention = retention.unwrap_or(src.proposed);
        let organ = zs_store::org::get_unit(&mut *tx, &src.organ_id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("{}所属单位不存在。", src.what)))?;
        let organ_code = check_code("organ", "机构代码", &organ.code).map_err(|_| {
            Invalid::field(
                "organ",
                format!(
                    "单位“{}”没有有效的机构代码（应为大写字母或数字），请系统管理员在组织机构中设置后再归档。",
                    organ.name
                ),
            )
        })?;
        let mut code = ArchivalCode {
            fonds: cfg.fonds.clone(),
            category: CATEGORY_DOCUMENTS.into(),
            year: src.formed.year(),
            retention,
            organ: organ_code,
            item_no: 0,
        };
        // The counter row stays locked until this transaction ends: concurrent filings in the group wait, and
        // a failed filing gives its number back.
        code.item_no = zs_store::documents::next_seq(&mut *tx, &code.group(), code.year).await?;
        if code.item_no > MAX_ITEM_NO {
            return Err(AppError::Conflict(format!(
                "{}年{}（{}）的件号已用到{MAX_ITEM_NO}，无法再编号，请联系档案馆。",
                code.year,
                organ.name,
                retention.label()
            )));
        }
        let (pdf, pages) = self.archival_pdf(src.layout, &code, src.what).await?;
        let sha = self.blobs.put(&mut *tx, &pdf, now).await?;
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
        for (i, (role, name, sha256, size, mime)) in src.files.into_iter().enumerate() {
            files.push(File { record_id: id.clone(), position: i as i64 + 1, role, name, sha256, size, mime });
        }
        let mut rec = Record {
            id: id.clone(),
            source_kind: src.kind.into(),
            source_id: src.id.clone(),
            archival_code: code.to_string(),
            fonds: code.fonds.clone(),
            category: code.category.clone(),
            year: i64::from(code.year),
            retention: retention.code().into(),
            organ_code: code.organ.clone(),
            organ_id: organ.id.clone(),
            item_no: code.item_no,
            doc_number: src.doc_number,
            responsible: src.responsible,
            title: src.title,
            dated: src.formed.format("%Y%m%d").to_string(),
            classification: src.classification.code().into(),
            pages,
            note: String::new(),
            meta_sha256: String::new(),
            filed_by: p.user.name.clone(),
            filed_ms: now,
        };
        rec.meta_sha256 = Metadata::of(&rec, &files).hash();
        store::insert(&mut *tx, &rec).await.map_err(|e| {
            if e.is_unique_violation() {
                AppError::Conflict(format!(
                    "件号冲突：档号{code}已被占用（编号计数与已归档的件不一致），未归档。请档案员运行四性检测核对后再归档。"
                ))
            } else {
                e.into()
            }
        })?;
        for f in &files {
            store::insert_file(&mut *tx, f).await?;
        }
        let detail = format!("归档，档号{code}（{}，{pages}页，{}个文件）", retention.label(), files.len());
        record(tx, &p.actor(), "archive.file", "archive_record", &id, &format!("“{}”{detail}", rec.title), now).await?;
        Ok((rec, detail))
    }

    /// The archival copy: the record's layout with the 归档章 on page 1. Laid out twice: the stamp prints the
    /// page count, which the first layout tells.
    async fn archival_pdf(
        &self,
        mut doc_layout: zs_render::Doc,
        code: &ArchivalCode,
        what: &str,
    ) -> Result<(Vec<u8>, i64)> {
        let r = renderer()?;
        let render = |l: zs_render::Doc| {
            let r = r.clone();
            async move {
                tokio::task::spawn_blocking(move || r.pdf(&l))
                    .await
                    .map_err(|e| AppError::Config(format!("生成归档PDF失败：{e}")))?
                    .map_err(|e| AppError::Invalid(Invalid::new(format!("{what}无法排版，未归档：{e}"))))
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

    /// Finished records of the archivist's organ not yet filed, oldest first: documents (已核发 发文, 已办结 收文),
    /// then issued journal issues (已印发).
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
        let mut out: Vec<Pending> = docs
            .into_iter()
            .map(|doc| Pending {
                kind: "document",
                proposed: rules.propose(doc.flow, doc.content.doc_type),
                href: format!("/documents/{}", doc.id),
                number: if doc.received_no.is_empty() { doc.doc_number.clone() } else { doc.received_no.clone() },
                kind_label: format!("{}·{}", doc.flow.label(), doc.content.doc_type.label()),
                state: doc.state.label(),
                title: doc.content.title,
                id: doc.id,
            })
            .collect();
        let mut c = self.db.conn().await?;
        let mut organs: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for (id, editor) in store::pending_issues(&mut c, limit).await? {
            if !organs.contains_key(&editor) {
                let organ = organ_of_user(&mut c, &editor).await?.unwrap_or_default();
                organs.insert(editor.clone(), organ);
            }
            if !p.organ_id.is_empty() && organs.get(&editor) != Some(&p.organ_id) {
                continue;
            }
            let Some(issue) = zs_store::affairs::journals::issue(&mut c, &id).await? else { continue };
            let Some(journal) = zs_store::affairs::journals::journal(&mut c, &issue.journal_id).await? else {
                continue;
            };
            let title = issue_title(&journal, &issue);
            out.push(Pending {
                kind: "journal_issue",
                href: format!("/affairs/issues/{}", issue.id),
                number: issue.label(),
                kind_label: "信息刊物".into(),
                state: issue.state.label(),
                proposed: rules.propose_journal(),
                title,
                id: issue.id,
            });
        }
        Ok(out)
    }

    /// The 件 a journal issue was filed as, if it was.
    pub async fn archive_of_issue(&self, issue_id: &str) -> Result<Option<Record>> {
        let mut c = self.db.conn().await?;
        Ok(store::by_source(&mut c, "journal_issue", issue_id).await?)
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
