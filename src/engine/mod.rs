//! Requests + a loaded index → v1 responses. No I/O, no clock, no JsValue.

pub mod params;
