//! Token zones where no name can start: e-mail addresses, URLs, file
//! paths, time-zone ids and code identifiers.
//!
//! Technical text is full of strings that hold a name by accident
//! (`christophe.lyon@example.org`, `America/Los_Angeles`,
//! `/usr/share/zoneinfo/Asia/Tashkent`, `get_country_name`). A span that
//! touches one of them is dropped, and no name pattern proposes inside it.
//!
//! E-mail addresses and URLs are found by the `linkify` crate, which knows
//! their syntax far better than a regex of ours would. The rest is a small
//! grammar over white-space-delimited tokens (trailing sentence
//! punctuation stripped); a token is a zone when it is:
//!
//! - a **URL without a scheme**: `www.` then a host, or an all-lower-case
//!   host with a dot and a path or a known top-level domain
//!   (`gnu.org/licenses`, `debian.org`);
//! - a **path**: it starts with `/`, `~/`, `./`, `../` or a drive (`C:\`),
//!   or it has a `/` and every part is path-like with an extension, an
//!   underscore or only lower case (`src/main.rs`, `debian/rules`); a slash
//!   between capitalised words (`SCO/CSTO`, `Kazakhstan/Kyrgyzstan`) is
//!   prose, not a path;
//! - a **time-zone id**: a Zone or Link name of the IANA tz database
//!   (`Asia/Tashkent`, `America/Argentina/Buenos_Aires`, `US/Eastern`),
//!   listed in `tz-ids.txt`; or, for ids the list lacks (old, removed or
//!   misspelt ones in a changelog: `Asia/Hanoi`, `US/Pacific-New`), an
//!   IANA area then `/` and capitalised parts, unless a capitalised word
//!   follows after a space: `Radio Free Europe/Radio Liberty` is two names
//!   joined by a slash, and its `Europe/Radio` is no time-zone id;
//! - a **code identifier**: a word with an inner `_` (`max_len`,
//!   `Los_Angeles`), `::` (`std::fs`, `Net::DNS`), `->`, a call
//!   (`getName(`), a lower-case start then an upper-case letter
//!   (`getCountry`, `iPhone`), a dotted lower-case name (`os.path.join`,
//!   `org.gnome.Shell`), or an option (`--with-russia`, `-DCHINA`).
//!
//! Camel-case words that start with a capital (`McDonald`, `MacArthur`,
//! `LaGuardia`) are names, not identifiers, and hyphenated words
//! (`al-Qaeda`, `Kassym-Jomart`) are prose.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// The IANA time-zone areas.
const TZ_AREAS: &[&str] = &[
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
    "Etc",
    "US",
    "Canada",
    "Brazil",
    "Mexico",
    "Chile",
];

/// The IANA time-zone ids that hold a slash, one a line (`#` lines are
/// comments); the file says how to regenerate it from tzdata.
const TZ_IDS: &str = include_str!("tz-ids.txt");

/// [`TZ_IDS`] as a set, built on the first token with a slash.
fn tz_ids() -> &'static HashSet<&'static str> {
    static IDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    IDS.get_or_init(|| {
        TZ_IDS
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Top-level domains that mark a bare lower-case host as one (`debian.org`).
const TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "int", "mil", "io", "info", "biz", "dev", "uk", "de", "fr",
    "ru", "kz", "uz", "kg", "tj", "tm", "cn", "jp", "eu", "us", "ca", "au", "in", "it", "nl", "se",
    "no", "fi", "pl", "cz", "ch", "at", "be", "es", "pt", "br",
];

/// The zones of `text`, as sorted byte ranges that do not overlap.
pub fn find(text: &str) -> Vec<Range<usize>> {
    let mut zones: Vec<Range<usize>> = Vec::new();
    let mut finder = linkify::LinkFinder::new();
    finder.url_must_have_scheme(true);
    zones.extend(finder.links(text).map(|l| l.start()..l.end()));
    for token in tokens(text) {
        let t = &text[token.clone()];
        if is_zone(t) || tz_shaped(t) && !name_goes_on(&text[token.end..]) {
            zones.push(token);
        }
    }
    zones.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(zones.len());
    for z in zones {
        match merged.last_mut() {
            Some(last) if z.start <= last.end => last.end = last.end.max(z.end),
            _ => merged.push(z),
        }
    }
    merged
}

/// Whether `text[r]` touches a zone without being the whole of it, as
/// [`touches`] over [`find`] would say, but from the white-space tokens
/// around `r` alone: zones never cross white space, and a document has far
/// fewer names than tokens.
pub fn around(text: &str, r: &Range<usize>) -> bool {
    let start = text[..r.start].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = text[r.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| r.end + i);
    // The word after the token too: it decides whether a tz-shaped token
    // goes on as a name (`Europe/Radio Liberty`).
    let end = match text[end..].find(|c: char| !c.is_whitespace()) {
        Some(i) => text[end + i..]
            .find(char::is_whitespace)
            .map_or(text.len(), |j| end + i + j),
        None => end,
    };
    if plain(&text[start..end]) {
        return false;
    }
    let zones: Vec<Range<usize>> = find(&text[start..end])
        .into_iter()
        .map(|z| z.start + start..z.end + start)
        .collect();
    touches(&zones, r)
}

/// Whether `text` (the tokens around a name) can hold no zone at all, by
/// its characters alone: most names stand among plain words, and this
/// spares them the link finder and the token grammar. Every zone needs one
/// of `@ : / _ . ( - >` inside a token, a lower-case letter before a
/// capital in one word (`iPhone`), or a character this does not know.
fn plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut lower_before = false;
    for (i, c) in text.char_indices() {
        let prev = i.checked_sub(1).map(|p| bytes[p]);
        match c {
            'a'..='z' => lower_before = true,
            'A'..='Z' if lower_before => return false,
            'A'..='Z' | '0'..='9' => {}
            _ => {
                lower_before = false;
                let ok = match c {
                    ' ' | '\n' | '\t' | '\r' | ')' | ',' | ';' | '!' | '?' | '"' | '\'' => true,
                    '’' | '‘' | '“' | '”' | '«' | '»' => true,
                    // An inner hyphen (`pro-Iran`), not an option (`-DCHINA`).
                    '-' => prev.is_some_and(|b| b.is_ascii_alphanumeric()),
                    // A bracket that opens a token, not a call (`getName(`).
                    '(' => prev.map_or(true, |b| b.is_ascii_whitespace() || b == b'('),
                    // A full stop that only sentence punctuation follows.
                    '.' => text[i..].bytes().all(|b| {
                        matches!(b, b'.' | b',' | b';' | b'!' | b'?' | b')' | b'"' | b'\'')
                    }),
                    _ => false,
                };
                if !ok {
                    return false;
                }
            }
        }
    }
    true
}

/// Whether `r` touches one of `zones` (sorted, as [`find`] gives them)
/// without being the whole of it: a name that is a whole token by itself
/// (`eBay` or `iPhone` in a gazetteer) is that name, not a part of code.
pub fn touches(zones: &[Range<usize>], r: &Range<usize>) -> bool {
    let i = zones.partition_point(|z| z.end <= r.start);
    zones.get(i).is_some_and(|z| z.start < r.end && z != r)
}

/// The white-space-delimited tokens of `text`, without the brackets,
/// quotes and sentence punctuation around them.
fn tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let rest = &text[at..];
        let skip = rest.len() - rest.trim_start().len();
        let start = at + skip;
        if start >= text.len() {
            return None;
        }
        let len = text[start..]
            .find(char::is_whitespace)
            .unwrap_or(text.len() - start);
        at = start + len;
        let raw = &text[start..at];
        let lead = |c: char| {
            matches!(
                c,
                '(' | '[' | '{' | '<' | '"' | '\'' | '“' | '‘' | '«' | '`'
            )
        };
        let trail = |c: char| {
            matches!(
                c,
                ')' | ']'
                    | '}'
                    | '>'
                    | '"'
                    | '\''
                    | '”'
                    | '’'
                    | '»'
                    | '`'
                    | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | '.'
            )
        };
        let t = raw.trim_start_matches(lead);
        let s = start + (raw.len() - t.len());
        let mut t = t.trim_end_matches(trail);
        // A possessive after a zone (`Asia/Baku's`) is prose again.
        for poss in ["'s", "’s"] {
            if let Some(bare) = t.strip_suffix(poss) {
                t = bare.trim_end_matches(trail);
            }
        }
        if !t.is_empty() {
            return Some(s..s + t.len());
        }
    })
}

fn is_zone(t: &str) -> bool {
    is_host(t) || is_path(t) || is_time_zone(t) || is_identifier(t)
}

fn is_host(t: &str) -> bool {
    let host = t.split('/').next().unwrap_or("");
    if let Some(rest) = host.strip_prefix("www.") {
        return rest.contains('.') || !rest.is_empty();
    }
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        && labels.last().is_some_and(|tld| TLDS.contains(tld))
}

fn is_path(t: &str) -> bool {
    if ["/", "~/", "./", "../"].iter().any(|p| t.starts_with(p)) && t.len() > 1 {
        // A lone `/` or a fraction-like `/3` is not a path.
        return t[1..].chars().any(char::is_alphabetic);
    }
    let b = t.as_bytes();
    if b.len() > 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\' {
        return true;
    }
    if !t.contains('/') || !t.chars().any(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let parts: Vec<&str> = t.split('/').collect();
    let path_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(path_char))
    {
        return false;
    }
    let has_extension = |p: &str| {
        p.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty()
                && (1..=5).contains(&ext.len())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
                && ext.chars().any(|c| c.is_ascii_lowercase())
        })
    };
    let lower = |p: &str| !p.chars().any(|c| c.is_ascii_uppercase());
    parts
        .iter()
        .all(|p| has_extension(p) || p.contains('_') || lower(p))
}

fn is_time_zone(t: &str) -> bool {
    t.contains('/') && tz_ids().contains(t)
}

/// An IANA area, `/` and capitalised parts (`Asia/Hanoi`, `Europe/Radio`):
/// a time-zone id's shape, which a list of real ids does not bound, since
/// changelogs name removed and misspelt ones.
fn tz_shaped(t: &str) -> bool {
    let mut parts = t.split('/');
    let (Some(area), Some(place)) = (parts.next(), parts.next()) else {
        return false;
    };
    TZ_AREAS.contains(&area)
        && std::iter::once(place).chain(parts).all(|p| {
            p.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && p.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
        })
}

/// Whether a capitalised word follows `rest`'s opening white space (one
/// line break at most, as inside a name): a tz-shaped token so continued
/// is inside a name (`Radio Free Europe/Radio Liberty`).
fn name_goes_on(rest: &str) -> bool {
    let after = rest.trim_start();
    let space = &rest[..rest.len() - after.len()];
    !space.is_empty()
        && space.matches('\n').count() <= 1
        && after.chars().next().is_some_and(char::is_uppercase)
}

fn is_identifier(t: &str) -> bool {
    let word = |c: char| c.is_alphanumeric();
    let chars: Vec<char> = t.chars().collect();
    // An inner `_` between word characters.
    let inner_underscore = chars
        .windows(3)
        .any(|w| word(w[0]) && w[1] == '_' && (word(w[2]) || w[2] == '_'));
    if inner_underscore || t.contains("::") || t.contains("->") {
        return true;
    }
    // An option: `--name` or `-DNAME`.
    if let Some(rest) = t.strip_prefix("--") {
        return rest.chars().next().is_some_and(char::is_alphanumeric);
    }
    if let Some(rest) = t.strip_prefix('-') {
        let mut cs = rest.chars();
        let (Some(a), Some(b)) = (cs.next(), cs.next()) else {
            return false;
        };
        return a.is_ascii_uppercase() && b.is_ascii_uppercase() && rest.len() > 2;
    }
    // A call: `name(` with no space.
    if let Some((name, _)) = t.split_once('(') {
        if !name.is_empty() && name.chars().all(|c| word(c) || c == '.' || c == '_') {
            return true;
        }
    }
    // camelCase that starts lower case.
    let letters: Vec<char> = chars
        .iter()
        .copied()
        .filter(|c| c.is_alphabetic())
        .collect();
    if chars.first().is_some_and(|c| c.is_lowercase())
        && chars.iter().all(|&c| c.is_alphanumeric())
        && letters
            .windows(2)
            .any(|w| w[0].is_lowercase() && w[1].is_uppercase())
    {
        return true;
    }
    // A dotted name: `os.path.join`, `org.gnome.Shell`.
    let parts: Vec<&str> = t.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        && parts[0]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase())
        && parts[0].len() >= 2
        && parts[1]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The zones of `text`, as strings.
    fn zones(text: &str) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn technical_strings_are_zones() {
        for (text, want) in [
            (
                "Patch by <christophe.lyon@linaro.org>.",
                vec!["christophe.lyon@linaro.org"],
            ),
            (
                "See https://example.org/Russia/report.html now.",
                vec!["https://example.org/Russia/report.html"],
            ),
            ("See www.osce.org for more.", vec!["www.osce.org"]),
            (
                "Licence text at gnu.org/licenses.",
                vec!["gnu.org/licenses"],
            ),
            ("Mirror: debian.org, updated.", vec!["debian.org"]),
            (
                "Set TZ=America/Los_Angeles first.",
                vec!["TZ=America/Los_Angeles"],
            ),
            ("(Asia/Tashkent)", vec!["Asia/Tashkent"]),
            ("Follow Asia/Baku's rules.", vec!["Asia/Baku"]),
            (
                "America/Argentina/Buenos_Aires.",
                vec!["America/Argentina/Buenos_Aires"],
            ),
            (
                "Edit /usr/share/zoneinfo/Asia/Almaty today.",
                vec!["/usr/share/zoneinfo/Asia/Almaty"],
            ),
            (
                "Run ./configure --with-china then.",
                vec!["./configure", "--with-china"],
            ),
            (
                "Fixed src/georgia.c and debian/rules.",
                vec!["src/georgia.c", "debian/rules"],
            ),
            (
                "Renamed get_country_name and Los_Angeles.",
                vec!["get_country_name", "Los_Angeles"],
            ),
            ("Call Net::DNS or std::fs.", vec!["Net::DNS", "std::fs"]),
            (
                "Uses getCountry() and iPhone.",
                vec!["getCountry(", "iPhone"],
            ),
            (
                "Import os.path and org.gnome.Shell.",
                vec!["os.path", "org.gnome.Shell"],
            ),
            (
                "Built with -DCHINA on C:\\Tools\\india.exe.",
                vec!["-DCHINA", "C:\\Tools\\india.exe"],
            ),
            ("Clocks on Europe/Moscow time.", vec!["Europe/Moscow"]),
            (
                "Old links: US/Eastern, Etc/GMT+5.",
                vec!["US/Eastern", "Etc/GMT+5"],
            ),
            (
                "Zone America/Indiana/Knox moved.",
                vec!["America/Indiana/Knox"],
            ),
            // Ids the tz database no longer has (or never had) keep the
            // shape's zone when no name goes on after them.
            (
                "This removes Asia/Hanoi again; US/Pacific-New, too.",
                vec!["Asia/Hanoi", "US/Pacific-New"],
            ),
            (
                "Remove Canada/East-Saskatchewan from it.",
                vec!["Canada/East-Saskatchewan"],
            ),
        ] {
            assert_eq!(zones(text), want, "{text:?}");
        }
    }

    #[test]
    fn prose_is_no_zone() {
        for text in [
            "The SCO/CSTO summit met in Dushanbe.",
            "Trade with Kazakhstan/Kyrgyzstan grew.",
            "Ronald McDonald and MacArthur met LaGuardia staff.",
            "Al-Qaeda and Kassym-Jomart Tokayev.",
            "The U.S. and the U.K. agreed on 3/4 of it.",
            "Prices rose 5/10 in Asia. Europe fell.",
            "He said: Russia, China, etc. agreed.",
            "An e-mail at noon; a 24/7 watch.",
            "Kazakhstan.The talks went on.",
            // An area then a capitalised word inside a name is no tz id.
            "Radio Free Europe/Radio Liberty reported it.",
            "Radio Free Europe/Radio\nLiberty reported it.",
            "Trade with US/Canada Inc. grew.",
        ] {
            assert_eq!(zones(text), Vec::<&str>::new(), "{text:?}");
        }
    }

    #[test]
    fn plain_text_holds_no_zone() {
        // Every token of the zone examples, and variants of it that only
        // plain punctuation surrounds, is refused by the shortcut.
        for zone in [
            "christophe.lyon@linaro.org",
            "https://example.org/Russia",
            "www.osce.org",
            "gnu.org/licenses",
            "debian.org",
            "TZ=America/Los_Angeles",
            "Asia/Tashkent",
            "./configure",
            "--with-china",
            "get_country_name",
            "Net::DNS",
            "getCountry(",
            "iPhone",
            "a1B",
            "os.path",
            "-DCHINA",
            "C:\\Tools\\india.exe",
            "x->y",
        ] {
            for text in [zone.to_owned(), format!("(“{zone}”),"), format!("{zone}.")] {
                assert!(!find(&text).is_empty(), "{text:?} is a zone");
                assert!(!plain(&text), "{text:?}");
            }
        }
        for text in [
            "Kazakhstan’s",
            "(CSTO),",
            "pro-Iran",
            "Tashkent.",
            "\"Central\nAsia\"",
            "l'Iran",
            "U2",
        ] {
            assert!(plain(text), "{text:?}");
            assert!(find(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn around_agrees_with_touches_over_the_whole_text() {
        let text = "Mail christophe.lyon@example.org or see America/Los_Angeles, \
                    src/georgia.c and eBay; Lyon and Georgia stay names.";
        let zones = find(text);
        for word in [
            "lyon", "Los", "georgia", "eBay", "Lyon", "Georgia", "America",
        ] {
            let mut from = 0;
            while let Some(i) = text[from..].find(word) {
                let r = from + i..from + i + word.len();
                assert_eq!(around(text, &r), touches(&zones, &r), "{word} at {r:?}");
                from = r.end;
            }
        }
    }

    #[test]
    fn touches_finds_any_overlap_but_a_whole_token() {
        let zones = vec![5..10, 20..30];
        for (r, want) in [
            (0..5, false),
            (0..6, true),
            (9..12, true),
            (10..20, false),
            (25..26, true),
            (30..40, false),
            (5..10, false),
            (4..10, true),
            (20..29, true),
        ] {
            assert_eq!(touches(&zones, &r), want, "{r:?}");
        }
    }
}
