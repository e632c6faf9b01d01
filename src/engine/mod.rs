//! Requests + a loaded index → v1 responses: routing, validation and exact errors (`params`), the field
//! catalogue (`fields`), query construction (`lucene`), execution and scoring (`exec`, `bm25`), filters,
//! status rules, paging and `meta` (`search`).
//!
//! No I/O, no clock (the caller passes a [`Clock`]), no `JsValue`.

pub mod bm25;
pub mod dates;
pub mod exec;
pub mod fields;
pub mod lucene;
pub mod numbers;
pub mod params;
pub mod pattern;
pub mod search;

use crate::index::{self, Index, IndexError, IndexInfo};

pub use search::SearchError;

/// Time as the caller sees it: the engine never reads a clock itself.
pub trait Clock {
    /// Wall-clock milliseconds since the Unix epoch (for `now` in date math).
    fn now_epoch_ms(&self) -> i64;
    /// A monotonic reading in milliseconds (for `time_taken`).
    fn monotonic_ms(&self) -> f64;
}

/// A clock that always reads zero (tests, reproducible output).
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now_epoch_ms(&self) -> i64 {
        self.0
    }
    fn monotonic_ms(&self) -> f64 {
        0.0
    }
}

/// An HTTP-like response, as the v1 API would have sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// `application/json` or `text/html` (heartbeat).
    pub content_type: &'static str,
    pub body: String,
    /// The `Location` header of a redirect (`query.name` → `query`).
    pub location: Option<String>,
}

impl Response {
    fn json(status: u16, body: String) -> Response {
        Response { status, content_type: "application/json", body, location: None }
    }
}

/// A loaded index and the buffers that queries reuse.
pub struct Engine {
    index: Index,
    catalogue: fields::Catalogue,
    scratch: exec::Scratch,
}

impl Engine {
    /// Loads index bytes (see [`index::decode`] for the errors).
    pub fn load(bytes: Vec<u8>) -> Result<Engine, IndexError> {
        let index = index::decode(bytes)?;
        Ok(Engine::from_index(index))
    }

    pub fn from_index(index: Index) -> Engine {
        let catalogue = fields::Catalogue::new(&index);
        Engine { index, catalogue, scratch: exec::Scratch::default() }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn info(&self) -> &IndexInfo {
        self.index.info()
    }

    pub fn catalogue(&self) -> &fields::Catalogue {
        &self.catalogue
    }

    /// `GET /v1/heartbeat`.
    pub fn heartbeat(&self) -> Response {
        Response { status: 200, content_type: "text/html", body: "OK".into(), location: None }
    }

    /// `GET /v1/organizations?<query_string>`.
    pub fn list(&mut self, query_string: &str, clock: &dyn Clock) -> Response {
        search::list(self, query_string, clock)
    }
}
