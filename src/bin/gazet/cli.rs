//! Every command-line flag, in one place.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "gazet",
    version,
    about = "Gazetteer-based entity annotation with exact offsets",
    long_about = "gazet matches gazetteers of organisations, places and people against \
                  documents and writes the entity spans as JSON, with offsets in Unicode \
                  code points of the original text."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
        echo '{\"id\":\"d1\",\"text\":\"CSTO met in Bishkek.\"}' | gazet annotate -")]
    Annotate(AnnotateArgs),
    /// Show, sentence by sentence, which rules matched, and what was
    /// accepted, blocked (and by what) or refused.
    #[command(after_help = "Examples:\n  \
        gazet explain corpus/central-asia-security.txt\n  \
        gazet explain corpus/ --all                # also sentences where no rule matched\n  \
        gazet explain doc.txt --rules my.rules")]
    Explain(ExplainArgs),
    /// Inspect gazetteers.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
    /// Check relation rules.
    #[command(subcommand)]
    Rules(RulesCommand),
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
    /// Files or folders to explain.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Also show sentences where no rule proposed anything.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// Which files a folder walk takes (repeatable; replaces the default *.txt, *.md).
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
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
    /// Add a gazetteer file (repeatable).
    #[arg(short = 'g', long = "gazetteer", value_name = "PATH")]
    pub gazetteers: Vec<PathBuf>,
    /// Do not use the gazetteers embedded in gazet.
    #[arg(long)]
    pub no_default_gazetteers: bool,
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
    pub gazetteer: GazetteerArgs,

    #[command(flatten)]
    pub rules: RulesArgs,

    /// Also write the relation table: CSV, or TSV for a name ending in .tsv.
    #[arg(long, value_name = "FILE")]
    pub table: Option<PathBuf>,

    /// Also report matches nested in or overlapping the flat spans (marked "nested").
    #[arg(long)]
    pub overlaps: bool,

    /// Do not recognise acronyms defined in a document (`Long Form (LF)`).
    #[arg(long)]
    pub no_acronyms: bool,

    /// Which files a folder walk takes (repeatable; replaces the default *.txt, *.md).
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,

    /// Number of threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// No progress bar and no summary on stderr (errors are still shown).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum GazetteerCommand {
    /// Validate gazetteers and list aliases that name several entities.
    #[command(after_help = "Examples:\n  \
        gazet gazetteer check\n  \
        gazet gazetteer check -g my-places.tsv\n  \
        gazet gazetteer check -g mine.tsv --no-default-gazetteers")]
    Check(GazetteerArgs),
}
