//! Evaluation: spans scored with the four SemEval-2013 schemas, entity ids
//! on matched spans, relations at entity level, with error lists,
//! thresholds and bootstrap confidence intervals.
//!
//! **Pairing.** Each schema pairs gold and predicted spans one to one so as
//! to get the best score for that schema (an optimal assignment, solved
//! exactly per group of overlapping spans), with ties broken by overlap
//! length and then by position. A group of more than 150 gold or predicted
//! spans (only hostile or broken data has one) is paired greedily instead,
//! so that eval stays fast; it may then score a little low, never high. Both lists are sorted first, so the result
//! does not depend on input order. nervaluate pairs greedily in the order
//! the predictions come, so that one gold span and two overlapping
//! predictions can score differently when the predictions are swapped.
//! Where its pairing is not order-dependent, gazet's counts equal
//! nervaluate's (`tests/fixtures/nervaluate`).
//!
//! **Schemas** (a gold/predicted pair must overlap):
//! - strict: correct if boundaries and label match, otherwise incorrect;
//! - exact: correct if boundaries match, otherwise incorrect;
//! - partial: correct if boundaries match, otherwise partial (half credit);
//! - type: correct if labels match, otherwise incorrect.
//!
//! Unpaired gold spans are missed, unpaired predictions spurious.
//! POS = COR+INC+PAR+MIS, ACT = COR+INC+PAR+SPU; precision =
//! (COR + ½PAR)/ACT, recall = (COR + ½PAR)/POS.

use crate::eval::dataset::{is_local_id, Dataset, EvalRelation, EvalSpan, Problem};
use crate::model::schema::{Label, Relation};
use serde::Serialize;
use std::collections::BTreeMap;

/// The four SemEval-2013 schemas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Schema {
    /// Same boundaries and same label.
    Strict,
    /// Same boundaries, whatever the label.
    Exact,
    /// Overlapping boundaries count half, whatever the label.
    Partial,
    /// Same label and overlapping boundaries.
    Type,
}

impl Schema {
    /// Every schema, in report order.
    pub const ALL: [Schema; 4] = [Schema::Strict, Schema::Exact, Schema::Partial, Schema::Type];

    /// The schema's name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Schema::Strict => "strict",
            Schema::Exact => "exact",
            Schema::Partial => "partial",
            Schema::Type => "type",
        }
    }

    /// The outcome of pairing `g` with `p`, if they overlap.
    fn outcome(self, g: &EvalSpan, p: &EvalSpan) -> Option<Outcome> {
        if !(g.start < p.end && p.start < g.end) {
            return None;
        }
        let same_bounds = g.start == p.start && g.end == p.end;
        let same_label = g.label == p.label;
        Some(match self {
            Schema::Strict if same_bounds && same_label => Outcome::Correct,
            Schema::Exact | Schema::Partial if same_bounds => Outcome::Correct,
            Schema::Type if same_label => Outcome::Correct,
            Schema::Partial => Outcome::Partial,
            _ => Outcome::Incorrect,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Correct,
    Partial,
    Incorrect,
}

impl Outcome {
    fn weight(self) -> u64 {
        match self {
            Outcome::Correct => 3,
            Outcome::Partial => 2,
            Outcome::Incorrect => 1,
        }
    }
}

/// SemEval counts of one schema.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Spans right under the schema.
    pub correct: usize,
    /// Spans at a gold span but wrong under the schema.
    pub incorrect: usize,
    /// Spans that overlap a gold span, under the partial schema.
    pub partial: usize,
    /// Gold spans no prediction meets.
    pub missed: usize,
    /// Predicted spans no gold span meets.
    pub spurious: usize,
}

impl Counts {
    /// Gold spans: those the predictions could get right.
    pub fn possible(&self) -> usize {
        self.correct + self.incorrect + self.partial + self.missed
    }
    /// Predicted spans.
    pub fn actual(&self) -> usize {
        self.correct + self.incorrect + self.partial + self.spurious
    }
    fn credit(&self) -> f64 {
        self.correct as f64 + 0.5 * self.partial as f64
    }
    /// Precision, a partial match counting half.
    pub fn precision(&self) -> f64 {
        ratio(self.credit(), self.actual() as f64)
    }
    /// Recall, a partial match counting half.
    pub fn recall(&self) -> f64 {
        ratio(self.credit(), self.possible() as f64)
    }
    /// F1 of precision and recall.
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    fn add(&mut self, o: &Counts) {
        self.correct += o.correct;
        self.incorrect += o.incorrect;
        self.partial += o.partial;
        self.missed += o.missed;
        self.spurious += o.spurious;
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

fn f1(p: f64, r: f64) -> f64 {
    ratio(2.0 * p * r, p + r)
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Counts", 10)?;
        st.serialize_field("correct", &self.correct)?;
        st.serialize_field("incorrect", &self.incorrect)?;
        st.serialize_field("partial", &self.partial)?;
        st.serialize_field("missed", &self.missed)?;
        st.serialize_field("spurious", &self.spurious)?;
        st.serialize_field("possible", &self.possible())?;
        st.serialize_field("actual", &self.actual())?;
        st.serialize_field("precision", &self.precision())?;
        st.serialize_field("recall", &self.recall())?;
        st.serialize_field("f1", &self.f1())?;
        st.end()
    }
}

/// Relation counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RelCounts {
    /// Relations in both gold and predictions.
    pub tp: usize,
    /// Predicted relations not in the gold.
    pub fp: usize,
    /// Gold relations not predicted.
    pub fn_: usize,
}

impl RelCounts {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.tp as f64, (self.tp + self.fp) as f64)
    }
    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.tp as f64, (self.tp + self.fn_) as f64)
    }
    /// F1 of precision and recall.
    pub fn f1(&self) -> f64 {
        f1(self.precision(), self.recall())
    }
    fn add(&mut self, o: &RelCounts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

impl Serialize for RelCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("RelCounts", 6)?;
        st.serialize_field("tp", &self.tp)?;
        st.serialize_field("fp", &self.fp)?;
        st.serialize_field("fn", &self.fn_)?;
        st.serialize_field("precision", &self.precision())?;
        st.serialize_field("recall", &self.recall())?;
        st.serialize_field("f1", &self.f1())?;
        st.end()
    }
}

/// Counts per schema.
pub type BySchema = BTreeMap<Schema, Counts>;

/// Pairs `gold` and `pred` (both sorted) for `schema`: an optimal
/// assignment, solved per group of mutually overlapping spans.
fn pair(schema: Schema, gold: &[EvalSpan], pred: &[EvalSpan]) -> Vec<(usize, usize, Outcome)> {
    let mut out = Vec::new();
    // Groups: connected components of the overlap graph. Spans are sorted,
    // so a sweep finds them.
    let mut gi = 0;
    let mut pi = 0;
    while gi < gold.len() || pi < pred.len() {
        let (mut g_end, mut p_end) = (gi, pi);
        let mut reach = match (gold.get(gi), pred.get(pi)) {
            (Some(g), Some(p)) => {
                if g.start <= p.start {
                    g_end += 1;
                    g.end
                } else {
                    p_end += 1;
                    p.end
                }
            }
            (Some(g), None) => {
                g_end += 1;
                g.end
            }
            (None, Some(p)) => {
                p_end += 1;
                p.end
            }
            (None, None) => break,
        };
        loop {
            if let Some(g) = gold.get(g_end).filter(|g| g.start < reach) {
                reach = reach.max(g.end);
                g_end += 1;
            } else if let Some(p) = pred.get(p_end).filter(|p| p.start < reach) {
                reach = reach.max(p.end);
                p_end += 1;
            } else {
                break;
            }
        }
        let gs = &gold[gi..g_end];
        let ps = &pred[pi..p_end];
        if !gs.is_empty() && !ps.is_empty() {
            let pairs = if gs.len().max(ps.len()) <= EXACT_GROUP {
                assign(schema, gs, ps)
            } else {
                assign_greedy(schema, gs, ps)
            };
            for (a, b, o) in pairs {
                out.push((gi + a, pi + b, o));
            }
        }
        gi = g_end;
        pi = p_end;
    }
    out
}

/// The largest group of overlapping spans paired exactly. The Hungarian
/// algorithm is cubic in the group's size: 2,000 nested spans took four
/// minutes, while 150 take a few milliseconds. Real annotations have groups
/// of a handful; a larger one is paired by [`assign_greedy`].
const EXACT_GROUP: usize = 150;

/// The weight of pairing `g` with `p`: outcome first, overlap length second;
/// 0 if they do not overlap.
fn pair_weight(schema: Schema, g: &EvalSpan, p: &EvalSpan) -> u64 {
    schema.outcome(g, p).map_or(0, |o| {
        let overlap = (g.end.min(p.end) - g.start.max(p.start)) as u64;
        (o.weight() << 32) + overlap.min(u32::MAX as u64)
    })
}

/// A one-to-one pairing of a group too large for [`assign`], in quadratic
/// time and linear memory: each gold span in order takes the free
/// prediction of highest weight (the first one on a tie). It may score a
/// little lower than the best pairing, never higher.
fn assign_greedy(
    schema: Schema,
    gold: &[EvalSpan],
    pred: &[EvalSpan],
) -> Vec<(usize, usize, Outcome)> {
    let mut taken = vec![false; pred.len()];
    let mut out = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        // Predictions are sorted by start: none after these overlaps `g`.
        let upto = pred.partition_point(|p| p.start < g.end);
        let best = (0..upto)
            .filter(|&j| !taken[j])
            .map(|j| (pair_weight(schema, g, &pred[j]), j))
            .filter(|&(w, _)| w > 0)
            .min_by_key(|&(w, j)| (std::cmp::Reverse(w), j));
        if let Some((_, j)) = best {
            if let Some(o) = schema.outcome(g, &pred[j]) {
                taken[j] = true;
                out.push((i, j, o));
            }
        }
    }
    out
}

/// The best one-to-one pairing of a small group (Hungarian algorithm on
/// weights: outcome first, overlap length second).
fn assign(schema: Schema, gold: &[EvalSpan], pred: &[EvalSpan]) -> Vec<(usize, usize, Outcome)> {
    let n = gold.len().max(pred.len());
    let weight = |i: usize, j: usize| -> u64 {
        match (gold.get(i), pred.get(j)) {
            (Some(g), Some(p)) => pair_weight(schema, g, p),
            _ => 0,
        }
    };
    let max = (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| weight(i, j))
        .max()
        .unwrap_or(0);
    let cost = |i: usize, j: usize| -> i128 { (max - weight(i, j)) as i128 };
    // Kuhn-Munkres with potentials, 1-based as in the textbook form.
    let inf = i128::MAX / 4;
    let (mut u, mut v) = (vec![0i128; n + 1], vec![0i128; n + 1]);
    let (mut p, mut way) = (vec![0usize; n + 1], vec![0usize; n + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    // p[j] is the row (1-based) assigned to column j; rows and columns past
    // the real spans are padding, and a pair that does not overlap is none.
    let mut out = Vec::new();
    for (j, &i) in p.iter().enumerate().skip(1) {
        let (Some(g), Some(pr)) = (i.checked_sub(1).and_then(|i| gold.get(i)), pred.get(j - 1))
        else {
            continue;
        };
        if let Some(o) = schema.outcome(g, pr) {
            out.push((i - 1, j - 1, o));
        }
    }
    out.sort_by_key(|&(i, j, _)| (i, j));
    out
}

/// One error for `--errors`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorCase {
    /// The document.
    pub doc: String,
    /// missed, spurious, wrong_label, boundary, boundary_and_label,
    /// wrong_entity, relation_missed, relation_spurious
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The gold span, if any.
    pub gold: Option<SpanView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The predicted span, if any.
    pub predicted: Option<SpanView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The relation, for a relation error, as `relation(head, tail)`.
    pub relation: Option<String>,
    /// The text around the span, with the span in square brackets.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub context: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
/// A span as an error list shows it.
pub struct SpanView {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// Its label.
    pub label: Label,
    /// Its entity id.
    pub entity: String,
    /// Its text.
    pub text: String,
}

/// Per-document results, kept for the bootstrap.
#[derive(Clone, Debug, Default)]
struct DocScore {
    spans: Option<BySchema>,
    relations: Option<RelCounts>,
}

/// Entity-id accuracy over strict-correct spans whose gold has an id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EntityIds {
    /// Strict-correct spans whose gold has an id.
    pub scored: usize,
    /// Those of them with the gold's id.
    pub correct: usize,
}

impl Serialize for EntityIds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("EntityIds", 3)?;
        st.serialize_field("scored", &self.scored)?;
        st.serialize_field("correct", &self.correct)?;
        st.serialize_field("accuracy", &ratio(self.correct as f64, self.scored as f64))?;
        st.end()
    }
}

#[derive(Clone, Debug, Serialize)]
/// A mean over labels.
pub struct Macro {
    /// Mean precision.
    pub precision: f64,
    /// Mean recall.
    pub recall: f64,
    /// Mean F1.
    pub f1: f64,
}

#[derive(Clone, Debug, Serialize)]
/// A confidence interval.
pub struct Interval {
    /// Its lower end.
    pub low: f64,
    /// Its upper end.
    pub high: f64,
}

/// Everything `gazet eval` reports.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Documents scored.
    pub documents: usize,
    /// Overall span counts per schema (micro average).
    pub spans: BySchema,
    /// Span counts per schema, for each label.
    pub spans_by_label: BTreeMap<Label, BySchema>,
    /// Mean over labels of each schema's precision, recall and F1.
    pub spans_macro: BTreeMap<Schema, Macro>,
    /// Entity-id accuracy.
    pub entity_ids: EntityIds,
    /// Relation counts over all relations.
    pub relations: RelCounts,
    /// Relation counts per relation.
    pub relations_by_type: BTreeMap<Relation, RelCounts>,
    /// 95% intervals of F1 from resampling documents, by measure.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub bootstrap: BTreeMap<String, Interval>,
    /// Gold or prediction problems (file:line), and unmatched documents.
    pub problems: Vec<Problem>,
    /// Things a reader should know that did not stop scoring.
    pub warnings: Vec<Problem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// Every error, with `--errors`.
    pub errors: Vec<ErrorCase>,
    #[serde(skip)]
    per_doc: Vec<DocScore>,
}

/// Renames the document-local entity ids of `predicted` (`doc:…`, given
/// to names no gazetteer lists) to the gold ids they stand for, and returns
/// how many local ids were renamed.
///
/// A local id is arbitrary; what matters is whether it groups the right
/// mentions. So, per document, each local id is paired with the gold id
/// that most of its strictly matching spans carry, one to one, the pairs
/// with the most shared spans first. A gold id for which `known` says yes
/// (an entity of the gazetteers) is never paired: a local id there is a
/// wrong id. Relations are renamed with their spans.
pub fn align_local_ids(
    gold: &Dataset,
    predicted: &mut Dataset,
    known: impl Fn(&str) -> bool,
) -> usize {
    let mut renamed = 0;
    for (id, p) in predicted.docs.iter_mut() {
        let Some(gold_spans) = gold.docs.get(id).and_then(|g| g.spans.as_ref()) else {
            continue;
        };
        let Some(spans) = p.spans.as_mut() else {
            continue;
        };
        let by_place: BTreeMap<(usize, usize, Label), &str> = gold_spans
            .iter()
            .filter(|g| !g.entity.is_empty())
            .map(|g| ((g.start, g.end, g.label), g.entity.as_str()))
            .collect();
        let mut votes: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for s in spans.iter().filter(|s| is_local_id(&s.entity)) {
            if let Some(&g) = by_place.get(&(s.start, s.end, s.label)) {
                if !known(g) {
                    *votes.entry((s.entity.as_str(), g)).or_default() += 1;
                }
            }
        }
        let mut pairs: Vec<((&str, &str), usize)> = votes.into_iter().collect();
        pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut map: BTreeMap<String, String> = BTreeMap::new();
        let mut used: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        for ((local, g), _) in pairs {
            if !map.contains_key(local) && used.insert(g) {
                map.insert(local.to_owned(), g.to_owned());
            }
        }
        renamed += map.len();
        for s in spans.iter_mut() {
            if let Some(g) = map.get(&s.entity) {
                s.entity = g.clone();
            }
        }
        if let Some(rels) = p.relations.as_mut() {
            for r in rels.iter_mut() {
                let head = map.get(&r.0).cloned().unwrap_or_else(|| r.0.clone());
                let tail = map.get(&r.2).cloned().unwrap_or_else(|| r.2.clone());
                *r = crate::eval::dataset::canonical(head, r.1, tail);
            }
        }
    }
    renamed
}

/// Scores `predicted` against `gold`.
pub fn evaluate(gold: &Dataset, predicted: &Dataset) -> Report {
    let mut report = Report {
        documents: 0,
        spans: BySchema::new(),
        spans_by_label: BTreeMap::new(),
        spans_macro: BTreeMap::new(),
        entity_ids: EntityIds::default(),
        relations: RelCounts::default(),
        relations_by_type: BTreeMap::new(),
        bootstrap: BTreeMap::new(),
        problems: gold
            .problems
            .iter()
            .chain(&predicted.problems)
            .cloned()
            .collect(),
        warnings: gold
            .warnings
            .iter()
            .chain(&predicted.warnings)
            .cloned()
            .collect(),
        errors: Vec::new(),
        per_doc: Vec::new(),
    };
    // The gold decides what is scored: a predicted document without gold
    // (notes beside the texts) is reported as a warning, not a problem.
    for (doc, p) in predicted
        .docs
        .iter()
        .filter(|(d, _)| !gold.docs.contains_key(*d))
    {
        report.warnings.push(Problem::NoGold {
            origin: p.origin.clone(),
            doc: doc.clone(),
        });
    }
    let empty = crate::eval::dataset::EvalDoc::default();
    for (id, g) in &gold.docs {
        let p = match predicted.docs.get(id) {
            Some(p) => p,
            None => {
                report.problems.push(Problem::NoPredictions {
                    origin: g.origin.clone(),
                    doc: id.clone(),
                });
                &empty
            }
        };
        report.documents += 1;
        let text = g.text.as_deref().or(p.text.as_deref()).unwrap_or("");
        let mut score = DocScore::default();
        if let Some(gs) = &g.spans {
            let no_spans = Vec::new();
            let ps = match (&p.spans, predicted.docs.contains_key(id)) {
                (Some(ps), _) => ps,
                (None, false) => &no_spans,
                (None, true) => {
                    report.problems.push(Problem::NoSpans {
                        origin: p.origin.clone(),
                    });
                    &no_spans
                }
            };
            score.spans = Some(score_spans(id, text, gs, ps, &mut report));
        }
        if let Some(gr) = &g.relations {
            let pr = p.relations.clone().unwrap_or_default();
            score.relations = Some(score_relations(id, gr, &pr, &mut report));
        }
        report.per_doc.push(score);
    }
    for schema in Schema::ALL {
        let per: Vec<&Counts> = report
            .spans_by_label
            .values()
            .filter_map(|b| b.get(&schema))
            .collect();
        let n = per.len() as f64;
        if n > 0.0 {
            report.spans_macro.insert(
                schema,
                Macro {
                    precision: per.iter().map(|c| c.precision()).sum::<f64>() / n,
                    recall: per.iter().map(|c| c.recall()).sum::<f64>() / n,
                    f1: per.iter().map(|c| c.f1()).sum::<f64>() / n,
                },
            );
        }
    }
    report
}

fn view(text: &[char], s: &EvalSpan) -> SpanView {
    SpanView {
        start: s.start,
        end: s.end,
        label: s.label,
        entity: s.entity.clone(),
        text: text
            .get(s.start..s.end)
            .map(|c| c.iter().collect())
            .unwrap_or_default(),
    }
}

fn context(text: &[char], start: usize, end: usize) -> String {
    if text.is_empty() || start > end || end > text.len() {
        return String::new();
    }
    let from = start.saturating_sub(40);
    let to = (end + 40).min(text.len());
    let part = |a: usize, b: usize| -> String {
        text[a..b]
            .iter()
            .map(|&c| if c.is_whitespace() { ' ' } else { c })
            .collect()
    };
    format!(
        "…{}[{}]{}…",
        part(from, start),
        part(start, end),
        part(end, to)
    )
}

/// The counts of one schema, with the pairs behind them.
fn tally(
    schema: Schema,
    gold: &[EvalSpan],
    pred: &[EvalSpan],
) -> (Counts, Vec<(usize, usize, Outcome)>) {
    let pairs = pair(schema, gold, pred);
    let mut c = Counts::default();
    for &(_, _, o) in &pairs {
        match o {
            Outcome::Correct => c.correct += 1,
            Outcome::Partial => c.partial += 1,
            Outcome::Incorrect => c.incorrect += 1,
        }
    }
    c.missed = gold.len() - pairs.len();
    c.spurious = pred.len() - pairs.len();
    (c, pairs)
}

fn score_spans(
    doc: &str,
    text: &str,
    gold: &[EvalSpan],
    pred: &[EvalSpan],
    report: &mut Report,
) -> BySchema {
    let chars: Vec<char> = text.chars().collect();
    let mut gold = gold.to_vec();
    let mut pred = pred.to_vec();
    gold.sort();
    pred.sort();
    let mut doc_counts = BySchema::new();
    for schema in Schema::ALL {
        let (counts, pairs) = tally(schema, &gold, &pred);
        report.spans.entry(schema).or_default().add(&counts);
        doc_counts.insert(schema, counts);
        // Per label, as nervaluate does: the evaluation restricted to the
        // gold and predicted spans of that label.
        let mut labels: Vec<Label> = gold.iter().chain(&pred).map(|s| s.label).collect();
        labels.sort();
        labels.dedup();
        for label in labels {
            let g: Vec<EvalSpan> = gold.iter().filter(|s| s.label == label).cloned().collect();
            let p: Vec<EvalSpan> = pred.iter().filter(|s| s.label == label).cloned().collect();
            let (c, _) = tally(schema, &g, &p);
            report
                .spans_by_label
                .entry(label)
                .or_default()
                .entry(schema)
                .or_default()
                .add(&c);
        }
        if schema == Schema::Strict {
            errors(doc, &chars, &gold, &pred, &pairs, report);
        }
    }
    doc_counts
}

/// Lists the strict schema's errors, and wrong entity ids on its matches.
fn errors(
    doc: &str,
    chars: &[char],
    gold: &[EvalSpan],
    pred: &[EvalSpan],
    pairs: &[(usize, usize, Outcome)],
    report: &mut Report,
) {
    let mut paired_g = vec![false; gold.len()];
    let mut paired_p = vec![false; pred.len()];
    let push = |report: &mut Report, kind, g: Option<&EvalSpan>, p: Option<&EvalSpan>| {
        let (start, end) = match (g, p) {
            (Some(g), Some(p)) => (g.start.min(p.start), g.end.max(p.end)),
            (Some(s), None) | (None, Some(s)) => (s.start, s.end),
            (None, None) => (0, 0),
        };
        report.errors.push(ErrorCase {
            doc: doc.to_owned(),
            kind,
            gold: g.map(|g| view(chars, g)),
            predicted: p.map(|p| view(chars, p)),
            relation: None,
            context: context(chars, start, end),
        });
    };
    for &(i, j, o) in pairs {
        paired_g[i] = true;
        paired_p[j] = true;
        let (g, p) = (&gold[i], &pred[j]);
        let kind = match o {
            Outcome::Correct if !g.entity.is_empty() => {
                report.entity_ids.scored += 1;
                if g.entity == p.entity {
                    report.entity_ids.correct += 1;
                    None
                } else {
                    Some("wrong_entity")
                }
            }
            Outcome::Correct => None,
            _ if g.start == p.start && g.end == p.end => Some("wrong_label"),
            _ if g.label == p.label => Some("boundary"),
            _ => Some("boundary_and_label"),
        };
        if let Some(kind) = kind {
            push(report, kind, Some(g), Some(p));
        }
    }
    for g in gold
        .iter()
        .zip(&paired_g)
        .filter(|(_, &k)| !k)
        .map(|(g, _)| g)
    {
        push(report, "missed", Some(g), None);
    }
    for p in pred
        .iter()
        .zip(&paired_p)
        .filter(|(_, &k)| !k)
        .map(|(p, _)| p)
    {
        push(report, "spurious", None, Some(p));
    }
}

fn score_relations(
    doc: &str,
    gold: &[EvalRelation],
    pred: &[EvalRelation],
    report: &mut Report,
) -> RelCounts {
    use std::collections::BTreeSet;
    let g: BTreeSet<&EvalRelation> = gold.iter().collect();
    let p: BTreeSet<&EvalRelation> = pred.iter().collect();
    let mut counts = RelCounts::default();
    let show = |r: &EvalRelation| format!("{}({}, {})", r.1, r.0, r.2);
    for r in &g {
        let by = report.relations_by_type.entry(r.1).or_default();
        if p.contains(r) {
            counts.tp += 1;
            by.tp += 1;
        } else {
            counts.fn_ += 1;
            by.fn_ += 1;
            report.errors.push(ErrorCase {
                doc: doc.to_owned(),
                kind: "relation_missed",
                gold: None,
                predicted: None,
                relation: Some(show(r)),
                context: String::new(),
            });
        }
    }
    for r in p.difference(&g) {
        counts.fp += 1;
        report.relations_by_type.entry(r.1).or_default().fp += 1;
        report.errors.push(ErrorCase {
            doc: doc.to_owned(),
            kind: "relation_spurious",
            gold: None,
            predicted: None,
            relation: Some(show(r)),
            context: String::new(),
        });
    }
    report.relations.add(&counts);
    counts
}

impl Report {
    /// Adds 95% bootstrap intervals of each F1, resampling documents
    /// `rounds` times with a fixed `seed`.
    pub fn bootstrap(&mut self, rounds: usize, seed: u64) {
        let n = self.per_doc.len();
        if n == 0 || rounds == 0 {
            return;
        }
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut samples: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for _ in 0..rounds {
            let mut spans = BySchema::new();
            let mut rels = RelCounts::default();
            let (mut any_spans, mut any_rels) = (false, false);
            for _ in 0..n {
                let d = &self.per_doc[rng.usize(0..n)];
                if let Some(s) = &d.spans {
                    any_spans = true;
                    for (schema, c) in s {
                        spans.entry(*schema).or_default().add(c);
                    }
                }
                if let Some(r) = &d.relations {
                    any_rels = true;
                    rels.add(r);
                }
            }
            if any_spans {
                for (schema, c) in &spans {
                    samples
                        .entry(schema.as_str().to_owned())
                        .or_default()
                        .push(c.f1());
                }
            }
            if any_rels {
                samples
                    .entry("relations".to_owned())
                    .or_default()
                    .push(rels.f1());
            }
        }
        for (k, mut v) in samples {
            v.sort_by(|a, b| a.total_cmp(b));
            let at = |q: f64| v[((q * (v.len() - 1) as f64).round() as usize).min(v.len() - 1)];
            self.bootstrap.insert(
                k,
                Interval {
                    low: at(0.025),
                    high: at(0.975),
                },
            );
        }
    }

    /// The F1 (or accuracy, for `entities`) of a measure named as in
    /// `--min-f1`: strict, exact, partial, type, relations, entities.
    pub fn measure(&self, name: &str) -> Option<f64> {
        match name {
            "relations" => Some(self.relations.f1()),
            "entities" => Some(ratio(
                self.entity_ids.correct as f64,
                self.entity_ids.scored as f64,
            )),
            other => Schema::ALL
                .iter()
                .find(|s| s.as_str() == other)
                .map(|s| self.spans.get(s).copied().unwrap_or_default().f1()),
        }
    }

    /// Readable tables for a terminal.
    pub fn render(&self, agreement: bool) -> String {
        anstream::adapter::strip_str(&self.render_styled(agreement)).to_string()
    }

    /// [`render`](Self::render) with ANSI styles: bold headings, and each F1
    /// green from 0.9, yellow from 0.7, red below, so that weak figures
    /// stand out in a long table. Write it through an `anstream` stream to
    /// drop the styles where colour is not wanted.
    pub fn render_styled(&self, agreement: bool) -> String {
        use std::fmt::Write;
        let head = anstyle::Style::new().bold();
        let f1 = |x: f64| {
            let colour = if x >= 0.9 {
                anstyle::AnsiColor::Green
            } else if x >= 0.7 {
                anstyle::AnsiColor::Yellow
            } else {
                anstyle::AnsiColor::Red
            };
            let style = colour.on_default();
            format!("{style}{x:>8.3}{style:#}")
        };
        let mut out = String::new();
        let (p, r) = if agreement {
            ("A→B", "B→A")
        } else {
            ("P", "R")
        };
        let noun = if self.documents == 1 {
            "document"
        } else {
            "documents"
        };
        let _ = writeln!(out, "{} {noun} scored", self.documents);
        let _ = writeln!(
            out,
            "\n{head}{:<22}{:>6}{:>6}{:>6}{:>6}{:>6}{:>8}{:>8}{:>8}{head:#}",
            if agreement {
                "spans (agreement)"
            } else {
                "spans"
            },
            "COR",
            "INC",
            "PAR",
            "MIS",
            "SPU",
            p,
            r,
            "F1"
        );
        let row = |out: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                out,
                "{:<22}{:>6}{:>6}{:>6}{:>6}{:>6}{:>8.3}{:>8.3}{}",
                name,
                c.correct,
                c.incorrect,
                c.partial,
                c.missed,
                c.spurious,
                c.precision(),
                c.recall(),
                f1(c.f1())
            );
        };
        for (s, c) in &self.spans {
            row(&mut out, s.as_str(), c);
        }
        for (label, by) in &self.spans_by_label {
            for (s, c) in by {
                row(&mut out, &format!("  {label} {}", s.as_str()), c);
            }
        }
        for (s, m) in &self.spans_macro {
            let _ = writeln!(
                out,
                "{:<52}{:>8.3}{:>8.3}{}",
                format!("macro {}", s.as_str()),
                m.precision,
                m.recall,
                f1(m.f1)
            );
        }
        let _ = writeln!(
            out,
            "\nentity ids on strict matches: {}/{} ({:.3})",
            self.entity_ids.correct,
            self.entity_ids.scored,
            ratio(
                self.entity_ids.correct as f64,
                self.entity_ids.scored as f64
            )
        );
        let _ = writeln!(
            out,
            "\n{head}{:<22}{:>6}{:>6}{:>6}{:>8}{:>8}{:>8}{head:#}",
            "relations", "TP", "FP", "FN", p, r, "F1"
        );
        let rrow = |out: &mut String, name: &str, c: &RelCounts| {
            let _ = writeln!(
                out,
                "{:<22}{:>6}{:>6}{:>6}{:>8.3}{:>8.3}{}",
                name,
                c.tp,
                c.fp,
                c.fn_,
                c.precision(),
                c.recall(),
                f1(c.f1())
            );
        };
        rrow(&mut out, "all", &self.relations);
        for (rel, c) in &self.relations_by_type {
            rrow(&mut out, &format!("  {rel}"), c);
        }
        if !self.bootstrap.is_empty() {
            let _ = writeln!(
                out,
                "\n95% bootstrap intervals of F1 (documents resampled):"
            );
            for (k, i) in &self.bootstrap {
                let _ = writeln!(out, "  {k:<12} {:.3} – {:.3}", i.low, i.high);
            }
        }
        out
    }

    /// The error list for `--errors`, one line each.
    pub fn render_errors(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for e in &self.errors {
            let span = |s: &Option<SpanView>| {
                s.as_ref().map_or(String::new(), |s| {
                    format!(
                        "{} {}..{} {:?} {}",
                        s.label, s.start, s.end, s.text, s.entity
                    )
                })
            };
            let what = match (&e.gold, &e.predicted, &e.relation) {
                (_, _, Some(r)) => r.clone(),
                (Some(_), Some(_), _) => {
                    format!("gold {} | predicted {}", span(&e.gold), span(&e.predicted))
                }
                (Some(_), None, _) => format!("gold {}", span(&e.gold)),
                (None, Some(_), _) => format!("predicted {}", span(&e.predicted)),
                _ => String::new(),
            };
            let _ = write!(out, "{}\t{}\t{}", e.doc, e.kind, what);
            if !e.context.is_empty() {
                let _ = write!(out, "\t{}", e.context);
            }
            out.push('\n');
        }
        out
    }
}

/// What is wrong with a list of minimum scores.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ThresholdError {
    /// A part that is not `MEASURE=VALUE`.
    #[error("{0:?} is not MEASURE=VALUE")]
    NotPair(String),
    /// A measure [`Report::measure`] does not know.
    #[error(
        "unknown measure `{0}` (expected strict, exact, partial, type, relations or entities)"
    )]
    UnknownMeasure(String),
    /// A value that is not a number.
    #[error("{0:?} is not a number")]
    NotNumber(String),
    /// A value outside 0..=1.
    #[error("{0} is not between 0 and 1")]
    OutOfRange(f64),
}

/// Parses minimum scores, `strict=0.9,relations=0.8`.
pub fn parse_thresholds(s: &str) -> Result<Vec<(String, f64)>, ThresholdError> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .ok_or_else(|| ThresholdError::NotPair(p.to_owned()))?;
            let k = k.trim();
            if ![
                "strict",
                "exact",
                "partial",
                "type",
                "relations",
                "entities",
            ]
            .contains(&k)
            {
                return Err(ThresholdError::UnknownMeasure(k.to_owned()));
            }
            let v: f64 = v
                .trim()
                .parse()
                .map_err(|_| ThresholdError::NotNumber(v.to_owned()))?;
            if !(0.0..=1.0).contains(&v) {
                return Err(ThresholdError::OutOfRange(v));
            }
            Ok((k.to_owned(), v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(label: Label, start: usize, end: usize) -> EvalSpan {
        EvalSpan {
            start,
            end,
            label,
            entity: String::new(),
        }
    }

    fn counts(gold: &[EvalSpan], pred: &[EvalSpan]) -> BySchema {
        let mut g = Dataset::default();
        let mut p = Dataset::default();
        g.docs.insert(
            "d".into(),
            crate::eval::dataset::EvalDoc {
                spans: Some(gold.to_vec()),
                ..Default::default()
            },
        );
        p.docs.insert(
            "d".into(),
            crate::eval::dataset::EvalDoc {
                spans: Some(pred.to_vec()),
                ..Default::default()
            },
        );
        evaluate(&g, &p).spans
    }

    const ORG: Label = Label::ORG;
    const LOC: Label = Label::LOC;
    const PER: Label = Label::PER;

    #[test]
    fn a_group_too_large_for_exact_pairing_is_paired_greedily_one_to_one() {
        // Nested spans, one group; every other prediction a character short.
        for n in [EXACT_GROUP, EXACT_GROUP + 1, 2_000] {
            let len = 2 * n + 10;
            let gold: Vec<EvalSpan> = (0..n).map(|i| s(ORG, i, len - i)).collect();
            let pred: Vec<EvalSpan> = (0..n).map(|i| s(ORG, i, len - i - i % 2)).collect();
            let c = counts(&gold, &pred)[&Schema::Strict];
            assert_eq!(c.correct, n.div_ceil(2), "n = {n}");
            assert_eq!(c.incorrect, n / 2, "n = {n}");
            assert_eq!((c.missed, c.spurious), (0, 0), "n = {n}");
            let c = counts(&gold, &gold)[&Schema::Exact];
            assert_eq!((c.correct, c.missed, c.spurious), (n, 0, 0), "n = {n}");
        }
    }

    /// (case, gold, pred, expected (COR, INC, PAR, MIS, SPU) for strict, exact, partial, type)
    #[allow(clippy::type_complexity)]
    const CASES: &[(
        &str,
        &[(Label, usize, usize)],
        &[(Label, usize, usize)],
        [(usize, usize, usize, usize, usize); 4],
    )] = &[
        (
            "exact match",
            &[(ORG, 0, 4)],
            &[(ORG, 0, 4)],
            [
                (1, 0, 0, 0, 0),
                (1, 0, 0, 0, 0),
                (1, 0, 0, 0, 0),
                (1, 0, 0, 0, 0),
            ],
        ),
        (
            "wrong label",
            &[(ORG, 0, 4)],
            &[(LOC, 0, 4)],
            [
                (0, 1, 0, 0, 0),
                (1, 0, 0, 0, 0),
                (1, 0, 0, 0, 0),
                (0, 1, 0, 0, 0),
            ],
        ),
        (
            "overlap same label",
            &[(ORG, 0, 10)],
            &[(ORG, 4, 10)],
            [
                (0, 1, 0, 0, 0),
                (0, 1, 0, 0, 0),
                (0, 0, 1, 0, 0),
                (1, 0, 0, 0, 0),
            ],
        ),
        (
            "adjacent spans do not overlap",
            &[(ORG, 0, 5)],
            &[(ORG, 5, 9)],
            [
                (0, 0, 0, 1, 1),
                (0, 0, 0, 1, 1),
                (0, 0, 0, 1, 1),
                (0, 0, 0, 1, 1),
            ],
        ),
        (
            "one gold, two predictions: the exact one pairs",
            &[(ORG, 0, 10)],
            &[(ORG, 0, 4), (ORG, 0, 10)],
            [
                (1, 0, 0, 0, 1),
                (1, 0, 0, 0, 1),
                (1, 0, 0, 0, 1),
                (1, 0, 0, 0, 1),
            ],
        ),
        (
            "a wrong label listed first does not steal the pair",
            &[(PER, 0, 10)],
            &[(LOC, 0, 10), (PER, 2, 10)],
            [
                (0, 1, 0, 0, 1),
                (1, 0, 0, 0, 1),
                (1, 0, 0, 0, 1),
                (1, 0, 0, 0, 1),
            ],
        ),
        (
            "empty document",
            &[],
            &[],
            [
                (0, 0, 0, 0, 0),
                (0, 0, 0, 0, 0),
                (0, 0, 0, 0, 0),
                (0, 0, 0, 0, 0),
            ],
        ),
        (
            "no gold at all",
            &[],
            &[(ORG, 0, 3)],
            [
                (0, 0, 0, 0, 1),
                (0, 0, 0, 0, 1),
                (0, 0, 0, 0, 1),
                (0, 0, 0, 0, 1),
            ],
        ),
        (
            "no predictions",
            &[(ORG, 0, 3), (LOC, 5, 8)],
            &[],
            [
                (0, 0, 0, 2, 0),
                (0, 0, 0, 2, 0),
                (0, 0, 0, 2, 0),
                (0, 0, 0, 2, 0),
            ],
        ),
        (
            "two golds, one prediction across both",
            &[(ORG, 0, 4), (ORG, 5, 9)],
            &[(ORG, 0, 9)],
            [
                (0, 1, 0, 1, 0),
                (0, 1, 0, 1, 0),
                (0, 0, 1, 1, 0),
                (1, 0, 0, 1, 0),
            ],
        ),
    ];

    #[test]
    fn schema_edge_cases() {
        for (name, gold, pred, want) in CASES {
            let g: Vec<EvalSpan> = gold.iter().map(|&(l, a, b)| s(l, a, b)).collect();
            let p: Vec<EvalSpan> = pred.iter().map(|&(l, a, b)| s(l, a, b)).collect();
            let got = counts(&g, &p);
            for (k, schema) in Schema::ALL.iter().enumerate() {
                let c = got.get(schema).copied().unwrap_or_default();
                assert_eq!(
                    (c.correct, c.incorrect, c.partial, c.missed, c.spurious),
                    want[k],
                    "{name}: {}",
                    schema.as_str()
                );
            }
            // Order independence: reversed predictions score the same.
            let mut rp = p.clone();
            rp.reverse();
            assert_eq!(counts(&g, &rp), got, "{name}: order");
        }
    }

    #[test]
    fn partial_credit_is_half() {
        let c = Counts {
            correct: 1,
            partial: 2,
            missed: 1,
            ..Default::default()
        };
        assert_eq!(c.precision(), 2.0 / 3.0);
        assert_eq!(c.recall(), 2.0 / 4.0);
    }

    #[test]
    fn thresholds() {
        assert_eq!(
            parse_thresholds("strict=0.9,relations=0.8").unwrap(),
            vec![("strict".to_owned(), 0.9), ("relations".to_owned(), 0.8)]
        );
        assert!(parse_thresholds("strikt=0.9").is_err());
        assert!(parse_thresholds("strict=2").is_err());
    }

    #[test]
    fn local_ids_align_one_to_one_with_unknown_gold_ids() {
        let span = |start, entity: &str| EvalSpan {
            start,
            end: start + 3,
            label: PER,
            entity: entity.into(),
        };
        let doc =
            |spans: Vec<EvalSpan>, relations: Vec<EvalRelation>| crate::eval::dataset::EvalDoc {
                spans: Some(spans),
                relations: Some(relations),
                ..Default::default()
            };
        let mut g = Dataset::default();
        g.docs.insert(
            "d".into(),
            doc(
                vec![
                    span(0, "ann_lee"),
                    span(10, "ann_lee"),
                    span(20, "bo_kim"),
                    span(30, "known_one"),
                    span(40, "ann_lee"),
                ],
                vec![("ann_lee".into(), Relation::AffiliatedWith, "bo_kim".into())],
            ),
        );
        let mut p = Dataset::default();
        p.docs.insert(
            "d".into(),
            doc(
                vec![
                    span(0, "doc:ann_lee"),
                    span(10, "doc:ann_lee"),
                    span(20, "doc:bo_kim"),
                    span(30, "doc:known"),
                    // A second local id for Ann Lee: the pairing is one to
                    // one, so this one stays wrong.
                    span(40, "doc:ann"),
                ],
                vec![(
                    "doc:ann_lee".into(),
                    Relation::AffiliatedWith,
                    "doc:bo_kim".into(),
                )],
            ),
        );
        let renamed = align_local_ids(&g, &mut p, |id| id == "known_one");
        assert_eq!(renamed, 2);
        let got: Vec<&str> = p.docs["d"]
            .spans
            .as_ref()
            .unwrap()
            .iter()
            .map(|s| s.entity.as_str())
            .collect();
        assert_eq!(
            got,
            ["ann_lee", "ann_lee", "bo_kim", "doc:known", "doc:ann"]
        );
        let report = evaluate(&g, &p);
        assert_eq!(report.relations.tp, 1);
        assert_eq!(
            (report.entity_ids.correct, report.entity_ids.scored),
            (3, 5)
        );
    }
}
