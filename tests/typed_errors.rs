//! A line error of every kind of input file carries its parser's typed
//! problem: a library caller tells the causes apart by type and values,
//! not by the message, which stays the one the CLI prints.

use gazet::import::{Format, Import, ImportError};
use gazet::{
    batch, brat, conll, gold, BlockError, Error, GazetteerError, LayoutError, LineError,
    NameRuleError, Patterns, RelationRuleError, Rules, Schema, SchemaError, SchemaFileError,
};
use std::path::Path;

/// The line errors of an error that holds a list of them.
fn line_errors(e: Error) -> Vec<LineError> {
    match e {
        Error::Gazetteer(es) | Error::Schema(es) | Error::Rules(es) | Error::Patterns(es) => es.0,
        Error::Record(e) => vec![e],
        other => panic!("no line errors: {other}"),
    }
}

#[test]
fn a_gazetteer_line_carries_its_problem() {
    let text = "a\tORG\talliance\tA\na\tORG\talliance\tB\nb\tXXX\talliance\tB\n";
    let e = gazet::Gazetteer::builder()
        .default_gazetteers(false)
        .add_source("g.tsv", text)
        .build()
        .unwrap_err();
    let es = line_errors(e);
    assert_eq!(
        es[0].downcast_ref::<GazetteerError>(),
        Some(&GazetteerError::DuplicateId {
            id: "a".into(),
            file: "g.tsv".into(),
            line: 1
        })
    );
    assert_eq!(
        es[0].to_string(),
        "g.tsv:2: duplicate id `a` (first defined at g.tsv:1)"
    );
    assert!(matches!(
        es[1].downcast_ref::<GazetteerError>(),
        Some(GazetteerError::Schema(SchemaError::UnknownLabel { name, .. })) if name == "XXX"
    ));
    // The problem is also the line error's source, for error reporters.
    let source = std::error::Error::source(&es[1]).expect("a source");
    assert_eq!(source.to_string(), es[1].message);
}

#[test]
fn an_imported_line_carries_its_problem() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/patterns-bad.jsonl");
    let e = gazet::Gazetteer::builder()
        .default_gazetteers(false)
        .add_import(&path, Import::format(Format::Spacy))
        .build()
        .unwrap_err();
    let es = line_errors(e);
    let problems: Vec<_> = es
        .iter()
        .map(|e| (e.line, e.downcast_ref::<ImportError>().cloned()))
        .collect();
    assert_eq!(problems[0], (2, Some(ImportError::TokenPattern)));
    assert!(matches!(
        &problems[1],
        (3, Some(ImportError::Unmapped { label, .. })) if label == "NORP"
    ));
}

#[test]
fn a_rule_file_line_carries_its_problem() {
    let e = Rules::parse("r.rules", "  stray: x\nrule a\n  pattern: {ORG} in {LOC}\n").unwrap_err();
    let es = line_errors(e);
    assert_eq!(
        es[0].downcast_ref::<RelationRuleError>(),
        Some(&RelationRuleError::Layout(LayoutError::OutsideRule))
    );
    assert_eq!(
        es[1].downcast_ref::<RelationRuleError>(),
        Some(&RelationRuleError::NoRelation("a".into()))
    );

    let e = Patterns::parse("p.patterns", "rule two words\n").unwrap_err();
    assert_eq!(
        line_errors(e)[0].downcast_ref::<NameRuleError>(),
        Some(&NameRuleError::Layout(LayoutError::RuleName(
            "two words".into()
        )))
    );
}

#[test]
fn a_schema_line_carries_its_problem() {
    let dir = std::env::temp_dir().join(format!("gazet-typed-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.schema");
    std::fs::write(&path, "relation r\n  head: PER\n").unwrap();
    let e = Schema::from_file(&path).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    let es = line_errors(e);
    assert_eq!(
        es[0].downcast_ref::<SchemaFileError>(),
        Some(&SchemaFileError::InBlock {
            keyword: "relation".into(),
            name: "r".into(),
            problem: BlockError::NoHeadOrTail
        })
    );
    assert!(es[0]
        .to_string()
        .ends_with(":1: relation r: a new relation needs a head and a tail"));
}

#[test]
fn annotation_file_lines_carry_their_problems() {
    let es = brat::read("x.ann", "T1\tORG 0 3\tabc\nT1\tORG 0 3\tabc\n", "abc").unwrap_err();
    assert_eq!(
        es[0].downcast_ref::<brat::BratError>(),
        Some(&brat::BratError::DuplicateId {
            id: "T1".into(),
            first: 1
        })
    );

    let es = gold::parse("g.tsv", "span\tx\t3\tORG\ta\tabc\n", "abc").unwrap_err();
    assert_eq!(
        es[0].downcast_ref::<gold::GoldError>(),
        Some(&gold::GoldError::NotNumber {
            what: "start",
            value: "x".into()
        })
    );

    let es = conll::read("c.conll", "abc\tZ-ORG\n").unwrap_err();
    assert_eq!(
        es[0].downcast_ref::<conll::ConllLineError>(),
        Some(&conll::ConllLineError::NotTag("Z-ORG".into()))
    );
}

#[test]
fn a_record_line_carries_its_problem() {
    let input = "{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"a\", \"text\": \"y\"}\n";
    let mut records = batch::Records::new(input.as_bytes(), "<stdin>", Default::default());
    assert!(records.next().is_some_and(|r| r.is_ok()));
    let e = records.next().expect("a second item").unwrap_err();
    let es = line_errors(e);
    assert!(matches!(
        es[0].downcast_ref::<batch::RecordError>(),
        Some(batch::RecordError::DuplicateId { id, first: 1 }) if id == "a"
    ));
    assert_eq!(
        es[0].to_string(),
        "<stdin>:2: duplicate id \"a\" (first on line 1); the record is skipped"
    );
}
