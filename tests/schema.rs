//! The open schema, run as a user would: a schema file of their own
//! (`tests/fixtures/schema/my.schema`: label `GPE`, kind `product` of `ORG`,
//! relation `works_for` PER → ORG) used through a gazetteer, a rule file,
//! `annotate` and `eval` against hand-written gold; and every reader's
//! refusal of what the schema lacks, with its `file:line` and the schema's
//! name.

mod common;

use common::{gazet_in, repo, tree, Run};
use std::path::PathBuf;

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/schema")
}

/// `gazet ARGS` in the fixture's folder.
fn run(args: &[&str]) -> Run {
    gazet_in(Some(&fixture()), args, "")
}

/// Asserts that `run` failed with `code` and said each of `wants`.
fn says<S: AsRef<str>>(run: &Run, code: i32, wants: &[S]) {
    assert_eq!(run.code, code, "{}", run.stderr);
    for want in wants {
        let want = want.as_ref();
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
}

/// A folder with the fixture's schema and `files`.
fn with_my_schema(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let schema = std::fs::read(fixture().join("my.schema")).unwrap();
    let mut all = vec![("my.schema", schema.as_slice())];
    all.extend_from_slice(files);
    tree(&all)
}

/// `gazet gazetteer check` of `file` under the fixture's schema, in `dir`.
fn check_gazetteer(dir: &std::path::Path, file: &str) -> Run {
    let args = ["gazetteer", "check", "--schema", "my.schema", "-g", file];
    gazet_in(Some(dir), &args, "")
}

/// `gazet rules check` of `file` under the fixture's schema, in `dir`.
fn check_rules(dir: &std::path::Path, file: &str) -> Run {
    let args = ["rules", "check", "--schema", "my.schema", "--rules", file];
    gazet_in(Some(dir), &args, "")
}

/// `gazet eval PREDICTED GOLD --json` under the fixture's schema, in
/// `dir`: its report, once it has exited with `code`.
fn eval_report(dir: &std::path::Path, predicted: &str, gold: &str, code: i32) -> serde_json::Value {
    let args = ["eval", predicted, gold, "--schema", "my.schema", "--json"];
    let run = gazet_in(Some(dir), &args, "");
    assert_eq!(run.code, code, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

const MINE: &[&str] = &[
    "--schema",
    "my.schema",
    "-g",
    "my.tsv",
    "--no-default-gazetteers",
    "--rules",
    "my.rules",
    "--no-default-rules",
    "--no-cache",
];

#[test]
fn a_users_label_kind_and_relation_go_through_annotate_and_eval() {
    let out = tempfile::tempdir().unwrap();
    let predicted = out.path().join("out.jsonl");
    let brat = out.path().join("brat");
    let predicted_s = predicted.to_str().unwrap();
    let mut args = vec!["annotate", "doc.txt", "-q", "-o", predicted_s];
    args.extend(["--brat", brat.to_str().unwrap()]);
    args.extend(MINE);
    let annotated = run(&args);
    assert_eq!(annotated.code, 0, "{}", annotated.stderr);

    let line = std::fs::read_to_string(&predicted).unwrap();
    let doc: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    let spans: Vec<(&str, &str, &str)> = doc["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["text"].as_str().unwrap(),
                s["label"].as_str().unwrap(),
                s["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        spans.contains(&("Strelsau", "GPE", "municipality")),
        "{spans:?}"
    );
    assert!(spans.contains(&("Ruritania", "GPE", "nation")), "{spans:?}");
    assert!(
        spans.contains(&("Widget Line", "ORG", "product")),
        "{spans:?}"
    );
    assert_eq!(
        common::relations_of(&doc),
        [("jane_doe".into(), "works_for".into(), "acme".into())]
    );

    // brat is told of the schema's own label and relation.
    let conf = std::fs::read_to_string(brat.join("annotation.conf")).unwrap();
    assert!(conf.lines().any(|l| l == "GPE"), "{conf}");
    assert!(conf.contains("works_for\tArg1:PER, Arg2:ORG"), "{conf}");
    let visual = std::fs::read_to_string(brat.join("visual.conf")).unwrap();
    assert!(visual.contains("works_for | works for"), "{visual}");

    // The hand-written gold, in the same schema, scores every span and the relation.
    let report = eval_report(&fixture(), predicted_s, "doc.gold.tsv", 0);
    assert_eq!(report["spans"]["strict"]["f1"], 1.0, "{report}");
    assert_eq!(report["spans_by_label"]["GPE"]["strict"]["f1"], 1.0);
    assert_eq!(report["relations_by_type"]["works_for"]["tp"], 1);
    assert_eq!(report["relations"]["f1"], 1.0, "{report}");
    assert_eq!(report["problems"], serde_json::json!([]));

    // The rule's own tests pass under the schema.
    let checked = run(&[
        "rules",
        "check",
        "--schema",
        "my.schema",
        "--rules",
        "my.rules",
        "--no-default-rules",
        "-g",
        "my.tsv",
        "--no-default-gazetteers",
    ]);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
}

#[test]
fn without_the_schema_each_reader_names_the_line_and_the_default_schema() {
    let gazetteer = run(&[
        "gazetteer",
        "check",
        "-g",
        "my.tsv",
        "--no-default-gazetteers",
    ]);
    says(
        &gazetteer,
        2,
        &[
            "my.tsv:4: unknown kind `product` (the default schema declares for ORG: alliance,",
            "my.tsv:6: unknown label `GPE` (the default schema declares ORG, LOC, PER)",
        ],
    );

    let rules = run(&["rules", "check", "--rules", "my.rules"]);
    says(
        &rules,
        2,
        &["my.rules:3: unknown relation `works_for` (the default schema declares member_of,"],
    );

    // Gold read with the default schema: predictions from the fixture's.
    let predicted = "{\"doc\":\"doc\",\"spans\":[],\"relations\":[]}\n";
    let dir = tree(&[("p.jsonl", predicted.as_bytes())]);
    let p = dir.path().join("p.jsonl");
    let gold = run(&["eval", p.to_str().unwrap(), "doc.gold.tsv"]);
    says(
        &gold,
        1,
        &[
            "doc.gold.tsv:5: unknown label `GPE` (the default schema declares ORG, LOC, PER)",
            "doc.gold.tsv:11: unknown relation `works_for`",
        ],
    );
}

#[test]
fn with_the_schema_what_it_lacks_is_refused_naming_it() {
    let dir = with_my_schema(&[
        (
            "bad.tsv",
            b"ok\tGPE\tnation\tOkland\nx\tFAC\tbuilding\tX\ny\tGPE\tplanet\tY\nz\tPER\tperson\tZ\t\temploys=ok\n",
        ),
        (
            "bad.rules",
            b"rule a\n  relation: employs\n  pattern: head:{PER} at tail:{ORG}\nrule b\n  relation: works_for\n  pattern: head:{FAC} at tail:{ORG:planet}\n",
        ),
        ("d.txt", b"Okland"),
        ("d.gold.tsv", b"span\t0\t6\tFAC\tok\tOkland\nrel\ta\temploys\tb\n"),
        ("p.jsonl", b"{\"doc\":\"d\",\"spans\":[],\"relations\":[]}\n"),
    ]);
    let at = |args: &[&str]| gazet_in(Some(dir.path()), args, "");
    let named = "schema `my.schema` declares";

    let g = check_gazetteer(dir.path(), "bad.tsv");
    says(
        &g,
        2,
        &[
            format!("bad.tsv:2: unknown label `FAC` ({named} ORG, LOC, PER, GPE)"),
            format!("bad.tsv:3: unknown kind `planet` ({named} for GPE: nation, municipality)"),
            "bad.tsv:4: unknown relation `employs`".to_owned(),
        ],
    );

    let r = check_rules(dir.path(), "bad.rules");
    says(
        &r,
        2,
        &[
            format!("bad.rules:2: unknown relation `employs` ({named} member_of,"),
            "bad.rules:6: rule `b`: unknown label `FAC`".to_owned(),
        ],
    );

    let e = at(&["eval", "p.jsonl", "d.gold.tsv", "--schema", "my.schema"]);
    says(
        &e,
        1,
        &[
            format!("d.gold.tsv:1: unknown label `FAC` ({named} ORG, LOC, PER, GPE)"),
            format!("d.gold.tsv:2: unknown relation `employs` ({named} member_of,"),
        ],
    );
}

#[test]
fn a_schema_file_of_its_own_is_checked_line_by_line() {
    let dir = tree(&[("d.txt", b"x")]);
    let run = |schema: &[u8]| {
        std::fs::write(dir.path().join("bad.schema"), schema).unwrap();
        gazet_in(
            Some(dir.path()),
            &["annotate", "d.txt", "--schema", "bad.schema"],
            "",
        )
    };
    says(
        &run(b"label GPE\nextends: everything\n"),
        2,
        &["bad.schema:2: extends: `everything` is neither `default` nor `none`"],
    );
    let bad = run(b"label GPE\n  kinds: country\nrelation r\n  head: FAC\n  tail: GPE\nrelation allied_with\n  symmetric: no\nlabel 9x\n");
    says(
        &bad,
        2,
        &[
            "bad.schema:2: label GPE: kind `country` is already a kind of LOC",
            "bad.schema:4: unknown label `FAC`",
            "bad.schema:6: relation allied_with: gazet's rules fix whether it is symmetric",
            "bad.schema:8: `9x` is no name",
        ],
    );
    assert!(bad.stdout.is_empty());
}

#[test]
fn a_schema_that_replaces_the_default_allows_only_its_own() {
    let dir = tree(&[
        (
            "only.schema",
            b"extends: none\nlabel GPE\nrelation borders\n  head: GPE\n  tail: GPE\n  symmetric: yes\n",
        ),
        ("g.tsv", b"a\tGPE\tgpe\tAland\nb\tGPE\tgpe\tBland\nc\tORG\torganization\tCorp\n"),
        ("d.txt", b"Aland borders Bland."),
    ]);
    let base = [
        "--schema",
        "only.schema",
        "--no-default-gazetteers",
        "--no-cache",
    ];
    let mut args = vec!["gazetteer", "check", "-g", "g.tsv"];
    args.extend(base);
    says(
        &gazet_in(Some(dir.path()), &args, ""),
        2,
        &["g.tsv:3: unknown label `ORG` (schema `only.schema` declares GPE)"],
    );

    std::fs::write(
        dir.path().join("g.tsv"),
        "a\tGPE\tgpe\tAland\nb\tGPE\tgpe\tBland\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("r.rules"),
        "rule borders\n  relation: borders\n  pattern: head:{GPE} borders tail:{GPE}\n",
    )
    .unwrap();
    let mut args = vec!["annotate", "d.txt", "-g", "g.tsv", "--rules", "r.rules"];
    args.extend(["--no-default-rules", "--no-patterns", "-q"]);
    args.extend(base);
    let run = gazet_in(Some(dir.path()), &args, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = &run.json_lines()[0];
    // A symmetric relation of the schema is written once, head first by id.
    assert_eq!(
        common::relations_of(doc),
        [("a".into(), "borders".into(), "b".into())]
    );
}

#[test]
fn another_tools_label_the_schema_declares_keeps_its_name() {
    let dir = with_my_schema(&[(
        "patterns.jsonl",
        b"{\"label\": \"GPE\", \"pattern\": \"Ruritania\", \"id\": \"ruritania\"}\n",
    )]);
    let import = |extra: &[&str]| {
        let mut args = vec!["gazetteer", "import", "patterns.jsonl"];
        args.extend(extra);
        let run = gazet_in(Some(dir.path()), &args, "");
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    // spaCy's GPE is a place to gazet's default schema, its own label to this one.
    assert!(import(&[]).contains("ruritania\tLOC\tregion\tRuritania"));
    let mine = import(&["--schema", "my.schema"]);
    assert!(mine.contains("ruritania\tGPE\tnation\tRuritania"), "{mine}");
}

#[test]
fn a_users_relation_keeps_to_its_argument_labels_in_facts_rules_and_gold() {
    // my.schema declares works_for PER → ORG; each line below gives it a
    // GPE argument.
    let gazetteer = [
        std::fs::read(fixture().join("my.tsv")).unwrap(),
        b"boss\tPER\tperson\tBoss Hogg\t\tworks_for=acme; works_for=ruritania\n".to_vec(),
    ]
    .concat();
    let gold = [
        std::fs::read(fixture().join("doc.gold.tsv")).unwrap(),
        b"rel\truritania\tworks_for\tacme\n".to_vec(),
    ]
    .concat();
    let rules: &[u8] = b"rule by_pattern\n  relation: works_for\n  pattern: head:{GPE} hires tail:{ORG}\nrule by_trigger\n  relation: works_for\n  trigger: verb +employ\n  head: PER\n  tail: ORG|GPE\n";
    let dir = with_my_schema(&[
        ("bad.tsv", &gazetteer),
        ("bad.rules", rules),
        ("my.tsv", &std::fs::read(fixture().join("my.tsv")).unwrap()),
        (
            "my.rules",
            &std::fs::read(fixture().join("my.rules")).unwrap(),
        ),
        (
            "doc.txt",
            &std::fs::read(fixture().join("doc.txt")).unwrap(),
        ),
        ("gold/doc.gold.tsv", &gold),
    ]);
    let at = |args: &[&str]| gazet_in(Some(dir.path()), args, "");
    let declares = "schema `my.schema` declares";

    let g = check_gazetteer(dir.path(), "bad.tsv");
    says(
        &g,
        2,
        &[format!(
            "bad.tsv:8: fact works_for=ruritania: works_for with a tail labelled GPE: {declares} tail: ORG"
        )],
    );
    assert!(!g.stderr.contains("works_for=acme"), "{}", g.stderr);

    let r = check_rules(dir.path(), "bad.rules");
    says(
        &r,
        2,
        &[
            format!("bad.rules:3: rule `by_pattern`: works_for with a head labelled GPE: {declares} head: PER"),
            // A trigger rule's problem is on the line of the slot.
            format!("bad.rules:8: rule `by_trigger`: works_for with a tail labelled GPE: {declares} tail: ORG"),
        ],
    );

    // The gold's relation is reported and left out, so it costs the
    // prediction nothing: the one relation the schema allows is found.
    let mut args = vec!["annotate", "doc.txt", "-q", "-o", "out.jsonl"];
    args.extend(MINE);
    let annotated = at(&args);
    assert_eq!(annotated.code, 0, "{}", annotated.stderr);
    let report = eval_report(dir.path(), "out.jsonl", "gold", 1);
    let problems = report["problems"].to_string();
    assert!(
        problems.contains(&format!(
            "doc.gold.tsv:12: ruritania works_for acme: works_for with a head labelled GPE: {declares} head: PER"
        )),
        "{problems}"
    );
    assert_eq!(report["relations"]["tp"], 1, "{report}");
    assert_eq!(report["relations"]["fn"], 0, "{report}");
}

#[test]
fn a_relation_whose_argument_labels_the_schema_forbids_is_never_emitted() {
    // An `inside:` rule's names are known only at run time: here the
    // name inside the lab's name is an organisation, which works_for's
    // head may not be; part_of, read by the same kind of rule, may.
    let dir = with_my_schema(&[
        (
            "g.tsv",
            b"acme\tORG\tcompany\tAcme Robotics\nacme_lab\tORG\tbody\tAcme Robotics Lab\t\tpart_of=acme\n",
        ),
        (
            "r.rules",
            b"rule lab_part\n  relation: part_of\n  inside: yes\n  fact: part_of\nrule lab_works\n  relation: works_for\n  inside: yes\n  fact: part_of\n",
        ),
        ("d.txt", b"The Acme Robotics Lab opened."),
    ]);
    let flags = [
        "--schema",
        "my.schema",
        "-g",
        "g.tsv",
        "--no-default-gazetteers",
        "--rules",
        "r.rules",
        "--no-default-rules",
        "--no-patterns",
        "--no-cache",
    ];
    let mut args = vec!["annotate", "d.txt", "-q"];
    args.extend(flags);
    let run = gazet_in(Some(dir.path()), &args, "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        common::relations_of(&run.json_lines()[0]),
        [("acme_lab".into(), "part_of".into(), "acme".into())]
    );

    let mut args = vec!["explain", "d.txt"];
    args.extend(flags);
    let explained = gazet_in(Some(dir.path()), &args, "");
    assert_eq!(explained.code, 0, "{}", explained.stderr);
    assert!(
        explained.stdout.contains(
            "- works_for(acme_lab, acme)  [lab_works] works_for with a head labelled ORG: schema `my.schema` declares head: PER"
        ),
        "{}",
        explained.stdout
    );
}
