//! Format round trips and the typed errors of damaged files.
use super::*;

fn tiny() -> Vec<u8> {
    let json = br#"[{"id":"https://ror.org/02atag894","name":"Office of Nuclear Physics","email_address":null,"ip_addresses":[],"established":1996,"types":["Government"],"relationships":[],"addresses":[{"lat":38.88758,"lng":-77.025728,"state":null,"state_code":null,"city":"Washington D.C.","geonames_city":null,"postcode":null,"primary":false,"line":null,"country_geonames_id":6252001}],"links":[],"aliases":[],"acronyms":["NP"],"status":"active","wikipedia_url":"","labels":[],"country":{"country_name":"United States","country_code":"US"},"external_ids":{"GRID":{"preferred":"grid.453025.5","all":"grid.453025.5"}}}]"#;
    crate::build::build_index(json, &mut |_| {})
        .map(|b| b.bytes)
        .unwrap_or_default()
}

#[test]
fn round_trip() {
    let bytes = tiny();
    let idx = decode(bytes).expect("decodes");
    assert_eq!(idx.num_records(), 1);
    let rec = idx.record(0).expect("record");
    assert_eq!(rec.name, "Office of Nuclear Physics");
    assert_eq!(rec.addresses[0].lat, Some(38.88758));
}

#[test]
fn typed_errors() {
    let bytes = tiny();
    assert!(matches!(
        decode(Vec::new()),
        Err(IndexError::TooShort { .. })
    ));
    let mut bad = bytes.clone();
    bad[0] = b'X';
    assert!(matches!(decode(bad), Err(IndexError::BadMagic { .. })));
    let mut v = bytes.clone();
    v[8] = 9;
    assert!(matches!(
        decode(v),
        Err(IndexError::Version {
            expected: FORMAT_VERSION,
            got: 9
        })
    ));
    let t = bytes[..bytes.len() - 10].to_vec();
    assert!(matches!(decode(t), Err(IndexError::Truncated { .. })));
    let mut c = bytes.clone();
    let at = c.len() - 5;
    c[at] ^= 0x55;
    assert!(matches!(decode(c), Err(IndexError::Checksum { .. })));
}
