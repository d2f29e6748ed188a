//! Any name patterns file: parsing must never panic (errors are fine).
//! When it parses, annotating a fixed text (with gazetteer names in it, so
//! patterns meet masked mentions, some of them with multi-byte letters)
//! must not panic either, and every span must be the text's own slice.
#![no_main]

use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

use common::gazetteer;

const TEXT: &str = "Dr. Zarina Nazarova leads the Eurasian Frontiers Institute (EFI) in Bishkek, \
Kyrgyzstan. Nazarova met officials of ОДКБ and the Press Service of the CSTO.\n\
By Oskar Lindgren\nİstanbul’s Ministry of Internal Affairs and the village of Dorvik.";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(patterns) = gazet::Patterns::parse("f.rules", text) else {
        return;
    };
    let Ok(annotator) = gazet::Annotator::builder()
        .patterns(patterns)
        .build(gazetteer())
    else {
        return;
    };
    let doc = gazet::Document::new("d", TEXT);
    let chars: Vec<char> = TEXT.chars().collect();
    for s in annotator.annotate(&doc).spans {
        let slice: String = chars[s.start..s.end].iter().collect();
        assert_eq!(slice, s.text);
    }
    let _ = annotator.test_patterns();
});
