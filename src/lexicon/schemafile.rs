//! Reading a schema file (`--schema FILE`): the model parses its text, this
//! gives its problems their file and line.

use crate::error::{Error, LineError, LineErrors, Result};
use crate::model::schema::Schema;
use std::path::Path;

impl Schema {
    /// Reads the schema file at `path`: it extends the default schema, or
    /// replaces it if it says `extends: none`. Every problem is reported as
    /// `file:line: problem`. Install it with [`Schema::install`].
    pub fn from_file(path: &Path) -> Result<Schema> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let file = path.display().to_string();
        Schema::parse(&file, &text).map_err(|errors| {
            Error::Schema(LineErrors(
                errors
                    .into_iter()
                    .map(|(line, problem)| LineError::new(&*file, line, problem))
                    .collect(),
            ))
        })
    }
}
