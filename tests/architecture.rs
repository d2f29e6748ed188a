//! The library's stages depend one way: every `use crate::` of a stage names
//! a stage listed before it in `STAGES`, and only those it is allowed.
//! A stage is a top-level module of `src/` (a folder or a single file).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each stage, in pipeline order, with the stages it may use. Order alone
/// would allow more: `formats` and `eval` are kept off the pipeline so that
/// they can read and score annotations from any tool.
const STAGES: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("files", &["error"]),
    ("model", &[]),
    ("text", &[]),
    ("input", &["error", "text"]),
    ("rulefile", &["error", "input"]),
    ("lexicon", &["error", "model", "text"]),
    ("matching", &["error", "files", "model", "text", "lexicon"]),
    ("resolve", &["model", "text", "lexicon", "matching"]),
    (
        "names",
        &["error", "model", "text", "rulefile", "lexicon", "resolve"],
    ),
    (
        "relations",
        &["error", "model", "text", "rulefile", "lexicon"],
    ),
    ("formats", &["error", "files", "model", "text", "input"]),
    (
        "pipeline",
        &[
            "error",
            "model",
            "text",
            "input",
            "lexicon",
            "matching",
            "resolve",
            "names",
            "relations",
            "formats",
        ],
    ),
    (
        "eval",
        &[
            "error", "files", "model", "text", "input", "lexicon", "formats",
        ],
    ),
];

/// The library code of a file: its unit tests and comments left out, since
/// a test may build a whole pipeline and a doc link is no dependency.
fn library_code(text: &str) -> String {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The items `lib.rs` re-exports at the crate root, each with the path it
/// stands for (`Annotation` → `model::annotation::Annotation`).
fn reexports() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("readable lib.rs");
    let mut out = BTreeMap::new();
    for line in lib.lines() {
        let Some(path) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let path = path.trim_end_matches(';');
        let (base, items) = match path.split_once("::{") {
            Some((base, items)) => (base, items.trim_end_matches('}').to_owned()),
            None => match path.rsplit_once("::") {
                Some((base, item)) => (base, item.to_owned()),
                None => continue,
            },
        };
        for item in items.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            out.insert(item.to_owned(), format!("{base}::{item}"));
        }
    }
    out
}

/// Every path that `code` names through `crate::`, a group
/// `crate::{a::X, b}` as one path per member and an item re-exported at the
/// root as the path it stands for.
fn crate_paths(code: &str) -> Vec<String> {
    let roots = reexports();
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let members: Vec<String> = match rest.strip_prefix('{') {
            Some(group) => group
                .split('}')
                .next()
                .unwrap_or_default()
                .split(',')
                .map(|m| m.trim().to_owned())
                .collect(),
            None => vec![rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect()],
        };
        for path in members.into_iter().filter(|m| !m.is_empty()) {
            let first = path.split("::").next().unwrap_or_default();
            out.push(match roots.get(first) {
                Some(full) => path.replacen(first, full, 1),
                None => path,
            });
        }
    }
    out
}

/// stage → stages its code names, with one place each as an example.
fn uses() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut uses: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("a component");
        let first = first.as_os_str().to_str().expect("UTF-8 path");
        let stage = first.strip_suffix(".rs").unwrap_or(first);
        if stage == "bin" || stage == "lib" {
            continue;
        }
        let code = library_code(&std::fs::read_to_string(&file).expect("readable file"));
        for path in crate_paths(&code) {
            let used = path.split("::").next().unwrap_or_default().to_owned();
            if !used.is_empty() && used != stage {
                uses.entry(stage.to_owned())
                    .or_default()
                    .entry(used)
                    .or_insert_with(|| rel.display().to_string());
            }
        }
    }
    uses
}

#[test]
fn every_stage_is_listed() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let listed: BTreeSet<&str> = STAGES.iter().map(|(s, _)| *s).collect();
    for entry in std::fs::read_dir(&src).expect("readable src folder") {
        let name = entry.expect("readable entry").file_name();
        let name = name.to_str().expect("UTF-8 name");
        let stage = name.strip_suffix(".rs").unwrap_or(name);
        if stage != "bin" && stage != "lib" {
            assert!(
                listed.contains(stage),
                "src/{name} is in no stage of STAGES"
            );
        }
    }
}

#[test]
fn stages_use_only_earlier_allowed_stages() {
    let position: BTreeMap<&str, usize> = STAGES
        .iter()
        .enumerate()
        .map(|(i, (s, _))| (*s, i))
        .collect();
    for (i, (stage, allowed)) in STAGES.iter().enumerate() {
        for a in *allowed {
            assert!(position[a] < i, "{stage} may use {a}, which comes later");
        }
    }
    let mut wrong = Vec::new();
    for (stage, used) in uses() {
        let allowed = STAGES
            .iter()
            .find(|(s, _)| *s == stage)
            .map(|(_, a)| *a)
            .unwrap_or_default();
        for (other, example) in used {
            if !allowed.contains(&other.as_str()) {
                wrong.push(format!("{stage} uses {other} (in src/{example})"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the stage order:\n{}",
        wrong.join("\n")
    );
}

/// module → modules its code names, a module being `stage` or `stage::file`.
fn module_uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("under src");
        let rel = rel.to_str().expect("UTF-8 path").replace('\\', "/");
        if rel.starts_with("bin/") || rel == "lib.rs" {
            continue;
        }
        let module = rel
            .trim_end_matches(".rs")
            .trim_end_matches("/mod")
            .replace('/', "::");
        let code = library_code(&std::fs::read_to_string(&file).expect("readable file"));
        for path in crate_paths(&code) {
            let used: Vec<&str> = path
                .split("::")
                .filter(|p| p.starts_with(|c: char| c.is_ascii_lowercase()))
                .take(2)
                .collect();
            let used = used.join("::");
            if !used.is_empty() && used != module {
                uses.entry(module.clone()).or_default().insert(used);
            }
        }
    }
    uses
}

#[test]
fn no_module_imports_itself_through_others() {
    let uses = module_uses();
    // Depth-first search; a module met again while still open closes a cycle.
    fn visit<'a>(
        m: &'a str,
        uses: &'a BTreeMap<String, BTreeSet<String>>,
        open: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<String> {
        if let Some(at) = open.iter().position(|o| *o == m) {
            return Some(format!("{} -> {m}", open[at..].join(" -> ")));
        }
        if !done.insert(m) {
            return None;
        }
        open.push(m);
        for next in uses.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(next, uses, open, done) {
                return Some(cycle);
            }
        }
        open.pop();
        None
    }
    let mut done = BTreeSet::new();
    for m in uses.keys() {
        let cycle = visit(m, &uses, &mut Vec::new(), &mut done);
        assert!(
            cycle.is_none(),
            "import cycle: {}",
            cycle.unwrap_or_default()
        );
    }
}

/// Each file of the library (the binary left out) with its library code.
fn library_files() -> Vec<(std::path::PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files
        .into_iter()
        .filter(|path| !path.components().any(|c| c.as_os_str() == "bin"))
        .map(|path| {
            let code = library_code(&std::fs::read_to_string(&path).unwrap());
            (path, code)
        })
        .collect()
}

/// Library errors say what is wrong and name no flag of the binary (a
/// library caller has none); `src/bin/gazet/messages.rs` adds the flag
/// that changes it. Test text and the HTML report's legend are not errors.
#[test]
fn library_messages_name_no_command_line_flag() {
    // `--name` after a space or bracket, not a CSS `--bg:` variable.
    let flag =
        regex::Regex::new(r#""[^"\n]*[^\w-]--[a-z][a-z-]*[a-z](?:[^:\w"\n-][^"\n]*)?""#).unwrap();
    let mut found = Vec::new();
    for (path, code) in library_files() {
        for line in code.lines() {
            if flag.is_match(line) && !line.contains("<span") {
                found.push(format!("{}: {}", path.display(), line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "flags named in the library:\n{}",
        found.join("\n")
    );
}

/// The library's public functions and parsers fail with typed errors, not
/// with a message alone: a caller can tell the causes apart, and each
/// carries its file and line where it has one. A `pub fn` here is one the
/// crate may export (`pub(crate)` is not); lists of `problems`, `warnings`
/// and `errors` hold typed values too.
#[test]
fn library_errors_are_typed() {
    let list = regex::Regex::new(r"\b(problems|warnings|errors): (&mut )?Vec<String>").unwrap();
    let mut found = Vec::new();
    for (path, code) in library_files() {
        let lines: Vec<&str> = code.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let stringly = if line.trim_start().starts_with("pub fn ") {
                // A signature may run over several lines, up to its body.
                let signature = lines[i..].join(" ");
                let signature = signature.split(['{', ';']).next().unwrap_or_default();
                signature
                    .split_once("->")
                    .is_some_and(|(_, returns)| returns.contains(", String>"))
            } else {
                line.contains("type Err = String") || list.is_match(line)
            };
            if stringly {
                found.push(format!("{}: {}", path.display(), line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "untyped errors in the library:\n{}",
        found.join("\n")
    );
}

/// Byte offsets become code points at the output boundary only: where the
/// annotator hands an annotation out, and where `explain` prints its trace.
/// The stages between place spans and evidence by bytes.
#[test]
fn offsets_become_code_points_only_at_the_output() {
    let allowed = [
        "text/offsets.rs",
        "pipeline/annotate.rs",
        "relations/explain.rs",
    ];
    let mut found = Vec::new();
    for (path, code) in library_files() {
        let rel = path.to_string_lossy().replace('\\', "/");
        if code.contains("CodePoints") && !allowed.iter().any(|a| rel.ends_with(a)) {
            found.push(rel);
        }
    }
    assert!(
        found.is_empty(),
        "code points counted inside the pipeline:\n{}",
        found.join("\n")
    );
}

/// The dependency graph as DESIGN.md shows it: each stage, in pipeline
/// order, with the stages its code names (every `crate::` path, `use`
/// lines and paths written inline alike).
fn graph() -> String {
    let uses = uses();
    let width = STAGES.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (stage, _) in STAGES {
        let used: Vec<&str> = STAGES
            .iter()
            .map(|(s, _)| *s)
            .filter(|s| uses.get(*stage).is_some_and(|u| u.contains_key(*s)))
            .collect();
        let used = if used.is_empty() {
            "—".to_owned()
        } else {
            used.join(", ")
        };
        out.push_str(&format!("{stage:width$} → {used}\n"));
    }
    out
}

#[test]
fn design_md_shows_the_dependency_graph_the_code_has() {
    let design = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("DESIGN.md"))
        .expect("readable DESIGN.md");
    let graph = graph();
    assert!(
        design.contains(&format!("```text\n{graph}```\n")),
        "DESIGN.md's dependency graph is stale; the code's is:\n```text\n{graph}```"
    );
}
