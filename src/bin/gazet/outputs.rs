//! Where `annotate` writes: the paths of its outputs, checked against one
//! another and against the inputs before any work.

use crate::cli::AnnotateArgs;
use crate::messages::warning;
use gazet::output::Destination;
use gazet::Error;
use std::path::{Path, PathBuf};

/// The outputs of one `annotate` run, as its flags name them, checked
/// against one another and against the inputs.
pub(crate) struct Outputs {
    /// The JSON Lines: stdout, a file or a folder of `<doc>.json`.
    pub json: Destination,
    /// The CoNLL lines, if asked for.
    pub conll: Option<Destination>,
    /// The relation table file, if asked for.
    pub table: Option<PathBuf>,
    /// The brat folder, if asked for.
    pub brat: Option<PathBuf>,
}

impl Outputs {
    /// The outputs the flags ask for; an error, before any work, if two
    /// would meet or one would overwrite an input.
    pub fn from_args(args: &AnnotateArgs) -> Result<Outputs, Error> {
        let json = Destination::parse(args.output.as_deref());
        let conll = args.conll.as_deref().map(|p| Destination::parse(Some(p)));
        if json == Destination::Stdout && conll == Some(Destination::Stdout) {
            return Err(Error::Usage(
                "--conll - needs -o: the JSON and the CoNLL lines cannot share stdout".to_owned(),
            ));
        }
        if args.table.as_deref().is_some_and(|t| t.as_os_str() == "-") {
            return Err(Error::Usage(
                "--table - would write a file named `-`: name a file, or /dev/stdout with -o for the JSON"
                    .to_owned(),
            ));
        }
        check_outputs(
            &[
                ("-o", destination_path(&json)),
                ("--conll", conll.as_ref().and_then(destination_path)),
                ("--table", args.table.as_deref()),
                ("--brat", args.brat.as_deref()),
            ],
            &args.paths,
        )?;
        Ok(Outputs {
            json,
            conll,
            table: args.table.clone(),
            brat: args.brat.clone(),
        })
    }

    /// Removes, where this run writes, the temporary files of a run killed
    /// without a chance to clean up (SIGKILL, a crash) before `started`.
    pub fn remove_stale_temps(&self, started: std::time::SystemTime) {
        for (place, recursive) in [
            (
                output_folder(&self.json),
                matches!(self.json, Destination::Dir(_)),
            ),
            (
                self.conll.as_ref().and_then(output_folder),
                matches!(self.conll, Some(Destination::Dir(_))),
            ),
            (self.table.as_deref().map(parent_folder), false),
            (self.brat.clone(), true),
        ] {
            let Some(place) = place else { continue };
            for stale in gazet::remove_stale_temps(&place, recursive, started) {
                warning(format_args!(
                    "{}: removed, a temporary file left by a gazet run that was killed",
                    stale.display()
                ));
            }
        }
    }

    /// Every path written to, so that a folder walk does not read gazet's
    /// own outputs as documents.
    pub fn paths(&self) -> Vec<PathBuf> {
        [
            destination_path(&self.json).map(Path::to_path_buf),
            self.table.clone(),
            self.brat.clone(),
            self.conll
                .as_ref()
                .and_then(destination_path)
                .map(Path::to_path_buf),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Whether the JSON or the CoNLL lines go to stdout.
    pub fn writes_stdout(&self) -> bool {
        self.json == Destination::Stdout || self.conll == Some(Destination::Stdout)
    }

    /// Whether a document id becomes a file name in some output.
    pub fn ids_name_files(&self) -> bool {
        matches!(self.json, Destination::Dir(_))
            || matches!(self.conll, Some(Destination::Dir(_)))
            || self.brat.is_some()
    }

    /// The single output files (no folders, no devices): those a run that
    /// ends early leaves unwritten.
    pub fn single_files(&self) -> Vec<String> {
        let file = |d: &Destination| match d {
            Destination::File(p) => Some(p.clone()),
            _ => None,
        };
        [
            file(&self.json),
            self.table.clone(),
            self.conll.as_ref().and_then(file),
        ]
        .into_iter()
        .flatten()
        .filter(|p| std::fs::metadata(p).map_or(true, |m| m.is_file()))
        .map(|p| p.display().to_string())
        .collect()
    }
}

pub(crate) fn is_broken_pipe(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
}

/// The folder an output's files (and their temporary files) go to.
fn output_folder(d: &Destination) -> Option<PathBuf> {
    match d {
        Destination::File(p) => Some(parent_folder(p)),
        Destination::Dir(p) => Some(p.clone()),
        Destination::Stdout => None,
    }
}

fn parent_folder(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

fn destination_path(d: &Destination) -> Option<&Path> {
    match d {
        Destination::File(p) | Destination::Dir(p) => Some(p),
        Destination::Stdout => None,
    }
}

/// Where `p` is, with links and `..` resolved, also when it does not exist
/// yet (then through its parent), so that two spellings of one place compare
/// equal.
fn place(p: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_owned());
    let mut out = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::CurDir => {}
            // `out` is resolved so far, so `..` is its parent.
            Component::ParentDir => {
                out.pop();
            }
            c => {
                out.push(c);
                if let Ok(resolved) = std::fs::canonicalize(&out) {
                    out = resolved;
                } else if let Ok(target) = std::fs::read_link(&out) {
                    // A link to a file not written yet: where it points.
                    out.pop();
                    out.push(target);
                }
            }
        }
    }
    out
}

/// Refuses, before any work, a run whose outputs would overwrite each
/// other or an input: `-o X --table X`, `-o` naming an input file, or an
/// output folder that is an input folder (`--brat` would rewrite the
/// documents there, `-o` would hide them from the walk).
fn check_outputs(outputs: &[(&str, Option<&Path>)], inputs: &[PathBuf]) -> Result<(), Error> {
    let outputs: Vec<(&str, &Path, PathBuf)> = outputs
        .iter()
        .filter_map(|&(flag, p)| p.map(|p| (flag, p, place(p))))
        .collect();
    for (i, (flag, path, at)) in outputs.iter().enumerate() {
        if *flag == "--table" && path.is_dir() {
            return Err(Error::Usage(format!(
                "--table {} is a folder; the relation table is one file",
                path.display()
            )));
        }
        // Devices and FIFOs (`/dev/null` for both) are written in place, in
        // turn; only files and folders can be overwritten.
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
        if let Some((other, _, _)) = outputs[..i]
            .iter()
            .find(|(_, _, o)| o == at)
            .filter(|_| !special)
        {
            return Err(Error::Usage(format!(
                "{other} and {flag} both name {}: one would overwrite the other",
                path.display()
            )));
        }
        if let Some(input) = inputs
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .find(|p| place(p) == *at)
        {
            return Err(Error::Usage(format!(
                "{flag} {} is the input {}: gazet never writes over its inputs",
                path.display(),
                input.display()
            )));
        }
    }
    Ok(())
}
