//! 公文 elements (党政机关公文处理工作条例, GB/T 9704-2012): the 成文日期 form, a 标题 that ends in its 文种, the
//! rules of 请示 and 报告 when the 文种 is known, and the 附件说明 against the attachments actually present.

use crate::structure::cn_value;
use crate::{line_spans, Class, Raw, Severity};

/// The 15 文种 of the 党政机关公文处理工作条例 (2012).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocType {
    Resolution,
    Decision,
    Order,
    Communique,
    Announcement,
    Notice,
    Opinion,
    Circular,
    Bulletin,
    Report,
    Request,
    Reply,
    Motion,
    Letter,
    Minutes,
}

impl DocType {
    pub const ALL: [DocType; 15] = [
        DocType::Resolution,
        DocType::Decision,
        DocType::Order,
        DocType::Communique,
        DocType::Announcement,
        DocType::Notice,
        DocType::Opinion,
        DocType::Circular,
        DocType::Bulletin,
        DocType::Report,
        DocType::Request,
        DocType::Reply,
        DocType::Motion,
        DocType::Letter,
        DocType::Minutes,
    ];

    /// The Chinese name, as a title ends with it.
    pub fn name(self) -> &'static str {
        match self {
            DocType::Resolution => "决议",
            DocType::Decision => "决定",
            DocType::Order => "命令",
            DocType::Communique => "公报",
            DocType::Announcement => "公告",
            DocType::Notice => "通告",
            DocType::Opinion => "意见",
            DocType::Circular => "通知",
            DocType::Bulletin => "通报",
            DocType::Report => "报告",
            DocType::Request => "请示",
            DocType::Reply => "批复",
            DocType::Motion => "议案",
            DocType::Letter => "函",
            DocType::Minutes => "纪要",
        }
    }

    /// The 文种 with this Chinese name (令 is 命令).
    pub fn from_name(s: &str) -> Option<DocType> {
        let s = s.trim();
        if s == "令" {
            return Some(DocType::Order);
        }
        DocType::ALL.into_iter().find(|t| t.name() == s)
    }

    fn title_ok(self, title: &str) -> bool {
        title.ends_with(self.name()) || (self == DocType::Order && title.ends_with('令'))
    }
}

/// What is known about a document besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocContext {
    /// The 文种, when the document is registered as one.
    pub doc_type: Option<DocType>,
    /// The names of the attachment files actually present; `None` when unknown (then only the text is judged).
    pub attachments_present: Option<Vec<String>>,
}

const REQUEST_ENDINGS: &[&str] = &[
    "请批示",
    "请审批",
    "请批复",
    "请予批准",
    "请予审批",
    "请予批复",
    "请审定",
    "请核准",
    "请予支持",
    "妥否",
    "当否",
    "请示如上",
];

struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn content_lines(text: &str) -> Vec<Line<'_>> {
    line_spans(text)
        .filter_map(|(s, e)| {
            let l = &text[s..e];
            let lead = l.len() - l.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}').len();
            let t = l[lead..].trim_end();
            (!t.is_empty()).then_some(Line { start: s + lead, text: t })
        })
        .collect()
}

fn raw(start: usize, end: usize, rule: &'static str, severity: Severity, message: String) -> Raw {
    Raw::new(start, end, rule, Class::DocElement, severity).msg(message)
}

pub(crate) fn check(ctx: &DocContext, text: &str, out: &mut Vec<Raw>) {
    let lines = content_lines(text);
    if lines.is_empty() {
        return;
    }
    dates(ctx, &lines, out);
    let title = title(ctx, &lines, out);
    if let Some(t) = ctx.doc_type {
        type_rules(t, text, &lines, title, out);
    }
    attachments(ctx, &lines, out);
}

/// A line that is only a date: 2026年3月5日, 二〇二六年三月五日, 2026.3.5, 2026-03-05.
fn date_line(l: &str) -> Option<(String, bool)> {
    let t = l.trim();
    if t.chars().count() > 12 {
        return None;
    }
    let cn = |c: char| "〇○零一二三四五六七八九十".contains(c);
    if let Some((y, rest)) = t.split_once('年') {
        let (m, rest) = rest.split_once('月')?;
        let d = rest.strip_suffix('日')?;
        if y.chars().count() == 4 && y.chars().all(cn) && m.chars().all(cn) && d.chars().all(cn) {
            let year: String = y
                .chars()
                .map(|c| match c {
                    '〇' | '○' | '零' => '0',
                    c => char::from_digit(cn_value(&c.to_string()).unwrap_or(0), 10).unwrap_or('0'),
                })
                .collect();
            let right = format!("{year}年{}月{}日", cn_value(m)?, cn_value(d)?);
            return Some((right, false));
        }
        let num = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
        if num(y) && num(m) && num(d) {
            let (mm, dd) = (m.trim_start_matches('0'), d.trim_start_matches('0'));
            if y.len() == 4 && mm.len() == m.len() && dd.len() == d.len() {
                return None; // right
            }
            let year = if y.len() == 2 { format!("20{y}") } else { y.to_string() };
            return Some((format!("{year}年{mm}月{dd}日"), true));
        }
        return None;
    }
    for sep in ['.', '-', '/'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() == 3
            && parts.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        {
            if parts[0].len() != 4 {
                return None;
            }
            let (m, d) = (parts[1].trim_start_matches('0'), parts[2].trim_start_matches('0'));
            return Some((format!("{}年{m}月{d}日", parts[0]), true));
        }
    }
    None
}

/// 成文日期: Arabic numerals, the full year, no leading zeros (GB/T 9704-2012 7.3.5.2). Judged on date-only lines
/// in the last part of the text, where the 成文日期 stands.
fn dates(ctx: &DocContext, lines: &[Line<'_>], out: &mut Vec<Raw>) {
    let from = lines.len().saturating_sub(12);
    for l in &lines[from..] {
        if let Some((right, arabic)) = date_line(l.text) {
            let severity = if ctx.doc_type.is_some() { Severity::Error } else { Severity::Warning };
            let why = if arabic { "年份写全、月日不编虚位" } else { "用阿拉伯数字" };
            out.push(
                raw(
                    l.start,
                    l.start + l.text.len(),
                    "doc.date",
                    severity,
                    format!("成文日期应{why}，写作“{right}”（GB/T 9704-2012 7.3.5.2）"),
                )
                .suggest(right),
            );
        }
    }
}

const ALL_TYPES: &[&str] = &[
    "决议", "决定", "命令", "令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案", "函",
    "纪要",
];

/// The 标题: among the first content lines, the first that starts with or contains 关于 and reads like a title.
fn title<'a>(ctx: &DocContext, lines: &'a [Line<'a>], out: &mut Vec<Raw>) -> Option<&'a Line<'a>> {
    let t = lines.iter().take(8).find(|l| {
        let n = l.text.chars().count();
        l.text.contains("关于") && n <= 80 && !l.text.contains(['。', '，', '；']) && !l.text.ends_with('：')
    })?;
    let s = t.text.trim_end_matches(['。', '.', '；', '，']);
    let end = t.start + t.text.len();
    if s.len() < t.text.len() {
        out.push(
            raw(t.start + s.len(), end, "doc.title-punct", Severity::Error, "标题末尾不加标点符号".into()).suggest(""),
        );
    }
    if s.ends_with("请示报告") {
        out.push(
            raw(
                end - (t.text.len() - s.len()) - "请示报告".len(),
                t.start + s.len(),
                "doc.title-type",
                Severity::Error,
                "“请示报告”不是文种：请求批准用“请示”，汇报工作用“报告”，二者不能混用".into(),
            )
            .suggest("请示")
            .suggest("报告"),
        );
        return Some(t);
    }
    for (wrong, right) in [("申请", "请示"), ("汇报", "报告")] {
        if s.ends_with(&format!("的{wrong}")) {
            let e = t.start + s.len();
            out.push(
                raw(
                    e - wrong.len(),
                    e,
                    "doc.title-type",
                    Severity::Warning,
                    format!("“{wrong}”不是法定文种，标题应以文种结尾（如“{right}”）"),
                )
                .suggest(right),
            );
            return Some(t);
        }
    }
    if let Some(dt) = ctx.doc_type {
        if !dt.title_ok(s) {
            let other = ALL_TYPES.iter().find(|x| s.ends_with(**x));
            let message = match other {
                Some(o) => format!("本件文种为“{}”，标题却以“{o}”结尾", dt.name()),
                None => format!("标题应以文种“{}”结尾（机关＋事由＋文种）", dt.name()),
            };
            out.push(raw(t.start, t.start + s.len(), "doc.title-type", Severity::Error, message));
        }
    }
    Some(t)
}

fn type_rules(t: DocType, text: &str, lines: &[Line<'_>], title: Option<&Line<'_>>, out: &mut Vec<Raw>) {
    match t {
        DocType::Request => {
            if !REQUEST_ENDINGS.iter().any(|e| text.contains(e)) {
                // The last sentence of the body, before the 附件说明 and the signature.
                let body_end = lines.iter().position(|l| l.text.starts_with("附件")).unwrap_or(lines.len());
                let l = lines[..body_end].iter().rev().find(|l| l.text.ends_with(['。', '！']));
                if let Some(l) = l {
                    out.push(raw(
                        l.start,
                        l.start + l.text.len(),
                        "doc.request-ending",
                        Severity::Warning,
                        "请示应以请求批示的结束语收尾（如“妥否，请批示”“以上请示，请予审批”）".into(),
                    ));
                }
            }
            // 主送: the line after the title ending in a colon names one superior.
            if let Some(t) = title {
                if let Some(next) = lines.iter().find(|l| l.start > t.start) {
                    let to = next.text.trim_end_matches(['：', ':']);
                    if next.text.ends_with(['：', ':']) && to.contains(['、', '，', ',']) && to.chars().count() <= 60
                    {
                        out.push(raw(
                            next.start,
                            next.start + to.len(),
                            "doc.request-recipient",
                            Severity::Error,
                            "请示应当一文一事，只主送一个上级机关；需要同时送其他机关的，用抄送".into(),
                        ));
                    }
                }
            }
            upward_signer(text, lines, out);
        }
        DocType::Report => {
            let first = ["请批示", "请审批", "请予批准", "请批复", "妥否", "当否"]
                .iter()
                .filter_map(|e| text.find(e).map(|i| (i, e.len())))
                .min();
            if let Some((i, len)) = first {
                out.push(raw(
                    i,
                    i + len,
                    "doc.report-request",
                    Severity::Error,
                    "报告中不得夹带请示事项；需要上级批准的事项应另行请示".into(),
                ));
            }
            upward_signer(text, lines, out);
        }
        _ => {}
    }
}

/// 上行文 with a 文号 in the text also carry 签发人 (GB/T 9704-2012 7.2.5).
fn upward_signer(text: &str, lines: &[Line<'_>], out: &mut Vec<Raw>) {
    if text.contains("签发人") {
        return;
    }
    let numbered = lines.iter().take(10).find(|l| {
        l.text.ends_with('号') && l.text.chars().count() <= 30 && l.text.contains(['〔', '[', '（', '(', '【', '［'])
    });
    if let Some(l) = numbered {
        out.push(raw(
            l.start,
            l.start + l.text.len(),
            "doc.signer",
            Severity::Warning,
            "上行文应在发文字号右侧标注签发人姓名（GB/T 9704-2012 7.2.5）".into(),
        ));
    }
}

struct Announced {
    start: usize,
    end: usize,
    number: Option<u32>,
    name: String,
}

/// The 附件说明: `附件：名称` or `附件：1. 名称` and the numbered lines under it.
fn announced(lines: &[Line<'_>]) -> Vec<Announced> {
    let mut out = Vec::new();
    let Some(pos) = lines.iter().position(|l| l.text.starts_with("附件：") || l.text.starts_with("附件:")) else {
        return out;
    };
    let first = &lines[pos];
    let colon = if first.text.starts_with("附件：") { "附件：".len() } else { "附件:".len() };
    let item = |l: &Line<'_>, from: usize| -> Announced {
        let s = l.text[from..].trim_start();
        let skip = l.text.len() - s.len();
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let (number, name) = if digits > 0 && s[digits..].starts_with(['.', '．', '、']) {
            let m = s[digits..].chars().next().map_or(1, char::len_utf8);
            (s[..digits].parse().ok(), s[digits + m..].trim_start())
        } else {
            (None, s)
        };
        Announced { start: l.start + skip, end: l.start + l.text.len(), number, name: name.to_string() }
    };
    let head = item(first, colon);
    if head.name.is_empty() && head.number.is_none() {
        return out;
    }
    let numbered = head.number.is_some();
    out.push(head);
    if numbered {
        for l in &lines[pos + 1..] {
            let a = item(l, 0);
            if a.number.is_none() || a.name.is_empty() {
                break;
            }
            out.push(a);
        }
    }
    out
}

fn attachments(ctx: &DocContext, lines: &[Line<'_>], out: &mut Vec<Raw>) {
    let list = announced(lines);
    for (i, a) in list.iter().enumerate() {
        if let Some(c) = a.name.chars().next_back().filter(|c| "。；，.;,".contains(*c)) {
            out.push(
                raw(
                    a.end - c.len_utf8(),
                    a.end,
                    "doc.attachment-punct",
                    Severity::Warning,
                    "附件名称后不加标点符号（GB/T 9704-2012 7.3.4）".into(),
                )
                .suggest(""),
            );
        }
        match a.number {
            Some(n) if n as usize != i + 1 => out.push(raw(
                a.start,
                a.end,
                "doc.attachment-number",
                Severity::Error,
                format!("附件序号应为“{}.”，这里是“{n}”", i + 1),
            )),
            Some(_) if list.len() == 1 => out.push(raw(
                a.start,
                a.end,
                "doc.attachment-number",
                Severity::Warning,
                "只有一个附件时不编序号".into(),
            )),
            _ => {}
        }
    }
    let mentioned = || lines.iter().find(|l| l.text.contains("见附件") || l.text.contains("（附件"));
    match &ctx.attachments_present {
        Some(present) => {
            if !list.is_empty() && present.len() != list.len() {
                let (s, e) = (list[0].start, list[0].end);
                out.push(raw(
                    s,
                    e,
                    "doc.attachment-count",
                    Severity::Error,
                    format!("附件说明列了{}个附件，实际附有{}个", list.len(), present.len()),
                ));
            } else if list.is_empty() && !present.is_empty() {
                let l = lines.last().map_or((0, 0), |l| (l.start, l.start + l.text.len()));
                out.push(raw(
                    l.0,
                    l.1,
                    "doc.attachment-missing-note",
                    Severity::Warning,
                    format!("附有{}个附件，但正文后没有附件说明（“附件：…”）", present.len()),
                ));
            } else {
                for a in &list {
                    let name = a.name.trim_end_matches(['。', '；', '，']);
                    let stem = |p: &str| p.rsplit_once('.').map_or(p, |(s, _)| s).to_string();
                    if !name.is_empty() && !present.iter().any(|p| stem(p).contains(name) || name.contains(&stem(p))) {
                        out.push(raw(
                            a.start,
                            a.end,
                            "doc.attachment-name",
                            Severity::Warning,
                            format!("附件“{name}”在所附文件中找不到同名文件"),
                        ));
                    }
                }
            }
            if list.is_empty() && present.is_empty() {
                if let Some(l) = mentioned() {
                    out.push(raw(
                        l.start,
                        l.start + l.text.len(),
                        "doc.attachment-absent",
                        Severity::Error,
                        "正文提到附件，但没有附件".into(),
                    ));
                }
            }
        }
        None => {
            if list.is_empty() {
                if let Some(l) = mentioned() {
                    out.push(raw(
                        l.start,
                        l.start + l.text.len(),
                        "doc.attachment-absent",
                        Severity::Warning,
                        "正文提到附件，但文末没有附件说明（“附件：…”）".into(),
                    ));
                }
            }
        }
    }
}
