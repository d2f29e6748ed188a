//! gazet's span counts against nervaluate's on the committed fixtures
//! (`tests/fixtures/nervaluate`, made by `make_cases.py` with nervaluate
//! 1.2.1 on cases where its pairing does not depend on input order).

use gazet::dataset::{Dataset, EvalDoc, EvalSpan};
use gazet::score::{evaluate, Counts, Schema};
use gazet::Label;
use serde_json::Value;

fn spans(v: &Value) -> Vec<EvalSpan> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| EvalSpan {
            start: s["start"].as_u64().unwrap() as usize,
            end: s["end"].as_u64().unwrap() as usize,
            label: s["label"].as_str().unwrap().parse().unwrap(),
            entity: String::new(),
        })
        .collect()
}

fn set(spans: Vec<EvalSpan>) -> Dataset {
    let mut d = Dataset::default();
    d.docs.insert(
        "doc".into(),
        EvalDoc {
            spans: Some(spans),
            ..Default::default()
        },
    );
    d
}

fn check(case: &str, what: &str, got: Counts, want: &Value) {
    let n = |k: &str| want[k].as_u64().unwrap() as usize;
    assert_eq!(
        (
            got.correct,
            got.incorrect,
            got.partial,
            got.missed,
            got.spurious,
            got.possible(),
            got.actual()
        ),
        (
            n("correct"),
            n("incorrect"),
            n("partial"),
            n("missed"),
            n("spurious"),
            n("possible"),
            n("actual")
        ),
        "{case}: {what}"
    );
    for (k, v) in [
        ("precision", got.precision()),
        ("recall", got.recall()),
        ("f1", got.f1()),
    ] {
        assert!(
            (v - want[k].as_f64().unwrap()).abs() < 1e-9,
            "{case}: {what} {k}: {v} vs {}",
            want[k]
        );
    }
}

#[test]
fn counts_equal_nervaluate_on_order_independent_cases() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/nervaluate/cases.json"
    );
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 20);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let report = evaluate(&set(spans(&case["gold"])), &set(spans(&case["pred"])));
        for schema in Schema::ALL {
            let want = &case["expected"]["overall"][schema.as_str()];
            check(
                name,
                schema.as_str(),
                report.spans.get(&schema).copied().unwrap_or_default(),
                want,
            );
        }
        let by_label = case["expected"]["by_label"].as_object().unwrap();
        for (label, by) in by_label {
            let label: Label = label.parse().unwrap();
            for schema in Schema::ALL {
                let got = report
                    .spans_by_label
                    .get(&label)
                    .and_then(|b| b.get(&schema))
                    .copied()
                    .unwrap_or_default();
                check(
                    name,
                    &format!("{label} {}", schema.as_str()),
                    got,
                    &by[schema.as_str()],
                );
            }
        }
    }
}
