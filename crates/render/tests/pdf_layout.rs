//! The PDF measured as printed: page size, 版心, line grid, page numbers, marks and variants.

#[path = "common/measure.rs"]
mod measure;
#[path = "common/sample.rs"]
mod sample;

use std::sync::LazyLock;

use measure::{close, pages, Page, CELL, PITCH};
use zs_render::{ArchiveStamp, Block, Doc, RenderError, Renderer, Variant};

static RENDERER: LazyLock<Renderer> = LazyLock::new(|| Renderer::new().expect("fonts: run bash scripts/setup"));

const LEFT: f64 = 28.0;
const TOP: f64 = 37.0;
const RIGHT: f64 = LEFT + 156.0;
const BOTTOM: f64 = TOP + 225.0;

fn render(doc: &Doc) -> (zs_render::Rendered, Vec<Page>) {
    let out = RENDERER.pdf(doc).expect("render");
    let pages = pages(&out.bytes);
    assert_eq!(pages.len() as u32, out.pages, "pdftotext sees the pages the renderer reports");
    (out, pages)
}

/// Punctuation-dense text: where typst on its own would squeeze marks to fit a 29th character.
const DENSE: &str = "坚持“三个务必”，做到“两个维护”；增强“四个意识”、坚定“四个自信”，推进“放管服”改革，\
落实《条例》（试行）。“件件有着落”“事事有回音”，是办公室的“铁规矩”！（一）、（二）、（三）均已部署。";

/// A body long enough that page 2 is all running text.
fn long_body() -> Doc {
    let mut doc = sample::short(Variant::Standard);
    doc.body = (0..12).map(|i| Block::para(if i % 2 == 0 { sample::PARA } else { DENSE })).collect();
    doc
}

#[test]
fn pages_are_a4() {
    let (_, pages) = render(&sample::notice());
    for (i, p) in pages.iter().enumerate() {
        assert!(
            close(p.width, 210.0, 0.5) && close(p.height, 297.0, 0.5),
            "page {} is {}×{} mm",
            i + 1,
            p.width,
            p.height
        );
    }
}

#[test]
fn full_body_page_has_22_lines_of_28_characters_on_the_grid() {
    let (_, pages) = render(&long_body());
    let page = &pages[1];
    let body: Vec<_> = page.lines.iter().filter(|l| l.y1 <= BOTTOM + 0.5).collect();
    assert_eq!(body.len(), 22, "lines on a full page:\n{}", page.text());

    // The first line's em box is the 版心's top edge; lines follow at the pitch.
    assert!(close(body[0].y0, TOP, 1.0), "first line top at {:.2} mm", body[0].y0);
    for pair in body.windows(2) {
        assert!(close(pair[1].y0 - pair[0].y0, PITCH, 0.1), "pitch {:.3} mm", pair[1].y0 - pair[0].y0);
    }
    assert!(body[21].y1 <= BOTTOM, "the 22nd line ends inside the 版心");

    // Every line but a paragraph's last holds 28 cells (two of them the indent of a paragraph's first line),
    // never 29: punctuation is not squeezed. The one exception is 禁则: a character that must carry its closing
    // marks to the next line (no line starts with "，" or "”") leaves its line short, stretched to the edge.
    const CLOSING: &str = "，。、：；？！）》〕」』】〉”’";
    let mut carried = 0;
    for (i, line) in body.iter().enumerate() {
        let indented = close(line.x0, LEFT + 2.0 * CELL, 1.0);
        assert!(indented || close(line.x0, LEFT, 1.0), "line {} starts at {:.2} mm", i + 1, line.x0);
        let cells = line.cells() + if indented { 2.0 } else { 0.0 };
        let next = body.get(i + 1);
        let ends_paragraph = next.is_some_and(|n| close(n.x0, LEFT + 2.0 * CELL, 1.0));
        let carries = next.is_some_and(|n| n.compact().chars().nth(1).is_some_and(|c| CLOSING.contains(c)));
        if ends_paragraph {
            assert!(cells <= 28.0, "line {} has {cells} cells: {}", i + 1, line.text);
        } else if carries && cells < 28.0 {
            carried += 1;
            assert!(cells >= 25.0, "line {} short by more than a carried pair: {}", i + 1, line.text);
            assert!(close(line.x1, RIGHT, 1.0), "line {} is justified to the edge: {:.2} mm", i + 1, line.x1);
        } else {
            assert_eq!(cells, 28.0, "line {}: {}", i + 1, line.text);
            assert!(close(line.x1, RIGHT, 1.0), "line {} ends at {:.2} mm", i + 1, line.x1);
        }
    }
    assert!(carried <= 3, "{carried} short lines: 禁则 should be rare");
}

#[test]
fn page_numbers_read_dash_n_dash_alternate_sides_7mm_below_the_text() {
    let (out, pages) = render(&sample::notice());
    assert!(out.pages >= 5, "a 3-page notice with two attachment pages, got {} pages", out.pages);
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let fact = &out.page_facts[i];
        assert_eq!(fact.page as usize, n);
        let Some(line) = page.find(&format!("—{n}—")) else {
            assert!(fact.number.is_none(), "page {n} should be numbered");
            continue;
        };
        assert_eq!(fact.number.as_deref(), Some(format!("— {n} —").as_str()));
        assert_eq!(line.text, format!("— {n} —"), "half-width spaces around the number");
        // 4号 = 14 pt; "空一字" is one 4号 character.
        let one = 14.0 * measure::PT;
        if n % 2 == 1 {
            assert!(close(line.x1, RIGHT - one, 1.0), "odd page {n}: number ends at {:.2} mm", line.x1);
        } else {
            assert!(close(line.x0, LEFT + one, 1.0), "even page {n}: number starts at {:.2} mm", line.x0);
        }
        // The dash is on the box's centre line (within FandolSong's 0.4 mm ascent/descent skew).
        assert!(close(line.centre_y(), BOTTOM + 7.0, 1.0), "page {n}: number centre at {:.2} mm", line.centre_y());
    }
    assert!(out.page_facts.iter().take(out.pages as usize).all(|f| f.number.is_some()), "{:?}", out.page_facts);
}

#[test]
fn colophon_sits_on_the_last_page_bottom_or_alone_without_a_number() {
    // On the last page when it fits: its last rule on the 版心's bottom, the 印发 line just above.
    let (out, pages) = render(&sample::short(Variant::Standard));
    let last = pages.last().expect("a page");
    let printed = last.find_row("青禾县人民政府办公室2026年11月22日印发").expect("印发 line on the last page");
    assert!(
        printed.y1 <= BOTTOM && printed.y0 >= BOTTOM - PITCH,
        "印发 line at {:.1}–{:.1} mm",
        printed.y0,
        printed.y1
    );
    // 4号 characters, one character in from both sides.
    let one = 14.0 * measure::PT;
    assert!(close(printed.x0, LEFT + one, 1.0) && close(printed.x1, RIGHT - one, 1.0), "{printed:?}");
    let cc =
        last.find_row("抄送：县委各部门，县人大常委会办公室").unwrap_or_else(|| panic!("抄送 line:\n{}", last.text()));
    let wrapped = last.find_row("县检察院。").expect("抄送 wraps to a second line");
    assert!(
        close(printed.y0 - wrapped.y0, PITCH, 0.5) && close(wrapped.y0 - cc.y0, PITCH, 0.5),
        "抄送 rows on the grid"
    );
    assert!(close(cc.x0, LEFT + one, 1.0), "抄送 one character in");
    assert!(close(wrapped.x0, LEFT + 4.0 * one, 1.0), "wrapped 抄送 aligned after the colon: {:.2}", wrapped.x0);
    assert!(out.page_facts.last().is_some_and(|f| f.colophon && f.has_text && f.number.is_some()));

    // Grow the body until the 版记 no longer fits under the text: it then takes a page of its own, unnumbered.
    let mut doc = sample::short(Variant::Standard);
    (doc.signature, doc.dated, doc.note) = (String::new(), String::new(), None);
    let alone = (0..40)
        .find_map(|_| {
            doc.body.push(Block::para("一二三四五六七八九十一二三四五六七八九十一二三四。"));
            let out = RENDERER.pdf(&doc).expect("render");
            let f = out.page_facts.last()?;
            (f.colophon && !f.has_text).then_some(out)
        })
        .expect("some body length leaves the 版记 alone on its page");
    let pages = measure::pages(&alone.bytes);
    let last = pages.last().expect("a page");
    let n = pages.len();
    assert!(last.find("抄送：").is_some(), "the 版记 is on the last page");
    assert!(last.find(&format!("—{n}—")).is_none(), "no number on a 版记-only page:\n{}", last.text());
    assert!(pages[n - 2].find(&format!("—{}—", n - 1)).is_some(), "the page before is numbered");
}

#[test]
fn draft_mark_on_every_page_of_drafts_only() {
    // The mark is drawn diagonally, so poppler reads its two characters apart, each in a box taller than 20 mm.
    let has_mark =
        |p: &Page| ["草", "稿"].iter().all(|c| p.lines.iter().any(|l| l.compact() == *c && l.y1 - l.y0 > 20.0));
    let mut doc = sample::notice();
    let (_, plain) = render(&doc);
    assert!(plain.iter().all(|p| !has_mark(p)));
    doc.draft = true;
    let (_, draft) = render(&doc);
    for (i, p) in draft.iter().enumerate() {
        assert!(has_mark(p), "page {} of a draft lacks the mark", i + 1);
    }
}

#[test]
fn head_of_a_standard_document() {
    let (_, pages) = render(&sample::notice());
    let p = &pages[0];
    // 份号, 密级, 紧急程度 on lines 1–3 at the left edge.
    for (i, text) in ["000012", "工作秘密", "特急"].iter().enumerate() {
        let line = p.find(text).unwrap_or_else(|| panic!("{text} on page 1"));
        assert!(close(line.x0, LEFT, 1.0) && close(line.y0, TOP + i as f64 * PITCH, 1.0), "{text} at {line:?}");
    }
    let mark = p.find("青禾县人民政府文件").expect("发文机关标志");
    assert!(mark.y0 > TOP + 30.0 && mark.y0 < TOP + 40.0, "标志 near 35 mm below the 版心 top: {:.1}", mark.y0);
    let number = p.find("青政发〔2026〕12号").expect("文号");
    assert!(close((number.x0 + number.x1) / 2.0, LEFT + 78.0, 1.0), "文号 centred: {number:?}");
    let title = p.find("青禾县人民政府关于进一步优化营商环境").expect("title");
    assert!(close(title.y0 - number.y0, 3.0 * PITCH, 2.5), "title two blank lines below the separator");
    assert!(p.find("激发市场主体活力的通知").is_some(), "the title breaks where asked");
    assert!(
        p.find("各乡镇人民政府，县政府各部门：").is_some_and(|l| close(l.x0, LEFT, 1.0)),
        "主送 flush left with a colon"
    );
}

#[test]
fn signature_centred_on_the_date_and_archive_stamp_above_the_text() {
    let mut doc = sample::short(Variant::Standard);
    doc.stamp = Some(ArchiveStamp {
        fonds: "Z109".into(),
        year: "2026".into(),
        item_no: "0001".into(),
        organ: "办公室".into(),
        retention: "永久".into(),
        pages: "2".into(),
    });
    let (_, pages) = render(&doc);
    let (date, signature) = pages
        .iter()
        .find_map(|p| Some((p.lines.iter().find(|l| l.compact() == "2026年11月22日")?, p.find("青禾县人民政府")?)))
        .expect("署名 and 成文日期 on one page");
    assert!(close(date.x1, RIGHT - 4.0 * CELL, 1.0), "date four characters from the right: {:.2}", date.x1);
    assert!(close(signature.y0, date.y0 - PITCH, 0.5), "署名 on the line above the date");
    assert!(close((signature.x0 + signature.x1) / 2.0, (date.x0 + date.x1) / 2.0, 1.0), "署名 centred on the date");

    let stamp = pages[0].find_row("Z109").expect("归档章 on page 1");
    assert!(stamp.compact().contains("Z10920260001"), "{stamp:?}");
    let lower = pages[0].find_row("办公室永久").expect("second row of the 归档章");
    assert!(lower.y1 < TOP && stamp.y0 > TOP - 20.0, "above the 版心: {stamp:?} {lower:?}");
    assert!(stamp.x1 <= RIGHT && stamp.x0 >= RIGHT - 45.0, "at the top right: {stamp:?}");
}

#[test]
fn upward_document_puts_signers_on_the_number_line() {
    let mut doc = sample::short(Variant::Standard);
    doc.signers = vec!["张三".into()];
    let (_, pages) = render(&doc);
    let line = pages[0].find_row("青政发〔2026〕12号").expect("文号");
    assert!(line.compact().contains("签发人：张三"), "签发人 on the 文号's line: {}", line.text);
    assert!(close(line.x0, LEFT + CELL, 1.0), "文号 one character in from the left: {:.2}", line.x0);
    assert!(close(line.x1, RIGHT - CELL, 1.0), "签发人 one character in from the right: {:.2}", line.x1);

    // Several signers: two a row, the 文号 on the last row.
    doc.signers = vec!["张三".into(), "李四".into(), "王五".into()];
    let (_, pages) = render(&doc);
    let first = pages[0].find_row("签发人：").expect("签发人 row");
    let last = pages[0].find_row("青政发〔2026〕12号").expect("文号");
    assert!(first.compact().contains("签发人：张三李四"), "two names a row: {first:?}");
    assert!(last.compact().contains("王五"), "文号 beside the last signer: {}", last.text);
    assert!(close(last.y0 - first.y0, PITCH, 0.5));
}

#[test]
fn letter_has_its_head_and_no_number_on_page_one() {
    let mut doc = long_body();
    doc.variant = Variant::Letter;
    doc.issuer_mark = "青禾县人民政府办公室".into();
    let (out, pages) = render(&doc);
    assert!(pages.len() >= 2);
    let mark = pages[0].find("青禾县人民政府办公室").expect("标志");
    assert!(mark.y0 > 25.0 && mark.y0 < 35.0, "letter 标志 near 30 mm from the page top: {:.1}", mark.y0);
    assert!(pages[0].find("—1—").is_none() && out.page_facts[0].number.is_none());
    assert!(pages[1].find("—2—").is_some());
    assert!(pages.last().is_some_and(|p| p.find("印发").is_none()), "a letter's 版记 has no 印发 line");
}

#[test]
fn order_and_minutes_variants() {
    let (_, order) = render(&sample::short(Variant::Order));
    let p = &order[0];
    assert!(p.find("青禾县人民政府令").is_some());
    let number = p.find("第3号").expect("令号");
    assert!(close((number.x0 + number.x1) / 2.0, LEFT + 78.0, 1.0), "令号 centred");
    assert!(p.find("进一步优化营商环境").is_none(), "an order prints no title");
    let signer = order.iter().find_map(|p| p.find("县长")).expect("the signer's post and name");
    assert!(signer.compact().contains("县长李四") && close(signer.x1, RIGHT - 4.0 * CELL, 1.0), "{signer:?}");

    let (_, minutes) = render(&sample::short(Variant::Minutes));
    let text = minutes.iter().map(Page::text).collect::<String>();
    for expected in
        ["青禾县人民政府常务会议纪要", "出席：李四、王五、赵六", "请假：钱七", "列席：县发展改革局孙八、县财政局周九"]
    {
        assert!(text.contains(expected), "minutes lack {expected}:\n{text}");
    }
    let present = minutes.iter().find_map(|p| p.find("出席：")).expect("出席 line");
    assert!(close(present.x0, LEFT + 2.0 * CELL, 1.0), "出席 two characters in");
}

#[test]
fn user_text_is_never_markup() {
    let mut doc = sample::short(Variant::Standard);
    let hostile = r#"#set page(paper: "a5") ]#[ $x$ \ <zs-page> @ref *粗* _斜_ `raw` = 标题 // 注释 /* x */"#;
    doc.body = vec![Block::para(hostile)];
    doc.title = "#pagebreak()".into();
    let (_, pages) = render(&doc);
    assert!(close(pages[0].width, 210.0, 0.5), "still A4");
    let text: String =
        pages.iter().map(Page::text).collect::<String>().chars().filter(|c| !c.is_whitespace()).collect();
    let want: String = hostile.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains(&want), "printed literally:\n{text}");
    assert!(text.contains("#pagebreak()"));
}

#[test]
fn common_characters_have_glyphs() {
    let text = "〔〕—★…“”‘’《》〈〉（）、，。；：？！·％～①②③０１２３ABCabc0123456789\
                 〇一二三四五六七八九十百千万亿年月日号令函纪要镕堃昇珺喆";
    assert_eq!(RENDERER.uncovered(text), Vec::<char>::new());
    assert_eq!(RENDERER.uncovered("\u{10FFFF}"), vec!['\u{10FFFF}'], "a missing glyph is reported");
}

#[test]
fn an_empty_document_still_renders() {
    let (out, pages) = render(&Doc::default());
    assert_eq!(out.pages, 1);
    assert!(close(pages[0].width, 210.0, 0.5));
    assert_eq!(out.page_facts.len(), 1);
}

#[test]
fn bad_copy_number_is_refused_in_chinese() {
    let mut doc = sample::short(Variant::Standard);
    doc.copy_no = Some("12a".into());
    match RENDERER.pdf(&doc) {
        Err(RenderError::Invalid(msg)) => assert!(msg.contains("份号"), "{msg}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn renderer_is_shareable() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Renderer>();
}

#[test]
fn journal_variant_has_its_head_and_no_signature() {
    let (out, pages) = render(&sample::short(Variant::Journal));
    let p = &pages[0];
    let mark = p.find("青禾政务信息").expect("刊头");
    let number = p.find("2026年第12期").expect("期号");
    assert!(number.y0 > mark.y1, "期号 below the 刊头");
    assert!(close((number.x0 + number.x1) / 2.0, LEFT + 78.0, 1.0), "期号 centred");
    let editor = p.find("青禾县人民政府办公室编").expect("编印单位");
    let date = p.find("2026年11月23日").expect("date");
    assert!(close(editor.y0, date.y0, 0.5) && editor.y0 > number.y1, "编印单位 and date share the line under the 期号");
    assert!(
        close(editor.x0, LEFT + CELL, 1.0) && close(date.x1, RIGHT - CELL, 1.0),
        "one character in from both sides"
    );
    let text = pages.iter().map(Page::text).collect::<String>();
    assert!(text.contains("报送："), "the 版记 lists who it is sent to:\n{text}");
    assert!(!text.contains("抄送："));
    assert!(out.page_facts.iter().any(|f| f.colophon));
}

#[test]
fn body_table_prints_every_cell_inside_the_text_block() {
    let mut doc = sample::short(Variant::Standard);
    let rows = vec![
        vec!["单位".to_string(), "交办".into(), "逾期".into()],
        vec!["青禾镇".into(), "12".into(), "3".into()],
        vec!["白水镇".into(), "7".into()],
    ];
    doc.body = vec![Block::heading(1, "一、逾期事项"), Block::table(rows), Block::para("请各单位抓紧办理。")];
    let (_, pages) = render(&doc);
    let text: String = pages[0].text().chars().filter(|c| !c.is_whitespace()).collect();
    for cell in ["单位", "交办", "逾期", "青禾镇", "白水镇", "请各单位抓紧办理。"] {
        assert!(text.contains(cell), "cell {cell} printed:\n{text}");
    }
    let row = pages[0].find_row("青禾镇").expect("a row with 青禾镇");
    assert!(row.x0 >= LEFT - 0.5 && row.x1 <= RIGHT + 0.5, "row inside the 版心: {} – {} mm", row.x0, row.x1);
    let after = pages[0].find("请各单位抓紧办理").expect("paragraph after the table");
    assert!(after.centre_y() > row.centre_y(), "text continues below the table");
}
