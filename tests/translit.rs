//! The transliteration view, through the real binary: a Cyrillic name of
//! an entity the gazetteers list only in Latin letters is found, flagged
//! `transliterated`, and Latin text never matches through the view.

mod common;

use common::gazet_in;

/// The spans of `text` annotated with the embedded gazetteers, as
/// (text, entity, alias, transliterated).
fn spans(text: &str) -> Vec<(String, String, String, bool)> {
    let line = serde_json::json!({"id": "d", "text": text}).to_string();
    let run = gazet_in(None, &["annotate", "-", "-q", "--no-patterns"], &line);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json_lines()[0]["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let flagged = s["flags"]
                .as_array()
                .is_some_and(|f| f.iter().any(|f| f == "transliterated"));
            (
                s["text"].as_str().unwrap().to_owned(),
                s["entity"].as_str().unwrap().to_owned(),
                s["alias"].as_str().unwrap().to_owned(),
                flagged,
            )
        })
        .collect()
}

/// A transliterated span: (text, entity, Latin alias).
type Found = (&'static str, &'static str, &'static str);

#[test]
fn cyrillic_names_of_latin_entities() {
    // (text, the transliterated spans as (text, entity, Latin alias))
    let cases: &[(&str, &[Found])] = &[
        (
            "Колонна дошла до Аксу и Хороге.",
            &[
                ("Аксу", "aksu_xinjiang", "Aksu"),
                ("Хороге", "khorog", "Khorog"),
            ],
        ),
        (
            "Выступили Игорь Селезнёв и Усман Гази.",
            &[
                ("Игорь Селезнёв", "igor_selezniov", "Igor Seleznev"),
                ("Усман Гази", "usman_ghazi", "Usman Gazi"),
            ],
        ),
        // Latin text, even a name's Latin form, never goes through the view.
        ("Igor Seleznev and Usman Gazi met in Aksu.", &[]),
        // Lower case is no name.
        ("мы видели аксу", &[]),
    ];
    for (text, want) in cases {
        let got: Vec<(String, String, String)> = spans(text)
            .into_iter()
            .filter(|s| s.3)
            .map(|s| (s.0, s.1, s.2))
            .collect();
        let want: Vec<(String, String, String)> = want
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

/// A name the gazetteers list in Cyrillic is found as written, not
/// through the view.
#[test]
fn cyrillic_aliases_win_over_the_view() {
    let got = spans("Отряд вернулся в Хорог.");
    assert_eq!(
        got,
        [("Хорог".into(), "khorog".into(), "Хорог".into(), false)]
    );
}
