//! `gazet eval`: predictions scored against gold.

use crate::args::load;
use crate::cli::EvalArgs;
use crate::messages::{count, error, problem_with_hint, warning};
use crate::FAILED;
use gazet::Error;
use std::io::Write;
use std::process::ExitCode;

pub(crate) fn eval(args: EvalArgs) -> Result<ExitCode, Error> {
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
    let mut predicted = dataset::read(&args.predicted, &texts, &gazetteer, &args.label_map)
        .map_err(|e| Error::io(&args.predicted, e))?;
    // Texts the predictions led to serve the gold too.
    for (id, d) in &predicted.docs {
        if let Some(t) = &d.text {
            texts.known.insert(id.clone(), t.clone());
        }
    }
    let gold = dataset::read(&args.gold, &texts, &gazetteer, &args.label_map)
        .map_err(|e| Error::io(&args.gold, e))?;
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
    if args.json {
        // A program reads them from the report; a person needs only to
        // know they are there.
        if !report.warnings.is_empty() {
            warning(format_args!(
                "{} in the report's \"warnings\"",
                count(report.warnings.len(), "warning")
            ));
        }
    } else {
        for w in &report.warnings {
            warning(w);
        }
    }
    for p in &report.problems {
        error(problem_with_hint(p));
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
