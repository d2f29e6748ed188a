//! Annotation offsets. The input is `gazetteer NUL text`: the first part is
//! a small gazetteer (`id\tLOC\tcity\tNAME\tALIASES` lines; inputs that do
//! not build are skipped), the second a document. The parity of the first
//! byte turns `--overlaps` on or off. Every span must satisfy the offset
//! invariant (code points and bytes agree with `span.text`), the flat spans
//! must be sorted and disjoint, and every relation's evidence must point
//! inside the text.
//!
//! Each gazetteer line is cut to its first five fields (no facts column):
//! this target is about offsets, and a facts column reaches a known panic
//! of the gazetteer parser that the `gazetteer` target reports (see
//! fuzz/README.md).
#![no_main]

use libfuzzer_sys::fuzz_target;

fn char_range_ok(text: &str, r: &std::ops::Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

fuzz_target!(|data: &[u8]| {
    let Some(nul) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let overlaps = data.first().is_some_and(|b| b % 2 == 1);
    let (Ok(tsv), Ok(text)) = (
        std::str::from_utf8(&data[..nul]),
        std::str::from_utf8(&data[nul + 1..]),
    ) else {
        return;
    };
    let tsv: String = tsv
        .split_inclusive('\n')
        .map(|line| {
            let body = line.trim_end_matches(['\n', '\r']);
            let cut = body
                .match_indices('\t')
                .nth(4)
                .map_or(body.len(), |(i, _)| i);
            format!("{}{}", &body[..cut], &line[body.len()..])
        })
        .collect();
    let Ok(g) = gazet::Gazetteer::builder()
        .default_gazetteers(false)
        .add_source("f.tsv", tsv)
        .build()
    else {
        return;
    };
    let Ok(annotator) = gazet::Annotator::builder().overlaps(overlaps).build(g) else {
        return;
    };
    let a = annotator.annotate(&gazet::Document::new("d", text));
    let len = text.chars().count();

    for s in &a.spans {
        assert!(s.start < s.end, "empty or reversed span {s:?}");
        assert!(s.end <= len, "span past the end ({len} chars): {s:?}");
        let by_chars: String = text.chars().skip(s.start).take(s.end - s.start).collect();
        assert_eq!(
            by_chars, s.text,
            "code point offsets disagree with text: {s:?}"
        );
        assert!(char_range_ok(text, &s.bytes), "bad byte range {s:?}");
        assert_eq!(
            &text[s.bytes.clone()],
            s.text,
            "byte offsets disagree with text: {s:?}"
        );
        assert_eq!(
            text[..s.bytes.start].chars().count(),
            s.start,
            "byte and code point starts disagree: {s:?}"
        );
        assert!(overlaps || !s.nested, "nested span without overlaps: {s:?}");
    }
    let flat: Vec<&gazet::Span> = a.spans.iter().filter(|s| !s.nested).collect();
    for w in flat.windows(2) {
        assert!(
            w[0].end <= w[1].start,
            "flat spans unsorted or overlapping: {:?} then {:?}",
            w[0],
            w[1]
        );
    }

    for r in &a.relations {
        assert!(!r.evidence.is_empty(), "relation without evidence: {r:?}");
        for e in &r.evidence {
            for (what, o) in [("sentence", e.sentence), ("trigger", e.trigger)] {
                assert!(
                    o.start <= o.end && o.end <= len,
                    "{what} {o:?} outside the text ({len} chars): {r:?}"
                );
            }
            assert!(
                char_range_ok(text, &e.sentence_bytes),
                "bad sentence bytes {e:?}"
            );
            assert!(
                char_range_ok(text, &e.trigger_bytes),
                "bad trigger bytes {e:?}"
            );
            for (what, anchor) in [("head", &e.head), ("tail", &e.tail)] {
                assert!(
                    anchor.start < anchor.end && anchor.end <= len,
                    "{what} anchor outside the text: {e:?}"
                );
                assert!(
                    char_range_ok(text, &anchor.bytes),
                    "bad {what} anchor bytes {e:?}"
                );
            }
        }
    }
});
