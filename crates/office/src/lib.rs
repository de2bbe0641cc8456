//! Office files in and out: .xlsx for ledgers and admin imports (units, users, 督办 ledgers),
//! .docx text extraction, and what is read from imported text: the elements of a 收文 to prefill
//! its registration (`incoming`) and the outline and requirements of a speech (`outline`).
//!
//! Bytes in, bytes out: no file or network I/O. Every error a user can see is
//! in Simplified Chinese and says what to do next.

mod cfb;
mod docx;
mod incoming;
mod numerals;
mod outline;
mod pdf;
mod read;
mod write;

pub use docx::{docx_text, MAX_ENTRIES, MAX_UNPACKED_BYTES};
pub use incoming::{recognise, Confidence, Found, Prefill};
pub use outline::{outline, NoOutline, Outline, Point};
pub use pdf::{pdf_first_page, pdf_pages, pdf_text};
pub use read::{read_table, Record};
pub use write::{template_xlsx, write_xlsx, SheetOut};

/// Everything that can go wrong reading or writing an office file.
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
    /// Not a .docx: random bytes, a plain text file, an .xlsx, an .odt, a truncated upload.
    #[error("文件不是有效的 Word 文档（.docx），请用 Word 或 WPS 另存为 .docx 后再上传。")]
    NotDocx,
    /// A legacy binary Word document (.doc, or WPS's .wps).
    #[error("这是旧版 Word 文档（.doc）或 WPS 文档，系统只能读取 .docx，请用 Word 或 WPS 另存为 .docx 后再上传。")]
    LegacyDoc,
    /// A password-protected document (an encrypted OOXML package in an OLE/CFB container).
    #[error("文档设置了打开密码，系统无法读取，请取消密码保护后再上传。")]
    DocxEncrypted,
    /// A zip that cannot be read: truncated, damaged entries, bad checksums, malformed XML.
    #[error("Word 文档已损坏，无法读取，请用 Word 或 WPS 打开后重新保存为 .docx 再上传。")]
    DocxCorrupt,
    /// A package with Word parts but no main document part (word/document.xml).
    #[error("Word 文档缺少正文部分（word/document.xml），请用 Word 或 WPS 打开后重新保存为 .docx 再上传。")]
    DocxMissingBody,
    /// Over the decompression caps: a zip bomb or a damaged file.
    #[error("文档解压后超过 200 MB 或包含的部件过多，可能已损坏或被恶意构造，已拒绝读取；如确为正常文档，请删除其中的图片等内容后再上传。")]
    DocxTooLarge,
    /// Nothing but white space (or an empty Word document).
    #[error("文件是空的，没有文字内容。")]
    NoText,
    /// Bytes that are neither a .docx nor text.
    #[error("文件是二进制文件，不是文本；请使用 .txt（UTF-8 编码）或 .docx 文件。")]
    Binary,
    /// Not a PDF, or one too damaged to open.
    #[error("文件不是有效的 PDF，或已损坏无法打开。")]
    NotPdf,
    /// A password-protected PDF.
    #[error("PDF 设置了密码，系统无法读取其中的文字。")]
    PdfEncrypted,
    /// A PDF whose pages carry no text layer (a scan).
    #[error("PDF 中没有可提取的文字（可能是扫描件或图片）。")]
    PdfNoText,
    /// Text in another encoding (most often GBK from older Windows programs).
    #[error(
        "文件不是有效的 UTF-8 文本（第 {0} 字节处编码错误，可能是 GBK 编码）；请另存为 UTF-8 编码或 .docx 后再使用。"
    )]
    NotUtf8(usize),
}

/// The text of an imported file, whatever it is called: a .docx (or a .doc or encrypted .docx, which
/// are refused with the reason) recognised by its bytes, otherwise UTF-8 text without its BOM.
pub fn text_of(bytes: &[u8]) -> Result<String, OfficeError> {
    let text = if bytes.starts_with(b"PK") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        docx_text(bytes)?
    } else if bytes.contains(&0) {
        return Err(OfficeError::Binary);
    } else {
        let s = std::str::from_utf8(bytes).map_err(|e| OfficeError::NotUtf8(e.valid_up_to() + 1))?;
        s.trim_start_matches('\u{FEFF}').to_string()
    };
    if text.trim().is_empty() {
        return Err(OfficeError::NoText);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_reads_text_and_refuses_the_rest() {
        assert_eq!(text_of("\u{FEFF}各乡镇：".as_bytes()).unwrap(), "各乡镇：");
        assert!(matches!(text_of(b" \n "), Err(OfficeError::NoText)));
        assert!(matches!(text_of(&[0x7f, b'E', b'L', b'F', 0, 1]), Err(OfficeError::Binary)));
        assert!(matches!(text_of(&[b'a', 0xD6, 0xD0]), Err(OfficeError::NotUtf8(2))));
        assert!(matches!(text_of(b"PK\x03\x04 not a zip"), Err(OfficeError::NotDocx | OfficeError::DocxCorrupt)));
    }
}
