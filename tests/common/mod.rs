//! Helpers for tests that run the real `gazet` binary.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The `doc` of every JSON line on stdout.
    pub fn doc_ids(&self) -> Vec<String> {
        self.json_lines()
            .iter()
            .map(|d| d["doc"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// The JSON Lines on stdout, parsed.
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
            .collect()
    }
}

/// Runs `gazet ARGS` in `dir` (the repository root if `None`), feeding `stdin`.
pub fn gazet_in(dir: Option<&Path>, args: &[&str], stdin: &str) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazet"));
    cmd.args(args)
        .current_dir(dir.map_or_else(repo, Path::to_path_buf))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("gazet runs");
    if let Some(mut i) = child.stdin.take() {
        // The child may exit before reading everything; that is its business.
        let _ = i.write_all(stdin.as_bytes());
    }
    let out = child.wait_with_output().expect("gazet finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The (text, entity id) of every span of one JSON output document.
pub fn spans_of(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["text"].as_str().unwrap().to_owned(),
                s["entity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The (head, relation, tail) of every relation of one JSON output document.
pub fn relations_of(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    doc["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["head"].as_str().unwrap().to_owned(),
                r["relation"].as_str().unwrap().to_owned(),
                r["tail"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub fn gazet(args: &[&str]) -> Run {
    gazet_in(None, args, "")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes `files` (relative path, bytes) under a new temporary folder.
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, bytes) in files {
        let p = dir.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write");
    }
    dir
}

/// A folder of `n` files `d000.txt`, `d001.txt`, ... with `content(i)`.
pub fn numbered_files(n: usize, content: impl Fn(usize) -> String) -> tempfile::TempDir {
    let files: Vec<(String, String)> = (0..n)
        .map(|i| (format!("d{i:03}.txt"), content(i)))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_bytes()))
        .collect();
    tree(&refs)
}

/// The shipped paper's text.
pub fn paper_text() -> String {
    std::fs::read_to_string(repo().join("corpus/central-asia-security.txt")).expect("the paper")
}

/// The paper's hand-made gold, checked against its text.
pub fn paper_gold() -> gazet::gold::Gold {
    let g = std::fs::read_to_string(repo().join("corpus/gold/central-asia-security.gold.tsv"))
        .expect("the paper's gold");
    gazet::gold::parse("central-asia-security.gold.tsv", &g, &paper_text())
        .unwrap_or_else(|e| panic!("gold does not fit the text: {e:?}"))
}

/// Fails with both differences listed unless the sets are equal.
pub fn assert_same<T: Ord + std::fmt::Debug>(
    what: &str,
    gold: &std::collections::BTreeSet<T>,
    got: &std::collections::BTreeSet<T>,
) {
    let missed: Vec<_> = gold.difference(got).collect();
    let extra: Vec<_> = got.difference(gold).collect();
    assert!(
        missed.is_empty() && extra.is_empty(),
        "missed gold {what}: {missed:#?}\n{what} the gold lacks: {extra:#?}"
    );
}

/// Every file below `root`, relative to it, sorted.
pub fn files_below(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().display().to_string())
        .collect();
    v.sort();
    v
}

/// Annotates `in/` under `dir` into `p.jsonl` with the relation table
/// `table`, scores the JSON against the table as gold, and gives the
/// report; both runs must succeed.
pub fn table_as_gold(dir: &Path, table: &str) -> serde_json::Value {
    let d = Some(dir);
    let run = gazet_in(
        d,
        &["annotate", "in/", "-o", "p.jsonl", "--table", table],
        "",
    );
    assert_eq!(run.code, 0, "{table}: {}", run.stderr);
    let run = gazet_in(d, &["eval", "p.jsonl", table, "--json"], "");
    assert_eq!(run.code, 0, "{table}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}
