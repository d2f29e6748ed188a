//! Relations: the paper's table against its hand-made gold, the rules' own
//! tests, the relation table and `gazet explain`, through the real binary.

mod common;

use common::{assert_same, gazet, gazet_in, paper_gold, paper_text, relations_of, tree};
use gazet::{Annotator, Document, Gazetteer};
use std::collections::BTreeSet;

type Triple = (String, String, String);

fn gold_relations() -> BTreeSet<Triple> {
    paper_gold()
        .relations
        .into_iter()
        .map(|r| {
            let (h, t) = if r.relation.is_symmetric() && r.head > r.tail {
                (r.tail, r.head)
            } else {
                (r.head, r.tail)
            };
            (h, r.relation.to_string(), t)
        })
        .collect()
}

#[test]
fn paper_relations_equal_the_gold() {
    let run = gazet(&["annotate", "corpus/central-asia-security.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = &run.json_lines()[0];
    let got: BTreeSet<Triple> = relations_of(doc).into_iter().collect();
    assert_same("relations", &gold_relations(), &got);
}

#[test]
fn relation_objects_carry_evidence_in_code_points() {
    let run = gazet(&["annotate", "corpus/central-asia-security.txt"]);
    let doc = &run.json_lines()[0];
    let text: Vec<char> = paper_text().chars().collect();
    let slice = |o: &serde_json::Value| -> String {
        text[o["start"].as_u64().unwrap() as usize..o["end"].as_u64().unwrap() as usize]
            .iter()
            .collect()
    };
    let rels = doc["relations"].as_array().unwrap();
    let atc = rels
        .iter()
        .find(|r| {
            r["head"] == "csto_atc" && r["relation"] == "located_in" && r["tail"] == "bishkek"
        })
        .expect("located_in(csto_atc, bishkek)");
    assert_eq!(atc["head_name"], "Anti-Terrorist Centre of the CSTO");
    // Stated twice in the paper: both pieces of evidence are kept.
    assert_eq!(atc["evidence"].as_array().unwrap().len(), 2);
    assert_eq!(slice(&atc["trigger"]), "in");
    assert!(slice(&atc["sentence"]).starts_with("Also was established the Anti-Terrorist Centre"));

    let members = rels
        .iter()
        .find(|r| r["head"] == "kazakhstan" && r["relation"] == "member_of" && r["tail"] == "csto")
        .unwrap();
    assert_eq!(slice(&members["trigger"]), "members");
    assert_eq!(members["rule"], "member_of.member/copula");
    // Uzbekistan left the CSTO: only former_member_of remains.
    assert!(!rels
        .iter()
        .any(|r| r["head"] == "uzbekistan" && r["relation"] == "member_of" && r["tail"] == "csto"));
    assert!(rels
        .iter()
        .any(|r| r["head"] == "uzbekistan" && r["relation"] == "former_member_of"));
}

#[test]
fn every_rule_passes_its_own_tests() {
    let annotator = embedded_annotator();
    let (count, failures) = annotator.test_rules();
    assert!(count >= 2 * annotator.rules().rules().len());
    let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn a_name_in_an_unclosed_bracket_after_a_noun_is_read_without_panic() {
    // A name in brackets after a plain noun stays in the view; a bracket
    // that the text never closes must not be taken for one.
    let annotator = embedded_annotator();
    for text in [
        "Kazakhstan joined the bloc (Collective Security Treaty Organization",
        "Kazakhstan joined the bloc (Collective Security Treaty Organization) in 1994.",
    ] {
        let a = annotator.annotate(&gazet::Document::new("t", text));
        assert!(a.spans.len() >= 2, "{text}: {:?}", a.spans);
    }
}

#[test]
fn rule_test_sentences_are_not_from_the_corpus() {
    let annotator = embedded_annotator();
    let corpus = paper_text();
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let corpus = squash(&corpus);
    for r in annotator.rules().rules() {
        for t in &r.tests {
            assert!(
                !corpus.contains(&squash(&t.sentence)),
                "rule {} tests a corpus sentence: {}",
                r.name,
                t.sentence
            );
        }
    }
}

#[test]
fn rules_check_subcommand_runs_the_tests() {
    let run = gazet(&["rules", "check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains(" 0 failed"), "{}", run.stdout);

    let dir = tree(&[(
        "my.rules",
        b"rule mine\n  relation: member_of\n  pattern: {LOC} <joined> {ORG}\n  test: Armenia joined the CSTO. => member_of(armenia, csto)\n"
            .as_slice(),
    )]);
    let mine = gazet_in(
        Some(dir.path()),
        &[
            "rules",
            "check",
            "--rules",
            "my.rules",
            "--no-default-rules",
        ],
        "",
    );
    assert_eq!(
        mine.code, 1,
        "the test fails: `the` is not in the pattern\n{}",
        mine.stdout
    );
    assert!(
        mine.stdout.contains("FAILED my.rules:4: rule `mine`"),
        "{}",
        mine.stdout
    );
}

#[test]
fn bad_rules_file_stops_with_file_and_line() {
    let dir = tree(&[
        (
            "bad.rules",
            b"rule a\n  relation: member_of\n  pattern: {LOC} of (the {ORG}\n".as_slice(),
        ),
        ("d.txt", b"x".as_slice()),
    ]);
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "d.txt", "--rules", "bad.rules"],
        "",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("bad.rules:3: rule `a`: the pattern does not compile"),
        "{}",
        run.stderr
    );
}

#[test]
fn added_rules_and_no_default_rules() {
    let dir = tree(&[
        (
            "my.rules",
            b"rule mine\n  relation: member_of\n  pattern: {LOC} <signed up for> (the )?{ORG}\n"
                .as_slice(),
        ),
        (
            "d.txt",
            "Armenia signed up for the CSTO. Georgia joined the SCO.".as_bytes(),
        ),
    ]);
    let both = gazet_in(
        Some(dir.path()),
        &["annotate", "d.txt", "--rules", "my.rules"],
        "",
    );
    let rels: Vec<String> = both.json_lines()[0]["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(rels, ["mine", "member_of.join/clause"]);
    let only = gazet_in(
        Some(dir.path()),
        &[
            "annotate",
            "d.txt",
            "--rules",
            "my.rules",
            "--no-default-rules",
        ],
        "",
    );
    assert_eq!(
        only.json_lines()[0]["relations"].as_array().unwrap().len(),
        1
    );
    let none = gazet_in(
        Some(dir.path()),
        &["annotate", "d.txt", "--no-default-rules"],
        "",
    );
    assert_eq!(none.json_lines()[0]["relations"], serde_json::json!([]));
}

#[test]
fn relation_table_as_csv_and_tsv() {
    let dir = tree(&[("in/a.txt", "Kazakhstan and Armenia are members of the CSTO.\nTalks were held in\nDushanbe, Tajikistan.".as_bytes())]);
    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "in", "--table", "rel.tsv", "-o", "out.jsonl"],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tsv = std::fs::read_to_string(dir.path().join("rel.tsv")).unwrap();
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(
        lines[0],
        "doc\thead\thead_name\trelation\ttail\ttail_name\trule\tsentence"
    );
    assert_eq!(
        lines[1],
        "a\tkazakhstan\tKazakhstan\tmember_of\tcsto\tCollective Security Treaty Organization\tmember_of.member/copula\tKazakhstan and Armenia are members of the CSTO."
    );
    assert_eq!(lines.len(), 4);
    assert!(
        lines[3].ends_with("\tTalks were held in Dushanbe, Tajikistan."),
        "{}",
        lines[3]
    );

    let run = gazet_in(
        Some(dir.path()),
        &["annotate", "in", "--table", "rel.csv", "-q"],
        "",
    );
    assert_eq!(run.code, 0);
    let csv = std::fs::read_to_string(dir.path().join("rel.csv")).unwrap();
    assert!(csv.starts_with("doc,head,head_name,relation,tail,tail_name,rule,sentence\n"));
}

#[test]
fn explain_shows_accepted_and_blocked_candidates() {
    let run = gazet(&["explain", "corpus/central-asia-security.txt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains(
            "+ member_of(kazakhstan, csto)  [member_of.member/copula] trigger \"members\""
        ),
        "{out}"
    );
    // "And I hope the IRI will become a full member of SCO in the near future."
    assert!(
        out.contains("- member_of(iran, sco)  [member_of.member/copula] blocked by `future`"),
        "{out}"
    );
    assert!(out.contains("~ member_of(uzbekistan, csto)  [member_of.member/copula] superseded: former_member_of is stated later"), "{out}");
    assert!(
        out.contains(
            "seen as: Let me remind you that [LOC:country kazakhstan], [LOC:country kyrgyzstan]"
        ),
        "{out}"
    );
}

/// A sentence that ends with a colon and a list laid out as bullet lines:
/// the items are the list the sentence's construction reads, as if written
/// `A, B and C` after the colon. Each row: the text, the relations wanted
/// (`relation(head,tail)`), which must be all the relations.
#[test]
fn a_bullet_list_after_a_colon_is_the_sentences_list() {
    let annotator = embedded_annotator();
    let rows: &[(&str, &[&str])] = &[
        (
            "Tajikistan is divided into four regions, each with its own governor:\n\n- Sughd Region\n- Khatlon Region\n- Gorno-Badakhshan\n",
            &[
                "located_in(sughd_region,tajikistan)",
                "located_in(khatlon,tajikistan)",
                "located_in(gorno_badakhshan,tajikistan)",
            ],
        ),
        (
            "The SCO's founding members were:\n• China\n• Russia\n• Kazakhstan (which hosted the first summit)\n",
            &[
                "member_of(china,sco)",
                "member_of(russia,sco)",
                "member_of(kazakhstan,sco)",
            ],
        ),
        // A list with no sentence before it that introduces it is no list.
        (
            "Tajikistan borders four states.\n\n- Afghanistan\n- China\n",
            &[],
        ),
        // Items that open with no name are no list of names.
        (
            "The council of the CSTO decided:\n- to approve the plan\n- to meet in Minsk\n- Armenia to host drills\n",
            &[],
        ),
    ];
    assert_relations(&annotator, rows);
}

/// A sentence with fewer than two names skips the pattern and trigger
/// rules, but not the rules that read a name inside a name: the one name
/// of `The SCO Secretariat met today.` still states its part. Sentences
/// with no name or one name around a pair change nothing for the pair.
#[test]
fn a_sentence_with_one_name_still_relates_the_names_inside_it() {
    let annotator = embedded_annotator();
    let rows: &[(&str, &[&str])] = &[
        (
            "The SCO Secretariat met today.",
            &["part_of(sco_secretariat,sco)"],
        ),
        ("Nothing was named here at all.", &[]),
        (
            "Nobody came. Kazakhstan is a member of the CSTO. Then it rained.",
            &["member_of(kazakhstan,csto)"],
        ),
        (
            "It was late. The SCO Secretariat met today.\n\nKazakhstan is a member of the CSTO.",
            &["part_of(sco_secretariat,sco)", "member_of(kazakhstan,csto)"],
        ),
    ];
    assert_relations(&annotator, rows);
}

/// The annotator with the embedded gazetteers and rules.
fn embedded_annotator() -> Annotator {
    Annotator::builder()
        .build(Gazetteer::embedded().unwrap())
        .unwrap()
}

/// Asserts that each text's relations, as `relation(head,tail)`, are
/// exactly the ones wanted.
fn assert_relations(annotator: &Annotator, rows: &[(&str, &[&str])]) {
    for (text, want) in rows {
        let a = annotator.annotate(&Document::new("doc", text.to_string()));
        let got: BTreeSet<String> = a
            .relations
            .iter()
            .map(|r| format!("{}({},{})", r.relation, r.head, r.tail))
            .collect();
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        assert_eq!(got, want, "{text:?}");
    }
}
