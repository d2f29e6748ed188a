//! What flows out of gazet, at the bottom of every stage: the guidelines'
//! labels, kinds and relations, and the annotations built from them.

pub(crate) mod annotation;
pub(crate) mod relation;
pub(crate) mod schema;
pub(crate) mod span;
