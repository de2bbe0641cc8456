//! A document as GB/T 9704 PDF or .docx: the app's model mapped onto `zs_render::Doc`, attachments
//! with text (.txt, .docx) set on their own pages, unsigned drafts marked 草稿.

use crate::{App, AppError, Principal, Result};
use std::sync::Arc;
use zs_domain::document::{blocks, Direction, Document, Flow, Layout, Urgency};
use zs_domain::time::format_date;
use zs_render::{Attachment, Block, Doc, MinutesMeta, Renderer, Variant};

/// The first renderer made in a process, shared by every App clone (fonts take a quarter second).
static RENDERER: std::sync::OnceLock<std::result::Result<Arc<Renderer>, String>> = std::sync::OnceLock::new();

/// The renderer, loaded on first use; a missing font is a clear error naming the package to install.
pub fn renderer() -> Result<Arc<Renderer>> {
    RENDERER
        .get_or_init(|| Renderer::new().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(|e| AppError::Config(format!("无法生成版式文件：{e}")))
}

/// Body text as the renderer's blocks: headings, paragraphs and pipe tables (`|单位|交办|`) as recognised by
/// `zs_domain::document::blocks`. Every layout built from text (公文, 会议通知, 简报) goes through here.
pub fn body_blocks(text: &str) -> Vec<Block> {
    blocks(text).into_iter().map(|b| Block { level: b.level, text: b.text, rows: b.rows }).collect()
}

/// A document's layout. `attachments` are the 附件 pages to print (label, title, text).
pub fn layout(d: &Document, attachments: Vec<(String, String, String)>) -> Doc {
    let c = &d.content;
    let body = body_blocks;
    Doc {
        variant: match c.doc_type.layout() {
            Layout::Standard => Variant::Standard,
            Layout::Letter => Variant::Letter,
            Layout::Order => Variant::Order,
            Layout::Minutes => Variant::Minutes,
        },
        copy_no: Some(c.copy_no.clone()).filter(|s| !s.is_empty()),
        classification: c.classification_mark(),
        urgency: (c.urgency != Urgency::Normal).then(|| zs_domain::workflow::Label::label(&c.urgency).to_string()),
        issuer_mark: if c.issuer_mark.is_empty() { c.issuer.clone() } else { c.issuer_mark.clone() },
        doc_number: Some(d.doc_number.clone()).filter(|s| !s.is_empty()),
        signers: match (c.direction, &d.sign_off) {
            (Direction::Up, Some(s)) => vec![s.name.clone()],
            _ => Vec::new(),
        },
        title: c.title.clone(),
        to: c.to.clone(),
        body: body(&c.body),
        attachment_notes: c.attachments.clone(),
        signature: c.signature.clone(),
        dated: c.dated.or(d.sign_off.as_ref().map(|s| s.date)).map(format_date).unwrap_or_default(),
        note: Some(c.note.clone()).filter(|s| !s.is_empty()),
        attachments: attachments
            .into_iter()
            .map(|(label, title, text)| Attachment { label, title, body: body(&text) })
            .collect(),
        cc: zs_domain::document::Content::organs(&c.cc),
        printer: c.printer.clone(),
        print_date: c.print_date.map(format_date).unwrap_or_default(),
        // A 发文 not yet signed is a draft; a 收文 is the sender's finished document.
        draft: d.flow == Flow::Outgoing && d.sign_off.is_none(),
        minutes: c.minutes_attendance().map(|a| MinutesMeta {
            present: a.present.clone(),
            on_leave: a.on_leave.clone(),
            attending: a.attending.clone(),
        }),
        stamp: None,
    }
}

/// "青政办发〔2026〕1号 关于…的通知" as a file name, without characters file systems refuse.
fn file_name(d: &Document, ext: &str) -> String {
    super::file_name(&format!("{} {}", d.doc_number, d.content.title), ext)
}

impl App {
    /// The 附件 pages of a document: attachment files whose text can be read, in order, titled by the
    /// 附件说明 entry of the same position (else the file name).
    pub(crate) async fn attachment_pages(&self, d: &Document) -> Result<Vec<(String, String, String)>> {
        let mut c = self.db.conn().await?;
        let files = zs_store::documents::files(&mut c, &d.id).await?;
        let mut out = Vec::new();
        for (i, f) in files.iter().filter(|f| f.purpose == "attachment").enumerate() {
            let Some(bytes) = self.blobs.get(&mut c, &f.sha256).await? else { continue };
            // A PDF or image attachment is sent as a file; only text is set in the layout.
            let Ok(text) = zs_office::text_of(&bytes) else { continue };
            let title = d.content.attachments.get(i).cloned().unwrap_or_else(|| f.name.clone());
            let label = if d.content.attachments.len() > 1 { format!("附件{}", i + 1) } else { "附件".to_string() };
            out.push((label, title, text));
        }
        Ok(out)
    }

    /// The document as PDF in GB/T 9704 layout, with a file name. Reading it is audited like opening it.
    pub async fn document_pdf(&self, p: &Principal, id: &str) -> Result<(Vec<u8>, String)> {
        let doc = self.document(p, id).await?.doc;
        let layout = layout(&doc, self.attachment_pages(&doc).await?);
        let r = renderer()?;
        let pdf = tokio::task::spawn_blocking(move || r.pdf(&layout))
            .await
            .map_err(|e| AppError::Config(format!("生成PDF失败：{e}")))?
            .map_err(|e| AppError::Invalid(zs_domain::Invalid::new(format!("这份公文无法排版：{e}"))))?;
        Ok((pdf.bytes, file_name(&doc, "pdf")))
    }

    /// The document as .docx with the same layout.
    pub async fn document_docx(&self, p: &Principal, id: &str) -> Result<(Vec<u8>, String)> {
        let doc = self.document(p, id).await?.doc;
        let layout = layout(&doc, self.attachment_pages(&doc).await?);
        let bytes = zs_render::docx(&layout)
            .map_err(|e| AppError::Invalid(zs_domain::Invalid::new(format!("这份公文无法生成 Word 文档：{e}"))))?;
        Ok((bytes, file_name(&doc, "docx")))
    }
}
