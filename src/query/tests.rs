//! Data-driven tests over `tests/data/query/`: the corpus snapshot (ASTs and error messages, `UPDATE_EXPECT=1`
//! refreshes), the differential against the real Lucene parser (fixtures written by `scripts/lucene-parse/run.sh`),
//! and property tests for totality.

use std::fmt::Write as _;
use std::path::PathBuf;

use proptest::prelude::*;

use super::testkit::{differential_text, exercise, read_cases, soup, FRAGMENTS};
use super::trace::json_str;
use super::*;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/query")
}

fn span(s: Span) -> String {
    format!("@{}..{}", s.start, s.end)
}

fn render_boost(out: &mut String, b: &Option<Boost>) {
    if let Some(b) = b {
        let _ = write!(out, "^{}", b.image);
    }
}

fn render_slop(out: &mut String, s: &Option<Slop>) {
    if let Some(s) = s {
        let _ = write!(out, "{}", json_str(&s.image));
    }
}

fn render_bound(b: &Bound) -> String {
    match (b.kind, &b.value) {
        (_, None) => "*".to_string(),
        (BoundKind::Goop, Some(v)) => json_str(v),
        (BoundKind::Quoted, Some(v)) => format!("q{}", json_str(v)),
        (BoundKind::To, Some(_)) => "TO".to_string(),
    }
}

fn render_query(out: &mut String, q: &Query) {
    for (n, e) in q.elements.iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        match e {
            Element::Chunk(m) => {
                let _ = write!(out, "chunk{}{}", json_str(&m.text), span(m.span));
            }
            Element::Clause(c) => {
                match c.conjunction.map(|o| o.op) {
                    Some(Conjunction::And) => out.push_str("AND "),
                    Some(Conjunction::Or) => out.push_str("OR "),
                    None => {}
                }
                match c.modifier.map(|o| o.op) {
                    Some(Modifier::Required) => out.push('+'),
                    Some(Modifier::Prohibited) => out.push('-'),
                    None => {}
                }
                render_clause(out, &c.clause);
            }
        }
    }
}

fn render_clause(out: &mut String, c: &Clause) {
    if let Some(f) = &c.field {
        let _ = write!(out, "field{}{}:", json_str(&f.name), span(f.span));
    }
    match &c.body {
        ClauseBody::Group(g) => {
            out.push('(');
            render_query(out, &g.query);
            let _ = write!(out, "){}", span(g.span));
            render_boost(out, &g.boost);
        }
        ClauseBody::Term(Term::Bare(t)) => {
            let kind = match &t.kind {
                BareKind::Plain => "term".to_string(),
                BareKind::BareOperator => "op".to_string(),
                BareKind::Star => "star".to_string(),
                BareKind::Prefix { prefix } => format!("prefix{}", json_str(prefix)),
                BareKind::Wildcard => "wild".to_string(),
                BareKind::Regexp { pattern } => format!("regexp{}", json_str(pattern)),
            };
            let _ = write!(out, "{kind}{}{}", json_str(&t.text), span(t.span));
            render_slop(out, &t.fuzzy);
            render_boost(out, &t.boost);
        }
        ClauseBody::Term(Term::Phrase(p)) => {
            let _ = write!(out, "phrase{}{}", json_str(&p.text), span(p.span));
            render_slop(out, &p.slop);
            render_boost(out, &p.boost);
        }
        ClauseBody::Term(Term::Range(r)) => {
            let _ = write!(
                out,
                "range{}{} TO {}{}{}",
                if r.lower_inclusive { '[' } else { '{' },
                render_bound(&r.lower),
                render_bound(&r.upper),
                if r.upper_inclusive { ']' } else { '}' },
                span(r.span)
            );
            render_boost(out, &r.boost);
        }
    }
}

fn render(input: &str) -> String {
    match parse(input) {
        Ok(ast) => {
            let mut out = String::new();
            render_query(&mut out, &ast.query);
            out
        }
        Err(e) => format!("error{}: {e}", span(e.span)),
    }
}

#[test]
fn corpus_snapshot() {
    let cases = read_cases(include_str!("../../tests/data/query/corpus.txt"));
    assert!(cases.len() >= 250, "corpus has {} cases", cases.len());
    let mut out = String::new();
    for c in &cases {
        let _ = writeln!(out, "{}\n    {}", json_str(c), render(c));
    }
    expect_test::expect_file!["../../tests/data/query/corpus.snap"].assert_eq(&out);
}

/// Compares our traces with a fixture of `TraceParser` output from files in `tests/data/query/`.
fn differential(cases_file: &str, fixture_file: &str) -> (usize, usize) {
    let cases = std::fs::read_to_string(data_dir().join(cases_file)).unwrap_or_default();
    let fixture = std::fs::read_to_string(data_dir().join(fixture_file))
        .unwrap_or_else(|e| panic!("{fixture_file}: {e} (run scripts/lucene-parse/run.sh)"));
    match differential_text(&cases, &fixture) {
        Ok(n) => (n, n),
        Err(report) => panic!("{fixture_file}: {report}"),
    }
}

#[test]
fn differential_corpus() {
    let (agree, total) = differential("corpus.txt", "corpus.lucene.txt");
    eprintln!("differential corpus: {agree}/{total} agree (OR and AND)");
}

/// Random token soup checked against Lucene. `QUERY_RANDOM_CASES=N` rewrites `random.txt` with N cases (then
/// rerun `scripts/lucene-parse/run.sh < random.txt > random.lucene.txt`).
#[test]
fn differential_random() {
    if let Ok(n) = std::env::var("QUERY_RANDOM_CASES") {
        let n: usize = n.parse().unwrap_or(5000);
        let mut out = String::from(
            "# Random token soup and grammar-built queries for the differential test (generated by query::tests).\n",
        );
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..n {
            let q = if i % 2 == 0 {
                soup(&mut rng)
            } else {
                super::testkit::grammar_case(&mut rng)
            };
            let _ = writeln!(
                out,
                "json:{}",
                serde_json::to_string(&q).unwrap_or_default()
            );
        }
        std::fs::write(data_dir().join("random.txt"), out).unwrap_or_else(|e| panic!("{e}"));
        return;
    }
    let (agree, total) = differential("random.txt", "random.lucene.txt");
    eprintln!("differential random: {agree}/{total} agree (OR and AND)");
}

#[test]
fn limits() {
    let deep = format!("{}a{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert!(parse(&deep).is_ok());
    let deeper = format!(
        "{}a{}",
        "(".repeat(MAX_DEPTH + 1),
        ")".repeat(MAX_DEPTH + 1)
    );
    let e = parse(&deeper).err().map(|e| e.kind);
    assert_eq!(e, Some(ErrorKind::TooDeep { max: MAX_DEPTH }));
    let wide = "(".repeat(MAX_QUERY_BYTES);
    assert!(matches!(
        parse(&wide).map_err(|e| e.kind),
        Err(ErrorKind::TooDeep { .. })
    ));
    let long = "a ".repeat(MAX_QUERY_BYTES / 2 + 1);
    assert!(matches!(
        parse(&long).map_err(|e| e.kind),
        Err(ErrorKind::TooLong { .. })
    ));
    // Over Lucene's clause limit: "too many boolean clauses", a build error.
    let many = "+a ".repeat(MAX_CLAUSE_COUNT + 1);
    let ast = parse(&many).unwrap_or_else(|e| panic!("{e}"));
    let r = build(
        &ast,
        "*",
        Operator::Or,
        &mut trace::Tracer::new(Operator::Or),
    );
    assert!(matches!(
        r,
        Err(BuildError::TooManyClauses { clauses: 1025, .. })
    ));
    let ok = "+a ".repeat(MAX_CLAUSE_COUNT);
    let ast = parse(&ok).unwrap_or_else(|e| panic!("{e}"));
    assert!(build(
        &ast,
        "*",
        Operator::Or,
        &mut trace::Tracer::new(Operator::Or)
    )
    .is_ok());
}

#[test]
fn blank() {
    assert!(is_java_blank(""));
    assert!(is_java_blank(" \t\u{b}"));
    assert!(!is_java_blank("\u{3000}"));
    assert!(parse("").is_err());
    assert!(parse(" ").is_err());
}

fn soup_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(), ..ProptestConfig::default() })]

    #[test]
    fn fuzz_arbitrary_strings(s in any::<String>()) {
        exercise(&s);
    }

    #[test]
    fn fuzz_bytes(b in prop::collection::vec(any::<u8>(), 0..200)) {
        exercise(&String::from_utf8_lossy(&b));
    }

    #[test]
    fn fuzz_token_soup(s in soup_strategy()) {
        exercise(&s);
    }

    #[test]
    fn fuzz_nesting(open in 0usize..3000, close in 0usize..3000, inner in soup_strategy()) {
        exercise(&format!("{}{inner}{}", "(".repeat(open), ")".repeat(close)));
        exercise(&format!("{}{inner}", "(a OR ".repeat(open)));
        exercise(&format!("{}{inner}", "f:(".repeat(open)));
    }

    #[test]
    fn fuzz_long(unit in soup_strategy(), n in 0usize..2000) {
        let s = unit.repeat(n.min(MAX_QUERY_BYTES * 2 / unit.len().max(1)));
        exercise(&s);
    }
}

/// Cases per property: `QUERY_FUZZ_CASES` (default 256).
fn fuzz_cases() -> u32 {
    std::env::var("QUERY_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// The generated inputs of the wasm fuzz run, natively: `QUERY_FUZZ_CASES` × 20 inputs.
#[test]
fn fuzz_generated() {
    super::testkit::fuzz(0x5eed_0fa1_1ea5, fuzz_cases() as usize * 20);
}

/// Parse and analysis throughput natively (a measurement, not a test: `bench/throughput.sh`).
#[test]
#[ignore = "a measurement: run by bench/throughput.sh"]
fn throughput_native() {
    let t0 = std::time::Instant::now();
    let now = || t0.elapsed().as_secs_f64() * 1000.0;
    println!("native\n{}", super::testkit::throughput(&now, 1000.0));
}
