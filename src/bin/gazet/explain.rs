//! `gazet explain`: why each relation was or was not extracted.

use crate::args::{annotator, filter};
use crate::cli::ExplainArgs;
use crate::messages::{error, with_hint};
use crate::FAILED;
use gazet::{walk, Document, Error};
use std::io::Write;
use std::process::ExitCode;

pub(crate) fn explain(args: ExplainArgs) -> Result<ExitCode, Error> {
    let annotator = annotator(&args.matching)?;
    let (inputs, errors) = walk::collect(&args.paths, &filter(&args.matching.globs)?);
    let mut failed = errors.len();
    for e in errors {
        error(with_hint(&e));
    }
    let mut out = std::io::stdout().lock();
    for input in inputs {
        match Document::read(input.id, &input.path) {
            Ok(doc) => {
                let (a, trace) = annotator.explain(&doc);
                let text = gazet::explain::render(&doc.text, &a, &trace, args.all);
                if let Err(e) = out.write_all(text.as_bytes()) {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        return Ok(ExitCode::SUCCESS);
                    }
                    return Err(Error::io("<stdout>", e));
                }
            }
            Err(e) => {
                failed += 1;
                error(with_hint(&e));
            }
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    })
}
