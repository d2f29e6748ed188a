//! The shipped paper against its hand-made gold, through the real binary.

mod common;

use common::{assert_same, gazet, paper_gold, paper_text};
use std::collections::BTreeSet;

type Key = (usize, usize, String, String);

fn gold_spans() -> BTreeSet<Key> {
    paper_gold()
        .spans
        .into_iter()
        .map(|s| (s.start, s.end, s.label.to_string(), s.entity))
        .collect()
}

#[test]
fn paper_spans_equal_the_gold_exactly() {
    let run = gazet(&["annotate", "corpus/central-asia-security.txt"]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let docs = run.json_lines();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["doc"], "central-asia-security");

    let text = paper_text();
    let chars: Vec<char> = text.chars().collect();
    let mut predicted = BTreeSet::new();
    for s in docs[0]["spans"].as_array().unwrap() {
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[start..end].iter().collect();
        assert_eq!(
            slice,
            s["text"].as_str().unwrap(),
            "span text is the document slice"
        );
        predicted.insert((
            start,
            end,
            s["label"].as_str().unwrap().to_owned(),
            s["entity"].as_str().unwrap().to_owned(),
        ));
    }
    assert_same("spans", &gold_spans(), &predicted);
}

#[test]
fn paper_hard_cases_carry_their_flags_and_reasons() {
    let run = gazet(&["annotate", "corpus/central-asia-security.txt"]);
    let doc = &run.json_lines()[0];
    let spans = doc["spans"].as_array().unwrap();
    let find = |t: &str| {
        spans
            .iter()
            .find(|s| s["text"] == t)
            .unwrap_or_else(|| panic!("no span {t:?}"))
    };

    // The Cyrillic С of "Сrisis" is found and flagged.
    let crc = find("Сrisis Response Centre of the CSTO");
    assert_eq!(crc["entity"], "csto_crc");
    assert_eq!(crc["flags"], serde_json::json!(["mixed_script"]));

    // OMON names two forces; the Tajik ministry in the text decides.
    let omon = find("OMON");
    assert_eq!(omon["entity"], "tajikistan_omon");
    assert_eq!(omon["reason"], "related_entity_in_document");
    assert_eq!(
        omon["candidates"],
        serde_json::json!(["tajikistan_omon", "russia_omon"])
    );
}

#[test]
fn overlaps_mode_adds_the_nested_names() {
    let run = gazet(&["annotate", "--overlaps", "corpus/central-asia-security.txt"]);
    let doc = &run.json_lines()[0];
    let spans = doc["spans"].as_array().unwrap();
    let flat = spans.iter().filter(|s| s.get("nested").is_none()).count();
    assert_eq!(flat, gold_spans().len());
    // "CSTO" inside "Anti-Terrorist Centre of the CSTO" is reported, nested.
    let atc = spans
        .iter()
        .find(|s| s["text"] == "Anti-Terrorist Centre of the CSTO")
        .unwrap();
    let inner = spans.iter().any(|s| {
        s["nested"] == true
            && s["text"] == "CSTO"
            && s["start"].as_u64() > atc["start"].as_u64()
            && s["end"].as_u64() <= atc["end"].as_u64()
    });
    assert!(inner, "nested CSTO inside the ATC name");
}
