//! Annotating many documents on all cores, in input order.
//!
//! Documents are read, annotated and serialised in parallel in chunks; each
//! chunk's results are handed to the caller in input order, so output is the
//! same whatever the thread count while memory stays bounded by one chunk.

use crate::annotate::{Annotation, Annotator};
use crate::document::{Document, ReadOptions};
use crate::error::{Error, LineError, Result};
use crate::output::to_json_line;
use crate::schema::Label;
use crate::walk::Input;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// One document's result, ready to write.
#[derive(Debug)]
pub struct Annotated {
    pub annotation: Annotation,
    /// The annotation as a JSON line.
    pub json: String,
    /// The document's text, for outputs that quote it (the relation table).
    pub text: String,
    /// What reading had to do to the file (decode UTF-16, replace invalid
    /// UTF-8), for a warning.
    pub note: Option<String>,
    pub path: Option<std::path::PathBuf>,
}

/// Totals of a run, for the closing summary.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub documents: usize,
    pub failed: usize,
    pub bytes: usize,
    pub spans: BTreeMap<Label, usize>,
    pub elapsed: Duration,
}

impl Summary {
    pub fn add(&mut self, a: &Annotated) {
        self.documents += 1;
        self.bytes += a.text.len();
        for s in &a.annotation.spans {
            *self.spans.entry(s.label).or_default() += 1;
        }
    }

    pub fn megabytes_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.bytes as f64 / 1e6 / secs
        } else {
            0.0
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: usize = self.spans.values().sum();
        let per_label = Label::ALL
            .iter()
            .map(|l| format!("{l} {}", self.spans.get(l).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
            .join(", ");
        write!(
            f,
            "{} documents, {} failed, {} spans ({per_label}), {:.2} MB in {:.3} s, {:.1} MB/s",
            self.documents,
            self.failed,
            total,
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            self.megabytes_per_second()
        )
    }
}

/// How many documents are in flight at once, per thread.
const CHUNK_PER_THREAD: usize = 16;

fn annotated(annotator: &Annotator, doc: Document) -> Annotated {
    let annotation = annotator.annotate(&doc);
    let json = to_json_line(&annotation);
    Annotated {
        annotation,
        json,
        text: doc.text,
        note: doc.note,
        path: doc.path,
    }
}

/// Reads and annotates `inputs` in parallel, calling `each` with every
/// result in input order, until `each` says to stop.
///
/// Once `cancel` is set, documents not yet started are not read: the run
/// ends within about one document's time per thread.
pub fn run_files(
    annotator: &Annotator,
    inputs: &[Input],
    read: ReadOptions,
    cancel: &AtomicBool,
    mut each: impl FnMut(&Input, Result<Annotated>) -> ControlFlow<()>,
) {
    let chunk = rayon::current_num_threads() * CHUNK_PER_THREAD;
    for group in inputs.chunks(chunk.max(1)) {
        let results: Vec<Result<Annotated>> = group
            .par_iter()
            .map(|input| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(Error::Interrupted);
                }
                Document::read_with(input.id.clone(), &input.path, read)
                    .map(|d| annotated(annotator, d))
            })
            .collect();
        for (input, result) in group.iter().zip(results) {
            if matches!(result, Err(Error::Interrupted)) || each(input, result).is_break() {
                return;
            }
        }
    }
}

#[derive(Deserialize)]
struct Record {
    id: String,
    text: String,
}

/// Reads JSON Lines `{"id", "text"}` records from `reader` and annotates
/// them in parallel, calling `each` in input order until it says to stop.
/// A malformed line is an error naming its line; the records after it are
/// still processed.
pub fn run_records(
    annotator: &Annotator,
    reader: impl BufRead,
    source: &str,
    mut each: impl FnMut(Result<Annotated>) -> ControlFlow<()>,
) {
    let chunk = (rayon::current_num_threads() * CHUNK_PER_THREAD).max(1);
    let mut pending: Vec<Result<Document>> = Vec::with_capacity(chunk);
    let flush = |pending: &mut Vec<Result<Document>>,
                 each: &mut dyn FnMut(Result<Annotated>) -> ControlFlow<()>| {
        let results: Vec<Result<Annotated>> = pending
            .par_drain(..)
            .map(|d| d.map(|d| annotated(annotator, d)))
            .collect();
        results.into_iter().try_for_each(each)
    };
    for (n, line) in reader.split(b'\n').enumerate() {
        let line_no = n + 1;
        let record_error = |message: String| {
            Error::Record(LineError {
                file: source.to_owned(),
                line: line_no,
                message,
            })
        };
        let bytes = match line {
            Ok(b) => b,
            Err(e) => {
                // A read error is not about one record: stop reading.
                pending.push(Err(record_error(e.to_string())));
                break;
            }
        };
        let doc = match std::str::from_utf8(&bytes) {
            Err(_) => Err(record_error("not valid UTF-8".to_owned())),
            Ok(l) if l.trim().is_empty() => continue,
            Ok(l) => serde_json::from_str::<Record>(l)
                .map(|r| Document::new(r.id, r.text))
                .map_err(|e| record_error(format!("not an {{\"id\", \"text\"}} record: {e}"))),
        };
        pending.push(doc);
        if pending.len() >= chunk && flush(&mut pending, &mut each).is_break() {
            return;
        }
    }
    let _ = flush(&mut pending, &mut each);
}
