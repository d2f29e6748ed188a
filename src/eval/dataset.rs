//! Annotation sets read from disk for evaluation, whatever their format:
//! gazet's JSON Lines or per-document JSON, gazet's gold TSV, brat
//! standoff, or a relation table (CSV/TSV).
//!
//! Every problem (a malformed line, a span whose text is not the document's
//! slice, offsets out of range, a document without text) is kept with its
//! `file:line`, for the evaluator to report: nothing is dropped silently.

pub use crate::eval::problem::{Problem, TableError, TextPathError};
use crate::formats::gold::{self, Gold, GoldRelation, GoldSpan};
use crate::input::document::Document;
use crate::lexicon::gazetteer::Gazetteer;
use crate::model::annotation::Annotation;
use crate::model::schema::{Label, LabelMap, Relation};
use crate::text::normalize::{normalize_str, Options};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One mention to score.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EvalSpan {
    /// Start, in code points.
    pub start: usize,
    /// End (exclusive), in code points.
    pub end: usize,
    /// The label.
    pub label: Label,
    /// The entity id, empty when unknown.
    pub entity: String,
}

/// One relation to score: (head, relation, tail), a symmetric relation
/// with its ids in order.
pub type EvalRelation = (String, Relation, String);

/// One document of an annotation set.
#[derive(Clone, Debug, Default)]
pub struct EvalDoc {
    /// `None` where the set has no spans for documents (a relation table).
    pub spans: Option<Vec<EvalSpan>>,
    /// `None` where the set has no relations for documents.
    pub relations: Option<Vec<EvalRelation>>,
    /// The document's text, when it could be found.
    pub text: Option<String>,
    /// Where the document's annotations came from.
    pub origin: String,
}

/// An annotation set: documents by id, and the problems met reading it.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    /// The documents, by id.
    pub docs: BTreeMap<String, EvalDoc>,
    /// Problems that make the set unusable in part, each with its place.
    pub problems: Vec<Problem>,
    /// Things a reader should know that do not stop scoring.
    pub warnings: Vec<Problem>,
}

/// Where to look for document texts.
///
/// An annotation file is input from elsewhere: the `path` and `doc` inside
/// it are untrusted. A text is read only from inside a folder the user
/// named (the text folders, and the folder of an annotation file the user
/// named) or the working directory, so a prediction file cannot pull
/// `/etc/passwd` or `../../secret.txt` into a score or a report.
#[derive(Clone, Debug, Default)]
pub struct Texts {
    /// Folders searched for `<doc>.txt` / `<doc>.md`.
    pub dirs: Vec<PathBuf>,
    /// Texts already known, by document id.
    pub known: HashMap<String, String>,
    /// The folders a relative `path` is resolved against when the working
    /// directory does not have it: gazet writes `path` relative to the
    /// folder it ran in, which is often where its output file is.
    bases: Vec<PathBuf>,
    /// The canonical folders a path found in an annotation may point into.
    roots: Vec<PathBuf>,
}

impl Texts {
    /// Texts looked up in `dirs`; paths found in annotations may point into
    /// `dirs` or the working directory.
    pub fn new(dirs: Vec<PathBuf>) -> Texts {
        let roots = dirs
            .iter()
            .cloned()
            .chain(std::env::current_dir().ok())
            .filter_map(|d| d.canonicalize().ok())
            .collect();
        Texts {
            bases: dirs.clone(),
            dirs,
            known: HashMap::new(),
            roots,
        }
    }

    /// The lookup for the annotations in `file` (a file, or a folder of
    /// them): a relative `path` in it is also resolved against its folder,
    /// first after the working directory, and texts may be read from there,
    /// since the user named it.
    pub fn beside(&self, file: &Path) -> Texts {
        let mut texts = self.clone();
        let folder = if file.is_dir() {
            Some(file)
        } else {
            file.parent()
        };
        // The parent of a bare file name is the empty path: the working
        // directory, which canonicalize does not take.
        let folder = folder
            .map(|f| {
                if f.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    f
                }
            })
            .and_then(|f| f.canonicalize().ok());
        if let Some(f) = folder {
            texts.bases.insert(0, f.clone());
            texts.roots.push(f);
        }
        texts
    }

    /// The text of `doc`: known already, or `<doc>.txt`/`.md` in a folder.
    /// An id that could leave the folder (`..`, absolute) finds nothing.
    pub fn find(&self, doc: &str) -> Option<String> {
        if let Some(t) = self.known.get(doc) {
            return Some(t.clone());
        }
        self.dirs.iter().find_map(|d| {
            ["txt", "md"].iter().find_map(|ext| {
                let rel = crate::input::document::output_path(doc, ext).ok()?;
                Document::read(doc, &d.join(rel)).ok().map(|d| d.text)
            })
        })
    }

    /// The text of the file at `path`, a path read from an annotation file:
    /// relative to the working directory, else to the annotation file's
    /// folder or a text folder. Refused, with the reason, unless it
    /// resolves (links and `..` followed) to a file inside one of the
    /// allowed folders.
    pub fn at_path(&self, doc: &str, path: &str) -> Result<String, TextPathError> {
        let given = Path::new(path);
        let mut candidates = vec![given.to_owned()];
        if given.is_relative() {
            candidates.extend(self.bases.iter().map(|b| b.join(given)));
        }
        let mut missing = None;
        // A path that leads out is refused as such, even where another
        // folder has no file of that name.
        let outside = TextPathError::Outside {
            path: path.to_owned(),
        };
        let mut is_outside = false;
        for candidate in candidates {
            let real = match candidate.canonicalize() {
                Ok(real) => real,
                Err(e) => {
                    missing.get_or_insert_with(|| TextPathError::Missing {
                        path: path.to_owned(),
                        source: Arc::new(e),
                    });
                    continue;
                }
            };
            if !self.roots.iter().any(|r| real.starts_with(r)) {
                is_outside = true;
                continue;
            }
            return Document::read(doc, &real)
                .map(|d| d.text)
                .map_err(|e| TextPathError::Unreadable(Arc::new(e)));
        }
        Err(match missing {
            Some(m) if !is_outside => m,
            _ => outside,
        })
    }

    /// The text for an annotation's `doc` and `path`: the path if it is
    /// allowed, else the id in the folders. A refused path is noted in
    /// `warnings` with `origin`.
    pub fn resolve(
        &self,
        doc: &str,
        path: Option<&str>,
        origin: &str,
        warnings: &mut Vec<Problem>,
    ) -> Option<String> {
        if let Some(p) = path {
            match self.at_path(doc, p) {
                Ok(t) => return Some(t),
                Err(error) => warnings.push(Problem::TextPath {
                    origin: origin.to_owned(),
                    error,
                }),
            }
        }
        self.find(doc)
    }
}

/// Whether `id` is a document-local id, as gazet gives a proposed name.
pub(crate) fn is_local_id(id: &str) -> bool {
    id.starts_with(crate::model::span::LOCAL_ID)
}

/// A relation in the form it is scored in: a symmetric one with its ids in order.
pub fn canonical(head: String, relation: Relation, tail: String) -> EvalRelation {
    if relation.is_symmetric() && head > tail {
        (tail, relation, head)
    } else {
        (head, relation, tail)
    }
}

/// Reads a file, or notes why it could not be read.
fn read_or_report(file: &Path, set: &mut Dataset) -> Option<String> {
    crate::input::document::read_data_file(file)
        .map_err(|e| {
            set.problems.push(Problem::Unreadable {
                file: file.display().to_string(),
                source: Arc::new(e),
            })
        })
        .ok()
}

/// Adds a document read from a gold file.
fn add_gold(set: &mut Dataset, doc: String, origin: String, text: String, mut g: Gold) {
    // A span given twice would count twice against every prediction.
    let mut first_on: HashMap<(usize, usize, Label), usize> = HashMap::new();
    g.spans
        .retain(|s| match first_on.get(&(s.start, s.end, s.label)) {
            Some(first) => {
                set.problems.push(Problem::SpanTwice {
                    file: origin.clone(),
                    line: s.line,
                    start: s.start,
                    end: s.end,
                    label: s.label,
                    text: s.text.clone(),
                    first: *first,
                });
                false
            }
            None => {
                first_on.insert((s.start, s.end, s.label), s.line);
                true
            }
        });
    let (spans, relations) = from_gold(g);
    set.docs.insert(
        doc,
        EvalDoc {
            spans: Some(spans),
            relations: Some(relations),
            text: Some(text),
            origin,
        },
    );
}

fn from_gold(g: Gold) -> (Vec<EvalSpan>, Vec<EvalRelation>) {
    let spans = g
        .spans
        .into_iter()
        .map(|s: GoldSpan| EvalSpan {
            start: s.start,
            end: s.end,
            label: s.label,
            entity: s.entity,
        })
        .collect();
    let rels = g
        .relations
        .into_iter()
        .map(|r: GoldRelation| canonical(r.head, r.relation, r.tail))
        .collect();
    (spans, rels)
}

/// The files under `path` (or `path` itself) whose names end in `suffix`,
/// sorted, with their document ids.
fn files_with(path: &Path, suffix: &str) -> Vec<(String, PathBuf)> {
    if path.is_file() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = name.strip_suffix(suffix).unwrap_or(&name).to_owned();
        return vec![(id, path.to_owned())];
    }
    let mut out: Vec<(String, PathBuf)> = walkdir::WalkDir::new(path)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(suffix))
        .map(|e| {
            let rel = e.path().strip_prefix(path).unwrap_or(e.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            (
                rel.strip_suffix(suffix).unwrap_or(&rel).to_owned(),
                e.path().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

/// What kind of annotation set `path` holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// gazet's output: a `.jsonl` file or `.json` files.
    Gazet,
    /// gazet's gold: `.gold.tsv` files.
    GoldTsv,
    /// brat standoff: `.ann` files beside `.txt` files.
    Brat,
    /// A relation table: a `.csv` or `.tsv` file with doc, head, relation, tail.
    RelationTable,
    /// CoNLL BIO: `.conll` files, tokens tied to the documents' texts.
    Conll,
}

/// Guesses the format of `path` from the files it holds.
pub fn detect(path: &Path) -> Option<Format> {
    let name = path.to_string_lossy().to_lowercase();
    if path.is_file() {
        return if name.ends_with(".gold.tsv") {
            Some(Format::GoldTsv)
        } else if name.ends_with(".ann") {
            Some(Format::Brat)
        } else if name.ends_with(".jsonl") || name.ends_with(".json") {
            Some(Format::Gazet)
        } else if name.ends_with(".csv") || name.ends_with(".tsv") {
            Some(Format::RelationTable)
        } else if name.ends_with(".conll") {
            Some(Format::Conll)
        } else {
            None
        };
    }
    for (suffix, f) in [
        (".gold.tsv", Format::GoldTsv),
        (".ann", Format::Brat),
        (".jsonl", Format::Gazet),
        (".json", Format::Gazet),
        (".conll", Format::Conll),
    ] {
        if !files_with(path, suffix).is_empty() {
            return Some(f);
        }
    }
    None
}

/// Reads an annotation set. `texts` says where document texts are;
/// `gazetteer` resolves names in a relation table; `labels` reads other
/// tools' label names as gazet's.
///
/// The error does not repeat `path`: the caller names it.
pub fn read(
    path: &Path,
    texts: &Texts,
    gazetteer: &Gazetteer,
    labels: &LabelMap,
) -> std::io::Result<Dataset> {
    // A path that is not there is that, not a folder without annotations.
    std::fs::metadata(path)?;
    let format = detect(path).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "no annotations found (expected gazet .jsonl/.json, .gold.tsv, brat .ann, CoNLL .conll, or a .csv/.tsv relation table)",
        )
    })?;
    let mut set = Dataset::default();
    // A folder that cannot be read hides its annotations: the score would
    // be taken without them.
    if path.is_dir() {
        for e in walkdir::WalkDir::new(path).follow_links(true) {
            if let Err(e) = e {
                let at = e.path().unwrap_or(path).display().to_string();
                let why = e
                    .io_error()
                    .map_or_else(|| e.to_string(), ToString::to_string);
                set.problems.push(Problem::NotWalked {
                    path: at,
                    reason: why,
                });
            }
        }
    }
    match format {
        Format::Gazet => read_gazet(path, &texts.beside(path), labels, &mut set),
        Format::GoldTsv => read_gold_tsv(path, texts, labels, &mut set),
        Format::Brat => read_brat(path, labels, &mut set),
        Format::RelationTable => read_table(path, gazetteer, &mut set),
        Format::Conll => read_conll(path, texts, labels, &mut set),
    }
    Ok(set)
}

/// gazet's output at `path`: the file itself, or the `.jsonl` and `.json`
/// files below a folder.
pub fn gazet_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_owned()];
    }
    let mut f = files_with(path, ".jsonl");
    f.extend(files_with(path, ".json"));
    f.into_iter().map(|(_, file)| file).collect()
}

/// One line of gazet's output, its span and anchor labels read through
/// `labels` first (another tool's output in gazet's format may say `GPE`).
fn parse_annotation(line: &str, labels: &LabelMap) -> serde_json::Result<Annotation> {
    if labels.is_empty() {
        return serde_json::from_str(line);
    }
    let mut value: serde_json::Value = serde_json::from_str(line)?;
    let mut relabel = |v: &mut serde_json::Value| {
        if let Some(l) = v.get_mut("label") {
            if let Some(mapped) = l.as_str().and_then(|s| labels.label(s).ok()) {
                *l = serde_json::Value::String(mapped.to_string());
            }
        }
    };
    if let Some(spans) = value.get_mut("spans").and_then(|s| s.as_array_mut()) {
        spans.iter_mut().for_each(&mut relabel);
    }
    if let Some(relations) = value.get_mut("relations").and_then(|r| r.as_array_mut()) {
        for e in relations
            .iter_mut()
            .filter_map(|r| r.get_mut("evidence").and_then(|e| e.as_array_mut()))
            .flatten()
        {
            for arg in ["head", "tail"] {
                if let Some(a) = e.get_mut(arg) {
                    relabel(a);
                }
            }
        }
    }
    serde_json::from_value(value)
}

fn read_gazet(path: &Path, texts: &Texts, labels: &LabelMap, set: &mut Dataset) {
    for file in gazet_files(path) {
        let name = file.display().to_string();
        let Some(content) = read_or_report(&file, set) else {
            continue;
        };
        for (n, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let a: Annotation = match parse_annotation(line, labels) {
                Ok(a) => a,
                Err(e) => {
                    set.problems.push(Problem::NotAnnotation {
                        file: name.clone(),
                        line: n + 1,
                        source: Arc::new(e),
                    });
                    continue;
                }
            };
            let origin = format!("{name}:{}", n + 1);
            // The text written beside the spans is the one they were made on.
            let text = match a.text.clone() {
                Some(t) => Some(t),
                None => texts.resolve(&a.doc, a.path.as_deref(), &origin, &mut set.warnings),
            };
            let mut spans = Vec::new();
            let chars: Option<Vec<char>> = text.as_ref().map(|t| t.chars().collect());
            for s in a.spans.iter().filter(|s| !s.nested) {
                if let Some(chars) = &chars {
                    let slice: Option<String> =
                        chars.get(s.start..s.end).map(|c| c.iter().collect());
                    if slice.as_deref() != Some(s.text.as_str()) {
                        set.problems.push(Problem::SpanMismatch {
                            origin: origin.clone(),
                            start: s.start,
                            end: s.end,
                            text: s.text.clone(),
                            found: slice,
                        });
                        continue;
                    }
                }
                spans.push(EvalSpan {
                    start: s.start,
                    end: s.end,
                    label: s.label,
                    entity: s.entity.clone(),
                });
            }
            let relations = a
                .relations
                .iter()
                .map(|r| canonical(r.head.clone(), r.relation, r.tail.clone()))
                .collect();
            if set.docs.contains_key(&a.doc) {
                set.problems.push(Problem::DocumentTwice {
                    origin,
                    doc: a.doc.clone(),
                });
                continue;
            }
            set.docs.insert(
                a.doc.clone(),
                EvalDoc {
                    spans: Some(spans),
                    relations: Some(relations),
                    text,
                    origin,
                },
            );
        }
    }
}

/// `texts` with the folders of a gold file (or folder) `path` added: gold
/// sits beside or below its documents (`corpus/gold/x.gold.tsv` for
/// `corpus/x.txt`).
fn texts_near(texts: &Texts, path: &Path) -> Texts {
    let mut texts = texts.clone();
    let dir = if path.is_file() {
        path.parent().map(Path::to_owned)
    } else {
        Some(path.to_owned())
    };
    if let Some(d) = dir {
        if let Some(parent) = d.parent() {
            texts.dirs.push(parent.to_owned());
        }
        texts.dirs.push(d);
    }
    texts
}

fn read_gold_tsv(path: &Path, texts: &Texts, labels: &LabelMap, set: &mut Dataset) {
    let texts = texts_near(texts, path);
    for (doc, file) in files_with(path, ".gold.tsv") {
        let name = file.display().to_string();
        let Some(content) = read_or_report(&file, set) else {
            continue;
        };
        let Some(text) = texts.find(&doc) else {
            set.problems.push(Problem::NoText { file: name, doc });
            continue;
        };
        let (g, errors) = gold::parse_lenient(&name, &content, &text, labels);
        set.problems.extend(errors.into_iter().map(Problem::Line));
        add_gold(set, doc, name, text, g);
    }
}

fn read_brat(path: &Path, labels: &LabelMap, set: &mut Dataset) {
    for (doc, file) in files_with(path, ".ann") {
        let name = file.display().to_string();
        let txt = file.with_extension("txt");
        let (ann, text) = match (
            crate::input::document::read_data_file(&file),
            std::fs::read_to_string(&txt),
        ) {
            (Ok(a), Ok(t)) => (a, t),
            (Err(e), _) => {
                set.problems.push(Problem::Unreadable {
                    file: name,
                    source: Arc::new(e),
                });
                continue;
            }
            (_, Err(e)) => {
                set.problems.push(Problem::NoTextBeside {
                    file: txt.display().to_string(),
                    source: Arc::new(e),
                });
                continue;
            }
        };
        let (g, warnings, errors) = crate::formats::brat::read_lenient(&name, &ann, &text, labels);
        set.warnings.extend(warnings.into_iter().map(Problem::Brat));
        set.problems.extend(errors.into_iter().map(Problem::Line));
        add_gold(set, doc, name, text, g);
    }
}

/// CoNLL BIO files, as gazet's `--conll` writes them or as CoNLL-2003 and
/// conlleval have them. BIO keeps tokens, not offsets, so each document's
/// tokens are found in its text in order (see [`crate::formats::conll::spans`]):
/// the text comes from beside the file or the text folders, by the id of
/// its `-DOCSTART-` line (else the file's name). The spans have no entity
/// ids and the documents no relations, so neither is scored; a label that
/// is none of gazet's is reported once and its spans left out.
fn read_conll(path: &Path, texts: &Texts, labels: &LabelMap, set: &mut Dataset) {
    let texts = texts_near(texts, path);
    let mut unknown_labels: BTreeMap<String, String> = BTreeMap::new();
    for (stem, file) in files_with(path, ".conll") {
        let name = file.display().to_string();
        let Some(content) = read_or_report(&file, set) else {
            continue;
        };
        let docs = match crate::formats::conll::read(&name, &content) {
            Ok(docs) => docs,
            Err(errors) => {
                set.problems.extend(errors.into_iter().map(Problem::Line));
                continue;
            }
        };
        let many = docs.len() > 1;
        for (k, doc) in docs.iter().enumerate() {
            let id = match &doc.id {
                Some(id) => id.clone(),
                None if many => format!("{stem}#{}", k + 1),
                None => stem.clone(),
            };
            let Some(text) = texts.find(&id) else {
                set.problems.push(Problem::NoText {
                    file: name.clone(),
                    doc: id,
                });
                continue;
            };
            let tagged = match crate::formats::conll::spans(doc, &text) {
                Ok(t) => t,
                Err(error) => {
                    set.problems.push(Problem::Conll {
                        file: name.clone(),
                        doc: id,
                        error,
                    });
                    continue;
                }
            };
            let mut spans = Vec::new();
            for t in tagged {
                match labels.label(&t.label) {
                    Ok(label) => spans.push(EvalSpan {
                        start: t.start,
                        end: t.end,
                        label,
                        entity: String::new(),
                    }),
                    Err(_) => {
                        unknown_labels
                            .entry(t.label)
                            .or_insert_with(|| name.clone());
                    }
                }
            }
            set.docs.insert(
                id,
                EvalDoc {
                    spans: Some(spans),
                    relations: None,
                    text: Some(text),
                    origin: name.clone(),
                },
            );
        }
    }
    for (label, file) in unknown_labels {
        set.warnings.push(Problem::UnknownLabel { file, label });
    }
}

/// A relation table: a header naming `doc`, `head`, `relation` and `tail`
/// columns (any order, other columns ignored); head and tail are entity ids
/// or any alias, resolved through the gazetteers, or document-local ids
/// (`doc:…`, the names gazet proposed), taken as they are.
///
/// Each line is one row, read on its own, as gazet's `--table` writes
/// them: a stray `"` then spoils its own line and no other, where a CSV
/// reader would take it as the start of a quoted field running on to the
/// end of the file. A TSV table has no quoting: its cells are split at
/// tabs and their escapes undone (see [`crate::formats::tsv`]).
fn read_table(path: &Path, gazetteer: &Gazetteer, set: &mut Dataset) {
    let name = path.display().to_string();
    let tsv = name.to_lowercase().ends_with(".tsv");
    let Some(content) = read_or_report(path, set) else {
        return;
    };
    let cells = |line: &str| -> Result<Vec<String>, TableError> {
        if tsv {
            return Ok(line
                .split('\t')
                .map(|c| crate::formats::tsv::unescape(c.trim_matches(' ')).into_owned())
                .collect());
        }
        if line.matches('"').count() % 2 == 1 {
            return Err(TableError::OddQuote);
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(line.as_bytes());
        let mut record = csv::StringRecord::new();
        match reader.read_record(&mut record) {
            Ok(_) => Ok(record.iter().map(|c| c.trim().to_owned()).collect()),
            Err(e) => Err(TableError::Csv(Arc::new(e))),
        }
    };
    let mut lines = content.lines().enumerate().map(|(n, l)| (n + 1, l));
    let header: Vec<String> = match lines.next().map(|(_, l)| cells(l)) {
        Some(Ok(h)) => h.iter().map(|c| c.to_lowercase()).collect(),
        Some(Err(error)) => {
            set.problems.push(Problem::Table {
                file: name,
                line: 1,
                error,
            });
            return;
        }
        None => Vec::new(),
    };
    let col = |want: &[&str]| header.iter().position(|h| want.contains(&h.as_str()));
    let (Some(d), Some(h), Some(r), Some(t)) = (
        col(&["doc", "document"]),
        col(&["head", "head id", "head_id"]),
        col(&["relation", "rel"]),
        col(&["tail", "tail id", "tail_id"]),
    ) else {
        set.problems.push(Problem::Table {
            file: name,
            line: 1,
            error: TableError::Header,
        });
        return;
    };
    let mut aliases: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in gazetteer.entities().iter().enumerate() {
        for a in &e.aliases {
            let v = aliases
                .entry(normalize_str(&a.text, Options::FOLDED))
                .or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }
    let resolve = |name: &str| -> Result<String, TableError> {
        // A proposed name is in no gazetteer: its id is all there is.
        if gazetteer.entity_by_id(name).is_some() || is_local_id(name) {
            return Ok(name.to_owned());
        }
        match aliases
            .get(&normalize_str(name, Options::FOLDED))
            .map(Vec::as_slice)
        {
            Some([one]) => Ok(gazetteer.entity(*one).id.clone()),
            Some(many) => Err(TableError::Ambiguous {
                name: name.to_owned(),
                ids: many
                    .iter()
                    .map(|&i| gazetteer.entity(i).id.clone())
                    .collect(),
            }),
            None => Err(TableError::UnknownName {
                name: name.to_owned(),
            }),
        }
    };
    for (line, raw) in lines {
        if raw.trim().is_empty() {
            continue;
        }
        let record = match cells(raw) {
            Ok(r) => r,
            Err(error) => {
                set.problems.push(Problem::Table {
                    file: name.clone(),
                    line,
                    error,
                });
                continue;
            }
        };
        let field = |i: usize| {
            crate::formats::output::unquote_cell(record.get(i).map_or("", String::as_str))
                .to_owned()
        };
        let parsed = field(r)
            .parse::<Relation>()
            .map_err(TableError::Relation)
            .and_then(|rel| Ok((resolve(&field(h))?, rel, resolve(&field(t))?)));
        match parsed {
            Ok((head, rel, tail)) => {
                let doc = set.docs.entry(field(d)).or_insert_with(|| EvalDoc {
                    spans: None,
                    relations: Some(Vec::new()),
                    text: None,
                    origin: name.clone(),
                });
                doc.relations
                    .get_or_insert_with(Vec::new)
                    .push(canonical(head, rel, tail));
            }
            Err(error) => set.problems.push(Problem::Table {
                file: name.clone(),
                line,
                error,
            }),
        }
    }
}
