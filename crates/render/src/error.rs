//! Errors, each a Chinese sentence that says what went wrong and what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A font the layout needs is not installed.
    #[error("缺少字体“{family}”（{file}，来自 Debian 软件包 {package}）：请运行 bash scripts/setup 安装，或把字体文件放到环境变量 ZHONGSHU_FONT_DIR 指向的目录")]
    MissingFont { family: &'static str, file: &'static str, package: &'static str },
    /// A font file exists but cannot be read or parsed.
    #[error("字体文件 {path} 无法读取：{reason}；请重新运行 bash scripts/setup")]
    BadFont { path: PathBuf, reason: String },
    /// A field of the document cannot be printed as the standard requires.
    #[error("{0}")]
    Invalid(String),
    /// Typst refused the generated layout; a bug in this crate, not in the document.
    #[error("排版失败（程序内部错误，请报告）：{0}")]
    Typeset(String),
    /// Writing the PDF or the .docx package failed.
    #[error("生成文件失败（程序内部错误，请报告）：{0}")]
    Export(String),
}
