//! The `gazet` binary: parses flags and wires the library's steps together.
//!
//! Exit codes: 0 success; 1 some documents failed (the others were
//! processed and written); 2 bad usage or configuration (nothing processed).

mod cli;

use clap::Parser;
use cli::{AnnotateArgs, Cli, Command, GazetteerArgs, GazetteerCommand};
use gazet::batch::{self, Summary};
use gazet::output::{Destination, Writer};
use gazet::walk::{self, Filter};
use gazet::{Annotator, Error, Gazetteer};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::process::ExitCode;
use std::time::Instant;

const FAILED: u8 = 1;
const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Annotate(args) => annotate(args),
        Command::Gazetteer(GazetteerCommand::Check(args)) => check(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gazet: {e}");
            ExitCode::from(USAGE)
        }
    }
}

fn load(args: &GazetteerArgs) -> Result<Gazetteer, Error> {
    let mut b = Gazetteer::builder().default_gazetteers(!args.no_default_gazetteers);
    for p in &args.gazetteers {
        b = b.add_path(p);
    }
    b.build()
}

fn annotate(args: AnnotateArgs) -> Result<ExitCode, Error> {
    if let Some(n) = args.threads {
        // Only fails if a pool exists already, which it cannot here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let gazetteer = load(&args.gazetteer)?;
    let annotator = Annotator::builder()
        .overlaps(args.overlaps)
        .acronyms(!args.no_acronyms)
        .build(gazetteer)?;
    let filter = if args.globs.is_empty() {
        Filter::default_globs()
    } else {
        Filter::new(&args.globs)?
    };
    let mut sink = Sink {
        writer: Writer::open(&Destination::parse(args.output.as_deref()))?,
        summary: Summary::default(),
        output_error: None,
    };
    let started = Instant::now();
    let (stdin, roots): (Vec<_>, Vec<_>) = args
        .paths
        .iter()
        .cloned()
        .partition(|p| p.as_os_str() == "-");
    if !stdin.is_empty() {
        let input = std::io::stdin().lock();
        batch::run_records(&annotator, input, "<stdin>", |r| sink.take(r));
    }
    if !roots.is_empty() && sink.output_error.is_none() {
        let (inputs, walk_errors) = walk::collect(&roots, &filter);
        for e in walk_errors {
            sink.summary.failed += 1;
            eprintln!("gazet: {e}");
        }
        let bar = progress(inputs.len(), args.quiet);
        batch::run_files(&annotator, &inputs, |_, r| {
            bar.inc(1);
            sink.take(r)
        });
        bar.finish_and_clear();
    }
    let Sink {
        writer,
        mut summary,
        output_error,
    } = sink;
    summary.elapsed = started.elapsed();
    if let Some(e) = output_error {
        // A reader that stopped reading (`gazet ... | head`) is not a
        // failure: end quietly, as ripgrep does.
        if matches!(&e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
        {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e);
    }
    writer.finish()?;
    if !args.quiet {
        eprintln!("gazet: {summary}");
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

/// Where each document's result goes, in input order.
struct Sink {
    writer: Writer,
    summary: Summary,
    output_error: Option<Error>,
}

impl Sink {
    /// Writes a result or reports its error. A failed write ends the run:
    /// the output could not be whole anyway.
    fn take(&mut self, result: Result<batch::Annotated, Error>) -> ControlFlow<()> {
        match result {
            Ok(a) => {
                if let Err(e) = self.writer.write(&a.annotation.doc, &a.json) {
                    self.output_error = Some(e);
                    return ControlFlow::Break(());
                }
                self.summary.add(&a);
            }
            Err(e) => {
                self.summary.failed += 1;
                eprintln!("gazet: {e}");
            }
        }
        ControlFlow::Continue(())
    }
}

/// A progress bar on stderr, only when stderr is a terminal.
fn progress(len: usize, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {elapsed} elapsed, ETA {eta}")
    {
        bar.set_style(style);
    }
    bar
}

fn check(args: GazetteerArgs) -> Result<ExitCode, Error> {
    let g = load(&args)?;
    let ambiguities = g.ambiguities();
    for a in &ambiguities {
        let names: Vec<String> = a
            .entities
            .iter()
            .map(|&e| {
                let e = g.entity(e);
                format!("{} ({}:{})", e.id, e.origin.file, e.origin.line)
            })
            .collect();
        println!("ambiguous alias {:?}: {}", a.key, names.join(", "));
    }
    println!(
        "ok: {} entities, {} aliases, {} ambiguous aliases",
        g.entities().len(),
        g.alias_count(),
        ambiguities.len()
    );
    Ok(ExitCode::SUCCESS)
}
