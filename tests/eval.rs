//! `gazet eval` through the real binary: the paper against its gold, brat
//! round trip, error lists, thresholds, gold conflicts, relation tables and
//! annotator agreement.

mod common;

use common::{gazet, gazet_in, tree};

/// Annotates the corpus into `dir` as JSON Lines and brat.
fn annotate_corpus(dir: &std::path::Path) {
    let out = dir.join("out.jsonl");
    let brat = dir.join("brat");
    let run = gazet(&[
        "annotate",
        "corpus/central-asia-security.txt",
        "-q",
        "-o",
        out.to_str().unwrap(),
        "--brat",
        brat.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn paper_against_its_gold_and_brat_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    annotate_corpus(dir.path());
    let out = dir.path().join("out.jsonl");
    for gold in [
        String::from("corpus/gold/central-asia-security.gold.tsv"),
        dir.path().join("brat").display().to_string(),
    ] {
        let run = gazet(&[
            "eval",
            out.to_str().unwrap(),
            &gold,
            "--json",
            "--min-f1",
            "strict=1,relations=1,entities=1",
        ]);
        assert_eq!(run.code, 0, "{gold}: {}{}", run.stdout, run.stderr);
        let r: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        for schema in ["strict", "exact", "partial", "type"] {
            assert_eq!(r["spans"][schema]["f1"], 1.0, "{gold} {schema}");
        }
        assert_eq!(r["spans"]["strict"]["correct"], 123);
        assert_eq!(r["relations"]["f1"], 1.0);
        assert_eq!(r["relations"]["tp"], 32);
        assert_eq!(r["entity_ids"]["accuracy"], 1.0);
    }
}

/// Annotates `dir/docs` into `dir/out.jsonl`.
fn annotate_docs(dir: &std::path::Path) {
    let run = gazet_in(
        Some(dir),
        &["annotate", "docs", "-o", "out.jsonl", "-q"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

const TEXT: &str = "The CSTO met in Bishkek. Moscow and Kazakhstan joined. Dr. Usman Ghazi spoke.";

/// A gold file for TEXT with deliberate differences from gazet's output.
const GOLD: &str = "span\t4\t8\tORG\tcsto\tCSTO\n\
    span\t16\t23\tLOC\tbishkek\tBishkek\n\
    span\t25\t31\tORG\tmoscow\tMoscow\n\
    span\t36\t46\tLOC\tkazakhstan_x\tKazakhstan\n\
    span\t59\t64\tPER\tusman_ghazi\tUsman\n\
    rel\tkazakhstan\tmember_of\tcsto\n";

/// A folder with TEXT annotated into `out.jsonl` and GOLD in `gold/`.
fn annotated_with_gold() -> tempfile::TempDir {
    let dir = tree(&[
        ("docs/d.txt", TEXT.as_bytes()),
        ("gold/d.gold.tsv", GOLD.as_bytes()),
    ]);
    annotate_docs(dir.path());
    dir
}

#[test]
fn errors_are_listed_with_kind_offsets_and_context() {
    let dir = annotated_with_gold();
    let run = gazet_in(
        Some(dir.path()),
        &["eval", "out.jsonl", "gold", "--errors"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("d\twrong_label\tgold ORG 25..31 \"Moscow\" moscow | predicted LOC 25..31 \"Moscow\" moscow"), "{out}");
    assert!(out.contains("d\twrong_entity\tgold LOC 36..46 \"Kazakhstan\" kazakhstan_x | predicted LOC 36..46 \"Kazakhstan\" kazakhstan"), "{out}");
    assert!(out.contains("d\tboundary\tgold PER 59..64 \"Usman\" usman_ghazi | predicted PER 59..70 \"Usman Ghazi\""), "{out}");
    assert!(
        out.contains("Kazakhstan joined. Dr. [Usman Ghazi] spoke.…"),
        "{out}"
    );
    assert!(
        out.contains("d\trelation_missed\tmember_of(kazakhstan, csto)"),
        "{out}"
    );
    // Strict: 3 correct (CSTO, Bishkek, Kazakhstan), 2 incorrect; partial: 1 PAR.
    assert!(
        out.contains("strict                     3     2     0     0     0"),
        "{out}"
    );
    assert!(
        out.contains("partial                    4     0     1     0     0"),
        "{out}"
    );
    assert!(out.contains("entity ids on strict matches: 2/3"), "{out}");
}

#[test]
fn thresholds_set_the_exit_code() {
    let dir = annotated_with_gold();
    let ok = gazet_in(
        Some(dir.path()),
        &["eval", "out.jsonl", "gold", "--min-f1", "partial=0.85"],
        "",
    );
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    let low = gazet_in(
        Some(dir.path()),
        &[
            "eval",
            "out.jsonl",
            "gold",
            "--min-f1",
            "strict=0.9,relations=0.5",
        ],
        "",
    );
    assert_eq!(low.code, 1);
    assert!(
        low.stderr
            .contains("strict F1 0.600 is below the required 0.9"),
        "{}",
        low.stderr
    );
    assert!(
        low.stderr
            .contains("relations F1 0.000 is below the required 0.5"),
        "{}",
        low.stderr
    );
    let bad = gazet_in(
        Some(dir.path()),
        &["eval", "out.jsonl", "gold", "--min-f1", "strikt=0.9"],
        "",
    );
    assert_eq!(bad.code, 2);
}

#[test]
fn gold_conflicts_and_unmatched_documents_are_reported_by_file_and_line() {
    let gold =
        "span\t4\t8\tORG\tcsto\tCSTO\nspan\t4\t9\tORG\tcsto\tCSTO\nspan\t70\t900\tLOC\tx\tx\n";
    let dir = tree(&[
        ("docs/d.txt", TEXT.as_bytes()),
        ("docs/e.txt", b"Moscow"),
        ("gold/d.gold.tsv", gold.as_bytes()),
        ("gold/f.gold.tsv", b"span\t0\t6\tLOC\tmoscow\tMoscow\n"),
        ("docs/f.txt", b"Moscow"),
    ]);
    gazet_in(
        Some(dir.path()),
        &[
            "annotate",
            "docs/d.txt",
            "docs/e.txt",
            "-o",
            "out.jsonl",
            "-q",
        ],
        "",
    );
    let run = gazet_in(
        Some(dir.path()),
        &["eval", "out.jsonl", "gold", "--docs", "docs"],
        "",
    );
    assert_eq!(run.code, 1, "problems set the exit code");
    let err = &run.stderr;
    assert!(
        err.contains("d.gold.tsv:2: text \"CSTO\" does not match the document at 4..9"),
        "{err}"
    );
    assert!(
        err.contains("d.gold.tsv:3: offsets 70..900 are out of range"),
        "{err}"
    );
    assert!(
        err.contains("document \"e\" has predictions but no gold; not scored"),
        "{err}"
    );
    assert!(
        err.contains(
            "f.gold.tsv: document \"f\" has gold but no predictions; scored as all missed"
        ),
        "{err}"
    );
    assert!(run.stdout.contains("2 documents scored"), "{}", run.stdout);
}

#[test]
fn brat_gold_with_discontinuous_spans_and_bad_lines() {
    let ann = "T1\tORG 4 8\tCSTO\nT2\tLOC 16 23\tBishkek\nN1\tReference T1 gazet:csto\tCSTO\n\
               T3\tLOC 25 31;36 46\tMoscow Kazakhstan\nT4\tPLACE 0 3\tThe\n#1\tAnnotatorNotes T1\tnote\n";
    let dir = tree(&[
        ("brat/d.txt", TEXT.as_bytes()),
        ("brat/d.ann", ann.as_bytes()),
        ("docs/d.txt", TEXT.as_bytes()),
    ]);
    annotate_docs(dir.path());
    let run = gazet_in(
        Some(dir.path()),
        &["eval", "out.jsonl", "brat", "--json"],
        "",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("d.ann:5:"),
        "the bad label is reported: {}",
        run.stderr
    );
    assert!(run.stderr.contains("warning:"), "{}", run.stderr);
}

#[test]
fn relation_table_gold_resolves_aliases() {
    let table = "doc,head,relation,tail\nd,Kazakhstan,member_of,Collective Security Treaty Organization\nd,bishkek,located_in,Kyrgyz Republic\nd,Nowhere,member_of,csto\n";
    let dir = tree(&[
        (
            "docs/d.txt",
            b"Kazakhstan is a member of the CSTO. Talks in Bishkek, Kyrgyzstan.",
        ),
        ("rel.csv", table.as_bytes()),
    ]);
    annotate_docs(dir.path());
    let run = gazet_in(
        Some(dir.path()),
        &["eval", "out.jsonl", "rel.csv", "--json"],
        "",
    );
    assert!(
        run.stderr
            .contains("rel.csv:4: \"Nowhere\" is neither an entity id nor an alias"),
        "{}",
        run.stderr
    );
    let r: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["relations"]["tp"], 2, "{}", run.stdout);
    assert_eq!(r["relations"]["fp"], 0);
    assert_eq!(
        r["spans"],
        serde_json::json!({}),
        "a relation table has no spans to score"
    );
}

#[test]
fn two_annotators_agreement() {
    let a = "span\t4\t8\tORG\tcsto\tCSTO\nspan\t16\t23\tLOC\tbishkek\tBishkek\n";
    let b = "span\t4\t8\tORG\tcsto\tCSTO\nspan\t25\t31\tLOC\tmoscow\tMoscow\n";
    let dir = tree(&[
        ("docs/d.txt", TEXT.as_bytes()),
        ("a/d.gold.tsv", a.as_bytes()),
        ("b/d.gold.tsv", b.as_bytes()),
    ]);
    let run = gazet_in(
        Some(dir.path()),
        &["eval", "b", "a", "--docs", "docs", "--agreement"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("spans (agreement)"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "strict                     1     0     0     1     1   0.500   0.500   0.500"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn bootstrap_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    annotate_corpus(dir.path());
    let out = dir.path().join("out.jsonl");
    let a = gazet(&[
        "eval",
        out.to_str().unwrap(),
        "corpus/gold/central-asia-security.gold.tsv",
        "--bootstrap",
        "100",
        "--json",
    ]);
    let b = gazet(&[
        "eval",
        out.to_str().unwrap(),
        "corpus/gold/central-asia-security.gold.tsv",
        "--bootstrap",
        "100",
        "--json",
    ]);
    assert_eq!(a.stdout, b.stdout);
    let r: serde_json::Value = serde_json::from_str(&a.stdout).unwrap();
    assert_eq!(r["bootstrap"]["strict"]["low"], 1.0);
}

/// A gold or prediction path that is not there says so once, by its name,
/// not as a folder without annotations.
#[test]
fn a_missing_gold_or_prediction_path_is_named_once() {
    let dir = tree(&[("docs/d.txt", TEXT.as_bytes())]);
    annotate_docs(dir.path());
    for args in [
        &["eval", "out.jsonl", "nonexist/"][..],
        &["eval", "nonexist.jsonl", "out.jsonl"][..],
        &["render", "out.jsonl", "--gold", "nonexist/", "-o", "report"][..],
    ] {
        let run = gazet_in(Some(dir.path()), args, "");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        let missing = args.iter().find(|a| a.starts_with("nonexist")).unwrap();
        assert!(
            run.stderr
                .contains(&format!("{missing}: No such file or directory")),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stderr.matches(missing).count(), 1, "{}", run.stderr);
    }
}

/// With `--json` the warnings are in the report; stderr says only how many
/// there are, so that a program reads one place and a person is told.
#[test]
fn json_reports_carry_the_warnings_and_stderr_counts_them() {
    let dir = tree(&[
        ("docs/d.txt", TEXT.as_bytes()),
        ("docs/e.txt", b"Talks in Bishkek."),
        ("gold/d.gold.tsv", GOLD.as_bytes()),
    ]);
    annotate_docs(dir.path());
    let run = gazet_in(
        Some(dir.path()),
        &["eval", "out.jsonl", "gold", "--docs", "docs", "--json"],
        "",
    );
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let warnings = report["warnings"].as_array().expect("warnings");
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .unwrap()
            .contains("\"e\" has predictions but no gold")),
        "{warnings:?}"
    );
    assert!(
        !run.stderr.contains("has predictions but no gold"),
        "{}",
        run.stderr
    );
    let n = warnings.len();
    let said = if n == 1 {
        "1 warning".to_owned()
    } else {
        format!("{n} warnings")
    };
    assert!(run.stderr.contains(&said), "{}", run.stderr);
}

/// Gold from another tool names the labels its own way (`Organization`,
/// `Location`); `--label-map` reads them as gazet's, in brat, gold TSV and
/// gazet-format predictions alike. Without it the lines are refused with a
/// hint.
#[test]
fn label_map_reads_other_tools_labels() {
    let text = "The CSTO met in Bishkek.";
    let ann = "T1\tOrganization 4 8\tCSTO\nT2\tLocation 16 23\tBishkek\n";
    let dir = tree(&[
        ("docs/d.txt", text.as_bytes()),
        ("brat/d.txt", text.as_bytes()),
        ("brat/d.ann", ann.as_bytes()),
    ]);
    annotate_docs(dir.path());
    let d = Some(dir.path());
    let run = gazet_in(d, &["eval", "out.jsonl", "brat", "--json"], "");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("d.ann:1: unknown label `Organization`")
            && run.stderr.contains("--label-map FROM=TO"),
        "{}",
        run.stderr
    );
    let map = "Organization=ORG, Location=LOC";
    let run = gazet_in(
        d,
        &["eval", "out.jsonl", "brat", "--json", "--label-map", map],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["spans"]["strict"]["f1"], 1.0, "{r}");
    // Predictions in gazet's format from a tool that says GPE.
    let out = std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap();
    std::fs::write(
        dir.path().join("gpe.jsonl"),
        out.replace("\"LOC\"", "\"GPE\""),
    )
    .unwrap();
    let run = gazet_in(
        d,
        &[
            "eval",
            "gpe.jsonl",
            "brat",
            "--json",
            "--label-map",
            "Organization=ORG,Location=LOC,GPE=LOC",
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(r["spans"]["strict"]["f1"], 1.0, "{r}");
    for bad in ["Organization", "X=FOO", "=ORG", "A=ORG,A=LOC"] {
        let run = gazet_in(d, &["eval", "out.jsonl", "brat", "--label-map", bad], "");
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("--label-map"), "{bad}: {}", run.stderr);
    }
}
