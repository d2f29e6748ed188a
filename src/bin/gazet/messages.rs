//! Every line gazet prints to stderr, so that they share one form:
//! `gazet: message`, styled where the terminal allows.

const ERROR: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();
const WARNING: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();
const NOTE: anstyle::Style = anstyle::Style::new().bold();

// Messages for people go through anstream, which drops the styles when
// stderr is no terminal, NO_COLOR is set or --color never was given.

/// A problem: with a document, an input line or the whole run.
pub(crate) fn error(message: impl std::fmt::Display) {
    anstream::eprintln!("{ERROR}gazet:{ERROR:#} {message}");
}

/// Something a reader should know that does not stop the run.
pub(crate) fn warning(message: impl std::fmt::Display) {
    anstream::eprintln!("gazet: {WARNING}warning:{WARNING:#} {message}");
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
