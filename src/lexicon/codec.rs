//! The binary layout of a compiled-gazetteer cache entry: little-endian
//! integers and length-prefixed bytes, read back with every length checked
//! against the entry so that a damaged entry is refused, never trusted.

/// A cache entry that does not read back.
#[derive(Debug)]
pub(crate) struct Bad;

pub(crate) struct Enc(pub Vec<u8>);

impl Enc {
    pub fn u64(&mut self, x: u64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
}

pub(crate) struct Dec<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
}

impl<'a> Dec<'a> {
    pub(crate) fn take(&mut self, n: usize) -> std::result::Result<&'a [u8], Bad> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let s = &self.bytes[self.at..end.ok_or(Bad)?];
        self.at += n;
        Ok(s)
    }

    pub fn u64(&mut self) -> std::result::Result<u64, Bad> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    /// A count or an index: a `usize` no larger than the entry itself, so
    /// that a damaged count cannot ask for a huge allocation.
    pub fn len(&mut self) -> std::result::Result<usize, Bad> {
        usize::try_from(self.u64()?)
            .ok()
            .filter(|&n| n <= self.bytes.len())
            .ok_or(Bad)
    }

    pub fn bytes(&mut self) -> std::result::Result<&'a [u8], Bad> {
        let n = self.len()?;
        self.take(n)
    }

    pub fn str(&mut self) -> std::result::Result<&'a str, Bad> {
        std::str::from_utf8(self.bytes()?).map_err(|_| Bad)
    }

    pub fn string(&mut self) -> std::result::Result<String, Bad> {
        self.str().map(str::to_owned)
    }
}
