//! Per-code-point lookups into the generated tables: the standard tokenizer's character classes, Java's
//! `Character.toLowerCase(int)` and `Character.isLetter(int)` (JDK 17, Unicode 13), and Lucene's ASCII folding.
//!
//! Every lookup is total: an index outside a table (impossible with the generated tables, which the tests decode
//! over all code points) falls back to "no class / unchanged / not a letter" instead of panicking.

use super::tables::{
    CMAP_LEAF_BITS, CMAP_TOP_SHIFT, FOLD_INDEX, FOLD_KEYS, FOLD_TEXTS, LETTER_BOUNDS_BMP,
    LETTER_BOUNDS_SUPP, LOWER_DELTA, LOWER_LEN, LOWER_START, STD_CMAP_LATIN1, STD_CMAP_LEAF,
    STD_CMAP_MID, STD_CMAP_TOP,
};

const CMAP_MID_MASK: u32 = (1 << (CMAP_TOP_SHIFT - CMAP_LEAF_BITS)) - 1;
const CMAP_LEAF_MASK: u32 = (1 << CMAP_LEAF_BITS) - 1;

/// `StandardTokenizerImpl.ZZ_CMAP[cp]`: the scanner's character class of a code point (0..STD_CLASSES).
#[inline]
pub(super) fn std_class(cp: u32) -> usize {
    if let Some(&class) = STD_CMAP_LATIN1.get(cp as usize) {
        return usize::from(class);
    }
    let mid = STD_CMAP_TOP
        .get((cp >> CMAP_TOP_SHIFT) as usize)
        .copied()
        .unwrap_or(0);
    let leaf = STD_CMAP_MID
        .get(usize::from(mid))
        .and_then(|row| row.get(((cp >> CMAP_LEAF_BITS) & CMAP_MID_MASK) as usize))
        .copied()
        .unwrap_or(0);
    let class = STD_CMAP_LEAF
        .get(usize::from(leaf))
        .and_then(|row| row.get((cp & CMAP_LEAF_MASK) as usize))
        .copied()
        .unwrap_or(0);
    usize::from(class)
}

/// Java's `Character.toLowerCase(int)`: the simple (one-to-one) lower-case mapping of JDK 17.
///
/// Differs from Rust's `char::to_lowercase` (full mappings such as `İ` → `i̇`, and a newer Unicode version).
/// No mapping changes the UTF-16 length of a code point (checked by the generator's input test), so Lucene's
/// in-place `LowerCaseFilter` is exactly this function applied per code point.
#[inline]
pub(super) fn to_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let cp = c as u32;
    let i = LOWER_START.partition_point(|&s| s <= cp);
    let Some(i) = i.checked_sub(1) else {
        return c;
    };
    let (Some(&start), Some(&len), Some(&delta)) =
        (LOWER_START.get(i), LOWER_LEN.get(i), LOWER_DELTA.get(i))
    else {
        return c;
    };
    let stride = if len & 0x80 != 0 { 2 } else { 1 };
    let offset = cp - start;
    if offset < u32::from(len & 0x7f) * stride && offset % stride == 0 {
        char::from_u32(cp.wrapping_add_signed(delta)).unwrap_or(c)
    } else {
        c
    }
}

/// Java's `Character.isLetter(int)` (JDK 17): general category Lu, Ll, Lt, Lm or Lo.
#[inline]
pub(super) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    let cp = c as u32;
    match u16::try_from(cp) {
        Ok(cp) => LETTER_BOUNDS_BMP.partition_point(|&b| b <= cp) % 2 == 1,
        Err(_) => LETTER_BOUNDS_SUPP.partition_point(|&b| b <= cp) % 2 == 1,
    }
}

/// `ASCIIFoldingFilter.foldToASCII` for one UTF-16 unit: the ASCII text (1 to 4 bytes, zero-padded,
/// little-endian in a `u32`) a BMP code point folds to, or `None` when Lucene leaves it unchanged (all ASCII,
/// all supplementary code points, whose surrogates Lucene copies as they are, and every unlisted BMP one).
#[inline]
pub(super) fn fold(c: char) -> Option<u32> {
    let cp = u16::try_from(c as u32).ok()?;
    if cp < 0x80 {
        return None;
    }
    let i = FOLD_KEYS.binary_search(&cp).ok()?;
    FOLD_TEXTS.get(usize::from(*FOLD_INDEX.get(i)?)).copied()
}

/// Appends the folded text packed by [`fold`] to `out`.
#[inline]
pub(super) fn push_folded(mut packed: u32, out: &mut String) {
    while packed != 0 {
        // Every packed byte is ASCII (the generator checks it), so it is a whole `char`.
        out.push(char::from((packed & 0x7f) as u8));
        packed >>= 8;
    }
}
