//! The gazetteers: entity files (gazet's own, or other tools') loaded,
//! checked and indexed; and the schema file they are checked against.

pub(crate) mod codec;
pub(crate) mod gazetteer;
pub mod import;
pub(crate) mod schemafile;
