//! Every file gazet writes is read back by `gazet eval` and `gazet render`
//! as written (issue 19, "Round trips"), through the real binary. The
//! CoNLL `-DOCSTART-` ids are checked in `tests/exchange.rs`.

mod common;

use common::{gazet_in, table_as_gold, tree};
use std::path::Path;

/// Two proposed names (no gazetteer lists them) related to each other, so
/// the relation table holds `doc:` ids; a quote, a tab and a backslash in
/// a file name, a quote in the sentence.
const PROPOSED: &[u8] = b"Major General Ulan Tashtanbekovich Abdykadyrov, who has headed the \
    Border Service of the Kyrgyz Republic since March 2023, told reporters in Bishkek.\n";
const QUOTED: &[u8] = b"\"Kazakhstan is a member of the CSTO,\" he said.\n";

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn json(run: &common::Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn gazets_own_relation_table_scores_as_gold() {
    let dir = tree(&[
        ("in/proposed.txt", PROPOSED),
        ("in/a\tb\\c \"q\".txt", QUOTED),
    ]);
    for table in ["t.csv", "t.tsv"] {
        let r = table_as_gold(dir.path(), table);
        let written = read(&dir.path().join(table));
        assert!(
            written.contains("doc:ulan_tashtanbekovich_abdykadyrov"),
            "{written}"
        );
        assert_eq!(r["relations"]["f1"], 1.0, "{table}: {r}");
        assert_eq!(r["relations"]["tp"], 2, "{table}: {r}");
    }
}

/// TSV has no quoting: a `"` is written as it is, and a tab, line break or
/// backslash in a cell as `\t`, `\n`, `\r`, `\\`. CSV keeps its quoting.
#[test]
fn the_tsv_table_follows_tsv_rules() {
    let dir = tree(&[("in/a\tb\\c \"q\".txt", QUOTED)]);
    let d = Some(dir.path());
    for (table, doc, sentence) in [
        (
            "t.tsv",
            "a\\tb\\\\c \"q\"",
            "\"Kazakhstan is a member of the CSTO,\" he said.",
        ),
        (
            "t.csv",
            "\"a\tb\\c \"\"q\"\"\"",
            "\"\"\"Kazakhstan is a member of the CSTO,\"\" he said.\"",
        ),
    ] {
        let run = gazet_in(d, &["annotate", "in/", "--table", table, "-q"], "");
        assert_eq!(run.code, 0, "{}", run.stderr);
        let written = read(&dir.path().join(table));
        let row = written.lines().nth(1).expect("a row");
        assert!(row.starts_with(doc), "{table}: {row:?}");
        assert!(row.ends_with(sentence), "{table}: {row:?}");
        if table.ends_with("tsv") {
            assert!(
                written.lines().all(|l| l.matches('\t').count() == 7),
                "8 cells a line: {written:?}"
            );
        }
    }
}

#[test]
fn stdin_records_keep_their_other_fields_under_meta() {
    let input = "{\"id\":\"d1\",\"text\":\"CSTO met in Bishkek.\",\"source\":\"wire\",\"n\":3}\n\
                 {\"id\":\"d2\",\"text\":\"Bishkek.\"}\n\
                 {\"doc\":\"d3\",\"text\":\"CSTO.\"}\n";
    let run = gazet_in(None, &["annotate", "-", "-q"], input);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docs = run.json_lines();
    assert_eq!(run.doc_ids(), ["d1", "d2", "d3"]);
    assert_eq!(
        docs[0]["meta"],
        serde_json::json!({"source": "wire", "n": 3})
    );
    for d in &docs[1..] {
        assert!(d.get("meta").is_none(), "no meta without other fields: {d}");
    }
    // File mode writes no new field unless asked.
    let run = gazet_in(None, &["annotate", "corpus/central-asia-security.txt"], "");
    let doc = &run.json_lines()[0];
    for field in ["meta", "text", "ents"] {
        assert!(doc.get(field).is_none(), "{field} in file mode");
    }
}

/// `--with-text` makes each line a document of displaCy's manual mode
/// (`text`, `ents` of start, end, label), and such output is read back by
/// `render` and `eval` with no text file at all.
#[test]
fn with_text_gives_displacy_documents_that_render_alone() {
    let dir = tree(&[]);
    let d = Some(dir.path());
    let text = "Kazakhstan is a member of the CSTO. Talks were held in Bishkek.";
    let input = format!("{{\"id\":\"d1\",\"text\":\"{text}\"}}\n");
    let run = gazet_in(
        d,
        &[
            "annotate",
            "-",
            "--with-text",
            "--overlaps",
            "-o",
            "p.jsonl",
        ],
        &input,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value =
        serde_json::from_str(read(&dir.path().join("p.jsonl")).trim()).expect("JSON");
    assert_eq!(doc["text"], text);
    let flat: Vec<serde_json::Value> = doc["spans"]
        .as_array()
        .expect("spans")
        .iter()
        .filter(|s| s.get("nested").is_none())
        .map(|s| serde_json::json!({"start": s["start"], "end": s["end"], "label": s["label"]}))
        .collect();
    assert_eq!(doc["ents"], serde_json::Value::Array(flat.clone()));
    assert!(flat.len() >= 3, "{doc}");

    let run = gazet_in(d, &["render", "p.jsonl", "-o", "report"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&dir.path().join("report/docs/d1.html"));
    assert!(page.contains("class=\"text\""), "the text is shown");
    let run = gazet_in(d, &["eval", "p.jsonl", "p.jsonl", "--json"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&run)["spans"]["strict"]["f1"], 1.0, "{}", run.stdout);
}

/// `path` is relative to the folder where `annotate` ran; a report made
/// elsewhere finds the text beside the output file, or under `--docs`.
#[test]
fn render_finds_texts_of_saved_output_from_another_folder() {
    let dir = tree(&[
        (
            "proj/corpus/a.txt",
            b"Kazakhstan is a member of the CSTO." as &[u8],
        ),
        ("proj/saved/.keep", b""),
    ]);
    let proj = dir.path().join("proj");
    for (output, extra) in [
        ("out.jsonl", &[] as &[&str]),
        ("saved/out.jsonl", &["--docs", "proj"]),
    ] {
        let run = gazet_in(Some(&proj), &["annotate", "corpus/", "-o", output], "");
        assert_eq!(run.code, 0, "{}", run.stderr);
        let saved = format!("proj/{output}");
        let mut args = vec!["render", saved.as_str(), "-o", "report"];
        args.extend(extra);
        let run = gazet_in(Some(dir.path()), &args, "");
        assert_eq!(run.code, 0, "{output}: {}", run.stderr);
        let page = read(&dir.path().join("report/docs/a.html"));
        assert!(
            page.contains("class=\"text\""),
            "{output}: the text is shown"
        );
        let mut args = vec!["eval", saved.as_str(), saved.as_str()];
        args.extend(extra);
        let run = gazet_in(Some(dir.path()), &args, "");
        assert_eq!(run.code, 0, "{output}: {}", run.stderr);
    }
}

/// Without its text a page still lists every span and relation of the JSON.
#[test]
fn render_without_the_text_lists_spans_and_relations() {
    let dir = tree(&[("in/a.txt", b"Kazakhstan is a member of the CSTO." as &[u8])]);
    let d = Some(dir.path());
    let run = gazet_in(d, &["annotate", "in/", "-o", "p.jsonl"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_file(dir.path().join("in/a.txt")).expect("remove");
    let run = gazet_in(d, &["render", "p.jsonl", "-o", "report"], "");
    assert_eq!(run.code, 1, "a text is missing");
    assert!(run.stderr.contains("a: no text found"), "{}", run.stderr);
    let page = read(&dir.path().join("report/docs/a.html"));
    assert_eq!(page.matches("<tr class=\"listed").count(), 2, "{page}");
    assert!(page.contains("<code>kazakhstan</code>"), "{page}");
    assert_eq!(page.matches("<tr class=\"rel").count(), 1, "{page}");
    assert!(page.contains("member_of.member/copula"), "{page}");
}

/// gazet's `--conll` reads back as gold or as predictions: each document's
/// tokens are found in its text again (by the `-DOCSTART-` id), so the
/// flat spans score 1.0 against the JSON of the same run, either way
/// round. CoNLL-2003 style BIO (no id, spaces between columns) takes its
/// document from the file's name, and a label gazet lacks is reported once
/// and left out.
#[test]
fn conll_reads_back_as_gold_and_as_predictions() {
    let dir = tree(&[
        ("docs/quoted.txt", QUOTED),
        (
            "docs/talks.txt",
            b"Talks in Bishkek, Kyrgyzstan, with the SCO and Kazakhstan.\n",
        ),
    ]);
    let d = Some(dir.path());
    let run = gazet_in(
        d,
        &["annotate", "docs/", "-o", "p.jsonl", "--conll", "p.conll"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (predicted, gold) in [("p.jsonl", "p.conll"), ("p.conll", "p.jsonl")] {
        let run = gazet_in(
            d,
            &["eval", predicted, gold, "--docs", "docs", "--json"],
            "",
        );
        assert_eq!(run.code, 0, "{predicted} against {gold}: {}", run.stderr);
        let r = json(&run);
        assert_eq!(r["documents"], 2, "{r}");
        assert_eq!(
            r["spans"]["strict"]["f1"], 1.0,
            "{predicted} against {gold}: {r}"
        );
    }
    let conll2003 = "Talks O\nin O\nBishkek B-LOC\n, O\nKyrgyzstan B-LOC\n, O\nwith O\n\
                     the O\nSCO B-MISC\nand O\nKazakhstan B-LOC\n. O\n";
    std::fs::write(dir.path().join("talks.conll"), conll2003).unwrap();
    let run = gazet_in(
        d,
        &["eval", "p.jsonl", "talks.conll", "--docs", "docs", "--json"],
        "",
    );
    let r = json(&run);
    assert_eq!(r["spans"]["strict"]["correct"], 3, "{r}");
    assert!(
        r["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("label \"MISC\" is none of")),
        "{r}"
    );
}
