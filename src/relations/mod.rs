//! Relations between entities: rule files, rules, extraction and its explanation.

pub mod explain;
pub(crate) mod extract;
pub(crate) mod rules;
