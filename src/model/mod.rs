//! What flows out of gazet: the guidelines' labels, kinds and relations.

pub mod schema;
