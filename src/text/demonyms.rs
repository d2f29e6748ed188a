//! Adjectives of nationality, shared by the matcher (a hyphen after one
//! joins a name: `Kyrgyz-Uzbek`) and by the reading of written forms (one
//! before lower-case words is a description: `Russian armed forces`).

/// Adjectives of nationality that open a description rather
/// than a name when the words after them are in lower case. The same
/// words as the `demonym` list of `rules/names.rules`, which proposes no
/// name from them either.
pub(crate) const ADJECTIVES: &[&str] = &[
    "Afghan",
    "Tajik",
    "Uzbek",
    "Kyrgyz",
    "Kazakh",
    "Turkmen",
    "Russian",
    "Chinese",
    "Pakistani",
    "Iranian",
    "Syrian",
    "Iraqi",
    "Kurdish",
    "Pashtun",
    "Uyghur",
    "Uighur",
    "Soviet",
    "Indian",
    "Turkish",
    "Arab",
    "Persian",
    "Georgian",
    "Armenian",
    "Azerbaijani",
    "Mongolian",
    "Ukrainian",
    "Belarusian",
    "American",
    "British",
    "French",
    "German",
    "Chechen",
];
