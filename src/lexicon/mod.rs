//! The gazetteers: entity files (gazet's own, or other tools') loaded,
//! checked and indexed.

pub(crate) mod codec;
pub(crate) mod gazetteer;
pub mod import;
