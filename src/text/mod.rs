//! Text analysis exactly as Lucene 8.7/8.8 runs it for the v1 index (spec §3.3, §4.5).
//!
//! TEMPORARY SHIM: a naive tokenizer with the agreed API, so the index and engine can be developed while
//! the Lucene-exact implementation is written on its own branch. Replaced wholesale by that branch.

use core::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Analyzer {
    Standard,
    Simple,
    StringLowercase,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType {
    Alphanum,
    Num,
    SoutheastAsian,
    Ideographic,
    Hiragana,
    Katakana,
    Hangul,
    Emoji,
    Word,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub term: Range<u32>,
    pub position: u32,
    pub start: u32,
    pub end: u32,
    pub token_type: TokenType,
    pub synonym: bool,
}

#[derive(Default)]
pub struct Analysis {
    terms: String,
    tokens: Vec<Token>,
}

impl Analysis {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn run(&mut self, a: Analyzer, text: &str) {
        self.terms.clear();
        self.tokens.clear();
        let mut pos = 0u32;
        let simple = a == Analyzer::Simple;
        let is_tok = |c: char| if simple { c.is_alphabetic() } else { c.is_alphanumeric() };
        let mut cur = String::new();
        let flush = |cur: &mut String, this: &mut Self, pos: &mut u32| {
            if cur.is_empty() {
                return;
            }
            let s = this.terms.len() as u32;
            this.terms.push_str(cur);
            let e = this.terms.len() as u32;
            this.tokens.push(Token { term: s..e, position: *pos, start: 0, end: 0, token_type: TokenType::Alphanum, synonym: false });
            if a == Analyzer::StringLowercase {
                let mut f = String::new();
                if fold_to_ascii(cur, &mut f) {
                    let s = this.terms.len() as u32;
                    this.terms.push_str(&f);
                    let e = this.terms.len() as u32;
                    this.tokens.push(Token { term: s..e, position: *pos, start: 0, end: 0, token_type: TokenType::Alphanum, synonym: true });
                }
            }
            *pos += 1;
            cur.clear();
        };
        for c in text.chars() {
            if is_tok(c) {
                for l in c.to_lowercase() {
                    cur.push(l);
                }
            } else {
                flush(&mut cur, self, &mut pos);
            }
        }
        flush(&mut cur, self, &mut pos);
    }
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }
    pub fn term(&self, t: &Token) -> &str {
        self.terms.get(t.term.start as usize..t.term.end as usize).unwrap_or("")
    }
}

pub fn normalize(a: Analyzer, term: &str, out: &mut String) {
    out.clear();
    let mut l = String::new();
    lowercase_java(term, &mut l);
    if a == Analyzer::StringLowercase {
        if !fold_to_ascii(&l, out) {
            out.push_str(&l);
        }
    } else {
        out.push_str(&l);
    }
}

pub fn fold_to_ascii(s: &str, out: &mut String) -> bool {
    out.clear();
    let mut changed = false;
    for c in s.chars() {
        let f = match c {
            'à'..='å' => 'a',
            'è'..='ë' => 'e',
            'ì'..='ï' => 'i',
            'ò'..='ö' => 'o',
            'ù'..='ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            _ => c,
        };
        if f != c {
            changed = true;
        }
        out.push(f);
    }
    changed
}

pub fn lowercase_java(s: &str, out: &mut String) {
    out.clear();
    for c in s.chars() {
        out.extend(c.to_lowercase());
    }
}
