//! Mentions to entities: document-local acronyms and disambiguation.

pub mod acronym;
pub mod disambiguate;
