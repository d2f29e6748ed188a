//! Annotations read and written: JSON Lines, relation table, brat, CoNLL, gold TSV.

pub mod brat;
pub mod conll;
pub mod gold;
pub mod output;
