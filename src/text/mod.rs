//! Text views: normalisation with an offset map, and sentences.

pub mod normalize;
pub mod offsets;
pub mod sentence;
