//! Where documents come from: folder walks, checked UTF-8 text, chunked streams.

pub mod document;
pub mod stream;
pub mod walk;
