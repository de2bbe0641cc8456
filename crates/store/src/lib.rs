//! Persistence for 中枢 over SQLite (default, embedded) and PostgreSQL (multi-node).
//!
//! Every query is written once in SQL that both accept (`$1`, `RETURNING`, `ON CONFLICT`) and
//! run through [`Q`], which binds its arguments for whichever backend the [`Db`] is. Writes go
//! through a [`Tx`]; a use case writes its audit event in the same transaction.

mod db;
mod error;
mod query;

pub mod affairs;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod blobs;
pub mod burden;
pub mod documents;
pub mod ledger;
pub mod meetings;
pub mod org;
pub mod outbox;
pub mod search;
pub mod settings;
pub mod tracking;

pub use db::{Backend, Conn, Db, Exec, Tx};
pub use error::StoreError;
pub use query::{contains_pattern, prefix_pattern, q, Arg, Q};

pub type Result<T> = std::result::Result<T, StoreError>;

#[cfg(any(test, feature = "testing"))]
pub mod testing;
