//! Mentions to entities: document-local acronyms, disambiguation, and
//! matches the text's own writing refuses.

pub(crate) mod acronym;
pub(crate) mod disambiguate;
pub(crate) mod written;
