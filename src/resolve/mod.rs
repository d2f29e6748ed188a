//! Mentions to entities: document-local acronyms and disambiguation.

pub(crate) mod acronym;
pub(crate) mod disambiguate;
