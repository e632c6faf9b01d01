//! LEB128 varints (the encoding postcard uses for integers), with a total reader: a truncated or
//! overlong varint ends the stream instead of panicking, so a damaged blob can only yield fewer entries.

/// Appends `v` as an unsigned LEB128 varint.
pub fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Zig-zag encoding of a signed value (small magnitudes → small varints).
pub fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

pub fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// A cursor over varint-encoded bytes. Every read is bounds-checked.
#[derive(Clone, Copy, Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn position(&self) -> usize {
        self.pos
    }

    /// The next varint, or `None` at the end or on a malformed (truncated/overlong) varint.
    #[inline]
    pub fn read(&mut self) -> Option<u64> {
        let mut v: u64 = 0;
        let mut shift = 0u32;
        loop {
            let b = *self.bytes.get(self.pos)?;
            self.pos += 1;
            if shift >= 64 {
                self.pos = self.bytes.len();
                return None;
            }
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
        }
    }

    /// The next varint as u32 (saturating; a corrupt value cannot index out of bounds later because
    /// every use is checked again).
    #[inline]
    pub fn next_u32(&mut self) -> Option<u32> {
        self.read().map(|v| v.min(u32::MAX as u64) as u32)
    }

    /// Skips `n` varints by counting their last bytes (those below 0x80) without decoding them; `None` if
    /// the stream ends first.
    pub fn skip(&mut self, n: u64) -> Option<()> {
        if n == 0 {
            return Some(());
        }
        let rest = self.bytes.get(self.pos..)?;
        let mut left = n;
        for (i, &b) in rest.iter().enumerate() {
            if b < 0x80 {
                left -= 1;
                if left == 0 {
                    self.pos += i + 1;
                    return Some(());
                }
            }
        }
        self.pos = self.bytes.len();
        None
    }

    /// `n` raw bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_lands_where_reading_does() {
        let values = [
            0u64,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            u32::MAX as u64,
            u64::MAX,
            5,
        ];
        let mut bytes = Vec::new();
        for &v in &values {
            put(&mut bytes, v);
        }
        for n in 0..=values.len() {
            let mut a = Reader::new(&bytes);
            let mut b = Reader::new(&bytes);
            for _ in 0..n {
                a.read();
            }
            assert_eq!(b.skip(n as u64), Some(()));
            assert_eq!(a.position(), b.position(), "after {n}");
            assert_eq!(a.read(), b.read());
        }
        let mut c = Reader::new(&bytes);
        assert_eq!(c.skip(values.len() as u64 + 1), None);
        assert!(c.is_empty());
        // A truncated varint (continuation bit on the last byte) is not counted.
        let mut d = Reader::new(&[0x80, 0x80]);
        assert_eq!(d.skip(1), None);
    }

    #[test]
    fn round_trip_and_truncation() {
        let mut out = Vec::new();
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            put(&mut out, v);
        }
        let mut r = Reader::new(&out);
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            assert_eq!(r.read(), Some(v));
        }
        assert_eq!(r.read(), None);
        // A truncated varint ends the stream.
        let mut r = Reader::new(&[0x80, 0x80]);
        assert_eq!(r.read(), None);
        // An overlong one too.
        let long = [0xffu8; 20];
        let mut r = Reader::new(&long);
        assert_eq!(r.read(), None);
        assert!(r.is_empty());
        for v in [0i64, -1, 1, i64::MIN, i64::MAX] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
    }
}
