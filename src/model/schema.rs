//! The annotation vocabulary of `../shared/annotation-guidelines.md`: entity
//! labels, the kinds of entity a gazetteer may declare, and the relation
//! types. Kept in one place so that the gazetteer parser, the matcher output
//! and (later) the relation rules and evaluator agree on spelling.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An entity label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Label {
    /// An organisation.
    ORG,
    /// A location.
    LOC,
    /// A person.
    PER,
}

impl Label {
    /// Every label, in output order.
    pub const ALL: [Label; 3] = [Label::ORG, Label::LOC, Label::PER];

    /// The label as written (`ORG`, `LOC`, `PER`).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::ORG => "ORG",
            Label::LOC => "LOC",
            Label::PER => "PER",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Label {
    type Err = SchemaError;
    fn from_str(s: &str) -> Result<Self, SchemaError> {
        match s {
            "ORG" => Ok(Label::ORG),
            "LOC" => Ok(Label::LOC),
            "PER" => Ok(Label::PER),
            _ => Err(SchemaError::UnknownLabel(s.to_owned())),
        }
    }
}

/// How the error for a label gazet lacks starts, so that a caller holding
/// only its message (a line error of a gold file) can say how to map it.
pub const UNKNOWN_LABEL: &str = "unknown label";

/// A label, kind, relation or label mapping that is not gazet's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// A label that is none of gazet's; the message starts with [`UNKNOWN_LABEL`].
    #[error("unknown label `{0}` (expected ORG, LOC or PER)")]
    UnknownLabel(String),
    /// A relation that is none of gazet's.
    #[error("unknown relation `{0}` (expected one of: {all})", all = Relation::ALL.map(Relation::as_str).join(", "))]
    UnknownRelation(String),
    /// A kind that is none of gazet's.
    #[error("unknown kind `{kind}` (expected one of: {})", kinds_of(*.label).join(", "))]
    UnknownKind {
        /// The kind.
        kind: String,
        /// The label of the entity it was given to.
        label: Label,
    },
    /// A kind of another label than the entity's.
    #[error("kind `{kind}` is a {of} kind, but the entity is labelled {label}")]
    KindOfOtherLabel {
        /// The kind.
        kind: String,
        /// The label the kind belongs to.
        of: Label,
        /// The entity's label.
        label: Label,
    },
    /// A part of a label map that is not `FROM=TO`.
    #[error("label mapping {0:?} is not FROM=TO")]
    NotMapping(String),
    /// A label mapped to two targets.
    #[error("label `{0}` is mapped twice, differently")]
    MappedTwice(String),
    /// A label the label map leaves out.
    #[error("label `{0}` is left out by the label map")]
    LeftOut(String),
}

// The per-line parsers of the gazetteer, gold and rule files gather their
// messages into a `LineError`, which gives each its file and line.
impl From<SchemaError> for String {
    fn from(e: SchemaError) -> String {
        e.to_string()
    }
}

/// The kinds of `label`, in [`KINDS`] order.
fn kinds_of(label: Label) -> Vec<&'static str> {
    KINDS
        .iter()
        .filter(|(_, l)| *l == label)
        .map(|(k, _)| *k)
        .collect()
}

/// Where another tool's label goes: a gazet label with a kind, or nowhere
/// (its entries are left out).
pub type Target = Option<(Label, &'static str)>;

/// Other tools' names for gazet's labels, `FROM=TO,...`: `TO` is `ORG`,
/// `LOC` or `PER`, optionally with a kind (`LOC:city`), or `-` to leave such
/// entries out. `FROM` matches whatever its case. Used to import other
/// tools' gazetteers and to read their gold and predictions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LabelMap(Vec<(String, Target)>);

impl FromStr for LabelMap {
    type Err = SchemaError;
    fn from_str(s: &str) -> Result<Self, SchemaError> {
        let mut out: Vec<(String, Target)> = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (from, to) = part
                .split_once('=')
                .map(|(f, t)| (f.trim(), t.trim()))
                .filter(|(f, t)| !f.is_empty() && !t.is_empty())
                .ok_or_else(|| SchemaError::NotMapping(part.to_owned()))?;
            let target = if to == "-" {
                None
            } else {
                let (label, kind) = match to.split_once(':') {
                    Some((l, k)) => (l.parse::<Label>()?, Some(k)),
                    None => (to.parse::<Label>()?, None),
                };
                let kind = match kind {
                    Some(k) => check_kind(k, label)?,
                    None => default_kind(label),
                };
                Some((label, kind))
            };
            let from = from.to_uppercase();
            match out.iter().find(|(f, _)| *f == from) {
                Some((_, before)) if *before != target => {
                    return Err(SchemaError::MappedTwice(from));
                }
                Some(_) => {}
                None => out.push((from, target)),
            }
        }
        Ok(LabelMap(out))
    }
}

impl LabelMap {
    /// Whether it maps nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Where `name` goes, if the map says (`Some(None)`: left out).
    pub fn target(&self, name: &str) -> Option<Target> {
        let upper = name.to_uppercase();
        self.0.iter().find(|(f, _)| *f == upper).map(|(_, t)| *t)
    }

    /// The gazet label `name` stands for: the map's, else `name` read as a
    /// gazet label.
    pub fn label(&self, name: &str) -> Result<Label, SchemaError> {
        match self.target(name) {
            Some(Some((label, _))) => Ok(label),
            Some(None) => Err(SchemaError::LeftOut(name.to_owned())),
            None => name.parse(),
        }
    }
}

/// The kind of an entity whose source says nothing more than its label
/// (a proposed name, an imported list): the broadest kind of each label.
pub fn default_kind(label: Label) -> &'static str {
    match label {
        Label::ORG => "organization",
        Label::LOC => "region",
        Label::PER => "person",
    }
}

/// The kinds an entity may have, each with the one label it fits. A closed
/// list so that a typo in a hand-edited gazetteer is caught at load time
/// instead of silently never matching a rule such as `{LOC:country}`.
pub const KINDS: &[(&str, Label)] = &[
    ("country", Label::LOC),
    ("territory", Label::LOC),
    ("region", Label::LOC),
    ("province", Label::LOC),
    ("district", Label::LOC),
    ("city", Label::LOC),
    ("settlement", Label::LOC),
    ("feature", Label::LOC),
    ("alliance", Label::ORG),
    ("organization", Label::ORG),
    ("body", Label::ORG),
    ("force", Label::ORG),
    ("agency", Label::ORG),
    ("ministry", Label::ORG),
    ("military", Label::ORG),
    ("militant_group", Label::ORG),
    ("party", Label::ORG),
    ("company", Label::ORG),
    ("academic", Label::ORG),
    ("media", Label::ORG),
    ("ngo", Label::ORG),
    ("person", Label::PER),
];

/// Checks `kind` against [`KINDS`] and returns its canonical static spelling.
pub fn check_kind(kind: &str, label: Label) -> Result<&'static str, SchemaError> {
    match KINDS.iter().find(|(k, _)| *k == kind) {
        Some((k, l)) if *l == label => Ok(k),
        Some((_, l)) => Err(SchemaError::KindOfOtherLabel {
            kind: kind.to_owned(),
            of: *l,
            label,
        }),
        None => Err(SchemaError::UnknownKind {
            kind: kind.to_owned(),
            label,
        }),
    }
}

/// The relation types of the guidelines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// A state (`LOC`) is a member of an organisation.
    MemberOf,
    /// A state (`LOC`) was a member of an organisation and left it.
    FormerMemberOf,
    /// An organisation is a body, unit or branch of another.
    PartOf,
    /// An organisation has its seat in a place, or a place lies in another.
    LocatedIn,
    /// A person holds a position in, leads or represents an organisation or place.
    AffiliatedWith,
    /// A person was born in or comes from a place.
    NativeOf,
    /// Two organisations are allied (symmetric).
    AlliedWith,
}

impl Relation {
    /// Every relation, in output order.
    pub const ALL: [Relation; 7] = [
        Relation::MemberOf,
        Relation::FormerMemberOf,
        Relation::PartOf,
        Relation::LocatedIn,
        Relation::AffiliatedWith,
        Relation::NativeOf,
        Relation::AlliedWith,
    ];

    /// The relation as written (`member_of` ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::MemberOf => "member_of",
            Relation::FormerMemberOf => "former_member_of",
            Relation::PartOf => "part_of",
            Relation::LocatedIn => "located_in",
            Relation::AffiliatedWith => "affiliated_with",
            Relation::NativeOf => "native_of",
            Relation::AlliedWith => "allied_with",
        }
    }

    /// A symmetric relation is one fact in either direction.
    pub fn is_symmetric(self) -> bool {
        self == Relation::AlliedWith
    }

    /// The labels its head and its tail may have, as the guidelines'
    /// relation table gives them (`LOC` state → `ORG` for `member_of`).
    pub fn arguments(self) -> (&'static [Label], &'static [Label]) {
        use Label::{LOC, ORG, PER};
        match self {
            Relation::MemberOf | Relation::FormerMemberOf => (&[LOC], &[ORG]),
            Relation::PartOf | Relation::AlliedWith => (&[ORG], &[ORG]),
            Relation::LocatedIn => (&[ORG, LOC], &[LOC]),
            Relation::AffiliatedWith => (&[PER], &[ORG, LOC]),
            Relation::NativeOf => (&[PER], &[LOC]),
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Relation {
    type Err = SchemaError;
    fn from_str(s: &str) -> Result<Self, SchemaError> {
        Relation::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| SchemaError::UnknownRelation(s.to_owned()))
    }
}
