//! The `gazet` binary on folders, files, stdin and bad input.

mod common;

use common::{gazet, gazet_in, numbered_files, spans_of, tree};
use serde_json::json;

#[test]
fn folder_walk_is_recursive_sorted_and_ids_are_relative_paths() {
    let dir = tree(&[
        ("b.txt", b"Bishkek"),
        ("a/z.md", b"Tashkent"),
        ("a/y.txt", b"Moscow"),
        ("ignored.json", b"Moscow"),
    ]);
    let run = gazet_in(Some(dir.path()), &["annotate", "."], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids = run.doc_ids();
    assert_eq!(ids, ["a/y", "a/z", "b"]);
    assert!(
        run.stderr
            .contains("3 documents, 0 failed, 3 spans (ORG 0, LOC 3, PER 0)"),
        "{}",
        run.stderr
    );
}

#[test]
fn glob_replaces_the_default_file_types() {
    let dir = tree(&[("a.txt", b"Moscow"), ("b.text", b"Moscow")]);
    let run = gazet_in(Some(dir.path()), &["annotate", ".", "--glob", "*.text"], "");
    let ids = run.doc_ids();
    assert_eq!(ids, ["b"]);
}

#[test]
fn output_order_does_not_depend_on_threads() {
    let dir = numbered_files(150, |i| {
        format!("Doc {i}: Bishkek, Kyrgyzstan and the SCO.")
    });
    let one = gazet_in(Some(dir.path()), &["annotate", ".", "-j", "1"], "");
    let two = gazet_in(Some(dir.path()), &["annotate", ".", "-j", "2"], "");
    assert_eq!(one.code, 0);
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.json_lines().len(), 150);
}

#[test]
fn bad_files_are_reported_by_path_and_line_and_the_rest_is_processed() {
    let dir = tree(&[
        ("good.txt", b"Kazakhstan"),
        ("latin1.txt", b"first line\nCaf\xe9 in Bishkek\n"),
        ("binary.txt", b"\x7fELF\x00\x01\x02"),
        ("zz.txt", b"Tashkent"),
    ]);
    let run = gazet_in(Some(dir.path()), &["annotate", "."], "");
    assert_eq!(run.code, 1, "some files failed");
    assert!(
        run.stderr.contains("latin1.txt:2: not valid UTF-8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("binary.txt: looks like a binary file"),
        "{}",
        run.stderr
    );
    let ids = run.doc_ids();
    assert_eq!(ids, ["good", "zz"]);
    assert!(
        run.stderr.contains("2 documents, 2 failed"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_path_is_an_error_but_not_fatal() {
    let dir = tree(&[("a.txt", b"Moscow")]);
    let run = gazet_in(Some(dir.path()), &["annotate", "nope", "a.txt"], "");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nope"), "{}", run.stderr);
    assert_eq!(run.json_lines().len(), 1);
}

#[test]
fn two_files_with_one_document_id_are_reported() {
    let dir = tree(&[("a.txt", b"Moscow"), ("a.md", b"Moscow")]);
    let run = gazet_in(Some(dir.path()), &["annotate", "."], "");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("document id \"a\" is also produced by"),
        "{}",
        run.stderr
    );
    assert_eq!(run.json_lines().len(), 1);
}

#[test]
fn output_to_a_folder_mirrors_the_tree() {
    let dir = tree(&[
        ("in/x/a.txt", b"Yerevan, Armenia"),
        ("in/b.txt", b"Ashgabat"),
    ]);
    let run = gazet_in(Some(dir.path()), &["annotate", "in", "-o", "out/"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let a: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/x/a.json")).unwrap())
            .unwrap();
    assert_eq!(a["doc"], "x/a");
    assert_eq!(
        spans_of(&a),
        [
            ("Yerevan".into(), "yerevan".into()),
            ("Armenia".into(), "armenia".into())
        ]
    );
    assert!(dir.path().join("out/b.json").exists());
    let leftovers = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"));
    assert_eq!(leftovers.count(), 0);
}

#[test]
fn output_to_a_file_is_json_lines() {
    let dir = tree(&[("in/a.txt", b"Dushanbe"), ("in/b.txt", b"Moscow")]);
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "in", "-o", "spans.jsonl"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("spans.jsonl")).unwrap();
    assert_eq!(text.lines().count(), 2);
}

#[test]
fn stdin_records_in_order_with_bad_lines_reported() {
    let input = "{\"id\":\"one\",\"text\":\"CSTO met in Bishkek.\"}\n\
                 not json\n\
                 \n\
                 {\"id\":\"two\",\"text\":\"Nothing here.\"}\n\
                 {\"id\":\"three\",\"text\":\"İSTANBUL and Kazakhstan’s\"}\n";
    let run = gazet_in(None, &["annotate", "-"], input);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("<stdin>:2: not an {\"id\", \"text\"} record"),
        "{}",
        run.stderr
    );
    let docs = run.json_lines();
    let ids: Vec<&str> = docs.iter().map(|d| d["doc"].as_str().unwrap()).collect();
    assert_eq!(ids, ["one", "two", "three"]);
    assert!(docs[0].get("path").is_none());
    assert_eq!(docs[1]["spans"], json!([]));
    // İ folds to a longer lower case: the offsets after it stay exact.
    let got: Vec<(u64, u64, &str)> = docs[2]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap(),
                s["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [(0, 8, "İSTANBUL"), (13, 23, "Kazakhstan")]);
}

#[test]
fn span_objects_have_the_documented_fields() {
    let run = gazet_in(
        None,
        &["annotate", "-"],
        "{\"id\":\"d\",\"text\":\"The Shanghai Pact\"}\n",
    );
    let s = &run.json_lines()[0]["spans"][0];
    assert_eq!(
        s,
        &json!({"start": 4, "end": 17, "text": "Shanghai Pact", "label": "ORG", "entity": "sco",
                "name": "Shanghai Cooperation Organization", "kind": "alliance",
                "source": "gazetteer", "alias": "Shanghai Pact"})
    );
}

#[test]
fn added_gazetteers_and_dropping_the_defaults() {
    let dir = tree(&[
        ("extra.tsv", "zz\tLOC\tcity\tZzyzx\n".as_bytes()),
        ("d.txt", b"Zzyzx is not Moscow"),
    ]);
    let both = gazet_in(
        Some(dir.path()),
        &["annotate", "d.txt", "-g", "extra.tsv"],
        "",
    );
    assert_eq!(
        spans_of(&both.json_lines()[0]),
        [
            ("Zzyzx".into(), "zz".into()),
            ("Moscow".into(), "moscow".into())
        ]
    );
    let only = gazet_in(
        Some(dir.path()),
        &[
            "annotate",
            "d.txt",
            "-g",
            "extra.tsv",
            "--no-default-gazetteers",
        ],
        "",
    );
    assert_eq!(
        spans_of(&only.json_lines()[0]),
        [("Zzyzx".into(), "zz".into())]
    );
}

#[test]
fn malformed_gazetteer_stops_with_file_and_line() {
    let dir = tree(&[
        (
            "bad.tsv",
            "# ok\nzz\tLOC\tcity\tZzyzx\tA || B\nzz\tXXX\tcity\tY\n".as_bytes(),
        ),
        ("d.txt", b"x"),
    ]);
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "d.txt", "-g", "bad.tsv"],
        "",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("bad.tsv:2: empty alias (alias 2 of `zz`)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("bad.tsv:3: unknown label `XXX`"),
        "{}",
        run.stderr
    );
    // Each problem is a line of its own with the prefix, not only the first.
    for line in run.stderr.lines() {
        assert!(line.starts_with("gazet: "), "{line:?} in {}", run.stderr);
    }
    assert!(run.stdout.is_empty());
}

#[test]
fn gazetteer_check_lists_ambiguous_aliases() {
    let run = gazet(&["gazetteer", "check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("ambiguous alias \"omon\": tajikistan_omon"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("ok: "), "{}", run.stdout);

    let dir = tree(&[(
        "bad.tsv",
        "a\tLOC\tcity\tA\t\tlocated_in=nowhere\n".as_bytes(),
    )]);
    let bad = gazet_in(
        Some(dir.path()),
        &["gazetteer", "check", "-g", "bad.tsv"],
        "",
    );
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr
            .contains("bad.tsv:1: fact located_in=nowhere points at an unknown id `nowhere`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(gazet(&["annotate"]).code, 2);
    assert_eq!(gazet(&["annotate", "corpus", "--glob", "[z"]).code, 2);
}

#[test]
fn a_closed_stdout_ends_quietly_with_success() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = numbered_files(100, |_| "Bishkek ".repeat(500));
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(["annotate", "."])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: gazet's next writes meet a broken pipe.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with("{\"doc\":\"d000\""));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Broken pipe"));
}

#[test]
fn an_output_path_that_is_no_regular_file_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    // Renaming a finished temporary file over `-o /dev/null` would replace
    // the device with a regular file; a FIFO shows the same without risk.
    let dir = tree(&[("d.txt", b"Moscow")]);
    let fifo = dir.path().join("out.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "d.txt", "-o", "out.fifo", "--table", "out.fifo"],
        "",
    );
    let got = reader.join().unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(got.contains("\"doc\":\"d\""), "{got}");
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "still a FIFO"
    );
}

/// `--no-acronyms` turns off every way a document defines an acronym: the
/// gazetteer names' (`Long Form (LF)`) and the proposed names' (rule
/// `defined_acronym`), with the later mentions linked through them.
#[test]
fn no_acronyms_also_stops_acronyms_of_proposed_names() {
    let dir = tree(&[(
        "d.txt",
        b"Researchers at the Eurasian Frontiers Institute (EFI) met in Almaty. \
          The EFI report followed. The Northern Steppe Policy Centre (NSPC) \
          replied. NSPC staff came too.\n",
    )]);
    let texts = |extra: &[&str]| {
        let mut args = vec!["annotate", "d.txt", "-q"];
        args.extend(extra);
        let run = gazet_in(Some(dir.path()), &args, "");
        assert_eq!(run.code, 0, "{}", run.stderr);
        let doc: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
        spans_of(&doc)
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>()
    };
    let on = texts(&[]);
    for short in ["EFI", "NSPC"] {
        assert_eq!(
            on.iter().filter(|t| *t == short).count(),
            2,
            "{short}, defined and used: {on:?}"
        );
    }
    let off = texts(&["--no-acronyms"]);
    assert!(
        !off.iter().any(|t| t == "EFI" || t == "NSPC"),
        "no acronym is learnt: {off:?}"
    );
    assert!(
        off.iter().any(|t| t == "Eurasian Frontiers Institute"),
        "{off:?}"
    );
}

/// `explain` takes the matching flags of `annotate`, so that it explains
/// the run the user made: `--no-acronyms` leaves `EFI` plain in the
/// sentence as the rules see it, `--overlaps` is accepted.
#[test]
fn explain_takes_the_matching_flags_of_annotate() {
    let dir = tree(&[(
        "d.txt",
        b"The Eurasian Frontiers Institute (EFI) opened in 2001. \
          EFI is a member of the Shanghai Cooperation Organisation.\n",
    )]);
    let seen = |extra: &[&str]| {
        let mut args = vec!["explain", "d.txt"];
        args.extend(extra);
        let run = gazet_in(Some(dir.path()), &args, "");
        assert_eq!(run.code, 0, "{extra:?}: {}", run.stderr);
        run.stdout
            .lines()
            .find(|l| l.trim_start().starts_with("seen as:") && l.contains("is a member"))
            .unwrap_or_else(|| panic!("{extra:?}: {}", run.stdout))
            .to_owned()
    };
    assert!(seen(&[]).contains("[ORG:"), "{}", seen(&[]));
    assert!(seen(&["--no-acronyms"]).contains("seen as: EFI is"));
    assert!(seen(&["--overlaps", "--lone-acronyms"]).contains("[ORG:"));
}

/// `explain -` reads stdin records as `annotate -` does, bad lines
/// reported by line and the others explained.
#[test]
fn explain_reads_stdin_records() {
    let input = "{\"id\": \"s\", \"text\": \"Kazakhstan is a member of the CSTO.\"}\n\
                 not a record\n\
                 {\"doc\": \"t\", \"text\": \"Talks in Bishkek.\", \"source\": \"wire\"}\n";
    let run = gazet_in(None, &["explain", "-"], input);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("== s:"), "{}", run.stdout);
    assert!(
        run.stdout.contains("+ member_of(kazakhstan, csto)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("== t:"), "{}", run.stdout);
    assert!(run.stderr.contains("<stdin>:2: not an"), "{}", run.stderr);
}
