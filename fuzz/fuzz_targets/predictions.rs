//! Predictions read by `gazet eval`: the input is a predictions file
//! (gazet JSON Lines), scored against a fixed gold set whose text sits in
//! a `--docs` folder. Reading and scoring must never panic, whatever the
//! file holds (bad JSON, offsets out of range or inside a character,
//! `path`s that point anywhere, duplicate spans, huge numbers), and the
//! counts must add up: every gold span is paired at most once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

const TEXT: &str = "The CSTO met in Bishkek, Kyrgyzstan. Москва и Бишкек — 🙂 Osh.\n";
const GOLD: &str = "span\t4\t8\tORG\tcsto\tCSTO\n\
                    span\t16\t23\tLOC\tbishkek\tBishkek\n\
                    span\t25\t35\tLOC\tkyrgyzstan\tKyrgyzstan\n\
                    span\t37\t43\tLOC\tmoscow\tМосква\n";

/// A folder of its own with the text, the gold and room for the file.
fn folder() -> &'static (PathBuf, gazet::dataset::Dataset, gazet::Gazetteer) {
    static F: OnceLock<(PathBuf, gazet::dataset::Dataset, gazet::Gazetteer)> = OnceLock::new();
    F.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("gazet-fuzz-predictions-{}", std::process::id()));
        for sub in ["docs", "gold", "pred"] {
            std::fs::create_dir_all(dir.join(sub)).expect("fuzz folder");
        }
        std::fs::write(dir.join("docs/d.txt"), TEXT).expect("text");
        std::fs::write(dir.join("gold/d.gold.tsv"), GOLD).expect("gold");
        let g = gazet::Gazetteer::embedded().expect("embedded gazetteer");
        let texts = gazet::dataset::Texts::new(vec![dir.join("docs")]);
        let gold = gazet::dataset::read(&dir.join("gold"), &texts, &g).expect("gold reads");
        assert!(gold.problems.is_empty(), "{:?}", gold.problems);
        (dir, gold, g)
    })
}

fuzz_target!(|data: &[u8]| {
    let (dir, gold, g) = folder();
    let file = dir.join("pred/p.jsonl");
    std::fs::write(&file, data).expect("predictions written");
    let texts = gazet::dataset::Texts::new(vec![dir.join("docs")]);
    let Ok(pred) = gazet::dataset::read(&file, &texts, g) else {
        return;
    };
    let report = gazet::score::evaluate(gold, &pred);
    // The gold document is scored whole or not at all; pairing is one to one.
    for c in report.spans.values() {
        assert!(
            matches!(c.possible(), 0 | 4),
            "gold spans lost or counted twice: {c:?}"
        );
    }
    let _ = report.render(false);
    let _ = report.render_errors();
});
