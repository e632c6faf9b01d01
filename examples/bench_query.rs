//! Parse throughput of `ror_wasm::query`: queries/s and MB/s for `parse` alone and for `parse` + `build` (with a
//! builder that only counts hook calls), over the query corpus and over organisation names from
//! `data/ror-v1-small.json` (raw as a client might send them, escaped as ROR's functional tests do, and with `~`
//! after every word as in ROR's fuzzy test set).
//!
//!     cargo run --release --example bench_query [rounds]

use std::hint::black_box;
use std::time::Instant;

use ror_wasm::query::{build, parse, BooleanClause, Builder, Operator};

/// Counts calls; every query is a unit.
struct Count(usize);

impl Builder for Count {
    type Query = ();
    type Error = ();
    fn get_field_query(&mut self, _: &str, _: &str, _: bool) -> Result<Option<()>, ()> {
        self.0 += 1;
        Ok(Some(()))
    }
    fn get_field_query_slop(&mut self, _: &str, _: &str, _: i32) -> Result<Option<()>, ()> {
        self.0 += 1;
        Ok(Some(()))
    }
    fn get_range_query(
        &mut self,
        _: &str,
        _: Option<&str>,
        _: Option<&str>,
        _: bool,
        _: bool,
    ) -> Result<Option<()>, ()> {
        self.0 += 1;
        Ok(Some(()))
    }
    fn get_prefix_query(&mut self, _: &str, _: &str) -> Result<Option<()>, ()> {
        self.0 += 1;
        Ok(Some(()))
    }
    fn get_wildcard_query(&mut self, _: &str, _: &str) -> Result<Option<()>, ()> {
        self.0 += 1;
        Ok(Some(()))
    }
    fn get_regexp_query(&mut self, _: &str, _: &str) -> Result<Option<()>, ()> {
        self.0 += 1;
        Ok(Some(()))
    }
    fn handle_bare_fuzzy(&mut self, _: &str, _: &str, _: &str) -> Result<Option<()>, ()> {
        self.0 += 1;
        Ok(Some(()))
    }
    fn new_match_all_docs_query(&mut self) {}
    fn get_boolean_query(&mut self, _: Vec<BooleanClause<()>>) -> Result<Option<()>, ()> {
        self.0 += 1;
        Ok(Some(()))
    }
    fn new_boost_query(&mut self, _: (), _: f32) {}
    fn new_empty_boolean_query(&mut self) {}
    fn boolean_clauses(&self, _: &()) -> Option<Vec<BooleanClause<()>>> {
        None
    }
    fn is_term_query(&self, _: &()) -> bool {
        false
    }
}

fn corpus() -> Vec<String> {
    let text = include_str!("../tests/data/query/corpus.txt");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.strip_prefix("json:") {
            Some(j) => serde_json::from_str(j).unwrap_or_default(),
            None => l.to_string(),
        })
        .collect()
}

/// Every name, alias, acronym and label of the small bundled dump.
fn names() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/ror-v1-small.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let records: Vec<serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out = Vec::new();
    for r in &records {
        let mut push = |v: &serde_json::Value| {
            if let Some(s) = v.as_str() {
                if !s.trim().is_empty() {
                    out.push(s.to_string());
                }
            }
        };
        push(&r["name"]);
        for key in ["aliases", "acronyms"] {
            for v in r[key].as_array().into_iter().flatten() {
                push(v);
            }
        }
        for l in r["labels"].as_array().into_iter().flatten() {
            push(&l["label"]);
        }
    }
    out
}

/// ROR's client-side escaping (`tests_functional/evaluation.py`): a backslash before each reserved character.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if "+-=&|><!(){}[]^\"~*?:\\/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn run(label: &str, queries: &[String], rounds: usize) {
    let bytes: usize = queries.iter().map(String::len).sum();
    let ok = queries.iter().filter(|q| parse(q).is_ok()).count();
    for (what, with_build) in [("parse", false), ("parse+build", true)] {
        let start = Instant::now();
        let mut calls = 0usize;
        for _ in 0..rounds {
            for q in queries {
                match parse(black_box(q)) {
                    Ok(ast) if with_build => {
                        let mut c = Count(0);
                        let _ = black_box(build(&ast, "*", Operator::Or, &mut c));
                        calls += c.0;
                    }
                    r => {
                        black_box(&r);
                    }
                }
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let n = (queries.len() * rounds) as f64;
        println!(
            "{label:<16} {what:<12} {:>6} queries ({ok} accepted, {:.1} bytes avg): {:>10.0} queries/s {:>7.1} MB/s{}",
            queries.len(),
            bytes as f64 / queries.len() as f64,
            n / secs,
            (bytes * rounds) as f64 / secs / 1e6,
            if with_build { format!(" ({} hook calls/round)", calls / rounds) } else { String::new() }
        );
    }
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let corpus = corpus();
    let names = names();
    let escaped: Vec<String> = names.iter().map(|n| escape(n)).collect();
    let fuzzy: Vec<String> = escaped
        .iter()
        .map(|n| {
            n.split(' ')
                .filter(|w| !w.is_empty())
                .map(|w| format!("{w}~"))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    println!("{rounds} rounds each");
    run("corpus", &corpus, rounds);
    run("names (raw)", &names, rounds);
    run("names (escaped)", &escaped, rounds);
    run("names (fuzzy)", &fuzzy, rounds);
}
