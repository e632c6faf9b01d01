//! Reading records out of JSON text: one record, or the array of a dump one record at a time, v1 or v2
//! (the schema decided by content, as the data README does: `name` + `addresses` is v1, `names` + `admin`
//! is v2), with errors that name the record and the field.

use super::json::{self, ErrorKind, JsonError, Parser, Seg};
use super::model::Record;
use super::{v1, v2};
use std::fmt;

/// The record schema of a dump.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schema {
    /// `ror_schema.json`: what the v1 API indexed and served.
    V1,
    /// `ror_schema_v2_0.json` / `_v2_1.json`: converted with ROR's crosswalk.
    V2,
}

impl fmt::Display for Schema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Schema::V1 => "v1",
            Schema::V2 => "v2",
        })
    }
}

/// A record (or the text around the records) that could not be read. The details are boxed (an error is
/// rare, a `Result` is everywhere); they read as fields through `Deref`: `e.record`, `e.path`, `e.kind`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError(Box<ReadErrorInfo>);

impl std::ops::Deref for ReadError {
    type Target = ReadErrorInfo;

    fn deref(&self) -> &ReadErrorInfo {
        &self.0
    }
}

/// What a [`ReadError`] knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadErrorInfo {
    /// Index of the record in the dump's array; `None` outside any record or for a single record.
    pub record: Option<usize>,
    /// The record's `id`, when it could be found.
    pub id: Option<String>,
    /// From the record down to the failing value, e.g. `addresses`, `[0]`, `lat`.
    pub path: Vec<Seg>,
    /// Byte offset in the JSON text.
    pub offset: usize,
    /// 1-based line and column (bytes) of `offset`.
    pub line: usize,
    pub column: usize,
    pub kind: ErrorKind,
}

impl ReadError {
    fn new(src: &[u8], e: JsonError, record: Option<usize>, id: Option<String>) -> Self {
        let (line, column) = json::line_col(src, e.offset);
        ReadError(Box::new(ReadErrorInfo {
            record,
            id,
            path: e.path(),
            offset: e.offset,
            line,
            column,
            kind: e.kind,
        }))
    }

    /// The path as text: `addresses[0].lat`.
    pub fn path_text(&self) -> String {
        let mut s = String::new();
        let _ = json::fmt_path(&self.path, &mut s);
        s
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.record, &self.id) {
            (Some(i), Some(id)) => write!(f, "record {i} ({id}): ")?,
            (Some(i), None) => write!(f, "record {i}: ")?,
            (None, Some(id)) => write!(f, "record {id}: ")?,
            (None, None) => {}
        }
        if !self.path.is_empty() {
            json::fmt_path(&self.path, f)?;
            f.write_str(": ")?;
        }
        write!(
            f,
            "{} (line {}, column {})",
            self.kind, self.line, self.column
        )
    }
}

impl std::error::Error for ReadError {}

/// Which of the keys that tell the schemas apart a record has.
#[derive(Default)]
struct Markers {
    name: bool,
    addresses: bool,
    names: bool,
    admin: bool,
    locations: bool,
}

impl Markers {
    fn see(&mut self, key: &str) {
        match key {
            "name" => self.name = true,
            "addresses" => self.addresses = true,
            "names" => self.names = true,
            "admin" => self.admin = true,
            "locations" => self.locations = true,
            _ => {}
        }
    }

    /// `name` + `addresses`: v1; `names` + `admin` (or `locations`, for v2 records stripped of `admin`): v2.
    fn schema(&self) -> Option<Schema> {
        if self.name && self.addresses {
            Some(Schema::V1)
        } else if self.names && (self.admin || self.locations) {
            Some(Schema::V2)
        } else {
            None
        }
    }
}

/// Reads the top-level keys of the object at the parser's position (checking it is JSON) and puts the parser
/// back. The error, if any, comes with the markers seen before it.
fn markers_at(p: &mut Parser<'_>) -> (Markers, Result<(), JsonError>) {
    let start = p.pos();
    let mut m = Markers::default();
    let r = p.object(|p, key| {
        m.see(key);
        p.skip()
    });
    p.set_pos(start);
    (m, r)
}

/// The `id` of the record object starting at `start`, if it has a string one before any syntax error.
fn find_id(src: &[u8], start: usize) -> Option<String> {
    let mut p = Parser::new(src);
    p.set_pos(start);
    let mut id = None;
    let _ = p.object(|p, key| {
        if key == "id" {
            if let Ok(s) = p.owned_string() {
                id = Some(s);
                return Err(JsonError::new(0, ErrorKind::Value(String::new()))); // found: stop here
            }
        }
        p.skip()
    });
    id
}

/// Guesses the schema from the first bytes of a dump (which may be cut anywhere): `None` when the first
/// record's keys seen so far do not tell.
pub fn sniff_schema(prefix: &[u8]) -> Option<Schema> {
    let mut p = Parser::new(prefix);
    p.array_start().ok()?;
    if !p.array_next(0).ok()? {
        return None;
    }
    markers_at(&mut p).0.schema()
}

fn read_one<T>(
    json: &[u8],
    read: impl FnOnce(&mut Parser<'_>) -> json::Result<T>,
) -> Result<T, ReadError> {
    let mut p = Parser::new(json);
    let start = p.peek().map(|_| p.pos()).unwrap_or(0);
    read(&mut p)
        .and_then(|r| p.end().map(|_| r))
        .map_err(|e| ReadError::new(json, e, None, find_id(json, start)))
}

/// One v1 record (a JSON object).
pub fn read_v1_record(json: &[u8]) -> Result<Record, ReadError> {
    read_one(json, v1::read_record)
}

/// One v2 record (a JSON object), not yet converted.
pub fn read_v2_record(json: &[u8]) -> Result<v2::V2Record, ReadError> {
    read_one(json, v2::read_record)
}

/// One record of either schema, v2 converted with ROR's crosswalk ([`v2::v2_to_v1`]).
pub fn read_record(json: &[u8]) -> Result<(Schema, Record), ReadError> {
    let mut p = Parser::new(json);
    let schema = match p.peek() {
        Ok(_) => unknown_schema_check(&mut p).map_err(|e| ReadError::new(json, e, None, None))?,
        Err(e) => return Err(ReadError::new(json, e, None, None)),
    };
    let record = match schema {
        Schema::V1 => read_v1_record(json)?,
        Schema::V2 => v2::v2_to_v1(&read_v2_record(json)?),
    };
    Ok((schema, record))
}

/// The schema of the record object at the parser's position, or an error saying why there is none.
fn unknown_schema_check(p: &mut Parser<'_>) -> json::Result<Schema> {
    let at = p.pos();
    let (m, r) = markers_at(p);
    match (m.schema(), r) {
        (Some(s), _) => Ok(s),
        (None, Err(e)) => Err(e),
        (None, Ok(())) => Err(JsonError::new(
            at,
            ErrorKind::Value(
                "neither a v1 record (keys \"name\" and \"addresses\") nor a v2 record (keys \"names\" and \"admin\")"
                    .to_owned(),
            ),
        )),
    }
}

/// Where the JSON text of a dump comes from, a piece at a time (an inflating zip member, say), so that the
/// whole text never has to be in memory: the dump JSON is 146 MB, and wasm memory never shrinks.
pub trait JsonChunks {
    type Error;
    /// Appends the next piece of text to `buf`; `Ok(false)` once there is no more.
    fn fill(&mut self, buf: &mut Vec<u8>) -> Result<bool, Self::Error>;
}

/// No more text: the reader was given all of it.
pub struct NoMore;

impl JsonChunks for NoMore {
    type Error = std::convert::Infallible;

    fn fill(&mut self, _: &mut Vec<u8>) -> Result<bool, Self::Error> {
        Ok(false)
    }
}

/// A failure while reading records from chunks: the text, or the source of the chunks.
#[derive(Debug)]
pub enum ChunkedError<E> {
    Read(ReadError),
    Source(E),
}

impl<E: fmt::Display> fmt::Display for ChunkedError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChunkedError::Read(e) => e.fmt(f),
            ChunkedError::Source(e) => e.fmt(f),
        }
    }
}

impl From<ChunkedError<std::convert::Infallible>> for ReadError {
    fn from(e: ChunkedError<std::convert::Infallible>) -> Self {
        match e {
            ChunkedError::Read(e) => e,
            ChunkedError::Source(never) => match never {},
        }
    }
}

impl<E> From<ReadError> for ChunkedError<E> {
    fn from(e: ReadError) -> Self {
        ChunkedError::Read(e)
    }
}

/// Where a record starts: its index in the array, byte offset, 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordPos {
    pub index: usize,
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for RecordPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "record {} (line {}, column {})",
            self.index, self.line, self.column
        )
    }
}

enum Window<'a> {
    Borrowed(&'a [u8]),
    Owned(Vec<u8>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// The next element starts at `pos` (its separator is consumed).
    Element,
    /// A separator or the closing `]` comes next.
    Separator,
    Done,
}

/// Bytes the window keeps before it is compacted.
const COMPACT_AT: usize = 1 << 20;

/// The records of a dump (a JSON array), read one at a time, from a slice or from chunks; the schema is
/// decided on the first record and every record is read with it. Stops at the first error.
///
/// Each element is first delimited (brackets counted outside strings) and then read with the strict parser,
/// so only one record's text has to be in memory at a time.
pub struct RecordReader<'a, S: JsonChunks = NoMore> {
    win: Window<'a>,
    src: S,
    eof: bool,
    /// Next unread byte of the window.
    pos: usize,
    /// Absolute offset of window byte 0.
    base: usize,
    /// Line/column cursor: the position `lc.0` in the window is at line `lc.1`, column `lc.2`.
    lc: (usize, usize, usize),
    schema: Option<Schema>,
    index: usize,
    state: State,
    last: RecordPos,
}

impl<'a> RecordReader<'a, NoMore> {
    /// Reads the records of `json` (all of the text). An empty array gives a reader with no schema and no
    /// records.
    pub fn new(json: &'a [u8]) -> Result<Self, ReadError> {
        RecordReader::open(Window::Borrowed(json), NoMore).map_err(ReadError::from)
    }
}

impl<S: JsonChunks> RecordReader<'static, S> {
    /// Reads the records of the text `src` hands out.
    pub fn from_chunks(src: S) -> Result<Self, ChunkedError<S::Error>> {
        RecordReader::open(Window::Owned(Vec::new()), src)
    }
}

impl<'a, S: JsonChunks> RecordReader<'a, S> {
    fn open(win: Window<'a>, src: S) -> Result<Self, ChunkedError<S::Error>> {
        let eof = matches!(win, Window::Borrowed(_));
        let mut r = RecordReader {
            win,
            src,
            eof,
            pos: 0,
            base: 0,
            lc: (0, 1, 1),
            schema: None,
            index: 0,
            state: State::Done,
            last: RecordPos {
                index: 0,
                offset: 0,
                line: 1,
                column: 1,
            },
        };
        r.more(3)?;
        if r.window().starts_with(b"\xEF\xBB\xBF") {
            r.pos = 3;
        }
        match r.next_byte()? {
            None => {
                return Err(r
                    .error_at(
                        r.pos,
                        ErrorKind::Syntax("no JSON value (the input is empty)".into()),
                    )
                    .into())
            }
            Some(b'[') => r.pos += 1,
            Some(_) => {
                // Let the parser say what it is.
                let (s, e) = r.delimit()?;
                let got = {
                    let mut p = Parser::new(&r.window()[s..e]);
                    match p.type_error::<()>("a JSON array of records") {
                        Err(e) => e,
                        Ok(()) => {
                            JsonError::new(0, ErrorKind::Syntax("expected a JSON array".into()))
                        }
                    }
                };
                return Err(r.error_at(s + got.offset, got.kind).into());
            }
        }
        match r.next_byte()? {
            Some(b']') => {
                r.pos += 1;
                r.finish()?;
            }
            _ => {
                r.state = State::Element;
                // Decide the schema on the first record, without consuming it.
                let (s, e) = r.delimit()?;
                let mut p = Parser::new(&r.window()[s..e]);
                p.peek().map_err(|e| r.record_error(s, e))?;
                let schema = unknown_schema_check(&mut p).map_err(|e| r.record_error(s, e))?;
                r.schema = Some(schema);
            }
        }
        Ok(r)
    }

    fn window(&self) -> &[u8] {
        match &self.win {
            Window::Borrowed(b) => b,
            Window::Owned(v) => v,
        }
    }

    /// Makes sure `n` bytes from `pos` are in the window, unless the text ends first.
    fn more(&mut self, n: usize) -> Result<(), ChunkedError<S::Error>> {
        while !self.eof && self.window().len() < self.pos + n {
            self.pull()?;
        }
        Ok(())
    }

    /// Appends one chunk.
    fn pull(&mut self) -> Result<(), ChunkedError<S::Error>> {
        if let Window::Owned(v) = &mut self.win {
            if !self.src.fill(v).map_err(ChunkedError::Source)? {
                self.eof = true;
            }
        } else {
            self.eof = true;
        }
        Ok(())
    }

    /// Drops what was read from an owned window (between records only: offsets into it stay valid while a
    /// record is being delimited and read).
    fn compact(&mut self) {
        if self.pos < COMPACT_AT {
            return;
        }
        self.advance_lc(self.pos);
        if let Window::Owned(v) = &mut self.win {
            v.drain(..self.pos);
            self.base += self.pos;
            self.lc.0 = 0;
            self.pos = 0;
        }
    }

    /// Moves the line/column cursor forward to window position `to`.
    fn advance_lc(&mut self, to: usize) {
        let (from, mut line, mut col) = self.lc;
        let to = to.max(from);
        let w = &self.window()[from.min(self.window().len())..to.min(self.window().len())];
        match w.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                line += w.iter().filter(|&&b| b == b'\n').count();
                col = w.len() - last;
            }
            None => col += w.len(),
        }
        self.lc = (to, line, col);
    }

    /// Line and column of window position `at` (at or after the cursor), without moving the cursor.
    fn line_col_at(&self, at: usize) -> (usize, usize) {
        let (from, line, col) = self.lc;
        let w =
            &self.window()[from.min(self.window().len())..at.max(from).min(self.window().len())];
        match w.iter().rposition(|&b| b == b'\n') {
            Some(last) => (
                line + w.iter().filter(|&&b| b == b'\n').count(),
                w.len() - last,
            ),
            None => (line, col + w.len()),
        }
    }

    fn error_at(&self, at: usize, kind: ErrorKind) -> ReadError {
        let (line, column) = self.line_col_at(at);
        ReadError(Box::new(ReadErrorInfo {
            record: None,
            id: None,
            path: Vec::new(),
            offset: self.base + at,
            line,
            column,
            kind,
        }))
    }

    /// An error inside the record whose text starts at window position `s`.
    fn record_error(&self, s: usize, e: JsonError) -> ReadError {
        let id = find_id(self.window(), s);
        let mut err = self.error_at(s + e.offset, e.kind.clone());
        let info = &mut err.0;
        info.record = Some(self.index);
        info.id = id;
        info.path = e.path();
        err
    }

    /// The next byte that is not white space (not consumed), pulling chunks as needed.
    fn next_byte(&mut self) -> Result<Option<u8>, ChunkedError<S::Error>> {
        loop {
            while let Some(&b) = self.window().get(self.pos) {
                if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                    self.pos += 1;
                } else {
                    return Ok(Some(b));
                }
            }
            if self.eof {
                return Ok(None);
            }
            self.pull()?;
        }
    }

    /// The window range of the value starting at `pos`: up to its closing bracket or quote, or for a
    /// number or literal up to the next delimiter; cut short at the end of the text (the parser then says
    /// what is missing).
    fn delimit(&mut self) -> Result<(usize, usize), ChunkedError<S::Error>> {
        #[derive(PartialEq)]
        enum Kind {
            Nested,
            Str,
            Scalar,
        }
        let start = self.pos;
        let kind = match self.window().get(start) {
            Some(b'{' | b'[') => Kind::Nested,
            Some(b'"') => Kind::Str,
            _ => Kind::Scalar,
        };
        let mut i = start;
        let (mut depth, mut in_str, mut esc) = (0usize, false, false);
        loop {
            let w = self.window();
            while let Some(&b) = w.get(i) {
                i += 1;
                if in_str {
                    if esc {
                        esc = false;
                    } else if b == b'\\' {
                        esc = true;
                    } else if b == b'"' {
                        in_str = false;
                        if kind == Kind::Str {
                            return Ok((start, i));
                        }
                    }
                    continue;
                }
                match (&kind, b) {
                    (
                        Kind::Scalar,
                        b',' | b']' | b'}' | b'[' | b'{' | b'"' | b' ' | b'\t' | b'\n' | b'\r',
                    ) => {
                        return Ok((start, i - 1));
                    }
                    (Kind::Scalar, _) => {}
                    (_, b'"') => in_str = true,
                    (_, b'{' | b'[') => depth += 1,
                    (_, b'}' | b']') => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Ok((start, i));
                        }
                    }
                    _ => {}
                }
            }
            if self.eof {
                return Ok((start, i));
            }
            self.pull()?;
        }
    }

    /// After the closing `]`: only white space may follow.
    fn finish(&mut self) -> Result<(), ChunkedError<S::Error>> {
        self.state = State::Done;
        if self.next_byte()?.is_some() {
            let found = self.window()[self.pos];
            let found = if found.is_ascii_graphic() {
                format!("'{}'", found as char)
            } else {
                format!("byte 0x{found:02x}")
            };
            return Err(self
                .error_at(
                    self.pos,
                    ErrorKind::Syntax(format!("expected end of input, found {found}")),
                )
                .into());
        }
        Ok(())
    }

    /// The schema of the records; `None` for an empty array.
    pub fn schema(&self) -> Option<Schema> {
        self.schema
    }

    /// Where the record returned last starts.
    pub fn last_pos(&self) -> RecordPos {
        self.last
    }

    /// Bytes of JSON text read so far.
    pub fn offset(&self) -> usize {
        self.base + self.pos
    }

    /// The chunk source (for its own progress figures).
    pub fn source(&self) -> &S {
        &self.src
    }

    fn next_record(&mut self) -> Result<Option<Record>, ChunkedError<S::Error>> {
        if self.state == State::Separator {
            self.compact();
            match self.next_byte()? {
                Some(b',') => {
                    self.pos += 1;
                    if self.next_byte()? == Some(b']') {
                        return Err(self
                            .error_at(
                                self.pos,
                                ErrorKind::Syntax("expected a value after ',', found ']'".into()),
                            )
                            .into());
                    }
                    self.state = State::Element;
                }
                Some(b']') => {
                    self.pos += 1;
                    self.finish()?;
                    return Ok(None);
                }
                other => {
                    let found = match other {
                        None => "end of input".to_owned(),
                        Some(b) if b.is_ascii_graphic() => format!("'{}'", b as char),
                        Some(b) => format!("byte 0x{b:02x}"),
                    };
                    let msg = format!("expected ',' or ']' after an element, found {found}");
                    return Err(self.error_at(self.pos, ErrorKind::Syntax(msg)).into());
                }
            }
        }
        if self.state == State::Done {
            return Ok(None);
        }
        if self.next_byte()?.is_none() {
            return Err(self
                .error_at(
                    self.pos,
                    ErrorKind::Syntax("expected a value, found end of input".into()),
                )
                .into());
        }
        let (s, e) = self.delimit()?;
        self.advance_lc(s);
        self.last = RecordPos {
            index: self.index,
            offset: self.base + s,
            line: self.lc.1,
            column: self.lc.2,
        };
        let text = &self.window()[s..e];
        let mut p = Parser::new(text);
        let record = match self.schema {
            Some(Schema::V1) => v1::read_record(&mut p),
            Some(Schema::V2) => v2::read_record(&mut p).map(|r| v2::v2_to_v1(&r)),
            None => return Ok(None),
        }
        .and_then(|r| p.end().map(|_| r));
        let record = record.map_err(|e| self.record_error(s, e))?;
        self.pos = e;
        self.index += 1;
        self.state = State::Separator;
        Ok(Some(record))
    }
}

impl<S: JsonChunks> Iterator for RecordReader<'_, S> {
    type Item = Result<Record, ChunkedError<S::Error>>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.state = State::Done;
                None
            }
            Err(e) => {
                self.state = State::Done;
                Some(Err(e))
            }
        }
    }
}
