//! Text analysis exactly as Lucene 8.7/8.8 runs it for the v1 index (spec §3.3, §4.5): the standard tokenizer
//! (UAX #29), the letter tokenizer of the `simple` analyzer, lower-casing and ASCII folding, and the
//! normalisation applied to wildcard, prefix, fuzzy and range terms.
//!
//! The key decision: nothing here is re-derived from the Unicode standard. Every table is extracted from the
//! programs ES 7.10 ran, the JFlex DFA of `StandardTokenizerImpl` from the Lucene jar and `Character.toLowerCase`/
//! `isLetter` from JDK 17 (`scripts/lucene/gen-text-tables.sh`), and the scanner is a line-by-line port of
//! Lucene's, fixed 255-unit buffer included. Offsets are UTF-16 units, as Lucene reports them.
//!
//! ```
//! use ror_wasm::text::{Analysis, Analyzer};
//! let mut a = Analysis::new();
//! a.run(Analyzer::StringLowercase, "Universität Würzburg");
//! let terms: Vec<(&str, u32)> = a.tokens().iter().map(|t| (a.term(t), t.position)).collect();
//! assert_eq!(terms, [("universitat", 0), ("universität", 0), ("wurzburg", 1), ("würzburg", 1)]);
//! ```

mod chars;
mod letter;
mod standard;
#[rustfmt::skip]
mod tables;
#[cfg(test)]
mod tests;

use core::ops::Range;

/// The analyzers of the v1 index, as ES 7.10 defines them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Analyzer {
    /// `standard`: StandardTokenizer (max token length 255) + LowerCaseFilter, no stop words.
    Standard,
    /// `simple`: LetterTokenizer + LowerCaseFilter.
    Simple,
    /// `string_lowercase` (the template's custom analyzer): StandardTokenizer + LowerCaseFilter +
    /// ASCIIFoldingFilter with `preserve_original: true`.
    StringLowercase,
}

impl Analyzer {
    /// All analyzers, in declaration order.
    pub const ALL: [Analyzer; 3] = [
        Analyzer::Standard,
        Analyzer::Simple,
        Analyzer::StringLowercase,
    ];

    /// The analyzer's name in the ES mapping.
    pub const fn name(self) -> &'static str {
        match self {
            Analyzer::Standard => "standard",
            Analyzer::Simple => "simple",
            Analyzer::StringLowercase => "string_lowercase",
        }
    }

    /// The analyzer of an ES mapping name (`standard`, `simple`, `string_lowercase`).
    pub fn from_name(name: &str) -> Option<Analyzer> {
        Analyzer::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// Lucene's token types: the standard tokenizer's seven, and `word` for the letter tokenizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenType {
    /// `<ALPHANUM>`: letters and digits (words, `3d`, `ab12`).
    Alphanum,
    /// `<NUM>`: a number (`123`, `1,5`, `1.5`).
    Num,
    /// `<SOUTHEAST_ASIAN>`: a run of Thai, Lao, Myanmar, Khmer … (Line_Break = Complex_Context).
    SoutheastAsian,
    /// `<IDEOGRAPHIC>`: one Han ideograph.
    Ideographic,
    /// `<HIRAGANA>`: one hiragana character.
    Hiragana,
    /// `<KATAKANA>`: a run of katakana.
    Katakana,
    /// `<HANGUL>`: a run of Hangul.
    Hangul,
    /// `<EMOJI>`: an emoji sequence.
    Emoji,
    /// `word`: a letter run of the letter tokenizer (`simple` analyzer).
    Word,
}

impl TokenType {
    /// The type string Lucene puts in the `TypeAttribute`.
    pub const fn lucene_name(self) -> &'static str {
        match self {
            TokenType::Alphanum => "<ALPHANUM>",
            TokenType::Num => "<NUM>",
            TokenType::SoutheastAsian => "<SOUTHEAST_ASIAN>",
            TokenType::Ideographic => "<IDEOGRAPHIC>",
            TokenType::Hiragana => "<HIRAGANA>",
            TokenType::Katakana => "<KATAKANA>",
            TokenType::Hangul => "<HANGUL>",
            TokenType::Emoji => "<EMOJI>",
            TokenType::Word => "word",
        }
    }
}

/// One token of an [`Analysis`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the term in the analysis' term buffer; read it with [`Analysis::term`].
    pub term: Range<u32>,
    /// Position, counting from 0 (a synonym shares its predecessor's position).
    pub position: u32,
    /// Start offset in the analysed text, in UTF-16 units (as Lucene).
    pub start: u32,
    /// End offset (exclusive), in UTF-16 units.
    pub end: u32,
    /// The token type.
    pub token_type: TokenType,
    /// Position increment 0: the twin of the previous token. With `string_lowercase`, a token that folding
    /// changes comes out twice, as Lucene emits it: first the folded term (`universitat`), then this synonym
    /// holding the original lower-cased term (`universität`), same position, offsets and type.
    pub synonym: bool,
}

/// Bytes of lookup tables this module adds to a build (DFA, character classes, lower case, letters, folding).
pub const TABLE_BYTES: usize = tables::TABLE_BYTES;

/// Lucene's input limit is a Java string (2³¹ − 1 UTF-16 units); ours keeps every offset and term range in `u32`
/// even with folding's growth. Text beyond this many bytes (rounded down to a character boundary) is ignored.
pub const MAX_TEXT_BYTES: usize = 1 << 30;

/// Reusable buffers for analysing one value at a time: `run` clears and refills them, so a long-lived
/// `Analysis` allocates only while its buffers grow.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    tokens: Vec<Token>,
    terms: String,
}

impl Analysis {
    /// Empty buffers.
    pub fn new() -> Self {
        Analysis::default()
    }

    /// Analyses `text` (one field value) with `analyzer`, replacing the previous tokens.
    pub fn run(&mut self, analyzer: Analyzer, text: &str) {
        self.tokens.clear();
        self.terms.clear();
        let text = truncate(text);
        match analyzer {
            Analyzer::Standard | Analyzer::StringLowercase => {
                let fold = analyzer == Analyzer::StringLowercase;
                let mut position: Option<u32> = None;
                for raw in standard::StandardScanner::new(text) {
                    let pos = position.map_or(raw.increment - 1, |p| p + raw.increment);
                    position = Some(pos);
                    let source = text.get(raw.byte_start..raw.byte_end).unwrap_or("");
                    self.push_term(pos, raw.start, raw.end, raw.token_type, source, fold);
                }
            }
            Analyzer::Simple => {
                for (pos, raw) in (0u32..).zip(letter::LetterScanner::new(text)) {
                    let source = text.get(raw.byte_start..raw.byte_end).unwrap_or("");
                    self.push_term(pos, raw.start, raw.end, TokenType::Word, source, false);
                }
            }
        }
    }

    /// LowerCaseFilter, then (for `string_lowercase`) ASCIIFoldingFilter with preserve_original.
    fn push_term(
        &mut self,
        position: u32,
        start: u32,
        end: u32,
        token_type: TokenType,
        source: &str,
        fold: bool,
    ) {
        let lower_start = self.terms.len();
        push_lowercase(source, &mut self.terms);
        let lower_end = self.terms.len();
        let lower = lower_start as u32..lower_end as u32;
        // Folding the lower-cased term = folding each lower-cased code point of the source.
        if fold && !source.is_ascii() && push_lower_folded(source, &mut self.terms) {
            let folded = lower_end as u32..self.terms.len() as u32;
            self.tokens.push(Token {
                term: folded,
                position,
                start,
                end,
                token_type,
                synonym: false,
            });
            self.tokens.push(Token {
                term: lower,
                position,
                start,
                end,
                token_type,
                synonym: true,
            });
            return;
        }
        self.terms.truncate(lower_end);
        self.tokens.push(Token {
            term: lower,
            position,
            start,
            end,
            token_type,
            synonym: false,
        });
    }

    /// The tokens of the last [`run`](Analysis::run), in Lucene's order.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The term of a token of this analysis (`""` for a token that does not belong to it).
    pub fn term(&self, token: &Token) -> &str {
        self.terms
            .get(token.term.start as usize..token.term.end as usize)
            .unwrap_or("")
    }

    /// The tokens with their terms.
    pub fn iter(&self) -> impl Iterator<Item = (&Token, &str)> + '_ {
        self.tokens.iter().map(move |t| (t, self.term(t)))
    }
}

/// `Analyzer.normalize`: what ES does to a wildcard, prefix, fuzzy or range term of a text field: the
/// analyzer's normalising filters on the whole term, without tokenizing. Lower-cases (Java's per-code-point
/// mapping) and, for `string_lowercase`, folds to ASCII *without* keeping the original. Replaces `out`.
pub fn normalize(analyzer: Analyzer, term: &str, out: &mut String) {
    let term = truncate(term);
    out.clear();
    if analyzer == Analyzer::StringLowercase {
        push_lower_folded(term, out);
    } else {
        push_lowercase(term, out);
    }
}

/// Lucene's `ASCIIFoldingFilter.foldToASCII` over a whole string: replaces `out` with the folded text and returns
/// whether anything changed. The mapping is Lucene's table (ß → ss, æ → ae, ø → o, ł → l, ⑽ → (10) …), applied
/// per UTF-16 unit, so supplementary characters are never folded.
pub fn fold_to_ascii(s: &str, out: &mut String) -> bool {
    out.clear();
    push_folded(truncate(s), out)
}

/// Java's `Character.toLowerCase(int)` per code point (what Lucene's `LowerCaseFilter` does); replaces `out`.
pub fn lowercase_java(s: &str, out: &mut String) {
    out.clear();
    push_lowercase(truncate(s), out);
}

fn truncate(text: &str) -> &str {
    if text.len() <= MAX_TEXT_BYTES {
        return text;
    }
    let mut end = MAX_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

fn push_lowercase(s: &str, out: &mut String) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        if let Some(pushed) = out.get_mut(start..) {
            pushed.make_ascii_lowercase();
        }
        return;
    }
    out.reserve(s.len());
    for c in s.chars() {
        out.push(chars::to_lower(c));
    }
}

/// Appends the folded `s` to `out`; true if folding changed anything.
fn push_folded(s: &str, out: &mut String) -> bool {
    push_mapped_folded(s, out, |c| c)
}

/// Appends the folded lower-cased `s` to `out`; true if folding changed anything (lower-casing alone does not
/// count: `K` (Kelvin sign) → `k` is not a fold, so Lucene keeps one token).
fn push_lower_folded(s: &str, out: &mut String) -> bool {
    push_mapped_folded(s, out, chars::to_lower)
}

fn push_mapped_folded(s: &str, out: &mut String, map: impl Fn(char) -> char) -> bool {
    out.reserve(s.len());
    let mut changed = false;
    for c in s.chars().map(map) {
        match chars::fold(c) {
            Some(packed) => {
                chars::push_folded(packed, out);
                changed = true;
            }
            None => out.push(c),
        }
    }
    changed
}
