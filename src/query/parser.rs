//! The grammar of `QueryParser.jj` over the token list, as nom parsers on a token slice ([`Toks`] implements
//! [`nom::Input`]). Choices follow the generated JavaCC parser exactly: `LOOKAHEAD(2)` for `field:` prefixes and
//! for `MultiTerm` (whose semantic lookahead looks at the second and third token), first-set switches elsewhere.
//! Semantic actions that can throw during parsing (`discardEscapeChar` on terms, phrases, field names and range
//! bounds) run here, so a parsed [`Ast`] is one Lucene accepts; the rest of the actions are in [`super::build`].

use nom::combinator::opt;
use nom::error::{ErrorKind as NomErrorKind, ParseError as NomParseError};
use nom::{Err, IResult, Needed, Parser as _};

use super::ast::*;
use super::error::{ErrorKind, Expected, Found};
use super::java::{discard_escape_char, parse_float};
use super::lexer::{Kind, LexError, Tok};

/// A slice of tokens as nom input. The slice always keeps the final `Eof`/`Error` token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Toks<'a> {
    toks: &'a [Tok],
}

impl<'a> nom::Input for Toks<'a> {
    type Item = Tok;
    type Iter = core::iter::Copied<core::slice::Iter<'a, Tok>>;
    type IterIndices = core::iter::Enumerate<Self::Iter>;

    fn input_len(&self) -> usize {
        self.toks.len()
    }
    fn take(&self, index: usize) -> Self {
        Toks {
            toks: &self.toks[..index],
        }
    }
    fn take_from(&self, index: usize) -> Self {
        Toks {
            toks: &self.toks[index..],
        }
    }
    fn take_split(&self, index: usize) -> (Self, Self) {
        let (prefix, suffix) = self.toks.split_at(index);
        (Toks { toks: suffix }, Toks { toks: prefix })
    }
    fn position<P>(&self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool,
    {
        self.toks.iter().position(|t| predicate(*t))
    }
    fn iter_elements(&self) -> Self::Iter {
        self.toks.iter().copied()
    }
    fn iter_indices(&self) -> Self::IterIndices {
        self.iter_elements().enumerate()
    }
    fn slice_index(&self, count: usize) -> Result<usize, Needed> {
        if self.toks.len() >= count {
            Ok(count)
        } else {
            Err(Needed::new(count - self.toks.len()))
        }
    }
}

/// The parser's error: an [`ErrorKind`] and its span (columns are added by [`super::parse`]).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PErr {
    pub kind: ErrorKind,
    pub span: Span,
}

impl<'a> NomParseError<Toks<'a>> for PErr {
    fn from_error_kind(input: Toks<'a>, _kind: NomErrorKind) -> Self {
        let span = input.toks.first().map(Tok::span).unwrap_or(Span::new(0, 0));
        PErr {
            kind: ErrorKind::Unexpected {
                found: Found::EndOfInput,
                expected: Expected::Clause,
            },
            span,
        }
    }
    fn append(_input: Toks<'a>, _kind: NomErrorKind, other: Self) -> Self {
        other
    }
}

type PResult<'a, T> = IResult<Toks<'a>, T, PErr>;

fn fail<'a, T>(kind: ErrorKind, span: Span) -> PResult<'a, T> {
    Err(Err::Failure(PErr { kind, span }))
}

/// `allowedPostMultiTerm`: a `<TERM>` followed by one of these does not continue a `MultiTerm`.
fn allowed_post_multi_term(k: Kind) -> bool {
    !matches!(
        k,
        Kind::Colon | Kind::Star | Kind::FuzzySlop | Kind::Carat | Kind::And | Kind::Or
    )
}

/// First set of `Term`.
fn starts_term(k: Kind) -> bool {
    matches!(
        k,
        Kind::Term
            | Kind::Star
            | Kind::PrefixTerm
            | Kind::WildTerm
            | Kind::RegexpTerm
            | Kind::Number
            | Kind::BareOper
            | Kind::RangeInStart
            | Kind::RangeExStart
            | Kind::Quoted
    )
}

pub(crate) struct Parser<'s> {
    pub src: &'s str,
    pub lex_error: Option<LexError>,
    pub max_depth: usize,
}

impl<'s> Parser<'s> {
    fn image(&self, t: Tok) -> &'s str {
        &self.src[t.start..t.end]
    }

    fn lex_failure(&self, t: Tok) -> Err<PErr> {
        let kind = match self.lex_error {
            Some(LexError::UnterminatedQuote) => ErrorKind::UnterminatedPhrase,
            Some(LexError::UnterminatedRegexp) => ErrorKind::UnterminatedRegexp,
            Some(LexError::TrailingBackslash) => ErrorKind::TrailingBackslash,
            Some(LexError::UnexpectedChar(c)) => ErrorKind::UnexpectedChar(c),
            Some(LexError::BoostNotNumber) | None => ErrorKind::BoostNotNumber,
        };
        Err::Failure(PErr {
            kind,
            span: t.span(),
        })
    }

    /// The `n`-th token ahead (the final `Eof`/`Error` repeats). Reaching a lexical error fails, as JavaCC's
    /// `getToken` throws the `TokenMgrError` when it fetches that token.
    fn peek<'a>(&self, i: Toks<'a>, n: usize) -> Result<Tok, Err<PErr>> {
        let t = i.toks[n.min(i.toks.len() - 1)];
        if t.kind == Kind::Error {
            return Err(self.lex_failure(t));
        }
        Ok(t)
    }

    /// One token of kind `k` (a recoverable nom error otherwise, for `opt`).
    fn tok<'a>(&self, k: Kind) -> impl Fn(Toks<'a>) -> PResult<'a, Tok> + '_ {
        move |i: Toks<'a>| {
            let t = self.peek(i, 0)?;
            if t.kind == k {
                Ok((Toks { toks: &i.toks[1..] }, t))
            } else {
                Err(Err::Error(PErr::from_error_kind(i, NomErrorKind::Tag)))
            }
        }
    }

    fn unexpected<'a, T>(&self, t: Tok, expected: Expected) -> PResult<'a, T> {
        let found = match t.kind {
            Kind::Eof => Found::EndOfInput,
            _ => Found::Token(self.image(t).to_string()),
        };
        fail(ErrorKind::Unexpected { found, expected }, t.span())
    }

    fn unescape(&self, image: &str, span: Span) -> Result<String, Err<PErr>> {
        discard_escape_char(image).map_err(|e| {
            Err::Failure(PErr {
                kind: ErrorKind::Escape(e),
                span,
            })
        })
    }

    /// `TopLevelQuery ::= Query <EOF>`
    pub fn top_level<'a>(&self, i: Toks<'a>) -> PResult<'a, Ast> {
        let (i, query) = self.query(i, 0)?;
        let t = self.peek(i, 0)?;
        if t.kind != Kind::Eof {
            return self.unexpected(t, Expected::End);
        }
        Ok((i, Ast { query }))
    }

    /// `MultiTerm` is chosen when the next tokens are `<TERM> <TERM> x` with `x` allowed after a multi-term.
    fn multi_term_ahead(&self, i: Toks<'_>) -> Result<bool, Err<PErr>> {
        if self.peek(i, 0)?.kind != Kind::Term {
            return Ok(false);
        }
        Ok(self.peek(i, 1)?.kind == Kind::Term && allowed_post_multi_term(self.peek(i, 2)?.kind))
    }

    /// `Query ::= ( MultiTerm | Modifiers Clause ) ( MultiTerm | Conjunction Modifiers Clause )*`
    fn query<'a>(&self, mut i: Toks<'a>, depth: usize) -> PResult<'a, Query> {
        let start = self.peek(i, 0)?.start;
        let mut elements = Vec::new();
        loop {
            let first = elements.is_empty();
            if self.multi_term_ahead(i)? {
                let (j, m) = self.multi_term(i)?;
                elements.push(Element::Chunk(m));
                i = j;
                continue;
            }
            let t = self.peek(i, 0)?;
            let continues = match t.kind {
                Kind::And | Kind::Or => !first,
                Kind::Not | Kind::Plus | Kind::Minus | Kind::LParen => true,
                k => starts_term(k),
            };
            if !continues {
                if first {
                    return self.unexpected(t, Expected::Clause);
                }
                break;
            }
            let (j, conjunction) = if first {
                (i, None)
            } else {
                opt(|x| self.conjunction(x)).parse(i)?
            };
            let (j, modifier) = opt(|x| self.modifier(x)).parse(j)?;
            let expected = if conjunction.is_some() || modifier.is_some() {
                Expected::ClauseAfterOperator
            } else {
                Expected::Clause
            };
            let (j, clause) = self.clause(j, depth, expected)?;
            let span_start = conjunction
                .map(|c: Op<Conjunction>| c.span.start)
                .or(modifier.map(|m: Op<Modifier>| m.span.start))
                .unwrap_or(clause.span.start);
            let span = Span::new(span_start, clause.span.end);
            elements.push(Element::Clause(ClauseElement {
                conjunction,
                modifier,
                clause,
                span,
            }));
            i = j;
        }
        let end = elements.last().map(|e| e.span().end).unwrap_or(start);
        Ok((
            i,
            Query {
                elements,
                span: Span::new(start, end),
            },
        ))
    }

    /// `Conjunction ::= [ <AND> | <OR> ]` (the empty case is `opt` around this).
    fn conjunction<'a>(&self, i: Toks<'a>) -> PResult<'a, Op<Conjunction>> {
        let t = self.peek(i, 0)?;
        let op = match t.kind {
            Kind::And => Conjunction::And,
            Kind::Or => Conjunction::Or,
            _ => return Err(Err::Error(PErr::from_error_kind(i, NomErrorKind::Alt))),
        };
        Ok((Toks { toks: &i.toks[1..] }, Op { op, span: t.span() }))
    }

    /// `Modifiers ::= [ <PLUS> | <MINUS> | <NOT> ]`
    fn modifier<'a>(&self, i: Toks<'a>) -> PResult<'a, Op<Modifier>> {
        let t = self.peek(i, 0)?;
        let op = match t.kind {
            Kind::Plus => Modifier::Required,
            Kind::Minus | Kind::Not => Modifier::Prohibited,
            _ => return Err(Err::Error(PErr::from_error_kind(i, NomErrorKind::Alt))),
        };
        Ok((Toks { toks: &i.toks[1..] }, Op { op, span: t.span() }))
    }

    /// `MultiTerm ::= <TERM> ( <TERM> )+` while each next `<TERM>` is followed by an allowed token.
    fn multi_term<'a>(&self, i: Toks<'a>) -> PResult<'a, MultiTerm> {
        let (mut i, first) = self.tok(Kind::Term)(i)?;
        let mut words = vec![Word {
            image: self.image(first).to_string(),
            span: first.span(),
        }];
        let mut joined = self.image(first).to_string();
        while self.peek(i, 0)?.kind == Kind::Term && allowed_post_multi_term(self.peek(i, 1)?.kind)
        {
            let (j, t) = self.tok(Kind::Term)(i)?;
            joined.push(' ');
            joined.push_str(self.image(t));
            words.push(Word {
                image: self.image(t).to_string(),
                span: t.span(),
            });
            i = j;
        }
        let span = Span::new(first.start, words.last().map_or(first.end, |w| w.span.end));
        let text = self.unescape(&joined, span)?;
        Ok((i, MultiTerm { words, text, span }))
    }

    /// `Clause ::= [ LOOKAHEAD(2) ( <TERM> <COLON> | <STAR> <COLON> ) ] ( Term | <LPAREN> Query <RPAREN> [ <CARAT> <NUMBER> ] )`
    fn clause<'a>(&self, i: Toks<'a>, depth: usize, expected: Expected) -> PResult<'a, Clause> {
        let t0 = self.peek(i, 0)?;
        let (i, field, expected) =
            if matches!(t0.kind, Kind::Term | Kind::Star) && self.peek(i, 1)?.kind == Kind::Colon {
                let image = self.image(t0);
                let name = if t0.kind == Kind::Star {
                    "*".to_string()
                } else {
                    self.unescape(image, t0.span())?
                };
                let field = Field {
                    image: image.to_string(),
                    name,
                    span: t0.span(),
                };
                (
                    Toks { toks: &i.toks[2..] },
                    Some(field),
                    Expected::ClauseAfterField,
                )
            } else {
                (i, None, expected)
            };
        let t = self.peek(i, 0)?;
        let (i, body) = if t.kind == Kind::LParen {
            if depth >= self.max_depth {
                return fail(
                    ErrorKind::TooDeep {
                        max: self.max_depth,
                    },
                    t.span(),
                );
            }
            let (j, query) = self.query(Toks { toks: &i.toks[1..] }, depth + 1)?;
            let close = self.peek(j, 0)?;
            if close.kind != Kind::RParen {
                if close.kind == Kind::Eof {
                    return fail(ErrorKind::UnclosedGroup, t.span());
                }
                return self.unexpected(close, Expected::End);
            }
            let (j, boost) = self.boost(Toks { toks: &j.toks[1..] })?;
            let end = boost.as_ref().map_or(close.end, |b| b.span.end);
            let group = Group {
                query: Box::new(query),
                boost,
                span: Span::new(t.start, end),
            };
            (j, ClauseBody::Group(group))
        } else if starts_term(t.kind) && t.kind != Kind::Number {
            // <NUMBER> only ever follows '^', which never precedes a clause: it cannot start a term here.
            let (j, term) = self.term(i)?;
            (j, ClauseBody::Term(term))
        } else {
            return self.unexpected(t, expected);
        };
        let start = field.as_ref().map_or(t.start, |f| f.span.start);
        let end = match &body {
            ClauseBody::Term(term) => term.span().end,
            ClauseBody::Group(g) => g.span.end,
        };
        Ok((
            i,
            Clause {
                field,
                body,
                span: Span::new(start, end),
            },
        ))
    }

    /// `[ <CARAT> <NUMBER> ]`
    fn boost<'a>(&self, i: Toks<'a>) -> PResult<'a, Option<Boost>> {
        let (i, carat) = opt(self.tok(Kind::Carat)).parse(i)?;
        let Some(carat) = carat else {
            return Ok((i, None));
        };
        let n = self.peek(i, 0)?;
        if n.kind != Kind::Number {
            // Only the end of input can follow '^' here (the Boost lexical state lexes nothing else).
            return fail(ErrorKind::BoostNotNumber, carat.span());
        }
        let image = self.image(n);
        // A <NUMBER> always parses; Lucene would fall back to 1.0 otherwise.
        let value = parse_float(image).unwrap_or(1.0);
        let boost = Boost {
            image: image.to_string(),
            value,
            span: Span::new(carat.start, n.end),
        };
        Ok((Toks { toks: &i.toks[1..] }, Some(boost)))
    }

    /// `[ <CARAT> <NUMBER> [ <FUZZY_SLOP> ] | <FUZZY_SLOP> [ <CARAT> <NUMBER> ] ]`
    fn slop_and_boost<'a>(&self, i: Toks<'a>) -> PResult<'a, (Option<Slop>, Option<Boost>)> {
        let slop = |i: Toks<'a>| -> PResult<'a, Option<Slop>> {
            let (i, t) = opt(self.tok(Kind::FuzzySlop)).parse(i)?;
            Ok((
                i,
                t.map(|t| Slop {
                    image: self.image(t).to_string(),
                    span: t.span(),
                }),
            ))
        };
        if self.peek(i, 0)?.kind == Kind::Carat {
            let (i, boost) = self.boost(i)?;
            let (i, s) = slop(i)?;
            Ok((i, (s, boost)))
        } else {
            let (i, s) = slop(i)?;
            let (i, boost) = if s.is_some() {
                self.boost(i)?
            } else {
                (i, None)
            };
            Ok((i, (s, boost)))
        }
    }

    /// `Term`: a bare token, a range or a quoted phrase, each with its suffixes.
    fn term<'a>(&self, i: Toks<'a>) -> PResult<'a, Term> {
        let t = self.peek(i, 0)?;
        let rest = Toks { toks: &i.toks[1..] };
        match t.kind {
            Kind::RangeInStart | Kind::RangeExStart => self.range(i),
            Kind::Quoted => {
                let (j, (slop, boost)) = self.slop_and_boost(rest)?;
                let image = self.image(t);
                // handleQuotedTerm: discardEscapeChar of the image without its quotes.
                let text = self.unescape(&image[1..image.len() - 1], t.span())?;
                let end = suffix_end(t.end, &slop, &boost);
                let phrase = Phrase {
                    image: image.to_string(),
                    text,
                    slop,
                    boost,
                    token_span: t.span(),
                    span: Span::new(t.start, end),
                };
                Ok((j, Term::Phrase(phrase)))
            }
            _ => {
                let (j, (fuzzy, boost)) = self.slop_and_boost(rest)?;
                let raw = self.image(t);
                let image = if t.kind == Kind::BareOper {
                    &raw[..1]
                } else {
                    raw
                };
                // handleBareTokenQuery unescapes the image first, whatever the kind.
                let text = self.unescape(image, t.span())?;
                let kind = match t.kind {
                    Kind::Star => BareKind::Star,
                    Kind::PrefixTerm => BareKind::Prefix {
                        prefix: self.unescape(&image[..image.len() - 1], t.span())?,
                    },
                    Kind::WildTerm => BareKind::Wildcard,
                    Kind::RegexpTerm => BareKind::Regexp {
                        pattern: image[1..image.len() - 1].to_string(),
                    },
                    Kind::BareOper => BareKind::BareOperator,
                    _ => BareKind::Plain,
                };
                let end = suffix_end(t.end, &fuzzy, &boost);
                let term = BareTerm {
                    kind,
                    image: image.to_string(),
                    text,
                    fuzzy,
                    boost,
                    token_span: t.span(),
                    span: Span::new(t.start, end),
                };
                Ok((j, Term::Bare(term)))
            }
        }
    }

    /// `( <RANGEIN_START> | <RANGEEX_START> ) bound <RANGE_TO> bound ( <RANGEIN_END> | <RANGEEX_END> ) [ <CARAT> <NUMBER> ]`
    fn range<'a>(&self, i: Toks<'a>) -> PResult<'a, Term> {
        let open = self.peek(i, 0)?;
        let lower_inclusive = open.kind == Kind::RangeInStart;
        let i = Toks { toks: &i.toks[1..] };
        let (i, lower) = self.bound(i, open)?;
        let to = self.peek(i, 0)?;
        if to.kind != Kind::RangeTo {
            return self.range_error(to, open, Expected::RangeTo);
        }
        let (i, upper) = self.bound(Toks { toks: &i.toks[1..] }, open)?;
        let close = self.peek(i, 0)?;
        let upper_inclusive = match close.kind {
            Kind::RangeInEnd => true,
            Kind::RangeExEnd => false,
            _ => return self.range_error(close, open, Expected::RangeEnd),
        };
        let (i, boost) = self.boost(Toks { toks: &i.toks[1..] })?;
        let end = boost.as_ref().map_or(close.end, |b| b.span.end);
        let range = RangeTerm {
            lower,
            upper,
            lower_inclusive,
            upper_inclusive,
            boost,
            span: Span::new(open.start, end),
        };
        Ok((i, Term::Range(range)))
    }

    fn range_error<'a, T>(&self, t: Tok, open: Tok, expected: Expected) -> PResult<'a, T> {
        if t.kind == Kind::Eof {
            return fail(ErrorKind::UnclosedRange, open.span());
        }
        self.unexpected(t, expected)
    }

    /// `( <RANGE_GOOP> | <RANGE_QUOTED> | <RANGE_TO> )`, unescaped; an unquoted `*` is open.
    fn bound<'a>(&self, i: Toks<'a>, open: Tok) -> PResult<'a, Bound> {
        let t = self.peek(i, 0)?;
        let image = self.image(t);
        let (kind, value) = match t.kind {
            Kind::RangeGoop if image == "*" => (BoundKind::Goop, None),
            Kind::RangeGoop => (BoundKind::Goop, Some(self.unescape(image, t.span())?)),
            Kind::RangeTo => (BoundKind::To, Some(self.unescape(image, t.span())?)),
            Kind::RangeQuoted => (
                BoundKind::Quoted,
                Some(self.unescape(&image[1..image.len() - 1], t.span())?),
            ),
            _ => return self.range_error(t, open, Expected::RangeBound),
        };
        let bound = Bound {
            kind,
            image: image.to_string(),
            value,
            span: t.span(),
        };
        Ok((Toks { toks: &i.toks[1..] }, bound))
    }
}

fn suffix_end(end: usize, slop: &Option<Slop>, boost: &Option<Boost>) -> usize {
    let a = slop.as_ref().map_or(end, |s| s.span.end);
    let b = boost.as_ref().map_or(end, |b| b.span.end);
    a.max(b)
}

/// Entry point used by [`super::parse`].
pub(crate) fn parse_tokens(p: &Parser<'_>, toks: &[Tok]) -> Result<Ast, PErr> {
    match p.top_level(Toks { toks }) {
        Ok((_, ast)) => Ok(ast),
        Err(Err::Error(e)) | Err(Err::Failure(e)) => Err(e),
        Err(Err::Incomplete(_)) => Err(PErr {
            kind: ErrorKind::Unexpected {
                found: Found::EndOfInput,
                expected: Expected::Clause,
            },
            span: Span::new(p.src.len(), p.src.len()),
        }),
    }
}
