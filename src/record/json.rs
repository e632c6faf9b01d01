//! A small pull parser for JSON (RFC 8259) over a byte slice, made for reading dump records straight into the
//! model: no intermediate tree, strings borrowed when they hold no escape, and every error carrying the byte
//! offset and the path of keys and indexes that led to it.
//!
//! Why not serde_json: the readers need messages naming the field and the value found (`addresses[0].lat:
//! expected a number, got "x"`), duplicate keys refused (Elasticsearch refused documents with duplicate keys,
//! so the v1 API never served one), and numbers parsed with correct rounding (what Python's `json` does;
//! serde_json rounds faster but not always correctly unless `float_roundtrip` is on).
//!
//! Nesting is bounded ([`MAX_DEPTH`]): the wasm stack is small and a hostile file must not overflow it.

use std::borrow::Cow;
use std::fmt;

/// Deepest nesting of arrays and objects accepted (a v1 record nests 5 deep).
pub(crate) const MAX_DEPTH: usize = 128;

/// One step of a path inside a record: `addresses`, `[0]`, `lat`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Writes a path the way a reader would type it: `addresses[0].geonames_city.id`.
pub(crate) fn fmt_path(path: &[Seg], f: &mut impl fmt::Write) -> fmt::Result {
    for (i, seg) in path.iter().enumerate() {
        match seg {
            Seg::Key(k) => {
                if i > 0 {
                    f.write_char('.')?;
                }
                f.write_str(k)?;
            }
            Seg::Index(n) => write!(f, "[{n}]")?,
        }
    }
    Ok(())
}

/// What went wrong, without the where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The bytes are not JSON.
    Syntax(String),
    /// A JSON value of the wrong type: `expected a number, got "x"`.
    Type { expected: &'static str, got: String },
    /// A key the record cannot do without.
    Missing(&'static str),
    /// The same key twice in one object.
    DuplicateKey(String),
    /// A value of the right type that does not fit (a number out of range, an empty list, …).
    Value(String),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Syntax(m) => write!(f, "invalid JSON: {m}"),
            ErrorKind::Type { expected, got } => write!(f, "expected {expected}, got {got}"),
            ErrorKind::Missing(key) => write!(f, "missing key \"{key}\""),
            ErrorKind::DuplicateKey(key) => write!(f, "duplicate key \"{key}\""),
            ErrorKind::Value(m) => f.write_str(m),
        }
    }
}

/// An error at a byte offset, with the path from the value being read down to the failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    /// Innermost segment first while the error travels up; [`JsonError::path`] gives it outermost first.
    rev_path: Vec<Seg>,
    pub kind: ErrorKind,
}

impl JsonError {
    pub(crate) fn new(offset: usize, kind: ErrorKind) -> Self {
        JsonError {
            offset,
            rev_path: Vec::new(),
            kind,
        }
    }

    /// The path, outermost first.
    pub fn path(&self) -> Vec<Seg> {
        self.rev_path.iter().rev().cloned().collect()
    }

    fn in_key(mut self, key: &str) -> Self {
        self.push_key(key);
        self
    }

    /// Puts the error inside `key` (the path grows outward).
    pub(crate) fn push_key(&mut self, key: &str) {
        self.rev_path.push(Seg::Key(key.to_owned()));
    }

    fn in_index(mut self, i: usize) -> Self {
        self.rev_path.push(Seg::Index(i));
        self
    }
}

pub(crate) type Result<T> = std::result::Result<T, JsonError>;

/// The JSON type of the next value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// A number as written: its text and whether it has neither fraction nor exponent.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Number<'a> {
    pub text: &'a str,
    pub integer: bool,
}

impl Number<'_> {
    /// The value as `f64`, correctly rounded like Python's `float()`; values beyond `f64` are refused (Python
    /// would make them `inf`, which the v1 serializer then refused).
    pub(crate) fn to_f64(self) -> std::result::Result<f64, String> {
        match self.text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(format!("number out of range: {}", self.text)),
        }
    }

    /// The value as Python's `int()` gives it (a fraction is truncated toward zero), within `i64`.
    pub(crate) fn to_i64(self) -> std::result::Result<i64, String> {
        if self.integer {
            return self
                .text
                .parse::<i64>()
                .map_err(|_| format!("integer out of range: {}", self.text));
        }
        let v = self.to_f64()?.trunc();
        // 2^63 is exactly representable; anything at or beyond it does not fit.
        if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&v) {
            Ok(v as i64)
        } else {
            Err(format!("integer out of range: {}", self.text))
        }
    }
}

pub(crate) struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    depth: usize,
    /// Keys of the objects being read, innermost last (for duplicate detection).
    keys: Vec<Cow<'a, str>>,
}

impl<'a> Parser<'a> {
    /// A parser at the start of `src`; a UTF-8 byte-order mark is skipped.
    pub(crate) fn new(src: &'a [u8]) -> Self {
        let pos = if src.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        Parser {
            src,
            pos,
            depth: 0,
            keys: Vec::new(),
        }
    }

    /// Byte offset of the next unread byte.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn set_pos(&mut self, pos: usize) {
        self.pos = pos;
    }

    fn syntax<T>(&self, at: usize, msg: impl Into<String>) -> Result<T> {
        Err(JsonError::new(at, ErrorKind::Syntax(msg.into())))
    }

    fn ws(&mut self) {
        while let Some(&b) = self.src.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn describe_byte(&self, at: usize) -> String {
        match self.src.get(at) {
            None => "end of input".to_owned(),
            Some(&b) if b.is_ascii_graphic() => format!("'{}'", b as char),
            Some(&b) => format!("byte 0x{b:02x}"),
        }
    }

    /// Skips whitespace and says which JSON type comes next.
    pub(crate) fn peek(&mut self) -> Result<Kind> {
        self.ws();
        match self.src.get(self.pos) {
            Some(b'n') => Ok(Kind::Null),
            Some(b't' | b'f') => Ok(Kind::Bool),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b'"') => Ok(Kind::String),
            Some(b'[') => Ok(Kind::Array),
            Some(b'{') => Ok(Kind::Object),
            _ => {
                let found = self.describe_byte(self.pos);
                self.syntax(self.pos, format!("expected a value, found {found}"))
            }
        }
    }

    /// Whether only whitespace is left.
    pub(crate) fn at_end(&mut self) -> bool {
        self.ws();
        self.pos >= self.src.len()
    }

    /// Fails unless only whitespace is left.
    pub(crate) fn end(&mut self) -> Result<()> {
        if self.at_end() {
            Ok(())
        } else {
            let found = self.describe_byte(self.pos);
            self.syntax(self.pos, format!("expected end of input, found {found}"))
        }
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<()> {
        if self.src[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            let found = self.describe_byte(self.pos);
            self.syntax(self.pos, format!("expected a value, found {found}"))
        }
    }

    /// A short description of the next value for a type error (`"x"`, `12`, `null`, `an array`).
    fn describe_value(&mut self) -> String {
        let start = self.pos;
        let text = match self.peek() {
            Ok(Kind::String) => match self.string() {
                Ok(s) => {
                    let mut shown: String = s.chars().take(40).collect();
                    if shown.len() < s.len() {
                        shown.push('…');
                    }
                    let mut out = String::with_capacity(shown.len() + 2);
                    crate::record::write_json_str(&shown, &mut out);
                    out
                }
                Err(_) => "a string".to_owned(),
            },
            Ok(Kind::Number) => match self.number() {
                Ok(n) => n.text.to_owned(),
                Err(_) => "a number".to_owned(),
            },
            Ok(Kind::Null) => "null".to_owned(),
            Ok(Kind::Bool) => {
                if self.src.get(self.pos) == Some(&b't') {
                    "true".to_owned()
                } else {
                    "false".to_owned()
                }
            }
            Ok(Kind::Array) => "an array".to_owned(),
            Ok(Kind::Object) => "an object".to_owned(),
            Err(_) => self.describe_byte(self.pos),
        };
        self.pos = start;
        text
    }

    /// A type error for the value at the current position.
    pub(crate) fn type_error<T>(&mut self, expected: &'static str) -> Result<T> {
        self.ws();
        let at = self.pos;
        let got = self.describe_value();
        Err(JsonError::new(at, ErrorKind::Type { expected, got }))
    }

    /// An error about the value that starts at `at` (already read).
    pub(crate) fn value_error<T>(&self, at: usize, msg: impl Into<String>) -> Result<T> {
        Err(JsonError::new(at, ErrorKind::Value(msg.into())))
    }

    /// Consumes a `null` if one comes next.
    pub(crate) fn null(&mut self) -> Result<bool> {
        if self.peek()? == Kind::Null {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    pub(crate) fn bool(&mut self) -> Result<bool> {
        match (self.peek()?, self.src.get(self.pos)) {
            (Kind::Bool, Some(b't')) => self.literal(b"true").map(|_| true),
            (Kind::Bool, _) => self.literal(b"false").map(|_| false),
            _ => self.type_error("true or false"),
        }
    }

    pub(crate) fn opt_bool(&mut self) -> Result<Option<bool>> {
        if self.null()? {
            Ok(None)
        } else {
            self.bool().map(Some)
        }
    }

    /// A number token, checked against the JSON grammar.
    pub(crate) fn number(&mut self) -> Result<Number<'a>> {
        if self.peek()? != Kind::Number {
            return self.type_error("a number");
        }
        let s = self.src;
        let start = self.pos;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while s.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        if s.get(i) == Some(&b'-') {
            i += 1;
        }
        match s.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => {
                let found = self.describe_byte(i);
                return self.syntax(i, format!("expected a digit, found {found}"));
            }
        }
        let mut integer = true;
        if s.get(i) == Some(&b'.') {
            i += 1;
            integer = false;
            if digits(&mut i) == 0 {
                let found = self.describe_byte(i);
                return self.syntax(i, format!("expected a digit after '.', found {found}"));
            }
        }
        if matches!(s.get(i), Some(b'e' | b'E')) {
            i += 1;
            integer = false;
            if matches!(s.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                let found = self.describe_byte(i);
                return self.syntax(
                    i,
                    format!("expected a digit in the exponent, found {found}"),
                );
            }
        }
        self.pos = i;
        // The bytes are ASCII digits, signs, '.', 'e': always UTF-8.
        let text = std::str::from_utf8(&s[start..i]).unwrap_or("0");
        Ok(Number { text, integer })
    }

    /// A number as `f64` (see [`Number::to_f64`]).
    pub(crate) fn f64(&mut self) -> Result<f64> {
        self.ws();
        let at = self.pos;
        let n = self.number()?;
        n.to_f64().or_else(|m| self.value_error(at, m))
    }

    pub(crate) fn opt_f64(&mut self) -> Result<Option<f64>> {
        if self.null()? {
            Ok(None)
        } else {
            self.f64().map(Some)
        }
    }

    /// A number as Python's `int()` makes it (see [`Number::to_i64`]).
    pub(crate) fn int(&mut self) -> Result<i64> {
        self.ws();
        let at = self.pos;
        let n = self.number()?;
        n.to_i64().or_else(|m| self.value_error(at, m))
    }

    pub(crate) fn opt_int(&mut self) -> Result<Option<i64>> {
        if self.null()? {
            Ok(None)
        } else {
            self.int().map(Some)
        }
    }

    /// A string; borrowed from the input when it holds no escape.
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>> {
        if self.peek()? != Kind::String {
            return self.type_error("a string");
        }
        self.string_token()
    }

    pub(crate) fn owned_string(&mut self) -> Result<String> {
        self.string().map(Cow::into_owned)
    }

    pub(crate) fn opt_string(&mut self) -> Result<Option<String>> {
        if self.null()? {
            Ok(None)
        } else {
            self.owned_string().map(Some)
        }
    }

    /// Reads a string token; `self.pos` is at the opening quote.
    fn string_token(&mut self) -> Result<Cow<'a, str>> {
        let s = self.src;
        let open = self.pos;
        let mut i = open + 1;
        let mut owned: Option<String> = None;
        let mut chunk = i;
        loop {
            // The fast scan: most strings hold no escape and no control character.
            while let Some(&b) = s.get(i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                i += 1;
            }
            let Some(&b) = s.get(i) else {
                return self.syntax(open, "unterminated string");
            };
            let text = self.utf8(chunk, i)?;
            match b {
                b'"' => {
                    self.pos = i + 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(text),
                        Some(mut o) => {
                            o.push_str(text);
                            o.shrink_to_fit();
                            Cow::Owned(o)
                        }
                    });
                }
                b'\\' => {
                    let o = owned.get_or_insert_with(String::new);
                    o.push_str(text);
                    i = self.escape(i, o)?;
                    chunk = i;
                }
                _ => {
                    return self.syntax(
                        i,
                        format!("control character 0x{b:02x} in a string (it must be escaped)"),
                    );
                }
            }
        }
    }

    fn utf8(&self, from: usize, to: usize) -> Result<&'a str> {
        std::str::from_utf8(&self.src[from..to])
            .or_else(|e| self.syntax(from + e.valid_up_to(), "invalid UTF-8 in a string"))
    }

    /// Decodes the escape at `at` (a backslash) into `out`; returns the offset after it.
    fn escape(&self, at: usize, out: &mut String) -> Result<usize> {
        let c = match self.src.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let hi = self.hex4(at + 2)?;
                let mut next = at + 6;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    let lo = if self.src.get(next..next + 2) == Some(b"\\u") {
                        self.hex4(next + 2)?
                    } else {
                        0
                    };
                    if !(0xDC00..0xE000).contains(&lo) {
                        return self.syntax(
                            at,
                            format!("lone surrogate \\u{hi:04x} (not a Unicode character)"),
                        );
                    }
                    next += 6;
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else if (0xDC00..0xE000).contains(&hi) {
                    return self.syntax(
                        at,
                        format!("lone surrogate \\u{hi:04x} (not a Unicode character)"),
                    );
                } else {
                    hi
                };
                match char::from_u32(code) {
                    Some(c) => out.push(c),
                    None => return self.syntax(at, "invalid \\u escape"),
                }
                return Ok(next);
            }
            _ => {
                let found = self.describe_byte(at + 1);
                return self.syntax(at, format!("invalid escape: backslash followed by {found}"));
            }
        };
        out.push(c);
        Ok(at + 2)
    }

    fn hex4(&self, at: usize) -> Result<u32> {
        let mut v = 0u32;
        for k in 0..4 {
            let d = match self.src.get(at + k) {
                Some(&b) => (b as char).to_digit(16),
                None => None,
            };
            match d {
                Some(d) => v = v * 16 + d,
                None => return self.syntax(at, "expected 4 hexadecimal digits after \\u"),
            }
        }
        Ok(v)
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.syntax(self.pos, format!("nesting deeper than {MAX_DEPTH} levels"));
        }
        Ok(())
    }

    /// Reads an object, calling `f` for each member with the parser positioned at its value; `f` must consume
    /// the value. Errors from `f` get the key added to their path. Duplicate keys are refused.
    pub(crate) fn object(
        &mut self,
        mut f: impl FnMut(&mut Self, &str) -> Result<()>,
    ) -> Result<()> {
        if self.peek()? != Kind::Object {
            return self.type_error("an object");
        }
        self.enter()?;
        self.pos += 1;
        let base = self.keys.len();
        let r = self.members(base, &mut f);
        self.keys.truncate(base);
        self.depth -= 1;
        r
    }

    fn members(
        &mut self,
        base: usize,
        f: &mut impl FnMut(&mut Self, &str) -> Result<()>,
    ) -> Result<()> {
        self.ws();
        if self.src.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(());
        }
        loop {
            self.ws();
            let key_at = self.pos;
            if self.src.get(self.pos) != Some(&b'"') {
                let found = self.describe_byte(self.pos);
                return self.syntax(
                    self.pos,
                    format!("expected a key (a string), found {found}"),
                );
            }
            let key = self.string_token()?;
            if self.keys[base..].contains(&key) {
                return Err(JsonError::new(
                    key_at,
                    ErrorKind::DuplicateKey(key.into_owned()),
                ));
            }
            self.ws();
            if self.src.get(self.pos) != Some(&b':') {
                let found = self.describe_byte(self.pos);
                return self.syntax(self.pos, format!("expected ':' after a key, found {found}"));
            }
            self.pos += 1;
            f(self, &key).map_err(|e| e.in_key(&key))?;
            self.keys.push(key);
            self.ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => {
                    let found = self.describe_byte(self.pos);
                    return self.syntax(
                        self.pos,
                        format!("expected ',' or '}}' after a member, found {found}"),
                    );
                }
            }
        }
    }

    /// Reads an array, calling `f` for each element (with its index) positioned at the element; `f` must
    /// consume it. Errors from `f` get the index added to their path.
    pub(crate) fn array(
        &mut self,
        mut f: impl FnMut(&mut Self, usize) -> Result<()>,
    ) -> Result<()> {
        self.array_start()?;
        let mut i = 0;
        while self.array_next(i)? {
            f(self, i).map_err(|e| e.in_index(i))?;
            i += 1;
        }
        Ok(())
    }

    /// Consumes the `[` of an array (a type error if the next value is not one).
    pub(crate) fn array_start(&mut self) -> Result<()> {
        if self.peek()? != Kind::Array {
            return self.type_error("an array");
        }
        self.enter()?;
        self.pos += 1;
        Ok(())
    }

    /// Before element `i` of an array opened with [`Parser::array_start`]: consumes the separator and says
    /// whether an element follows (`false`: the closing `]` was consumed).
    pub(crate) fn array_next(&mut self, i: usize) -> Result<bool> {
        self.ws();
        if i > 0 {
            match self.src.get(self.pos) {
                Some(b',') => {
                    self.pos += 1;
                    self.ws();
                }
                Some(b']') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(false);
                }
                _ => {
                    let found = self.describe_byte(self.pos);
                    return self.syntax(
                        self.pos,
                        format!("expected ',' or ']' after an element, found {found}"),
                    );
                }
            }
            if self.src.get(self.pos) == Some(&b']') {
                return self.syntax(self.pos, "expected a value after ',', found ']'");
            }
            Ok(true)
        } else if self.src.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            Ok(false)
        } else {
            Ok(true)
        }
    }

    /// An array of strings.
    pub(crate) fn strings(&mut self) -> Result<Vec<String>> {
        let mut v = Vec::new();
        self.array(|p, _| {
            v.push(p.owned_string()?);
            Ok(())
        })?;
        Ok(v)
    }

    /// Reads and checks any value, keeping nothing.
    pub(crate) fn skip(&mut self) -> Result<()> {
        match self.peek()? {
            Kind::Null => self.literal(b"null"),
            Kind::Bool => self.bool().map(|_| ()),
            Kind::Number => self.number().map(|_| ()),
            Kind::String => self.string_token().map(|_| ()),
            Kind::Array => self.array(|p, _| p.skip()),
            Kind::Object => self.object(|p, _| p.skip()),
        }
    }
}

/// 1-based line and column (in bytes) of a byte offset.
pub fn line_col(src: &[u8], offset: usize) -> (usize, usize) {
    let upto = &src[..offset.min(src.len())];
    let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = match upto.iter().rposition(|&b| b == b'\n') {
        Some(nl) => offset - nl,
        None => offset + 1,
    };
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip_all(s: &str) -> Result<()> {
        let mut p = Parser::new(s.as_bytes());
        p.skip()?;
        p.end()
    }

    #[test]
    fn accepts_json_and_refuses_the_rest() {
        for ok in [
            "null",
            " [1, -0, 0.5, -1.5e+3, 2E-2, \"a\\u00e9\\ud83d\\ude00\\n\", {\"a\": [true, false, {}]}] ",
            "{}",
            "[]",
            "\u{feff}[1]",
        ] {
            assert_eq!(skip_all(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "[1,]",
            "[,1]",
            "{\"a\":1,}",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "[1 2]",
            "{\"a\" 1}",
            "{a:1}",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"a\tb\"",
            "\"abc",
            "nul",
            "[1]]",
            "{\"a\":1,\"a\":2}",
            "NaN",
            "[1}",
        ] {
            assert!(skip_all(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn strings_decode() {
        let mut p = Parser::new(br#""plain""#);
        assert!(matches!(p.string(), Ok(Cow::Borrowed("plain"))));
        let mut p = Parser::new(br#""caf\u00e9 \"q\" \/ \ud83d\ude00""#);
        assert_eq!(
            p.string().map(Cow::into_owned),
            Ok("café \"q\" / 😀".to_owned())
        );
        let mut p = Parser::new(b"\"\xff\"");
        assert!(p.string().is_err());
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(skip_all(&deep).is_err());
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert_eq!(skip_all(&ok), Ok(()));
    }

    #[test]
    fn numbers_follow_python() {
        fn n(s: &str) -> Number<'_> {
            Number {
                text: s,
                integer: !s.contains(['.', 'e', 'E']),
            }
        }
        assert_eq!(n("1996").to_i64(), Ok(1996));
        assert_eq!(n("1996.9").to_i64(), Ok(1996));
        assert_eq!(n("-1996.9").to_i64(), Ok(-1996));
        assert!(n("1e400").to_f64().is_err());
        assert!(n("99999999999999999999").to_i64().is_err());
        assert_eq!(n("0.1").to_f64(), Ok(0.1));
    }

    #[test]
    fn errors_carry_path_and_offset() {
        let src = br#"{"a": [1, {"b": "x"}]}"#;
        let mut p = Parser::new(src);
        let e = p
            .object(|p, _| {
                p.array(|p, i| {
                    if i == 0 {
                        p.skip()
                    } else {
                        p.object(|p, _| p.f64().map(|_| ()))
                    }
                })
            })
            .unwrap_err();
        let mut path = String::new();
        fmt_path(&e.path(), &mut path).unwrap();
        assert_eq!(path, "a[1].b");
        assert_eq!(e.offset, 16);
        assert_eq!(e.kind.to_string(), "expected a number, got \"x\"");
        assert_eq!(line_col(b"ab\ncd", 4), (2, 2));
    }
}
