//! The gazetteer formats of other tools, read into the same entities as
//! gazet's own TSV: spaCy's `patterns.jsonl` (phrase patterns), GATE's
//! `lists.def` with its `.lst` files, CoreNLP RegexNER mapping files
//! (literal patterns), FlashText keyword dictionaries, and plain lists of
//! names. Each reader turns a file into records, which the gazetteer
//! parser checks and indexes exactly as it does its own lines, so that
//! ambiguity, case rules, matching and the cache do not know where an
//! entity came from.
//!
//! The README's "Importing gazetteers from other tools" says what each
//! format maps to and why.

use crate::error::{Error, LineError};
use crate::model::schema::{
    check_kind, default_kind, known_kind, Label, LabelMap, SchemaError, Target,
};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// A gazetteer file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// gazet's own TSV.
    Gazet,
    /// spaCy EntityRuler `patterns.jsonl`: one `{"label", "pattern", "id"}` per line.
    Spacy,
    /// GATE `lists.def` naming `.lst` files, entries with `&feature=value`.
    Gate,
    /// CoreNLP RegexNER: `pattern<TAB>TYPE[<TAB>overwritable[<TAB>priority]]`.
    RegexNer,
    /// FlashText: a JSON `{"clean name": ["keyword", ...]}`, or `keyword=>clean name` lines.
    FlashText,
    /// One name per line, all with one label.
    List,
}

impl Format {
    /// Every format, in the order the documentation lists them.
    pub const ALL: [Format; 6] = [
        Format::Gazet,
        Format::Spacy,
        Format::Gate,
        Format::RegexNer,
        Format::FlashText,
        Format::List,
    ];

    /// The format's name (`spacy`, `gate` ...), as a file prefix writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Gazet => "gazet",
            Format::Spacy => "spacy",
            Format::Gate => "gate",
            Format::RegexNer => "regexner",
            Format::FlashText => "flashtext",
            Format::List => "list",
        }
    }

    /// Whether the file may carry no labels, so that one is given with it.
    pub fn needs_label(self) -> bool {
        matches!(self, Format::FlashText | Format::List)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with a line of another tool's gazetteer file; a
/// [`LineError`] gives it its file and line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, thiserror::Error)]
pub enum ImportError {
    /// A label of the other tool that no mapping, schema label or built-in
    /// mapping takes.
    #[error("label `{label}` maps to none of {labels}; give it a mapping ({label}=ORG, or {label}=- to leave its entries out)")]
    Unmapped {
        /// The label as written.
        label: String,
        /// The schema's labels, as `ORG, LOC, PER`.
        labels: String,
    },
    /// A GATE list whose major type is unmapped, said once at its
    /// definition.
    #[error("majorType: {0}")]
    MajorType(Box<ImportError>),
    /// A label, kind or relation the schema lacks.
    #[error(transparent)]
    Schema(#[from] SchemaError),
    /// An entity met again with another label.
    #[error("{what} is labelled {label} here but {first} at {file}:{line}")]
    LabelledOtherwise {
        /// What makes it the same entity (`` id `x` ``, `the name`).
        what: String,
        /// Its label here.
        label: Label,
        /// Its label where it was first met.
        first: Label,
        /// The file where it was first met.
        file: String,
        /// The line there.
        line: usize,
    },
    /// An empty name.
    #[error("empty name")]
    EmptyName,
    /// A name holding `|`.
    #[error("name {0:?} holds `|`, which separates aliases in gazet's format")]
    NameWithBar(String),
    /// A name holding a tab or a line break.
    #[error("name {0:?} holds a tab or a line break")]
    NameWithBreak(String),
    /// A name starting with `=`.
    #[error("name {0:?} starts with `=`, which marks a case-sensitive alias in gazet's format")]
    NameWithEquals(String),
    /// A spaCy line that is no JSON.
    #[error("not a JSON pattern: {0}")]
    NotJson(String),
    /// A spaCy line that is JSON but no object.
    #[error("expected a JSON object with `label` and `pattern`")]
    NotObject,
    /// A spaCy pattern without a `label` string.
    #[error("the pattern has no `label` string")]
    NoLabelField,
    /// A spaCy token pattern.
    #[error("token patterns are not supported; use phrase patterns (a string)")]
    TokenPattern,
    /// A spaCy pattern without a `pattern` string.
    #[error("the pattern has no `pattern` string")]
    NoPatternField,
    /// A spaCy `id` that is neither a string nor a number.
    #[error("`id` {0} is neither a string nor a number")]
    IdType(String),
    /// A line of a GATE `lists.def` that is not a definition.
    #[error("expected list.lst:majorType[:minorType[:language[:annotationType]]]")]
    GateDefinition,
    /// A definition naming no list (reported as [`ImportError::GateDefinition`]).
    #[error("")]
    ListUnnamed,
    /// A GATE list outside the folder of its `lists.def`.
    #[error("{list} lies outside the folder of {def}; not read")]
    ListOutside {
        /// The list as the definition names it.
        list: String,
        /// The `lists.def`.
        def: String,
    },
    /// A GATE list that could not be read.
    #[error("cannot read {path}: {message}")]
    ListUnreadable {
        /// The list.
        path: String,
        /// What the system said.
        message: String,
    },
    /// A file that is not valid UTF-8 (at this line).
    #[error("not valid UTF-8")]
    NotUtf8,
    /// A RegexNER line with too few or too many fields.
    #[error("expected 2 to 4 tab-separated fields (pattern, type, overwritable types, priority), found {0}")]
    FieldCount(usize),
    /// A RegexNER pattern with a `\` class: a regular expression.
    #[error("pattern {0:?} is a regular expression (`\\` class); only literal names are imported")]
    RegexClass(String),
    /// A RegexNER pattern with a metacharacter: a regular expression.
    #[error(
        "pattern {pattern:?} is a regular expression (`{meta}`); only literal names are imported"
    )]
    Regex {
        /// The pattern.
        pattern: String,
        /// Its first metacharacter.
        meta: char,
    },
    /// A RegexNER priority that is no finite number.
    #[error("priority {0:?} is not a number")]
    Priority(String),
    /// A file of a format without labels, read without one.
    #[error("a {format} file carries no label: give it one with the file ({format}:ORG:{base}, or LOC, PER)")]
    NoLabel {
        /// The format.
        format: Format,
        /// The file's name without its folder.
        base: String,
    },
    /// A FlashText file that starts as JSON but is no JSON object.
    #[error("not a FlashText dictionary (a JSON object): {0}")]
    NotFlashText(String),
    /// A FlashText label's clean names that are not an object.
    #[error("{0}")]
    Json(String),
    /// A FlashText clean name without a list of keywords.
    #[error("`{0}`: expected a list of keywords")]
    NotKeywordList(String),
    /// A FlashText key that is neither keywords nor clean names.
    #[error("`{0}`: expected a list of keywords, or an object of clean names under a label")]
    NotKeywordsOrNames(String),
    /// A FlashText keyword that is not a string.
    #[error("`{clean}`: keyword {keyword} is not a string")]
    KeywordNotString {
        /// The clean name.
        clean: String,
        /// The keyword, as JSON.
        keyword: String,
    },
}

/// What gazet reads from another tool's file otherwise than written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportWarning {
    /// Entries of a label mapped to `-`, said once per label.
    #[error("{n} {} labelled `{label}` left out, as mapped", if *.n == 1 { "entry" } else { "entries" })]
    LeftOut {
        /// The label.
        label: String,
        /// How many entries.
        n: usize,
    },
    /// RegexNER overwritable types, said once per file.
    #[error(
        "overwritable types are ignored: gazet has no earlier labels for a pattern to overwrite"
    )]
    OverwritableIgnored,
    /// A RegexNER pattern given the same label twice.
    #[error("`{pattern}` is {label} already at line {line}; this line is left out")]
    AlreadyLabelled {
        /// The pattern.
        pattern: String,
        /// Its label.
        label: Label,
        /// The line kept.
        line: usize,
    },
    /// A RegexNER pattern with a higher priority elsewhere.
    #[error("`{pattern}` has a higher priority at line {line}; this line is left out")]
    HigherPriority {
        /// The pattern.
        pattern: String,
        /// The line kept.
        line: usize,
    },
}

/// A gazetteer format gazet does not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown gazetteer format `{0}` (expected one of: {all})", all = Format::ALL.map(Format::as_str).join(", "))]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// How to read one gazetteer file: its format (found from the file when
/// not given), the label of a format that has none, and the label mapping.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Import {
    /// The format; `None` finds it from the file's name and first line.
    pub format: Option<Format>,
    /// The label of every entry, for a plain list or a FlashText dictionary.
    pub label: Option<Label>,
    /// Labels of the other tool mapped by the user.
    pub label_map: LabelMap,
}

impl Import {
    /// Reading in a given format.
    pub fn format(format: Format) -> Import {
        Import {
            format: Some(format),
            ..Import::default()
        }
    }

    /// Splits a gazetteer source written `FORMAT:PATH`, or `list:LABEL:PATH`
    /// and `flashtext:LABEL:PATH` for the formats that carry no label.
    /// `None` when the text does not start with a format's name and a
    /// colon, so that any other path is a path.
    pub fn parse_source(spec: &str) -> Option<Result<(Import, &str), Error>> {
        let (head, rest) = spec.split_once(':')?;
        let format: Format = head.parse().ok()?;
        let mut import = Import::format(format);
        let mut path = rest;
        if format.needs_label() {
            if let Some((l, p)) = rest.split_once(':') {
                if let Ok(label) = l.parse::<Label>() {
                    import.label = Some(label);
                    path = p;
                }
            }
            // A FlashText dictionary may hold its labels; a list cannot.
            if format == Format::List && import.label.is_none() {
                return Some(Err(Error::ListWithoutLabel {
                    spec: spec.to_owned(),
                    path: rest.to_owned(),
                }));
            }
        }
        if path.is_empty() {
            return Some(Err(Error::NoFileAfterFormat {
                spec: spec.to_owned(),
            }));
        }
        Some(Ok((import, path)))
    }

    /// The format of `path`: the one given, else found from its extension
    /// (`.jsonl` spaCy, `.def` GATE, `.json` FlashText) or, for any other
    /// name, from its first line that is neither blank nor a `#` comment:
    /// two or three tab-separated fields (the third no gazet kind), or four
    /// with a number last and no gazet label second, are RegexNER; anything
    /// else is gazet's TSV.
    pub fn resolve(&self, path: &Path, bytes: &[u8]) -> Format {
        if let Some(f) = self.format {
            return f;
        }
        match path.extension().and_then(|e| e.to_str()) {
            Some("jsonl") => return Format::Spacy,
            Some("def") => return Format::Gate,
            Some("json") => return Format::FlashText,
            _ => {}
        }
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
        let first = head
            .lines()
            .map(str::trim_end)
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        let Some(first) = first else {
            return Format::Gazet;
        };
        let fields: Vec<&str> = first.split('\t').map(str::trim).collect();
        // A RegexNER third column lists upper-case NER types; a gazet kind
        // there is a gazet line cut short, which its parser explains.
        let cut_short = fields.len() == 3 && known_kind(fields[2]).is_some();
        match fields.len() {
            2 | 3 if !cut_short => Format::RegexNer,
            4 if fields[1].parse::<Label>().is_err() && fields[3].parse::<f64>().is_ok() => {
                Format::RegexNer
            }
            _ => Format::Gazet,
        }
    }

    /// The gazet label and kind of another tool's label: the user's
    /// mapping first, then a label of the schema spelt the same (`GPE`,
    /// where a schema declares it), then the built-in mapping. `Ok(None)`:
    /// left out.
    fn map(&self, raw: &str) -> Result<Target, ImportError> {
        let upper = raw.trim().to_uppercase();
        if let Some(t) = self.label_map.target(&upper) {
            return Ok(t);
        }
        if let Ok(label) = raw.trim().parse::<Label>() {
            return Ok(Some((label, default_kind(label))));
        }
        BUILT_IN
            .iter()
            .find(|(f, _, _)| *f == upper)
            .map(|&(_, l, k)| Some((l, k)))
            .ok_or_else(|| {
                let labels = Label::all().iter().map(|l| l.as_str()).collect::<Vec<_>>();
                ImportError::Unmapped {
                    label: raw.trim().to_owned(),
                    labels: labels.join(", "),
                }
            })
    }
}

/// The labels of spaCy (OntoNotes), CoreNLP and GATE that have a gazet
/// label, each with the kind it implies. `NORP` (nationalities, religious
/// and political groups) and `NATIONALITY` are not here: they name
/// adjectives and groups of people more often than organisations, so they
/// are mapped only by the user.
const BUILT_IN: &[(&str, Label, &str)] = &[
    ("ORG", Label::ORG, "organization"),
    ("ORGANIZATION", Label::ORG, "organization"),
    ("ORGANISATION", Label::ORG, "organization"),
    ("LOC", Label::LOC, "region"),
    ("LOCATION", Label::LOC, "region"),
    ("GPE", Label::LOC, "region"),
    ("FAC", Label::LOC, "feature"),
    ("FACILITY", Label::LOC, "feature"),
    ("CITY", Label::LOC, "city"),
    ("COUNTRY", Label::LOC, "country"),
    ("STATE_OR_PROVINCE", Label::LOC, "province"),
    ("PER", Label::PER, "person"),
    ("PERSON", Label::PER, "person"),
];

/// One entity read from another tool's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    /// The file and line it comes from (a GATE entry's `.lst`, not `lists.def`).
    pub file: String,
    pub line: usize,
    /// The id the source gives; without one the parser makes it from the name.
    pub id: Option<String>,
    pub label: Label,
    pub kind: &'static str,
    /// Every name, the canonical one first, each once.
    pub names: Vec<String>,
}

/// What a reader found.
#[derive(Debug, Default)]
pub(crate) struct Read {
    pub records: Vec<Record>,
    pub errors: Vec<LineError>,
    pub warnings: Vec<LineError>,
    /// Record index by given id (spaCy, GATE) or merge key, for merging.
    merge: HashMap<String, usize>,
}

impl Read {
    fn error(&mut self, file: &str, line: usize, problem: ImportError) {
        self.errors.push(LineError::new(file, line, problem));
    }

    fn warn(&mut self, file: &str, line: usize, warning: ImportWarning) {
        self.warnings.push(LineError::new(file, line, warning));
    }

    /// Adds `name` to the entity under `key`, or a new entity; an entity
    /// met again must keep its label.
    fn merge(
        &mut self,
        key: Option<String>,
        record: Record,
        what: &str,
    ) -> Result<(), ImportError> {
        let Some(key) = key else {
            self.records.push(record);
            return Ok(());
        };
        match self.merge.get(&key) {
            Some(&i) => {
                let first = &mut self.records[i];
                if first.label != record.label {
                    return Err(ImportError::LabelledOtherwise {
                        what: what.to_owned(),
                        label: record.label,
                        first: first.label,
                        file: first.file.clone(),
                        line: first.line,
                    });
                }
                for n in record.names {
                    if !first.names.contains(&n) {
                        first.names.push(n);
                    }
                }
            }
            None => {
                self.merge.insert(key, self.records.len());
                self.records.push(record);
            }
        }
        Ok(())
    }
}

/// A name as gazet's TSV can hold it: trimmed, non-empty, and free of the
/// characters that format gives a meaning to, so that reading a file
/// directly and reading its conversion give the same entities.
fn name(raw: &str) -> Result<String, ImportError> {
    let n = raw.trim();
    if n.is_empty() {
        return Err(ImportError::EmptyName);
    }
    if n.contains('|') {
        return Err(ImportError::NameWithBar(n.to_owned()));
    }
    if n.contains(['\t', '\n', '\r']) {
        return Err(ImportError::NameWithBreak(n.to_owned()));
    }
    if n.starts_with('=') {
        return Err(ImportError::NameWithEquals(n.to_owned()));
    }
    Ok(n.to_owned())
}

/// A given id as an id: whitespace inside it becomes `_`, since gazet ids
/// have none; an empty one is no id.
fn given_id(raw: &str) -> Option<String> {
    let id = raw.split_whitespace().collect::<Vec<_>>().join("_");
    Some(id).filter(|i| !i.is_empty())
}

/// An id made from a name: lower case, letters and digits, `_` between
/// words (`Eurasian Frontiers Institute` → `eurasian_frontiers_institute`);
/// empty for a name of punctuation alone. Imported entities and suggested
/// ones get their ids from it.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// The non-blank lines of `text` that are not `#` comments, numbered from 1.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(n, l)| (n + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// Reads one file of another tool. `parts` are the files a GATE
/// `lists.def` names, in the order [`gate_lists`] gives them.
pub(crate) fn read(
    format: Format,
    import: &Import,
    file: &str,
    text: &str,
    parts: &[(String, Result<Vec<u8>, ImportError>)],
) -> Read {
    let mut r = Read::default();
    match format {
        Format::Gazet => {}
        Format::Spacy => spacy(&mut r, import, file, text),
        Format::Gate => gate(&mut r, import, file, text, parts),
        Format::RegexNer => regexner(&mut r, import, file, text),
        Format::FlashText => flashtext(&mut r, import, file, text),
        Format::List => list(&mut r, import, file, text),
    }
    r
}

/// Counts the entries left out by a `FROM=-` mapping, to say so once per label.
#[derive(Default)]
struct LeftOut(Vec<(String, usize, usize)>);

impl LeftOut {
    fn add(&mut self, label: &str, line: usize) {
        match self.0.iter_mut().find(|(l, _, _)| l == label) {
            Some(e) => e.2 += 1,
            None => self.0.push((label.to_owned(), line, 1)),
        }
    }

    fn report(self, r: &mut Read, file: &str) {
        for (label, line, n) in self.0 {
            r.warn(file, line, ImportWarning::LeftOut { label, n });
        }
    }
}

fn spacy(r: &mut Read, import: &Import, file: &str, text: &str) {
    let mut left_out = LeftOut::default();
    for (line, raw) in data_lines(text) {
        if let Err(m) = spacy_line(r, import, file, line, raw, &mut left_out) {
            r.error(file, line, m);
        }
    }
    left_out.report(r, file);
}

fn spacy_line(
    r: &mut Read,
    import: &Import,
    file: &str,
    line: usize,
    raw: &str,
    left_out: &mut LeftOut,
) -> Result<(), ImportError> {
    let value: serde_json::Value =
        serde_json::from_str(raw).map_err(|e| ImportError::NotJson(e.to_string()))?;
    let obj = value.as_object().ok_or(ImportError::NotObject)?;
    let label = obj
        .get("label")
        .and_then(|l| l.as_str())
        .ok_or(ImportError::NoLabelField)?;
    let pattern = match obj.get("pattern") {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Array(_)) => return Err(ImportError::TokenPattern),
        _ => return Err(ImportError::NoPatternField),
    };
    let id = match obj.get("id") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => given_id(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(other) => return Err(ImportError::IdType(other.to_string())),
    };
    let Some((label_to, kind)) = import.map(label)? else {
        left_out.add(label, line);
        return Ok(());
    };
    let pattern = name(pattern)?;
    let record = Record {
        file: file.to_owned(),
        line,
        id: id.clone(),
        label: label_to,
        kind,
        names: vec![pattern.clone()],
    };
    // Patterns with one id are one entity; without an id, a pattern
    // repeated with its label is the same entity again.
    let (key, what) = match &id {
        Some(i) => (format!("id\t{i}"), format!("id `{i}`")),
        None => (format!("name\t{label_to}\t{pattern}"), String::new()),
    };
    r.merge(Some(key), record, &what)
}

/// The `.lst` files a GATE `lists.def` names: (line of the definition,
/// file name), one for each line that is neither blank nor a comment (an
/// empty name where the line names none).
pub(crate) fn gate_lists(def: &str) -> Vec<(usize, String)> {
    data_lines(def)
        .map(|(line, l)| {
            (
                line,
                l.split(':').next().unwrap_or_default().trim().to_owned(),
            )
        })
        .collect()
}

fn gate(
    r: &mut Read,
    import: &Import,
    file: &str,
    text: &str,
    parts: &[(String, Result<Vec<u8>, ImportError>)],
) {
    let mut left_out = LeftOut::default();
    for ((def_line, raw), (lst, bytes)) in data_lines(text).zip(parts) {
        let fields: Vec<&str> = raw.split(':').map(str::trim).collect();
        let major = fields.get(1).copied().unwrap_or_default();
        let minor = fields.get(2).copied().unwrap_or_default();
        if major.is_empty() || fields[0].is_empty() {
            r.error(file, def_line, ImportError::GateDefinition);
            continue;
        }
        let bytes = match bytes {
            Ok(b) => b,
            Err(m) => {
                r.error(file, def_line, m.clone());
                continue;
            }
        };
        let lst_text = match std::str::from_utf8(bytes) {
            Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
            Err(e) => {
                let line = crate::text::offsets::line_of(bytes, e.valid_up_to());
                r.error(lst, line, ImportError::NotUtf8);
                continue;
            }
        };
        // The list's own type is looked up once; an entry with a `label`
        // feature does not need it, so its failure is said once, at the
        // definition, and only if some entry does.
        let from_major = import.map(major);
        let mut major_reported = false;
        for (line, raw) in data_lines(lst_text) {
            let (entry, features) = gate_entry(raw);
            let label = features.iter().find(|(k, _)| *k == "label").map(|p| p.1);
            let mapped = match label {
                Some(l) => import.map(l),
                None => from_major.clone(),
            };
            let target = match mapped {
                Ok(t) => t,
                Err(m) if label.is_some() => {
                    r.error(lst, line, m);
                    continue;
                }
                Err(m) => {
                    if !major_reported {
                        r.error(file, def_line, ImportError::MajorType(Box::new(m)));
                        major_reported = true;
                    }
                    continue;
                }
            };
            let Some((label_to, default)) = target else {
                left_out.add(label.unwrap_or(major), def_line);
                continue;
            };
            let kind = match features.iter().find(|(k, _)| *k == "kind") {
                Some((_, k)) => match check_kind(k, label_to) {
                    Ok(k) => k,
                    Err(m) => {
                        r.error(lst, line, m.into());
                        continue;
                    }
                },
                None => check_kind(minor, label_to).unwrap_or(default),
            };
            let id = features
                .iter()
                .find(|(k, _)| *k == "id")
                .or_else(|| features.iter().find(|(k, _)| *k == "inst"))
                .and_then(|(_, v)| given_id(v));
            let result = name(entry).and_then(|n| {
                let what = format!("id `{}`", id.as_deref().unwrap_or_default());
                r.merge(
                    id.clone(),
                    Record {
                        file: lst.clone(),
                        line,
                        id,
                        label: label_to,
                        kind,
                        names: vec![n],
                    },
                    &what,
                )
            });
            if let Err(m) = result {
                r.error(lst, line, m);
            }
        }
    }
    left_out.report(r, file);
}

/// A `.lst` line: the entry and its `&feature=value`s. A `&` not followed
/// by `name=` belongs to the entry (`AT&T`).
fn gate_entry(raw: &str) -> (&str, Vec<(&str, &str)>) {
    let mut parts = raw.split('&');
    let first = parts.next().unwrap_or_default();
    let mut entry_end = first.len();
    let mut features = Vec::new();
    let mut offset = first.len();
    for p in parts {
        let is_feature = p.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_')
        });
        if is_feature {
            if let Some((k, v)) = p.split_once('=') {
                features.push((k, v.trim()));
            }
        } else if features.is_empty() {
            entry_end = offset + 1 + p.len();
        }
        offset += 1 + p.len();
    }
    (&raw[..entry_end], features)
}

fn regexner(r: &mut Read, import: &Import, file: &str, text: &str) {
    let mut left_out = LeftOut::default();
    let mut overwritable_said = false;
    // Pattern → (record index, priority) of the lines kept for it.
    let mut by_pattern: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
    let mut dropped = vec![false; 0];
    for (line, raw) in data_lines(text) {
        let fields: Vec<&str> = raw.split('\t').map(str::trim).collect();
        if !(2..=4).contains(&fields.len()) {
            r.error(file, line, ImportError::FieldCount(fields.len()));
            continue;
        }
        let pattern = match literal(fields[0]).and_then(|p| name(&p)) {
            Ok(p) => p,
            Err(m) => {
                r.error(file, line, m);
                continue;
            }
        };
        let target = match import.map(fields[1]) {
            Ok(t) => t,
            Err(m) => {
                r.error(file, line, m);
                continue;
            }
        };
        if fields.get(2).is_some_and(|o| !o.is_empty()) && !overwritable_said {
            r.warn(file, line, ImportWarning::OverwritableIgnored);
            overwritable_said = true;
        }
        let priority = match fields.get(3).filter(|p| !p.is_empty()) {
            None => 0.0,
            Some(p) => match p.parse::<f64>() {
                Ok(x) if x.is_finite() => x,
                _ => {
                    r.error(file, line, ImportError::Priority((*p).to_owned()));
                    continue;
                }
            },
        };
        let Some((label, kind)) = target else {
            left_out.add(fields[1], line);
            continue;
        };
        let kept = by_pattern.entry(pattern.clone()).or_default();
        if let Some(&(i, _)) = kept.iter().find(|(i, _)| r.records[*i].label == label) {
            let first = &r.records[i];
            let warning = ImportWarning::AlreadyLabelled {
                pattern: pattern.clone(),
                label,
                line: first.line,
            };
            r.warn(file, line, warning);
            continue;
        }
        // RegexNER lets the higher priority win where patterns match the
        // same text; gazet can do that where the patterns are the same.
        let best = kept.iter().map(|k| k.1).fold(f64::NEG_INFINITY, f64::max);
        if !kept.is_empty() && priority < best {
            let warning = ImportWarning::HigherPriority {
                pattern: pattern.clone(),
                line: r.records[kept[0].0].line,
            };
            r.warn(file, line, warning);
            continue;
        }
        if priority > best {
            for &(i, _) in kept.iter() {
                dropped[i] = true;
                let warning = ImportWarning::HigherPriority {
                    pattern: pattern.clone(),
                    line,
                };
                let at = r.records[i].line;
                r.warn(file, at, warning);
            }
            kept.clear();
        }
        kept.push((r.records.len(), priority));
        dropped.push(false);
        r.records.push(Record {
            file: file.to_owned(),
            line,
            id: None,
            label,
            kind,
            names: vec![pattern],
        });
    }
    let mut keep = dropped.iter().map(|d| !d);
    r.records.retain(|_| keep.next().unwrap_or(true));
    r.warnings.sort_by_key(|w| w.line);
    left_out.report(r, file);
}

/// The literal text of a RegexNER pattern. Its tokens are regular
/// expressions; one that is plainly a name is read as one: `\` before a
/// punctuation mark escapes it, and a bare `.` is taken as the full stop it
/// almost always is in a name (`U.S.`, `St. Petersburg`). Any other
/// metacharacter makes it a regular expression, which gazet's exact
/// matching cannot follow.
fn literal(pattern: &str) -> Result<String, ImportError> {
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e) if !e.is_alphanumeric() && !e.is_whitespace() => out.push(e),
                _ => return Err(ImportError::RegexClass(pattern.to_owned())),
            },
            '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '^' | '$' => {
                return Err(ImportError::Regex {
                    pattern: pattern.to_owned(),
                    meta: c,
                })
            }
            c => out.push(c),
        }
    }
    Ok(out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The problem of a format without labels read without one.
fn no_label(format: Format, file: &str) -> ImportError {
    let base = Path::new(file)
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    ImportError::NoLabel { format, base }
}

fn list(r: &mut Read, import: &Import, file: &str, text: &str) {
    let Some(label) = import.label else {
        r.error(file, 1, no_label(Format::List, file));
        return;
    };
    for (line, raw) in data_lines(text) {
        let result = name(raw).and_then(|n| {
            r.merge(
                Some(n.clone()),
                Record {
                    file: file.to_owned(),
                    line,
                    id: None,
                    label,
                    kind: default_kind(label),
                    names: vec![n],
                },
                "the name",
            )
        });
        if let Err(m) = result {
            r.error(file, line, m);
        }
    }
}

/// A JSON object with its keys in file order (the `serde_json` map sorts them).
struct Ordered(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(kv) = m.next_entry()? {
                    out.push(kv);
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Finds the lines of JSON strings in file order: a dictionary's entries
/// have no line of their own once parsed, but errors name one.
struct Lines<'a> {
    text: &'a str,
    at: usize,
}

impl Lines<'_> {
    /// The line of the next occurrence of `s` as a JSON string, or the
    /// current line when it is written otherwise (with escapes).
    fn find(&mut self, s: &str) -> usize {
        let quoted = serde_json::to_string(s).unwrap_or_default();
        if let Some(i) = self.text[self.at..].find(&quoted) {
            self.at += i + quoted.len();
        }
        self.text[..self.at].matches('\n').count() + 1
    }
}

fn flashtext(r: &mut Read, import: &Import, file: &str, text: &str) {
    if text.trim_start().starts_with('{') {
        flashtext_json(r, import, file, text);
        return;
    }
    let Some(label) = import.label else {
        r.error(file, 1, no_label(Format::FlashText, file));
        return;
    };
    for (line, raw) in data_lines(text) {
        let (keyword, clean) = raw.split_once("=>").unwrap_or((raw, raw));
        let result = name(clean).and_then(|clean| {
            let keyword = name(keyword)?;
            r.merge(
                Some(format!("{label}\t{clean}")),
                Record {
                    file: file.to_owned(),
                    line,
                    id: None,
                    label,
                    kind: default_kind(label),
                    names: vec![clean.clone(), keyword],
                },
                "the clean name",
            )
        });
        if let Err(m) = result {
            r.error(file, line, m);
        }
    }
}

/// `{"clean name": ["keyword", ...]}` with the label given, or
/// `{"LABEL": {"clean name": [...]}}` with the labels inside.
fn flashtext_json(r: &mut Read, import: &Import, file: &str, text: &str) {
    let top: Ordered = match serde_json::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            r.error(
                file,
                e.line().max(1),
                ImportError::NotFlashText(e.to_string()),
            );
            return;
        }
    };
    let mut lines = Lines { text, at: 0 };
    let mut left_out = LeftOut::default();
    for (key, value) in top.0 {
        let line = lines.find(&key);
        match value {
            serde_json::Value::Array(keywords) => {
                let Some(label) = import.label else {
                    r.error(file, line, no_label(Format::FlashText, file));
                    return;
                };
                flashtext_entry(
                    r,
                    &mut lines,
                    file,
                    line,
                    (label, default_kind(label)),
                    &key,
                    &keywords,
                );
            }
            serde_json::Value::Object(_) => {
                let inner: Ordered = match serde_json::from_value(value) {
                    Ok(o) => o,
                    Err(e) => {
                        r.error(file, line, ImportError::Json(e.to_string()));
                        continue;
                    }
                };
                let target = match import.map(&key) {
                    Ok(Some(t)) => t,
                    Ok(None) => {
                        left_out.add(&key, line);
                        continue;
                    }
                    Err(m) => {
                        r.error(file, line, m);
                        continue;
                    }
                };
                for (clean, keywords) in inner.0 {
                    let line = lines.find(&clean);
                    match keywords {
                        serde_json::Value::Array(k) => {
                            flashtext_entry(r, &mut lines, file, line, target, &clean, &k)
                        }
                        _ => r.error(file, line, ImportError::NotKeywordList(clean)),
                    }
                }
            }
            _ => r.error(file, line, ImportError::NotKeywordsOrNames(key)),
        }
    }
    left_out.report(r, file);
}

fn flashtext_entry(
    r: &mut Read,
    lines: &mut Lines,
    file: &str,
    line: usize,
    (label, kind): (Label, &'static str),
    clean: &str,
    keywords: &[serde_json::Value],
) {
    let mut names = match name(clean) {
        Ok(n) => vec![n],
        Err(m) => {
            r.error(file, line, m);
            return;
        }
    };
    for k in keywords {
        let Some(k) = k.as_str() else {
            r.error(
                file,
                line,
                ImportError::KeywordNotString {
                    clean: clean.to_owned(),
                    keyword: k.to_string(),
                },
            );
            return;
        };
        let at = lines.find(k);
        match name(k) {
            Ok(k) if !names.contains(&k) => names.push(k),
            Ok(_) => {}
            Err(m) => {
                r.error(file, at, m);
                return;
            }
        }
    }
    let record = Record {
        file: file.to_owned(),
        line,
        id: None,
        label,
        kind,
        names,
    };
    if let Err(m) = r.merge(Some(format!("{label}\t{clean}")), record, "the clean name") {
        r.error(file, line, m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_as(format: Format, label: Option<Label>, text: &str) -> Read {
        let import = Import {
            format: Some(format),
            label,
            label_map: LabelMap::default(),
        };
        read(format, &import, "f", text, &[])
    }

    fn names(r: &Read) -> Vec<(Label, &str, Vec<&str>)> {
        r.records
            .iter()
            .map(|x| {
                (
                    x.label,
                    x.kind,
                    x.names.iter().map(String::as_str).collect(),
                )
            })
            .collect()
    }

    fn errors(r: &Read) -> Vec<String> {
        r.errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_underscores() {
        for (name, want) in [
            ("Bank of America", "bank_of_america"),
            ("  U.S.  ", "u_s"),
            ("Алматы", "алматы"),
            ("!!!", ""),
        ] {
            assert_eq!(slug(name), want, "{name}");
        }
    }

    #[test]
    fn regexner_literals_are_unescaped_and_regexes_refused() {
        assert_eq!(literal(r"U\.S\. Army").unwrap(), "U.S. Army");
        assert_eq!(literal("St. Petersburg").unwrap(), "St. Petersburg");
        assert_eq!(literal("Bank   of America").unwrap(), "Bank of America");
        for p in ["Bank.*", "[A-Z]ank", r"\d+ Street", "(Big|Small) Co"] {
            assert!(literal(p).is_err(), "{p}");
        }
    }

    #[test]
    fn gate_features_follow_ampersands_that_start_name_equals() {
        assert_eq!(
            gate_entry("AT&T&id=att&kind=company"),
            ("AT&T", vec![("id", "att"), ("kind", "company")])
        );
        assert_eq!(gate_entry("Paris"), ("Paris", vec![]));
        assert_eq!(gate_entry("A & B"), ("A & B", vec![]));
    }

    #[test]
    fn spacy_patterns_with_one_id_are_one_entity() {
        let r = read_as(
            Format::Spacy,
            None,
            "{\"label\":\"GPE\",\"pattern\":\"San Francisco\",\"id\":\"sf\"}\n\n{\"label\":\"GPE\",\"pattern\":\"SF\",\"id\":\"sf\"}\n{\"label\":\"ORG\",\"pattern\":\"Apple\"}\n",
        );
        assert_eq!(errors(&r), Vec::<String>::new());
        assert_eq!(
            names(&r),
            [
                (Label::LOC, "region", vec!["San Francisco", "SF"]),
                (Label::ORG, "organization", vec!["Apple"])
            ]
        );
        assert_eq!(r.records[1].id, None);
    }

    #[test]
    fn spacy_refusals_name_the_line() {
        for (text, want) in [
            (
                "{\"label\":\"ORG\",\"pattern\":[{\"LOWER\":\"apple\"}]}",
                "f:1: token patterns are not supported; use phrase patterns (a string)",
            ),
            (
                "{\"label\":\"NORP\",\"pattern\":\"Russian\"}",
                "f:1: label `NORP` maps to none of ORG, LOC, PER",
            ),
            ("\n{\"label\":\"ORG\"}", "f:2: the pattern has no `pattern` string"),
            ("{label", "f:1: not a JSON pattern"),
            (
                "{\"label\":\"ORG\",\"pattern\":\"A\",\"id\":\"x\"}\n{\"label\":\"PERSON\",\"pattern\":\"B\",\"id\":\"x\"}",
                "f:2: id `x` is labelled PER here but ORG at f:1",
            ),
            (
                "{\"label\":\"ORG\",\"pattern\":\"A | B\"}",
                "f:1: name \"A | B\" holds `|`",
            ),
        ] {
            let es = errors(&read_as(Format::Spacy, None, text));
            assert!(
                es.iter().any(|e| e.starts_with(want)),
                "{text}: expected {want:?}, got {es:?}"
            );
        }
    }

    #[test]
    fn a_user_mapping_comes_first_and_can_leave_entries_out() {
        let import = Import {
            format: Some(Format::Spacy),
            label: None,
            label_map: "norp=ORG:party, ORG=-".parse().unwrap(),
        };
        let r = read(
            Format::Spacy,
            &import,
            "f",
            "{\"label\":\"NORP\",\"pattern\":\"Greens\"}\n{\"label\":\"ORG\",\"pattern\":\"Apple\"}\n",
            &[],
        );
        assert_eq!(names(&r), [(Label::ORG, "party", vec!["Greens"])]);
        assert_eq!(
            r.warnings[0].to_string(),
            "f:2: 1 entry labelled `ORG` left out, as mapped"
        );
        for bad in ["NORP", "NORP=XYZ", "NORP=LOC:alliance"] {
            assert!(bad.parse::<LabelMap>().is_err(), "{bad}");
        }
    }

    #[test]
    fn regexner_priority_decides_between_identical_patterns() {
        let r = read_as(
            Format::RegexNer,
            None,
            "Jordan\tPERSON\n Jordan\tCOUNTRY\t\t2\nJordan\tCOUNTRY\nAmazon\tORGANIZATION\tLOCATION\t1\nAmazon\tLOCATION\t\t1\n",
        );
        assert_eq!(errors(&r), Vec::<String>::new());
        assert_eq!(
            names(&r),
            [
                (Label::LOC, "country", vec!["Jordan"]),
                (Label::ORG, "organization", vec!["Amazon"]),
                (Label::LOC, "region", vec!["Amazon"])
            ]
        );
        let warnings: Vec<String> = r.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "f:1: `Jordan` has a higher priority at line 2; this line is left out",
                "f:3: `Jordan` is LOC already at line 2; this line is left out",
                "f:4: overwritable types are ignored: gazet has no earlier labels for a pattern to overwrite",
            ]
        );
    }

    #[test]
    fn flashtext_reads_dictionaries_and_keyword_lines() {
        let r = read_as(
            Format::FlashText,
            Some(Label::ORG),
            "{\n  \"Apple Inc.\": [\"Apple\", \"AAPL\"],\n  \"Alphabet\": [\"Google\"]\n}\n",
        );
        assert_eq!(
            names(&r),
            [
                (
                    Label::ORG,
                    "organization",
                    vec!["Apple Inc.", "Apple", "AAPL"]
                ),
                (Label::ORG, "organization", vec!["Alphabet", "Google"])
            ]
        );
        let r = read_as(
            Format::FlashText,
            None,
            "{\"LOC\": {\"New York\": [\"NYC\"]},\n \"PER\": {\"Ada\": [7]}}",
        );
        assert_eq!(names(&r), [(Label::LOC, "region", vec!["New York", "NYC"])]);
        assert_eq!(errors(&r), ["f:2: `Ada`: keyword 7 is not a string"]);
        let r = read_as(
            Format::FlashText,
            Some(Label::LOC),
            "big apple=>New York\nNew York\nnyc=>New York\n",
        );
        assert_eq!(
            names(&r),
            [(Label::LOC, "region", vec!["New York", "big apple", "nyc"])]
        );
        let r = read_as(Format::FlashText, None, "{\"Apple\": [\"AAPL\"]}");
        assert!(
            errors(&r)[0].starts_with("f:1: a flashtext file carries no label"),
            "{:?}",
            errors(&r)
        );
    }

    #[test]
    fn a_list_needs_a_label_and_merges_repeated_names() {
        let r = read_as(
            Format::List,
            Some(Label::PER),
            "# people\nAda Lovelace\n\nAda Lovelace\nAlan Turing\n",
        );
        assert_eq!(
            names(&r),
            [
                (Label::PER, "person", vec!["Ada Lovelace"]),
                (Label::PER, "person", vec!["Alan Turing"])
            ]
        );
        assert_eq!(r.records[1].line, 5);
        let r = read_as(Format::List, None, "Ada\n");
        assert_eq!(
            errors(&r),
            ["f:1: a list file carries no label: give it one with the file (list:ORG:f, or LOC, PER)"]
        );
    }

    #[test]
    fn sources_with_a_format_prefix_are_split() {
        let (i, p) = Import::parse_source("list:ORG:names.txt").unwrap().unwrap();
        assert_eq!(
            (i.format, i.label, p),
            (Some(Format::List), Some(Label::ORG), "names.txt")
        );
        let (i, p) = Import::parse_source("regexner:a:b.tsv").unwrap().unwrap();
        assert_eq!(
            (i.format, i.label, p),
            (Some(Format::RegexNer), None, "a:b.tsv")
        );
        assert!(Import::parse_source("C:\\x.tsv").is_none());
        assert!(Import::parse_source("mine.tsv").is_none());
        assert!(Import::parse_source("list:names.txt").unwrap().is_err());
    }

    #[test]
    fn formats_are_found_from_the_name_and_the_first_line() {
        let detect =
            |name: &str, text: &str| Import::default().resolve(Path::new(name), text.as_bytes());
        assert_eq!(detect("p.jsonl", ""), Format::Spacy);
        assert_eq!(detect("lists.def", ""), Format::Gate);
        assert_eq!(detect("k.json", ""), Format::FlashText);
        assert_eq!(
            detect("n.tsv", "# c\nAcme\tORGANIZATION\n"),
            Format::RegexNer
        );
        assert_eq!(
            detect("n.txt", "Acme\tORGANIZATION\tLOCATION\t2\n"),
            Format::RegexNer
        );
        assert_eq!(
            detect("g.tsv", "acme\tORG\torganization\tAcme\n"),
            Format::Gazet
        );
        assert_eq!(
            detect("g.tsv", "acme  ORG  organization  Acme\n"),
            Format::Gazet
        );
        assert_eq!(detect("g.tsv", ""), Format::Gazet);
        assert_eq!(detect("g.tsv", "acme\tORG\torganization\n"), Format::Gazet);
    }
}
