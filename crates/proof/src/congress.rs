//! Names of Party congresses and plenums: a 届 is a Central Committee, a 次 a National Congress. 十九大四中全会
//! should be 十九届四中全会; 党的十九届全国代表大会 and 党的第十九次代表大会 should be 党的第十九次全国代表大会.
//! A rule rather than a list, so every congress and plenum is covered.

use crate::structure::cn_value;
use crate::{Class, Raw, Severity};

/// The Chinese ordinal (十九, 二十) ending at byte `end`, as (start, text).
fn ordinal_before(text: &str, end: usize) -> Option<(usize, &str)> {
    let head = &text[..end];
    let len: usize =
        head.chars().rev().take_while(|c| "一二三四五六七八九十".contains(*c)).take(3).map(char::len_utf8).sum();
    let s = &head[end - len..];
    (len > 0 && cn_value(s).is_some()).then_some((end - len, s))
}

fn raw(start: usize, end: usize, found: &str, right: String) -> Raw {
    Raw::new(start, end, "formulation.congress", Class::Formulation, Severity::Error)
        .msg(format!("提法“{found}”不规范，应为“{right}”（“届”指中央委员会，“次”指全国代表大会）"))
        .suggest(right)
}

/// The words the dictionary pass reports for this rule.
pub(crate) const ANCHORS: [&str; 3] = ["中全会", "全国代表大会", "次代表大会"];

/// `anchors` are (byte offset, index into [`ANCHORS`]) from the dictionary pass.
pub(crate) fn check(text: &str, anchors: &[(usize, usize)], out: &mut Vec<Raw>) {
    let at = |k: usize| anchors.iter().filter(move |a| a.1 == k).map(|a| a.0);
    for i in at(0) {
        // 十九大四中全会: ordinal, 大, plenum number, 中全会.
        let Some((ps, plenum)) = ordinal_before(text, i) else { continue };
        let Some(before) = text[..ps].strip_suffix('大') else { continue };
        let Some((cs, congress)) = ordinal_before(text, before.len()) else { continue };
        let end = i + "中全会".len();
        out.push(raw(cs, end, &text[cs..end], format!("{congress}届{plenum}中全会")));
    }
    for i in at(1) {
        // 党的十九届全国代表大会
        if let Some(head) = text[..i].strip_suffix('届') {
            if let Some((cs, n)) = ordinal_before(text, head.len()) {
                if text[..cs].ends_with("党的") || text[..cs].ends_with("党的第") {
                    let s = if text[..cs].ends_with('第') { cs - '第'.len_utf8() } else { cs };
                    let end = i + "全国代表大会".len();
                    out.push(raw(s, end, &text[s..end], format!("第{n}次全国代表大会")));
                }
            }
        }
    }
    for i in at(2) {
        // 党的第十九次代表大会 (the 全国 left out)
        let Some((cs, n)) = ordinal_before(text, i) else { continue };
        if let Some(h) = text[..cs].strip_suffix('第') {
            if h.ends_with("党的") {
                let s = h.len();
                let end = i + "次代表大会".len();
                out.push(raw(s, end, &text[s..end], format!("第{n}次全国代表大会")));
            }
        }
    }
}
