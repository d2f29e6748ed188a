//! Alias matching: the trie, whole-word candidates, Cyrillic names of Latin
//! aliases, mention selection and the compiled-gazetteer cache.

pub mod cache;
pub(crate) mod matcher;
pub(crate) mod span;
pub(crate) mod translit;
pub(crate) mod trie;
