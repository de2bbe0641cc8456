//! The document body: 版头, 主体, 附件, 版记, placed on the grid as the PDF template places them.

use super::xml::{cells, exact, ind, jc, para, run, tab, twips_mm, twips_pt, Font};
use super::{Geometry, FANG, HEI, KAI, RED, XBS};
use crate::data::Prepared;
use crate::model::{ArchiveStamp, Block, Doc, Variant};

/// The grid pitch in mm (the PDF's); used where a position is given in mm.
const PITCH_MM: f64 = 225.0 / 22.0;
const PT_MM: f64 = 25.4 / 72.0;
/// Keeps a paragraph off the document grid, so its exact height holds whatever its font size.
const NO_SNAP: &str = r#"<w:snapToGrid w:val="0"/>"#;

/// Paragraphs appended in order, with the height page 1 has used so far (twips) while the head is built.
struct Out<'a> {
    xml: String,
    used: i64,
    g: &'a Geometry,
}

impl Out<'_> {
    fn push(&mut self, p: String, height: i64) {
        self.xml.push_str(&p);
        self.used += height;
    }

    /// One grid line of text; `after` holds the `w:pPr` elements that follow the spacing (indent, alignment).
    fn line(&mut self, after: &str, runs: &str) {
        self.line_with("", after, runs);
    }

    /// As `line`, with `before` holding those that precede the spacing (borders, tabs) in schema order.
    fn line_with(&mut self, before: &str, after: &str, runs: &str) {
        let pitch = self.g.pitch;
        self.push(para(&format!("{before}{}{after}", exact(pitch)), runs), pitch);
    }

    fn blank(&mut self, n: i64) {
        for _ in 0..n {
            self.line("", "");
        }
    }

    /// An empty paragraph bringing page 1 down to `y` twips below the 版心's top.
    fn down_to(&mut self, y: i64) {
        let h = y - self.used;
        if h > 0 {
            self.push(para(&format!("{NO_SNAP}{}", exact(h)), ""), h);
        }
    }
}

/// The 发文机关标志's font: red 小标宋 up to `max` pt, narrowed to 75 % at most, then smaller, to fit 156 mm.
pub(crate) fn issuer_font(mark: &str, max: f64) -> Font {
    let width_pt = cells(mark) * max;
    let room = 156.0 / PT_MM;
    let (size, scale) = if width_pt <= room {
        (max, 100)
    } else if room / width_pt >= 0.75 {
        (max, (room / width_pt * 100.0).floor() as u32)
    } else {
        (max * room / width_pt / 0.75, 75)
    };
    Font { bold: false, scale, ..Font::new(XBS, size).red() }
}

fn marks(doc: &Doc, p: &Prepared) -> Vec<(String, Font)> {
    let mut v = Vec::new();
    if let Some(c) = &p.copy_no {
        v.push((c.clone(), Font::new(FANG, 16.0)));
    }
    for m in [&doc.classification, &doc.urgency].into_iter().flatten() {
        if !m.trim().is_empty() {
            v.push((m.trim().to_string(), Font::new(HEI, 16.0)));
        }
    }
    v
}

pub(crate) fn body(doc: &Doc, p: &Prepared, g: &Geometry) -> String {
    let mut out = Out { xml: String::new(), used: 0, g };
    if let Some(stamp) = &doc.stamp {
        out.xml.push_str(&archive_stamp(stamp));
    }
    let fang = Font::new(FANG, 16.0);
    match doc.variant {
        // A journal's 编印单位 and date line is PDF-only; Word gets the 刊头, 期号 and separator.
        Variant::Standard | Variant::Minutes | Variant::Journal => head(&mut out, doc, p, 35.0, false),
        Variant::Order => head(&mut out, doc, p, 20.0, true),
        Variant::Letter => head_letter(&mut out, doc, p),
    }
    if doc.variant != Variant::Order {
        title(&mut out, &doc.title);
        out.blank(1);
        if !p.to.is_empty() {
            out.line(&ind(0, 0, 0), &run(&fang, &p.to));
        }
    }
    blocks(&mut out, &doc.body);
    attachment_notes(&mut out, &p.attachment_notes);
    attendance(&mut out, doc);
    match doc.variant {
        Variant::Order => order_signature(&mut out, doc),
        Variant::Minutes => unsealed_signature(&mut out, doc),
        Variant::Standard | Variant::Letter => sealed_signature(&mut out, doc),
        Variant::Journal => {}
    }
    if let Some(note) = &p.note {
        out.line(&ind(0, 0, g.cells(2.0)), &run(&fang, note));
    }
    for a in &doc.attachments {
        out.xml.push_str(&para("<w:pageBreakBefore/>", ""));
        out.line(&ind(0, 0, 0), &run(&Font::new(HEI, 16.0), &a.label));
        out.blank(1);
        title(&mut out, &a.title);
        out.blank(1);
        blocks(&mut out, &a.body);
    }
    out.xml.push_str(&colophon(doc, p, g));
    // A document body must end with a paragraph; this one takes no room.
    out.xml.push_str(&para(&exact(20), ""));
    out.xml
}

/// 文件格式/纪要格式 (标志 35 mm below the 版心's top) and 命令格式 (20 mm, no separator).
fn head(out: &mut Out, doc: &Doc, p: &Prepared, mark_top: f64, order: bool) {
    let g = out.g;
    let marks = marks(doc, p);
    for (text, font) in &marks {
        out.line(&ind(0, 0, 0), &run(font, text));
    }
    let mark_top = mark_top.max(marks.len() as f64 * PITCH_MM);
    let font = issuer_font(&doc.issuer_mark, 60.0);
    // The 标志's line is a little taller than the characters, which sit on its lower part.
    let line = twips_pt(font.size * 1.15);
    out.down_to(twips_mm(mark_top) - twips_pt(font.size * 0.15));
    let ppr = format!("{NO_SNAP}{}{}{}", exact(line), ind(0, 0, 0), jc("center"));
    out.push(para(&ppr, &run(&font, &doc.issuer_mark)), line);

    let first = ((mark_top + font.size * PT_MM) / PITCH_MM).ceil() as i64 + 2;
    out.down_to(first * g.pitch);
    let number = doc.doc_number.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or("");
    let fang = Font::new(FANG, 16.0);
    let rule = if order {
        ""
    } else {
        r#"<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="1" w:color="E60012"/></w:pBdr>"#
    };
    if doc.signers.is_empty() || order {
        out.line_with(rule, &jc("center"), &run(&fang, number));
    } else {
        signer_rows(out, &doc.signers, number, rule);
    }
    // 标题 (命令: 正文) two blank lines below.
    out.blank(2);
}

/// 上行文: "签发人：" and the names (two a row, later rows under the first name) from a tab stop set so the block
/// ends one character from the right; the 文号 one character from the left on the last row.
fn signer_rows(out: &mut Out, signers: &[String], number: &str, rule: &str) {
    let g = out.g;
    let rows: Vec<&[String]> = signers.chunks(2).collect();
    let row_cells = |row: &[String]| row.iter().map(|n| cells(n)).sum::<f64>() + (row.len() as f64 - 1.0);
    let block = 4.0 + rows.iter().map(|r| row_cells(r)).fold(0.0, f64::max);
    let t1 = g.width - g.cells(1.0 + block);
    let t2 = t1 + g.cells(4.0);
    let tabs = format!(r#"<w:tabs><w:tab w:val="left" w:pos="{t1}"/><w:tab w:val="left" w:pos="{t2}"/></w:tabs>"#);
    let (fang, kai) = (Font::new(FANG, 16.0), Font::new(KAI, 16.0));
    for (i, row) in rows.iter().enumerate() {
        let last = i + 1 == rows.len();
        let mut runs = String::new();
        if last {
            runs.push_str(&run(&fang, number));
        }
        runs.push_str(tab());
        if i == 0 {
            runs.push_str(&run(&fang, "签发人："));
        } else {
            runs.push_str(tab());
        }
        runs.push_str(&run(&kai, &row.join("　")));
        let border = if last { rule } else { "" };
        out.line_with(&format!("{border}{tabs}"), &format!("{}{}", ind(g.cells(1.0), 0, 0), jc("left")), &runs);
    }
}

/// 信函格式: the 标志 and double lines are page 1's header; below them 份号/密级/紧急 on the left and the 文号 on
/// the right of the first line, then the title two lines down.
fn head_letter(out: &mut Out, doc: &Doc, p: &Prepared) {
    let g = out.g;
    let marks = marks(doc, p);
    let fang = Font::new(FANG, 16.0);
    let number = doc.doc_number.as_deref().map(str::trim).unwrap_or("");
    let tabs = format!(r#"<w:tabs><w:tab w:val="right" w:pos="{}"/></w:tabs>"#, g.width);
    let lines = marks.len().max(usize::from(!number.is_empty()));
    for i in 0..lines {
        let mut runs = marks.get(i).map(|(t, f)| run(f, t)).unwrap_or_default();
        if i == 0 && !number.is_empty() {
            runs.push_str(tab());
            runs.push_str(&run(&fang, number));
        }
        out.line_with(&tabs, &format!("{}{}", ind(0, 0, 0), jc("left")), &runs);
    }
    out.blank(2);
}

/// 标题: 2号小标宋, centred; each '\n'-separated part its own grid line. Not snapped to the grid, which would
/// give a 22 pt line two grid lines in LibreOffice.
fn title(out: &mut Out, text: &str) {
    let font = Font::new(XBS, 22.0);
    for part in text.split('\n').filter(|_| !text.is_empty()) {
        out.line_with(NO_SNAP, &format!("{}{}", ind(0, 0, 0), jc("center")), &run(&font, part));
    }
}

/// Headings 一、 （一） 1. （1） in 黑体, 楷体, 仿宋, 仿宋; every paragraph indented two characters.
fn blocks(out: &mut Out, blocks: &[Block]) {
    let first = out.g.cells(2.0);
    for b in blocks {
        if !b.rows.is_empty() {
            table(out, &b.rows);
            continue;
        }
        let font = match b.level {
            1 => HEI,
            2 => KAI,
            _ => FANG,
        };
        out.line(&ind(0, 0, first), &run(&Font::new(font, 16.0), &b.text));
    }
}

/// A body table: full width, equal columns, single black borders, 仿宋 四号 with a 黑体 header row repeated on
/// each page. Rows grow with their text, so only one grid line per row is counted toward page 1's height.
fn table(out: &mut Out, rows: &[Vec<String>]) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let cw = out.g.width / cols as i64;
    let line = r#"w:val="single" w:sz="4" w:space="0" w:color="000000""#;
    let mut xml = format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{w}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top {line}/><w:left {line}/><w:bottom {line}/><w:right {line}/><w:insideH {line}/><w:insideV {line}/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"#,
        w = cw * cols as i64,
        grid = format!(r#"<w:gridCol w:w="{cw}"/>"#).repeat(cols),
    );
    for (i, r) in rows.iter().enumerate() {
        let font = Font::new(if i == 0 { HEI } else { FANG }, 14.0);
        xml.push_str(if i == 0 { r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>"# } else { "<w:tr>" });
        for c in 0..cols {
            let text = r.get(c).map(String::as_str).unwrap_or("");
            xml.push_str(&format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="{cw}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{}</w:tc>"#,
                para(&format!("{NO_SNAP}{}{}", exact(twips_pt(20.0)), jc("center")), &run(&font, text))
            ));
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    out.push(xml, out.g.pitch * rows.len() as i64);
}

/// "附件：1.XXXX" one blank line below the body; wrapped names align with the name's first character.
fn attachment_notes(out: &mut Out, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.blank(1);
    let g = out.g;
    let fang = Font::new(FANG, 16.0);
    for (i, item) in items.iter().enumerate() {
        let number = item.chars().take_while(|c| c.is_ascii_digit() || *c == '.').count();
        let num_cells = cells(&item.chars().take(number).collect::<String>());
        let left = g.cells(5.0 + num_cells);
        let (text, hanging) = if i == 0 {
            (format!("附件：{item}"), g.cells(3.0 + num_cells))
        } else {
            (item.clone(), g.cells(num_cells))
        };
        out.line(&ind(left, 0, -hanging), &run(&fang, &text));
    }
}

/// 纪要: 出席/请假/列席 in 黑体, names in 仿宋 aligned after the colon.
fn attendance(out: &mut Out, doc: &Doc) {
    let Some(m) = &doc.minutes else { return };
    let rows: Vec<(&str, String)> = [("出席：", &m.present), ("请假：", &m.on_leave), ("列席：", &m.attending)]
        .into_iter()
        .filter(|(_, names)| !names.is_empty())
        .map(|(label, names)| (label, names.join("、")))
        .collect();
    if rows.is_empty() {
        return;
    }
    out.blank(1);
    let g = out.g;
    for (label, names) in rows {
        let runs = format!("{}{}", run(&Font::new(HEI, 16.0), label), run(&Font::new(FANG, 16.0), &names));
        out.line(&ind(g.cells(5.0), 0, -g.cells(3.0)), &runs);
    }
}

fn right_line(out: &mut Out, text: &str, right_cells: f64) {
    let right = out.g.cells(right_cells.max(0.0));
    out.line(&format!("{}{}", ind(0, right, 0), jc("right")), &run(&Font::new(FANG, 16.0), text));
}

/// Sealed (7.3.5.1): two blank lines for the seal, the date 4 characters from the right, the signature centred
/// on it.
fn sealed_signature(out: &mut Out, doc: &Doc) {
    if doc.signature.is_empty() && doc.dated.is_empty() {
        return;
    }
    out.blank(2);
    let (sw, dw) = (cells(&doc.signature), cells(&doc.dated));
    if !doc.signature.is_empty() {
        right_line(out, &doc.signature, 4.0 + (dw - sw) / 2.0);
    }
    if !doc.dated.is_empty() {
        right_line(out, &doc.dated, 4.0);
    }
}

/// Unsealed (7.3.5.2): the signature 2 characters from the right, the date below starting 2 characters further.
fn unsealed_signature(out: &mut Out, doc: &Doc) {
    if doc.signature.is_empty() && doc.dated.is_empty() {
        return;
    }
    out.blank(1);
    let (sw, dw) = (cells(&doc.signature), cells(&doc.dated));
    let w = sw.max(2.0 + dw);
    if !doc.signature.is_empty() {
        right_line(out, &doc.signature, 2.0 + w - sw);
    }
    if !doc.dated.is_empty() {
        right_line(out, &doc.dated, w - dw);
    }
}

/// 命令 (7.3.5.4): post and name two lines below, 4 characters from the right; the date one blank line below.
fn order_signature(out: &mut Out, doc: &Doc) {
    if !doc.signature.is_empty() {
        out.blank(2);
        right_line(out, &doc.signature, 4.0);
    }
    if !doc.dated.is_empty() {
        out.blank(1);
        right_line(out, &doc.dated, 4.0);
    }
}

/// 版记 as a table floated to the bottom of the 版心 on the page where the text ends: 0.35 mm rules first and
/// last, 0.25 mm between 抄送 and 印发; 4号仿宋 one character in, each line one grid line (rows of exact height).
/// 信函: 抄送 only, no rules. The float is placed by its height from the page's top, which Word honours.
fn colophon(doc: &Doc, p: &Prepared, g: &Geometry) -> String {
    let letter = doc.variant == Variant::Letter;
    if letter && p.cc.is_empty() {
        return String::new();
    }
    let font = Font::new(FANG, 14.0);
    let one = twips_pt(14.0);
    let w = g.width;
    let row = |lines: i64, content: &str| {
        format!(
            r#"<w:tr><w:trPr><w:trHeight w:val="{}" w:hRule="exact"/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{content}</w:tc></w:tr>"#,
            g.pitch * lines
        )
    };
    let mut rows = String::new();
    let mut lines = 0;
    if !p.cc.is_empty() {
        let text = format!("抄送：{}", p.cc);
        let cc_lines = colophon_lines(&text, (w - 2 * one) as f64 / one as f64);
        let ppr = format!("{NO_SNAP}{}{}{}", exact(g.pitch), ind(3 * one, 0, -3 * one), jc("left"));
        rows.push_str(&row(cc_lines, &para(&ppr, &run(&font, &text))));
        lines += cc_lines;
    }
    if !letter {
        let tabs = format!(r#"<w:tabs><w:tab w:val="right" w:pos="{}"/></w:tabs>"#, w - 2 * one);
        let runs = format!("{}{}{}", run(&font, &doc.printer), tab(), run(&font, &p.print_date));
        let ppr = format!("{tabs}{NO_SNAP}{}{}{}", exact(g.pitch), ind(0, 0, 0), jc("left"));
        rows.push_str(&row(1, &para(&ppr, &runs)));
        lines += 1;
    }
    let borders = if letter {
        String::new()
    } else {
        r#"<w:tblBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:tblBorders>"#.to_string()
    };
    format!(
        r#"<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="{gap}" w:vertAnchor="page" w:horzAnchor="margin" w:tblpY="{y}"/><w:tblW w:w="{w}" w:type="dxa"/>{borders}<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{one}" w:type="dxa"/><w:right w:w="{one}" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="{w}"/></w:tblGrid>{rows}</w:tbl>"#,
        gap = g.pitch,
        y = twips_mm(37.0 + 225.0) - lines * g.pitch,
    )
}

/// Lines the 抄送 paragraph takes at `per_line` 4号 characters a line, wrapped lines starting after "抄送：".
fn colophon_lines(text: &str, per_line: f64) -> i64 {
    let rest = (cells(text) - per_line.floor()).max(0.0);
    1 + (rest / (per_line.floor() - 3.0).max(1.0)).ceil() as i64
}

/// 归档章 (DA/T 22-2015): 3 × 2 cells of 15 × 8 mm in red, floated to page 1's top right above the 版心.
fn archive_stamp(s: &ArchiveStamp) -> String {
    let font = Font::new(FANG, 9.0).red();
    let (cw, rh) = (twips_mm(15.0), twips_mm(8.0));
    let cell = |v: &str| {
        format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="{cw}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>{}</w:tc>"#,
            para(&format!("{}{}", exact(twips_pt(11.0)), jc("center")), &run(&font, v))
        )
    };
    let row = |a: &str, b: &str, c: &str| {
        format!(
            r#"<w:tr><w:trPr><w:trHeight w:val="{rh}" w:hRule="exact"/></w:trPr>{}{}{}</w:tr>"#,
            cell(a),
            cell(b),
            cell(c)
        )
    };
    let line = format!(r#"w:val="single" w:sz="6" w:space="0" w:color="{RED}""#);
    format!(
        r#"<w:tbl><w:tblPr><w:tblpPr w:vertAnchor="page" w:horzAnchor="margin" w:tblpXSpec="right" w:tblpY="{y}"/><w:tblW w:w="{tw}" w:type="dxa"/><w:tblBorders><w:top {line}/><w:left {line}/><w:bottom {line}/><w:right {line}/><w:insideH {line}/><w:insideV {line}/></w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid><w:gridCol w:w="{cw}"/><w:gridCol w:w="{cw}"/><w:gridCol w:w="{cw}"/></w:tblGrid>{r1}{r2}</w:tbl>"#,
        y = twips_mm(18.0),
        tw = 3 * cw,
        r1 = row(&s.fonds, &s.year, &s.item_no),
        r2 = row(&s.organ, &s.retention, &s.pages),
    )
}
