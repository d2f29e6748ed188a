//! The per-document pipeline: normalised view → candidates → flat spans →
//! document-local acronyms → one entity per span → output spans in code
//! points → proposed names that no gazetteer lists.

use crate::error::Result;
use crate::input::document::Document;
use crate::lexicon::gazetteer::Gazetteer;
use crate::matching::matcher::{Candidate, Matcher};
use crate::matching::span::{self, Mention};
use crate::matching::translit::TranslitIndex;
use crate::model::annotation::Annotation;
use crate::model::relation::{Offsets, RelationRecord};
use crate::model::schema::Relation;
use crate::model::span::{Flag, Span, SpanSource};
use crate::names::pattern::Patterns;
use crate::names::propose;
use crate::relations::extract::{self as relations, Outcome, Trace};
use crate::relations::rules::{Expect, Rules};
use crate::resolve::acronym::{self, Carried};
use crate::resolve::disambiguate;
use crate::resolve::written;
use crate::text::normalize::{confusable, is_latin_letter, Normalized, Options};
use crate::text::offsets::CodePoints;
use crate::text::ranges::RangeIndex;
use crate::text::zones;
use std::sync::{Arc, OnceLock};

/// A chunk's gazetteer mentions, before acronyms and ambiguity are
/// resolved (see [`Annotator::match_chunk`]).
pub struct ChunkMatches {
    mentions: Vec<Mention>,
    /// The acronyms the chunk defines, in force at its end.
    pub defines: Vec<Carried>,
}

/// Configures an [`Annotator`].
#[derive(Clone, Debug)]
pub struct AnnotatorBuilder {
    overlaps: bool,
    acronyms: bool,
    lone_acronyms: bool,
    rules: Option<Rules>,
    patterns: Option<Patterns>,
}

impl Default for AnnotatorBuilder {
    fn default() -> Self {
        AnnotatorBuilder {
            overlaps: false,
            acronyms: true,
            lone_acronyms: false,
            rules: None,
            patterns: None,
        }
    }
}

impl AnnotatorBuilder {
    /// Also report matches nested in or overlapping the flat spans, marked
    /// `nested` (default: no).
    pub fn overlaps(mut self, yes: bool) -> Self {
        self.overlaps = yes;
        self
    }

    /// Recognise acronyms defined in the document (default: yes).
    pub fn acronyms(mut self, yes: bool) -> Self {
        self.acronyms = yes;
        self
    }

    /// Keep a gazetteer acronym that nothing in the document backs: no
    /// definition, no other name of its entity, no related entity and no
    /// other entity within a few hundred bytes (default: no, such an
    /// acronym is left out, as `GCC` in a compiler changelog is).
    pub fn lone_acronyms(mut self, yes: bool) -> Self {
        self.lone_acronyms = yes;
        self
    }

    /// The relation rules (default: the embedded ones; an empty set turns
    /// relation extraction off).
    pub fn rules(mut self, rules: Rules) -> Self {
        self.rules = Some(rules);
        self
    }

    /// The name patterns that propose names no gazetteer lists (default:
    /// the embedded ones; an empty set turns the layer off).
    pub fn patterns(mut self, patterns: Patterns) -> Self {
        self.patterns = Some(patterns);
        self
    }

    /// Compiles the matcher for `gazetteer`.
    pub fn build(self, gazetteer: Gazetteer) -> Result<Annotator> {
        let matcher = Matcher::new(&gazetteer)?;
        self.build_with(gazetteer, matcher)
    }

    /// Uses a gazetteer compiled already, as the cache gives it.
    pub fn build_compiled(self, compiled: crate::matching::cache::Compiled) -> Result<Annotator> {
        self.build_with(compiled.gazetteer, compiled.matcher)
    }

    fn build_with(mut self, gazetteer: Gazetteer, matcher: Matcher) -> Result<Annotator> {
        let rules = match self.rules.take() {
            Some(r) => r,
            None => Rules::embedded()?,
        };
        let patterns = match self.patterns.take() {
            Some(p) => p,
            None => Patterns::embedded()?,
        };
        Ok(Annotator {
            gazetteer: Arc::new(gazetteer),
            matcher: Arc::new(matcher),
            rules: Arc::new(rules),
            patterns: Arc::new(patterns),
            translit: Arc::new(OnceLock::new()),
            proposals: Arc::default(),
            config: self,
        })
    }
}

/// Annotates documents with one gazetteer. Cheap to clone and `Sync`: build
/// it once and share it between threads.
///
/// ```
/// use gazet::{Annotator, Document, Gazetteer};
/// let annotator = Annotator::builder().build(Gazetteer::embedded().unwrap()).unwrap();
/// let a = annotator.annotate(&Document::new("d", "Kazakhstan’s role in the CSTO."));
/// let spans: Vec<(&str, &str, usize, usize)> = a.spans.iter()
///     .map(|s| (s.text.as_str(), s.entity.as_str(), s.start, s.end)).collect();
/// assert_eq!(spans, [("Kazakhstan", "kazakhstan", 0, 10), ("CSTO", "csto", 25, 29)]);
/// ```
#[derive(Clone, Debug)]
pub struct Annotator {
    gazetteer: Arc<Gazetteer>,
    matcher: Arc<Matcher>,
    rules: Arc<Rules>,
    patterns: Arc<Patterns>,
    /// Built on the first document with Cyrillic in it, then shared.
    translit: Arc<OnceLock<TranslitIndex>>,
    /// What proposing names looks up in the gazetteer, built on first
    /// need, then shared.
    proposals: Arc<propose::Index>,
    config: AnnotatorBuilder,
}

impl Annotator {
    /// A builder with overlaps off, acronyms on and the embedded rules and patterns.
    pub fn builder() -> AnnotatorBuilder {
        AnnotatorBuilder::default()
    }

    /// The gazetteers.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The relation rules.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The name patterns.
    pub fn patterns(&self) -> &Patterns {
        &self.patterns
    }

    /// Annotates one document.
    pub fn annotate(&self, doc: &Document) -> Annotation {
        self.run(doc, false, true).0
    }

    /// Annotating one chunk of a streamed document is done in two halves.
    /// This first one needs nothing from earlier chunks: the gazetteer
    /// mentions, and the acronyms the chunk defines itself. Chunks can go through it in
    /// parallel, and then through [`finish_chunk`](Self::finish_chunk) once
    /// the acronyms of the chunks before each are known.
    pub fn match_chunk(&self, text: &str) -> ChunkMatches {
        let mentions = self.matched(text);
        let defines = if self.config.acronyms {
            acronym::defined(text, &mentions, &self.gazetteer)
        } else {
            Vec::new()
        };
        ChunkMatches { mentions, defines }
    }

    /// The second half: as [`annotate`](Self::annotate) from the chunk's
    /// mentions, with the acronyms `earlier` chunks defined, except that
    /// every relation of an `exclusive` set is kept, since which one was
    /// stated last is known only once all chunks are in.
    pub fn finish_chunk(&self, doc: &Document, m: ChunkMatches, earlier: &[Carried]) -> Annotation {
        let (spans, _) = self.spans_from(&doc.text, m.mentions, earlier);
        self.finish(doc, spans, false, false).0
    }

    /// Annotates `doc` and explains how its relations were found.
    pub fn explain(&self, doc: &Document) -> (Annotation, Trace) {
        let (a, t) = self.run(doc, true, true);
        (a, t.unwrap_or_default())
    }

    fn run(&self, doc: &Document, trace: bool, supersede: bool) -> (Annotation, Option<Trace>) {
        let spans = self.all_spans(&doc.text);
        self.finish(doc, spans, trace, supersede)
    }

    /// Relations from the spans, and the annotation a caller sees.
    fn finish(
        &self,
        doc: &Document,
        spans: Vec<Span>,
        trace: bool,
        supersede: bool,
    ) -> (Annotation, Option<Trace>) {
        let (relations, trace) = relations::extract(
            &doc.text,
            &spans,
            &self.gazetteer,
            &self.rules,
            trace,
            supersede,
        );
        let (spans, relations) = self.output(&doc.text, spans, relations);
        let annotation = Annotation {
            doc: doc.id.clone(),
            path: doc.path.as_ref().map(|p| p.display().to_string()),
            meta: None,
            spans,
            relations,
            ents: None,
            text: None,
        };
        (annotation, trace)
    }

    /// Whether a name the gazetteer knows runs across byte `at` of `text`
    /// (so that a huge file may not be cut into chunks there). Only the
    /// text around `at` is looked at.
    pub fn name_crosses(&self, text: &str, at: usize) -> bool {
        const AROUND: usize = 4096;
        let mut lo = at.saturating_sub(AROUND);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (at + AROUND).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let part = &text[lo..hi];
        self.candidates(part)
            .iter()
            .any(|(c, _)| c.range.start < at - lo && at - lo < c.range.end)
    }

    /// The spans of one text (nested ones only in `overlaps` mode).
    pub fn spans(&self, text: &str) -> Vec<Span> {
        self.output(text, self.all_spans(text), Vec::new()).0
    }

    /// The spans and relations a caller sees: the nested spans only in
    /// `overlaps` mode, and every offset in code points.
    fn output(
        &self,
        text: &str,
        mut spans: Vec<Span>,
        mut relations: Vec<RelationRecord>,
    ) -> (Vec<Span>, Vec<RelationRecord>) {
        if !self.config.overlaps {
            spans.retain(|s| !s.nested);
        }
        code_points(text, &mut spans, &mut relations);
        (spans, relations)
    }

    /// The flat spans and, marked `nested`, the names inside or across
    /// them: relations need to know that `CSTO` is named inside
    /// `Anti-Terrorist Centre of the CSTO`.
    fn all_spans(&self, text: &str) -> Vec<Span> {
        self.spans_from(text, self.matched(text), &[]).0
    }

    /// The gazetteer mentions of a text, flat ones selected, and the
    /// ambiguous long forms of acronyms resolved (so that a streamed chunk
    /// carries the acronyms it defines as the whole text would).
    fn matched(&self, text: &str) -> Vec<Mention> {
        let mut found = self
            .candidates(text)
            .into_iter()
            .map(|(c, dehyphenated)| Mention::from_candidate(c, dehyphenated))
            .collect();
        written::keep_as_written(text, &self.gazetteer, &mut found);
        let mut mentions = span::select(span::merge(found), true);
        if has_cyrillic(text) {
            // A name the gazetteers list in Cyrillic is found as written;
            // the view only adds where nothing was.
            let index = self
                .translit
                .get_or_init(|| TranslitIndex::new(&self.gazetteer));
            // Flat mentions are sorted and never overlap one another.
            let flat: Vec<std::ops::Range<usize>> = mentions
                .iter()
                .filter(|m| !m.nested)
                .map(|m| m.range.clone())
                .collect();
            let before = mentions.len();
            for c in index.candidates(text, &self.gazetteer) {
                let i = flat.partition_point(|r| r.end <= c.range.start);
                if flat.get(i).is_some_and(|r| r.start < c.range.end) {
                    continue;
                }
                let mut m = Mention::from_candidate(c, false);
                m.transliterated = true;
                mentions.push(m);
            }
            if mentions.len() > before {
                mentions.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
            }
        }
        if self.config.acronyms {
            disambiguate::resolve_long_forms(text, &self.gazetteer, &mut mentions);
        }
        mentions
    }

    /// Every candidate in the normalised view and, where the text has a
    /// hyphen at a line end, in the view that joins it (marked `true`).
    fn candidates(&self, text: &str) -> Vec<(Candidate, bool)> {
        let view = Normalized::new(text, Options::FOLDED);
        let mut found: Vec<(Candidate, bool)> = self
            .matcher
            .candidates(text, &view)
            .into_iter()
            .map(|c| (c, false))
            .collect();
        if view.has_hyphenated_line() {
            let joined = Normalized::new(
                text,
                Options {
                    join_hyphenated_lines: true,
                    ..Options::FOLDED
                },
            );
            found.extend(
                self.matcher
                    .candidates(text, &joined)
                    .into_iter()
                    .map(|c| (c, true)),
            );
        }
        found
    }

    /// Acronyms, ambiguity, output spans and proposed names, from the
    /// gazetteer mentions of a text that follows texts defining `earlier`.
    fn spans_from(
        &self,
        text: &str,
        mut mentions: Vec<Mention>,
        earlier: &[Carried],
    ) -> (Vec<Span>, Vec<Carried>) {
        // No name starts inside an e-mail address, a URL, a path or code.
        let outside = |r: &std::ops::Range<usize>| !zones::around(text, r);
        mentions.retain(|m| outside(&m.range));
        let mut carried = Vec::new();
        if self.config.acronyms {
            carried = acronym::apply(text, &mut mentions, earlier, &self.gazetteer);
            mentions.retain(|m| outside(&m.range));
        }
        disambiguate::resolve(text, &self.gazetteer, &mut mentions);
        if !self.config.lone_acronyms {
            disambiguate::require_acronym_evidence(text, &self.gazetteer, &mut mentions);
        }
        let mut spans = self.to_spans(text, mentions);
        let mut proposed = propose::propose(
            text,
            &spans,
            &self.patterns,
            &self.gazetteer,
            &self.proposals,
            self.config.acronyms,
        );
        proposed.retain(|s| outside(&s.bytes));
        if !proposed.is_empty() {
            // A gazetteer name that a proposed one takes in (`CSTO` in
            // `Press Service of the CSTO`) is nested in it.
            let names = RangeIndex::new(proposed.iter().map(|p| p.bytes.clone()));
            for s in spans.iter_mut() {
                if names.holds(&s.bytes) {
                    s.nested = true;
                }
            }
            spans.extend(proposed);
            spans.sort_by_key(|s| (s.bytes.start, std::cmp::Reverse(s.bytes.end), s.nested));
        }
        (spans, carried)
    }

    /// The mentions as spans, in byte offsets only (see [`Self::output`]).
    fn to_spans(&self, text: &str, mentions: Vec<Mention>) -> Vec<Span> {
        mentions
            .into_iter()
            .filter_map(|m| {
                let &(entity_idx, alias_idx) = m.names.first()?;
                let entity = self.gazetteer.entity(entity_idx);
                let covered = &text[m.range.clone()];
                let alias = match m.source {
                    SpanSource::Acronym | SpanSource::Pattern => covered.to_owned(),
                    SpanSource::Gazetteer => entity.aliases[alias_idx].text.clone(),
                };
                let candidates: Vec<String> = if m.is_ambiguous() {
                    m.entities()
                        .map(|e| self.gazetteer.entity(e).id.clone())
                        .collect()
                } else {
                    Vec::new()
                };
                Some(Span {
                    start: 0,
                    end: 0,
                    text: covered.to_owned(),
                    label: entity.label,
                    entity: entity.id.clone(),
                    name: entity.name.clone(),
                    kind: entity.kind.to_owned(),
                    source: m.source,
                    alias,
                    candidates,
                    reason: m.reason,
                    flags: flags(covered, m.dehyphenated, m.transliterated),
                    nested: m.nested,
                    rule: None,
                    bytes: m.range,
                })
            })
            .collect()
    }
}

/// A rule test that did not come out as expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleTestFailure {
    pub rule: String,
    /// `file:line` of the test.
    pub at: String,
    pub sentence: String,
    pub expected: String,
    pub got: String,
}

impl std::fmt::Display for RuleTestFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: rule `{}` on {:?}: expected {}, got {}",
            self.at, self.rule, self.sentence, self.expected, self.got
        )
    }
}

/// Whether evidence named `evidence` (`member_of.join/passive` for a
/// trigger rule's construction) comes from the rule `rule`.
fn by_rule(evidence: &str, rule: &str) -> bool {
    evidence
        .strip_prefix(rule)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

impl Annotator {
    /// This annotator for a rule's test sentence, which stands alone: a
    /// lone acronym in it (`The IMU joined ISIS.`) has no document around
    /// it to back it, and the test is about the rule, not the acronym.
    fn for_one_sentence(&self) -> Annotator {
        let mut a = self.clone();
        a.config.lone_acronyms = true;
        a
    }

    /// Runs every `test:` of the rules on this annotator's gazetteer and
    /// returns the failures, with the number of tests run.
    pub fn test_rules(&self) -> (usize, Vec<RuleTestFailure>) {
        let this = self.for_one_sentence();
        let mut failures = Vec::new();
        let mut count = 0;
        for rule in self.rules.rules() {
            for test in &rule.tests {
                count += 1;
                let (a, trace) = this.explain(&Document::new("test", test.sentence.clone()));
                // A relation this rule accepted and that survived: the
                // evidence names only the first rule to read a statement.
                let accepted = |r: &RelationRecord| {
                    trace.sentences.iter().flat_map(|s| &s.events).any(|e| {
                        by_rule(&e.rule, &rule.name)
                            && e.outcome == Outcome::Accepted
                            && e.relation == r.relation
                            && e.head == r.head
                            && e.tail == r.tail
                    })
                };
                let mut got: Vec<(Relation, String, String)> = a
                    .relations
                    .iter()
                    .filter(|r| accepted(r))
                    .map(|r| (r.relation, r.head.clone(), r.tail.clone()))
                    .collect();
                got.sort();
                let blocked = trace.sentences.iter().flat_map(|s| &s.events).any(|e| {
                    by_rule(&e.rule, &rule.name) && matches!(e.outcome, Outcome::Blocked { .. })
                });
                let ok = match &test.expect {
                    Expect::Relations(want) => {
                        let mut want: Vec<(Relation, String, String)> = want
                            .iter()
                            .map(|(r, h, t)| {
                                if r.is_symmetric() && h > t {
                                    (*r, t.clone(), h.clone())
                                } else {
                                    (*r, h.clone(), t.clone())
                                }
                            })
                            .collect();
                        want.sort();
                        want == got
                    }
                    Expect::Nothing => got.is_empty() && !blocked,
                    Expect::Blocked => got.is_empty() && blocked,
                };
                if !ok {
                    let show = |rels: &[(Relation, String, String)]| {
                        rels.iter()
                            .map(|(r, h, t)| format!("{r}({h}, {t})"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    failures.push(RuleTestFailure {
                        rule: rule.name.clone(),
                        at: format!("{}:{}", rule.file, test.line),
                        sentence: test.sentence.clone(),
                        expected: match &test.expect {
                            Expect::Relations(w) => show(w),
                            Expect::Nothing => "none".to_owned(),
                            Expect::Blocked => "blocked".to_owned(),
                        },
                        got: if got.is_empty() {
                            if blocked { "blocked" } else { "none" }.to_owned()
                        } else {
                            show(&got)
                        },
                    });
                }
            }
        }
        (count, failures)
    }
}

/// A name pattern test that did not come out as expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternTestFailure {
    pub rule: String,
    /// `file:line` of the test.
    pub at: String,
    pub sentence: String,
    pub expected: Vec<String>,
    pub got: Vec<String>,
}

impl std::fmt::Display for PatternTestFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |names: &[String]| {
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(" | ")
            }
        };
        write!(
            f,
            "{}: rule `{}` on {:?}: expected {}, got {}",
            self.at,
            self.rule,
            self.sentence,
            show(&self.expected),
            show(&self.got)
        )
    }
}

impl Annotator {
    /// Runs every `test:` of the name patterns on this annotator's
    /// gazetteer and returns the failures, with the number of tests run.
    pub fn test_patterns(&self) -> (usize, Vec<PatternTestFailure>) {
        let this = self.for_one_sentence();
        let mut failures = Vec::new();
        let mut count = 0;
        for rule in self.patterns.rules() {
            for test in &rule.tests {
                count += 1;
                let got: Vec<String> = this
                    .spans(&test.sentence)
                    .into_iter()
                    .filter(|s| s.rule.as_deref() == Some(rule.name.as_str()))
                    .map(|s| s.text)
                    .collect();
                if got != test.expect {
                    failures.push(PatternTestFailure {
                        rule: rule.name.clone(),
                        at: format!("{}:{}", rule.file, test.line),
                        sentence: test.sentence.clone(),
                        expected: test.expect.clone(),
                        got,
                    });
                }
            }
        }
        (count, failures)
    }
}

/// The one place where offsets become code points. Inside the pipeline
/// spans and relation evidence carry byte offsets of the text annotated
/// (the stages slice the text with them); what is handed out counts code
/// points, as every format gazet writes does. Counting them once, for all
/// spans and evidence together, walks the text once.
fn code_points(text: &str, spans: &mut [Span], relations: &mut [RelationRecord]) {
    let ranges: Vec<std::ops::Range<usize>> = spans
        .iter()
        .map(|s| s.bytes.clone())
        .chain(relations.iter().flat_map(|r| &r.evidence).flat_map(|e| {
            [
                e.sentence_bytes.clone(),
                e.trigger_bytes.clone(),
                e.head.bytes.clone(),
                e.tail.bytes.clone(),
            ]
        }))
        .collect();
    let cp = CodePoints::new(text, ranges.iter());
    let offsets = |r: &std::ops::Range<usize>| Offsets {
        start: cp.at(r.start),
        end: cp.at(r.end),
    };
    for s in spans {
        (s.start, s.end) = (cp.at(s.bytes.start), cp.at(s.bytes.end));
    }
    for r in relations {
        for e in &mut r.evidence {
            e.sentence = offsets(&e.sentence_bytes);
            e.trigger = offsets(&e.trigger_bytes);
            for a in [&mut e.head, &mut e.tail] {
                (a.start, a.end) = (cp.at(a.bytes.start), cp.at(a.bytes.end));
            }
        }
        r.sentence = r.evidence[0].sentence;
        r.trigger = r.evidence[0].trigger;
    }
}

/// Whether `text` may hold a Cyrillic letter: its UTF-8 lead bytes are
/// 0xD0 to 0xD4, so one pass over the bytes rules it out for most text.
fn has_cyrillic(text: &str) -> bool {
    text.bytes().any(|b| (0xD0..=0xD4).contains(&b))
}

fn flags(covered: &str, dehyphenated: bool, transliterated: bool) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mixed = covered.split(|c: char| !c.is_alphabetic()).any(|word| {
        word.chars().any(is_latin_letter) && word.chars().any(|c| confusable(c).is_some())
    });
    if mixed {
        flags.push(Flag::MixedScript);
    }
    if covered.contains(['\n', '\r']) {
        flags.push(Flag::LineBreak);
    }
    if dehyphenated {
        flags.push(Flag::Dehyphenated);
    }
    if transliterated {
        flags.push(Flag::Transliterated);
    }
    flags
}
