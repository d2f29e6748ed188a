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

/// The paper annotated into `dir/paper.jsonl`, and where its report goes.
fn annotate_the_paper(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let jsonl = dir.join("paper.jsonl");
    let a = gazet(&[
        "annotate",
        "corpus/central-asia-security.txt",
        "-o",
        jsonl.to_str().unwrap(),
    ]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    (jsonl, dir.join("report"))
}

#[test]
fn the_papers_report_has_every_span_and_relation_and_nothing_external() {
    let out = tempfile::tempdir().expect("temp dir");
    let (jsonl, report) = annotate_the_paper(out.path());
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

/// A report, in `out/` of the folder returned, of one line of saved
/// output about the text "CSTO met in Bishkek.".
fn render_saved_line(line: &str) -> tempfile::TempDir {
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
    dir
}

#[test]
fn values_of_a_newer_gazet_render_as_they_are() {
    let line = r#"{"doc":"d","spans":[{"start":0,"end":4,"text":"CSTO","label":"ORG","entity":"csto","name":"CSTO","kind":"alliance","source":"pattern","rule":"org.caps","alias":"CSTO","flags":["new_flag"]},{"start":12,"end":19,"text":"Bishkek","label":"GPE","entity":"bishkek","name":"Bishkek","kind":"city","source":"gazetteer","alias":"Bishkek"}],"relations":[]}"#;
    let dir = render_saved_line(line);
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

/// The values of the attribute `name` in `html`, in order.
fn attr_values<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let key = format!(" {name}=\"");
    html.split(key.as_str())
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// The text of `html` from the element with id `id` on, tags left out,
/// `len` characters of it.
fn text_from_id(html: &str, id: &str, len: usize) -> String {
    let at = html
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element {id}"));
    let rest = &html[at..];
    let rest = &rest[rest.find('>').expect("tag end") + 1..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in rest.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
        if out.chars().count() == len {
            break;
        }
    }
    out.replace("&amp;", "&")
}

fn code_points(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn arcs_join_each_evidences_mentions_and_every_link_lands() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (jsonl, report) = annotate_the_paper(dir.path());
    let r = gazet(&[
        "render",
        jsonl.to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(read(&jsonl).trim()).expect("JSON");
    let text = read(Path::new("corpus/central-asia-security.txt"));
    let page = read(&report.join("docs/central-asia-security.html"));
    let ids = attr_values(&page, "id");
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "an id is used twice");
    let mut arcs = 0;
    for (i, rel) in json["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .enumerate()
    {
        let row = page
            .split(&format!("<tr class=\"rel\" id=\"r{i}\">"))
            .nth(1)
            .and_then(|r| r.split("</tr>").next())
            .unwrap_or_else(|| panic!("no row r{i}"));
        let links = attr_values(row, "href");
        let evidence = rel["evidence"].as_array().expect("evidence");
        assert_eq!(links.len(), evidence.len(), "r{i}: one link per evidence");
        for (e, link) in evidence.iter().zip(&links) {
            let at = |k: &str, side: &str| e[side][k].as_u64().expect("offset") as usize;
            let (hs, he, ts, te) = (
                at("start", "head"),
                at("end", "head"),
                at("start", "tail"),
                at("end", "tail"),
            );
            let arc =
                format!("data-rel=\"r{i}\" data-head=\"m{hs}-{he}\" data-tail=\"m{ts}-{te}\"");
            assert!(page.contains(&arc), "no arc {arc}");
            arcs += 1;
            // The arc's ends are the mentions' own elements, holding their text.
            for (s, t) in [(hs, he), (ts, te)] {
                let want = code_points(&text, s, t);
                assert_eq!(
                    text_from_id(&page, &format!("m{s}-{t}"), want.chars().count()),
                    want
                );
            }
            // The row links to its evidence sentence in the text.
            let (ss, se) = (at("start", "sentence"), at("end", "sentence"));
            assert_eq!(*link, format!("#s-{ss}"));
            let sentence = code_points(&text, ss, se);
            assert_eq!(
                text_from_id(&page, &format!("s-{ss}"), sentence.chars().count()),
                sentence
            );
            assert!(page.contains(&format!("<span class=\"sent\" id=\"s-{ss}\">")));
        }
    }
    assert_eq!(count(&page, "arc"), arcs);
    assert!(arcs > 30);
    // Every link within the page lands on an element of it.
    for href in attr_values(&page, "href") {
        if let Some(id) = href.strip_prefix('#') {
            assert!(unique.contains(id), "#{id} leads nowhere");
        }
    }
}

#[test]
fn legend_toggles_every_label_and_source_and_each_span_says_its_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report");
    let doc = "corpus/conference-report-dushanbe.txt";
    let r = gazet(&["render", doc, "-o", report.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = &gazet(&["annotate", doc]).json_lines()[0];
    let spans = json["spans"].as_array().expect("spans");
    let page = read(&report.join("docs/conference-report-dushanbe.html"));
    for (kind, value) in [
        ("label", "LOC"),
        ("label", "ORG"),
        ("label", "PER"),
        ("source", "gazetteer"),
        ("source", "acronym"),
        ("source", "pattern"),
    ] {
        let toggle = format!(
            "<input type=\"checkbox\" class=\"toggle\" data-kind=\"{kind}\" value=\"{value}\" checked>"
        );
        assert_eq!(page.matches(&toggle).count(), 1, "{toggle}");
    }
    for source in ["gazetteer", "acronym", "pattern"] {
        let n = spans.iter().filter(|s| s["source"] == source).count();
        assert!(n > 0, "{source}");
        let marked = class_lists(&page)
            .filter(|c| c[0] == "ent" && c.contains(&format!("src-{source}").as_str()))
            .count();
        assert_eq!(marked, n, "{source}");
        assert_eq!(
            page.matches(&format!("data-source=\"{source}\"")).count(),
            n
        );
        // Styled in the legend as in the text.
        assert!(page.contains(&format!("class=\"key src-key src-{source}\"")));
    }
    for label in ["LOC", "ORG", "PER"] {
        let n = spans.iter().filter(|s| s["label"] == label).count();
        let typed = page.matches(&format!("data-type=\"{label}\"")).count();
        // Anchors of relation arguments no span covers also carry a type.
        assert!(typed >= n, "{label}: {typed} < {n}");
    }
    // Readers without JavaScript are told what they miss.
    assert!(page.contains("<noscript>"));
}

#[test]
fn entity_indexes_count_mentions_per_document_and_in_the_corpus() {
    let dir = tree(&[
        (
            "in/b.txt",
            b"Bishkek hosted the CSTO. The CSTO met again." as &[u8],
        ),
        ("in/a.txt", b"The CSTO met in Bishkek and in Bishkek again."),
    ]);
    let r = gazet_in(Some(dir.path()), &["render", "in", "-o", "out"], "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = dir.path().join("out");
    let b = read(&out.join("docs/b.html"));
    let row = b
        .split("<tr class=\"entity-row\" id=\"e-csto\"")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("a row for csto");
    assert!(row.contains("<td class=\"num\">2</td>"), "{row}");
    assert_eq!(attr_values(row, "href"), ["#m19-23", "#m29-33"]);
    for id in ["m19-23", "m29-33"] {
        assert_eq!(text_from_id(&b, id, 4), "CSTO");
    }
    let index = read(&out.join("index.html"));
    // Documents by id, whatever order they came in.
    let a_at = index.find("href=\"docs/a.html\"").expect("a");
    let b_at = index.find("href=\"docs/b.html\"").expect("b");
    assert!(a_at < b_at);
    assert!(index.contains("<table class=\"index sortable\" id=\"documents\">"));
    assert!(index.contains("<th aria-sort=\"ascending\">document</th>"));
    let corpus = index
        .split("id=\"corpus-entities\"")
        .nth(1)
        .expect("corpus index");
    assert!(
        index.contains("<input type=\"search\" class=\"filter\" data-table=\"corpus-entities\"")
    );
    let row_of = |id: &str| {
        corpus
            .split("<tr class=\"entity-row\"")
            .find(|r| r.contains(&format!("<code>{id}</code>")))
            .and_then(|r| r.split("</tr>").next())
            .unwrap_or_else(|| panic!("no row {id}"))
    };
    // CSTO: once in a, twice in b; Bishkek: twice in a, once in b.
    for (id, total) in [("csto", 3), ("bishkek", 3)] {
        let row = row_of(id);
        assert!(
            row.contains(&format!(
                "<td class=\"num\">{total}</td><td class=\"num\">2</td>"
            )),
            "{row}"
        );
        let links = attr_values(row, "href");
        assert_eq!(
            links,
            [format!("docs/a.html#e-{id}"), format!("docs/b.html#e-{id}")]
        );
        for link in links {
            let (page, anchor) = link.split_once('#').expect("fragment");
            assert!(read(&out.join(page)).contains(&format!("id=\"{anchor}\"")));
        }
    }
    assert!(row_of("csto").contains("a</a>&nbsp;<span class=\"n\">1</span>"));
    assert!(row_of("csto").contains("b</a>&nbsp;<span class=\"n\">2</span>"));
}

#[test]
fn values_in_the_new_attributes_are_escaped() {
    let evil = r#"\"><img src=x onerror=alert(1)>"#;
    let line = format!(
        r#"{{"doc":"d","spans":[{{"start":0,"end":4,"text":"CSTO","label":"<b>{evil}","entity":"{evil}","name":"{evil}","source":"{evil}"}},{{"start":12,"end":19,"text":"Bishkek","label":"LOC","entity":"bishkek","source":"gazetteer"}}],"relations":[{{"relation":"<script>x</script>{evil}","head":"{evil}","tail":"bishkek","head_name":"{evil}","evidence":[{{"sentence":{{"start":0,"end":20}},"head":{{"start":0,"end":4,"label":"{evil}"}},"tail":{{"start":9,"end":11,"label":"{evil}"}}}}]}}]}}"#
    );
    let dir = render_saved_line(&line);
    for (name, html) in pages(&dir.path().join("out")) {
        for bad in ["<img", "<b>\"", "<script>x"] {
            assert!(!html.contains(bad), "{name} has {bad}");
        }
        assert_eq!(html.matches("<script>").count(), 1, "{name}");
    }
    let page = read(&dir.path().join("out/docs/d.html"));
    let escaped = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
    for attr in ["data-source", "value", "data-entity"] {
        assert!(
            attr_values(&page, attr).iter().any(|v| v.contains(escaped)),
            "{attr}"
        );
    }
    // The arc to an argument no span covers has an anchor of its own.
    assert!(page.contains("data-head=\"m0-4\" data-tail=\"m9-11\""));
    assert!(page.contains("<span class=\"anchor\" id=\"m9-11\" data-type=\"&quot;&gt;&lt;img"));
    assert!(page.contains("&lt;script&gt;x&lt;/script&gt;&quot;&gt;&lt;img"));
}
