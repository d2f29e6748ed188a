//! `gazet explain`: why each relation was or was not extracted.

use crate::args::{annotator, filter};
use crate::cli::ExplainArgs;
use crate::messages::{error, with_hint};
use crate::FAILED;
use gazet::{batch, walk, Document, Error};
use std::io::Write;
use std::process::ExitCode;

pub(crate) fn explain(args: ExplainArgs) -> Result<ExitCode, Error> {
    let annotator = annotator(&args.matching)?;
    let (stdin, roots): (Vec<_>, Vec<_>) = args
        .paths
        .iter()
        .cloned()
        .partition(|p| p.as_os_str() == "-");
    let mut failed = 0;
    // Read one at a time as they are explained, stdin records first.
    let mut documents: Box<dyn Iterator<Item = Result<Document, Error>>> =
        Box::new(std::iter::empty());
    if !stdin.is_empty() {
        let input = std::io::BufReader::new(std::io::stdin().lock());
        let records = batch::Records::new(input, "<stdin>", batch::RecordOptions::default());
        documents = Box::new(records.map(|r| r.map(|(doc, _meta)| doc)));
    }
    if !roots.is_empty() {
        let (inputs, errors) = walk::collect(&roots, &filter(&args.matching.globs)?);
        for e in errors {
            failed += 1;
            error(with_hint(&e));
        }
        let files = inputs
            .into_iter()
            .map(|input| Document::read(input.id, &input.path));
        documents = Box::new(documents.chain(files));
    }
    let mut out = std::io::stdout().lock();
    for doc in documents {
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => {
                failed += 1;
                error(with_hint(&e));
                continue;
            }
        };
        let (a, trace) = annotator.explain(&doc);
        let text = gazet::explain::render(&doc.text, &a, &trace, args.all);
        if let Err(e) = out.write_all(text.as_bytes()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(Error::io("<stdout>", e));
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    })
}
