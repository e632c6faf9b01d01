//! Java/ES number parsing as the field types use it on query text (`Float.parseFloat`,
//! `Double.parseDouble`, ES `Numbers.toLong` with coercion), so that lenient type errors and range
//! bounds behave as in ES.

/// Java's `String.trim()`: strips code points ≤ U+0020 at both ends.
fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

/// The decimal syntax Java's `FloatingDecimal` accepts (without hex floats): `[+-]?(NaN|Infinity|
/// (digits[.digits?]|.digits)([eE][+-]?digits)?[fFdD]?)`, surrounding whitespace trimmed. Returns the
/// cleaned decimal text for Rust's parser.
fn java_decimal(s: &str) -> Option<String> {
    let t = java_trim(s);
    let (sign, body) = match t.as_bytes().first() {
        Some(b'+') => ("", &t[1..]),
        Some(b'-') => ("-", &t[1..]),
        _ => ("", t),
    };
    if body == "NaN" {
        return Some("NaN".into());
    }
    if body == "Infinity" {
        return Some(format!("{sign}inf"));
    }
    let body = body.strip_suffix(['f', 'F', 'd', 'D']).unwrap_or(body);
    let b = body.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let fs = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - fs;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let es = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == es {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    Some(format!("{sign}{body}"))
}

/// `Float.parseFloat`.
pub fn java_parse_float(s: &str) -> Option<f32> {
    java_decimal(s)?.parse::<f32>().ok()
}

/// `Double.parseDouble`.
pub fn java_parse_double(s: &str) -> Option<f64> {
    java_decimal(s)?.parse::<f64>().ok()
}

/// `Double.parseDouble(s) % 1 != 0` (`None`: not a number, a lenient type error).
pub fn has_decimal_part(s: &str) -> Option<bool> {
    let d = java_parse_double(s)?;
    Some(d % 1.0 != 0.0)
}

/// The sign of `Double.parseDouble(s)`.
pub fn signum(s: &str) -> Option<i32> {
    let d = java_parse_double(s)?;
    Some(if d > 0.0 {
        1
    } else if d < 0.0 {
        -1
    } else {
        0
    })
}

/// ES `Numbers.toLong(s, coerce=true)` (then the integer range check for `integer` fields):
/// `Long.parseLong`, else a `BigDecimal` truncated toward zero; `None` when out of range or not a number.
pub fn to_long(s: &str, int_range: bool) -> Option<i64> {
    let v = parse_long(s).or_else(|| big_decimal_to_long(s))?;
    if int_range && (v < i32::MIN as i64 || v > i32::MAX as i64) {
        return None;
    }
    Some(v)
}

fn parse_long(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// `new BigDecimal(s).toBigInteger()` with a 63-bit range check.
fn big_decimal_to_long(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let (mant, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], body[i + 1..].parse::<i64>().ok()?),
        None => (body, 0),
    };
    let (int, frac) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    if int.len() + frac.len() == 0 || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The integer digits after shifting the decimal point by `exp`.
    let all: String = format!("{int}{frac}");
    let point = int.len() as i64 + exp;
    let int_digits: String = if point <= 0 {
        String::new()
    } else if point as usize >= all.len() {
        if point > 40 {
            return None;
        }
        format!("{all}{}", "0".repeat(point as usize - all.len()))
    } else {
        all[..point as usize].to_owned()
    };
    let trimmed = int_digits.trim_start_matches('0');
    if trimmed.len() > 19 {
        return None;
    }
    let mag: u128 = if trimmed.is_empty() {
        0
    } else {
        trimmed.parse().ok()?
    };
    if neg {
        if mag > i64::MAX as u128 + 1 {
            return None;
        }
        Some((-(mag as i128)) as i64)
    } else {
        if mag > i64::MAX as u128 {
            return None;
        }
        Some(mag as i64)
    }
}

/// `Math.nextUp(float)`.
pub fn next_up(v: f32) -> f32 {
    if v.is_nan() || v == f32::INFINITY {
        return v;
    }
    if v == 0.0 {
        return f32::from_bits(1);
    }
    let b = v.to_bits();
    f32::from_bits(if v > 0.0 { b + 1 } else { b - 1 })
}

/// `Math.nextDown(float)`.
pub fn next_down(v: f32) -> f32 {
    -next_up(-v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_floats() {
        assert_eq!(java_parse_float("1.5"), Some(1.5));
        assert_eq!(java_parse_float(" 2f "), Some(2.0));
        assert_eq!(java_parse_float(".5"), Some(0.5));
        assert_eq!(java_parse_float("5."), Some(5.0));
        assert_eq!(java_parse_float("1e3"), Some(1000.0));
        assert_eq!(java_parse_float("inf"), None);
        assert_eq!(java_parse_float("abc"), None);
        assert!(java_parse_float("NaN").is_some_and(f32::is_nan));
    }

    #[test]
    fn longs() {
        assert_eq!(to_long("42", false), Some(42));
        assert_eq!(to_long("+42", false), Some(42));
        assert_eq!(to_long("4.9", false), Some(4));
        assert_eq!(to_long("-4.9", false), Some(-4));
        assert_eq!(to_long("1e3", false), Some(1000));
        assert_eq!(to_long("99999999999999999999", false), None);
        assert_eq!(to_long("3000000000", true), None);
        assert_eq!(to_long(" 5", false), None);
        assert_eq!(has_decimal_part("5.0"), Some(false));
        assert_eq!(has_decimal_part("5.5"), Some(true));
    }
}
