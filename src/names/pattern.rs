//! Name patterns: a rules file, compiled once to regexes, that proposes
//! names no gazetteer lists from their shape and the words around them.
//!
//! A pattern is a regex over the document text (case-sensitive) in which
//! every gazetteer mention has been masked by a token of the same length
//! that carries its label, with these additions:
//!
//! | syntax | meaning |
//! |---|---|
//! | `<...>` | the proposed name |
//! | a space | white space with at most one line break |
//! | `@list` | one entry of a list (an entry written with a capital needs it) |
//! | `{Cap}`, `{CAPS}`, `{Initial}` | a capitalised word, a word in capitals, `J.` |
//! | `{ORG}`, `{LOC}`, `{PER}`, `{Known}` | a gazetteer mention (of that label) |
//! | `{Surname}` | a gazetteer mention of a person in one word (`Rakhmonov`) |
//! | `~N` | a gap of at most N words |
//!
//! The file format is described in `rules/names.rules` and the README. The
//! step that applies the patterns to a document is [`crate::names::propose`].
//!
//! ```
//! let p = gazet::Patterns::parse(
//!     "mine.rules",
//!     "rule person.doctor\n  label: PER\n  pattern: Dr\\. <{Cap}>\n  \
//!      test: Dr. Lee => Lee\n  test: Dr. who => none\n",
//! ).unwrap();
//! assert_eq!(p.rules().len(), 1);
//! ```

use crate::error::{Error, Result};
use crate::model::schema::{check_kind, Label, SchemaError};
use crate::names::prefilter::{Admitted, Prefilter, RuleRegex, DFA_SIZE_LIMIT};
use crate::rulefile::pattern::{build, closing_brace, translate, Dialect, PatternError};
use crate::rulefile::{self, LayoutError, Placed, RuleSet};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The name patterns shipped with gazet, embedded in the binary.
pub const EMBEDDED: (&str, &str) = (
    "<embedded>/names.rules",
    include_str!("../../rules/names.rules"),
);

/// Starts a masked gazetteer mention; the label's letter and padding follow.
pub const MASK_START: char = '\u{1}';
/// Pads a masked mention to the length of the text it hides.
pub const MASK_PAD: char = '\u{2}';

/// How many of a name's capitalised words may be common English words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Common {
    /// None of them (names of people: `General Assembly` is no person).
    No,
    /// At least one must be uncommon (`Security Council` alone is not new).
    Some,
    /// Any: the context alone is evidence enough.
    Yes,
}

/// Where a proposal's kind comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KindFrom {
    Fixed(&'static str),
    /// The kind of the entry of this list (an index into the lists) that
    /// the name or the words before it contain.
    List(usize),
}

/// A phrase list.
#[derive(Clone, Debug)]
pub struct List {
    pub name: String,
    /// Every entry matches with exactly its case (`list title exact:`):
    /// `Ms.` is a title, `MS` is not.
    pub exact: bool,
    /// (entry, kind)
    pub entries: Vec<(String, Option<&'static str>)>,
}

/// A test sentence and the names the rule should propose in it (none for a
/// negative test).
#[derive(Clone, Debug)]
pub struct NameTest {
    pub sentence: String,
    pub expect: Vec<String>,
    pub line: usize,
}

#[derive(Clone, Debug)]
pub struct NameRule {
    pub name: String,
    pub label: Label,
    pub kind: KindFrom,
    pub common: Common,
    /// How often the rule must find a name in a document before it counts
    /// (a speaker label opens several turns of an interview; a heading
    /// `Chronology: ...` opens one line).
    pub repeats: usize,
    /// The rule fires only in a document shaped like a transcript (a
    /// speaker label needs turns by several speakers, each saying a
    /// sentence: `Merge:` and `Fixes:` in a changelog are no speakers).
    pub needs_transcript: bool,
    /// A one-word name the rule proposes is linked where it recurs in the
    /// document, as a name of two words is: the words the rule reads
    /// around it vouch for it (`Chust district` … `the Chust detainees`).
    pub links: bool,
    pub regex: RuleRegex,
    /// The pattern as written.
    pub source: String,
    pub tests: Vec<NameTest>,
    pub file: String,
    pub line: usize,
}

impl Placed for NameRule {
    fn place(&self) -> (&str, &str, usize) {
        (&self.name, &self.file, self.line)
    }
}

/// A compiled set of name patterns. The default value has no rules, which
/// turns the layer off. Rule and list names are unique across the set; a
/// file may use the lists of the files added before it.
#[derive(Clone, Debug, Default)]
pub struct Patterns {
    rules: Vec<NameRule>,
    lists: Vec<List>,
    /// Lower-case words that are never part of a proposed name.
    never: HashSet<String>,
    /// Built on first use, once the set is complete.
    prefilter: OnceLock<Prefilter>,
    /// Every list entry in ASCII lower case, with the count of entries it
    /// was built from (lists are only ever appended), built on first use.
    entries: OnceLock<(usize, HashSet<String>)>,
    /// How a rule's full regex is checked when its file is read.
    check: Check,
}

/// How a rule's full regex is checked when its file is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Check {
    /// Built once, so that a pattern too large or malformed is refused at
    /// its `pattern:` line, unless it is one of the embedded patterns'
    /// regexes (see [`known_valid`]).
    #[default]
    Build,
    /// Translated only: used to list the embedded patterns' regexes.
    Translate,
}

/// Whether `source` is the full regex of one of the embedded patterns.
///
/// Those regexes are fixed when gazet is built, and a test builds each of
/// them (`every_embedded_full_regex_builds`), so a rule that translates to
/// one of them needs no build to be checked. Building them only to check
/// them took most of the start-up: about 3.4 G of the 4.1 G instructions
/// of annotating one sentence (callgrind). A rule translated from a file
/// of the user's, with any other regex, is still built when read.
fn known_valid(source: &str) -> bool {
    static SOURCES: OnceLock<HashSet<String>> = OnceLock::new();
    SOURCES
        .get_or_init(|| {
            let mut set = Patterns {
                check: Check::Translate,
                ..Patterns::default()
            };
            // A problem in the embedded file leaves the set empty here; the
            // parse that asked reports it.
            match rulefile::add(&mut set, EMBEDDED.0, EMBEDDED.1) {
                Ok(()) => set
                    .rules
                    .iter()
                    .map(|r| r.regex.as_str().to_owned())
                    .collect(),
                Err(_) => HashSet::new(),
            }
        })
        .contains(source)
}

rulefile::loaders!(Patterns, EMBEDDED);

impl Patterns {
    /// Where in `masked` (the document with its mentions masked) each rule
    /// may match.
    pub(crate) fn admitted(&self, masked: &str) -> Admitted {
        let build = || Prefilter::new(self.rules.iter().map(|r| r.regex.as_str()));
        let filter = self.prefilter.get_or_init(build);
        if filter.len() == self.rules.len() {
            filter.admitted(masked)
        } else {
            // Rules were added after the first use (`add` only appends).
            build().admitted(masked)
        }
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[NameRule] {
        &self.rules
    }

    /// The lists, in file order.
    pub fn lists(&self) -> &[List] {
        &self.lists
    }

    /// Whether there are no rules (the layer is off).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Whether `word` is an entry of some list (`Ministry`, `President`).
    pub fn is_entry(&self, word: &str) -> bool {
        let count = self.lists.iter().map(|l| l.entries.len()).sum();
        let build = || -> HashSet<String> {
            self.lists
                .iter()
                .flat_map(|l| &l.entries)
                .map(|(e, _)| e.to_ascii_lowercase())
                .collect()
        };
        let word = word.to_ascii_lowercase();
        match self.entries.get_or_init(|| (count, build())) {
            (n, set) if *n == count => set.contains(&word),
            // Lists were added after the first use.
            _ => build().contains(&word),
        }
    }

    /// The length of the end of a title that opens `name` where the title
    /// began before it (`before` ends with `Marshal of`, `name` is
    /// `Aviation Yevgeny Shaposhnikov`), with the white space after it.
    pub fn title_tail(&self, before: &str, name: &str) -> Option<usize> {
        let list = self.lists.iter().find(|l| l.name == "title")?;
        let before = before.trim_end();
        list.entries
            .iter()
            .filter_map(|(e, _)| {
                let words: Vec<&str> = e.split(' ').collect();
                (1..words.len()).find_map(|k| {
                    let head = words[..k].join(" ");
                    let tail = words[k..].join(" ");
                    let rest = name.strip_prefix(tail.as_str())?;
                    let after = rest.trim_start();
                    (before.ends_with(head.as_str())
                        && after.len() < rest.len()
                        && !after.is_empty())
                    .then(|| name.len() - after.len())
                })
            })
            .max()
    }

    /// Whether `name` opens with an entry of more than one word, as
    /// written (`Press Service of the CSTO`): its first word is then part of
    /// the name even where the stop list has it.
    pub fn opens_with_entry(&self, name: &str) -> bool {
        self.lists.iter().flat_map(|l| &l.entries).any(|(e, _)| {
            e.contains(' ')
                && name
                    .strip_prefix(e.as_str())
                    .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
        })
    }

    /// The length of the title (an entry of the list `title`, as written)
    /// that opens `name` before more words, if one does: `Senior Sergeant`
    /// in `Senior Sergeant Michael Potts`, with the white space after it.
    pub fn title_prefix(&self, name: &str) -> Option<usize> {
        let list = self.lists.iter().find(|l| l.name == "title")?;
        list.entries
            .iter()
            .filter_map(|(e, _)| {
                let rest = name.strip_prefix(e.as_str())?;
                let words = rest.trim_start();
                (words.len() < rest.len() && !words.is_empty()).then(|| name.len() - words.len())
            })
            .max()
    }

    /// The length of an entry of the list named `post` and the `of` or
    /// `of the` after it at the front of `name` (`Director of the
    /// Department of ...`), when more words follow.
    pub fn post_prefix(&self, name: &str) -> Option<usize> {
        let list = self.lists.iter().find(|l| l.name == "post")?;
        list.entries
            .iter()
            .filter_map(|(e, _)| {
                let rest = name.strip_prefix(e.as_str())?;
                let rest = ["of the ", "of "]
                    .iter()
                    .find_map(|of| rest.strip_prefix(' ')?.strip_prefix(of))?;
                (!rest.is_empty()).then(|| name.len() - rest.len())
            })
            .max()
    }

    /// Whether `word` may never be part of a proposed name.
    pub fn is_never(&self, word: &str) -> bool {
        self.never.contains(&word.to_lowercase())
    }

    /// The kind a rule gives a name, looked up in `context` (the name and
    /// the words right before it).
    pub fn kind(&self, rule: &NameRule, context: &str) -> &'static str {
        match &rule.kind {
            KindFrom::Fixed(k) => k,
            KindFrom::List(i) => {
                let lower = context.to_lowercase();
                let words: Vec<&str> = lower
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect();
                // The entry nearest the end of the name decides: `Institute
                // of the Ministry` is a body of the ministry, but an
                // academic body by its head word... the last head wins.
                let mut best: Option<(usize, &'static str)> = None;
                for (entry, kind) in &self.lists[*i].entries {
                    let Some(kind) = kind else { continue };
                    let entry_words: Vec<String> = entry
                        .to_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                        .map(str::to_owned)
                        .collect();
                    if entry_words.is_empty() || entry_words.len() > words.len() {
                        continue;
                    }
                    for at in (0..=words.len() - entry_words.len()).rev() {
                        if words[at..at + entry_words.len()] == entry_words[..] {
                            if best.map_or(true, |(b, _)| at > b) {
                                best = Some((at, kind));
                            }
                            break;
                        }
                    }
                }
                best.map_or(default_kind(rule.label), |(_, k)| k)
            }
        }
    }
}

use crate::model::schema::default_kind;

/// A rule being read, before compilation.
#[derive(Default)]
pub(crate) struct Draft {
    name: String,
    line: usize,
    label: Option<Label>,
    kind: Option<(String, usize)>,
    common: Option<Common>,
    repeats: usize,
    needs_transcript: bool,
    links: bool,
    pattern: Option<(String, usize)>,
    tests: Vec<NameTest>,
}

/// A name pattern, list or `never:` line that is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NameRuleError {
    /// The line breaks the layout every rule file shares.
    #[error(transparent)]
    Layout(#[from] LayoutError),
    /// A label the schema lacks.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// A `common:` other than no, some or yes.
    #[error("`common:` takes no, some or yes, not {0:?}")]
    Common(String),
    /// A `needs:` other than transcript.
    #[error("`needs:` takes transcript, not {0:?}")]
    Needs(String),
    /// A `links:` other than yes or no.
    #[error("`links:` takes yes or no, not {0:?}")]
    Links(String),
    /// A `repeats:` that is no number from 1.
    #[error("`repeats:` takes a number from 1, not {0:?}")]
    Repeats(String),
    /// A `test:` without `=>`.
    #[error("a test is `SENTENCE => none | Name | Name ...`")]
    TestForm,
    /// A test that expects nothing at all.
    #[error("a test expects `none` or names")]
    TestEmpty,
    /// A `list` line without `NAME: entries`.
    #[error("a list is `list NAME: entry | entry=kind | ...`")]
    ListForm,
    /// A list head other than `NAME` or `NAME exact`.
    #[error("a list is `list NAME: ...` or `list NAME exact: ...`, not `list {0}:`")]
    ListHead(String),
    /// A list name that is not letters, digits and `_`.
    #[error("invalid list name {0:?}")]
    ListName(String),
    /// A list name taken already.
    #[error("duplicate list `{0}`")]
    DuplicateList(String),
    /// A list with an empty entry.
    #[error("list `{0}` has an empty entry")]
    EmptyEntry(String),
    /// A list entry with a kind the schema lacks.
    #[error("list `{list}`: unknown kind `{kind}`")]
    EntryKind {
        /// The list.
        list: String,
        /// The kind as written.
        kind: String,
    },
    /// `never: @x` where no list `x` is defined.
    #[error("unknown list `@{0}`")]
    UnknownList(String),
    /// A rule without `label:`.
    #[error("rule `{0}` has no `label:`")]
    NoLabel(String),
    /// A rule without `pattern:`.
    #[error("rule `{0}` has no `pattern:`")]
    NoPattern(String),
    /// `kind: @list` where the list gives a kind of another label.
    #[error("rule `{rule}`: list `{list}` gives kind `{kind}`, which is no {label} kind")]
    ListKindOfOtherLabel {
        /// The rule.
        rule: String,
        /// The list.
        list: String,
        /// The kind it gives.
        kind: String,
        /// The rule's label.
        label: Label,
    },
    /// `kind: @x` where no list `x` is defined.
    #[error("rule `{rule}`: unknown list `@{list}`")]
    KindList {
        /// The rule.
        rule: String,
        /// The list as written.
        list: String,
    },
    /// A `kind:` the schema refuses for the rule's label.
    #[error("rule `{rule}`: {source}")]
    Kind {
        /// The rule.
        rule: String,
        /// What the schema said.
        source: SchemaError,
    },
    /// A rule whose pattern does not compile.
    #[error("rule `{rule}`: {source}")]
    Pattern {
        /// The rule.
        rule: String,
        /// What is wrong with its pattern.
        source: NamePatternError,
    },
    /// A rule without a test that proposes a name and one that proposes none.
    #[error("rule `{0}` needs a test that proposes a name and one that proposes none")]
    NeedsTests(String),
}

/// A name pattern's `pattern:` that does not compile.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NamePatternError {
    /// The shared pattern syntax is broken.
    #[error(transparent)]
    Syntax(#[from] PatternError),
    /// A `{...}` that is no macro or label.
    #[error("unknown `{{{0}}}` (expected Cap, CAPS, Initial, Known, Surname, ORG, LOC or PER)")]
    UnknownMacro(String),
    /// An `@list` defined nowhere above.
    #[error("unknown list `@{0}` (define it above the rule)")]
    UnknownList(String),
    /// A named group, which the compiler reserves.
    #[error("named groups are reserved; mark the name with `<...>`")]
    NamedGroup,
    /// No `<...>`, or more than one.
    #[error("a pattern marks exactly one name with `<...>`")]
    MarksOneName,
}

impl RuleSet for Patterns {
    type Draft = Draft;
    type Rule = NameRule;
    type Problem = NameRuleError;

    const LAYOUT: rulefile::Layout<Self> = rulefile::Layout {
        problems: Error::Patterns,
        tops: &[
            ("list ", "`list NAME: ...`", |p, rest| p.list(rest)),
            ("never:", "`never: ...`", |p, rest| p.never(rest)),
        ],
        fields: &[
            "label", "kind", "common", "repeats", "needs", "links", "pattern", "test",
        ],
        open: |line, name| Draft {
            name: name.to_owned(),
            line,
            repeats: 1,
            ..Draft::default()
        },
        field: |_, d, n, key, value| d.field(n, key, value),
        close: |p, d| p.close_rule(d),
    };

    fn defined(&self) -> &[NameRule] {
        &self.rules
    }
}

impl Draft {
    /// Reads a field, given its line, key and value.
    fn field(&mut self, n: usize, key: &str, value: &str) -> Result<(), NameRuleError> {
        match key {
            "label" => self.label = Some(value.parse()?),
            "kind" => self.kind = Some((value.to_owned(), n)),
            "common" => {
                self.common = Some(match value {
                    "no" => Common::No,
                    "some" => Common::Some,
                    "yes" => Common::Yes,
                    _ => return Err(NameRuleError::Common(value.to_owned())),
                })
            }
            "pattern" => self.pattern = Some((value.to_owned(), n)),
            "needs" => match value {
                "transcript" => self.needs_transcript = true,
                _ => return Err(NameRuleError::Needs(value.to_owned())),
            },
            "links" => {
                self.links = match value {
                    "yes" => true,
                    "no" => false,
                    _ => return Err(NameRuleError::Links(value.to_owned())),
                }
            }
            "repeats" => {
                self.repeats = value
                    .parse()
                    .ok()
                    .filter(|&n: &usize| n >= 1)
                    .ok_or_else(|| NameRuleError::Repeats(value.to_owned()))?
            }
            "test" => {
                let (sentence, expect) = value.rsplit_once("=>").ok_or(NameRuleError::TestForm)?;
                let expect = match expect.trim() {
                    "none" => Vec::new(),
                    "" => return Err(NameRuleError::TestEmpty),
                    names => names.split('|').map(|s| s.trim().to_owned()).collect(),
                };
                self.tests.push(NameTest {
                    sentence: sentence.trim().replace("\\n", "\n"),
                    expect,
                    line: n,
                });
            }
            // The layout lets no other key through.
            _ => {}
        }
        Ok(())
    }
}

type Parser<'a> = rulefile::Parser<'a, Patterns>;

impl Parser<'_> {
    fn list(&mut self, rest: &str) -> Result<(), NameRuleError> {
        let (head, entries) = rest.split_once(':').ok_or(NameRuleError::ListForm)?;
        let (name, exact) = match head.split_whitespace().collect::<Vec<_>>()[..] {
            [name] => (name, false),
            [name, "exact"] => (name, true),
            _ => return Err(NameRuleError::ListHead(head.to_owned())),
        };
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(NameRuleError::ListName(name.to_owned()));
        }
        if self.set.lists.iter().any(|l| l.name == name) {
            return Err(NameRuleError::DuplicateList(name.to_owned()));
        }
        let mut out = Vec::new();
        for entry in entries.split('|').map(str::trim) {
            let (text, kind) = match entry.rsplit_once('=') {
                Some((t, k)) => (t.trim(), Some(k.trim())),
                None => (entry, None),
            };
            if text.is_empty() {
                return Err(NameRuleError::EmptyEntry(name.to_owned()));
            }
            let kind = match kind {
                Some(k) => Some(crate::model::schema::known_kind(k).ok_or_else(|| {
                    NameRuleError::EntryKind {
                        list: name.to_owned(),
                        kind: k.to_owned(),
                    }
                })?),
                None => None,
            };
            out.push((text.to_owned(), kind));
        }
        self.set.lists.push(List {
            name: name.to_owned(),
            exact,
            entries: out,
        });
        Ok(())
    }

    fn never(&mut self, rest: &str) -> Result<(), NameRuleError> {
        for item in rest.split_whitespace() {
            match item.strip_prefix('@') {
                Some(list) => {
                    let l = self
                        .set
                        .lists
                        .iter()
                        .find(|l| l.name == list)
                        .ok_or_else(|| NameRuleError::UnknownList(list.to_owned()))?;
                    let words: Vec<String> =
                        l.entries.iter().map(|(e, _)| e.to_lowercase()).collect();
                    self.set.never.extend(words);
                }
                None => {
                    self.set.never.insert(item.to_lowercase());
                }
            }
        }
        Ok(())
    }

    fn close_rule(&mut self, d: Draft) {
        let Some(label) = d.label else {
            self.error(d.line, NameRuleError::NoLabel(d.name));
            return;
        };
        let Some((pattern, pattern_line)) = d.pattern else {
            self.error(d.line, NameRuleError::NoPattern(d.name));
            return;
        };
        let kind = match &d.kind {
            None => KindFrom::Fixed(default_kind(label)),
            Some((k, line)) => match k.strip_prefix('@') {
                Some(list) => match self.set.lists.iter().position(|l| l.name == list) {
                    Some(i) => {
                        let wrong = self.set.lists[i]
                            .entries
                            .iter()
                            .filter_map(|(_, k)| *k)
                            .find(|k| check_kind(k, label).is_err());
                        if let Some(w) = wrong {
                            self.error(
                                *line,
                                NameRuleError::ListKindOfOtherLabel {
                                    rule: d.name.clone(),
                                    list: list.to_owned(),
                                    kind: w.to_owned(),
                                    label,
                                },
                            );
                            return;
                        }
                        KindFrom::List(i)
                    }
                    None => {
                        self.error(
                            *line,
                            NameRuleError::KindList {
                                rule: d.name.clone(),
                                list: list.to_owned(),
                            },
                        );
                        return;
                    }
                },
                None => match check_kind(k, label) {
                    Ok(k) => KindFrom::Fixed(k),
                    Err(source) => {
                        self.error(
                            *line,
                            NameRuleError::Kind {
                                rule: d.name.clone(),
                                source,
                            },
                        );
                        return;
                    }
                },
            },
        };
        // The embedded file's regexes are built by a test
        // (`every_embedded_full_regex_builds`), as the relation rules'
        // are: reading it needs no check, and no second parse of it to
        // learn its regexes (`known_valid`).
        let check = if self.file == EMBEDDED.0 {
            Check::Translate
        } else {
            self.set.check
        };
        let checked = translated(&pattern, &self.set.lists).and_then(|source| {
            if check == Check::Build && !known_valid(&source) {
                // Built only to be checked, and dropped until a text beyond
                // the cut-down regexes' reach needs it (`RuleRegex`).
                build(&source, Some(DFA_SIZE_LIMIT))?;
            }
            Ok(source)
        });
        let regex = match checked {
            Ok(source) => RuleRegex::checked(source),
            Err(source) => {
                self.error(
                    pattern_line,
                    NameRuleError::Pattern {
                        rule: d.name.clone(),
                        source,
                    },
                );
                return;
            }
        };
        let positive = d.tests.iter().any(|t| !t.expect.is_empty());
        let negative = d.tests.iter().any(|t| t.expect.is_empty());
        if !(positive && negative) {
            self.error(d.line, NameRuleError::NeedsTests(d.name));
            return;
        }
        self.set.rules.push(NameRule {
            name: d.name,
            label,
            kind,
            common: d.common.unwrap_or(if label == Label::PER {
                Common::No
            } else {
                Common::Some
            }),
            repeats: d.repeats,
            needs_transcript: d.needs_transcript,
            links: d.links,
            regex,
            source: pattern,
            tests: d.tests,
            file: self.file.to_owned(),
            line: d.line,
        });
    }
}

/// White space with at most one line break: a name may be wrapped, but a
/// blank line ends it.
const SPACE: &str = r"(?:[ \t\u{A0}]+|[ \t\u{A0}]*\r?\n[ \t\u{A0}]*)";

/// A capitalised word: a capital, a small letter, then letters, with
/// hyphenated or apostrophed parts (`Kassym-Jomart`) and an Arabic article
/// in front (`al-Muhajir`).
pub(crate) const CAP: &str = r"(?:(?:al|el|ul|ad|as|ash|at|bin|ibn|abu)-)?\p{Lu}\p{Ll}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*";

/// Two or more capitals (`SELEZNIOV`, `SMITH-JONES`).
const CAPS: &str = r"\p{Lu}\p{Lu}+(?:-\p{Lu}\p{Lu}+)*";

fn mask_token(label: Option<Label>) -> String {
    let l = match label {
        Some(Label::ORG) => "O",
        Some(Label::LOC) => "L",
        Some(Label::PER) => "[Pp]",
        // A schema's own labels share one letter in the mask.
        Some(_) => "X",
        None => "[OLPXp]",
    };
    format!("(?:{MASK_START}{l}{MASK_PAD}*)")
}

/// A list's entries as one alternation, the longest first so that
/// `Lieutenant Colonel` wins over `Lieutenant`.
fn alternation(list: &List) -> String {
    let mut entries: Vec<&str> = list.entries.iter().map(|(e, _)| e.as_str()).collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.len()));
    let alts: Vec<String> = entries
        .iter()
        .map(|e| {
            let words: Vec<String> = e.split_whitespace().map(regex::escape).collect();
            let body = words.join(SPACE);
            if list.exact {
                return body;
            }
            let mut chars = e.chars();
            match chars.next() {
                // An entry written with a capital needs it: `Company` ends a
                // name, `company` does not.
                Some(c) if c.is_uppercase() => {
                    let rest = &body[regex::escape(&c.to_string()).len()..];
                    format!("{}(?i:{rest})", regex::escape(&c.to_string()))
                }
                _ => format!("(?i:{body})"),
            }
        })
        .collect();
    format!("(?:{})", alts.join("|"))
}

/// The name patterns' constructs: `{Cap}`-style macros and masked
/// mentions, `@list`; a named group of their own is refused.
struct Names<'a> {
    lists: &'a [List],
}

impl Dialect for Names<'_> {
    const SPACE: &'static str = SPACE;
    const MAX_GAP: usize = 10;
    const MARK: &'static str = "name";
    const MARKED: &'static str = "the name";
    const UNICODE_CLASSES: bool = true;

    type Error = NamePatternError;

    fn own(
        &mut self,
        chars: &[char],
        i: usize,
        out: &mut String,
    ) -> Result<Option<usize>, NamePatternError> {
        match chars[i] {
            '{' if chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) => {
                let close = closing_brace(chars, i)?;
                let name: String = chars[i + 1..close].iter().collect();
                let body = match name.as_str() {
                    "Cap" => format!("(?:{CAP})"),
                    "CAPS" => format!("(?:{CAPS})"),
                    "Initial" => r"(?:\p{Lu}\.)".to_owned(),
                    "Known" => mask_token(None),
                    // A person named by one word (`Rakhmonov`).
                    "Surname" => format!("(?:{MASK_START}p{MASK_PAD}*)"),
                    label => match label.parse::<Label>() {
                        Ok(l) => mask_token(Some(l)),
                        Err(_) => return Err(NamePatternError::UnknownMacro(name)),
                    },
                };
                out.push_str(&body);
                Ok(Some(close + 1))
            }
            '@' => {
                let name: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_alphanumeric() || **c == '_')
                    .collect();
                let Some(list) = self.lists.iter().find(|l| l.name == name) else {
                    return Err(NamePatternError::UnknownList(name));
                };
                out.push_str(&alternation(list));
                Ok(Some(i + 1 + name.chars().count()))
            }
            '(' if chars.get(i + 1) == Some(&'?') && chars.get(i + 2) == Some(&'P') => {
                Err(NamePatternError::NamedGroup)
            }
            _ => Ok(None),
        }
    }
}

/// Translates a pattern to the source of a regex with the named group
/// `name`, not yet built.
fn translated(pattern: &str, lists: &[List]) -> Result<String, NamePatternError> {
    let mut out = String::new();
    if translate(&mut Names { lists }, pattern, &mut out)? != 1 {
        return Err(NamePatternError::MarksOneName);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "rule a\n  label: PER\n";
    const TESTS: &str = "  test: Dr. Ann Lee => Ann Lee\n  test: Dr. who => none\n";

    /// (file text, expected `file:line: message` prefix)
    const BAD: &[(&str, &str)] = &[
        (
            "rule a\n  pattern: <{Cap}>\n",
            "p:1: rule `a` has no `label:`",
        ),
        ("rule a\n  label: NAME\n", "p:2: unknown label `NAME`"),
        (
            "rule a\n  label: PER\n  pattern: <{Cap}\n",
            "p:3: rule `a`: a `<` without its `>`",
        ),
        (
            "rule a\n  label: PER\n  pattern: {Cap}\n",
            "p:3: rule `a`: a pattern marks exactly one name",
        ),
        (
            "rule a\n  label: PER\n  pattern: @nope <{Cap}>\n",
            "p:3: rule `a`: unknown list `@nope`",
        ),
        (
            "rule a\n  label: PER\n  pattern: <{Name}>\n",
            "p:3: rule `a`: unknown `{Name}`",
        ),
        (
            "rule a\n  label: PER\n  kind: city\n  pattern: <{Cap}>\n",
            "p:3: rule `a`: kind `city` is a LOC kind",
        ),
        (
            "rule a\n  label: PER\n  pattern: <{Cap}>\n  test: Ann Lee => Ann\n",
            "p:1: rule `a` needs a test",
        ),
        (
            "rule a\n  label: PER\n  common: maybe\n",
            "p:3: `common:` takes no, some or yes",
        ),
        (
            "rule a\n  label: PER\n  repeats: 0\n",
            "p:3: `repeats:` takes a number from 1",
        ),
        (
            "list x: a | b=planet\n",
            "p:1: list `x`: unknown kind `planet`",
        ),
        ("  label: PER\n", "p:1: an indented line outside a rule"),
        ("rules a\n", "p:1: expected `rule NAME`"),
        ("never: @nope\n", "p:1: unknown list `@nope`"),
    ];

    #[test]
    fn bad_files_name_file_and_line() {
        for (text, want) in BAD {
            match Patterns::parse("p", text) {
                Err(Error::Patterns(e)) => {
                    let got = e.to_string();
                    assert!(
                        got.starts_with(want),
                        "{text:?}: got {got:?}, want {want:?}"
                    );
                }
                other => panic!("{text:?}: expected an error, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_good_rule_compiles_with_its_lists() {
        let text = format!("list t: Dr. | mr\n{HEAD}  pattern: @t <{{Cap}}>\n{TESTS}");
        let p = Patterns::parse("p", &text).unwrap();
        let re = p.rules()[0].regex.regex();
        let name = |s: &str| re.captures(s).map(|c| c["name"].to_owned());
        assert_eq!(name("Dr. Lee").as_deref(), Some("Lee"));
        assert_eq!(name("MR Lee").as_deref(), Some("Lee"));
        // An entry written with a capital needs it.
        assert_eq!(name("dr. Lee"), None);
        assert_eq!(name("Dr.\nLee").as_deref(), Some("Lee"));
        assert_eq!(name("Dr.\n\nLee"), None);
    }

    #[test]
    fn kinds_come_from_the_last_list_entry_in_the_name() {
        let text = "list h: Institute=academic | Ministry=ministry\nrule a\n  label: ORG\n  kind: @h\n  pattern: <{Cap} @h>\n  test: Foo Institute => Foo Institute\n  test: foo => none\n";
        let p = Patterns::parse("p", text).unwrap();
        let r = &p.rules()[0];
        assert_eq!(p.kind(r, "Institute of the Ministry"), "ministry");
        assert_eq!(p.kind(r, "Ministry Institute"), "academic");
        assert_eq!(p.kind(r, "Foo Bar"), "organization");
    }

    #[test]
    fn the_embedded_patterns_compile() {
        let p = Patterns::embedded().unwrap();
        assert!(p.rules().len() >= 10);
        assert!(p.is_never("may"));
    }

    /// What lets the embedded patterns' regexes go unbuilt when read
    /// (`known_valid`): each builds, with the limits of the build that
    /// checks a user's file.
    #[test]
    fn every_embedded_full_regex_builds() {
        let p = Patterns::embedded().unwrap();
        for rule in p.rules() {
            let source = rule.regex.as_str();
            assert!(known_valid(source), "{}", rule.name);
            if let Err(e) = build(source, Some(DFA_SIZE_LIMIT)) {
                panic!("{}: {e}", rule.name);
            }
        }
    }

    /// A user's rule is still built when its file is read, so a regex too
    /// large or malformed is refused at its `pattern:` line, even where the
    /// embedded patterns are loaded first and their regexes go unbuilt.
    #[test]
    fn a_users_regex_is_checked_at_its_line() {
        let huge = format!("{HEAD}  pattern: <\\p{{L}}{{3000}}>\n{TESTS}");
        let broken = format!("{HEAD}  pattern: <{{Cap}}(?z)>\n{TESTS}");
        assert!(!known_valid(&translated("<\\p{L}{3000}>", &[]).unwrap()));
        for (text, want) in [
            (&huge, "exceeds size limit"),
            (&broken, "regex parse error"),
        ] {
            let mut set = Patterns::embedded().unwrap();
            let got = match set.add("mine.rules", text) {
                Err(Error::Patterns(e)) => e.to_string(),
                other => panic!("{text:?}: expected an error, got {other:?}"),
            };
            assert!(
                got.starts_with("mine.rules:3: rule `a`: the pattern does not compile:"),
                "{got}"
            );
            assert!(got.contains(want), "{got}");
            match Patterns::parse("p", text) {
                Err(Error::Patterns(e)) => assert!(e.to_string().starts_with("p:3: rule `a`")),
                other => panic!("{text:?}: expected an error, got {other:?}"),
            }
        }
    }

    /// A user's file that repeats an embedded pattern (under another rule
    /// name, after the embedded file) loads with the same regex.
    #[test]
    fn a_user_rule_with_an_embedded_regex_loads() {
        let mut set = Patterns::embedded().unwrap();
        let first = set.rules()[0].clone();
        let tests: String = first
            .tests
            .iter()
            .map(|t| {
                let expect = match t.expect.is_empty() {
                    true => "none".to_owned(),
                    false => t.expect.join(" | "),
                };
                format!("  test: {} => {expect}\n", t.sentence.replace('\n', "\\n"))
            })
            .collect();
        let text = format!(
            "rule mine\n  label: {}\n  pattern: {}\n{tests}",
            first.label, first.source
        );
        set.add("mine.rules", &text).unwrap();
        let mine = set.rules().last().unwrap();
        assert_eq!(mine.regex.as_str(), first.regex.as_str());
        assert!(known_valid(mine.regex.as_str()));
    }
}
