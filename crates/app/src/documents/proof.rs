//! 校对 in drafting: a document's elements composed into one text the way it reads (标题, 主送, 正文,
//! 附件说明, 署名, 日期), checked with the organisation's proofreader and the document's 文种 and
//! attachments; findings mapped back to the element they are in; dismissals with a reason; a
//! suggestion applied to the element it belongs to.

use super::parties;
use crate::audit::record;
use crate::{App, AppError, Principal, Result};
use zs_domain::document::{Content, DocParty, Document};
use zs_domain::{text, Invalid};
use zs_proof::{DocContext, Finding, Severity};
use zs_store::documents::{self as store, Dismissal};

/// The element of a document a finding is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Title,
    To,
    Body,
    Attachments,
    Signature,
}

impl Part {
    pub fn code(self) -> &'static str {
        match self {
            Part::Title => "title",
            Part::To => "to",
            Part::Body => "body",
            Part::Attachments => "attachments",
            Part::Signature => "signature",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Part::Title => "标题",
            Part::To => "主送机关",
            Part::Body => "正文",
            Part::Attachments => "附件说明",
            Part::Signature => "署名和日期",
        }
    }
    pub fn from_code(s: &str) -> Option<Part> {
        [Part::Title, Part::To, Part::Body, Part::Attachments, Part::Signature].into_iter().find(|p| p.code() == s)
    }
}

/// One finding on a document: where it is (element and character offsets within that element's text),
/// and its dismissal, if any.
#[derive(Debug, Clone)]
pub struct DocFinding {
    pub finding: Finding,
    pub part: Part,
    pub start: usize,
    pub end: usize,
    pub dismissed: Option<Dismissal>,
}

impl DocFinding {
    /// An error nobody has dismissed: it stops 签发 unless the signer overrides with a reason.
    pub fn blocking(&self) -> bool {
        self.finding.severity == Severity::Error && self.dismissed.is_none()
    }
}

/// The document's text as it reads, and where each element lies in it (character ranges).
fn compose(c: &Content) -> (String, Vec<(Part, usize, usize)>) {
    let mut text = String::new();
    let mut parts = Vec::new();
    let mut chars = 0usize;
    let mut push = |part: Part, s: &str, text: &mut String, parts: &mut Vec<(Part, usize, usize)>| {
        if s.is_empty() {
            return;
        }
        let n = s.chars().count();
        parts.push((part, chars, chars + n));
        text.push_str(s);
        text.push('\n');
        chars += n + 1;
    };
    push(Part::Title, &c.title, &mut text, &mut parts);
    push(Part::To, &c.to, &mut text, &mut parts);
    push(Part::Body, &c.body, &mut text, &mut parts);
    let n = c.attachments.len();
    let notes: Vec<String> = c
        .attachments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let num = if n > 1 { format!("{}. ", i + 1) } else { String::new() };
            format!("{}{num}{a}", if i == 0 { "附件：" } else { "　　　" })
        })
        .collect();
    push(Part::Attachments, &notes.join("\n"), &mut text, &mut parts);
    let dated = c.dated.map(zs_domain::time::format_date).unwrap_or_default();
    let sign = [c.signature.as_str(), dated.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
    push(Part::Signature, &sign.join("\n"), &mut text, &mut parts);
    (text, parts)
}

/// Replace characters `start..end` of one element with `replacement` (a suggestion taken in the editor).
/// Offsets count characters, as findings do; a range that no longer fits the text is refused.
pub fn apply_suggestion(c: &mut Content, part: Part, start: usize, end: usize, replacement: &str) -> Result<()> {
    let field = match part {
        Part::Title => &mut c.title,
        Part::To => &mut c.to,
        Part::Body => &mut c.body,
        _ => return Err(Invalid::new("附件说明和署名请直接在表单中修改。").into()),
    };
    let chars: Vec<char> = field.chars().collect();
    if start > end || end > chars.len() {
        return Err(AppError::Conflict("文字已经改动，这条建议不再适用，请重新校对。".into()));
    }
    let mut out: String = chars[..start].iter().collect();
    out.push_str(replacement);
    out.extend(&chars[end..]);
    *field = out;
    Ok(())
}

impl App {
    /// Findings on a document's content, each placed in its element, with the dismissals applied.
    pub fn proof_content(
        &self,
        c: &Content,
        attachments: Option<Vec<String>>,
        dismissals: &[Dismissal],
    ) -> Vec<DocFinding> {
        let (text, parts) = compose(c);
        let ctx = DocContext {
            doc_type: zs_proof::DocType::from_name(zs_domain::workflow::Label::label(&c.doc_type)),
            attachments_present: attachments,
        };
        self.proofread(&text, &ctx)
            .into_iter()
            .filter_map(|f| {
                let &(part, from, _) = parts.iter().find(|(_, s, e)| (*s..=*e).contains(&f.start_char))?;
                let dismissed = dismissals.iter().find(|d| d.rule == f.rule && d.text == f.text).cloned();
                Some(DocFinding { start: f.start_char - from, end: f.end_char - from, part, dismissed, finding: f })
            })
            .collect()
    }

    /// The current version's findings, with the names of its attachment files as the attachments present.
    pub async fn document_findings(&self, p: &Principal, id: &str) -> Result<Vec<DocFinding>> {
        let mut c = self.db.conn().await?;
        let (doc, _) = self.load_doc(&mut c, p, id).await?;
        self.findings_of(&mut c, &doc).await
    }

    pub(crate) async fn findings_of(&self, c: &mut impl zs_store::Exec, doc: &Document) -> Result<Vec<DocFinding>> {
        let files = store::files(c, &doc.id).await?;
        let attachments = files.iter().filter(|f| f.purpose == "attachment").map(|f| f.name.clone()).collect();
        let dismissals = store::dismissals(c, &doc.id).await?;
        Ok(self.proof_content(&doc.content, Some(attachments), &dismissals))
    }

    /// Dismiss a finding with a reason (those who may edit, review or sign the document may). It stays
    /// dismissed while the same text stands.
    pub async fn dismiss_finding(
        &self,
        p: &Principal,
        id: &str,
        rule: &str,
        flagged: &str,
        reason: &str,
    ) -> Result<()> {
        let reason = text::required("reason", "忽略理由", reason, 500)?;
        let now = self.clock_ms();
        let mut tx = self.db.begin().await?;
        let (doc, tasks) = self.load_doc(&mut tx, p, id).await?;
        let ps = parties(p, &doc, &tasks);
        if doc.is_finished()
            || ![DocParty::Drafter, DocParty::Reviewer, DocParty::Signer].iter().any(|x| ps.contains(x))
        {
            return Err(AppError::Denied("只有起草人、核稿人和签发人可以忽略校对提示。".into()));
        }
        let findings = self.findings_of(&mut tx, &doc).await?;
        let f = findings
            .iter()
            .find(|f| f.finding.rule == rule && f.finding.text == flagged)
            .ok_or_else(|| AppError::Conflict("这条校对提示已不存在（文字可能已经改动）。".into()))?;
        let d = Dismissal {
            rule: rule.into(),
            text: flagged.into(),
            reason: reason.clone(),
            by_name: p.user.name.clone(),
            at_ms: now,
        };
        store::dismiss(&mut tx, &doc.id, &d).await?;
        let detail = format!("忽略校对提示“{}”（{}）：{reason}", f.finding.text, f.finding.message);
        self.doc_event(&mut tx, p, &doc.id, "proof_dismiss", &detail, now).await?;
        record(&mut tx, &p.actor(), "document.proof_dismiss", "document", &doc.id, &detail, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zs_domain::document::DocType;

    #[test]
    fn suggestions_apply_to_their_element() {
        let mut c = Content {
            title: "关于做出部署的通知".into(),
            body: "各单位要再接再励。".into(),
            ..Content::blank(DocType::Notice)
        };
        apply_suggestion(&mut c, Part::Body, 4, 8, "再接再厉").unwrap();
        assert_eq!(c.body, "各单位要再接再厉。");
        apply_suggestion(&mut c, Part::Title, 2, 4, "作出").unwrap();
        assert_eq!(c.title, "关于作出部署的通知");
        assert!(apply_suggestion(&mut c, Part::Body, 5, 99, "x").is_err(), "a stale range is refused");
    }

    #[test]
    fn composed_text_keeps_element_ranges() {
        let c = Content {
            title: "标题".into(),
            to: "各乡镇：".into(),
            body: "正文".into(),
            ..Content::blank(DocType::Notice)
        };
        let (text, parts) = compose(&c);
        assert_eq!(text, "标题\n各乡镇：\n正文\n");
        assert_eq!(parts[2], (Part::Body, 8, 10));
    }
}
