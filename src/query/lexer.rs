//! The token manager: Lucene's `QueryParserTokenManager` (JavaCC) rebuilt from the token definitions of
//! `QueryParser.jj`, one nom recogniser per token, with JavaCC's rules on top: in each lexical state the longest
//! match wins, ties go to the token defined first, and `^` switches to the `Boost` state (a number only), `[`/`{` to
//! the `Range` state (until `]`/`}`).
//!
//! Tokenisation does not depend on the parser (JavaCC changes states only in token actions), so the whole input is
//! tokenised up front; a lexical error ends the token list with a [`Kind::Error`] token that the parser reports when
//! it reaches it.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{anychar, char, digit1, none_of, one_of, satisfy};
use nom::combinator::{opt, recognize};
use nom::multi::many0_count;
use nom::sequence::pair;
use nom::{IResult, Parser};

use super::ast::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    And,
    Or,
    Not,
    Plus,
    Minus,
    BareOper,
    LParen,
    RParen,
    Colon,
    Star,
    Carat,
    Quoted,
    Term,
    FuzzySlop,
    PrefixTerm,
    WildTerm,
    RegexpTerm,
    RangeInStart,
    RangeExStart,
    Number,
    RangeTo,
    RangeInEnd,
    RangeExEnd,
    RangeQuoted,
    RangeGoop,
    Eof,
    /// No token matches here; the parser turns it into the lexical error.
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Lexical errors (Lucene: `TokenMgrError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LexError {
    /// `"` without its closing quote.
    UnterminatedQuote,
    /// `/` without its closing slash.
    UnterminatedRegexp,
    /// `\` as the last character.
    TrailingBackslash,
    /// `]` or `}` outside a range.
    UnexpectedChar(char),
    /// `^` not followed by digits.
    BoostNotNumber,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Default,
    Boost,
    Range,
}

type R<'a> = IResult<&'a str, &'a str>;

/// `<_WHITESPACE>`
pub(crate) fn is_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{3000}')
}

/// Characters that may start a term unescaped (`<_TERM_START_CHAR>` minus the escape).
fn is_plain_term_start(c: char) -> bool {
    !is_whitespace(c)
        && !matches!(
            c,
            '+' | '-'
                | '!'
                | '('
                | ')'
                | ':'
                | '^'
                | '['
                | ']'
                | '"'
                | '{'
                | '}'
                | '~'
                | '*'
                | '?'
                | '\\'
                | '/'
        )
}

/// `<_ESCAPED_CHAR>`: a backslash and any character.
fn escaped(i: &str) -> R<'_> {
    recognize(pair(char('\\'), anychar)).parse(i)
}

/// `<_TERM_START_CHAR>`
fn term_start_char(i: &str) -> R<'_> {
    alt((escaped, recognize(satisfy(is_plain_term_start)))).parse(i)
}

/// `<_TERM_CHAR>`: a term start character, `-` or `+`.
fn term_char(i: &str) -> R<'_> {
    alt((term_start_char, recognize(one_of("+-")))).parse(i)
}

/// `<TERM>`
fn term(i: &str) -> R<'_> {
    recognize(pair(term_start_char, many0_count(term_char))).parse(i)
}

/// `<PREFIXTERM>`: `*`, or a term followed by `*`.
fn prefix_term(i: &str) -> R<'_> {
    alt((
        tag("*"),
        recognize((term_start_char, many0_count(term_char), char('*'))),
    ))
    .parse(i)
}

/// `<WILDTERM>`: term characters and `*`/`?`, not starting with `+`/`-`.
fn wild_term(i: &str) -> R<'_> {
    recognize(pair(
        alt((term_start_char, recognize(one_of("*?")))),
        many0_count(alt((term_char, recognize(one_of("*?"))))),
    ))
    .parse(i)
}

/// `<FUZZY_SLOP>`: `"~" ( <_NUM_CHAR>+ ( ("." <_NUM_CHAR>+)? <_TERM_CHAR>* ) | <_TERM_CHAR>* )`. Digits and `.`
/// are term characters, so this is `~` followed by any term characters.
fn fuzzy_slop(i: &str) -> R<'_> {
    recognize(pair(char('~'), many0_count(term_char))).parse(i)
}

/// `<QUOTED>`: `"` (any character but `"` and `\`, or an escaped character)* `"`.
fn quoted(i: &str) -> R<'_> {
    recognize((
        char('"'),
        many0_count(alt((escaped, recognize(none_of("\"\\"))))),
        char('"'),
    ))
    .parse(i)
}

/// `<NUMBER>` (Boost state): `[0-9]+ ("." [0-9]+)?`.
fn number(i: &str) -> R<'_> {
    recognize(pair(digit1, opt(pair(char('.'), digit1)))).parse(i)
}

/// `<AND>`, `<OR>`, `<NOT>` spelled as words or symbols.
fn keyword(i: &str) -> IResult<&str, Kind> {
    alt((
        tag("AND").map(|_| Kind::And),
        tag("&&").map(|_| Kind::And),
        tag("OR").map(|_| Kind::Or),
        tag("||").map(|_| Kind::Or),
        tag("NOT").map(|_| Kind::Not),
    ))
    .parse(i)
}

/// `<RANGE_GOOP>`: anything but space, `]`, `}` (tabs and newlines included).
fn range_goop(i: &str) -> R<'_> {
    take_while1(|c| c != ' ' && c != ']' && c != '}').parse(i)
}

/// Longest match of `open (any-but-close | "\" close)* close` with at least `min_inner` characters inside, as
/// JavaCC's NFA finds it (`<REGEXPTERM>` with `/`, `<RANGE_QUOTED>` with `"`): a closing character preceded by a
/// backslash may also be part of the content, so the match extends to the last closer reachable that way.
fn delimited_longest(i: &str, close: char, min_inner: usize) -> Option<usize> {
    let mut chars = i.char_indices();
    chars.next()?; // the opening character, checked by the caller
    let mut best = None;
    let mut prev: Option<char> = None;
    for (inner, (off, c)) in chars.enumerate() {
        if c == close {
            if inner >= min_inner {
                best = Some(off + c.len_utf8());
            }
            if prev != Some('\\') {
                break;
            }
        }
        prev = Some(c);
    }
    best
}

fn len_of(r: R<'_>, i: &str) -> usize {
    r.map(|(rest, _)| i.len() - rest.len()).unwrap_or(0)
}

/// Tokenises the whole input. The list ends with an `Eof` token, or with an `Error` token and the error.
pub(crate) fn tokenize(src: &str) -> (Vec<Tok>, Option<LexError>) {
    let mut toks = Vec::new();
    let mut state = State::Default;
    let mut pos = 0usize;
    loop {
        let rest = &src[pos..];
        let Some(c) = rest.chars().next() else {
            toks.push(Tok {
                kind: Kind::Eof,
                start: pos,
                end: pos,
            });
            return (toks, None);
        };
        let step = match state {
            State::Default => default_token(rest, c),
            State::Boost => match len_of(number(rest), rest) {
                0 => Err(LexError::BoostNotNumber),
                n => Ok(Some((Kind::Number, n))),
            },
            State::Range => Ok(range_token(rest, c)),
        };
        match step {
            Err(e) => {
                toks.push(Tok {
                    kind: Kind::Error,
                    start: pos,
                    end: pos + c.len_utf8(),
                });
                return (toks, Some(e));
            }
            // Skipped whitespace.
            Ok(None) => pos += c.len_utf8(),
            Ok(Some((kind, len))) => {
                toks.push(Tok {
                    kind,
                    start: pos,
                    end: pos + len,
                });
                pos += len;
                state = match kind {
                    Kind::Carat => State::Boost,
                    Kind::RangeInStart | Kind::RangeExStart => State::Range,
                    Kind::Number | Kind::RangeInEnd | Kind::RangeExEnd => State::Default,
                    _ => state,
                };
            }
        }
    }
}

/// One token in the DEFAULT state: `Ok(None)` for skipped whitespace.
fn default_token(i: &str, c: char) -> Result<Option<(Kind, usize)>, LexError> {
    let one = |k: Kind| Ok(Some((k, 1)));
    match c {
        _ if is_whitespace(c) => Ok(None),
        '(' => one(Kind::LParen),
        ')' => one(Kind::RParen),
        ':' => one(Kind::Colon),
        '^' => one(Kind::Carat),
        '[' => one(Kind::RangeInStart),
        '{' => one(Kind::RangeExStart),
        ']' | '}' => Err(LexError::UnexpectedChar(c)),
        '+' | '-' | '!' => {
            // <BAREOPER> (operator + whitespace) is longer than <PLUS>/<MINUS>/<NOT>.
            match i[1..].chars().next() {
                Some(w) if is_whitespace(w) => Ok(Some((Kind::BareOper, 1 + w.len_utf8()))),
                _ => one(match c {
                    '+' => Kind::Plus,
                    '-' => Kind::Minus,
                    _ => Kind::Not,
                }),
            }
        }
        '"' => match len_of(quoted(i), i) {
            0 => Err(LexError::UnterminatedQuote),
            n => Ok(Some((Kind::Quoted, n))),
        },
        '~' => Ok(Some((Kind::FuzzySlop, len_of(fuzzy_slop(i), i)))),
        '/' => match delimited_longest(i, '/', 0) {
            Some(n) => Ok(Some((Kind::RegexpTerm, n))),
            None => Err(LexError::UnterminatedRegexp),
        },
        '*' => {
            // <STAR>, <PREFIXTERM> "*" and <WILDTERM> all match "*": STAR is defined first.
            let w = len_of(wild_term(i), i);
            Ok(Some(if w <= 1 {
                (Kind::Star, 1)
            } else {
                (Kind::WildTerm, w)
            }))
        }
        '?' => Ok(Some((Kind::WildTerm, len_of(wild_term(i), i)))),
        _ => {
            // A term start character (or an escape): <AND>/<OR>/<NOT>, <TERM>, <PREFIXTERM>, <WILDTERM>.
            let w = len_of(wild_term(i), i);
            if w == 0 {
                // Only a backslash at the very end gets here.
                return Err(LexError::TrailingBackslash);
            }
            let kw = keyword(i).ok().map(|(rest, k)| (k, i.len() - rest.len()));
            if let Some((k, n)) = kw {
                if n >= w {
                    return Ok(Some((k, n)));
                }
            }
            let t = len_of(term(i), i);
            if t == w {
                return Ok(Some((Kind::Term, t)));
            }
            let p = len_of(prefix_term(i), i);
            Ok(Some(if p == w {
                (Kind::PrefixTerm, p)
            } else {
                (Kind::WildTerm, w)
            }))
        }
    }
}

/// One token in the Range state: `None` for skipped whitespace. Never fails.
fn range_token(i: &str, c: char) -> Option<(Kind, usize)> {
    match c {
        ']' => Some((Kind::RangeInEnd, 1)),
        '}' => Some((Kind::RangeExEnd, 1)),
        ' ' => None,
        _ => {
            let g = len_of(range_goop(i), i);
            if is_whitespace(c) {
                // SKIP is defined before <RANGE_GOOP>: a tab alone is skipped, a tab followed by goop is goop.
                return (g > c.len_utf8()).then_some((Kind::RangeGoop, g));
            }
            if c == '"' {
                if let Some(q) = delimited_longest(i, '"', 1) {
                    if q >= g {
                        return Some((Kind::RangeQuoted, q));
                    }
                }
            }
            if i.starts_with("TO") && g <= 2 {
                return Some((Kind::RangeTo, 2));
            }
            Some((Kind::RangeGoop, g))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(Kind, &str)> {
        let (toks, _) = tokenize(s);
        toks.iter().map(|t| (t.kind, &s[t.start..t.end])).collect()
    }

    #[test]
    fn longest_match_and_ties() {
        use Kind::*;
        assert_eq!(
            kinds("AND ANDY && &&& a&&b"),
            vec![
                (And, "AND"),
                (Term, "ANDY"),
                (And, "&&"),
                (Term, "&&&"),
                (Term, "a&&b"),
                (Eof, "")
            ]
        );
        assert_eq!(
            kinds("* ** a* a*b *a ? a\\*"),
            vec![
                (Star, "*"),
                (WildTerm, "**"),
                (PrefixTerm, "a*"),
                (WildTerm, "a*b"),
                (WildTerm, "*a"),
                (WildTerm, "?"),
                (Term, "a\\*"),
                (Eof, "")
            ]
        );
        assert_eq!(
            kinds("+a + b -c !d ! e"),
            vec![
                (Plus, "+"),
                (Term, "a"),
                (BareOper, "+ "),
                (Term, "b"),
                (Minus, "-"),
                (Term, "c"),
                (Not, "!"),
                (Term, "d"),
                (BareOper, "! "),
                (Term, "e"),
                (Eof, "")
            ]
        );
        assert_eq!(
            kinds("a~1.5x~"),
            vec![
                (Term, "a"),
                (FuzzySlop, "~1.5x"),
                (FuzzySlop, "~"),
                (Eof, "")
            ]
        );
        assert_eq!(
            kinds("/a\\/b/ /a\\/"),
            vec![(RegexpTerm, "/a\\/b/"), (RegexpTerm, "/a\\/"), (Eof, "")]
        );
    }

    #[test]
    fn states() {
        use Kind::*;
        assert_eq!(
            kinds("a^2.5 b"),
            vec![
                (Term, "a"),
                (Carat, "^"),
                (Number, "2.5"),
                (Term, "b"),
                (Eof, "")
            ]
        );
        assert_eq!(
            kinds("[TO TO \"a b\"}"),
            vec![
                (RangeInStart, "["),
                (RangeTo, "TO"),
                (RangeTo, "TO"),
                (RangeQuoted, "\"a b\""),
                (RangeExEnd, "}"),
                (Eof, "")
            ]
        );
        assert_eq!(
            kinds("[\"ab\"c\tTOx]"),
            vec![
                (RangeInStart, "["),
                (RangeGoop, "\"ab\"c\tTOx"),
                (RangeInEnd, "]"),
                (Eof, "")
            ]
        );
        assert_eq!(tokenize("a^ 2").1, Some(LexError::BoostNotNumber));
        assert_eq!(tokenize("a]").1, Some(LexError::UnexpectedChar(']')));
        assert_eq!(tokenize("\"ab").1, Some(LexError::UnterminatedQuote));
        assert_eq!(tokenize("a\\").1, Some(LexError::TrailingBackslash));
        assert_eq!(
            tokenize("Tech/Excellence").1,
            Some(LexError::UnterminatedRegexp)
        );
    }
}
