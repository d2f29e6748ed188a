//! Every command-line flag, in one place.

use clap::{Args, Parser, Subcommand, ValueEnum};
use gazet::import::Format;
use gazet::{Label, LabelMap, StreamOptions};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "gazet",
    version,
    about = "Gazetteer-based entity annotation with exact offsets",
    after_help = "Examples:\n  \
        gazet annotate corpus/ -o spans.jsonl\n  \
        gazet eval spans.jsonl corpus/gold/\n  \
        gazet render corpus/ --gold corpus/gold/ -o report/\n  \
        gazet help annotate",
    long_about = "gazet matches gazetteers of organisations, places and people against \
                  documents and writes the entity spans as JSON, with offsets in Unicode \
                  code points of the original text."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Colour in reports, summaries and errors: auto (on a terminal, unless
    /// NO_COLOR is set), always, or never.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value_t = Color::Auto,
        display_order = 900
    )]
    pub color: Color,

    /// A schema file declaring labels, kinds and relation types: it extends
    /// the default schema (ORG, LOC, PER and seven relations), or replaces
    /// it if it says `extends: none`. Gazetteers, rules, patterns and gold
    /// are checked against it.
    // Read before clap parses (see `main::early_value`), since flags such as
    // --label and --label-map name labels; declared here for help and
    // completions.
    #[arg(long, global = true, value_name = "FILE", display_order = 901)]
    #[allow(dead_code)]
    pub schema: Option<PathBuf>,
}

/// When to colour what gazet writes for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Annotate documents (folders, files, or JSON Lines on stdin).
    #[command(after_help = "Examples:\n  \
        gazet annotate corpus/\n  \
        gazet annotate corpus/ -o spans.jsonl\n  \
        gazet annotate corpus/ -o out/            # one JSON file per document\n  \
        gazet annotate docs/ --gazetteer extra.tsv --glob '*.txt'\n  \
        gazet annotate corpus/ --table relations.csv\n  \
        gazet annotate corpus/ --brat brat/ --conll corpus.conll\n  \
        echo '{\"id\":\"d1\",\"text\":\"CSTO met in Bishkek.\"}' | gazet annotate -")]
    Annotate(AnnotateArgs),
    /// Show, sentence by sentence, which rules matched, and what was
    /// accepted, blocked (and by what) or refused.
    #[command(after_help = "Examples:\n  \
        gazet explain corpus/central-asia-security.txt\n  \
        gazet explain corpus/ --all                # also sentences where no rule matched\n  \
        gazet explain doc.txt --rules my.rules")]
    Explain(ExplainArgs),
    /// Score predictions (or a second annotator) against gold: spans with the
    /// four SemEval-2013 schemas, entity ids, relations.
    #[command(after_help = "Examples:\n  \
        gazet annotate corpus/ -o out.jsonl && gazet eval out.jsonl corpus/gold/\n  \
        gazet eval out.jsonl corpus/gold/ --errors           # every error with context\n  \
        gazet eval out.jsonl gold/ --min-f1 strict=0.9,relations=0.8   # exit 1 below\n  \
        gazet eval out.jsonl brat/ --bootstrap 1000 --json\n  \
        gazet eval annotator-b/ annotator-a/ --agreement      # pairwise F1\n  \
        gazet eval out.jsonl relations.csv                   # relation table as gold")]
    Eval(EvalArgs),
    /// Write a static HTML report: an index of the documents and one page per
    /// document with its entities highlighted and its relations with their
    /// evidence; with --gold, the differences from the gold marked in place.
    #[command(after_help = "Examples:\n  \
        gazet render corpus/ -o report/                        # annotate, then render\n  \
        gazet render corpus/ --gold corpus/gold/ -o report/    # and show the errors\n  \
        gazet render out.jsonl -o report/                      # render saved output\n  \
        gazet render out/ --docs texts/ -o report/             # texts found in texts/\n  \
        gazet render out.jsonl --gold brat-gold/ -o report/\n\n\
        A .json/.jsonl file, or a folder without documents but with .json/.jsonl files, is read \
        as gazet's output; anything else is annotated first, with the gazetteer and rules flags. \
        Open report/index.html in a browser: the pages load nothing from the network.")]
    Render(RenderArgs),
    /// Inspect gazetteers.
    #[command(
        subcommand,
        after_help = "Examples:\n  \
        gazet gazetteer check\n  \
        gazet gazetteer check -g my-places.tsv"
    )]
    Gazetteer(GazetteerCommand),
    /// Print a shell completion script for gazet.
    #[command(after_help = "Examples:\n  \
        gazet completions bash > ~/.local/share/bash-completion/completions/gazet\n  \
        gazet completions zsh > ~/.zfunc/_gazet        # with fpath+=~/.zfunc in .zshrc\n  \
        gazet completions fish > ~/.config/fish/completions/gazet.fish\n  \
        gazet completions powershell >> $PROFILE")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the manual pages (roff): gazet's to stdout, or one page per
    /// subcommand into a folder.
    #[command(after_help = "Examples:\n  \
        gazet man | man -l -\n  \
        gazet man -o /usr/local/share/man/man1/      # gazet.1, gazet-annotate.1, ...")]
    Man {
        /// Write gazet.1 and gazet-<subcommand>.1 into this folder.
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Check relation rules.
    #[command(
        subcommand,
        after_help = "Examples:\n  \
        gazet rules check\n  \
        gazet rules check --rules my.rules"
    )]
    Rules(RulesCommand),
    /// Check the name patterns that propose names no gazetteer lists.
    #[command(subcommand)]
    Patterns(PatternsCommand),
}

#[derive(Args, Debug, Clone)]
pub struct PatternArgs {
    /// Add a name patterns file (repeatable).
    #[arg(long = "patterns", value_name = "PATH")]
    pub patterns: Vec<PathBuf>,
    /// Do not use the name patterns embedded in gazet.
    #[arg(long)]
    pub no_default_patterns: bool,
    /// Propose no names beyond the gazetteers (no name patterns at all).
    #[arg(long, conflicts_with_all = ["patterns", "no_default_patterns"])]
    pub no_patterns: bool,
}

#[derive(Subcommand, Debug)]
pub enum PatternsCommand {
    /// Compile the name patterns and run the `test:` sentences of every rule.
    #[command(after_help = "Examples:\n  \
        gazet patterns check\n  \
        gazet patterns check --patterns my.rules --no-default-patterns")]
    Check {
        #[command(flatten)]
        patterns: PatternArgs,
        #[command(flatten)]
        gazetteer: GazetteerArgs,
    },
}

#[derive(Args, Debug, Clone)]
pub struct RulesArgs {
    /// Add a relation rules file (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not use the rules embedded in gazet (with no --rules: no relations).
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Files or folders to explain; `-` reads JSON Lines {"id", "text"} from stdin.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Also show sentences where no rule proposed anything.
    #[arg(long)]
    pub all: bool,
    /// The same matching flags as `annotate`, so that what is explained is
    /// what `annotate` gives.
    #[command(flatten)]
    pub matching: MatchArgs,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Compile the rules and run the `test:` sentences of every rule.
    #[command(after_help = "Examples:\n  \
        gazet rules check\n  \
        gazet rules check --rules my.rules --no-default-rules")]
    Check {
        #[command(flatten)]
        rules: RulesArgs,
        #[command(flatten)]
        gazetteer: GazetteerArgs,
    },
}

#[derive(Args, Debug, Clone)]
pub struct GazetteerArgs {
    /// Add a gazetteer file (repeatable): gazet's TSV, or another tool's
    /// (spaCy .jsonl, GATE .def, CoreNLP RegexNER, FlashText .json), found
    /// from the file; FORMAT:PATH names the format (gazet, spacy, gate,
    /// regexner, flashtext), list:LABEL:PATH reads one name per line with
    /// that label. `world` adds the embedded world gazetteer instead (cities
    /// of 100,000 people or more and the US states, from GeoNames); a file
    /// called world is `./world`.
    #[arg(short = 'g', long = "gazetteer", value_name = "PATH")]
    pub gazetteers: Vec<PathBuf>,
    /// Do not use the gazetteers embedded in gazet.
    #[arg(long)]
    pub no_default_gazetteers: bool,
    /// Neither read nor write the compiled-gazetteer cache
    /// ($GAZET_CACHE_DIR, else $XDG_CACHE_HOME/gazet, else ~/.cache/gazet).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Args, Debug)]
pub struct AnnotateArgs {
    /// Folders or files to annotate; `-` reads JSON Lines {"id", "text"} from stdin.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Output: a JSON Lines file, or a folder (ending in `/` or existing) for one
    /// JSON file per document. Default: JSON Lines on stdout.
    #[arg(short, long, value_name = "FILE|DIR/")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub matching: MatchArgs,

    /// Also write the relation table: CSV, or TSV for a name ending in .tsv.
    #[arg(long, value_name = "FILE")]
    pub table: Option<PathBuf>,

    /// Also write brat standoff: DIR/<doc>.ann beside a copy of DIR/<doc>.txt
    /// (opens in brat and INCEpTION; `gazet eval` reads it as gold).
    #[arg(long, value_name = "DIR")]
    pub brat: Option<PathBuf>,

    /// Also write CoNLL-style BIO (token<TAB>tag, a blank line between
    /// sentences, -DOCSTART- per document): one file, or a folder (ending in
    /// `/` or existing) with <doc>.conll per document.
    #[arg(long, value_name = "FILE|DIR/")]
    pub conll: Option<PathBuf>,

    /// Also put each document's text in its JSON, with its flat spans as
    /// displaCy's `ents`, so that each line is a document of displaCy's
    /// manual mode (not for a file streamed in chunks).
    #[arg(long)]
    pub with_text: bool,

    /// Read invalid UTF-8 with U+FFFD in place of each bad sequence (with a
    /// warning), instead of skipping the file; offsets refer to that text.
    #[arg(long)]
    pub lossy: bool,

    /// Skip files larger than this many bytes (default: no limit).
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,

    /// Stream files larger than this many bytes in chunks instead of reading
    /// them whole (memory stays bounded whatever the file's size; ambiguity
    /// evidence and proposed-name links then count within a chunk).
    #[arg(long, value_name = "BYTES", default_value_t = StreamOptions::default().above)]
    pub stream_above: u64,

    /// About how many bytes a chunk of a streamed file holds (at most 1 GiB).
    #[arg(long, value_name = "BYTES", default_value_t = StreamOptions::default().chunk, value_parser = chunk_size)]
    pub chunk_size: usize,

    /// Number of threads (default: all cores; at most 8 per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// No progress bar and no summary on stderr (errors are still shown).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// gazet output (.jsonl, .json, or a folder of them), or documents
    /// (folders or files) to annotate first.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// The report folder: index.html and docs/<document>.html.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Gold to compare with, in any format `gazet eval` reads: the index gets
    /// scores and every page its errors.
    #[arg(long, value_name = "PATH")]
    pub gold: Option<PathBuf>,
    /// Folder with the documents' texts (<doc>.txt or .md), where the
    /// annotations do not lead to them.
    #[arg(long, value_name = "DIR")]
    pub docs: Vec<PathBuf>,
    /// Other tools' label names for gazet's, in the gold and the output
    /// read (`Organization=ORG,Location=LOC,GPE=LOC`).
    #[arg(long, value_name = "FROM=TO,...", default_value = "")]
    pub label_map: LabelMap,
    /// How documents are annotated, when they are given instead of output.
    #[command(flatten)]
    pub matching: MatchArgs,
    /// No progress bar and no summary on stderr (problems are still shown).
    #[arg(short, long)]
    pub quiet: bool,
}

/// How documents are annotated.
#[derive(Args, Debug)]
pub struct MatchArgs {
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,

    #[command(flatten)]
    pub rules: RulesArgs,

    #[command(flatten)]
    pub patterns: PatternArgs,

    /// Also report matches nested in or overlapping the flat spans (marked "nested").
    #[arg(long)]
    pub overlaps: bool,

    /// Do not recognise acronyms defined in a document (`Long Form (LF)`).
    #[arg(long)]
    pub no_acronyms: bool,

    /// Keep a gazetteer acronym (`SCO`, `RSA`) with nothing in the document to back it:
    /// no other name of its entity, no related entity and no other entity near it.
    #[arg(long)]
    pub lone_acronyms: bool,

    /// Which files a folder walk takes (repeatable; replaces the default *.txt, *.md).
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum GazetteerCommand {
    /// Validate gazetteers and list aliases that name several entities.
    #[command(after_help = "Examples:\n  \
        gazet gazetteer check\n  \
        gazet gazetteer check -g my-places.tsv\n  \
        gazet gazetteer check -g mine.tsv --no-default-gazetteers")]
    Check(GazetteerArgs),
    /// Collect the names the patterns propose over documents and write them
    /// as candidate gazetteer entries, with their evidence, for review.
    #[command(after_help = "Examples:\n  \
        gazet gazetteer suggest corpus/ -o suggested.tsv\n  \
        gazet gazetteer suggest docs/ --min-documents 2 -o suggested.tsv\n  \
        # review suggested.tsv, then:\n  \
        cat suggested.tsv >> mine.tsv && gazet annotate docs/ -g mine.tsv")]
    Suggest(SuggestArgs),
    /// Convert gazetteers of other tools (spaCy patterns, GATE lists,
    /// CoreNLP RegexNER, FlashText dictionaries, plain lists) to gazet's TSV.
    #[command(after_help = "Examples:\n  \
        gazet gazetteer import patterns.jsonl -o mine.tsv          # spaCy EntityRuler\n  \
        gazet gazetteer import gate/lists.def -o gate.tsv\n  \
        gazet gazetteer import ner.tsv --label-map MISC=- -o ner-gaz.tsv   # CoreNLP RegexNER\n  \
        gazet gazetteer import keywords.json --label ORG -o orgs.tsv   # FlashText\n  \
        gazet gazetteer import --format list --label PER names.txt -o people.tsv\n  \
        gazet annotate docs/ -g mine.tsv\n\n\
        Each FILE may also be written FORMAT:FILE or list:LABEL:FILE, as with -g. \
        The TSV is written whole or not at all; the summary and what was left out go to stderr.")]
    Import(ImportArgs),
    /// Load (or build and cache) the gazetteers and report their size and
    /// how long they took to be ready.
    #[command(after_help = "Examples:\n  \
        gazet gazetteer stats\n  \
        gazet gazetteer stats -g cities.tsv --no-default-gazetteers --json\n  \
        gazet gazetteer stats -g cities.tsv --no-cache    # parse and build every time")]
    Stats {
        #[command(flatten)]
        gazetteer: GazetteerArgs,
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The files to convert, each FILE, FORMAT:FILE or list:LABEL:FILE.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Write the TSV here (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The files' format where no prefix names it: gazet, spacy, gate,
    /// regexner, flashtext or list (default: found from each file).
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// The label of a plain list or of a FlashText dictionary without labels.
    #[arg(long, value_name = "LABEL")]
    pub label: Option<Label>,
    /// Map the other tool's labels: FROM=TO,... where TO is a label of the
    /// schema (ORG, LOC or PER by default), optionally with a kind
    /// (GPE=LOC:country), or - to leave those entries out (NORP=-).
    #[arg(long, value_name = "FROM=TO,...")]
    pub label_map: Option<LabelMap>,
    /// Do not read the embedded gazetteers (whose ids an id made from a
    /// name steps around, as it does when the files are read with -g).
    #[arg(long)]
    pub no_default_gazetteers: bool,
}

#[derive(Args, Debug)]
pub struct SuggestArgs {
    /// Folders or files to read.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Write the suggestions here (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only names found in at least this many documents.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_documents: usize,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    #[command(flatten)]
    pub patterns: PatternArgs,
    /// Which files a folder walk takes (repeatable; replaces the default *.txt, *.md).
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
}

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Predictions: gazet's JSON Lines or a folder of its JSON files (or any
    /// gold format, to compare two annotators).
    #[arg(value_name = "PREDICTED")]
    pub predicted: PathBuf,
    /// Gold: a .gold.tsv file or folder, brat .ann files beside their .txt,
    /// CoNLL .conll files, or a relation table (.csv/.tsv with doc, head,
    /// relation, tail).
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,
    /// Folder with the documents' texts (<doc>.txt or .md), where the gold
    /// and the predictions do not lead to them.
    #[arg(long, value_name = "DIR")]
    pub docs: Vec<PathBuf>,
    /// Other tools' label names for gazet's, in the gold and the
    /// predictions (`Organization=ORG,Location=LOC,GPE=LOC`).
    #[arg(long, value_name = "FROM=TO,...", default_value = "")]
    pub label_map: LabelMap,
    /// Gazetteers that resolve names in a relation table.
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// The report as JSON.
    #[arg(long)]
    pub json: bool,
    /// List every error (missed, spurious, wrong label, wrong boundary,
    /// wrong entity, relation) with document, offsets and context.
    #[arg(long)]
    pub errors: bool,
    /// Fail (exit 1) below these scores, e.g. strict=0.9,relations=0.8
    /// (measures: strict, exact, partial, type, relations, entities).
    #[arg(long, value_name = "MEASURE=F1,...")]
    pub min_f1: Option<String>,
    /// 95% confidence intervals from N resamplings of the documents (at most
    /// 100,000).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = bootstrap_rounds)]
    pub bootstrap: usize,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Compare two annotators: the same scores, read as pairwise agreement.
    #[arg(long)]
    pub agreement: bool,
}

/// The largest `--chunk-size`: a chunk is held several times over, once
/// per thread, and a larger one gains nothing but a failed allocation.
const MAX_CHUNK: u64 = 1 << 30;

fn chunk_size(s: &str) -> Result<usize, String> {
    let n: u64 = s.parse().map_err(|e| format!("{e}"))?;
    if n > MAX_CHUNK {
        return Err(format!("at most {MAX_CHUNK} bytes (1 GiB)"));
    }
    usize::try_from(n).map_err(|e| e.to_string())
}

/// The most `--bootstrap` rounds: past a few thousand the interval no longer
/// moves, and each round scores every document again.
const MAX_BOOTSTRAP: usize = 100_000;

fn bootstrap_rounds(s: &str) -> Result<usize, String> {
    let n: usize = s.parse().map_err(|e| format!("{e}"))?;
    if n > MAX_BOOTSTRAP {
        return Err(format!("at most {MAX_BOOTSTRAP} resamplings"));
    }
    Ok(n)
}
