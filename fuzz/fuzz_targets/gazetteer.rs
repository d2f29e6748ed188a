//! Any gazetteer file: building must never panic (errors are fine). When it
//! builds, an annotator with no rules (`Rules::default()`) must compile it and annotate
//! a short text without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

const TEXT: &str = "Kazakhstan’s role in the CSTO. Straße → İstanbul, Сrisis Centre (CC) and CC.\n\
Anti-Ter-\nrorist Centre; Bishkek-based SCO.";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(g) = gazet::Gazetteer::builder()
        .default_gazetteers(false)
        .add_source("f.tsv", text)
        .build()
    else {
        return;
    };
    let _ = g.ambiguities();
    let Ok(annotator) = gazet::Annotator::builder()
        .rules(gazet::Rules::default())
        .build(g)
    else {
        return;
    };
    let _ = annotator.annotate(&gazet::Document::new("d", TEXT));
});
