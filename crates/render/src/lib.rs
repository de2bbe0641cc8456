//! GB/T 9704-2012 layout of a 公文, to PDF (typst as a library) and to .docx.
//!
//! ```no_run
//! # fn main() -> Result<(), zs_render::RenderError> {
//! let renderer = zs_render::Renderer::new()?; // once per process; share it behind an Arc
//! let doc = zs_render::Doc { issuer_mark: "青禾县人民政府文件".into(), title: "关于……的通知".into(), ..Default::default() };
//! let pdf = renderer.pdf(&doc)?; // pdf.bytes, pdf.pages, pdf.page_facts
//! let docx = zs_render::docx(&doc)?;
//! # Ok(()) }
//! ```
//!
//! This crate knows nothing of the rest of 中枢: the app maps its documents onto [`Doc`].
//!
//! # How the PDF is made
//! A fixed typst template (`src/gbt9704.typ`) reads the document as JSON data (`/doc.json`), so no user text is
//! ever parsed as markup. Fonts are read once per [`Renderer`]; typst's memo cache keeps the template, fonts and
//! unchanged text warm between renders and is aged every few renders so it stays bounded.
//!
//! # Layout facts (GB/T 9704-2012) and the choices made where the standard leaves them open
//! - **Page and grid.** A4; 天头 37 mm, 订口 28 mm on every page (no mirrored margins, as Word templates do);
//!   版心 156 × 225 mm. Every line box is one pitch of 225/22 mm, whatever its font size, so body text keeps
//!   22 lines a page; the first line's 16 pt em box (0.88 em above the baseline to 0.12 em below, which is
//!   what poppler reports as the glyph box for these fonts) starts at the 版心's top. Characters take one cell
//!   of 156/28 mm each; full-width punctuation is held to one cell (typst would otherwise squeeze it and fit
//!   a 29th character) and keeps line-start/line-end rules (禁则). No widow/orphan control: a page holds 22
//!   lines.
//! - **Fonts.** 仿宋 = FandolFang, 宋体 = FandolSong, 黑体 = FandolHei, 楷体 = FandolKai, 小标宋 = FandolSong Bold
//!   (all from Debian's texlive-lang-chinese, extracted by `scripts/setup` into /usr/local/share/fonts/zhongshu),
//!   each backed by Noto Serif/Sans CJK SC (fonts-noto-cjk) for characters beyond GB 2312. Half-width digits
//!   and Latin come from the same fonts.
//! - **Red** is #E60012 (RGB 230/0/18), the strong red widely used for 红头 in 公文 templates; the standard names
//!   no value.
//!   The separator under the 文号 is 0.5 mm, 4 mm below the 文号's em box.
//! - **发文机关标志**: red 小标宋 up to 60 pt (信函 42 pt), narrowed to 75 % at most and then made smaller so it
//!   never exceeds the 版心's width. Its ink top is 35 mm below the 版心's top (命令 20 mm, 信函 30 mm from the
//!   page top); for 命令 it moves lower if three 份号/密级/紧急 lines would meet it. The 文号 (命令: 令号) takes the
//!   first grid line wholly below the 标志 plus two blank lines; the title comes two blank lines below the
//!   separator, the 主送 one blank line below the title (a blank line also when there is no 主送).
//! - **上行文**: 文号 one character from the left, "签发人：" + names (楷体) one character from the right, two
//!   names a row, later rows under the first name, the 文号 on the last row.
//! - **署名 and 日期**: laid out for a sealed document (7.3.5.1): two blank lines left for the seal, the date four
//!   characters from the right, the 署名 centred on the date. 纪要 uses the unsealed rule (7.3.5.2: one blank
//!   line, 署名 two characters from the right, the date two characters further right); 命令 the signed-order
//!   rule (7.3.5.4). 附注 on the next line, two characters in, parenthesised if it is not already.
//! - **附件说明**: one blank line below the body; numbers "1." are added when there are several items; wrapped
//!   names align with the first character of the name. **附件** start on a new page: label (黑体) on line 1,
//!   title (2号小标宋) on line 3, text from line 5.
//! - **版记** at the bottom of the page where the text ends, or alone on the next page if it does not fit (that
//!   page is not numbered). 0.35 mm rules first and last, 0.25 mm between 抄送 and 印发; 4号仿宋 one 4号
//!   character in from both sides; each row one grid line; the last rule on the 版心's bottom edge. 抄送 ends
//!   with "。"; the 印发日期 is given as a date and "印发" is appended. 信函: 抄送 only, no rules.
//! - **页码** "— N —" (half-width spaces), 4号 FandolSong, its centre line 7 mm below the 版心 (read as: the
//!   一字线 is 7 mm below); odd pages right, even pages left, one 4号 character in. None on a 版记-only page,
//!   none on page 1 of a 信函. Attachments continue the numbering.
//! - **信函**: 标志 30 mm from the page top; 170 mm red double lines centred on the page, thick (0.8 mm) over
//!   thin (0.3 mm) 4 mm below the 标志 and thin over thick 20 mm above the page's bottom edge; 份号/密级/紧急 on
//!   the left and the 文号 on the right, 7/8 of a 3号 character below the line; the title two lines below them.
//! - **命令**: "XX令" 标志, 令号 centred, no separator, no title (the `title` field is not printed).
//! - **纪要**: 纪要标志 as 文件格式 (35 mm), 期号 in `doc_number`, 出席/请假/列席 one blank line below the text,
//!   labels 黑体, names aligned after the colon.
//! - **简报 (信息刊物)**: not a 公文 format of the standard; laid out in its spirit: red 刊头 25 mm below the 版心's
//!   top, 期号 centred one blank line below, 编印单位 (`printer`) left and date (`dated`) right on the next line, the
//!   red separator under them; no 署名 after the text (the date is in the head); 版记 with "报送：" and 印发.
//! - **草稿**: a large grey diagonal "草稿" behind every page of a draft.
//! - **归档章** (DA/T 22-2015): 3 × 2 red cells of 15 × 8 mm at page 1's top right, 3 mm above the 版心:
//!   全宗号 年度 件号 / 机构 保管期限 页数.
//!
//! The .docx follows the same rules as far as Word lets a file fix them; see [`docx`].

mod data;
mod docx;
mod error;
mod fonts;
mod model;
mod pdf;
mod table;
mod world;

pub use docx::docx;
pub use error::RenderError;
pub use model::{ArchiveStamp, Attachment, Block, Doc, MinutesMeta, PageFacts, Rendered, Variant};
pub use pdf::Renderer;
pub use table::TableDoc;
