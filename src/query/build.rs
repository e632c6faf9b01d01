//! The semantic actions of `QueryParser.jj` / `QueryParserBase` (Lucene 8.8) as a walk over the [`Ast`]:
//! `TopLevelQuery`, `Query`, `MultiTerm`, `Clause`, `Term`, `addClause`, `addMultiTermClauses`, `handleBoost`,
//! `handleBareTokenQuery`, `handleQuotedTerm`, the range branch, and `parse()`'s "null → empty boolean".
//! Everything field- and analysis-dependent is a [`Builder`] hook named after the Lucene method ES overrides.

use core::fmt;

use super::ast::*;
use super::java::{float_to_int, parse_float};

/// The parser's default operator (`QueryParser.Operator`). ES: `OR` for `query`, `AND` for `query.advanced`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Or,
    And,
}

/// `BooleanClause.Occur`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Occur {
    Must,
    Should,
    MustNot,
    Filter,
}

/// `BooleanClause`: a query and how it occurs.
#[derive(Clone, Debug, PartialEq)]
pub struct BooleanClause<Q> {
    pub query: Q,
    pub occur: Occur,
}

/// `BooleanQuery.maxClauseCount` (Lucene's and ES 7's `indices.query.bool.max_clause_count` default): a boolean
/// query the walk assembles with more clauses fails like Lucene's `TooManyClauses`, which `parse()` reports as
/// "too many boolean clauses".
pub const MAX_CLAUSE_COUNT: usize = 1024;

/// Phrase slop when a phrase has no `~N` (or an unparsable one): ES's `phrase_slop` default.
pub const DEFAULT_PHRASE_SLOP: i32 = 0;

/// The hooks: one per `QueryParserBase` method that builds a query. A hook returning `Ok(None)` is Lucene's `null`
/// ("analysis produced nothing"), which the walk skips exactly as Lucene does. `field` is the clause's field name
/// (unescaped), or the enclosing group's, or the default field.
pub trait Builder {
    /// Shared freely (Lucene passes query references around): `Clone` should be cheap.
    type Query: Clone;
    type Error;

    /// `getFieldQuery(field, queryText, quoted)`: a plain term or a `MultiTerm` chunk (unescaped, words joined
    /// by single spaces). The grammar always passes `quoted = false`.
    fn get_field_query(
        &mut self,
        field: &str,
        text: &str,
        quoted: bool,
    ) -> Result<Option<Self::Query>, Self::Error>;

    /// `getFieldQuery(field, queryText, slop)`: a quoted phrase (unescaped, without quotes) and its slop
    /// (`(int) Float.parseFloat` of what follows `~`, [`DEFAULT_PHRASE_SLOP`] if absent or unparsable).
    fn get_field_query_slop(
        &mut self,
        field: &str,
        text: &str,
        slop: i32,
    ) -> Result<Option<Self::Query>, Self::Error>;

    /// `getRangeQuery(field, part1, part2, startInclusive, endInclusive)`: bounds unescaped, `None` for an
    /// unquoted `*`.
    fn get_range_query(
        &mut self,
        field: &str,
        part1: Option<&str>,
        part2: Option<&str>,
        start_inclusive: bool,
        end_inclusive: bool,
    ) -> Result<Option<Self::Query>, Self::Error>;

    /// `getPrefixQuery(field, termStr)`: `abc*` → the unescaped `abc`.
    fn get_prefix_query(
        &mut self,
        field: &str,
        term: &str,
    ) -> Result<Option<Self::Query>, Self::Error>;

    /// `getWildcardQuery(field, termStr)`: the raw token image, escapes kept (`*`, `a?c`, `a\*b*`).
    fn get_wildcard_query(
        &mut self,
        field: &str,
        image: &str,
    ) -> Result<Option<Self::Query>, Self::Error>;

    /// `getRegexpQuery(field, termStr)`: the text between the slashes, escapes kept.
    fn get_regexp_query(
        &mut self,
        field: &str,
        pattern: &str,
    ) -> Result<Option<Self::Query>, Self::Error>;

    /// `handleBareFuzzy(field, fuzzySlop, termImage)`: `slop_image` is the whole `<FUZZY_SLOP>` token (`~`,
    /// `~1`, `~0.5`, `~AUTO`, `~x`…), `term` the unescaped term.
    fn handle_bare_fuzzy(
        &mut self,
        field: &str,
        slop_image: &str,
        term: &str,
    ) -> Result<Option<Self::Query>, Self::Error>;

    /// `newMatchAllDocsQuery()`. The walk never calls it (Lucene's and ES's `getWildcardQuery` do, for `*`);
    /// it is here so the engine's hooks and the walk share one vocabulary.
    fn new_match_all_docs_query(&mut self) -> Self::Query;

    /// `getBooleanQuery(clauses)`; Lucene's returns `null` for no clauses. Never called with more than
    /// [`MAX_CLAUSE_COUNT`] clauses.
    fn get_boolean_query(
        &mut self,
        clauses: Vec<BooleanClause<Self::Query>>,
    ) -> Result<Option<Self::Query>, Self::Error>;

    /// `new BoostQuery(q, boost)` (`handleBoost`; never called for a `null` query).
    fn new_boost_query(&mut self, query: Self::Query, boost: f32) -> Self::Query;

    /// `newBooleanQuery().build()`: what `parse()` returns when the whole query came out `null`.
    fn new_empty_boolean_query(&mut self) -> Self::Query;

    /// For `addMultiTermClauses`: the clauses of `query` if it is a `BooleanQuery`, else `None`.
    fn boolean_clauses(&self, query: &Self::Query) -> Option<Vec<BooleanClause<Self::Query>>>;

    /// For `addMultiTermClauses`: whether `query` is a `TermQuery`.
    fn is_term_query(&self, query: &Self::Query) -> bool;
}

/// Why [`build`] failed.
#[derive(Clone, Debug, PartialEq)]
pub enum BuildError<E> {
    /// A boolean query would get more than [`MAX_CLAUSE_COUNT`] clauses (Lucene: "too many boolean clauses").
    TooManyClauses { clauses: usize, span: Span },
    /// A boost that reads as infinity (`^` and 39 digits or more) on a non-null query: Lucene's `BoostQuery`
    /// throws "boost must be a positive float", which ES reports as a request error.
    InfiniteBoost { span: Span },
    /// A hook failed.
    Hook(E),
}

impl<E: fmt::Display> fmt::Display for BuildError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::TooManyClauses { clauses, .. } => write!(
                f,
                "too many boolean clauses: {clauses} at one level, the limit is {MAX_CLAUSE_COUNT}"
            ),
            BuildError::InfiniteBoost { .. } => {
                f.write_str("boost must be a positive float, got Infinity")
            }
            BuildError::Hook(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for BuildError<E> {}

/// `QueryParserBase.parse` after parsing: runs the semantic actions over `ast` with `default_field` (ES: `*`)
/// and `operator`, calling `builder`'s hooks in Lucene's order. A `null` result becomes
/// [`Builder::new_empty_boolean_query`].
pub fn build<B: Builder>(
    ast: &Ast,
    default_field: &str,
    operator: Operator,
    builder: &mut B,
) -> Result<B::Query, BuildError<B::Error>> {
    let mut walk = Walk {
        b: builder,
        operator,
    };
    match walk.query(&ast.query, default_field)? {
        Some(q) => Ok(q),
        None => Ok(walk.b.new_empty_boolean_query()),
    }
}

struct Walk<'b, B: Builder> {
    b: &'b mut B,
    operator: Operator,
}

type Res<B> = Result<Option<<B as Builder>::Query>, BuildError<<B as Builder>::Error>>;

impl<B: Builder> Walk<'_, B> {
    /// `Query(field)`. Recursion depth is bounded by the parser's nesting limit.
    fn query(&mut self, query: &Query, field: &str) -> Res<B> {
        let mut clauses: Vec<BooleanClause<B::Query>> = Vec::new();
        let mut first_query = None;
        for (n, element) in query.elements.iter().enumerate() {
            match element {
                Element::Chunk(m) => {
                    // MultiTerm with splitOnWhitespace=false.
                    let q = self
                        .b
                        .get_field_query(field, &m.text, false)
                        .map_err(BuildError::Hook)?;
                    if n == 0 {
                        first_query = q.clone();
                    }
                    self.add_multi_term_clauses(&mut clauses, q);
                }
                Element::Clause(c) => {
                    let q = self.clause(&c.clause, field)?;
                    let modifier = c.modifier.map(|m| m.op);
                    if n == 0 && modifier.is_none() {
                        first_query = q.clone();
                    }
                    self.add_clause(&mut clauses, c.conjunction.map(|o| o.op), modifier, q);
                }
            }
        }
        if clauses.len() == 1 && first_query.is_some() {
            return Ok(first_query);
        }
        if clauses.len() > MAX_CLAUSE_COUNT {
            return Err(BuildError::TooManyClauses {
                clauses: clauses.len(),
                span: query.span,
            });
        }
        self.b.get_boolean_query(clauses).map_err(BuildError::Hook)
    }

    /// `addClause(clauses, conj, mods, q)`.
    fn add_clause(
        &self,
        clauses: &mut Vec<BooleanClause<B::Query>>,
        conj: Option<Conjunction>,
        modifier: Option<Modifier>,
        q: Option<B::Query>,
    ) {
        // Introduced by AND: the preceding clause becomes required, unless it is prohibited.
        if conj == Some(Conjunction::And) {
            if let Some(last) = clauses.last_mut() {
                if last.occur != Occur::MustNot {
                    last.occur = Occur::Must;
                }
            }
        }
        // Operator AND and introduced by OR: the preceding clause becomes optional, unless prohibited.
        if self.operator == Operator::And && conj == Some(Conjunction::Or) {
            if let Some(last) = clauses.last_mut() {
                if last.occur != Occur::MustNot {
                    last.occur = Occur::Should;
                }
            }
        }
        // A null query (analysis produced nothing) is dropped after its conjunction had its effect.
        let Some(query) = q else {
            return;
        };
        let prohibited = modifier == Some(Modifier::Prohibited);
        let required = match self.operator {
            Operator::Or => {
                modifier == Some(Modifier::Required)
                    || (conj == Some(Conjunction::And) && !prohibited)
            }
            Operator::And => !prohibited && conj != Some(Conjunction::Or),
        };
        // Lucene throws "Clause cannot be both required and prohibited" for the fourth case, which the two
        // formulas above never produce.
        let occur = match (required, prohibited) {
            (true, _) => Occur::Must,
            (false, false) => Occur::Should,
            (false, true) => Occur::MustNot,
        };
        clauses.push(BooleanClause { query, occur });
    }

    /// `addMultiTermClauses(clauses, q)`: a boolean query of term queries is spliced in with its occurs; another
    /// boolean query is spliced in with the operator's occur; anything else is one clause with that occur.
    fn add_multi_term_clauses(
        &self,
        clauses: &mut Vec<BooleanClause<B::Query>>,
        q: Option<B::Query>,
    ) {
        let Some(query) = q else {
            return;
        };
        let occur = match self.operator {
            Operator::Or => Occur::Should,
            Operator::And => Occur::Must,
        };
        match self.b.boolean_clauses(&query) {
            Some(inner) => {
                if inner.iter().all(|c| self.b.is_term_query(&c.query)) {
                    clauses.extend(inner);
                } else {
                    clauses.extend(inner.into_iter().map(|c| BooleanClause {
                        query: c.query,
                        occur,
                    }));
                }
            }
            None => clauses.push(BooleanClause { query, occur }),
        }
    }

    /// `Clause(field)`: the `field:` prefix (if any) replaces the field for the term or the group.
    fn clause(&mut self, clause: &Clause, field: &str) -> Res<B> {
        let field = clause.field.as_ref().map_or(field, |f| f.name.as_str());
        match &clause.body {
            ClauseBody::Term(term) => self.term(term, field),
            ClauseBody::Group(group) => {
                let q = self.query(&group.query, field)?;
                self.handle_boost(q, group.boost.as_ref())
            }
        }
    }

    /// `Term(field)`: `handleBareTokenQuery`, the range branch, or `handleQuotedTerm`; then `handleBoost`.
    fn term(&mut self, term: &Term, field: &str) -> Res<B> {
        let b = &mut *self.b;
        let (q, boost) = match term {
            Term::Bare(t) => {
                let q = match &t.kind {
                    BareKind::Star | BareKind::Wildcard => b.get_wildcard_query(field, &t.image),
                    BareKind::Prefix { prefix } => b.get_prefix_query(field, prefix),
                    BareKind::Regexp { pattern } => b.get_regexp_query(field, pattern),
                    BareKind::Plain | BareKind::BareOperator => match &t.fuzzy {
                        Some(slop) => b.handle_bare_fuzzy(field, &slop.image, &t.text),
                        None => b.get_field_query(field, &t.text, false),
                    },
                };
                (q, t.boost.as_ref())
            }
            Term::Phrase(p) => {
                let slop = p
                    .slop
                    .as_ref()
                    .and_then(|s| parse_float(&s.image[1..]))
                    .map_or(DEFAULT_PHRASE_SLOP, float_to_int);
                (
                    b.get_field_query_slop(field, &p.text, slop),
                    p.boost.as_ref(),
                )
            }
            Term::Range(r) => {
                let q = b.get_range_query(
                    field,
                    r.lower.value.as_deref(),
                    r.upper.value.as_deref(),
                    r.lower_inclusive,
                    r.upper_inclusive,
                );
                (q, r.boost.as_ref())
            }
        };
        let q = q.map_err(BuildError::Hook)?;
        self.handle_boost(q, boost)
    }

    /// `handleBoost(q, boost)`: wraps a non-null query in a boost query.
    fn handle_boost(&mut self, q: Option<B::Query>, boost: Option<&Boost>) -> Res<B> {
        match (q, boost) {
            (Some(_), Some(boost)) if boost.value.is_infinite() => {
                Err(BuildError::InfiniteBoost { span: boost.span })
            }
            (Some(q), Some(boost)) => Ok(Some(self.b.new_boost_query(q, boost.value))),
            (q, _) => Ok(q),
        }
    }
}
