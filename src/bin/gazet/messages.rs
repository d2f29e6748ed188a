//! Every line gazet prints to stderr, so that they share one form:
//! `gazet: message`, styled where the terminal allows.

const ERROR: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();
const WARNING: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();
const NOTE: anstyle::Style = anstyle::Style::new().bold();

// Messages for people go through anstream, which drops the styles when
// stderr is no terminal, NO_COLOR is set or --color never was given.

/// A problem: with a document, an input line or the whole run. A message
/// of several lines (every bad line of a gazetteer) gets the prefix on
/// each, so that `grep gazet:` and log collectors see all of them.
pub(crate) fn error(message: impl std::fmt::Display) {
    for line in message.to_string().lines() {
        anstream::eprintln!("{ERROR}gazet:{ERROR:#} {line}");
    }
}

/// Something a reader should know that does not stop the run.
pub(crate) fn warning(message: impl std::fmt::Display) {
    for line in message.to_string().lines() {
        anstream::eprintln!("gazet: {WARNING}warning:{WARNING:#} {line}");
    }
}

/// A summary line.
pub(crate) fn note(message: impl std::fmt::Display) {
    anstream::eprintln!("{NOTE}gazet:{NOTE:#} {message}");
}

/// A line without styles, for the messages that have always been printed
/// plain (those of `gazet gazetteer suggest`, the brat warning of a
/// streamed document).
pub(crate) fn plain(message: impl std::fmt::Display) {
    eprintln!("gazet: {message}");
}

/// An error as the user reads it: the library says what is wrong, and
/// the binary, which owns the flags, adds the one that changes it.
pub(crate) fn with_hint(e: &gazet::Error) -> String {
    use gazet::Error;
    match e {
        Error::TooLarge { path, bytes, limit } => format!(
            "{}: the file is {bytes} bytes, over the limit of {limit} (--max-file-size); the file was skipped",
            path.display()
        ),
        Error::Glob { pattern, message } => format!("invalid --glob pattern {pattern:?}: {message}"),
        Error::NotStreamable { .. } => format!("{e} or raise --stream-above"),
        Error::WorldWithoutDefaults => format!(
            "{e}: drop --no-default-gazetteers, or give a file called world as ./world"
        ),
        _ => e.to_string(),
    }
}

/// A problem of `eval` or `render` as the user reads it: one about a text
/// not found says which flag names the texts' folder.
pub(crate) fn problem_with_hint(problem: &gazet::dataset::Problem) -> String {
    // A line error carries its parser's message only: the label's
    // refusal is found by the words it starts with.
    if problem.is_missing_text() {
        format!("{problem} (give its folder with --docs)")
    } else if problem.to_string().contains(gazet::UNKNOWN_LABEL) {
        format!("{problem}; another tool's label is read with --label-map FROM=TO, a label of your own is declared in a --schema file")
    } else {
        problem.to_string()
    }
}

/// `1 warning`, `2 warnings`: a count with its noun.
pub(crate) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
