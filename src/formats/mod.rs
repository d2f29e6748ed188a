//! Annotations read and written: JSON Lines, relation table, brat, CoNLL, gold TSV,
//! and the escapes of a TSV cell.

pub mod brat;
pub mod conll;
pub mod gold;
pub mod output;
pub mod tsv;
