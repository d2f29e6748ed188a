//! Names no gazetteer lists: name patterns, proposals and gazetteer suggestions.

pub(crate) mod pattern;
mod prefilter;
pub(crate) mod propose;
pub mod suggest;
