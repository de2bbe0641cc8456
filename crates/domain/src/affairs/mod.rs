//! 办事: 信息报送 (information items, journals, upward adoption and scores) and 公务接待 (receptions under the
//! 2013 rules). Types, the lifecycles as transition tables for `workflow::step`, and the rules; no I/O.

pub mod info;
pub mod journal;
pub mod money;
pub mod reception;
