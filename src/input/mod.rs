//! Where documents come from: folder walks, checked UTF-8 text, chunked streams.

pub(crate) mod document;
pub(crate) mod stream;
pub mod walk;
