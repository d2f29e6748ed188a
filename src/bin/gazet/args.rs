//! Flags turned into the library's objects: gazetteers, rules, patterns,
//! the annotator, the walk filter. Each subcommand builds what it needs here,
//! so that every subcommand reads a flag the same way.

use crate::cli::{GazetteerArgs, MatchArgs, PatternArgs, RulesArgs};
use gazet::cache;
use gazet::walk::Filter;
use gazet::{Annotator, Error, Gazetteer, GazetteerBuilder, Patterns, Rules, Schema};
use std::path::Path;

/// Installs the schema of `--schema FILE` for everything read after it;
/// without one the default stays.
pub(crate) fn install_schema(file: Option<&Path>) -> Result<(), Error> {
    if let Some(file) = file {
        Schema::install(Schema::from_file(file)?);
    }
    Ok(())
}

/// The gazetteer sources the flags name: `-g world` is the embedded world
/// gazetteer (a file of that name is `-g ./world`), `-g FORMAT:PATH` a file
/// of another tool (`-g list:ORG:names.txt`), any other `-g` a file whose
/// format is found from it.
pub(crate) fn builder(args: &GazetteerArgs) -> Result<GazetteerBuilder, Error> {
    let mut b = Gazetteer::builder().default_gazetteers(!args.no_default_gazetteers);
    for p in &args.gazetteers {
        b = b.add_named(p).map_err(|e| match e {
            Error::ListWithoutLabel { .. } | Error::NoFileAfterFormat { .. } => {
                Error::Usage(format!("-g {e}"))
            }
            other => other,
        })?;
    }
    Ok(b)
}

/// The gazetteers, parsed and checked (no matcher, no cache).
pub(crate) fn load(args: &GazetteerArgs) -> Result<Gazetteer, Error> {
    builder(args)?.build()
}

/// The gazetteers with their matcher, from the cache where one is there.
pub(crate) fn compiled(args: &GazetteerArgs) -> Result<cache::Compiled, Error> {
    let dir = if args.no_cache {
        None
    } else {
        cache::default_dir()
    };
    cache::compile(&builder(args)?, dir.as_deref())
}

/// The relation rules: the embedded ones unless turned off, then the files named.
pub(crate) fn load_rules(args: &RulesArgs) -> Result<Rules, Error> {
    Rules::load(!args.no_default_rules, &args.rules)
}

/// The name patterns: the embedded ones unless turned off, then the files named.
pub(crate) fn load_patterns(args: &PatternArgs) -> Result<Patterns, Error> {
    Patterns::load(
        !(args.no_default_patterns || args.no_patterns),
        &args.patterns,
    )
}

/// The annotator the matching flags describe.
pub(crate) fn annotator(args: &MatchArgs) -> Result<Annotator, Error> {
    Annotator::builder()
        .overlaps(args.overlaps)
        .acronyms(!args.no_acronyms)
        .lone_acronyms(args.lone_acronyms)
        .rules(load_rules(&args.rules)?)
        .patterns(load_patterns(&args.patterns)?)
        .build_compiled(compiled(&args.gazetteer)?)
}

/// Which files a folder walk takes: the `--glob`s, else `*.txt` and `*.md`.
pub(crate) fn filter(globs: &[String]) -> Result<Filter, Error> {
    if globs.is_empty() {
        Ok(Filter::default_globs())
    } else {
        Filter::new(globs)
    }
}
