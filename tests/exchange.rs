//! Exchange formats written by the real binary and read back: CoNLL BIO
//! (`--conll`) and brat standoff (`--brat`).

mod common;

use common::{gazet, gazet_in, tree};

#[test]
fn conll_of_the_corpus_gives_back_every_flat_span() {
    let out = tempfile::tempdir().expect("temp dir");
    let conll = out.path().join("corpus.conll");
    let jsonl = out.path().join("corpus.jsonl");
    let r = gazet(&[
        "annotate",
        "corpus/",
        "-o",
        jsonl.to_str().unwrap(),
        "--conll",
        conll.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bio = std::fs::read_to_string(&conll).expect("conll written");
    let docs = gazet::conll::read("corpus.conll", &bio).expect("valid BIO");
    let annotations: Vec<serde_json::Value> = std::fs::read_to_string(&jsonl)
        .expect("jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(docs.len(), annotations.len());
    assert!(docs.len() > 10);
    for (doc, a) in docs.iter().zip(&annotations) {
        assert_eq!(
            doc.id.as_deref(),
            a["doc"].as_str(),
            "the -DOCSTART- line names its document"
        );
        let path = a["path"].as_str().expect("path");
        let text = std::fs::read_to_string(path).expect("text");
        let got: Vec<(u64, u64, String)> = gazet::conll::spans(doc, &text)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .into_iter()
            .map(|s| (s.start as u64, s.end as u64, s.label))
            .collect();
        let want: Vec<(u64, u64, String)> = a["spans"]
            .as_array()
            .expect("spans")
            .iter()
            .map(|s| {
                (
                    s["start"].as_u64().unwrap_or(0),
                    s["end"].as_u64().unwrap_or(0),
                    s["label"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        assert_eq!(got, want, "{path}");
    }
}

#[test]
fn conll_to_a_folder_and_to_stdout() {
    let dir = tree(&[
        ("in/sub/a.txt", b"CSTO met in Bishkek." as &[u8]),
        ("in/b.txt", b""),
    ]);
    let r = gazet_in(
        Some(dir.path()),
        &["annotate", "in", "-o", "out.jsonl", "--conll", "bio/"],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let a = std::fs::read_to_string(dir.path().join("bio/sub/a.conll")).expect("a.conll");
    assert_eq!(
        a,
        "-DOCSTART- sub/a\tO\n\nCSTO\tB-ORG\nmet\tO\nin\tO\nBishkek\tB-LOC\n.\tO\n\n"
    );
    let b = std::fs::read_to_string(dir.path().join("bio/b.conll")).expect("b.conll");
    assert_eq!(b, "-DOCSTART- b\tO\n\n");

    let r = gazet_in(
        Some(dir.path()),
        &["annotate", "in/b.txt", "-o", "out.jsonl", "--conll", "-"],
        "",
    );
    assert_eq!((r.code, r.stdout.as_str()), (0, "-DOCSTART- b\tO\n\n"));
    let r = gazet_in(Some(dir.path()), &["annotate", "in", "--conll", "-"], "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot share stdout"), "{}", r.stderr);
}

#[test]
fn brat_output_has_t_n_and_r_lines_and_scores_perfectly_as_gold() {
    let out = tempfile::tempdir().expect("temp dir");
    let jsonl = out.path().join("paper.jsonl");
    let brat = out.path().join("brat");
    let r = gazet(&[
        "annotate",
        "corpus/central-asia-security.txt",
        "-o",
        jsonl.to_str().unwrap(),
        "--brat",
        brat.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let ann = std::fs::read_to_string(brat.join("central-asia-security.ann")).expect("ann");
    for kind in ['T', 'N', 'R'] {
        assert!(
            ann.lines().any(|l| l.starts_with(kind)),
            "no {kind} line in\n{ann}"
        );
    }
    assert!(ann.contains("\tReference T1 gazet:"));
    let r = gazet(&[
        "eval",
        jsonl.to_str().unwrap(),
        brat.to_str().unwrap(),
        "--min-f1",
        "strict=1,relations=1,entities=1",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}
