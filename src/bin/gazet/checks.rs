//! `gazet gazetteer check|suggest|stats|import`, `gazet rules check` and
//! `gazet patterns check`: the configuration, tested on its own.

use crate::args::{compiled, filter, load, load_patterns, load_rules};
use crate::cli::{GazetteerArgs, ImportArgs, PatternArgs, RulesArgs, SuggestArgs};
use crate::messages::{note, plain, warning};
use crate::stdin::interrupt_flag;
use crate::{FAILED, INTERRUPTED};
use gazet::import::Import;
use gazet::{batch, walk, Annotator, Error, Gazetteer, ReadOptions, Rules};
use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Instant;

pub(crate) fn check_rules(rules: &RulesArgs, gazetteer: &GazetteerArgs) -> Result<ExitCode, Error> {
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

pub(crate) fn check_patterns(
    patterns: &PatternArgs,
    gazetteer: &GazetteerArgs,
) -> Result<ExitCode, Error> {
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

pub(crate) fn suggest(args: SuggestArgs) -> Result<ExitCode, Error> {
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

pub(crate) fn import(args: ImportArgs) -> Result<ExitCode, Error> {
    let mut b = Gazetteer::builder().default_gazetteers(!args.no_default_gazetteers);
    let label_map = args.label_map.unwrap_or_default();
    for f in &args.files {
        let (mut import, path) = match f.to_str().and_then(Import::parse_source) {
            Some(spec) => {
                let (import, path) = spec?;
                (import, PathBuf::from(path))
            }
            None => (Import::default(), f.clone()),
        };
        import.format = import.format.or(args.format);
        import.label = import.label.or(args.label);
        import.label_map = label_map.clone();
        b = b.add_import(path, import);
    }
    let converted = b.convert()?;
    match &args.output {
        Some(path) => gazet::write_atomic(path, converted.tsv.as_bytes())?,
        None => {
            if let Err(e) = std::io::stdout().lock().write_all(converted.tsv.as_bytes()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(Error::io("<stdout>", e));
                }
            }
        }
    }
    for w in &converted.warnings {
        warning(w);
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    note(format_args!(
        "imported {}, {} from {} ({})",
        plural(converted.entities, "entity", "entities"),
        plural(converted.aliases, "alias", "aliases"),
        plural(args.files.len(), "file", "files"),
        plural(converted.warnings.len(), "warning", "warnings"),
    ));
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn stats(args: &GazetteerArgs, json: bool) -> Result<ExitCode, Error> {
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

pub(crate) fn check(args: GazetteerArgs) -> Result<ExitCode, Error> {
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
