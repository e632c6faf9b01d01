//! The v1 record as the v1 API printed it, byte for byte: Django REST framework's serializers (spec §9,
//! `rorapi/v1/serializers.py`) rendered by its JSON renderer (spec §1.6).
//!
//! What the renderer does, and so what this module does:
//! - `json.dumps(data, ensure_ascii=False, separators=(',', ':'))`: compact, non-ASCII written raw as UTF-8,
//!   `"` `\` and control characters escaped the way Python's `json` escapes them; then `\u2028`/`\u2029`
//!   (which JavaScript refuses inside string literals) replaced by their escapes.
//! - Floats through Python's `float.__repr__`: the shortest digits that read back to the same double, fixed
//!   notation for decimal exponents -4..16 (`45.0`, `0.0001`), scientific otherwise (`1e-05`, `1e+16`).
//! - `lat`/`lng` are `DecimalField(decimal_places=10, coerce_to_string=False)`: `Decimal(str(value))`
//!   quantized to 10 places (half-even), then `float()` by the encoder, then `repr` (spec §9.3).
//!
//! Where the model can hold shapes the v1 data never had, the writer still does what DRF did with them
//! (a GRID `all` list printed as Python's `str(list)`, a string `all` of another scheme iterated character by
//! character, a `null` `geonames_city` written as an object of nulls) so the output stays the API's.

use super::model::*;
use std::fmt::Write as _;

/// The nine schemes the v1 serializer knows, in its order (spec §9.4); every other scheme is dropped.
pub const V1_EXTERNAL_ID_SCHEMES: [&str; 9] = [
    "ISNI", "FundRef", "HESA", "UCAS", "UKPRN", "CNRS", "OrgRef", "Wikidata", "GRID",
];

/// Appends `s` as a JSON string literal, escaped as DRF's renderer escapes it: Python's
/// `json.dumps(..., ensure_ascii=False)` (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other control characters
/// as `\u00XX` in lower-case hex; everything else raw) followed by `\u2028`/`\u2029` escaping.
pub fn write_json_str(s: &str, out: &mut String) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    // Most strings need no escape: one scan for the bytes that may need one, then a single copy.
    if !bytes
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\' || b == 0xE2)
    {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            // U+2028 and U+2029 are E2 80 A8 / E2 80 A9 in UTF-8.
            0xE2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
            {
                if bytes[i + 2] == 0xA8 {
                    "\\u2028"
                } else {
                    "\\u2029"
                }
            }
            _ => continue,
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            let _ = write!(out, "\\u{b:04x}");
        } else {
            out.push_str(esc);
        }
        start = if esc.starts_with("\\u202") {
            i + 3
        } else {
            i + 1
        };
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// The shortest round-trip decimal digits of a finite, non-zero-or-zero `f64`: `(negative, digits, point)`
/// with the value `±0.d₁d₂…dₙ × 10^point` and no trailing zeros (zero is `"0"`, point 1).
fn shortest_digits(v: f64) -> (bool, String, i32) {
    // `{:e}` prints the shortest round-trip digits in scientific form: `-1.2345e-7`, `5e0`.
    let sci = format!("{v:e}");
    let negative = sci.starts_with('-');
    let sci = sci.trim_start_matches('-');
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    (negative, digits, exp + 1)
}

/// Appends `v` as Python's `repr(float)` inside `json.dumps` writes it: `45.0`, `1e-05`, `-0.0`, `1e+16`,
/// `0.0001`, `123456789012345.6`. Non-finite values are written as Python's `json` writes them with
/// `allow_nan=True` (`NaN`, `Infinity`, `-Infinity`); DRF's strict renderer refused them, and no reader here
/// produces them.
pub fn write_py_float(v: f64, out: &mut String) {
    if v.is_nan() {
        out.push_str("NaN");
        return;
    }
    if v.is_infinite() {
        out.push_str(if v > 0.0 { "Infinity" } else { "-Infinity" });
        return;
    }
    let (negative, digits, point) = shortest_digits(v);
    write_digits(negative, &digits, point, out);
}

/// Python's `float_repr_style = 'short'` layout of `±0.digits × 10^point` (`PyOS_double_to_string` with
/// `'r'`): scientific when the decimal exponent `point - 1` is below -4 or at least 16.
fn write_digits(negative: bool, digits: &str, point: i32, out: &mut String) {
    if negative {
        out.push('-');
    }
    let n = digits.len() as i32;
    if point <= -4 || point > 16 {
        let (first, rest) = digits.split_at(1);
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let e = point - 1;
        let _ = write!(
            out,
            "e{}{:02}",
            if e < 0 { '-' } else { '+' },
            e.unsigned_abs()
        );
    } else if point <= 0 {
        out.push_str("0.");
        for _ in 0..-point {
            out.push('0');
        }
        out.push_str(digits);
    } else if point >= n {
        out.push_str(digits);
        for _ in 0..point - n {
            out.push('0');
        }
        out.push_str(".0");
    } else {
        let (int, frac) = digits.split_at(point as usize);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
}

/// `repr(float(Decimal(str(v)).quantize(Decimal('1e-10'))))`: DRF's `DecimalField(decimal_places=10,
/// coerce_to_string=False)` as rendered by its JSON encoder (spec §9.3). Values with at most 10 decimals are
/// unchanged (integers gain `.0`); more decimals are rounded half-even at the 10th.
pub fn write_py_decimal10(v: f64, out: &mut String) {
    if !v.is_finite() {
        write_py_float(v, out);
        return;
    }
    let (negative, digits, point) = shortest_digits(v);
    let keep = point + 10; // digits before the 10th decimal place, inclusive
    if keep >= digits.len() as i32 {
        write_digits(negative, &digits, point, out);
        return;
    }
    // Round half-even at digit index `keep` (may be <= 0: everything is beyond the 10th decimal).
    let d = digits.as_bytes();
    let (kept, first_dropped, rest_nonzero) = if keep < 0 {
        (&d[..0], 0u8, true)
    } else {
        let k = keep as usize;
        (&d[..k], d[k] - b'0', d[k + 1..].iter().any(|&c| c != b'0'))
    };
    let last_odd = kept.last().is_some_and(|&c| (c - b'0') % 2 == 1);
    let up = first_dropped > 5 || (first_dropped == 5 && (rest_nonzero || last_odd));
    let (mut q, mut q_point): (Vec<u8>, i32) = (kept.to_vec(), point);
    if up {
        // Add one unit at the last kept position, carrying left.
        let mut i = q.len();
        loop {
            if i == 0 {
                q.insert(0, b'1');
                q_point += 1;
                break;
            }
            i -= 1;
            if q[i] == b'9' {
                q[i] = b'0';
            } else {
                q[i] += 1;
                break;
            }
        }
    }
    while q.last() == Some(&b'0') {
        q.pop();
    }
    if q.is_empty() {
        write_digits(negative, "0", 1, out);
        return;
    }
    // float(Decimal) is correctly rounded, like Rust's parse; then repr.
    let mut text = String::with_capacity(q.len() + 8);
    text.push_str("0.");
    text.extend(q.iter().map(|&c| c as char));
    let _ = write!(text, "e{q_point}");
    let parsed: f64 = text.parse().unwrap_or(0.0);
    write_py_float(if negative { -parsed } else { parsed }, out);
}

fn write_opt_str(v: &Option<String>, out: &mut String) {
    match v {
        Some(s) => write_json_str(s, out),
        None => out.push_str("null"),
    }
}

fn write_opt_int(v: Option<i64>, out: &mut String) {
    match v {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.push_str("null"),
    }
}

fn write_str_list<S: AsRef<str>>(items: impl IntoIterator<Item = S>, out: &mut String) {
    out.push('[');
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_json_str(s.as_ref(), out);
    }
    out.push(']');
}

/// `"key":` (keys are plain ASCII here, no escaping needed).
fn key(k: &str, out: &mut String) {
    out.push('"');
    out.push_str(k);
    out.push_str("\":");
}

/// Appends the record exactly as `GET /v1/organizations/{id}` returned it (spec §9.2–§9.5, §1.6).
pub fn write_v1_json(r: &Record, out: &mut String) {
    out.push('{');
    key("id", out);
    write_json_str(&r.id, out);
    out.push(',');
    key("name", out);
    write_json_str(&r.name, out);
    out.push(',');
    key("email_address", out);
    write_opt_str(&r.email_address, out);
    out.push(',');
    key("ip_addresses", out);
    write_str_list(&r.ip_addresses, out);
    out.push(',');
    key("established", out);
    write_opt_int(r.established, out);
    out.push(',');
    key("types", out);
    write_str_list(&r.types, out);
    out.push(',');
    key("relationships", out);
    out.push('[');
    for (i, rel) in r.relationships.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        key("label", out);
        write_opt_str(&rel.label, out);
        out.push(',');
        key("type", out);
        write_opt_str(&rel.rel_type, out);
        out.push(',');
        key("id", out);
        write_opt_str(&rel.id, out);
        out.push('}');
    }
    out.push(']');
    out.push(',');
    key("addresses", out);
    out.push('[');
    for (i, a) in r.addresses.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_address(a, out);
    }
    out.push(']');
    out.push(',');
    key("links", out);
    write_str_list(&r.links, out);
    out.push(',');
    key("aliases", out);
    write_str_list(&r.aliases, out);
    out.push(',');
    key("acronyms", out);
    write_str_list(&r.acronyms, out);
    out.push(',');
    key("status", out);
    write_json_str(&r.status, out);
    out.push(',');
    key("wikipedia_url", out);
    write_opt_str(&r.wikipedia_url, out);
    out.push(',');
    key("labels", out);
    out.push('[');
    for (i, l) in r.labels.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        key("label", out);
        write_json_str(&l.label, out);
        out.push(',');
        key("iso639", out);
        write_opt_str(&l.iso639, out);
        out.push('}');
    }
    out.push(']');
    out.push(',');
    key("country", out);
    out.push('{');
    key("country_name", out);
    write_opt_str(&r.country.country_name, out);
    out.push(',');
    key("country_code", out);
    write_opt_str(&r.country.country_code, out);
    out.push('}');
    out.push(',');
    key("external_ids", out);
    write_external_ids(&r.external_ids, out);
    out.push('}');
}

fn write_opt_float(v: Option<f64>, out: &mut String) {
    match v {
        Some(f) => write_py_decimal10(f, out),
        None => out.push_str("null"),
    }
}

fn write_address(a: &Address, out: &mut String) {
    out.push('{');
    key("lat", out);
    write_opt_float(a.lat, out);
    out.push(',');
    key("lng", out);
    write_opt_float(a.lng, out);
    out.push(',');
    key("state", out);
    write_opt_str(&a.state, out);
    out.push(',');
    key("state_code", out);
    write_opt_str(&a.state_code, out);
    out.push(',');
    key("city", out);
    write_opt_str(&a.city, out);
    out.push(',');
    key("geonames_city", out);
    // `GeoNamesCity(None)` in the v1 model class is an object of nulls: never `null` here.
    let empty = GeonamesCity::default();
    write_geonames_city(a.geonames_city.as_ref().unwrap_or(&empty), out);
    out.push(',');
    key("postcode", out);
    write_opt_str(&a.postcode, out);
    out.push(',');
    key("primary", out);
    out.push_str(match a.primary {
        Some(true) => "true",
        Some(false) => "false",
        None => "null",
    });
    out.push(',');
    key("line", out);
    write_opt_str(&a.line, out);
    out.push(',');
    key("country_geonames_id", out);
    write_opt_int(a.country_geonames_id, out);
    out.push('}');
}

fn write_geonames_city(c: &GeonamesCity, out: &mut String) {
    out.push('{');
    key("id", out);
    write_opt_int(c.id, out);
    out.push(',');
    key("city", out);
    write_opt_str(&c.city, out);
    for (name, admin) in [
        ("geonames_admin1", &c.geonames_admin1),
        ("geonames_admin2", &c.geonames_admin2),
    ] {
        out.push(',');
        key(name, out);
        match admin {
            None => out.push_str("null"),
            Some(a) => {
                out.push('{');
                key("name", out);
                write_opt_str(&a.name, out);
                out.push(',');
                key("id", out);
                write_opt_int(a.id, out);
                out.push(',');
                key("ascii_name", out);
                write_opt_str(&a.ascii_name, out);
                out.push(',');
                key("code", out);
                write_opt_str(&a.code, out);
                out.push('}');
            }
        }
    }
    out.push(',');
    key("license", out);
    match &c.license {
        None => out.push_str("null"),
        Some(l) => {
            out.push('{');
            key("attribution", out);
            write_opt_str(&l.attribution, out);
            out.push(',');
            key("license", out);
            write_opt_str(&l.license, out);
            out.push('}');
        }
    }
    for (name, nuts) in [
        ("nuts_level1", &c.nuts_level1),
        ("nuts_level2", &c.nuts_level2),
        ("nuts_level3", &c.nuts_level3),
    ] {
        out.push(',');
        key(name, out);
        match nuts {
            None => out.push_str("null"),
            Some(n) => {
                out.push('{');
                key("name", out);
                write_opt_str(&n.name, out);
                out.push(',');
                key("code", out);
                write_opt_str(&n.code, out);
                out.push('}');
            }
        }
    }
    out.push('}');
}

fn write_external_ids(ids: &[ExternalId], out: &mut String) {
    out.push('{');
    let mut first = true;
    for scheme in V1_EXTERNAL_ID_SCHEMES {
        // A JSON object keeps the last of repeated keys; the readers refuse repeats anyway.
        let Some(e) = ids.iter().rev().find(|e| e.scheme == scheme) else {
            continue;
        };
        // `Entity(data, ['preferred', 'all'])` raised AttributeError for a missing key: scheme dropped.
        let (Some(preferred), Some(all)) = (&e.preferred, &e.all) else {
            continue;
        };
        if !first {
            out.push(',');
        }
        first = false;
        key(scheme, out);
        out.push('{');
        key("preferred", out);
        write_opt_str(preferred, out);
        out.push(',');
        key("all", out);
        match (scheme == "GRID", all) {
            (_, ExtAll::Null) => out.push_str("null"),
            // `StringRelatedField()`: `str(value)`.
            (true, ExtAll::One(s)) => write_json_str(s, out),
            (true, ExtAll::Many(v)) => {
                let mut repr = String::new();
                py_repr_list(v, &mut repr);
                write_json_str(&repr, out);
            }
            // `StringRelatedField(many=True)` iterates: a list as is, a string character by character.
            (false, ExtAll::Many(v)) => write_str_list(v, out),
            (false, ExtAll::One(s)) => {
                write_str_list(s.chars().map(String::from), out);
            }
        }
        out.push('}');
    }
    out.push('}');
}

/// Python's `repr()` of a list of strings (`['grid.1.0', 'it''s']`), what `str()` of an Elasticsearch
/// `AttrList` gives. Exact for ASCII; outside ASCII the common non-printable characters are escaped as
/// Python does (Python consults the whole Unicode database; this shape never occurred in ROR data).
fn py_repr_list(items: &[String], out: &mut String) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let quote = if s.contains('\'') && !s.contains('"') {
            '"'
        } else {
            '\''
        };
        out.push(quote);
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c == quote => {
                    out.push('\\');
                    out.push(c);
                }
                c if py_nonprintable(c) => {
                    let n = c as u32;
                    let _ = if n < 0x100 {
                        write!(out, "\\x{n:02x}")
                    } else if n < 0x10000 {
                        write!(out, "\\u{n:04x}")
                    } else {
                        write!(out, "\\U{n:08x}")
                    };
                }
                c => out.push(c),
            }
        }
        out.push(quote);
    }
    out.push(']');
}

/// Characters Python's `str.isprintable()` refuses, for the ranges that matter in practice: controls,
/// separators other than the ASCII space, format characters, private use, noncharacters.
fn py_nonprintable(c: char) -> bool {
    let n = c as u32;
    matches!(n,
        0x00..=0x1F | 0x7F..=0xA0 | 0xAD | 0x1680 | 0x2000..=0x200F | 0x2028..=0x202F | 0x205F..=0x206F
        | 0x3000 | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF | 0xFFFE | 0xFFFF | 0xF0000..=0x10FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: f64) -> String {
        let mut s = String::new();
        write_py_float(v, &mut s);
        s
    }

    fn d(v: f64) -> String {
        let mut s = String::new();
        write_py_decimal10(v, &mut s);
        s
    }

    #[test]
    fn py_float_repr() {
        // Expected values are Python 3.11 `repr(float(x))`.
        let cases = [
            (45.0, "45.0"),
            (0.00001, "1e-05"),
            (0.0001, "0.0001"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (123456789012345.6, "123456789012345.6"),
            (1.5e300, "1.5e+300"),
            (5e-324, "5e-324"),
            (0.1, "0.1"),
            (-77.025728, "-77.025728"),
            (1.5e-5, "1.5e-05"),
            (1e-5 * 1.5, "1.5000000000000002e-05"),
            (0.000123, "0.000123"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (12345678901234567890.0, "1.2345678901234567e+19"),
            (100.0, "100.0"),
        ];
        for (v, want) in cases {
            assert_eq!(f(v), want, "{v:e}");
        }
    }

    #[test]
    fn decimal10_quantize() {
        // Expected values are `repr(float(Decimal(str(x)).quantize(Decimal('.0000000001'))))` in Python 3.11.
        let cases = [
            (45.0, "45.0"),
            (0.00001, "1e-05"),
            (38.88758, "38.88758"),
            (1e-11, "0.0"),
            (-1e-11, "-0.0"),
            (5e-11, "0.0"),
            (5.000001e-11, "1e-10"),
            (1.5e-10, "2e-10"),
            (2.5e-10, "2e-10"),
            (0.12345678915, "0.1234567892"),
            (0.12345678925, "0.1234567892"),
            (0.99999999999, "1.0"),
            (-179.99999999999, "-180.0"),
            (1e-10, "1e-10"),
            (12.123456789012345, "12.123456789"),
        ];
        for (v, want) in cases {
            assert_eq!(d(v), want, "{v:e}");
        }
    }

    #[test]
    fn json_strings_escape_like_python() {
        let mut s = String::new();
        write_json_str(
            "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f}é漢\u{2028}\u{2029}😀/",
            &mut s,
        );
        assert_eq!(
            s,
            "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\u{7f}é漢\\u2028\\u2029😀/\""
        );
    }

    #[test]
    fn grid_list_and_string_all() {
        let mut s = String::new();
        write_external_ids(
            &[
                ExternalId {
                    scheme: "GRID".into(),
                    preferred: Some(None),
                    all: Some(ExtAll::Many(vec!["grid.1.0".into(), "it's".into()])),
                },
                ExternalId {
                    scheme: "ISNI".into(),
                    preferred: Some(Some("x".into())),
                    all: Some(ExtAll::One("ab".into())),
                },
            ],
            &mut s,
        );
        assert_eq!(
            s,
            r#"{"ISNI":{"preferred":"x","all":["a","b"]},"GRID":{"preferred":null,"all":"['grid.1.0', \"it's\"]"}}"#
        );
    }
}
