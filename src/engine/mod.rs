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
pub mod phrase;
pub mod resolve;
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
        Response {
            status,
            content_type: "application/json",
            body,
            location: None,
        }
    }
}

/// A parsed `filter` value (field, accepted values) and the records it selects, as a bitset.
type CachedFilter = (Vec<(String, Vec<String>)>, Vec<u64>);

/// A loaded index and the buffers that queries reuse.
pub struct Engine {
    index: Index,
    catalogue: fields::Catalogue,
    scratch: exec::Scratch,
    /// The ranking keys of the last search's matches (a buffer reused by every search).
    keys: Vec<u64>,
    /// Record sets of recent filters (the default status filter recurs on nearly every request).
    filter_cache: Vec<CachedFilter>,
}

impl Engine {
    /// Loads index bytes (see [`index::decode`] for the errors).
    pub fn load(bytes: Vec<u8>) -> Result<Engine, IndexError> {
        let index = index::decode(bytes)?;
        Ok(Engine::from_index(index))
    }

    pub fn from_index(index: Index) -> Engine {
        let catalogue = fields::Catalogue::new(&index);
        Engine {
            index,
            catalogue,
            scratch: exec::Scratch::default(),
            keys: Vec::new(),
            filter_cache: Vec::new(),
        }
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

    /// Builds the structures otherwise built by the first query that needs them (lazy postings, lookup
    /// tables), so that a page can pay for them while idle.
    pub fn warm(&self) {
        self.index.warm();
    }

    /// `GET /v1/heartbeat`.
    pub fn heartbeat(&self) -> Response {
        Response {
            status: 200,
            content_type: "text/html",
            body: "OK".into(),
            location: None,
        }
    }

    /// `GET /v1/organizations?<query_string>`.
    pub fn list(&mut self, query_string: &str, clock: &dyn Clock) -> Response {
        search::list(self, query_string, clock)
    }
}

impl Engine {
    /// `GET /v1/organizations/{id}` with an id as received (already percent-decoded once): the record (any
    /// status) or the v1 404 errors.
    pub fn get(&mut self, raw_id: &str) -> Response {
        let ror_id = params::get_ror_id(raw_id);
        self.retrieve(raw_id, ror_id.as_deref())
    }

    fn retrieve(&self, raw_id: &str, ror_id: Option<&str>) -> Response {
        let Some(id) = ror_id else {
            return Response::json(
                404,
                errors_body(&[params::messages::invalid_ror_id(raw_id)]),
            );
        };
        let id_path = crate::index::schema::paths::ID;
        let found = self
            .index
            .path(id_path)
            .and_then(|p| p.find_str(id))
            .and_then(|v| self.index.occurrences(id_path, v).first().copied())
            .and_then(|r| self.index.record(r));
        match found {
            Some(rec) => {
                let mut body = String::with_capacity(2048);
                crate::record::write_v1_json(&rec, &mut body);
                Response::json(200, body)
            }
            None => Response::json(
                404,
                errors_body(&[params::messages::ror_id_does_not_exist(id)]),
            ),
        }
    }

    /// Any request path with its query string, e.g. `/v1/organizations?query=oxford`, answered as the v1
    /// API did (status, body, `Location`).
    pub fn request(&mut self, path_and_query: &str, clock: &dyn Clock) -> Response {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        match params::route(path, query) {
            params::Route::Heartbeat => self.heartbeat(),
            params::Route::ApiRoot => {
                Response::json(200, "{\"organizations\":\"https://api.ror.org/v1/organizations\"}".to_owned())
            }
            params::Route::Retrieve { raw_id, ror_id } => self.retrieve(&raw_id, ror_id.as_deref()),
            params::Route::List(req) => search::list_request(self, req, clock),
            params::Route::FormatNotFound => not_found_detail(),
            params::Route::BadRequest => html(400, "<h1>Bad Request (400)</h1>"),
            params::Route::AppendSlash { location } => {
                Response { status: 301, content_type: "text/html", body: String::new(), location: Some(location) }
            }
            params::Route::NotFound => html(
                404,
                "<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Not Found</title>\n</head>\n<body>\n  \
                 <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n",
            ),
        }
    }
}

fn html(status: u16, body: &str) -> Response {
    Response {
        status,
        content_type: "text/html",
        body: body.to_owned(),
        location: None,
    }
}

/// DRF's answer when content negotiation fails: 404 `{"detail":"Not found."}`.
fn not_found_detail() -> Response {
    Response::json(404, "{\"detail\":\"Not found.\"}".to_owned())
}

/// `{"errors":[...]}`.
pub fn errors_body(errors: &[String]) -> String {
    let mut body = String::from("{\"errors\":[");
    for (i, e) in errors.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        crate::record::write_json_str(e, &mut body);
    }
    body.push_str("]}");
    body
}
