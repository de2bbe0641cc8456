//! 收文 registration from imported text (.docx, .txt or pasted from a web page): the GB/T 9704
//! elements that can be read off the text, each with how sure we are, to prefill the form.
//!
//! The elements are looked for where the standard puts them: 密级, 紧急程度 and the 发文机关标志
//! ("××文件") in the header above the title; the 文号 and 签发人 between the 标志 and the title (web
//! copies put the 文号 just below the title); the 标题 (which may wrap over two or three lines) ends
//! with its 文种 and usually contains 关于; the 主送 is the line ending in ： after it; the 成文日期 is
//! the last line that is only a date, with the 署名 just above it; 附件说明 sits between body and
//! 署名. Labelled fields of a web page's information table (发文字号：… 成文日期：…) are read too.
//! Nothing is guessed: an element not found is `None`.

mod date;
mod number;

use chrono::NaiveDate;
use serde::Serialize;
use zs_domain::document::{DocNumber, DocType, Urgency};
use zs_domain::Classification;
use zs_proof::Removed;

use date::parse_date;

/// How far a prefilled value can be trusted; the form shows anything below `High` for checking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Inferred from another element (an issuer read off the title).
    Low,
    /// Found, but corrected into the standard form or taken from a weaker source.
    Medium,
    /// Found in its standard place and form.
    High,
}

/// One recognised element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found<T> {
    pub value: T,
    pub confidence: Confidence,
    /// 1-based line of `Prefill::text` it was read from (the first line, for a wrapped title).
    pub line: usize,
    /// What was corrected or where the value came from, in Chinese, for the clerk.
    pub note: Option<String>,
}

/// What a 收文 registration form can be prefilled with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Prefill {
    /// 发文机关 (来文单位)
    pub issuer: Option<Found<String>>,
    /// 发文字号, in the standard form.
    pub doc_number: Option<Found<DocNumber>>,
    /// 签发人 (上行文), as printed: one name or several separated by spaces.
    pub signer: Option<Found<String>>,
    pub title: Option<Found<String>>,
    /// 文种, from the title's last words.
    pub doc_type: Option<Found<DocType>>,
    /// 成文日期
    pub dated: Option<Found<NaiveDate>>,
    /// 主送机关, as printed (without the final ：).
    pub to: Option<Found<String>>,
    /// 密级
    pub classification: Option<Found<Classification>>,
    /// 保密期限 after the ★, e.g. "5年".
    pub secrecy_term: Option<Found<String>>,
    /// 紧急程度
    pub urgency: Option<Found<Urgency>>,
    /// 附件说明: attachment titles in order.
    pub attachments: Option<Found<Vec<String>>>,
    /// The text as read, after cleaning; the line numbers above refer to it.
    pub text: String,
    /// What cleaning took out of a web copy (line numbers of the input), to show the clerk.
    #[serde(serialize_with = "removals")]
    pub removed: Vec<Removed>,
}

/// `zs_proof::Removed` as `{"line", "text", "reason"}`.
fn removals<S: serde::Serializer>(removed: &[Removed], s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Removal<'a> {
        line: usize,
        text: &'a str,
        reason: &'a str,
    }
    s.collect_seq(removed.iter().map(|r| Removal { line: r.line, text: &r.text, reason: &r.reason }))
}

/// Lines the title search looks at; a 版头 is never longer.
const HEAD_LINES: usize = 30;
/// The last characters of organ names (人民政府, 办公室, 委员会, 局, 中心, 党组, 大队, 公司 …).
const ORGAN_ENDINGS: &str = "府室厅会委局部院心组队司处科所站署办馆社团校镇乡行区";

#[derive(Clone, Copy)]
struct Line<'a> {
    no: usize,
    text: &'a str,
}

fn found<T>(value: T, confidence: Confidence, line: &Line<'_>, note: Option<String>) -> Option<Found<T>> {
    Some(Found { value, confidence, line: line.no, note })
}

/// Reads the elements of an official document's text, after cleaning it of web residue and page
/// artefacts (`zs_proof::clean`).
pub fn recognise(text: &str) -> Prefill {
    let cleaned = zs_proof::clean(text);
    Prefill { removed: cleaned.removed, ..read(cleaned.text) }
}

fn read(text: String) -> Prefill {
    let lines: Vec<Line<'_>> = text
        .lines()
        .enumerate()
        .map(|(i, l)| Line { no: i + 1, text: l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}') })
        .filter(|l| !l.text.is_empty())
        .collect();
    let mut p = Prefill::default();
    let meta = Metadata::read(&lines);

    let title = find_title(&lines);
    // The 版头 ends where the title begins; without a title, at the first line of body text.
    let head_end = match &title {
        Some(t) => t.first,
        None => lines.iter().position(|l| l.text.contains('。')).unwrap_or(lines.len()).min(HEAD_LINES),
    };
    let after_title = title.as_ref().map_or(head_end, |t| t.last + 1);
    // Lines where 文号 and 签发人 may stand: the 版头, and two lines under the title (web copies).
    let number_zone: Vec<Line<'_>> =
        lines[..head_end].iter().chain(lines[after_title..].iter().take(2)).copied().collect();

    if let Some(t) = &title {
        let line = lines[t.first];
        let note = (t.first != t.last).then(|| format!("标题跨{}行，已合并", t.last - t.first + 1));
        let confidence = if t.text.contains("关于") { Confidence::High } else { Confidence::Medium };
        p.title = found(t.text.clone(), confidence, &line, note);
        p.doc_type = DocType::from_title(&t.text).and_then(|ty| found(ty, confidence, &line, None));
    } else if let Some((line, value)) = &meta.title {
        p.title = found(value.clone(), Confidence::High, line, Some("取自网页信息栏".into()));
        p.doc_type = DocType::from_title(value).and_then(|ty| found(ty, Confidence::High, line, None));
    }

    p.doc_number = doc_number(&number_zone).or_else(|| meta.doc_number.clone());
    p.signer = number_zone.iter().find_map(signer);
    read_marks(&lines[..head_end], &mut p);
    p.to = addressee(&lines, after_title, title.is_some());

    let closing = closing(&lines, after_title);
    p.dated = closing.as_ref().map(|c| c.dated.clone()).or_else(|| meta.dated.clone());
    p.attachments = attachments(&lines[after_title..closing.as_ref().map_or(lines.len(), |c| c.date_index)]);
    p.issuer = issuer(
        meta.issuer.clone(),
        closing.and_then(|c| c.signature),
        lines[..head_end].iter().find_map(|l| mark_issuer(l)),
        title.as_ref().and_then(|t| title_issuer(t, &lines)),
    );
    drop(lines);
    p.text = text;
    p
}

struct TitleSpan {
    first: usize,
    last: usize,
    text: String,
}

/// A line that can be (part of) a title: short, no sentence end, no label, not another element.
fn title_like(s: &str) -> bool {
    s.chars().count() <= 50
        && !s.contains(['。', '：', ':', '>', '|', '★'])
        && !s.contains("签发人")
        && !s.ends_with("文件")
        // 特此通知 / 特此报告 close a body; they are not titles.
        && !s.starts_with("特此")
        && number::find(s).is_none()
        && parse_date(s.trim_matches(['（', '）', '(', ')'])).is_none()
}

/// The first title in the head: a line ending with a 文种, joined with the one or two lines above
/// it when that completes a "…关于…" title, and with an organ line above a line starting 关于.
fn find_title(lines: &[Line<'_>]) -> Option<TitleSpan> {
    let i = lines.iter().take(HEAD_LINES).position(|l| title_like(l.text) && DocType::from_title(l.text).is_some())?;
    let joined = |a: usize| lines[a..=i].iter().map(|l| l.text).collect::<String>();
    // Lines above must be title fragments, not a complete title of their own (web pages repeat it).
    let fragment = |j: usize| title_like(lines[j].text) && DocType::from_title(lines[j].text).is_none();
    let mut first = i;
    if !lines[i].text.contains("关于") {
        if let Some(k) = (1..=2).find(|&k| i >= k && (i - k..i).all(fragment) && joined(i - k).contains("关于")) {
            first = i - k;
        }
    }
    let organ_above = first > 0 && fragment(first - 1) && looks_like_organ(lines[first - 1].text);
    if lines[first].text.starts_with("关于") && i - first < 2 && organ_above {
        first -= 1;
    }
    let text = joined(first);
    // A web page shows the title as its heading and again atop the document; the document's own
    // copy is the one the 主送 and 文号 stand next to.
    if let Some(again) = lines.iter().take(HEAD_LINES).skip(i + 1).position(|l| l.text == text) {
        let at = i + 1 + again;
        return Some(TitleSpan { first: at, last: at, text });
    }
    Some(TitleSpan { first, last: i, text })
}

fn looks_like_organ(s: &str) -> bool {
    let n = s.chars().count();
    (2..=40).contains(&n)
        && s.chars().all(|c| zs_domain::text::is_han(c) || "（）()·、".contains(c))
        && s.chars().last().is_some_and(|c| ORGAN_ENDINGS.contains(c))
}

/// A line that holds a 文号 and nothing else but a label or the 签发人.
fn doc_number(zone: &[Line<'_>]) -> Option<Found<DocNumber>> {
    zone.iter().find_map(|line| {
        let f = number::find(line.text)?;
        let before = line.text[..f.start].trim();
        let after = line.text[f.end..].trim();
        let label_ok =
            before.is_empty() || ["发文字号", "文号"].iter().any(|l| before.trim_end_matches(['：', ':']) == *l);
        if !label_ok || !(after.is_empty() || after.starts_with("签发人")) {
            return None;
        }
        if f.fixes.is_empty() {
            return found(f.number, Confidence::High, line, None);
        }
        let note = format!(
            "原文写作“{}”，不合 GB/T 9704 格式（{}），已规范为“{}”",
            &line.text[f.start..f.end],
            f.fixes.join("；"),
            f.number
        );
        found(f.number, Confidence::Medium, line, Some(note))
    })
}

fn signer(line: &Line<'_>) -> Option<Found<String>> {
    let at = line.text.find("签发人")?;
    let rest = line.text[at + "签发人".len()..].trim_start().strip_prefix(['：', ':'])?;
    let names = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    (!names.is_empty()).then_some(())?;
    found(names, Confidence::High, line, None)
}

/// 密级 (with 保密期限) and 紧急程度 from the short lines of the 版头.
fn read_marks(head: &[Line<'_>], p: &mut Prefill) {
    for line in head.iter().filter(|l| l.text.chars().count() <= 24) {
        let text = line.text;
        for token in text.split_whitespace() {
            let token = token.trim_start_matches("密级").trim_start_matches("紧急程度").trim_start_matches(['：', ':']);
            if let Some(urgency) = match token {
                "特急" => Some(Urgency::VeryUrgent),
                "加急" => Some(Urgency::Urgent),
                _ => None,
            } {
                p.urgency = p.urgency.take().or_else(|| found(urgency, Confidence::High, line, None));
                continue;
            }
            let (level, rest) = if let Some(rest) = token.strip_prefix("工作秘密") {
                (Classification::WorkSecret, rest)
            } else if token == "内部" {
                (Classification::Internal, "")
            } else if let Some((level, rest)) = [
                ("绝密", Classification::TopSecret),
                ("机密", Classification::Confidential),
                ("秘密", Classification::Secret),
            ]
            .iter()
            .find_map(|(word, level)| token.strip_prefix(word).map(|rest| (*level, rest)))
            {
                (level, rest)
            } else {
                continue;
            };
            let term = rest.strip_prefix(['★', '☆', '*']);
            if !(rest.is_empty() || term.is_some()) {
                continue; // 秘密文件, 机密性: words, not marks
            }
            p.classification = p.classification.take().or_else(|| found(level, Confidence::High, line, None));
            if let Some(term) = term.filter(|t| !t.is_empty()) {
                p.secrecy_term =
                    p.secrecy_term.take().or_else(|| found(term.to_string(), Confidence::High, line, None));
            }
        }
    }
}

/// The line ending in ： right under the title (skipping a 文号 or 签发人 line web copies put there).
/// Without a title there is no telling a 主送 from any other line ending in a colon.
fn addressee(lines: &[Line<'_>], after_title: usize, has_title: bool) -> Option<Found<String>> {
    if !has_title {
        return None;
    }
    lines[after_title..(after_title + 3).min(lines.len())].iter().find_map(|line| {
        let s = line.text;
        let value = s.strip_suffix(['：', ':'])?.trim();
        let label = ["附件", "签发人", "发文字号", "文号", "同志们", "各位"].iter().any(|l| value.starts_with(l));
        if value.is_empty() || label || value.contains('。') || value.chars().count() > 150 {
            return None;
        }
        found(value.to_string(), Confidence::High, line, None)
    })
}

struct Closing {
    dated: Found<NaiveDate>,
    date_index: usize,
    signature: Option<Found<String>>,
}

/// The 成文日期 (the last line that is only a date, before any attachment pages and the 版记)
/// and the 署名 right above it.
fn closing(lines: &[Line<'_>], from: usize) -> Option<Closing> {
    let end = lines[from..]
        .iter()
        .position(|l| is_attachment_page(l.text) || l.text.starts_with("抄送"))
        .map_or(lines.len(), |n| from + n);
    let (index, line, date, bracketed) = lines[from..end].iter().enumerate().rev().find_map(|(n, l)| {
        let inner = l.text.strip_prefix(['（', '(']).and_then(|s| s.strip_suffix(['）', ')']));
        parse_date(inner.unwrap_or(l.text)).map(|d| (from + n, l, d, inner.is_some()))
    })?;
    // A bracketed date under the title is how 纪要 and 公报 carry it; elsewhere it is unusual.
    let confidence = if bracketed { Confidence::Medium } else { Confidence::High };
    let signature = index.checked_sub(1).filter(|&j| j >= from).map(|j| lines[j]).and_then(|l| {
        let s = l.text;
        let plausible = s.chars().count() <= 40 && !s.contains(['。', '：', ':', '，']);
        plausible.then(|| Found { value: s.to_string(), confidence: Confidence::High, line: l.no, note: None })
    });
    Some(Closing { dated: Found { value: date, confidence, line: line.no, note: None }, date_index: index, signature })
}

/// "附件1" or "附件" alone on a line opens an attachment page after the main document.
fn is_attachment_page(s: &str) -> bool {
    s.strip_prefix("附件").is_some_and(|rest| rest.trim().chars().all(|c| c.is_ascii_digit()))
}

/// 附件说明: "附件：1. …" and the numbered lines under it.
fn attachments(lines: &[Line<'_>]) -> Option<Found<Vec<String>>> {
    let start = lines.iter().position(|l| l.text.starts_with("附件：") || l.text.starts_with("附件:"))?;
    let line = lines[start];
    let first = line.text["附件".len()..].trim_start_matches(['：', ':']).trim();
    let mut items = vec![first];
    for next in &lines[start + 1..] {
        match strip_item_number(next.text) {
            Some(item) if !item.is_empty() => items.push(next.text),
            _ => break,
        }
    }
    let items: Vec<String> =
        items.iter().map(|s| strip_item_number(s).unwrap_or(s).to_string()).filter(|s| !s.is_empty()).collect();
    if items.is_empty() {
        return None;
    }
    found(items, Confidence::High, &line, None)
}

/// "2．名单" → "名单"; `None` when the line is not numbered.
fn strip_item_number(s: &str) -> Option<&str> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    s[digits..].strip_prefix(['.', '．', '、']).map(str::trim)
}

/// "青禾县人民政府办公室文件" → 青禾县人民政府办公室.
fn mark_issuer<'a>(line: &Line<'a>) -> Option<(Line<'a>, String)> {
    let name = line.text.strip_suffix("文件")?.trim();
    looks_like_organ(name).then(|| (*line, name.to_string()))
}

/// "青禾县人民政府办公室关于……的通知" → 青禾县人民政府办公室.
fn title_issuer<'a>(t: &TitleSpan, lines: &[Line<'a>]) -> Option<(Line<'a>, String)> {
    let (name, _) = t.text.split_once("关于")?;
    looks_like_organ(name).then(|| (lines[t.first], name.to_string()))
}

/// The 发文机关 from the best source: the document's 署名 (a full name), else its 标志 (may be a
/// short form), else the web page's information table, else the title's opening words.
fn issuer(
    meta: Option<Found<String>>,
    signature: Option<Found<String>>,
    mark: Option<(Line<'_>, String)>,
    from_title: Option<(Line<'_>, String)>,
) -> Option<Found<String>> {
    let signature = signature.filter(|s| looks_like_organ(&s.value));
    match (signature, mark) {
        (Some(s), Some((_, m))) if s.value.contains(&m) || m.contains(&s.value) => Some(s),
        (Some(s), Some((_, m))) => Some(Found {
            confidence: Confidence::Medium,
            note: Some(format!("署名为“{}”，版头标志为“{m}”，请核对", s.value)),
            ..s
        }),
        (Some(s), None) => Some(s),
        (None, Some((line, m))) => found(m, Confidence::Medium, &line, Some("取自版头发文机关标志".into())),
        (None, None) => meta.or_else(|| {
            from_title.and_then(|(line, name)| found(name, Confidence::Low, &line, Some("取自标题，请核对".into())))
        }),
    }
}

/// Labelled fields of a web page's information table: "发文字号：…  成文日期：…".
#[derive(Default)]
struct Metadata<'a> {
    issuer: Option<Found<String>>,
    doc_number: Option<Found<DocNumber>>,
    dated: Option<Found<NaiveDate>>,
    title: Option<(Line<'a>, String)>,
}

impl<'a> Metadata<'a> {
    fn read(lines: &[Line<'a>]) -> Metadata<'a> {
        let note = || Some("取自网页信息栏".to_string());
        let mut m = Metadata::default();
        for line in lines.iter().take(HEAD_LINES) {
            for (label, value) in labelled(line.text) {
                match label {
                    "发文机关" | "发布机构" | "发文单位" | "来文单位" if looks_like_organ(value) => {
                        m.issuer = m.issuer.take().or_else(|| found(value.to_string(), Confidence::High, line, note()));
                    }
                    "发文字号" | "文号" => {
                        if let Some(f) = number::find(value).filter(|f| f.start == 0 && f.end == value.len()) {
                            let confidence = if f.fixes.is_empty() { Confidence::High } else { Confidence::Medium };
                            m.doc_number = m.doc_number.take().or_else(|| found(f.number, confidence, line, note()));
                        }
                    }
                    "成文日期" => {
                        if let Some(d) = parse_date(value) {
                            m.dated = m.dated.take().or_else(|| found(d, Confidence::High, line, note()));
                        }
                    }
                    "标题" if DocType::from_title(value).is_some() => {
                        m.title = m.title.take().or(Some((*line, value.to_string())));
                    }
                    _ => {}
                }
            }
        }
        m
    }
}

const LABELS: [&str; 8] = ["发文机关", "发布机构", "发文单位", "来文单位", "发文字号", "文号", "成文日期", "标题"];

/// (label, value) pairs of a line; a value runs to the next whitespace.
fn labelled(line: &str) -> Vec<(&'static str, &str)> {
    let mut out = Vec::new();
    for label in LABELS {
        let mut from = 0;
        while let Some(at) = line[from..].find(label).map(|a| from + a) {
            from = at + label.len();
            // 文号 inside 发文字号 is not a label of its own.
            if label == "文号" && line[..at].ends_with("发文字") {
                continue;
            }
            if let Some(rest) = line[from..].strip_prefix(['：', ':']) {
                let value = rest.trim_start().split(char::is_whitespace).next().unwrap_or("");
                if !value.is_empty() {
                    out.push((label, value));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_an_information_table() {
        let got = labelled("索引号：11530000-01  发布机构：青禾县人民政府办公室\t发文字号：青政办发〔2026〕12号");
        assert_eq!(got, vec![("发布机构", "青禾县人民政府办公室"), ("发文字号", "青政办发〔2026〕12号")]);
    }

    #[test]
    fn organ_names() {
        for yes in
            ["青禾县人民政府办公室", "青禾县发展和改革局", "中共青禾县委员会", "青禾县应急管理局", "禾山镇人民政府"]
        {
            assert!(looks_like_organ(yes), "{yes}");
        }
        for no in ["张三", "同志们", "2026年11月22日", "青禾县人民政府办公室关于做好安全生产工作的通知"]
        {
            assert!(!looks_like_organ(no), "{no}");
        }
    }
}
