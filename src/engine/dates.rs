//! Dates of the `established` field as ES 7 parsed them: format `strict_date_optional_time||epoch_millis`
//! in UTC, ES's filling of missing components for range bounds (month and day 01; a bound parsed with
//! `round_up` gets the time 23:59:59.999), and date math (`now`, `<date>||+1y/d`, …).
//!
//! `now` comes from the caller: the engine never reads a clock.

/// Milliseconds since the epoch, or `None` where ES could not parse the text.
pub fn parse_to_millis(text: &str, round_up: bool, now_ms: i64) -> Option<i64> {
    if let Some(math) = text.strip_prefix("now") {
        return apply_math(now_ms, math, round_up);
    }
    match text.find("||") {
        None => parse_date(text, round_up),
        Some(i) => {
            let (date, math) = (&text[..i], &text[i + 2..]);
            if math.is_empty() {
                return parse_date(date, round_up);
            }
            apply_math(parse_date(date, false)?, math, round_up)
        }
    }
}

/// The epoch milliseconds ES indexed for a JSON integer `established` value (the number's text parsed
/// with the date format: 4-digit years are years, other numbers epoch milliseconds).
pub fn indexed_millis(year: i64) -> Option<i64> {
    parse_date(&year.to_string(), false)
}

fn parse_date(text: &str, round_up: bool) -> Option<i64> {
    if let Some(ms) = parse_strict(text, round_up) {
        return Some(ms);
    }
    parse_epoch(text)
}

/// `(-?\d+)(\.\d{1,6})?` → the integer part.
fn parse_epoch(text: &str) -> Option<i64> {
    let (int, frac) = match text.find('.') {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let digits = int.strip_prefix('-').unwrap_or(int);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = frac {
        if f.is_empty() || f.len() > 6 || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    int.parse::<i64>().ok()
}

fn digits(s: &[u8], at: usize, n: usize) -> Option<u32> {
    let d = s.get(at..at + n)?;
    if !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(d.iter().fold(0u32, |a, &b| a * 10 + (b - b'0') as u32))
}

/// `yyyy[-MM[-dd]][T[HH[:mm[:ss[.fraction]]]][Z|±HH[:]mm]]`
fn parse_strict(text: &str, round_up: bool) -> Option<i64> {
    let s = text.as_bytes();
    let year = digits(s, 0, 4)? as i64;
    let mut at = 4;
    let mut month = None;
    let mut day = None;
    if s.get(at) == Some(&b'-') {
        month = Some(digits(s, at + 1, 2)?);
        at += 3;
        if s.get(at) == Some(&b'-') {
            day = Some(digits(s, at + 1, 2)?);
            at += 3;
        }
    }
    let (mut hour, mut minute, mut second, mut nanos) = (None, None, None, None);
    let mut offset_s: i64 = 0;
    if s.get(at) == Some(&b'T') {
        at += 1;
        if let Some(h) = digits(s, at, 2) {
            hour = Some(h);
            at += 2;
            if s.get(at) == Some(&b':') {
                minute = Some(digits(s, at + 1, 2)?);
                at += 3;
                if s.get(at) == Some(&b':') {
                    second = Some(digits(s, at + 1, 2)?);
                    at += 3;
                    if matches!(s.get(at), Some(b'.') | Some(b',')) {
                        let start = at + 1;
                        let mut end = start;
                        while end < s.len() && s[end].is_ascii_digit() && end - start < 9 {
                            end += 1;
                        }
                        if end == start {
                            return None;
                        }
                        let mut frac = digits(s, start, end - start)? as i64;
                        for _ in (end - start)..9 {
                            frac *= 10;
                        }
                        nanos = Some(frac);
                        at = end;
                    }
                }
            }
        }
        match s.get(at) {
            Some(b'Z') => at += 1,
            Some(&c @ (b'+' | b'-')) => {
                let hh = digits(s, at + 1, 2)? as i64;
                at += 3;
                let mut mm = 0i64;
                if s.get(at) == Some(&b':') {
                    mm = digits(s, at + 1, 2)? as i64;
                    at += 3;
                } else if let Some(m) = digits(s, at, 2) {
                    mm = m as i64;
                    at += 2;
                }
                if hh > 18 || mm > 59 {
                    return None;
                }
                offset_s = (hh * 3600 + mm * 60) * if c == b'-' { -1 } else { 1 };
            }
            _ => {}
        }
    }
    if at != s.len() {
        return None;
    }
    let mo = month.unwrap_or(1);
    let d = day.unwrap_or(1);
    let h = hour.unwrap_or(if round_up { 23 } else { 0 });
    let mi = minute.unwrap_or(if round_up { 59 } else { 0 });
    let se = second.unwrap_or(if round_up { 59 } else { 0 });
    let ns = nanos.unwrap_or(if round_up { 999_999_999 } else { 0 });
    if !(1..=12).contains(&mo)
        || d < 1
        || d > days_in_month(year, mo)
        || h > 23
        || mi > 59
        || se > 59
    {
        return None;
    }
    let days = days_from_civil(year, mo, d);
    let secs = days * 86_400 + (h as i64) * 3600 + (mi as i64) * 60 + se as i64 - offset_s;
    Some(secs * 1000 + ns / 1_000_000)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Adds months the way java.time does (day clamped to the month's length).
fn plus_months(ms: i64, months: i64) -> Option<i64> {
    let days = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let total = y
        .checked_mul(12)?
        .checked_add(m as i64 - 1)?
        .checked_add(months)?;
    let ny = total.div_euclid(12);
    let nm = (total.rem_euclid(12) + 1) as u32;
    let nd = d.min(days_in_month(ny, nm));
    days_from_civil(ny, nm, nd)
        .checked_mul(86_400_000)?
        .checked_add(rest)
}

fn apply_math(mut t: i64, math: &str, round_up: bool) -> Option<i64> {
    let s = math.as_bytes();
    let mut at = 0;
    while at < s.len() {
        match s[at] {
            b'/' => {
                let unit = *s.get(at + 1)?;
                t = round(t, unit, round_up)?;
                at += 2;
            }
            c @ (b'+' | b'-') => {
                at += 1;
                let start = at;
                while at < s.len() && s[at].is_ascii_digit() {
                    at += 1;
                }
                let n: i64 = if at == start {
                    1
                } else {
                    math.get(start..at)?.parse().ok()?
                };
                let n = if c == b'-' { -n } else { n };
                let unit = *s.get(at)?;
                at += 1;
                t = plus(t, unit, n)?;
            }
            _ => return None,
        }
    }
    Some(t)
}

fn plus(t: i64, unit: u8, n: i64) -> Option<i64> {
    let ms = |k: i64| n.checked_mul(k).and_then(|d| t.checked_add(d));
    match unit {
        b'y' => plus_months(t, n.checked_mul(12)?),
        b'M' => plus_months(t, n),
        b'w' => ms(7 * 86_400_000),
        b'd' => ms(86_400_000),
        b'h' | b'H' => ms(3_600_000),
        b'm' => ms(60_000),
        b's' => ms(1000),
        _ => None,
    }
}

fn round(t: i64, unit: u8, round_up: bool) -> Option<i64> {
    let day = 86_400_000i64;
    let (start, next) = match unit {
        b'y' => {
            let (y, _, _) = civil_from_days(t.div_euclid(day));
            let s = days_from_civil(y, 1, 1) * day;
            (s, days_from_civil(y + 1, 1, 1) * day)
        }
        b'M' => {
            let (y, m, _) = civil_from_days(t.div_euclid(day));
            let s = days_from_civil(y, m, 1) * day;
            (s, plus_months(s, 1)?)
        }
        b'w' => {
            let days = t.div_euclid(day);
            // 1970-01-01 was a Thursday; Monday-based weeks.
            let dow = (days + 3).rem_euclid(7);
            let s = (days - dow) * day;
            (s, s + 7 * day)
        }
        b'd' => {
            let s = t.div_euclid(day) * day;
            (s, s + day)
        }
        b'h' | b'H' => {
            let s = t.div_euclid(3_600_000) * 3_600_000;
            (s, s + 3_600_000)
        }
        b'm' => {
            let s = t.div_euclid(60_000) * 60_000;
            (s, s + 60_000)
        }
        b's' => {
            let s = t.div_euclid(1000) * 1000;
            (s, s + 1000)
        }
        _ => return None,
    };
    Some(if round_up { next - 1 } else { start })
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y1996: i64 = 820_454_400_000;

    #[test]
    fn years_and_bounds() {
        assert_eq!(parse_to_millis("1996", false, 0), Some(Y1996));
        assert_eq!(
            parse_to_millis("1996", true, 0),
            Some(Y1996 + 86_400_000 - 1)
        );
        assert_eq!(indexed_millis(1996), Some(Y1996));
        // A 3-digit year is not a strict date: epoch milliseconds.
        assert_eq!(indexed_millis(970), Some(970));
        assert_eq!(parse_to_millis("1996-02-30", false, 0), None);
        assert_eq!(parse_to_millis("foo", false, 0), None);
        assert_eq!(
            parse_to_millis("1996-01-01T00:00:00Z", false, 0),
            Some(Y1996)
        );
        assert_eq!(
            parse_to_millis("1996||+1y", false, 0),
            parse_to_millis("1997", false, 0)
        );
        assert_eq!(parse_to_millis("1996-03-15||/y", false, 0), Some(Y1996));
        assert_eq!(parse_to_millis("now/d", false, Y1996 + 5000), Some(Y1996));
    }

    #[test]
    fn civil_round_trip() {
        for d in [-1_000_000i64, -1, 0, 1, 10_000, 3_000_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
    }
}
