//! Term patterns of multi-term queries, with Lucene's semantics: `WildcardQuery` (`*`, `?`, `\`
//! escapes), ES's wildcard-pattern normalisation, Lucene's `RegExp` syntax with all its operators
//! (`|`, `&`, `~`, `@`, `#`, `<n-m>`, classes, repeats), and the restricted Damerau-Levenshtein distance
//! of `FuzzyQuery` (transpositions on).
//!
//! Key decision: instead of building automata, patterns are matched term by term. The regexp matcher
//! computes, for a sub-expression and a start position, the *set* of end positions it can reach (memoised
//! per term), which handles intersection and complement directly and stays polynomial in the term length.

use crate::text::{self, Analyzer};

// ---------------------------------------------------------------------- wildcards

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WTok {
    Lit(char),
    AnyChar,
    AnyString,
}

/// A compiled `WildcardQuery` pattern.
#[derive(Clone, Debug)]
pub struct Wildcard {
    toks: Vec<WTok>,
}

impl Wildcard {
    pub fn new(pattern: &str) -> Wildcard {
        let mut toks = Vec::new();
        let mut it = pattern.chars().peekable();
        while let Some(c) = it.next() {
            match c {
                '*' => toks.push(WTok::AnyString),
                '?' => toks.push(WTok::AnyChar),
                // A trailing backslash is a literal backslash (lenient parsing, as Lucene).
                '\\' => toks.push(WTok::Lit(it.next().unwrap_or('\\'))),
                c => toks.push(WTok::Lit(c)),
            }
        }
        Wildcard { toks }
    }

    /// The literal characters before the first wildcard (to narrow the term range).
    pub fn literal_prefix(&self) -> String {
        self.toks
            .iter()
            .map_while(|t| match t {
                WTok::Lit(c) => Some(*c),
                _ => None,
            })
            .collect()
    }

    /// Whole-string glob match (iterative, backtracking to the last `*`).
    pub fn matches(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        let (mut pi, mut si) = (0usize, 0usize);
        let mut star: Option<(usize, usize)> = None;
        while si < chars.len() {
            match self.toks.get(pi) {
                Some(WTok::AnyString) => {
                    pi += 1;
                    star = Some((pi, si));
                }
                Some(WTok::AnyChar) => {
                    pi += 1;
                    si += 1;
                }
                Some(WTok::Lit(c)) if *c == chars[si] => {
                    pi += 1;
                    si += 1;
                }
                _ => match star {
                    Some((sp, ss)) => {
                        pi = sp;
                        si = ss + 1;
                        star = Some((sp, ss + 1));
                    }
                    None => return false,
                },
            }
        }
        while let Some(WTok::AnyString) = self.toks.get(pi) {
            pi += 1;
        }
        pi == self.toks.len()
    }
}

/// ES `StringFieldType.normalizeWildcardPattern` for text fields: everything but `?`/`*` runs and
/// backslash escapes goes through the analyzer's normaliser.
pub fn normalize_wildcard(value: &str, a: Analyzer) -> String {
    let mut out = String::with_capacity(value.len());
    let mut buf = String::new();
    let mut norm = |chunk: &str, out: &mut String| {
        text::normalize(a, chunk, &mut buf);
        out.push_str(&buf);
    };
    let b: Vec<(usize, char)> = value.char_indices().collect();
    let mut last = 0usize;
    let mut i = 0usize;
    while i < b.len() {
        let (at, c) = b[i];
        // `\\.` (Java `.` excludes line terminators) or `[?*]+`
        let m_end = if c == '\\' {
            match b.get(i + 1) {
                Some(&(_, n)) if !matches!(n, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}') => {
                    Some(i + 2)
                }
                _ => None,
            }
        } else if c == '?' || c == '*' {
            let mut j = i + 1;
            while j < b.len() && (b[j].1 == '?' || b[j].1 == '*') {
                j += 1;
            }
            Some(j)
        } else {
            None
        };
        match m_end {
            Some(j) => {
                let end_byte = b.get(j).map_or(value.len(), |x| x.0);
                if at > 0 {
                    norm(&value[last..at], &mut out);
                }
                out.push_str(&value[at..end_byte]);
                last = end_byte;
                i = j;
            }
            None => i += 1,
        }
    }
    if last < value.len() {
        norm(&value[last..], &mut out);
    }
    out
}

// ---------------------------------------------------------------------- fuzzy distance

/// The restricted Damerau-Levenshtein (optimal string alignment) distance between `a` and `b` in code
/// points, if it is at most `k` (Lucene's Levenshtein automata with transpositions).
pub fn osa_distance_bounded(a: &[char], b: &str, k: u32) -> Option<u32> {
    Osa::default().bounded(a, b, k)
}

/// [`osa_distance_bounded`] with buffers kept between calls: a fuzzy query compares its term with every
/// term of a dictionary or every value of a field, and allocating four buffers per comparison was most of
/// its time.
#[derive(Default)]
pub struct Osa {
    b: Vec<char>,
    prev2: Vec<usize>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

impl Osa {
    pub fn bounded(&mut self, a: &[char], b: &str, k: u32) -> Option<u32> {
        let blen = b.chars().count();
        if a.len().abs_diff(blen) > k as usize {
            return None;
        }
        // Every kind of character that only one side has costs at least one edit of its own (a deletion or
        // substitution removes one occurrence, an insertion or substitution adds one), so more than `k` such
        // kinds on either side rule the pair out before the table. Kinds are hashed to 64 bits; a collision
        // can only let a pair through.
        let (sa, sb) = (char_kinds(a.iter().copied()), char_kinds(b.chars()));
        if (sa & !sb).count_ones() > k || (sb & !sa).count_ones() > k {
            return None;
        }
        self.table(a, b, k)
    }

    /// The distance by the dynamic-programming table, with the row-minimum cut-off.
    fn table(&mut self, a: &[char], b: &str, k: u32) -> Option<u32> {
        let k = k as usize;
        self.b.clear();
        self.b.extend(b.chars());
        let (bc, n) = (&self.b, self.b.len());
        if a.len().abs_diff(n) > k {
            return None;
        }
        for row in [&mut self.prev2, &mut self.prev, &mut self.cur] {
            row.clear();
            row.resize(n + 1, 0);
        }
        let (mut prev2, mut prev, mut cur) = (&mut self.prev2, &mut self.prev, &mut self.cur);
        for (j, x) in prev.iter_mut().enumerate() {
            *x = j;
        }
        for i in 1..=a.len() {
            cur[0] = i;
            let mut row_min = cur[0];
            for j in 1..=n {
                let cost = usize::from(a[i - 1] != bc[j - 1]);
                let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == bc[j - 2] && a[i - 2] == bc[j - 1] {
                    v = v.min(prev2[j - 2] + 1);
                }
                cur[j] = v;
                row_min = row_min.min(v);
            }
            if row_min > k {
                return None;
            }
            core::mem::swap(&mut prev2, &mut prev);
            core::mem::swap(&mut prev, &mut cur);
        }
        let d = prev[n];
        (d <= k).then_some(d as u32)
    }
}

/// The kinds of character in a string, each hashed to one of 64 bits.
fn char_kinds(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |acc, c| {
        acc | 1 << ((c as u32).wrapping_mul(0x9E37_79B1) >> 26)
    })
}

// ---------------------------------------------------------------------- Lucene RegExp

#[derive(Clone, Debug, PartialEq)]
enum Re {
    /// `#`: no string.
    Nothing,
    /// `()`: the empty string.
    Eps,
    /// A code point range (a single character, `.`, a class member).
    Range(u32, u32),
    /// `@`: any string.
    AnyString,
    Str(Vec<u32>),
    /// `<min-max>` with `digits` fixed digits (0: any number of leading zeros).
    Interval {
        min: u64,
        max: u64,
        digits: usize,
    },
    Concat(Box<Re>, Box<Re>),
    Union(Box<Re>, Box<Re>),
    Inter(Box<Re>, Box<Re>),
    Compl(Box<Re>),
    /// `e{min,max}` (`?` = {0,1}, `*` = {0,}, `+` = {1,}).
    Repeat(Box<Re>, u32, Option<u32>),
}

/// A compiled Lucene `RegExp` (flags `ALL`).
#[derive(Clone, Debug)]
pub struct Regexp {
    nodes: Vec<Node>,
    root: usize,
}

#[derive(Clone, Debug)]
enum Node {
    Nothing,
    Eps,
    Range(u32, u32),
    AnyString,
    Str(Vec<u32>),
    Interval { min: u64, max: u64, digits: usize },
    Concat(usize, usize),
    Union(usize, usize),
    Inter(usize, usize),
    Compl(usize),
    Repeat(usize, u32, Option<u32>),
}

struct Parser<'a> {
    s: &'a [u32],
    pos: usize,
    depth: usize,
}

const MAX_RE_DEPTH: usize = 200;

impl Parser<'_> {
    fn more(&self) -> bool {
        self.pos < self.s.len()
    }
    fn peek(&self, set: &str) -> bool {
        self.more() && set.chars().any(|c| c as u32 == self.s[self.pos])
    }
    fn eat(&mut self, c: char) -> bool {
        if self.more() && self.s[self.pos] == c as u32 {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn next(&mut self) -> Result<u32, String> {
        let c = *self.s.get(self.pos).ok_or("unexpected end-of-string")?;
        self.pos += 1;
        Ok(c)
    }
    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_RE_DEPTH {
            return Err("regular expression nested too deeply".into());
        }
        Ok(())
    }
    fn union(&mut self) -> Result<Re, String> {
        self.enter()?;
        let e = self.inter()?;
        let r = if self.eat('|') {
            Re::Union(Box::new(e), Box::new(self.union()?))
        } else {
            e
        };
        self.depth -= 1;
        Ok(r)
    }
    fn inter(&mut self) -> Result<Re, String> {
        self.enter()?;
        let e = self.concat()?;
        let r = if self.eat('&') {
            Re::Inter(Box::new(e), Box::new(self.inter()?))
        } else {
            e
        };
        self.depth -= 1;
        Ok(r)
    }
    fn concat(&mut self) -> Result<Re, String> {
        self.enter()?;
        let e = self.repeat()?;
        let r = if self.more() && !self.peek(")|") && !self.peek("&") {
            Re::Concat(Box::new(e), Box::new(self.concat()?))
        } else {
            e
        };
        self.depth -= 1;
        Ok(r)
    }
    fn number(&mut self) -> Result<Option<u32>, String> {
        let start = self.pos;
        while self.peek("0123456789") {
            self.pos += 1;
        }
        if start == self.pos {
            return Ok(None);
        }
        let mut v: u64 = 0;
        for &d in &self.s[start..self.pos] {
            v = v * 10 + (d - '0' as u32) as u64;
            if v > i32::MAX as u64 {
                return Err(format!("integer too large at position {start}"));
            }
        }
        Ok(Some(v as u32))
    }
    fn repeat(&mut self) -> Result<Re, String> {
        let mut e = self.compl()?;
        while self.peek("?*+{") {
            if self.eat('?') {
                e = Re::Repeat(Box::new(e), 0, Some(1));
            } else if self.eat('*') {
                e = Re::Repeat(Box::new(e), 0, None);
            } else if self.eat('+') {
                e = Re::Repeat(Box::new(e), 1, None);
            } else if self.eat('{') {
                let n = self
                    .number()?
                    .ok_or_else(|| format!("integer expected at position {}", self.pos))?;
                let m = if self.eat(',') {
                    self.number()?
                } else {
                    Some(n)
                };
                if !self.eat('}') {
                    return Err(format!("expected '}}' at position {}", self.pos));
                }
                e = Re::Repeat(Box::new(e), n, m);
            }
        }
        Ok(e)
    }
    fn compl(&mut self) -> Result<Re, String> {
        if self.eat('~') {
            self.enter()?;
            let e = self.compl()?;
            self.depth -= 1;
            return Ok(Re::Compl(Box::new(e)));
        }
        self.class()
    }
    fn class(&mut self) -> Result<Re, String> {
        if self.eat('[') {
            let negate = self.eat('^');
            let mut e = self.class_item()?;
            while self.more() && !self.peek("]") {
                e = Re::Union(Box::new(e), Box::new(self.class_item()?));
            }
            if negate {
                e = Re::Inter(
                    Box::new(Re::Range(0, 0x10FFFF)),
                    Box::new(Re::Compl(Box::new(e))),
                );
            }
            if !self.eat(']') {
                return Err(format!("expected ']' at position {}", self.pos));
            }
            return Ok(e);
        }
        self.simple()
    }
    fn class_item(&mut self) -> Result<Re, String> {
        let c = self.char_exp()?;
        if self.eat('-') {
            let d = self.char_exp()?;
            if c > d {
                return Err(format!("invalid range: from ({c}) cannot be > to ({d})"));
            }
            return Ok(Re::Range(c, d));
        }
        Ok(Re::Range(c, c))
    }
    fn char_exp(&mut self) -> Result<u32, String> {
        self.eat('\\');
        self.next()
    }
    fn simple(&mut self) -> Result<Re, String> {
        if self.eat('.') {
            Ok(Re::Range(0, 0x10FFFF))
        } else if self.eat('#') {
            Ok(Re::Nothing)
        } else if self.eat('@') {
            Ok(Re::AnyString)
        } else if self.eat('"') {
            let start = self.pos;
            while self.more() && !self.peek("\"") {
                self.pos += 1;
            }
            if !self.eat('"') {
                return Err(format!("expected '\"' at position {}", self.pos));
            }
            Ok(Re::Str(self.s[start..self.pos - 1].to_vec()))
        } else if self.eat('(') {
            if self.eat(')') {
                return Ok(Re::Eps);
            }
            let e = self.union()?;
            if !self.eat(')') {
                return Err(format!("expected ')' at position {}", self.pos));
            }
            Ok(e)
        } else if self.eat('<') {
            let start = self.pos;
            while self.more() && !self.peek(">") {
                self.pos += 1;
            }
            if !self.eat('>') {
                return Err(format!("expected '>' at position {}", self.pos));
            }
            let s: String = self.s[start..self.pos - 1]
                .iter()
                .filter_map(|&c| char::from_u32(c))
                .collect();
            let Some(i) = s.find('-') else {
                // A named automaton: no provider exists, so Lucene fails to build the query.
                return Err(format!("'{s}' not found"));
            };
            let bad = || format!("interval syntax error at position {}", self.pos - 1);
            if i == 0 || i == s.len() - 1 || Some(i) != s.rfind('-') {
                return Err(bad());
            }
            let (smin, smax) = (&s[..i], &s[i + 1..]);
            let java_int = |t: &str| -> Option<u64> {
                let d = t.strip_prefix('+').unwrap_or(t);
                if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                d.parse::<u64>().ok().filter(|v| *v <= i32::MAX as u64)
            };
            let (Some(mut lo), Some(mut hi)) = (java_int(smin), java_int(smax)) else {
                return Err(bad());
            };
            let digits = if smin.len() == smax.len() {
                smin.len()
            } else {
                0
            };
            if lo > hi {
                core::mem::swap(&mut lo, &mut hi);
            }
            Ok(Re::Interval {
                min: lo,
                max: hi,
                digits,
            })
        } else {
            let c = self.char_exp()?;
            Ok(Re::Range(c, c))
        }
    }
}

impl Regexp {
    /// Parses a Lucene regular expression (syntax flags `ALL`). Errors are Lucene's messages.
    pub fn new(pattern: &str) -> Result<Regexp, String> {
        let s: Vec<u32> = pattern.chars().map(|c| c as u32).collect();
        let mut p = Parser {
            s: &s,
            pos: 0,
            depth: 0,
        };
        let re = if s.is_empty() {
            Re::Eps
        } else {
            let e = p.union()?;
            if p.more() {
                return Err(format!("end-of-string expected at position {}", p.pos));
            }
            e
        };
        let mut nodes = Vec::new();
        let root = flatten(&re, &mut nodes);
        Ok(Regexp { nodes, root })
    }

    /// True if the whole string matches.
    pub fn matches(&self, s: &str) -> bool {
        let cs: Vec<u32> = s.chars().map(|c| c as u32).collect();
        let n = cs.len();
        let mut m = Matcher {
            re: self,
            s: &cs,
            words: n / 64 + 1,
            memo: vec![None; self.nodes.len() * (n + 1)],
        };
        let ends = m.ends(self.root, 0);
        bit(&ends, n)
    }
}

fn flatten(re: &Re, nodes: &mut Vec<Node>) -> usize {
    let node = match re {
        Re::Nothing => Node::Nothing,
        Re::Eps => Node::Eps,
        Re::Range(a, b) => Node::Range(*a, *b),
        Re::AnyString => Node::AnyString,
        Re::Str(s) => Node::Str(s.clone()),
        Re::Interval { min, max, digits } => Node::Interval {
            min: *min,
            max: *max,
            digits: *digits,
        },
        Re::Concat(a, b) => Node::Concat(flatten(a, nodes), flatten(b, nodes)),
        Re::Union(a, b) => Node::Union(flatten(a, nodes), flatten(b, nodes)),
        Re::Inter(a, b) => Node::Inter(flatten(a, nodes), flatten(b, nodes)),
        Re::Compl(a) => Node::Compl(flatten(a, nodes)),
        Re::Repeat(a, lo, hi) => Node::Repeat(flatten(a, nodes), *lo, *hi),
    };
    nodes.push(node);
    nodes.len() - 1
}

type Bits = Vec<u64>;

fn bit(b: &Bits, i: usize) -> bool {
    b.get(i / 64).is_some_and(|w| w & (1u64 << (i % 64)) != 0)
}
fn set(b: &mut Bits, i: usize) {
    if let Some(w) = b.get_mut(i / 64) {
        *w |= 1u64 << (i % 64);
    }
}

struct Matcher<'a> {
    re: &'a Regexp,
    s: &'a [u32],
    words: usize,
    memo: Vec<Option<Bits>>,
}

impl Matcher<'_> {
    fn empty(&self) -> Bits {
        vec![0; self.words]
    }

    /// The end positions `j >= i` such that `s[i..j]` is in the language of `node`.
    fn ends(&mut self, node: usize, i: usize) -> Bits {
        let n = self.s.len();
        let key = node * (n + 1) + i;
        if let Some(Some(b)) = self.memo.get(key) {
            return b.clone();
        }
        let mut out = self.empty();
        match self.re.nodes[node].clone() {
            Node::Nothing => {}
            Node::Eps => set(&mut out, i),
            Node::Range(a, b) => {
                if let Some(&c) = self.s.get(i) {
                    if c >= a && c <= b {
                        set(&mut out, i + 1);
                    }
                }
            }
            Node::AnyString => {
                for j in i..=n {
                    set(&mut out, j);
                }
            }
            Node::Str(t) => {
                if self.s.get(i..i + t.len()) == Some(&t[..]) {
                    set(&mut out, i + t.len());
                }
            }
            Node::Interval { min, max, digits } => {
                for j in i + 1..=n {
                    let sub = &self.s[i..j];
                    if !sub
                        .iter()
                        .all(|&c| (b'0' as u32..=b'9' as u32).contains(&c))
                    {
                        break;
                    }
                    if digits > 0 && sub.len() != digits {
                        continue;
                    }
                    let sig: Vec<u32> = sub
                        .iter()
                        .copied()
                        .skip_while(|&c| c == '0' as u32)
                        .collect();
                    if sig.len() > 19 {
                        continue;
                    }
                    let v = sig
                        .iter()
                        .fold(0u64, |a, &c| a * 10 + (c - '0' as u32) as u64);
                    if v >= min && v <= max {
                        set(&mut out, j);
                    }
                }
            }
            Node::Concat(a, b) => {
                let first = self.ends(a, i);
                for k in i..=n {
                    if bit(&first, k) {
                        let second = self.ends(b, k);
                        for (o, s) in out.iter_mut().zip(second.iter()) {
                            *o |= s;
                        }
                    }
                }
            }
            Node::Union(a, b) => {
                let x = self.ends(a, i);
                let y = self.ends(b, i);
                for ((o, x), y) in out.iter_mut().zip(x.iter()).zip(y.iter()) {
                    *o = x | y;
                }
            }
            Node::Inter(a, b) => {
                let x = self.ends(a, i);
                let y = self.ends(b, i);
                for ((o, x), y) in out.iter_mut().zip(x.iter()).zip(y.iter()) {
                    *o = x & y;
                }
            }
            Node::Compl(a) => {
                let x = self.ends(a, i);
                for j in i..=n {
                    if !bit(&x, j) {
                        set(&mut out, j);
                    }
                }
            }
            Node::Repeat(a, lo, hi) => {
                // cur = positions reachable with exactly r repetitions (r = 0.. lo), then keep adding.
                let mut cur = self.empty();
                set(&mut cur, i);
                let step = |m: &mut Self, from: &Bits| -> Bits {
                    let mut next = m.empty();
                    for k in i..=n {
                        if bit(from, k) {
                            let e = m.ends(a, k);
                            for (o, s) in next.iter_mut().zip(e.iter()) {
                                *o |= s;
                            }
                        }
                    }
                    next
                };
                let mut r = 0u32;
                while r < lo {
                    cur = step(self, &cur);
                    r += 1;
                    // Once nothing is reachable, more repetitions cannot help; once it stops changing,
                    // the remaining mandatory repetitions reach the same set.
                    if cur.iter().all(|w| *w == 0) {
                        break;
                    }
                    if r > n as u32 + 1 {
                        break;
                    }
                }
                if hi.is_some_and(|h| h < lo) {
                    cur = self.empty();
                }
                out = cur.clone();
                let extra = hi.map(|h| h.saturating_sub(lo));
                let mut done = 0u32;
                loop {
                    if extra.is_some_and(|e| done >= e) {
                        break;
                    }
                    let next = step(self, &cur);
                    let mut changed = false;
                    for (o, x) in out.iter_mut().zip(next.iter()) {
                        let nv = *o | x;
                        if nv != *o {
                            changed = true;
                            *o = nv;
                        }
                    }
                    cur = next;
                    done += 1;
                    if !changed && extra.is_none() {
                        break;
                    }
                    if cur.iter().all(|w| *w == 0) || done > n as u32 + 1 {
                        break;
                    }
                }
            }
        }
        if let Some(slot) = self.memo.get_mut(key) {
            *slot = Some(out.clone());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The character-kind filter never rules out a pair the table accepts: random strings over small
    /// alphabets (so that distances of 0–2 are common), every bound.
    #[test]
    fn kind_filter_loses_no_pair() {
        use crate::query::testkit::next;
        let mut rng = 0x1234_5678_9abc_def0u64;
        let alphabet: Vec<char> = "abcdeé0€".chars().collect();
        let word = |rng: &mut u64| -> String {
            let n = (next(rng) % 7) as usize;
            (0..n)
                .map(|_| alphabet[(next(rng) % alphabet.len() as u64) as usize])
                .collect()
        };
        let (mut osa, mut reference) = (Osa::default(), Osa::default());
        let mut ruled_out = 0;
        for _ in 0..20_000 {
            let a: Vec<char> = word(&mut rng).chars().collect();
            let b = word(&mut rng);
            for k in 0..3 {
                let want = reference.table(&a, &b, k);
                let got = osa.bounded(&a, &b, k);
                assert_eq!(got, want, "{a:?} {b:?} {k}");
                ruled_out += usize::from(want.is_none());
            }
        }
        assert!(ruled_out > 1000);
    }

    /// A reused `Osa` answers as a fresh one, whatever lengths came before.
    #[test]
    fn reused_osa_buffers_do_not_leak_between_calls() {
        let words = [
            "oxford",
            "oxfrod",
            "ox",
            "",
            "cambridge",
            "oxfordshire",
            "xo",
            "ofxord",
            "é€x",
        ];
        let mut osa = Osa::default();
        for a in words {
            let ac: Vec<char> = a.chars().collect();
            for b in words {
                for k in 0..3 {
                    let fresh = Osa::default().bounded(&ac, b, k);
                    assert_eq!(osa.bounded(&ac, b, k), fresh, "{a} {b} {k}");
                }
            }
        }
        let ac: Vec<char> = "oxford".chars().collect();
        assert_eq!(osa.bounded(&ac, "ofxord", 2), Some(1));
        assert_eq!(osa.bounded(&ac, "oxfordsh", 2), Some(2));
        assert_eq!(osa.bounded(&ac, "oxfordshi", 2), None);
    }

    #[test]
    fn wildcards() {
        assert!(Wildcard::new("ox*").matches("oxford"));
        assert!(Wildcard::new("*ford").matches("oxford"));
        assert!(Wildcard::new("o?ford").matches("oxford"));
        assert!(!Wildcard::new("o?ford").matches("ooxford"));
        assert!(Wildcard::new("a\\*b").matches("a*b"));
        assert!(!Wildcard::new("a\\*b").matches("axb"));
        assert_eq!(Wildcard::new("ox\\?f*").literal_prefix(), "ox?f");
    }

    #[test]
    fn osa() {
        let a: Vec<char> = "oxford".chars().collect();
        assert_eq!(osa_distance_bounded(&a, "oxford", 2), Some(0));
        assert_eq!(osa_distance_bounded(&a, "oxfrod", 2), Some(1));
        assert_eq!(osa_distance_bounded(&a, "oxfd", 2), Some(2));
        assert_eq!(osa_distance_bounded(&a, "ox", 2), None);
    }

    #[test]
    fn regexps() {
        let m = |p: &str, s: &str| Regexp::new(p).map(|r| r.matches(s)).unwrap_or(false);
        assert!(m("oxf.*", "oxford"));
        assert!(!m("Oxf.*", "oxford"));
        assert!(m("ox(f|x)ord", "oxford"));
        assert!(m("[a-z]+", "oxford"));
        assert!(!m("[^a-z]+", "oxford"));
        assert!(m("a{2,3}", "aaa"));
        assert!(!m("a{2,3}", "aaaa"));
        assert!(m("@&~(ox.*)", "cambridge"));
        assert!(!m("@&~(ox.*)", "oxford"));
        assert!(m("<1-20>", "17"));
        assert!(!m("<1-20>", "21"));
        assert!(m("<01-20>", "07"));
        assert!(!m("<01-20>", "7"));
        assert!(m("\"a.b\"", "a.b"));
        assert!(m("", ""));
        assert!(!m("#", ""));
        assert!(Regexp::new("(abc").is_err());
        assert!(Regexp::new("[z-a]").is_err());
        assert!(Regexp::new("<foo>").is_err());
    }
}
