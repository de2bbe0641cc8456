//! WordprocessingML building blocks: escaping, runs, paragraphs and the units they are measured in.

use std::fmt::Write;

/// Twentieths of a point, Word's unit for lengths.
pub(crate) fn twips_mm(mm: f64) -> i64 {
    (mm / 25.4 * 1440.0).round() as i64
}

pub(crate) fn twips_pt(pt: f64) -> i64 {
    (pt * 20.0).round() as i64
}

/// Text as XML character data: markup characters escaped, characters XML 1.0 forbids dropped.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The properties of a run: font (east Asian and Latin alike), size in points, colour, bold.
#[derive(Clone, Copy)]
pub(crate) struct Font {
    pub name: &'static str,
    pub size: f64,
    pub color: Option<&'static str>,
    pub bold: bool,
    /// Horizontal scale in percent (`w:w`), for the narrowed 发文机关标志.
    pub scale: u32,
}

impl Font {
    pub(crate) const fn new(name: &'static str, size: f64) -> Font {
        Font { name, size, color: None, bold: false, scale: 100 }
    }

    pub(crate) const fn red(self) -> Font {
        Font { color: Some(super::RED), ..self }
    }

    pub(crate) fn rpr(&self) -> String {
        let mut s = format!(r#"<w:rFonts w:ascii="{n}" w:hAnsi="{n}" w:eastAsia="{n}" w:cs="{n}"/>"#, n = self.name);
        if self.bold {
            s.push_str("<w:b/>");
        }
        if let Some(c) = self.color {
            let _ = write!(s, r#"<w:color w:val="{c}"/>"#);
        }
        if self.scale != 100 {
            let _ = write!(s, r#"<w:w w:val="{}"/>"#, self.scale);
        }
        let half_points = (self.size * 2.0).round() as i64;
        let _ = write!(s, r#"<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>"#);
        s
    }
}

/// A run of text; a '\n' becomes a line break.
pub(crate) fn run(font: &Font, text: &str) -> String {
    let mut s = format!("<w:r><w:rPr>{}</w:rPr>", font.rpr());
    for (i, part) in text.split('\n').enumerate() {
        if i > 0 {
            s.push_str("<w:br/>");
        }
        if !part.is_empty() {
            let _ = write!(s, r#"<w:t xml:space="preserve">{}</w:t>"#, esc(part));
        }
    }
    s.push_str("</w:r>");
    s
}

pub(crate) fn tab() -> &'static str {
    "<w:r><w:tab/></w:r>"
}

/// A paragraph from its properties (`w:pPr` content) and runs.
pub(crate) fn para(ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
}

/// Exact line height, for a paragraph that is one grid line or a spacer of any height.
pub(crate) fn exact(twips: i64) -> String {
    format!(r#"<w:spacing w:before="0" w:after="0" w:line="{}" w:lineRule="exact"/>"#, twips.max(20))
}

/// Indents in twips: left, right, first line (negative = hanging).
pub(crate) fn ind(left: i64, right: i64, first: i64) -> String {
    if first < 0 {
        format!(r#"<w:ind w:left="{left}" w:right="{right}" w:hanging="{}"/>"#, -first)
    } else {
        format!(r#"<w:ind w:left="{left}" w:right="{right}" w:firstLine="{first}"/>"#)
    }
}

pub(crate) fn jc(value: &str) -> String {
    format!(r#"<w:jc w:val="{value}"/>"#)
}

/// Width of `text` in grid cells: full-width characters one, ASCII half. Word lays the line out; this only
/// places what must be placed by hand (signature over date, 签发人 block).
pub(crate) fn cells(text: &str) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_text_and_drops_forbidden_controls() {
        assert_eq!(esc(r#"<a href="x">&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
        assert_eq!(esc("a\u{1}b\u{FFFF}c"), "abc");
        assert_eq!(esc("甲\n乙"), "甲\n乙");
    }

    #[test]
    fn units() {
        assert_eq!(twips_mm(25.4), 1440);
        assert_eq!(twips_mm(37.0), 2098);
        assert_eq!(twips_pt(16.0), 320);
        assert_eq!(cells("2026年"), 3.0);
    }
}
