//! libFuzzer target for `ror_wasm::query`: any UTF-8 input is parsed and, when accepted, built with both default
//! operators through a builder that returns structured queries (so `addMultiTermClauses` and boosts are
//! exercised). Must never panic, overflow the stack or hang.
//!
//!     fuzz/run.sh [seconds]    (RUSTC_BOOTSTRAP=1 cargo fuzz run query_parse, seeded, with fuzz/query.dict)

#![no_main]

use libfuzzer_sys::fuzz_target;
use ror_wasm::query::{build, parse, BooleanClause, Builder, Occur, Operator};

#[derive(Clone)]
enum Q {
    Leaf,
    Term,
    Bool(Vec<BooleanClause<Q>>),
}

struct B;

impl Builder for B {
    type Query = Q;
    type Error = ();
    fn get_field_query(&mut self, _: &str, text: &str, _: bool) -> Result<Option<Q>, ()> {
        let words: Vec<&str> = text
            .split(' ')
            .filter(|w| !w.is_empty() && *w != "the")
            .collect();
        Ok(match words.len() {
            0 => None,
            1 => Some(Q::Term),
            _ => Some(Q::Bool(
                words
                    .iter()
                    .map(|_| BooleanClause {
                        query: Q::Term,
                        occur: Occur::Should,
                    })
                    .collect(),
            )),
        })
    }
    fn get_field_query_slop(&mut self, _: &str, text: &str, _: i32) -> Result<Option<Q>, ()> {
        Ok((!text.is_empty()).then_some(Q::Leaf))
    }
    fn get_range_query(
        &mut self,
        _: &str,
        _: Option<&str>,
        _: Option<&str>,
        _: bool,
        _: bool,
    ) -> Result<Option<Q>, ()> {
        Ok(Some(Q::Leaf))
    }
    fn get_prefix_query(&mut self, _: &str, _: &str) -> Result<Option<Q>, ()> {
        Ok(Some(Q::Leaf))
    }
    fn get_wildcard_query(&mut self, _: &str, _: &str) -> Result<Option<Q>, ()> {
        Ok(Some(Q::Leaf))
    }
    fn get_regexp_query(&mut self, _: &str, _: &str) -> Result<Option<Q>, ()> {
        Ok(Some(Q::Leaf))
    }
    fn handle_bare_fuzzy(&mut self, _: &str, _: &str, _: &str) -> Result<Option<Q>, ()> {
        Ok(Some(Q::Leaf))
    }
    fn new_match_all_docs_query(&mut self) -> Q {
        Q::Leaf
    }
    fn get_boolean_query(&mut self, clauses: Vec<BooleanClause<Q>>) -> Result<Option<Q>, ()> {
        Ok((!clauses.is_empty()).then_some(Q::Bool(clauses)))
    }
    fn new_boost_query(&mut self, q: Q, _: f32) -> Q {
        q
    }
    fn new_empty_boolean_query(&mut self) -> Q {
        Q::Bool(Vec::new())
    }
    fn boolean_clauses(&self, q: &Q) -> Option<Vec<BooleanClause<Q>>> {
        match q {
            Q::Bool(c) => Some(c.clone()),
            _ => None,
        }
    }
    fn is_term_query(&self, q: &Q) -> bool {
        matches!(q, Q::Term)
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match parse(s) {
        Ok(ast) => {
            for op in [Operator::Or, Operator::And] {
                let _ = build(&ast, "*", op, &mut B);
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
