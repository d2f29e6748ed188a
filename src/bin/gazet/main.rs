//! The `gazet` binary: parses flags and wires the library's steps together.
//!
//! Exit codes: 0 success; 1 some documents failed (the others were
//! processed and written); 2 bad usage or configuration (nothing processed).

mod args;
mod cli;
mod messages;

use args::{annotator, compiled, filter, load, load_patterns, load_rules};
use clap::{CommandFactory, FromArgMatches, ValueEnum};
use cli::{
    AnnotateArgs, Cli, Color, Command, EvalArgs, ExplainArgs, GazetteerArgs, GazetteerCommand,
    PatternArgs, PatternsCommand, RenderArgs, RulesArgs, RulesCommand, SuggestArgs,
};
use gazet::batch::{self, Summary};
use gazet::output::{BratWriter, Destination, RelationTable, Writer};
use gazet::walk;
use gazet::ReadOptions;
use gazet::Rules;
use gazet::StreamOptions;
use gazet::{Annotator, Document, Error};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use messages::{error, note, plain, warning};
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

const FAILED: u8 = 1;
const USAGE: u8 = 2;
/// As shells report a process ended by SIGINT (128 + 2).
const INTERRUPTED: u8 = 130;

/// A flag that Ctrl-C (SIGINT) sets, so that a run stops between documents
/// instead of dying in the middle of writing one.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    // SIGINT, SIGTERM and SIGHUP (the `termination` feature): a run stopped
    // by `timeout`, systemd or Kubernetes cleans up as one stopped by ^C.
    // Fails only if a handler is installed already; then the default
    // behaviour (exit at once, temporary files left hidden) remains.
    let _ = ctrlc::set_handler(move || set.store(true, Ordering::SeqCst));
    flag
}

/// Standard input read on a thread of its own, so that an interrupt is
/// seen while stdin is idle (a terminal, a producer that waits): a read
/// blocked in the kernel is restarted after the signal handler returns and
/// would wait for the next line or EOF.
struct InterruptibleStdin {
    chunks: std::sync::mpsc::Receiver<std::io::Result<Vec<u8>>>,
    current: std::io::Cursor<Vec<u8>>,
    interrupted: Arc<AtomicBool>,
}

impl InterruptibleStdin {
    fn new(interrupted: Arc<AtomicBool>) -> InterruptibleStdin {
        // A few chunks ahead at most, so a fast producer cannot fill memory.
        let (send, chunks) = std::sync::mpsc::sync_channel(4);
        std::thread::spawn(move || {
            let mut stdin = std::io::stdin().lock();
            loop {
                let mut buf = vec![0; 64 << 10];
                let got = match std::io::Read::read(&mut stdin, &mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        buf.truncate(n);
                        Ok(buf)
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => Err(e),
                };
                let failed = got.is_err();
                if send.send(got).is_err() || failed {
                    break;
                }
            }
        });
        InterruptibleStdin {
            chunks,
            current: std::io::Cursor::new(Vec::new()),
            interrupted,
        }
    }
}

impl std::io::Read for InterruptibleStdin {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use std::sync::mpsc::RecvTimeoutError;
        loop {
            let n = std::io::Read::read(&mut self.current, buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            if self.interrupted.load(Ordering::SeqCst) {
                return Err(std::io::Error::other("interrupted"));
            }
            match self
                .chunks
                .recv_timeout(std::time::Duration::from_millis(100))
            {
                Ok(chunk) => self.current = std::io::Cursor::new(chunk?),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(0),
            }
        }
    }
}

fn main() -> ExitCode {
    // clap prints --help and usage errors while it parses, before the
    // parsed --color could take effect; so the flag is looked up first.
    let color = early_color();
    let matches = Cli::command()
        .color(match color {
            Color::Auto => clap::ColorChoice::Auto,
            Color::Always => clap::ColorChoice::Always,
            Color::Never => clap::ColorChoice::Never,
        })
        .get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match cli.color {
        Color::Auto => {}
        Color::Always => anstream::ColorChoice::Always.write_global(),
        Color::Never => anstream::ColorChoice::Never.write_global(),
    }
    let result = match cli.command {
        Command::Annotate(args) => annotate(args),
        Command::Explain(args) => explain(args),
        Command::Eval(args) => eval(args),
        Command::Render(args) => render(args),
        Command::Completions { shell } => completions(shell),
        Command::Man { output } => man(output),
        Command::Gazetteer(GazetteerCommand::Check(args)) => check(args),
        Command::Gazetteer(GazetteerCommand::Suggest(args)) => suggest(args),
        Command::Gazetteer(GazetteerCommand::Stats { gazetteer, json }) => stats(&gazetteer, json),
        Command::Rules(RulesCommand::Check { rules, gazetteer }) => check_rules(&rules, &gazetteer),
        Command::Patterns(PatternsCommand::Check {
            patterns,
            gazetteer,
        }) => check_patterns(&patterns, &gazetteer),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            error(e);
            ExitCode::from(USAGE)
        }
    }
}

/// The value of `--color WHEN` or `--color=WHEN` among the arguments (the
/// last one, as clap takes it), before any `--`; auto if none is valid.
fn early_color() -> Color {
    let mut color = Color::Auto;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        let value = match arg.to_str() {
            Some("--") => break,
            Some("--color") => args.next(),
            Some(a) => match a.strip_prefix("--color=") {
                Some(v) => Some(v.into()),
                None => continue,
            },
            None => continue,
        };
        if let Some(c) = value
            .and_then(|v| v.into_string().ok())
            .and_then(|v| Color::from_str(&v, false).ok())
        {
            color = c;
        }
    }
    color
}

fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Error> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "gazet", &mut out);
    write_stdout(&out)
}

/// gazet's manual page on stdout, or with `dir` one page per command and
/// subcommand (`gazet-gazetteer-check.1`), as git ships them.
fn man(dir: Option<PathBuf>) -> Result<ExitCode, Error> {
    let cmd = Cli::command();
    let Some(dir) = dir else {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut out)
            .map_err(|e| Error::io("<stdout>", e))?;
        return write_stdout(&out);
    };
    let mut pages = vec![cmd.clone()];
    let mut stack: Vec<(String, clap::Command)> = cmd
        .get_subcommands()
        .map(|c| ("gazet".to_owned(), c.clone()))
        .collect();
    while let Some((parent, c)) = stack.pop() {
        let name = format!("{parent}-{}", c.get_name());
        stack.extend(c.get_subcommands().map(|s| (name.clone(), s.clone())));
        pages.push(c.name(name).version(env!("CARGO_PKG_VERSION")));
    }
    for page in pages {
        let mut out = Vec::new();
        let name = page.get_name().to_owned();
        let path = dir.join(format!("{name}.1"));
        clap_mangen::Man::new(page)
            .render(&mut out)
            .map_err(|e| Error::io(&path, e))?;
        gazet::write_atomic(&path, &out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to stdout; a reader that stopped early is no failure.
fn write_stdout(bytes: &[u8]) -> Result<ExitCode, Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn annotate(args: AnnotateArgs) -> Result<ExitCode, Error> {
    let run_started = std::time::SystemTime::now();
    if let Some(mut n) = args.threads {
        // Each thread has its own stack and matcher state; thousands only
        // make the start slow (91 s for -j 10000) and win nothing.
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
    let annotator = annotator(&args.matching)?;
    let filter = filter(&args.matching.globs)?;
    let interrupted = interrupt_flag();
    let destination = Destination::parse(args.output.as_deref());
    let conll_destination = args.conll.as_deref().map(|p| Destination::parse(Some(p)));
    if destination == Destination::Stdout && conll_destination == Some(Destination::Stdout) {
        return Err(Error::Usage(
            "--conll - needs -o: the JSON and the CoNLL lines cannot share stdout".to_owned(),
        ));
    }
    if args.table.as_deref().is_some_and(|t| t.as_os_str() == "-") {
        return Err(Error::Usage(
            "--table - would write a file named `-`: name a file, or /dev/stdout with -o for the JSON"
                .to_owned(),
        ));
    }
    check_outputs(
        &[
            ("-o", destination_path(&destination)),
            (
                "--conll",
                conll_destination.as_ref().and_then(destination_path),
            ),
            ("--table", args.table.as_deref()),
            ("--brat", args.brat.as_deref()),
        ],
        &args.paths,
    )?;
    // Where this run writes, a run killed without a chance to clean up
    // (SIGKILL, a crash) may have left its temporary files.
    for (place, recursive) in [
        (
            output_folder(&destination),
            matches!(destination, Destination::Dir(_)),
        ),
        (
            conll_destination.as_ref().and_then(output_folder),
            matches!(conll_destination, Some(Destination::Dir(_))),
        ),
        (args.table.as_deref().map(parent_folder), false),
        (args.brat.clone(), true),
    ] {
        if let Some(place) = place {
            for stale in gazet::remove_stale_temps(&place, recursive, run_started) {
                warning(format_args!(
                    "{}: removed, a temporary file left by a gazet run that was killed",
                    stale.display()
                ));
            }
        }
    }
    let mut sink = Sink {
        writer: Writer::open(&destination)?,
        conll: conll_destination
            .as_ref()
            .map(|d| Writer::open_with(d, "conll"))
            .transpose()?,
        table: args
            .table
            .as_deref()
            .map(RelationTable::create)
            .transpose()?,
        brat: args.brat.as_deref().map(BratWriter::open).transpose()?,
        summary: Summary::default(),
        streaming: None,
        output_error: None,
        interrupted: interrupted.clone(),
    };
    let read = ReadOptions {
        lossy: args.lossy,
        max_bytes: args.max_file_size.unwrap_or(u64::MAX),
        stream: StreamOptions {
            above: args.stream_above,
            chunk: args.chunk_size,
        },
    };
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
            ids_name_files: matches!(destination, Destination::Dir(_))
                || matches!(conll_destination, Some(Destination::Dir(_)))
                || args.brat.is_some(),
        };
        batch::run_records(&annotator, input, "<stdin>", records, |r| sink.take(r));
    }
    if !roots.is_empty() && sink.output_error.is_none() && !sink.is_interrupted() {
        // gazet's own outputs inside an input folder are not documents.
        let outputs: Vec<PathBuf> = [
            destination_path(&destination).map(Path::to_path_buf),
            args.table.clone(),
            args.brat.clone(),
            args.conll.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        let (inputs, walk_errors) = walk::collect_excluding(&roots, &filter, &outputs);
        for e in walk_errors {
            sink.summary.failed += 1;
            error(e);
        }
        let bar = progress(inputs.len(), args.quiet);
        batch::run_files(&annotator, &inputs, read, &interrupted, |_, r| {
            bar.inc(1);
            sink.take(r)
        });
        bar.finish_and_clear();
    }
    // Freeing a large gazetteer entry by entry takes longer than the
    // process exit that frees it anyway.
    std::mem::forget(annotator);
    let was_interrupted = sink.is_interrupted();
    let Sink {
        mut writer,
        table,
        mut conll,
        mut brat,
        mut summary,
        output_error,
        ..
    } = sink;
    summary.elapsed = started.elapsed();
    if was_interrupted {
        // Dropping the writers removes their temporary files: an
        // interrupted run leaves no half-written output, and the
        // per-document files already written are whole.
        for w in std::iter::once(&mut writer).chain(conll.as_mut()) {
            if let Err(e) = w.keep_finished() {
                error(e);
            }
        }
        if let Some(Err(e)) = brat.as_mut().map(BratWriter::keep_finished) {
            error(e);
        }
        drop((writer, table, conll, brat));
        error(format_args!(
            "interrupted after {} documents; a single output file was not written",
            summary.documents
        ));
        return Ok(ExitCode::from(INTERRUPTED));
    }
    // A reader that stopped reading (`gazet ... | head`) is not a failure:
    // the run ends quietly, as ripgrep does. But it ends early, so an
    // output file asked for beside it would be incomplete: it is not
    // written, and that is said.
    let unwritten: Vec<String> = [
        match &destination {
            Destination::File(p) => Some(p.as_path()),
            _ => None,
        },
        args.table.as_deref(),
        match &conll_destination {
            Some(Destination::File(p)) => Some(p.as_path()),
            _ => None,
        },
    ]
    .into_iter()
    .flatten()
    .filter(|p| std::fs::metadata(p).map_or(true, |m| m.is_file()))
    .map(|p| p.display().to_string())
    .collect();
    let reader_stopped = || {
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
    if !args.quiet {
        note(&summary);
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

/// The folder an output's files (and their temporary files) go to.
fn output_folder(d: &Destination) -> Option<PathBuf> {
    match d {
        Destination::File(p) => Some(parent_folder(p)),
        Destination::Dir(p) => Some(p.clone()),
        Destination::Stdout => None,
    }
}

fn parent_folder(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

fn destination_path(d: &Destination) -> Option<&Path> {
    match d {
        Destination::File(p) | Destination::Dir(p) => Some(p),
        Destination::Stdout => None,
    }
}

/// Where `p` is, with links and `..` resolved, also when it does not exist
/// yet (then through its parent), so that two spellings of one place compare
/// equal.
fn place(p: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            // `out` is resolved so far, so `..` is its parent.
            Component::ParentDir => {
                out.pop();
            }
            c => {
                out.push(c);
                if let Ok(resolved) = std::fs::canonicalize(&out) {
                    out = resolved;
                } else if let Ok(target) = std::fs::read_link(&out) {
                    // A link to a file not written yet: where it points.
                    out.pop();
                    out.push(target);
                }
            }
        }
    }
    out
}

/// Refuses, before any work, a run whose outputs would overwrite each
/// other or an input: `-o X --table X`, `-o` naming an input file, or an
/// output folder that is an input folder (`--brat` would rewrite the
/// documents there, `-o` would hide them from the walk).
fn check_outputs(outputs: &[(&str, Option<&Path>)], inputs: &[PathBuf]) -> Result<(), Error> {
    let outputs: Vec<(&str, &Path, PathBuf)> = outputs
        .iter()
        .filter_map(|&(flag, p)| p.map(|p| (flag, p, place(p))))
        .collect();
    for (i, (flag, path, at)) in outputs.iter().enumerate() {
        if *flag == "--table" && path.is_dir() {
            return Err(Error::Usage(format!(
                "--table {} is a folder; the relation table is one file",
                path.display()
            )));
        }
        // Devices and FIFOs (`/dev/null` for both) are written in place, in
        // turn; only files and folders can be overwritten.
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
        if let Some((other, _, _)) = outputs[..i]
            .iter()
            .find(|(_, _, o)| o == at)
            .filter(|_| !special)
        {
            return Err(Error::Usage(format!(
                "{other} and {flag} both name {}: one would overwrite the other",
                path.display()
            )));
        }
        if let Some(input) = inputs
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .find(|p| place(p) == *at)
        {
            return Err(Error::Usage(format!(
                "{flag} {} is the input {}: gazet never writes over its inputs",
                path.display(),
                input.display()
            )));
        }
    }
    Ok(())
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
}

impl Sink {
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
            Ok(a) => {
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
                error(e);
            }
        }
        ControlFlow::Continue(())
    }
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

fn explain(args: ExplainArgs) -> Result<ExitCode, Error> {
    let annotator = Annotator::builder()
        .rules(load_rules(&args.rules)?)
        .patterns(load_patterns(&args.patterns)?)
        .build(load(&args.gazetteer)?)?;
    let (inputs, errors) = walk::collect(&args.paths, &filter(&args.globs)?);
    let mut failed = errors.len();
    for e in errors {
        error(e);
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
                error(e);
            }
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

fn eval(args: EvalArgs) -> Result<ExitCode, Error> {
    use gazet::dataset::{self, Texts};
    use gazet::score as eval;
    let thresholds = match &args.min_f1 {
        Some(spec) => {
            eval::parse_thresholds(spec).map_err(|m| Error::Usage(format!("--min-f1: {m}")))?
        }
        None => Vec::new(),
    };
    let gazetteer = load(&args.gazetteer)?;
    let mut texts = Texts::new(args.docs.clone());
    let mut predicted = dataset::read(&args.predicted, &texts, &gazetteer)
        .map_err(|e| Error::io(&args.predicted, e))?;
    // Texts the predictions led to serve the gold too.
    for (id, d) in &predicted.docs {
        if let Some(t) = &d.text {
            texts.known.insert(id.clone(), t.clone());
        }
    }
    let gold =
        dataset::read(&args.gold, &texts, &gazetteer).map_err(|e| Error::io(&args.gold, e))?;
    eval::align_local_ids(&gold, &mut predicted, |id| {
        gazetteer.entity_by_id(id).is_some()
    });
    let mut report = eval::evaluate(&gold, &predicted);
    report.bootstrap(args.bootstrap, args.seed);
    let mut out = String::new();
    if args.json {
        let mut json = serde_json::to_value(&report).unwrap_or_default();
        if !args.errors {
            if let Some(o) = json.as_object_mut() {
                o.remove("errors");
            }
        }
        out.push_str(&serde_json::to_string_pretty(&json).unwrap_or_default());
        out.push('\n');
    } else {
        out.push_str(&report.render_styled(args.agreement));
        if args.errors {
            out.push_str("\nerrors (doc, kind, spans or relation, context):\n");
            out.push_str(&report.render_errors());
        }
    }
    for w in &report.warnings {
        warning(w);
    }
    for p in &report.problems {
        error(p);
    }
    let mut failed = !report.problems.is_empty();
    for (measure, min) in &thresholds {
        let got = report.measure(measure).unwrap_or(0.0);
        if got < *min {
            error(format_args!(
                "{measure} F1 {got:.3} is below the required {min}"
            ));
            failed = true;
        }
    }
    // Through anstream: the report's colours only where wanted.
    if let Err(e) = anstream::stdout().lock().write_all(out.as_bytes()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(Error::io("<stdout>", e));
        }
    }
    Ok(if failed {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

fn render(args: RenderArgs) -> Result<ExitCode, Error> {
    use gazet::dataset::{self, Texts};
    use gazet::render::{self, Input, ViewDoc};
    let filter = filter(&args.matching.globs)?;
    let mut texts = Texts::new(args.docs.clone());
    let mut inputs: Vec<Input> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    // A folder of documents is annotated, even if gazet's output sits in it.
    let (saved, documents): (Vec<PathBuf>, Vec<PathBuf>) =
        args.paths.iter().cloned().partition(|p| {
            dataset::detect(p) == Some(dataset::Format::Gazet)
                && (p.is_file() || walk::collect(std::slice::from_ref(p), &filter).0.is_empty())
        });
    for p in &saved {
        let (docs, bad) = render::read_annotations(p);
        problems.extend(bad);
        inputs.extend(render::attach_texts(docs, &texts, &mut problems));
    }
    // The annotator's gazetteer serves the gold too, so it is read once.
    let mut annotator_built = None;
    if !documents.is_empty() {
        let annotator = annotator_built.insert(annotator(&args.matching)?);
        let (files, errors) =
            walk::collect_excluding(&documents, &filter, std::slice::from_ref(&args.output));
        problems.extend(errors.iter().map(ToString::to_string));
        let interrupted = interrupt_flag();
        let bar = progress(files.len(), args.quiet);
        batch::run_files(
            annotator,
            &files,
            ReadOptions::default(),
            &interrupted,
            |_, r| {
                bar.inc(1);
                match r {
                    Ok(a) => inputs.push(Input {
                        doc: ViewDoc::from_annotation(&a.annotation),
                        text: Some(a.text),
                    }),
                    Err(e) => problems.push(e.to_string()),
                }
                ControlFlow::Continue(())
            },
        );
        bar.finish_and_clear();
        if interrupted.load(Ordering::SeqCst) {
            error("interrupted; no report written");
            return Ok(ExitCode::from(INTERRUPTED));
        }
    }
    for i in &inputs {
        if let Some(t) = &i.text {
            texts.known.insert(i.doc.doc.clone(), t.clone());
        }
    }
    let loaded;
    let gazetteer = match &annotator_built {
        Some(a) => a.gazetteer(),
        None => {
            loaded = load(&args.matching.gazetteer)?;
            &loaded
        }
    };
    let gold = match &args.gold {
        Some(g) => {
            let set = dataset::read(g, &texts, gazetteer).map_err(|e| Error::io(g, e))?;
            Some(set)
        }
        None => None,
    };
    let known = |id: &str| gazetteer.entity_by_id(id).is_some();
    let rendered = render::write(&args.output, inputs, gold.as_ref(), &known)?;
    if let Some(r) = &rendered.report {
        for w in &r.warnings {
            warning(w);
        }
        problems.extend(r.problems.iter().cloned());
    }
    problems.extend(rendered.problems.iter().cloned());
    for p in &problems {
        error(p);
    }
    if !args.quiet {
        note(format_args!(
            "{} pages, {} spans, {} relations in {}",
            rendered.pages,
            rendered.spans,
            rendered.relations,
            args.output.join("index.html").display()
        ));
    }
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    })
}

fn check_rules(rules: &RulesArgs, gazetteer: &GazetteerArgs) -> Result<ExitCode, Error> {
    let rules = load_rules(rules)?;
    let count = rules.rules().len();
    let annotator = Annotator::builder().rules(rules).build(load(gazetteer)?)?;
    let (tests, failures) = annotator.test_rules();
    Ok(report_tests(&format!("{count} rules"), tests, &failures))
}

/// Prints the failed tests and the tally; exit 1 if any failed.
fn report_tests(what: &str, tests: usize, failures: &[impl std::fmt::Display]) -> ExitCode {
    for f in failures {
        println!("FAILED {f}");
    }
    println!(
        "{what}, {tests} tests: {} passed, {} failed",
        tests - failures.len(),
        failures.len()
    );
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    }
}

fn check_patterns(patterns: &PatternArgs, gazetteer: &GazetteerArgs) -> Result<ExitCode, Error> {
    let patterns = load_patterns(patterns)?;
    let count = patterns.rules().len();
    let annotator = Annotator::builder()
        .patterns(patterns)
        .build(load(gazetteer)?)?;
    let (tests, failures) = annotator.test_patterns();
    Ok(report_tests(
        &format!("{count} name patterns"),
        tests,
        &failures,
    ))
}

fn suggest(args: SuggestArgs) -> Result<ExitCode, Error> {
    let gazetteer = load(&args.gazetteer)?;
    let annotator = Annotator::builder()
        .patterns(load_patterns(&args.patterns)?)
        .rules(Rules::default())
        .build(gazetteer.clone())?;
    let outputs: Vec<PathBuf> = args.output.iter().cloned().collect();
    let (inputs, errors) = walk::collect_excluding(&args.paths, &filter(&args.globs)?, &outputs);
    let mut failed = errors.len();
    for e in errors {
        plain(e);
    }
    let mut collector = gazet::suggest::Collector::new();
    let interrupted = interrupt_flag();
    batch::run_files(
        &annotator,
        &inputs,
        ReadOptions::default(),
        &interrupted,
        |_, r| {
            match r {
                Ok(a) => collector.add(&a.annotation, &a.text),
                Err(e) => {
                    failed += 1;
                    plain(e);
                }
            }
            ControlFlow::Continue(())
        },
    );
    if interrupted.load(Ordering::SeqCst) {
        return Ok(ExitCode::from(INTERRUPTED));
    }
    let suggestions = collector.suggestions(&gazetteer, args.min_documents);
    let tsv = gazet::suggest::render(&suggestions);
    match &args.output {
        Some(path) => gazet::write_atomic(path, tsv.as_bytes())?,
        None => {
            if let Err(e) = std::io::stdout().lock().write_all(tsv.as_bytes()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(Error::io("<stdout>", e));
                }
            }
        }
    }
    plain(format_args!(
        "{} suggested entries from {} documents",
        suggestions.len(),
        inputs.len()
    ));
    Ok(if failed > 0 {
        ExitCode::from(FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

fn stats(args: &GazetteerArgs, json: bool) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let c = compiled(args)?;
    let ready = started.elapsed();
    let g = &c.gazetteer;
    let report = serde_json::json!({
        "entities": g.entities().len(),
        "aliases": g.alias_count(),
        "ready_ms": ready.as_secs_f64() * 1000.0,
        "cache": c.status.as_str(),
        "matcher_bytes": c.matcher.heap_bytes(),
    });
    if json {
        println!("{report}");
    } else {
        println!(
            "{} entities, {} aliases, ready in {:.1} ms (cache: {}), matcher {:.1} MB",
            g.entities().len(),
            g.alias_count(),
            ready.as_secs_f64() * 1000.0,
            c.status.as_str(),
            c.matcher.heap_bytes() as f64 / 1e6
        );
    }
    Ok(ExitCode::SUCCESS)
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
