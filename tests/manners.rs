//! CLI manners: shell completions, man pages, examples in every --help,
//! and --color.

mod common;

use common::{gazet, gazet_in};
use std::process::Command;

/// Every subcommand, nested ones with their parent.
const SUBCOMMANDS: [&str; 11] = [
    "annotate",
    "explain",
    "eval",
    "render",
    "gazetteer",
    "gazetteer check",
    "gazetteer import",
    "rules",
    "rules check",
    "completions",
    "man",
];

#[test]
fn completions_generate_for_every_shell() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef gazet"),
        ("fish", "complete -c gazet"),
        ("elvish", "edit:completion:arg-completer[gazet]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let r = gazet(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stdout.contains(marker), "{shell}");
        assert!(r.stdout.contains("render"), "{shell} lacks render");
    }
    assert_eq!(gazet(&["completions", "tcsh"]).code, 2);
}

#[test]
fn the_man_page_names_every_subcommand_and_a_folder_gets_one_page_each() {
    let r = gazet(&["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(".ie") || r.stdout.contains(".TH gazet 1"));
    for sub in SUBCOMMANDS.iter().filter(|s| !s.contains(' ')) {
        assert!(
            r.stdout.contains(&format!("gazet\\-{sub}(1)")),
            "the man page lacks {sub}"
        );
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let r = gazet_in(Some(dir.path()), &["man", "-o", "man1"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    for sub in SUBCOMMANDS {
        let page = dir
            .path()
            .join("man1")
            .join(format!("gazet-{}.1", sub.replace(' ', "-")));
        let roff = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{sub}: {e}"));
        assert!(roff.contains(".SH SYNOPSIS"), "{sub}");
        // The synopsis shows the command as typed, not the page's name.
        let synopsis = roff.split(".SH SYNOPSIS").nth(1).unwrap_or("");
        let typed = format!("\\fBgazet {sub}\\fR");
        assert!(
            synopsis.lines().nth(1).is_some_and(|l| l.contains(&typed)),
            "{sub}: {}",
            synopsis.lines().take(3).collect::<Vec<_>>().join(" / ")
        );
    }
    assert!(dir.path().join("man1/gazet.1").exists());
}

#[test]
fn every_help_has_examples() {
    for sub in std::iter::once("").chain(SUBCOMMANDS) {
        let mut args: Vec<&str> = sub.split_whitespace().collect();
        args.push("--help");
        let r = gazet(&args);
        assert_eq!(r.code, 0, "{sub}: {}", r.stderr);
        assert!(
            r.stdout.contains("Examples:\n  gazet"),
            "gazet {sub} --help"
        );
    }
}

#[test]
fn color_always_styles_and_never_or_a_pipe_does_not() {
    let out = tempfile::tempdir().expect("temp dir");
    let jsonl = out.path().join("p.jsonl");
    let jsonl = jsonl.to_str().unwrap();
    gazet(&["annotate", "corpus/central-asia-security.txt", "-o", jsonl]);
    let gold = "corpus/gold/central-asia-security.gold.tsv";
    let escape = "\u{1b}[";
    for (color, no_color, styled) in [
        (Some("always"), false, true),
        (Some("never"), false, false),
        (None, false, false), // auto, and the test's pipes are no terminal
        (Some("auto"), true, false),
    ] {
        let mut args = vec!["eval", jsonl, gold];
        let mut missing = vec!["annotate", "no-such-file.txt"];
        if let Some(c) = color {
            args.extend(["--color", c]);
            missing.extend(["--color", c]);
        }
        let run = |args: &[&str]| {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_gazet"));
            cmd.args(args).current_dir(common::repo());
            if no_color {
                cmd.env("NO_COLOR", "1");
            } else {
                cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
            }
            cmd.output().expect("gazet runs")
        };
        let report = run(&args);
        let stdout = String::from_utf8_lossy(&report.stdout);
        assert!(stdout.contains("strict"), "{stdout}");
        assert_eq!(stdout.contains(escape), styled, "{color:?} report");
        let failed = run(&missing);
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert!(stderr.contains("no-such-file.txt"), "{stderr}");
        assert_eq!(stderr.contains(escape), styled, "{color:?} error");
        // JSON is never styled.
        let json = run(&[
            "annotate",
            "corpus/central-asia-security.txt",
            "--color",
            "always",
        ]);
        assert!(!String::from_utf8_lossy(&json.stdout).contains(escape));
    }
    assert_eq!(
        gazet(&["eval", jsonl, gold, "--color", "sometimes"]).code,
        2
    );
    // clap's own help and usage errors follow the flag too.
    for (args, styled) in [
        (vec!["annotate", "--help", "--color", "always"], true),
        (vec!["--color=always", "annotate", "--help"], true),
        (vec!["annotate", "--help", "--color", "never"], false),
    ] {
        let r = gazet(&args);
        assert_eq!(r.stdout.contains(escape), styled, "{args:?}");
    }
    let r = gazet(&["annotate", "--bogus", "--color", "always"]);
    assert!(r.code == 2 && r.stderr.contains(escape), "{}", r.stderr);
}

/// What a terminal shows of a run: `gazet ARGS` under `script(1)`, so that
/// stdout and stderr are both a pseudo-terminal, with the control sequences
/// and the bar's block characters taken out, one drawn line per item.
fn on_a_terminal(dir: &std::path::Path, args: &str) -> Vec<String> {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_gazet"));
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .output()
        .expect("script(1), from util-linux, runs gazet on a pseudo-terminal");
    let text = String::from_utf8_lossy(&out.stdout);
    let escape = regex::Regex::new(r"\x1b\[[0-9;?]*[a-zA-Z]").unwrap();
    let text = escape.replace_all(&text, "");
    text.split(['\r', '\n'])
        .map(|l| l.chars().filter(|c| !('\u{2580}'..='\u{259f}').contains(c)))
        .map(|l| l.collect::<String>().trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The progress bar is for a person watching stderr: it is drawn when the
/// output goes to a file, counts bytes and documents ("1 document"), and is
/// not drawn when the JSON lines go to the same terminal, where its stale
/// lines were left between them.
#[test]
fn the_progress_bar_stays_off_a_terminal_that_shows_the_output() {
    let dir = common::tree(&[
        ("in/a.txt", b"The CSTO met in Bishkek."),
        ("in/b.txt", b"Talks in Osh and Dushanbe."),
    ]);
    let to_file = on_a_terminal(dir.path(), "annotate in/ -o out.jsonl");
    assert!(
        to_file
            .iter()
            .any(|l| l.contains("B/") && l.contains("2 documents") && l.contains("ETA")),
        "{to_file:#?}"
    );
    let to_terminal = on_a_terminal(dir.path(), "annotate in/");
    assert!(
        !to_terminal.iter().any(|l| l.contains("ETA")),
        "{to_terminal:#?}"
    );
    let json = to_terminal.iter().filter(|l| l.starts_with('{')).count();
    assert_eq!(json, 2, "{to_terminal:#?}");
}
