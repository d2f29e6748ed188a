//! `gazet render`: the HTML report, run through the real binary. The same
//! checks on the DOM a browser builds are in `tests/browser/run.sh`.

mod common;

use common::{gazet, gazet_in, tree};
use std::path::Path;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The class lists of the elements of `html`, without the later fragments
/// of a mark cut in two (class `cont`).
fn class_lists(html: &str) -> impl Iterator<Item = Vec<&str>> {
    html.split("class=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|classes| classes.split(' ').collect::<Vec<_>>())
        .filter(|c| !c.contains(&"cont"))
}

/// Elements whose first class is `first`.
fn count(html: &str, first: &str) -> usize {
    class_lists(html).filter(|c| c[0] == first).count()
}

fn classes_with(html: &str, class: &str) -> usize {
    class_lists(html).filter(|c| c.contains(&class)).count()
}

/// Every page of a report, with its name.
fn pages(dir: &Path) -> Vec<(String, String)> {
    let mut out = vec![("index.html".to_owned(), read(&dir.join("index.html")))];
    for e in std::fs::read_dir(dir.join("docs")).expect("docs folder") {
        let p = e.expect("entry").path();
        out.push((
            p.file_name().unwrap_or_default().to_string_lossy().into(),
            read(&p),
        ));
    }
    out
}

#[test]
fn the_papers_report_has_every_span_and_relation_and_nothing_external() {
    let out = tempfile::tempdir().expect("temp dir");
    let jsonl = out.path().join("paper.jsonl");
    let report = out.path().join("report");
    let a = gazet(&[
        "annotate",
        "corpus/central-asia-security.txt",
        "-o",
        jsonl.to_str().unwrap(),
    ]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    let json: serde_json::Value =
        serde_json::from_str(read(&jsonl).trim()).expect("one JSON document");
    let spans = json["spans"].as_array().map_or(0, Vec::len);
    let relations = json["relations"].as_array().map_or(0, Vec::len);
    // From saved output, and straight from the text: the same report.
    for input in [jsonl.to_str().unwrap(), "corpus/central-asia-security.txt"] {
        let r = gazet(&["render", input, "-o", report.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let page = read(&report.join("docs/central-asia-security.html"));
        assert_eq!(count(&page, "ent"), spans);
        assert_eq!(count(&page, "rel"), relations);
        assert!(spans > 100 && relations > 20);
        for (name, html) in pages(&report) {
            for outside in ["://", "src=", "@import", "url("] {
                assert!(!html.contains(outside), "{name} has {outside}");
            }
        }
        assert!(
            read(&report.join("index.html")).contains("href=\"docs/central-asia-security.html\"")
        );
    }
}

#[test]
fn nested_spans_are_nested_elements_counted_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report");
    let r = gazet(&[
        "render",
        "corpus/central-asia-security.txt",
        "--overlaps",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let a = gazet(&["annotate", "corpus/central-asia-security.txt", "--overlaps"]);
    let json = &a.json_lines()[0];
    let spans = json["spans"].as_array().map_or(0, Vec::len);
    let nested = json["spans"]
        .as_array()
        .map_or(0, |s| s.iter().filter(|s| s["nested"] == true).count());
    assert!(nested > 0);
    let page = read(&report.join("docs/central-asia-security.html"));
    assert_eq!(count(&page, "ent"), spans);
    let nested_elements = class_lists(&page)
        .filter(|c| c[0] == "ent" && c.contains(&"nested"))
        .count();
    assert_eq!(nested_elements, nested);
    // A nested name sits inside its outer name's element.
    assert!(page.contains("Anti-Terrorist Centre of the <span class=\"ent"));
}

#[test]
fn odd_documents_render_safely() {
    let dir = tree(&[
        ("in/sub/a.txt", b"CSTO met in Bishkek." as &[u8]),
        ("in/empty.txt", b""),
        ("in/nothing.txt", b"No names here at all."),
        (
            "in/evil.txt",
            b"<script>alert(1)</script> \"CSTO\" & <b>Bishkek</b>",
        ),
    ]);
    let r = gazet_in(Some(dir.path()), &["render", "in", "-o", "out"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = dir.path().join("out");
    for (page, spans) in [
        ("sub_2Fa.html", 2),
        ("empty.html", 0),
        ("nothing.html", 0),
        ("evil.html", 2),
    ] {
        let html = read(&out.join("docs").join(page));
        assert_eq!(count(&html, "ent"), spans, "{page}");
    }
    let evil = read(&out.join("docs/evil.html"));
    assert!(evil.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;"));
    assert!(evil.contains("&amp; &lt;b&gt;"));
    assert!(!evil.contains("<script>alert") && !evil.contains("<b>Bishkek"));
    let index = read(&out.join("index.html"));
    assert!(index.contains("href=\"docs/sub_2Fa.html\">sub/a</a>"));
}

#[test]
fn saved_output_finds_its_texts_or_says_where_to_look() {
    let dir = tree(&[("texts/d1.txt", b"CSTO met in Bishkek." as &[u8])]);
    let a = gazet_in(
        Some(dir.path()),
        &["annotate", "-"],
        "{\"id\":\"d1\",\"text\":\"CSTO met in Bishkek.\"}\n",
    );
    std::fs::write(dir.path().join("d1.jsonl"), &a.stdout).expect("write");
    let r = gazet_in(Some(dir.path()), &["render", "d1.jsonl", "-o", "out"], "");
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("d1: no text found"), "{}", r.stderr);
    let r = gazet_in(
        Some(dir.path()),
        &["render", "d1.jsonl", "--docs", "texts", "-o", "out"],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(count(&read(&dir.path().join("out/docs/d1.html")), "ent"), 2);
}

#[test]
fn values_of_a_newer_gazet_render_as_they_are() {
    let line = r#"{"doc":"d","spans":[{"start":0,"end":4,"text":"CSTO","label":"ORG","entity":"csto","name":"CSTO","kind":"alliance","source":"pattern","rule":"org.caps","alias":"CSTO","flags":["new_flag"]},{"start":12,"end":19,"text":"Bishkek","label":"GPE","entity":"bishkek","name":"Bishkek","kind":"city","source":"gazetteer","alias":"Bishkek"}],"relations":[]}"#;
    let dir = tree(&[
        ("d.jsonl", line.as_bytes()),
        ("texts/d.txt", b"CSTO met in Bishkek."),
    ]);
    let r = gazet_in(
        Some(dir.path()),
        &["render", "d.jsonl", "--docs", "texts", "-o", "out"],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = read(&dir.path().join("out/docs/d.html"));
    assert_eq!(count(&html, "ent"), 2);
    for want in [
        "src-pattern",
        "rule: org.caps",
        "flag-new_flag",
        "data-label=\"GPE\"",
    ] {
        assert!(html.contains(want), "{want}");
    }
}

#[test]
fn against_gold_the_differences_are_marked_in_place() {
    // Gold (brat): CSTO as LOC (a wrong label), Bishkek right, "met" an
    // ORG gazet cannot find (missed); gazet's relations are spurious.
    let text = "CSTO met in Bishkek.";
    let dir = tree(&[
        ("docs/d.txt", text.as_bytes()),
        ("gold/d.txt", text.as_bytes()),
        (
            "gold/d.ann",
            b"T1\tLOC 0 4\tCSTO\nT2\tLOC 12 19\tBishkek\nT3\tORG 5 8\tmet\n",
        ),
    ]);
    let r = gazet_in(
        Some(dir.path()),
        &["render", "docs", "--gold", "gold", "-o", "out"],
        "",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = read(&dir.path().join("out/docs/d.html"));
    // The text only, not the legend.
    let html = page
        .split("id=\"text\"")
        .nth(1)
        .and_then(|t| t.split("</section>").next())
        .expect("the text");
    for (class, n) in [
        ("e-wrong_label", 1),
        ("e-missed", 1),
        ("e-spurious", 0),
        ("err", 2),
        ("ent", 2),
    ] {
        assert_eq!(classes_with(html, class), n, "{class}");
    }
    assert!(html.contains("gold: LOC 0..4"));
    let index = read(&dir.path().join("out/index.html"));
    assert!(index.contains("<th>F1</th>"));
    // P = 1/2 (Bishkek right, CSTO wrongly labelled), R = 1/3.
    assert!(index.contains("<td>0.500</td><td>0.333</td>"), "{index}");
}

#[test]
fn gold_without_predictions_gets_a_page_of_misses_and_a_problem() {
    let dir = tree(&[
        ("docs/d.txt", b"CSTO met." as &[u8]),
        ("gold/d.txt", b"CSTO met."),
        ("gold/d.ann", b"T1\tORG 0 4\tCSTO\n"),
        ("gold/e.txt", b"Bishkek."),
        ("gold/e.ann", b"T1\tLOC 0 7\tBishkek\n"),
    ]);
    let r = gazet_in(
        Some(dir.path()),
        &["render", "docs", "--gold", "gold", "-o", "out"],
        "",
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("\"e\" has gold but no predictions"),
        "{}",
        r.stderr
    );
    let page = read(&dir.path().join("out/docs/e.html"));
    assert_eq!(classes_with(&page, "e-missed"), 2); // the mark and the legend
    assert!(page.contains("0 correct, 0 incorrect, 0 partial, 1 missed"));
}
