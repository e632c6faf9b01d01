//! URL decoding and encoding exactly as the v1 server did it: Django 2.2.28's `QueryDict` for the query
//! string, Python's `urllib.parse.unquote` / `urlencode`, and the WSGI + Django decoding of the path.
//!
//! Key decision: decoding is byte-exact to CPython, not to a URL standard. `%XX` escapes are decoded to bytes
//! run by run (only maximal ASCII runs are unquoted, raw non-ASCII characters are kept), and invalid UTF-8
//! becomes U+FFFD per maximal subpart (CPython's `errors="replace"`, which `String::from_utf8_lossy` shares).

use std::borrow::Cow;

/// Django's `DATA_UPLOAD_MAX_NUMBER_FIELDS` (default, not overridden by ror-api).
pub const MAX_NUMBER_FIELDS: usize = 1000;

/// The request parameters as `request.GET.dict()` sees them: one value per name (the **last** one given),
/// names in order of **first** appearance. Names are case-sensitive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    entries: Vec<(String, String)>,
}

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `name` is present (even with an empty value).
    pub fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|(k, _)| k == name)
    }

    /// Python `d[name] = value`: replaces the value in place, or appends a new name at the end.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        let value = value.into();
        match self.entries.iter_mut().find(|(k, _)| *k == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name, value)),
        }
    }

    /// Python `del d[name]` (no error when absent); returns the removed value.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let i = self.entries.iter().position(|(k, _)| k == name)?;
        Some(self.entries.remove(i).1)
    }

    /// `(name, value)` pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Parameter names in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    /// Number of distinct names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No parameters at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut p = Params::new();
        for (k, v) in iter {
            p.set(k, v);
        }
        p
    }
}

/// Django 2.2.28 `QueryDict(qs).dict()`: split on `&` only (not `;`, since 2.2.19), skip empty pieces, split
/// each piece at its first `=` (none → value `""`), `+` → space, then [`unquote`] name and value.
pub fn parse_query_string(qs: &str) -> Params {
    let mut params = Params::new();
    for piece in qs.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
        params.set(
            unquote(&name.replace('+', " ")),
            unquote(&value.replace('+', " ")),
        );
    }
    params
}

/// Whether Django refuses the query string (`TooManyFieldsSent`, HTTP 400): it splits into more than
/// [`MAX_NUMBER_FIELDS`] pieces on `&`, empty pieces included.
pub fn too_many_fields(qs: &str) -> bool {
    qs.bytes().filter(|&b| b == b'&').count() >= MAX_NUMBER_FIELDS
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes every `%XX` (two hex digits, either case) to its byte; a `%` not followed by two hex digits stays.
fn percent_decode_bytes(s: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'%' && i + 2 < s.len() {
            if let (Some(h), Some(l)) = (hex_value(s[i + 1]), hex_value(s[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(s[i]);
        i += 1;
    }
}

/// Python's `urllib.parse.unquote(s)` (UTF-8, `errors="replace"`): decodes `%XX` escapes in every maximal run
/// of ASCII characters and decodes each run's bytes as UTF-8 with U+FFFD for invalid sequences; non-ASCII
/// characters are kept as they are. Without `%` the input is returned unchanged.
pub fn unquote(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut buf = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if bytes[i].is_ascii() {
            while i < bytes.len() && bytes[i].is_ascii() {
                i += 1;
            }
            buf.clear();
            percent_decode_bytes(&bytes[start..i], &mut buf);
            out.push_str(&String::from_utf8_lossy(&buf));
        } else {
            while i < bytes.len() && !bytes[i].is_ascii() {
                i += 1;
            }
            // Both ends are ASCII bytes or the ends of `s`: char boundaries.
            out.push_str(&s[start..i]);
        }
    }
    Cow::Owned(out)
}

/// Python's `urllib.parse.quote_plus(s, safe="")`: UTF-8 bytes, unreserved characters kept, space → `+`,
/// everything else `%XX` (upper-case hex).
fn quote_plus(s: &str, out: &mut String) {
    quote_bytes(s, b"", true, out);
}

fn quote_bytes(s: &str, safe: &[u8], plus: bool, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) || safe.contains(&b) {
            out.push(char::from(b));
        } else if plus && b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

/// Python's `urllib.parse.urlencode(d)` for a `str → str` dict: `name=value` pairs joined by `&`, both
/// sides [`quote_plus`]-encoded (so spaces become `+`).
pub fn urlencode(params: &Params) -> String {
    let mut out = String::new();
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        quote_plus(k, &mut out);
        out.push('=');
        quote_plus(v, &mut out);
    }
    out
}

/// Django's `iri_to_uri`: percent-encodes every byte except ASCII alphanumerics and `/#%[]=:;$&()+,!?*@'~_.-`.
pub fn iri_to_uri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    quote_bytes(s, b"/#%[]=:;$&()+,!?*@'~", false, &mut out);
    out
}

/// The path as Django's view of `request.path_info`: the server percent-decodes the raw path once
/// (`%XX` → byte, `+` kept), then Django decodes UTF-8 and re-percent-encodes every byte that is not part of
/// a valid UTF-8 sequence (`repercent_broken_unicode`: `%FF` stays the text `%FF`, not U+FFFD).
pub fn decode_path(raw: &str) -> String {
    let mut bytes = Vec::with_capacity(raw.len());
    percent_decode_bytes(raw.as_bytes(), &mut bytes);
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &b in chunk.invalid() {
            // Invalid bytes are never ASCII, so Django's `quote(…, safe=…)` always escapes them.
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_dict() {
        let p = parse_query_string("a=1&b&a=2&&c=x+y%2Bz&=v&d=%E9%ZZ%4");
        let got: Vec<_> = p.iter().collect();
        assert_eq!(
            got,
            [
                ("a", "2"),
                ("b", ""),
                ("c", "x y+z"),
                ("", "v"),
                ("d", "\u{fffd}%ZZ%4")
            ]
        );
        assert_eq!(parse_query_string("a=1;b=2").get("a"), Some("1;b=2"));
        assert_eq!(parse_query_string("a==b").get("a"), Some("=b"));
    }

    #[test]
    fn unquote_like_python() {
        assert_eq!(unquote("ror.org%2F0w7hudk23"), "ror.org/0w7hudk23");
        assert_eq!(unquote("%F0%9F"), "\u{fffd}");
        assert_eq!(unquote("%ED%A0%80"), "\u{fffd}\u{fffd}\u{fffd}");
        assert_eq!(unquote("%C3é%A9"), "\u{fffd}é\u{fffd}");
        assert_eq!(unquote("%C3%A9"), "é");
        assert_eq!(unquote("%"), "%");
        assert_eq!(unquote("%2"), "%2");
        assert_eq!(unquote("100%"), "100%");
    }

    #[test]
    fn urlencode_like_python() {
        let p: Params = [("query", "a b+c/é~"), ("format", "json")]
            .into_iter()
            .collect();
        assert_eq!(urlencode(&p), "query=a+b%2Bc%2F%C3%A9~&format=json");
    }

    #[test]
    fn path_decoding() {
        assert_eq!(
            decode_path("/v1/organizations/https%3A%2F%2Fror.org%2F02atag894"),
            "/v1/organizations/https://ror.org/02atag894"
        );
        assert_eq!(
            decode_path("/v1/organizations/%FFa%E2%82"),
            "/v1/organizations/%FFa%E2%82"
        );
        assert_eq!(decode_path("/a%2541"), "/a%41");
        assert_eq!(decode_path("/a+b%C3%A9"), "/a+bé");
    }

    #[test]
    fn field_limit() {
        assert!(!too_many_fields(&"a=1&".repeat(999)));
        assert!(too_many_fields(&"&".repeat(1000)));
    }
}
