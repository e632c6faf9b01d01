//! Phrase frequencies within one document, ported from Lucene 8.8's `ExactPhraseMatcher` and
//! `SloppyPhraseMatcher` (with its handling of repeated terms), so that matches and scores agree with
//! Lucene's, quirks included: positions of synonyms at one query position are merged *with* duplicates (a
//! folded twin and its original at the same place count twice when they lead the phrase).

/// One query position: the document positions of its terms (sorted, duplicates kept) and its term ids.
#[derive(Clone, Debug)]
pub struct Slot {
    pub positions: Vec<u32>,
    pub terms: Vec<u32>,
}

/// `ExactPhraseMatcher`: the number of lead positions at which every other slot follows.
pub fn exact_freq(slots: &[Slot]) -> f32 {
    let Some(lead) = slots.first() else {
        return 0.0;
    };
    let mut freq = 0f32;
    for &p in &lead.positions {
        if slots
            .iter()
            .enumerate()
            .skip(1)
            .all(|(i, s)| s.positions.binary_search(&(p + i as u32)).is_ok())
        {
            freq += 1.0;
        }
    }
    freq
}

#[derive(Clone, Debug)]
struct Pp {
    /// Document position minus query offset.
    position: i64,
    /// Positions still to read after the current one.
    count: usize,
    next: usize,
    offset: i64,
    ord: usize,
    rpt_group: Option<usize>,
    rpt_ind: usize,
}

/// The state of `SloppyPhraseMatcher` for one document.
struct Sloppy<'a> {
    slots: &'a [Slot],
    pps: Vec<Pp>,
    /// Indices into `pps` currently in the queue.
    queue: Vec<usize>,
    end: i64,
    slop: i64,
    rpt_groups: Vec<Vec<usize>>,
    has_rpts: bool,
    multi_term_rpts: bool,
    positioned: bool,
    match_length: i64,
}

impl Sloppy<'_> {
    fn next_position(&mut self, i: usize) -> bool {
        let pp = &mut self.pps[i];
        if pp.count == 0 {
            return false;
        }
        pp.count -= 1;
        let p = self.slots[pp.ord].positions[pp.next] as i64;
        pp.next += 1;
        pp.position = p - pp.offset;
        true
    }

    fn first_position(&mut self, i: usize) {
        let n = self.slots[self.pps[i].ord].positions.len();
        self.pps[i].count = n;
        self.pps[i].next = 0;
        self.next_position(i);
    }

    fn less(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.pps[a], &self.pps[b]);
        if x.position == y.position {
            if x.offset == y.offset {
                x.ord < y.ord
            } else {
                x.offset < y.offset
            }
        } else {
            x.position < y.position
        }
    }

    fn pop(&mut self) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (qi, &i) in self.queue.iter().enumerate() {
            if best.is_none_or(|b| self.less(i, self.queue[b])) {
                best = Some(qi);
            }
        }
        best.map(|qi| self.queue.swap_remove(qi))
    }

    fn top(&self) -> Option<usize> {
        let mut best: Option<usize> = None;
        for &i in &self.queue {
            if best.is_none_or(|b| self.less(i, b)) {
                best = Some(i);
            }
        }
        best
    }

    fn advance_pp(&mut self, i: usize) -> bool {
        if !self.next_position(i) {
            return false;
        }
        if self.pps[i].position > self.end {
            self.end = self.pps[i].position;
        }
        true
    }

    fn tp_pos(&self, i: usize) -> i64 {
        self.pps[i].position + self.pps[i].offset
    }

    fn collide(&self, i: usize) -> Option<usize> {
        let g = self.pps[i].rpt_group?;
        let tp = self.tp_pos(i);
        self.rpt_groups[g]
            .iter()
            .copied()
            .find(|&j| j != i && self.tp_pos(j) == tp)
            .map(|j| self.pps[j].rpt_ind)
    }

    fn lesser(&self, a: usize, b: usize) -> usize {
        let (x, y) = (&self.pps[a], &self.pps[b]);
        if x.position < y.position || (x.position == y.position && x.offset < y.offset) {
            a
        } else {
            b
        }
    }

    fn advance_rpts(&mut self, mut i: usize) -> bool {
        let Some(g) = self.pps[i].rpt_group else {
            return true;
        };
        let k0 = self.pps[i].rpt_ind;
        let mut requeue: Vec<usize> = Vec::new();
        while let Some(k) = self.collide(i) {
            let other = self.rpt_groups[g][k];
            i = self.lesser(i, other);
            if !self.advance_pp(i) {
                return false;
            }
            if k != k0 {
                requeue.push(k);
            }
        }
        // Lucene re-queues the pps whose positions changed while queued; this queue finds its minimum by
        // scanning, so it never holds a stale order.
        let _ = requeue;
        true
    }

    fn init(&mut self) -> bool {
        self.end = i64::MIN;
        for i in 0..self.pps.len() {
            self.first_position(i);
        }
        if self.has_rpts && !self.advance_repeat_groups() {
            return false;
        }
        self.queue.clear();
        for i in 0..self.pps.len() {
            if self.pps[i].position > self.end {
                self.end = self.pps[i].position;
            }
            self.queue.push(i);
        }
        true
    }

    fn advance_repeat_groups(&mut self) -> bool {
        for g in 0..self.rpt_groups.len() {
            let rg = self.rpt_groups[g].clone();
            if self.multi_term_rpts {
                let mut i = 0;
                while i < rg.len() {
                    let mut incr = 1;
                    let pp = rg[i];
                    while let Some(k) = self.collide(pp) {
                        let pp2 = self.lesser(pp, rg[k]);
                        if !self.advance_pp(pp2) {
                            return false;
                        }
                        if self.pps[pp2].rpt_ind < i {
                            incr = 0;
                            break;
                        }
                    }
                    i += incr;
                }
            } else {
                for (j, &term) in rg.iter().enumerate().skip(1) {
                    for _ in 0..j {
                        if !self.next_position(term) {
                            return false;
                        }
                    }
                }
            }
        }
        true
    }

    fn next_match(&mut self) -> bool {
        if !self.positioned {
            return false;
        }
        let Some(mut pp) = self.pop() else {
            return false;
        };
        self.match_length = self.end - self.pps[pp].position;
        let Some(t) = self.top() else { return false };
        let mut next = self.pps[t].position;
        while self.advance_pp(pp) {
            if self.has_rpts && !self.advance_rpts(pp) {
                break;
            }
            if self.pps[pp].position > next {
                self.queue.push(pp);
                if self.match_length <= self.slop {
                    return true;
                }
                let Some(p) = self.pop() else { return false };
                pp = p;
                let Some(t) = self.top() else { return false };
                next = self.pps[t].position;
                self.match_length = self.end - self.pps[pp].position;
            } else {
                let ml2 = self.end - self.pps[pp].position;
                if ml2 < self.match_length {
                    self.match_length = ml2;
                }
            }
        }
        self.positioned = false;
        self.match_length <= self.slop
    }
}

/// `SloppyPhraseMatcher`: the sum of `1 / (1 + matchLength)` over its matches with `matchLength <= slop`.
pub fn sloppy_freq(slots: &[Slot], slop: u32) -> f32 {
    if slots.is_empty() || slots.iter().any(|s| s.positions.is_empty()) {
        return 0.0;
    }
    // Repetitions: terms that occur at two or more query positions.
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for s in slots {
        for &t in &s.terms {
            match counts.iter_mut().find(|(x, _)| *x == t) {
                Some((_, c)) => *c += 1,
                None => counts.push((t, 1)),
            }
        }
    }
    let repeating: Vec<u32> = counts
        .iter()
        .filter(|(_, c)| *c >= 2)
        .map(|(t, _)| *t)
        .collect();
    let mut pps: Vec<Pp> = (0..slots.len())
        .map(|i| Pp {
            position: 0,
            count: 0,
            next: 0,
            offset: i as i64,
            ord: i,
            rpt_group: None,
            rpt_ind: 0,
        })
        .collect();
    let rpp: Vec<usize> = (0..slots.len())
        .filter(|&i| slots[i].terms.iter().any(|t| repeating.contains(t)))
        .collect();
    let multi_term_rpts = rpp.iter().any(|&i| slots[i].terms.len() > 1);
    // Groups: pps connected through shared repeating terms, each sorted by offset.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &i in &rpp {
        let shares = |g: &Vec<usize>| {
            g.iter().any(|&j| {
                slots[j]
                    .terms
                    .iter()
                    .any(|t| repeating.contains(t) && slots[i].terms.contains(t))
            })
        };
        let hits: Vec<usize> = (0..groups.len()).filter(|&g| shares(&groups[g])).collect();
        match hits.first() {
            None => groups.push(vec![i]),
            Some(&first) => {
                // Merge every group this pp connects.
                for &g in hits.iter().skip(1).rev() {
                    let moved = groups.remove(g);
                    groups[first].extend(moved);
                }
                groups[first].push(i);
            }
        }
    }
    for (g, members) in groups.iter_mut().enumerate() {
        crate::sort::by_key(members, |&i| pps[i].offset);
        for (k, &i) in members.iter().enumerate() {
            pps[i].rpt_group = Some(g);
            pps[i].rpt_ind = k;
        }
    }
    let has_rpts = !groups.is_empty();
    let mut m = Sloppy {
        slots,
        pps,
        queue: Vec::new(),
        end: i64::MIN,
        slop: slop as i64,
        rpt_groups: groups,
        has_rpts,
        multi_term_rpts,
        positioned: false,
        match_length: i64::MAX,
    };
    m.positioned = m.init();
    let mut freq = 0f32;
    // A bound on the number of matches keeps a pathological document from looping long.
    let mut guard = slots.iter().map(|s| s.positions.len()).sum::<usize>() + 2;
    while m.next_match() {
        freq += 1.0f32 / (1.0f32 + m.match_length as f32);
        guard = guard.saturating_sub(1);
        if guard == 0 {
            break;
        }
    }
    freq
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(p: &[u32], t: u32) -> Slot {
        Slot {
            positions: p.to_vec(),
            terms: vec![t],
        }
    }

    #[test]
    fn exact() {
        assert_eq!(exact_freq(&[slot(&[0, 5], 1), slot(&[1, 7], 2)]), 1.0);
        assert_eq!(exact_freq(&[slot(&[0], 1), slot(&[2], 2)]), 0.0);
        // Duplicated lead positions (a term and its folded twin) count twice.
        assert_eq!(
            exact_freq(&[
                Slot {
                    positions: vec![3, 3],
                    terms: vec![1, 2]
                },
                slot(&[4], 3)
            ]),
            2.0
        );
    }

    #[test]
    fn sloppy() {
        // "a b"~1 on "a x b": matchLength 1 → 1/2.
        assert_eq!(sloppy_freq(&[slot(&[0], 1), slot(&[2], 2)], 1), 0.5);
        assert_eq!(sloppy_freq(&[slot(&[0], 1), slot(&[2], 2)], 0), 0.0);
        // Reversed order "b a"~2 on "a b": positions a=0 (offset 1 → -1), b=1 (offset 0 → 1): length 2.
        assert_eq!(sloppy_freq(&[slot(&[1], 2), slot(&[0], 1)], 2), 1.0 / 3.0);
        // Repeated term "a a"~2 on "a x a".
        assert!(sloppy_freq(&[slot(&[0, 2], 1), slot(&[0, 2], 1)], 2) > 0.0);
        assert_eq!(sloppy_freq(&[slot(&[0], 1), slot(&[0], 1)], 5), 0.0);
    }
}
