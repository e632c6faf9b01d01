//! Sorting with little code, for the search module's size budget.
//!
//! Key decision: every `sort_by`/`sort_unstable_by` of the standard library is its own copy of the sort
//! algorithms (5–15 KB of wasm) per element type and comparator; the search module held 76 of them, 110 KB
//! before optimisation. Here the standard unstable sort runs on `u32` and `u64` only (hot paths sort
//! document numbers, or keys packed into a `u64`), and everything else goes through one stable merge sort
//! of indices with a `dyn` comparator, shared by all element types (small or cold sorts: field tables,
//! facet buckets, fuzzy candidates).

use core::cmp::Ordering;

/// Sorts `u64`s ascending.
pub fn u64s(v: &mut [u64]) {
    v.sort_unstable();
}

/// Moves the `k + 1` smallest `u64`s to the front (in any order).
pub fn u64s_smallest(v: &mut [u64], k: usize) {
    if k < v.len() {
        v.select_nth_unstable(k);
    }
}

/// A score as a `u32` whose ascending order is `f32::total_cmp`'s (and back with [`score_from_key`]).
pub fn score_key(score: f32) -> u32 {
    let b = score.to_bits() as i32;
    let ordered = b ^ ((((b >> 31) as u32) >> 1) as i32);
    (ordered as u32) ^ 0x8000_0000
}

/// The score of a [`score_key`].
pub fn score_from_key(key: u32) -> f32 {
    let ordered = (key ^ 0x8000_0000) as i32;
    let b = ordered ^ ((((ordered >> 31) as u32) >> 1) as i32);
    f32::from_bits(b as u32)
}

/// Sorts stably by `cmp`.
pub fn by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    {
        let items: &[T] = v;
        merge_sort(&mut order, &mut |a, b| {
            cmp(&items[a as usize], &items[b as usize]) == Ordering::Greater
        });
    }
    permute(v, &order);
}

/// Sorts stably by a key.
pub fn by_key<T, K: Ord>(v: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Puts `v` in `order` (a permutation of its indices).
fn permute<T>(v: &mut Vec<T>, order: &[u32]) {
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i as usize).and_then(Option::take)),
    );
}

/// Stable bottom-up merge sort of indices: insertion-sorted runs of 16, then merges through a buffer.
/// `greater(a, b)`: item `a` goes after item `b`.
fn merge_sort(v: &mut [u32], greater: &mut dyn FnMut(u32, u32) -> bool) {
    const RUN: usize = 16;
    let n = v.len();
    for start in (0..n).step_by(RUN) {
        let run = &mut v[start..(start + RUN).min(n)];
        for i in 1..run.len() {
            let x = run[i];
            let mut j = i;
            while j > 0 && greater(run[j - 1], x) {
                run[j] = run[j - 1];
                j -= 1;
            }
            run[j] = x;
        }
    }
    let mut buf = vec![0u32; n];
    let mut width = RUN;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut k) = (start, mid, start);
            while i < mid && j < end {
                // Take from the right only when strictly smaller: stability.
                if greater(v[i], v[j]) {
                    buf[k] = v[j];
                    j += 1;
                } else {
                    buf[k] = v[i];
                    i += 1;
                }
                k += 1;
            }
            buf[k..k + (mid - i)].copy_from_slice(&v[i..mid]);
            k += mid - i;
            buf[k..k + (end - j)].copy_from_slice(&v[j..end]);
        }
        v.copy_from_slice(&buf);
        width *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_sort_is_a_stable_sort() {
        // A deterministic pseudo-random sequence with many equal keys, at sizes around the run length.
        let mut x = 12345u32;
        for n in [0usize, 1, 2, 15, 16, 17, 31, 33, 100, 1000, 4097] {
            let mut v: Vec<(u32, usize)> = (0..n)
                .map(|i| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    ((x >> 16) % 50, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|a| a.0);
            by_key(&mut v, |a| a.0);
            assert_eq!(v, expected, "n = {n}");
        }
    }

    #[test]
    fn score_keys_order_as_total_cmp_and_round_trip() {
        let scores = [
            f32::NEG_INFINITY,
            -3.5,
            -0.0,
            0.0,
            1e-30,
            0.5,
            2.0,
            7.25,
            f32::INFINITY,
        ];
        for w in scores.windows(2) {
            assert!(score_key(w[0]) < score_key(w[1]), "{} < {}", w[0], w[1]);
        }
        for s in scores {
            assert_eq!(score_from_key(score_key(s)).to_bits(), s.to_bits());
        }
    }
}
