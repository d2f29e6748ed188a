//! Finding the documents: folders walked recursively, files filtered by
//! glob, each given its document id.
//!
//! The walk is sorted by file name, so the output order (input order) is the
//! same on every run and every machine. Symbolic links are followed; a loop
//! is reported, not walked forever.

use crate::error::{Error, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The globs used when none are given.
pub const DEFAULT_GLOBS: &[&str] = &["*.txt", "*.md"];

/// A file to annotate and its document id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The document id: the path relative to the folder walked, without extension.
    pub id: String,
    /// The file.
    pub path: PathBuf,
}

/// Which files a folder walk picks up.
#[derive(Clone, Debug)]
pub struct Filter {
    set: GlobSet,
    /// The globs without a `/`, matched against the file's name too, as
    /// gitignore and ripgrep do: `brief-*` finds `2024/brief-x.txt`.
    names: GlobSet,
    /// The globs as given, for messages.
    shown: String,
}

impl Filter {
    /// Builds a filter from globs matched against the path relative to the
    /// folder given (`*` also crosses `/`, so `*.txt` finds files at any
    /// depth).
    pub fn new<S: AsRef<str>>(globs: &[S]) -> Result<Filter> {
        let mut b = GlobSetBuilder::new();
        let mut names = GlobSetBuilder::new();
        for g in globs {
            let g = g.as_ref();
            let glob = Glob::new(g).map_err(|e| Error::Glob {
                pattern: g.to_owned(),
                message: e.kind().to_string(),
            })?;
            if !g.contains('/') {
                names.add(glob.clone());
            }
            b.add(glob);
        }
        let shown = globs
            .iter()
            .map(|g| g.as_ref())
            .collect::<Vec<_>>()
            .join(",");
        let build = |b: GlobSetBuilder| {
            b.build().map_err(|e| Error::Glob {
                pattern: shown.clone(),
                message: e.to_string(),
            })
        };
        Ok(Filter {
            set: build(b)?,
            names: build(names)?,
            shown: shown.clone(),
        })
    }

    /// The default filter: `*.txt` and `*.md`.
    pub fn default_globs() -> Filter {
        match Filter::new(DEFAULT_GLOBS) {
            Ok(f) => f,
            Err(_) => unreachable!("the default globs are valid"),
        }
    }

    fn accepts(&self, relative: &Path) -> bool {
        self.set.is_match(relative)
            || relative
                .file_name()
                .is_some_and(|name| self.names.is_match(name))
    }
}

/// Collects the files under `roots` in a stable order. A root that is a
/// file is taken whatever its name. Problems (unreadable folders, loops,
/// two files with one document id) are returned beside the inputs, so the
/// caller can report them and go on.
pub fn collect(roots: &[PathBuf], filter: &Filter) -> (Vec<Input>, Vec<Error>) {
    collect_excluding(roots, filter, &[])
}

/// Like [`collect`], leaving out `exclude` (files, or folders with all they
/// hold): gazet's own outputs, when they are written inside an input folder,
/// must not be read back as documents on the next run.
pub fn collect_excluding(
    roots: &[PathBuf],
    filter: &Filter,
    exclude: &[PathBuf],
) -> (Vec<Input>, Vec<Error>) {
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let excluded = |p: &Path| {
        !exclude.is_empty()
            && p.canonicalize()
                .is_ok_and(|c| exclude.iter().any(|x| c.starts_with(x)))
    };
    let mut errors = Vec::new();
    // Each root's documents first, so that ids can be told apart across
    // roots before any is taken: (root, id, path).
    let mut found: Vec<(usize, String, PathBuf)> = Vec::new();
    for (r, root) in roots.iter().enumerate() {
        let meta = match std::fs::metadata(root) {
            Ok(m) => m,
            Err(e) => {
                errors.push(Error::io(root, e));
                continue;
            }
        };
        if !meta.is_dir() && !meta.is_file() {
            // A FIFO never ends until its writer closes it, and /dev/zero
            // or /dev/urandom never end at all: reading one would hang the
            // run or fill memory. Standard input is `-`, handled apart.
            errors.push(Error::NotRegular {
                path: root.clone(),
                kind: file_kind(&meta),
            });
            continue;
        }
        if !meta.is_dir() && root.to_str().is_none() {
            errors.push(Error::NameNotUtf8 { path: root.clone() });
            continue;
        }
        if !meta.is_dir() {
            let id = doc_id(Path::new(root.file_name().unwrap_or(root.as_os_str())));
            found.push((r, id, root.clone()));
            continue;
        }
        let before = found.len();
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !excluded(e.path()));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(root).to_owned();
                    let message = if e.loop_ancestor().is_some() {
                        "symbolic link loop; not followed".to_owned()
                    } else {
                        e.io_error()
                            .map(|io| io.to_string())
                            .unwrap_or_else(|| e.to_string())
                    };
                    errors.push(Error::Walk { path, message });
                    continue;
                }
            };
            if !entry.file_type().is_file() || is_gazet_temp(entry.path()) {
                continue;
            }
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if !filter.accepts(relative) {
                continue;
            }
            // An id and a `path` are text: a name that is not UTF-8 would
            // reach them with U+FFFD in place, naming no file.
            if entry.path().to_str().is_none() {
                errors.push(Error::NameNotUtf8 {
                    path: entry.path().to_owned(),
                });
                continue;
            }
            found.push((r, doc_id(relative), entry.path().to_owned()));
        }
        if found.len() == before {
            errors.push(Error::NoFiles {
                path: root.clone(),
                globs: filter.shown.clone(),
            });
        }
    }
    // Folders whose relative names meet (`2023/a.txt`, `2024/a.txt`) keep
    // them apart by their own names (`2023/a`, `2024/a`); folders that do
    // not meet keep plain ids, so one folder's ids never change.
    let mut root_of: HashMap<&str, usize> = HashMap::new();
    let mut colliding = vec![false; roots.len()];
    for (r, id, _) in &found {
        match root_of.get(id.as_str()) {
            Some(&other) if other != *r && roots[*r].is_dir() && roots[other].is_dir() => {
                colliding[*r] = true;
                colliding[other] = true;
            }
            Some(_) => {}
            None => {
                root_of.insert(id, *r);
            }
        }
    }
    let mut inputs = Vec::new();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for (r, id, path) in found {
        let id = match root_name(&roots[r]) {
            Some(name) if colliding[r] => format!("{name}/{id}"),
            _ => id,
        };
        if let Some(other) = ids.get(&id) {
            errors.push(Error::DuplicateDocument {
                path,
                doc: id,
                other: other.clone(),
            });
        } else {
            ids.insert(id.clone(), path.clone());
            inputs.push(Input { id, path });
        }
    }
    (inputs, errors)
}

/// A folder's name as given, for telling its ids from another folder's:
/// `./2023/` is `2023`, `data/2024` stays `data/2024`; what comes before a
/// `..` or from the root is left out, so the name is a relative path.
fn root_name(root: &Path) -> Option<String> {
    use std::path::Component;
    let mut parts: Vec<String> = Vec::new();
    for c in root.components() {
        match c {
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            _ => parts.clear(),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// What a named path that is neither a file nor a folder is, for the error.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        } else if t.is_char_device() {
            return "a character device";
        } else if t.is_block_device() {
            return "a block device";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
}

/// A temporary file of gazet's own (an output being written).
fn is_gazet_temp(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| n.starts_with(".gazet-") && n.ends_with(".tmp"))
}

/// A relative path without its extension, with `/` separators.
pub fn doc_id(relative: &Path) -> String {
    let stem = relative.with_extension("");
    stem.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_relative_paths_without_extension() {
        assert_eq!(doc_id(Path::new("a/b/paper.txt")), "a/b/paper");
        assert_eq!(doc_id(Path::new("paper.v2.md")), "paper.v2");
    }

    #[test]
    fn walks_sorted_and_reports_id_clashes() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub")).unwrap();
        for f in ["b.txt", "a.txt", "a.md", "sub/c.txt", "skip.json"] {
            std::fs::write(d.join(f), "x").unwrap();
        }
        let (inputs, errors) = collect(&[d.to_owned()], &Filter::default_globs());
        let ids: Vec<&str> = inputs.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "sub/c"]);
        assert_eq!(errors.len(), 1);
        assert!(matches!(&errors[0], Error::DuplicateDocument { doc, .. } if doc == "a"));
    }
}
