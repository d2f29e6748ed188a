//! The whole development corpus against its hand-made gold: a quality gate
//! that fails when a change costs precision or recall (figures in
//! corpus/NOTES.md).

mod common;

use common::gazet;

#[test]
fn development_corpus_scores_stay_at_their_level() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let run = gazet(&["annotate", "corpus/", "-q", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = gazet(&[
        "eval",
        out.to_str().unwrap(),
        "corpus/gold/",
        "--json",
        "--min-f1",
        "strict=0.98,type=0.98,entities=0.99,relations=0.79",
    ]);
    assert_eq!(run.code, 0, "{}\n{}", run.stderr, run.stdout);
    let r: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["documents"], 13);
    assert!(r["spans"]["strict"]["precision"].as_f64().unwrap() >= 0.99);
    assert!(r["relations"]["precision"].as_f64().unwrap() >= 0.95);
}
