//! Standard input records (`gazet annotate -`): the input is the JSON
//! Lines stream itself; the parity of the first byte says whether ids name
//! files (as with `-o DIR/`). Reading must never panic; every record comes
//! back at most once, as a document or as an error naming its line; an
//! accepted document's output is one JSON line whose spans agree with its
//! text, and where ids name files, its id is a safe output path.
#![no_main]

mod common;

use gazet::batch::{run_records, RecordOptions};
use libfuzzer_sys::fuzz_target;
use std::ops::ControlFlow;
use std::sync::OnceLock;

fn annotator() -> &'static gazet::Annotator {
    static A: OnceLock<gazet::Annotator> = OnceLock::new();
    A.get_or_init(|| {
        gazet::Annotator::builder()
            .build(common::gazetteer())
            .expect("annotator")
    })
}

fuzz_target!(|data: &[u8]| {
    let ids_name_files = data.first().is_some_and(|b| b % 2 == 1);
    let options = RecordOptions {
        // Small, so that the line cap is reached too.
        max_line: 4096,
        ids_name_files,
    };
    let mut ids = std::collections::HashSet::new();
    run_records(annotator(), data, "<stdin>", options, |r| {
        match r {
            Ok(a) => {
                let doc = &a.annotation.doc;
                assert!(ids.insert(doc.clone()), "id {doc:?} came back twice");
                if ids_name_files {
                    gazet::document::output_path(doc, "json")
                        .unwrap_or_else(|e| panic!("unsafe id {doc:?} accepted: {e}"));
                }
                assert!(
                    a.json.starts_with("{\"doc\":") && !a.json.trim_end().contains('\n'),
                    "not one JSON line: {:?}",
                    a.json
                );
                for s in &a.annotation.spans {
                    let by_chars: String =
                        a.text.chars().skip(s.start).take(s.end - s.start).collect();
                    assert_eq!(by_chars, s.text, "offsets disagree with the text: {s:?}");
                }
            }
            Err(e) => {
                let m = e.to_string();
                assert!(m.starts_with("<stdin>:"), "error without its line: {m}");
            }
        }
        ControlFlow::Continue(())
    });
});
