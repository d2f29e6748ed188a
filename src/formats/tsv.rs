//! Cells of gazet's tab-separated files (the gold's text column, the TSV
//! relation table, a CoNLL document's id). A TSV cell cannot hold a tab or
//! a line break, and TSV has no quoting, so these are written as the
//! backslash sequences `\t`, `\n`, `\r`, and a backslash itself as `\\`
//! (the "linear TSV" convention, as PostgreSQL's text `COPY` has it).

use std::borrow::Cow;

/// `cell` with tab, line feed, carriage return and backslash escaped.
pub fn escape(cell: &str) -> Cow<'_, str> {
    if !cell.contains(['\t', '\n', '\r', '\\']) {
        return cell.into();
    }
    let mut out = String::with_capacity(cell.len() + 2);
    for c in cell.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.into()
}

/// The cell [`escape`] was given. A backslash before any other character
/// stays as it is, so a hand-written Windows path reads as written.
pub fn unescape(cell: &str) -> Cow<'_, str> {
    if !cell.contains('\\') {
        return cell.into();
    }
    let mut out = String::with_capacity(cell.len());
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        for (cell, written) in [
            ("", ""),
            ("plain", "plain"),
            ("a\tb", "a\\tb"),
            ("line\r\nbreak", "line\\r\\nbreak"),
            ("C:\\new", "C:\\\\new"),
            ("\\t", "\\\\t"),
        ] {
            assert_eq!(escape(cell), written, "{cell:?}");
            assert_eq!(unescape(written), cell, "{written:?}");
        }
        assert_eq!(unescape("C:\\dir\\"), "C:\\dir\\");
    }

    proptest::proptest! {
        #[test]
        fn any_cell_round_trips(cell in "[a\\\\\t\r\nnt ]{0,12}") {
            let written = escape(&cell);
            proptest::prop_assert!(!written.contains(['\t', '\n', '\r']));
            proptest::prop_assert_eq!(unescape(&written), cell.as_str());
        }
    }
}
