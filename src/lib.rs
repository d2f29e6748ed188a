//! gazet: gazetteer-based entity annotation with exact offsets.
//!
//! Data flows one way. Each stage is a folder of `src/` and uses only the
//! stages above it (`tests/architecture.rs` checks this); `DESIGN.md` says
//! why the stages are cut as they are.
//!
//! | stage | what it does |
//! |---|---|
//! | `model` | what flows out: the [`Schema`]'s labels, kinds and relations, [`Span`], [`Annotation`], [`RelationRecord`] |
//! | `text` | normalised views with an offset map, sentences, offsets converted between units |
//! | `input` | folder walks ([`walk`]), checked UTF-8 [`Document`]s, huge files in chunks |
//! | `rulefile` | the file layout the relation rules and the name patterns share |
//! | `lexicon` | gazetteer files, gazet's or other tools' ([`import`]) → entities ([`Gazetteer`]), the cache's byte codec, schema files |
//! | `matching` | the trie, whole-word alias candidates, flat (or nested) mentions, the [`cache`] |
//! | `resolve` | document-local acronyms, one entity per mention |
//! | `names` | name patterns ([`Patterns`]) → names no gazetteer lists → gazetteer [`suggest`]ions |
//! | `relations` | relation [`Rules`] → relations with evidence, and their [`explain`]ed trace |
//! | `formats` | JSON Lines and the relation table ([`output`]), [`brat`], [`conll`], [`gold`] TSV |
//! | `pipeline` | the per-document [`Annotator`], and many documents in order on all cores ([`batch`]) |
//! | `eval` | annotation sets of any format ([`dataset`]) → [`score`]s → HTML report ([`render`]) |
//!
//! ```
//! use gazet::{Annotator, Document, Gazetteer};
//!
//! let gazetteer = Gazetteer::builder()
//!     .default_gazetteers(false)
//!     .add_source("mine.tsv", "kg\tLOC\tcountry\tKyrgyzstan\tKirghizia\n")
//!     .build()
//!     .unwrap();
//! let annotator = Annotator::builder().build(gazetteer).unwrap();
//! let doc = Document::new("d1", "Straße → KYRGYZSTAN’s capital");
//! let spans = annotator.annotate(&doc).spans;
//! assert_eq!(spans.len(), 1);
//! // Offsets are code points of the original text; the possessive stays out.
//! assert_eq!((spans[0].start, spans[0].end, spans[0].text.as_str()), (9, 19, "KYRGYZSTAN"));
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

mod error;
mod eval;
mod files;
mod formats;
mod input;
mod lexicon;
mod matching;
mod model;
mod names;
mod pipeline;
mod relations;
mod resolve;
mod rulefile;
mod text;

pub use error::{Error, LineError, LineErrors, Result};
pub use files::{remove_stale_temps, write_atomic, Ready};
pub use input::document::{output_path, Document, ReadOptions, DEFAULT_MAX_BYTES};
pub use input::stream::StreamOptions;
pub use lexicon::gazetteer::{Converted, Gazetteer, GazetteerBuilder, SourceText};
pub use model::annotation::{Annotation, Ent};
pub use model::relation::{Anchor, Evidence, Offsets, RelationRecord};
pub use model::schema::{Label, LabelMap, Relation, Schema, SchemaError, UNKNOWN_LABEL};
pub use model::span::{Flag, Reason, Span, SpanSource};
pub use names::pattern::Patterns;
pub use pipeline::annotate::{Annotator, AnnotatorBuilder};
pub use relations::rules::Rules;

// The typed problem a `LineError` carries (`LineError::downcast_ref`), for
// the files whose module is not public; the tools' modules below hold the
// others (`brat::BratError`, `gold::GoldError`, `conll::ConllLineError`,
// `import::ImportError`, `import::ImportWarning`, `batch::RecordError`).
pub use lexicon::gazetteer::GazetteerError;
pub use model::schema::{BlockError, SchemaFileError};
pub use names::pattern::{NamePatternError, NameRuleError};
pub use relations::construction::TriggerError;
pub use relations::rules::{RelationPatternError, RelationRuleError};
pub use rulefile::pattern::PatternError;
pub use rulefile::LayoutError;

// The tools behind the subcommands, one module each.
pub use eval::{dataset, render, score};
pub use formats::{brat, conll, gold, output};
pub use input::walk;
pub use lexicon::import;
pub use matching::cache;
pub use names::suggest;
pub use pipeline::batch;
pub use relations::explain;
pub use text::normalize;
