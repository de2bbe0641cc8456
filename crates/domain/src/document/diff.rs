//! Side-by-side comparison of two versions: lines paired, changed characters marked.

use serde::Serialize;
use similar::{ChangeTag, DiffOp, TextDiff};

/// A run of text on one side, `changed` when it differs from the other side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seg {
    pub text: String,
    pub changed: bool,
}

/// One row of the comparison: the old line on the left, the new on the right; `None` where a line
/// was only added or only removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffRow {
    pub left: Option<Vec<Seg>>,
    pub right: Option<Vec<Seg>>,
}

impl DiffRow {
    pub fn unchanged(&self) -> bool {
        self.left.as_ref().is_some_and(|l| l.iter().all(|s| !s.changed))
            && self.right.as_ref().is_some_and(|r| r.iter().all(|s| !s.changed))
    }
}

fn whole(text: &str, changed: bool) -> Vec<Seg> {
    vec![Seg { text: text.to_string(), changed }]
}

/// Characters that differ between two paired lines, as segments for each side.
fn inline(old: &str, new: &str) -> (Vec<Seg>, Vec<Seg>) {
    let d = TextDiff::from_chars(old, new);
    let (mut l, mut r): (Vec<Seg>, Vec<Seg>) = (Vec::new(), Vec::new());
    let push = |side: &mut Vec<Seg>, text: &str, changed: bool| match side.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => side.push(Seg { text: text.to_string(), changed }),
    };
    for c in d.iter_all_changes() {
        match c.tag() {
            ChangeTag::Equal => {
                push(&mut l, c.value(), false);
                push(&mut r, c.value(), false);
            }
            ChangeTag::Delete => push(&mut l, c.value(), true),
            ChangeTag::Insert => push(&mut r, c.value(), true),
        }
    }
    (l, r)
}

/// Compare two texts line by line; replaced lines are paired and marked character by character.
pub fn diff(old: &str, new: &str) -> Vec<DiffRow> {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let d = similar::capture_diff_slices(similar::Algorithm::Myers, &old_lines, &new_lines);
    let mut rows = Vec::new();
    for op in d {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                for l in &old_lines[old_index..old_index + len] {
                    rows.push(DiffRow { left: Some(whole(l, false)), right: Some(whole(l, false)) });
                }
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                for l in &old_lines[old_index..old_index + old_len] {
                    rows.push(DiffRow { left: Some(whole(l, true)), right: None });
                }
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                for l in &new_lines[new_index..new_index + new_len] {
                    rows.push(DiffRow { left: None, right: Some(whole(l, true)) });
                }
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                for i in 0..old_len.max(new_len) {
                    let (o, n) = (
                        old_lines.get(old_index + i).filter(|_| i < old_len),
                        new_lines.get(new_index + i).filter(|_| i < new_len),
                    );
                    rows.push(match (o, n) {
                        (Some(o), Some(n)) => {
                            let (l, r) = inline(o, n);
                            DiffRow { left: Some(l), right: Some(r) }
                        }
                        (Some(o), None) => DiffRow { left: Some(whole(o, true)), right: None },
                        (None, Some(n)) => DiffRow { left: None, right: Some(whole(n, true)) },
                        (None, None) => continue,
                    });
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(segs: &[Seg]) -> String {
        segs.iter().map(|s| if s.changed { format!("[{}]", s.text) } else { s.text.clone() }).collect()
    }

    #[test]
    fn pairs_changed_lines_and_marks_characters() {
        let rows = diff(
            "一、总体要求\n各乡镇要在11月底前完成。\n附件",
            "一、总体要求\n各乡镇要在12月底前完成。\n新增一行\n附件",
        );
        assert!(rows[0].unchanged());
        assert_eq!(marked(rows[1].left.as_ref().unwrap()), "各乡镇要在1[1]月底前完成。");
        assert_eq!(marked(rows[1].right.as_ref().unwrap()), "各乡镇要在1[2]月底前完成。");
        assert_eq!(rows[2].left, None);
        assert_eq!(marked(rows[2].right.as_ref().unwrap()), "[新增一行]");
        assert!(rows[3].unchanged());
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn identical_texts_have_no_changes() {
        assert!(diff("甲\n乙", "甲\n乙").iter().all(DiffRow::unchanged));
        assert!(diff("", "").is_empty());
    }
}
