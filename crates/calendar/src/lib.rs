//! China working-day calendar for 中枢.
//!
//! Holiday data per year (`data/YYYY.txt`, embedded at build time, overridable by an
//! administrator through [`Calendar::set_year`]) plus working-day arithmetic.
//! A date is a working day iff it is a makeup working day (`work`), or it is Mon–Fri and
//! not an official day off (`off`). Years without data fall back to Mon–Fri.
//! Pure: no I/O beyond parsing text handed in.

mod calendar;
mod data;
mod hours;

pub use calendar::{Calendar, DayKind};
pub use data::{ParseError, Span, YearData};
pub use hours::OfficeHours;
