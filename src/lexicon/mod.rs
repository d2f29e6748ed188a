//! The gazetteers: entity files loaded, checked and indexed.

pub mod codec;
pub mod gazetteer;
