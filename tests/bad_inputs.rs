//! The catalogue of bad inputs (README, "Bad input"): each case runs the
//! real binary and checks the documented behaviour. Cases that other test
//! files already cover are named in the README table.

mod common;

use common::{files_below, gazet_in, table_as_gold, tree, Run};
use std::path::Path;
use std::process::{Command, Stdio};

/// (start, end, text) of the spans of the first document.
fn spans(run: &Run) -> Vec<(u64, u64, String)> {
    run.json_lines()[0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap(),
                s["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

struct Case {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    args: &'static [&'static str],
    stdin: &'static str,
    code: i32,
    stderr: &'static [&'static str],
    docs: &'static [&'static str],
}

/// Cases that need nothing but files, arguments and stdin.
const CASES: &[Case] = &[
    Case {
        name: "0-byte file",
        files: &[("empty.txt", b""), ("ok.txt", b"Moscow")],
        args: &["annotate", "."],
        stdin: "",
        code: 0,
        stderr: &["2 documents, 0 failed"],
        docs: &["empty", "ok"],
    },
    Case {
        name: "invalid UTF-8",
        files: &[("bad.txt", b"line one\nCaf\xe9\n"), ("ok.txt", b"Moscow")],
        args: &["annotate", "."],
        stdin: "",
        code: 1,
        stderr: &["bad.txt:2: not valid UTF-8 (byte offset 12); the file was skipped"],
        docs: &["ok"],
    },
    Case {
        name: "binary file",
        files: &[
            ("img.txt", b"\x89PNG\r\n\x1a\n\x00\x00"),
            ("ok.txt", b"Moscow"),
        ],
        args: &["annotate", "."],
        stdin: "",
        code: 1,
        stderr: &["img.txt: looks like a binary file (NUL byte at offset 8)"],
        docs: &["ok"],
    },
    Case {
        name: "UTF-16 text without a byte-order mark is binary",
        files: &[("u.txt", b"M\x00o\x00s\x00")],
        args: &["annotate", "."],
        stdin: "",
        code: 1,
        stderr: &["u.txt: looks like a binary file"],
        docs: &[],
    },
    Case {
        name: "a folder named like a document",
        files: &[("dir.txt/inner.txt", b"Moscow")],
        args: &["annotate", "."],
        stdin: "",
        code: 0,
        stderr: &["1 document, 0 failed"],
        docs: &["dir.txt/inner"],
    },
    Case {
        name: "an output file that cannot be created",
        files: &[("d.txt", b"Moscow"), ("plain", b"x")],
        args: &["annotate", "d.txt", "-o", "plain/out.jsonl"],
        stdin: "",
        code: 2,
        stderr: &["plain"],
        docs: &[],
    },
    Case {
        name: "a gazetteer with no entries",
        files: &[("empty.tsv", b"# nothing\n"), ("d.txt", b"Moscow")],
        args: &[
            "annotate",
            "d.txt",
            "-g",
            "empty.tsv",
            "--no-default-gazetteers",
        ],
        stdin: "",
        code: 0,
        stderr: &["1 document, 0 failed, 0 spans"],
        docs: &["d"],
    },
    Case {
        name: "an empty alias",
        files: &[
            ("g.tsv", b"x\tLOC\tcity\tX\tA | | B\n"),
            ("d.txt", b"Moscow"),
        ],
        args: &["annotate", "d.txt", "-g", "g.tsv"],
        stdin: "",
        code: 2,
        stderr: &["g.tsv:1: empty alias (alias 2 of `x`)"],
        docs: &[],
    },
    Case {
        name: "a gazetteer that is not UTF-8",
        files: &[
            ("g.tsv", b"x\tLOC\tcity\tZ\xfcrich\n"),
            ("d.txt", b"Moscow"),
        ],
        args: &["annotate", "d.txt", "-g", "g.tsv"],
        stdin: "",
        code: 2,
        stderr: &["g.tsv:1: not valid UTF-8"],
        docs: &[],
    },
    Case {
        name: "a gazetteer file that does not exist",
        files: &[("d.txt", b"Moscow")],
        args: &["annotate", "d.txt", "-g", "nope.tsv"],
        stdin: "",
        code: 2,
        stderr: &["nope.tsv: No such file or directory"],
        docs: &[],
    },
    Case {
        name: "stdin that ends mid-record",
        files: &[],
        args: &["annotate", "-"],
        stdin: "{\"id\":\"a\",\"text\":\"Moscow\"}\n{\"id\":\"b\",\"te",
        code: 1,
        stderr: &["<stdin>:2: not an {\"id\", \"text\"} record: EOF while parsing"],
        docs: &["a"],
    },
    Case {
        name: "a stdin record without text",
        files: &[],
        args: &["annotate", "-"],
        stdin: "{\"id\":\"a\"}\n{\"id\":\"b\",\"text\":\"Bishkek\"}\n",
        code: 1,
        stderr: &["<stdin>:1: not an {\"id\", \"text\"} record: missing field `text`"],
        docs: &["b"],
    },
    Case {
        name: "an invalid glob",
        files: &[("d.txt", b"Moscow")],
        args: &["annotate", ".", "--glob", "a[b"],
        stdin: "",
        code: 2,
        stderr: &["invalid --glob pattern \"a[b\""],
        docs: &[],
    },
];

#[test]
fn catalogue_of_file_argument_and_stdin_cases() {
    for case in CASES {
        let dir = tree(case.files);
        let run = gazet_in(Some(dir.path()), case.args, case.stdin);
        assert_eq!(
            run.code, case.code,
            "{}: exit code; stderr: {}",
            case.name, run.stderr
        );
        for want in case.stderr {
            assert!(
                run.stderr.contains(want),
                "{}: stderr lacks {want:?}: {}",
                case.name,
                run.stderr
            );
        }
        if !run.stdout.is_empty() || !case.docs.is_empty() {
            assert_eq!(run.doc_ids(), case.docs, "{}: documents written", case.name);
        }
    }
}

#[test]
fn invalid_utf8_with_lossy_keeps_offsets_exact_against_the_replaced_text() {
    let dir = tree(&[("bad.txt", b"\xff\x80 Moscow \xe2\x82 Bishkek")]);
    let run = gazet_in(Some(dir.path()), &["annotate", "bad.txt", "--lossy"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: bad.txt: not valid UTF-8 from line 1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("3 invalid sequence(s) replaced by U+FFFD"),
        "{}",
        run.stderr
    );
    // The text as Python's errors="replace" decodes it: "\u{FFFD}\u{FFFD} Moscow \u{FFFD} Bishkek".
    assert_eq!(
        spans(&run),
        [(3, 9, "Moscow".into()), (12, 19, "Bishkek".into())]
    );
}

#[test]
fn byte_order_marks() {
    let mut le = vec![0xFF, 0xFE];
    le.extend(
        "Москва и Bishkek"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let mut be = vec![0xFE, 0xFF];
    be.extend("Bishkek".encode_utf16().flat_map(|u| u.to_be_bytes()));
    let dir = tree(&[
        ("bom8.txt", "\u{FEFF}Bishkek".as_bytes()),
        ("le.txt", &le),
        ("be.txt", &be),
    ]);
    for (file, want, warning) in [
        ("bom8.txt", (1, 8), false),
        ("le.txt", (9, 16), true),
        ("be.txt", (0, 7), true),
    ] {
        let run = gazet_in(Some(dir.path()), &["annotate", file], "");
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        let s = spans(&run);
        let found = s.iter().find(|s| s.2 == "Bishkek").unwrap();
        assert_eq!((found.0, found.1), want, "{file}");
        assert_eq!(
            run.stderr.contains("decoded from UTF-16"),
            warning,
            "{file}: {}",
            run.stderr
        );
    }
}

/// A byte-order mark before gazet's own formats is no content: the first
/// line of a gazetteer, rules, patterns, gold, brat or JSON Lines file with
/// one reads as without.
#[test]
fn byte_order_marks_before_data_files_are_ignored() {
    let bom = |s: &str| [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat();
    let repo = common::repo();
    let rules = std::fs::read_to_string(repo.join("rules/relations.rules")).expect("rules");
    let names = std::fs::read_to_string(repo.join("rules/names.rules")).expect("names");
    let dir = tree(&[
        ("d.txt", b"The CSTO met Kazakhstan."),
        ("ann/d.txt", b"The CSTO met Kazakhstan."),
        (
            "g.tsv",
            &bom(
                "csto\tORG\talliance\tCollective Security Treaty Organization\tCSTO\t\n\
                 kazakhstan\tLOC\tcountry\tKazakhstan\n",
            ),
        ),
        ("r.rules", &bom(&rules)),
        ("n.rules", &bom(&names)),
        (
            "gold/d.gold.tsv",
            &bom("span\t4\t8\tORG\tcsto\tCSTO\nspan\t13\t23\tLOC\tkazakhstan\tKazakhstan\n"),
        ),
        (
            "ann/d.ann",
            &bom("T1\tORG 4 8\tCSTO\nT2\tLOC 13 23\tKazakhstan\n"),
        ),
    ]);
    let d = Some(dir.path());
    let run = gazet_in(
        d,
        &[
            "annotate",
            "--no-default-gazetteers",
            "-g",
            "g.tsv",
            "d.txt",
        ],
        "",
    );
    assert_eq!(run.code, 0, "gazetteer: {}", run.stderr);
    assert_eq!(
        run.json_lines()[0]["spans"][0]["entity"],
        "csto",
        "gazetteer"
    );
    let run = gazet_in(
        d,
        &["rules", "check", "--no-default-rules", "--rules", "r.rules"],
        "",
    );
    assert_eq!(run.code, 0, "rules: {}{}", run.stdout, run.stderr);
    let run = gazet_in(
        d,
        &[
            "annotate",
            "--no-default-patterns",
            "--patterns",
            "n.rules",
            "d.txt",
        ],
        "",
    );
    assert_eq!(run.code, 0, "patterns: {}", run.stderr);
    let plain = gazet_in(d, &["annotate", "d.txt"], "");
    std::fs::write(dir.path().join("p.jsonl"), bom(&plain.stdout)).expect("write");
    for gold in ["gold/", "ann/"] {
        let run = gazet_in(d, &["eval", "p.jsonl", gold, "--json"], "");
        assert_eq!(run.code, 0, "predictions, {gold}: {}", run.stderr);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        assert_eq!(
            report["spans"]["strict"]["f1"], 1.0,
            "{gold}: {}",
            run.stdout
        );
    }
    let run = gazet_in(d, &["render", "p.jsonl", "-o", "report"], "");
    assert_eq!(run.code, 0, "render: {}", run.stderr);
}

/// Cells of the relation table that a spreadsheet would run as a formula
/// get a leading `'`, and eval reads the table back as it was meant.
#[test]
fn relation_table_cells_never_start_a_formula() {
    let text = b"=HYPERLINK(\"http://x\") Kazakhstan is a member of the CSTO.\n";
    let dir = tree(&[
        ("in/=cmd.txt", text),
        ("in/+plus.txt", text),
        ("in/-minus.txt", text),
        ("in/@at.txt", text),
    ]);
    for table in ["t.csv", "t.tsv"] {
        let report = table_as_gold(dir.path(), table);
        assert_eq!(report["relations"]["f1"], 1.0, "{table}: {report}");
        // TSV has no quoting: its cells are what lies between tabs.
        let records: Vec<Vec<String>> = if table.ends_with("tsv") {
            std::fs::read_to_string(dir.path().join(table))
                .expect("table")
                .lines()
                .skip(1)
                .map(|l| l.split('\t').map(str::to_owned).collect())
                .collect()
        } else {
            csv::Reader::from_path(dir.path().join(table))
                .expect("table")
                .records()
                .map(|r| r.expect("row").iter().map(str::to_owned).collect())
                .collect()
        };
        let mut rows = 0;
        for record in records {
            rows += 1;
            for cell in &record {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{table}: cell {cell:?} would run as a formula"
                );
            }
            assert!(record[0].starts_with('\''), "{table}: {:?}", &record[0]);
        }
        assert_eq!(rows, 4, "{table}");
    }
}

/// A stray `"` in a relation-table gold spoils its own line only: a CSV
/// reader would read a quoted cell from there to the end of the file and
/// drop every row after it unseen. In TSV, which has no quoting, a `"` is
/// part of its cell, and a bad cell spoils its line as well.
#[test]
fn a_stray_quote_in_a_relation_table_spoils_one_line() {
    let text = b"Kazakhstan is a member of the CSTO. Talks in Bishkek, Kyrgyzstan. \
                 Tajikistan is a member of the CSTO.\n";
    let bad_lines = [
        "d,\"Kazakhstan,member_of,csto",
        "d,Kazakhstan,member_of,\"csto",
        "d,Kaza\"khstan,member_of,csto",
    ];
    for (name, sep) in [("rel.csv", ","), ("rel.tsv", "\t")] {
        let last = if sep == "," {
            "\"d,Kazakhstan,member_of,csto"
        } else {
            "d,Kazakhstan,member_of"
        };
        for stray in bad_lines.iter().copied().chain([last]) {
            let row = |r: &str| r.replace(',', sep);
            let table = [
                "doc,head,relation,tail",
                stray,
                "d,bishkek,located_in,kyrgyzstan",
                "d,tajikistan,member_of,csto",
            ]
            .map(row)
            .join("\n");
            let dir = tree(&[("docs/d.txt", text), (name, table.as_bytes())]);
            let d = Some(dir.path());
            let run = gazet_in(d, &["annotate", "docs/", "-o", "out.jsonl"], "");
            assert_eq!(run.code, 0, "{}", run.stderr);
            let run = gazet_in(d, &["eval", "out.jsonl", name, "--json"], "");
            assert!(
                run.stderr.contains(&format!("{name}:2: ")),
                "{name} {stray:?}: {}",
                run.stderr
            );
            assert!(!run.stderr.contains(&format!("{name}:3")), "{}", run.stderr);
            let r: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
            assert_eq!(
                r["relations"]["tp"], 2,
                "{name} {stray:?}: the rows after it are read: {}",
                run.stdout
            );
        }
    }
}

/// A gazetteer whose aliases nest in one another gives a name of every
/// length at every word. gazet keeps the flat (longest) names whole and, of
/// the nested ones, no more than eight over any one character, so time and
/// memory stay linear (300 such aliases over 100 KB took 15 GB and 393 s).
#[test]
fn aliases_nested_hundreds_deep_keep_the_output_bounded() {
    let words = [
        "Zorb", "Ab", "Cd", "Ef", "Gh", "Ij", "Kl", "Mn", "Op", "Qr", "St", "Uv",
    ];
    let cycle = |i: usize| words[1 + i % (words.len() - 1)];
    let shapes: [(&str, Vec<String>, String); 3] = [
        (
            "one word repeated",
            (1..=60).map(|n| vec!["Zorb"; n].join(" ")).collect(),
            vec!["Zorb"; 600].join(" "),
        ),
        (
            "each alias the one before and a word",
            (1..=60)
                .map(|n| (0..n).map(cycle).collect::<Vec<_>>().join(" "))
                .collect(),
            (0..600).map(cycle).collect::<Vec<_>>().join(" "),
        ),
        (
            "each alias a word and the one before",
            (1..=60)
                .map(|n| (0..n).rev().map(cycle).collect::<Vec<_>>().join(" "))
                .collect(),
            (0..600).rev().map(cycle).collect::<Vec<_>>().join(" "),
        ),
    ];
    for (shape, aliases, text) in shapes {
        let gazetteer: String = aliases
            .iter()
            .enumerate()
            .map(|(i, a)| format!("n{i}\tORG\torganization\t{a}\n"))
            .collect();
        let dir = tree(&[("g.tsv", gazetteer.as_bytes()), ("d.txt", text.as_bytes())]);
        let spans_of = |extra: &[&str]| {
            let mut args = vec!["annotate", "d.txt", "-g", "g.tsv", "--no-cache"];
            args.extend(extra);
            let run = gazet_in(Some(dir.path()), &args, "");
            assert_eq!(run.code, 0, "{shape}: {}", run.stderr);
            let out: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("json");
            out["spans"].as_array().expect("spans").clone()
        };
        let range = |s: &serde_json::Value| {
            s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize
        };
        let plain: Vec<_> = spans_of(&[]).iter().map(range).collect();
        let spans = spans_of(&["--overlaps"]);
        let flat: Vec<_> = spans
            .iter()
            .filter(|s| s["nested"] != true)
            .map(range)
            .collect();
        assert!(!flat.is_empty(), "{shape}");
        assert_eq!(flat, plain, "{shape}: the flat names are kept whole");
        assert!(spans.len() > flat.len(), "{shape}: nested names are kept");
        for at in 0..text.len() {
            let over = spans.iter().filter(|s| range(s).contains(&at)).count();
            assert!(over <= 8, "{shape}: {over} names over character {at}");
        }
    }
}

/// `ok.txt` beside `big.txt`, 1 GiB of NULs that takes no disk.
fn with_a_sparse_gib_file() -> tempfile::TempDir {
    let dir = tree(&[("ok.txt", b"Moscow")]);
    let big = std::fs::File::create(dir.path().join("big.txt")).unwrap();
    big.set_len(1 << 30).unwrap();
    dir
}

#[test]
fn a_file_over_the_size_limit_is_skipped() {
    // gazet must not read it.
    let dir = with_a_sparse_gib_file();
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", ".", "--max-file-size", "268435456"],
        "",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "big.txt: the file is 1073741824 bytes, over the limit of 268435456 (--max-file-size)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.doc_ids(), ["ok"]);
    let small = gazet_in(
        Some(dir.path()),
        &["annotate", "ok.txt", "--max-file-size", "3"],
        "",
    );
    assert_eq!(small.code, 1);
    assert!(
        small.stderr.contains("over the limit of 3"),
        "{}",
        small.stderr
    );
}

#[test]
fn a_huge_file_is_streamed_and_its_bad_bytes_found_in_the_first_chunk() {
    // With no size limit gazet streams it, and the first 4 MiB chunk shows
    // it is binary: nothing more is read.
    let dir = with_a_sparse_gib_file();
    let run = gazet_in(Some(dir.path()), &["annotate", "."], "");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("big.txt") && run.stderr.contains("binary"),
        "{}",
        run.stderr
    );
    assert_eq!(run.doc_ids(), ["ok"]);
}

#[test]
fn a_symlink_loop_and_a_dangling_link_are_reported() {
    let dir = tree(&[("docs/ok.txt", b"Moscow")]);
    std::os::unix::fs::symlink("..", dir.path().join("docs/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("docs/dangling.txt")).unwrap();
    let run = gazet_in(Some(dir.path()), &["annotate", "docs"], "");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("symbolic link loop"), "{}", run.stderr);
    assert!(run.stderr.contains("dangling.txt"), "{}", run.stderr);
    assert_eq!(run.doc_ids(), ["ok"]);
}

/// Runs gazet as the unprivileged user `nobody`, so that file permissions
/// apply even when the tests run as root.
fn gazet_as_nobody(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            env!("CARGO_BIN_EXE_gazet"),
        ])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("setpriv runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn unreadable_files_and_folders_are_reported_and_skipped() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[
        ("docs/ok.txt", b"Moscow"),
        ("docs/secret.txt", b"Bishkek"),
        ("docs/locked/x.txt", b"Tashkent"),
    ]);
    let chmod = |p: &str, mode: u32| {
        std::fs::set_permissions(dir.path().join(p), std::fs::Permissions::from_mode(mode)).unwrap()
    };
    for p in ["", "docs", "docs/ok.txt"] {
        chmod(p, if p.ends_with(".txt") { 0o644 } else { 0o755 });
    }
    chmod("docs/secret.txt", 0o000);
    chmod("docs/locked", 0o000);
    let run = gazet_as_nobody(dir.path(), &["annotate", "docs"]);
    chmod("docs/locked", 0o755);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("secret.txt: Permission denied"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("locked: Permission denied"),
        "{}",
        run.stderr
    );
    assert_eq!(run.doc_ids(), ["ok"]);
}

#[test]
fn outputs_inside_the_input_folder_are_not_read_back() {
    let dir = tree(&[("in/a.txt", b"Moscow")]);
    for _ in 0..2 {
        let run = gazet_in(
            Some(dir.path()),
            &[
                "annotate",
                "in",
                "--glob",
                "*",
                "-o",
                "in/out/",
                "--table",
                "in/rel.csv",
                "-q",
            ],
            "",
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let files: Vec<String> = std::fs::read_dir(dir.path().join("in/out"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        ["a.json"],
        "the second run read neither out/a.json nor rel.csv"
    );
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "in", "--glob", "*", "-o", "in/all.jsonl", "-q"],
        "",
    );
    assert_eq!(run.code, 0);
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "in", "--glob", "*", "-o", "in/all.jsonl", "-q"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines = std::fs::read_to_string(dir.path().join("in/all.jsonl")).unwrap();
    assert!(!lines.contains("\"doc\":\"all\""), "{lines}");
}

#[test]
fn a_full_disk_is_an_error_and_nothing_is_claimed() {
    let dir = tree(&[("d.txt", b"Moscow")]);
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "d.txt", "-o", "/dev/full"],
        "",
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("/dev/full: No space left on device"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("1 document"),
        "no summary of a run whose output was lost"
    );
}

#[test]
fn sigint_mid_run_leaves_no_half_written_output() {
    interrupted_run_leaves_no_half_written_output("-INT");
}

/// SIGTERM is what `timeout(1)`, systemd and Kubernetes send: it is handled
/// as SIGINT is, so no hidden temporary file is left behind.
#[test]
fn sigterm_mid_run_leaves_no_half_written_output() {
    interrupted_run_leaves_no_half_written_output("-TERM");
}

fn interrupted_run_leaves_no_half_written_output(signal: &str) {
    let text = "Kazakhstan, Kyrgyzstan, and Tajikistan are members of the CSTO. ".repeat(500);
    let dir = common::numbered_files(200, |_| text.clone());
    for out in ["all.jsonl", "each/"] {
        let child = Command::new(env!("CARGO_BIN_EXE_gazet"))
            .args(["annotate", ".", "-j", "1", "-q", "-o", out])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Interrupt only once output is being written, so that the handler
        // is in place and the run is under way, however loaded the machine.
        wait_until(&format!("{out}: output"), || writing(dir.path()));
        kill(signal, child.id());
        let out_run = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out_run.stderr);
        assert_eq!(out_run.status.code(), Some(130), "{out}: {stderr}");
        assert!(stderr.contains("interrupted after"), "{stderr}");
        let leftovers: Vec<String> = walk_names(dir.path())
            .into_iter()
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{out}: {leftovers:?}");
        if out == "all.jsonl" {
            assert!(
                !dir.path().join("all.jsonl").exists(),
                "a single output file is whole or absent"
            );
        } else {
            for e in std::fs::read_dir(dir.path().join("each"))
                .unwrap()
                .flatten()
            {
                let t = std::fs::read_to_string(e.path()).unwrap();
                assert!(
                    serde_json::from_str::<serde_json::Value>(&t).is_ok(),
                    "{:?} is whole",
                    e.path()
                );
            }
        }
    }
}

/// Waits until `ready`, for a minute at most, however loaded the machine.
fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let started = std::time::Instant::now();
    while !ready() {
        assert!(started.elapsed().as_secs() < 60, "{what}: not after 60 s");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Sends `signal` (`-INT`, `-TERM`, …) to process `pid`.
fn kill(signal: &str, pid: u32) {
    let killed = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
}

/// Whether a run has started writing under `dir`: a non-empty temporary
/// file, or a finished per-document file.
fn writing(dir: &Path) -> bool {
    fn any(dir: &Path) -> bool {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                if e.path().is_dir() {
                    any(&e.path())
                } else {
                    (name.ends_with(".tmp") && size > 0) || name.ends_with(".json")
                }
            })
    }
    any(dir)
}

fn walk_names(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk_names(&e.path()));
        }
        out.push(e.file_name().to_string_lossy().into_owned());
    }
    out
}

/// Annotates `text` with the gazetteer `g` alone (no name patterns).
fn with_only_gazetteer(g: &str, text: &str) -> Run {
    let run = try_only_gazetteer(g, text, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

/// [`with_only_gazetteer`] with `more` flags, whatever the exit code.
fn try_only_gazetteer(g: &str, text: &str, more: &[&str]) -> Run {
    let dir = tree(&[("g.tsv", g.as_bytes()), ("d.txt", text.as_bytes())]);
    let mut args = vec![
        "annotate",
        "d.txt",
        "-g",
        "g.tsv",
        "--no-default-gazetteers",
        "--no-patterns",
    ];
    args.extend_from_slice(more);
    gazet_in(Some(dir.path()), &args, "")
}

#[test]
fn a_gazetteer_of_100000_aliases_sharing_a_prefix() {
    let prefix = "Regional Council of the Autonomous District Number";
    let mut g = String::new();
    for i in 0..100_000 {
        g.push_str(&format!("d{i}\tORG\tbody\t{prefix} {i}\n"));
    }
    let text = format!("The {prefix} 77777 met the {prefix} 5 and the {prefix} 100001.");
    let run = with_only_gazetteer(&g, &text);
    let docs = run.json_lines();
    let entities: Vec<&str> = docs[0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["entity"].as_str().unwrap())
        .collect();
    // "... Number 100001" is no alias, and "... Number 10000" is not a whole word of it.
    assert_eq!(entities, ["d77777", "d5"]);
}

#[test]
fn an_alias_of_10000_characters() {
    let long: String = (0..1100)
        .map(|i| format!("Word{:05} ", i))
        .collect::<String>()
        .trim_end()
        .to_owned();
    assert!(long.len() >= 10_000);
    let g = format!("long\tORG\tbody\t{long}\n");
    let text = format!("Before. {long}. After, {}", &long[..5000]);
    let run = with_only_gazetteer(&g, &text);
    let s = spans(&run);
    assert_eq!(s.len(), 1);
    assert_eq!((s[0].0, s[0].1 as usize), (8, 8 + long.chars().count()));
}

#[test]
fn a_very_long_line_and_lone_carriage_returns() {
    let line = "filler words here ".repeat(60_000) + "Bishkek";
    let text = format!("Moscow\rand\r\rTashkent\r{line}");
    let dir = tree(&[("d.txt", text.as_bytes())]);
    let run = gazet_in(Some(dir.path()), &["annotate", "d.txt"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let s = spans(&run);
    let names: Vec<&str> = s.iter().map(|s| s.2.as_str()).collect();
    assert_eq!(names, ["Moscow", "Tashkent", "Bishkek"]);
    assert_eq!(s[2].1 as usize, text.chars().count());
}

#[test]
fn stdin_ids_never_lead_a_per_document_writer_outside_its_folder() {
    let root = tempfile::tempdir().unwrap();
    let hostile = [
        "../x",
        "/abs/x",
        "sub/../../x",
        "a/../../../b",
        "./y",
        "a//b",
        "",
    ];
    let mut stdin = String::new();
    for id in hostile {
        stdin.push_str(&serde_json::json!({"id": id, "text": "CSTO met in Bishkek."}).to_string());
        stdin.push('\n');
    }
    stdin.push_str("{\"id\":\"n\\u0000ul\",\"text\":\"Bishkek\"}\n");
    stdin.push_str("{\"id\":\"good/one\",\"text\":\"CSTO met in Bishkek.\"}\n");
    for args in [
        &["annotate", "-", "-o", "work/out/"][..],
        &["annotate", "-", "--brat", "work/brat", "-o", "work/x.jsonl"],
        &[
            "annotate",
            "-",
            "--conll",
            "work/conll/",
            "-o",
            "work/y.jsonl",
        ],
    ] {
        let run = gazet_in(Some(root.path()), args, &stdin);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        for line in 1..=8 {
            assert!(
                run.stderr.contains(&format!("<stdin>:{line}: ")),
                "{args:?} line {line}: {}",
                run.stderr
            );
        }
        assert!(
            run.stderr.contains("1 document, 8 failed"),
            "{}",
            run.stderr
        );
        for f in files_below(root.path()) {
            assert!(f.starts_with("work/"), "{args:?} wrote {f}");
        }
    }
    assert_eq!(
        files_below(root.path()),
        [
            // brat's configuration for the folder, beside the documents.
            "work/brat/annotation.conf",
            "work/brat/good/one.ann",
            "work/brat/good/one.txt",
            "work/brat/visual.conf",
            "work/conll/good/one.conll",
            "work/out/good/one.json",
            "work/x.jsonl",
            "work/y.jsonl",
        ]
    );
    // To stdout the same ids name no file, so only the NUL-free checks
    // apply: a record is never refused for a path it will not be written to.
    let run = gazet_in(Some(root.path()), &["annotate", "-"], &stdin);
    assert_eq!(run.doc_ids().len(), 9, "{}", run.stderr);
}

#[test]
fn duplicate_stdin_ids_are_refused_and_never_overwrite() {
    let root = tempfile::tempdir().unwrap();
    let stdin = "{\"id\":\"d\",\"text\":\"Bishkek\"}\n{\"id\":\"e\",\"text\":\"Osh\"}\n{\"id\":\"d\",\"text\":\"Moscow\"}\n{\"id\":\"d\",\"text\":\"Kant\"}\n";
    for args in [&["annotate", "-", "-o", "out/"][..], &["annotate", "-"]] {
        let run = gazet_in(Some(root.path()), args, stdin);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("<stdin>:3: duplicate id \"d\" (first on line 1)"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("<stdin>:4: duplicate id \"d\" (first on line 1)"),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("2 documents, 2 failed"),
            "{}",
            run.stderr
        );
    }
    let kept = std::fs::read_to_string(root.path().join("out/d.json")).unwrap();
    assert!(
        kept.contains("Bishkek") && !kept.contains("Moscow"),
        "{kept}"
    );
}

#[test]
fn stdin_lines_that_are_not_records_or_too_long() {
    // A JSON array is not a record, though serde would read one as a struct.
    let run = gazet_in(
        None,
        &["annotate", "-"],
        "[\"a\",\"Bishkek\"]\n{\"id\":\"b\",\"text\":\"Osh\"}\n",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("<stdin>:1: not an {\"id\", \"text\"} record: not a JSON object"),
        "{}",
        run.stderr
    );
    assert_eq!(run.doc_ids(), ["b"]);
    // A line over the size limit (a stream with no line break, such as
    // /dev/zero) stops the reading with an error instead of filling memory.
    let long = format!(
        "{{\"id\":\"a\",\"text\":\"Osh\"}}\n{{\"id\":\"b\",\"text\":\"{}\"}}\n",
        "x".repeat(5000)
    );
    let run = gazet_in(None, &["annotate", "-", "--max-file-size", "1000"], &long);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("<stdin>:2: line longer than 1000 bytes"),
        "{}",
        run.stderr
    );
    assert_eq!(run.doc_ids(), ["a"]);
    // A byte-order mark before the first record is not part of it.
    let run = gazet_in(
        None,
        &["annotate", "-"],
        "\u{feff}{\"id\":\"a\",\"text\":\"Osh\"}\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.doc_ids(), ["a"]);
}

#[test]
fn a_streamed_document_that_fails_after_its_first_chunk_leaves_no_trace() {
    let good = "The CSTO met in Bishkek, Kyrgyzstan.\n\n".repeat(400);
    let mut late_bad = good.clone().into_bytes();
    late_bad.extend_from_slice(b"Osh \xff\xfe tail\n");
    let mut late_nul = good.clone().into_bytes();
    late_nul.extend_from_slice(b"Osh \0 tail\n");
    let dir = tree(&[
        ("in/a.txt", good.as_bytes()),
        ("in/b.txt", &late_bad),
        ("in/c.txt", good.as_bytes()),
        ("in/d.txt", &late_nul),
    ]);
    let stream = ["--stream-above", "2000", "--chunk-size", "5000"];
    for outputs in [
        &["-o", "out.jsonl", "--conll", "out.conll"][..],
        &["-o", "dir/", "--conll", "conll/"],
        &[],
    ] {
        let mut args = vec!["annotate", "in/"];
        args.extend(stream);
        args.extend(outputs);
        let run = gazet_in(Some(dir.path()), &args, "");
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains("2 documents, 2 failed"),
            "{}",
            run.stderr
        );
        let jsonl = match outputs.first() {
            Some(_) if outputs[1] == "out.jsonl" => {
                std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap()
            }
            Some(_) => {
                assert_eq!(files_below(&dir.path().join("dir")), ["a.json", "c.json"]);
                assert_eq!(
                    files_below(&dir.path().join("conll")),
                    ["a.conll", "c.conll"]
                );
                continue;
            }
            None => run.stdout.clone(),
        };
        let ids: Vec<String> = jsonl
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"].to_string())
            .collect();
        assert_eq!(ids, ["\"a\"", "\"c\""]);
        if outputs.len() == 4 {
            let conll = std::fs::read_to_string(dir.path().join("out.conll")).unwrap();
            assert_eq!(conll.matches("-DOCSTART-").count(), 2, "{conll}");
            assert_eq!(conll.matches("B-LOC").count(), 2 * 2 * 400);
        }
    }
}

#[test]
fn outputs_that_would_overwrite_each_other_or_an_input_are_refused_before_any_work() {
    let dir = tree(&[("in/a.txt", b"CSTO met in Bishkek."), ("in/b.txt", b"Osh")]);
    #[cfg(unix)]
    std::os::unix::fs::symlink("x.jsonl", dir.path().join("link.jsonl")).unwrap();
    for (args, says) in [
        (
            &["in/", "-o", "x.csv", "--table", "x.csv"][..],
            "-o and --table both name",
        ),
        (
            &["in/", "-o", "x.jsonl", "--conll", "./x.jsonl"],
            "-o and --conll both name",
        ),
        (
            &[
                "in/",
                "--table",
                "t.csv",
                "--conll",
                "sub/../t.csv",
                "-o",
                "o.jsonl",
            ],
            "--conll and --table both name",
        ),
        (&["in/a.txt", "-o", "in/a.txt"], "is the input in/a.txt"),
        (&["in/", "--brat", "in"], "is the input in/"),
        (
            &["in/", "--brat", "./in/", "-o", "o.jsonl"],
            "is the input in/",
        ),
        (&["in/", "-o", "in/"], "is the input in/"),
        #[cfg(unix)]
        (
            &["in/", "-o", "link.jsonl", "--table", "x.jsonl"],
            "-o and --table both name",
        ),
    ] {
        let mut full = vec!["annotate"];
        full.extend(args);
        let run = gazet_in(Some(dir.path()), &full, "");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert!(
            !run.stderr.contains("documents,"),
            "no work was done: {}",
            run.stderr
        );
    }
    assert_eq!(
        std::fs::read(dir.path().join("in/a.txt")).unwrap(),
        b"CSTO met in Bishkek."
    );
    let mut left = files_below(dir.path());
    left.retain(|f| f != "link.jsonl");
    assert_eq!(left, ["in/a.txt", "in/b.txt"]);
}

#[test]
fn outputs_are_committed_together_or_not_at_all() {
    let dir = tree(&[
        ("in/a.txt", b"Kazakhstan is a member of the CSTO."),
        ("tdir/keep", b""),
    ]);
    for (args, says) in [
        (
            &["--table", "/dev/full"][..],
            "/dev/full: No space left on device",
        ),
        (
            &["--conll", "/dev/full"],
            "/dev/full: No space left on device",
        ),
        (&["--table", "tdir"], "--table tdir is a folder"),
    ] {
        let mut full = vec!["annotate", "in/", "-o", "out.jsonl"];
        full.extend(args);
        let run = gazet_in(Some(dir.path()), &full, "");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert_eq!(
            files_below(dir.path()),
            ["in/a.txt", "tdir/keep"],
            "{args:?}"
        );
    }
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "in/", "-o", "out.jsonl", "--table", "t.csv"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        files_below(dir.path()),
        ["in/a.txt", "out.jsonl", "t.csv", "tdir/keep"]
    );
}

#[test]
fn the_same_relative_names_under_two_input_folders_stay_distinct() {
    let dir = tree(&[
        ("2023/a.txt", b"Bishkek"),
        ("2023/sub/b.txt", b"Kant"),
        ("./data/2024/a.txt", b"Osh"),
        ("data/2024/sub/b.txt", b"Moscow"),
        ("other/c.txt", b"Almaty"),
    ]);
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "2023/", "./data/2024", "other", "-o", "out/"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.doc_ids().len(), 0);
    assert_eq!(
        files_below(&dir.path().join("out")),
        [
            "2023/a.json",
            "2023/sub/b.json",
            "c.json",
            "data/2024/a.json",
            "data/2024/sub/b.json"
        ]
    );
    // One folder, or folders whose names do not meet, keep plain ids.
    let run = gazet_in(Some(dir.path()), &["annotate", "2023/", "other"], "");
    assert_eq!(run.doc_ids(), ["a", "sub/b", "c"]);
}

/// Fails unless `run` exited with `code` and said `message`.
fn assert_said(run: &Run, code: i32, message: &str, case: &str) {
    assert_eq!(run.code, code, "{case}: {}", run.stderr);
    assert!(run.stderr.contains(message), "{case}: {}", run.stderr);
}

/// A FIFO waits for a writer, and /dev/zero and /dev/urandom never end:
/// named on the command line they are refused, not read, and the other
/// documents are still annotated. A FIFO met inside a folder is passed by.
#[test]
fn named_inputs_that_are_not_regular_files_are_refused() {
    let dir = tree(&[("ok.txt", b"Moscow"), ("docs/in.txt", b"Bishkek")]);
    for fifo in ["pipe.txt", "docs/pipe.txt"] {
        let made = Command::new("mkfifo")
            .arg(dir.path().join(fifo))
            .status()
            .unwrap();
        assert!(made.success());
    }
    for (named, kind) in [
        ("pipe.txt", "a FIFO"),
        ("/dev/zero", "a character device"),
        ("/dev/urandom", "a character device"),
        ("/dev/stdin", "a FIFO"),
    ] {
        let run = gazet_in(
            Some(dir.path()),
            &["annotate", named, "ok.txt", "docs"],
            "{\"id\":\"s\",\"text\":\"Osh\"}\n",
        );
        let said = format!("{named}: not a regular file ({kind}); not read");
        assert_said(&run, 1, &said, named);
        assert_eq!(run.doc_ids(), ["ok", "in"], "{named}");
    }
    // Other subcommands walk their inputs the same way.
    let run = gazet_in(Some(dir.path()), &["explain", "/dev/zero", "ok.txt"], "");
    assert!(
        run.stderr.contains("/dev/zero: not a regular file"),
        "{}",
        run.stderr
    );
    // `-` is standard input, whatever it is.
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "-", "ok.txt"],
        "{\"id\":\"s\",\"text\":\"Osh\"}\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.doc_ids(), ["s", "ok"]);
}

/// An alias with no letter or digit would be found wherever its punctuation
/// stands, in every document: every such alias is refused, naming the file
/// and line, and an alias with a letter or digit among its symbols is kept.
#[test]
fn aliases_that_are_only_punctuation_are_refused() {
    let gazetteer = "ok\tORG\tcompany\tAT&T\tC++ | 3M\n\
                     a\tLOC\tcity\tAlpha\t!!!\n\
                     b\tLOC\tcity\tBeta\tB | -\n\
                     c\tLOC\tcity\tGamma\t=...\n\
                     d\tLOC\tcity\t\u{201c}\u{201d}\n\
                     e\tLOC\tcity\tEpsilon\t\u{200b}-\u{200b} | E\n\
                     f\tLOC\tcity\tPhi\t\u{2014}\u{2014}\n\
                     g\tLOC\tcity\t\u{1f642}\n";
    let run = try_only_gazetteer(gazetteer, "AT&T - and C++ !!! ... 3M", &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    for expected in [
        "g.tsv:2: alias \"!!!\" has no letter or digit",
        "g.tsv:3: alias \"-\" has no letter or digit, so it would match any such punctuation (alias 2 of `b`)",
        "g.tsv:4: alias \"=...\" has no letter or digit",
        "g.tsv:5: entity `d` has a canonical name with no letter or digit",
        // An invisible character is shown escaped.
        "g.tsv:6: alias \"\\u{200b}-\\u{200b}\" has no letter or digit",
        "g.tsv:7: alias \"\u{2014}\u{2014}\" has no letter or digit",
        "g.tsv:8: entity `g` has a canonical name with no letter or digit",
    ] {
        assert!(run.stderr.contains(expected), "{expected}: {}", run.stderr);
    }
    assert!(!run.stderr.contains("g.tsv:1:"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    // Symbols beside a letter or digit are a name (acronyms of one entity
    // back no other: they are kept here only as lone acronyms).
    let run = try_only_gazetteer(
        "ok\tORG\tcompany\tAT&T\tC++ | 3M\n",
        "AT&T - and C++ !!! ... 3M",
        &["--lone-acronyms"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found: Vec<String> = spans(&run).into_iter().map(|s| s.2).collect();
    assert_eq!(found, ["AT&T", "C++", "3M"]);
}

/// A hyphen (soft or not) at a line end joins a word broken at that one
/// line end, and nothing else: across a blank line, or with no letter on
/// one side, the names on both sides are kept.
#[test]
fn a_hyphen_at_a_line_end_joins_only_a_word_broken_there() {
    let gazetteer = "kg\tLOC\tcountry\tKyrgyzstan\n\
                     msk\tLOC\tcity\tMoscow\n\
                     atc\tORG\tagency\tAnti-Terrorist Centre\n";
    for (text, want) in [
        // A word broken at one line end is joined.
        ("Kyr\u{ad}\ngyzstan", &["Kyrgyzstan"][..]),
        ("Kyr\u{ad}\r\ngyzstan", &["Kyrgyzstan"]),
        ("Kyr\u{ad} \n  gyzstan", &["Kyrgyzstan"]),
        ("Kyr\u{ad}\rgyzstan", &["Kyrgyzstan"]),
        ("Anti-\nTerrorist Centre", &["Anti-Terrorist Centre"]),
        // A blank line ends a paragraph: no word runs across it.
        ("Moscow\u{ad}\n\nKyrgyzstan", &["Moscow", "Kyrgyzstan"]),
        ("Moscow\u{ad}\n \t\nKyrgyzstan", &["Moscow", "Kyrgyzstan"]),
        ("Moscow\u{ad}\r\n\r\nKyrgyzstan", &["Moscow", "Kyrgyzstan"]),
        ("Moscow\u{ad}\r\rKyrgyzstan", &["Moscow", "Kyrgyzstan"]),
        ("Moscow-\n\nKyrgyzstan", &["Moscow", "Kyrgyzstan"]),
        ("Moscow\u{2010}\n\n\nKyrgyzstan", &["Moscow", "Kyrgyzstan"]),
        // A soft hyphen inside a line is invisible, as before.
        (
            "Kyr\u{ad}gyz\u{ad}stan and Moscow\u{ad}",
            &["Kyrgyzstan", "Moscow"],
        ),
    ] {
        let run = with_only_gazetteer(gazetteer, text);
        let found: Vec<String> = spans(&run).into_iter().map(|s| s.2).collect();
        let found: Vec<String> = found
            .iter()
            .map(|t| t.replace(['\u{ad}', '\n', '\r', ' '], ""))
            .collect();
        let want: Vec<String> = want.iter().map(|w| w.replace(' ', "")).collect();
        assert_eq!(found, want, "{text:?}");
    }
}

/// Whether process `pid` has a handler for SIGINT in place yet.
fn catches_sigint(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            let mask = s.lines().find_map(|l| l.strip_prefix("SigCgt:"))?;
            u64::from_str_radix(mask.trim(), 16).ok()
        })
        .is_some_and(|m| m & (1 << 1) != 0)
}

/// A signal while stdin is open but idle (a terminal, a producer that
/// waits) stops the run at once, as one during a run does, instead of
/// waiting for the next line or EOF.
#[test]
fn a_signal_while_stdin_is_idle_stops_the_run() {
    use std::io::Write;
    for (signal, first, out) in [
        ("-INT", "", None),
        (
            "-INT",
            "{\"id\":\"a\",\"text\":\"Osh\"}\n",
            Some("out.jsonl"),
        ),
        ("-TERM", "{\"id\":\"a\",\"text\":\"Osh\"}\n", Some("each/")),
        ("-HUP", "{\"id\":\"a\",\"text\":\"Os", None),
    ] {
        let dir = tree(&[]);
        let mut args = vec!["annotate", "-", "-q"];
        args.extend(out.iter().flat_map(|o| ["-o", *o]));
        let mut child = Command::new(env!("CARGO_BIN_EXE_gazet"))
            .args(&args)
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(first.as_bytes()).unwrap();
        stdin.flush().unwrap();
        wait_until("a signal handler", || catches_sigint(child.id()));
        std::thread::sleep(std::time::Duration::from_millis(200));
        kill(signal, child.id());
        // stdin stays open: the run must end without it.
        let sent = std::time::Instant::now();
        let code = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code();
            }
            assert!(
                sent.elapsed().as_secs() < 30,
                "{signal} {first:?}: still waiting for stdin 30 s after the signal"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        drop(stdin);
        let run = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(code, Some(130), "{signal} {first:?}: {stderr}");
        assert!(stderr.contains("interrupted after"), "{stderr}");
        assert_eq!(files_below(dir.path()), Vec::<String>::new(), "{signal}");
    }
}

/// A run killed with no chance to clean up (SIGKILL, a crash) leaves its
/// hidden temporary file; the next run writing there removes those of
/// gazet's own whose process is gone and that are older than the run, and
/// nothing else. A temporary file whose name has no process id (as older
/// releases wrote) cannot be tied to a run: it is removed once it is more
/// than a day old.
#[test]
fn stale_temporary_files_of_a_killed_run_are_removed() {
    let pid_max: u32 = std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // No process has this id, so it is gone; this test's own is alive.
    let dead = pid_max;
    let alive = std::process::id();
    let stale = [
        format!(".gazet-{dead}-a1B2c3.tmp"),
        format!("each/sub/.gazet-{dead}-x.tmp"),
        format!("each/.gazet-{dead}-y.tmp"),
    ];
    let unowned_old = [".gazet-Qx81zA.tmp", "each/.gazet-000000.tmp"];
    let kept = [
        format!(".gazet-{alive}-a1B2c3.tmp"),
        ".gazet-a1B2c3.tmp".to_owned(),
        ".gazet-notes.tmp".to_owned(),
        format!(".gazet-{dead}-notes.txt"),
        format!("elsewhere/.gazet-{dead}-z.tmp"),
    ];
    let mut files: Vec<(&str, &[u8])> = vec![("d.txt", b"Osh")];
    files.extend(
        stale
            .iter()
            .chain(&kept)
            .map(|p| (p.as_str(), &b"{\"half"[..])),
    );
    let dir = tree(&files);
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for p in stale.iter().chain(&kept) {
        std::fs::File::options()
            .write(true)
            .open(dir.path().join(p))
            .unwrap()
            .set_modified(an_hour_ago)
            .unwrap();
    }
    // A file of the same dead id but newer than the run is not stale.
    let fresh = format!(".gazet-{dead}-fresh.tmp");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
    let f = std::fs::File::create(dir.path().join(&fresh)).unwrap();
    f.set_modified(later).unwrap();
    drop(f);
    // Two days old: the unowned ones go, a user's own name stays.
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 86_400);
    let users = ".gazet-notes.tmp.old";
    for p in unowned_old.iter().chain([&users]) {
        let f = std::fs::File::create(dir.path().join(p)).unwrap();
        f.set_modified(two_days_ago).unwrap();
    }
    let old_notes = dir.path().join(".gazet-notes.tmp");
    std::fs::File::options()
        .write(true)
        .open(&old_notes)
        .unwrap()
        .set_modified(two_days_ago)
        .unwrap();
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "d.txt", "-o", "out.jsonl", "--conll", "each/"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for p in &stale {
        assert!(!dir.path().join(p).exists(), "{p} was left");
        let name = Path::new(p).file_name().unwrap().to_string_lossy();
        assert!(
            run.stderr.contains(&*name) && run.stderr.contains("removed"),
            "{p}: {}",
            run.stderr
        );
    }
    for p in kept.iter().chain([&fresh]) {
        assert!(dir.path().join(p).exists(), "{p} was removed");
    }
    for p in unowned_old {
        assert!(!dir.path().join(p).exists(), "{p} was left");
    }
    assert!(dir.path().join(users).exists());
    assert!(old_notes.exists(), "a user's .gazet-notes.tmp was removed");
}

/// A streamed file is read a chunk at a time; a name that runs across the
/// end of what has been read must not be cut there, whether the nearest
/// cut is a space or a line break, wherever in the name the read ends.
#[test]
fn a_name_across_the_end_of_the_read_buffer_is_never_cut() {
    let gazetteer = "ca\tLOC\tregion\tCentral Asia\n\
                     sco\tORG\tagency\tShanghai Cooperation Organisation\n";
    let chunk = 2000;
    let mut cases = 0;
    for name in [
        "Central Asia",
        "Central\nAsia",
        "Shanghai Cooperation Organisation",
    ] {
        // The read ends at every byte of the name, and just before and after.
        for k in 0..=name.len() {
            let mut text = String::new();
            while text.len() + "word ".len() <= chunk - k {
                text.push_str("word ");
            }
            text.push_str(&" ".repeat(chunk - k - text.len()));
            text.push_str(name);
            while text.len() < 3 * chunk {
                text.push_str(" word");
            }
            let whole = with_only_gazetteer(gazetteer, &text);
            let chunk_arg = chunk.to_string();
            let streaming = ["--stream-above", "100", "--chunk-size", &chunk_arg];
            let streamed = try_only_gazetteer(gazetteer, &text, &streaming);
            assert_eq!(streamed.code, 0, "{}", streamed.stderr);
            assert_eq!(spans(&whole).len(), 1, "{name:?} at {k}");
            assert_eq!(spans(&streamed), spans(&whole), "{name:?} read up to {k}");
            cases += 1;
        }
    }
    assert!(cases > 50);
}

/// Flag values that could only fail an allocation or stall the start are
/// refused or capped, with a message naming the limit.
#[test]
fn flag_values_past_any_use_are_refused_or_capped() {
    let dir = tree(&[("d.txt", b"Osh")]);
    for (args, message) in [
        (
            &["annotate", "d.txt", "--chunk-size", "18446744073709551615"][..],
            "at most 1073741824 bytes",
        ),
        (
            &["annotate", "d.txt", "--chunk-size", "1000000000000"],
            "at most 1073741824 bytes",
        ),
        (
            &["annotate", "d.txt", "--chunk-size", "1073741825"],
            "at most 1073741824 bytes",
        ),
        (
            &[
                "annotate",
                "d.txt",
                "--chunk-size",
                "99999999999999999999999",
            ],
            "--chunk-size",
        ),
        (
            &["eval", "d.txt", "d.txt", "--bootstrap", "1000000000000"],
            "at most 100000 resamplings",
        ),
        (
            &["annotate", "d.txt", "--table", "-"],
            "--table - would write a file named `-`",
        ),
    ] {
        let run = gazet_in(Some(dir.path()), args, "");
        assert_said(&run, 2, message, &format!("{args:?}"));
        assert!(!dir.path().join("-").exists());
    }
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    for j in ["10000", "100000000"] {
        let run = gazet_in(Some(dir.path()), &["annotate", "d.txt", "-j", j], "");
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr
                .contains(&format!("-j {j}: using {} threads, 8 per core", 8 * cores)),
            "{}",
            run.stderr
        );
        assert_eq!(run.doc_ids(), ["d"]);
    }
}

/// Runs `gazet ARGS` in `dir` with stdout read for one line, then closed,
/// as `| head -1` does.
fn with_stdout_closed_early(dir: &Path, args: &[&str]) -> (i32, String) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gazet"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A reader that stops reading ends the run quietly, as `| head` wants;
/// a file output asked for beside it would be incomplete, so it is not
/// written, and that is said.
#[test]
fn a_reader_that_stops_early_never_leaves_a_file_output_silently_unwritten() {
    let text = "The CSTO met in Bishkek, Kyrgyzstan. Russia is a member of the CSTO.\n";
    let dir = common::numbered_files(400, |_| text.to_owned());
    for (args, unwritten) in [
        (&["annotate", ".", "-q"][..], None),
        (&["annotate", ".", "-q", "--table", "/dev/stdout"], None),
        (
            &[
                "annotate",
                ".",
                "-q",
                "-o",
                "out.jsonl",
                "--table",
                "/dev/stdout",
            ],
            Some("out.jsonl"),
        ),
        (
            &["annotate", ".", "-q", "-o", "out.jsonl", "--conll", "-"],
            Some("out.jsonl"),
        ),
        (
            &["annotate", ".", "-q", "--conll", "out.conll"],
            Some("out.conll"),
        ),
    ] {
        let (code, stderr) = with_stdout_closed_early(dir.path(), args);
        match unwritten {
            None => assert_eq!((code, stderr.as_str()), (0, ""), "{args:?}"),
            Some(file) => {
                assert_eq!(code, 1, "{args:?}: {stderr}");
                assert!(
                    stderr.contains(&format!("stopped early; not written: {file}")),
                    "{args:?}: {stderr}"
                );
                assert!(!dir.path().join(file).exists(), "{args:?}");
            }
        }
        let leftovers: Vec<String> = walk_names(dir.path())
            .into_iter()
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{args:?}: {leftovers:?}");
    }
}

/// An output named through a symbolic link replaces the file the link
/// points to, keeping the link and the file's mode; a link inside an
/// output folder is replaced, never followed out of it.
#[test]
fn outputs_named_through_links_keep_the_link_and_the_mode() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let dir = tree(&[
        ("d.txt", b"The CSTO met in Bishkek, Kyrgyzstan."),
        ("real/out.jsonl", b"old"),
        ("real/table.csv", b"old"),
        ("outside.json", b"untouched"),
    ]);
    let d = dir.path();
    for f in ["real/out.jsonl", "real/table.csv"] {
        std::fs::set_permissions(d.join(f), std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    symlink("real/out.jsonl", d.join("out.jsonl")).unwrap();
    symlink("real/table.csv", d.join("table.csv")).unwrap();
    symlink("real/new.conll", d.join("new.conll")).unwrap();
    std::fs::create_dir(d.join("each")).unwrap();
    symlink("../outside.json", d.join("each/d.json")).unwrap();
    let run = gazet_in(
        Some(d),
        &[
            "annotate",
            "d.txt",
            "-o",
            "out.jsonl",
            "--table",
            "table.csv",
            "--conll",
            "new.conll",
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (link, target) in [
        ("out.jsonl", "real/out.jsonl"),
        ("table.csv", "real/table.csv"),
        ("new.conll", "real/new.conll"),
    ] {
        let meta = std::fs::symlink_metadata(d.join(link)).unwrap();
        assert!(meta.file_type().is_symlink(), "{link} is still a link");
        let written = std::fs::read_to_string(d.join(target)).unwrap();
        assert!(written.len() > 3 && written != "old", "{target}: {written}");
    }
    for f in ["real/out.jsonl", "real/table.csv"] {
        let mode = std::fs::metadata(d.join(f)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{f} stays private");
    }
    let run = gazet_in(Some(d), &["annotate", "d.txt", "-o", "each/"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(d.join("outside.json")).unwrap(),
        "untouched"
    );
    assert!(!std::fs::symlink_metadata(d.join("each/d.json"))
        .unwrap()
        .file_type()
        .is_symlink());
}

/// `--glob` without a `/` matches a file's name at any depth, as
/// gitignore and ripgrep do; a folder in which nothing matches is an
/// error naming it; a file name that is not UTF-8 is reported, not
/// renamed with U+FFFD.
#[test]
fn globs_match_names_at_any_depth_and_empty_inputs_are_reported() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tree(&[
        ("in/brief-a.txt", b"Osh"),
        ("in/2024/brief-b.txt", b"Osh"),
        ("in/2024/memo-c.txt", b"Osh"),
        ("in/2024/x/brief-d.md", b"Osh"),
        ("empty/notes.json", b"{}"),
        ("names/ok.txt", b"Osh"),
    ]);
    let d = dir.path();
    let run = gazet_in(Some(d), &["annotate", "in", "--glob", "brief-*"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.doc_ids(), ["2024/brief-b", "2024/x/brief-d", "brief-a"]);
    // A glob with a `/` is matched against the relative path alone.
    let run = gazet_in(Some(d), &["annotate", "in", "--glob", "2024/*.txt"], "");
    assert_eq!(run.doc_ids(), ["2024/brief-b", "2024/memo-c"]);
    for (args, folder) in [
        (&["annotate", "empty", "in"][..], "empty"),
        (&["annotate", "in", "--glob", "*.pdf"], "in"),
    ] {
        let run = gazet_in(Some(d), args, "");
        let said = format!("{folder}: no file here matches");
        assert_said(&run, 1, &said, &format!("{args:?}"));
    }
    let bad = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(d.join("names").join(bad), "Osh").unwrap();
    for (what, named) in [
        ("in a folder", std::ffi::OsString::from("names")),
        ("named", d.join("names").join(bad).into_os_string()),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_gazet"))
            .arg("annotate")
            .arg(&named)
            .arg("in/brief-a.txt")
            .current_dir(d)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
        assert!(
            stderr.contains("caf\u{fffd}.txt: the file name is not valid UTF-8"),
            "{what}: {stderr}"
        );
        assert!(!stdout.contains('\u{fffd}'), "{what}: {stdout}");
        assert!(stdout.contains("\"brief-a\""), "{what}: {stdout}");
    }
}

/// Gold that would score wrong without a word: a span given twice would
/// count twice, and a folder that cannot be read would hide its spans.
/// Both are problems naming the place (exit 1), and the rest is scored.
#[test]
fn gold_with_duplicate_spans_or_unreadable_folders_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let text = "The CSTO met in Bishkek.";
    let span = "span\t4\t8\tORG\tcsto\tCSTO\n";
    let other = "span\t16\t23\tLOC\tbishkek\tBishkek\n";
    let twice = format!("{span}{other}{span}");
    let thrice = format!("{span}{span}{span}{other}");
    for (gold, duplicates) in [(twice.as_str(), 1), (thrice.as_str(), 2)] {
        let dir = tree(&[
            ("docs/d.txt", text.as_bytes()),
            ("gold/d.gold.tsv", gold.as_bytes()),
            ("pred/d.gold.tsv", format!("{span}{other}").as_bytes()),
        ]);
        let run = gazet_in(
            Some(dir.path()),
            &["eval", "pred", "gold", "--docs", "docs", "--json"],
            "",
        );
        let first = "d.gold.tsv:3: span 4..8 ORG \"CSTO\" is given twice (first on line 1)";
        assert_said(&run, 1, first, "a span given twice");
        let said = run.stderr.matches("is given twice").count();
        assert_eq!(said, duplicates, "{}", run.stderr);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(report["spans"]["strict"]["f1"], 1.0, "{}", run.stdout);
    }
    let dir = tree(&[
        ("docs/d.txt", text.as_bytes()),
        ("docs/e.txt", text.as_bytes()),
        ("gold/d.gold.tsv", span.as_bytes()),
        ("gold/locked/e.gold.tsv", span.as_bytes()),
        ("pred/d.gold.tsv", span.as_bytes()),
    ]);
    for p in ["", "docs", "gold", "pred"] {
        let mode = std::fs::Permissions::from_mode(0o777);
        std::fs::set_permissions(dir.path().join(p), mode).unwrap();
    }
    let locked = dir.path().join("gold/locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let run = gazet_as_nobody(dir.path(), &["eval", "pred", "gold", "--docs", "docs"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_said(
        &run,
        1,
        "gold/locked: Permission denied",
        "a locked gold folder",
    );
}

/// `render` gives every document a page of its own, also when an id comes
/// twice or looks like a page made unique (`a`, `a`, `a-2`, `a~2`).
#[test]
fn render_pages_never_collide() {
    let line = |id: &str| format!("{{\"doc\":\"{id}\",\"spans\":[],\"relations\":[]}}\n");
    let first = format!("{}{}{}", line("a"), line("a-2"), line("a~2"));
    let second = format!("{}{}", line("a"), line("a"));
    let dir = tree(&[
        ("preds/1.jsonl", first.as_bytes()),
        ("preds/2.jsonl", second.as_bytes()),
    ]);
    let run = gazet_in(Some(dir.path()), &["render", "preds", "-o", "report/"], "");
    assert!(run.stderr.contains("5 pages"), "{}", run.stderr);
    let pages = files_below(&dir.path().join("report/docs"));
    assert_eq!(pages.len(), 5, "{pages:?}");
    let index = std::fs::read_to_string(dir.path().join("report/index.html")).unwrap();
    for page in &pages {
        assert!(index.contains(page.as_str()), "{page} not linked");
    }
}
