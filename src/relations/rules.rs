//! Relation rules: a human-readable rules file compiled once to regexes.
//!
//! A rule matches one sentence in which every entity mention has been
//! replaced by a token that carries its label and kind. The pattern
//! language is Rust's regex syntax (case-insensitive) with five additions:
//!
//! | syntax | meaning |
//! |---|---|
//! | a space | one or more whitespace characters (line breaks too) |
//! | `{LOC}`, `{LOC:country,city}`, `{ORG\|PER}` | one mention of that label (and kind) |
//! | `{LOC:country}+` | a coordinated list: `A, B, and C`, `A and B`, `A, B, C` |
//! | `head:{...}`, `tail:{...}` | the relation's arguments (a list distributes) |
//! | `<...>` | the trigger words, reported with each relation |
//! | `~N` | a gap of at most N words, not crossing a `;` |
//!
//! Without `head:`/`tail:`, the first mention slot is the head and the
//! second the tail. The file format is described in `rules/relations.rules`
//! and the README.
//!
//! ```
//! let rules = gazet::Rules::parse(
//!     "mine.rules",
//!     "rule member\n  relation: member_of\n  pattern: {LOC:country}+ are <members> of (the )?{ORG}\n",
//! ).unwrap();
//! assert_eq!(rules.rules().len(), 1);
//! ```

use crate::error::{Error, LineError, LineErrors, Result};
use crate::model::schema::{Label, Relation, SchemaError};
use crate::relations::construction::{Lexeme, Slot, TriggerError};
use crate::rulefile::pattern::{build, closing_brace, translate, Dialect, PatternError};
use crate::rulefile::{self, literals, LayoutError, Placed, RuleSet};
use regex::{Regex, RegexSetBuilder};
use std::collections::HashMap;

/// The rules shipped with gazet, embedded in the binary.
pub const EMBEDDED: (&str, &str) = (
    "<embedded>/relations.rules",
    include_str!("../../rules/relations.rules"),
);

/// Marks the start of an entity token in an abstracted sentence.
pub const TOKEN_START: char = '\u{E000}';
/// Separates the fields of an entity token.
pub const TOKEN_SEP: char = '\u{E001}';
/// Marks the end of an entity token.
pub const TOKEN_END: char = '\u{E002}';

/// The largest gap `~N` a pattern may ask for.
const MAX_GAP: usize = 30;

/// What a rule needs the gazetteer to say about its pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactCheck {
    /// The gazetteer must have the fact (head, relation, tail).
    Required(Relation),
    /// If the gazetteer has any such fact about the head, the tail must be
    /// one of its targets; if it has none, the sentence alone decides.
    Consistent(Relation),
    /// The gazetteer must not have the fact: `Tokayev of Kazakhstan` names
    /// a country's president, where `Khristenko of Russia` names a
    /// citizen.
    Excluded(Relation),
}

/// How a rule finds its pairs.
#[derive(Clone, Debug)]
pub enum Matcher {
    /// A pattern over the abstracted sentence.
    Pattern(Regex),
    /// The tail is named inside the head's name (`Anti-Terrorist Centre of
    /// the CSTO`). With a lexeme, the name states the relation by its shape:
    /// one of the lexeme's words names a body of the inner name (`Economic
    /// Court of the CIS`, `CIS Economic Court`), so no gazetteer fact is
    /// needed.
    Inside(Option<Box<Lexeme>>),
    /// A trigger from the lexicon, applied through every construction.
    Trigger(Box<Lexeme>),
}

/// An expected outcome of a rule's test sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Exactly these (relation, head id, tail id), from this rule.
    Relations(Vec<(Relation, String, String)>),
    /// Nothing from this rule, and not because of a blocker.
    Nothing,
    /// The rule matched, and a blocker stopped it.
    Blocked,
}

#[derive(Clone, Debug)]
pub struct RuleTest {
    pub sentence: String,
    pub expect: Expect,
    pub line: usize,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub name: String,
    pub relation: Relation,
    pub matcher: Matcher,
    /// The pattern as written, for explanations.
    pub source: String,
    pub fact: Option<FactCheck>,
    /// Indices into [`Rules::blockers`].
    pub blockers: Vec<usize>,
    pub tests: Vec<RuleTest>,
    pub file: String,
    pub line: usize,
}

impl Placed for Rule {
    fn place(&self) -> (&str, &str, usize) {
        (&self.name, &self.file, self.line)
    }
}

#[derive(Clone, Debug)]
pub struct Blocker {
    pub name: String,
    pub regex: Regex,
}

/// A compiled rule set. Rule and blocker names are unique across the set.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    rules: Vec<Rule>,
    blockers: Vec<Blocker>,
    /// Sets of relations a pair can have only one of; the one stated last
    /// in the document wins.
    exclusive: Vec<Vec<Relation>>,
    /// Whether the literal filter below was built (after each file).
    /// Every pattern used to be put in one `RegexSet` for this; the set is
    /// still built once to check a user's file (a file whose patterns are
    /// too large together is refused as before), and then dropped.
    prefilter: bool,
    /// For each member of `prefilter`, its rule.
    prefilter_rules: Vec<usize>,
    /// The literal sets every match of a member of `prefilter` needs (one
    /// of each: `required_all_by`), found in one shared Aho-Corasick pass:
    /// it needs no lazy DFA of each thread's own, as the set does, and a
    /// pattern it admits still runs in full. The scan's patterns are the
    /// sets.
    literals: literals::LiteralScan,
    /// For each set of `literals`, the member of `prefilter` that needs it.
    set_owner: Vec<usize>,
    /// For each member of `prefilter`, how many sets it needs.
    sets_needed: Vec<usize>,
    /// For each word a trigger phrase can start with, the trigger rules
    /// that have it: one lookup per word of a sentence tells which of them
    /// can fire, instead of every rule scanning the sentence.
    trigger_starts: HashMap<String, Vec<usize>>,
}

rulefile::loaders!(Rules, EMBEDDED);

/// A relation rule, blocker, test or `exclusive:` line that is wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RelationRuleError {
    /// The line breaks the layout every rule file shares.
    #[error(transparent)]
    Layout(#[from] LayoutError),
    /// A label, kind or relation the schema lacks.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// A `trigger:` value that is no trigger.
    #[error(transparent)]
    Trigger(#[from] TriggerError),
    /// A `yes`/`no` field with another value.
    #[error("`{field}:` takes `{takes}`")]
    Takes {
        /// The field (`inside`, `inverse`, `possessor`).
        field: &'static str,
        /// The one value it takes.
        takes: &'static str,
    },
    /// A `block:` naming no blocker defined above.
    #[error("unknown blocker `{0}` (define it above with `blocker {0}: ...`)")]
    UnknownBlocker(String),
    /// A `blocker` line without `NAME: REGEX`.
    #[error("a blocker is `blocker NAME: REGEX`")]
    BlockerForm,
    /// A blocker name taken already.
    #[error("duplicate blocker `{0}`")]
    DuplicateBlocker(String),
    /// A blocker whose regex does not compile.
    #[error("blocker `{name}`: {source}")]
    BlockerRegex {
        /// The blocker.
        name: String,
        /// What the regex crate said.
        source: regex::Error,
    },
    /// An `exclusive:` line with fewer than two relations.
    #[error("`exclusive:` needs at least two relations")]
    ExclusiveNeedsTwo,
    /// A `test:` without `=>`.
    #[error("a test is `SENTENCE => none | blocked | relation(head, tail), ...`")]
    TestForm,
    /// An expected relation of a test that is not `relation(head, tail)`.
    #[error("expected relation(head, tail), found {0:?}")]
    TestRelation(String),
    /// A test that expects nothing at all.
    #[error("a test expects `none`, `blocked` or relations")]
    TestEmpty,
    /// A rule without `relation:`.
    #[error("rule `{0}` has no `relation:`")]
    NoRelation(String),
    /// A rule with both `trigger:` and `pattern:`.
    #[error("rule `{0}` has `trigger:` with `pattern:`")]
    TriggerAndPattern(String),
    /// An `inside:` rule with a trigger and argument types.
    #[error("rule `{0}`: an `inside:` rule with a `trigger:` takes no `head:` or `tail:` (both names are organisations)")]
    InsideTriggerTypes(String),
    /// A trigger rule without both argument types.
    #[error("rule `{0}`: a `trigger:` rule needs `head:` and `tail:` types")]
    TriggerTypes(String),
    /// A rule with both `pattern:` and `inside:`.
    #[error("rule `{0}` has both `pattern:` and `inside:`")]
    PatternAndInside(String),
    /// A rule that matches nothing.
    #[error("rule `{0}` has neither `pattern:`, `trigger:` nor `inside: yes`")]
    NoMatcher(String),
    /// An `inside:` rule that states no relation of its own.
    #[error("rule `{0}`: an `inside:` rule needs a required `fact:` or a `trigger:` (a name alone states no relation)")]
    InsideNeedsFact(String),
    /// A rule whose argument slots allow a label the schema does not
    /// declare for that argument of its relation.
    #[error("rule `{rule}`: {source}")]
    Arguments {
        /// The rule.
        rule: String,
        /// Which argument and label, and what the schema declares.
        source: SchemaError,
    },
    /// A rule whose pattern does not compile.
    #[error("rule `{rule}`: {source}")]
    Pattern {
        /// The rule.
        rule: String,
        /// What is wrong with its pattern.
        source: RelationPatternError,
    },
    /// A file whose patterns compile alone but not together with the rules
    /// read before them.
    #[error("the pattern rules of this file do not compile together with the others: {0}")]
    TooLargeTogether(regex::Error),
}

/// A relation rule's `pattern:` that does not compile.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RelationPatternError {
    /// The shared pattern syntax is broken.
    #[error(transparent)]
    Syntax(#[from] PatternError),
    /// A mention slot with a label or kind the schema lacks.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// A named or other special group, which the compiler reserves.
    #[error("only `(?:...)` groups are allowed; named and other special groups are reserved")]
    ReservedGroup,
    /// `head:` or `tail:` twice.
    #[error("two `{0}:` slots")]
    TwoRoles(&'static str),
    /// More than one `<...>`.
    #[error("more than one `<trigger>`")]
    TwoTriggers,
    /// Fewer than two mention slots.
    #[error("a pattern needs two mention slots (head and tail), e.g. `{{LOC}} ... {{ORG}}`")]
    TwoSlots,
    /// `head:` without `tail:`, or the reverse.
    #[error("a pattern with `head:` needs `tail:` too, and the reverse")]
    RolesInPairs,
}

impl Rules {
    fn build_prefilter(&mut self) -> Result<(), LineErrors> {
        let (rules, patterns): (Vec<usize>, Vec<&str>) = self
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match &r.matcher {
                Matcher::Pattern(re) => Some((i, re.as_str())),
                Matcher::Inside(_) | Matcher::Trigger(_) => None,
            })
            .unzip();
        // The embedded rules build together (a test builds their set), so
        // the set is built only for a set with rules from a user's file,
        // whose patterns may be too large together: it was 4% of a short
        // run's instructions and held its automata for the whole run.
        let embedded_only = rules.iter().all(|&i| self.rules[i].file == EMBEDDED.0);
        if !embedded_only {
            check_together(&patterns).map_err(|e| {
                // The set is rebuilt after each file, so the file just
                // added is the one that tipped it over.
                let last = rules.last().map(|&i| &self.rules[i]);
                let file = last.map_or("<rules>", |r| r.file.as_str());
                let line = self
                    .rules
                    .iter()
                    .find(|r| r.file == file && matches!(r.matcher, Matcher::Pattern(_)))
                    .map_or(0, |r| r.line);
                LineErrors(vec![LineError::new(
                    file,
                    line,
                    RelationRuleError::TooLargeTogether(e),
                )])
            })?;
        }
        let needs: Vec<Vec<Vec<String>>> = patterns
            .iter()
            .map(|p| literals::required_all_by(p))
            .collect();
        self.sets_needed = needs.iter().map(Vec::len).collect();
        self.set_owner = needs
            .iter()
            .enumerate()
            .flat_map(|(k, sets)| sets.iter().map(move |_| k))
            .collect();
        self.literals = literals::LiteralScan::new(needs.into_iter().flatten().map(Some));
        self.prefilter = true;
        self.prefilter_rules = rules;
        self.trigger_starts.clear();
        for (i, r) in self.rules.iter().enumerate() {
            if let Matcher::Trigger(lexeme) = &r.matcher {
                for w in lexeme.start_words() {
                    let rules = self.trigger_starts.entry(w.to_owned()).or_default();
                    if rules.last() != Some(&i) {
                        rules.push(i);
                    }
                }
            }
        }
        Ok(())
    }

    /// Marks in `may` the trigger rules that one of `words` can start,
    /// and returns for each rule the positions of the words that can
    /// start one of its phrases, rising.
    pub fn triggered<'w>(
        &self,
        words: impl Iterator<Item = &'w str>,
        may: &mut [bool],
    ) -> Vec<Vec<usize>> {
        let mut at = vec![Vec::new(); self.rules.len()];
        for (i, w) in words.enumerate() {
            if w.is_empty() {
                continue;
            }
            if let Some(rules) = self.trigger_starts.get(w) {
                for &r in rules {
                    may[r] = true;
                    at[r].push(i);
                }
            }
        }
        at
    }

    /// For each rule, whether it may match `sentence` (an abstracted
    /// sentence); a rule whose pattern cannot match is `false`, and so is
    /// every trigger rule until [`Rules::triggered`] marks it.
    pub fn candidates(&self, sentence: &str) -> Vec<bool> {
        if !self.prefilter {
            return vec![true; self.rules.len()];
        }
        let mut may: Vec<bool> = self
            .rules
            .iter()
            .map(|r| matches!(r.matcher, Matcher::Inside(_)))
            .collect();
        // A pattern is admitted when every one of its literal sets is
        // found; one with no set is always admitted.
        let mut missing = self.sets_needed.clone();
        match self.literals.hit_literals(sentence) {
            Some(hits) => {
                let mut found = vec![false; self.literals.len()];
                // Every token of a sentence is a hit of the same few
                // literals, each needed by sets of most rules: a literal
                // seen once has marked its sets already.
                let mut seen = vec![false; self.literals.literals()];
                for k in hits {
                    if std::mem::replace(&mut seen[k], true) {
                        continue;
                    }
                    for &set in self.literals.owners(k) {
                        if !std::mem::replace(&mut found[set], true) {
                            missing[self.set_owner[set]] -= 1;
                        }
                    }
                }
            }
            None => missing.iter_mut().for_each(|m| *m = 0),
        }
        for (k, _) in missing.iter().enumerate().filter(|(_, &m)| m == 0) {
            if let Some(&r) = self.prefilter_rules.get(k) {
                may[r] = true;
            }
        }
        may
    }

    /// For a sentence no pattern or trigger rule can relate two mentions
    /// in: only the rules that read names inside names may match.
    pub fn inside_only(&self) -> Vec<bool> {
        self.rules
            .iter()
            .map(|r| matches!(r.matcher, Matcher::Inside(_)))
            .collect()
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The blockers, in file order.
    pub fn blockers(&self) -> &[Blocker] {
        &self.blockers
    }

    /// The sets of relations a pair can have only one of.
    pub fn exclusive(&self) -> &[Vec<Relation>] {
        &self.exclusive
    }

    /// Whether there are no rules (no relations are extracted).
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// A rule being read, before compilation.
#[derive(Default)]
pub(crate) struct Draft {
    name: String,
    line: usize,
    relation: Option<Relation>,
    pattern: Option<(String, usize)>,
    inside: bool,
    trigger: Option<(Lexeme, String)>,
    prep: Option<Vec<String>>,
    /// The `head:` and `tail:` slots with their lines.
    head: Option<(Slot, usize)>,
    tail: Option<(Slot, usize)>,
    inverse: bool,
    possessor: bool,
    fact: Option<FactCheck>,
    blockers: Vec<usize>,
    tests: Vec<RuleTest>,
}

impl RuleSet for Rules {
    type Draft = Draft;
    type Rule = Rule;
    type Problem = RelationRuleError;

    const LAYOUT: rulefile::Layout<Self> = rulefile::Layout {
        problems: Error::Rules,
        tops: &[
            ("blocker ", "`blocker NAME: REGEX`", |p, rest| {
                p.blocker(rest)
            }),
            (
                "exclusive:",
                "`exclusive: RELATION RELATION...`",
                |p, rest| p.exclusive(rest),
            ),
        ],
        fields: &[
            "relation",
            "pattern",
            "inside",
            "trigger",
            "prep",
            "head",
            "tail",
            "inverse",
            "possessor",
            "fact",
            "block",
            "test",
        ],
        open: |line, name| Draft {
            name: name.to_owned(),
            line,
            possessor: true,
            ..Draft::default()
        },
        field: |set, d, n, key, value| d.field(&set.blockers, n, key, value),
        close: |p, d| p.close_rule(d),
    };

    fn defined(&self) -> &[Rule] {
        &self.rules
    }

    fn finish(&mut self) -> Result<(), LineErrors> {
        self.build_prefilter()
    }
}

impl Draft {
    /// Reads a field, given the blockers defined so far and the field's
    /// line, key and value.
    fn field(
        &mut self,
        blockers: &[Blocker],
        n: usize,
        key: &str,
        value: &str,
    ) -> Result<(), RelationRuleError> {
        match key {
            "relation" => self.relation = Some(value.parse()?),
            "pattern" => self.pattern = Some((value.to_owned(), n)),
            "inside" => match value {
                "yes" => self.inside = true,
                _ => {
                    return Err(RelationRuleError::Takes {
                        field: "inside",
                        takes: "yes",
                    })
                }
            },
            "fact" => {
                self.fact = Some(match (value.strip_suffix('?'), value.strip_prefix('!')) {
                    (Some(r), _) => FactCheck::Consistent(r.trim().parse()?),
                    (None, Some(r)) => FactCheck::Excluded(r.trim().parse()?),
                    (None, None) => FactCheck::Required(value.parse()?),
                })
            }
            "block" => {
                for name in value.split_whitespace() {
                    let i = blockers
                        .iter()
                        .position(|b| b.name == name)
                        .ok_or_else(|| RelationRuleError::UnknownBlocker(name.to_owned()))?;
                    self.blockers.push(i);
                }
            }
            "test" => self.tests.push(parse_test(value, n)?),
            "trigger" => self.trigger = Some((Lexeme::parse(value)?, value.trim().to_owned())),
            "prep" => self.prep = Some(value.split('|').map(|p| p.trim().to_lowercase()).collect()),
            "head" => self.head = Some((Slot::parse(value)?, n)),
            "tail" => self.tail = Some((Slot::parse(value)?, n)),
            "inverse" => match value {
                "yes" => self.inverse = true,
                _ => {
                    return Err(RelationRuleError::Takes {
                        field: "inverse",
                        takes: "yes",
                    })
                }
            },
            "possessor" => match value {
                "no" => self.possessor = false,
                _ => {
                    return Err(RelationRuleError::Takes {
                        field: "possessor",
                        takes: "no",
                    })
                }
            },
            // The layout lets no other key through.
            _ => {}
        }
        Ok(())
    }
}

type Parser<'a> = rulefile::Parser<'a, Rules>;

impl Parser<'_> {
    fn blocker(&mut self, rest: &str) -> Result<(), RelationRuleError> {
        let (name, regex) = rest.split_once(':').ok_or(RelationRuleError::BlockerForm)?;
        let name = name.trim();
        if self.set.blockers.iter().any(|b| b.name == name) {
            return Err(RelationRuleError::DuplicateBlocker(name.to_owned()));
        }
        // ASCII word boundaries: a Unicode `\b` keeps the fast engines off,
        // and blocker words are English.
        let regex = Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", regex.trim())).map_err(
            |source| RelationRuleError::BlockerRegex {
                name: name.to_owned(),
                source,
            },
        )?;
        self.set.blockers.push(Blocker {
            name: name.to_owned(),
            regex,
        });
        Ok(())
    }

    fn exclusive(&mut self, rest: &str) -> Result<(), RelationRuleError> {
        let rels = rest
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<Vec<Relation>, _>>()?;
        if rels.len() < 2 {
            return Err(RelationRuleError::ExclusiveNeedsTwo);
        }
        self.set.exclusive.push(rels);
        Ok(())
    }

    fn close_rule(&mut self, d: Draft) {
        let Some(relation) = d.relation else {
            self.error(d.line, RelationRuleError::NoRelation(d.name));
            return;
        };
        let name = || d.name.clone();
        // The labels each argument may have, where the rule says, and the
        // lines that say it.
        let mut arguments: Option<([Vec<Label>; 2], [usize; 2])> = None;
        let built = match (d.trigger, d.pattern, d.inside) {
            (Some(_), Some(_), _) => Err((d.line, RelationRuleError::TriggerAndPattern(name()))),
            (Some((lexeme, source)), None, true) => {
                if d.head.is_some() || d.tail.is_some() {
                    Err((d.line, RelationRuleError::InsideTriggerTypes(name())))
                } else {
                    // The name's shape gives an organisation (its head
                    // noun) and the organisation or place it names.
                    let tail = match relation {
                        Relation::LocatedIn => Label::LOC,
                        _ => Label::ORG,
                    };
                    arguments = Some(([vec![Label::ORG], vec![tail]], [d.line, d.line]));
                    Ok((
                        Matcher::Inside(Some(Box::new(lexeme))),
                        format!("inside: yes, trigger: {source}"),
                    ))
                }
            }
            (Some((mut lexeme, source)), None, false) => match (d.head, d.tail) {
                (Some((head, head_line)), Some((tail, tail_line))) => {
                    let labels = |s: &Slot| s.0.iter().map(|t| t.label).collect();
                    arguments = Some(([labels(&head), labels(&tail)], [head_line, tail_line]));
                    lexeme.head = head;
                    lexeme.tail = tail;
                    lexeme.inverse = d.inverse;
                    lexeme.possessor = d.possessor;
                    if let Some(p) = d.prep {
                        lexeme.preps = p;
                    }
                    Ok((
                        Matcher::Trigger(Box::new(lexeme)),
                        format!("trigger: {source}"),
                    ))
                }
                _ => Err((d.line, RelationRuleError::TriggerTypes(name()))),
            },
            (None, Some(_), true) => Err((d.line, RelationRuleError::PatternAndInside(name()))),
            (None, None, false) => Err((d.line, RelationRuleError::NoMatcher(name()))),
            (None, None, true) => {
                if matches!(d.fact, Some(FactCheck::Required(_))) {
                    Ok((Matcher::Inside(None), "inside: yes".to_owned()))
                } else {
                    Err((d.line, RelationRuleError::InsideNeedsFact(name())))
                }
            }
            (None, Some((pattern, line)), false) => match compile(&pattern) {
                Ok((re, labels)) => {
                    arguments = Some((labels, [line, line]));
                    Ok((Matcher::Pattern(re), pattern))
                }
                Err(source) => Err((
                    line,
                    RelationRuleError::Pattern {
                        rule: name(),
                        source,
                    },
                )),
            },
        };
        let (matcher, source) = match built {
            Ok(b) => b,
            Err((line, problem)) => {
                self.error(line, problem);
                return;
            }
        };
        if let Some(([heads, tails], lines)) = arguments {
            let forbidden = heads.iter().find_map(|&h| {
                tails
                    .iter()
                    .find_map(|&t| relation.check_arguments(h, t).err())
            });
            if let Some(source) = forbidden {
                let line = match &source {
                    SchemaError::ArgumentLabel {
                        argument: "tail", ..
                    } => lines[1],
                    _ => lines[0],
                };
                self.error(
                    line,
                    RelationRuleError::Arguments {
                        rule: d.name,
                        source,
                    },
                );
                return;
            }
        }
        self.set.rules.push(Rule {
            name: d.name,
            relation,
            matcher,
            source,
            fact: d.fact,
            blockers: d.blockers,
            tests: d.tests,
            file: self.file.to_owned(),
            line: d.line,
        });
    }
}

/// `SENTENCE => none | blocked | rel(head, tail), ...`
fn parse_test(value: &str, line: usize) -> Result<RuleTest, RelationRuleError> {
    let (sentence, expect) = value.rsplit_once("=>").ok_or(RelationRuleError::TestForm)?;
    let expect = match expect.trim() {
        "none" => Expect::Nothing,
        "blocked" => Expect::Blocked,
        list => {
            let mut rels = Vec::new();
            for item in list.split(')').map(str::trim).filter(|s| !s.is_empty()) {
                let item = item.trim_start_matches(',').trim();
                let (rel, args) = item
                    .split_once('(')
                    .ok_or_else(|| RelationRuleError::TestRelation(item.to_owned()))?;
                let (h, t) = args
                    .split_once(',')
                    .ok_or_else(|| RelationRuleError::TestRelation(item.to_owned()))?;
                rels.push((
                    rel.trim().parse()?,
                    h.trim().to_owned(),
                    t.trim().to_owned(),
                ));
            }
            if rels.is_empty() {
                return Err(RelationRuleError::TestEmpty);
            }
            Expect::Relations(rels)
        }
    };
    Ok(RuleTest {
        sentence: sentence.trim().to_owned(),
        expect,
        line,
    })
}

/// Builds every pattern in one set, as the rules' prefilter once was: a
/// file whose patterns are too large together is refused, as it was then.
/// The set itself is dropped.
fn check_together(patterns: &[&str]) -> Result<(), regex::Error> {
    // One lazy DFA served every pattern at once, with this cache.
    RegexSetBuilder::new(patterns)
        .dfa_size_limit(64 << 20)
        .build()
        .map(drop)
}

/// The regex for one entity token matching a slot spec such as
/// `LOC:country,city|ORG`.
fn slot_token(spec: &str) -> Result<(String, Vec<Label>), SchemaError> {
    let slot = Slot::parse(spec)?;
    let labels = slot.0.iter().map(|t| t.label).collect();
    let alts: Vec<String> = slot
        .0
        .into_iter()
        .map(|t| {
            let kinds = match t.kinds.is_empty() {
                true => "[a-z_]+".to_owned(),
                false => format!("(?:{})", t.kinds.join("|")),
            };
            format!("{}{TOKEN_SEP}{kinds}", t.label)
        })
        .collect();
    let token = format!(
        "{TOKEN_START}[0-9]+{TOKEN_SEP}(?:{}){TOKEN_END}",
        alts.join("|")
    );
    Ok((token, labels))
}

/// A coordinated list of tokens, each optionally followed by a bracketed
/// acronym (`Institute of X (IX), Department of Y`). The bracket must hold
/// a name the slot accepts: in `Institute of X (Almaty)` the city is no
/// item of an organisation list.
fn list(token: &str) -> String {
    let member = format!(r"{token}(?:\s*\(\s*{token}\s*\))?");
    format!(r"{member}(?:(?:\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+)(?:the\s+)?{member})*")
}

/// Names joined by `and` only (`Osh and Jalal-Abad, Kyrgyzstan`): where
/// commas would read a chain of containers as a list (`Kaldar, Balkh
/// Province, Afghanistan`).
fn and_list(token: &str) -> String {
    format!(r"{token}(?:\s+(?:and|&)\s+(?:the\s+)?{token})*")
}

/// The relation rules' constructs: mention slots `{LOC:city}`, lists of
/// them `{LOC}+` and `{LOC}&`, roles `head:{...}` and `tail:{...}`; only
/// `(?:...)` groups are the pattern's own.
#[derive(Default)]
struct Slots {
    /// How many slots without a role.
    unnamed: usize,
    /// Whether `head:` and `tail:` were given.
    roles: [bool; 2],
    /// The labels of the `head:` and `tail:` slots, or of the first two
    /// slots without a role.
    labels: [Vec<Label>; 2],
    unnamed_labels: [Vec<Label>; 2],
}

impl Dialect for Slots {
    const SPACE: &'static str = r"\s+";
    const MAX_GAP: usize = MAX_GAP;
    const MARK: &'static str = "trig";
    const MARKED: &'static str = "a trigger";
    const UNICODE_CLASSES: bool = false;

    type Error = RelationPatternError;

    fn own(
        &mut self,
        chars: &[char],
        i: usize,
        out: &mut String,
    ) -> Result<Option<usize>, RelationPatternError> {
        let c = chars[i];
        if c == '(' && chars.get(i + 1) == Some(&'?') && chars.get(i + 2) != Some(&':') {
            return Err(RelationPatternError::ReservedGroup);
        }
        let rest: String = chars[i..].iter().take(6).collect();
        // `{LOC}` is a slot; `{2}` and `{1,3}` stay regex repetitions.
        let slot = c == '{' && chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic());
        if !(rest.starts_with("head:{") || rest.starts_with("tail:{") || slot) {
            return Ok(None);
        }
        let role = if slot {
            None
        } else {
            Some(usize::from(rest.starts_with("tail")))
        };
        let open = if role.is_some() { i + 5 } else { i };
        let close = closing_brace(chars, open)?;
        let spec: String = chars[open + 1..close].iter().collect();
        let (token, labels) = slot_token(&spec)?;
        let is_list = matches!(chars.get(close + 1), Some('+' | '&'));
        let body = match chars.get(close + 1) {
            Some('+') => list(&token),
            Some('&') => and_list(&token),
            _ => token,
        };
        match role {
            Some(r) => {
                if self.roles[r] {
                    return Err(RelationPatternError::TwoRoles(["head", "tail"][r]));
                }
                self.roles[r] = true;
                self.labels[r] = labels;
                out.push_str(&format!("(?P<{}>{body})", ["h", "t"][r]));
            }
            None => {
                self.unnamed += 1;
                // Without roles, the first two slots are head and tail;
                // which it is is known only at the end.
                if self.unnamed <= 2 {
                    self.unnamed_labels[self.unnamed - 1] = labels;
                    out.push_str(&format!("(?P<s{}>{body})", self.unnamed));
                } else {
                    out.push_str(&format!("(?:{body})"));
                }
            }
        }
        Ok(Some(close + 1 + usize::from(is_list)))
    }
}

/// Compiles a pattern to a regex with named groups `h`, `t` and `trig`,
/// and the labels its head and tail slots allow.
///
/// Whole-word edges are checked by the caller on each match, not with `\b`
/// here: a Unicode `\b` would keep the regex crate's fast engines off.
pub(crate) fn compile(pattern: &str) -> Result<(Regex, [Vec<Label>; 2]), RelationPatternError> {
    let mut out = String::from("(?i)");
    let mut slots = Slots::default();
    if translate(&mut slots, pattern, &mut out)? > 1 {
        return Err(RelationPatternError::TwoTriggers);
    }
    match slots.roles {
        [true, true] => {}
        [false, false] if slots.unnamed >= 2 => {}
        [false, false] => return Err(RelationPatternError::TwoSlots),
        _ => return Err(RelationPatternError::RolesInPairs),
    }
    let (out, labels) = if slots.roles == [true, true] {
        let out = out.replace("(?P<s1>", "(?:").replace("(?P<s2>", "(?:");
        (out, slots.labels)
    } else {
        let out = out
            .replace("(?P<s1>", "(?P<h>")
            .replace("(?P<s2>", "(?P<t>");
        (out, slots.unnamed_labels)
    };
    Ok((build(&out, None)?, labels))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (rules text, expected `file:line: message` prefix)
    const BAD: &[(&str, &str)] = &[
        (
            "rule a\n  pattern: {LOC} of {ORG}\n",
            "r:1: rule `a` has no `relation:`",
        ),
        (
            "rule a\n  relation: member\n",
            "r:2: unknown relation `member`",
        ),
        (
            "rule a\n  relation: member_of\n  pattern: {LOX} of {ORG}\n",
            "r:3: rule `a`: unknown label `LOX`",
        ),
        (
            "rule a\n  relation: member_of\n  pattern: {LOC:planet} of {ORG}\n",
            "r:3: rule `a`: unknown kind `planet`",
        ),
        (
            "rule a\n  relation: member_of\n  pattern: {LOC} of (the {ORG}\n",
            "r:3: rule `a`: the pattern does not compile",
        ),
        (
            "rule a\n  relation: member_of\n  pattern: {LOC} of\n",
            "r:3: rule `a`: a pattern needs two mention slots",
        ),
        (
            "rule a\n  relation: member_of\n  pattern: head:{LOC} of {ORG} {ORG}\n",
            "r:3: rule `a`: a pattern with `head:` needs `tail:`",
        ),
        (
            "rule a\n  relation: member_of\n  pattern: {LOC} <of {ORG}\n",
            "r:3: rule `a`: a `<` without its `>`",
        ),
        (
            "rule a\n  relation: member_of\n  pattern: {LOC} ~x {ORG}\n",
            "r:3: rule `a`: `~` must be followed by a number",
        ),
        (
            "rule a\n  relation: member_of\n  pattern: {LOC} of {ORG}\n  block: nope\n",
            "r:4: unknown blocker `nope`",
        ),
        (
            "rule a\n  relation: member_of\n  pattern: {LOC} of {ORG}\n  test: no arrow\n",
            "r:4: a test is `SENTENCE =>",
        ),
        (
            "rule a\n  relation: member_of\n  pattern: {LOC} of {ORG}\n  colour: red\n",
            "r:4: unknown field `colour`",
        ),
        (
            "rule a\n  relation: part_of\n  inside: yes\n",
            "r:1: rule `a`: an `inside:` rule needs a required `fact:`",
        ),
        (
            "  relation: part_of\n",
            "r:1: an indented line outside a rule",
        ),
        ("blocker x: (\n", "r:1: blocker `x`:"),
        ("something\n", "r:1: expected `rule NAME`"),
        (
            "rule a\n  relation: member_of\n  pattern: {LOC} (?P<x>of) {ORG}\n",
            "r:3: rule `a`: only `(?:...)` groups",
        ),
    ];

    #[test]
    fn bad_rules_name_file_and_line() {
        for (text, want) in BAD {
            let got = match Rules::parse("r", text) {
                Err(Error::Rules(LineErrors(es))) => {
                    es.iter().map(|e| e.to_string()).collect::<Vec<_>>()
                }
                other => panic!("expected errors for {text:?}, got {other:?}"),
            };
            assert!(
                got.iter().any(|e| e.starts_with(want)),
                "for {text:?} expected {want:?}, got {got:?}"
            );
        }
    }

    /// Twelve rules whose patterns each compile alone and together pass
    /// the regex crate's size limit.
    fn too_large_together() -> String {
        (0..12)
            .map(|k| {
                format!(
                    "rule big{k}\n  relation: member_of\n  pattern: {{LOC}} \\w{{120}} {{ORG}}\n"
                )
            })
            .collect()
    }

    /// The error of `result`, which must be the first line of `big.rules`.
    fn refused_at_line_one<T: std::fmt::Debug>(result: crate::error::Result<T>) {
        match result {
            Err(Error::Rules(LineErrors(es))) => {
                let e = es[0].to_string();
                assert!(e.starts_with("big.rules:1: "), "{e}");
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }

    #[test]
    fn rules_too_large_together_name_their_file() {
        refused_at_line_one(Rules::parse("big.rules", &too_large_together()));
    }

    /// A user's file added to the embedded rules is still checked with
    /// them: its patterns, too large together, are refused.
    #[test]
    fn a_file_added_to_the_embedded_rules_is_checked_together() {
        let mut rules = Rules::embedded().unwrap();
        refused_at_line_one(rules.add("big.rules", &too_large_together()));
    }

    /// The embedded rules' set is not built when they are read alone:
    /// this is the check it stood for.
    #[test]
    fn embedded_patterns_build_together() {
        let rules = Rules::embedded().unwrap();
        let patterns: Vec<&str> = rules
            .rules()
            .iter()
            .filter_map(|r| match &r.matcher {
                Matcher::Pattern(re) => Some(re.as_str()),
                Matcher::Inside(_) | Matcher::Trigger(_) => None,
            })
            .collect();
        assert!(patterns.len() > 10);
        check_together(&patterns).unwrap();
    }

    #[test]
    fn a_repetition_count_is_no_slot() {
        let (re, _) = compile("{LOC} ([a-z]+ ){2}members of {ORG}").unwrap();
        let s = format!(
            "{} are all members of {}",
            tok(0, "LOC", "country"),
            tok(1, "ORG", "alliance")
        );
        assert!(re.is_match(&s));
        let (re, _) = compile("{LOC} x{1,3} {ORG}").unwrap();
        assert!(re.is_match(&format!(
            "{} xx {}",
            tok(0, "LOC", "country"),
            tok(1, "ORG", "alliance")
        )));
    }

    fn tok(i: usize, label: &str, kind: &str) -> String {
        format!("{TOKEN_START}{i}{TOKEN_SEP}{label}{TOKEN_SEP}{kind}{TOKEN_END}")
    }

    #[test]
    fn lists_roles_gaps_and_triggers() {
        let (re, _) =
            compile("head:{LOC:country}+ (is|are) ~3 <members?> of (the )?tail:{ORG}").unwrap();
        let s = format!(
            "{}, {}, and {} are all full members of the {}.",
            tok(0, "LOC", "country"),
            tok(1, "LOC", "country"),
            tok(2, "LOC", "country"),
            tok(3, "ORG", "alliance")
        );
        let c = re.captures(&s).unwrap();
        assert_eq!(
            c.name("h").unwrap().as_str().matches(TOKEN_START).count(),
            3
        );
        assert_eq!(c.name("t").unwrap().as_str(), tok(3, "ORG", "alliance"));
        assert_eq!(c.name("trig").unwrap().as_str(), "members");
        // A city is not a country.
        let city = format!(
            "{} is a member of {}",
            tok(0, "LOC", "city"),
            tok(1, "ORG", "alliance")
        );
        assert!(re.captures(&city).is_none());
        // A gap longer than allowed.
        let far = format!(
            "{} is one of the very many members of {}",
            tok(0, "LOC", "country"),
            tok(1, "ORG", "alliance")
        );
        assert!(re.captures(&far).is_none());
    }

    #[test]
    fn unnamed_slots_are_head_then_tail() {
        let (re, _) = compile("{LOC:city}, (the )?{LOC:country}").unwrap();
        let s = format!(
            "{}, the {}",
            tok(4, "LOC", "city"),
            tok(5, "LOC", "country")
        );
        let c = re.captures(&s).unwrap();
        assert!(c.name("h").unwrap().as_str().contains("4"));
        assert!(c.name("t").unwrap().as_str().contains("5"));
    }

    #[test]
    fn embedded_rules_compile_and_every_rule_has_a_positive_and_a_negative_test() {
        let rules = Rules::embedded().unwrap();
        assert!(!rules.is_empty());
        for r in rules.rules() {
            let pos = r
                .tests
                .iter()
                .filter(|t| matches!(t.expect, Expect::Relations(_)))
                .count();
            let neg = r
                .tests
                .iter()
                .filter(|t| !matches!(t.expect, Expect::Relations(_)))
                .count();
            assert!(
                pos >= 1 && pos + neg >= 2 && neg >= 1,
                "rule {} needs tests: {pos} positive, {neg} negative",
                r.name
            );
            if !r.blockers.is_empty() {
                assert!(
                    r.tests.iter().any(|t| t.expect == Expect::Blocked),
                    "rule {} has blockers but no blocked test",
                    r.name
                );
            }
        }
    }
}
