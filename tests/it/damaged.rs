//! Totality of loading and answering: index files damaged *with a valid checksum* (as a buggy or hostile
//! builder could write them) load with a typed error or answer every request without panicking, since a
//! panic in wasm kills the module for the whole page.

use ror_wasm::engine::{Engine, FixedClock};
use ror_wasm::index::{checksum, decode};

use super::common::data;

/// The fixed header is 28 bytes; the checksum covers everything after it.
const HEADER: usize = 28;

fn restamp(bytes: &mut [u8]) {
    let sum = checksum(&bytes[HEADER..]);
    bytes[HEADER - 4..HEADER].copy_from_slice(&sum.to_le_bytes());
}

const REQUESTS: &[&str] = &[
    "/v1/organizations?query=university",
    "/v1/organizations?query=harvard&page=2",
    "/v1/organizations?query.advanced=name:univ*",
    "/v1/organizations?query.advanced=name:%22national%20institute%22",
    "/v1/organizations?query.advanced=name:oxfrod~",
    "/v1/organizations?query.advanced=links:edu",
    "/v1/organizations?query.advanced=established:[1900%20TO%202000]",
    "/v1/organizations?filter=country.country_code:US,types:Education&all_status=true",
    "/v1/organizations?query=grid.5254.6",
    "/v1/organizations",
    "/v1/organizations/03vek6s52",
    "/v1/organizations/https://ror.org/013meh722",
];

/// The index of the 300-record sample dump.
fn sample_index() -> Vec<u8> {
    let dump = std::fs::read(data("data/ror-v1-small.json")).expect("sample dump");
    ror_wasm::build::build_index(&dump, &mut |_| {})
        .expect("the sample builds")
        .bytes
}

#[test]
fn damaged_indexes_with_valid_checksums_never_panic() {
    let good = sample_index();
    assert!(decode(good.clone()).is_ok());
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut loaded, mut refused) = (0, 0);
    for round in 0..300 {
        let mut bytes = good.clone();
        let flips = 1 + (next() % 4) as usize;
        for _ in 0..flips {
            let at = HEADER + (next() as usize) % (bytes.len() - HEADER);
            bytes[at] ^= 1 << (next() % 8);
        }
        // Every other round damages one area more: a run of bytes set to one value.
        if round % 2 == 1 {
            let at = HEADER + (next() as usize) % (bytes.len() - HEADER);
            let end = (at + 1 + (next() % 64) as usize).min(bytes.len());
            let v = next() as u8;
            bytes[at..end].iter_mut().for_each(|b| *b = v);
        }
        restamp(&mut bytes);
        match Engine::load(bytes) {
            Err(e) => {
                assert!(!e.to_string().is_empty());
                refused += 1;
            }
            Ok(mut engine) => {
                loaded += 1;
                for r in REQUESTS {
                    let resp = engine.request(r, &FixedClock(0));
                    assert!(resp.status >= 200, "{r}: status {}", resp.status);
                }
                engine.warm();
            }
        }
    }
    // Both outcomes must be exercised for the test to mean anything.
    assert!(
        loaded > 20 && refused > 20,
        "loaded {loaded}, refused {refused}"
    );
}

/// Strings are checked for UTF-8 once per run of the string table: a run with a broken byte falls back to
/// checking each string, so only the damaged string becomes unreadable (and its record fails to decode)
/// while the run's other strings still read.
#[test]
fn a_non_utf8_string_spoils_only_itself() {
    let good = sample_index();
    let idx = decode(good.clone()).expect("loads");
    let rec = idx.record(0).expect("record 0");
    // The bytes of record 0's name, NUL-terminated, occur once in the string table.
    let needle: Vec<u8> = [rec.name.as_bytes(), &[0]].concat();
    let at = good
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the name is stored");
    let id = (0..u32::MAX)
        .take_while(|&i| idx.string(i).is_some())
        .find(|&i| idx.string(i) == Some(rec.name.as_str()))
        .expect("the name has an id");
    let readable_before: Vec<u32> = (id.saturating_sub(3)..id + 4)
        .filter(|&i| i != id && idx.string(i).is_some())
        .collect();
    assert!(!readable_before.is_empty());

    let mut bad = good.clone();
    bad[at] = 0xFF; // never valid in UTF-8
    restamp(&mut bad);
    let idx = decode(bad).expect("still loads");
    assert_eq!(idx.string(id), None, "the damaged string must not read");
    for i in readable_before {
        assert!(
            idx.string(i).is_some(),
            "string {i} of the same run must still read"
        );
    }
    assert!(idx.record(0).is_none(), "its record no longer decodes");
    assert!(idx.record(1).is_some());
}
