//! The document as this crate sees it: the GB/T 9704 elements, already worded and formatted by the caller.

/// Which of the standard's formats lays the document out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Variant {
    /// 文件格式: red 发文机关标志 35 mm below the 版心's top, 文号, red separator, 版记.
    #[default]
    Standard,
    /// 信函格式: 标志 30 mm from the page top, double red lines, no 页码 on page 1, 版记 with 抄送 only.
    Letter,
    /// 命令格式: "XX令" 标志 20 mm below the 版心's top, 令号 (in `doc_number`), no title or separator.
    Order,
    /// 纪要格式: 纪要标志 and the 出席/请假/列席 lines after the body.
    Minutes,
    /// 简报 (信息刊物) 格式: the red 刊头 (`issuer_mark`), the 期号 (`doc_number`) under it, the 编印单位 (`printer`)
    /// on the left and the date (`dated`) on the right above the red separator; no 署名 after the text; 版记 with
    /// 报送 (`cc`) and 印发.
    Journal,
}

/// One paragraph or table of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 0 = paragraph; 1..=4 = headings 一、 （一） 1. （1）, set in 黑体, 楷体, 仿宋, 仿宋. The text carries its own
    /// number; none is added.
    pub level: u8,
    pub text: String,
    /// A table's rows, header first (a 督查通报's list of units, say); empty for a paragraph.
    pub rows: Vec<Vec<String>>,
}

impl Block {
    pub fn para(text: impl Into<String>) -> Self {
        Block { level: 0, text: text.into(), rows: Vec::new() }
    }

    pub fn heading(level: u8, text: impl Into<String>) -> Self {
        Block { level, text: text.into(), rows: Vec::new() }
    }

    pub fn table(rows: Vec<Vec<String>>) -> Self {
        Block { level: 0, text: String::new(), rows }
    }
}

/// An attachment (附件), laid out from a new page after the main text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attachment {
    /// "附件1", or "附件" when there is only one.
    pub label: String,
    pub title: String,
    pub body: Vec<Block>,
}

/// 纪要: who attended (出席), who was excused (请假), who sat in (列席).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MinutesMeta {
    pub present: Vec<String>,
    pub on_leave: Vec<String>,
    pub attending: Vec<String>,
}

/// 归档章 (DA/T 22-2015): two rows of three cells, printed at the top right of page 1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ArchiveStamp {
    /// 全宗号, e.g. "Z109".
    pub fonds: String,
    pub year: String,
    /// 件号, e.g. "0001".
    pub item_no: String,
    /// 机构（问题）, e.g. "办公室".
    pub organ: String,
    /// 保管期限 as printed: "永久", "30年", "10年".
    pub retention: String,
    pub pages: String,
}

/// A 公文 ready to lay out. Every string is printed as given (no markup is interpreted), except where a field's
/// documentation says otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    pub variant: Variant,
    /// 份号: one to six digits, printed zero-padded to six.
    pub copy_no: Option<String>,
    /// 密级和保密期限 as printed, e.g. "机密★5年", "内部", "工作秘密"; `None` = 非密, nothing printed.
    pub classification: Option<String>,
    /// 紧急程度: "特急" or "加急".
    pub urgency: Option<String>,
    /// 发文机关标志, e.g. "青禾县人民政府文件" (纪要: "青禾县人民政府常务会议纪要"; 命令: "青禾县人民政府令").
    pub issuer_mark: String,
    /// 发文字号, e.g. "青政发〔2026〕12号"; the 令号 ("第3号") for orders; the 期号 for minutes.
    pub doc_number: Option<String>,
    /// 签发人. Non-empty means 上行文: 文号 on the left, 签发人 on the right of the same line.
    pub signers: Vec<String>,
    /// 标题; a '\n' breaks the line where the drafter wants it. Not printed in the 命令 format.
    pub title: String,
    /// 主送机关; a full-width colon is added unless the text already ends with one. May be empty.
    pub to: String,
    pub body: Vec<Block>,
    /// 附件说明 items, just the names: "1." numbers are added when there are two or more (an item that already
    /// starts with its number keeps it).
    pub attachment_notes: Vec<String>,
    /// 发文机关署名 (命令: the signer's post and name, e.g. "县长　李四").
    pub signature: String,
    /// 成文日期, formatted: "2026年11月22日".
    pub dated: String,
    /// 附注, e.g. "（联系人：张三，电话：1234567）"; parentheses are added if missing.
    pub note: Option<String>,
    pub attachments: Vec<Attachment>,
    /// 抄送机关; joined with "，" and closed with "。".
    pub cc: Vec<String>,
    /// 印发机关.
    pub printer: String,
    /// 印发日期, just the date ("2026年11月22日"); "印发" is appended unless already there.
    pub print_date: String,
    /// Unsigned draft: a 草稿 mark on every page.
    pub draft: bool,
    pub minutes: Option<MinutesMeta>,
    pub stamp: Option<ArchiveStamp>,
}

/// What one page of a rendered PDF holds, as laid out (for callers and tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFacts {
    /// 1-based physical page.
    pub page: u32,
    /// The page number printed on it ("— 3 —"), if any.
    pub number: Option<String>,
    /// Whether the page number sits on the right (odd pages); meaningless without a number.
    pub number_right: bool,
    /// Whether the page carries 主体 or 附件 text (false for a 版记-only page).
    pub has_text: bool,
    /// Whether the 版记 is on this page.
    pub colophon: bool,
}

/// A rendered PDF.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: u32,
    pub page_facts: Vec<PageFacts>,
}
