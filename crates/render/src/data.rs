//! `Doc` → the JSON the template reads. Strings go through as JSON strings, which typst's `json()` turns into
//! string values: user text is never parsed as markup, so no input can inject any.
//!
//! The small normalisations the standard asks for (six-digit 份号, "：" after 主送, "。" after 抄送, "印发",
//! numbered 附件说明) happen here, once, for both the PDF and the .docx.

use serde_json::{json, Value};

use crate::model::{Block, Doc, Variant};
use crate::RenderError;

/// The document's fields as the layouts print them.
pub(crate) struct Prepared {
    pub copy_no: Option<String>,
    pub to: String,
    pub attachment_notes: Vec<String>,
    pub note: Option<String>,
    pub cc: String,
    pub print_date: String,
}

pub(crate) fn prepare(doc: &Doc) -> Result<Prepared, RenderError> {
    Ok(Prepared {
        copy_no: doc.copy_no.as_deref().map(copy_no).transpose()?,
        to: with_colon(&doc.to),
        attachment_notes: numbered(&doc.attachment_notes),
        note: doc.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(parenthesised),
        cc: if doc.cc.is_empty() { String::new() } else { format!("{}。", doc.cc.join("，")) },
        print_date: printed_on(&doc.print_date),
    })
}

/// 份号: "一般用6位3号阿拉伯数字".
fn copy_no(raw: &str) -> Result<String, RenderError> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 6 || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RenderError::Invalid(format!("份号“{raw}”不合规范：应为 1 至 6 位阿拉伯数字，打印时补足 6 位")));
    }
    Ok(format!("{raw:0>6}"))
}

fn with_colon(to: &str) -> String {
    let to = to.trim();
    if to.is_empty() || to.ends_with('：') {
        to.to_string()
    } else {
        format!("{}：", to.trim_end_matches(':'))
    }
}

/// "附件：1.XXXXX" — numbers only when there are several, and never twice.
fn numbered(items: &[String]) -> Vec<String> {
    let several = items.len() > 1;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let item = item.trim();
            if several && !starts_with_number(item) {
                format!("{}.{item}", i + 1)
            } else {
                item.to_string()
            }
        })
        .collect()
}

fn starts_with_number(item: &str) -> bool {
    let digits = item.chars().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && matches!(item[digits..].chars().next(), Some('.' | '．' | '、'))
}

fn parenthesised(note: &str) -> String {
    if note.starts_with('（') || note.starts_with('(') {
        note.to_string()
    } else {
        format!("（{note}）")
    }
}

fn printed_on(date: &str) -> String {
    let date = date.trim();
    if date.is_empty() || date.ends_with("印发") {
        date.to_string()
    } else {
        format!("{date}印发")
    }
}

fn blocks(body: &[Block]) -> Value {
    Value::Array(body.iter().map(|b| json!({ "level": b.level.min(4), "text": b.text, "rows": b.rows })).collect())
}

fn variant_name(v: Variant) -> &'static str {
    match v {
        Variant::Standard => "standard",
        Variant::Letter => "letter",
        Variant::Order => "order",
        Variant::Minutes => "minutes",
        Variant::Journal => "journal",
    }
}

/// The JSON document `gbt9704.typ` reads as `/doc.json`.
pub(crate) fn to_json(doc: &Doc) -> Result<Vec<u8>, RenderError> {
    let p = prepare(doc)?;
    let value = json!({
        "variant": variant_name(doc.variant),
        "copy_no": p.copy_no,
        "classification": doc.classification.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        "urgency": doc.urgency.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        "issuer_mark": doc.issuer_mark.trim(),
        "doc_number": doc.doc_number.as_deref().map(str::trim).filter(|s| !s.is_empty()),
        "signers": doc.signers,
        "title": doc.title.trim(),
        "to": p.to,
        "body": blocks(&doc.body),
        "attachment_notes": p.attachment_notes,
        "signature": doc.signature.trim(),
        "dated": doc.dated.trim(),
        "note": p.note,
        "attachments": doc.attachments.iter().map(|a| json!({
            "label": a.label.trim(),
            "title": a.title.trim(),
            "body": blocks(&a.body),
        })).collect::<Vec<_>>(),
        "cc": p.cc,
        "printer": doc.printer.trim(),
        "print_date": p.print_date,
        "draft": doc.draft,
        "minutes": doc.minutes.as_ref().map(|m| json!({
            "present": m.present.join("、"),
            "on_leave": m.on_leave.join("、"),
            "attending": m.attending.join("、"),
        })),
        "stamp": doc.stamp.as_ref().map(|s| json!({
            "fonds": s.fonds, "year": s.year, "item_no": s.item_no,
            "organ": s.organ, "retention": s.retention, "pages": s.pages,
        })),
    });
    serde_json::to_vec(&value).map_err(|e| RenderError::Export(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_numbers_are_six_digits_and_checked() {
        assert_eq!(copy_no("12").unwrap(), "000012");
        assert_eq!(copy_no("123456").unwrap(), "123456");
        assert!(copy_no("1234567").is_err());
        assert!(copy_no("12a").is_err());
        assert!(copy_no("").is_err());
    }

    #[test]
    fn attachment_notes_are_numbered_once() {
        assert_eq!(numbered(&["甲".into()]), vec!["甲"]);
        assert_eq!(numbered(&["甲".into(), "2. 乙".into()]), vec!["1.甲", "2. 乙"]);
    }

    #[test]
    fn small_normalisations() {
        assert_eq!(with_colon("各乡镇人民政府"), "各乡镇人民政府：");
        assert_eq!(with_colon("各乡镇人民政府："), "各乡镇人民政府：");
        assert_eq!(printed_on("2026年11月22日"), "2026年11月22日印发");
        assert_eq!(printed_on("2026年11月22日印发"), "2026年11月22日印发");
        assert_eq!(parenthesised("联系人：张三"), "（联系人：张三）");
    }
}
