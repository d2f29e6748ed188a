//! What flows out of gazet, at the bottom of every stage: the guidelines'
//! labels, kinds and relations, and the annotations built from them.

pub mod annotation;
pub mod relation;
pub mod schema;
pub mod span;
