//! The bare-automaton reference: the aho-corasick crate's leftmost-longest
//! scan over the aliases' bytes (ASCII case-insensitive), counting matches.
//! No normalisation, no word boundaries, no output.
//!
//! baseline --aliases FILE --files LIST [--threads N[,N...]] [--word-start]
//!
//! `--word-start` runs an anchored search at each word start instead of an
//! unanchored scan, which is closer to what a whole-word matcher needs.
//! One build serves every thread count given; each prints one JSON line
//! like the Python peers.

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Args {
    aliases: String,
    files: String,
    threads: Vec<usize>,
    word_start: bool,
}

fn args() -> Args {
    let mut a = Args {
        aliases: String::new(),
        files: String::new(),
        threads: vec![1],
        word_start: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        match k.as_str() {
            "--aliases" => a.aliases = it.next().expect("--aliases FILE"),
            "--files" => a.files = it.next().expect("--files LIST"),
            "--threads" => {
                a.threads = it
                    .next()
                    .expect("--threads N[,N...]")
                    .split(',')
                    .map(|n| n.parse().expect("--threads N[,N...]"))
                    .collect()
            }
            "--word-start" => a.word_start = true,
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

fn count(ac: &AhoCorasick, hay: &[u8], word_start: bool) -> usize {
    if !word_start {
        return ac.find_iter(hay).count();
    }
    let mut n = 0;
    let mut i = 0;
    while i < hay.len() {
        if is_word_byte(hay[i]) && (i == 0 || !is_word_byte(hay[i - 1])) {
            let input = Input::new(hay).range(i..).anchored(Anchored::Yes);
            if let Some(m) = ac.find(input) {
                n += 1;
                i = m.end();
                continue;
            }
        }
        i += 1;
    }
    n
}

fn main() {
    let a = args();
    let text = std::fs::read_to_string(&a.aliases).expect("read aliases");
    let aliases: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    let files: Vec<String> = std::fs::read_to_string(&a.files)
        .expect("read file list")
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let t0 = Instant::now();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .start_kind(if a.word_start {
            StartKind::Anchored
        } else {
            StartKind::Unanchored
        })
        .build(&aliases)
        .expect("build automaton");
    let build_s = t0.elapsed().as_secs_f64();
    for &threads in &a.threads {
        scan(&ac, &files, threads, a.word_start, build_s);
    }
}

fn scan(ac: &AhoCorasick, files: &[String], threads: usize, word_start: bool, build_s: f64) {
    let t1 = Instant::now();
    let next = AtomicUsize::new(0);
    let (bytes, matches) = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                s.spawn(|| {
                    let (mut bytes, mut matches) = (0usize, 0usize);
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        let Some(f) = files.get(k) else { break };
                        let hay = std::fs::read(f).expect("read input");
                        bytes += hay.len();
                        matches += count(ac, &hay, word_start);
                    }
                    (bytes, matches)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().expect("worker"))
            .fold((0, 0), |(b, m), (wb, wm)| (b + wb, m + wm))
    });
    let seconds = t1.elapsed().as_secs_f64();
    let name = if word_start {
        "aho-corasick-word-start"
    } else {
        "aho-corasick"
    };
    println!(
        "{{\"engine\": \"{name}\", \"threads\": {threads}, \"build_s\": {build_s:.4}, \"files\": {}, \"bytes\": {bytes}, \"seconds\": {seconds:.4}, \"matches\": {matches}}}",
        files.len()
    );
}
