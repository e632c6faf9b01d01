//! The syntax tree: one type per production of Lucene's `QueryParser.jj`, with byte spans into the query string.
//!
//! Strings are owned: `image` is the token text as typed (what Lucene's `Token.image` holds), `text` what
//! `discardEscapeChar` makes of it (backslash escapes and `\uXXXX` resolved; an unpaired UTF-16 surrogate from a
//! `\uD800`-style escape becomes U+FFFD, as Lucene's UTF-8 conversion of the term does).

use core::ops::Range;

/// Byte offsets `start..end` into the parsed string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// `TopLevelQuery ::= Query <EOF>`.
#[derive(Clone, Debug, PartialEq)]
pub struct Ast {
    pub query: Query,
}

/// `Query ::= ( MultiTerm | Modifiers Clause ) ( MultiTerm | Conjunction Modifiers Clause )*`.
/// Never empty; the first element never has a conjunction.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub elements: Vec<Element>,
    pub span: Span,
}

// Elements sit in a Vec and are few per query; boxing clauses would cost an allocation each for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Element {
    /// Two or more plain `<TERM>`s in a row (splitOnWhitespace=false): analysed as one chunk.
    Chunk(MultiTerm),
    Clause(ClauseElement),
}

impl Element {
    pub fn span(&self) -> Span {
        match self {
            Element::Chunk(m) => m.span,
            Element::Clause(c) => c.span,
        }
    }
}

/// `MultiTerm ::= <TERM> ( <TERM> )+`, taken while the next token is a `<TERM>` not followed by
/// `:`, `*`, `~…`, `^`, `AND` or `OR`.
#[derive(Clone, Debug, PartialEq)]
pub struct MultiTerm {
    /// The `<TERM>` tokens (at least two).
    pub words: Vec<Word>,
    /// `discardEscapeChar` of the images joined with single spaces (what `getFieldQuery` receives).
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Word {
    pub image: String,
    pub span: Span,
}

/// A clause with its optional conjunction (`AND`/`&&`, `OR`/`||`) and modifier (`+`, `-`, `NOT`/`!`).
#[derive(Clone, Debug, PartialEq)]
pub struct ClauseElement {
    pub conjunction: Option<Op<Conjunction>>,
    pub modifier: Option<Op<Modifier>>,
    pub clause: Clause,
    pub span: Span,
}

/// An operator token: what it means and where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Op<T> {
    pub op: T,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conjunction {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Modifier {
    /// `+`
    Required,
    /// `-`, `NOT` or `!`
    Prohibited,
}

/// `Clause ::= [ (<TERM> | "*") ":" ] ( Term | "(" Query ")" [ "^" <NUMBER> ] )`.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub field: Option<Field>,
    pub body: ClauseBody,
    pub span: Span,
}

/// A `field:` prefix. `name` is the unescaped image (`addresses.\*` → `addresses.*`); `*:` gives `*`.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub image: String,
    pub name: String,
    /// The field token, without the colon.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ClauseBody {
    Term(Term),
    Group(Group),
}

/// `"(" Query ")" [ "^" <NUMBER> ]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub query: Box<Query>,
    pub boost: Option<Boost>,
    pub span: Span,
}

/// The three branches of `Term`.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    Bare(BareTerm),
    Phrase(Phrase),
    Range(RangeTerm),
}

impl Term {
    pub fn span(&self) -> Span {
        match self {
            Term::Bare(t) => t.span,
            Term::Phrase(t) => t.span,
            Term::Range(t) => t.span,
        }
    }
}

/// Which token a bare term is; decides the branch of `handleBareTokenQuery`.
#[derive(Clone, Debug, PartialEq)]
pub enum BareKind {
    /// `<TERM>`: `getFieldQuery`, or `handleBareFuzzy` with a `~`.
    Plain,
    /// `<BAREOPER>`: `+`, `-` or `!` followed by whitespace, taken as the one-character term `+`, `-`, `!`.
    BareOperator,
    /// `<STAR>`: a lone `*` (wildcard).
    Star,
    /// `<PREFIXTERM>`: `abc*`; `prefix` is the unescaped image without the final `*`.
    Prefix { prefix: String },
    /// `<WILDTERM>`: contains `*` or `?` (not only at the end); the walk passes the raw image.
    Wildcard,
    /// `<REGEXPTERM>`: `/…/`; `pattern` is the image without the slashes, escapes kept.
    Regexp { pattern: String },
}

/// A `<TERM>`, `<STAR>`, `<PREFIXTERM>`, `<WILDTERM>`, `<REGEXPTERM>` or `<BAREOPER>` with its optional
/// `~slop` and `^boost` (in either order).
#[derive(Clone, Debug, PartialEq)]
pub struct BareTerm {
    pub kind: BareKind,
    /// Token image (for `<BAREOPER>` only its first character).
    pub image: String,
    /// `discardEscapeChar(image)`.
    pub text: String,
    pub fuzzy: Option<Slop>,
    pub boost: Option<Boost>,
    /// The token itself.
    pub token_span: Span,
    /// Token plus slop and boost.
    pub span: Span,
}

/// A `<QUOTED>` phrase with optional `~slop` and `^boost`.
#[derive(Clone, Debug, PartialEq)]
pub struct Phrase {
    /// With the quotes.
    pub image: String,
    /// `discardEscapeChar` of the image without its quotes.
    pub text: String,
    pub slop: Option<Slop>,
    pub boost: Option<Boost>,
    pub token_span: Span,
    pub span: Span,
}

/// `( "[" | "{" ) bound "TO" bound ( "]" | "}" ) [ "^" <NUMBER> ]`.
#[derive(Clone, Debug, PartialEq)]
pub struct RangeTerm {
    pub lower: Bound,
    pub upper: Bound,
    pub lower_inclusive: bool,
    pub upper_inclusive: bool,
    pub boost: Option<Boost>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundKind {
    /// `<RANGE_GOOP>`: anything up to a space, `]` or `}`.
    Goop,
    /// `<RANGE_QUOTED>`: `"…"` (at least one character inside).
    Quoted,
    /// `<RANGE_TO>` used as a bound: `[TO TO x]`.
    To,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    pub kind: BoundKind,
    pub image: String,
    /// `None` for an unquoted `*` (open); otherwise `discardEscapeChar` of the image (quotes removed).
    pub value: Option<String>,
    pub span: Span,
}

/// A `<FUZZY_SLOP>` token: `~` followed by any term characters (`~`, `~2`, `~0.5`, `~AUTO`, `~x\:y`).
#[derive(Clone, Debug, PartialEq)]
pub struct Slop {
    /// With the `~`.
    pub image: String,
    pub span: Span,
}

/// `^` and its `<NUMBER>` (`[0-9]+ ("." [0-9]+)?`).
#[derive(Clone, Debug, PartialEq)]
pub struct Boost {
    /// The number as typed.
    pub image: String,
    /// `Float.parseFloat(image)` (large numbers give infinity, as in Java).
    pub value: f32,
    /// `^` and the number.
    pub span: Span,
}
