//! Record tests: the writer against the reference serializer (`scripts/record/v1_serialize.py`, whose output
//! is committed under `tests/data/record/`), the spec's examples, reader errors. The whole-dump checks run
//! only with `ROR_FULL=1` (they read 235 MB of JSON).

use super::*;
use std::path::PathBuf;

pub(crate) fn repo_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

pub(crate) fn read_file(rel: &str) -> Vec<u8> {
    let path = repo_path(rel);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub(crate) fn full() -> bool {
    std::env::var("ROR_FULL").is_ok_and(|v| v == "1")
}

/// Compares writer output for every record of `records` with the lines of `expected`, reporting the first
/// differing record with the place where the texts part.
pub(crate) fn assert_writes_like(records: &[Record], expected: &[u8]) {
    let lines: Vec<&[u8]> = expected
        .strip_suffix(b"\n")
        .unwrap_or(expected)
        .split(|&b| b == b'\n')
        .collect();
    assert_eq!(records.len(), lines.len(), "record count");
    let mut out = String::new();
    let mut bad = 0;
    for (i, (r, want)) in records.iter().zip(&lines).enumerate() {
        out.clear();
        write_v1_json(r, &mut out);
        if out.as_bytes() != *want {
            bad += 1;
            if bad <= 3 {
                let at = out
                    .bytes()
                    .zip(want.iter())
                    .take_while(|(a, b)| a == *b)
                    .count();
                let from = at.saturating_sub(60);
                eprintln!(
                    "record {i} ({}) differs at byte {at}:\n  ours: {}\n  want: {}",
                    r.id,
                    String::from_utf8_lossy(&out.as_bytes()[from..(at + 60).min(out.len())]),
                    String::from_utf8_lossy(&want[from..(at + 60).min(want.len())]),
                );
            }
        }
    }
    assert_eq!(
        bad,
        0,
        "{bad} of {} records differ from the reference",
        records.len()
    );
}

fn read_all(json: &[u8]) -> Vec<Record> {
    let reader = RecordReader::new(json).unwrap_or_else(|e| panic!("{e}"));
    reader
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

#[test]
fn small_dump_writes_like_the_reference_serializer() {
    let records = read_all(&read_file("data/ror-v1-small.json"));
    assert_eq!(records.len(), 300);
    assert_writes_like(
        &records,
        &read_file("tests/data/record/small-expected.jsonl"),
    );
}

#[test]
fn edge_records_write_like_the_reference_serializer() {
    // Shapes ROR data never had but the v1 serializer handled: integer and tiny lat/lng, more than 10
    // decimals, -0.0, GRID `all` as a list, another scheme's `all` as a string, schemes without `preferred`
    // or `all`, null schemes, unknown schemes, U+2028/2029 and control characters, `null` geonames_city,
    // admin/licence/NUTS objects null or absent or partial, a float `established`, two addresses.
    let records = read_all(&read_file("tests/data/record/edge-records.json"));
    assert_eq!(records.len(), 12);
    assert_writes_like(
        &records,
        &read_file("tests/data/record/edge-expected.jsonl"),
    );
}

/// Spec §9.5, with its added line breaks removed.
const SPEC_9_5: &str = concat!(
    "{\"id\":\"https://ror.org/02atag894\",\"name\":\"Office of Nuclear Physics\",\"email_address\":null,\"ip_addresses\":[],",
    "\"established\":1996,\"types\":[\"Government\"],\"relationships\":[{\"label\":\"Office of Science\",\"type\":\"Parent\",",
    "\"id\":\"https://ror.org/00mmn6b08\"}],\"addresses\":[{\"lat\":38.88758,\"lng\":-77.025728,\"state\":\"District of Columbia\",",
    "\"state_code\":\"US-DC\",\"city\":\"Washington D.C.\",\"geonames_city\":{\"id\":4140963,\"city\":\"Washington, D.C.\",",
    "\"geonames_admin1\":{\"name\":\"Washington, D.C.\",\"id\":4138106,\"ascii_name\":\"Washington, D.C.\",\"code\":\"US.DC\"},",
    "\"geonames_admin2\":{\"name\":\"Washington County\",\"id\":4140987,\"ascii_name\":\"Washington County\",\"code\":\"US.DC.001\"},",
    "\"license\":{\"attribution\":\"Data from geonames.org under a CC-BY 3.0 license\",",
    "\"license\":\"http://creativecommons.org/licenses/by/3.0/\"},\"nuts_level1\":{\"name\":null,\"code\":null},",
    "\"nuts_level2\":{\"name\":null,\"code\":null},\"nuts_level3\":{\"name\":null,\"code\":null}},\"postcode\":null,\"primary\":false,",
    "\"line\":null,\"country_geonames_id\":6252001}],\"links\":[\"https://science.osti.gov/np\"],\"aliases\":[],\"acronyms\":[\"NP\"],",
    "\"status\":\"active\",\"wikipedia_url\":\"\",\"labels\":[],\"country\":{\"country_name\":\"United States\",\"country_code\":\"US\"},",
    "\"external_ids\":{\"ISNI\":{\"preferred\":null,\"all\":[\"0000 0004 5897 7463\"]},\"FundRef\":{\"preferred\":null,",
    "\"all\":[\"100006209\"]},\"Wikidata\":{\"preferred\":null,\"all\":[\"Q30296535\"]},\"GRID\":{\"preferred\":\"grid.453025.5\",",
    "\"all\":\"grid.453025.5\"}}}",
);

#[test]
fn spec_9_5_example_is_byte_identical() {
    // The input has its keys in reverse order and 4-space indentation, as some dump records do.
    let r = read_v1_record(&read_file("tests/data/record/spec-9.5-input.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(to_v1_json(&r), SPEC_9_5);
}

/// The §9.5 record with the top-level members in `edit` replacing its own.
fn spec_record_with(edit: &str, replaced: &str) -> Record {
    let mut src =
        String::from_utf8(read_file("tests/data/record/spec-9.5-input.json")).unwrap_or_default();
    src = src.replace(&format!("\"{replaced}\":"), &format!("\"old_{replaced}\":"));
    src = src.replacen('{', &format!("{{{edit},"), 1);
    read_v1_record(src.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

fn external_ids_of(json: &str) -> &str {
    &json[json.find("\"external_ids\":").unwrap_or(0)..]
}

#[test]
fn spec_11_6_row_94_only_known_schemes_present_in_the_source() {
    // The source record of the unit test (TM 24-40): FundRef, GRID and an unknown scheme.
    let r = spec_record_with(
        r#""external_ids": {"FundRef": {"preferred": null, "all": ["100006209"]}, "GRID": {"preferred": "grid.453025.5", "all": "grid.453025.5"}, "other": {"preferred": "o", "all": ["o"]}}"#,
        "external_ids",
    );
    let json = to_v1_json(&r);
    assert_eq!(
        external_ids_of(&json),
        r#""external_ids":{"FundRef":{"preferred":null,"all":["100006209"]},"GRID":{"preferred":"grid.453025.5","all":"grid.453025.5"}}}"#
    );
    assert!(!json.contains("ISNI") && !json.contains("HESA") && !json.contains("other"));
    // The model keeps the unknown scheme for the index.
    assert_eq!(
        r.external_ids
            .iter()
            .map(|e| e.scheme.as_str())
            .collect::<Vec<_>>(),
        ["FundRef", "GRID", "other"]
    );
}

#[test]
fn spec_11_6_row_95_lat_45_and_lng_0_00001() {
    let r = spec_record_with(
        r#""addresses": [{"lat": 45, "lng": 0.00001, "geonames_city": null}]"#,
        "addresses",
    );
    let json = to_v1_json(&r);
    assert!(
        json.contains(r#""addresses":[{"lat":45.0,"lng":1e-05,"state":null,"#),
        "{json}"
    );
}

#[test]
fn spec_11_6_row_96_orgref_between_fundref_and_wikidata() {
    let r = spec_record_with(
        r#""external_ids": {"Foo": {"preferred": null, "all": ["f"]}, "Wikidata": {"preferred": null, "all": ["Q1"]}, "OrgRef": {"preferred": null, "all": ["123"]}, "FundRef": {"preferred": null, "all": ["1"]}}"#,
        "external_ids",
    );
    let json = to_v1_json(&r);
    assert_eq!(
        external_ids_of(&json),
        r#""external_ids":{"FundRef":{"preferred":null,"all":["1"]},"OrgRef":{"preferred":null,"all":["123"]},"Wikidata":{"preferred":null,"all":["Q1"]}}}"#
    );
}

// ---------------------------------------------------------------------------------------------------------
// Reader errors

fn err_of(json: &str) -> String {
    let all = RecordReader::new(json.as_bytes())
        .and_then(|r| r.collect::<Result<Vec<_>, _>>().map_err(ReadError::from));
    match all {
        Ok(v) => panic!("{json:?} read as {} records", v.len()),
        Err(e) => e.to_string(),
    }
}

const GOOD: &str = r#"{"id": "https://ror.org/0abcdef12", "name": "N", "types": [], "status": "active", "addresses": [{"lat": 1.5, "lng": 2}]}"#;

#[test]
fn wrong_type_names_record_id_and_path() {
    let bad = GOOD.replace("1.5", "\"x\"");
    let msg = err_of(&format!("[\n{GOOD},\n{bad}\n]"));
    assert_eq!(
        msg,
        "record 1 (https://ror.org/0abcdef12): addresses[0].lat: expected a number, got \"x\" (line 3, column 105)"
    );
    let msg = err_of(&format!("[{}]", GOOD.replace("[]", "\"Education\"")));
    assert!(
        msg.starts_with(
            "record 0 (https://ror.org/0abcdef12): types: expected an array, got \"Education\""
        ),
        "{msg}"
    );
    let msg = err_of(&format!("[{}]", GOOD.replace("\"N\"", "null")));
    assert!(
        msg.starts_with("record 0 (https://ror.org/0abcdef12): name: expected a string, got null"),
        "{msg}"
    );
}

#[test]
fn id_is_found_even_after_the_error() {
    // The failing key comes before `id` in the record: the id is looked up afterwards.
    let rec = r#"{"name": 5, "id": "https://ror.org/0abcdef12", "types": [], "status": "active", "addresses": []}"#;
    let msg = err_of(&format!("[{rec}]"));
    assert!(
        msg.starts_with("record 0 (https://ror.org/0abcdef12): name: expected a string, got 5"),
        "{msg}"
    );
}

#[test]
fn missing_id_names_the_record_index() {
    let rec = GOOD.replace(r#""id": "https://ror.org/0abcdef12", "#, "");
    let msg = err_of(&format!("[{GOOD}, {GOOD}, {rec}]"));
    assert!(msg.starts_with("record 2: missing key \"id\""), "{msg}");
}

#[test]
fn truncated_json_gives_line_and_column() {
    let text = format!("[\n{GOOD},\n{GOOD}");
    let cut = &text[..text.len() - 20];
    let msg = err_of(cut);
    assert!(
        msg.starts_with("record 1 (https://ror.org/0abcdef12): addresses[0]: invalid JSON:"),
        "{msg}"
    );
    assert!(msg.contains("(line 3, column"), "{msg}");
    let msg = err_of(&format!("[{GOOD}"));
    assert!(
        msg.contains("expected ',' or ']' after an element, found end of input"),
        "{msg}"
    );
}

#[test]
fn not_an_array_or_not_a_record() {
    assert!(err_of(GOOD)
        .starts_with("expected a JSON array of records, got an object (line 1, column 1)"));
    assert!(err_of("[1]").starts_with("record 0: expected an object, got 1"));
    let msg = err_of(r#"[{"id": "x", "title": "y"}]"#);
    assert!(
        msg.starts_with("record 0 (x): neither a v1 record"),
        "{msg}"
    );
    assert!(err_of("").contains("the input is empty"));
    assert!(err_of(&format!("[{GOOD}] x")).contains("expected end of input, found 'x'"));
}

#[test]
fn duplicate_keys_are_refused() {
    let msg = err_of(&format!(
        "[{}]",
        GOOD.replace("\"N\"", "\"N\", \"name\": \"M\"")
    ));
    assert!(
        msg.starts_with("record 0 (https://ror.org/0abcdef12): duplicate key \"name\""),
        "{msg}"
    );
}

#[test]
fn unknown_keys_are_dropped_but_checked() {
    let ok = GOOD.replace("\"N\"", "\"N\", \"names_ids\": [{\"x\": 1}]");
    let r = read_v1_record(ok.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert!(!to_v1_json(&r).contains("names_ids"));
    let bad = GOOD.replace("\"N\"", "\"N\", \"names_ids\": [1,]");
    assert!(read_v1_record(bad.as_bytes()).is_err());
}

#[test]
fn escapes_and_any_key_order_read_back() {
    let rec = r#"{"status": "active", "addresses": [], "types": ["Education"], "name": "Caf\u00e9 \ud83d\ude00 \"q\"", "id": "https://ror.org/0abcdef12"}"#;
    let r = read_v1_record(rec.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.name, "Café 😀 \"q\"");
    assert!(to_v1_json(&r).starts_with(
        r#"{"id":"https://ror.org/0abcdef12","name":"Café 😀 \"q\"","email_address":null"#
    ));
}

// ---------------------------------------------------------------------------------------------------------
// v2

const V2: &str = r#"{"admin": {"created": {"date": "2024-01-01", "schema_version": "2.1"}, "last_modified": {"date": "2024-01-01", "schema_version": "2.1"}},
 "domains": [], "established": 2019, "id": "https://ror.org/000025p04", "status": "active", "types": ["funder", "government", "unknown"],
 "external_ids": [{"all": ["501100017170", "501100016204"], "preferred": "501100017170", "type": "fundref"},
                  {"all": ["grid.1.0", "grid.2.0"], "preferred": null, "type": "grid"},
                  {"all": [], "preferred": null, "type": "isni"}, {"all": ["x"], "preferred": "x", "type": "orcid"}],
 "links": [null, {"type": "wikipedia", "value": "https://w/1"}, {"type": "website", "value": "https://a"}, {"type": "wikipedia", "value": "https://w/2"}],
 "locations": [{"geonames_details": {"country_code": "TH", "country_name": "Thailand", "country_subdivision_code": "10", "country_subdivision_name": "Bangkok", "lat": 13.75398, "lng": 0, "name": "Bangkok"}, "geonames_id": 1609350},
               {"geonames_details": {"country_code": "FR", "country_name": "France", "lat": 1, "lng": 2, "name": "Paris"}, "geonames_id": 1}],
 "names": [{"lang": null, "types": ["acronym"], "value": "TSRI"}, {"lang": "en", "types": ["ror_display", "label"], "value": "Thailand Science"},
           {"lang": "th", "types": ["label"], "value": "สำนักงาน"}, {"lang": null, "types": ["alias", "label"], "value": "Alias"}],
 "relationships": [{"label": "Thailand Research Fund", "type": "predecessor", "id": "https://ror.org/03gd1bh37"}]}"#;

#[test]
fn v2_crosswalk_field_by_field() {
    let (schema, r) = read_record(V2.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(schema, Schema::V2);
    assert_eq!(
        to_v1_json(&r),
        concat!(
            r#"{"id":"https://ror.org/000025p04","name":"Thailand Science","email_address":null,"ip_addresses":[],"established":2019,"#,
            r#""types":["Funder","Government"],"relationships":[{"label":"Thailand Research Fund","type":"Predecessor","id":"https://ror.org/03gd1bh37"}],"#,
            r#""addresses":[{"lat":13.75398,"lng":null,"state":null,"state_code":null,"city":"Bangkok","geonames_city":{"id":1609350,"city":"Bangkok","#,
            r#""geonames_admin1":{"name":"Bangkok","id":null,"ascii_name":null,"code":"TH.10"},"geonames_admin2":{"name":null,"id":null,"ascii_name":null,"code":null},"#,
            r#""license":{"attribution":"Data from geonames.org under a CC-BY 3.0 license","license":"http://creativecommons.org/licenses/by/3.0/"},"#,
            r#""nuts_level1":{"name":null,"code":null},"nuts_level2":{"name":null,"code":null},"nuts_level3":{"name":null,"code":null}},"#,
            r#""postcode":null,"primary":false,"line":null,"country_geonames_id":null}],"links":["https://a"],"aliases":["Alias"],"acronyms":["TSRI"],"#,
            r#""status":"active","wikipedia_url":"https://w/1","labels":[{"label":"สำนักงาน","iso639":"th"},{"label":"Alias","iso639":null}],"#,
            r#""country":{"country_name":"Thailand","country_code":"TH"},"#,
            r#""external_ids":{"FundRef":{"preferred":"501100017170","all":["501100017170","501100016204"]},"GRID":{"preferred":null,"all":"grid.1.0"}}}"#,
        )
    );
}

#[test]
fn v2_earlier_crosswalk_forms() {
    let v2 = read_v2_record(V2.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let early = v2::v2_to_v1_with(&v2, v2::Crosswalk::AS_OF_2024_04_18);
    assert_eq!(early.types, ["Government"]);
    assert_eq!(
        early
            .external_ids
            .iter()
            .map(|e| e.scheme.as_str())
            .collect::<Vec<_>>(),
        ["GRID"]
    );
    let admin1 = early.addresses[0]
        .geonames_city
        .as_ref()
        .and_then(|c| c.geonames_admin1.clone());
    assert_eq!(admin1, Some(GeonamesAdmin::default()));
    let first = v2::v2_to_v1_with(&v2, v2::Crosswalk::AS_OF_2024_04_08);
    assert_eq!(first.types, ["Funder", "Government"]);
}

#[test]
fn v2_errors_name_the_field() {
    let no_display = V2.replace("\"ror_display\", ", "");
    let e = read_v2_record(no_display.as_bytes())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.starts_with(
            "record https://ror.org/000025p04: names: no name has the type \"ror_display\""
        ),
        "{e}"
    );
    let bad_lat = V2.replace("\"lat\": 13.75398", "\"lat\": \"13\"");
    let e = read_v2_record(bad_lat.as_bytes())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.starts_with("record https://ror.org/000025p04: locations[0].geonames_details.lat: expected a number, got \"13\""),
        "{e}"
    );
}
