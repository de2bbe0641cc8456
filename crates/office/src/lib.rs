//! .xlsx import/export for ledgers and admin imports (units, users, 督办 ledgers).
//!
//! Bytes in, bytes out: no file or network I/O. Every error a user can see is
//! in Simplified Chinese and says what to do next.

mod read;
mod write;

pub use read::{read_table, Record};
pub use write::{template_xlsx, write_xlsx, SheetOut};

/// Everything that can go wrong importing or exporting a workbook.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    /// Not an .xlsx workbook: random bytes, a legacy .xls, a .docx, a truncated upload.
    #[error("文件不是有效的 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再上传。")]
    NotXlsx,
    /// A password-protected workbook (Excel stores it as an encrypted OLE/CFB container).
    #[error("工作簿设置了密码，请取消密码保护后再上传。")]
    Encrypted,
    /// The workbook has no sheet, or its first sheet has no data at all.
    #[error("工作簿的第一个工作表是空的或找不到表头行，请在第一个工作表中按模板填写表头和数据后再上传。")]
    Empty,
    /// Expected header columns not found in the sheet.
    #[error("缺少列：{}。请使用下载的模板。", .0.join("、"))]
    MissingColumns(Vec<String>),
    /// Producing the workbook failed; the message is already user-facing.
    #[error("{0}")]
    Write(String),
}
