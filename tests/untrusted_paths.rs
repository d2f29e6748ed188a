//! `eval` and `render` read annotation files made elsewhere: the `path` and
//! `doc` inside them must not lead gazet to read a file outside the text
//! folders the user named and the working directory.

mod common;
use common::{gazet_in, tree};
use std::path::Path;

const SECRET: &str = "TOPSECRET Kazakhstan is a member of the CSTO.";
const TEXT: &str = "Kazakhstan is a member of the CSTO.\n";

/// A real annotation line of `TEXT`, with `doc` and `path` replaced.
fn line(work: &Path, doc: &str, path: Option<&str>) -> String {
    let run = gazet_in(Some(work), &["annotate", "texts/a.txt"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut v: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("json");
    v["doc"] = doc.into();
    match path {
        Some(p) => v["path"] = p.into(),
        None => {
            v.as_object_mut().expect("object").remove("path");
        }
    }
    v.to_string()
}

/// An outer folder holding `secret.txt` and `work/`, the working directory.
fn setup() -> tempfile::TempDir {
    let root = tree(&[
        ("secret.txt", SECRET.as_bytes()),
        ("work/texts/a.txt", TEXT.as_bytes()),
        (
            "work/gold/a.gold.tsv",
            b"span\t0\t10\tLOC\tkazakhstan\tKazakhstan\n",
        ),
    ]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        root.path().join("secret.txt"),
        root.path().join("work/link.txt"),
    )
    .expect("symlink");
    root
}

#[test]
fn paths_inside_predictions_are_read_only_below_the_named_folders() {
    let root = setup();
    let work = root.path().join("work");
    let secret = root.path().join("secret.txt").display().to_string();
    let mut cases: Vec<(&str, Option<String>, &[&str])> = vec![
        ("absolute path", Some(secret.clone()), &[]),
        (
            "relative path climbing out",
            Some("../secret.txt".into()),
            &[],
        ),
        ("link inside pointing out", Some("link.txt".into()), &[]),
        (
            "climbing out after a folder",
            Some("texts/../../secret.txt".into()),
            &[],
        ),
    ];
    cases.push((
        "document id climbing out of --docs",
        None,
        &["--docs", "texts"],
    ));
    for (what, path, extra) in cases {
        let doc = if path.is_none() { "../../secret" } else { "a" };
        let pred = line(&work, doc, path.as_deref());
        std::fs::write(work.join("pred.jsonl"), format!("{pred}\n")).expect("write");

        let mut args = vec!["eval", "pred.jsonl", "gold/", "--errors"];
        args.extend_from_slice(extra);
        let run = gazet_in(Some(&work), &args, "");
        assert!(
            !run.stdout.contains("TOPSECRET") && !run.stderr.contains("TOPSECRET"),
            "{what}: eval showed the secret\n{}{}",
            run.stdout,
            run.stderr
        );
        if path.is_some() {
            assert!(
                run.stderr.contains("outside the text folders")
                    || run.stderr.contains("No such file"),
                "{what}: no warning\n{}",
                run.stderr
            );
        }

        let mut args = vec!["render", "pred.jsonl", "-o", "report"];
        args.extend_from_slice(extra);
        let run = gazet_in(Some(&work), &args, "");
        let mut html = String::new();
        let report = work.join("report");
        let pages = common::files_below(&report);
        assert!(!pages.is_empty(), "{what}: no report\n{}", run.stderr);
        for f in pages {
            html.push_str(&std::fs::read_to_string(report.join(f)).expect("page"));
        }
        assert!(
            !html.contains("TOPSECRET"),
            "{what}: the report holds the secret"
        );
        assert!(!run.stderr.contains("TOPSECRET"), "{what}: {}", run.stderr);
        std::fs::remove_dir_all(work.join("report")).ok();
    }
}

#[test]
fn paths_inside_the_working_directory_or_a_text_folder_are_read() {
    let root = setup();
    let work = root.path().join("work");
    // A span whose text disagrees with the file proves the file was read.
    let good = line(&work, "a", Some("texts/a.txt"));
    let bad = good.replace("\"text\":\"Kazakhstan\"", "\"text\":\"Kyrgyzstan\"");
    std::fs::write(work.join("pred.jsonl"), format!("{bad}\n")).expect("write");
    let run = gazet_in(Some(&work), &["eval", "pred.jsonl", "gold/"], "");
    assert!(
        run.stderr.contains("does not match the document text"),
        "{}",
        run.stderr
    );
    // From elsewhere, the same relative path is found through --docs only
    // by the document's id.
    let outside = tempfile::tempdir().expect("temp");
    let absolute = work.join("texts/a.txt").display().to_string();
    let bad = bad.replace("texts/a.txt", &absolute);
    std::fs::write(outside.path().join("pred.jsonl"), format!("{bad}\n")).expect("write");
    let docs = work.join("texts").display().to_string();
    let gold = work.join("gold").display().to_string();
    let run = gazet_in(
        Some(outside.path()),
        &["eval", "pred.jsonl", &gold, "--docs", &docs],
        "",
    );
    assert!(
        run.stderr.contains("does not match the document text"),
        "{}",
        run.stderr
    );
}
