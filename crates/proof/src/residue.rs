//! What web copies bring along, decided line by line from the residue hits of the one dictionary pass: residue
//! lines (banners, share bars, copyright notices), short lines caught between them, page numbers left between
//! lines or inside a sentence, and a title repeated by the page header. [`crate::clean`] removes what this finds
//! and [`crate::Proofreader::check`] reports it, so the two never disagree.

use crate::dict::{Dictionary, ResidueHit};
use crate::{is_han, line_spans, Class, Raw, Severity};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum What {
    /// The whole line is residue.
    Line,
    /// Only this span of the line is residue.
    Span,
    /// A page number on its own line; `join` when it cut a sentence whose halves must be joined again.
    PageNumber { join: bool },
    /// A page number inside a line, between the halves of a sentence.
    InlinePageNumber,
    /// The page header's copy of the title that follows.
    DuplicateTitle,
}

#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    /// Byte range: the trimmed line, or the span.
    pub start: usize,
    pub end: usize,
    /// 0-based line index.
    pub line: usize,
    pub what: What,
    pub reason: String,
}

#[derive(Default)]
pub(crate) struct Lines {
    pub verdicts: Vec<Verdict>,
    /// Byte ranges of whole lines the other line rules must ignore (residue, page numbers).
    pub skip: Vec<(usize, usize)>,
}

struct LineInfo {
    start: usize,
    end: usize,
    /// Trimmed content.
    cs: usize,
    ce: usize,
    chars: usize,
    residue: bool,
}

const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?'];

fn trim_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// Whether a line (trimmed) ends a sentence or clause, so a line that follows is a new paragraph.
pub(crate) fn ends_clause(line: &str) -> bool {
    let t = line.trim_end_matches(|c: char| trim_ws(c) || "”’）》」』\"')".contains(c));
    t.ends_with(|c: char| "。！？；：…!?;:".contains(c))
}

/// A page number standing alone: `2`, `2、`, `2.`, `- 2 -`, `— 2 —`, `第2页`, `第 2 页 共 9 页`, `2/9`.
pub(crate) fn is_page_marker(line: &str) -> bool {
    if line.len() > 48 {
        return false; // the cheap test first: most lines are paragraphs
    }
    let t: String = line.chars().filter(|c| !trim_ws(*c)).collect();
    let t = t.trim_matches(|c| matches!(c, '-' | '—' | '－' | '–'));
    if t.is_empty() {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_digit());
    if digits(t) {
        return true;
    }
    for sep in ['、', '.', '．'] {
        if let Some(n) = t.strip_suffix(sep) {
            return digits(n) && n.len() <= 3;
        }
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b) && a.len() <= 3 && b.len() <= 3;
    }
    if let Some(rest) = t.strip_prefix('第') {
        if let Some((n, tail)) = rest.split_once('页') {
            let total = tail.strip_prefix('共').and_then(|x| x.strip_suffix('页'));
            return digits(n) && (tail.is_empty() || total.is_some_and(digits));
        }
    }
    false
}

/// Whether a line begins with a heading number (一、 （一） 1. （1）), so it starts a paragraph of its own.
fn starts_heading(line: &str) -> bool {
    crate::structure::heading(line).is_some()
}

/// A document or speech title (关于…的通知, 在…上的讲话): never taken for banner text.
fn looks_like_title(line: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "讲话", "致辞", "发言", "报告", "通知", "意见", "方案", "决定", "请示", "函", "纪要", "通报", "公告", "总结",
        "计划", "要点", "办法", "规定", "细则",
    ];
    line.starts_with("关于") || ENDINGS.iter().any(|e| line.ends_with(e))
}

fn quoted_list(words: &[&str]) -> String {
    words.iter().map(|w| format!("“{w}”")).collect::<Vec<_>>().join("")
}

pub(crate) fn classify(text: &str, hits: &[ResidueHit<'_>], _dict: &Dictionary) -> Lines {
    let mut hits: Vec<&ResidueHit<'_>> = hits.iter().collect();
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let mut out = Lines::default();
    let mut infos: Vec<LineInfo> = Vec::new();
    let mut h = 0;
    for (n, (start, end)) in line_spans(text).enumerate() {
        let line = &text[start..end];
        let lead = line.len() - line.trim_start_matches(trim_ws).len();
        let trimmed = line.trim_matches(trim_ws);
        let (cs, ce) = (start + lead, start + lead + trimmed.len());
        // Exact for lines short enough for any rule that counts; long lines only need to count as long.
        let chars = if trimmed.len() <= 320 { trimmed.chars().count() } else { trimmed.len() / 3 };
        while h < hits.len() && hits[h].start < start {
            h += 1;
        }
        let mut words: Vec<&str> = Vec::new();
        let mut strong: Vec<&ResidueHit<'_>> = Vec::new();
        let mut covered_to = 0;
        let mut hit_chars = 0;
        let mut k = h;
        while k < hits.len() && hits[k].end <= end {
            let hit = hits[k];
            k += 1;
            if hit.start < covered_to {
                continue; // inside a longer hit (扫一扫 / 扫码)
            }
            covered_to = hit.end;
            let w = &text[hit.start..hit.end];
            hit_chars += w.chars().count();
            if !words.contains(&w) {
                words.push(w);
            }
            if hit.strong {
                strong.push(hit);
            }
        }
        let mut residue = false;
        if !words.is_empty() {
            // A line without a full stop that is mostly residue words (扫码分享); a heading such as 三、经验分享 is not.
            let fragment = !trimmed.contains(SENTENCE_END) && hit_chars * 10 >= chars * 4 && !starts_heading(trimmed);
            if (!strong.is_empty() || words.len() >= 2) && chars <= 80 || fragment {
                residue = true;
                let notes: Vec<&str> = words.clone();
                out.verdicts.push(Verdict {
                    start: cs,
                    end: ce,
                    line: n,
                    what: What::Line,
                    reason: format!("含{}", quoted_list(&notes)),
                });
            } else {
                for hit in strong {
                    out.verdicts.push(Verdict {
                        start: hit.start,
                        end: hit.end,
                        line: n,
                        what: What::Span,
                        reason: hit.note.to_string(),
                    });
                }
            }
        }
        infos.push(LineInfo { start, end, cs, ce, chars, residue });
    }

    duplicate_title(text, &mut infos, &mut out);
    sandwiched(text, &mut infos, &mut out);
    page_numbers(text, &mut infos, &mut out);
    for (n, info) in infos.iter().enumerate() {
        if info.residue {
            out.skip.push((info.start, info.end));
        }
        if !info.residue && info.ce > info.cs {
            inline_page_numbers(text, info, n, &mut out);
        }
    }
    out.verdicts.sort_by_key(|v| (v.start, v.end));
    out
}

/// Up to three short lines without a full stop, with residue lines right above and below, belong to the banner.
fn sandwiched(text: &str, infos: &mut [LineInfo], out: &mut Lines) {
    let content: Vec<usize> = (0..infos.len()).filter(|&i| infos[i].ce > infos[i].cs).collect();
    let mut last_residue: Option<usize> = None;
    for (pos, &i) in content.iter().enumerate() {
        if !infos[i].residue {
            continue;
        }
        if let Some(prev) = last_residue {
            let between = &content[prev + 1..pos];
            let short = |j: &usize| {
                let l = &infos[*j];
                let t = &text[l.cs..l.ce];
                l.chars <= 40 && !t.contains(SENTENCE_END) && !starts_heading(t) && !looks_like_title(t)
            };
            if !between.is_empty() && between.len() <= 3 && between.iter().all(short) {
                for &j in between {
                    infos[j].residue = true;
                    out.verdicts.push(Verdict {
                        start: infos[j].cs,
                        end: infos[j].ce,
                        line: j,
                        what: What::Line,
                        reason: "夹在网页残留之间的短行".into(),
                    });
                }
            }
        }
        last_residue = Some(pos);
    }
}

fn page_numbers(text: &str, infos: &mut [LineInfo], out: &mut Lines) {
    for i in 0..infos.len() {
        let l = &infos[i];
        if l.residue || l.ce == l.cs || !is_page_marker(&text[l.cs..l.ce]) {
            continue;
        }
        let prev = (0..i).rev().find(|&j| infos[j].ce > infos[j].cs && !infos[j].residue);
        let next = (i + 1..infos.len()).find(|&j| infos[j].ce > infos[j].cs && !infos[j].residue);
        let join = match (prev, next) {
            (Some(p), Some(q)) => {
                let before = &text[infos[p].cs..infos[p].ce];
                let after = &text[infos[q].cs..infos[q].ce];
                !ends_clause(before)
                    && !starts_heading(after)
                    && !is_page_marker(after)
                    && after.chars().next().is_some_and(|c| is_han(c) || "，。、；：”’）》".contains(c))
            }
            _ => false,
        };
        let marker = &text[l.cs..l.ce];
        let reason = if join {
            format!("页码“{marker}”打断了句子")
        } else {
            format!("孤立的页码或数字“{marker}”")
        };
        out.verdicts.push(Verdict { start: l.cs, end: l.ce, line: i, what: What::PageNumber { join }, reason });
        infos[i].residue = true;
    }
}

/// `问题导 2、 向`: a page number with spaces around it between two Han characters.
fn inline_page_numbers(text: &str, l: &LineInfo, n: usize, out: &mut Lines) {
    let line = &text[l.cs..l.ce];
    // Searching for 、 is slow (its last byte is common in Chinese text); most lines have no ASCII digit at all.
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    for (i, _) in line.match_indices('、') {
        let head = &line[..i];
        let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 3 {
            continue;
        }
        let before_num = &head[..head.len() - digits];
        let ws_before = before_num.len() - before_num.trim_end_matches(trim_ws).len();
        let tail = &line[i + '、'.len_utf8()..];
        let ws_after = tail.len() - tail.trim_start_matches(trim_ws).len();
        let han_before = before_num[..before_num.len() - ws_before].chars().next_back().is_some_and(is_han);
        let han_after = tail[ws_after..].chars().next().is_some_and(is_han);
        if ws_before > 0 && ws_after > 0 && han_before && han_after {
            let start = l.cs + before_num.len() - ws_before;
            let end = l.cs + i + '、'.len_utf8() + ws_after;
            let marker = text[start..end].trim_matches(trim_ws).to_string();
            out.verdicts.push(Verdict {
                start,
                end,
                line: n,
                what: What::InlinePageNumber,
                reason: format!("页码“{marker}”打断了句子"),
            });
        }
    }
}

/// The first two content lines are the same short title with only residue between: the page header's copy.
fn duplicate_title(text: &str, infos: &mut [LineInfo], out: &mut Lines) {
    let mut content = (0..infos.len().min(16)).filter(|&i| infos[i].ce > infos[i].cs && !infos[i].residue);
    let (Some(a), Some(b)) = (content.next(), content.next()) else { return };
    let (ta, tb) = (&text[infos[a].cs..infos[a].ce], &text[infos[b].cs..infos[b].ce]);
    let residue_between = (a + 1..b).any(|j| infos[j].residue);
    if ta == tb && infos[a].chars <= 60 && residue_between {
        out.verdicts.push(Verdict {
            start: infos[a].cs,
            end: infos[a].ce,
            line: a,
            what: What::DuplicateTitle,
            reason: "网页页头重复的标题".into(),
        });
        infos[a].residue = true;
    }
}

/// The findings for what [`classify`] found.
pub(crate) fn report(text: &str, lines: &Lines, out: &mut Vec<Raw>) {
    for v in &lines.verdicts {
        let found = &text[v.start..v.end];
        let raw = match &v.what {
            What::Line => Raw::new(v.start, v.end, "web-residue.line", Class::WebResidue, Severity::Warning)
                .msg(format!("这一行是从网页复制带来的残留文字（{}），应整行删除", v.reason)),
            What::Span => {
                let note = if v.reason.is_empty() { String::new() } else { format!("（{}）", v.reason) };
                Raw::new(v.start, v.end, "web-residue", Class::WebResidue, Severity::Warning)
                    .msg(format!("“{found}”是从网页复制带来的残留文字{note}，应删除"))
            }
            What::PageNumber { join: true } | What::InlinePageNumber => {
                Raw::new(v.start, v.end, "web-residue.page-break", Class::WebResidue, Severity::Warning)
                    .msg(format!("{}，应删除页码并把前后文字接上", v.reason))
            }
            What::PageNumber { join: false } => {
                Raw::new(v.start, v.end, "web-residue.page-number", Class::WebResidue, Severity::Warning)
                    .msg(format!("{}，多半是网页复制带来的页码或计数，应删除", v.reason))
            }
            What::DuplicateTitle => {
                Raw::new(v.start, v.end, "web-residue.duplicate-title", Class::WebResidue, Severity::Warning)
                    .msg("标题重复出现：这是网页页头带来的标题，应删除一处")
            }
        };
        out.push(raw);
    }
}
