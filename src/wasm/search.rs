//! The search module's JS API (`pkg/wasm/search`): load index bytes, answer v1 requests. Bodies cross
//! the boundary as JSON text (JS's `JSON.parse` is faster than building objects field by field); the
//! small envelope of a response is a plain object.

use wasm_bindgen::prelude::*;

use crate::engine::{Clock, Engine, Response};

/// `Date.now()` for both `now` in date math and `time_taken` (millisecond resolution is what the v1
/// API reported).
struct JsClock;

impl Clock for JsClock {
    fn now_epoch_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }
    fn monotonic_ms(&self) -> f64 {
        js_sys::Date::now()
    }
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct JsResponse<'a> {
    status: u16,
    content_type: &'a str,
    body: &'a str,
    location: Option<&'a str>,
}

/// Serialises with `None` as `null` (not `undefined`), as the TypeScript types say.
fn js_value<T: serde::Serialize>(v: &T) -> Result<JsValue, JsError> {
    serde::Serialize::serialize(
        v,
        &serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true),
    )
    .map_err(|e| JsError::new(&e.to_string()))
}

fn to_js(r: &Response) -> Result<JsValue, JsError> {
    let v = JsResponse {
        status: r.status,
        content_type: r.content_type,
        body: &r.body,
        location: r.location.as_deref(),
    };
    js_value(&v)
}

/// A loaded ROR index.
#[wasm_bindgen]
pub struct RorIndex {
    engine: Engine,
}

#[wasm_bindgen]
impl RorIndex {
    /// Loads index bytes (a `Uint8Array`); throws an `Error` naming what is wrong with a damaged,
    /// truncated or wrong-version file.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: Vec<u8>) -> Result<RorIndex, JsError> {
        // Grow the memory once for the tables that loading and the first queries build: growing it step
        // by step as vectors double cost V8 50–100 ms at load (measured in Node 20).
        drop(Vec::<u8>::with_capacity(bytes.len() / 2));
        Engine::load(bytes)
            .map(|engine| RorIndex { engine })
            .map_err(|e| JsError::new(&e.to_string()))
    }

    /// `GET /v1/organizations/{id}` → `{status, contentType, body, location}`.
    pub fn get(&mut self, id: &str) -> Result<JsValue, JsError> {
        to_js(&self.engine.get(id))
    }

    /// `GET /v1/organizations?{queryString}`.
    pub fn list(&mut self, query_string: &str) -> Result<JsValue, JsError> {
        to_js(&self.engine.list(query_string, &JsClock))
    }

    /// Any v1 path with its query string.
    pub fn request(&mut self, path_and_query: &str) -> Result<JsValue, JsError> {
        to_js(&self.engine.request(path_and_query, &JsClock))
    }

    /// Builds what the first advanced query would otherwise build (postings of links, Wikipedia URLs and
    /// relationship labels; exact-value lookup tables): ~0.1–0.3 s once.
    pub fn warm(&self) {
        self.engine.warm();
    }

    /// `GET /v1/heartbeat`.
    pub fn heartbeat(&self) -> Result<JsValue, JsError> {
        to_js(&self.engine.heartbeat())
    }

    /// The fields `query.advanced` accepts (the v1 whitelist) with their type in this index, as JSON text:
    /// `[{name, type, analyzer, matching}]`.
    pub fn fields(&self) -> String {
        self.engine.catalogue().advanced_fields_json()
    }

    /// What the index holds: `{release, date, schema, source, recordCount, builtBy, bytes}`.
    pub fn info(&self) -> Result<JsValue, JsError> {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Info<'a> {
            release: Option<&'a str>,
            date: Option<&'a str>,
            schema: &'a str,
            source: &'a str,
            record_count: u32,
            built_by: &'a str,
            bytes: usize,
        }
        let i = self.engine.info();
        let v = Info {
            release: i.release.as_deref(),
            date: i.date.as_deref(),
            schema: &i.schema,
            source: &i.source,
            record_count: i.record_count,
            built_by: &i.built_by,
            bytes: self.engine.index().byte_len(),
        };
        js_value(&v)
    }
}

/// Reads only the header of index bytes (cheap): the same object as `info()` without `bytes`, or an
/// `Error` if the bytes are not a readable index.
#[wasm_bindgen(js_name = peekInfo)]
pub fn peek_info(bytes: &[u8]) -> Result<JsValue, JsError> {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Info<'a> {
        release: Option<&'a str>,
        date: Option<&'a str>,
        schema: &'a str,
        source: &'a str,
        record_count: u32,
        built_by: &'a str,
    }
    let i = crate::index::peek_info(bytes).map_err(|e| JsError::new(&e.to_string()))?;
    let v = Info {
        release: i.release.as_deref(),
        date: i.date.as_deref(),
        schema: &i.schema,
        source: &i.source,
        record_count: i.record_count,
        built_by: &i.built_by,
    };
    js_value(&v)
}
