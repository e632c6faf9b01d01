//! Every record of the bundled dump comes back out of the full index exactly as the v1 API wrote it: the
//! record skeletons, value columns, the address group and the labels derived from relationship targets
//! (`PathBlob::derived_labels`, one at a time for output and as a whole column for searches) all resolve to
//! the dump's values.

use ror_wasm::build::dump::read_dump;
use ror_wasm::index::PathNames;
use ror_wasm::record::to_v1_json;

use super::common::{data, full_engine};

#[test]
fn every_bundled_record_reads_back_byte_identical() {
    let dump = read_dump(&std::fs::read(data("data/ror-v1-dump.zip")).expect("bundled dump"))
        .expect("the bundled dump reads");
    let engine = full_engine().lock().expect("engine");
    let index = engine.index();
    assert_eq!(index.num_records() as usize, dump.records.len());
    let mut differing = Vec::new();
    let mut labels = 0;
    for (r, rec) in dump.records.iter().enumerate() {
        labels += rec
            .relationships
            .iter()
            .filter(|x| x.label.is_some())
            .count();
        let got = index.record(r as u32).map(|g| to_v1_json(&g));
        if got.as_deref() != Some(to_v1_json(rec).as_str()) {
            differing.push(rec.id.clone());
        }
    }
    assert!(
        labels > 40_000,
        "the dump exercises derived labels ({labels})"
    );
    // The whole label column, as searches see it (resolved at once on first use), holds the same labels.
    let label_path = index.path_id("relationships.label").expect("label path");
    let view = index.path(label_path).expect("label path");
    for (r, rec) in dump.records.iter().enumerate() {
        let got: Vec<Option<&str>> = index
            .column_values(label_path, r as u32)
            .map(|v| view.str_value(v))
            .collect();
        let want: Vec<Option<&str>> = rec
            .relationships
            .iter()
            .filter_map(|x| x.label.as_deref().map(Some))
            .collect();
        if got != want {
            differing.push(format!("{} (label column)", rec.id));
        }
    }
    assert!(
        differing.is_empty(),
        "{} records differ, e.g. {:?}",
        differing.len(),
        &differing[..differing.len().min(5)]
    );
}
