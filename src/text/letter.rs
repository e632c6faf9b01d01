//! Port of Lucene 8.8's `LetterTokenizer` (`CharTokenizer` with `Character.isLetter`): a token is a maximal run
//! of letters, cut after the code point that brings it to 255 UTF-16 units or more (`CharTokenizer`'s
//! `maxTokenLen`; a supplementary letter can make it 256). The next token starts right after the cut.

use super::chars::is_letter;

/// Maximum token length of `CharTokenizer` (`DEFAULT_MAX_WORD_LEN`), in UTF-16 units.
const MAX_TOKEN_LEN: u32 = 255;

/// One letter run: byte and UTF-16 ranges of the raw text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct LetterToken {
    pub byte_start: usize,
    pub byte_end: usize,
    pub start: u32,
    pub end: u32,
}

/// `LetterTokenizer` over a string: an iterator of [`LetterToken`]s.
pub(super) struct LetterScanner<'a> {
    text: &'a str,
    pos: usize,
    pos16: u32,
}

impl<'a> LetterScanner<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        LetterScanner {
            text,
            pos: 0,
            pos16: 0,
        }
    }
}

impl Iterator for LetterScanner<'_> {
    type Item = LetterToken;

    fn next(&mut self) -> Option<LetterToken> {
        let rest = self.text.get(self.pos..)?;
        let mut token: Option<LetterToken> = None;
        let mut pos = self.pos;
        let mut pos16 = self.pos16;
        for c in rest.chars() {
            let (next, next16) = (pos + c.len_utf8(), pos16 + c.len_utf16() as u32);
            if is_letter(c) {
                let t = token.get_or_insert(LetterToken {
                    byte_start: pos,
                    byte_end: pos,
                    start: pos16,
                    end: pos16,
                });
                t.byte_end = next;
                t.end = next16;
                if t.end - t.start >= MAX_TOKEN_LEN {
                    pos = next;
                    pos16 = next16;
                    break;
                }
            } else if token.is_some() {
                // The non-letter that ends a token is consumed (Lucene reads past it too).
                pos = next;
                pos16 = next16;
                break;
            }
            pos = next;
            pos16 = next16;
        }
        self.pos = pos;
        self.pos16 = pos16;
        token
    }
}
