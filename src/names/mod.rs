//! Names no gazetteer lists: name patterns, proposals and gazetteer suggestions.

pub mod pattern;
pub mod propose;
pub mod suggest;
