//! A [`Builder`] whose hooks are the deterministic stubs of `scripts/lucene-parse/TraceParser.java`: it logs each
//! hook call and renders the final query the way the Java harness does, so a trace can be compared byte for byte.

use std::fmt::Write as _;

use super::build::{BooleanClause, Builder, Occur, Operator, MAX_CLAUSE_COUNT};

#[derive(Clone, Debug)]
pub enum TraceQuery {
    /// A query that is neither a term nor a boolean query.
    Opaque(u32),
    Term(u32),
    /// `id` is set for booleans a hook made, `None` for the walk's.
    Bool {
        id: Option<u32>,
        clauses: Vec<BooleanClause<TraceQuery>>,
    },
    Boost(f32, Box<TraceQuery>),
}

pub struct Tracer {
    operator: Operator,
    log: String,
    next: u32,
}

/// A stub failed the way the Java one would (a hook-made boolean over the clause limit).
#[derive(Debug)]
pub struct TooManyClauses;

impl Tracer {
    pub fn new(operator: Operator) -> Tracer {
        Tracer {
            operator,
            log: String::new(),
            next: 1,
        }
    }

    fn id(&mut self) -> u32 {
        let n = self.next;
        self.next += 1;
        n
    }

    fn call(&mut self, name: &str, q: &Option<TraceQuery>, args: &[String]) {
        if !self.log.is_empty() {
            self.log.push(' ');
        }
        match q {
            Some(q) => {
                let _ = write!(self.log, "{}", render(q));
            }
            None => self.log.push_str("null"),
        }
        let _ = write!(self.log, "={name}({})", args.join(","));
    }

    fn opaque(
        &mut self,
        name: &str,
        args: &[String],
    ) -> Result<Option<TraceQuery>, TooManyClauses> {
        let q = Some(TraceQuery::Opaque(self.id()));
        self.call(name, &q, args);
        Ok(q)
    }

    /// The trace line: hook calls, then ` => ` and the result.
    pub fn finish(self, result: &TraceQuery) -> String {
        format!("{} => {}", self.log, render(result))
    }
}

pub fn render(q: &TraceQuery) -> String {
    match q {
        TraceQuery::Opaque(n) | TraceQuery::Term(n) | TraceQuery::Bool { id: Some(n), .. } => {
            format!("#{n}")
        }
        TraceQuery::Boost(b, q) => format!("boost(0x{:08x},{})", b.to_bits(), render(q)),
        TraceQuery::Bool { id: None, clauses } => {
            let inner: Vec<String> = clauses
                .iter()
                .map(|c| {
                    let occur = match c.occur {
                        Occur::Must => "+",
                        Occur::Should => "",
                        Occur::MustNot => "-",
                        Occur::Filter => "#",
                    };
                    format!("{occur}{}", render(&c.query))
                })
                .collect();
            format!("bool[{}]", inner.join(","))
        }
    }
}

/// `TraceParser.str`: a JSON string with printable ASCII as is and everything else as `\uXXXX` UTF-16 units.
pub fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf).iter() {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
        }
    }
    out.push('"');
    out
}

fn opt_str(s: Option<&str>) -> String {
    s.map_or_else(|| "null".to_string(), json_str)
}

impl Builder for Tracer {
    type Query = TraceQuery;
    type Error = TooManyClauses;

    fn get_field_query(
        &mut self,
        field: &str,
        text: &str,
        quoted: bool,
    ) -> Result<Option<TraceQuery>, TooManyClauses> {
        let words: Vec<&str> = text
            .split(' ')
            .filter(|w| !w.is_empty() && *w != "the")
            .collect();
        let q = if words.is_empty() {
            None
        } else if words.len() == 1 && words[0].starts_with("wrap") {
            let term = TraceQuery::Term(self.id());
            let clauses = vec![BooleanClause {
                query: term,
                occur: Occur::Should,
            }];
            Some(TraceQuery::Bool {
                id: Some(self.id()),
                clauses,
            })
        } else if words.len() == 1 {
            Some(TraceQuery::Term(self.id()))
        } else if words.contains(&"dismax") {
            Some(TraceQuery::Opaque(self.id()))
        } else if words.len() > MAX_CLAUSE_COUNT {
            return Err(TooManyClauses);
        } else {
            let occur = match self.operator {
                Operator::Or => Occur::Should,
                Operator::And => Occur::Must,
            };
            let clauses = words
                .iter()
                .map(|w| {
                    let query = if w.contains('.') {
                        TraceQuery::Opaque(self.id())
                    } else {
                        TraceQuery::Term(self.id())
                    };
                    BooleanClause { query, occur }
                })
                .collect();
            Some(TraceQuery::Bool {
                id: Some(self.id()),
                clauses,
            })
        };
        self.call(
            "F",
            &q,
            &[json_str(field), json_str(text), quoted.to_string()],
        );
        Ok(q)
    }

    fn get_field_query_slop(
        &mut self,
        field: &str,
        text: &str,
        slop: i32,
    ) -> Result<Option<TraceQuery>, TooManyClauses> {
        let q = if text.trim_matches(|c: char| c <= ' ').is_empty() {
            None
        } else {
            Some(TraceQuery::Opaque(self.id()))
        };
        self.call(
            "P",
            &q,
            &[json_str(field), json_str(text), slop.to_string()],
        );
        Ok(q)
    }

    fn get_range_query(
        &mut self,
        field: &str,
        part1: Option<&str>,
        part2: Option<&str>,
        start_inclusive: bool,
        end_inclusive: bool,
    ) -> Result<Option<TraceQuery>, TooManyClauses> {
        let args = [
            json_str(field),
            opt_str(part1),
            opt_str(part2),
            start_inclusive.to_string(),
            end_inclusive.to_string(),
        ];
        self.opaque("R", &args)
    }

    fn get_prefix_query(
        &mut self,
        field: &str,
        term: &str,
    ) -> Result<Option<TraceQuery>, TooManyClauses> {
        self.opaque("X", &[json_str(field), json_str(term)])
    }

    fn get_wildcard_query(
        &mut self,
        field: &str,
        image: &str,
    ) -> Result<Option<TraceQuery>, TooManyClauses> {
        self.opaque("W", &[json_str(field), json_str(image)])
    }

    fn get_regexp_query(
        &mut self,
        field: &str,
        pattern: &str,
    ) -> Result<Option<TraceQuery>, TooManyClauses> {
        self.opaque("E", &[json_str(field), json_str(pattern)])
    }

    fn handle_bare_fuzzy(
        &mut self,
        field: &str,
        slop_image: &str,
        term: &str,
    ) -> Result<Option<TraceQuery>, TooManyClauses> {
        self.opaque(
            "Z",
            &[json_str(field), json_str(slop_image), json_str(term)],
        )
    }

    fn new_match_all_docs_query(&mut self) -> TraceQuery {
        TraceQuery::Opaque(self.id())
    }

    fn get_boolean_query(
        &mut self,
        clauses: Vec<BooleanClause<TraceQuery>>,
    ) -> Result<Option<TraceQuery>, TooManyClauses> {
        Ok((!clauses.is_empty()).then_some(TraceQuery::Bool { id: None, clauses }))
    }

    fn new_boost_query(&mut self, query: TraceQuery, boost: f32) -> TraceQuery {
        TraceQuery::Boost(boost, Box::new(query))
    }

    fn new_empty_boolean_query(&mut self) -> TraceQuery {
        TraceQuery::Bool {
            id: None,
            clauses: Vec::new(),
        }
    }

    fn boolean_clauses(&self, query: &TraceQuery) -> Option<Vec<BooleanClause<TraceQuery>>> {
        match query {
            TraceQuery::Bool { clauses, .. } => Some(clauses.clone()),
            _ => None,
        }
    }

    fn is_term_query(&self, query: &TraceQuery) -> bool {
        matches!(query, TraceQuery::Term(_))
    }
}

/// The trace of `query` with `operator`, as `TraceParser.trace` prints it.
pub fn trace(query: &str, operator: Operator) -> String {
    let Ok(ast) = super::parse(query) else {
        return "error".to_string();
    };
    let mut tracer = Tracer::new(operator);
    match super::build(&ast, "*", operator, &mut tracer) {
        Ok(q) => tracer.finish(&q),
        Err(_) => "error".to_string(),
    }
}
