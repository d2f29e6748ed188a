//! Any rules file: parsing must never panic (errors are fine). When it
//! parses, annotating a fixed text with those rules and the embedded
//! gazetteer must not panic either, and neither must explaining it.
#![no_main]

use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

use common::gazetteer;

const TEXT: &str = "Kazakhstan and Armenia are members of the CSTO. \
The IPT pledged allegiance to Daesh. The Anti-Terrorist Centre of the CSTO is based in Bishkek.";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rules) = gazet::Rules::parse("f.rules", text) else {
        return;
    };
    let Ok(annotator) = gazet::Annotator::builder().rules(rules).build(gazetteer()) else {
        return;
    };
    let doc = gazet::Document::new("d", TEXT);
    let _ = annotator.explain(&doc);
});
