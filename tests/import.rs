//! The peers' gazetteer formats through the real binary: each fixture of
//! `tests/fixtures/import/` read directly with `-g`, converted with
//! `gazet gazetteer import` into the TSV of `expected/`, and its bad twin
//! refused with the exact `file:line` problems.

mod common;

use common::{gazet_in, repo, spans_of};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/import")
}

const SENTENCE: &str =
    "Zarina Nazarova of the Eurasian Frontiers Institute (EFI) spoke in Kyzyl-Bulak.";

/// A span as (text, label, entity).
type Spans = &'static [(&'static str, &'static str, &'static str)];

/// The spans of SENTENCE where the file gives the institute the id `efi`.
const WITH_ID: Spans = &[
    ("Zarina Nazarova", "PER", "zarina_nazarova"),
    ("Eurasian Frontiers Institute", "ORG", "efi"),
    ("EFI", "ORG", "efi"),
    ("Kyzyl-Bulak", "LOC", "kyzyl_bulak"),
];

/// The spans where its id is made from its name. In the RegexNER file
/// `EFI` is an entity of its own, but the acronym the text defines binds
/// it to the long form first.
const BY_NAME: Spans = &[
    ("Zarina Nazarova", "PER", "zarina_nazarova"),
    (
        "Eurasian Frontiers Institute",
        "ORG",
        "eurasian_frontiers_institute",
    ),
    ("EFI", "ORG", "eurasian_frontiers_institute"),
    ("Kyzyl-Bulak", "LOC", "kyzyl_bulak"),
];

/// The spans of a list of organisations alone.
const LIST: Spans = &[
    (
        "Eurasian Frontiers Institute",
        "ORG",
        "eurasian_frontiers_institute",
    ),
    ("EFI", "ORG", "eurasian_frontiers_institute"),
];

/// (format, `-g` source, expected TSV, spans of SENTENCE)
const FORMATS: &[(&str, &str, &str, Spans)] = &[
    (
        "spaCy patterns: one id, one entity",
        "patterns.jsonl",
        "spacy.tsv",
        WITH_ID,
    ),
    (
        "GATE lists.def with &id= and &label=",
        "gate/lists.def",
        "gate.tsv",
        WITH_ID,
    ),
    (
        "CoreNLP RegexNER: one entity per line",
        "regexner.tsv",
        "regexner.tsv",
        BY_NAME,
    ),
    (
        "FlashText dictionary with labels",
        "keywords.json",
        "flashtext.tsv",
        BY_NAME,
    ),
    (
        "plain list with a label",
        "list:ORG:names.txt",
        "list.tsv",
        LIST,
    ),
];

/// The (text, label, entity) of the spans of SENTENCE annotated with `-g source`
/// (no other gazetteer, no name patterns, so that only the file speaks).
fn annotate(dir: &Path, source: &str) -> Vec<(String, String, String)> {
    let record = serde_json::json!({"id": "d", "text": SENTENCE}).to_string();
    let r = gazet_in(
        Some(dir),
        &[
            "annotate",
            "-",
            "-q",
            "-g",
            source,
            "--no-default-gazetteers",
            "--no-patterns",
            "--no-cache",
        ],
        &record,
    );
    assert_eq!(r.code, 0, "{source}: {}", r.stderr);
    let doc = &r.json_lines()[0];
    let labels: Vec<String> = doc["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap().to_owned())
        .collect();
    spans_of(doc)
        .into_iter()
        .zip(labels)
        .map(|((text, entity), label)| (text, label, entity))
        .collect()
}

fn owned(spans: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    spans
        .iter()
        .map(|(t, l, e)| (t.to_string(), l.to_string(), e.to_string()))
        .collect()
}

#[test]
fn every_format_is_read_directly_with_g() {
    for (what, source, _, spans) in FORMATS {
        assert_eq!(annotate(&fixtures(), source), owned(spans), "{what}");
    }
}

#[test]
fn import_writes_the_expected_tsv_which_loads_to_the_same_spans() {
    let out = tempfile::tempdir().unwrap();
    for (what, source, expected, spans) in FORMATS {
        let tsv = out.path().join(expected);
        let tsv_arg = tsv.to_str().unwrap();
        let r = gazet_in(
            Some(&fixtures()),
            &["gazetteer", "import", source, "-o", tsv_arg],
            "",
        );
        assert_eq!(r.code, 0, "{what}: {}", r.stderr);
        let want = std::fs::read_to_string(fixtures().join("expected").join(expected)).unwrap();
        assert_eq!(std::fs::read_to_string(&tsv).unwrap(), want, "{what}");
        assert_eq!(annotate(out.path(), expected), owned(spans), "{what}");
    }
}

#[test]
fn import_takes_format_and_label_as_flags_and_says_what_it_ignored() {
    let r = gazet_in(
        Some(&fixtures()),
        &[
            "gazetteer",
            "import",
            "--format",
            "list",
            "--label",
            "ORG",
            "names.txt",
        ],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let want = std::fs::read_to_string(fixtures().join("expected/list.tsv")).unwrap();
    assert_eq!(r.stdout, want);
    assert_eq!(
        r.stderr,
        "gazet: imported 2 entities, 2 aliases from 1 file (0 warnings)\n"
    );

    let r = gazet_in(
        Some(&fixtures()),
        &[
            "gazetteer",
            "import",
            "regexner.tsv",
            "--label-map",
            "ORGANIZATION=ORG:academic,PERSON=-",
        ],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let kinds: Vec<(&str, &str)> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0], f[2])
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("eurasian_frontiers_institute", "academic"),
            ("efi", "academic"),
            ("kyzyl_bulak", "city")
        ]
    );
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            "gazet: warning: regexner.tsv:3: overwritable types are ignored: gazet has no earlier labels for a pattern to overwrite",
            "gazet: warning: regexner.tsv:5: 1 entry labelled `PERSON` left out, as mapped",
            "gazet: imported 3 entities, 3 aliases from 1 file (2 warnings)",
        ]
    );
}

/// (`-g` source, every line on stderr; a line ending in `…` is a prefix)
const BAD: &[(&str, &[&str])] = &[
    (
        "patterns-bad.jsonl",
        &[
            "gazet: patterns-bad.jsonl:2: token patterns are not supported; use phrase patterns (a string)",
            "gazet: patterns-bad.jsonl:3: label `NORP` maps to none of ORG, LOC, PER; give it a mapping (NORP=ORG, or NORP=- to leave its entries out)",
        ],
    ),
    (
        "gate-bad/lists.def",
        &[
            "gazet: gate-bad/lists.def:2: majorType: label `date` maps to none of ORG, LOC, PER; give it a mapping (date=ORG, or date=- to leave its entries out)",
            "gazet: gate-bad/lists.def:3: cannot read gate-bad/missing.lst: …",
            // A list named out of the folder is not read, even one that is there.
            "gazet: gate-bad/lists.def:4: ../names.txt lies outside the folder of gate-bad/lists.def; not read",
            "gazet: gate-bad/lists.def:5: /etc/hostname lies outside the folder of gate-bad/lists.def; not read",
        ],
    ),
    (
        "regexner-bad.tsv",
        &[
            "gazet: regexner-bad.tsv:2: pattern \"Frontier.*\" is a regular expression (`*`); only literal names are imported",
            "gazet: regexner-bad.tsv:3: expected 2 to 4 tab-separated fields (pattern, type, overwritable types, priority), found 1",
        ],
    ),
    (
        "keywords-bad.json",
        &[
            "gazet: keywords-bad.json:3: name \"A | B\" holds `|`, which separates aliases in gazet's format",
            "gazet: keywords-bad.json:5: label `MISC` maps to none of ORG, LOC, PER; give it a mapping (MISC=ORG, or MISC=- to leave its entries out)",
        ],
    ),
    (
        "list:ORG:names-bad.txt",
        &[
            "gazet: names-bad.txt:2: entity `entity` has a canonical name with no letter or digit (\"!!!\"), which would match any such punctuation",
        ],
    ),
    (
        "list:names.txt",
        &["gazet: -g list:names.txt: a list carries no label; write list:ORG:names.txt (or LOC, PER)"],
    ),
];

fn assert_lines(what: &str, stderr: &str, want: &[&str]) {
    let got: Vec<&str> = stderr.lines().collect();
    assert_eq!(got.len(), want.len(), "{what}: {stderr}");
    for (g, w) in got.iter().zip(want) {
        match w.strip_suffix('…') {
            Some(prefix) => assert!(g.starts_with(prefix), "{what}: {g:?} vs {w:?}"),
            None => assert_eq!(g, w, "{what}"),
        }
    }
}

#[test]
fn bad_fixtures_are_refused_with_file_and_line() {
    for (source, want) in BAD {
        let r = gazet_in(
            Some(&fixtures()),
            &[
                "gazetteer",
                "check",
                "-g",
                source,
                "--no-default-gazetteers",
            ],
            "",
        );
        assert_eq!(r.code, 2, "{source}: {}", r.stderr);
        assert_lines(source, &r.stderr, want);
    }
}

#[test]
fn a_failed_import_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let tsv = out.path().join("out.tsv");
    let r = gazet_in(
        Some(&fixtures()),
        &[
            "gazetteer",
            "import",
            "patterns.jsonl",
            "patterns-bad.jsonl",
            "-o",
            tsv.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("patterns-bad.jsonl:2: token patterns"));
    assert!(!tsv.exists());
}

#[test]
fn ids_made_from_names_step_around_those_already_loaded() {
    // `Bishkek` is a shipped entity; the list's Bishkek becomes bishkek_2,
    // with -g as with import, so that the converted file loads beside the
    // shipped ones.
    let dir = common::tree(&[("cities.txt", b"Bishkek\nKyzyl-Bulak\n")]);
    let r = gazet_in(
        Some(dir.path()),
        &[
            "gazetteer",
            "import",
            "list:LOC:cities.txt",
            "-o",
            "out.tsv",
        ],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let tsv = std::fs::read_to_string(dir.path().join("out.tsv")).unwrap();
    assert_eq!(
        tsv.lines().skip(1).collect::<Vec<_>>(),
        [
            "bishkek_2\tLOC\tregion\tBishkek",
            "kyzyl_bulak\tLOC\tregion\tKyzyl-Bulak"
        ]
    );
    for source in ["list:LOC:cities.txt", "out.tsv"] {
        let r = gazet_in(Some(dir.path()), &["gazetteer", "check", "-g", source], "");
        assert_eq!(r.code, 0, "{source}: {}", r.stderr);
        assert!(
            r.stdout
                .contains("ambiguous alias \"bishkek\": bishkek (<embedded>/places.tsv:"),
            "{source}: {}",
            r.stdout
        );
        assert!(r.stdout.contains("bishkek_2 ("), "{}", r.stdout);
    }
}

#[test]
fn the_cache_sees_a_changed_gate_list() {
    let dir = common::tree(&[
        ("lists.def", b"cities.lst:location:city\n"),
        ("cities.lst", b"Kyzyl-Bulak\n"),
    ]);
    let cache = dir.path().join("cache");
    let stats = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gazet"))
            .args(["gazetteer", "stats", "-g", "lists.def", "--json"])
            .current_dir(dir.path())
            .env("GAZET_CACHE_DIR", &cache)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            v["cache"].as_str().unwrap().to_owned(),
            v["aliases"].as_u64().unwrap(),
        )
    };
    let (status, aliases) = stats();
    assert_eq!(status, "miss");
    assert_eq!(stats(), ("hit".to_owned(), aliases));
    std::fs::write(dir.path().join("cities.lst"), "Kyzyl-Bulak\nAk-Suu\n").unwrap();
    assert_eq!(stats(), ("miss".to_owned(), aliases + 1));
}
