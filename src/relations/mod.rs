//! Relations between entities: rule files, rules, extraction and its explanation.

pub(crate) mod construction;
pub(crate) mod coref;
pub mod explain;
pub(crate) mod extract;
pub(crate) mod rules;
pub(crate) mod syntax;
