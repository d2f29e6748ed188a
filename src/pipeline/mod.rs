//! The stages put together: one document, or many in order on all cores.

pub(crate) mod annotate;
pub mod batch;
