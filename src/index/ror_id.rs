//! ROR identifiers as numbers: `https://ror.org/0` + six Crockford base-32 characters + two check digits
//! (ISO 7064 Mod 97-10 of the number). An index stores such strings as their 30-bit number, in dump order
//! (the dumps are sorted by id, so the deltas are small); the check digits are recomputed. A string that
//! only looks like an id (wrong check digits, upper case) stays an ordinary string, so the coding is
//! lossless for any data.

/// Length of every ROR id URL.
pub const LEN: usize = 25;
const PREFIX: &[u8] = b"https://ror.org/0";
const DIGITS: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

fn check_digits(n: u32) -> u32 {
    98 - ((n as u64 * 100) % 97) as u32
}

/// The number of a canonical ROR id URL, if `s` is one.
pub fn number(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != LEN || !b.starts_with(PREFIX) {
        return None;
    }
    let mut n = 0u32;
    for &c in &b[PREFIX.len()..PREFIX.len() + 6] {
        let d = DIGITS.iter().position(|&x| x == c)? as u32;
        n = n * 32 + d;
    }
    let (t, u) = (b[LEN - 2], b[LEN - 1]);
    if !t.is_ascii_digit() || !u.is_ascii_digit() {
        return None;
    }
    ((t - b'0') as u32 * 10 + (u - b'0') as u32 == check_digits(n)).then_some(n)
}

/// Appends the URL of id number `n` (< 2^30).
pub fn write(n: u32, out: &mut Vec<u8>) {
    out.extend_from_slice(PREFIX);
    for k in (0..6).rev() {
        out.push(DIGITS[((n >> (5 * k)) & 31) as usize]);
    }
    let c = check_digits(n & ((1 << 30) - 1));
    out.push(b'0' + (c / 10) as u8);
    out.push(b'0' + (c % 10) as u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_real_ids_and_refuses_look_alikes() {
        for id in [
            "https://ror.org/03vek6s52",
            "https://ror.org/013meh722",
            "https://ror.org/02feahw73",
            "https://ror.org/00000000z",
        ] {
            match number(id) {
                Some(n) => {
                    let mut out = Vec::new();
                    write(n, &mut out);
                    assert_eq!(out, id.as_bytes());
                }
                None => assert_eq!(id, "https://ror.org/00000000z"),
            }
        }
        assert!(
            number("https://ror.org/03vek6s53").is_none(),
            "wrong check digits"
        );
        assert!(number("https://ror.org/03VEK6S52").is_none(), "upper case");
        assert!(number("https://ror.org/03vek6s5").is_none(), "short");
        assert!(number("http://ror.org/03vek6s52").is_none(), "other prefix");
        assert!(
            number("https://ror.org/13vek6s52").is_none(),
            "no leading zero"
        );
    }
}
