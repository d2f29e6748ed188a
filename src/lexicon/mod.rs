//! The gazetteers: entity files loaded, checked and indexed.

pub(crate) mod codec;
pub(crate) mod gazetteer;
