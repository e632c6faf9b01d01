//! Java library behaviour the grammar's semantic actions depend on: `QueryParserBase.discardEscapeChar` and
//! `Float.parseFloat` (used for phrase slops and boosts), reproduced exactly.

/// Why `discardEscapeChar` threw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EscapeError {
    /// `\u` followed by fewer than four characters ("Truncated unicode escape sequence.").
    TruncatedUnicode,
    /// `\u` followed by a non-hex character ("Non-hex character in escape sequence: x").
    NonHex(char),
    /// A lone `\` at the end ("Term can not end with escape character.").
    TrailingEscape,
}

/// `QueryParserBase.discardEscapeChar`: drops each escaping backslash, keeps the escaped character, and turns
/// `\uXXXX` into that UTF-16 unit. Works on UTF-16 units like Java; an unpaired surrogate that a `\u` escape
/// produces becomes U+FFFD (what Lucene stores when it converts the term to UTF-8).
pub fn discard_escape_char(input: &str) -> Result<String, EscapeError> {
    // Fast path: nothing escaped.
    if !input.contains('\\') {
        return Ok(String::from(input));
    }
    let mut out: Vec<u16> = Vec::with_capacity(input.len());
    let mut last_was_escape = false;
    let mut multiplier: u32 = 0;
    let mut code_point: u32 = 0;
    let mut buf = [0u16; 2];
    for c in input.chars() {
        for &unit in c.encode_utf16(&mut buf).iter() {
            if multiplier > 0 {
                let digit = hex_to_int(unit).ok_or(EscapeError::NonHex(c))?;
                code_point += digit * multiplier;
                multiplier >>= 4;
                if multiplier == 0 {
                    // code_point < 0x10000 by construction.
                    out.push(code_point as u16);
                    code_point = 0;
                }
            } else if last_was_escape {
                if unit == u16::from(b'u') {
                    multiplier = 16 * 16 * 16;
                } else {
                    out.push(unit);
                }
                last_was_escape = false;
            } else if unit == u16::from(b'\\') {
                last_was_escape = true;
            } else {
                out.push(unit);
            }
        }
    }
    if multiplier > 0 {
        return Err(EscapeError::TruncatedUnicode);
    }
    if last_was_escape {
        return Err(EscapeError::TrailingEscape);
    }
    Ok(String::from_utf16_lossy(&out))
}

fn hex_to_int(unit: u16) -> Option<u32> {
    let c = char::from_u32(u32::from(unit))?;
    c.to_digit(16).filter(|_| c.is_ascii_hexdigit())
}

/// `Float.parseFloat(s)` (Java's `FloatingDecimal.readJavaFormatString` grammar: surrounding characters
/// `<= ' '` trimmed, optional sign, `NaN`, `Infinity`, decimal with optional exponent, hexadecimal with a binary
/// exponent, optional `f`/`F`/`d`/`D` suffix). `None` where Java throws `NumberFormatException`.
pub fn parse_float(s: &str) -> Option<f32> {
    let s = s.trim_matches(|c: char| c <= ' ');
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let mut i = 0;
    let negative = match b[0] {
        b'-' => {
            i = 1;
            true
        }
        b'+' => {
            i = 1;
            false
        }
        _ => false,
    };
    let rest = &s[i..];
    let signed = |v: f32| if negative { -v } else { v };
    match rest.as_bytes().first() {
        None => return None,
        Some(b'N') => return (rest == "NaN").then_some(f32::NAN),
        Some(b'I') => return (rest == "Infinity").then(|| signed(f32::INFINITY)),
        Some(b'0') if matches!(rest.as_bytes().get(1), Some(b'x' | b'X')) => {
            return parse_hex(&rest[2..]).map(signed);
        }
        _ => {}
    }
    // Decimal: digits [. digits] [e|E [+|-] digits] [f|F|d|D]; at least one digit in the mantissa.
    let rb = rest.as_bytes();
    let mut j = 0;
    let int_start = j;
    while j < rb.len() && rb[j].is_ascii_digit() {
        j += 1;
    }
    let mut digits = j - int_start;
    if j < rb.len() && rb[j] == b'.' {
        j += 1;
        let frac_start = j;
        while j < rb.len() && rb[j].is_ascii_digit() {
            j += 1;
        }
        digits += j - frac_start;
    }
    if digits == 0 {
        return None;
    }
    let mantissa_end = j;
    let mut exponent = "";
    if j < rb.len() && (rb[j] == b'e' || rb[j] == b'E') {
        let exp_start = j + 1;
        j += 1;
        if j < rb.len() && (rb[j] == b'+' || rb[j] == b'-') {
            j += 1;
        }
        let d = j;
        while j < rb.len() && rb[j].is_ascii_digit() {
            j += 1;
        }
        if j == d {
            return None;
        }
        exponent = &rest[exp_start..j];
    }
    match &rb[j..] {
        [] | [b'f' | b'F' | b'd' | b'D'] => {}
        _ => return None,
    }
    // Rust's parser is correctly rounded like Java's; it wants a digit before and after a '.'.
    let mut text = String::with_capacity(mantissa_end + exponent.len() + 4);
    let mantissa = &rest[..mantissa_end];
    if mantissa.starts_with('.') {
        text.push('0');
    }
    text.push_str(mantissa);
    if mantissa.ends_with('.') {
        text.push('0');
    }
    if !exponent.is_empty() {
        text.push('e');
        // Java saturates huge exponents; so does Rust's parser, but keep the string short.
        let (sign, num) = match exponent.as_bytes()[0] {
            b'+' => ("", &exponent[1..]),
            b'-' => ("-", &exponent[1..]),
            _ => ("", exponent),
        };
        let num = num.trim_start_matches('0');
        text.push_str(sign);
        if num.is_empty() {
            text.push('0');
        } else if num.len() > 9 {
            text.push_str("999999999");
        } else {
            text.push_str(num);
        }
    }
    text.parse::<f32>().ok().map(signed)
}

/// The part of a hexadecimal float after `0x`: `H+ [.] | H* . H+`, then `p|P [+|-] D+`, then an optional
/// `f|F|d|D`. Rounded to nearest-even at 24 bits, like Java.
fn parse_hex(s: &str) -> Option<f32> {
    let b = s.as_bytes();
    let mut j = 0;
    let mut mantissa: u64 = 0;
    let mut sticky = false;
    // Binary exponent adjustment for digits that did not fit / fraction digits.
    let mut exp_adjust: i64 = 0;
    let mut digits = 0;
    let mut seen_point = false;
    while j < b.len() {
        let c = b[j];
        if c == b'.' && !seen_point {
            seen_point = true;
            j += 1;
            continue;
        }
        let Some(d) = (c as char).to_digit(16) else {
            break;
        };
        digits += 1;
        if mantissa >> 56 == 0 {
            mantissa = (mantissa << 4) | u64::from(d);
            if seen_point {
                exp_adjust -= 4;
            }
        } else {
            sticky |= d != 0;
            if !seen_point {
                exp_adjust += 4;
            }
        }
        j += 1;
    }
    if digits == 0 || j >= b.len() || (b[j] != b'p' && b[j] != b'P') {
        return None;
    }
    j += 1;
    let mut exp_negative = false;
    if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
        exp_negative = b[j] == b'-';
        j += 1;
    }
    let d0 = j;
    let mut exp: i64 = 0;
    while j < b.len() && b[j].is_ascii_digit() {
        exp = (exp * 10 + i64::from(b[j] - b'0')).min(1 << 40);
        j += 1;
    }
    if j == d0 {
        return None;
    }
    match &b[j..] {
        [] | [b'f' | b'F' | b'd' | b'D'] => {}
        _ => return None,
    }
    if exp_negative {
        exp = -exp;
    }
    if mantissa == 0 {
        return Some(0.0);
    }
    // value = mantissa * 2^(exp + exp_adjust), plus a sticky remainder.
    let e2 = exp + exp_adjust;
    let top = 63 - i64::from(mantissa.leading_zeros()); // index of the highest set bit
    let unbiased = top + e2; // value in [2^unbiased, 2^(unbiased+1))
    if unbiased > 127 {
        return Some(f32::INFINITY);
    }
    // Number of mantissa bits kept: 24 for normals, fewer for subnormals (min exponent -126, 23 fraction bits).
    let keep = if unbiased >= -126 {
        24
    } else {
        24 - (-126 - unbiased)
    };
    if keep <= 0 {
        // Below half the smallest subnormal or exactly representable as 0 / smallest subnormal.
        let half_ulp_exp = -150; // 2^-149 is the smallest subnormal
        if keep == 0 && unbiased == half_ulp_exp {
            // Exactly at or above half of 2^-149: round half to even (0) unless more bits.
            let exact_half = mantissa.is_power_of_two() && !sticky;
            return Some(if exact_half { 0.0 } else { f32::from_bits(1) });
        }
        return Some(0.0);
    }
    let shift = top + 1 - keep; // bits to drop
    let (kept, round_up) = if shift <= 0 {
        (mantissa << (-shift) as u32, false)
    } else {
        let shift = shift as u32;
        let kept = mantissa >> shift;
        let rem = mantissa & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        (
            kept,
            rem > half || (rem == half && (sticky || kept & 1 == 1)),
        )
    };
    let kept = kept + u64::from(round_up);
    // value = kept * 2^(e2 + shift): exact in f64 (kept has at most 25 bits), then exact or overflowing in f32.
    let v = (kept as f64) * pow2(e2 + shift);
    Some(v as f32)
}

fn pow2(e: i64) -> f64 {
    // 2^e for e in a range where the product with a <= 25-bit integer stays exact or saturates like f32 would.
    let e = e.clamp(-1100, 1100) as i32;
    let mut v = 1.0f64;
    let mut k = e.unsigned_abs();
    let mut base: f64 = if e < 0 { 0.5 } else { 2.0 };
    while k > 0 {
        if k & 1 == 1 {
            v *= base;
        }
        base *= base;
        k >>= 1;
    }
    v
}

/// Java's `(int) f`: NaN is 0, out-of-range values saturate, the rest truncate toward zero.
pub fn float_to_int(f: f32) -> i32 {
    // Rust's `as` has exactly these semantics.
    f as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(discard_escape_char(r"a\:b").as_deref(), Ok("a:b"));
        assert_eq!(discard_escape_char(r"\u0041\u00e9").as_deref(), Ok("Aé"));
        assert_eq!(discard_escape_char(r"\uD83D\uDE00").as_deref(), Ok("😀"));
        assert_eq!(discard_escape_char(r"\uD83D").as_deref(), Ok("\u{fffd}"));
        assert_eq!(
            discard_escape_char(r"\u00"),
            Err(EscapeError::TruncatedUnicode)
        );
        assert_eq!(
            discard_escape_char(r"\u00g0"),
            Err(EscapeError::NonHex('g'))
        );
        assert_eq!(discard_escape_char(r"a\"), Err(EscapeError::TrailingEscape));
        assert_eq!(discard_escape_char(r"\\"), Ok(String::from("\\")));
    }

    #[test]
    fn floats() {
        let p = |s: &str| parse_float(s).map(float_to_int);
        assert_eq!(p("2"), Some(2));
        assert_eq!(p("2.9"), Some(2));
        assert_eq!(p(" 3 "), Some(3));
        assert_eq!(p("\u{b}3"), Some(3));
        assert_eq!(p(".5"), Some(0));
        assert_eq!(p("5."), Some(5));
        assert_eq!(p("."), None);
        assert_eq!(p("1e1"), Some(10));
        assert_eq!(p("1e"), None);
        assert_eq!(p("1e+2f"), Some(100));
        assert_eq!(p("2d"), Some(2));
        assert_eq!(p("2dd"), None);
        assert_eq!(p("-2"), Some(-2));
        assert_eq!(p("+2"), Some(2));
        assert_eq!(p("NaN"), Some(0));
        assert_eq!(p("-Infinity"), Some(i32::MIN));
        assert_eq!(p("Infinity"), Some(i32::MAX));
        assert_eq!(p("1e99999999999"), Some(i32::MAX));
        assert_eq!(p("0x10p0"), Some(16));
        assert_eq!(p("0x1.8p1"), Some(3));
        assert_eq!(p("0x.8p1"), Some(1));
        assert_eq!(p("0xp1"), None);
        assert_eq!(p("0x1"), None);
        assert_eq!(p("0x1000001p0"), Some(16777216));
        assert_eq!(p("0x1000003p0"), Some(16777220));
        assert_eq!(p("16777217"), Some(16777216));
        assert_eq!(p("AUTO"), None);
        assert_eq!(p(""), None);
        assert_eq!(parse_float("0x1p-149"), Some(f32::from_bits(1)));
        assert_eq!(parse_float("0x1p-150"), Some(0.0));
        assert_eq!(parse_float("0x1.1p-150"), Some(f32::from_bits(1)));
        assert_eq!(parse_float("0x1p128"), Some(f32::INFINITY));
    }
}
