//! `gazet annotate`: documents in, spans and relations out.

use crate::args::{annotator, filter};
use crate::cli::AnnotateArgs;
use crate::messages::{error, note, plain, warning, with_hint};
use crate::outputs::{is_broken_pipe, Outputs};
use crate::progress::Progress;
use crate::stdin::{interrupt_flag, InterruptibleStdin};
use crate::{FAILED, INTERRUPTED};
use gazet::batch::Summary;
use gazet::output::{BratWriter, RelationTable, Writer};
use gazet::{batch, walk, Error, ReadOptions, StreamOptions};
use std::ops::ControlFlow;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

pub(crate) fn annotate(args: AnnotateArgs) -> Result<ExitCode, Error> {
    let run_started = std::time::SystemTime::now();
    if let Some(n) = args.threads {
        use_threads(n);
    }
    let annotator = annotator(&args.matching)?;
    let filter = filter(&args.matching.globs)?;
    let interrupted = interrupt_flag();
    let outputs = Outputs::from_args(&args)?;
    outputs.remove_stale_temps(run_started);
    let mut sink = Sink::open(&outputs, interrupted.clone())?;
    sink.with_text = args.with_text;
    let started = Instant::now();
    let (stdin, roots): (Vec<_>, Vec<_>) = args
        .paths
        .iter()
        .cloned()
        .partition(|p| p.as_os_str() == "-");
    if !stdin.is_empty() {
        let input = std::io::BufReader::new(InterruptibleStdin::new(interrupted.clone()));
        let records = batch::RecordOptions {
            max_line: args.max_file_size.unwrap_or(gazet::DEFAULT_MAX_BYTES),
            ids_name_files: outputs.ids_name_files(),
        };
        batch::run_records(&annotator, input, "<stdin>", records, |r| sink.take(r));
    }
    if !roots.is_empty() && sink.output_error.is_none() && !sink.is_interrupted() {
        // gazet's own outputs inside an input folder are not documents.
        let (inputs, walk_errors) = walk::collect_excluding(&roots, &filter, &outputs.paths());
        for e in walk_errors {
            sink.summary.failed += 1;
            error(with_hint(&e));
        }
        let mut bar = Progress::new(&inputs, args.quiet, outputs.writes_stdout());
        batch::run_files(
            &annotator,
            &inputs,
            read_options(&args),
            &interrupted,
            |input, r| {
                bar.advance(input, &r);
                sink.take(r)
            },
        );
        bar.finish();
    }
    // Freeing a large gazetteer entry by entry takes longer than the
    // process exit that frees it anyway.
    std::mem::forget(annotator);
    sink.summary.elapsed = started.elapsed();
    sink.finish(&outputs, args.quiet)
}

/// Runs the documents on `n` threads, at most 8 per core: each thread has
/// its own stack and matcher state, and thousands only make the start slow
/// (91 s for -j 10000) and win nothing.
fn use_threads(mut n: usize) {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let most = cores * 8;
    if n > most {
        warning(format_args!(
            "-j {n}: using {most} threads, 8 per core of the {cores}"
        ));
        n = most;
    }
    // Only fails if a pool exists already, which it cannot here.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build_global();
}

fn read_options(args: &AnnotateArgs) -> ReadOptions {
    ReadOptions {
        lossy: args.lossy,
        max_bytes: args.max_file_size.unwrap_or(u64::MAX),
        stream: StreamOptions {
            above: args.stream_above,
            chunk: args.chunk_size,
        },
    }
}

/// Where each document's result goes, in input order.
struct Sink {
    writer: Writer,
    conll: Option<Writer>,
    table: Option<RelationTable>,
    brat: Option<BratWriter>,
    summary: Summary,
    /// The totals of a streamed document whose last part has not come:
    /// counted only once it is whole, so a document that fails half-way
    /// is in no output and no count.
    streaming: Option<Summary>,
    output_error: Option<Error>,
    interrupted: Arc<AtomicBool>,
    /// Whether each document's JSON also holds its text.
    with_text: bool,
}

impl Sink {
    /// Opens every output (temporary files until [`Sink::finish`]).
    fn open(outputs: &Outputs, interrupted: Arc<AtomicBool>) -> Result<Sink, Error> {
        Ok(Sink {
            writer: Writer::open(&outputs.json)?,
            conll: outputs
                .conll
                .as_ref()
                .map(|d| Writer::open_with(d, "conll"))
                .transpose()?,
            table: outputs
                .table
                .as_deref()
                .map(RelationTable::create)
                .transpose()?,
            brat: outputs.brat.as_deref().map(BratWriter::open).transpose()?,
            summary: Summary::default(),
            streaming: None,
            output_error: None,
            interrupted,
            with_text: false,
        })
    }

    /// Ends the run: all outputs are moved into place together, or, for a
    /// run interrupted or cut short by its reader, only whole per-document
    /// files are kept.
    fn finish(self, outputs: &Outputs, quiet: bool) -> Result<ExitCode, Error> {
        let was_interrupted = self.is_interrupted();
        let Sink {
            mut writer,
            table,
            mut conll,
            mut brat,
            summary,
            output_error,
            ..
        } = self;
        if was_interrupted {
            // Dropping the writers removes their temporary files: an
            // interrupted run leaves no half-written output, and the
            // per-document files already written are whole.
            for w in std::iter::once(&mut writer).chain(conll.as_mut()) {
                if let Err(e) = w.keep_finished() {
                    error(with_hint(&e));
                }
            }
            if let Some(Err(e)) = brat.as_mut().map(BratWriter::keep_finished) {
                error(with_hint(&e));
            }
            drop((writer, table, conll, brat));
            error(format_args!(
                "interrupted after {} documents; a single output file was not written",
                summary.documents
            ));
            return Ok(ExitCode::from(INTERRUPTED));
        }
        // A reader that stopped reading (`gazet ... | head`) is not a
        // failure: the run ends quietly, as ripgrep does. But it ends
        // early, so an output file asked for beside it would be
        // incomplete: it is not written, and that is said.
        let reader_stopped = || {
            let unwritten = outputs.single_files();
            if unwritten.is_empty() {
                return ExitCode::SUCCESS;
            }
            error(format_args!(
                "the reader of an output stopped reading, so the run stopped early; not written: {}",
                unwritten.join(", ")
            ));
            ExitCode::from(FAILED)
        };
        if let Some(e) = output_error {
            if is_broken_pipe(&e) {
                return Ok(reader_stopped());
            }
            return Err(e);
        }
        // All outputs are written whole before any is moved into place: a
        // table that cannot be written leaves no JSON claimed either.
        let prepared = (move || -> Result<_, Error> {
            Ok([
                Some(writer.prepare()?),
                table.map(|t| t.prepare()).transpose()?,
                conll.map(|c| c.prepare()).transpose()?,
                brat.map(BratWriter::prepare).transpose()?,
            ])
        })();
        let ready = match prepared {
            Err(e) if is_broken_pipe(&e) => return Ok(reader_stopped()),
            r => r?,
        };
        for r in ready.into_iter().flatten() {
            r.commit()?;
        }
        if !quiet {
            note(&summary);
        }
        Ok(if summary.failed > 0 {
            ExitCode::from(FAILED)
        } else {
            ExitCode::SUCCESS
        })
    }

    /// Writes a result or reports its error. A failed write ends the run:
    /// the output could not be whole anyway.
    fn is_interrupted(&self) -> bool {
        self.interrupted.load(Ordering::SeqCst)
    }

    fn take(&mut self, result: Result<batch::Annotated, Error>) -> ControlFlow<()> {
        if self.is_interrupted() {
            return ControlFlow::Break(());
        }
        match result {
            Ok(mut a) => {
                if self.with_text {
                    add_text(&mut a);
                }
                if let Some(note) = &a.note {
                    let at = a
                        .path
                        .as_ref()
                        .map_or(a.annotation.doc.clone(), |p| p.display().to_string());
                    warning(format_args!("{at}: {note}"));
                }
                let written = self
                    .writer
                    .write_part(&a.annotation.doc, &a.json, a.is_first(), a.is_last())
                    .and_then(|()| match (self.table.as_mut(), &a.quoted) {
                        (Some(t), Some(quoted)) => {
                            t.add_quoted(&a.annotation, quoted.iter().map(String::as_str))
                        }
                        (Some(t), None) if a.part.is_none() => t.add(&a.annotation, &a.text),
                        _ => Ok(()),
                    })
                    .and_then(|()| match self.brat.as_mut() {
                        Some(_) if a.part.is_some() => {
                            if a.is_first() {
                                plain(format_args!(
                                    "warning: {}: streamed in chunks; no brat files written for it",
                                    a.annotation.doc
                                ));
                            }
                            Ok(())
                        }
                        Some(brat) => brat.write(&a.annotation, &a.text),
                        None => Ok(()),
                    })
                    .and_then(|()| match self.conll.as_mut() {
                        Some(w) => w.write_part(
                            &a.annotation.doc,
                            &conll_piece(&a),
                            a.is_first(),
                            a.is_last(),
                        ),
                        None => Ok(()),
                    });
                if let Err(e) = written {
                    self.output_error = Some(e);
                    return ControlFlow::Break(());
                }
                if a.part.is_none() {
                    self.summary.add(&a);
                } else {
                    self.streaming.get_or_insert_with(Summary::default).add(&a);
                    if a.is_last() {
                        let whole = self.streaming.take().unwrap_or_default();
                        self.summary.merge(whole);
                    }
                }
            }
            Err(e) => {
                if self.streaming.take().is_some() {
                    self.writer.abandon();
                    if let Some(c) = self.conll.as_mut() {
                        c.abandon();
                    }
                }
                self.summary.failed += 1;
                error(with_hint(&e));
            }
        }
        ControlFlow::Continue(())
    }
}

/// Puts the document's text in its JSON line. A streamed document's line
/// is written piece by piece as its chunks come, and its text is never held
/// whole, so it is written without.
fn add_text(a: &mut batch::Annotated) {
    if a.part.is_some() {
        if a.is_first() {
            warning(format_args!(
                "{}: streamed in chunks; its JSON has no text",
                a.annotation.doc
            ));
        }
        return;
    }
    a.annotation.with_text(&a.text);
    a.json = gazet::output::to_json_line(&a.annotation);
}

/// A document's CoNLL lines, or for a part of a streamed document its
/// chunk's (the document header only once).
fn conll_piece(a: &batch::Annotated) -> String {
    let Some(part) = a.part else {
        return gazet::conll::write(&a.annotation, &a.text);
    };
    let mut local = a.annotation.clone();
    for s in &mut local.spans {
        s.start -= part.char_start;
        s.end -= part.char_start;
    }
    let lines = gazet::conll::write(&local, &a.text);
    match (part.index, lines.split_once("\n\n")) {
        (0, _) | (_, None) => lines,
        (_, Some((_docstart, rest))) => rest.to_owned(),
    }
}
