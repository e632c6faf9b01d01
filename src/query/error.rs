//! Parse errors: what Lucene rejects (a `ParseException` or `TokenMgrError`, wrapped by `parse()`), plus the two
//! deliberate limits, each with a byte span and a message meant for people.

use core::fmt;

use super::ast::Span;
use super::java::EscapeError;

/// A query string Lucene's classic parser (as ES 7.10 runs it) rejects, or one over our limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub kind: ErrorKind,
    /// Where: byte offsets into the query string.
    pub span: Span,
    /// 1-based column of `span.start`, counted in characters.
    pub column: usize,
}

/// What went wrong. The variants group as Lucene does: lexical errors (`TokenMgrError`), grammar errors
/// (`ParseException` from the generated parser), escape errors (`ParseException` from `discardEscapeChar`), and our
/// limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The query is longer than [`MAX_QUERY_BYTES`](super::MAX_QUERY_BYTES) (not a Lucene error).
    TooLong { len: usize, max: usize },
    /// Parentheses nest deeper than [`MAX_DEPTH`](super::MAX_DEPTH) (not a Lucene error).
    TooDeep { max: usize },
    /// Lexical: a `"` that is never closed.
    UnterminatedPhrase,
    /// Lexical: a `/` that is never closed (a regular expression).
    UnterminatedRegexp,
    /// Lexical: a `\` at the very end.
    TrailingBackslash,
    /// Lexical: `]` or `}` outside a range.
    UnexpectedChar(char),
    /// Lexical: `^` not immediately followed by a number.
    BoostNotNumber,
    /// Grammar: a token where it cannot stand.
    Unexpected { found: Found, expected: Expected },
    /// Grammar: `(` without its `)`; the span is the `(`.
    UnclosedGroup,
    /// Grammar: a range whose `]`/`}` (or `TO`) never comes; the span is the `[`/`{`.
    UnclosedRange,
    /// `discardEscapeChar` failed on the term, phrase, field name or range bound in the span.
    Escape(EscapeError),
}

/// The token found where the grammar did not allow it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    EndOfInput,
    /// The token text.
    Token(String),
}

/// What the grammar would have accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// A term, phrase, range, `(` (or a `+`/`-`/`NOT` before one): the start of a clause.
    Clause,
    /// The same, after `AND`/`OR`/`+`/`-`/`NOT`.
    ClauseAfterOperator,
    /// The same, after `field:`.
    ClauseAfterField,
    /// A range bound or `TO`.
    RangeBound,
    /// `TO` between range bounds.
    RangeTo,
    /// `]` or `}`.
    RangeEnd,
    /// The end of the query (or of the group).
    End,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::EndOfInput => f.write_str("the end of the query"),
            Found::Token(t) => write!(f, "'{t}'"),
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Clause => "a term, a phrase, a range or '('",
            Expected::ClauseAfterOperator => "a term, a phrase, a range or '(' after the operator",
            Expected::ClauseAfterField => "a term, a phrase, a range or '(' after the field name",
            Expected::RangeBound => "a range bound",
            Expected::RangeTo => "'TO' between the range bounds",
            Expected::RangeEnd => "']' or '}' to close the range",
            Expected::End => "an operator, a term or the end of the query",
        })
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let col = self.column;
        match &self.kind {
            ErrorKind::TooLong { len, max } => {
                write!(f, "query too long: {len} bytes, the limit is {max}")
            }
            ErrorKind::TooDeep { max } => write!(
                f,
                "query nested too deeply: the '(' at column {col} opens more than {max} levels of parentheses"
            ),
            ErrorKind::UnterminatedPhrase => {
                write!(f, "unbalanced quote: the phrase starting at column {col} is not closed")
            }
            ErrorKind::UnterminatedRegexp => write!(
                f,
                "unterminated regular expression: the '/' at column {col} is not closed (write '\\/' for a slash)"
            ),
            ErrorKind::TrailingBackslash => {
                write!(f, "the query ends with an escape character '\\' at column {col}")
            }
            ErrorKind::UnexpectedChar(c) => write!(
                f,
                "unexpected '{c}' at column {col}: it only closes a range (write '\\{c}' for the character)"
            ),
            ErrorKind::BoostNotNumber => {
                write!(f, "the boost '^' at column {col} must be followed by a number")
            }
            ErrorKind::Unexpected { found, expected } => match (found, expected) {
                (Found::Token(t), Expected::End) if t == ")" => write!(
                    f,
                    "unbalanced parenthesis: the ')' at column {col} has no matching '('"
                ),
                _ => write!(f, "syntax error at column {col}: expected {expected}, found {found}"),
            },
            ErrorKind::UnclosedGroup => write!(
                f,
                "unbalanced parenthesis: the '(' at column {col} is not closed"
            ),
            ErrorKind::UnclosedRange => {
                write!(f, "unclosed range: the range starting at column {col} is not closed")
            }
            ErrorKind::Escape(e) => match e {
                EscapeError::TruncatedUnicode => write!(
                    f,
                    "invalid escape in the text at column {col}: '\\u' needs four hex digits"
                ),
                EscapeError::NonHex(c) => write!(
                    f,
                    "invalid escape in the text at column {col}: non-hex character '{c}' in a '\\u' escape"
                ),
                EscapeError::TrailingEscape => write!(
                    f,
                    "invalid escape in the text at column {col}: it ends with an escape character '\\'"
                ),
            },
        }
    }
}

impl std::error::Error for ParseError {}
