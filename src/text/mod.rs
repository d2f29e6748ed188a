//! Text views: normalisation with an offset map, and sentences.

pub mod normalize;
pub(crate) mod offsets;
pub(crate) mod sentence;
