//! Text views: normalisation with an offset map, sentences, the
//! transliteration view of Cyrillic words, and the zones (e-mail
//! addresses, URLs, paths, code) where no name can start, and an index of
//! byte ranges for overlap queries.

pub(crate) mod demonyms;
pub mod normalize;
pub(crate) mod offsets;
pub(crate) mod ranges;
pub(crate) mod sentence;
pub(crate) mod translit;
pub(crate) mod zones;
