//! Lucene 8.8's `LegacyBM25Similarity` (k1 1.2, b 0.75, with the `(k1 + 1)` factor ES 7 keeps), computed
//! with the same f32/f64 operations in the same order so that scores — and therefore ties and ranking —
//! come out bit-identical to Lucene's.

use crate::index::schema::byte4_to_int;
use crate::index::FieldStats;

pub const K1: f32 = 1.2;
pub const B: f32 = 0.75;

/// `(float) Math.log(1 + (docCount - docFreq + 0.5D) / (docFreq + 0.5D))`.
pub fn idf(doc_freq: u64, doc_count: u64) -> f32 {
    (1.0 + (doc_count as f64 - doc_freq as f64 + 0.5) / (doc_freq as f64 + 0.5)).ln() as f32
}

/// The idf of a phrase: the per-term idfs summed in a double, then cast (BM25Similarity.idfExplain).
pub fn idf_sum(doc_freqs: impl Iterator<Item = u64>, doc_count: u64) -> f32 {
    let mut sum = 0f64;
    for df in doc_freqs {
        sum += idf(df, doc_count) as f64;
    }
    sum as f32
}

/// The BM25 scorer of one (query, field): `weight` and the 256-entry inverse-norm cache.
#[derive(Clone, Debug)]
pub struct Scorer {
    weight: f32,
    cache: [f32; 256],
}

impl Scorer {
    /// `boost` is the product of the enclosing boosts (1.0 by default).
    pub fn new(boost: f32, idf: f32, stats: FieldStats) -> Scorer {
        // LegacyBM25Similarity.scorer: boost * (1 + k1); BM25Scorer: weight = boost * idf.
        let boost = boost * (1.0f32 + K1);
        let weight = boost * idf;
        let avgdl = (stats.sum_ttf as f64 / stats.doc_count as f64) as f32;
        let mut cache = [0f32; 256];
        for (i, c) in cache.iter_mut().enumerate() {
            let len = byte4_to_int(i as u8) as f32;
            *c = 1.0f32 / (K1 * ((1.0f32 - B) + B * len / avgdl));
        }
        Scorer { weight, cache }
    }

    /// `weight - weight / (1f + freq * normInverse)`.
    #[inline]
    pub fn score(&self, freq: f32, norm: u8) -> f32 {
        let norm_inverse = self.cache[norm as usize];
        self.weight - self.weight / (1.0f32 + freq * norm_inverse)
    }
}

/// A scorer's scores at frequency 1, per norm byte, computed on first use: most matches of a term occur
/// once in their value, so a long list of matches costs one division per distinct norm, not per match.
pub struct MemoScorer<'s> {
    scorer: &'s Scorer,
    at_one: [f32; 256],
}

impl<'s> MemoScorer<'s> {
    pub fn new(scorer: &'s Scorer) -> MemoScorer<'s> {
        MemoScorer {
            scorer,
            at_one: [f32::NAN; 256],
        }
    }

    /// Exactly [`Scorer::score`].
    #[inline]
    pub fn score(&mut self, freq: f32, norm: u8) -> f32 {
        if freq != 1.0 {
            return self.scorer.score(freq, norm);
        }
        let memo = &mut self.at_one[norm as usize];
        if memo.is_nan() {
            *memo = self.scorer.score(1.0, norm);
        }
        *memo
    }
}

/// The norm byte Lucene uses for fields without norms (keyword, boolean): `LeafSimScorer` reads 1.
pub const NO_NORMS: u8 = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_scores_equal_the_scorer() {
        let stats = FieldStats {
            doc_count: 1000,
            sum_ttf: 4321,
        };
        let scorer = Scorer::new(1.3, idf(17, 1000), stats);
        let mut memo = MemoScorer::new(&scorer);
        for round in 0..2 {
            for norm in 0..=255u8 {
                for freq in [1.0f32, 2.0, 0.5, 7.0] {
                    let a = memo.score(freq, norm);
                    assert_eq!(
                        a.to_bits(),
                        scorer.score(freq, norm).to_bits(),
                        "{round} {norm} {freq}"
                    );
                }
            }
        }
    }

    #[test]
    fn idf_matches_lucene() {
        // idf(1, 1) = ln(1 + 0.5/1.5)
        assert_eq!(idf(1, 1), (1.0f64 + 0.5 / 1.5).ln() as f32);
        assert!(idf(10, 1000) > idf(100, 1000));
    }
}
