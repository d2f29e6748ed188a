//! Gold readers: the input is `text NUL annotation`; both the gazet gold
//! TSV reader and the brat standoff reader must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, ann) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let (Ok(text), Ok(ann)) = (std::str::from_utf8(text), std::str::from_utf8(ann)) else {
        return;
    };
    let _ = gazet::gold::parse("g.tsv", ann, text);
    let _ = gazet::brat::read("b.ann", ann, text);
});
