//! A speech's outline: its numbered points, their titles, the requirements under each, and
//! sub-points — what the office turns into tracked items ("把嘴上说的……变为具体行动").
//!
//! Points are marked by numbering families (一、 （一） 1. （1）, 第一, 一是, 一要, 首先/其次/再次/最后).
//! A family counts only as a sequence: a candidate numbered 1 is a point when the same family's 2
//! follows before its parent point ends; later ones when they continue the count. A sentence that
//! merely contains 首先 or "第一位" starts nothing. Nesting follows the order the families appear
//! in: a family first met inside a point of another family is one level deeper. A sequence run
//! inside one paragraph ("一是……；二是……") ends with that paragraph; the text after it belongs to
//! the enclosing point again. A paragraph opening with 同志们 after the points is the closing,
//! which belongs to no point.

mod marker;
mod requirement;

use serde::Serialize;

use marker::{Family, Marker, LAST};

/// The points of a speech, top level first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outline {
    pub points: Vec<Point>,
}

/// One point of the outline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Point {
    /// 1 for the top level.
    pub level: u8,
    /// As written, without a following comma: 一、 （一） 1. 第一 一是 一要 首先.
    pub number: String,
    /// The heading's text, or the first sentence when the point runs on ("一是加强学习。……").
    pub title: String,
    /// Requirement sentences under this point and not under its sub-points (rule in `requirement`).
    pub requirements: Vec<String>,
    pub points: Vec<Point>,
}

/// No numbered sequence was found; nothing is invented.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("没有识别出讲话提纲：文中找不到成序列的层次序号（如“一、二、”“（一）（二）”“1. 2.”“第一、第二”“一是、二是”“一要、二要”“首先、其次”）。请确认导入的是完整的讲话稿，或在原文中补上序号后再导入。")]
pub struct NoOutline;

/// Recovers the outline of a speech. The text is cleaned first (`zs_proof::clean`: web residue, page
/// numbers and the sentences they cut), so a web copy can be passed as pasted.
pub fn outline(text: &str) -> Result<Outline, NoOutline> {
    outline_of_clean(&zs_proof::clean(text).text)
}

fn outline_of_clean(text: &str) -> Result<Outline, NoOutline> {
    let paras: Vec<&str> =
        text.lines().map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')).collect();
    let mut candidates = Vec::new();
    for (i, p) in paras.iter().enumerate() {
        marker::scan(i, p, &mut candidates);
    }
    let accepted = accept(&candidates);
    if accepted.is_empty() {
        return Err(NoOutline);
    }
    Ok(assemble(&paras, &accepted))
}

/// A marker kept as a point, with the index of its parent among the kept ones.
struct Kept<'m> {
    marker: &'m Marker,
    parent: Option<usize>,
    depth: usize,
    /// Its sequence began inside a paragraph, so the point ends with that paragraph.
    ends_with_para: bool,
}

struct Frame {
    family: Family,
    last: u32,
    kept: usize,
    inline_para: Option<usize>,
}

fn follows(last: u32, ordinal: u32) -> bool {
    last != LAST && (ordinal == last + 1 || (ordinal == LAST && last >= 1))
}

/// Keeps the candidates that form sequences, and nests them.
fn accept(candidates: &[Marker]) -> Vec<Kept<'_>> {
    let mut kept: Vec<Kept<'_>> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    for (i, m) in candidates.iter().enumerate() {
        // Points opened inside an earlier paragraph ended with it.
        while stack.last().is_some_and(|f| f.inline_para.is_some_and(|p| p < m.para)) {
            stack.pop();
        }
        let level = stack.iter().position(|f| f.family == m.family);
        let (depth, inline_para) = match level {
            Some(k) if follows(stack[k].last, m.ordinal) => {
                stack.truncate(k + 1);
                (k, stack[k].inline_para)
            }
            // A sequence whose first two points share a paragraph ("一是……；二是……") is a run
            // inside that paragraph, wherever the first one sits.
            None if m.ordinal == 1 => match partner(candidates, i, &stack) {
                Some(second) => (stack.len(), (m.inline || second.para == m.para).then_some(m.para)),
                None => continue,
            },
            _ => continue,
        };
        let parent = depth.checked_sub(1).map(|d| stack[d].kept);
        kept.push(Kept { marker: m, parent, depth, ends_with_para: inline_para.is_some() });
        let frame = Frame { family: m.family, last: m.ordinal, kept: kept.len() - 1, inline_para };
        if depth == stack.len() {
            stack.push(frame);
        } else {
            stack[depth] = frame;
        }
    }
    kept
}

/// How many candidates the search for a 2 looks through: far more than any real point holds,
/// and a bound on the work a hostile text of nothing but markers can cause.
const LOOKAHEAD: usize = 1000;

/// The 2 that makes the 1 at `i` a sequence, if it comes before an enclosing sequence moves on.
fn partner<'m>(candidates: &'m [Marker], i: usize, stack: &[Frame]) -> Option<&'m Marker> {
    let first = &candidates[i];
    for next in candidates[i + 1..].iter().take(LOOKAHEAD) {
        if first.inline && next.para != first.para {
            return None;
        }
        if next.family == first.family {
            let second = next.ordinal == 2 || (first.family == Family::Sequence && next.ordinal == LAST);
            return second.then_some(next);
        }
        if stack.iter().any(|f| f.family == next.family && follows(f.last, next.ordinal)) {
            return None;
        }
    }
    None
}

/// Builds the tree: titles, and each stretch of text given to the innermost open point.
fn assemble(paras: &[&str], kept: &[Kept<'_>]) -> Outline {
    struct Draft {
        point: Point,
        own: String,
        parent: Option<usize>,
    }
    let mut drafts: Vec<Draft> = kept
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let m = k.marker;
            let para = paras[m.para];
            // Kept markers are in text order: the segment runs to the next one in this paragraph.
            let next = kept.get(i + 1).map(|o| o.marker).filter(|o| o.para == m.para);
            let segment = next.map_or(&para[m.end..], |o| &para[m.end..o.start]);
            let segment = segment.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            let title_len = requirement::sentence_end(segment);
            let title = segment[..title_len].trim_end_matches(['。', '；', ';', '，', ',', '：', ':', '！', '？']);
            Draft {
                point: Point {
                    level: (k.depth + 1).min(u8::MAX as usize) as u8,
                    number: para[m.start..m.number_end].to_string(),
                    title: title.trim().to_string(),
                    requirements: Vec::new(),
                    points: Vec::new(),
                },
                own: segment[title_len..].to_string(),
                parent: k.parent,
            }
        })
        .collect();

    // Text outside marker segments: from each paragraph's start to its first marker, and
    // whole paragraphs without markers, belongs to the innermost point still open.
    let mut open: Option<usize> = None;
    let mut next_kept = 0;
    for (p, para) in paras.iter().enumerate() {
        if let Some(o) = open {
            // A run marked inside a paragraph ends with it.
            let mut o = Some(o);
            while let Some(idx) = o.filter(|&idx| kept[idx].ends_with_para && kept[idx].marker.para < p) {
                o = drafts[idx].parent;
            }
            open = o;
        }
        if next_kept > 0 && para.starts_with("同志们") {
            open = None;
        }
        let first_here = kept.get(next_kept).filter(|k| k.marker.para == p).map(|_| next_kept);
        let lead = first_here.map_or(*para, |f| &para[..kept[f].marker.start]);
        if let Some(o) = open {
            drafts[o].own.push('\n');
            drafts[o].own.push_str(lead);
        }
        while next_kept < kept.len() && kept[next_kept].marker.para == p {
            open = Some(next_kept);
            next_kept += 1;
        }
    }

    // Children were pushed after their parents, so building from the end moves each finished
    // point into its parent.
    let mut roots = Vec::new();
    for i in (0..drafts.len()).rev() {
        let own = std::mem::take(&mut drafts[i].own);
        drafts[i].point.requirements = requirement::requirements(&own);
        drafts[i].point.points.reverse();
        let point = std::mem::take(&mut drafts[i].point);
        match drafts[i].parent {
            Some(parent) => drafts[parent].point.points.push(point),
            None => roots.push(point),
        }
    }
    roots.reverse();
    Outline { points: roots }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(o: &Outline) -> Vec<String> {
        fn walk(points: &[Point], out: &mut Vec<String>) {
            for p in points {
                out.push(format!("{}{}{}", "  ".repeat(p.level as usize - 1), p.number, p.title));
                walk(&p.points, out);
            }
        }
        let mut out = Vec::new();
        walk(&o.points, &mut out);
        out
    }

    #[test]
    fn heading_levels_nest_by_order_of_appearance() {
        let text = "同志们：\n下面讲三点。\n一、提高认识\n（一）为什么学\n要坚定信念。\n（二）学什么\n1.学理论。要原原本本学。\n2.学业务\n二、改进作风\n一是转变文风。要说短话；二是转变会风。要开短会。\n这一段属于二、。要注意落实。\n三、严守纪律\n同志们，要把各项工作做好。";
        let o = outline(text).unwrap();
        assert_eq!(
            shape(&o),
            vec![
                "一、提高认识",
                "  （一）为什么学",
                "  （二）学什么",
                "    1.学理论",
                "    2.学业务",
                "二、改进作风",
                "  一是转变文风",
                "  二是转变会风",
                "三、严守纪律",
            ]
        );
        let p = &o.points;
        assert_eq!(p[0].points[0].requirements, vec!["要坚定信念"]);
        assert_eq!(p[0].points[1].points[0].requirements, vec!["要原原本本学"]);
        assert_eq!(p[1].points[0].requirements, vec!["要说短话"]);
        assert_eq!(p[1].points[1].requirements, vec!["要开短会"]);
        // The paragraph after an inline run belongs to the enclosing point; the closing to none.
        assert_eq!(p[1].requirements, vec!["要注意落实"]);
        assert!(p[2].requirements.is_empty());
        assert_eq!(p[1].points[0].level, 2);
    }

    #[test]
    fn sequences_need_a_second_member() {
        // A lone 一、 and a 其次 without 首先 are not outlines.
        assert_eq!(outline("一、总体要求\n正文。其次是讲话稿。"), Err(NoOutline));
        assert_eq!(outline("首先是政治机关。\n最后一公里要打通。"), Err(NoOutline));
        assert_eq!(outline(""), Err(NoOutline));
        let o = outline("首先，要提高认识。\n其次，要抓好落实。\n最后，讲一点希望。").unwrap();
        assert_eq!(shape(&o), vec!["首先要提高认识", "其次要抓好落实", "最后讲一点希望"]);
    }

    #[test]
    fn a_second_point_after_the_parent_moved_on_does_not_confirm() {
        // 一是 under 一、 has no 二是 before 二、; the 二是 under 二、 is not its partner.
        let o = outline("一、甲\n一是子。\n二、乙\n二是丑。").unwrap();
        assert_eq!(shape(&o), vec!["一、甲", "二、乙"]);
    }

    #[test]
    fn serialises_in_the_documented_shape() {
        let o = outline("一要坚守信念，忠诚为先。要把牢政治方向。\n二要胸怀大局，服务发展。").unwrap();
        let json = serde_json::to_value(&o).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"points": [
                {"level": 1, "number": "一要", "title": "坚守信念，忠诚为先", "requirements": ["要把牢政治方向"], "points": []},
                {"level": 1, "number": "二要", "title": "胸怀大局，服务发展", "requirements": [], "points": []},
            ]})
        );
    }
}
