//! Precision on ordinary prose: aliases that are common English words must
//! not fire on them (`gazetteers/stoplist.txt`).

use gazet::{Annotator, Document, Gazetteer};

const STOPLIST: &str = include_str!("../gazetteers/stoplist.txt");

fn words() -> Vec<&'static str> {
    STOPLIST
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[test]
fn common_english_words_in_lowercase_prose_name_nothing() {
    let annotator = Annotator::builder()
        .build(Gazetteer::embedded().unwrap())
        .unwrap();
    // The words run together as prose, so multi-word aliases made of common
    // words ("the union", "of the") get their chance too.
    let text = words().join(" ");
    let spans = annotator.annotate(&Document::new("words", text)).spans;
    let fired: Vec<(&str, &str)> = spans
        .iter()
        .map(|s| (s.text.as_str(), s.entity.as_str()))
        .collect();
    assert!(fired.is_empty(), "common words fired: {fired:?}");
}

#[test]
fn a_common_word_alias_still_names_its_entity_when_written_as_a_name() {
    let g = Gazetteer::builder()
        .default_gazetteers(false)
        .add_source(
            "t.tsv",
            "nice\tLOC\tcity\tNice\nhope\tLOC\tcity\tHope\tHope Town\n",
        )
        .build()
        .unwrap();
    assert!(
        g.entities()[0].aliases[0].case_sensitive,
        "`nice` is in the stop-list"
    );
    let a = Annotator::builder().build(g).unwrap();
    let spans = a
        .annotate(&Document::new(
            "d",
            "A nice day in Nice; hope for Hope Town.",
        ))
        .spans;
    let got: Vec<&str> = spans.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(got, ["Nice", "Hope Town"]);
}

#[test]
fn a_slash_between_names_is_no_time_zone_id_but_a_real_id_is() {
    let annotator = Annotator::builder()
        .build(Gazetteer::embedded().unwrap())
        .unwrap();
    let names = |text: &str| -> Vec<String> {
        annotator
            .annotate(&Document::new("d", text))
            .spans
            .into_iter()
            .map(|s| s.text)
            .collect()
    };
    // `Europe/Radio` has a tz area's shape but is two names joined by a slash.
    assert_eq!(
        names("Radio Free Europe/Radio Liberty quoted a guard at the post."),
        ["Radio Free Europe", "Radio Liberty"]
    );
    // Real tz ids stay zones: no place is taken from inside them.
    assert!(
        names("Set the clock to Asia/Tashkent, Europe/Moscow or America/Los_Angeles.").is_empty()
    );
}
