//! The whole development corpus against its hand-made gold: a quality gate
//! that fails when a change costs precision or recall (figures in
//! docs/corpus-notes.md).

mod common;

use common::gazet;

/// Annotates the corpus with `flags` and returns `gazet eval --json`.
fn scores(flags: &[&str], min_f1: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let mut args = vec!["annotate", "corpus/", "-q", "-o", out.to_str().unwrap()];
    args.extend_from_slice(flags);
    let run = gazet(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = gazet(&[
        "eval",
        out.to_str().unwrap(),
        "corpus/gold/",
        "--json",
        "--min-f1",
        min_f1,
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stderr, run.stdout);
    let r: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["documents"], 13);
    r
}

fn f1(r: &serde_json::Value, path: &[&str]) -> f64 {
    path.iter().fold(r, |v, k| &v[k])["f1"].as_f64().unwrap()
}

#[test]
fn development_corpus_scores_stay_at_their_level() {
    let r = scores(&[], "strict=0.99,type=0.99,entities=0.99,relations=0.88");
    assert!(r["spans"]["strict"]["precision"].as_f64().unwrap() >= 0.99);
    assert!(r["relations"]["precision"].as_f64().unwrap() >= 0.95);
}

#[test]
fn the_name_patterns_raise_f1_on_the_development_corpus() {
    let with = scores(&[], "strict=0.99");
    let without = scores(&["--no-patterns"], "strict=0.98");
    for path in [
        &["spans", "strict"][..],
        &["spans_by_label", "PER", "strict"],
    ] {
        assert!(f1(&with, path) > f1(&without, path), "{path:?}");
    }
    assert!(f1(&with, &["relations"]) >= f1(&without, &["relations"]));
    let precision = |r: &serde_json::Value| r["spans"]["strict"]["precision"].as_f64().unwrap();
    assert!(precision(&with) >= precision(&without));
}
