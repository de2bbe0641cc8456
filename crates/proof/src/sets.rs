//! Numbered slogans and fixed sets (四个意识, 两个维护, 五位一体 …): when their members are spelled out, the
//! count, the members and their order must be right. Two ways in: a list of members found next to each other
//! (政治意识、大局意识、核心意识、看齐意识), and a set's name with its members right after it in brackets or after
//! 即/： or right before it in quotes (“…”的“五个坚持”). A member that is almost right is reported as such.

use crate::dict::SetHit;
use crate::{Class, Raw, Severity};

/// One fixed set from `sets.txt`: `名称/别名|成员；成员/变体；…|出处|自何时起|至少`.
#[derive(Debug)]
pub(crate) struct FixedSet {
    pub names: Vec<String>,
    pub members: Vec<String>,
    pub source: String,
    pub since: String,
    /// Members that must stand together before a list without the name is judged.
    pub min_list: usize,
}

impl FixedSet {
    /// The set and, per member, the forms to match (the canonical form first).
    pub fn parse(f: &[&str]) -> Result<(FixedSet, Vec<Vec<String>>), String> {
        if f.len() < 4 || f.len() > 5 || f.iter().take(4).any(|x| x.is_empty()) {
            return Err("格式应为“名称/别名|成员；成员/变体；…|出处|自何时起|至少”".into());
        }
        let names: Vec<String> = f[0].split('/').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
        let variants: Vec<Vec<String>> = f[1]
            .split('；')
            .map(|m| m.split('/').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect::<Vec<_>>())
            .collect();
        if variants.len() < 2 || variants.iter().any(Vec::is_empty) {
            return Err("成员至少两个，以“；”分隔".into());
        }
        let members: Vec<String> = variants.iter().map(|v| v[0].clone()).collect();
        let shortest = members.iter().map(|m| m.chars().count()).min().unwrap_or(0);
        let auto = if members.len() <= 2 {
            2
        } else if shortest <= 2 {
            (members.len() - 1).max(3)
        } else {
            3
        };
        let min_list = match f.get(4) {
            Some(s) if !s.is_empty() => s.parse::<usize>().map_err(|_| "“至少”应为数字")?,
            _ => auto,
        };
        let set =
            FixedSet { names, members, source: f[2].to_string(), since: f[3].to_string(), min_list: min_list.max(2) };
        Ok((set, variants))
    }

    fn name(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }

    fn listing(&self) -> String {
        self.members.join("、")
    }

    fn cite(&self) -> String {
        format!("（{}，{}）", self.source, self.since)
    }
}

/// Separators allowed between members of one list.
fn is_sep(c: char) -> bool {
    matches!(
        c,
        '、' | '，' | ',' | '；' | ';' | ' ' | '\u{3000}' | '“' | '”' | '‘' | '’' | '"' | '和' | '与' | '及' | '以'
    )
}

fn only_seps(s: &str) -> bool {
    s.chars().count() <= 4 && s.chars().all(is_sep)
}

/// A gap that holds exactly one item (not a member) between separators: `、责任意识、`.
fn one_item(s: &str) -> Option<(usize, usize)> {
    let lead = s.len() - s.trim_start_matches(is_sep).len();
    let trail = s.len() - s.trim_end_matches(is_sep).len();
    if lead == 0 || trail == 0 || lead + trail >= s.len() {
        return None;
    }
    let item = &s[lead..s.len() - trail];
    let ok = item.chars().count() <= 30 && !item.contains(['。', '；', '：', '！', '？', '\n', '、', '，', '（', '）']);
    ok.then_some((lead, s.len() - trail))
}

enum Token {
    Member(usize),
    Other(usize, usize),
}

pub(crate) fn check(text: &str, hits: &[SetHit], sets: &[FixedSet], out: &mut Vec<Raw>) {
    if hits.is_empty() {
        return;
    }
    let mut hits: Vec<SetHit> = hits.to_vec();
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let mut handled: Vec<(usize, usize)> = Vec::new();
    for h in hits.iter().filter(|h| h.member.is_none()) {
        if let Some((rs, re)) = region(text, h) {
            let members: Vec<&SetHit> =
                hits.iter().filter(|m| m.set == h.set && m.member.is_some() && rs <= m.start && m.end <= re).collect();
            if !members.is_empty() {
                judge_region(text, &sets[h.set], rs, re, &members, out);
                handled.push((rs, re));
            }
        }
    }
    for (id, set) in sets.iter().enumerate() {
        let members: Vec<&SetHit> = hits
            .iter()
            .filter(|m| m.set == id && m.member.is_some())
            .filter(|m| !handled.iter().any(|&(s, e)| s <= m.start && m.end <= e))
            .collect();
        chains(text, set, &members, out);
    }
}

/// The text spelling out the set named at `h`: `name（…）`, `name：…`, `name，即…` or `“…”的“name”`.
fn region(text: &str, h: &SetHit) -> Option<(usize, usize)> {
    let after = &text[h.end..];
    let skip = after.len() - after.trim_start_matches(['”', '’', '"', ' ']).len();
    let a = &after[skip..];
    let base = h.end + skip;
    let line_end = |from: usize| text[from..].find('\n').map_or(text.len(), |i| from + i);
    if let Some(inner) = a.strip_prefix('（').or_else(|| a.strip_prefix('(')) {
        let open = a.len() - inner.len();
        let close = inner.find(['）', ')'])?;
        if close > 600 || inner[..close].contains('\n') {
            return None;
        }
        return Some((base + open, base + open + close));
    }
    for lead in ["：", "，即", "即", ":"] {
        if let Some(rest) = a.strip_prefix(lead) {
            let start = base + lead.len();
            let end = rest.find(['。', '；', '！', '？']).map_or(line_end(start), |i| start + i);
            return (end - start <= 600).then_some((start, end));
        }
    }
    // “…”的“name”: the quotation right before.
    let before = &text[..h.start];
    let b = before.trim_end_matches(['“', '‘']);
    let b = b.strip_suffix('的')?;
    let b = b.strip_suffix('”')?;
    let open = b.rfind('“')?;
    let inner = &b[open + '“'.len_utf8()..];
    (!inner.contains('\n') && inner.len() <= 600).then_some((open + '“'.len_utf8(), b.len()))
}

/// Splits a region into members (from the hits) and other items (between separators).
fn tokens(text: &str, rs: usize, re: usize, members: &[&SetHit]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = rs;
    let push_others = |from: usize, to: usize, out: &mut Vec<Token>| {
        let mut s = from;
        for (i, c) in text[from..to].char_indices() {
            if matches!(c, '、' | '，' | ',' | '；' | ';') {
                push_item(text, s, from + i, out);
                s = from + i + c.len_utf8();
            }
        }
        push_item(text, s, to, out);
    };
    for m in members {
        if m.start < at {
            continue; // a shorter form inside a member already taken
        }
        push_others(at, m.start, &mut out);
        out.push(Token::Member(m.member.unwrap_or(0)));
        at = m.end;
    }
    push_others(at, re, &mut out);
    out
}

fn push_item(text: &str, s: usize, e: usize, out: &mut Vec<Token>) {
    let item = &text[s..e];
    let lead = item.len() - item.trim_start_matches(is_sep).len();
    let trail = item.len() - item.trim_end_matches(is_sep).len();
    if lead + trail < item.len() {
        out.push(Token::Other(s + lead, e - trail));
    }
}

fn error(s: usize, e: usize, rule: &'static str, message: String) -> Raw {
    Raw::new(s, e, rule, Class::FixedSet, Severity::Error).msg(message)
}

fn judge_region(text: &str, set: &FixedSet, rs: usize, re: usize, members: &[&SetHit], out: &mut Vec<Raw>) {
    let toks = tokens(text, rs, re, members);
    let n = set.members.len();
    let found: Vec<usize> =
        toks.iter().filter_map(|t| if let Token::Member(i) = t { Some(*i) } else { None }).collect();
    let mut reported = false;
    // Near misses: an item standing where a missing member belongs.
    if toks.len() == n {
        for (pos, t) in toks.iter().enumerate() {
            if let Token::Other(s, e) = t {
                if !found.contains(&pos) {
                    let right = &set.members[pos];
                    out.push(
                        error(
                            *s,
                            *e,
                            "fixed-set.member",
                            format!(
                                "“{}”的第{}项应为“{right}”，这里写作“{}”{}",
                                set.name(),
                                pos + 1,
                                &text[*s..*e],
                                set.cite()
                            ),
                        )
                        .suggest(right.clone()),
                    );
                    reported = true;
                }
            }
        }
    } else if toks.len() != n {
        let missing: Vec<&str> = (0..n).filter(|i| !found.contains(i)).map(|i| set.members[i].as_str()).collect();
        let detail = if toks.len() < n && !missing.is_empty() {
            format!("，缺少{}", missing.iter().map(|m| format!("“{m}”")).collect::<String>())
        } else {
            String::new()
        };
        out.push(
            error(
                rs,
                re,
                "fixed-set.count",
                format!(
                    "“{}”共{n}项，这里列了{}项{detail}；应为：{}{}",
                    set.name(),
                    toks.len(),
                    set.listing(),
                    set.cite()
                ),
            )
            .suggest(set.listing()),
        );
        reported = true;
    }
    if !reported {
        order(text, set, &found, rs, re, out);
    }
    duplicates(set, &found, rs, re, out);
}

fn order(_text: &str, set: &FixedSet, found: &[usize], s: usize, e: usize, out: &mut Vec<Raw>) {
    if found.windows(2).any(|w| w[0] > w[1]) {
        let mut sorted = found.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let right: Vec<&str> = sorted.iter().map(|&i| set.members[i].as_str()).collect();
        out.push(
            error(s, e, "fixed-set.order", format!("“{}”的顺序应为：{}{}", set.name(), set.listing(), set.cite()))
                .suggest(right.join("、")),
        );
    }
}

fn duplicates(set: &FixedSet, found: &[usize], s: usize, e: usize, out: &mut Vec<Raw>) {
    let mut seen = vec![false; set.members.len()];
    for &i in found {
        if std::mem::replace(&mut seen[i], true) {
            out.push(error(s, e, "fixed-set.repeat", format!("“{}”中“{}”重复出现", set.name(), set.members[i])));
            return;
        }
    }
}

/// Members of one set next to each other, without the name.
fn chains(text: &str, set: &FixedSet, members: &[&SetHit], out: &mut Vec<Raw>) {
    let mut i = 0;
    while i < members.len() {
        let mut chain: Vec<&SetHit> = vec![members[i]];
        let mut gaps: Vec<(usize, usize, usize)> = Vec::new(); // (after chain index, start, end)
        let mut j = i + 1;
        while j < members.len() {
            let last = chain[chain.len() - 1];
            let next = members[j];
            if next.start < last.end {
                j += 1; // overlapping form of the same place
                continue;
            }
            let gap = &text[last.end..next.start];
            if only_seps(gap) {
                chain.push(next);
            } else if let Some((s, e)) = one_item(gap) {
                gaps.push((chain.len() - 1, last.end + s, last.end + e));
                chain.push(next);
            } else {
                break;
            }
            j += 1;
        }
        i = j.max(i + 1);
        let idx: Vec<usize> = chain.iter().filter_map(|h| h.member).collect();
        let known = chain.len();
        if known + gaps.len() < set.min_list.min(set.members.len()) || known < 2 {
            continue;
        }
        let (s, e) = (chain[0].start, chain[chain.len() - 1].end);
        let mut near = false;
        for &(k, gs, ge) in &gaps {
            let (a, b) = (idx[k], idx[k + 1]);
            if b == a + 2 && known + 1 == set.members.len() {
                let right = &set.members[a + 1];
                out.push(
                    error(
                        gs,
                        ge,
                        "fixed-set.member",
                        format!(
                            "“{}”的第{}项应为“{right}”，这里写作“{}”{}",
                            set.name(),
                            a + 2,
                            &text[gs..ge],
                            set.cite()
                        ),
                    )
                    .suggest(right.clone()),
                );
                near = true;
            }
        }
        if !near && known >= set.min_list.min(set.members.len()) {
            order(text, set, &idx, s, e, out);
            duplicates(set, &idx, s, e, out);
        }
    }
}
