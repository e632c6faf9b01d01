//! The index-builder module's JS API (`pkg/wasm/build`): dump bytes → index bytes, with progress. A
//! separate module so that pages that only search never download the JSON and zip code.

use wasm_bindgen::prelude::*;

use crate::build::{self, Stage};

/// A finished build.
#[wasm_bindgen]
pub struct BuiltIndex {
    bytes: Vec<u8>,
    summary: JsValue,
}

#[wasm_bindgen]
impl BuiltIndex {
    /// The index bytes (a copy, as a `Uint8Array`).
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> Vec<u8> {
        self.bytes.clone()
    }

    /// `{records, byStatus: {status: count}, schema, source, release, date, bytes}`.
    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> JsValue {
        self.summary.clone()
    }
}

/// Builds an index from dump bytes (official zip, `.json` or `.json.gz`; v1 or v2). `onProgress`, if
/// given, is called as `onProgress(stage, done, total)` with stage `"reading" | "indexing" | "writing"`.
/// Throws an `Error` naming the record or position for a broken dump.
#[wasm_bindgen(js_name = buildIndex)]
pub fn build_index(
    dump: &[u8],
    on_progress: Option<js_sys::Function>,
) -> Result<BuiltIndex, JsError> {
    let mut progress = |p: build::Progress| {
        if let Some(f) = &on_progress {
            let stage = match p.stage {
                Stage::Reading => "reading",
                Stage::Indexing => "indexing",
                Stage::Writing => "writing",
            };
            let _ = f.call3(
                &JsValue::NULL,
                &stage.into(),
                &(p.done as f64).into(),
                &(p.total as f64).into(),
            );
        }
    };
    let built =
        build::build_index(dump, &mut progress).map_err(|e| JsError::new(&e.to_string()))?;
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Summary<'a> {
        records: u32,
        by_status: std::collections::BTreeMap<&'a str, u32>,
        schema: &'a str,
        source: &'a str,
        release: Option<&'a str>,
        date: Option<&'a str>,
        bytes: usize,
    }
    let s = Summary {
        records: built.info.record_count,
        by_status: built
            .by_status
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect(),
        schema: &built.info.schema,
        source: &built.info.source,
        release: built.info.release.as_deref(),
        date: built.info.date.as_deref(),
        bytes: built.bytes.len(),
    };
    let summary = serde::Serialize::serialize(
        &s,
        &serde_wasm_bindgen::Serializer::new()
            .serialize_missing_as_null(true)
            .serialize_maps_as_objects(true),
    )
    .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(BuiltIndex {
        bytes: built.bytes,
        summary,
    })
}
