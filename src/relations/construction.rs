//! Relations as a lexicon entry × a construction.
//!
//! A rules-file entry with `trigger:` names the words that state a relation
//! (`verb +join | +accede to`, `noun +member`, `nominal accession`), the
//! types of its two arguments, and which argument the subject or holder
//! is. The constructions below are written once for every entry: they
//! know how English attaches arguments to a verb, a role noun or a
//! nominalisation, and they step over the material that [`crate::relations::syntax`]
//! leaves out of the view (parentheticals, dates, adverbials) and over
//! asides between commas. A new trigger therefore works in every
//! construction, and a new construction for every relation.
//!
//! | construction | example (trigger in caps) |
//! |---|---|
//! | `clause` | `Pakistan, by contrast, JOINED the SCO in 2017` |
//! | `relative` | `Uzbekistan, which SUSPENDED its participation in the CSTO` |
//! | `passive` | `the SCO, FOUNDED in 2001 by China and Russia` |
//! | `fronted` | `BORN in Osh, Jumabaev studied …` |
//! | `copula` | `P has SERVED AS CHAIRMAN of X since 2010`, `A is a MEMBER of X` |
//! | `apposition` | `P, the LEADER of X,`; `the PRESIDENT of K, P,` |
//! | `title_before_name` | `Quds Force LEADER P`, `Russia's defence MINISTER P` |
//! | `inverse` | `MEMBERS of X are A and B`, `X's MEMBERS include A`, `X, whose MEMBERS are A` |
//! | `colon_list` | `Kazakhstan JOINED three blocs: X, Y and Z`; `eight republics ACCEDED TO X: A, B and C` |
//! | `pronoun` | `X is based in Y; since 2020 it has been LED by P` (`it` is the name that opens the sentence); `near Wana, its ADMINISTRATIVE CENTRE` |
//! | `with_as` | `X was founded in 2015, with P as its first GOVERNOR` |
//! | `respectively` | `A and B are BASED in C and D respectively` |
//! | `nominalisation` | `Kyrgyzstan's MEMBERSHIP of X`, `the ACCESSION of A to X` |

use crate::model::schema::{check_kind, Label};
use crate::model::span::Span;
use crate::relations::syntax::{View, AUX, BE, COPULA, DET, NEGATION, PLACE_NOUNS, PREP, RELATIVE};
use std::ops::Range;

/// Common irregular past forms: a verb before a noun is no modifier of it
/// (`has lost two members`).
const PAST_FORMS: &[&str] = &[
    "lost", "left", "gave", "took", "became", "made", "won", "had", "kept", "held", "led", "set",
    "got", "saw", "sent", "met", "found", "built", "began", "chose", "drew", "fought",
];

/// Words that may open a noun phrase before a title and change what it
/// states (`former CSTO member A`, `would-be SCO member B`).
const NP_MODIFIERS: &[&str] = &[
    "former",
    "ex",
    "once",
    "then",
    "future",
    "prospective",
    "would-be",
    "potential",
    "possible",
    "aspiring",
    "non",
    "fellow",
    "founding",
    "full",
    "new",
    "longtime",
    "long-time",
];

/// Nouns for a part of a place: `in the south of K`.
const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "centre",
    "center",
    "heart",
    "middle",
    "outskirts",
    "suburbs",
    "edge",
    "foothills",
    "vicinity",
];

/// Nouns for a site that a name can modify: `the Harbmaidon range`.
const FEATURE_NOUNS: &[&str] = &[
    "range",
    "ground",
    "grounds",
    "base",
    "camp",
    "crossing",
    "pass",
    "airport",
    "airfield",
    "checkpoint",
    "post",
    "plateau",
    "valley",
    "exclave",
    "enclave",
    "dam",
    "reservoir",
    "canal",
    "bridge",
    "mine",
    "prison",
    "port",
];

/// Words that complete a title without naming a body: `Secretary of
/// State`, `Minister of Foreign Affairs`, `Chief of General Staff`.
const TITLE_COMPLEMENTS: &[&str] = &[
    "state",
    "defence",
    "defense",
    "foreign",
    "internal",
    "affairs",
    "the",
    "interior",
    "general",
    "staff",
    "justice",
    "finance",
    "emergency",
    "situations",
    "national",
    "security",
];

/// Ranks and honorifics that stand between a title and the person who
/// holds it: `its head, Police Lieutenant General P`.
const RANKS: &[&str] = &[
    "police",
    "army",
    "air",
    "general",
    "lieutenant",
    "colonel",
    "major",
    "major-general",
    "lieutenant-general",
    "colonel-general",
    "brigadier",
    "captain",
    "commander",
    "marshal",
    "admiral",
    "sergeant",
    "of",
    "aviation",
    "justice",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sheikh",
    "mullah",
    "ambassador",
    "envoy",
];

/// Nouns for the people who act for an organisation: `its leadership
/// pledged`, `their fighters joined`.
const COLLECTIVE: &[&str] = &[
    "leadership",
    "units",
    "troops",
    "leaders",
    "leader",
    "members",
    "fighters",
    "commanders",
    "command",
    "militants",
    "government",
];

/// Nouns for a local part of an organisation that a place name can
/// precede (`the Osh office of the FTI`).
const OFFICES: &[&str] = &[
    "office",
    "offices",
    "branch",
    "branches",
    "bureau",
    "department",
    "division",
    "chapter",
    "cell",
    "section",
    "representation",
    "directorate",
];

/// Nouns that, possessed, stand for their possessor: `led India's
/// delegation`.
const STANDS_FOR_OWNER: &[&str] = &[
    "delegation",
    "delegations",
    "government",
    "team",
    // `pledged allegiance to the Taliban's leader, P`.
    "leader",
    "leadership",
    "emir",
    "amir",
    // `terminated its participation in the CIS's statutory bodies`.
    "bodies",
    "institutions",
    "structures",
];

/// Past participles without `-ed` that open an aside (`P, born in T,`).
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "born", "known", "led", "held", "sent", "made", "chosen", "brought", "taken", "given", "seen",
    "raised", "grown", "driven", "thrown", "drawn",
];

/// Words that open a clause of their own.
const SUBORDINATORS: &[&str] = &[
    "after", "before", "when", "while", "since", "because", "although", "though", "until", "unless",
];

/// Nouns for natural places a name may be described as: `Lake Karakul, a
/// high-altitude lake in Murghob`.
const WATER_AND_RELIEF: &[&str] = &[
    "lake", "river", "peak", "mountain", "glacier", "gorge", "island", "spring", "resort",
];

/// Words that take a plural role noun with `of`: `one of six members`.
const QUANTIFIERS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "some", "several", "many", "most", "each", "any",
    "none", "all", "both",
];

/// How a trigger attaches its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A verb or verb phrase: subject and object (`joined`, `withdrew
    /// from`, `is headquartered in`).
    Verb,
    /// A role or relational noun with a preposition to the tail (`member
    /// of`, `leader of`, `capital of`); its holder is the other argument.
    Noun,
    /// A nominalised verb: `A's accession to X`, `the withdrawal of A from X`.
    Nominal,
}

/// One argument type: a label and, if given, the kinds it may have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotType {
    pub label: Label,
    pub kinds: Vec<String>,
}

/// What may fill an argument: any of these types.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Slot(pub Vec<SlotType>);

impl Slot {
    /// Parses `LOC:country,territory|ORG`.
    pub(crate) fn parse(spec: &str) -> Result<Slot, crate::model::schema::SchemaError> {
        let mut alts = Vec::new();
        for alt in spec.split('|') {
            let alt = alt.trim();
            let (label, kinds) = match alt.split_once(':') {
                Some((l, k)) => (l.trim(), Some(k)),
                None => (alt, None),
            };
            let label: Label = label.parse()?;
            let kinds = match kinds {
                None => Vec::new(),
                Some(k) => k
                    .split(',')
                    .map(|k| check_kind(k.trim(), label).map(str::to_owned))
                    .collect::<Result<_, _>>()?,
            };
            alts.push(SlotType { label, kinds });
        }
        Ok(Slot(alts))
    }

    pub fn accepts(&self, s: &Span) -> bool {
        self.0
            .iter()
            .any(|t| t.label == s.label && (t.kinds.is_empty() || t.kinds.contains(&s.kind)))
    }
}

/// A `trigger:` value that is no trigger.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TriggerError {
    /// No class and phrase.
    #[error("a trigger is `verb|noun|nominal PHRASE | PHRASE ...`")]
    Form,
    /// A class other than verb, noun or nominal.
    #[error("unknown trigger class `{0}` (expected verb, noun or nominal)")]
    UnknownClass(String),
    /// A word with no form (`()`, `+`).
    #[error("empty word in trigger phrase `{0}`")]
    EmptyWord(String),
    /// A group with a space inside: `(a|b c)` would read as two words.
    #[error("a group in trigger phrase `{0}` holds more than one word; a group's alternatives are single words (write the longer one as a phrase of its own)")]
    SpaceInGroup(String),
    /// A phrase whose every word is optional.
    #[error("trigger phrase `{0}` has no required word")]
    NoRequiredWord(String),
}

/// One word of a trigger phrase with its inflected forms.
#[derive(Clone, Debug)]
struct Element {
    /// Every form this element matches, with whether it can be a past
    /// participle (for the passive and fronted participles).
    forms: Vec<(String, bool)>,
    optional: bool,
    /// Whether this element is the inflected head of the phrase.
    inflected: bool,
}

/// A trigger: the words and how they take their arguments.
#[derive(Clone, Debug)]
pub struct Lexeme {
    pub class: Class,
    phrases: Vec<Vec<Element>>,
    /// Every word a phrase can start with: most tokens are none of them.
    starts: std::collections::HashSet<String>,
    /// Prepositions that link a noun or nominal to its tail.
    pub preps: Vec<String>,
    pub head: Slot,
    pub tail: Slot,
    /// The subject (verb) or holder (noun, nominal) is the tail.
    pub inverse: bool,
    /// A noun may take its tail from a possessor or a name before it
    /// (`Russia's defence minister`, `CSTO member Armenia`).
    pub possessor: bool,
}

impl Lexeme {
    /// Parses `CLASS PHRASE | PHRASE ...`. In a phrase, `+word` is
    /// inflected (a verb's five forms, a noun's plural), `(a|b)` is an
    /// alternative and a trailing `?` makes a word optional.
    pub(crate) fn parse(value: &str) -> Result<Lexeme, TriggerError> {
        let (class, rest) = value
            .trim()
            .split_once(char::is_whitespace)
            .ok_or(TriggerError::Form)?;
        let class = match class {
            "verb" => Class::Verb,
            "noun" => Class::Noun,
            "nominal" => Class::Nominal,
            other => return Err(TriggerError::UnknownClass(other.to_owned())),
        };
        let mut phrases = Vec::new();
        for phrase in rest.split('|').map(str::trim) {
            // `(a|b)` groups hold `|` too: rejoin what the split cut.
            phrases.push(phrase.to_owned());
        }
        let mut joined: Vec<String> = Vec::new();
        for p in phrases {
            match joined.last_mut() {
                Some(last) if last.matches('(').count() > last.matches(')').count() => {
                    last.push('|');
                    last.push_str(&p);
                }
                _ => joined.push(p),
            }
        }
        let mut out = Vec::new();
        for phrase in joined {
            let mut elements = Vec::new();
            for word in phrase.split_whitespace() {
                let (word, optional) = match word.strip_suffix('?') {
                    Some(w) => (w, true),
                    None => (word, false),
                };
                if word.starts_with('(') != word.ends_with(')') {
                    return Err(TriggerError::SpaceInGroup(phrase.clone()));
                }
                let word = word.trim_start_matches('(').trim_end_matches(')');
                let mut forms = Vec::new();
                let mut inflected = false;
                for alt in word.split('|') {
                    let alt = alt.to_lowercase();
                    if let Some(lemma) = alt.strip_prefix('+') {
                        inflected = true;
                        match class {
                            Class::Verb => forms.extend(verb_forms(lemma)),
                            _ => forms.extend(noun_forms(lemma).into_iter().map(|f| (f, false))),
                        }
                    } else if !alt.is_empty() {
                        let participle = alt.ends_with("ed") || alt.ends_with("en");
                        forms.push((alt, participle));
                    }
                }
                if forms.is_empty() {
                    return Err(TriggerError::EmptyWord(phrase.clone()));
                }
                elements.push(Element {
                    forms,
                    optional,
                    inflected,
                });
            }
            if elements.iter().all(|e| e.optional) {
                return Err(TriggerError::NoRequiredWord(phrase));
            }
            out.push(elements);
        }
        // The words a phrase can start with: its first element's forms, and
        // the next one's while the elements before are optional.
        let mut starts = std::collections::HashSet::new();
        for phrase in &out {
            for e in phrase {
                starts.extend(e.forms.iter().map(|f| f.0.clone()));
                if !e.optional {
                    break;
                }
            }
        }
        Ok(Lexeme {
            class,
            phrases: out,
            starts,
            preps: vec!["of".to_owned()],
            head: Slot::default(),
            tail: Slot::default(),
            inverse: false,
            possessor: true,
        })
    }

    /// Whether a phrase of this lexeme starts with the (lower-case) word.
    pub fn has_word(&self, word: &str) -> bool {
        self.starts.contains(word)
    }

    /// The words a phrase of this lexeme can start with.
    pub fn start_words(&self) -> impl Iterator<Item = &str> {
        self.starts.iter().map(String::as_str)
    }

    /// Every occurrence of a phrase in the view that begins at one of
    /// `starts` (rising): (first, end, whether the inflected word is a
    /// participle, whether the phrase ends on its verb). `starts` are the
    /// positions whose word opens a phrase of the lexeme, which
    /// `Rules::triggered` found for every rule in one pass over the view.
    fn occurrences(&self, v: &View, starts: &[usize]) -> Vec<Occurrence> {
        let mut out = Vec::new();
        for &start in starts {
            for phrase in &self.phrases {
                if let Some(o) = match_phrase(phrase, v, start) {
                    if !out
                        .iter()
                        .any(|p: &Occurrence| p.start == o.start && p.end >= o.end)
                    {
                        out.retain(|p: &Occurrence| !(p.start == o.start && p.end < o.end));
                        out.push(o);
                    }
                }
            }
        }
        out
    }
}

#[derive(Clone, Copy, Debug)]
struct Occurrence {
    start: usize,
    end: usize,
    participle: bool,
    /// The phrase ends on the inflected verb (`joined`, not `withdrew from`),
    /// so it can be passive.
    transitive: bool,
}

fn match_phrase(phrase: &[Element], v: &View, start: usize) -> Option<Occurrence> {
    let mut at = start;
    let mut participle = false;
    let mut last_inflected = false;
    for e in phrase {
        let w = v.word(at);
        match e.forms.iter().find(|f| !w.is_empty() && f.0 == w) {
            Some(f) => {
                if e.inflected || phrase.iter().all(|e| !e.inflected) {
                    participle = f.1;
                }
                last_inflected = e.inflected;
                at += 1;
            }
            None if e.optional => {}
            None => return None,
        }
    }
    (at > start).then_some(Occurrence {
        start,
        end: at,
        participle,
        transitive: last_inflected,
    })
}

/// Verbs whose forms English does not make by the rules: base, third
/// person, past, past participle, present participle. A hand-written list,
/// of the verbs that state this project's relations and their copulas.
const IRREGULAR: &[[&str; 5]] = &[
    ["leave", "leaves", "left", "left", "leaving"],
    [
        "withdraw",
        "withdraws",
        "withdrew",
        "withdrawn",
        "withdrawing",
    ],
    ["freeze", "freezes", "froze", "frozen", "freezing"],
    ["lead", "leads", "led", "led", "leading"],
    ["hold", "holds", "held", "held", "holding"],
    ["become", "becomes", "became", "become", "becoming"],
    ["bear", "bears", "bore", "born", "bearing"],
    ["quit", "quits", "quit", "quit", "quitting"],
    ["set", "sets", "set", "set", "setting"],
    ["come", "comes", "came", "come", "coming"],
    ["keep", "keeps", "kept", "kept", "keeping"],
    ["sit", "sits", "sat", "sat", "sitting"],
    ["run", "runs", "ran", "run", "running"],
    ["swear", "swears", "swore", "sworn", "swearing"],
    ["make", "makes", "made", "made", "making"],
    ["take", "takes", "took", "taken", "taking"],
    ["give", "gives", "gave", "given", "giving"],
    ["stand", "stands", "stood", "stood", "standing"],
    ["split", "splits", "split", "split", "splitting"],
    ["admit", "admits", "admitted", "admitted", "admitting"],
    ["expel", "expels", "expelled", "expelled", "expelling"],
    ["commit", "commits", "committed", "committed", "committing"],
    ["ally", "allies", "allied", "allied", "allying"],
    ["be", "is", "was", "been", "being"],
    ["have", "has", "had", "had", "having"],
    ["go", "goes", "went", "gone", "going"],
    ["begin", "begins", "began", "begun", "beginning"],
    ["win", "wins", "won", "won", "winning"],
    ["meet", "meets", "met", "met", "meeting"],
    ["lie", "lies", "lay", "lain", "lying"],
    ["fight", "fights", "fought", "fought", "fighting"],
    ["bring", "brings", "brought", "brought", "bringing"],
    ["seek", "seeks", "sought", "sought", "seeking"],
    ["build", "builds", "built", "built", "building"],
    ["choose", "chooses", "chose", "chosen", "choosing"],
    ["draw", "draws", "drew", "drawn", "drawing"],
    ["drive", "drives", "drove", "driven", "driving"],
    ["fall", "falls", "fell", "fallen", "falling"],
    ["grow", "grows", "grew", "grown", "growing"],
    ["know", "knows", "knew", "known", "knowing"],
    ["lose", "loses", "lost", "lost", "losing"],
    ["pay", "pays", "paid", "paid", "paying"],
    ["put", "puts", "put", "put", "putting"],
    ["rise", "rises", "rose", "risen", "rising"],
    ["say", "says", "said", "said", "saying"],
    ["send", "sends", "sent", "sent", "sending"],
    ["spend", "spends", "spent", "spent", "spending"],
    ["teach", "teaches", "taught", "taught", "teaching"],
    ["tell", "tells", "told", "told", "telling"],
    ["think", "thinks", "thought", "thought", "thinking"],
    ["write", "writes", "wrote", "written", "writing"],
    ["speak", "speaks", "spoke", "spoken", "speaking"],
    ["break", "breaks", "broke", "broken", "breaking"],
    ["oversee", "oversees", "oversaw", "overseen", "overseeing"],
    [
        "undertake",
        "undertakes",
        "undertook",
        "undertaken",
        "undertaking",
    ],
    ["uphold", "upholds", "upheld", "upheld", "upholding"],
    [
        "withhold",
        "withholds",
        "withheld",
        "withheld",
        "withholding",
    ],
    [
        "overthrow",
        "overthrows",
        "overthrew",
        "overthrown",
        "overthrowing",
    ],
    ["strike", "strikes", "struck", "struck", "striking"],
    ["shoot", "shoots", "shot", "shot", "shooting"],
    ["hang", "hangs", "hung", "hung", "hanging"],
    ["flee", "flees", "fled", "fled", "fleeing"],
    ["feed", "feeds", "fed", "fed", "feeding"],
    ["deal", "deals", "dealt", "dealt", "dealing"],
    ["mean", "means", "meant", "meant", "meaning"],
    ["forbid", "forbids", "forbade", "forbidden", "forbidding"],
    ["swing", "swings", "swung", "swung", "swinging"],
    ["stick", "sticks", "stuck", "stuck", "sticking"],
    ["lend", "lends", "lent", "lent", "lending"],
    ["hide", "hides", "hid", "hidden", "hiding"],
    ["submit", "submits", "submitted", "submitted", "submitting"],
    [
        "transfer",
        "transfers",
        "transferred",
        "transferred",
        "transferring",
    ],
];

/// A verb's forms, each with whether it can be a past participle.
pub fn verb_forms(lemma: &str) -> Vec<(String, bool)> {
    if let Some(f) = IRREGULAR.iter().find(|f| f[0] == lemma) {
        let mut out = vec![
            (f[0].to_owned(), false),
            (f[1].to_owned(), false),
            (f[2].to_owned(), f[2] == f[3]),
            (f[3].to_owned(), true),
            (f[4].to_owned(), false),
        ];
        out.dedup();
        return out;
    }
    let vowel = |c: char| "aeiou".contains(c);
    let last = lemma.chars().last().unwrap_or(' ');
    let before = lemma.chars().rev().nth(1).unwrap_or(' ');
    let third = if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
        || (last == 'o' && !vowel(before))
    {
        format!("{lemma}es")
    } else if last == 'y' && !vowel(before) {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    };
    // One syllable ending consonant-vowel-consonant doubles: step, stepped.
    let vowels = lemma.chars().filter(|&c| vowel(c)).count();
    let third_last = lemma.chars().rev().nth(2).unwrap_or(' ');
    let stem = if vowels == 1
        && lemma.len() <= 4
        && !vowel(last)
        && !"wxy".contains(last)
        && vowel(before)
        && !vowel(third_last)
    {
        format!("{lemma}{last}")
    } else {
        lemma.to_owned()
    };
    let past = if last == 'e' {
        format!("{lemma}d")
    } else if last == 'y' && !vowel(before) {
        format!("{}ied", &lemma[..lemma.len() - 1])
    } else {
        format!("{stem}ed")
    };
    let ing = if last == 'e' && before != 'e' {
        format!("{}ing", &lemma[..lemma.len() - 1])
    } else {
        format!("{stem}ing")
    };
    vec![
        (lemma.to_owned(), false),
        (third, false),
        (past, true),
        (ing, false),
    ]
}

/// A noun's singular and plural (`member`, `members`; `body`, `bodies`;
/// `secretary-general`, `secretaries-general` is written out by hand).
pub fn noun_forms(lemma: &str) -> Vec<String> {
    let vowel = |c: char| "aeiou".contains(c);
    let last = lemma.chars().last().unwrap_or(' ');
    let before = lemma.chars().rev().nth(1).unwrap_or(' ');
    let plural = if let Some(stem) = lemma.strip_suffix("man") {
        format!("{stem}men")
    } else if lemma.ends_with('s')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
        || lemma.ends_with('x')
    {
        format!("{lemma}es")
    } else if last == 'y' && !vowel(before) {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    };
    vec![lemma.to_owned(), plural]
}

/// A relation candidate found by a construction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Mention indices (lists distribute).
    pub heads: Vec<usize>,
    pub tails: Vec<usize>,
    /// Pair heads and tails one to one (`respectively`) instead of every
    /// head with every tail.
    pub pairwise: bool,
    /// The trigger's byte range in the document.
    pub trigger: Range<usize>,
    /// The clause the blockers look at: words of the view, mentions as `X`.
    pub scope: String,
    pub construction: &'static str,
}

/// A list of mentions found in the view: mention indices and the view
/// range it covers.
#[derive(Clone, Debug)]
struct Arg {
    items: Vec<usize>,
    start: usize,
    end: usize,
}

/// What the constructions know of one sentence.
pub struct Sentence<'a> {
    pub view: &'a View,
    pub mentions: &'a [&'a Span],
}

impl Sentence<'_> {
    fn mention(&self, i: usize) -> Option<usize> {
        self.view.mention(i)
    }

    /// Whether two mentions are of one sort: one label, and for places one
    /// kind.
    fn alike(&self, a: usize, b: usize) -> bool {
        match (self.mentions.get(a), self.mentions.get(b)) {
            (Some(a), Some(b)) => {
                a.label == b.label
                    && (a.label != crate::model::schema::Label::LOC || a.kind == b.kind)
            }
            _ => false,
        }
    }

    /// A coordinated list of mentions ending at `end`, read leftwards:
    /// `A and B`, `A, B and C`; commas alone join only with a conjunction
    /// closer to `end`.
    fn list_left(&self, end: usize) -> Option<Arg> {
        let v = self.view;
        let mut items = vec![self.mention(end)?];
        let mut start = end;
        let mut conj = false;
        while let Some(mut j) = start.checked_sub(1) {
            if v.is(j, &["the"]) {
                let Some(k) = j.checked_sub(1) else { break };
                j = k;
            }
            let mut comma_conj = false;
            if v.is(j, &["and", "or", "&"]) {
                if j > 0 && v.punct(j - 1) == "," {
                    j -= 1;
                    comma_conj = true;
                }
                conj = true;
            } else if v.punct(j) == "," {
            } else {
                break;
            }
            let Some(k) = j.checked_sub(1) else { break };
            match self.mention(k) {
                // Commas alone join names of one sort (`Kazakhstan, Kyrgyzstan,
                // Tajikistan are`), not `In Bishkek, Kazakhstan joined`.
                Some(m) if !conj && v.punct(j) == "," && !self.alike(m, items[0]) => break,
                // `Its Secretariat is in Beijing, and the RATS is based`:
                // `, and` before a name of another sort joins two clauses.
                Some(m) if comma_conj && !self.alike(m, items[0]) => break,
                // `Within the CIS, Belarus, Kazakhstan and Russia
                // established …`: a comma joins names of one label only.
                Some(m)
                    if v.punct(j) == ","
                        && self.mentions.get(m).map(|s| s.label)
                            != self.mentions.get(items[0]).map(|s| s.label) =>
                {
                    break
                }
                Some(m) => {
                    items.push(m);
                    start = k;
                }
                None => break,
            }
        }
        items.reverse();
        Some(Arg { items, start, end })
    }

    /// A coordinated list starting at `start`, read rightwards.
    fn list_right(&self, start: usize) -> Option<Arg> {
        let v = self.view;
        let mut items = vec![(self.mention(start)?, start)];
        // The preposition that governs the list, if any: `a member of the
        // OSCE and of the UN` repeats it.
        let lead = {
            // `to the Russian-led CSTO and to the EAEU`: a hyphenated
            // modifier stands between the preposition and the name.
            let mut b = start;
            while b > 0 && (v.is(b - 1, DET) || v.word(b - 1).contains('-')) {
                b -= 1;
            }
            b.checked_sub(1)
                .filter(|&p| v.is(p, PREP))
                .map(|p| v.word(p))
        };
        let mut at = start;
        let mut last_conj: Option<usize> = None;
        loop {
            let mut j = at + 1;
            let mut conj = false;
            let comma = v.punct(j) == ",";
            if comma {
                j += 1;
            }
            if v.is(j, &["and", "or", "&"]) {
                j += 1;
                conj = true;
                if lead.is_some_and(|p| v.word(j) == p) {
                    // Only names of one kind: `the RATS of the SCO and of
                    // the CSTO Secretariat` is two phrases; `to the CSTO and
                    // to the EAEU` is one list.
                    let k = self.past_det(j + 1);
                    let kind = |i: usize| {
                        self.mentions.get(i).map(|m| {
                            let kind = if m.kind == "alliance" {
                                "organization"
                            } else {
                                &m.kind
                            };
                            (m.label, kind.to_owned())
                        })
                    };
                    match self.mention(k) {
                        Some(n) if kind(n) == kind(items[0].0) => j += 1,
                        _ => break,
                    }
                }
            } else if j == at + 1 {
                break;
            }
            if v.is(j, &["the"]) {
                j += 1;
            }
            // `based in Moscow, and Kazakhstan and Kyrgyzstan are …`: after
            // `, and` a name of another sort starts a new clause.
            if conj && comma && self.mention(j).is_some_and(|m| !self.alike(m, items[0].0)) {
                break;
            }
            match self.mention(j) {
                Some(m) => {
                    items.push((m, j));
                    if conj {
                        last_conj = Some(items.len());
                    }
                    at = j;
                }
                None => break,
            }
        }
        // Commas without a conjunction join only names of one sort: `X, Y`
        // is more often two phrases than two conjuncts.
        let alike = items
            .iter()
            .take_while(|i| self.alike(i.0, items[0].0))
            .count();
        // Even with one, a list holds names of one label: in `joined the
        // SCO, Iran and Belarus` (dates left out) the states are not
        // conjuncts of the organisation.
        let label = |k: usize| self.mentions.get(k).map(|m| m.label);
        let same_label = items
            .iter()
            .take_while(|i| label(i.0) == label(items[0].0))
            .count();
        let keep = last_conj.unwrap_or(alike).min(same_label);
        items.truncate(keep);
        let end = items.last().map_or(start, |i| i.1);
        Some(Arg {
            items: items.into_iter().map(|i| i.0).collect(),
            start,
            end,
        })
    }

    /// The subject of a verb or copula that starts at `t`: the list of
    /// names before it, across auxiliaries, negation, a relative pronoun or
    /// an aside between commas. A name that is the object of a preposition
    /// is no subject. Returns the argument, the construction, and the view
    /// range of an aside that was stepped over.
    fn subject(&self, t: usize) -> Option<(Arg, &'static str, Option<Range<usize>>)> {
        let v = self.view;
        let mut i = t.checked_sub(1)?;
        let mut construction = "clause";
        let mut aside = None;
        // `which` may reach a name after a preposition; `who` there is
        // about the people of a description (`commanders of the TTP who`).
        let mut reaches_object = false;
        loop {
            // `P had before his appointment headed X`, `has since 2019
            // chaired`: a short adverbial between the auxiliary and the verb.
            if let Some(aux) = self.adverbial_after_aux(i) {
                i = aux;
            }
            let skipped = v.is(i, AUX)
                || v.is(i, NEGATION)
                || v.is(
                    i,
                    &[
                        "both",
                        "all",
                        "each",
                        "jointly",
                        "together",
                        "itself",
                        "themselves",
                        "himself",
                        "herself",
                        // `P had previously been hokim of X`.
                        "previously",
                        "formerly",
                        "later",
                        "subsequently",
                        "briefly",
                        "twice",
                        "already",
                        "also",
                    ],
                );
            if !skipped {
                break;
            }
            i = i.checked_sub(1)?;
        }
        // `Iran hopes to join`, `Armenia is expected to leave`: the verb that
        // controls the infinitive is for the blockers to judge.
        if v.is(i, &["to"]) && i >= 1 && self.mention(i - 1).is_none() && !v.word(i - 1).is_empty()
        {
            i -= 1;
            let mut k = 0;
            while k < 3
                && i >= 1
                && self.mention(i - 1).is_none()
                && !v.word(i - 1).is_empty()
                && !v.is(i - 1, PREP)
            {
                i -= 1;
                k += 1;
            }
            i = i.checked_sub(1)?;
        }
        // `The IMU split after its leadership pledged allegiance to ISIS`:
        // an organisation's leaders or fighters act for it.
        // `the alliance whose political leadership was headed by P`.
        let owner = (i.saturating_sub(2)..i)
            .find(|&p| v.is(p, &["its", "their", "whose"]) && (p + 1..i).all(|k| self.plain(k)));
        if let Some(p) = owner.filter(|_| v.is(i, COLLECTIVE)) {
            return self
                .pronoun_antecedent(p + 1, i)
                .filter(|a| {
                    a.items
                        .iter()
                        .all(|&k| self.mentions.get(k).is_some_and(|m| m.label == Label::ORG))
                })
                .map(|a| (a, "pronoun", None));
        }
        // `The Assembly is headquartered in X; for many years it was chaired
        // by P`: `it` stands for the name that opens the sentence.
        if v.is(i, &["it"]) {
            let first = self.past_det(0);
            let opener = self
                .mention(first)
                .and_then(|k| self.mentions.get(k))
                .is_some_and(|m| m.label != Label::PER);
            return opener
                .then(|| self.one(first))
                .flatten()
                .map(|a| (a, "pronoun", None));
        }
        // `P ran the region until 2013, when he became Prime Minister of
        // K`: `he` or `she` after a clause boundary stands for the one
        // person the sentence has named before it.
        if v.is(i, &["he", "she"])
            && i >= 1
            && (matches!(v.punct(i - 1), "," | ";")
                || v.is(
                    i - 1,
                    &[
                        "and", "but", "where", "when", "after", "before", "until", "while",
                    ],
                ))
        {
            // `P made him a deputy minister, and he was appointed …`: a
            // person named by `him` is the one `he` continues.
            if (0..i).any(|j| v.is(j, &["him"])) {
                return None;
            }
            let people: Vec<usize> = (0..i).filter(|&j| self.is_person(j)).collect();
            let first = *people.first()?;
            let entity = |j: usize| {
                self.mention(j)
                    .and_then(|k| self.mentions.get(k))
                    .map(|m| m.entity.as_str())
            };
            // The blockers read the pronoun's clause, not the clause of
            // the name it stands for (`P moved to Syria, where he joined X`).
            if people.iter().all(|&j| entity(j) == entity(first)) {
                return self.one(first).map(|a| (a, "pronoun", Some(first + 1..i)));
            }
            return None;
        }
        if v.is(i, RELATIVE) {
            let pronoun = i;
            reaches_object = v.is(i, &["which", "that"]);
            i = i.checked_sub(1)?;
            if v.punct(i) == "," {
                i = i.checked_sub(1)?;
            }
            construction = "relative";
            // `P, the former commander of X, who was named …`: `who` after
            // an apposition is about the person it describes.
            if v.is(pronoun, &["who"]) && !self.is_person(i) {
                if let Some(j) = (i.saturating_sub(16)..i).rev().find(|&j| {
                    j >= 1
                        && v.punct(j) == ","
                        && self.is_person(j - 1)
                        && v.is(j + 1, &["the", "a", "an"])
                }) {
                    i = j - 1;
                }
            }
            if self.mention(i).is_none() {
                // `P, a Chinese diplomat who has headed X`.
                let a = self.reduced_antecedent(pronoun)?;
                return Some((a, construction, None));
            }
            // `the Regional Anti-Terrorist Structure of the SCO, which is
            // headquartered in Tashkent`: the clause is about the head.
            let mut b = i;
            while b > 0 && v.is(b - 1, DET) {
                b -= 1;
            }
            if b >= 2 && v.is(b - 1, &["of"]) && self.mention(b - 2).is_some() {
                i = b - 2;
            }
        } else if v.punct(i) == "," {
            if let Some(open) = self.aside_before(i) {
                // `the IMU, under its leader Usman Ghazi, pledged`: the name
                // at the end of an aside is not the subject.
                aside = Some(open..i + 1);
                i = open - 1;
            } else if self.mention(i - 1.min(i)).is_some() && i >= 1 {
                i -= 1;
            } else if let Some(open) = (i.saturating_sub(16)..i)
                .rev()
                .find(|&j| j >= 1 && v.punct(j) == "," && self.mention(j - 1).is_some())
            {
                aside = Some(open..i + 1);
                i = open - 1;
            } else if i + 1 == t {
                return self.complement_subject(i).map(|a| (a, construction, None));
            } else {
                return None;
            }
        }
        // `The OTS secretariat is based in Istanbul`: an organisation's
        // seat stands for the organisation.
        if i >= 1
            && v.is(i, &["secretariat", "headquarters", "seat"])
            && self
                .mention(i - 1)
                .and_then(|k| self.mentions.get(k))
                .is_some_and(|m| m.label == Label::ORG)
        {
            i -= 1;
        }
        let arg = self.list_left(i)?;
        let mut b = arg.start;
        while b > 0 && v.is(b - 1, DET) {
            b -= 1;
        }
        // A relative clause is about its antecedent wherever that stands
        // (`members of the CSTO, which is headquartered in Moscow`); a
        // name that a possessor precedes is a subject (`the SCO's RATS is
        // based in Tashkent`).
        if let Some(b) = b.checked_sub(1) {
            // `The exclaves of Sokh and Shakhimardan lie inside …`: the
            // places a place noun introduces are the subject.
            let place_of = v.is(b, &["of"])
                && b >= 1
                && (v.is(b - 1, PLACE_NOUNS)
                    || v.word(b - 1)
                        .strip_suffix('s')
                        .is_some_and(|w| PLACE_NOUNS.contains(&w) || FEATURE_NOUNS.contains(&w)));
            // `Under P, who took over X`: `who` after a person is about
            // that person, whatever governs the name.
            let person = construction == "relative"
                && arg
                    .items
                    .iter()
                    .all(|&k| self.mentions.get(k).is_some_and(|m| m.label == Label::PER));
            // `Fighters of the IMU joined ISIS`: the people of an
            // organisation act for it.
            // (`commanders of the TTP who pledged` are only some of them.)
            let people_of =
                construction != "relative" && v.is(b, &["of"]) && b >= 1 && v.is(b - 1, COLLECTIVE);
            if v.is(b, PREP) && !reaches_object && !place_of && !person && !people_of {
                return None;
            }
        }
        // `Kazakhstan's president joined` has no named subject; neither has
        // a possessor before the verb.
        Some((arg, construction, aside))
    }

    /// Where an aside that ends with the comma at `close` opens: a
    /// segment between commas, after a name, that starts as an aside does
    /// (see [`Self::opens_aside`]).
    fn aside_before(&self, close: usize) -> Option<usize> {
        let v = self.view;
        let open = (close.saturating_sub(16)..close)
            .rev()
            .find(|&j| matches!(v.punct(j), "," | ";" | ":"))?;
        if v.punct(open) != "," || open == 0 || self.mention(open - 1).is_none() {
            return None;
        }
        self.opens_aside(open + 1, close).then_some(open)
    }

    /// Where an aside that opens with the comma at `open`, after a name,
    /// closes: `Born in Childara, a hamlet in the upper Khingob valley, P
    /// was …`. The closing comma must come within 16 words, with a name
    /// right after it.
    fn aside_after(&self, open: usize) -> Option<usize> {
        let v = self.view;
        let close = (open + 1..(open + 17).min(v.len()))
            .find(|&j| matches!(v.punct(j), "," | ";" | ":" | "."))?;
        (v.punct(close) == ","
            && self.mention(self.past_det(close + 1)).is_some()
            && self.opens_aside(open + 1, close))
        .then_some(close)
    }

    /// Whether the words from `first` to the comma at `close` read as an
    /// aside: a preposition, a relative pronoun, `a`/`an`, `the` before a
    /// plain word, or a role of something (`X, a wing of Y,`, `X, which
    /// …,`, `X, under its leader P,`, `P, second President of K,`).
    fn opens_aside(&self, first: usize, close: usize) -> bool {
        let v = self.view;
        let w = v.word(first);
        // `P, president of Uzbekistan since 2016, was born`; up to two
        // plain words may come before the role (`second President of`,
        // `former deputy head of`).
        let role_of = (first..first + 3)
            .take_while(|&k| k < close && self.plain(k))
            .any(|k| v.is(k + 1, &["of"]) && k + 1 < close);
        let opens = v.is(first, PREP)
            || v.is(first, RELATIVE)
            || role_of
            // `Georgia, angered by the war, withdrew`.
            || (w.len() > 4 && w.ends_with("ed") && v.is(first + 1, PREP))
            // `P, born in Namangan in 1976, had been hokim of X`.
            || (v.is(first, IRREGULAR_PARTICIPLES) && v.is(first + 1, PREP))
            || v.is(
                first,
                &["whose", "where", "when", "a", "an", "once", "formerly", "one", "both"],
            )
            || (v.is(first, &["the"])
                && self.mention(first + 1).is_none()
                && !v.word(first + 1).is_empty());
        opens && first < close
    }

    /// The object after `e`: determiners, a few modifiers, and `the village
    /// of` are stepped over. A possessor (`the CSTO's Joint Staff`) gives
    /// way to what it possesses.
    fn object(&self, e: usize) -> Option<Arg> {
        let v = self.view;
        // `led by its Director, P`, `represented by their Chairman, P`: the
        // holder of the owner's title is named after it.
        if v.is(e, &["its", "their"]) {
            let title = (e + 1..(e + 4).min(v.len()))
                .take_while(|&k| self.plain(k))
                .count();
            if title > 0 && v.punct(e + 1 + title) == "," {
                if let Some(h) = self.named_holder(e + 2 + title) {
                    if h.items
                        .iter()
                        .all(|&k| self.mentions.get(k).is_some_and(|m| m.label == Label::PER))
                    {
                        return Some(h);
                    }
                }
            }
        }
        // `placed under Marshal of Aviation P`: ranks may hold an `of`.
        if v.is(e, RANKS) && !v.is(e, &["of"]) {
            if let Some(h) = self.named_holder(e).filter(|h| h.start > e) {
                return Some(h);
            }
        }
        let mut i = e;
        let mut words = 0;
        let mut chained = false;
        loop {
            if v.is(i, DET) {
                i += 1;
            } else if (v.is(i, PLACE_NOUNS) || v.is(i, DIRECTIONS)) && v.is(i + 1, &["of"]) {
                // `the village of D`, `in the east of the Pamirs`.
                i += 2;
            } else if let Some(n) = (1..=2).find(|&n| {
                words + n <= 3
                    && (i..i + n).all(|k| self.plain(k))
                    && v.word(i + n) == "'s"
                    && self.mention(self.past_det(i + n + 1)).is_some()
            }) {
                // `chairs the bloc's Collective Security Council`, `the
                // Tajik government's Committee on Religious Affairs`: a
                // possessor that names nothing is part of the description.
                words += n;
                i += n + 1;
            } else if words < 4
                && self.plain(i)
                && self.plain_run_to_mention(i, 4 - words)
                && !(0..4 - words).any(|k| self.participle(i + k))
            {
                // `the special police unit OMON`, but not `the region
                // bordering Afghanistan`: a participle starts a clause of
                // its own, and the name after it is not the object.
                if !v.is(i, RANKS) {
                    words += 1;
                }
                i += 1;
            } else if !chained
                && self
                    .mention(i)
                    .and_then(|k| self.mentions.get(k))
                    .is_some_and(|m| m.label == Label::LOC)
                && v.is(i + 1, OFFICES)
                && v.is(i + 2, &["of"])
                && self.mention(self.past_det(i + 3)).is_some()
            {
                // `heads the Osh office of the FTI`: a place that only
                // says where the office is gives way to whose office it is.
                i = self.past_det(i + 3);
                chained = true;
            } else if !chained && self.plain(i) {
                // `head of the regional directorate of the SCNS`, `leads the
                // programme at the EFI`: a phrase that names nothing gives
                // way to the name its `of` or `at` leads to.
                let mut j = i;
                while j < i + 3 && self.plain(j) {
                    j += 1;
                }
                // `the body of heads of government of the EAEU`: one inner
                // `of` phrase that names nothing either.
                let inner = self.past_det(j + 1);
                if j > i && v.is(j, &["of"]) && self.plain(inner) && v.is(inner + 1, &["of"]) {
                    j = inner + 1;
                }
                let k = self.past_det(j + 1);
                if j > i
                    && v.is(j, &["of", "at"])
                    && self.mention(k).is_some()
                    && !v.hidden_mention_between(i, j)
                {
                    i = k;
                    chained = true;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        // `consists of nine member states: A, B and C`.
        let Some(mut arg) = self.list_right(i) else {
            return self.colon_list(i);
        };
        // `established the Customs Union, which applied a common tariff,
        // and the Single Economic Space`: a relative clause between two
        // coordinated names of one sort. The second must end its clause,
        // or it would be the subject of one of its own (`…, and Belarus
        // joined later`).
        if v.punct(arg.end + 1) == "," && v.is(arg.end + 2, &["which", "who"]) {
            let and = (arg.end + 3..(arg.end + 28).min(v.len()))
                .take_while(|&k| !matches!(v.punct(k), ";" | ":"))
                .find(|&k| v.punct(k) == "," && v.is(k + 1, &["and"]));
            if let Some(more) = and.and_then(|k| self.list_right(self.past_det(k + 2))) {
                let closes = v.len() <= more.end + 1 || !v.punct(more.end + 1).is_empty();
                if closes && self.alike(more.items[0], arg.items[0]) {
                    arg.items.extend(more.items);
                    arg.end = more.end;
                    return Some(arg);
                }
            }
        }
        // `the city of Khorog and seven districts: A, B and C`.
        if v.is(arg.end + 1, &["and"]) {
            if let Some(more) = self.colon_list(arg.end + 2) {
                arg.items.extend(more.items);
                arg.end = more.end;
                return Some(arg);
            }
        }
        if v.word(arg.end + 1) == "'s" && arg.items.len() == 1 {
            // `led India's delegation`: a delegation or government speaks
            // for its possessor.
            // `in the Commonwealth's statutory bodies`: one modifier may
            // come between.
            if v.is(arg.end + 2, STANDS_FOR_OWNER)
                || (self.plain(arg.end + 2) && v.is(arg.end + 3, STANDS_FOR_OWNER))
            {
                return Some(arg);
            }
            let mut j = arg.end + 2;
            while self.mention(j).is_none()
                && !v.word(j).is_empty()
                && !v.is(j, PREP)
                && j < arg.end + 5
            {
                j += 1;
            }
            return self.list_right(j);
        }
        Some(arg)
    }

    /// Whether a plain description (`eight more republics`, `three states
    /// have`) is the subject of the verb at `t`, not a relative pronoun
    /// (`which is`) or a name.
    fn described_subject(&self, t: usize) -> bool {
        let v = self.view;
        let mut i = t;
        while i > 0 && v.is(i - 1, AUX) {
            i -= 1;
        }
        t > 0
            && !v.word(t - 1).is_empty()
            && !v.is(t - 1, PREP)
            && self.mention(t - 1).is_none()
            && !(i > 0 && v.is(i - 1, RELATIVE))
    }

    /// The names that start at `j`, or after a rank that starts there
    /// (`Colonel General Khurshed Ismoilzoda`).
    fn named_holder(&self, j: usize) -> Option<Arg> {
        let v = self.view;
        // `Mr. P`: the stop after an abbreviated rank is part of it.
        let rank = (j..(j + 6).min(v.len()))
            .take_while(|&k| v.is(k, RANKS) || (v.punct(k) == "." && k > j && v.is(k - 1, RANKS)))
            .count();
        if rank > 0 && self.is_person(j + rank) {
            self.list_right(j + rank)
        } else {
            self.list_right(j)
        }
    }

    /// Whether the name at view position `at` is a person's.
    fn is_person(&self, at: usize) -> bool {
        self.mention(at)
            .and_then(|k| self.mentions.get(k))
            .is_some_and(|m| m.label == Label::PER)
    }

    /// The name at view position `at` as an argument of its own.
    fn one(&self, at: usize) -> Option<Arg> {
        Some(Arg {
            items: vec![self.mention(at)?],
            start: at,
            end: at,
        })
    }

    /// The first position from `i` that is no determiner.
    fn past_det(&self, mut i: usize) -> usize {
        while self.view.is(i, DET) {
            i += 1;
        }
        i
    }

    /// The auxiliary before a short adverbial that ends at `end` and
    /// opens with a preposition of time (`had before his appointment`,
    /// `has since 2019`, `had in the 1990s`); the adverbial names nothing.
    fn adverbial_after_aux(&self, end: usize) -> Option<usize> {
        let v = self.view;
        (end.saturating_sub(4).max(1)..end)
            .find(|&k| {
                v.is(
                    k,
                    &["before", "after", "since", "in", "during", "until", "from"],
                ) && v.is(k - 1, AUX)
                    && (k + 1..=end).all(|j| self.mention(j).is_none() && !v.word(j).is_empty())
            })
            .map(|k| k - 1)
    }

    /// Whether the token at `i` is a plain word: no name, punctuation,
    /// preposition, auxiliary, relative pronoun or conjunction.
    fn plain(&self, i: usize) -> bool {
        let v = self.view;
        self.mention(i).is_none()
            && !v.word(i).is_empty()
            && !v.is(i, PREP)
            && !v.is(i, AUX)
            && !v.is(i, RELATIVE)
            && !v.is(i, &["and", "or", "but", "'s", "whose"])
    }

    /// Whether the plain word at `i` is an `-ing` form that opens a reduced
    /// clause (`bordering`, `adjoining`).
    fn participle(&self, i: usize) -> bool {
        let w = self.view.word(i);
        self.plain(i) && w.len() > 5 && w.ends_with("ing")
    }

    /// Whether plain words from `i` run into a name within `max` words;
    /// ranks before a name do not count (`First Deputy Director Major
    /// General P`).
    fn plain_run_to_mention(&self, i: usize, max: usize) -> bool {
        let mut j = i + 1;
        let mut words = 0;
        while self.plain(j) && j < i + 12 {
            if !self.view.is(j, RANKS) {
                words += 1;
                if words > max {
                    return false;
                }
            }
            j += 1;
        }
        self.mention(j).is_some()
    }

    /// A list after a colon that closes the clause: `… three blocs: X, Y
    /// and Z`.
    fn colon_list(&self, from: usize) -> Option<Arg> {
        let v = self.view;
        // `divided into seven districts, each headed by an akim appointed
        // by the government: A, B …`: a description without a name may
        // stand before the colon.
        let colon = (from..(from + 20).min(v.len()))
            .take_while(|&j| self.mention(j).is_none())
            .find(|&j| v.punct(j) == ":")?;
        let mut i = colon + 1;
        while v.is(i, DET) {
            i += 1;
        }
        let mut arg = self.list_right(i)?;
        // `three districts: A, administered from B; C, whose seat is D;
        // and E, centred on F`: items set off by semicolons, each with a
        // description of its own.
        let first = *arg.items.first()?;
        if arg.items.len() == 1 && v.punct(arg.end + 1) == "," {
            let mut at = arg.end + 1;
            while let Some(semi) = (at..(at + 24).min(v.len()))
                .take_while(|&j| !matches!(v.punct(j), ":" | "."))
                .find(|&j| v.punct(j) == ";")
            {
                let mut j = semi + 1;
                if v.is(j, &["and"]) {
                    j += 1;
                }
                j = self.past_det(j);
                match self.mention(j) {
                    Some(m) if self.alike(m, first) => {
                        arg.items.push(m);
                        arg.end = j;
                        at = j + 1;
                    }
                    _ => break,
                }
            }
        }
        Some(arg)
    }

    /// The blockers' scope: from a few words before the first argument (not
    /// past a clause boundary) to the end of the last, without an aside.
    /// A title before a name (`CSTO members A and B`) is a noun phrase that
    /// states its relation wherever it stands, so its scope takes in only
    /// the phrase's own modifiers (`former`, `would-be`), not the clause
    /// around it (`does not prevent talks with CSTO members A and B`).
    fn scope(
        &self,
        first: usize,
        last: usize,
        aside: Option<&Range<usize>>,
        noun_phrase: bool,
    ) -> String {
        let v = self.view;
        let mut start = first;
        let mut steps = 0;
        while start > 0 && steps < 8 {
            let p = v.punct(start - 1);
            // `not the Taliban itself but ISKP, the affiliate of IS`: what
            // `but` introduces is outside the negation before it.
            if matches!(p, ";" | ":" | "—" | "." | "!" | "?" | ",") || v.is(start - 1, &["but"]) {
                break;
            }
            // `Ex-CSTO member Uzbekistan`: a prefix joined by a hyphen.
            if noun_phrase && p == "-" && start >= 2 && v.is(start - 2, NP_MODIFIERS) {
                start -= 2;
                steps += 2;
                continue;
            }
            if noun_phrase && !v.is(start - 1, DET) && !v.is(start - 1, NP_MODIFIERS) {
                break;
            }
            start -= 1;
            steps += 1;
        }
        let mut out = String::new();
        let last = last.min(v.len().saturating_sub(1));
        let (Some(&from), Some(&to)) = (v.index.get(start), v.index.get(last)) else {
            return out;
        };
        let skipped: Option<Range<usize>> = aside.map(|a| {
            let s = v.index.get(a.start).copied().unwrap_or(0);
            let e = v.index.get(a.end.saturating_sub(1)).map_or(s, |&e| e + 1);
            s..e
        });
        for i in from..=to {
            if v.aside[i] || skipped.as_ref().is_some_and(|a| a.contains(&i)) {
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            match v.all[i].tok {
                crate::relations::syntax::Tok::Mention(_) => out.push('X'),
                _ => out.push_str(&v.all[i].text),
            }
        }
        out
    }

    fn filter(&self, arg: &Arg, slot: &Slot) -> Vec<usize> {
        arg.items
            .iter()
            .copied()
            .filter(|&k| self.mentions.get(k).is_some_and(|m| slot.accepts(m)))
            .collect()
    }

    /// Every candidate that `lexeme` yields in this sentence, whose view
    /// has a word that opens one of its phrases at each of `starts`
    /// (rising), and at no other position.
    pub fn candidates(&self, lexeme: &Lexeme, starts: &[usize]) -> Vec<Candidate> {
        let mut out = Vec::new();
        for o in lexeme.occurrences(self.view, starts) {
            let found = match lexeme.class {
                Class::Verb => self.verb(lexeme, o),
                Class::Noun => self.noun(lexeme, o),
                Class::Nominal => self.nominal(lexeme, o),
            };
            for f in found {
                self.push(lexeme, o, f, &mut out);
            }
        }
        out
    }

    /// A group acting through its leader: in `IPT leader Usman Ghazi
    /// declared the accession of his organisation to ISIS`, the subject
    /// slot wants an organisation and the text names the person with the
    /// organisation's title right before the name.
    fn speaking_for(&self, subject: &Arg, slot: &Slot) -> Option<Arg> {
        let v = self.view;
        let [k] = subject.items[..] else { return None };
        let person = self.mentions.get(k)?;
        if person.label != Label::PER || slot.accepts(person) {
            return None;
        }
        let mut j = subject.start;
        let mut words = 0;
        while j > 0
            && words < 3
            && !v.word(j - 1).is_empty()
            && !v.is(j - 1, PREP)
            && v.word(j - 1) != "'s"
        {
            j -= 1;
            words += 1;
        }
        let g = j.checked_sub(1)?;
        let group = self.mention(g)?;
        if words > 0 && self.mentions.get(group).is_some_and(|m| slot.accepts(m)) {
            self.one(g)
        } else {
            None
        }
    }

    /// Turns (subject-or-holder, other, construction, aside) into a
    /// candidate with its types checked.
    fn push(&self, lexeme: &Lexeme, o: Occurrence, mut f: Found, out: &mut Vec<Candidate>) {
        let slot = if lexeme.inverse {
            &lexeme.tail
        } else {
            &lexeme.head
        };
        if let Some(group) = self.speaking_for(&f.subject, slot) {
            f.subject = group;
            f.construction = "leader_for_group";
        }
        let (h, t) = if lexeme.inverse {
            (f.other, f.subject)
        } else {
            (f.subject, f.other)
        };
        let heads = self.filter(&h, &lexeme.head);
        let tails = self.filter(&t, &lexeme.tail);
        if heads.is_empty() || tails.is_empty() {
            return;
        }
        let first = h.start.min(t.start).min(o.start);
        let mut last = h.end.max(t.end).max(o.end - 1);
        // `established X, which applied a common tariff, and Y`: a relative
        // clause between the trigger and a later argument is a clause of
        // its own, which the blockers do not read.
        if f.aside.is_none() {
            let v = self.view;
            let relative = (o.end..last)
                .find(|&j| v.punct(j) == "," && v.is(j + 1, &["which", "who"]))
                .and_then(|j| (j + 2..last).find(|&k| v.punct(k) == ",").map(|k| j..k));
            f.aside = relative;
        }
        if lexeme.class == Class::Nominal {
            // A nominalisation's predicate follows it: `A's accession to X
            // is expected`.
            let v = self.view;
            while last + 1 < v.len()
                && last < h.end.max(t.end) + 8
                && !matches!(v.punct(last + 1), "," | ";" | "." | ":")
            {
                last += 1;
            }
        }
        // `the presidents of K and T, P and Q`: each person holds one of
        // the roles a plural title lists, in order.
        let paired_roles = lexeme.class == Class::Noun
            && matches!(f.construction, "apposition" | "title_before_name")
            && self.view.word(o.end - 1).ends_with('s')
            && heads
                .iter()
                .all(|&k| self.mentions.get(k).is_some_and(|m| m.label == Label::PER));
        let pairwise = (self.view.respectively || paired_roles)
            && heads.len() == tails.len()
            && heads.len() > 1;
        let c = Candidate {
            heads,
            tails,
            pairwise,
            trigger: self.view.bytes(o.start, o.end - 1),
            scope: self.scope(
                first,
                last,
                f.aside.as_ref(),
                f.construction == "title_before_name",
            ),
            construction: if pairwise {
                "respectively"
            } else {
                f.construction
            },
        };
        if !out.contains(&c) {
            out.push(c);
        }
    }

    fn verb(&self, lexeme: &Lexeme, o: Occurrence) -> Vec<Found> {
        let v = self.view;
        let mut out = Vec::new();
        // `a founding member of X`: an -ing form before a noun it
        // modifies is an adjective, not a verb.
        if v.word(o.end.saturating_sub(1)).ends_with("ing")
            && v.is(
                o.end,
                &["member", "members", "state", "states", "father", "fathers"],
            )
        {
            return out;
        }
        // `leader of X and head of Y`: a bare form followed by `of` is the
        // noun (`head`, `chair`, `command`); no verb of the lexicon takes `of`
        // straight after its base form.
        if o.end == o.start + 1 && !o.participle && v.is(o.end, &["of"]) {
            return out;
        }
        let before = {
            let mut i = o.start;
            while i > 0 && v.is(i - 1, NEGATION) {
                i -= 1;
            }
            i.checked_sub(1)
        };
        let after_be = before.is_some_and(|b| v.is(b, BE));
        let clause_start = o.start == 0 || matches!(v.punct(o.start - 1), ";" | ":");
        // The passive, full or reduced: `X was founded by A`, `X, founded
        // in 2001 by A`, `a group founded by P`.
        // `founded in northern Syria by P`: a place phrase may come first.
        let by = if v.is(o.end, &["by"]) {
            Some(o.end)
        } else if let Some(by) = (o.end + 1..(o.end + 6).min(v.len()))
            .find(|&j| v.is(j, &["by"]))
            .filter(|&j| {
                (o.end..j).all(|k| {
                    // `during` only looks like an -ing form, and after a
                    // determiner one is a modifier (`the reporting period`).
                    (self.plain(k)
                        && (!self.participle(k) || v.is(k, &["during"]) || v.is(k - 1, DET)))
                        || (k > o.end && v.is(k, PREP))
                })
            })
        {
            // `formed two years earlier by A`, `chaired during the period by
            // P`, `headed throughout the reporting period by P`: an
            // adverbial of plain words, perhaps with a preposition inside.
            Some(by)
        } else if v.is(o.end, &["in", "at", "on"]) {
            (o.end + 1..(o.end + 5).min(v.len()))
                .find(|&j| self.mention(j).is_some())
                .filter(|&j| v.is(j + 1, &["by"]))
                .map(|j| j + 1)
        } else {
            None
        };
        // `founded by a treaty signed in Astana in 2000 by A, B and C`: the
        // document is the means, the signatories are the agents.
        let by = by.map(|by| self.signed_by(by).unwrap_or(by));
        // `presided over by P`: a phrasal verb is passive when `by` follows it.
        let passive = o.transitive || by == Some(o.end);
        if let (true, true, Some(by)) = (passive, o.participle, by) {
            if let Some(agent) = self.object(by + 1) {
                if clause_start {
                    // `Founded by A and B, X is …`
                    if v.punct(agent.end + 1) == "," {
                        if let Some(patient) = self.object(agent.end + 2) {
                            out.push(Found::new(agent, patient, "fronted"));
                        }
                    }
                } else if after_be {
                    if let Some((patient, _, aside)) = self.subject(o.start) {
                        out.push(Found::new(agent, patient, "passive").aside(aside));
                    } else if let Some((patient, _)) = self.coordinated(lexeme, o.start) {
                        // `X is based in Y and is headed by P`.
                        out.push(Found::new(agent, patient, "coordination"));
                    }
                } else if let Some(patient) = self.reduced_antecedent(o.start) {
                    out.push(Found::new(agent, patient, "passive"));
                }
            }
            return out;
        }
        if o.transitive && o.participle && after_be {
            // A passive without its agent names only one argument.
            return out;
        }
        // A fronted participle: `Born in Osh, P studied`, `Based in Minsk,
        // the committee …`.
        // `Having joined X in 1993, P served …`.
        let having = o.start >= 1
            && v.is(o.start - 1, &["having"])
            && (o.start == 1 || matches!(v.punct(o.start - 2), ";" | ":"));
        if (clause_start || having) && (o.participle || v.word(o.start).ends_with("ing")) {
            if let Some(obj) = self.object(o.end) {
                if v.punct(obj.end + 1) == "," {
                    // An aside may describe the place before the subject.
                    let at = self.aside_after(obj.end + 1).unwrap_or(obj.end + 1);
                    if let Some(subj) = self.object(at + 1) {
                        out.push(Found::new(subj, obj, "fronted"));
                    }
                }
            }
            return out;
        }
        // A bare preposition (`Khorog in Gorno-Badakhshan`) takes the name
        // before it, whatever governs that name.
        let subject = if v.is(o.start, PREP) {
            let mut i = o.start;
            while i > 0 && (v.is(i - 1, BE) || v.is(i - 1, NEGATION)) {
                i -= 1;
            }
            // `Batken, in southern Kyrgyzstan,`: the phrase may stand
            // between commas.
            if i >= 2 && v.punct(i - 1) == "," && self.mention(i - 2).is_some() {
                i -= 1;
            } else if i >= 3
                && v.punct(i - 1) == ","
                && v.is(i - 2, PLACE_NOUNS)
                && self.mention(i - 3).is_some()
            {
                // `in Kunduz province, in northern Afghanistan`.
                i -= 2;
            }
            // `Lake Karakul, a high-altitude lake in Murghob District`: a
            // place noun in apposition is the name's.
            if i >= 1
                && (v.is(i - 1, PLACE_NOUNS)
                    || v.is(i - 1, FEATURE_NOUNS)
                    || v.is(i - 1, WATER_AND_RELIEF))
            {
                let det = (i.saturating_sub(6)..i - 1)
                    .rev()
                    .take_while(|&k| self.plain(k) || v.is(k, DET))
                    .find(|&k| v.is(k, &["a", "an", "the"]));
                if let Some(d) = det
                    .filter(|&d| d >= 2 && v.punct(d - 1) == "," && self.mention(d - 2).is_some())
                {
                    i = d - 1;
                }
            }
            // `the Harbmaidon training ground in Khatlon`, `Vose district
            // in Khatlon`: a name that modifies a place noun is what lies
            // there.
            if i >= 2 && (v.is(i - 1, FEATURE_NOUNS) || v.is(i - 1, PLACE_NOUNS)) {
                let mut k = i - 1;
                if k >= 2 && self.plain(k - 1) && self.mention(k - 2).is_some() {
                    k -= 1;
                }
                if k >= 1 && self.mention(k - 1).is_some() {
                    i = k;
                }
            }
            i.checked_sub(1)
                .and_then(|b| self.list_left(b))
                .map(|a| (a, "clause", None))
        } else {
            self.subject(o.start)
        };
        let explicit = subject.is_some();
        let subject = subject.or_else(|| {
            // A reduced relative: `the Secretariat, based in Beijing`.
            // `an exclave belonging to X`: an -ing form hangs on its
            // subject, whatever its object.
            (o.participle && !o.transitive || v.word(o.start).ends_with("ing"))
                .then(|| self.reduced_antecedent(o.start))
                .flatten()
                .map(|a| (a, "relative", None))
        });
        let mut object = self.object(o.end);
        // `A, a group aligned with B, and C, a Tajik group, …`: in a
        // description set off by commas, the comma after the object closes
        // the description, and what follows is coordinated with A.
        if let (false, Some((s, _, _)), Some(obj)) = (explicit, &subject, &mut object) {
            if v.punct(s.end + 1) == "," && obj.items.len() > 1 {
                let cut = (obj.start..=obj.end).find(|&j| v.punct(j) == ",");
                if let Some(cut) = cut {
                    let keep = (obj.start..cut)
                        .filter(|&j| self.mention(j).is_some())
                        .count();
                    obj.items.truncate(keep.max(1));
                    obj.end = (obj.start..cut)
                        .rev()
                        .find(|&j| self.mention(j).is_some())
                        .unwrap_or(obj.start);
                }
            }
        }
        // `Uzbekistan joined the CSTO in 2006 but suspended its participation
        // in 2012`: a verb coordinated with an earlier one shares its
        // subject, and its elided object.
        if subject.is_none() {
            if let Some((s, prev)) = self.coordinated(lexeme, o.start) {
                match object {
                    Some(obj) => out.push(Found::new(s, obj, "coordination")),
                    None => {
                        if let Some(obj) = prev {
                            out.push(Found::new(s, obj, "coordination"));
                        }
                    }
                }
                return out;
            }
        }
        // `eight more republics acceded to the Commonwealth: A, B and C`:
        // the list after the object spells out a described subject, even
        // when a name stands before the description.
        let spelled = object
            .as_ref()
            .filter(|obj| self.view.punct(obj.end + 1) == ":" && self.described_subject(o.start))
            .and_then(|obj| self.colon_list(obj.end + 1));
        let subject = match spelled {
            Some(list) => Some((list, "colon_list", None)),
            None => subject,
        };
        match (subject, object) {
            (Some((s, construction, aside)), Some(obj)) => {
                if let Some(more) = self.gapped(&s, &obj) {
                    out.push(Found::new(more, obj.clone(), "gapping"));
                }
                out.push(Found::new(s, obj, construction).aside(aside));
            }
            (Some((s, _, aside)), None) => {
                if let Some(obj) = self.colon_list(o.end) {
                    out.push(Found::new(s, obj, "colon_list").aside(aside));
                } else if v.is(o.end, &["it"]) {
                    // `Uzbekistan, which had joined the CSTO in 2006, left it
                    // in 2012`: `it` is the last name before the verb that
                    // fits the object's slot and is not the subject.
                    let slot = if lexeme.inverse {
                        &lexeme.head
                    } else {
                        &lexeme.tail
                    };
                    let antecedent = (0..o.start).rev().find(|&j| {
                        self.mention(j).is_some_and(|k| {
                            !s.items.contains(&k)
                                && self.mentions.get(k).is_some_and(|m| slot.accepts(m))
                        })
                    });
                    if let Some(obj) = antecedent.and_then(|j| self.one(j)) {
                        out.push(Found::new(s, obj, "pronoun").aside(aside));
                    }
                }
            }
            (None, _) => {}
        }
        out
    }

    /// Subjects of clauses that repeat this one with the verb and object
    /// left out, each with a date of its own: `India and Pakistan joined
    /// the SCO in 2017, Iran in 2023 and Belarus in 2024`. The view has no
    /// dates, so it reads `…the SCO, Iran and Belarus.`; the dates left out
    /// after the object are what tell a gap from a list.
    fn gapped(&self, subject: &Arg, object: &Arg) -> Option<Arg> {
        let v = self.view;
        let e = object.end;
        if v.punct(e + 1) != "," {
            return None;
        }
        let (&a, &b) = (v.index.get(e)?, v.index.get(e + 1)?);
        if !(a + 1..b).any(|k| v.aside[k]) {
            return None;
        }
        let list = self.list_right(e + 2)?;
        let first = *subject.items.first()?;
        let items: Vec<usize> = list
            .items
            .iter()
            .copied()
            .filter(|&m| self.alike(m, first))
            .collect();
        let ends_clause = list.end + 1 >= v.len() || matches!(v.punct(list.end + 1), "." | ";");
        (items.len() == list.items.len() && ends_clause).then_some(Arg {
            items,
            start: list.start,
            end: list.end,
        })
    }

    /// For a verb right after `and`, `but` or `then`: the subject of the
    /// clause before it (the names it starts with), and the last name in
    /// that clause that could be this verb's object.
    fn coordinated(&self, lexeme: &Lexeme, t: usize) -> Option<(Arg, Option<Arg>)> {
        let v = self.view;
        let mut c = t.checked_sub(1)?;
        while v.is(c, AUX) || v.is(c, NEGATION) {
            c = c.checked_sub(1)?;
        }
        if !v.is(c, &["and", "but", "yet", "then", "before", "later"]) {
            return None;
        }
        let coord = if c > 0 && v.punct(c - 1) == "," {
            c - 1
        } else {
            c
        };
        let object_slot = if lexeme.inverse {
            &lexeme.head
        } else {
            &lexeme.tail
        };
        let object_in = |from: usize| {
            (from..coord).rev().find_map(|j| {
                let k = self.mention(j)?;
                self.mentions
                    .get(k)
                    .filter(|m| object_slot.accepts(m))
                    .and_then(|_| self.one(j))
            })
        };
        // `X (SGB), which replaced Y in 2018 and was headed by P`: a verb
        // coordinated inside a relative clause shares its antecedent.
        if let Some(pronoun) = self.relative_pronoun_before(coord) {
            if let Some((subject, _, _)) = self.subject(pronoun + 1) {
                return Some((subject, object_in(pronoun + 1)));
            }
        }
        // The clause starts after the last `;`, `:` or sentence start.
        let start = (0..coord)
            .rev()
            .find(|&j| matches!(v.punct(j), ";" | ":"))
            .map_or(0, |j| j + 1);
        let mut i = start;
        while v.is(i, DET) {
            i += 1;
        }
        // `His daughter P has headed X and sits in Y`: a kinship or title
        // that a possessive opens stands before the name.
        if i > start && v.is(i - 1, &["his", "her", "their"]) {
            if let Some(k) = (i..(i + 3).min(v.len()))
                .take_while(|&k| self.plain(k))
                .last()
                .filter(|&k| self.is_person(k + 1))
            {
                i = k + 1;
            }
        }
        let subject = self.list_right(i)?;
        // The subject must be followed by its verb, not be a fronted phrase.
        if subject.end + 1 >= coord || !v.punct(subject.end + 1).is_empty() {
            return None;
        }
        let object = object_in(subject.end + 1);
        Some((subject, object))
    }

    /// The name a participle phrase hangs on: `X, founded …`, `X founded …`
    /// or `X, a group founded …`.
    fn reduced_antecedent(&self, t: usize) -> Option<Arg> {
        let v = self.view;
        let b = t.checked_sub(1)?;
        if self.mention(b).is_some() {
            return self.list_left(b);
        }
        if v.punct(b) == "," && b >= 1 && self.mention(b - 1).is_some() {
            return self.list_left(b - 1);
        }
        // `X, a militant group founded …`, `P, the president's eldest son,
        // who …`: a short description in apposition.
        let mut j = if v.punct(b) == "," {
            b.checked_sub(1)?
        } else {
            b
        };
        let mut words = 0;
        while words < 11 {
            // `X, once allied to Y, split after its leadership pledged`: a
            // clause of its own, not a description.
            if v.is(j, SUBORDINATORS) || v.is(j, &["its", "their", "his", "her"]) {
                return None;
            }
            // `X, a unit of some forty fighters led by P`: the description
            // may have an `of` phrase of its own.
            // `of about seven million people`: a count is part of it too.
            let word = !v.word(j).is_empty()
                && (!v.is(j, PREP) || v.is(j, &["of", "about"]))
                && !v.is(j, AUX);
            // `Sughd, Tajikistan's northern region centred on Khujand`: a
            // possessor belongs to the description.
            let possessor = self.mention(j).is_some() && v.word(j + 1) == "'s" && words > 0;
            if !word && !possessor {
                break;
            }
            j = j.checked_sub(1)?;
            words += 1;
        }
        if words > 0 && v.punct(j) == "," && j >= 1 && self.mention(j - 1).is_some() {
            return self.list_left(j - 1);
        }
        // `P, 54, a former deputy minister who …`: the view drops an age
        // and its commas, which leaves the description right after the name.
        if words > 0 && self.is_person(j) && v.commas_skipped_after(j) {
            return self.one(j);
        }
        // `X is an independent organisation founded by P`: the description
        // is the copula's complement, so the phrase is about the subject.
        if words > 0 && v.is(j, BE) {
            return self.subject(j + 1).map(|(a, _, _)| a);
        }
        None
    }

    /// The `by` of the signatories when the `by` at `by` names a document
    /// (`by a treaty signed in Astana on 10 October 2000 by A`).
    fn signed_by(&self, by: usize) -> Option<usize> {
        const DOCUMENTS: &[&str] = &[
            "treaty",
            "agreement",
            "accord",
            "charter",
            "declaration",
            "protocol",
            "convention",
            "memorandum",
            "decree",
            "resolution",
        ];
        let v = self.view;
        if !(v.is(by + 1, DET) && v.is(by + 2, DOCUMENTS)) {
            return None;
        }
        (by + 3..(by + 16).min(v.len()))
            .take_while(|&k| !matches!(v.punct(k), "," | ";" | ":" | "."))
            .find(|&k| v.is(k, &["by"]))
    }

    /// The subject of a copula whose complement, a description without
    /// names, ends at the comma `comma`: `X is an intergovernmental
    /// alliance of post-Soviet states, headquartered in Moscow` — the
    /// participle after the description is about what it describes.
    fn complement_subject(&self, comma: usize) -> Option<Arg> {
        let v = self.view;
        let mut j = comma.checked_sub(1)?;
        let mut words = 0;
        while words < 12 {
            if v.is(j, BE) {
                // Only an indefinite description is what the subject is
                // (`one of the members of the union, based in` is not).
                let described = words > 1 && v.is(j + 1, &["a", "an"]);
                return described
                    .then(|| self.subject(j + 1))
                    .flatten()
                    .map(|(a, _, _)| a);
            }
            let word = self.plain(j) || v.is(j, &["of"]);
            if !word || v.is(j, SUBORDINATORS) {
                return None;
            }
            j = j.checked_sub(1)?;
            words += 1;
        }
        None
    }

    /// Steps left from `t` over a noun's modifiers (`the former deputy`).
    fn modifiers_start(&self, t: usize) -> usize {
        let v = self.view;
        let mut i = t;
        let mut words = 0;
        while i > 0 && words < 4 {
            let j = i - 1;
            // `one of the founding members`, `among the members`.
            if v.is(j, &["of"]) && j >= 1 && v.is(j - 1, QUANTIFIERS) {
                i = j - 1;
                words += 1;
                continue;
            }
            let w = v.word(j);
            if w.is_empty()
                // A compound (`Pakistani-administered`, `Russian-led`) is an
                // adjective, not a verb.
                || (w.ends_with("ed")
                    && !w.contains('-')
                    && !matches!(w, "armed" | "united" | "combined" | "detached"))
                || v.is(j, PAST_FORMS)
                || v.is(j, PREP)
                || v.is(j, AUX)
                || v.is(j, RELATIVE)
                || v.is(j, COPULA)
                // `the former Soviet Union until presidents P and Q`: a
                // subordinator opens a clause, it modifies nothing.
                || v.is(j, SUBORDINATORS)
                || v.is(j, &["and", "or", "but", "'s", "whose"])
            {
                break;
            }
            i = j;
            words += 1;
        }
        i
    }

    fn noun(&self, lexeme: &Lexeme, o: Occurrence) -> Vec<Found> {
        let v = self.view;
        let mut out = Vec::new();
        let m = self.modifiers_start(o.start);
        let has_prep = lexeme.preps.iter().any(|p| v.word(o.end) == p);
        // `P, UNODC Regional Representative for Central Asia`: an
        // apposition whose title the organisation opens.
        if lexeme.possessor && m >= 3 && v.punct(m - 2) == "," {
            let label = |i: usize| {
                self.mention(i)
                    .and_then(|k| self.mentions.get(k))
                    .map(|s| s.label)
            };
            // `… Representative of the EU`: an organisation after the
            // title is the owner; a place (`for Central Asia`) is only
            // where the title is held.
            let owner_named_after = has_prep
                && self.object(o.end + 1).is_some_and(|a| {
                    a.items
                        .iter()
                        .any(|&k| self.mentions.get(k).is_some_and(|s| s.label == Label::ORG))
                });
            if label(m - 3) == Some(Label::PER)
                && matches!(label(m - 1), Some(Label::ORG))
                && !owner_named_after
            {
                if let (Some(h), Some(t)) = (self.one(m - 3), self.one(m - 1)) {
                    out.push(Found::new(h, t, "apposition"));
                    return out;
                }
            }
        }
        // The tail: after the preposition, or a possessor or name before
        // the noun (`Russia's defence minister`, `CSTO member Armenia`).
        let possessor = if !lexeme.possessor {
            None
        } else if m >= 2 && v.word(m - 1) == "'s" {
            // One name: `X, the EAEU's executive body` is no list `X, EAEU`.
            self.one(m - 2)
        } else if m >= 1 && self.mention(m - 1).is_some() && !(m >= 2 && v.punct(m - 2) == ",") {
            self.list_left(m - 1)
                .filter(|a| a.start == 0 || !v.is(a.start - 1, &["of"]))
        } else {
            None
        };
        let whose = m >= 1 && v.is(m - 1, &["whose"]);
        // `Secretary of State`, `Minister of Foreign Affairs`: the title's
        // own complement names no organisation, and what follows it is
        // the holder, not the object.
        let complement = (has_prep && v.is(o.end, &["of"]))
            .then(|| {
                (o.end + 1..(o.end + 5).min(v.len()))
                    .find(|&k| !v.is(k, TITLE_COMPLEMENTS))
                    .filter(|&k| {
                        k > o.end + 1 && self.mention(k).is_some() && !v.is(k - 1, &["the"])
                    })
            })
            .flatten();
        let tail = if has_prep && complement.is_none() {
            self.object(o.end + 1)
        } else {
            None
        };
        let tail = match (tail, possessor) {
            // `the OMON unit of the Ministry`: a name before the noun holds it.
            (Some(t), Some(p)) if m >= 1 && self.mention(m - 1).is_some() => {
                // `P, the former OMON commander of the Ministry`: P holds
                // the role in the unit named right before it.
                if let Some(f) = self.holder_before(self.modifiers_start(p.start)) {
                    out.push(Found::new(f.0, p.clone(), f.1).aside(f.2));
                }
                out.push(Found::new(p, t, "apposition"));
                return out;
            }
            // `al-Qaeda's affiliate in Syria`: after a possessor, `in`
            // names where the body is, not whose it is.
            (Some(_), Some(p)) if m >= 1 && v.word(m - 1) == "'s" && v.is(o.end, &["in"]) => {
                if let Some(f) = self.holder_before(self.modifiers_start(p.start)) {
                    out.push(Found::new(f.0, p, f.1).aside(f.2));
                }
                return out;
            }
            (Some(t), _) => t,
            (None, Some(p)) => {
                // `CSTO member Armenia`, `Kyrgyzstan's capital, Bishkek`,
                // `the EAEU's executive body, the EEC`.
                let mut j = complement.unwrap_or(o.end);
                // `the OSCE High Commissioner on National Minorities, P`:
                // the title's own complement names nothing.
                if v.is(j, &["on", "for"]) {
                    if let Some(c) = (j + 1..(j + 6).min(v.len()))
                        .take_while(|&k| self.plain(k) || v.punct(k) == ",")
                        .find(|&k| v.punct(k) == ",")
                    {
                        j = c;
                    }
                }
                if v.punct(j) == "," {
                    j = self.past_det(j + 1);
                }
                if let Some(h) = self.named_holder(j) {
                    out.push(Found::new(h, p.clone(), "title_before_name"));
                } else if let Some(h) = self.inverse_list(o.end) {
                    // `X's members are A and B`.
                    out.push(Found::new(h, p.clone(), "inverse"));
                }
                if let Some(f) = self.holder_before(self.modifiers_start(p.start)) {
                    out.push(Found::new(f.0, p, f.1).aside(f.2));
                }
                return out;
            }
            (None, None) => {
                // `X, whose President P,`, `the IMU, under its leader P,`,
                // `… and its first emir was P`: the pronoun stands for a
                // name earlier in the sentence.
                if let Some(holder) = self.pronoun_antecedent(m, o.start) {
                    // `…, with P as its first governor`.
                    let its = (m.saturating_sub(1)..o.start).find(|&j| v.is(j, &["its", "their"]));
                    if let Some(p) =
                        its.filter(|&p| p >= 3 && v.is(p - 1, &["as"]) && v.is(p - 3, &["with"]))
                    {
                        if let Some(h) = self.one(p - 2) {
                            out.push(Found::new(h, holder, "with_as"));
                            return out;
                        }
                    }
                    let mut j = o.end;
                    if v.punct(j) == "," {
                        j += 1;
                    }
                    if let Some(h) = self.named_holder(j) {
                        out.push(Found::new(h, holder, "title_before_name"));
                        return out;
                    }
                    if let Some(h) = self.inverse_list(o.end) {
                        out.push(Found::new(h, holder, "inverse"));
                        return out;
                    }
                    // `X is based in Y, and A and B are its members`.
                    if let Some(f) = self.holder_before(m) {
                        if !f.0.items.iter().any(|i| holder.items.contains(i)) {
                            out.push(Found::new(f.0, holder, f.1).aside(f.2));
                            return out;
                        }
                    }
                } else if let Some(f) = self.apposition_its(m, o.start) {
                    out.push(f);
                    return out;
                }
                if let Some(f) = self.of_which(m) {
                    out.push(f);
                    return out;
                }
                // `The CSTO has six member states: A, B …`.
                if v.is(
                    m.wrapping_sub(1),
                    &["has", "have", "had", "counts", "counted"],
                ) {
                    // `The SCO has two permanent bodies, the Secretariat and
                    // the RATS.`: a list that closes the sentence after a
                    // comma names them.
                    let listed = self.inverse_list(o.end).or_else(|| {
                        (v.punct(o.end) == ",")
                            .then(|| self.object(o.end + 1))
                            .flatten()
                            .filter(|a| a.items.len() >= 2 && a.end + 2 >= v.len())
                    });
                    if let (Some((t, _, aside)), Some(h)) = (self.subject(m), listed) {
                        out.push(Found::new(h, t, "inverse").aside(aside));
                    }
                }
                if whose && m >= 2 {
                    // `X, whose members are A and B`; `X, whose seat is in Y
                    // and whose members are A and B`.
                    let k = if v.punct(m - 2) == "," {
                        m.checked_sub(3)
                    } else if v.is(m - 2, &["and"]) {
                        (1..m - 2)
                            .rev()
                            .find(|&j| v.is(j, &["whose"]) && v.punct(j - 1) == ",")
                            .and_then(|j| j.checked_sub(2))
                    } else {
                        m.checked_sub(2)
                    };
                    if let (Some(k), Some(h)) = (k, self.inverse_list(o.end)) {
                        // `the "Shanghai Five" group, whose members were …`:
                        // a name with its head noun.
                        let k = if self.mention(k).is_none() && self.plain(k) && k >= 1 {
                            (0..k)
                                .rev()
                                .take(2)
                                .find(|&j| self.mention(j).is_some() || !v.punct(j).is_empty())
                                .filter(|&j| self.mention(j).is_some() || v.punct(j) != ",")
                                .map(|j| {
                                    if self.mention(j).is_some() {
                                        j
                                    } else {
                                        j.saturating_sub(1)
                                    }
                                })
                                .unwrap_or(k)
                        } else {
                            k
                        };
                        if let Some(t) = self.list_left(k) {
                            out.push(Found::new(h, t, "inverse"));
                        }
                    }
                }
                return out;
            }
        };
        // `Minister of Foreign Affairs of the Kyrgyz Republic Zheenbek
        // Kulubaev`: a person named right after the title's object holds
        // it, whatever name stands before the title.
        let direct = self.named_holder(tail.end + 1).filter(|h| {
            !lexeme.inverse
                && h.items.iter().all(|&k| {
                    self.mentions
                        .get(k)
                        .is_some_and(|s| s.label == Label::PER && lexeme.head.accepts(s))
                })
        });
        if let Some(h) = direct {
            let plain_start = m == 0
                || !v.word(m - 1).is_empty()
                || matches!(v.punct(m - 1), "," | ";" | ":" | "—");
            if plain_start {
                out.push(Found::new(h, tail, "title_before_name"));
                return out;
            }
        }
        if let Some(f) = self.holder_before(m) {
            let mut holder = f.0;
            // `A is one of six members of X, alongside B and C`.
            let mut j = tail.end + 1;
            if v.punct(j) == "," {
                j += 1;
            }
            if v.is(j, &["alongside", "like"])
                || (v.is(j, &["along", "together"]) && v.is(j + 1, &["with"]))
            {
                let k = if v.is(j, &["alongside", "like"]) {
                    j + 1
                } else {
                    j + 2
                };
                if let Some(more) = self.object(k) {
                    let first = holder.items[0];
                    holder
                        .items
                        .extend(more.items.iter().filter(|&&i| self.alike(i, first)));
                }
            }
            out.push(Found::new(holder, tail.clone(), f.1).aside(f.2));
            return out;
        }
        // `the President of K, P,` and `the head of the CSTO P`; `a
        // spokesman for the Taliban administration, P,`.
        let mut j = tail.end + 1;
        while j < tail.end + 3 && self.plain(j) && v.punct(j + 1) == "," {
            j += 1;
        }
        // `The Ambassador of Japan to Uzbekistan, P,`: where the title is
        // held comes after its object.
        if v.is(j, &["to", "in", "at"]) && self.mention(self.past_det(j + 1)).is_some() {
            j = self.past_det(j + 1) + 1;
        }
        // `the Chairman of X – Executive Secretary of Y, P`: titles joined
        // by a dash are one holder's.
        if v.punct(j) == "—" {
            let t = j + 1;
            let title = (t..(t + 4).min(v.len()))
                .take_while(|&k| self.plain(k))
                .count();
            if title > 0 && v.is(t + title, &["of", "for"]) {
                if let Some(o) = self.object(t + title + 1) {
                    if v.punct(o.end + 1) == "," {
                        j = o.end + 1;
                    }
                }
            }
        }
        let comma = v.punct(j) == ",";
        if comma {
            j += 1;
        }
        let plain_start =
            m == 0 || !v.word(m - 1).is_empty() || matches!(v.punct(m - 1), "," | ";" | ":" | "—");
        if let Some(h) = self.named_holder(j) {
            if plain_start {
                out.push(Found::new(h, tail, "apposition"));
                return out;
            }
        }
        // `A native of Shymkent, the largest city in the south, P was born
        // …`: a phrase that opens the sentence describes the name after
        // the description that follows it.
        // Two such descriptions may follow (`A native of Varzob, north of
        // Dushanbe, the capital, P was …`).
        let opens_sentence = m == 0 || matches!(v.punct(m - 1), ";" | ":");
        if comma && opens_sentence && (v.is(j, &["the", "a", "an"]) || v.is(j, DIRECTIONS)) {
            let mut from = j;
            for _ in 0..2 {
                let Some(close) = (from + 1..(from + 14).min(v.len())).find(|&k| v.punct(k) == ",")
                else {
                    break;
                };
                if let Some(h) = self.list_right(close + 1) {
                    out.push(Found::new(h, tail, "apposition"));
                    return out;
                }
                from = close + 1;
            }
        }
        // `Members of X are A and B`, `The leader of X is P`.
        if let Some(h) = self.inverse_list(tail.end + 1) {
            out.push(Found::new(h, tail, "inverse"));
        }
        out
    }

    /// `the CSTO, of which Kyrgyzstan is a member`: the holder is the
    /// copula's subject and the object is the name before `of which`.
    fn of_which(&self, m: usize) -> Option<Found> {
        let v = self.view;
        let c = m.checked_sub(1)?;
        if !v.is(c, COPULA) || v.is(c, &["as"]) {
            return None;
        }
        let (holder, _, _) = self.subject(c)?;
        let s = holder.start;
        if s < 4 || !v.is(s - 1, &["which"]) || !v.is(s - 2, &["of", "in"]) || v.punct(s - 3) != ","
        {
            return None;
        }
        Some(Found::new(holder, self.one(s - 4)?, "relative"))
    }

    /// `He settled near Wana, its administrative centre`: when `its` in a
    /// description set off after a name cannot stand for the name that
    /// opens the clause, it stands for the name just before the described
    /// one, which is what the description is about.
    fn apposition_its(&self, m: usize, t: usize) -> Option<Found> {
        let v = self.view;
        let p = (m.saturating_sub(1)..t).find(|&j| v.is(j, &["its"]))?;
        let (holder, how, _) = self.holder_before(p)?;
        if how != "apposition" {
            return None;
        }
        let j = (0..holder.start)
            .rev()
            .take_while(|&j| !matches!(v.punct(j), ";" | ":" | "(" | ")"))
            .find(|&j| self.mention(j).is_some())?;
        Some(Found::new(holder, self.one(j)?, "pronoun"))
    }

    /// What `whose`, `its` or `their` among a noun's modifiers (`m..t`)
    /// stands for: the name before `whose`, or the name the clause starts
    /// with (not one after a preposition).
    fn pronoun_antecedent(&self, m: usize, t: usize) -> Option<Arg> {
        let v = self.view;
        if m >= 1 && v.is(m - 1, &["whose"]) {
            let comma = m >= 2 && v.punct(m - 2) == ",";
            let k = if comma {
                m.checked_sub(3)?
            } else {
                m.checked_sub(2)?
            };
            // `Khatlon, the southern province of Tajikistan whose centre is
            // Bokhtar`: the clause is about the description's name.
            let of_name = !comma && k >= 1 && v.is(self.past_det_left(k), &["of"]);
            if self.mention(k).is_none() || of_name {
                let from = if of_name {
                    self.past_det_left(k)
                } else {
                    m - 1
                };
                if let Some(a) = self.described_antecedent(from) {
                    return Some(a);
                }
            }
            return self.one(k);
        }
        let p = (m.saturating_sub(1)..t).find(|&j| v.is(j, &["its", "their"]))?;
        let start = (0..p)
            .rev()
            .find(|&j| matches!(v.punct(j), ";" | ":"))
            .map_or(0, |j| j + 1);
        (start..p).find_map(|j| {
            self.mention(j)?;
            let mut b = j;
            while b > start && v.is(b - 1, DET) {
                b -= 1;
            }
            let governed = b > start && (v.is(b - 1, PREP) || v.word(b - 1) == "'s");
            if governed {
                None
            } else {
                self.one(j)
            }
        })
    }

    /// The position of the word before the name at `k` and its
    /// determiners.
    fn past_det_left(&self, k: usize) -> usize {
        let mut b = k;
        while b > 0 && self.view.is(b - 1, DET) {
            b -= 1;
        }
        b.saturating_sub(1)
    }

    /// The name that a description ending before `end` stands for: the
    /// subject of the copula before it (`X is an organisation … whose`) or
    /// the name it is in apposition to (`X, the southern province …`).
    fn described_antecedent(&self, end: usize) -> Option<Arg> {
        let v = self.view;
        let mut j = end;
        let mut steps = 0;
        while j > 0
            && steps < 10
            && (self.plain(j - 1) || v.is(j - 1, DET) || v.is(j - 1, &["for", "of"]))
        {
            j -= 1;
            steps += 1;
        }
        if steps == 0 {
            return None;
        }
        if j >= 1 && v.is(j - 1, COPULA) && !v.is(j - 1, &["as"]) {
            return self.subject(j - 1).map(|(a, _, _)| a);
        }
        if j >= 2 && v.punct(j - 1) == "," && self.mention(j - 2).is_some() {
            return self.list_left(j - 2);
        }
        None
    }

    /// The holder of a role noun whose modifiers start at `m`: `A is a
    /// member`, `P, the leader`, `P has served as chairman`.
    fn holder_before(&self, m: usize) -> Option<(Arg, &'static str, Option<Range<usize>>)> {
        let v = self.view;
        if let Some(found) = self.title_list_holder(m) {
            return Some(found);
        }
        let mut b = m.checked_sub(1)?;
        // `P, Associate Professor, Senior Research Fellow in X`: step back
        // over titles set off by commas.
        for _ in 0..2 {
            if v.punct(b) != "," || b == 0 || self.mention(b - 1).is_some() {
                break;
            }
            let title = (b.saturating_sub(5)..b).rev().find(|&j| {
                v.punct(j) == ","
                    && (j + 1..b).all(|k| !v.word(k).is_empty() && !v.is(k, PREP) && !v.is(k, AUX))
            });
            match title {
                Some(j)
                    if j >= 1 && (self.mention(j - 1).is_some() || v.punct(j - 1).is_empty()) =>
                {
                    b = j
                }
                _ => break,
            }
        }
        if matches!(v.punct(b), "," | "—") && b >= 1 && self.mention(b - 1).is_some() {
            let a = self.list_left(b - 1)?;
            if a.start >= 1 && v.word(a.start - 1) == "'s" {
                return None;
            }
            // `the Chairman of X – Executive Secretary of Y`: a dash after
            // the object of a title joins a second title, not an apposition.
            let mut k = a.start;
            if k >= 1 && v.is(k - 1, DET) {
                k -= 1;
            }
            if v.punct(b) == "—" && k >= 1 && v.is(k - 1, &["of", "for"]) {
                return None;
            }
            // `the RATS in Tashkent, the counter-terrorism body of the SCO`:
            // the description is about the organisation, not its seat.
            let seated = a.items.len() == 1
                && self
                    .mentions
                    .get(a.items[0])
                    .is_some_and(|m| m.label == Label::LOC)
                && a.start >= 2
                && v.is(a.start - 1, &["in"])
                && self
                    .mention(a.start - 2)
                    .and_then(|k| self.mentions.get(k))
                    .is_some_and(|m| m.label == Label::ORG);
            if seated {
                return Some((self.one(a.start - 2)?, "apposition", None));
            }
            return Some((a, "apposition", None));
        }
        // `P, a former TTP commander and a native of Orakzai`: the second
        // of two coordinated descriptions.
        if v.is(b, &["and"]) {
            let mut j = b;
            let mut steps = 0;
            // `P, mayor of Dushanbe and chairman of X`: the first
            // description may have an object of its own.
            while j > 0
                && steps < 10
                && (self.plain(j - 1)
                    || self.mention(j - 1).is_some()
                    || v.is(j - 1, DET)
                    // `P, Nazarbayev's nephew and first deputy chairman of X`.
                    || v.word(j - 1) == "'s"
                    || v.is(j - 1, &["of", "for", "in", "at", "from"]))
            {
                j -= 1;
                steps += 1;
            }
            if steps > 0 && j >= 2 && v.punct(j - 1) == "," && self.mention(j - 2).is_some() {
                let a = self.list_left(j - 2)?;
                return Some((a, "apposition", None));
            }
        }
        let mut i = m;
        // `P was appointed its chairman and Executive Secretary of X`: the
        // second of two coordinated titles after the copula.
        // `P had been hokim of X and chairman of Y`, `P served as chairman
        // of X, leader of Y and head of Z`: earlier titles may have objects
        // of their own.
        if m >= 1 && (v.is(m - 1, &["and"]) || v.punct(m - 1) == ",") {
            let mut j = m - 1;
            let mut steps = 0;
            while j > 0
                && steps < 16
                && (self.plain(j - 1)
                    || v.is(j - 1, DET)
                    || v.is(j - 1, &["of", "for", "and"])
                    || v.punct(j - 1) == ","
                    || self.mention(j - 1).is_some())
            {
                j -= 1;
                steps += 1;
            }
            if steps > 0 && j > 0 && v.is(j - 1, COPULA) && v.punct(j) != "," {
                i = j;
            }
        }
        let start = self.copula_run_start(i);
        let crossed = (start..i).any(|k| v.is(k, COPULA));
        i = start;
        if !crossed {
            return None;
        }
        if let Some((mut a, c, aside)) = self.subject(i) {
            // `Zhang Ming succeeded Vladimir Norov as Secretary-General of
            // X`: both have held the title.
            let succeeded = a.start >= 1
                && v.is(
                    a.start - 1,
                    &["succeeded", "succeeds", "replaced", "replaces"],
                );
            if succeeded && v.is(i, &["as"]) {
                if let Some((before, _, _)) = self.subject(a.start - 1) {
                    a.items.splice(0..0, before.items);
                    a.start = before.start;
                }
            }
            return Some((a, if c == "relative" { c } else { "copula" }, aside));
        }
        // `Q took over from P, his predecessor, as chairman of X`: both
        // have held the title. The view has already left out an apposition
        // such as `, his predecessor,` and kept its first comma.
        let from = match v.is(i, &["as"]) {
            true if i >= 2 && v.punct(i - 1) == "," => Some(i - 2),
            true => i.checked_sub(1),
            false => None,
        };
        if let Some(p) = from.filter(|&p| {
            p >= 3
                && self.is_person(p)
                && v.is(p - 1, &["from"])
                && v.is(p - 2, &["over"])
                && v.is(p - 3, &["took", "take", "takes", "taking", "taken"])
        }) {
            let mut a = self.one(p)?;
            if let Some((before, _, _)) = self.subject(p - 3) {
                a.items.splice(0..0, before.items);
                a.start = before.start;
            }
            return Some((a, "copula", None));
        }
        // `P succeeded him as chairman of X`: the successor holds the title.
        if v.is(i, &["as"])
            && i >= 2
            && v.is(i - 1, &["him", "her"])
            && v.is(i - 2, &["succeeded", "succeeds", "replaced", "replaces"])
        {
            if let Some((a, _, aside)) = self.subject(i - 2) {
                return Some((a, "copula", aside));
            }
        }
        // `The IJU fought as an ally of the Taliban`.
        if let Some((a, _, aside)) = self.as_subject(i) {
            return Some((a, "copula", aside));
        }
        // `P, who has chaired X and also serves as mayor of Y`: a copula
        // coordinated inside a relative clause shares its antecedent.
        let and = i.checked_sub(1).filter(|&j| v.is(j, &["and", "but"]))?;
        let pronoun = self.relative_pronoun_before(and)?;
        let (a, _, aside) = self.subject(pronoun + 1)?;
        Some((a, "relative", aside))
    }

    /// The `who` or `which` that opens the relative clause a word at `end`
    /// is coordinated in (`X, which replaced Y and was headed by P`): within
    /// 24 words, and not across `;` or `:`.
    fn relative_pronoun_before(&self, end: usize) -> Option<usize> {
        let v = self.view;
        (end.saturating_sub(24)..end)
            .rev()
            .take_while(|&j| !matches!(v.punct(j), ";" | ":"))
            .find(|&j| v.is(j, &["who", "which"]))
    }

    /// Where the run of copulas, auxiliaries and negation that ends before
    /// `i` starts (`has not been`, `served as`).
    fn copula_run_start(&self, mut i: usize) -> usize {
        let v = self.view;
        while i > 0 && (v.is(i - 1, COPULA) || v.is(i - 1, NEGATION) || v.is(i - 1, AUX)) {
            i -= 1;
        }
        i
    }

    /// The subject of a short verb phrase before `as`: `The IJU fought as
    /// an ally of X`, `P kept considerable influence as chairman of X`. A
    /// name in the phrase would be the holder itself (`praised P as`), so
    /// only plain words are crossed.
    fn as_subject(&self, i: usize) -> Option<(Arg, &'static str, Option<Range<usize>>)> {
        let v = self.view;
        if !v.is(i, &["as"]) {
            return None;
        }
        let mut j = i;
        while j > 0 && i - j < 3 && self.plain(j - 1) && !v.is(j - 1, COPULA) {
            j -= 1;
            if let Some(found) = self.subject(j) {
                return Some(found);
            }
        }
        None
    }

    /// The holder of a title that continues a list of titles: `P, chairman
    /// of X, leader of Y and head of Z` or `P served as chairman of X,
    /// leader of Y and head of Z`. Without this, the comma after `X` reads
    /// as an apposition that makes the organisation `X` the holder.
    fn title_list_holder(&self, m: usize) -> Option<(Arg, &'static str, Option<Range<usize>>)> {
        let v = self.view;
        let mut b = m.checked_sub(1)?;
        if !(v.punct(b) == "," || v.is(b, &["and"])) {
            return None;
        }
        // `P, deputy secretary of X, and two deputy chairmen of Y`: `, and`
        // after an apposition joins the next name of the clause.
        let mut comma_and = false;
        for _ in 0..4 {
            if v.is(b, &["and"]) && b >= 1 && v.punct(b - 1) == "," {
                b -= 1;
                comma_and = true;
            }
            // The earlier title's object: `of the X`.
            let object = b.checked_sub(1)?;
            self.mention(object)?;
            let mut k = object.checked_sub(1)?;
            if v.is(k, DET) {
                k = k.checked_sub(1)?;
            }
            if !v.is(k, &["of", "for", "at"]) {
                return None;
            }
            // The earlier title: a few plain words, perhaps after `the`.
            let mut t = k;
            while t > 0 && k - t < 4 && self.plain(t - 1) && !v.is(t - 1, COPULA) {
                t -= 1;
            }
            if t == k {
                return None;
            }
            while t > 0 && v.is(t - 1, DET) {
                t -= 1;
            }
            let before = t.checked_sub(1)?;
            if v.is(before, COPULA) {
                let i = self.copula_run_start(before);
                let (a, c, aside) = self.subject(i).or_else(|| self.as_subject(i))?;
                return Some((a, if c == "relative" { c } else { "copula" }, aside));
            }
            if v.punct(before) == "," && before >= 1 && self.is_person(before - 1) && !comma_and {
                return Some((self.one(before - 1)?, "apposition", None));
            }
            if v.punct(before) == "," || v.is(before, &["and"]) {
                b = before;
                continue;
            }
            return None;
        }
        None
    }

    /// The list after `be`, `include` or a colon: `are A and B`.
    fn inverse_list(&self, i: usize) -> Option<Arg> {
        let v = self.view;
        let mut j = i;
        let mut linked = false;
        // `X has ten members, including A and B`; `the members of X, among
        // them A and B,`.
        if v.punct(j) == "," {
            if v.is(j + 1, &["including"]) {
                j += 2;
                linked = true;
            } else if (v.is(j + 1, &["among"]) && v.is(j + 2, &["them", "which", "whom"]))
                || (v.is(j + 1, &["such"]) && v.is(j + 2, &["as"]))
            {
                // `, among them A and B`; `, such as A and B`.
                j += 3;
                linked = true;
            }
        }
        // `Secretaries general of X have included A and B`.
        if v.is(j, &["have", "has", "had"]) && v.is(j + 1, &["included", "been", "comprised"]) {
            j += 1;
        }
        while v.is(j, BE)
            || v.is(
                j,
                &[
                    "include",
                    "includes",
                    "included",
                    "including",
                    "comprise",
                    "comprises",
                    "comprised",
                    "now",
                    "currently",
                ],
            )
            || v.punct(j) == ":"
        {
            j += 1;
            linked = true;
        }
        if !linked {
            return None;
        }
        self.object(j)
    }

    fn nominal(&self, lexeme: &Lexeme, o: Occurrence) -> Vec<Found> {
        let v = self.view;
        let mut out = Vec::new();
        let prep = |j: usize| lexeme.preps.iter().any(|p| v.word(j) == p);
        let m = self.modifiers_start(o.start);
        // `Kyrgyzstan's membership of the EAEU`.
        if m >= 2 && v.word(m - 1) == "'s" && prep(o.end) {
            if let (Some(h), Some(t)) = (self.list_left(m - 2), self.object(o.end + 1)) {
                out.push(Found::new(h, t, "nominalisation"));
            }
        }
        // `Uzbekistan's suspension of its CSTO membership`: the
        // organisation names the membership the trigger ends on.
        if m >= 2
            && v.word(m - 1) == "'s"
            && self.mention(o.end).is_some()
            && v.is(o.end + 1, &["membership", "participation"])
        {
            if let (Some(h), Some(t)) = (self.list_left(m - 2), self.one(o.end)) {
                out.push(Found::new(h, t, "nominalisation"));
            }
        }
        // `the accession of Belarus to the SCO`.
        if v.word(o.end) == "of" {
            if let Some(h) = self.list_right(self.past_det(o.end + 1)) {
                if prep(h.end + 1) {
                    if let Some(t) = self.object(h.end + 2) {
                        out.push(Found::new(h, t, "nominalisation"));
                    }
                }
            }
        }
        out
    }
}

/// Arguments found for one occurrence: the subject (verb) or holder
/// (noun, nominal), and the other argument.
struct Found {
    subject: Arg,
    other: Arg,
    construction: &'static str,
    aside: Option<Range<usize>>,
}

impl Found {
    fn new(subject: Arg, other: Arg, construction: &'static str) -> Found {
        Found {
            subject,
            other,
            construction,
            aside: None,
        }
    }

    fn aside(mut self, aside: Option<Range<usize>>) -> Found {
        self.aside = aside;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_inflect_by_rule_and_exception() {
        let forms = |l: &str| verb_forms(l).into_iter().map(|f| f.0).collect::<Vec<_>>();
        assert_eq!(forms("join"), ["join", "joins", "joined", "joining"]);
        assert_eq!(
            forms("accede"),
            ["accede", "accedes", "acceded", "acceding"]
        );
        assert_eq!(forms("ally"), ["ally", "allies", "allied", "allying"]);
        assert_eq!(
            forms("withdraw"),
            [
                "withdraw",
                "withdraws",
                "withdrew",
                "withdrawn",
                "withdrawing"
            ]
        );
        assert_eq!(forms("comprise")[3], "comprising");
        assert_eq!(forms("step"), ["step", "steps", "stepped", "stepping"]);
        assert_eq!(forms("exit")[2], "exited");
        assert_eq!(noun_forms("chairman"), ["chairman", "chairmen"]);
        assert_eq!(noun_forms("body"), ["body", "bodies"]);
    }

    #[test]
    fn phrases_parse_with_groups_and_optional_words() {
        let l = Lexeme::parse("verb +suspend (its|their)? (participation|membership) in | +quit")
            .unwrap();
        assert_eq!(l.phrases.len(), 2);
        assert!(l.phrases[0][1].optional);
        assert!(Lexeme::parse("adverb x").is_err());
        assert_eq!(
            Lexeme::parse("verb +host the (seat|main office) of").unwrap_err(),
            TriggerError::SpaceInGroup("+host the (seat|main office) of".to_owned())
        );
    }
}
