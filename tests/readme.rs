//! The README's figures come from real runs: these tests fail when a
//! change makes them stale, so the quick start never shows numbers a user
//! cannot reproduce.

mod common;

use common::{gazet, repo};

/// The line of `README.md` that starts with `prefix`, inside a code block.
fn readme_line(prefix: &str) -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    readme
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("README.md has no line starting with {prefix:?}"))
        .to_owned()
}

/// The summary line without its wall-clock part (`0.06 MB in 3.4 s, …`),
/// which differs from run to run.
fn counts(summary: &str) -> &str {
    summary.split(" in ").next().unwrap_or(summary)
}

#[test]
fn the_quick_start_summary_is_what_the_first_command_prints() {
    let run = gazet(&["annotate", "corpus/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed = run
        .stderr
        .lines()
        .find(|l| l.starts_with("gazet: "))
        .expect("a summary line")
        .to_owned();
    let shown = readme_line("gazet: ");
    // Both lines end with the size read: drop it with the time.
    let strip = |s: &str| {
        let c = counts(s);
        c.rsplit_once(", ").map_or(c, |(head, _)| head).to_owned()
    };
    assert_eq!(
        strip(&shown),
        strip(&printed),
        "update the README's quick start"
    );
}
