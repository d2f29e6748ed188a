//! Writing annotations: JSON Lines to stdout or a file, or one JSON file per
//! document in a folder that mirrors the input tree.
//!
//! Files are written whole or not at all: each goes to a temporary file in
//! the same folder and is renamed into place when complete, so an
//! interrupted run never leaves a truncated output behind.

use crate::error::{Error, Result};
use crate::files::{write_atomic, OutputFile, Ready};
use crate::input::document::output_path;
use crate::model::annotation::Annotation;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where annotations go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// JSON Lines on standard output.
    Stdout,
    /// One JSON Lines file.
    File(PathBuf),
    /// A folder with one `<doc>.json` per document.
    Dir(PathBuf),
}

impl Destination {
    /// `-` or nothing is stdout; a path ending in `/` or naming an existing
    /// folder is a folder; anything else a file.
    pub fn parse(arg: Option<&Path>) -> Destination {
        match arg {
            None => Destination::Stdout,
            Some(p) if p.as_os_str() == "-" => Destination::Stdout,
            Some(p) if p.as_os_str().to_string_lossy().ends_with(['/', '\\']) || p.is_dir() => {
                Destination::Dir(p.to_owned())
            }
            Some(p) => Destination::File(p.to_owned()),
        }
    }
}

/// Serialises one annotation as a JSON line (with the newline).
pub fn to_json_line(a: &Annotation) -> String {
    let mut s = serde_json::to_string(a).unwrap_or_else(|e| {
        // Serialising plain strings and numbers cannot fail; keep the
        // stream valid JSON Lines if it ever does.
        serde_json::json!({"doc": a.doc, "error": e.to_string()}).to_string()
    });
    s.push('\n');
    s
}

/// Receives annotations in input order.
pub struct Writer {
    kind: Kind,
    /// The extension of the per-document files in a folder.
    extension: &'static str,
    /// The pieces so far of a streamed document going to stdout or one
    /// file: they are written only when its last piece has come, so a
    /// document that fails half-way leaves no half line for the next one
    /// to be glued to. Held in memory up to [`SPOOL_IN_MEMORY`], then on disk.
    spool: Option<tempfile::SpooledTempFile>,
}

/// How much of a streamed document's output is held in memory before the
/// spool moves to a temporary file.
const SPOOL_IN_MEMORY: usize = 8 << 20;

enum Kind {
    Stdout(BufWriter<io::Stdout>),
    File {
        path: PathBuf,
        tmp: BufWriter<OutputFile>,
    },
    Dir {
        dir: PathBuf,
        /// The file of a streamed document whose last part has not come.
        open: Option<(PathBuf, BufWriter<OutputFile>)>,
        /// Documents written whole, waiting to be made durable and moved
        /// into place in one batch (see [`settle`]).
        pending: Vec<(OutputFile, PathBuf)>,
    },
}

/// How many per-document files are made durable together.
const SETTLE_EVERY: usize = 256;

/// How many files are made durable at once. An fsync waits for the disk,
/// not the CPU: one after another, 2,000 small files took 64 times as long
/// as one file holding them all, while fsyncs that run together share the
/// journal's commits.
const SYNC_THREADS: usize = 16;

/// Makes `pending` durable, fsyncs running side by side, then moves each
/// into place in the order written. On an error the files not yet moved
/// are removed.
fn settle(pending: &mut Vec<(OutputFile, PathBuf)>) -> Result<()> {
    let mut batch = std::mem::take(pending);
    let per = batch.len().div_ceil(SYNC_THREADS).max(1);
    let mut groups = Vec::new();
    while !batch.is_empty() {
        let rest = batch.split_off(per.min(batch.len()));
        groups.push(std::mem::replace(&mut batch, rest));
    }
    let ready: Vec<Result<Ready>> = std::thread::scope(|s| {
        let handles: Vec<_> = groups
            .into_iter()
            .map(|group| {
                s.spawn(move || {
                    group
                        .into_iter()
                        .map(|(file, path)| file.prepare(path))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    for r in ready {
        r?.commit()?;
    }
    Ok(())
}

impl Writer {
    /// A writer of JSON: a folder gets one `<doc>.json` per document.
    pub fn open(dest: &Destination) -> Result<Writer> {
        Writer::open_with(dest, "json")
    }

    /// A writer whose per-document files in a folder are `<doc>.<extension>`.
    pub fn open_with(dest: &Destination, extension: &'static str) -> Result<Writer> {
        let kind = match dest {
            Destination::Stdout => Kind::Stdout(BufWriter::new(io::stdout())),
            Destination::File(path) => {
                let path = &through_links(path);
                let tmp = OutputFile::create(path)?;
                Kind::File {
                    path: path.clone(),
                    tmp: BufWriter::new(tmp),
                }
            }
            Destination::Dir(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
                Kind::Dir {
                    dir: dir.clone(),
                    open: None,
                    pending: Vec::new(),
                }
            }
        };
        Ok(Writer {
            kind,
            extension,
            spool: None,
        })
    }

    /// Writes one document's output (a JSON line, or its CoNLL lines). An
    /// error here is about the output, not the document.
    pub fn write(&mut self, doc: &str, json_line: &str) -> Result<()> {
        self.write_part(doc, json_line, true, true)
    }

    /// Writes a piece of a document's JSON line: the pieces of a streamed
    /// document come in order, `first` and `last` marking its ends.
    pub fn write_part(&mut self, doc: &str, json: &str, first: bool, last: bool) -> Result<()> {
        let whole = first && last;
        if !whole && !matches!(self.kind, Kind::Dir { .. }) {
            return self.spool_part(doc, json, first, last);
        }
        match &mut self.kind {
            Kind::Stdout(w) => w
                .write_all(json.as_bytes())
                .map_err(|e| Error::io("<stdout>", e)),
            Kind::File { path, tmp } => tmp
                .write_all(json.as_bytes())
                .map_err(|e| Error::io(path.as_path(), e)),
            Kind::Dir { dir, pending, .. } if first && last => {
                let path = dir.join(output_path(doc, self.extension)?);
                let mut out = OutputFile::create(&path)?;
                out.write_all(json.as_bytes())
                    .map_err(|e| Error::io(&path, e))?;
                pending.push((out, path));
                if pending.len() >= SETTLE_EVERY {
                    settle(pending)?;
                }
                Ok(())
            }
            Kind::Dir { dir, open, .. } => {
                if first {
                    let path = dir.join(output_path(doc, self.extension)?);
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                    }
                    *open = Some((path.clone(), BufWriter::new(OutputFile::create(&path)?)));
                }
                let Some((path, w)) = open.as_mut() else {
                    return Err(Error::PartBeforeFirst {
                        doc: doc.to_owned(),
                    });
                };
                w.write_all(json.as_bytes())
                    .map_err(|e| Error::io(path.as_path(), e))?;
                if last {
                    if let Some((path, w)) = open.take() {
                        let file = w
                            .into_inner()
                            .map_err(|e| Error::io(path.as_path(), e.into_error()))?;
                        file.commit(&path)?;
                    }
                }
                Ok(())
            }
        }
    }

    /// Holds a piece of a streamed document; with its last piece, writes
    /// the whole document out.
    fn spool_part(&mut self, doc: &str, json: &str, first: bool, last: bool) -> Result<()> {
        let spool_error = |e| Error::io(format!("<temporary spool of {doc}>"), e);
        if first {
            self.spool = Some(tempfile::SpooledTempFile::new(SPOOL_IN_MEMORY));
        }
        let Some(spool) = self.spool.as_mut() else {
            return Err(Error::PartBeforeFirst {
                doc: doc.to_owned(),
            });
        };
        spool.write_all(json.as_bytes()).map_err(spool_error)?;
        if !last {
            return Ok(());
        }
        let mut spool = self.spool.take().expect("spool checked above");
        io::Seek::rewind(&mut spool).map_err(spool_error)?;
        match &mut self.kind {
            Kind::Stdout(w) => io::copy(&mut spool, w)
                .map(drop)
                .map_err(|e| Error::io("<stdout>", e)),
            Kind::File { path, tmp } => io::copy(&mut spool, tmp)
                .map(drop)
                .map_err(|e| Error::io(path.as_path(), e)),
            Kind::Dir { .. } => unreachable!("a folder's documents are written to their own files"),
        }
    }

    /// Forgets a streamed document that failed after some of its pieces
    /// were given: nothing of it is written.
    pub fn abandon(&mut self) {
        self.spool = None;
        if let Kind::Dir { open, .. } = &mut self.kind {
            // Dropping the temporary file removes it.
            *open = None;
        }
    }

    /// Flushes and, for a file, moves it into place.
    pub fn finish(self) -> Result<()> {
        self.prepare()?.commit()
    }

    /// Flushes and makes the output durable, but leaves the move into
    /// place to [`Ready::commit`], so that several outputs of one run are
    /// committed together, after all of them were written.
    pub fn prepare(self) -> Result<Ready> {
        match self.kind {
            Kind::Stdout(mut w) => w
                .flush()
                .map(|()| Ready(None))
                .map_err(|e| Error::io("<stdout>", e)),
            Kind::File { path, tmp } => {
                let tmp = tmp
                    .into_inner()
                    .map_err(|e| Error::io(path.as_path(), e.into_error()))?;
                tmp.prepare(path)
            }
            Kind::Dir { mut pending, .. } => settle(&mut pending).map(|()| Ready(None)),
        }
    }

    /// Moves into place the per-document files written whole so far, as
    /// an interrupted run does before it stops.
    pub fn keep_finished(&mut self) -> Result<()> {
        match &mut self.kind {
            Kind::Dir { pending, .. } => settle(pending),
            _ => Ok(()),
        }
    }
}

/// brat standoff in a folder: `<doc>.ann` beside a copy of the text as
/// `<doc>.txt`. Like `-o DIR/`, the files are written whole and made
/// durable in batches (their fsyncs run side by side), not one fsync after another.
pub struct BratWriter {
    dir: PathBuf,
    text: Writer,
    ann: Writer,
}

impl BratWriter {
    /// A writer into `dir`, created if missing.
    pub fn open(dir: &Path) -> Result<BratWriter> {
        let dest = Destination::Dir(dir.to_owned());
        Ok(BratWriter {
            dir: dir.to_owned(),
            text: Writer::open_with(&dest, "txt")?,
            ann: Writer::open_with(&dest, "ann")?,
        })
    }

    /// Writes one document: its text and its standoff.
    pub fn write(&mut self, a: &Annotation, text: &str) -> Result<()> {
        self.text.write(&a.doc, text)?;
        self.ann
            .write(&a.doc, &crate::formats::brat::write(a, text))
    }

    /// Moves into place the documents written so far (see
    /// [`Writer::keep_finished`]).
    pub fn keep_finished(&mut self) -> Result<()> {
        self.text.keep_finished()?;
        self.ann.keep_finished()?;
        self.write_configuration()
    }

    /// Makes every document durable and moves it into place (see
    /// [`Writer::prepare`]), with brat's configuration for the folder.
    pub fn prepare(self) -> Result<Ready> {
        self.write_configuration()?;
        self.text.prepare()?.commit()?;
        self.ann.prepare()
    }

    /// `annotation.conf` and `visual.conf`, so that brat knows every type
    /// the `.ann` files use.
    fn write_configuration(&self) -> Result<()> {
        use crate::formats::brat::{annotation_conf, visual_conf};
        write_atomic(
            &self.dir.join("annotation.conf"),
            annotation_conf().as_bytes(),
        )?;
        write_atomic(&self.dir.join("visual.conf"), visual_conf().as_bytes())
    }
}

/// The header of the relation table.
pub const TABLE_HEADER: [&str; 8] = [
    "doc",
    "head",
    "head_name",
    "relation",
    "tail",
    "tail_name",
    "rule",
    "sentence",
];

/// What a spreadsheet reads as a formula at the start of a cell. Document
/// text and file names come from elsewhere, so a sentence such as
/// `=HYPERLINK(...)` must not run when the table is opened (OWASP's CSV
/// injection advice): such a cell gets a leading `'`, which spreadsheets
/// hide and [`unquote_cell`] removes when gazet reads the table back.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell`, leading `'`s aside, starts as a formula would; such
/// cells get one more `'`, so that reading back is exact for every cell.
fn formula_like(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// `cell`, with a `'` before it if a spreadsheet would run it as a formula.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The cell as written before [`spreadsheet_safe`] quoted it.
pub fn unquote_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

/// The relation table: one row per relation of every document, as CSV or,
/// for a path ending in `.tsv`, TSV. Written to a temporary file and moved
/// into place by [`finish`](Self::finish).
pub struct RelationTable {
    path: PathBuf,
    writer: TableWriter,
}

/// CSV quotes a cell that needs it; TSV has no quoting, so its cells are
/// escaped instead (see [`crate::formats::tsv`]) and a `"` is only a `"`.
enum TableWriter {
    // Boxed: the CSV writer keeps hundreds of bytes of state inline.
    Csv(Box<csv::Writer<OutputFile>>),
    Tsv(BufWriter<OutputFile>),
}

impl RelationTable {
    /// Creates the table at `path`: TSV for a name ending in `.tsv`, else CSV.
    pub fn create(path: &Path) -> Result<RelationTable> {
        let tsv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
        let path = through_links(path);
        let file = OutputFile::create(&path)?;
        let writer = if tsv {
            TableWriter::Tsv(BufWriter::new(file))
        } else {
            TableWriter::Csv(Box::new(csv::Writer::from_writer(file)))
        };
        let mut table = RelationTable { path, writer };
        table.row(TABLE_HEADER)?;
        Ok(table)
    }

    fn row(&mut self, cells: [&str; 8]) -> Result<()> {
        match &mut self.writer {
            TableWriter::Csv(w) => w
                .write_record(cells.map(spreadsheet_safe).iter().map(|c| c.as_bytes()))
                .map_err(|e| Error::io(self.path.as_path(), csv_io(e))),
            TableWriter::Tsv(w) => {
                let mut line = cells
                    .map(|c| crate::formats::tsv::escape(&spreadsheet_safe(c)).into_owned())
                    .join("\t");
                line.push('\n');
                w.write_all(line.as_bytes())
                    .map_err(|e| Error::io(self.path.as_path(), e))
            }
        }
    }

    /// Adds the relations of one document; `text` is its text, for the
    /// evidence sentence.
    pub fn add(&mut self, a: &Annotation, text: &str) -> Result<()> {
        let sentences = a.relations.iter().map(|r| {
            r.evidence
                .first()
                .and_then(|e| text.get(e.sentence_bytes.clone()))
                .unwrap_or("")
        });
        self.add_quoted(a, sentences)
    }

    /// Adds the relations of one document with their evidence sentences
    /// given, one per relation.
    pub fn add_quoted<'s>(
        &mut self,
        a: &Annotation,
        sentences: impl IntoIterator<Item = &'s str>,
    ) -> Result<()> {
        for (r, sentence) in a.relations.iter().zip(sentences) {
            // One line per row, whatever line breaks the sentence had.
            let sentence = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
            self.row([
                a.doc.as_str(),
                &r.head,
                &r.head_name,
                r.relation.as_str(),
                &r.tail,
                &r.tail_name,
                &r.rule,
                &sentence,
            ])?;
        }
        Ok(())
    }

    /// Writes the table whole and moves it into place.
    pub fn finish(self) -> Result<()> {
        self.prepare()?.commit()
    }

    /// Writes the table whole, for [`Ready::commit`] (see [`Writer::prepare`]).
    pub fn prepare(self) -> Result<Ready> {
        let path = self.path;
        let tmp = match self.writer {
            TableWriter::Csv(w) => w
                .into_inner()
                .map_err(|e| Error::io(path.as_path(), e.into_error()))?,
            TableWriter::Tsv(w) => w
                .into_inner()
                .map_err(|e| Error::io(path.as_path(), e.into_error()))?,
        };
        tmp.prepare(path)
    }
}

/// A CSV writer's error as an I/O error of the same kind, so that a reader
/// that stopped reading (`--table /dev/stdout | head`) is told from a
/// failure (csv's own conversion makes every error `Other`).
fn csv_io(e: csv::Error) -> io::Error {
    match e.kind() {
        csv::ErrorKind::Io(io) => io::Error::new(io.kind(), io.to_string()),
        _ => e.into(),
    }
}

/// The file a path names once symbolic links are followed, also when the
/// last one dangles: an output the user names through a link replaces the
/// file the link points to, never the link. (Files inside an output folder
/// are not followed: a link there must not lead a document outside.)
fn through_links(path: &Path) -> PathBuf {
    let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_symlink());
    if !is_link(path) {
        return path.to_owned();
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
        // A device or a pipe (`/dev/stdout`) is written in place, through
        // the link.
        Ok(_) => path.to_owned(),
        // A dangling link: the file it names is created.
        Err(_) => {
            let mut path = path.to_owned();
            // A loop of links ends somewhere; so does this, where the OS would.
            for _ in 0..40 {
                let Ok(target) = std::fs::read_link(&path) else {
                    break;
                };
                path = match path.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            path
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_quoting_round_trips() {
        for cell in [
            "", "a", "=1+1", "'=1", "''=1", "'a", "-", "@x", "\tx", "x=1", "'",
        ] {
            let safe = spreadsheet_safe(cell);
            assert!(!safe.starts_with(FORMULA_STARTS), "{cell:?} -> {safe:?}");
            assert_eq!(unquote_cell(&safe), cell, "{cell:?} -> {safe:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn spreadsheet_quoting_round_trips_any_cell(cell in "['=+@a-]{0,4}.{0,4}") {
            let safe = spreadsheet_safe(&cell);
            proptest::prop_assert!(!safe.starts_with(FORMULA_STARTS));
            proptest::prop_assert_eq!(unquote_cell(&safe), cell.as_str());
        }
    }

    #[test]
    fn destinations() {
        assert_eq!(Destination::parse(None), Destination::Stdout);
        assert_eq!(
            Destination::parse(Some(Path::new("-"))),
            Destination::Stdout
        );
        assert_eq!(
            Destination::parse(Some(Path::new("out/"))),
            Destination::Dir("out/".into())
        );
        assert_eq!(
            Destination::parse(Some(Path::new("out.jsonl"))),
            Destination::File("out.jsonl".into())
        );
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_the_mode_of_a_file_the_user_creates() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let ours = dir.path().join("ours.html");
        write_atomic(&ours, b"x").unwrap();
        assert_eq!(mode(&ours), mode(&plain));
    }

    #[test]
    fn file_appears_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let mut w = Writer::open(&Destination::File(path.clone())).unwrap();
        w.write("a", "{}\n").unwrap();
        assert!(!path.exists());
        w.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{}\n");
    }
}
