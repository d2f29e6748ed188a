//! The native half of the `gazet` Python package: one annotator, built
//! once from gazetteers, relation rules and name patterns, shared by every
//! thread. The Python half (`python/gazet/`) turns its JSON into plain
//! Python objects and wraps it as a spaCy component.
//!
//! Work on text runs with the GIL released, so Python threads annotate in
//! parallel, and `annotate_many` spreads a batch over a pool of its own.

use gazet::{batch, cache, Annotator, Document, Gazetteer, Patterns, Rules, Schema};
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use rayon::prelude::*;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;

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
    /// `--stream-above`, so that time grows linearly with its size, and
    /// handed over part by part: an iterator of `(json, note, index,
    /// last)`, where `json` is the part's own annotation (`{"doc", "path",
    /// "spans", "relations"}`, spans in the document's offsets, relations
    /// empty but in the last part, which has all of the document's) and
    /// `note` says what reading did (`lossy` replacements). The work runs
    /// on a thread of its own, at most one part ahead of the reader, so
    /// that only a few chunks and their annotations are held at a time,
    /// however big the document. Bytes that are not UTF-8 (without
    /// `lossy`), hold a NUL, or start with a UTF-16 byte-order mark raise
    /// `ValueError`, with gazet's message, from the part where they are.
    #[pyo3(signature = (data, doc, path, chunk_size = 4 << 20, lossy = false, n_threads = 1))]
    #[allow(clippy::too_many_arguments)]
    fn stream_parts_json(
        slf: Py<Self>,
        py: Python<'_>,
        data: &[u8],
        doc: String,
        path: String,
        chunk_size: usize,
        lossy: bool,
        n_threads: usize,
    ) -> PyResult<StreamParts> {
        if !(1..=MAX_CHUNK).contains(&chunk_size) {
            return Err(PyValueError::new_err(format!(
                "chunk_size must be between 1 and {MAX_CHUNK} bytes"
            )));
        }
        let pool = match n_threads {
            0 => None,
            n => Some(slf.get().pool_of(n)?),
        };
        let annotator = slf.clone_ref(py);
        // The thread outlives this call, so it gets a copy of the bytes.
        let data = data.to_vec();
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
        // One part waits in the channel while the next is annotated.
        let (tx, rx) = mpsc::sync_channel(1);
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = cancel.clone();
        let worker = std::thread::Builder::new()
            .name("gazet-stream".to_owned())
            .spawn(move || {
                let inner = &annotator.get().inner;
                let run = || send_parts(inner, &input, &data, read, &stop, &tx);
                match pool {
                    Some(pool) => pool.install(run),
                    None => run(),
                }
            })
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start a thread: {e}")))?;
        Ok(StreamParts {
            rx: Mutex::new(rx),
            cancel,
            worker: Mutex::new(Some(worker)),
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

/// One part of a streamed document: its JSON, the note of what reading
/// did, its index, and whether it is the last.
type StreamPart = (String, Option<String>, usize, bool);

/// The parts of a document being streamed (`stream_parts_json`), in order.
/// Dropping it early stops the work after the chunks under way.
#[pyclass(frozen, module = "gazet._gazet")]
struct StreamParts {
    rx: Mutex<mpsc::Receiver<gazet::Result<StreamPart>>>,
    cancel: Arc<AtomicBool>,
    worker: Mutex<Option<JoinHandle<()>>>,
}

#[pymethods]
impl StreamParts {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<StreamPart>> {
        let got = py.detach(|| self.rx.lock().unwrap_or_else(|p| p.into_inner()).recv());
        match got {
            Ok(Ok(part)) => Ok(Some(part)),
            Ok(Err(e)) => Err(to_py(e)),
            Err(_) => {
                // The sender is gone: the document is done, or the work
                // panicked, which must not pass for a short document.
                let worker = self.worker.lock().unwrap_or_else(|p| p.into_inner()).take();
                match worker.map(JoinHandle::join) {
                    Some(Err(_)) => Err(PyRuntimeError::new_err(
                        "gazet panicked while streaming the document",
                    )),
                    _ => Ok(None),
                }
            }
        }
    }
}

impl Drop for StreamParts {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Streams `data` as one document and sends each part down `tx`, until
/// the last, the first error, or a receiver that went away.
fn send_parts(
    annotator: &Annotator,
    input: &gazet::walk::Input,
    data: &[u8],
    read: gazet::ReadOptions,
    stop: &AtomicBool,
    tx: &mpsc::SyncSender<gazet::Result<StreamPart>>,
) {
    let _ = batch::run_reader(annotator, input, data, read, stop, &mut |_, part| {
        let item = part.map(|p| {
            let (index, last) = p.part.map_or((0, true), |q| (q.index, q.last));
            (to_json(&p.annotation), p.note, index, last)
        });
        let failed = item.is_err();
        if tx.send(item).is_err() || failed {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
}

fn annotate(annotator: &Annotator, doc: String, text: String) -> String {
    to_json(&annotator.annotate(&Document::new(doc, text)))
}

fn to_json(annotation: &gazet::Annotation) -> String {
    serde_json::to_string(annotation).unwrap_or_else(|e| {
        // Plain strings and numbers always serialise; should that ever
        // change, the caller gets an error it can read, not a crash.
        serde_json::json!({"error": e.to_string()}).to_string()
    })
}

/// The native module; `gazet/__init__.py` re-exports what users need.
#[pymodule]
fn _gazet(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeAnnotator>()?;
    m.add_class::<StreamParts>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
