//! Name patterns: names no gazetteer lists, proposed and linked in the
//! document, through the real binary.

mod common;

use common::{gazet, gazet_in, tree};
use serde_json::Value;

/// An invented text: no gazetteer lists its people or its institute.
const TEXT: &str = "Dr. Maren Ekdahl directs the Nordvik Polar Institute (NPI) in Tromsø, \
Norway. Ekdahl said the NPI will publish its survey in June. \
The village of Skarvbu lies on the Lyngen River.";

fn spans(run: &common::Run) -> Vec<Value> {
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json_lines()[0]["spans"].as_array().unwrap().clone()
}

/// (text, label, source, rule, entity) of each span.
fn table(spans: &[Value]) -> Vec<(String, String, String, String, String)> {
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or("-").to_owned();
    spans
        .iter()
        .map(|v| {
            (
                s(v, "text"),
                s(v, "label"),
                s(v, "source"),
                s(v, "rule"),
                s(v, "entity"),
            )
        })
        .collect()
}

fn annotate(text: &str, extra: &[&str]) -> Vec<Value> {
    let line = serde_json::json!({"id": "d", "text": text}).to_string();
    let mut args = vec!["annotate", "-", "-q"];
    args.extend_from_slice(extra);
    spans(&gazet_in(None, &args, &line))
}

#[test]
fn unknown_names_are_proposed_and_linked_in_the_document() {
    let got = table(&annotate(TEXT, &[]));
    let row = |t: &str, l: &str, src: &str, rule: &str, e: &str| {
        (t.into(), l.into(), src.into(), rule.into(), e.into())
    };
    let want = vec![
        row(
            "Maren Ekdahl",
            "PER",
            "pattern",
            "person.title",
            "doc:maren_ekdahl",
        ),
        row(
            "Nordvik Polar Institute",
            "ORG",
            "pattern",
            "org.head_word",
            "doc:nordvik_polar_institute",
        ),
        row(
            "NPI",
            "ORG",
            "pattern",
            "defined_acronym",
            "doc:nordvik_polar_institute",
        ),
        row("Norway", "LOC", "gazetteer", "-", "norway"),
        row(
            "Ekdahl",
            "PER",
            "pattern",
            "known_in_document",
            "doc:maren_ekdahl",
        ),
        row(
            "NPI",
            "ORG",
            "pattern",
            "known_in_document",
            "doc:nordvik_polar_institute",
        ),
        row("Skarvbu", "LOC", "pattern", "place.cue", "doc:skarvbu"),
        row(
            "Lyngen River",
            "LOC",
            "pattern",
            "place.head_word",
            "doc:lyngen_river",
        ),
    ];
    // Tromsø may or may not be in the gazetteers; everything else is fixed.
    let got: Vec<_> = got.into_iter().filter(|r| r.0 != "Tromsø").collect();
    assert_eq!(got, want);
}

#[test]
fn proposed_spans_carry_kind_and_offsets_and_gazetteer_spans_no_rule() {
    let spans = annotate(TEXT, &[]);
    let chars: Vec<char> = TEXT.chars().collect();
    for s in &spans {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            chars[a..b].iter().collect::<String>(),
            s["text"].as_str().unwrap()
        );
        let from_gazetteer = s["source"] == "gazetteer";
        assert_eq!(s.get("rule").is_none(), from_gazetteer, "{s}");
    }
    let kind = |t: &str| {
        spans.iter().find(|s| s["text"] == t).unwrap()["kind"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(kind("Nordvik Polar Institute"), "academic");
    assert_eq!(kind("Lyngen River"), "feature");
    assert_eq!(kind("Skarvbu"), "settlement");
    assert_eq!(kind("Maren Ekdahl"), "person");
}

#[test]
fn no_patterns_turns_the_layer_off() {
    let spans = annotate(TEXT, &["--no-patterns"]);
    assert!(
        spans.iter().all(|s| s["source"] == "gazetteer"),
        "{spans:?}"
    );
    assert!(spans.iter().any(|s| s["text"] == "Norway"));
}

#[test]
fn a_body_named_after_a_place_is_one_name_with_the_place_in_it() {
    // `Norway` is a gazetteer place; the body's name takes it in whole, as
    // the longest name does, and stays the place alone where no head word
    // follows.
    for (text, want) in [
        (
            "The Norway Grain Company was sold.",
            ("Norway Grain Company", "pattern"),
        ),
        ("The Norway grain trade grew.", ("Norway", "gazetteer")),
    ] {
        let spans = annotate(text, &[]);
        let got: Vec<(&str, &str)> = spans
            .iter()
            .map(|s| (s["text"].as_str().unwrap(), s["source"].as_str().unwrap()))
            .collect();
        assert_eq!(got, vec![want], "{text:?}");
    }
}

#[test]
fn a_known_place_before_its_own_division_keeps_its_id_but_a_feature_gets_its_own() {
    // `Khyber Pakhtunkhwa Province` is the province the gazetteer lists;
    // the `Pamir River` is a river, not the Pamir mountains it is named after.
    for (text, name, want) in [
        (
            "Rain fell in Khyber Pakhtunkhwa Province all week.",
            "Khyber Pakhtunkhwa Province",
            "khyber_pakhtunkhwa",
        ),
        (
            "Herders crossed the Pamir River at dawn.",
            "Pamir River",
            "doc:pamir_river",
        ),
    ] {
        let spans = annotate(text, &[]);
        let got: Vec<(&str, &str)> = spans
            .iter()
            .map(|s| (s["text"].as_str().unwrap(), s["entity"].as_str().unwrap()))
            .collect();
        assert_eq!(got, vec![(name, want)], "{text:?}");
    }
}

#[test]
fn common_words_months_and_headings_give_no_names() {
    for text in [
        "Early Years\n\nThe Security Council met on Monday.",
        "In May, General Assembly delegates voted.",
        "Chronology: drought and floods in the valley\n\nNothing happened.",
        "Yesterday the committee and the agency disagreed.",
    ] {
        let spans = annotate(text, &["--no-default-gazetteers", "-g", "/dev/null"]);
        assert!(spans.is_empty(), "{text:?}: {spans:?}");
    }
}

#[test]
fn user_patterns_add_to_or_replace_the_embedded_ones() {
    let dir = tree(&[(
        "mine.rules",
        b"rule person.captain\n  label: PER\n  pattern: Skipper <{Cap}>\n  \
          test: Skipper Olsen sailed. => Olsen\n  test: skipper olsen => none\n",
    )]);
    let mine = dir.path().join("mine.rules");
    let mine = mine.to_str().unwrap();
    let text = "Skipper Lund met Dr. Maren Ekdahl.";
    let only = table(&annotate(
        text,
        &["--patterns", mine, "--no-default-patterns"],
    ));
    let rules: Vec<&str> = only.iter().map(|r| r.3.as_str()).collect();
    assert_eq!(rules, ["person.captain"]);
    let both = table(&annotate(text, &["--patterns", mine]));
    let rules: Vec<&str> = both.iter().map(|r| r.3.as_str()).collect();
    assert_eq!(rules, ["person.captain", "person.title"]);
}

#[test]
fn bad_patterns_files_name_file_and_line() {
    let dir = tree(&[(
        "bad.rules",
        b"list t: Dr.\n\nrule a\n  label: PER\n  pattern: @t <{Name}>\n",
    )]);
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "-", "--patterns", "bad.rules"],
        "",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("bad.rules:5: rule `a`: unknown `{Name}`"),
        "{}",
        run.stderr
    );
}

#[test]
fn patterns_check_runs_every_test() {
    let run = gazet(&["patterns", "check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("0 failed"), "{}", run.stdout);
    let dir = tree(&[(
        "wrong.rules",
        b"rule person.captain\n  label: PER\n  pattern: Skipper <{Cap}>\n  \
          test: Skipper Olsen sailed. => Skipper Olsen\n  test: skipper olsen => none\n",
    )]);
    let run = gazet_in(
        Some(dir.path()),
        &[
            "patterns",
            "check",
            "--patterns",
            "wrong.rules",
            "--no-default-patterns",
        ],
        "",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(
            "FAILED wrong.rules:4: rule `person.captain` on \"Skipper Olsen sailed.\": expected Skipper Olsen, got Olsen"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn accepted_suggestions_become_gazetteer_entities() {
    let dir = tree(&[
        (
            "a.txt",
            "Dr. Maren Ekdahl heads the Nordvik Polar Institute (NPI) in Oslo. \
             Ekdahl said the NPI will grow."
                .as_bytes(),
        ),
        (
            "b.txt",
            "The Nordvik Polar Institute and Dr. Maren Ekdahl were cited.".as_bytes(),
        ),
    ]);
    let run = gazet_in(
        Some(dir.path()),
        &["gazetteer", "suggest", ".", "-o", "suggested.tsv"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let suggested = std::fs::read_to_string(dir.path().join("suggested.tsv")).unwrap();
    for line in [
        "# 2 documents, 4 mentions; rules: defined_acronym 1, known_in_document 1, org.head_word 2\n",
        "nordvik_polar_institute\tORG\tacademic\tNordvik Polar Institute\tNPI\n",
        "maren_ekdahl\tPER\tperson\tMaren Ekdahl\tEkdahl\n",
    ] {
        assert!(suggested.contains(line), "{line:?} not in\n{suggested}");
    }
    // The reviewer accepts every suggestion: the next run finds the names
    // in the gazetteer, with the suggested ids.
    std::fs::write(dir.path().join("mine.tsv"), &suggested).unwrap();
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", ".", "-q", "-g", "mine.tsv", "--glob", "*.txt"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut got: Vec<String> = Vec::new();
    for doc in run.json_lines() {
        for s in doc["spans"].as_array().unwrap() {
            assert_eq!(s["source"], "gazetteer", "{s}");
            // Oslo may or may not be in the embedded gazetteers.
            if s["text"] != "Oslo" {
                got.push(format!("{} = {}", s["text"], s["entity"]));
            }
        }
    }
    let want = [
        r#""Maren Ekdahl" = "maren_ekdahl""#,
        r#""Nordvik Polar Institute" = "nordvik_polar_institute""#,
        r#""NPI" = "nordvik_polar_institute""#,
        r#""Ekdahl" = "maren_ekdahl""#,
        r#""NPI" = "nordvik_polar_institute""#,
        r#""Nordvik Polar Institute" = "nordvik_polar_institute""#,
        r#""Maren Ekdahl" = "maren_ekdahl""#,
    ];
    assert_eq!(got, want);
}

#[test]
fn relations_see_proposed_names_by_their_local_ids() {
    let line = serde_json::json!({
        "id": "d",
        "text": "Jana Novak, a senior fellow at the Nordvik Polar Institute, disagreed. \
                 The Nordvik Polar Institute is headquartered in Bishkek."
    })
    .to_string();
    let run = gazet_in(None, &["annotate", "-", "-q"], &line);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = &run.json_lines()[0];
    let mut got: Vec<String> = doc["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{}({}, {})", r["relation"], r["head"], r["tail"]).replace('"', ""))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            "affiliated_with(doc:jana_novak, doc:nordvik_polar_institute)",
            "located_in(doc:nordvik_polar_institute, bishkek)",
        ]
    );
}

#[test]
fn a_proposed_name_may_take_in_a_whole_gazetteer_name() {
    // Moscow backs the lone acronym (see `require_acronym_evidence`).
    let text = "A statement from the Press Service of the CSTO in Moscow followed.";
    let flat = table(&annotate(text, &[]));
    let got: Vec<(&str, &str)> = flat.iter().map(|r| (r.0.as_str(), r.3.as_str())).collect();
    assert_eq!(
        got,
        [
            ("Press Service of the CSTO", "org.of_known_org"),
            ("Moscow", "-")
        ]
    );
    let all = annotate(text, &["--overlaps"]);
    let csto = all.iter().find(|s| s["text"] == "CSTO").unwrap();
    assert_eq!(
        (csto["source"].as_str(), csto["nested"].as_bool()),
        (Some("gazetteer"), Some(true))
    );
}

/// An organisation named in full is linked by its distinctive last word,
/// and only by a distinctive one.
#[test]
fn an_organisation_is_linked_by_its_distinctive_last_word() {
    // (text, the linked spans as (text, entity))
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "Jamaat Ansarullah recruited fighters in Khorog. Ansarullah later denied it.",
            &[("Ansarullah", "jamaat_ansarullah")],
        ),
        // Not named in full: nothing to link to.
        ("Ansarullah later denied it in Khorog.", &[]),
        // A common or head word is no short form.
        (
            "The Collective Security Treaty Organization met. The Organization agreed.",
            &[],
        ),
        // A body's head word alone, after the body named with an acronym.
        (
            "The CSTO Secretariat met in Moscow. The Secretariat agreed.",
            &[("Secretariat", "csto_secretariat")],
        ),
        // Not where another body of the text has that head word too.
        (
            "The CSTO Secretariat met the Secretariat of the SCO in Moscow. The Secretariat agreed.",
            &[],
        ),
    ];
    for (text, want) in cases {
        let spans = annotate(text, &[]);
        let got: Vec<(&str, &str)> = spans
            .iter()
            .filter(|s| s["rule"] == "known_in_document")
            .map(|s| (s["text"].as_str().unwrap(), s["entity"].as_str().unwrap()))
            .collect();
        assert_eq!(got, *want, "{text}");
    }
}

/// A person's full name and its shorter or Cyrillic forms are one person.
#[test]
fn one_person_one_id_across_forms_and_scripts() {
    let text = "Sayfullo Nurmatovich Rahimov (Tajik: Сайфулло Нурматович Раҳимов) \
                is a militant. Sayfullo Rahimov left in 2014. Rahimov was caught.";
    let spans = annotate(text, &[]);
    let people: Vec<(&str, &str)> = spans
        .iter()
        .filter(|s| s["label"] == "PER")
        .map(|s| (s["text"].as_str().unwrap(), s["entity"].as_str().unwrap()))
        .collect();
    let id = "doc:sayfullo_nurmatovich_rahimov";
    assert_eq!(
        people,
        [
            ("Sayfullo Nurmatovich Rahimov", id),
            ("Сайфулло Нурматович Раҳимов", id),
            ("Sayfullo Rahimov", id),
            ("Rahimov", id),
        ]
    );
}

/// A surname with a particle is also linked without it.
#[test]
fn a_surname_is_linked_without_its_particle() {
    let text = "Abu Bakr al-Baghdadi led the group. Later al-Baghdadi and Baghdadi were named.";
    let spans = annotate(text, &[]);
    let got: Vec<(&str, &str)> = spans
        .iter()
        .filter(|s| s["label"] == "PER")
        .map(|s| (s["text"].as_str().unwrap(), s["entity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("Abu Bakr al-Baghdadi", "abu_bakr_al_baghdadi"),
            ("al-Baghdadi", "abu_bakr_al_baghdadi"),
            ("Baghdadi", "abu_bakr_al_baghdadi"),
        ]
    );
}

/// Acronyms: defined in brackets whatever follows the letters, kept with
/// their evidence as the reason, left out with none.
#[test]
fn acronyms_are_defined_or_backed_or_left_out() {
    // (text, the acronym, the expected (entity, reason) of each of its
    // spans; none where it is left out)
    type Case = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );
    let cases: &[Case] = &[
        (
            "The State Committee for National Security (SCNS; Tajik: Кумитаи давлатии) \
             spoke. The SCNS denied it.",
            "SCNS",
            &[("gknb_kyrgyzstan", "-"), ("gknb_kyrgyzstan", "-")],
        ),
        (
            "The Collective Security Treaty Organization (CSTO, also known as the \
             Tashkent Pact) met. The CSTO agreed.",
            "CSTO",
            &[
                ("csto", "other_name_in_document"),
                ("csto", "other_name_in_document"),
            ],
        ),
        ("Built with GCC 12 and the SCO Unix toolchain.", "SCO", &[]),
        (
            "Kazakhstan hosted the SCO summit.",
            "SCO",
            &[("sco", "related_entity_in_document")],
        ),
    ];
    for (text, acronym, want) in cases {
        let spans = annotate(text, &[]);
        let got: Vec<(&str, &str)> = spans
            .iter()
            .filter(|s| s["text"] == *acronym)
            .map(|s| {
                (
                    s["entity"].as_str().unwrap(),
                    s["reason"].as_str().unwrap_or("-"),
                )
            })
            .collect();
        assert_eq!(got, *want, "{text}");
    }
}

#[test]
fn places_in_a_list_of_known_places_after_a_place_noun_are_places() {
    let names = |text: &str| -> Vec<(String, String, String)> {
        annotate(text, &[])
            .iter()
            .map(|s| {
                let f = |k: &str| s[k].as_str().unwrap_or("-").to_owned();
                (f("text"), f("rule"), f("entity"))
            })
            .collect()
    };
    let rules_of = |text: &str, name: &str| -> Vec<String> {
        names(text)
            .into_iter()
            .filter(|(t, _, _)| t == name)
            .map(|(_, r, _)| r)
            .collect()
    };
    // Two known cities and a plural place noun make Vessgard a place.
    let text = "Besides the capital, the towns of Samarkand, Vessgard and Bukhara grew.";
    assert_eq!(rules_of(text, "Vessgard"), ["place.list_mate"], "{text:?}");
    // A list of districts with their centres: a district named like its
    // centre is another place with an id of its own.
    let text = "The districts, with their centres, are: Kelmor (Kelmor), Samarkand \
                (Samarkand), Orvik (Tashvik), Bukhara (Bukhara) and Pop (Pop). \
                Kelmor grew.";
    let got = names(text);
    let ids = |name: &str| -> Vec<&str> {
        got.iter()
            .filter(|(t, _, _)| t == name)
            .map(|(_, _, e)| e.as_str())
            .collect()
    };
    assert_eq!(
        ids("Kelmor"),
        ["doc:kelmor_district", "doc:kelmor", "doc:kelmor"]
    );
    assert_eq!(ids("Orvik"), ["doc:orvik"]);
    assert_eq!(ids("Tashvik"), ["doc:tashvik"]);
    // A common word is a place only in a list of pairs.
    assert_eq!(ids("Pop"), ["doc:pop_district", "doc:pop"]);
    for text in [
        // No place noun before the list.
        "Samarkand, Vessgard and Bukhara signed.",
        // One known place only.
        "the towns of Samarkand, Vessgard and Orvik grew.",
        // A body in the list: not a list of places.
        "the cities of Samarkand, Bukhara, OSCE and Vessgard met.",
        // A common word outside a list of pairs.
        "the towns of Samarkand, Bukhara and Pop grew.",
    ] {
        assert!(
            rules_of(text, "Vessgard").is_empty() && rules_of(text, "Pop").is_empty(),
            "{text:?}: {:?}",
            names(text)
        );
    }
}

#[test]
fn a_heading_in_capitals_is_named_as_written() {
    let text =
        "Quarterly note\nPRESS CENTRE OF THE NORDVIK POLAR INSTITUTE\nThe centre met in May.";
    let got: Vec<(String, String)> = annotate(text, &[])
        .iter()
        .map(|s| {
            (
                s["text"].as_str().unwrap().to_owned(),
                s["label"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(
            "PRESS CENTRE OF THE NORDVIK POLAR INSTITUTE".to_owned(),
            "ORG".to_owned()
        )]
    );
}

/// A place that owns the body after it ends the body's name before `of`:
/// `Border Troops of Uzbekistan's State Security Service` is the troops,
/// the country and the service, three names.
#[test]
fn a_place_with_a_possessive_ends_the_body_before_it() {
    let text = "Officers from the Border Troops of Uzbekistan's State Security Service arrived in Tashkent on Monday.";
    let spans = annotate(text, &[]);
    let got: Vec<&str> = spans.iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(
        got,
        [
            "Border Troops",
            "Uzbekistan",
            "State Security Service",
            "Tashkent"
        ]
    );
    // Without the possessive the body's name is whole.
    let text = "Officers from the Border Troops of Uzbekistan arrived in Tashkent on Monday.";
    let spans = annotate(text, &[]);
    let got: Vec<&str> = spans.iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(got, ["Border Troops of Uzbekistan", "Tashkent"]);
}
