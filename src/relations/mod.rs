//! Relations between entities: rule files, rules, extraction and its explanation.

pub mod explain;
pub mod extract;
pub mod rules;
