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

/// The records of a dump (a JSON array), read one at a time; the schema is decided on the first record and
/// every record is read with it. Stops at the first error.
pub struct RecordReader<'a> {
    p: Parser<'a>,
    schema: Option<Schema>,
    index: usize,
    /// Whether the separator before the next element was already consumed.
    pending: bool,
    done: bool,
    last_start: usize,
}

impl<'a> RecordReader<'a> {
    /// Opens the array and decides the schema. An empty array gives a reader with no schema and no records.
    pub fn new(json: &'a [u8]) -> Result<Self, ReadError> {
        let mut p = Parser::new(json);
        let top = |e: JsonError| ReadError::new(json, e, None, None);
        if p.at_end() {
            let at = p.pos();
            return Err(top(JsonError::new(
                at,
                ErrorKind::Syntax("no JSON value (the input is empty)".to_owned()),
            )));
        }
        p.array_start().map_err(|e| match e.kind {
            ErrorKind::Type { got, .. } => top(JsonError::new(
                e.offset,
                ErrorKind::Type {
                    expected: "a JSON array of records",
                    got,
                },
            )),
            _ => top(e),
        })?;
        let mut reader = RecordReader {
            schema: None,
            index: 0,
            pending: true,
            done: false,
            last_start: p.pos(),
            p,
        };
        if !reader.p.array_next(0).map_err(top)? {
            reader.p.end().map_err(top)?;
            reader.done = true;
            return Ok(reader);
        }
        reader
            .p
            .peek()
            .map_err(|e| ReadError::new(json, e, Some(0), None))?;
        let start = reader.p.pos();
        let schema = unknown_schema_check(&mut reader.p)
            .map_err(|e| ReadError::new(json, e, Some(0), find_id(json, start)))?;
        reader.schema = Some(schema);
        Ok(reader)
    }

    /// The schema of the records; `None` for an empty array.
    pub fn schema(&self) -> Option<Schema> {
        self.schema
    }

    /// Bytes read so far (for progress).
    pub fn offset(&self) -> usize {
        self.p.pos()
    }

    /// Byte offset where the record returned last starts.
    pub fn last_start(&self) -> usize {
        self.last_start
    }

    fn next_record(&mut self) -> Result<Option<Record>, ReadError> {
        let src = self.p.src();
        let i = self.index;
        if !self.pending {
            let more = self
                .p
                .array_next(i)
                .map_err(|e| ReadError::new(src, e, None, None))?;
            if !more {
                self.p
                    .end()
                    .map_err(|e| ReadError::new(src, e, None, None))?;
                return Ok(None);
            }
        }
        self.pending = false;
        self.p
            .peek()
            .map_err(|e| ReadError::new(src, e, Some(i), None))?;
        let start = self.p.pos();
        self.last_start = start;
        let record = match self.schema {
            Some(Schema::V1) => v1::read_record(&mut self.p),
            Some(Schema::V2) => v2::read_record(&mut self.p).map(|r| v2::v2_to_v1(&r)),
            None => return Ok(None),
        };
        self.index += 1;
        record
            .map(Some)
            .map_err(|e| ReadError::new(src, e, Some(i), find_id(src, start)))
    }
}

impl Iterator for RecordReader<'_> {
    type Item = Result<Record, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// 1-based line and column of a byte offset (for messages about whole records).
pub fn line_col(src: &[u8], offset: usize) -> (usize, usize) {
    json::line_col(src, offset)
}
