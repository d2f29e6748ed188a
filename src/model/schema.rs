//! The annotation vocabulary: entity labels, the kinds of entity a
//! gazetteer may declare, and the relation types with the labels of their
//! arguments. A schema file declares them (`schema/default.schema`, the
//! guidelines' own, is embedded); one schema is in use per process, so that
//! the gazetteer, rule, pattern and gold readers, the outputs and the
//! evaluator agree on spelling without each being handed it.
//!
//! [`Label`] and [`Relation`] are small ids into a process-wide table of
//! names, so that they stay `Copy` and cheap to compare; the guidelines' own
//! have associated consts (`Label::ORG`, `Relation::MemberOf`) with fixed
//! ids, in the guidelines' order, which is also their sort order.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

const BUILTIN_LABELS: [&str; 3] = ["ORG", "LOC", "PER"];
const BUILTIN_RELATIONS: [&str; 7] = [
    "member_of",
    "former_member_of",
    "part_of",
    "located_in",
    "affiliated_with",
    "native_of",
    "allied_with",
];

// Names beyond the built-in ones, leaked once each: a process declares a
// handful, and a `&'static str` keeps `as_str` as cheap as an enum's.
static EXTRA_LABELS: RwLock<Vec<&'static str>> = RwLock::new(Vec::new());
static EXTRA_RELATIONS: RwLock<Vec<&'static str>> = RwLock::new(Vec::new());

fn name_of(builtin: &[&'static str], extra: &RwLock<Vec<&'static str>>, id: u32) -> &'static str {
    let id = id as usize;
    match builtin.get(id) {
        Some(name) => name,
        None => extra.read().unwrap_or_else(PoisonError::into_inner)[id - builtin.len()],
    }
}

fn intern(builtin: &[&'static str], extra: &RwLock<Vec<&'static str>>, name: &str) -> u32 {
    if let Some(i) = builtin.iter().position(|b| *b == name) {
        return i as u32;
    }
    let mut names = extra.write().unwrap_or_else(PoisonError::into_inner);
    let i = match names.iter().position(|n| *n == name) {
        Some(i) => i,
        None => {
            names.push(Box::leak(name.to_owned().into_boxed_str()));
            names.len() - 1
        }
    };
    (builtin.len() + i) as u32
}

/// An entity label: one the schema in use declares.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(u32);

impl Label {
    /// An organisation.
    pub const ORG: Label = Label(0);
    /// A location.
    pub const LOC: Label = Label(1);
    /// A person.
    pub const PER: Label = Label(2);

    /// Every label of the schema in use, in its order (the default's:
    /// `ORG`, `LOC`, `PER`).
    pub fn all() -> Vec<Label> {
        Schema::current().labels.iter().map(|l| l.label).collect()
    }

    /// The label as written (`ORG`, `LOC`, `PER` ...).
    pub fn as_str(self) -> &'static str {
        name_of(&BUILTIN_LABELS, &EXTRA_LABELS, self.0)
    }
}

/// A relation type: one the schema in use declares.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Relation(u32);

// The guidelines' relations keep the names they had as enum variants, so
// that code matching on them reads as before.
#[allow(non_upper_case_globals)]
impl Relation {
    /// A state (`LOC`) is a member of an organisation.
    pub const MemberOf: Relation = Relation(0);
    /// A state (`LOC`) was a member of an organisation and left it.
    pub const FormerMemberOf: Relation = Relation(1);
    /// An organisation is a body, unit or branch of another.
    pub const PartOf: Relation = Relation(2);
    /// An organisation has its seat in a place, or a place lies in another.
    pub const LocatedIn: Relation = Relation(3);
    /// A person holds a position in, leads or represents an organisation or place.
    pub const AffiliatedWith: Relation = Relation(4);
    /// A person was born in or comes from a place.
    pub const NativeOf: Relation = Relation(5);
    /// Two organisations are allied (symmetric).
    pub const AlliedWith: Relation = Relation(6);
}

impl Relation {
    /// Every relation of the schema in use, in its order.
    pub fn all() -> Vec<Relation> {
        Schema::current()
            .relations
            .iter()
            .map(|r| r.relation)
            .collect()
    }

    /// The relation as written (`member_of` ...).
    pub fn as_str(self) -> &'static str {
        name_of(&BUILTIN_RELATIONS, &EXTRA_RELATIONS, self.0)
    }

    /// A symmetric relation is one fact in either direction.
    pub fn is_symmetric(self) -> bool {
        // The guidelines' relations cannot change symmetry (their rules
        // are written for it), so they need no look-up.
        if (self.0 as usize) < BUILTIN_RELATIONS.len() {
            return self == Relation::AlliedWith;
        }
        Schema::current()
            .relation(self)
            .is_some_and(|r| r.symmetric)
    }

    /// The labels its head and its tail may have, as the schema declares
    /// them (`LOC` → `ORG` for `member_of`); none for a relation it lacks.
    pub fn arguments(self) -> (&'static [Label], &'static [Label]) {
        Schema::current()
            .relation(self)
            .map_or((&[], &[]), |r| (r.head, r.tail))
    }

    /// Whether the schema in use lets this relation go from an entity
    /// labelled `head` to one labelled `tail`; a symmetric one either way
    /// round, since it is one fact in either direction.
    pub fn allows(self, head: Label, tail: Label) -> bool {
        self.check_arguments(head, tail).is_ok()
    }

    /// Checks the labels of a relation's arguments against the schema in
    /// use: the error names the argument, its label and what the schema
    /// declares.
    pub fn check_arguments(self, head: Label, tail: Label) -> Result<(), SchemaError> {
        let schema = Schema::current();
        let Some(r) = schema.relation(self) else {
            // A relation the schema lacks is refused where it is read.
            return Ok(());
        };
        let fits = |h: Label, t: Label| r.head.contains(&h) && r.tail.contains(&t);
        if fits(head, tail) || (r.symmetric && fits(tail, head)) {
            return Ok(());
        }
        let names = |ls: &[Label]| ls.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ");
        let (argument, label, expected) = if r.head.contains(&head) {
            ("tail", tail, r.tail)
        } else {
            ("head", head, r.head)
        };
        Err(SchemaError::ArgumentLabel {
            relation: self,
            argument,
            label,
            schema: schema.name.clone(),
            expected: names(expected),
        })
    }
}

/// What a name of the schema is besides an id: written as its name, read
/// from it only if the schema in use declares it.
macro_rules! schema_name {
    ($t:ident, $declared:ident, $field:ident, $unknown:ident) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $t {
            type Err = SchemaError;
            fn from_str(s: &str) -> Result<Self, SchemaError> {
                // Every gazetteer line and cache entry comes here: no
                // allocation unless the name is refused.
                let schema = Schema::current();
                let mut declared = schema.$declared.iter().map(|x| x.$field);
                declared
                    .find(|x| x.as_str() == s)
                    .ok_or_else(|| SchemaError::$unknown {
                        name: s.to_owned(),
                        schema: schema.name.clone(),
                        expected: schema
                            .$declared
                            .iter()
                            .map(|x| x.$field.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    })
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<str>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

schema_name!(Label, labels, label, UnknownLabel);
schema_name!(Relation, relations, relation, UnknownRelation);

/// How the error for a label the schema lacks starts, so that a caller
/// holding only its message (a line error of a gold file) can say how to
/// map it.
pub const UNKNOWN_LABEL: &str = "unknown label";

/// A label, kind, relation or label mapping that is not the schema's.
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
pub enum SchemaError {
    /// A label the schema lacks; the message starts with [`UNKNOWN_LABEL`].
    #[error("unknown label `{name}` ({schema} declares {expected})")]
    UnknownLabel {
        /// The label as written.
        name: String,
        /// Which schema, for the message (`the default schema`).
        schema: String,
        /// The labels it declares.
        expected: String,
    },
    /// A relation the schema lacks.
    #[error("unknown relation `{name}` ({schema} declares {expected})")]
    UnknownRelation {
        /// The relation as written.
        name: String,
        /// Which schema, for the message.
        schema: String,
        /// The relations it declares.
        expected: String,
    },
    /// A kind the schema lacks.
    #[error("unknown kind `{kind}` ({schema} declares for {label}: {expected})")]
    UnknownKind {
        /// The kind.
        kind: String,
        /// The label of the entity it was given to.
        label: Label,
        /// Which schema, for the message.
        schema: String,
        /// The kinds it declares for the label.
        expected: String,
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
    /// A relation between entities whose labels the schema does not
    /// declare for its arguments (`affiliated_with` with an `ORG` head).
    #[error(
        "{relation} with a {argument} labelled {label}: {schema} declares {argument}: {expected}"
    )]
    ArgumentLabel {
        /// The relation.
        relation: Relation,
        /// Which argument: `head` or `tail`.
        argument: &'static str,
        /// Its label.
        label: Label,
        /// Which schema, for the message.
        schema: String,
        /// The labels the schema declares for that argument.
        expected: String,
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
/// (a proposed name, an imported list): the label's default kind, the
/// broadest (`organization`, `region`, `person` for the default's).
pub fn default_kind(label: Label) -> &'static str {
    Schema::current()
        .label(label)
        .map_or("", |l| l.default_kind)
}

/// The kind named `kind`, in its static spelling, if the schema in use has
/// it. Kinds are a closed list so that a typo in a hand-edited gazetteer is
/// caught at load time instead of silently never matching a rule such as
/// `{LOC:country}`.
pub fn known_kind(kind: &str) -> Option<&'static str> {
    Schema::current()
        .kinds
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(k, _)| *k)
}

/// Checks `kind` of an entity labelled `label` against the schema in use
/// and returns its canonical static spelling.
pub fn check_kind(kind: &str, label: Label) -> Result<&'static str, SchemaError> {
    let schema = Schema::current();
    match schema.kinds.iter().find(|(k, _)| *k == kind) {
        Some((k, l)) if *l == label => Ok(k),
        Some((_, l)) => Err(SchemaError::KindOfOtherLabel {
            kind: kind.to_owned(),
            of: *l,
            label,
        }),
        None => Err(SchemaError::UnknownKind {
            kind: kind.to_owned(),
            label,
            schema: schema.name.clone(),
            expected: schema.kinds_of(label).join(", "),
        }),
    }
}

/// A label as a schema declares it.
#[derive(Clone, Debug)]
struct LabelType {
    label: Label,
    default_kind: &'static str,
}

/// A relation type as a schema declares it.
#[derive(Clone, Debug)]
struct RelationType {
    relation: Relation,
    head: &'static [Label],
    tail: &'static [Label],
    symmetric: bool,
}

/// The labels, kinds and relation types that gazetteers, rules, patterns
/// and gold may use: the default (embedded), or one read from a schema
/// file, which extends the default unless it says `extends: none`. One is
/// in use per process ([`Schema::install`]); readers check against it.
#[derive(Clone, Debug)]
pub struct Schema {
    /// How messages name it: `the default schema`, `schema `FILE``.
    name: String,
    labels: Vec<LabelType>,
    kinds: Vec<(&'static str, Label)>,
    relations: Vec<RelationType>,
}

static DEFAULT: OnceLock<Arc<Schema>> = OnceLock::new();
static CURRENT: RwLock<Option<Arc<Schema>>> = RwLock::new(None);

/// A schema file's problem: its 1-based line and what is wrong.
pub(crate) type SchemaLineError = (usize, SchemaFileError);

/// What is wrong with a line of a schema file; a
/// [`LineError`](crate::LineError) gives it its file and line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SchemaFileError {
    /// An `extends:` line that names no schema.
    #[error("extends: `{0}` is neither `default` nor `none`")]
    Extends(String),
    /// An indented line before any block.
    #[error("an indented line outside a label or relation")]
    OutsideBlock,
    /// An indented line with no `:`.
    #[error("`{0}` is not `key: value`")]
    NotKeyValue(String),
    /// A `label` or `relation` line whose name cannot be one.
    #[error("`{0}` is no name (letters, digits, `_`, `-`, starting with a letter)")]
    NotName(String),
    /// A line at the left margin that opens nothing.
    #[error("`{0}`: expected `label NAME`, `relation NAME` or `extends: default|none`")]
    UnknownLine(String),
    /// A `head:` or `tail:` label the schema does not declare.
    #[error("unknown label `{name}` (this schema declares {declared})")]
    UnknownLabel {
        /// The label as written.
        name: String,
        /// The labels it declares, as `ORG, LOC, PER`.
        declared: String,
    },
    /// An empty `head:` or `tail:`.
    #[error("no label given")]
    NoLabel,
    /// A problem of one `label` or `relation` block.
    #[error("{keyword} {name}: {problem}")]
    InBlock {
        /// `label` or `relation`.
        keyword: String,
        /// The block's name.
        name: String,
        /// What is wrong with it.
        problem: BlockError,
    },
}

/// What is wrong with a `label` or `relation` block of a schema file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BlockError {
    /// A field a label does not have.
    #[error("unknown field `{0}` (expected kinds, default kind)")]
    LabelField(String),
    /// A field a relation does not have.
    #[error("unknown field `{0}` (expected head, tail, symmetric)")]
    RelationField(String),
    /// A kind whose name cannot be one.
    #[error("`{0}` is no kind name (letters, digits, `_`, `-`)")]
    NotKindName(String),
    /// A kind of another label already.
    #[error("kind `{kind}` is already a kind of {of}")]
    KindTaken {
        /// The kind.
        kind: String,
        /// The label it belongs to.
        of: Label,
    },
    /// A new label listing no kinds, whose name in lower case is a kind of
    /// another label already.
    #[error("its kind `{kind}` (its name in lower case, as it lists no kinds) is already a kind of {of}")]
    NameKindTaken {
        /// The kind.
        kind: String,
        /// The label it belongs to.
        of: Label,
    },
    /// A label declared again with another default kind.
    #[error("its default kind is `{0}` already")]
    DefaultKindAlready(String),
    /// A default kind that is none of the label's kinds.
    #[error("default kind `{0}` is none of its kinds")]
    DefaultKindNotOwn(String),
    /// A `symmetric:` that is neither `yes` nor `no`.
    #[error("symmetric is `yes` or `no`, not `{0}`")]
    Symmetric(String),
    /// A built-in relation declared with the other symmetry.
    #[error("gazet's rules fix whether it is symmetric")]
    SymmetryFixed,
    /// A relation named `context`, which gazetteer facts reserve.
    #[error("`context` is reserved: in a gazetteer's facts it links entities without a relation")]
    ContextReserved,
    /// A relation declared again with the other symmetry.
    #[error("declared symmetric otherwise before")]
    SymmetryChanged,
    /// A new relation without its head or tail.
    #[error("a new relation needs a head and a tail")]
    NoHeadOrTail,
}

impl Schema {
    /// The embedded schema of the guidelines: `ORG`, `LOC`, `PER`, their
    /// kinds, and the seven relation types.
    pub fn default_schema() -> Arc<Schema> {
        DEFAULT
            .get_or_init(|| {
                let text = include_str!("../../schema/default.schema");
                match Schema::build("the default schema", text, None) {
                    Ok(s) => Arc::new(s),
                    // Embedded and tested (`default_schema_is_the_guidelines`).
                    Err(e) => panic!("the embedded schema is invalid: {e:?}"),
                }
            })
            .clone()
    }

    /// The schema in use: the last one installed, else the default.
    pub fn current() -> Arc<Schema> {
        let installed = CURRENT.read().unwrap_or_else(PoisonError::into_inner);
        match &*installed {
            Some(s) => s.clone(),
            None => Schema::default_schema(),
        }
    }

    /// Makes `schema` the one in use by every reader in this process, from
    /// now on: install it before loading gazetteers, rules, patterns or
    /// gold. Labels and relations read under an earlier one keep their
    /// names.
    pub fn install(schema: Schema) {
        *CURRENT.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(schema));
    }

    /// Reads a schema file's text (`file` names it in messages). It extends
    /// the default schema unless a line `extends: none` says it replaces it.
    /// All problems are returned, each with its line.
    pub(crate) fn parse(file: &str, text: &str) -> Result<Schema, Vec<SchemaLineError>> {
        let extends = text.lines().enumerate().find_map(|(n, l)| {
            let value = l.strip_prefix("extends:")?.trim();
            Some((n + 1, value))
        });
        let base = match extends {
            None | Some((_, "default")) => Some((*Schema::default_schema()).clone()),
            Some((_, "none")) => None,
            Some((n, other)) => return Err(vec![(n, SchemaFileError::Extends(other.to_owned()))]),
        };
        Schema::build(&format!("schema `{file}`"), text, base)
    }

    /// How messages name it (`the default schema`, `` schema `my.schema` ``).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its labels, in its order.
    pub fn labels(&self) -> Vec<Label> {
        self.labels.iter().map(|l| l.label).collect()
    }

    /// Its relation types, in its order.
    pub fn relations(&self) -> Vec<Relation> {
        self.relations.iter().map(|r| r.relation).collect()
    }

    /// The kinds it declares for `label`, in its order.
    pub fn kinds_of(&self, label: Label) -> Vec<&'static str> {
        self.kinds
            .iter()
            .filter(|(_, l)| *l == label)
            .map(|(k, _)| *k)
            .collect()
    }

    fn label(&self, label: Label) -> Option<&LabelType> {
        self.labels.iter().find(|l| l.label == label)
    }

    fn relation(&self, relation: Relation) -> Option<&RelationType> {
        self.relations.iter().find(|r| r.relation == relation)
    }

    /// Reads `text` onto `base` (or onto nothing): labels first, so that a
    /// relation may name a label declared below it.
    fn build(name: &str, text: &str, base: Option<Schema>) -> Result<Schema, Vec<SchemaLineError>> {
        let mut errors = Vec::new();
        let blocks = blocks(text, &mut errors);
        let mut s = base.unwrap_or(Schema {
            name: String::new(),
            labels: Vec::new(),
            kinds: Vec::new(),
            relations: Vec::new(),
        });
        s.name = name.to_owned();
        for b in blocks.iter().filter(|b| b.keyword == "label") {
            if let Err(e) = s.add_label(b) {
                errors.push(e);
            }
        }
        for b in blocks.iter().filter(|b| b.keyword == "relation") {
            if let Err(e) = s.add_relation(b) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(s)
        } else {
            // By line, then by message, as the problems are shown.
            errors.sort_by_cached_key(|(n, e)| (*n, e.to_string()));
            Err(errors)
        }
    }

    fn add_label(&mut self, b: &Block) -> Result<(), SchemaLineError> {
        let mut kinds: Option<(usize, Vec<&str>)> = None;
        let mut default: Option<(usize, &str)> = None;
        for &(n, key, value) in &b.fields {
            match key {
                "kinds" => kinds = Some((n, list(value))),
                "default kind" => default = Some((n, value)),
                _ => return Err((n, b.error(BlockError::LabelField(key.to_owned())))),
            }
        }
        let label = Label(intern(&BUILTIN_LABELS, &EXTRA_LABELS, b.name));
        let old = self.label(label).map(|l| l.default_kind);
        let kinds = kinds.unwrap_or((b.line, Vec::new()));
        let mut own: Vec<&'static str> = Vec::new();
        for k in &kinds.1 {
            if !is_name(k) {
                return Err((kinds.0, b.error(BlockError::NotKindName((*k).to_owned()))));
            }
            match self.kinds.iter().find(|(kk, _)| kk == k) {
                Some((_, l)) if *l == label => {}
                Some((_, l)) => {
                    let taken = BlockError::KindTaken {
                        kind: (*k).to_owned(),
                        of: *l,
                    };
                    return Err((kinds.0, b.error(taken)));
                }
                None => {
                    let k: &'static str = Box::leak((*k).to_owned().into_boxed_str());
                    self.kinds.push((k, label));
                    own.push(k);
                }
            }
        }
        // A new label declared with no kinds has one: its name in lower case.
        if old.is_none() && kinds.1.is_empty() {
            let k: &'static str = Box::leak(b.name.to_lowercase().into_boxed_str());
            if let Some((_, l)) = self.kinds.iter().find(|(kk, _)| *kk == k) {
                let taken = BlockError::NameKindTaken {
                    kind: k.to_owned(),
                    of: *l,
                };
                return Err((b.line, b.error(taken)));
            }
            self.kinds.push((k, label));
            own.push(k);
        }
        match (old, default) {
            (Some(was), Some((n, d))) if d != was => {
                Err((n, b.error(BlockError::DefaultKindAlready(was.to_owned()))))
            }
            (Some(_), _) => Ok(()),
            (None, d) => {
                let default_kind = match d {
                    Some((n, d)) => *own
                        .iter()
                        .find(|k| **k == d)
                        .ok_or_else(|| (n, b.error(BlockError::DefaultKindNotOwn(d.to_owned()))))?,
                    None => own[0],
                };
                self.labels.push(LabelType {
                    label,
                    default_kind,
                });
                Ok(())
            }
        }
    }

    fn add_relation(&mut self, b: &Block) -> Result<(), SchemaLineError> {
        // A gazetteer's facts column reads `context=` as a link that states
        // no relation.
        if b.name == "context" {
            return Err((b.line, b.error(BlockError::ContextReserved)));
        }
        let mut head = None;
        let mut tail = None;
        let mut symmetric = None;
        for &(n, key, value) in &b.fields {
            match key {
                "head" => head = Some(self.labels_in(n, value)?),
                "tail" => tail = Some(self.labels_in(n, value)?),
                "symmetric" => {
                    symmetric = Some(match value {
                        "yes" => true,
                        "no" => false,
                        _ => return Err((n, b.error(BlockError::Symmetric(value.to_owned())))),
                    })
                }
                _ => return Err((n, b.error(BlockError::RelationField(key.to_owned())))),
            }
        }
        let relation = Relation(intern(&BUILTIN_RELATIONS, &EXTRA_RELATIONS, b.name));
        let builtin = (relation.0 as usize) < BUILTIN_RELATIONS.len();
        if builtin && symmetric.is_some_and(|s| s != (relation == Relation::AlliedWith)) {
            return Err((b.line, b.error(BlockError::SymmetryFixed)));
        }
        match self.relations.iter_mut().find(|r| r.relation == relation) {
            Some(r) => {
                if symmetric.is_some_and(|s| s != r.symmetric) {
                    return Err((b.line, b.error(BlockError::SymmetryChanged)));
                }
                r.head = head.unwrap_or(r.head);
                r.tail = tail.unwrap_or(r.tail);
            }
            None => {
                let (Some(head), Some(tail)) = (head, tail) else {
                    return Err((b.line, b.error(BlockError::NoHeadOrTail)));
                };
                self.relations.push(RelationType {
                    relation,
                    head,
                    tail,
                    symmetric: symmetric.unwrap_or(builtin && relation == Relation::AlliedWith),
                });
            }
        }
        Ok(())
    }

    /// The labels of a `head:` or `tail:` field.
    fn labels_in(&self, n: usize, value: &str) -> Result<&'static [Label], SchemaLineError> {
        let mut out = Vec::new();
        for name in list(value) {
            match self.labels.iter().find(|l| l.label.as_str() == name) {
                Some(l) => out.push(l.label),
                None => {
                    let declared = self
                        .labels
                        .iter()
                        .map(|l| l.label.as_str())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let name = name.to_owned();
                    return Err((n, SchemaFileError::UnknownLabel { name, declared }));
                }
            }
        }
        if out.is_empty() {
            return Err((n, SchemaFileError::NoLabel));
        }
        Ok(Box::leak(out.into_boxed_slice()))
    }
}

/// A `label NAME` or `relation NAME` line with its indented fields.
struct Block<'a> {
    line: usize,
    keyword: &'a str,
    name: &'a str,
    fields: Vec<(usize, &'a str, &'a str)>,
}

impl Block<'_> {
    /// A problem of the block, shown as `label NAME: problem`.
    fn error(&self, problem: BlockError) -> SchemaFileError {
        SchemaFileError::InBlock {
            keyword: self.keyword.to_owned(),
            name: self.name.to_owned(),
            problem,
        }
    }
}

/// The blocks of a schema file, in its layout: `#` comments, blank lines,
/// `label NAME` and `relation NAME` at the left margin with indented
/// `key: value` fields under them, and `extends: ...` (read by
/// [`Schema::parse`]).
fn blocks<'a>(text: &'a str, errors: &mut Vec<SchemaLineError>) -> Vec<Block<'a>> {
    let mut out: Vec<Block<'a>> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let n = n + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || raw.starts_with("extends:") {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            let Some(block) = out.last_mut() else {
                errors.push((n, SchemaFileError::OutsideBlock));
                continue;
            };
            match line.split_once(':') {
                Some((k, v)) => block.fields.push((n, k.trim(), v.trim())),
                None => errors.push((n, SchemaFileError::NotKeyValue(line.to_owned()))),
            }
            continue;
        }
        match line.split_once(char::is_whitespace) {
            Some((keyword @ ("label" | "relation"), name)) if is_name(name.trim()) => {
                out.push(Block {
                    line: n,
                    keyword,
                    name: name.trim(),
                    fields: Vec::new(),
                })
            }
            Some(("label" | "relation", name)) => {
                errors.push((n, SchemaFileError::NotName(name.trim().to_owned())))
            }
            _ => errors.push((n, SchemaFileError::UnknownLine(line.to_owned()))),
        }
    }
    out
}

fn list(value: &str) -> Vec<&str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

/// Whether `s` can name a label, kind or relation: a rule's `{LOC:city}`
/// and a gazetteer's `member_of=a,b` leave no room for other characters.
fn is_name(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphabetic)
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    // The default schema is the guidelines' vocabulary as gazet has always
    // had it: its order is the output order, its kinds and arguments those
    // the rules and the brat configuration were written for.
    #[test]
    fn default_schema_is_the_guidelines() {
        let s = Schema::default_schema();
        assert_eq!(s.labels(), [Label::ORG, Label::LOC, Label::PER]);
        assert_eq!(
            s.relations(),
            [
                Relation::MemberOf,
                Relation::FormerMemberOf,
                Relation::PartOf,
                Relation::LocatedIn,
                Relation::AffiliatedWith,
                Relation::NativeOf,
                Relation::AlliedWith,
            ]
        );
        let names: Vec<&str> = s.relations().iter().map(|r| r.as_str()).collect();
        assert_eq!(names, BUILTIN_RELATIONS);
        assert_eq!(s.kinds_of(Label::PER), ["person"]);
        assert_eq!(s.kinds_of(Label::LOC).len(), 8);
        assert_eq!(s.kinds_of(Label::ORG).len(), 13);
        let defaults: Vec<&str> = s.labels.iter().map(|l| l.default_kind).collect();
        assert_eq!(defaults, ["organization", "region", "person"]);
        let args = |r: Relation| {
            let t = s.relation(r).unwrap();
            (t.head.to_vec(), t.tail.to_vec(), t.symmetric)
        };
        use Label as L;
        assert_eq!(
            args(Relation::MemberOf),
            (vec![L::LOC], vec![L::ORG], false)
        );
        assert_eq!(
            args(Relation::LocatedIn),
            (vec![L::ORG, L::LOC], vec![L::LOC], false)
        );
        assert_eq!(
            args(Relation::AffiliatedWith),
            (vec![L::PER], vec![L::ORG, L::LOC], false)
        );
        assert_eq!(
            args(Relation::AlliedWith),
            (vec![L::ORG], vec![L::ORG], true)
        );
    }

    #[test]
    fn a_file_extends_the_default_or_replaces_it() {
        let s = Schema::parse(
            "x",
            "label GPE\n  kinds: nation, town\n  default kind: town\nlabel ORG\n  kinds: product\nrelation works_for\n  head: PER\n  tail: ORG, GPE\n",
        )
        .unwrap();
        let gpe = s.labels()[3];
        assert_eq!(gpe.as_str(), "GPE");
        assert!(gpe > Label::PER);
        assert_eq!(s.label(gpe).unwrap().default_kind, "town");
        assert_eq!(s.kinds_of(Label::ORG).last(), Some(&"product"));
        let works_for = s.relations()[7];
        assert_eq!(works_for.as_str(), "works_for");
        let t = s.relation(works_for).unwrap();
        assert_eq!(
            (t.head, t.tail),
            (&[Label::PER][..], &[Label::ORG, gpe][..])
        );

        let only = Schema::parse("y", "extends: none\nlabel FAC\n").unwrap();
        assert_eq!(only.labels().len(), 1);
        assert_eq!(only.kinds_of(only.labels()[0]), ["fac"]);
        assert!(only.relations().is_empty());
        assert_eq!(only.name(), "schema `y`");
    }

    #[test]
    fn argument_labels_are_checked_either_way_round_for_a_symmetric_relation() {
        use Label as L;
        // The guidelines' table: affiliated_with has a person at its head.
        assert!(Relation::AffiliatedWith.allows(L::PER, L::ORG));
        assert!(Relation::AffiliatedWith.allows(L::PER, L::LOC));
        let e = Relation::AffiliatedWith
            .check_arguments(L::ORG, L::LOC)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "affiliated_with with a head labelled ORG: the default schema declares head: PER"
        );
        let e = Relation::MemberOf
            .check_arguments(L::LOC, L::PER)
            .unwrap_err();
        assert!(e.to_string().contains("with a tail labelled PER"), "{e}");
        assert!(Relation::AlliedWith.allows(L::ORG, L::ORG));
        assert!(!Relation::AlliedWith.allows(L::ORG, L::LOC));

        let errors =
            Schema::parse("x", "relation context\n  head: ORG\n  tail: ORG\n").unwrap_err();
        assert!(
            errors[0].1.to_string().contains("`context` is reserved"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_bad_file_gets_every_problem_with_its_line() {
        let errors = Schema::parse(
            "x",
            "label GPE\n  kinds: city\n  colour: red\nrelation r\n  head: PER\nrelation s\n  head: NOPE\n  tail: PER\n  odd\n",
        )
        .unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|(n, _)| *n).collect();
        // One problem a block: its first.
        assert_eq!(lines, [3, 4, 7, 9], "{errors:?}");
        assert!(errors[1].1.to_string().contains("needs a head and a tail"));
    }
}
