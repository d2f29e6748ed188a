//! A compiled-gazetteer cache: the checked entities and the built matcher,
//! stored under a key made from everything they depend on, so that a large
//! gazetteer is ready in a fraction of the time it takes to parse,
//! normalise and build.
//!
//! The key hashes the gazetteer sources' names and bytes (embedded ones
//! included), the cache format, and the gazet executable's size and
//! modification time: editing a gazetteer file or rebuilding gazet makes a
//! new key, so a stale entry is never read. Entries are written whole
//! (temporary file, then rename) and end with an XXH3-128 checksum of every
//! byte before it, verified before anything is decoded: a bit flipped on disk
//! or an entry edited by hand (an id changed, say) is rebuilt and replaced,
//! never served. The checksum guards against damage, not against someone who
//! can write the cache folder and recompute it; such a person could as well
//! edit the gazetteers. The eight most recent entries are kept.
//!
//! The folder is `$GAZET_CACHE_DIR`, else `$XDG_CACHE_HOME/gazet`, else
//! `~/.cache/gazet`.

use crate::error::{Error, Result};
use crate::lexicon::codec::{Bad, Dec, Enc};
use crate::lexicon::gazetteer::{
    Alias, Entity, Fact, Gazetteer, GazetteerBuilder, Origin, SourceText, CONTEXT,
};
use crate::matching::matcher::Matcher;
use crate::model::schema::{check_kind, Label, Relation};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Bumped whenever the encoding below changes.
const FORMAT: u32 = 2;
const MAGIC: &[u8; 8] = b"gazetc\x00\x02";
/// The trailing checksum's size: XXH3-128.
const SUM: usize = 16;
const KEEP: usize = 8;

/// What the cache did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheStatus {
    /// No cache folder was used.
    Off,
    /// Read from the cache.
    Hit,
    /// Built, and written to the cache.
    Miss,
}

impl CacheStatus {
    /// The status's name in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            CacheStatus::Off => "off",
            CacheStatus::Hit => "hit",
            CacheStatus::Miss => "miss",
        }
    }
}

/// A gazetteer with its matcher, ready to annotate with.
pub struct Compiled {
    /// The gazetteers.
    pub gazetteer: Gazetteer,
    /// The alias matcher built over them.
    pub matcher: Matcher,
    /// Whether the cache was used.
    pub status: CacheStatus,
}

/// The cache folder from the environment, if there is a home for one.
pub fn default_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("GAZET_CACHE_DIR")
        .or_else(|| env("XDG_CACHE_HOME").map(|d| d.join("gazet")))
        .or_else(|| env("HOME").map(|d| d.join(".cache").join("gazet")))
}

/// Parses and builds the gazetteers `builder` names, or reads them from the
/// cache in `dir`. A cache that cannot be read or written is only a lost
/// speed-up, never an error.
pub fn compile(builder: &GazetteerBuilder, dir: Option<&Path>) -> Result<Compiled> {
    let sources = builder.read_sources()?;
    let Some(dir) = dir else {
        let gazetteer = GazetteerBuilder::parse_sources(&sources)?;
        let matcher = Matcher::new(&gazetteer)?;
        return Ok(Compiled {
            gazetteer,
            matcher,
            status: CacheStatus::Off,
        });
    };
    let path = dir.join(format!("{}.gazc", key(&sources)));
    if let Ok(bytes) = std::fs::read(&path) {
        if let Ok((gazetteer, matcher)) = decode(&bytes) {
            return Ok(Compiled {
                gazetteer,
                matcher,
                status: CacheStatus::Hit,
            });
        }
    }
    let gazetteer = GazetteerBuilder::parse_sources(&sources)?;
    let matcher = Matcher::new(&gazetteer)?;
    let status = match store(dir, &path, &encode(&gazetteer, &matcher)) {
        Ok(()) => CacheStatus::Miss,
        Err(_) => CacheStatus::Off,
    };
    Ok(Compiled {
        gazetteer,
        matcher,
        status,
    })
}

/// 128 bits from two differently seeded SipHashes: a key, not a defence
/// against anyone crafting collisions.
fn key(sources: &[SourceText]) -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|m| (m.len(), m.modified().ok()));
    let half = |seed: u64| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        seed.hash(&mut h);
        FORMAT.hash(&mut h);
        env!("CARGO_PKG_VERSION").hash(&mut h);
        exe.hash(&mut h);
        sources.hash(&mut h);
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

fn store(dir: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    crate::files::write_atomic(path, bytes)?;
    // Keep the most recent entries only.
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "gazc"))
        .filter_map(|p| Some((std::fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (_, old) in entries.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(old);
    }
    Ok(())
}

fn encode(g: &Gazetteer, m: &Matcher) -> Vec<u8> {
    let mut e = Enc(Vec::with_capacity(1 << 20));
    e.0.extend_from_slice(MAGIC);
    e.u64(g.entities().len() as u64);
    for x in g.entities() {
        e.str(&x.id);
        e.str(x.label.as_str());
        e.str(x.kind);
        e.str(&x.name);
        e.u64(x.aliases.len() as u64);
        for a in &x.aliases {
            e.str(&a.text);
            e.u64(a.case_sensitive as u64);
            e.str(&a.key);
        }
        e.u64(x.facts.len() as u64);
        for f in &x.facts {
            e.str(f.relation.map_or(CONTEXT, Relation::as_str));
            e.u64(f.target as u64);
        }
        e.str(&x.origin.file);
        e.u64(x.origin.line as u64);
    }
    m.encode(&mut e);
    let sum = xxhash_rust::xxh3::xxh3_128(&e.0);
    e.0.extend_from_slice(&sum.to_le_bytes());
    e.0
}

/// The entry without its checksum, if the checksum matches.
fn verified(entry: &[u8]) -> std::result::Result<&[u8], Bad> {
    let split = entry.len().checked_sub(SUM).ok_or(Bad)?;
    let (body, sum) = entry.split_at(split);
    let mut want = [0u8; SUM];
    want.copy_from_slice(sum);
    if xxhash_rust::xxh3::xxh3_128(body) != u128::from_le_bytes(want) {
        return Err(Bad);
    }
    Ok(body)
}

fn decode(entry: &[u8]) -> std::result::Result<(Gazetteer, Matcher), Bad> {
    let bytes = verified(entry)?;
    let mut d = Dec { bytes, at: 0 };
    if d.take(MAGIC.len())? != MAGIC {
        return Err(Bad);
    }
    let n = d.len()?;
    let mut entities = Vec::with_capacity(n.min(bytes.len()));
    for _ in 0..n {
        let id = d.string()?;
        let label: Label = d.str()?.parse().map_err(|_| Bad)?;
        let kind = check_kind(d.str()?, label).map_err(|_| Bad)?;
        let name = d.string()?;
        let mut aliases = Vec::new();
        for _ in 0..d.len()? {
            aliases.push(Alias {
                text: d.string()?,
                case_sensitive: d.u64()? != 0,
                key: d.string()?,
            });
        }
        let mut facts = Vec::new();
        for _ in 0..d.len()? {
            let relation = match d.str()? {
                CONTEXT => None,
                r => Some(r.parse::<Relation>().map_err(|_| Bad)?),
            };
            facts.push(Fact {
                relation,
                target: d.len()?,
            });
        }
        let origin = Origin {
            file: d.string()?,
            line: d.len()?,
        };
        entities.push(Entity {
            id,
            label,
            kind,
            name,
            aliases,
            facts,
            origin,
        });
    }
    // Indices must point inside, or a later lookup would panic. The key
    // leaves the schema out, so a fact it now forbids sends the gazetteer
    // back to its parser, which says where.
    let fits = |e: &Entity, f: &Fact| {
        f.target < entities.len()
            && !matches!(f.relation, Some(r) if !r.allows(e.label, entities[f.target].label))
    };
    if entities.iter().any(|e| e.facts.iter().any(|f| !fits(e, f))) {
        return Err(Bad);
    }
    let gazetteer = Gazetteer::from_entities(entities);
    let matcher = Matcher::decode(&mut d, &gazetteer)?;
    if d.at != bytes.len() {
        return Err(Bad);
    }
    Ok((gazetteer, matcher))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::{Normalized, Options};

    fn builder() -> GazetteerBuilder {
        Gazetteer::builder().default_gazetteers(false).add_source(
            "t.tsv",
            "kg\tLOC\tcountry\tKyrgyzstan\tKirghizia\nbishkek\tLOC\tcity\tBishkek\tFrunze\tlocated_in=kg\n",
        )
    }

    #[test]
    fn an_entry_reads_back_to_the_same_gazetteer_and_matches() {
        let dir = tempfile::tempdir().unwrap();
        let first = compile(&builder(), Some(dir.path())).unwrap();
        assert_eq!(first.status, CacheStatus::Miss);
        let again = compile(&builder(), Some(dir.path())).unwrap();
        assert_eq!(again.status, CacheStatus::Hit);
        assert_eq!(again.gazetteer.entities(), first.gazetteer.entities());
        let text = "From Frunze, capital of Kirghizia, to the CSTO.";
        let view = Normalized::new(text, Options::FOLDED);
        assert_eq!(
            again.matcher.candidates(text, &view),
            first.matcher.candidates(text, &view)
        );
    }

    #[test]
    fn another_source_is_another_key_and_damage_is_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        compile(&builder(), Some(dir.path())).unwrap();
        let other = builder().add_source("u.tsv", "x\tPER\tperson\tX Y\n");
        assert_eq!(
            compile(&other, Some(dir.path())).unwrap().status,
            CacheStatus::Miss
        );
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let p = entry.unwrap().path();
            let mut bytes = std::fs::read(&p).unwrap();
            let mid = bytes.len() / 2;
            bytes[mid] ^= 0x55;
            bytes.truncate(bytes.len() - 3);
            std::fs::write(&p, bytes).unwrap();
        }
        let rebuilt = compile(&builder(), Some(dir.path())).unwrap();
        assert_eq!(rebuilt.status, CacheStatus::Miss);
        let fresh = compile(&builder(), None).unwrap();
        assert_eq!(rebuilt.gazetteer.entities(), fresh.gazetteer.entities());
    }

    /// The one entry in `dir`.
    fn entry(dir: &Path) -> PathBuf {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        found.remove(0)
    }

    /// A compile from `dir` that must have rebuilt, and equal the uncached one.
    fn assert_rebuilt(dir: &Path, fresh: &Compiled, what: &str) {
        let text = "From Frunze, capital of Kirghizia, to Bishkek.";
        let view = Normalized::new(text, Options::FOLDED);
        let got = compile(&builder(), Some(dir)).unwrap();
        assert_eq!(got.status, CacheStatus::Miss, "{what} was served");
        assert_eq!(
            got.gazetteer.entities(),
            fresh.gazetteer.entities(),
            "{what}"
        );
        assert_eq!(
            got.matcher.candidates(text, &view),
            fresh.matcher.candidates(text, &view),
            "{what}"
        );
    }

    #[test]
    fn a_flipped_bit_anywhere_or_an_edited_id_is_rebuilt_never_served() {
        let dir = tempfile::tempdir().unwrap();
        compile(&builder(), Some(dir.path())).unwrap();
        let path = entry(dir.path());
        let good = std::fs::read(&path).unwrap();
        let fresh = compile(&builder(), None).unwrap();
        let mut rng = fastrand::Rng::with_seed(13);
        // Every few bytes of the entities part, the checksum, and random
        // offsets over the whole entry (the matcher's tables are large).
        let offsets: Vec<usize> = (0..good.len().min(400))
            .step_by(7)
            .chain(good.len() - SUM..good.len())
            .chain((0..60).map(|_| rng.usize(..good.len())))
            .collect();
        for at in offsets {
            let mut bad = good.clone();
            bad[at] ^= 1 << rng.u8(..8);
            std::fs::write(&path, &bad).unwrap();
            assert_rebuilt(dir.path(), &fresh, &format!("a bit flipped at byte {at}"));
            assert_eq!(std::fs::read(&path).unwrap(), good, "replaced whole");
        }
        // An id edited by hand, same length, so every count still fits.
        let at = good
            .windows(7)
            .position(|w| w == b"bishkek")
            .expect("the id is stored");
        let mut edited = good.clone();
        edited[at..at + 7].copy_from_slice(b"bishkex");
        std::fs::write(&path, &edited).unwrap();
        assert_rebuilt(dir.path(), &fresh, "an edited id");
        // Cut short at any length, the checksum included.
        for len in [0, 1, SUM - 1, SUM, good.len() / 2, good.len() - 1] {
            std::fs::write(&path, &good[..len]).unwrap();
            assert_rebuilt(dir.path(), &fresh, &format!("an entry cut to {len} bytes"));
        }
    }
}
