//! The pattern language that relation rules and name patterns share: Rust's
//! regex syntax, in which a space stands for white space, `~N` for a gap of
//! at most N words and `<...>` marks the words a match reports. Each kind
//! of file adds constructs of its own (mention slots, macros, lists)
//! through a [`Dialect`]; this module reads everything else, once.

use regex::Regex;

/// A pattern that breaks the syntax every kind of rule file shares.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PatternError {
    /// A `<` while a marked part is open.
    #[error("a `<` inside {marked}")]
    MarkInside {
        /// What `<...>` marks in this kind of file (`a trigger`, `the name`).
        marked: &'static str,
    },
    /// A `>` with no `<` open.
    #[error("a `>` without its `<`")]
    CloseWithoutOpen,
    /// A `<` never closed.
    #[error("a `<` without its `>`")]
    OpenWithoutClose,
    /// A `{` never closed.
    #[error("a `{{` without its `}}`")]
    OpenBrace,
    /// A `~` without a number of words after it.
    #[error("`~` must be followed by a number of words, e.g. `~3`")]
    GapWithoutNumber,
    /// A gap `~N` over the largest this kind of file allows.
    #[error("a gap of {words} words is more than {max}")]
    GapTooLong {
        /// The `N` asked for.
        words: usize,
        /// The largest allowed.
        max: usize,
    },
    /// The translated pattern is no regex the regex crate accepts.
    #[error("the pattern does not compile: {0}")]
    Regex(regex::Error),
}

/// What one kind of rule file adds to the shared pattern language.
pub(crate) trait Dialect {
    /// The regex that a space, or a run of spaces, stands for.
    const SPACE: &'static str;
    /// The largest gap `~N` a pattern may ask for.
    const MAX_GAP: usize;
    /// The name of the group that `<...>` opens.
    const MARK: &'static str;
    /// What `<...>` marks, for messages (`the name`, `a trigger`).
    const MARKED: &'static str;
    /// Whether an escape `\p{...}` or `\P{...}` is copied whole. Where it
    /// is not, its braces are left to [`Dialect::own`]: relation rules
    /// have always read `{...}` after `\p` as a mention slot.
    const UNICODE_CLASSES: bool;

    /// Compiles into `out` the construct of this dialect that starts at
    /// `chars[i]`, if one does, and returns the index right after it;
    /// `None` leaves `chars[i]` to the shared syntax.
    fn own(
        &mut self,
        chars: &[char],
        i: usize,
        out: &mut String,
    ) -> Result<Option<usize>, Self::Error>;

    /// What goes wrong in a pattern of this dialect: the shared syntax's
    /// problems and its own.
    type Error: From<PatternError>;
}

/// Appends the regex of `pattern` to `out`, its own constructs compiled by
/// `dialect`. Returns how many `<...>` the pattern marks; what number it
/// needs is the dialect's to check.
pub(crate) fn translate<D: Dialect>(
    dialect: &mut D,
    pattern: &str,
    out: &mut String,
) -> Result<usize, D::Error> {
    let chars: Vec<char> = pattern.trim().chars().collect();
    let mut i = 0;
    let mut marks = 0;
    let mut open = false;
    let mut in_class = false;
    while i < chars.len() {
        let c = chars[i];
        if in_class {
            // Inside `[...]` nothing is the pattern language's: a space is
            // a space, `<` a `<`.
            out.push(c);
            if c == '\\' {
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                    i += 1;
                }
            } else if c == ']' {
                in_class = false;
            }
            i += 1;
            continue;
        }
        if let Some(next) = dialect.own(&chars, i, out)? {
            i = next;
            continue;
        }
        match c {
            ' ' => {
                while chars.get(i + 1) == Some(&' ') {
                    i += 1;
                }
                out.push_str(D::SPACE);
            }
            '<' => {
                if open {
                    return Err(PatternError::MarkInside { marked: D::MARKED }.into());
                }
                open = true;
                marks += 1;
                out.push_str(&format!("(?P<{}>", D::MARK));
            }
            '>' => {
                if !open {
                    return Err(PatternError::CloseWithoutOpen.into());
                }
                open = false;
                out.push(')');
            }
            '~' => {
                let (gap, digits) = gap(&chars, i + 1, D::MAX_GAP, D::SPACE)?;
                out.push_str(&gap);
                i += digits;
                // The gap ends on white space already: eat the space after it.
                if chars.get(i + 1) == Some(&' ') {
                    i += 1;
                }
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            '\\' => {
                out.push(c);
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                    i += 1;
                }
                // `\p{Lu}` is a class of the regex syntax, not a construct.
                if D::UNICODE_CLASSES
                    && matches!(chars.get(i), Some('p' | 'P'))
                    && chars.get(i + 1) == Some(&'{')
                {
                    while let Some(&n) = chars.get(i + 1) {
                        out.push(n);
                        i += 1;
                        if n == '}' {
                            break;
                        }
                    }
                }
            }
            _ => out.push(c),
        }
        i += 1;
    }
    if open {
        return Err(PatternError::OpenWithoutClose.into());
    }
    Ok(marks)
}

/// The index of the `}` that closes a construct opened at `chars[open]`.
pub(crate) fn closing_brace(chars: &[char], open: usize) -> Result<usize, PatternError> {
    chars[open..]
        .iter()
        .position(|&c| c == '}')
        .map(|k| open + k)
        .ok_or(PatternError::OpenBrace)
}

/// A translated pattern as a regex; `dfa_size_limit` sets the regex
/// crate's limit where the default is too small.
pub(crate) fn build(regex: &str, dfa_size_limit: Option<usize>) -> Result<Regex, PatternError> {
    let mut builder = regex::RegexBuilder::new(regex);
    if let Some(limit) = dfa_size_limit {
        builder.dfa_size_limit(limit);
    }
    builder.build().map_err(PatternError::Regex)
}

/// The regex of a `~N` gap whose digits start at `chars[at]`: at most `N`
/// words (runs without whitespace or `;`, each followed by `space`), never
/// across a `;`. Returns it with the number of digits read.
fn gap(
    chars: &[char],
    at: usize,
    max: usize,
    space: &str,
) -> Result<(String, usize), PatternError> {
    let digits: String = chars
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let n: usize = digits.parse().map_err(|_| PatternError::GapWithoutNumber)?;
    if n > max {
        return Err(PatternError::GapTooLong { words: n, max });
    }
    Ok((format!(r"(?:[^\s;]+{space}){{0,{n}}}?"), digits.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared syntax alone: no constructs of its own.
    struct Bare;

    impl Dialect for Bare {
        const SPACE: &'static str = "_";
        const MAX_GAP: usize = 3;
        const MARK: &'static str = "m";
        const MARKED: &'static str = "the mark";
        const UNICODE_CLASSES: bool = true;

        type Error = PatternError;

        fn own(
            &mut self,
            _: &[char],
            _: usize,
            _: &mut String,
        ) -> Result<Option<usize>, PatternError> {
            Ok(None)
        }
    }

    fn translated(pattern: &str) -> Result<(String, usize), String> {
        let mut out = String::new();
        let marks = translate(&mut Bare, pattern, &mut out).map_err(|e| e.to_string())?;
        Ok((out, marks))
    }

    #[test]
    fn spaces_marks_and_gaps_become_regex() {
        assert_eq!(
            translated("a  <b> ~2 c").unwrap(),
            ("a_(?P<m>b)_(?:[^\\s;]+_){0,2}?c".to_owned(), 1)
        );
        // Inside a class and after a backslash, nothing is the language's.
        assert_eq!(translated(r"[< ~]\<\p{Lu} ").unwrap().0, r"[< ~]\<\p{Lu}");
    }

    #[test]
    fn misplaced_marks_and_gaps_are_refused() {
        let err = |p: &str| translated(p).unwrap_err();
        assert_eq!(err("<a <b>>"), "a `<` inside the mark");
        assert_eq!(err("a>"), "a `>` without its `<`");
        assert_eq!(err("<a"), "a `<` without its `>`");
        assert_eq!(err("a ~4 b"), "a gap of 4 words is more than 3");
        assert!(err("a ~ b").starts_with("`~` must be followed by a number"));
    }
}
