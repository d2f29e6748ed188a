//! A file streamed in chunks gives exactly what the whole file gives: the
//! same JSON, relation table and CoNLL, byte for byte, with the name
//! patterns off and lone acronyms kept. Proposed names are linked within a
//! chunk only (see the README, "Name patterns"), and an acronym's evidence
//! is sought within its chunk, so with either on the two differ wherever
//! the evidence falls in another chunk.

mod common;

use common::{gazet_in, repo, tree};

/// The whole development corpus three times over in one file, with the
/// documents separated by blank lines: about 170 KB, with names, acronyms,
/// relations and `exclusive` relations stated in different chunks.
fn corpus_file() -> tempfile::TempDir {
    let mut text = String::new();
    let mut names: Vec<_> = std::fs::read_dir(repo().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    names.sort();
    for _ in 0..3 {
        for p in &names {
            text.push_str(&std::fs::read_to_string(p).unwrap());
            text.push_str("\n\n");
        }
    }
    tree(&[("all.txt", text.as_bytes())])
}

/// (extra flags, chunk size) for the streamed run
const CHUNKINGS: &[(&[&str], &str)] = &[
    (&[], "65536"),
    (&[], "5000"),
    (&["-j", "1"], "20000"),
    (&["--overlaps"], "30000"),
];

#[test]
fn streamed_outputs_equal_whole_file_outputs() {
    let dir = corpus_file();
    let whole = gazet_in(
        Some(dir.path()),
        &[
            "annotate",
            "all.txt",
            "--table",
            "whole.csv",
            "--conll",
            "whole.conll",
            "-q",
            "--no-patterns",
            "--lone-acronyms",
        ],
        "",
    );
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    let whole_table = read("whole.csv");
    let whole_conll = read("whole.conll");
    for (flags, chunk) in CHUNKINGS {
        let mut args = vec![
            "annotate",
            "all.txt",
            "--stream-above",
            "1000",
            "--chunk-size",
            chunk,
            "--table",
            "streamed.csv",
            "--conll",
            "streamed.conll",
            "-q",
            "--no-patterns",
            "--lone-acronyms",
        ];
        args.extend_from_slice(flags);
        let mut whole_args = vec![
            "annotate",
            "all.txt",
            "-q",
            "--no-patterns",
            "--lone-acronyms",
        ];
        whole_args.extend_from_slice(flags);
        let expected = gazet_in(Some(dir.path()), &whole_args, "");
        let streamed = gazet_in(Some(dir.path()), &args, "");
        assert_eq!(streamed.code, 0, "{}", streamed.stderr);
        assert!(
            streamed.stdout == expected.stdout,
            "chunks of {chunk} with {flags:?}: the JSON differs"
        );
        assert_eq!(
            read("streamed.csv"),
            whole_table,
            "chunks of {chunk}: table"
        );
        assert_eq!(
            read("streamed.conll"),
            whole_conll,
            "chunks of {chunk}: CoNLL"
        );
    }
}

#[test]
fn a_streamed_document_in_a_folder_output_is_one_whole_file() {
    let dir = corpus_file();
    let run = gazet_in(
        Some(dir.path()),
        &[
            "annotate",
            "all.txt",
            "--stream-above",
            "1000",
            "--chunk-size",
            "8000",
            "-o",
            "out/",
            "-q",
            "--no-patterns",
            "--lone-acronyms",
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let whole = gazet_in(
        Some(dir.path()),
        &[
            "annotate",
            "all.txt",
            "-q",
            "--no-patterns",
            "--lone-acronyms",
        ],
        "",
    );
    let written = std::fs::read_to_string(dir.path().join("out/all.json")).unwrap();
    assert_eq!(written, whole.stdout);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}
