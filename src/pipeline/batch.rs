//! Annotating many documents on all cores, in input order.
//!
//! Documents are read, annotated and serialised in parallel on the rayon
//! pool; the calling thread hands the results to the caller in input order
//! as they become ready, through a reorder buffer bounded to a window of
//! documents, so output is the same whatever the thread count and memory
//! stays bounded by the window.
//!
//! A file too large to hold is streamed (cut into chunks at safe places):
//! its chunks are annotated in parallel and handed over in order as
//! [`Part`]s, each with its piece of the document's JSON line, so memory
//! stays bounded by a few chunks whatever the file's size.

use crate::error::{Error, LineError, Result};
use crate::formats::output::to_json_line;
use crate::input::document::{Document, ReadOptions};
use crate::input::stream::{Chunk, ChunkReader};
use crate::input::walk::Input;
use crate::model::annotation::Annotation;
use crate::model::relation::RelationRecord;
use crate::model::schema::{Label, Relation};
use crate::pipeline::annotate::{Annotator, ChunkMatches};
use crate::resolve::acronym::Carried;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};
use std::time::Duration;

/// One document's result, ready to write, or one part of a streamed one.
#[derive(Debug)]
pub struct Annotated {
    /// For a part: the chunk's spans, in the document's offsets; the last
    /// part also has all the document's relations.
    pub annotation: Annotation,
    /// The annotation as a JSON line; for a part, its piece of the line
    /// (the pieces of all parts, in order, are the document's line).
    pub json: String,
    /// The document's text, for outputs that quote it (the relation table);
    /// for a part, the chunk's.
    pub text: String,
    /// Set for the parts of a streamed document.
    pub part: Option<Part>,
    /// For the last part of a streamed document, which carries all its
    /// relations: the first evidence sentence of each (the relation table
    /// quotes it, and the chunks it came from are gone).
    pub quoted: Option<Vec<String>>,
    /// What reading had to do to the file (decode UTF-16, replace invalid
    /// UTF-8), for a warning.
    pub note: Option<String>,
    /// The file the document was read from.
    pub path: Option<std::path::PathBuf>,
}

/// Where a part of a streamed document stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    /// Which part this is, from 0.
    pub index: usize,
    /// Whether it is the document's last part.
    pub last: bool,
    /// Where the chunk starts in the document, in code points.
    pub char_start: usize,
}

impl Annotated {
    /// Whether this is a document's first (or only) piece.
    pub fn is_first(&self) -> bool {
        self.part.map_or(true, |p| p.index == 0)
    }

    /// Whether this is a document's last (or only) piece.
    pub fn is_last(&self) -> bool {
        self.part.map_or(true, |p| p.last)
    }
}

/// Totals of a run, for the closing summary.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// Documents annotated.
    pub documents: usize,
    /// Documents that failed.
    pub failed: usize,
    /// Bytes of text annotated.
    pub bytes: usize,
    /// Spans by label.
    pub spans: BTreeMap<Label, usize>,
    /// How long the run took.
    pub elapsed: Duration,
}

impl Summary {
    /// Counts one annotated document (or part).
    pub fn add(&mut self, a: &Annotated) {
        if a.is_last() {
            self.documents += 1;
        }
        self.bytes += a.text.len();
        for s in &a.annotation.spans {
            *self.spans.entry(s.label).or_default() += 1;
        }
    }

    /// Adds the totals of `other` (a streamed document counted apart
    /// until its last part came).
    pub fn merge(&mut self, other: Summary) {
        self.documents += other.documents;
        self.failed += other.failed;
        self.bytes += other.bytes;
        for (label, n) in other.spans {
            *self.spans.entry(label).or_default() += n;
        }
    }

    /// Throughput, in megabytes of text per second.
    pub fn megabytes_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.bytes as f64 / 1e6 / secs
        } else {
            0.0
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let total: usize = self.spans.values().sum();
        let per_label = Label::all()
            .iter()
            .map(|l| format!("{l} {}", self.spans.get(l).copied().unwrap_or(0)))
            .collect::<Vec<_>>()
            .join(", ");
        let noun = if self.documents == 1 {
            "document"
        } else {
            "documents"
        };
        write!(
            f,
            "{} {noun}, {} failed, {} spans ({per_label}), {:.2} MB in {:.3} s, {:.1} MB/s",
            self.documents,
            self.failed,
            total,
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            self.megabytes_per_second()
        )
    }
}

/// How many documents are in flight at once, per thread.
const CHUNK_PER_THREAD: usize = 16;

fn annotated(annotator: &Annotator, doc: Document) -> Annotated {
    annotated_with(annotator, doc, None)
}

fn annotated_with(annotator: &Annotator, doc: Document, meta: Option<Meta>) -> Annotated {
    let mut annotation = annotator.annotate(&doc);
    annotation.meta = meta;
    let json = to_json_line(&annotation);
    Annotated {
        annotation,
        json,
        text: doc.text,
        part: None,
        quoted: None,
        note: doc.note,
        path: doc.path,
    }
}

/// One input read and annotated, unless the run was cancelled.
fn read_and_annotate(
    annotator: &Annotator,
    input: &Input,
    read: ReadOptions,
    cancel: &AtomicBool,
) -> Result<Annotated> {
    if cancel.load(Ordering::Relaxed) {
        return Err(Error::Interrupted);
    }
    Document::read_with(input.id.clone(), &input.path, read).map(|d| annotated(annotator, d))
}

/// Reads and annotates `inputs` in parallel, calling `each` with every
/// result in input order, until `each` says to stop.
///
/// Once `cancel` is set, documents not yet started are not read: the run
/// ends within about one document's time per thread.
pub fn run_files(
    annotator: &Annotator,
    inputs: &[Input],
    read: ReadOptions,
    cancel: &AtomicBool,
    mut each: impl FnMut(&Input, Result<Annotated>) -> ControlFlow<()>,
) {
    // Which files to stream, asked of the file system once for all.
    let streamed: Vec<bool> = inputs
        .iter()
        .map(|i| {
            let size = std::fs::metadata(&i.path).map_or(0, |m| m.len());
            size > read.stream.above && size <= read.max_bytes
        })
        .collect();
    let mut at = 0;
    while at < inputs.len() {
        // Files to stream are taken one at a time, between groups.
        if streamed[at] {
            if run_stream(annotator, &inputs[at], read, cancel, &mut each).is_break() {
                return;
            }
            at += 1;
            continue;
        }
        let n = streamed[at..].iter().take_while(|&&s| !s).count();
        let group = &inputs[at..at + n];
        at += n;
        let flow = if rayon::current_thread_index().is_some() {
            in_steps(annotator, group, read, cancel, &mut each)
        } else {
            run_group(annotator, group, read, cancel, &mut each)
        };
        if flow.is_break() {
            return;
        }
    }
}

/// Reads and annotates `inputs`, a window at a time, on the rayon pool the
/// caller runs on: a worker of that pool cannot wait for the others as
/// [`run_group`] does (with one thread it would wait for itself).
fn in_steps(
    annotator: &Annotator,
    inputs: &[Input],
    read: ReadOptions,
    cancel: &AtomicBool,
    each: &mut impl FnMut(&Input, Result<Annotated>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let window = (rayon::current_num_threads() * CHUNK_PER_THREAD).max(1);
    for group in inputs.chunks(window) {
        let results: Vec<Result<Annotated>> = group
            .par_iter()
            .map(|input| read_and_annotate(annotator, input, read, cancel))
            .collect();
        for (input, result) in group.iter().zip(results) {
            if matches!(result, Err(Error::Interrupted)) || each(input, result).is_break() {
                return ControlFlow::Break(());
            }
        }
    }
    ControlFlow::Continue(())
}

/// Reads and annotates `group` on the rayon pool while the calling thread
/// hands the results to `each` in input order as they become ready. A
/// worker takes the next document as soon as it is free, but never more
/// than a window of documents ahead of the last one handed over, so at
/// most a window of results waits to be written.
fn run_group(
    annotator: &Annotator,
    group: &[Input],
    read: ReadOptions,
    cancel: &AtomicBool,
    each: &mut impl FnMut(&Input, Result<Annotated>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let threads = rayon::current_num_threads().max(1);
    let window = threads * CHUNK_PER_THREAD;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many results the calling thread has handed over.
    let handed = Mutex::new(0usize);
    let moved = Condvar::new();
    let halt = || {
        stop.store(true, Ordering::Relaxed);
        let _guard = handed.lock().unwrap_or_else(|e| e.into_inner());
        moved.notify_all();
    };
    let (tx, rx) = mpsc::channel::<(usize, Result<Annotated>)>();
    rayon::in_place_scope(|scope| {
        for _ in 0..threads.min(group.len()) {
            let tx = tx.clone();
            let (next, stop, handed, moved, halt) = (&next, &stop, &handed, &moved, &halt);
            scope.spawn(move |_| {
                let work = || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= group.len() {
                        return;
                    }
                    let mut h = handed.lock().unwrap_or_else(|e| e.into_inner());
                    while i >= *h + window && !stop.load(Ordering::Relaxed) {
                        h = moved.wait(h).unwrap_or_else(|e| e.into_inner());
                    }
                    drop(h);
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let input = &group[i];
                    let result = read_and_annotate(annotator, input, read, cancel);
                    if tx.send((i, result)).is_err() {
                        return;
                    }
                };
                // A panic must not leave the others waiting for a result
                // that never comes; it goes on to the caller from the scope.
                if let Err(panic) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
                    halt();
                    std::panic::resume_unwind(panic);
                }
            });
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, Result<Annotated>> = BTreeMap::new();
        let mut flow = ControlFlow::Continue(());
        for (want, input) in group.iter().enumerate() {
            let result = loop {
                if let Some(r) = waiting.remove(&want) {
                    break Some(r);
                }
                match rx.recv() {
                    Ok((i, r)) if i == want => break Some(r),
                    Ok((i, r)) => {
                        waiting.insert(i, r);
                    }
                    Err(_) => break None,
                }
            };
            let Some(result) = result else {
                flow = ControlFlow::Break(());
                break;
            };
            *handed.lock().unwrap_or_else(|e| e.into_inner()) = want + 1;
            moved.notify_all();
            if matches!(result, Err(Error::Interrupted)) || each(input, result).is_break() {
                flow = ControlFlow::Break(());
                break;
            }
        }
        halt();
        flow
    })
}

/// Streams one large file: reads a chunk per thread, annotates them in
/// parallel, and hands them over in order as parts.
fn run_stream(
    annotator: &Annotator,
    input: &Input,
    read: ReadOptions,
    cancel: &AtomicBool,
    each: &mut impl FnMut(&Input, Result<Annotated>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    match std::fs::File::open(&input.path) {
        Ok(file) => run_reader(annotator, input, file, read, cancel, each),
        Err(e) => each(input, Err(Error::io(&input.path, e))),
    }
}

/// Streams one document from `reader` as [`run_files`] streams a large
/// file: chunks cut at safe places, annotated in parallel on the current
/// rayon pool, handed to `each` in order as [`Part`]s. The pieces of JSON
/// of all parts, joined, are the document's line, with `input.path` as its
/// path. For callers whose document is not a local file (bytes held in
/// memory, a remote file's stream), such as the Python package on Spark.
pub fn run_reader(
    annotator: &Annotator,
    input: &Input,
    reader: impl std::io::Read,
    read: ReadOptions,
    cancel: &AtomicBool,
    each: &mut impl FnMut(&Input, Result<Annotated>) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let mut reader = ChunkReader::new(
        reader,
        &input.path,
        read.stream.chunk,
        read.lossy,
        |window: &str, at: usize| annotator.name_crosses(window, at),
    );
    let threads = rayon::current_num_threads().max(1);
    let mut stream = StreamedDocument::new(&input.id, &input.path, annotator);
    let mut carried: Vec<Carried> = Vec::new();
    loop {
        let mut group: Vec<Chunk> = Vec::with_capacity(threads);
        while group.len() < threads && group.last().map_or(true, |c| !c.last) {
            match reader.next_chunk() {
                Ok(Some(c)) => group.push(c),
                Ok(None) => break,
                Err(e) => return each(input, Err(e)),
            }
        }
        if group.is_empty() {
            return ControlFlow::Continue(());
        }
        if cancel.load(Ordering::Relaxed) {
            return ControlFlow::Break(());
        }
        // Matching needs nothing from earlier chunks; resolving acronyms
        // needs those defined before. So: match in parallel, hand each
        // chunk the acronyms of the chunks before it, finish in parallel.
        let matched: Vec<(Chunk, ChunkMatches)> = group
            .into_par_iter()
            .map(|c| {
                let m = annotator.match_chunk(&c.text);
                (c, m)
            })
            .collect();
        let mut work = Vec::with_capacity(matched.len());
        for (c, m) in matched {
            let before = carried.clone();
            crate::resolve::acronym::carry(&mut carried, m.defines.iter().cloned());
            work.push((c, m, before));
        }
        let done: Vec<(Chunk, Annotation)> = work
            .into_par_iter()
            .map(|(mut c, m, before)| {
                let doc = Document::new(input.id.clone(), std::mem::take(&mut c.text));
                let a = annotator.finish_chunk(&doc, m, &before);
                c.text = doc.text;
                (c, a)
            })
            .collect();
        for (chunk, a) in done {
            let mut part = stream.part(chunk, a);
            if reader.replaced && part.is_last() {
                part.note = Some(
                    "not valid UTF-8: invalid sequences replaced by U+FFFD; offsets refer to the replaced text"
                        .to_owned(),
                );
            }
            let last = part.is_last();
            each(input, Ok(part))?;
            if last {
                return ControlFlow::Continue(());
            }
        }
    }
}

/// The state of a document being streamed: what its JSON line has had so
/// far, and its relations merged across chunks (one per head-relation-tail,
/// as for a whole document) with the sentence each was first stated in.
struct StreamedDocument<'a> {
    id: String,
    path: std::path::PathBuf,
    annotator: &'a Annotator,
    index: usize,
    any_span: bool,
    relations: Vec<(RelationRecord, String)>,
    seen: HashMap<(String, Relation, String), usize>,
}

impl<'a> StreamedDocument<'a> {
    fn new(id: &str, path: &std::path::Path, annotator: &'a Annotator) -> Self {
        StreamedDocument {
            id: id.to_owned(),
            path: path.to_owned(),
            annotator,
            index: 0,
            any_span: false,
            relations: Vec::new(),
            seen: HashMap::new(),
        }
    }

    /// Moves a chunk's annotation to the document's offsets and makes its
    /// piece of the JSON line.
    fn part(&mut self, chunk: Chunk, mut a: Annotation) -> Annotated {
        let shift = chunk.char_start;
        a.path = Some(self.path.display().to_string());
        for s in &mut a.spans {
            s.start += shift;
            s.end += shift;
        }
        for mut r in std::mem::take(&mut a.relations) {
            r.shift(shift);
            let key = (r.head.clone(), r.relation, r.tail.clone());
            match self.seen.get(&key) {
                Some(&k) => self.relations[k].0.evidence.extend(r.evidence),
                None => {
                    let sentence = r
                        .evidence
                        .first()
                        .and_then(|e| chunk.text.get(e.sentence_bytes.clone()))
                        .unwrap_or("")
                        .to_owned();
                    self.seen.insert(key, self.relations.len());
                    self.relations.push((r, sentence));
                }
            }
        }

        let mut json = String::new();
        if self.index == 0 {
            let head = serde_json::json!({"doc": self.id, "path": a.path}).to_string();
            // `{"doc":…,"path":…` then the spans, as serde writes an Annotation.
            json.push_str(&head[..head.len() - 1]);
            json.push_str(",\"spans\":[");
        }
        for s in &a.spans {
            if self.any_span {
                json.push(',');
            }
            self.any_span = true;
            json.push_str(&serde_json::to_string(s).unwrap_or_default());
        }
        let mut quoted = None;
        if chunk.last {
            let (relations, sentences) = self.final_relations();
            json.push_str("],\"relations\":");
            json.push_str(&serde_json::to_string(&relations).unwrap_or_default());
            json.push_str("}\n");
            a.relations = relations;
            quoted = Some(sentences);
        }
        let part = Part {
            index: self.index,
            last: chunk.last,
            char_start: shift,
        };
        self.index += 1;
        Annotated {
            annotation: a,
            json,
            text: chunk.text,
            part: Some(part),
            quoted,
            note: None,
            path: Some(self.path.clone()),
        }
    }

    /// The merged relations, where of an exclusive set between one pair
    /// only the one stated last is kept, as within one chunk.
    fn final_relations(&mut self) -> (Vec<RelationRecord>, Vec<String>) {
        let (mut relations, mut sentences): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.relations).into_iter().unzip();
        for set in self.annotator.rules().exclusive() {
            // Code points, since each chunk's byte offsets are its own.
            let drop = crate::relations::extract::superseded(&relations, set, |e| e.trigger.start);
            for &(i, _) in drop.iter().rev() {
                relations.remove(i);
                sentences.remove(i);
            }
        }
        (relations, sentences)
    }
}

/// A stdin record. Its id may be called `doc`, as in gazet's output, so
/// that output with its text can be annotated again.
#[derive(Deserialize)]
struct Record {
    #[serde(alias = "doc")]
    id: String,
    text: String,
    /// The other fields, kept as the output's `meta`.
    #[serde(flatten)]
    meta: Meta,
}

/// The fields of a stdin record besides its id and text.
pub type Meta = serde_json::Map<String, serde_json::Value>;

/// How stdin records are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordOptions {
    /// The longest line read, in bytes: a longer one (`/dev/zero`, a file
    /// with no line breaks) ends the reading with an error instead of
    /// growing a buffer without bound.
    pub max_line: u64,
    /// Each id will name files in an output folder, so it must pass
    /// [`crate::input::document::output_path`].
    pub ids_name_files: bool,
}

impl Default for RecordOptions {
    fn default() -> Self {
        RecordOptions {
            max_line: crate::input::document::DEFAULT_MAX_BYTES,
            ids_name_files: false,
        }
    }
}

/// Reads one line of at most `max` bytes (its `\n` not kept) into `buf`.
/// `Ok(None)` at the end of input; `Ok(Some(false))` if the line is longer.
fn read_line_capped(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: u64,
) -> std::io::Result<Option<bool>> {
    buf.clear();
    let n = std::io::Read::take(&mut *reader, max.saturating_add(1)).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        return Ok(Some(true));
    }
    Ok(Some(buf.len() as u64 <= max))
}

/// What is wrong with a line of JSON Lines records; a [`LineError`] in an
/// [`Error::Record`] gives it its source and line.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// A line over [`RecordOptions::max_line`]: reading stops.
    #[error("line longer than {0} bytes (raise it with the size limit); stopped reading")]
    TooLong(u64),
    /// A read error: reading stops.
    #[error(transparent)]
    Read(std::io::Error),
    /// A line that is not valid UTF-8.
    #[error("not valid UTF-8")]
    NotUtf8,
    /// A line that is not a JSON object.
    #[error("not an {{\"id\", \"text\"}} record: not a JSON object")]
    NotObject,
    /// A JSON object that is not a record: what the JSON reader said.
    #[error("not an {{\"id\", \"text\"}} record: {0}")]
    NotRecord(String),
    /// An id that cannot name an output file.
    #[error(transparent)]
    UnsafeId(Box<Error>),
    /// An id seen on an earlier line.
    #[error("duplicate id {id:?} (first on line {first}); the record is skipped")]
    DuplicateId {
        /// The id.
        id: String,
        /// The line it was first seen on.
        first: usize,
    },
}

/// The documents of JSON Lines `{"id", "text"}` records, in order, each
/// with its other fields (its `meta`). A malformed line, an id seen before
/// and (with [`RecordOptions::ids_name_files`]) an id that cannot name a
/// file are errors naming their line, and the records after them are still
/// read; a line over [`RecordOptions::max_line`] or a read error is the
/// last item.
pub struct Records<R> {
    reader: R,
    source: String,
    options: RecordOptions,
    /// The line each id was first seen on.
    seen: HashMap<String, usize>,
    bytes: Vec<u8>,
    line_no: usize,
    done: bool,
}

impl<R: BufRead> Records<R> {
    /// Records read from `reader`, whose errors name `source` (`<stdin>`).
    pub fn new(reader: R, source: &str, options: RecordOptions) -> Records<R> {
        Records {
            reader,
            source: source.to_owned(),
            options,
            seen: HashMap::new(),
            bytes: Vec::new(),
            line_no: 0,
            done: false,
        }
    }

    fn error(&self, problem: RecordError) -> Error {
        Error::Record(LineError::new(&*self.source, self.line_no, problem))
    }
}

impl<R: BufRead> Iterator for Records<R> {
    type Item = Result<(Document, Option<Meta>)>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line_no += 1;
            match read_line_capped(&mut self.reader, &mut self.bytes, self.options.max_line) {
                Ok(None) => self.done = true,
                Ok(Some(true)) => {
                    if let Some(record) = self.record() {
                        return Some(record);
                    }
                }
                Ok(Some(false)) => {
                    self.done = true;
                    let max = self.options.max_line;
                    return Some(Err(self.error(RecordError::TooLong(max))));
                }
                Err(e) => {
                    // A read error is not about one record: stop reading.
                    self.done = true;
                    return Some(Err(self.error(RecordError::Read(e))));
                }
            }
        }
        None
    }
}

impl<R: BufRead> Records<R> {
    /// The record of the line just read; none for a blank line.
    fn record(&mut self) -> Option<Result<(Document, Option<Meta>)>> {
        let line = match std::str::from_utf8(&self.bytes) {
            Err(_) => return Some(Err(self.error(RecordError::NotUtf8))),
            Ok(l) if l.trim().is_empty() => return None,
            // A UTF-8 byte-order mark (editors on Windows write one) is not
            // part of the first record.
            Ok(l) => l.strip_prefix('\u{feff}').unwrap_or(l),
        };
        let parsed = self.parse(line);
        if let Ok((doc, _)) = &parsed {
            self.seen.insert(doc.id.clone(), self.line_no);
        }
        Some(parsed)
    }

    fn parse(&self, line: &str) -> Result<(Document, Option<Meta>)> {
        // serde reads a struct from an array too (`["a", "b"]`): a record
        // is an object.
        let r = if line.trim_start().starts_with('{') {
            serde_json::from_str::<Record>(line)
                .map_err(|e| self.error(RecordError::NotRecord(e.to_string())))?
        } else {
            return Err(self.error(RecordError::NotObject));
        };
        if self.options.ids_name_files {
            crate::input::document::output_path(&r.id, "json")
                .map_err(|e| self.error(RecordError::UnsafeId(Box::new(e))))?;
        }
        if let Some(first) = self.seen.get(&r.id) {
            return Err(self.error(RecordError::DuplicateId {
                id: r.id,
                first: *first,
            }));
        }
        let meta = (!r.meta.is_empty()).then_some(r.meta);
        Ok((Document::new(r.id, r.text), meta))
    }
}

/// Reads JSON Lines `{"id", "text"}` records from `reader` (see
/// [`Records`]) and annotates them in parallel, calling `each` in input
/// order until it says to stop. A record's other fields are kept in its
/// annotation's `meta`.
pub fn run_records(
    annotator: &Annotator,
    reader: impl BufRead,
    source: &str,
    options: RecordOptions,
    mut each: impl FnMut(Result<Annotated>) -> ControlFlow<()>,
) {
    let chunk = (rayon::current_num_threads() * CHUNK_PER_THREAD).max(1);
    let mut pending: Vec<Result<(Document, Option<Meta>)>> = Vec::with_capacity(chunk);
    let flush = |pending: &mut Vec<Result<(Document, Option<Meta>)>>,
                 each: &mut dyn FnMut(Result<Annotated>) -> ControlFlow<()>| {
        let results: Vec<Result<Annotated>> = pending
            .par_drain(..)
            .map(|d| d.map(|(d, meta)| annotated_with(annotator, d, meta)))
            .collect();
        results.into_iter().try_for_each(each)
    };
    for record in Records::new(reader, source, options) {
        pending.push(record);
        if pending.len() >= chunk && flush(&mut pending, &mut each).is_break() {
            return;
        }
    }
    let _ = flush(&mut pending, &mut each);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Gazetteer;

    /// `n` files in `dir` but those in `missing`, as inputs, and an
    /// annotator that knows Bishkek.
    fn fixture(dir: &std::path::Path, n: usize, missing: &[usize]) -> (Vec<Input>, Annotator) {
        let inputs = (0..n)
            .map(|i| {
                let path = dir.join(format!("d{i}.txt"));
                if !missing.contains(&i) {
                    std::fs::write(&path, format!("Document {i} is about Bishkek.")).unwrap();
                }
                Input {
                    id: format!("d{i}"),
                    path,
                }
            })
            .collect();
        let g = Gazetteer::builder()
            .default_gazetteers(false)
            .add_source("t.tsv", "bishkek\tLOC\tcity\tBishkek\n")
            .build()
            .unwrap();
        (inputs, Annotator::builder().build(g).unwrap())
    }

    /// 70 inputs with two missing files among them, and what `run_files`
    /// hands over for each, in the order it does.
    fn handed(in_pool: Option<usize>) -> Vec<(String, std::result::Result<String, String>)> {
        let dir = tempfile::tempdir().unwrap();
        let (inputs, annotator) = fixture(dir.path(), 70, &[3, 41]);
        let cancel = AtomicBool::new(false);
        let mut got = Vec::new();
        let mut run = || {
            run_files(
                &annotator,
                &inputs,
                ReadOptions::default(),
                &cancel,
                |input, r| {
                    got.push((
                        input.id.clone(),
                        r.map(|a| a.json).map_err(|e| e.to_string()),
                    ));
                    ControlFlow::Continue(())
                },
            )
        };
        match in_pool {
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
                .install(run),
            None => run(),
        }
        got
    }

    #[test]
    fn every_document_is_handed_over_in_input_order_and_failures_in_place() {
        for pool in [None, Some(1), Some(3)] {
            let got = handed(pool);
            let ids: Vec<String> = got.iter().map(|(id, _)| id.clone()).collect();
            let want: Vec<String> = (0..70).map(|i| format!("d{i}")).collect();
            assert_eq!(ids, want, "{pool:?}");
            for (id, r) in &got {
                match r {
                    Err(e) => {
                        assert!(id == "d3" || id == "d41", "{id}: {e}");
                        assert!(e.contains(&format!("{id}.txt")), "{e}");
                    }
                    Ok(json) => {
                        assert!(json.contains(&format!("\"{id}\"")), "{json}");
                        assert!(json.contains("Bishkek"), "{json}");
                    }
                }
            }
        }
    }

    #[test]
    fn stopping_early_hands_over_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let (inputs, annotator) = fixture(dir.path(), 200, &[]);
        let cancel = AtomicBool::new(false);
        let mut seen = 0;
        run_files(
            &annotator,
            &inputs,
            ReadOptions::default(),
            &cancel,
            |_, _| {
                seen += 1;
                if seen == 5 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(seen, 5);
    }
}
