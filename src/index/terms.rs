//! Analysed terms of text values: how the builder counts them, and the postings of *lazy* paths, which
//! the index file does not store but rebuilds from the stored values the first time a query needs them.
//!
//! Key decision: `links`, `wikipedia_url` and `relationships.label` are searched only by advanced queries,
//! yet their postings and their own terms were a tenth of the compressed index; they are derived on first
//! use (one analysis pass over their values) instead of shipped to every visitor.

use crate::text::{Analysis, Analyzer};

use super::schema::{int_to_byte4, Mapping, TextAnalyzer};

/// The analyzer whose tokens the index keeps for a text path (string_lowercase for name-like paths: their
/// standard tokens are the non-folded ones).
pub fn path_analyzer(mapping: Mapping) -> Option<Analyzer> {
    let a = mapping.text_analyzer()?;
    Some(match (a, mapping.keeps_folded()) {
        (TextAnalyzer::Simple, _) => Analyzer::Simple,
        (_, true) => Analyzer::StringLowercase,
        _ => Analyzer::Standard,
    })
}

/// Token statistics of one analysed value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValueTokens {
    /// Number of positions (original tokens): the field length Lucene records.
    pub length: u32,
    /// All indexed tokens, folded twins included.
    pub all: u32,
}

/// Analyses `text` and lists its distinct terms as (token index of the term's first occurrence in
/// `analysis`, occurrences, occurrences as an original token). Allocation-free once `out` has grown.
pub fn count_terms(
    analysis: &mut Analysis,
    analyzer: Analyzer,
    text: &str,
    out: &mut Vec<(usize, u32, u32)>,
) -> ValueTokens {
    out.clear();
    analysis.run(analyzer, text);
    let mut vt = ValueTokens::default();
    let toks = analysis.tokens();
    for (ti, t) in toks.iter().enumerate() {
        let term = analysis.term(t);
        vt.all += 1;
        if !t.synonym {
            vt.length += 1;
        }
        // ASCIIFoldingFilter (preserve_original) emits the folded term first and the original lower-cased
        // term after it at the same position (`synonym`).
        let folded_twin = !t.synonym && toks.get(ti + 1).is_some_and(|n| n.synonym);
        match out
            .iter_mut()
            .find(|(x, _, _)| analysis.term(&toks[*x]) == term)
        {
            Some((_, n, o)) => {
                *n += 1;
                *o += u32::from(!folded_twin);
            }
            None => out.push((ti, 1, u32::from(!folded_twin))),
        }
    }
    vt
}

/// One value holding a term: its number and how often the term occurs in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentEntry {
    pub value: u32,
    /// Occurrences of the term (original tokens and folded twins).
    pub count: u32,
    /// Occurrences as an original token (the standard analyzer's term frequency).
    pub original: u32,
}

/// The postings of a lazy path, built from its values on first use.
#[derive(Debug, Default)]
pub struct LazyPostings {
    /// The path's terms, sorted by bytes.
    terms: Vec<Box<str>>,
    /// Per term, its entries in value order.
    entries: Vec<Vec<SegmentEntry>>,
    /// Per value, its length in tokens (positions) and the Lucene norm byte of it (lazy paths store no
    /// norms: they are computed with the postings).
    pub lengths: Vec<u32>,
    pub norms: Vec<u8>,
    /// Per record, the norm byte of its values' summed length; empty when no record has several values.
    pub rec_norms: Vec<u8>,
}

impl LazyPostings {
    /// Analyses every value (`value(i)` for i in 0..count) with the path's analyzer.
    pub fn build<'a>(
        analyzer: Analyzer,
        count: u32,
        value: impl Fn(u32) -> Option<&'a str>,
    ) -> LazyPostings {
        // Terms interned by an FNV hash (no per-token allocation once a term is known).
        let mut ids: std::collections::HashMap<Box<str>, u32, core::hash::BuildHasherDefault<Fnv>> =
            Default::default();
        let mut terms: Vec<Box<str>> = Vec::new();
        let mut entries: Vec<Vec<SegmentEntry>> = Vec::new();
        let mut analysis = Analysis::new();
        let mut counts = Vec::new();
        let mut lengths = Vec::with_capacity(count as usize);
        for v in 0..count {
            let Some(text) = value(v) else {
                lengths.push(0);
                continue;
            };
            let vt = count_terms(&mut analysis, analyzer, text, &mut counts);
            lengths.push(vt.length);
            for &(ti, n, o) in &counts {
                let term = analysis.term(&analysis.tokens()[ti]);
                let id = match ids.get(term) {
                    Some(&id) => id,
                    None => {
                        let id = terms.len() as u32;
                        terms.push(term.into());
                        ids.insert(term.into(), id);
                        entries.push(Vec::new());
                        id
                    }
                };
                entries[id as usize].push(SegmentEntry {
                    value: v,
                    count: n,
                    original: o,
                });
            }
        }
        let mut order: Vec<u32> = (0..terms.len() as u32).collect();
        crate::sort::by(&mut order, |&a, &b| {
            terms[a as usize]
                .as_bytes()
                .cmp(terms[b as usize].as_bytes())
        });
        let mut sorted_terms = Vec::with_capacity(order.len());
        let mut sorted_entries = Vec::with_capacity(order.len());
        for i in order {
            sorted_terms.push(core::mem::take(&mut terms[i as usize]));
            sorted_entries.push(core::mem::take(&mut entries[i as usize]));
        }
        LazyPostings {
            terms: sorted_terms,
            entries: sorted_entries,
            norms: lengths.iter().map(|&n| int_to_byte4(n)).collect(),
            rec_norms: Vec::new(),
            lengths,
        }
    }

    pub fn len(&self) -> u32 {
        self.terms.len() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn term(&self, id: u32) -> Option<&str> {
        self.terms.get(id as usize).map(|t| &**t)
    }

    pub fn find(&self, s: &[u8]) -> Result<u32, u32> {
        self.terms
            .binary_search_by(|t| t.as_bytes().cmp(s))
            .map(|i| i as u32)
            .map_err(|i| i as u32)
    }

    pub fn entries(&self, id: u32) -> &[SegmentEntry] {
        self.entries.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// Bytes held (for memory figures).
    pub fn heap_bytes(&self) -> usize {
        self.terms.iter().map(|t| t.len() + 16).sum::<usize>()
            + self
                .entries
                .iter()
                .map(|e| e.len() * core::mem::size_of::<SegmentEntry>() + 24)
                .sum::<usize>()
    }
}

/// FNV-1a, a fast hash for short keys (the standard SipHash guards against collisions chosen by an
/// attacker, which terms of our own data are not).
#[derive(Default)]
pub struct Fnv(u64);

impl core::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}
