/// Why one message was not delivered. The text is a Chinese sentence for the administrator's
/// failed-messages view; the fields keep the technical detail (server, step, code) for logs.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("无法连接邮件服务器 {addr}：{source}")]
    Connect { addr: String, source: std::io::Error },
    #[error("邮件服务器 {addr} 在 {step} 阶段超时（{secs} 秒无应答）")]
    Timeout { addr: String, step: &'static str, secs: u64 },
    #[error("与邮件服务器 {addr} 的连接中断（{step}）：{source}")]
    Io { addr: String, step: &'static str, source: std::io::Error },
    #[error("邮件服务器 {addr} 在 {step} 阶段拒绝：{code} {text}")]
    Rejected { addr: String, step: &'static str, code: u16, text: String },
    #[error("邮件服务器 {addr} 的应答无法识别（{step}）：{line}")]
    Protocol { addr: String, step: &'static str, line: String },
    #[error("邮件服务器 {addr} 没有提供 AUTH PLAIN 或 LOGIN 认证，无法使用配置的账号（本系统不支持 STARTTLS，请经本地邮件中继发送）")]
    AuthUnavailable { addr: String },
    #[error("邮件地址“{0}”无效")]
    Address(String),
    #[error("webhook 地址“{url}”无效：{reason}")]
    Url { url: String, reason: String },
    #[error("无法创建 HTTP 客户端：{0}")]
    Client(String),
    #[error("webhook“{name}”请求失败：{detail}")]
    Http { name: String, detail: String },
    #[error("webhook“{name}”返回 HTTP {status}：{body}")]
    Status { name: String, status: u16, body: String },
    #[error("webhook“{name}”返回错误 errcode={errcode}：{errmsg}")]
    Robot { name: String, errcode: i64, errmsg: String },
    #[error("webhook“{name}”的应答不是预期的 JSON：{body}")]
    BadResponse { name: String, body: String },
}

impl NotifyError {
    /// Trying again cannot help: the address is malformed, or the server refused the sender,
    /// recipient or content for good (5xx). Everything else may pass later.
    pub fn is_permanent(&self) -> bool {
        match self {
            NotifyError::Address(_) | NotifyError::Url { .. } => true,
            NotifyError::Rejected { step, code, .. } => {
                *code >= 500 && matches!(*step, "MAIL FROM" | "RCPT TO" | "DATA" | "邮件内容")
            }
            _ => false,
        }
    }
}
