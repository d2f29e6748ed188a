//! The construction catalogue (`tests/catalogue/constructions.tsv`): every
//! hand-written sentence is annotated with the default gazetteers, name
//! patterns and relation rules, and its relations must equal the complete
//! set the row expects.
//!
//! Rows that gazet still gets wrong are listed, with the reason, in
//! `tests/catalogue/known-failures.tsv`. The test fails when a row outside
//! that list fails (a regression) and when a listed row passes (the list
//! must shrink with the work), so the list is always the truth. It prints
//! the pass rate per construction and variant either way.

use gazet::{Annotator, Document, Gazetteer};
use std::collections::{BTreeMap, BTreeSet};

const CATALOGUE: &str = include_str!("catalogue/constructions.tsv");
const KNOWN: &str = include_str!("catalogue/known-failures.tsv");

struct Row {
    line: usize,
    construction: String,
    relation: String,
    variant: String,
    sentence: String,
    expected: BTreeSet<String>,
}

fn rows() -> Vec<Row> {
    CATALOGUE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                f.len(),
                5,
                "constructions.tsv:{}: 5 columns expected",
                i + 1
            );
            let expected = match f[4].trim() {
                "none" => BTreeSet::new(),
                e => e.split(';').map(|r| r.trim().replace(' ', "")).collect(),
            };
            Row {
                line: i + 1,
                construction: f[0].to_owned(),
                relation: f[1].to_owned(),
                variant: f[2].to_owned(),
                sentence: f[3].to_owned(),
                expected,
            }
        })
        .collect()
}

fn known_failures() -> BTreeSet<usize> {
    KNOWN
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            l.split('\t')
                .next()
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or_else(|| panic!("known-failures.tsv: bad line {l:?}"))
        })
        .collect()
}

#[test]
fn construction_catalogue() {
    let annotator = Annotator::builder()
        .build(Gazetteer::embedded().unwrap())
        .unwrap();
    let known = known_failures();
    let mut table: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    let mut by_relation: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut regressions = Vec::new();
    let mut fixed = Vec::new();
    for row in rows() {
        let a = annotator.annotate(&Document::new("row", row.sentence.clone()));
        let got: BTreeSet<String> = a
            .relations
            .iter()
            .map(|r| format!("{}({},{})", r.relation, r.head, r.tail))
            .collect();
        let ok = got == row.expected;
        let e = table
            .entry((row.construction.clone(), row.variant.clone()))
            .or_default();
        e.0 += ok as usize;
        e.1 += 1;
        let e = by_relation.entry(row.relation.clone()).or_default();
        e.0 += ok as usize;
        e.1 += 1;
        match (ok, known.contains(&row.line)) {
            (false, false) => regressions.push(format!(
                "constructions.tsv:{} [{} {} {}] {:?}\n    expected {:?}\n    got      {:?}",
                row.line,
                row.construction,
                row.relation,
                row.variant,
                row.sentence,
                row.expected,
                got
            )),
            (true, true) => fixed.push(row.line),
            _ => {}
        }
    }
    let (mut pass, mut all) = (0, 0);
    println!("{:<20} {:<8} {:>5}", "construction", "variant", "pass");
    for ((c, v), (p, n)) in &table {
        println!("{c:<20} {v:<8} {p:>3}/{n}");
        pass += p;
        all += n;
    }
    for (r, (p, n)) in &by_relation {
        println!("{r:<20} {:<8} {p:>3}/{n}", "all");
    }
    println!("all: {pass}/{all}");
    assert!(
        regressions.is_empty(),
        "{} catalogue rows fail that known-failures.tsv does not list:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "these rows of known-failures.tsv pass now; take them off the list: {fixed:?}"
    );
}
