//! No document id, however hostile, makes a writer put a file outside the
//! folder it was given: `output_path` either refuses the id or gives a
//! relative path of plain names, and a real per-document writer then writes
//! only inside its folder.

use gazet::output::{Destination, Writer};
use gazet::output_path;
use proptest::prelude::*;

mod common;
use common::files_below;
use std::path::{Component, Path};

/// Pieces that hostile ids are made of: separators, dot segments, absolute
/// starts, NUL and other controls, backslashes, drive prefixes, Unicode.
const PIECES: &[&str] = &[
    "a", "b", "..", ".", "/", "//", "\\", "\0", "\n", "C:", "~", "x.json", " ", "é", "北", "%2e",
    "-", "*", "?", "$HOME", ":", "\u{202E}",
];

fn ids() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn an_accepted_id_is_a_relative_path_of_plain_names(id in ids()) {
        if let Ok(path) = output_path(&id, "json") {
            prop_assert!(path.components().all(|c| matches!(c, Component::Normal(_))), "{path:?}");
            prop_assert!(path.is_relative());
        }
    }

    #[test]
    fn a_writer_never_writes_outside_its_folder(id in ids()) {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        let mut writer = Writer::open(&Destination::Dir(out.clone())).unwrap();
        // Refusing is fine; writing anywhere but inside `out` is not.
        let _ = writer.write(&id, "{}\n");
        let _ = writer.finish();
        for f in files_below(root.path()) {
            prop_assert!(f.starts_with("out/"), "id {id:?} wrote {f:?}");
        }
    }
}

#[test]
fn hostile_ids_are_refused_with_the_rule_they_break() {
    for (id, why) in [
        ("../x", "`.` or `..` segment"),
        ("sub/../../x", "`.` or `..` segment"),
        ("/abs/x", "absolute path"),
        ("a\0b", "NUL"),
        ("a//b", "empty segment"),
        ("a/", "empty segment"),
        ("", "empty"),
        ("a\\..\\b", "backslash"),
        ("a\nb", "control character"),
    ] {
        let e = output_path(id, "json").unwrap_err().to_string();
        assert!(e.contains(why), "{id:?}: {e}");
    }
    assert_eq!(
        output_path("sub/d.v2", "ann").unwrap(),
        Path::new("sub/d.v2.ann")
    );
}
