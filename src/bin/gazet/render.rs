//! `gazet render`: the HTML report.

use crate::args::{annotator, filter, load};
use crate::cli::RenderArgs;
use crate::messages::{error, note, problem_with_hint, warning, with_hint};
use crate::progress::Progress;
use crate::stdin::interrupt_flag;
use crate::{FAILED, INTERRUPTED};
use gazet::render::{self, Input, ViewDoc};
use gazet::{batch, walk, Annotator, Error, ReadOptions};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;

pub(crate) fn render(args: RenderArgs) -> Result<ExitCode, Error> {
    use gazet::dataset::{self, Texts};
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
        let (docs, mut bad) = render::read_annotations(p);
        inputs.extend(render::attach_texts(docs, &texts.beside(p), &mut bad));
        problems.extend(bad.iter().map(problem_with_hint));
    }
    // The annotator's gazetteer serves the gold too, so it is read once.
    let mut annotator_built = None;
    if !documents.is_empty() {
        let annotator = annotator_built.insert(annotator(&args.matching)?);
        let files = walk_documents(&documents, &filter, &args.output, &mut problems);
        if !annotate_into(annotator, &files, args.quiet, &mut inputs, &mut problems) {
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
            let set = dataset::read(g, &texts, gazetteer, &args.label_map)
                .map_err(|e| Error::io(g, e))?;
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
        problems.extend(r.problems.iter().map(problem_with_hint));
    }
    problems.extend(rendered.problems.iter().map(problem_with_hint));
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

/// The documents to annotate for the report, without the report's own folder.
fn walk_documents(
    roots: &[PathBuf],
    filter: &walk::Filter,
    report: &Path,
    problems: &mut Vec<String>,
) -> Vec<walk::Input> {
    let (files, errors) = walk::collect_excluding(roots, filter, &[report.to_owned()]);
    problems.extend(errors.iter().map(ToString::to_string));
    files
}

/// Annotates `files` into report pages; false if the run was interrupted.
fn annotate_into(
    annotator: &Annotator,
    files: &[walk::Input],
    quiet: bool,
    inputs: &mut Vec<Input>,
    problems: &mut Vec<String>,
) -> bool {
    let interrupted = interrupt_flag();
    let mut bar = Progress::new(files, quiet, false);
    batch::run_files(
        annotator,
        files,
        ReadOptions::default(),
        &interrupted,
        |input, r| {
            bar.advance(input, &r);
            match r {
                Ok(a) => inputs.push(Input {
                    doc: ViewDoc::from_annotation(&a.annotation),
                    text: Some(a.text),
                }),
                Err(e) => problems.push(with_hint(&e)),
            }
            ControlFlow::Continue(())
        },
    );
    bar.finish();
    !interrupted.load(Ordering::SeqCst)
}
