//! An organisation's leaders (`姓名|职务`, in protocol order): leaders named together must follow that order, and
//! a title written right before or after a name must be that leader's.

use crate::dict::Leader;
use crate::{Class, Raw, Severity};

/// Titles looked for next to a name, besides the ones in the organisation's data.
const TITLES: &[&str] = &[
    "书记",
    "副书记",
    "县长",
    "副县长",
    "市长",
    "副市长",
    "区长",
    "副区长",
    "州长",
    "副州长",
    "镇长",
    "副镇长",
    "乡长",
    "副乡长",
    "主任",
    "副主任",
    "主席",
    "副主席",
    "部长",
    "副部长",
    "局长",
    "副局长",
    "秘书长",
    "副秘书长",
    "常委",
    "委员",
    "省长",
    "副省长",
];

/// Whether `found` is a fair way to call someone whose title is `title`: the title itself or its tail, unless the
/// tail drops a 副 (县长 for 副县长 is wrong; 副县长 for 常务副县长 and 书记 for 县委书记 are fine).
fn fits(found: &str, title: &str) -> bool {
    title == found || (title.ends_with(found) && !title[..title.len() - found.len()].ends_with('副'))
}

fn vocabulary(leaders: &[Leader]) -> Vec<&str> {
    let mut v: Vec<&str> = TITLES.to_vec();
    for l in leaders {
        v.extend(l.titles.iter().map(String::as_str));
    }
    v.sort_by_key(|t| std::cmp::Reverse(t.len()));
    v.dedup();
    v
}

pub(crate) fn check(text: &str, hits: &[(usize, usize, usize)], leaders: &[Leader], out: &mut Vec<Raw>) {
    if hits.is_empty() {
        return;
    }
    let mut hits = hits.to_vec();
    hits.sort_unstable();
    let vocab = vocabulary(leaders);
    for &(s, e, i) in &hits {
        titles(text, s, e, &leaders[i], &vocab, out);
    }
    // Lists: names with only separators, 同志 and titles between them.
    let mut k = 0;
    while k < hits.len() {
        let mut list = vec![hits[k]];
        let mut j = k + 1;
        while j < hits.len() && is_list_gap(&text[list[list.len() - 1].1..hits[j].0], &vocab) {
            list.push(hits[j]);
            j += 1;
        }
        k = j;
        if list.len() >= 2 && list.windows(2).any(|w| w[0].2 > w[1].2) {
            let mut order: Vec<usize> = list.iter().map(|h| h.2).collect();
            order.sort_unstable();
            order.dedup();
            let names: Vec<&str> = order.iter().map(|&i| leaders[i].name.as_str()).collect();
            let (s, e) = (list[0].0, list[list.len() - 1].1);
            let plain = list.windows(2).all(|w| &text[w[0].1..w[1].0] == "、");
            let mut r = Raw::new(s, e, "leader.order", Class::Leader, Severity::Warning)
                .msg(format!("领导同志排序有误，按本单位排序应为：{}", names.join("、")));
            if plain {
                r.suggestions.push(names.join("、"));
            }
            out.push(r);
        }
    }
}

fn is_list_gap(gap: &str, vocab: &[&str]) -> bool {
    let mut g = gap;
    loop {
        let before = g.len();
        g = g.trim_start_matches(['、', '，', ',', ' ', '\u{3000}', '和', '与', '及']);
        g = g.strip_prefix("同志").unwrap_or(g);
        if let Some(t) = vocab.iter().find(|t| g.starts_with(**t)) {
            g = &g[t.len()..];
        }
        if g.is_empty() {
            return gap.chars().count() <= 16;
        }
        if g.len() == before {
            return false;
        }
    }
}

fn titles(text: &str, s: usize, e: usize, leader: &Leader, vocab: &[&str], out: &mut Vec<Raw>) {
    let after = vocab.iter().find(|t| text[e..].starts_with(**t)).map(|t| (e, e + t.len()));
    let before = vocab.iter().find(|t| text[..s].ends_with(**t)).map(|t| (s - t.len(), s));
    for (ts, te) in after.into_iter().chain(before) {
        let found = &text[ts..te];
        if !leader.titles.iter().any(|t| fits(found, t)) {
            out.push(Raw::new(ts, te, "leader.title", Class::Leader, Severity::Warning).msg(format!(
                "{}的职务是“{}”，这里写作“{found}”",
                leader.name,
                leader.titles.join("、")
            )));
        }
    }
}
