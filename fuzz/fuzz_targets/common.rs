//! What several targets share (not a target itself).

use std::sync::OnceLock;

/// The embedded gazetteer, built once per fuzzing process.
pub fn gazetteer() -> gazet::Gazetteer {
    static G: OnceLock<gazet::Gazetteer> = OnceLock::new();
    G.get_or_init(|| gazet::Gazetteer::embedded().expect("embedded gazetteer"))
        .clone()
}
