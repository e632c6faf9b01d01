//! Port of Lucene 8.8's `StandardTokenizerImpl.getNextToken` (a JFlex 1.7 scanner for the UAX #29 word-break
//! rules) and of `StandardTokenizer.incrementToken`, driven by the DFA tables extracted from the jar.
//!
//! The key decision is to reproduce Lucene's *buffer*, not just its grammar. Lucene patches the JFlex skeleton so
//! that the scan buffer never grows: it holds `maxTokenLength` = 255 UTF-16 units, and when a scan reaches the end
//! of a full buffer whose first unit is the token start, the refill reports end of input. So each token is the
//! longest match within the 255 units that follow its start (254 when unit 255 would be the low half of a
//! surrogate pair: Lucene holds a trailing high surrogate back). A 300-letter word therefore gives a 255-unit token
//! and a 45-unit token, and `StandardTokenizer`'s "skip tokens longer than maxTokenLength" branch never fires
//! (it is kept for fidelity).

use super::chars::std_class;
use super::tables::{STD_ACTION, STD_ATTRIBUTE, STD_BUFFER_SIZE, STD_TRANS};
use super::TokenType;

/// One token of the scanner: byte and UTF-16 ranges of the raw (not lower-cased) text, and its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RawToken {
    pub byte_start: usize,
    pub byte_end: usize,
    pub start: u32,
    pub end: u32,
    pub token_type: TokenType,
    /// Position increment (1 + over-long tokens skipped before this one).
    pub increment: u32,
}

/// `StandardTokenizer` over a string: an iterator of [`RawToken`]s.
pub(super) struct StandardScanner<'a> {
    text: &'a str,
    /// Byte offset of the next scan (Java's `zzMarkedPos`).
    pos: usize,
    /// The same position in UTF-16 units (Java's `yychar` after the last token).
    pos16: u32,
}

impl<'a> StandardScanner<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        StandardScanner {
            text,
            pos: 0,
            pos16: 0,
        }
    }

    /// `getNextToken`: the next match of any rule, including the "ignore" rule (action 1) for everything that is
    /// not part of a word. Returns the end of the match and its action; `None` at the end of the text.
    fn next_match(&self) -> Option<(usize, u32, u8)> {
        let rest = self.text.get(self.pos..).filter(|r| !r.is_empty())?;
        let limit = self.pos16.saturating_add(STD_BUFFER_SIZE);
        let mut state = 0usize;
        // ZZ_ATTRIBUTE[0] has no accepting bit: no empty match.
        let mut action: Option<u8> = None;
        let (mut marked, mut marked16) = (self.pos, self.pos16);
        let mut cur16 = self.pos16;
        for (i, c) in rest.char_indices() {
            let width = c.len_utf16() as u32;
            if cur16 + width > limit {
                break; // the end of Lucene's full buffer: treated as end of input for this token
            }
            cur16 += width;
            let next = STD_TRANS
                .get(state)
                .and_then(|row| row.get(std_class(c as u32)))
                .copied()
                .unwrap_or(-1);
            let Ok(next) = usize::try_from(next) else {
                break;
            };
            state = next;
            let attributes = STD_ATTRIBUTE.get(state).copied().unwrap_or(0);
            if attributes & 1 == 1 {
                action = STD_ACTION.get(state).copied();
                marked = self.pos + i + c.len_utf8();
                marked16 = cur16;
                if attributes & 8 == 8 {
                    break;
                }
            }
        }
        match action {
            Some(action) if marked > self.pos => Some((marked, marked16, action)),
            _ => {
                // Lucene would throw (zzScanError); cannot happen with these tables, as every code point
                // matches at least the one-character "ignore" rule. Stay total: skip one code point.
                let c = rest.chars().next()?;
                Some((
                    self.pos + c.len_utf8(),
                    self.pos16 + c.len_utf16() as u32,
                    1,
                ))
            }
        }
    }
}

impl Iterator for StandardScanner<'_> {
    type Item = RawToken;

    /// `StandardTokenizer.incrementToken`.
    fn next(&mut self) -> Option<RawToken> {
        let mut skipped = 0u32;
        loop {
            let (byte_start, start) = (self.pos, self.pos16);
            let (byte_end, end, action) = self.next_match()?;
            self.pos = byte_end;
            self.pos16 = end;
            let token_type = match action {
                2 => TokenType::Emoji,
                3 => TokenType::Alphanum,
                4 => TokenType::Hangul,
                5 => TokenType::Num,
                6 => TokenType::Katakana,
                7 => TokenType::Ideographic,
                8 => TokenType::Hiragana,
                9 => TokenType::SoutheastAsian,
                _ => continue, // 1: not numeric, word, ideographic, hiragana, emoji or SE Asian: ignore it
            };
            if end - start > STD_BUFFER_SIZE {
                // Unreachable with the fixed-size buffer (see the module doc), as in Lucene.
                skipped = skipped.saturating_add(1);
                continue;
            }
            return Some(RawToken {
                byte_start,
                byte_end,
                start,
                end,
                token_type,
                increment: skipped + 1,
            });
        }
    }
}
