//! 起草 and 登记: creating a draft, saving versions, comparing them, and registering a 收文 that
//! arrived on paper or by import.

use super::parties;
use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use chrono::NaiveDate;
use zs_domain::document::{check_content, diff, editable, Content, DiffRow, DocNumber, DocState, Document, Flow};
use zs_domain::workflow::Label;
use zs_domain::{text, Invalid};
use zs_store::documents as store;
use zs_store::{Exec, Tx};

/// What the 收文登记 form carries.
#[derive(Debug, Clone)]
pub struct NewIncoming {
    /// 来文单位 in `issuer`, their 标题, 密级, 紧急程度, 正文 (when the text is at hand).
    pub content: Content,
    /// The sender's 文号 (may be empty: not every 来文 has one).
    pub doc_number: String,
    pub copies: i64,
    pub pages: i64,
    pub received_on: Option<NaiveDate>,
    /// The imported file (name, sha256 of a stored blob), kept with the 收文 as its 来文原件.
    pub original: Option<(String, String)>,
}

/// May start a draft: anyone with a working role in an organ (not the 三员 by their admin roles alone).
fn may_draft(p: &Principal) -> bool {
    !p.organ_id.is_empty() && p.user.roles.iter().any(|r| !r.is_admin_triad())
}

impl App {
    /// Field checks that need the database: the 机关代字 is the organ's, 会签 units exist, a 批复's
    /// 请示 is one the drafter may see.
    async fn check_refs(&self, c: &mut impl Exec, p: &Principal, d: &Document, content: &Content) -> Result<()> {
        if let Some(code_id) = &content.agency_code_id {
            let code = store::code(c, code_id)
                .await?
                .ok_or_else(|| Invalid::field("agency_code_id", "所选机关代字不存在。"))?;
            if code.unit_id != d.unit_id {
                return Err(Invalid::field("agency_code_id", format!("机关代字“{}”不属于本机关。", code.code)).into());
            }
            if !code.active && d.content.agency_code_id.as_deref() != Some(code_id) {
                return Err(Invalid::field("agency_code_id", format!("机关代字“{}”已停用。", code.code)).into());
            }
            if !d.doc_number.is_empty() && d.content.agency_code_id != content.agency_code_id {
                return Err(Invalid::field(
                    "agency_code_id",
                    "已编发文字号，不能再更换机关代字；如需更换请作废后重新起草。",
                )
                .into());
            }
        }
        for u in &content.countersign_unit_ids {
            if zs_store::org::get_unit(c, u).await?.is_none() {
                return Err(Invalid::field("countersign_unit_ids", "所选会签单位不存在。").into());
            }
        }
        if let Some(r) = &content.reply_to_id {
            if self.load_doc(c, p, r).await.is_err() {
                return Err(Invalid::field("reply_to_id", "所关联的请示不存在或不在您的知悉范围内。").into());
            }
        }
        Ok(())
    }

    /// 起草: a new 发文 in the drafter's organ, version 1, held by the drafter.
    pub async fn create_draft(&self, p: &Principal, content: &Content) -> Result<Document> {
        let mut tx = self.db.begin().await?;
        let doc = self.insert_draft(&mut tx, p, content).await?;
        tx.commit().await?;
        Ok(doc)
    }

    /// `create_draft` inside the caller's transaction, so a use case that drafts a document from its
    /// own record (a meeting's 纪要) links the two all or nothing.
    pub(crate) async fn insert_draft(&self, tx: &mut Tx, p: &Principal, content: &Content) -> Result<Document> {
        if !may_draft(p) {
            return Err(AppError::Denied("您的账户不能起草公文。".into()));
        }
        let mut content = check_content(content, &self.config.classification)?;
        let now = self.clock_ms();
        let organ = zs_store::org::get_unit(&mut *tx, &p.organ_id)
            .await?
            .ok_or_else(|| AppError::Denied("您所在单位不存在。".into()))?;
        if let Some(code_id) = &content.agency_code_id {
            if let Some(code) = store::code(&mut *tx, code_id).await? {
                // The code names the issuing organ: fill what the drafter left empty from it.
                fill(&mut content.issuer, &code.issuer);
                fill(&mut content.issuer_mark, &code.mark);
                fill(&mut content.signature, &code.issuer);
            }
        }
        fill(&mut content.printer, &organ.name);
        let doc = Document {
            drafter_id: Some(p.user.id.clone()),
            ..Document::new(Flow::Outgoing, &p.organ_id, DocState::Drafting, content, &p.user.id, now)
        };
        self.check_refs(&mut *tx, p, &doc, &doc.content).await?;
        store::insert(&mut *tx, &doc).await?;
        store::insert_version(&mut *tx, &doc, Some(&p.user.id), &p.user.name).await?;
        self.open_state_tasks(tx, &doc, now).await?;
        self.reindex_document(&mut *tx, &doc).await?;
        let detail = format!("起草{}“{}”", doc.content.doc_type.label(), doc.content.title);
        self.doc_event(&mut *tx, p, &doc.id, "create", &detail, now).await?;
        record(&mut *tx, &p.actor(), "document.create", "document", &doc.id, &detail, now).await?;
        Ok(doc)
    }

    /// Save the text as a new version (when it changed). `seen_version` is the version the editor
    /// started from: a save over someone else's newer version is refused, never silently merged.
    /// After 签发, a change sends the document back to the signer.
    pub async fn save_draft(&self, p: &Principal, id: &str, content: &Content, seen_version: i64) -> Result<Document> {
        let content = check_content(content, &self.config.classification)?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let (mut doc, tasks) = self.load_doc(&mut tx, p, id).await?;
        let ps = parties(p, &doc, &tasks);
        let Some(resign) = editable(doc.state, &ps) else {
            return Err(AppError::Conflict(format!("公文当前状态为“{}”，您不能修改。", doc.state.label())));
        };
        if seen_version != doc.version {
            return Err(AppError::Conflict(format!(
                "您编辑的是第{seen_version}版，其间已有人保存了第{}版。请重新打开后再修改，以免覆盖他人的修改。",
                doc.version
            )));
        }
        if content == doc.content {
            return Ok(doc);
        }
        self.check_refs(&mut tx, p, &doc, &content).await?;
        let seen = doc.updated_ms;
        doc.content = content;
        doc.version += 1;
        doc.updated_ms = now.max(seen + 1);
        let mut detail = format!("保存第{}版", doc.version);
        if resign && doc.sign_off.is_some() {
            doc.sign_off = None;
            doc.state = DocState::SigningOff;
            detail.push_str("（签发后修改正文，退回签发人重新签发）");
            self.close_state_tasks(&mut tx, &doc.id, p, "edit", "签发后修改", now).await?;
            self.open_state_tasks(&mut tx, &doc, now).await?;
        }
        if !store::update(&mut tx, &doc, seen).await? {
            return Err(concurrent());
        }
        store::insert_version(&mut tx, &doc, Some(&p.user.id), &p.user.name).await?;
        self.reindex_document(&mut tx, &doc).await?;
        self.doc_event(&mut tx, p, &doc.id, "save", &detail, now).await?;
        record(
            &mut tx,
            &p.actor(),
            "document.save",
            "document",
            &doc.id,
            &format!("“{}”{detail}", doc.content.title),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(doc)
    }

    /// Compare two versions side by side: the body line by line, and every other element that changed.
    pub async fn compare_versions(&self, p: &Principal, id: &str, a: i64, b: i64) -> Result<Comparison> {
        let mut c = self.db.conn().await?;
        self.load_doc(&mut c, p, id).await?;
        let old = store::version(&mut c, id, a).await?.ok_or_else(|| AppError::NotFound(format!("没有第{a}版。")))?;
        let new = store::version(&mut c, id, b).await?.ok_or_else(|| AppError::NotFound(format!("没有第{b}版。")))?;
        let (oc, nc) = (old.content()?, new.content()?);
        Ok(Comparison { fields: field_changes(&oc, &nc), body: diff(&oc.body, &nc.body), old, new })
    }

    /// 收文登记 of a document that arrived on paper, by mail or as a file: 签收 and 登记 in one step,
    /// with its 收文编号; it then waits for 初审.
    pub async fn register_incoming(&self, p: &Principal, n: &NewIncoming) -> Result<Document> {
        let pools = zs_domain::document::pools_of(&p.user.roles);
        if p.organ_id.is_empty() || !pools.contains(&zs_domain::document::POOL_REGISTRAR) {
            return Err(AppError::Denied("只有文书（或乡镇、部门联络员）可以登记收文。".into()));
        }
        let mut content = check_content(&n.content, &self.config.classification)?;
        content.issuer = text::required("issuer", "来文单位", &content.issuer, 100)?;
        let number =
            if n.doc_number.trim().is_empty() { String::new() } else { DocNumber::parse(&n.doc_number)?.to_string() };
        check_counts(n.copies, n.pages)?;
        let today = self.today();
        let received_on = n.received_on.unwrap_or(today);
        if received_on > today {
            return Err(Invalid::field("received_on", "收文日期不能晚于今天。").into());
        }
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        if !number.is_empty() {
            if let Some(dup) = store::find_incoming(&mut tx, &p.organ_id, &content.issuer, &number).await? {
                return Err(AppError::Conflict(format!(
                    "{}的“{number}”已登记为{}（{}），请勿重复登记。",
                    content.issuer, dup.received_no, dup.content.title
                )));
            }
        }
        let mut doc = Document {
            doc_number: number,
            received_on: Some(received_on),
            copies: n.copies,
            pages: n.pages,
            ..Document::new(Flow::Incoming, &p.organ_id, DocState::Screening, content, &p.user.id, now)
        };
        store::insert(&mut tx, &doc).await?;
        doc.received_no = self.allocate_received_no(&mut tx, p, &doc, today, now).await?;
        doc.updated_ms = now + 1;
        if !store::update(&mut tx, &doc, now).await? {
            return Err(concurrent());
        }
        store::insert_version(&mut tx, &doc, Some(&p.user.id), &p.user.name).await?;
        if let Some((name, sha)) = &n.original {
            let bytes = self
                .blobs
                .get(&mut tx, sha)
                .await?
                .filter(|b| zs_store::blobs::sha256_hex(b) == *sha)
                .ok_or_else(|| AppError::Conflict("导入的原件已不在存储中，请重新上传。".into()))?;
            let name = text::required("name", "文件名", name, 200)?;
            let file = store::FileRow {
                id: zs_domain::new_id(),
                document_id: doc.id.clone(),
                purpose: "original".into(),
                mime: super::mime_of(&name).into(),
                name,
                sha256: sha.clone(),
                size: bytes.len() as i64,
                position: 1,
                uploaded_by: p.user.name.clone(),
                created_ms: now,
            };
            store::insert_file(&mut tx, &file).await?;
        }
        self.reindex_document(&mut tx, &doc).await?;
        // The registrar signed for it and registered it in one go: record both as done tasks.
        self.record_done_task(&mut tx, p, &doc.id, "acknowledge", now).await?;
        self.record_done_task(&mut tx, p, &doc.id, "register", now).await?;
        self.open_state_tasks(&mut tx, &doc, now).await?;
        let detail = format!("登记收文{}：{}“{}”", doc.received_no, doc.content.issuer, doc.content.title);
        self.doc_event(&mut tx, p, &doc.id, "register", &detail, now).await?;
        record(&mut tx, &p.actor(), "document.register_incoming", "document", &doc.id, &detail, now).await?;
        tx.commit().await?;
        Ok(doc)
    }
}

/// Two versions compared.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub old: zs_store::documents::VersionRow,
    pub new: zs_store::documents::VersionRow,
    /// Elements other than the body that differ: (element, old, new).
    pub fields: Vec<(&'static str, String, String)>,
    pub body: Vec<DiffRow>,
}

fn field_changes(a: &Content, b: &Content) -> Vec<(&'static str, String, String)> {
    let date = |d: Option<NaiveDate>| d.map(zs_domain::time::format_date).unwrap_or_default();
    let pairs: Vec<(&'static str, String, String)> = vec![
        ("文种", a.doc_type.label().into(), b.doc_type.label().into()),
        ("标题", a.title.clone(), b.title.clone()),
        ("主送机关", a.to.clone(), b.to.clone()),
        ("密级", a.classification_mark().unwrap_or_default(), b.classification_mark().unwrap_or_default()),
        ("紧急程度", a.urgency.label().into(), b.urgency.label().into()),
        ("附件", a.attachments.join("；"), b.attachments.join("；")),
        ("发文机关署名", a.signature.clone(), b.signature.clone()),
        ("成文日期", date(a.dated), date(b.dated)),
        ("附注", a.note.clone(), b.note.clone()),
        ("抄送机关", a.cc.clone(), b.cc.clone()),
        ("印发机关", a.printer.clone(), b.printer.clone()),
    ];
    pairs.into_iter().filter(|(_, x, y)| x != y).collect()
}

fn fill(field: &mut String, value: &str) {
    if field.trim().is_empty() {
        *field = value.to_string();
    }
}

pub(crate) fn check_counts(copies: i64, pages: i64) -> Result<()> {
    if !(0..=10_000).contains(&copies) {
        return Err(Invalid::field("copies", "份数应在0到10000之间。").into());
    }
    if !(0..=10_000).contains(&pages) {
        return Err(Invalid::field("pages", "页数应在0到10000之间。").into());
    }
    Ok(())
}

pub(crate) fn concurrent() -> AppError {
    AppError::Conflict("这份公文刚被他人处理过，请刷新页面后再操作。".into())
}

impl App {
    /// A task recorded as already done (steps taken in one go, like 签收 at 登记).
    pub(crate) async fn record_done_task(
        &self,
        tx: &mut Tx,
        p: &Principal,
        doc_id: &str,
        kind: &str,
        now: i64,
    ) -> Result<()> {
        let task = store::TaskRow {
            user_id: Some(p.user.id.clone()),
            done_ms: Some(now),
            done_by: Some(p.user.id.clone()),
            done_by_name: p.user.name.clone(),
            outcome: kind.into(),
            ..store::TaskRow::new(doc_id, kind, "done", now)
        };
        store::insert_task(tx, &task).await?;
        Ok(())
    }
}

/// A 收文 registration prefilled from an imported file or pasted text.
#[derive(Debug, Clone)]
pub struct ImportedIncoming {
    pub form: NewIncoming,
    /// What the clerk should check: values read with low confidence, corrected forms, where a value came from.
    pub notes: Vec<String>,
    /// Lines removed from a web copy: (line, text, reason).
    pub removed: Vec<(usize, String, String)>,
}

impl App {
    /// Read a 来文 (a .docx or .txt file, or pasted text, web copies cleaned) and prefill its registration:
    /// 来文单位, 文号, 标题, 文种, 成文日期, 主送, 密级, 紧急程度, the text. A file is stored now and kept with
    /// the 收文 as its original once it is registered. Nothing is registered here.
    pub async fn import_incoming(
        &self,
        p: &Principal,
        file: Option<(&str, &[u8])>,
        pasted: &str,
    ) -> Result<ImportedIncoming> {
        let pools = zs_domain::document::pools_of(&p.user.roles);
        if p.organ_id.is_empty() || !pools.contains(&zs_domain::document::POOL_REGISTRAR) {
            return Err(AppError::Denied("只有文书（或乡镇、部门联络员）可以登记收文。".into()));
        }
        let (text, original) = match file {
            Some((name, bytes)) => {
                let text = crate::proof::imported_text(bytes)?;
                let mut tx = self.db.begin().await?;
                let sha = self.blobs.put(&mut tx, bytes, self.clock_ms()).await?;
                tx.commit().await?;
                (text, Some((name.to_string(), sha)))
            }
            None if pasted.trim().is_empty() => {
                return Err(Invalid::field("text", "请上传来文文件（.docx、.txt）或粘贴来文文字。").into())
            }
            None => (pasted.to_string(), None),
        };
        let found = zs_office::recognise(&text);
        let mut notes = Vec::new();
        let mut note = |label: &str, line: usize, confidence: zs_office::Confidence, extra: &Option<String>| {
            let weak = !matches!(confidence, zs_office::Confidence::High);
            if weak || extra.is_some() {
                let why = extra.clone().unwrap_or_else(|| "识别把握不大".into());
                notes.push(format!("{label}（第{line}行）：{why}，请核对。"));
            }
        };
        let mut content = Content::blank(zs_domain::document::DocType::Notice);
        if let Some(f) = &found.doc_type {
            content.doc_type = f.value;
            content.direction = f.value.default_direction();
        }
        if let Some(f) = &found.issuer {
            note("来文单位", f.line, f.confidence, &f.note);
            content.issuer = f.value.clone();
        }
        if let Some(f) = &found.title {
            note("标题", f.line, f.confidence, &f.note);
            content.title = f.value.clone();
        }
        if let Some(f) = &found.to {
            content.to = f.value.clone();
        }
        if let Some(f) = &found.dated {
            note("成文日期", f.line, f.confidence, &f.note);
            content.dated = Some(f.value);
        }
        if let Some(f) = &found.classification {
            content.classification = f.value;
        }
        if let Some(f) = &found.urgency {
            content.urgency = f.value;
        }
        if let Some(f) = &found.attachments {
            content.attachments = f.value.clone();
        }
        let doc_number = match &found.doc_number {
            Some(f) => {
                note("文号", f.line, f.confidence, &f.note);
                f.value.to_string()
            }
            None => String::new(),
        };
        content.body = found.text.clone();
        Ok(ImportedIncoming {
            form: NewIncoming { content, doc_number, copies: 1, pages: 0, received_on: None, original },
            notes,
            removed: found.removed.iter().map(|r| (r.line, r.text.clone(), r.reason.clone())).collect(),
        })
    }
}
