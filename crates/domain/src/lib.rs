//! Types and rules of 中枢. No I/O: everything here is decided from its arguments, so the
//! same rule serves the web pages, the API, the CLI and the tests.

/// An enum with a stable storage code and a Chinese label; `from_code` accepts either.
#[macro_export]
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($v:ident = $code:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn code(self) -> &'static str { match self { $($name::$v => $code),+ } }
            pub fn from_code(s: &str) -> Option<Self> {
                use $crate::workflow::Label as _;
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.code() == s || v.label() == s)
            }
        }
        impl $crate::workflow::Label for $name {
            fn label(&self) -> &'static str { match self { $($name::$v => $label),+ } }
        }
    };
}

pub mod access;
pub mod affairs;
pub mod archive;
pub mod audit;
pub mod classification;
pub mod document;
pub mod error;
pub mod meeting;
pub mod org;
pub mod text;
pub mod time;
pub mod tracking;
pub mod workflow;

pub use access::{decide, Action, Decision, ListScope, Subject};
pub use classification::{Classification, ClassificationPolicy};
pub use error::Invalid;
pub use org::{Role, Unit, UnitKind, User};

/// A new identifier: UUIDv7, so ids sort by creation time (DESIGN §5).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
