//! The world gazetteer (`-g world`): off by default, one flag away, and no
//! common word turned into a place.

mod common;

use common::{gazet, gazet_in, relations_of, spans_of, tree};

/// (text, spans as (text, entity id) with `-g world`, relations as
/// (head, relation, tail) with `-g world`)
type Case = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [(&'static str, &'static str, &'static str)],
);

const CASES: &[Case] = &[
    (
        "The talks were held in Marseille.",
        &[("Marseille", "marseille_fr")],
        &[],
    ),
    (
        "Marseille is a port in France.",
        &[("Marseille", "marseille_fr"), ("France", "france")],
        &[("marseille_fr", "located_in", "france")],
    ),
    (
        "She lives in Houston, Texas.",
        &[("Houston", "houston_us"), ("Texas", "us_texas")],
        &[("houston_us", "located_in", "us_texas")],
    ),
    (
        "He flew to Texas and then to California.",
        &[("Texas", "us_texas"), ("California", "us_california")],
        &[],
    ),
    (
        "New York State sued New York City.",
        &[("New York State", "us_new_york"), ("New York City", "new_york")],
        &[],
    ),
    (
        "The delegation met in Köln (Koeln); Savannah and Stanislav stayed home.",
        &[("Köln", "koln_de"), ("Koeln", "koln_de")],
        &[],
    ),
    // Common words: cities called Nice, Bar, Mobile, Reading, Split,
    // Orange, Victoria, Bath are no places in prose, at a sentence start
    // or not.
    ("nice weather today.", &[], &[]),
    ("Nice to meet you.", &[], &[]),
    (
        "Of course the Bar was full, and Mobile phones rang all night.",
        &[],
        &[],
    ),
    (
        "Reading the report, Split decisions looked likely. Orange juice, a Bath towel. Victoria said so.",
        &[],
        &[],
    ),
    ("It is a mobile world: of the bar, by the bath.", &[], &[]),
];

fn records() -> String {
    CASES
        .iter()
        .enumerate()
        .map(|(i, (text, _, _))| {
            serde_json::json!({"id": format!("c{i}"), "text": text}).to_string() + "\n"
        })
        .collect()
}

fn annotate(flags: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["annotate", "-", "--no-cache"];
    args.extend_from_slice(flags);
    let run = gazet_in(None, &args, &records());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docs = run.json_lines();
    assert_eq!(docs.len(), CASES.len());
    docs
}

#[test]
fn world_places_are_found_with_the_flag_and_common_words_are_not() {
    for ((text, want, want_rels), doc) in CASES.iter().zip(annotate(&["-g", "world"])) {
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(t, e)| ((*t).to_owned(), (*e).to_owned()))
            .collect();
        assert_eq!(spans_of(&doc), want, "{text}");
        let rels = relations_of(&doc);
        for (h, r, t) in *want_rels {
            let want = ((*h).to_owned(), (*r).to_owned(), (*t).to_owned());
            assert!(rels.contains(&want), "{text}: no {want:?} in {rels:?}");
        }
    }
}

#[test]
fn without_the_flag_no_world_place_is_found() {
    for ((text, _, _), doc) in CASES.iter().zip(annotate(&[])) {
        let world: Vec<(String, String)> = spans_of(&doc)
            .into_iter()
            .filter(|(_, e)| {
                e.ends_with("_fr")
                    || e.ends_with("_us")
                    || e.starts_with("us_")
                    || e.ends_with("_de")
            })
            .collect();
        assert!(world.is_empty(), "{text}: {world:?}");
    }
}

#[test]
fn gazetteer_check_passes_with_the_world_gazetteer() {
    let run = gazet(&["gazetteer", "check", "-g", "world"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("ok: "), "{}", run.stdout);
    let entities: usize = last[4..].split(' ').next().unwrap().parse().unwrap();
    assert!(entities > 6000, "{last}");
}

#[test]
fn the_world_gazetteer_needs_the_default_ones() {
    let run = gazet(&[
        "gazetteer",
        "check",
        "-g",
        "world",
        "--no-default-gazetteers",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("./world"), "{}", run.stderr);
}

#[test]
fn a_file_called_world_is_dot_slash_world() {
    let dir = tree(&[("world", b"atlantis\tLOC\tcity\tAtlantis\n")]);
    let text = "{\"id\":\"d\",\"text\":\"From Atlantis to Marseille.\"}\n";
    let ids = |flag: &str| -> Vec<String> {
        let run = gazet_in(
            Some(dir.path()),
            &["annotate", "-", "--no-cache", "-g", flag],
            text,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        spans_of(&run.json_lines()[0])
            .into_iter()
            .map(|(_, e)| e)
            .collect()
    };
    assert_eq!(ids("./world"), ["atlantis"]);
    assert_eq!(ids("world"), ["marseille_fr"]);
}
