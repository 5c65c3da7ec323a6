//! A tiny deterministic PRNG (splitmix64) so two seeds of an empty database are identical,
//! ids included.

/// splitmix64: one multiply-xorshift step per number; plenty for demo data.
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `count` digits, the first not zero.
    pub fn digits(&mut self, count: usize) -> String {
        let mut out = String::with_capacity(count);
        out.push(char::from(b'1' + self.below(9) as u8));
        for _ in 1..count {
            out.push(char::from(b'0' + self.below(10) as u8));
        }
        out
    }

    /// A lowercase version-4-shaped GUID.
    pub fn guid(&mut self) -> String {
        let hi = self.next_u64();
        let lo = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xffff,
            hi & 0x0fff,
            ((lo >> 48) & 0x3fff) | 0x8000,
            lo & 0xffff_ffff_ffff
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_guid_shaped() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        let guid = a.guid();
        assert_eq!(guid, b.guid());
        assert_eq!(guid.len(), 36);
        assert_eq!(&guid[14..15], "4");
        assert!(uuid::Uuid::parse_str(&guid).is_ok());
        for _ in 0..1000 {
            let n = a.range(3, 5);
            assert!((3..=5).contains(&n));
        }
    }
}
