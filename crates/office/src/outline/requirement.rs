//! Which sentences under a point state a requirement (the 要 … sentences the office turns into
//! tracked items).
//!
//! The rule, in full:
//! 1. Sentences end at 。！？； (and at a line end); a closing quote or bracket stays with its sentence.
//! 2. Clauses end at ，：. A leading connector clause (因此, 同时, 另一方面, 特别是 …) is skipped.
//! 3. A sentence is a requirement when one of its first two remaining clauses has a cue word
//!    within its first [`SUBJECT_CHARS`] characters: at the very start ("要坚定理想信念") or after a
//!    short subject ("县委办公室要把…", "大家一定要…", "这就要求各级办公室…").
//! 4. Cue words: 要, 要求, 必须, 务必, 切实, 进一步, 坚决, 严禁. 要 counts only as a modal verb, not
//!    inside words such as 重要, 主要, 需要, 只要, 要害, 要素, 要点.

/// How far into a clause a cue may sit: the longest subject we accept before it.
const SUBJECT_CHARS: usize = 12;

const CUES: [&str; 7] = ["必须", "务必", "切实", "进一步", "坚决", "严禁", "要"];

const CONNECTORS: [&str; 18] = [
    "因此",
    "所以",
    "为此",
    "对此",
    "同时",
    "此外",
    "另外",
    "一方面",
    "另一方面",
    "特别是",
    "尤其是",
    "总之",
    "当前",
    "目前",
    "今后",
    "下一步",
    "与此同时",
    "具体来说",
];

/// 要 right after one of these is part of a word: 重要 主要 需要 只要 纪要 摘要 提要 必要 首要 想要
/// 简要 概要 扼要 机要 显要 政要 紧要 险要 将要 快要 纲要.
const NOT_MODAL_BEFORE: &str = "重主需只纪摘提必首想简概扼机显政紧险将快纲";
/// …or right before one of these: 要害 要素 要点 要么 要是 要件 要务 要闻 要员 要案 要领 要旨 要道 要地 要职 要塞 要事.
const NOT_MODAL_AFTER: &str = "害素点么是件务闻员案领旨道地职塞事";

/// The requirement sentences of `text`, in order, without their closing 。 or ；.
pub(super) fn requirements(text: &str) -> Vec<String> {
    sentences(text).filter(|s| is_requirement(s)).map(|s| s.trim_end_matches(['。', '；', ';']).to_string()).collect()
}

/// Sentences, trimmed, in order.
pub(super) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let end = sentence_end(rest);
        let (sentence, tail) = rest.split_at(end);
        rest = tail;
        let sentence = sentence.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if !sentence.is_empty() {
            return Some(sentence);
        }
    })
}

/// Byte length of the first sentence of `s`, including its end mark and any closing quotes.
pub(super) fn sentence_end(s: &str) -> usize {
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\n' {
            return i + 1;
        }
        if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, q)) = chars.peek() {
                if !matches!(q, '”' | '’' | '」' | '』' | '）' | ')' | '】' | '》') {
                    break;
                }
                end = j + q.len_utf8();
                chars.next();
            }
            return end;
        }
    }
    s.len()
}

pub(super) fn is_requirement(sentence: &str) -> bool {
    let mut clauses = sentence.split(['，', ',', '：', ':']).map(str::trim).filter(|c| !c.is_empty()).peekable();
    if clauses.peek().is_some_and(|c| CONNECTORS.contains(c)) {
        clauses.next();
    }
    clauses.take(2).any(cue_near_start)
}

fn cue_near_start(clause: &str) -> bool {
    let mut prev: Option<char> = None;
    for (n, (i, c)) in clause.char_indices().enumerate() {
        if n > SUBJECT_CHARS {
            return false;
        }
        let rest = &clause[i..];
        if let Some(cue) = CUES.iter().find(|cue| rest.starts_with(**cue)) {
            if *cue != "要" || is_modal_yao(prev, rest) {
                return true;
            }
        }
        prev = Some(c);
    }
    false
}

/// `rest` starts with 要; is it the modal verb ("must") rather than part of a word?
fn is_modal_yao(prev: Option<char>, rest: &str) -> bool {
    let next = rest['要'.len_utf8()..].chars().next();
    if prev.is_some_and(|p| NOT_MODAL_BEFORE.contains(p)) || next.is_some_and(|n| NOT_MODAL_AFTER.contains(n)) {
        return false;
    }
    // 不要说 ("let alone") is not a prohibition.
    !(prev == Some('不') && next == Some('说'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_closing_quotes() {
        let s: Vec<&str> = sentences("要把学习当作“必修课。”其次是讲话稿；再次是文件\n  同志们！").collect();
        assert_eq!(s, vec!["要把学习当作“必修课。”", "其次是讲话稿；", "再次是文件", "同志们！"]);
    }

    #[test]
    fn requirement_sentences() {
        for yes in [
            "要坚定理想信念。",
            "县委办公室要把理论学习当作“必修课”，往深里学。",
            "作为县委的中枢机关，县委办公室要把理论学习当作“必修课”。",
            "大家一定要增强“本领恐慌”意识。",
            "另一方面，要不断强化理论武装、提高政治素养。",
            "因此，大家要切实提高思想认识。",
            "各级办公室工作必须紧紧围绕大局。",
            "这就要求各级办公室切实增强责任感和使命感。",
            "进一步细化实化整改措施，全面彻底整改到位。",
            "务必在月底前报送。",
            "对集体存在的问题，要研究制定整改方案。",
            "要“身在兵位，胸为帅谋”，主动对全局工作进行深入调查研究。",
        ] {
            assert!(is_requirement(yes), "{yes}");
        }
        for no in [
            "组织生活会是严肃党内政治生活的重要法宝。",
            "这是极端危险的，更是极其错误的。",
            "县委办公室代表的是县委的形象，讲政治、有党性、靠得住，是第一位的要求。",
            "能推则推，能让别人办决不往自己身上揽，更不要说是主动办。",
            "办公室是组织性、纪律性、机密性要求很严的要害部门。",
            "这次培训的主要目的是提高能力。",
            "只要方向对了，就不怕路远。",
            "在平凡的岗位上一干就是十几年甚至几十年，充分彰显了无私奉献的大境界，我们都要学习。",
            "",
        ] {
            assert!(!is_requirement(no), "{no}");
        }
    }

    #[test]
    fn requirements_are_listed_without_their_end_mark() {
        let got = requirements("总体来看，会开得很成功。要深查自身问题；要深照指出问题。其他人也要引以为鉴！");
        assert_eq!(got, vec!["要深查自身问题", "要深照指出问题", "其他人也要引以为鉴！"]);
    }
}
