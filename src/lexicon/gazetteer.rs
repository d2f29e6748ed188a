//! Gazetteers: entities with their names, kinds and facts.
//!
//! The format is line-oriented and tab-separated so that a person can edit
//! it in any editor and a script can generate it (see the README's
//! "Gazetteer format"):
//!
//! ```text
//! # id    label  kind      canonical name                            aliases                  facts
//! csto    ORG    alliance  Collective Security Treaty Organization   CSTO | ОДКБ
//! bishkek LOC    city      Bishkek                                   Frunze                   located_in=kyrgyzstan
//! ```
//!
//! The canonical name is always an alias too. An alias written `=Name`
//! matches only with exactly that case; an all-capitals alias of at most
//! five letters (an acronym such as `CSTO` or `ШОС`) is case-sensitive
//! without saying so.
//!
//! ```
//! use gazet::Gazetteer;
//! let g = Gazetteer::builder()
//!     .default_gazetteers(false)
//!     .add_source("mine.tsv", "csto\tORG\talliance\tCollective Security Treaty Organization\tCSTO\n")
//!     .build()
//!     .unwrap();
//! assert_eq!(g.entity_by_id("csto").unwrap().aliases.len(), 2);
//! ```

use crate::error::{Error, LineError, LineErrors, Result};
use crate::lexicon::import::{self, Format, Import, Record};
use crate::model::schema::{check_kind, Label, Relation, SchemaError};
use crate::text::normalize::{normalize_str, Options};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The gazetteers shipped with gazet, embedded in the binary.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "<embedded>/countries.tsv",
        include_str!("../../gazetteers/countries.tsv"),
    ),
    (
        "<embedded>/places.tsv",
        include_str!("../../gazetteers/places.tsv"),
    ),
    (
        "<embedded>/organisations.tsv",
        include_str!("../../gazetteers/organisations.tsv"),
    ),
    (
        "<embedded>/people.tsv",
        include_str!("../../gazetteers/people.tsv"),
    ),
];

/// The world gazetteer, embedded but off by default: the cities of 100,000
/// people or more and the US states, from GeoNames
/// (`gazetteers/world.tsv`, made by `gazetteers/scripts/world.py`).
const WORLD: (&str, &str) = (
    "<embedded>/world.tsv",
    include_str!("../../gazetteers/world.tsv"),
);

/// An index into [`Gazetteer::entities`].
pub type EntityIdx = usize;

/// One name of an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    pub text: String,
    pub case_sensitive: bool,
    /// The alias as matching sees it: normalised and case-folded, computed
    /// once here because a large gazetteer spends most of its loading time
    /// normalising.
    pub key: String,
}

/// What a gazetteer's facts column calls a link that states no relation
/// (`context=russia`): the entities it names back this one when an alias
/// is ambiguous or an acronym needs evidence, as facts do, but no rule
/// reads it as a relation, so the schema's argument labels do not apply.
pub const CONTEXT: &str = "context";

/// A fact about an entity, pointing at another entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fact {
    /// The relation it states; none for a [`CONTEXT`] link.
    pub relation: Option<Relation>,
    pub target: EntityIdx,
}

/// Where an entity was defined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub id: String,
    pub label: Label,
    pub kind: &'static str,
    pub name: String,
    /// All names, the canonical one first.
    pub aliases: Vec<Alias>,
    pub facts: Vec<Fact>,
    pub origin: Origin,
}

/// A set of entities loaded from one or more gazetteer files.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_id: HashMap<String, EntityIdx>,
    /// For each entity, the entities with a fact about it.
    incoming: Vec<Vec<EntityIdx>>,
    /// (hash of an alias key, its entity), sorted, built on first use: an
    /// exact lookup by key without a scan of every alias.
    by_key: std::sync::OnceLock<Vec<(u64, EntityIdx)>>,
}

/// An alias that names more than one entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    /// The alias as matching sees it (normalised).
    pub key: String,
    pub entities: Vec<EntityIdx>,
}

impl Gazetteer {
    /// The entities with an alias whose key (the normalised alias) is
    /// `key`, in file order.
    pub fn with_key(&self, key: &str) -> Vec<EntityIdx> {
        let hash = |k: &str| {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            k.hash(&mut h);
            h.finish()
        };
        let index = self.by_key.get_or_init(|| {
            let mut index: Vec<(u64, EntityIdx)> = self
                .entities
                .iter()
                .enumerate()
                .flat_map(|(i, e)| e.aliases.iter().map(move |a| (hash(&a.key), i)))
                .collect();
            index.sort_unstable();
            index.dedup();
            index
        });
        let h = hash(key);
        let from = index.partition_point(|&(k, _)| k < h);
        index[from..]
            .iter()
            .take_while(|&&(k, _)| k == h)
            .map(|&(_, i)| i)
            .filter(|&i| self.entities[i].aliases.iter().any(|a| a.key == key))
            .collect()
    }

    /// A builder, with the shipped gazetteers on.
    pub fn builder() -> GazetteerBuilder {
        GazetteerBuilder::new()
    }

    /// The shipped gazetteers alone.
    pub fn embedded() -> Result<Gazetteer> {
        GazetteerBuilder::new().build()
    }

    /// Every entity, in file order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity at `idx`.
    pub fn entity(&self, idx: EntityIdx) -> &Entity {
        &self.entities[idx]
    }

    /// The entities `idx` has a fact about or that have one about it, each
    /// once, in no particular order.
    pub fn related(&self, idx: EntityIdx) -> Vec<EntityIdx> {
        let mut out: Vec<EntityIdx> = self.entities[idx].facts.iter().map(|f| f.target).collect();
        out.extend(self.incoming.get(idx).into_iter().flatten().copied());
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The entities `idx` lies within, nearest first: those its
    /// `located_in`, `part_of` and [`CONTEXT`] facts point at, and theirs in
    /// turn (`Osh` → `Osh Region` → `Kyrgyzstan`; `CRDF` → `CSTO`). Not
    /// `member_of`: a member state does not lie within its alliance, and
    /// counting it so would give an alliance every member's mentions.
    pub fn enclosing(&self, idx: EntityIdx) -> Vec<EntityIdx> {
        // Deep enough for village → district → region → country → area;
        // the bound also stops a cycle a hand-made file might hold.
        const DEPTH: usize = 6;
        let mut out: Vec<EntityIdx> = Vec::new();
        let mut frontier = vec![idx];
        for _ in 0..DEPTH {
            let mut next = Vec::new();
            for &e in &frontier {
                let Some(entity) = self.entities.get(e) else {
                    continue;
                };
                for f in &entity.facts {
                    let within = match f.relation {
                        None => true,
                        Some(r) => r == Relation::LocatedIn || r == Relation::PartOf,
                    };
                    if within && f.target != idx && !out.contains(&f.target) {
                        out.push(f.target);
                        next.push(f.target);
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        out
    }

    /// The values `named` holds for the entities related to `idx`, as
    /// [`related`](Self::related) gives them, in no particular order and
    /// perhaps more than once. Asked for every ambiguous or acronym
    /// mention, so it allocates nothing, and walks whichever is shorter:
    /// the related entities (a country has thousands of cities) or those
    /// named in the document.
    pub fn related_in<'a, T>(
        &'a self,
        idx: EntityIdx,
        named: &'a HashMap<EntityIdx, T>,
    ) -> impl Iterator<Item = &'a T> + 'a {
        let facts = &self.entities[idx].facts;
        let incoming = self.incoming.get(idx).map_or(&[][..], Vec::as_slice);
        let few = facts.len() + incoming.len() <= named.len();
        let by_relation = few.then(|| {
            facts
                .iter()
                .map(|f| f.target)
                .chain(incoming.iter().copied())
                .filter_map(|n| named.get(&n))
        });
        let by_name = (!few).then(|| {
            named.iter().filter_map(move |(&n, v)| {
                let related = facts.iter().any(|f| f.target == n)
                    || self.entities[n].facts.iter().any(|f| f.target == idx);
                related.then_some(v)
            })
        });
        by_relation
            .into_iter()
            .flatten()
            .chain(by_name.into_iter().flatten())
    }

    /// The entity with this id.
    pub fn entity_by_id(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// The index of the entity with this id.
    pub fn index_of(&self, id: &str) -> Option<EntityIdx> {
        self.by_id.get(id).copied()
    }

    /// How many aliases all entities have together.
    pub fn alias_count(&self) -> usize {
        self.entities.iter().map(|e| e.aliases.len()).sum()
    }

    /// Aliases that name several entities once normalised, in the order the
    /// aliases first appear.
    pub fn ambiguities(&self) -> Vec<Ambiguity> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out: Vec<Ambiguity> = Vec::new();
        for (idx, e) in self.entities.iter().enumerate() {
            for a in &e.aliases {
                let key = a.key.clone();
                match seen.get(&key) {
                    Some(&k) => {
                        if !out[k].entities.contains(&idx) {
                            out[k].entities.push(idx);
                        }
                    }
                    None => {
                        seen.insert(key.clone(), out.len());
                        out.push(Ambiguity {
                            key,
                            entities: vec![idx],
                        });
                    }
                }
            }
        }
        out.retain(|a| a.entities.len() > 1);
        out
    }
}

/// Builds a [`Gazetteer`] from the embedded defaults and any added files.
#[derive(Clone, Debug)]
pub struct GazetteerBuilder {
    defaults: bool,
    world: bool,
    sources: Vec<Source>,
}

#[derive(Clone, Debug)]
enum Source {
    Path(PathBuf, Import),
    Text { name: String, text: String },
}

/// One gazetteer source as read: its name, its bytes, and how they are
/// parsed. The compiled-gazetteer cache hashes all of it.
#[derive(Clone, Debug, Hash)]
pub struct SourceText {
    /// The name errors give: the path as given, or `<embedded>/…`.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    format: Format,
    import: Import,
    /// The files a GATE `lists.def` names, with their bytes or why they
    /// could not be read.
    parts: Vec<(String, std::result::Result<Vec<u8>, import::ImportError>)>,
    embedded: bool,
}

impl SourceText {
    fn gazet(name: String, bytes: Vec<u8>, embedded: bool) -> SourceText {
        SourceText {
            name,
            bytes,
            format: Format::Gazet,
            import: Import::default(),
            parts: Vec::new(),
            embedded,
        }
    }
}

/// Gazetteers converted to gazet's TSV (see [`GazetteerBuilder::convert`]).
#[derive(Clone, Debug)]
pub struct Converted {
    /// The TSV, entities in the order of the files.
    pub tsv: String,
    /// How many entities it holds.
    pub entities: usize,
    /// How many aliases they have together.
    pub aliases: usize,
    /// What was left out or ignored, each as `file:line: what`.
    pub warnings: Vec<LineError>,
}

impl Default for GazetteerBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl GazetteerBuilder {
    /// A builder with the shipped gazetteers on and no files added.
    pub fn new() -> Self {
        GazetteerBuilder {
            defaults: true,
            world: false,
            sources: Vec::new(),
        }
    }

    /// Whether to include the embedded gazetteers (default: yes).
    pub fn default_gazetteers(mut self, yes: bool) -> Self {
        self.defaults = yes;
        self
    }

    /// Whether to add the embedded world gazetteer (default: no): about
    /// 6,000 cities of 100,000 people or more and the US states, from
    /// GeoNames, each `located_in` its country of the shipped gazetteers,
    /// which it needs. A place whose name is a common word keeps it only
    /// qualified (`State of Washington`) or is left out (`Nice`, `Reading`),
    /// so that `Nice to meet you` stays prose. The command line's
    /// `-g world` turns it on.
    ///
    /// ```
    /// use gazet::{Annotator, Document, Gazetteer};
    ///
    /// let gazetteer = Gazetteer::builder().world(true).build().unwrap();
    /// let annotator = Annotator::builder().build(gazetteer).unwrap();
    /// let doc = Document::new("d1", "Nice to meet you in Marseille, France.");
    /// let ids: Vec<String> = annotator.annotate(&doc).spans.iter().map(|s| s.entity.clone()).collect();
    /// assert_eq!(ids, ["marseille_fr", "france"]);
    /// ```
    pub fn world(mut self, yes: bool) -> Self {
        self.world = yes;
        self
    }

    /// Adds a gazetteer file, read when [`build`](Self::build) runs. Its
    /// format is found from its name and first line (see
    /// [`Import::resolve`](crate::import::Import::resolve)).
    pub fn add_path(self, path: impl AsRef<Path>) -> Self {
        self.add_import(path, Import::default())
    }

    /// Adds a gazetteer file of another tool, read as `import` says.
    ///
    /// ```
    /// use gazet::import::{Format, Import};
    /// use gazet::{Gazetteer, Label};
    /// let dir = std::env::temp_dir().join(format!("gazet-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let path = dir.join("names.txt");
    /// std::fs::write(&path, "Eurasian Frontiers Institute\n").unwrap();
    /// let import = Import { label: Some(Label::ORG), ..Import::format(Format::List) };
    /// let g = Gazetteer::builder().default_gazetteers(false).add_import(&path, import).build().unwrap();
    /// assert_eq!(g.entities()[0].id, "eurasian_frontiers_institute");
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn add_import(mut self, path: impl AsRef<Path>, import: Import) -> Self {
        self.sources
            .push(Source::Path(path.as_ref().to_owned(), import));
        self
    }

    /// Adds a gazetteer as a user names one: `world` is the embedded world
    /// gazetteer (a file of that name is `./world`), `FORMAT:PATH` a file of
    /// another tool (`list:ORG:names.txt`, `regexner:ner.tsv`), anything
    /// else a file whose format is found from it. The command line's `-g`
    /// and the Python package read their arguments so.
    pub fn add_named(self, spec: impl AsRef<Path>) -> Result<Self> {
        let spec = spec.as_ref();
        if spec.as_os_str() == "world" {
            return Ok(self.world(true));
        }
        match spec.to_str().and_then(Import::parse_source) {
            Some(parsed) => {
                let (import, path) = parsed?;
                Ok(self.add_import(path, import))
            }
            None => Ok(self.add_path(spec)),
        }
    }

    /// Adds gazetteer text under a name used in error messages.
    pub fn add_source(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.push(Source::Text {
            name: name.into(),
            text: text.into(),
        });
        self
    }

    /// Reads, parses and validates everything. On invalid data the error
    /// lists every problem found, each as `file:line: problem`.
    pub fn build(self) -> Result<Gazetteer> {
        Self::parse_sources(&self.read_sources()?)
    }

    /// Every source as (name, bytes): the embedded ones first (the world
    /// gazetteer last of them), then the added ones in order. Reading a
    /// file that does not exist is an error naming it, and so is the world
    /// gazetteer without the shipped ones its facts point at.
    pub fn read_sources(&self) -> Result<Vec<SourceText>> {
        let mut out = Vec::new();
        if self.world && !self.defaults {
            return Err(Error::WorldWithoutDefaults);
        }
        let world = Some(&WORLD).filter(|_| self.world);
        if self.defaults {
            for (name, text) in EMBEDDED.iter().chain(world) {
                out.push(SourceText::gazet(
                    (*name).to_owned(),
                    text.as_bytes().to_vec(),
                    true,
                ));
            }
        }
        for source in &self.sources {
            match source {
                Source::Path(p, import) => out.push(read_path(p, import)?),
                Source::Text { name, text } => out.push(SourceText::gazet(
                    name.clone(),
                    text.as_bytes().to_vec(),
                    false,
                )),
            }
        }
        Ok(out)
    }

    /// Parses sources as [`read_sources`](Self::read_sources) gives them.
    pub fn parse_sources(sources: &[SourceText]) -> Result<Gazetteer> {
        parse_all(sources).map(|p| p.0)
    }

    /// The added sources (not the embedded ones) as one gazet TSV, with
    /// what was left out or ignored on the way. The embedded gazetteers,
    /// when on, are read too: an id made from a name then steps around
    /// theirs, as it does when the files are read directly, so that the TSV
    /// loads beside them and gives the same entities.
    pub fn convert(&self) -> Result<Converted> {
        let (g, warnings, first) = parse_all(&self.read_sources()?)?;
        let mut tsv = String::from("# id\tlabel\tkind\tcanonical name\taliases\tfacts\n");
        let added = &g.entities[first..];
        for e in added {
            let fields = [
                e.id.as_str(),
                e.label.as_str(),
                e.kind,
                &written(&e.aliases[0]),
                &e.aliases[1..]
                    .iter()
                    .map(written)
                    .collect::<Vec<_>>()
                    .join(" | "),
                &facts_field(&g, e),
            ];
            let used = fields
                .iter()
                .rposition(|f| !f.is_empty())
                .unwrap_or(0)
                .max(3);
            tsv.push_str(&fields[..=used].join("\t"));
            tsv.push('\n');
        }
        Ok(Converted {
            tsv,
            entities: added.len(),
            aliases: added.iter().map(|e| e.aliases.len()).sum(),
            warnings,
        })
    }
}

/// An alias as gazet's TSV writes it: `=` before one that is
/// case-sensitive only because it was marked so.
fn written(a: &Alias) -> String {
    if a.case_sensitive && !is_acronym(&a.text) && !is_common_key(&a.key) {
        format!("={}", a.text)
    } else {
        a.text.clone()
    }
}

/// An entity's facts as its TSV field: `relation=id,id; ...`.
fn facts_field(g: &Gazetteer, e: &Entity) -> String {
    let mut parts: Vec<(Option<Relation>, Vec<&str>)> = Vec::new();
    for f in &e.facts {
        let target = g.entities[f.target].id.as_str();
        match parts.iter_mut().find(|(r, _)| *r == f.relation) {
            Some((_, ids)) => ids.push(target),
            None => parts.push((f.relation, vec![target])),
        }
    }
    parts
        .iter()
        .map(|(r, ids)| {
            let name = r.map_or(CONTEXT, Relation::as_str);
            format!("{name}={}", ids.join(","))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Reads a gazetteer file, and for a GATE `lists.def` the lists it names
/// (beside it); one that cannot be read is an error at its definition,
/// reported with the other problems of the files.
fn read_path(path: &Path, import: &Import) -> Result<SourceText> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let format = import.resolve(path, &bytes);
    let mut parts = Vec::new();
    if format == Format::Gate {
        let dir = path.parent().unwrap_or(Path::new(""));
        // The list names come from the file: like a document id, none may
        // lead out of the folder the user named (`../`, an absolute path,
        // a link pointing out).
        let home = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        }
        .canonicalize()
        .ok();
        let outside = |file: &str, lst: &Path| {
            Path::new(file).components().any(|c| {
                !matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            }) || lst
                .canonicalize()
                .is_ok_and(|l| !home.as_ref().is_some_and(|h| l.starts_with(h)))
        };
        for (_, file) in import::gate_lists(&String::from_utf8_lossy(&bytes)) {
            let lst = dir.join(&file);
            let read = if file.is_empty() {
                Err(import::ImportError::ListUnnamed)
            } else if outside(&file, &lst) {
                Err(import::ImportError::ListOutside {
                    list: file.clone(),
                    def: path.display().to_string(),
                })
            } else {
                std::fs::read(&lst).map_err(|e| import::ImportError::ListUnreadable {
                    path: lst.display().to_string(),
                    message: e.to_string(),
                })
            };
            parts.push((lst.display().to_string(), read));
        }
    }
    Ok(SourceText {
        name: path.display().to_string(),
        bytes,
        format,
        import: import.clone(),
        parts,
        embedded: false,
    })
}

/// Parses every source: the gazetteer, the warnings of the imported
/// files, and the index of the first entity not from an embedded file.
fn parse_all(sources: &[SourceText]) -> Result<(Gazetteer, Vec<LineError>, EntityIdx)> {
    let mut parser = Parser::default();
    let mut first_added = 0;
    for s in sources {
        let name = s.name.as_str();
        match std::str::from_utf8(&s.bytes) {
            Ok(text) => {
                let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                match s.format {
                    Format::Gazet => parser.parse(name, text),
                    format => {
                        let read = import::read(format, &s.import, name, text, &s.parts);
                        parser.errors.extend(read.errors);
                        parser.warnings.extend(read.warnings);
                        for r in read.records {
                            if let Err(m) = parser.add_record(&r) {
                                parser.error(&r.file, r.line, m);
                            }
                        }
                    }
                }
            }
            Err(e) => {
                let line = crate::text::offsets::line_of(&s.bytes, e.valid_up_to());
                parser.error(name, line, GazetteerError::NotUtf8);
            }
        }
        if s.embedded {
            first_added = parser.entities.len();
        }
    }
    let warnings = std::mem::take(&mut parser.warnings);
    Ok((parser.finish()?, warnings, first_added))
}

impl Gazetteer {
    /// A gazetteer of already checked entities (read back from a cache).
    pub(crate) fn from_entities(entities: Vec<Entity>) -> Gazetteer {
        let by_id = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Gazetteer::indexed(entities, by_id)
    }

    fn indexed(entities: Vec<Entity>, by_id: HashMap<String, EntityIdx>) -> Gazetteer {
        let mut incoming = vec![Vec::new(); entities.len()];
        for (i, e) in entities.iter().enumerate() {
            for f in &e.facts {
                if let Some(list) = incoming.get_mut(f.target) {
                    list.push(i);
                }
            }
        }
        Gazetteer {
            entities,
            by_id,
            incoming,
            by_key: std::sync::OnceLock::new(),
        }
    }
}

/// What is wrong with a line of a gazetteer in gazet's format, or with an
/// entity read from another tool's file; a [`LineError`] gives it its file
/// and line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GazetteerError {
    /// A line with too few or too many fields.
    #[error("expected 4 to 6 tab-separated fields (id, label, kind, name, aliases, facts), found {found}{}", if *.spaced { ": the line has no tab but runs of spaces; fields are separated by tabs" } else { "" })]
    FieldCount {
        /// How many fields it has.
        found: usize,
        /// Whether it has no tab but runs of spaces: aligned columns
        /// copied from a page or a terminal.
        spaced: bool,
    },
    /// An id that is empty or holds white space.
    #[error("invalid id {0:?}: ids are non-empty and have no spaces")]
    InvalidId(String),
    /// A label, kind or relation the schema lacks.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// An entity whose canonical name is empty.
    #[error("entity `{id}` has an empty canonical name")]
    EmptyName {
        /// The entity's id.
        id: String,
    },
    /// A canonical name of punctuation or symbols alone.
    #[error("entity `{id}` has a canonical name with no letter or digit ({name:?}), which would match any such punctuation")]
    NameWithoutLetter {
        /// The entity's id.
        id: String,
        /// The name.
        name: String,
    },
    /// An empty alias.
    #[error("empty alias (alias {n} of `{id}`)")]
    EmptyAlias {
        /// The entity's id.
        id: String,
        /// Which alias, from 1 (the canonical name not counted).
        n: usize,
    },
    /// An alias of punctuation or symbols alone.
    #[error("alias {alias:?} has no letter or digit, so it would match any such punctuation (alias {n} of `{id}`)")]
    AliasWithoutLetter {
        /// The entity's id.
        id: String,
        /// The alias.
        alias: String,
        /// Which alias, from 1 (the canonical name not counted).
        n: usize,
    },
    /// An id taken already.
    #[error("duplicate id `{id}` (first defined at {file}:{line})")]
    DuplicateId {
        /// The id.
        id: String,
        /// The file of the entity that took it first.
        file: String,
        /// Its line there.
        line: usize,
    },
    /// A fact that is not `relation=id[,id...]`.
    #[error("fact {0:?} is not relation=id[,id...]")]
    NotFact(String),
    /// A fact with an empty target id.
    #[error("fact {0:?} names an empty id")]
    FactEmptyId(String),
    /// A fact whose target is the entity itself.
    #[error("fact {0:?} points at the entity itself")]
    FactToItself(String),
    /// A fact whose target no file defines.
    #[error("fact {relation}={target} points at an unknown id `{target}`")]
    UnknownTarget {
        /// The relation, or `context`.
        relation: String,
        /// The id no entity has.
        target: String,
    },
    /// A fact whose arguments' labels the schema forbids for its relation.
    #[error("fact {relation}={target}: {problem}")]
    ForbiddenFact {
        /// The relation.
        relation: String,
        /// The target's id.
        target: String,
        /// What the schema says.
        problem: Box<SchemaError>,
    },
    /// A file that is not valid UTF-8 (at this line).
    #[error("not valid UTF-8")]
    NotUtf8,
}

#[derive(Default)]
struct Parser {
    entities: Vec<Entity>,
    by_id: HashMap<String, EntityIdx>,
    /// Facts waiting for all files to be read: (entity, relation or
    /// context link, target id, origin).
    pending: Vec<(EntityIdx, Option<Relation>, String, Origin)>,
    errors: Vec<LineError>,
    warnings: Vec<LineError>,
}

impl Parser {
    fn error(&mut self, file: &str, line: usize, problem: GazetteerError) {
        self.errors.push(LineError::new(file, line, problem));
    }

    fn parse(&mut self, file: &str, text: &str) {
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            if let Err(problem) = self.parse_line(file, line, raw) {
                self.error(file, line, problem);
            }
        }
    }

    fn parse_line(&mut self, file: &str, line: usize, raw: &str) -> Result<(), GazetteerError> {
        let fields: Vec<&str> = raw.split('\t').map(str::trim).collect();
        if !(4..=6).contains(&fields.len()) {
            // Aligned columns copied from a page or a terminal arrive as
            // runs of spaces; they are not read as separators, since a
            // name may hold two spaces, but the message says what happened.
            return Err(GazetteerError::FieldCount {
                found: fields.len(),
                spaced: !raw.contains('\t') && raw.trim().contains("  "),
            });
        }
        let id = fields[0];
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            return Err(GazetteerError::InvalidId(id.to_owned()));
        }
        let label: Label = fields[1].parse()?;
        let kind = check_kind(fields[2], label)?;
        // The canonical name is an alias too, so it may be marked `=Name`.
        let name = fields[3].strip_prefix('=').unwrap_or(fields[3]).trim();
        if name.is_empty() {
            return Err(GazetteerError::EmptyName { id: id.to_owned() });
        }
        self.check_new_id(id)?;
        let others: Vec<&str> = match fields.get(4).filter(|f| !f.is_empty()) {
            Some(field) => field.split('|').map(str::trim).collect(),
            None => Vec::new(),
        };
        let aliases = aliases_of(id, fields[3], &others)?;
        let idx = self.entities.len();
        let origin = Origin {
            file: file.to_owned(),
            line,
        };
        // Facts wait for every file to be read; they are queued only once
        // the whole line is known to be good, so that a bad line leaves no
        // fact pointing at an entity that was never added.
        let mut facts = Vec::new();
        if let Some(field) = fields.get(5).filter(|f| !f.is_empty()) {
            for part in field.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let (rel, targets) = part
                    .split_once('=')
                    .ok_or_else(|| GazetteerError::NotFact(part.to_owned()))?;
                let relation = match rel.trim() {
                    CONTEXT => None,
                    rel => Some(rel.parse::<Relation>()?),
                };
                for t in targets.split(',').map(str::trim) {
                    if t.is_empty() {
                        return Err(GazetteerError::FactEmptyId(part.to_owned()));
                    }
                    if t == id {
                        return Err(GazetteerError::FactToItself(part.to_owned()));
                    }
                    facts.push((idx, relation, t.to_owned(), origin.clone()));
                }
            }
        }
        self.pending.extend(facts);
        self.by_id.insert(id.to_owned(), idx);
        self.entities.push(Entity {
            id: id.to_owned(),
            label,
            kind,
            name: name.to_owned(),
            aliases,
            facts: Vec::new(),
            origin,
        });
        Ok(())
    }

    /// An error if `id` is taken.
    fn check_new_id(&self, id: &str) -> Result<(), GazetteerError> {
        match self.by_id.get(id) {
            Some(&prev) => {
                let o = &self.entities[prev].origin;
                Err(GazetteerError::DuplicateId {
                    id: id.to_owned(),
                    file: o.file.clone(),
                    line: o.line,
                })
            }
            None => Ok(()),
        }
    }

    /// Adds an entity read from another tool's file. An id made from the
    /// name takes the first of `slug`, `slug_2`, `slug_3` ... that no
    /// entity read before it has, so that the same files in the same order
    /// always give the same ids.
    fn add_record(&mut self, r: &Record) -> Result<(), GazetteerError> {
        let id = match &r.id {
            Some(id) => {
                self.check_new_id(id)?;
                id.clone()
            }
            None => {
                // A name of punctuation alone is refused below, but its
                // message needs an id.
                let base = Some(import::slug(&r.names[0]))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| "entity".to_owned());
                let mut id = base.clone();
                let mut n = 1;
                while self.by_id.contains_key(&id) {
                    n += 1;
                    id = format!("{base}_{n}");
                }
                id
            }
        };
        let others: Vec<&str> = r.names[1..].iter().map(String::as_str).collect();
        let aliases = aliases_of(&id, &r.names[0], &others)?;
        self.by_id.insert(id.clone(), self.entities.len());
        self.entities.push(Entity {
            id,
            label: r.label,
            kind: r.kind,
            name: r.names[0].clone(),
            aliases,
            facts: Vec::new(),
            origin: Origin {
                file: r.file.clone(),
                line: r.line,
            },
        });
        Ok(())
    }

    fn finish(mut self) -> Result<Gazetteer> {
        for (idx, relation, target, origin) in std::mem::take(&mut self.pending) {
            let name = relation.map_or(CONTEXT, Relation::as_str).to_owned();
            let Some(&t) = self.by_id.get(&target) else {
                self.errors.push(LineError::new(
                    origin.file,
                    origin.line,
                    GazetteerError::UnknownTarget {
                        relation: name,
                        target,
                    },
                ));
                continue;
            };
            // Both labels are known only now; a fact the schema's argument
            // labels forbid would let the rules confirm what the guidelines
            // rule out.
            let (head, tail) = (self.entities[idx].label, self.entities[t].label);
            if let Some(Err(problem)) = relation.map(|r| r.check_arguments(head, tail)) {
                self.errors.push(LineError::new(
                    origin.file,
                    origin.line,
                    GazetteerError::ForbiddenFact {
                        relation: name,
                        target,
                        problem: Box::new(problem),
                    },
                ));
                continue;
            }
            self.entities[idx].facts.push(Fact {
                relation,
                target: t,
            });
        }
        if !self.errors.is_empty() {
            self.errors
                .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            return Err(Error::Gazetteer(LineErrors(self.errors)));
        }
        Ok(Gazetteer::indexed(self.entities, self.by_id))
    }
}

/// An entity's aliases, the canonical name first, each once.
fn aliases_of(id: &str, canonical: &str, others: &[&str]) -> Result<Vec<Alias>, GazetteerError> {
    let id = || id.to_owned();
    let mut aliases = vec![alias(canonical).map_err(|e| match e {
        AliasError::Empty => GazetteerError::EmptyName { id: id() },
        AliasError::NoLetterOrDigit => GazetteerError::NameWithoutLetter {
            id: id(),
            name: canonical.to_owned(),
        },
    })?];
    for (k, a) in others.iter().enumerate() {
        let a = alias(a).map_err(|e| match e {
            AliasError::Empty => GazetteerError::EmptyAlias { id: id(), n: k + 1 },
            AliasError::NoLetterOrDigit => GazetteerError::AliasWithoutLetter {
                id: id(),
                alias: (*a).to_owned(),
                n: k + 1,
            },
        })?;
        if !aliases.contains(&a) {
            aliases.push(a);
        }
    }
    Ok(aliases)
}

/// Why a field cannot be an alias.
enum AliasError {
    Empty,
    /// Only punctuation or symbols (`!!!`, `-`): such a key is found
    /// between any words that have it, in every document.
    NoLetterOrDigit,
}

/// Parses one alias field entry: `=Name` is case-sensitive, and so is an
/// acronym (all letters capitals, at most five of them).
fn alias(text: &str) -> Result<Alias, AliasError> {
    let (text, forced) = match text.strip_prefix('=') {
        Some(t) => (t.trim(), true),
        None => (text, false),
    };
    // An invisible character beside a space (`\u{200F} Name`) leaves a
    // space at the key's edge once dropped; a name never starts or ends
    // with one.
    let key = normalize_str(text, Options::FOLDED).trim().to_owned();
    if key.is_empty() {
        return Err(AliasError::Empty);
    }
    if !key.chars().any(char::is_alphanumeric) {
        return Err(AliasError::NoLetterOrDigit);
    }
    Ok(Alias {
        case_sensitive: forced || is_acronym(text) || is_common_key(&key),
        text: text.to_owned(),
        key,
    })
}

/// Common English words (`gazetteers/stoplist.txt`, made from word
/// frequencies): an alias that is one of them (a city called `Nice`, a
/// country called `Turkey`) matches only with the case it is written in, so
/// that ordinary prose does not fire it.
const STOPLIST: &str = include_str!("../../gazetteers/stoplist.txt");

/// Whether `alias` is a common English word.
pub fn is_common_word(alias: &str) -> bool {
    is_common_key(&normalize_str(alias, Options::FOLDED))
}

/// Whether a normalised, folded alias is a common English word.
fn is_common_key(key: &str) -> bool {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| word_list(STOPLIST)).contains(key)
}

/// The words of an embedded list: one per line, `#` comments skipped.
fn word_list(text: &'static str) -> std::collections::HashSet<&'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Words of the stop list that are also common given names or surnames
/// (`gazetteers/person-names.txt`).
const PERSON_NAMES: &str = include_str!("../../gazetteers/person-names.txt");

/// Whether `word` is a common English word that is also a common given
/// name or surname (`Mary`, `Young`): the stop list keeps aliases from
/// firing on it, but it does not veto a person's name.
pub fn is_person_name(word: &str) -> bool {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| word_list(PERSON_NAMES))
        .contains(normalize_str(word, Options::FOLDED).as_str())
}

/// An acronym: at most five letters, all of them capitals.
pub fn is_acronym(text: &str) -> bool {
    // Asked of every gazetteer mention, so it stops at the first letter
    // that rules it out and allocates nothing.
    let mut letters = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if letters > 5 || !c.is_uppercase() {
            return false;
        }
    }
    letters > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Gazetteer> {
        Gazetteer::builder()
            .default_gazetteers(false)
            .add_source("t.tsv", text)
            .build()
    }

    fn errors(text: &str) -> Vec<String> {
        match load(text) {
            Err(Error::Gazetteer(LineErrors(es))) => es.iter().map(|e| e.to_string()).collect(),
            other => panic!("expected gazetteer errors, got {other:?}"),
        }
    }

    /// (gazetteer text, expected `file:line: problem` prefix)
    const BAD: &[(&str, &str)] = &[
        ("a\tXYZ\tcountry\tA\n", "t.tsv:1: unknown label `XYZ`"),
        (
            "a\tLOC\tcountry\tA\na\tLOC\tcountry\tB\n",
            "t.tsv:2: duplicate id `a` (first defined at t.tsv:1)",
        ),
        (
            "a\tLOC\tcountry\tA\tB || C\n",
            "t.tsv:1: empty alias (alias 2 of `a`)",
        ),
        (
            "a\tLOC\tcountry\tA\t\tlocated_in=nowhere\n",
            "t.tsv:1: fact located_in=nowhere points at an unknown id `nowhere`",
        ),
        (
            "# c\n\na\tLOC\tcountry\n",
            "t.tsv:3: expected 4 to 6 tab-separated fields",
        ),
        (
            "csto  ORG  alliance  Collective Security Treaty Organization\n",
            "t.tsv:1: expected 4 to 6 tab-separated fields (id, label, kind, name, aliases, facts), found 1: the line has no tab but runs of spaces; fields are separated by tabs",
        ),
        (
            "a\tLOC\tcity\tA\t\tlocatedin=b\n",
            "t.tsv:1: unknown relation `locatedin`",
        ),
        (
            "a\tLOC\talliance\tA\n",
            "t.tsv:1: kind `alliance` is a ORG kind",
        ),
        ("a\tLOC\tcontry\tA\n", "t.tsv:1: unknown kind `contry`"),
        (
            "a\tLOC\tcountry\t\n",
            "t.tsv:1: entity `a` has an empty canonical name",
        ),
        (
            "a\tLOC\tcountry\tA\t=\n",
            "t.tsv:1: empty alias (alias 1 of `a`)",
        ),
        (
            "a\tLOC\tcountry\tA\tB|!!!\n",
            "t.tsv:1: alias \"!!!\" has no letter or digit",
        ),
        (
            "a\tLOC\tcountry\t-\n",
            "t.tsv:1: entity `a` has a canonical name with no letter or digit",
        ),
    ];

    #[test]
    fn malformed_lines_name_file_and_line() {
        for (text, want) in BAD {
            let es = errors(text);
            assert!(
                es.iter().any(|e| e.starts_with(want)),
                "for {text:?} expected {want:?}, got {es:?}"
            );
        }
    }

    #[test]
    fn a_bad_fact_after_a_good_one_leaves_nothing_behind() {
        // Found by the `gazetteer` fuzz target: the good fact was queued for
        // an entity that the bad line never added.
        let es = errors("a\tLOC\tcity\tA\t\tlocated_in=b; nonsense\nb\tLOC\tcountry\tB\n");
        assert_eq!(es.len(), 1, "{es:?}");
        assert!(
            es[0].starts_with("t.tsv:1: fact \"nonsense\" is not relation=id"),
            "{es:?}"
        );
    }

    #[test]
    fn all_problems_are_reported_at_once() {
        let es = errors("a\tXYZ\tcountry\tA\nb\tLOC\tcountry\tB\t\tpart_of=zz\n");
        assert_eq!(es.len(), 2, "{es:?}");
    }

    #[test]
    fn acronyms_and_marked_aliases_are_case_sensitive() {
        let g = load("a\tORG\talliance\tShanghai Cooperation Organization\tSCO | ШОС | =Nice | Shanghai Pact | ISPR RAS\n").unwrap();
        let cs: Vec<(&str, bool)> = g.entities()[0]
            .aliases
            .iter()
            .map(|a| (a.text.as_str(), a.case_sensitive))
            .collect();
        assert_eq!(
            cs,
            [
                ("Shanghai Cooperation Organization", false),
                ("SCO", true),
                ("ШОС", true),
                ("Nice", true),
                ("Shanghai Pact", false),
                ("ISPR RAS", false)
            ]
        );
    }

    #[test]
    fn shared_aliases_are_ambiguities_not_errors() {
        let g = load("a\tORG\tforce\tOMON of A\tOMON\nb\tORG\tforce\tOMON of B\tOMON\n").unwrap();
        let amb = g.ambiguities();
        assert_eq!(amb.len(), 1);
        assert_eq!(amb[0].key, "omon");
        assert_eq!(amb[0].entities, vec![0, 1]);
    }

    #[test]
    fn embedded_gazetteers_load() {
        let g = Gazetteer::embedded().unwrap();
        assert!(g.entity_by_id("csto").is_some());
        assert!(g
            .entity_by_id("bishkek")
            .unwrap()
            .facts
            .iter()
            .any(|f| f.relation == Some(Relation::LocatedIn)));
    }
}
