//! Alias matching: the trie, whole-word candidates, mention selection and the compiled-gazetteer cache.

pub mod cache;
pub mod matcher;
pub mod span;
pub mod trie;
