//! The Elasticsearch 7.10 `query_string` language — Lucene's classic `QueryParser` grammar as ES configures it
//! (`splitOnWhitespace=false`, `allowLeadingWildcard=true`, default field `*`) — parsed by a total nom parser into
//! an [`Ast`] with byte spans, plus a field-agnostic walk ([`build`]) that replays Lucene 8.8's semantic actions
//! through [`Builder`] hooks. This module knows syntax only, never ROR field names.
//!
//! Key decision: exactness to Lucene is checked, not assumed. The token manager is rebuilt from the JavaCC token
//! definitions with JavaCC's own rules (longest match, first-defined wins ties, lexical states), the productions
//! follow the generated parser's lookaheads, and a differential test replays the corpus and 10,000 random queries
//! through the real Lucene jar (`scripts/lucene-parse/`) and compares hook-call traces for both default operators.
//!
//! Stages: [`parse`] (`&str` → [`Ast`] or [`ParseError`]) runs the token manager (`lexer`), the grammar
//! (`parser`) and the semantic actions that can fail during parsing in Lucene (`discardEscapeChar` on terms,
//! phrases, field names and range bounds). [`build`] then runs the remaining actions (`addClause`,
//! `addMultiTermClauses`, `handleBareTokenQuery`, `handleQuotedTerm`, the range branch, `handleBoost`,
//! `getBooleanQuery`, `parse()`'s null → empty boolean), calling the hooks the engine implements (fields,
//! analyzers, ES behaviour: `_exists_`, `>x`, field patterns, fuzziness, negative-query fixing…).
//!
//! The AST mirrors the productions: [`Ast`] → [`Query`] (ordered [`Element`]s: a [`MultiTerm`] chunk, or a
//! [`ClauseElement`] with optional conjunction and modifier) → [`Clause`] (optional [`Field`], then a [`Term`] or a
//! parenthesised [`Group`] with optional boost) → [`Term`] = [`BareTerm`] (kind, raw image, unescaped text, fuzzy
//! slop image, boost) | [`Phrase`] | [`RangeTerm`] (two [`Bound`]s).
//!
//! Errors: [`ParseError`] = an [`ErrorKind`] + a byte [`Span`] + a 1-based character column, with a readable
//! `Display` ("unbalanced quote: the phrase starting at column 5 is not closed"). Every input Lucene's `parse`
//! rejects (`ParseException`, `TokenMgrError`, `discardEscapeChar`'s errors) is a `ParseError`, except two that
//! Lucene raises while building and [`build`] reports as [`BuildError`]: more than [`MAX_CLAUSE_COUNT`] clauses in
//! one boolean query ("too many boolean clauses") and an infinite boost on a non-null query (`BoostQuery` throws).
//! The empty and whitespace-only strings are rejected as by Lucene; ES short-cuts them first ([`is_java_blank`]).
//!
//! Deliberate deviations (limits; Lucene has none): input longer than [`MAX_QUERY_BYTES`] bytes is rejected with
//! [`ErrorKind::TooLong`], parentheses nested deeper than [`MAX_DEPTH`] with [`ErrorKind::TooDeep`]: the parser and
//! the walk recurse once per level and the wasm stack is 1 MiB. Texts are Rust strings: an unpaired UTF-16
//! surrogate made by a `\uD800`-style escape becomes U+FFFD (as in the UTF-8 Lucene indexes and searches). Error
//! messages are ours, not Lucene's (Lucene's are "Cannot parse '…': Encountered …").

mod ast;
mod build;
mod error;
mod java;
mod lexer;
mod parser;
#[cfg(test)]
pub(crate) mod testkit;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
#[cfg(test)]
mod trace;
#[cfg(all(test, target_arch = "wasm32"))]
mod wasm_tests;

pub use ast::*;
pub use build::{
    build, BooleanClause, BuildError, Builder, Occur, Operator, DEFAULT_PHRASE_SLOP,
    MAX_CLAUSE_COUNT,
};
pub use error::{ErrorKind, Expected, Found, ParseError};
pub use java::{discard_escape_char, parse_float as java_parse_float, EscapeError};

/// Longest query accepted, in bytes (UTF-8).
pub const MAX_QUERY_BYTES: usize = 10_000;

/// Deepest nesting of parentheses accepted.
pub const MAX_DEPTH: usize = 100;

/// Parses a `query` / `query.advanced` string as Lucene's classic parser does (ES 7.10 settings).
///
/// Lucene rejects the empty string (and whitespace-only input); ES answers those with "no documents" before
/// parsing, see [`is_java_blank`].
pub fn parse(input: &str) -> Result<Ast, ParseError> {
    if input.len() > MAX_QUERY_BYTES {
        return Err(ParseError {
            kind: ErrorKind::TooLong {
                len: input.len(),
                max: MAX_QUERY_BYTES,
            },
            span: Span::new(0, input.len()),
            column: 1,
        });
    }
    let (toks, lex_error) = lexer::tokenize(input);
    let p = parser::Parser {
        src: input,
        lex_error,
        max_depth: MAX_DEPTH,
    };
    parser::parse_tokens(&p, &toks).map_err(|e| {
        let start = floor_char_boundary(input, e.span.start);
        ParseError {
            column: input[..start].chars().count() + 1,
            kind: e.kind,
            span: e.span,
        }
    })
}

/// Java's `query.trim().isEmpty()` (every character `<= U+0020`), which ES's `QueryStringQueryParser.parse`
/// checks before parsing: such a query matches no documents. Note `\u{3000}` is whitespace to the grammar but
/// not to `trim()`.
pub fn is_java_blank(input: &str) -> bool {
    input.chars().all(|c| c <= ' ')
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
