//! The stages put together: one document, or many in order on all cores.

pub mod annotate;
pub mod batch;
