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

/// `--brat` writes brat's `annotation.conf` and `visual.conf` beside the
/// documents: every entity and relation type the `.ann` files use is
/// declared there, and each relation's arguments have the labels its
/// declaration allows, so brat opens the folder with nothing unconfigured.
#[test]
fn brat_folders_carry_a_configuration_for_every_type_they_use() {
    let out = tempfile::tempdir().expect("temp dir");
    let brat = out.path().join("brat");
    let r = gazet(&[
        "annotate",
        "corpus/",
        "-o",
        out.path().join("all.jsonl").to_str().unwrap(),
        "--brat",
        brat.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let conf = std::fs::read_to_string(brat.join("annotation.conf")).expect("annotation.conf");
    let visual = std::fs::read_to_string(brat.join("visual.conf")).expect("visual.conf");
    let section = |name: &str| -> Vec<String> {
        conf.split('[')
            .find(|s| s.starts_with(&format!("{name}]")))
            .unwrap_or("")
            .lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    let entities = section("entities");
    let relations: std::collections::HashMap<String, (Vec<String>, Vec<String>)> =
        section("relations")
            .iter()
            .filter_map(|l| {
                let (name, args) = l.split_once('\t')?;
                let mut parts = args.split(", ").map(|p| {
                    p.split_once(':')
                        .map(|(_, t)| t.split('|').map(str::to_owned).collect::<Vec<_>>())
                        .unwrap_or_default()
                });
                Some((name.to_owned(), (parts.next()?, parts.next()?)))
            })
            .collect();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&brat) {
        let path = entry.unwrap().into_path();
        if !path.extension().is_some_and(|e| e == "ann") {
            continue;
        }
        let ann = std::fs::read_to_string(&path).unwrap();
        let mut types = std::collections::HashMap::new();
        for line in ann.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            let kind = fields[1].split(' ').next().unwrap_or("");
            if line.starts_with('T') {
                assert!(entities.iter().any(|e| e == kind), "{line}");
                types.insert(fields[0].to_owned(), kind.to_owned());
            } else if line.starts_with('R') {
                let (heads, tails) = &relations[kind];
                let arg = |n: usize| {
                    let t = fields[1]
                        .split(' ')
                        .nth(n)
                        .unwrap()
                        .split_once(':')
                        .unwrap()
                        .1;
                    types[t].clone()
                };
                assert!(heads.contains(&arg(1)), "{}: {line}", path.display());
                assert!(tails.contains(&arg(2)), "{}: {line}", path.display());
                checked += 1;
            }
        }
        for label in ["ORG", "LOC", "PER"] {
            assert!(visual.contains(&format!("{label}\tbgColor:")), "{label}");
        }
    }
    assert!(checked > 100, "only {checked} relations checked");
}
