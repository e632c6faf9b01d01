//! The few CPython string behaviours ror-api's parameter handling depends on, reproduced exactly.
//!
//! ror-api decides what a request means with Python built-ins: `str.split()` (white space), `int()` (the
//! `page`), `str.title()` / `str.upper()` / `str.lower()` / `str.capitalize()` (filter values) and `re`'s
//! Unicode `\w` / `\d` / `\b` (ROR ids, titlecase). Character *classes* come from tables generated from
//! CPython's `unicodedata` ([`super::unicode_tables`]); case *mappings* come from Rust's std, which implements
//! the same full (SpecialCasing) mappings and the same Final_Sigma rule as CPython. Where the Java oracle's
//! approximations differ from CPython (final sigma in `title()`, `int("\x1c5")`, `\b` next to combining marks),
//! this module follows CPython.

use super::unicode_tables::{CASED, DECIMAL_ZEROS, SPACE, TITLE_EXCEPTIONS, WORD};

fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                core::cmp::Ordering::Less
            } else if lo > c {
                core::cmp::Ordering::Greater
            } else {
                core::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `str.isspace()` for one character: what `str.split()` splits on and `int()` strips.
pub fn is_space(c: char) -> bool {
    SPACE.binary_search(&(c as u32)).is_ok()
}

/// `re`'s `\w` for `str` patterns (also what `\b` looks at): `str.isalnum()` or `_`.
pub fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        in_ranges(&WORD, c)
    }
}

/// The value of a Unicode decimal digit (`re`'s `\d`, what `int()` accepts), or `None`.
pub fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    let cp = c as u32;
    let i = DECIMAL_ZEROS.partition_point(|&z| z <= cp);
    let zero = *DECIMAL_ZEROS.get(i.checked_sub(1)?)?;
    (cp - zero < 10).then_some(cp - zero)
}

/// `re`'s `\d` for `str` patterns.
pub fn is_decimal(c: char) -> bool {
    decimal_value(c).is_some()
}

/// The Unicode `Cased` property, as `str.title()` tracks "previous character is cased".
pub fn is_cased(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        in_ranges(&CASED, c)
    }
}

/// `" ".join(s.split())`: trims and collapses every run of white space to one space.
pub fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `str.lower()` (full mappings, Final_Sigma).
pub fn lower(s: &str) -> String {
    s.to_lowercase()
}

/// `str.upper()` (full mappings: `ß` → `SS`).
pub fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// The full title-case mapping of one character (`ß` → `Ss`, `ǆ` → `ǅ`, Georgian letters unchanged).
fn push_title(out: &mut String, c: char) {
    match TITLE_EXCEPTIONS.binary_search_by(|&(k, _)| k.cmp(&c)) {
        Ok(i) => out.push_str(TITLE_EXCEPTIONS[i].1),
        Err(_) => out.extend(c.to_uppercase()),
    }
}

/// The full lower-case mapping of every character of `s`, in context (Final_Sigma looks at the whole
/// string, as CPython's `lower_ucs4` does), as one slice per character.
fn lowered_per_char(s: &str) -> Vec<(char, String)> {
    let lowered = s.to_lowercase();
    let mut rest = lowered.chars();
    s.chars()
        .map(|c| {
            // Only U+0130 lowers to two characters; Σ lowers to one (σ or ς, decided above in context).
            let n = c.to_lowercase().count();
            (c, rest.by_ref().take(n).collect())
        })
        .collect()
}

/// `str.title()`: the first cased character after an uncased one is title-cased, the others lower-cased.
pub fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut previous_is_cased = false;
    for (c, low) in lowered_per_char(s) {
        if previous_is_cased {
            out.push_str(&low);
        } else {
            push_title(&mut out, c);
        }
        previous_is_cased = is_cased(c);
    }
    out
}

/// `str.capitalize()` (Python ≥ 3.8): the first character title-cased, the rest lower-cased.
pub fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, (c, low)) in lowered_per_char(s).into_iter().enumerate() {
        if i == 0 {
            push_title(&mut out, c);
        } else {
            out.push_str(&low);
        }
    }
    out
}

/// The result of Python's `int(s)` on a `str`, base 10.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PyInt {
    negative: bool,
    /// ASCII decimal digits without leading zeros (`"0"` for zero).
    digits: String,
}

impl PyInt {
    /// The value if it fits an `i64`.
    pub fn to_i64(&self) -> Option<i64> {
        let magnitude: i64 = if self.digits.len() <= 18 {
            self.digits.parse().ok()?
        } else {
            return None;
        };
        Some(if self.negative { -magnitude } else { magnitude })
    }
}

/// `str(int(s))`: the canonical decimal form (no `+`, no leading zeros, `0` never negative).
impl core::fmt::Display for PyInt {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str(&self.digits)
    }
}

/// Python's `int(s)` for a `str` in base 10, or `None` where Python raises `ValueError`.
///
/// CPython first maps non-ASCII white space to `' '` and non-ASCII decimal digits to ASCII, then parses the
/// ASCII text: optional ASCII white space (`\t\n\v\f\r` and space only: `\x1c`..`\x1f` are *not* stripped
/// there although `str.isspace()` is true for them), an optional sign, digits with single underscores between
/// them, optional white space. No digit limit is applied (see the module docs of `params`).
pub fn py_int(s: &str) -> Option<PyInt> {
    #[derive(PartialEq)]
    enum Tok {
        Space,
        Digit(u8),
        Other(char),
    }
    let toks = s.chars().map(|c| {
        if c.is_ascii() {
            match c {
                '\t' | '\n' | '\x0b' | '\x0c' | '\r' | ' ' => Tok::Space,
                '0'..='9' => Tok::Digit(c as u8 - b'0'),
                _ => Tok::Other(c),
            }
        } else if is_space(c) {
            Tok::Space
        } else {
            match decimal_value(c) {
                Some(d) => Tok::Digit(d as u8),
                None => Tok::Other(c),
            }
        }
    });
    let mut toks = toks.peekable();
    while toks.next_if(|t| *t == Tok::Space).is_some() {}
    let mut negative = false;
    if let Some(Tok::Other(c @ ('+' | '-'))) = toks.peek() {
        negative = *c == '-';
        toks.next();
    }
    let mut digits = String::new();
    let mut last_was_digit = false;
    let mut seen_digit = false;
    loop {
        match toks.peek() {
            Some(Tok::Digit(d)) => {
                if !(digits.is_empty() && *d == 0) {
                    digits.push(char::from(b'0' + d));
                }
                last_was_digit = true;
                seen_digit = true;
            }
            Some(Tok::Other('_')) if last_was_digit => last_was_digit = false,
            _ => break,
        }
        toks.next();
    }
    if !seen_digit || !last_was_digit {
        return None;
    }
    while toks.next_if(|t| *t == Tok::Space).is_some() {}
    if toks.next().is_some() {
        return None;
    }
    if digits.is_empty() {
        digits.push('0');
        negative = false;
    }
    Some(PyInt { negative, digits })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_like_python() {
        let ok = |s: &str| py_int(s).map(|i| i.to_string());
        assert_eq!(ok("5"), Some("5".into()));
        assert_eq!(ok(" 7 "), Some("7".into()));
        assert_eq!(ok("+3"), Some("3".into()));
        assert_eq!(ok("-0"), Some("0".into()));
        assert_eq!(ok("0501"), Some("501".into()));
        assert_eq!(ok("1_0"), Some("10".into()));
        assert_eq!(ok("0_0_1"), Some("1".into()));
        assert_eq!(ok("\u{665}"), Some("5".into())); // ARABIC-INDIC DIGIT FIVE
        assert_eq!(ok("\u{3000}5\u{85}"), Some("5".into()));
        assert_eq!(ok("\x0b5\x0c"), Some("5".into()));
        assert_eq!(
            ok("99999999999999999999999"),
            Some("99999999999999999999999".into())
        );
        assert_eq!(ok("-000"), Some("0".into()));
        for bad in [
            "", " ", "5.0", "abc", "+_1", "_1", "1_", "1__0", "- 5", "1 2", "\x1c5", "5\x1f",
            "++1", "٥x",
        ] {
            assert_eq!(py_int(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn title_like_python() {
        assert_eq!(title("company"), "Company");
        assert_eq!(title("EDUCATION"), "Education");
        assert_eq!(title("nonProfit"), "Nonprofit");
        assert_eq!(title("non-profit"), "Non-Profit");
        assert_eq!(title("o'neil 3rd"), "O'Neil 3Rd");
        assert_eq!(title("ßx ǆy"), "Ssx ǅy");
        // Final sigma: CPython lowers in context (the Java oracle does not).
        assert_eq!(title("ΟΔΟΣ"), "Οδος");
        assert_eq!(title("\u{149}"), "\u{2bc}N");
        assert_eq!(capitalize("ΑΣ"), "Ας");
        assert_eq!(capitalize("of."), "Of.");
        assert_eq!(capitalize("ın"), "In");
    }

    #[test]
    fn classes() {
        assert!(is_word('é') && is_word('_') && is_word('٣') && is_word('²'));
        assert!(!is_word('-') && !is_word('\u{301}'));
        assert!(is_decimal('٣') && !is_decimal('²') && decimal_value('\u{1d7ce}') == Some(0));
        assert_eq!(
            collapse_whitespace("  south \u{3000}\t africa\n"),
            "south africa"
        );
        assert_eq!(collapse_whitespace("a\x1cb"), "a b");
    }

    #[test]
    fn upper_is_fixed_point_char_by_char() {
        // `str.upper() == s` is decided char by char (titlecase's all-caps test relies on it): no character
        // upper-cases to a longer string starting with itself.
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let mut up = c.to_uppercase();
            if up.len() > 1 {
                assert_ne!(up.next(), Some(c));
            }
        }
    }
}
