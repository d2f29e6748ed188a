//! gazet: gazetteer-based entity annotation with exact offsets.
//!
//! Data flows one way, one module per step:
//!
//! | step | module |
//! |---|---|
//! | files → inputs with document ids | [`walk`] |
//! | input → checked UTF-8 text | [`document`] |
//! | gazetteer files → entities | [`gazetteer`] |
//! | text → normalised view with an offset map | [`normalize`] |
//! | view → whole-word alias candidates | [`matcher`] |
//! | candidates → flat (or nested) mentions | [`span`] |
//! | mentions → document-local acronyms | [`acronym`] |
//! | mentions → one entity each | [`disambiguate`] |
//! | names rules file → compiled name patterns | [`pattern`] |
//! | spans + name patterns → names no gazetteer lists | [`propose`] |
//! | proposed names over many documents → gazetteer entries | [`suggest`] |
//! | text → sentences | [`sentence`] |
//! | rules file → compiled relation rules | [`rules`] |
//! | spans + sentences + rules → relations, trace | [`relations`] |
//! | the above, per document | [`annotate`] |
//! | many documents on all cores, in order | [`batch`] |
//! | annotations → JSON Lines, files, relation table, brat | [`output`] |
//! | a relation trace → readable text | [`explain`] |
//! | hand-made gold (gazet TSV) | [`gold`] |
//! | brat standoff, read and written | [`brat`] |
//! | CoNLL-style BIO, written and read | [`conll`] |
//! | annotation sets of any format → documents to score | [`dataset`] |
//! | scores, error lists, thresholds, bootstrap | [`eval`] |
//! | annotations (+ gold) → static HTML report | [`render`] |
//! | the guidelines' vocabulary | [`schema`] |
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

pub mod acronym;
pub mod annotate;
pub mod batch;
pub mod brat;
pub mod cache;
pub mod conll;
pub mod construction;
pub mod dataset;
pub mod disambiguate;
pub mod document;
pub mod error;
pub mod eval;
pub mod explain;
pub mod gazetteer;
pub mod gold;
pub mod matcher;
pub mod normalize;
pub mod output;
pub mod pattern;
pub mod propose;
pub mod relations;
pub mod render;
pub mod rulefile;
pub mod rules;
pub mod schema;
pub mod sentence;
pub mod span;
pub mod stream;
pub mod suggest;
pub mod syntax;
pub mod trie;
pub mod walk;

pub use annotate::{Annotation, Annotator, AnnotatorBuilder};
pub use document::Document;
pub use error::{Error, Result};
pub use gazetteer::{Gazetteer, GazetteerBuilder};
pub use schema::{Label, Relation};
pub use span::Span;
