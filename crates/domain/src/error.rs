/// A rule was broken by the input. The message is a Chinese sentence for the person who typed it:
/// what was wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Invalid {
    /// Which input field, when one is to blame (for forms to mark it).
    pub field: Option<&'static str>,
    pub message: String,
}

impl Invalid {
    pub fn new(message: impl Into<String>) -> Self {
        Invalid { field: None, message: message.into() }
    }
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        Invalid { field: Some(field), message: message.into() }
    }
}
