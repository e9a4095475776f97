//! SplitMix64 (Steele, Lea & Flood 2014, as in `java.util.SplittableRandom`): a tiny seeded
//! generator, the same on every machine, for the places that need reproducible choices
//! (k-means seeds, UMAP's jitter and negative samples, the randomised UI test) and no
//! statistical strength beyond that.

/// The generator's state; each call to [`SplitMix64::next_u64`] advances it.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_splitmix64s() {
        // The first outputs for seed 0 (the reference implementation's).
        let mut random = SplitMix64(0);
        assert_eq!(random.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(random.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
