//! The native half of the `gazet` Python package: one annotator, built
//! once from gazetteers, relation rules and name patterns, shared by every
//! thread. The Python half (`python/gazet/`) turns its JSON into plain
//! Python objects and wraps it as a spaCy component.
//!
//! Work on text runs with the GIL released, so Python threads annotate in
//! parallel, and `annotate_many` spreads a batch over a pool of its own.

use gazet::{batch, cache, Annotator, Document, Gazetteer, Patterns, Rules, Schema};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use rayon::prelude::*;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

/// The largest chunk of a streamed document, as `gazet annotate
/// --chunk-size` allows: a chunk is held several times over, once per
/// thread.
const MAX_CHUNK: usize = 1 << 30;

/// A library error as the Python exception a caller expects: a file that
/// cannot be read is an `OSError`, anything about its content (with its
/// `file:line`) a `ValueError`.
fn to_py(e: gazet::Error) -> PyErr {
    match e {
        gazet::Error::Io { .. } => PyOSError::new_err(e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

/// An annotator: immutable once built, so one instance serves all threads.
#[pyclass(frozen, module = "gazet._gazet")]
struct NativeAnnotator {
    inner: Annotator,
    /// The pool of the last thread count asked for, kept so that a stream
    /// of batches (`pipe`) does not start threads for each one.
    pool: Mutex<Option<(usize, Arc<rayon::ThreadPool>)>>,
}

#[pymethods]
impl NativeAnnotator {
    /// Builds the annotator. Paths name extra gazetteer, rules and pattern
    /// files; the embedded ones are used unless turned off. A schema file,
    /// if given, is installed for the whole process first.
    #[new]
    #[pyo3(signature = (
        gazetteers = Vec::new(),
        rules = Vec::new(),
        patterns = Vec::new(),
        default_gazetteers = true,
        default_rules = true,
        default_patterns = true,
        overlaps = false,
        acronyms = true,
        lone_acronyms = false,
        use_cache = true,
        schema = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        gazetteers: Vec<PathBuf>,
        rules: Vec<PathBuf>,
        patterns: Vec<PathBuf>,
        default_gazetteers: bool,
        default_rules: bool,
        default_patterns: bool,
        overlaps: bool,
        acronyms: bool,
        lone_acronyms: bool,
        use_cache: bool,
        schema: Option<PathBuf>,
    ) -> PyResult<Self> {
        py.detach(|| {
            // As `--schema`: installed for the process, before anything
            // that names a label is read.
            if let Some(file) = &schema {
                Schema::install(Schema::from_file(file)?);
            }
            let mut builder = Gazetteer::builder().default_gazetteers(default_gazetteers);
            for g in &gazetteers {
                // As on the command line: `world`, `FORMAT:PATH`, a path.
                builder = builder.add_named(g)?;
            }
            let dir = if use_cache {
                cache::default_dir()
            } else {
                None
            };
            let compiled = cache::compile(&builder, dir.as_deref())?;
            Annotator::builder()
                .overlaps(overlaps)
                .acronyms(acronyms)
                .lone_acronyms(lone_acronyms)
                .rules(Rules::load(default_rules, &rules)?)
                .patterns(Patterns::load(default_patterns, &patterns)?)
                .build_compiled(compiled)
        })
        .map(|inner| NativeAnnotator {
            inner,
            pool: Mutex::new(None),
        })
        .map_err(to_py)
    }

    /// One document's annotation as a JSON object: spans and relations,
    /// offsets in code points (Python `str` indices).
    fn annotate_json(&self, py: Python<'_>, text: String, doc: String) -> String {
        py.detach(|| annotate(&self.inner, doc, text))
    }

    /// The annotations of many documents, in order, on `n_threads` threads
    /// (0: one per core).
    fn annotate_many_json(
        &self,
        py: Python<'_>,
        docs: Vec<(String, String)>,
        n_threads: usize,
    ) -> PyResult<Vec<String>> {
        py.detach(|| {
            let run = || {
                docs.into_par_iter()
                    .map(|(doc, text)| annotate(&self.inner, doc, text))
                    .collect()
            };
            if n_threads == 0 {
                // rayon's global pool has one thread per core.
                return Ok(run());
            }
            Ok(self.pool_of(n_threads)?.install(run))
        })
    }

    /// One document given as bytes, annotated in chunks of about
    /// `chunk_size` bytes as `gazet annotate` streams a file over
    /// `--stream-above`, so that time grows linearly with its size and the
    /// work holds a few chunks, not the whole text. Returns its JSON line
    /// (with `path`) and the note of what reading did (`lossy` replacements),
    /// if any. Bytes that are not UTF-8 (without `lossy`), hold a NUL, or
    /// start with a UTF-16 byte-order mark raise `ValueError`, with gazet's
    /// message.
    #[pyo3(signature = (data, doc, path, chunk_size = 4 << 20, lossy = false, n_threads = 1))]
    #[allow(clippy::too_many_arguments)]
    fn annotate_stream_json(
        &self,
        py: Python<'_>,
        data: &[u8],
        doc: String,
        path: String,
        chunk_size: usize,
        lossy: bool,
        n_threads: usize,
    ) -> PyResult<(String, Option<String>)> {
        if !(1..=MAX_CHUNK).contains(&chunk_size) {
            return Err(PyValueError::new_err(format!(
                "chunk_size must be between 1 and {MAX_CHUNK} bytes"
            )));
        }
        let input = gazet::walk::Input {
            id: doc,
            path: PathBuf::from(path),
        };
        let read = gazet::ReadOptions {
            lossy,
            stream: gazet::StreamOptions {
                above: 0,
                chunk: chunk_size,
            },
            ..gazet::ReadOptions::default()
        };
        py.detach(|| {
            let run = || {
                let mut json = String::new();
                let mut note = None;
                let mut failed = None;
                let cancel = AtomicBool::new(false);
                let _ =
                    batch::run_reader(&self.inner, &input, data, read, &cancel, &mut |_, part| {
                        match part {
                            Ok(part) => {
                                json.push_str(&part.json);
                                note = note.take().or(part.note);
                                ControlFlow::Continue(())
                            }
                            Err(e) => {
                                failed = Some(e);
                                ControlFlow::Break(())
                            }
                        }
                    });
                match failed {
                    Some(e) => Err(to_py(e)),
                    None => Ok((json.trim_end().to_owned(), note)),
                }
            };
            if n_threads == 0 {
                return run();
            }
            self.pool_of(n_threads)?.install(run)
        })
    }

    /// The ids, labels and names of the entities the gazetteers hold, as
    /// `(id, label, kind, name)`.
    fn entities(&self) -> Vec<(String, String, String, String)> {
        self.inner
            .gazetteer()
            .entities()
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    e.label.to_string(),
                    e.kind.to_string(),
                    e.name.clone(),
                )
            })
            .collect()
    }
}

impl NativeAnnotator {
    /// A pool of `n` threads: the one kept if it has that size, else a new
    /// one, kept in its place.
    fn pool_of(&self, n: usize) -> PyResult<Arc<rayon::ThreadPool>> {
        // A poisoned lock only means another call panicked; the pool is fine.
        let mut kept = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((size, pool)) = kept.as_ref() {
            if *size == n {
                return Ok(pool.clone());
            }
        }
        let pool = Arc::new(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyValueError::new_err(e.to_string()))?,
        );
        *kept = Some((n, pool.clone()));
        Ok(pool)
    }
}

fn annotate(annotator: &Annotator, doc: String, text: String) -> String {
    let annotation = annotator.annotate(&Document::new(doc, text));
    serde_json::to_string(&annotation).unwrap_or_else(|e| {
        // Plain strings and numbers always serialise; should that ever
        // change, the caller gets an error it can read, not a crash.
        serde_json::json!({"error": e.to_string()}).to_string()
    })
}

/// The native module; `gazet/__init__.py` re-exports what users need.
#[pymodule]
fn _gazet(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeAnnotator>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
