//! Alias matching: the trie, whole-word candidates, mention selection and the compiled-gazetteer cache.

pub mod cache;
pub(crate) mod matcher;
pub(crate) mod span;
pub(crate) mod trie;
