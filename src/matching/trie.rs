//! A static byte trie for anchored prefix search: "which keys start here?".
//!
//! The matcher asks this once per word start, so the two things that count
//! are the walk (a few array reads per byte) and the build (a large
//! gazetteer is rebuilt whenever it changes). Aho-Corasick and double-array
//! builders spend seconds on 400,000 keys; this one is built depth-first
//! from sorted keys in one pass over their bytes, without recursion (a
//! 10,000-byte key is fine), and a key's unshared rest is stored as a plain
//! byte string (a "tail") instead of a chain of one-child nodes, which is
//! most of a name.
//!
//! Its arrays are plain integers, so [`Trie::to_bytes`] and
//! [`Trie::from_bytes`] store and load it without parsing; `from_bytes`
//! checks every index, so a damaged cache is an error, never a wrong walk.

const NONE: u32 = u32::MAX;
/// Set in [`Node::len`] when the node is a tail.
const TAIL: u32 = 1 << 31;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Node {
    /// Edges: the first edge index; tail: the first byte in `tails`.
    first: u32,
    /// Edges: their number; tail: `TAIL` | its length.
    len: u32,
    /// The key that ends here (for a tail: at the tail's end), or `NONE`.
    value: u32,
}

/// A static trie from byte strings to `u32` values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trie {
    nodes: Vec<Node>,
    /// Edge labels, each node's sorted and contiguous.
    labels: Vec<u8>,
    /// Edge targets, parallel to `labels`.
    targets: Vec<u32>,
    tails: Vec<u8>,
    /// The root's children by byte, because nearly every walk starts with
    /// a wide fan-out there.
    root: Box<[u32; 256]>,
    /// For each node with more than [`NARROW`] edges, 256 bytes: the edge's
    /// position among the node's edges plus one, or 0. A binary search
    /// there is a chain of dependent loads that costs more than the rest
    /// of the walk; this costs one.
    wide: WideIndex,
}

/// Nodes with at most this many edges are searched linearly.
const NARROW: u32 = 6;

/// Where each wide node's 256-byte table starts in `tables`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct WideIndex {
    /// Per node: table start / 256, or `NONE`.
    of_node: Vec<u32>,
    tables: Vec<u8>,
}

impl WideIndex {
    fn build(nodes: &[Node], labels: &[u8]) -> WideIndex {
        let mut index = WideIndex {
            of_node: vec![NONE; nodes.len()],
            tables: Vec::new(),
        };
        for (i, n) in nodes.iter().enumerate() {
            // 255 edges at most, so that a position plus one fits a byte;
            // only the root could have 256, and it has its own table.
            if n.len & TAIL != 0 || n.len <= NARROW || n.len > 255 {
                continue;
            }
            index.of_node[i] = (index.tables.len() / 256) as u32;
            let start = index.tables.len();
            index.tables.resize(start + 256, 0);
            let first = n.first as usize;
            for (j, &l) in labels[first..first + n.len as usize].iter().enumerate() {
                index.tables[start + l as usize] = j as u8 + 1;
            }
        }
        index
    }
}

/// A malformed serialised trie.
#[derive(Debug, thiserror::Error)]
#[error("not a valid trie: {0}")]
pub struct TrieError(&'static str);

impl Trie {
    /// Builds the trie of `keys`. Keys may come in any order; for a key
    /// given twice the last value wins.
    pub fn build<K: AsRef<[u8]>>(keys: &[(K, u32)]) -> Trie {
        let mut sorted: Vec<(&[u8], u32)> = keys.iter().map(|(k, v)| (k.as_ref(), *v)).collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        // Of equal keys the stable sort keeps input order: keep the last.
        sorted.reverse();
        sorted.dedup_by(|a, b| a.0 == b.0);
        sorted.reverse();

        let mut trie = Trie {
            nodes: vec![Node {
                first: 0,
                len: 0,
                value: NONE,
            }],
            labels: Vec::new(),
            targets: Vec::new(),
            tails: Vec::new(),
            root: Box::new([NONE; 256]),
            wide: WideIndex::default(),
        };
        // (node, keys[lo..hi] all share the node's prefix of length depth)
        // Depth first, so that a walk down the trie moves forward through
        // memory instead of jumping from level to level: most of a walk's
        // cost is cache misses.
        let mut stack = vec![(0usize, 0usize, sorted.len(), 0usize)];
        while let Some((node, mut lo, hi, depth)) = stack.pop() {
            if lo < hi && sorted[lo].0.len() == depth {
                trie.nodes[node].value = sorted[lo].1;
                lo += 1;
            }
            // One key left and none ending here: the rest of it is a tail.
            if hi - lo == 1 && node != 0 && trie.nodes[node].value == NONE {
                let rest = &sorted[lo].0[depth..];
                trie.nodes[node] = Node {
                    first: trie.tails.len() as u32,
                    len: TAIL | rest.len() as u32,
                    value: sorted[lo].1,
                };
                trie.tails.extend_from_slice(rest);
                continue;
            }
            trie.push_children(node, &sorted, lo, hi, depth, &mut stack);
        }
        Trie::indexed(trie.nodes, trie.labels, trie.targets, trie.tails)
    }

    /// A trie of these arrays with its lookup tables (the root's and the
    /// wide nodes'), which are derived and never stored.
    fn indexed(nodes: Vec<Node>, labels: Vec<u8>, targets: Vec<u32>, tails: Vec<u8>) -> Trie {
        let mut root = Box::new([NONE; 256]);
        let first = nodes[0].first as usize;
        for e in first..first + nodes[0].len as usize {
            root[labels[e] as usize] = targets[e];
        }
        let wide = WideIndex::build(&nodes, &labels);
        Trie {
            nodes,
            labels,
            targets,
            tails,
            root,
            wide,
        }
    }

    fn push_children(
        &mut self,
        node: usize,
        sorted: &[(&[u8], u32)],
        mut lo: usize,
        hi: usize,
        depth: usize,
        stack: &mut Vec<(usize, usize, usize, usize)>,
    ) {
        self.nodes[node].first = self.labels.len() as u32;
        let mut count = 0;
        let pushed = stack.len();
        while lo < hi {
            let byte = sorted[lo].0[depth];
            let mut end = lo + 1;
            while end < hi && sorted[end].0[depth] == byte {
                end += 1;
            }
            let child = self.nodes.len();
            self.nodes.push(Node {
                first: 0,
                len: 0,
                value: NONE,
            });
            self.labels.push(byte);
            self.targets.push(child as u32);
            stack.push((child, lo, end, depth + 1));
            count += 1;
            lo = end;
        }
        stack[pushed..].reverse();
        self.nodes[node].len = count;
    }

    /// Every key that is a prefix of `text`, as (value, key length), shortest
    /// first.
    pub fn prefixes<'a>(&'a self, text: &'a [u8]) -> impl Iterator<Item = (u32, usize)> + 'a {
        Prefixes {
            trie: self,
            text,
            node: None,
            pos: 0,
            done: false,
        }
    }

    /// Whether some key starts with `byte`.
    pub fn starts_with_byte(&self, byte: u8) -> bool {
        self.root[byte as usize] != NONE
    }

    /// The trie as bytes, for a cache file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            32 + self.nodes.len() * 12 + self.labels.len() * 5 + self.tails.len(),
        );
        for n in [self.nodes.len(), self.labels.len(), self.tails.len()] {
            out.extend_from_slice(&(n as u64).to_le_bytes());
        }
        for n in &self.nodes {
            for x in [n.first, n.len, n.value] {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out.extend_from_slice(&self.labels);
        for t in &self.targets {
            out.extend_from_slice(&t.to_le_bytes());
        }
        out.extend_from_slice(&self.tails);
        out
    }

    /// Reads [`Trie::to_bytes`]'s output back, checking every index.
    pub fn from_bytes(bytes: &[u8]) -> Result<Trie, TrieError> {
        let mut r = Reader { bytes, at: 0 };
        let n_nodes = r.count()?;
        let n_edges = r.count()?;
        let n_tails = r.count()?;
        let mut nodes = Vec::with_capacity(n_nodes.min(bytes.len() / 12));
        for _ in 0..n_nodes {
            nodes.push(Node {
                first: r.u32()?,
                len: r.u32()?,
                value: r.u32()?,
            });
        }
        let labels = r.take(n_edges)?.to_vec();
        let mut targets = Vec::with_capacity(n_edges.min(bytes.len() / 4));
        for _ in 0..n_edges {
            targets.push(r.u32()?);
        }
        let tails = r.take(n_tails)?.to_vec();
        if r.at != bytes.len() || nodes.is_empty() {
            return Err(TrieError("wrong length"));
        }
        for n in &nodes {
            let (first, len) = (n.first as usize, (n.len & !TAIL) as usize);
            let room = if n.len & TAIL != 0 {
                tails.len()
            } else {
                labels.len()
            };
            if first.checked_add(len).map_or(true, |end| end > room) {
                return Err(TrieError("an index out of range"));
            }
        }
        if targets.iter().any(|&t| t as usize >= nodes.len() || t == 0) {
            return Err(TrieError("an edge out of range"));
        }
        if nodes[0].len & TAIL != 0 {
            return Err(TrieError("a tail at the root"));
        }
        Ok(Trie::indexed(nodes, labels, targets, tails))
    }

    /// The memory it holds, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.nodes.len() * std::mem::size_of::<Node>()
            + self.labels.len()
            + self.targets.len() * 4
            + self.tails.len()
            + 256 * 4
            + self.wide.of_node.len() * 4
            + self.wide.tables.len()
    }

    fn child(&self, at: u32, node: &Node, byte: u8) -> Option<u32> {
        let first = node.first as usize;
        let j = if node.len <= NARROW {
            let labels = self.labels.get(first..first + node.len as usize)?;
            labels.iter().position(|&l| l == byte)?
        } else {
            match self.wide.of_node.get(at as usize) {
                Some(&t) if t != NONE => {
                    let k = *self.wide.tables.get(t as usize * 256 + byte as usize)?;
                    (k as usize).checked_sub(1)?
                }
                _ => {
                    let labels = self.labels.get(first..first + node.len as usize)?;
                    labels.binary_search(&byte).ok()?
                }
            }
        };
        self.targets.get(first + j).copied()
    }
}

struct Prefixes<'a> {
    trie: &'a Trie,
    text: &'a [u8],
    /// The node reached after `pos` bytes (`None`: at the root).
    node: Option<u32>,
    pos: usize,
    done: bool,
}

impl Iterator for Prefixes<'_> {
    type Item = (u32, usize);

    fn next(&mut self) -> Option<(u32, usize)> {
        while !self.done {
            let next = match self.node {
                None => {
                    let &b = self.text.first()?;
                    self.trie.root[b as usize]
                }
                Some(n) => {
                    let node = self.trie.nodes.get(n as usize)?;
                    if node.len & TAIL != 0 {
                        self.done = true;
                        let first = node.first as usize;
                        let tail = self
                            .trie
                            .tails
                            .get(first..first + (node.len & !TAIL) as usize)?;
                        return self.text[self.pos..]
                            .starts_with(tail)
                            .then_some((node.value, self.pos + tail.len()));
                    }
                    match self.text.get(self.pos) {
                        Some(&b) => self.trie.child(n, node, b).unwrap_or(NONE),
                        None => NONE,
                    }
                }
            };
            if next == NONE {
                self.done = true;
                return None;
            }
            self.node = Some(next);
            self.pos += 1;
            let node = self.trie.nodes.get(next as usize)?;
            if node.len & TAIL == 0 && node.value != NONE {
                return Some((node.value, self.pos));
            }
        }
        None
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], TrieError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(TrieError("truncated"))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, TrieError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn count(&mut self) -> Result<usize, TrieError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        usize::try_from(u64::from_le_bytes(a)).map_err(|_| TrieError("a count too large"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_of_a_text_are_every_alias_it_starts_with() {
        let trie = Trie::build(&[
            (b"new".as_slice(), 0),
            (b"new york".as_slice(), 1),
            (b"newark".as_slice(), 2),
        ]);
        let found: Vec<(u32, usize)> = trie.prefixes(b"new york city").collect();
        assert_eq!(found, [(0, 3), (1, 8)]);
    }

    fn keys(list: &[&str]) -> Vec<(Vec<u8>, u32)> {
        list.iter()
            .enumerate()
            .map(|(i, k)| (k.as_bytes().to_vec(), i as u32))
            .collect()
    }

    /// (keys, text, expected (key, length) pairs)
    type Case = (
        &'static [&'static str],
        &'static str,
        &'static [(usize, usize)],
    );
    const CASES: &[Case] = &[
        (&["a", "ab", "abc"], "abcd", &[(0, 1), (1, 2), (2, 3)]),
        (&["abc"], "ab", &[]),
        (&["abc"], "abd", &[]),
        (&["new york", "new"], "new york", &[(1, 3), (0, 8)]),
        (&["x"], "", &[]),
        (&[], "anything", &[]),
        (&["b", "a"], "b", &[(0, 1)]),
        (&["kazakhstan", "kazan"], "kazan", &[(1, 5)]),
        (&["kazakhstan", "kazan"], "kazakhstani", &[(0, 10)]),
        (&["ab", "abcdef"], "abcdefg", &[(0, 2), (1, 6)]),
        (&["ab", "abcdef"], "abcde", &[(0, 2)]),
        (&["北京", "北"], "北京市", &[(1, 3), (0, 6)]),
    ];

    #[test]
    fn prefix_cases() {
        for (list, text, want) in CASES {
            let trie = Trie::build(&keys(list));
            let got: Vec<(usize, usize)> = trie
                .prefixes(text.as_bytes())
                .map(|(v, l)| (v as usize, l))
                .collect();
            assert_eq!(&got, want, "keys {list:?} in {text:?}");
            let again = Trie::from_bytes(&trie.to_bytes()).unwrap();
            assert_eq!(again, trie);
        }
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        let trie = Trie::build(&[(b"a".as_slice(), 1), (b"a".as_slice(), 2)]);
        assert_eq!(trie.prefixes(b"a").collect::<Vec<_>>(), [(2, 1)]);
    }

    #[test]
    fn a_very_long_key_builds_without_recursion() {
        let long = "x".repeat(100_000);
        let trie = Trie::build(&[(long.as_bytes(), 7), (b"xy".as_slice(), 8)]);
        assert_eq!(trie.prefixes(long.as_bytes()).last(), Some((7, 100_000)));
    }

    #[test]
    fn damaged_bytes_are_refused() {
        let trie = Trie::build(&keys(&["alpha", "alps", "beta"]));
        let bytes = trie.to_bytes();
        assert!(Trie::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        for i in 24..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0xFF;
            // Any outcome but a panic is fine; a load that succeeds must
            // still only ever walk inside its arrays.
            if let Ok(t) = Trie::from_bytes(&bad) {
                let _ = t.prefixes(b"alphabet soup").count();
            }
        }
    }
}
