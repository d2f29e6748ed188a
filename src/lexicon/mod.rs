//! The gazetteers: entity files loaded, checked and indexed.

pub mod gazetteer;
