//! Relations: the relation rules applied to each sentence of a document.
//!
//! For every sentence, the flat mentions are replaced by tokens carrying
//! label and kind (the *abstracted* sentence) and each rule's pattern is
//! tried at every position. A match yields one candidate per head × tail
//! (lists distribute), which is then
//! - blocked if one of the rule's blockers occurs in the match or in the
//!   six words before it (`hope`, `will`, `not`, `observer` ...);
//! - dropped if the rule asks the gazetteer and the gazetteer disagrees;
//! - otherwise kept, as evidence for the entity-level relation.
//!
//! Relations are kept once per document (symmetric ones with their two
//! entities in id order), with every piece of evidence. Of an `exclusive`
//! set (`member_of` / `former_member_of`), a pair keeps the relation stated
//! last. Everything that happened can be kept as a [`Trace`] for `gazet
//! explain`.

use crate::lexicon::gazetteer::{EntityIdx, Gazetteer};
use crate::model::relation::{Anchor, Evidence, Offsets, RelationRecord};
use crate::model::schema::{Label, Relation};
use crate::model::span::Span;
use crate::relations::construction::{Lexeme, Sentence};
use crate::relations::coref;
use crate::relations::rules::{FactCheck, Matcher, Rule, Rules, TOKEN_END, TOKEN_SEP, TOKEN_START};
use crate::relations::syntax::View;
use crate::text::sentence;
use std::collections::HashSet;
use std::ops::Range;

/// How many words before a match its blockers are looked for in.
pub const BLOCK_WINDOW: usize = 6;

/// What became of one candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Accepted,
    /// A blocker matched these words.
    Blocked {
        blocker: String,
        words: String,
    },
    /// The rule requires a gazetteer fact that is not there.
    FactMissing,
    /// The gazetteer knows the head's facts of this relation, and the tail
    /// is not among them.
    FactContradicted,
    /// The head's kind of place cannot lie in the tail's (a country in a
    /// town).
    KindsCannotNest,
    /// The gazetteer has this relation for the pair, which the rule
    /// excludes.
    FactExcluded {
        relation: Relation,
    },
    /// Head and tail are one entity.
    SameEntity,
    /// The schema does not let the relation have arguments of these
    /// labels: the message says which.
    ArgumentsForbidden {
        message: String,
    },
    /// Another relation of an exclusive set was stated later.
    Superseded {
        by: Relation,
    },
}

/// One candidate relation found by a rule in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub rule: String,
    pub relation: Relation,
    pub head: String,
    pub tail: String,
    /// Byte range of the trigger in the document.
    pub trigger: Range<usize>,
    pub outcome: Outcome,
}

/// What the rules did in one sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentenceTrace {
    /// Byte range of the sentence in the document.
    pub range: Range<usize>,
    /// The sentence with mentions abstracted, tokens written `[LABEL:kind entity]`.
    pub abstracted: String,
    pub events: Vec<Event>,
}

/// What the rules did in a document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    pub sentences: Vec<SentenceTrace>,
}

/// An abstracted sentence and its map back to the document.
struct Abstracted {
    text: String,
    /// (abstracted start, original start, abstracted len, original len, token)
    pieces: Vec<(usize, usize, usize, usize, bool)>,
}

impl Abstracted {
    fn new(doc: &str, sentence: Range<usize>, mentions: &[&Span]) -> Abstracted {
        let mut text = String::with_capacity(sentence.len());
        let mut pieces = Vec::new();
        let mut at = sentence.start;
        let mut push = |text: &mut String, s: &str, orig: Range<usize>, token: bool| {
            pieces.push((text.len(), orig.start, s.len(), orig.len(), token));
            text.push_str(s);
        };
        for (k, m) in mentions.iter().enumerate() {
            push(&mut text, &doc[at..m.bytes.start], at..m.bytes.start, false);
            let token = format!(
                "{TOKEN_START}{k}{TOKEN_SEP}{}{TOKEN_SEP}{}{TOKEN_END}",
                m.label, m.kind
            );
            push(&mut text, &token, m.bytes.clone(), true);
            at = m.bytes.end;
        }
        push(&mut text, &doc[at..sentence.end], at..sentence.end, false);
        Abstracted { text, pieces }
    }

    /// Maps a byte range of the abstracted text to the document; a token
    /// maps to its whole mention.
    fn original(&self, r: Range<usize>) -> Range<usize> {
        let piece = |pos: usize| {
            let i = self
                .pieces
                .partition_point(|p| p.0 <= pos)
                .saturating_sub(1);
            self.pieces.get(i).copied()
        };
        let start = match piece(r.start) {
            Some((_, o, _, _, true)) => o,
            Some((a, o, alen, _, false)) => o + (r.start - a).min(alen),
            None => 0,
        };
        let end = match r.end.checked_sub(1).and_then(piece) {
            Some((_, o, _, olen, true)) => o + olen,
            Some((a, o, alen, _, false)) => o + (r.end - a).min(alen),
            None => start,
        };
        start..end.max(start)
    }

    /// The mention indices of the tokens in `s`.
    fn tokens(s: &str) -> Vec<usize> {
        s.split(TOKEN_START)
            .skip(1)
            .filter_map(|t| t.split(TOKEN_SEP).next()?.parse().ok())
            .collect()
    }

    /// Where the scope of a match's blockers starts: `BLOCK_WINDOW` words
    /// before `start`.
    fn window_start(&self, start: usize) -> usize {
        let before = &self.text[..start];
        let mut words = 0;
        let mut in_word = false;
        for (i, c) in before.char_indices().rev() {
            if c.is_whitespace() {
                if in_word {
                    words += 1;
                    if words == BLOCK_WINDOW {
                        return i + c.len_utf8();
                    }
                }
                in_word = false;
            } else {
                in_word = true;
            }
        }
        0
    }

    /// The abstracted sentence made readable for a trace.
    fn readable(&self, mentions: &[&Span]) -> String {
        let mut out = String::with_capacity(self.text.len());
        for (i, p) in self.text.split(TOKEN_START).enumerate() {
            if i == 0 {
                out.push_str(p);
                continue;
            }
            let (token, rest) = p.split_once(TOKEN_END).unwrap_or((p, ""));
            let k: Option<usize> = token.split(TOKEN_SEP).next().and_then(|k| k.parse().ok());
            match k.and_then(|k| mentions.get(k)) {
                Some(m) => out.push_str(&format!("[{}:{} {}]", m.label, m.kind, m.entity)),
                None => out.push_str("[?]"),
            }
            out.push_str(rest);
        }
        out
    }
}

/// The candidate relations of one document before deduplication.
struct Found<'a> {
    gazetteer: &'a Gazetteer,
    records: Vec<RelationRecord>,
    trace: Option<Trace>,
}

impl Found<'_> {
    fn event(&mut self, e: Event) {
        if let Some(t) = self.trace.as_mut().and_then(|t| t.sentences.last_mut()) {
            t.events.push(e);
        }
    }

    fn candidate(
        &mut self,
        rule: &Rule,
        head: &Span,
        tail: &Span,
        sentence: Range<usize>,
        trigger: Range<usize>,
        blocked: Option<(String, String)>,
    ) {
        self.candidate_by(rule, None, head, tail, sentence, trigger, blocked, false)
    }

    /// A candidate from `rule`, through `construction` for a trigger rule;
    /// the evidence names both (`member_of.join/passive`).
    #[allow(clippy::too_many_arguments)]
    fn candidate_by(
        &mut self,
        rule: &Rule,
        construction: Option<&str>,
        head: &Span,
        tail: &Span,
        sentence: Range<usize>,
        trigger: Range<usize>,
        blocked: Option<(String, String)>,
        vouched: bool,
    ) {
        let rule_name = match construction {
            Some(c) => format!("{}/{c}", rule.name),
            None => rule.name.clone(),
        };
        let (h, t) = (self.index(head), self.index(tail));
        let outcome = if let Some((blocker, words)) = blocked {
            Outcome::Blocked { blocker, words }
        } else if head.entity == tail.entity {
            Outcome::SameEntity
        } else if let Err(e) = rule.relation.check_arguments(head.label, tail.label) {
            // A rule's slots are checked against the schema when it is
            // read, but an `inside:` rule's names are known only here.
            Outcome::ArgumentsForbidden {
                message: e.to_string(),
            }
        } else {
            match (rule.fact, h, t) {
                (Some(FactCheck::Required(r)), Some(h), Some(t)) if !self.reaches(h, r, t) => {
                    Outcome::FactMissing
                }
                (Some(FactCheck::Required(_)), _, _) if h.is_none() || t.is_none() => {
                    Outcome::FactMissing
                }
                // The gazetteer contradicts the pair if it gives the head
                // other targets of the relation, or states it the other way
                // round (a possessive on a name inside a longer name).
                // Only a target of the tail's own kind competes: a town in
                // one country is in no other country, but may also lie in a
                // valley or a historical region.
                (Some(FactCheck::Consistent(r)), Some(h), Some(t))
                    if !plausible_container(
                        r,
                        self.gazetteer.entity(h).kind,
                        self.gazetteer.entity(t).kind,
                    ) =>
                {
                    Outcome::KindsCannotNest
                }
                (Some(FactCheck::Consistent(r)), Some(h), Some(t))
                    if (!vouched
                        && self.gazetteer.entity(h).facts.iter().any(|f| {
                            f.relation == Some(r)
                                && self.gazetteer.entity(f.target).kind
                                    == self.gazetteer.entity(t).kind
                        })
                        && !self.reaches(h, r, t))
                        || (!r.is_symmetric() && self.reaches(t, r, h)) =>
                {
                    Outcome::FactContradicted
                }
                // A name the gazetteer lacks still has a kind, if a guessed
                // one: a country or a region lies in no town (`it is today
                // the town of T`), though a district may lie in a city.
                (Some(FactCheck::Consistent(r)), _, _)
                    if inverted_container(r, &head.kind, &tail.kind) =>
                {
                    Outcome::KindsCannotNest
                }
                (Some(FactCheck::Excluded(r)), Some(h), Some(t)) if self.reaches(h, r, t) => {
                    Outcome::FactExcluded { relation: r }
                }
                _ => Outcome::Accepted,
            }
        };
        let (mut head_id, mut tail_id) = (head.entity.clone(), tail.entity.clone());
        let (mut head_name, mut tail_name) = (head.name.clone(), tail.name.clone());
        let anchor = |s: &Span| Anchor {
            start: 0,
            end: 0,
            label: s.label,
            bytes: s.bytes.clone(),
        };
        let (mut head_at, mut tail_at) = (anchor(head), anchor(tail));
        if rule.relation.is_symmetric() && head_id > tail_id {
            std::mem::swap(&mut head_id, &mut tail_id);
            std::mem::swap(&mut head_name, &mut tail_name);
            std::mem::swap(&mut head_at, &mut tail_at);
        }
        self.event(Event {
            rule: rule_name.clone(),
            relation: rule.relation,
            head: head_id.clone(),
            tail: tail_id.clone(),
            trigger: trigger.clone(),
            outcome: outcome.clone(),
        });
        if outcome != Outcome::Accepted {
            return;
        }
        let evidence = Evidence {
            sentence: Offsets::default(),
            trigger: Offsets::default(),
            head: head_at,
            tail: tail_at,
            rule: rule_name.clone(),
            sentence_bytes: sentence,
            trigger_bytes: trigger,
        };
        let existing = self
            .records
            .iter_mut()
            .find(|r| r.relation == rule.relation && r.head == head_id && r.tail == tail_id);
        match existing {
            Some(r) => {
                // Two rules that read one statement (the same trigger and
                // mentions) give one piece of evidence: the first rule's.
                let same = |e: &Evidence| {
                    e.sentence_bytes == evidence.sentence_bytes
                        && e.trigger_bytes == evidence.trigger_bytes
                        && e.head == evidence.head
                        && e.tail == evidence.tail
                };
                if !r.evidence.iter().any(same) {
                    r.evidence.push(evidence)
                }
            }
            None => self.records.push(RelationRecord {
                relation: rule.relation,
                head: head_id,
                tail: tail_id,
                head_name,
                tail_name,
                sentence: Offsets::default(),
                trigger: Offsets::default(),
                rule: rule_name,
                evidence: vec![evidence],
            }),
        }
    }

    /// Whether the gazetteer states `rule`'s relation from `head` to `tail`.
    fn states(&self, rule: &Rule, head: &Span, tail: &Span) -> bool {
        match (self.index(head), self.index(tail)) {
            (Some(h), Some(t)) => self.reaches(h, rule.relation, t),
            _ => false,
        }
    }

    fn index(&self, s: &Span) -> Option<EntityIdx> {
        self.gazetteer.index_of(&s.entity)
    }

    /// Whether the gazetteer's facts lead from `from` to `to` along
    /// `relation` (`RATS located_in Tashkent located_in Uzbekistan`).
    fn reaches(&self, from: EntityIdx, relation: Relation, to: EntityIdx) -> bool {
        let mut seen = HashSet::new();
        let mut stack = vec![from];
        while let Some(e) = stack.pop() {
            if !seen.insert(e) {
                continue;
            }
            for f in &self.gazetteer.entity(e).facts {
                if f.relation == Some(relation) {
                    if f.target == to {
                        return true;
                    }
                    stack.push(f.target);
                }
            }
        }
        false
    }
}

/// Applies `rules` to a document whose mentions are `spans` (flat ones and,
/// marked `nested`, the names inside them). Returns the relations, and the
/// trace if `trace` is set.
pub fn extract(
    text: &str,
    spans: &[Span],
    gazetteer: &Gazetteer,
    rules: &Rules,
    trace: bool,
    supersede_exclusive: bool,
) -> (Vec<RelationRecord>, Option<Trace>) {
    let flat: Vec<&Span> = spans.iter().filter(|s| !s.nested).collect();
    let mut nested: Vec<&Span> = spans.iter().filter(|s| s.nested).collect();
    // Sorted by start, so each sentence finds its nested names by binary
    // search: a scan of the whole list per sentence made one long document
    // quadratic.
    nested.sort_by_key(|s| s.bytes.start);
    let protected: Vec<Range<usize>> = flat.iter().map(|s| s.bytes.clone()).collect();
    let mut found = Found {
        gazetteer,
        records: Vec::new(),
        trace: trace.then(Trace::default),
    };
    if rules.is_empty() {
        return (Vec::new(), found.trace);
    }
    let sentences = sentence::split(text, &protected);
    for (si, sentence) in sentences.iter().cloned().enumerate() {
        let lo = flat.partition_point(|s| s.bytes.start < sentence.start);
        let hi = flat.partition_point(|s| s.bytes.start < sentence.end);
        let mentions: Vec<&Span> = flat[lo..hi]
            .iter()
            .copied()
            .filter(|s| s.bytes.end <= sentence.end)
            .collect();
        // Triggers and patterns also see `the organisation` where the
        // sentence names it before; names inside names see only names.
        let names = mentions;
        let described = coref::back_references(text, sentence.clone(), &names);
        let mut mentions: Vec<&Span> = names.iter().copied().chain(&described).collect();
        mentions.sort_by_key(|s| s.bytes.start);
        // The items of a bullet list after this sentence's colon join its
        // mentions after its own, so pattern rules (which index the
        // sentence's own) see the same numbering.
        let items = if mentions.is_empty() {
            Vec::new()
        } else {
            bullet_items(text, &sentences[si..], &flat)
        };
        // Pattern and trigger rules relate two mentions: a sentence with
        // fewer needs neither its abstraction nor the rules' literal scan,
        // unless the trace shows it.
        let pairs = mentions.len() + items.len() >= 2;
        let abs = (pairs || found.trace.is_some())
            .then(|| Abstracted::new(text, sentence.clone(), &mentions));
        if let (Some(t), Some(abs)) = (found.trace.as_mut(), abs.as_ref()) {
            t.sentences.push(SentenceTrace {
                range: sentence.clone(),
                abstracted: abs.readable(&mentions),
                events: Vec::new(),
            });
        }
        let nlo = nested.partition_point(|s| s.bytes.start < sentence.start);
        let nhi = nested.partition_point(|s| s.bytes.start < sentence.end);
        let inside: Vec<&Span> = nested[nlo..nhi]
            .iter()
            .copied()
            .filter(|n| n.bytes.end <= sentence.end)
            .collect();
        let mut may_match = match abs.as_ref() {
            Some(abs) if pairs => rules.candidates(&abs.text),
            _ => rules.inside_only(),
        };
        // The views tell which trigger rules can fire here, so they are
        // built before the rules run; a sentence with one name has no use
        // for them.
        let mut views: Vec<View> = if mentions.len() >= 2 {
            View::with_asides(text, sentence.clone(), &mentions)
        } else {
            Vec::new()
        };
        if !items.is_empty() {
            let own = mentions.len();
            mentions.extend(items);
            views.push(View::with_bullet_list(
                text,
                sentence.clone(),
                &mentions,
                own,
            ));
        }
        let starts: Vec<Vec<Vec<usize>>> = views
            .iter()
            .map(|view| rules.triggered((0..view.len()).map(|i| view.word(i)), &mut may_match))
            .collect();
        for (r, (rule, _)) in rules
            .rules()
            .iter()
            .zip(&may_match)
            .enumerate()
            .filter(|(_, (_, &may))| may)
        {
            match &rule.matcher {
                Matcher::Inside(body) => {
                    let pairs: Vec<(&Span, &Span)> = match body {
                        // A name inside a name counts as named, so a body's
                        // parent may itself be nested (`Council of the RATS
                        // of the SCO`).
                        Some(lexeme) => {
                            let named: Vec<&Span> = names.iter().chain(&inside).copied().collect();
                            named
                                .iter()
                                .filter(|s| s.label == Label::ORG)
                                .filter_map(|&outer| {
                                    named_by_body(text, outer, &named, lexeme, rule.relation)
                                        .map(|inner| (outer, inner))
                                })
                                .collect()
                        }
                        None => names
                            .iter()
                            .flat_map(|&outer| {
                                inside
                                    .iter()
                                    .filter(move |n| {
                                        n.bytes.start >= outer.bytes.start
                                            && n.bytes.end <= outer.bytes.end
                                            && names_a_part(text, &outer.bytes, &n.bytes)
                                    })
                                    .map(move |&inner| (outer, inner))
                            })
                            .collect(),
                    };
                    for (outer, inner) in pairs {
                        if inner.entity != outer.entity {
                            found.candidate(
                                rule,
                                outer,
                                inner,
                                sentence.clone(),
                                inner.bytes.clone(),
                                None,
                            );
                        }
                    }
                }
                // A pattern or trigger relates two mentions: a sentence with
                // fewer has nothing for it.
                Matcher::Pattern(_) | Matcher::Trigger(_) if mentions.len() < 2 => {}
                Matcher::Trigger(lexeme) => {
                    let mut seen: HashSet<(usize, usize)> = HashSet::new();
                    let found_in_views = views.iter().zip(&starts).flat_map(|(view, at)| {
                        Sentence {
                            view,
                            mentions: &mentions,
                        }
                        .candidates(lexeme, &at[r])
                    });
                    for c in found_in_views.collect::<Vec<_>>() {
                        let blocked = rule.blockers.iter().find_map(|&b| {
                            let blocker = &rules.blockers()[b];
                            blocker
                                .regex
                                .find(&c.scope)
                                .map(|m| (blocker.name.clone(), m.as_str().to_owned()))
                        });
                        let pairs: Vec<(usize, usize)> = if c.pairwise {
                            c.heads
                                .iter()
                                .copied()
                                .zip(c.tails.iter().copied())
                                .collect()
                        } else {
                            c.heads
                                .iter()
                                .flat_map(|&h| c.tails.iter().map(move |&t| (h, t)))
                                .collect()
                        };
                        for (h, t) in pairs {
                            if seen.insert((h, t)) {
                                // `stationed in Dushanbe and Bokhtar`: an
                                // organisation may sit in several places, so
                                // a list that holds the gazetteer's own
                                // target adds places; a place lies in one
                                // place of each kind.
                                let vouched = !c.pairwise
                                    && matches!(rule.fact, Some(FactCheck::Consistent(_)))
                                    && mentions[h].label == Label::ORG
                                    && c.tails.len() > 1
                                    && c.tails
                                        .iter()
                                        .any(|&o| found.states(rule, mentions[h], mentions[o]));
                                found.candidate_by(
                                    rule,
                                    Some(c.construction),
                                    mentions[h],
                                    mentions[t],
                                    sentence.clone(),
                                    c.trigger.clone(),
                                    blocked.clone(),
                                    vouched,
                                );
                            }
                        }
                    }
                }
                Matcher::Pattern(re) => {
                    // Built wherever a pair can be, which the arm above
                    // made sure of.
                    let Some(abs) = abs.as_ref() else {
                        continue;
                    };
                    let mut seen: HashSet<(usize, usize)> = HashSet::new();
                    let mut at = 0;
                    // `find_at` runs the fast engines; captures are
                    // resolved only where there is a match.
                    while let Some(m) = re.find_at(&abs.text, at) {
                        let next = m.start()
                            + abs.text[m.start()..]
                                .chars()
                                .next()
                                .map_or(1, char::len_utf8);
                        if !whole_words(&abs.text, m.range()) {
                            at = next;
                            continue;
                        }
                        let Some(caps) = re.captures_at(&abs.text, m.start()) else {
                            break;
                        };
                        let Some(whole) = caps.get(0) else {
                            break;
                        };
                        let heads = caps
                            .name("h")
                            .map(|m| Abstracted::tokens(m.as_str()))
                            .unwrap_or_default();
                        let tails = caps
                            .name("t")
                            .map(|m| Abstracted::tokens(m.as_str()))
                            .unwrap_or_default();
                        let trig = caps.name("trig").unwrap_or(whole);
                        let trigger = abs.original(trig.start()..trig.end());
                        let scope = &abs.text[abs.window_start(whole.start())..whole.end()];
                        let blocked = rule.blockers.iter().find_map(|&b| {
                            let blocker = &rules.blockers()[b];
                            blocker
                                .regex
                                .find(scope)
                                .map(|m| (blocker.name.clone(), m.as_str().to_owned()))
                        });
                        for &h in &heads {
                            for &t in &tails {
                                let (Some(head), Some(tail)) = (mentions.get(h), mentions.get(t))
                                else {
                                    continue;
                                };
                                if seen.insert((h, t)) {
                                    found.candidate(
                                        rule,
                                        head,
                                        tail,
                                        sentence.clone(),
                                        trigger.clone(),
                                        blocked.clone(),
                                    );
                                }
                            }
                        }
                        // Try again from the next character: another match
                        // may start inside this one.
                        at = next;
                    }
                }
            }
        }
    }
    let mut records = std::mem::take(&mut found.records);
    if supersede_exclusive {
        for set in rules.exclusive() {
            supersede(&mut records, set, &mut found);
        }
    }
    records.sort_by_key(|r| {
        let e = &r.evidence[0];
        (e.sentence_bytes.start, e.trigger_bytes.start)
    });
    (records, found.trace)
}

/// The names that open the items of a bullet list laid out after
/// `sentences[0]`, which must end with a colon: the sentences that follow,
/// each a line that starts with a bullet (`-`, `–`, `•`, `*`) and then a
/// name, `the` allowed before it. An item whose name was not found is
/// left out, but a list where most items open with no name is no list of
/// names, and gives none.
fn bullet_items<'s>(text: &str, sentences: &[Range<usize>], flat: &[&'s Span]) -> Vec<&'s Span> {
    let Some((intro, rest)) = sentences.split_first() else {
        return Vec::new();
    };
    if !text[intro.clone()].trim_end().ends_with(':') {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut lines = 0;
    for item in rest.iter().take(64) {
        let line = &text[item.clone()];
        let body = line.trim_start();
        let Some(after) = body
            .strip_prefix(['-', '–', '•', '*'])
            .filter(|a| a.starts_with(char::is_whitespace))
        else {
            break;
        };
        let after = after.trim_start();
        let after = after
            .strip_prefix("the ")
            .or_else(|| after.strip_prefix("The "))
            .unwrap_or(after);
        let at = item.end - after.len();
        let k = flat.partition_point(|s| s.bytes.start < at);
        lines += 1;
        if let Some(s) = flat.get(k).filter(|s| s.bytes.start == at) {
            items.push(*s);
        }
    }
    if items.len() * 2 <= lines {
        return Vec::new();
    }
    items
}

/// Of the relations of an `exclusive` set between one pair, each one
/// stated before another of the set, as (its index, the relation stated
/// later). `at` says where a piece of evidence stands: any measure in text
/// order (bytes of one text, code points of a streamed document).
pub fn superseded(
    records: &[RelationRecord],
    set: &[Relation],
    at: impl Fn(&Evidence) -> usize,
) -> Vec<(usize, Relation)> {
    let last = |r: &RelationRecord| r.evidence.iter().map(&at).max().unwrap_or(0);
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        if !set.contains(&r.relation) {
            continue;
        }
        let later = records.iter().find(|o| {
            set.contains(&o.relation)
                && o.relation != r.relation
                && o.head == r.head
                && o.tail == r.tail
                && last(o) > last(r)
        });
        if let Some(o) = later {
            out.push((i, o.relation));
        }
    }
    out
}

/// Of the relations in `set` between one pair, keeps the one stated last.
fn supersede(records: &mut Vec<RelationRecord>, set: &[Relation], found: &mut Found<'_>) {
    let drop = superseded(records, set, |e| e.trigger_bytes.start);
    for &(i, by) in drop.iter().rev() {
        let r = records.remove(i);
        if let Some(t) = found.trace.as_mut() {
            for s in &mut t.sentences {
                for e in &mut s.events {
                    if e.relation == r.relation
                        && e.head == r.head
                        && e.tail == r.tail
                        && e.outcome == Outcome::Accepted
                    {
                        e.outcome = Outcome::Superseded { by };
                    }
                }
            }
        }
    }
}

/// Place kinds from the smallest to the largest.
const CONTAINER_RANK: &[&str] = &[
    "settlement",
    "city",
    "district",
    "province",
    "region",
    "country",
];

/// The ranks of two place kinds for `located_in`; none for other
/// relations or for kinds that are not ranked (valleys, rivers).
fn container_ranks(relation: Relation, head: &str, tail: &str) -> Option<(usize, usize)> {
    let rank = |k: &str| CONTAINER_RANK.iter().position(|r| *r == k);
    match (relation, rank(head), rank(tail)) {
        (Relation::LocatedIn, Some(h), Some(t)) => Some((h, t)),
        _ => None,
    }
}

/// Whether a place of kind `tail` can hold one of kind `head`: a city lies
/// in a province or a country, never in another city. Features (valleys,
/// rivers) and other relations are not ranked.
fn plausible_container(relation: Relation, head: &str, tail: &str) -> bool {
    container_ranks(relation, head, tail).map_or(true, |(h, t)| t > h)
}

/// Whether `head` is at least two ranks above `tail` (a region in a
/// town): a pair no guessed kind could make plausible.
fn inverted_container(relation: Relation, head: &str, tail: &str) -> bool {
    container_ranks(relation, head, tail).is_some_and(|(h, t)| h >= t + 2)
}

/// Whether a name inside a longer name makes the longer one its part
/// (`Anti-Terrorist Centre of the CSTO`, `CSTO Joint Staff`). A franchise
/// named with a dashed suffix or as a province of its parent (`ISIS-K`,
/// `Islamic State – Khorasan Province`) is an affiliate that the name alone
/// does not place inside the parent: annotators mark that only where a
/// sentence says so.
fn names_a_part(text: &str, outer: &Range<usize>, inner: &Range<usize>) -> bool {
    let rest = &text[inner.end..outer.end];
    // `Islamic State – Khorasan`, `Islamic State in Iraq and the Levant –
    // Khorasan`: a dash sets off the affiliate's own part of the name.
    if rest.trim_start().starts_with(['-', '‐', '‑', '–', '—'])
        || rest.contains(" - ")
        || rest.contains(['–', '—'])
    {
        return false;
    }
    let last = rest.split_whitespace().next_back().unwrap_or("");
    !(inner.start == outer.start && matches!(last, "Province" | "Wilayat" | "Wilayah" | "Vilayat"))
}

/// What a body's name says of it by its shape, for the lexeme's head nouns.
///
/// For `part_of`: the organisation it calls itself a body of, the one that
/// opens it (`CIS Economic Court`, `SCO RATS Executive Committee`, `United
/// Nations Office at Geneva`) or the first one after its head noun and `of`
/// (`Economic Court of the CIS`, `Council of the RATS of the SCO`). A name
/// that merely mentions another (`Institute for CIS Studies`) has the wrong
/// head or no `of`.
///
/// For `located_in`: the place that closes it after `in` or `at` (`OSCE
/// Programme Office in Bishkek`); with a head noun of the lexeme's, so that
/// `Islamic State in Iraq` states no seat.
fn named_by_body<'s>(
    text: &str,
    outer: &Span,
    named: &[&'s Span],
    lexeme: &Lexeme,
    relation: Relation,
) -> Option<&'s Span> {
    let o = &outer.bytes;
    let headed = || head_is_body(&text[o.start..o.end], lexeme);
    if relation == Relation::LocatedIn {
        let place = inner_names(outer, named, Label::LOC)
            .filter(|n| n.bytes.end == o.end)
            .max_by_key(|n| n.bytes.len())?;
        let before = &text[o.start..place.bytes.start];
        return ((after_word(before, "in") || after_word(before, "at")) && headed())
            .then_some(place);
    }
    let inner: Vec<&Span> = inner_names(outer, named, Label::ORG)
        .filter(|n| names_a_part(text, o, &n.bytes))
        .collect();
    let opening = inner
        .iter()
        .filter(|n| n.bytes.start == o.start)
        .max_by_key(|n| n.bytes.end);
    if let Some(n) = opening {
        return head_is_body(&text[n.bytes.end..o.end], lexeme).then_some(*n);
    }
    if !headed() {
        return None;
    }
    inner
        .into_iter()
        .filter(|n| after_word(&text[o.start..n.bytes.start], "of"))
        .min_by_key(|n| n.bytes.start)
}

/// The names of `label` inside `outer`, but not `outer` itself.
fn inner_names<'s, 'n>(
    outer: &'n Span,
    named: &'n [&'s Span],
    label: Label,
) -> impl Iterator<Item = &'s Span> + 'n {
    let o = &outer.bytes;
    named.iter().copied().filter(move |n| {
        n.label == label && n.bytes.start >= o.start && n.bytes.end <= o.end && n.bytes != *o
    })
}

/// Whether `before` ends with `word`, then maybe `the`.
fn after_word(before: &str, word: &str) -> bool {
    // Whole words only: `the` is not the end of `breathe`, nor `in` of
    // `Berlin`.
    fn ends_with_word<'a>(s: &'a str, w: &str) -> Option<&'a str> {
        s.strip_suffix(w)
            .filter(|b| b.is_empty() || b.ends_with(char::is_whitespace))
            .map(str::trim_end)
    }
    let before = before.trim_end();
    let before = ends_with_word(before, "the").unwrap_or(before);
    ends_with_word(before, word).is_some()
}

/// Whether the head noun of a name's words is one of the lexeme's: the
/// last word before the name's own complement (`Council` in `Council of
/// Heads of State`, `Office` in `Office at Geneva`).
fn head_is_body(words: &str, lexeme: &Lexeme) -> bool {
    words
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .take_while(|w| {
            !matches!(
                w.as_str(),
                "of" | "at" | "on" | "in" | "for" | "against" | "to" | "and"
            )
        })
        .last()
        .is_some_and(|w| lexeme.has_word(&w))
}

/// Whether a match neither starts nor ends inside a word (`joined` must not
/// match in `rejoined`).
fn whole_words(text: &str, r: Range<usize>) -> bool {
    let word = |c: char| c.is_alphanumeric();
    let inside_at_start = text[r.start..].chars().next().is_some_and(word)
        && text[..r.start].chars().next_back().is_some_and(word);
    let inside_at_end = text[..r.end].chars().next_back().is_some_and(word)
        && text[r.end..].chars().next().is_some_and(word);
    !(inside_at_start || inside_at_end)
}
