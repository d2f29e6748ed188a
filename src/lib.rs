//! gazet: gazetteer-based entity annotation with exact offsets.
//!
//! Data flows one way, one module per step:
//!
//! | step | module |
//! |---|---|
//! | files → inputs with document ids | [`input::walk`] |
//! | input → checked UTF-8 text | [`input::document`] |
//! | gazetteer files → entities | [`lexicon::gazetteer`] |
//! | text → normalised view with an offset map | [`text::normalize`] |
//! | view → whole-word alias candidates | [`matching::matcher`] |
//! | candidates → flat (or nested) mentions | [`matching::span`] |
//! | mentions → document-local acronyms | [`resolve::acronym`] |
//! | mentions → one entity each | [`resolve::disambiguate`] |
//! | names rules file → compiled name patterns | [`names::pattern`] |
//! | spans + name patterns → names no gazetteer lists | [`names::propose`] |
//! | proposed names over many documents → gazetteer entries | [`names::suggest`] |
//! | text → sentences | [`text::sentence`] |
//! | rules file → compiled relation rules | [`relations::rules`] |
//! | spans + sentences + rules → relations, trace | [`relations::extract`] |
//! | the above, per document | [`pipeline::annotate`] |
//! | many documents on all cores, in order | [`pipeline::batch`] |
//! | annotations → JSON Lines, files, relation table, brat | [`formats::output`] |
//! | a relation trace → readable text | [`relations::explain`] |
//! | hand-made gold (gazet TSV) | [`formats::gold`] |
//! | brat standoff, read and written | [`formats::brat`] |
//! | CoNLL-style BIO, written and read | [`formats::conll`] |
//! | annotation sets of any format → documents to score | [`eval::dataset`] |
//! | scores, error lists, thresholds, bootstrap | [`eval::score`] |
//! | annotations (+ gold) → static HTML report | [`eval::render`] |
//! | the guidelines' vocabulary | [`model::schema`] |
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

pub mod error;
pub mod eval;
pub mod files;
pub mod formats;
pub mod input;
pub mod lexicon;
pub mod matching;
pub mod model;
pub mod names;
pub mod pipeline;
pub mod relations;
pub mod resolve;
pub mod rulefile;
pub mod text;

pub use error::{Error, Result};
pub use input::document::Document;
pub use lexicon::gazetteer::{Gazetteer, GazetteerBuilder};
pub use model::annotation::Annotation;
pub use model::schema::{Label, Relation};
pub use model::span::Span;
pub use pipeline::annotate::{Annotator, AnnotatorBuilder};
