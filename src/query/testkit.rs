//! Fuzzing helpers shared by the native property tests and the wasm fuzz test: a deterministic generator of inputs
//! (token soup from the grammar's alphabet, arbitrary Unicode, deep nesting, long inputs) and the check that parsing
//! and building never panic and spans stay inside the input.

use std::fmt::Write as _;

use super::trace::{json_str, trace, Tracer};
use super::*;

/// The grammar's alphabet, in fragments.
pub const FRAGMENTS: &[&str] = &[
    "a",
    "b",
    "oxford",
    "the",
    "wrap",
    "dismax",
    "x.y",
    "AND",
    "OR",
    "NOT",
    "and",
    "&&",
    "||",
    "!",
    "+",
    "-",
    "(",
    ")",
    ":",
    "*",
    "?",
    "~",
    "~2",
    "~1.5",
    "~x",
    "^",
    "^2",
    "^0.5",
    "2",
    "\"",
    "\"a b\"",
    "[",
    "]",
    "{",
    "}",
    "TO",
    "/",
    "/a/",
    "\\",
    "\\\\",
    "\\:",
    "\\*",
    "\\u0041",
    "\\u00",
    "\\uD83D",
    "f:",
    "_exists_:",
    "*:",
    " ",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\u{3000}",
    "é",
    "😀",
    "&",
    "|",
    "<",
    ">=",
    "=",
    ",",
    ".",
    "\u{b}",
    "\u{a0}",
];

pub fn next(rng: &mut u64) -> u64 {
    *rng ^= *rng << 13;
    *rng ^= *rng >> 7;
    *rng ^= *rng << 17;
    *rng
}

pub fn soup(rng: &mut u64) -> String {
    let len = 1 + (next(rng) % 12) as usize;
    let mut s = String::new();
    for _ in 0..len {
        s.push_str(FRAGMENTS[(next(rng) % FRAGMENTS.len() as u64) as usize]);
    }
    s
}

/// Parses and builds (both operators) and checks the spans; must never panic.
pub fn exercise(input: &str) {
    match parse(input) {
        Ok(ast) => {
            check_spans(input, &ast.query);
            for op in [Operator::Or, Operator::And] {
                let mut t = Tracer::new(op);
                let _ = build(&ast, "*", op, &mut t);
            }
        }
        Err(e) => {
            assert!(
                e.span.start <= e.span.end && e.span.end <= input.len(),
                "{e:?} for {input:?}"
            );
            let _ = e.to_string();
        }
    }
}

fn check_spans(input: &str, q: &Query) {
    let ok = |s: Span| s.start <= s.end && s.end <= input.len() && input.get(s.range()).is_some();
    assert!(ok(q.span), "{:?} in {input:?}", q.span);
    for e in &q.elements {
        assert!(ok(e.span()), "{:?} in {input:?}", e.span());
        if let Element::Clause(c) = e {
            if let ClauseBody::Group(g) = &c.clause.body {
                check_spans(input, &g.query);
            }
        }
    }
}

/// One fuzz input of a kind chosen by the generator.
pub fn input(rng: &mut u64) -> String {
    match next(rng) % 6 {
        0 | 1 => soup(rng),
        2 => {
            // Arbitrary code points (surrogates skipped).
            let len = (next(rng) % 40) as usize;
            (0..len)
                .filter_map(|_| {
                    let r = next(rng);
                    let c = if r % 3 == 0 {
                        (r >> 8) % 0x11_0000
                    } else {
                        (r >> 8) % 0x80
                    };
                    char::from_u32(c as u32)
                })
                .collect()
        }
        3 => {
            let open = (next(rng) % 3000) as usize;
            let close = (next(rng) % 3000) as usize;
            format!("{}{}{}", "(".repeat(open), soup(rng), ")".repeat(close))
        }
        4 => {
            let unit = soup(rng);
            let n = (next(rng) % 3000) as usize;
            unit.repeat(n.min(2 * MAX_QUERY_BYTES / unit.len().max(1)))
        }
        _ => {
            let n = (next(rng) % 3000) as usize;
            let unit = ["(a OR ", "f:(", "+(", "NOT (", "((", "\\(", "\"(", "[("]
                [(next(rng) % 8) as usize];
            format!("{}{}", unit.repeat(n), soup(rng))
        }
    }
}

/// Runs `n` generated inputs through [`exercise`].
pub fn fuzz(seed: u64, n: usize) {
    let mut rng = seed | 1;
    for _ in 0..n {
        exercise(&input(&mut rng));
    }
}

/// Corpus lines: blank and `#` lines skipped, `json:` lines decoded.
pub fn read_cases(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.strip_prefix("json:") {
            Some(j) => serde_json::from_str::<String>(j)
                .unwrap_or_else(|e| panic!("bad json case {l}: {e}")),
            None => l.to_string(),
        })
        .collect()
}

/// Replays `cases` (corpus format) and compares with `fixture` (`TraceParser` output): `Ok(number of cases)` when
/// every trace agrees for both operators, else a report of the disagreements.
pub fn differential_text(cases: &str, fixture: &str) -> Result<usize, String> {
    let cases = read_cases(cases);
    let lines: Vec<&str> = fixture.lines().collect();
    if lines.len() != cases.len() * 3 {
        return Err("the fixture is stale: rerun scripts/lucene-parse/run.sh".to_string());
    }
    let mut report = String::new();
    let mut disagree = 0;
    for (case, chunk) in cases.iter().zip(lines.chunks(3)) {
        if chunk[0] != format!("Q {}", json_str(case)) {
            return Err(format!("the fixture is stale at {}", chunk[0]));
        }
        let ours_or = format!("OR {}", trace(case, Operator::Or));
        let ours_and = format!("AND {}", trace(case, Operator::And));
        if ours_or != chunk[1] || ours_and != chunk[2] {
            disagree += 1;
            let _ = writeln!(
                report,
                "{}\n  lucene {}\n  ours   {}\n  lucene {}\n  ours   {}",
                chunk[0], chunk[1], ours_or, chunk[2], ours_and
            );
        }
    }
    if disagree > 0 {
        return Err(format!("{disagree} of {} disagree:\n{report}", cases.len()));
    }
    Ok(cases.len())
}

const WORDS: &[&str] = &[
    "a",
    "b",
    "oxford",
    "the",
    "wrap",
    "wrapx",
    "dismax",
    "x.y",
    "1990",
    "Panth\u{e9}on",
    "\\:x",
    "a\\ b",
    "\\u0041",
    "AND",
    "TO",
    "&",
    "http\\:\\/\\/x",
    "\u{1F600}",
];
const FIELDS: &[&str] = &[
    "name:",
    "*:",
    "addresses.\\*:",
    "_exists_:",
    "f\\:g:",
    "types:",
];

fn pick<'a>(rng: &mut u64, xs: &[&'a str]) -> &'a str {
    xs[(next(rng) % xs.len() as u64) as usize]
}

/// A query built from the grammar (mostly valid), now and then with a stray fragment.
pub fn grammar_case(rng: &mut u64) -> String {
    let mut s = String::new();
    grammar_query(rng, &mut s, 0);
    if next(rng) % 8 == 0 {
        let at = (next(rng) as usize) % (s.len() + 1);
        let at = (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0);
        s.insert_str(at, pick(rng, FRAGMENTS));
    }
    s
}

fn grammar_query(rng: &mut u64, s: &mut String, depth: usize) {
    let n = 1 + (next(rng) % 4) as usize;
    for i in 0..n {
        if i > 0 {
            s.push_str(pick(
                rng,
                &[" ", " ", " ", " AND ", " OR ", " && ", " || ", "  "],
            ));
        }
        s.push_str(pick(rng, &["", "", "", "+", "-", "NOT ", "!", "+ ", "- "]));
        if next(rng) % 4 == 0 {
            s.push_str(pick(rng, FIELDS));
        }
        if depth < 3 && next(rng) % 5 == 0 {
            s.push('(');
            grammar_query(rng, s, depth + 1);
            s.push(')');
            if next(rng) % 3 == 0 {
                s.push_str(pick(rng, &["^2", "^0.5", "^10"]));
            }
            continue;
        }
        match next(rng) % 10 {
            0 => {
                s.push('"');
                s.push_str(pick(rng, WORDS));
                s.push(' ');
                s.push_str(pick(rng, WORDS));
                s.push('"');
            }
            1 => {
                s.push_str(pick(rng, &["[", "{"]));
                s.push_str(pick(rng, &["a", "*", "\"a b\"", "1990", "TO", "\"*\""]));
                s.push_str(" TO ");
                s.push_str(pick(rng, &["b", "*", "\"c\"", "2000", "x\\]"]));
                s.push_str(pick(rng, &["]", "}"]));
            }
            2 => {
                s.push_str(pick(rng, WORDS));
                s.push('*');
            }
            3 => s.push_str(pick(rng, &["*", "?x", "o*f?d", "/ox.*/", "/a\\/b/"])),
            _ => s.push_str(pick(rng, WORDS)),
        }
        match next(rng) % 8 {
            0 => s.push_str(pick(rng, &["~", "~1", "~2", "~0.5", "~AUTO", "~x", "~1.5"])),
            1 => s.push_str(pick(rng, &["^2", "^0.5", "^3"])),
            2 => s.push_str(pick(rng, &["~1^2", "^2~1"])),
            _ => {}
        }
    }
}

/// Parse and analysis throughput over the query corpus and the names workload (`tests/data/workloads/names.tsv`,
/// 1,200 real names with typed damage), timed with `now` (milliseconds): the same code natively and in wasm
/// (`bench/throughput.sh` runs both). Each measurement repeats until it has run for ~`budget_ms`.
pub fn throughput(now: &dyn Fn() -> f64, budget_ms: f64) -> String {
    let corpus = include_str!("../../tests/data/query/corpus.txt");
    let queries: Vec<String> = corpus
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.strip_prefix("json:").map_or_else(|| l.to_owned(), unjson))
        .collect();
    let names: Vec<&str> = include_str!("../../tests/data/workloads/names.tsv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(3))
        .collect();
    let mut out = String::new();
    let mut time = |label: &str, items: usize, bytes: usize, f: &mut dyn FnMut()| {
        let start = now();
        let mut rounds = 0usize;
        while rounds == 0 || now() - start < budget_ms {
            f();
            rounds += 1;
        }
        let secs = (now() - start) / 1000.0;
        let _ = writeln!(
            out,
            "{label:<34} {:>12.0} items/s {:>8.1} MB/s",
            (items * rounds) as f64 / secs,
            (bytes * rounds) as f64 / secs / 1e6
        );
    };
    let qbytes: usize = queries.iter().map(String::len).sum();
    time("parse: query corpus", queries.len(), qbytes, &mut || {
        for q in &queries {
            let _ = core::hint::black_box(parse(core::hint::black_box(q)));
        }
    });
    let nbytes: usize = names.iter().map(|n| n.len()).sum();
    time("parse: names (as typed)", names.len(), nbytes, &mut || {
        for q in &names {
            let _ = core::hint::black_box(parse(core::hint::black_box(q)));
        }
    });
    let mut analysis = crate::text::Analysis::new();
    for analyzer in crate::text::Analyzer::ALL {
        let label = format!("analyze: names, {analyzer:?}");
        time(&label, names.len(), nbytes, &mut || {
            for n in &names {
                analysis.run(analyzer, core::hint::black_box(n));
                core::hint::black_box(analysis.tokens().len());
            }
        });
    }
    out
}

/// A JSON string literal's value (the corpus writes control characters that way).
fn unjson(s: &str) -> String {
    let inner = s.trim().trim_start_matches('"').trim_end_matches('"');
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}'),
                );
            }
            Some(o) => out.push(o),
            None => {}
        }
    }
    out
}
