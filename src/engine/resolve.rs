//! From a query string to a resolved query: the `query` module parses (syntax only) and walks the AST with
//! Lucene's clause semantics; the hooks below are ES 7.10's `QueryStringQueryParser` overrides, answered by
//! [`Ctx`] with the index's fields and terms.

use crate::query::{self, BooleanClause, Builder, Occur, Operator};

use super::lucene::{BuildError, Ctx, Q};

/// Why a query string could not become a query (ES answered 400; the v1 API an HTML 500).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError(pub String);

impl Builder for Ctx<'_> {
    type Query = Q;
    type Error = BuildError;

    fn get_field_query(
        &mut self,
        field: &str,
        text: &str,
        quoted: bool,
    ) -> Result<Option<Q>, BuildError> {
        if quoted {
            return self.phrase_query(field, text, 0);
        }
        self.field_query(field, text)
    }

    fn get_field_query_slop(
        &mut self,
        field: &str,
        text: &str,
        slop: i32,
    ) -> Result<Option<Q>, BuildError> {
        self.phrase_query(field, text, slop)
    }

    fn get_range_query(
        &mut self,
        field: &str,
        part1: Option<&str>,
        part2: Option<&str>,
        start_inclusive: bool,
        end_inclusive: bool,
    ) -> Result<Option<Q>, BuildError> {
        self.range_query(field, part1, part2, start_inclusive, end_inclusive)
    }

    fn get_prefix_query(&mut self, field: &str, term: &str) -> Result<Option<Q>, BuildError> {
        self.prefix_query(field, term)
    }

    fn get_wildcard_query(&mut self, field: &str, image: &str) -> Result<Option<Q>, BuildError> {
        self.wildcard_query(field, image)
    }

    fn get_regexp_query(&mut self, field: &str, pattern: &str) -> Result<Option<Q>, BuildError> {
        self.regexp_query(field, pattern)
    }

    fn handle_bare_fuzzy(
        &mut self,
        field: &str,
        slop_image: &str,
        term: &str,
    ) -> Result<Option<Q>, BuildError> {
        self.fuzzy_query(field, term, slop_image)
    }

    fn new_match_all_docs_query(&mut self) -> Q {
        Q::All
    }

    fn get_boolean_query(
        &mut self,
        clauses: Vec<BooleanClause<Q>>,
    ) -> Result<Option<Q>, BuildError> {
        self.boolean(clauses)
    }

    fn new_boost_query(&mut self, q: Q, boost: f32) -> Q {
        Q::Boost(Box::new(q), boost)
    }

    fn new_empty_boolean_query(&mut self) -> Q {
        Q::Bool(Default::default())
    }

    fn boolean_clauses(&self, q: &Q) -> Option<Vec<BooleanClause<Q>>> {
        let Q::Bool(b) = q else { return None };
        let mut out = Vec::new();
        for (occur, list) in [
            (Occur::Must, &b.must),
            (Occur::Should, &b.should),
            (Occur::MustNot, &b.must_not),
            (Occur::Filter, &b.filter),
        ] {
            out.extend(list.iter().map(|q| BooleanClause {
                query: q.clone(),
                occur,
            }));
        }
        Some(out)
    }

    fn is_term_query(&self, q: &Q) -> bool {
        matches!(q, Q::Terms { synonym: false, .. } | Q::Keyword { .. })
    }
}

/// Parses `text` and builds the query with the ES hooks (`*` as default field).
pub fn resolve(ctx: &mut Ctx<'_>, text: &str) -> Result<Q, QueryError> {
    let ast = query::parse(text)
        .map_err(|e| QueryError(format!("the query string could not be parsed: {e}")))?;
    let op = if ctx.and { Operator::And } else { Operator::Or };
    query::build(&ast, "*", op, ctx).map_err(|e| match e {
        query::BuildError::Hook(BuildError(msg)) => QueryError(msg),
        query::BuildError::TooManyClauses { .. } => {
            QueryError("too many boolean clauses (the maximum is 1024)".into())
        }
        query::BuildError::InfiniteBoost { .. } => {
            QueryError("boost must be a positive float, got Infinity".into())
        }
    })
}
