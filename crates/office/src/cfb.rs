//! Telling apart the OLE/CFB containers people upload instead of OOXML: a password-protected
//! .xlsx/.docx (Office wraps the encrypted package in CFB) or a legacy .xls/.doc/.ppt.

pub(crate) const MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CfbKind {
    /// An encrypted OOXML package (EncryptedPackage / EncryptionInfo streams).
    Encrypted,
    /// A legacy Word document (.doc; WPS's .wps uses the same stream name).
    LegacyWord,
    /// A legacy workbook or presentation (.xls, .ppt).
    LegacyOther,
    /// Some other compound file.
    Unknown,
}

/// Directory entry names are stored as NUL-terminated UTF-16LE, so we look for them directly
/// instead of parsing the container.
pub(crate) fn classify(bytes: &[u8]) -> CfbKind {
    let has = |name: &str| {
        let mut pat: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        pat.extend_from_slice(&[0, 0]);
        bytes.windows(pat.len()).any(|w| w == pat.as_slice())
    };
    if has("EncryptedPackage") || has("EncryptionInfo") {
        CfbKind::Encrypted
    } else if has("WordDocument") {
        CfbKind::LegacyWord
    } else if ["Workbook", "Book", "PowerPoint Document"].iter().any(|n| has(n)) {
        CfbKind::LegacyOther
    } else {
        CfbKind::Unknown
    }
}
