//! Types and rules of 中枢. No I/O: everything here is decided from its arguments, so the
//! same rule serves the web pages, the API, the CLI and the tests.

pub mod access;
pub mod audit;
pub mod classification;
pub mod error;
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
