//! Fixture agreement (Java oracle and ror-api's Python functions) and the spec's §11 rows this layer decides.

use super::*;

/// One fixture input file and the answers of the two references, as committed under `tests/data/params/`.
struct Fixture {
    name: &'static str,
    cases: &'static str,
    oracle: &'static str,
    python: &'static str,
}

const FIXTURES: [Fixture; 2] = [
    Fixture {
        name: "verify_cases",
        cases: include_str!("../../../tests/data/params/verify_cases.txt"),
        oracle: include_str!("../../../tests/data/params/verify_cases.oracle.jsonl"),
        python: include_str!("../../../tests/data/params/verify_cases.python.jsonl"),
    },
    Fixture {
        name: "extra_cases",
        cases: include_str!("../../../tests/data/params/extra_cases.txt"),
        oracle: include_str!("../../../tests/data/params/extra_cases.oracle.jsonl"),
        python: include_str!("../../../tests/data/params/extra_cases.python.jsonl"),
    },
];

fn lines(text: &str) -> Vec<&str> {
    let mut v: Vec<&str> = text.split('\n').collect();
    if v.last() == Some(&"") {
        v.pop();
    }
    v
}

/// A JSON string as the oracle's `Json.quote` writes it (non-ASCII raw; U+2028/U+2029 escaped).
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_list(out: &mut String, items: &[String]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_str(out, s);
    }
    out.push(']');
}

/// The oracle's `run.sh params` line for one query string (`Api.debugParamsStatic`), computed with this
/// module's functions; also checks that [`SearchSpec::from_params`] agrees with the pieces.
fn params_line(qs: &str) -> String {
    let mut params = parse_query_string(qs);
    let mut out = String::from("{\"params\":{");
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_str(&mut out, k);
        out.push(':');
        json_str(&mut out, v);
    }
    out.push_str("},\"errors\":");
    params.remove("format");
    let errors = validate(&params);
    json_list(&mut out, &errors);
    let spec = SearchSpec::from_params(params.clone());
    if errors.is_empty() {
        let params = without_false_all_status(params);
        let ror_id = match (params.get("query.advanced"), params.get("query")) {
            (None, Some(q)) => get_ror_id(q),
            _ => None,
        };
        out.push_str(",\"ror_id\":");
        match &ror_id {
            Some(id) => json_str(&mut out, id),
            None => out.push_str("null"),
        }
        let filters = search_filters(&params, ror_id.as_deref());
        out.push_str(",\"filters\":{");
        for (i, (k, v)) in filters.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json_str(&mut out, k);
            out.push(':');
            json_list(&mut out, v);
        }
        out.push('}');
        let spec = spec.unwrap_or_else(|e| panic!("{qs:?}: from_params failed: {e:?}"));
        assert_eq!(spec.filters, filters, "{qs:?}");
        assert_eq!(
            matches!(spec.main, MainQuery::RorId(_)),
            ror_id.is_some(),
            "{qs:?}"
        );
    } else {
        assert_eq!(spec, Err(errors), "{qs:?}");
    }
    out.push('}');
    out
}

/// Every fixture line gives ror-api's Python answer, and the Java oracle's wherever the oracle agrees with
/// Python (its few Unicode approximations are listed in `tests/data/params/README.md`).
#[test]
fn fixture_agrees_with_python_and_oracle() {
    let (mut total, mut oracle_same, mut oracle_wrong) = (0, 0, 0);
    for fx in &FIXTURES {
        let (cases, oracle, python) = (lines(fx.cases), lines(fx.oracle), lines(fx.python));
        assert_eq!(
            cases.len(),
            oracle.len(),
            "{}: oracle output out of date",
            fx.name
        );
        assert_eq!(
            cases.len(),
            python.len(),
            "{}: python output out of date",
            fx.name
        );
        for (i, qs) in cases.iter().enumerate() {
            let got = params_line(qs);
            // Python's json.dumps(ensure_ascii=False) leaves U+2028/U+2029 raw; the oracle escapes them.
            let want = python[i]
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029");
            assert_eq!(got, want, "{} line {}: {qs:?}", fx.name, i + 1);
            total += 1;
            if got == oracle[i] {
                oracle_same += 1;
            } else {
                oracle_wrong += 1;
            }
        }
    }
    println!("params fixture: {total} cases; Python {total}/{total}; oracle {oracle_same}/{total} ({oracle_wrong} oracle-vs-Python deviations)");
    assert_eq!(
        oracle_wrong, 12,
        "the documented oracle deviations changed: update tests/data/params/README.md"
    );
}

fn search(qs: &str) -> SearchSpec {
    match ListRequest::from_query(qs) {
        ListRequest::Search(s) => s,
        other => panic!("{qs:?}: {other:?}"),
    }
}

fn errors(qs: &str) -> Vec<String> {
    match ListRequest::from_query(qs) {
        ListRequest::Errors(e) => e,
        other => panic!("{qs:?}: {other:?}"),
    }
}

fn filters(qs: &str) -> Vec<(String, Vec<String>)> {
    search(qs).filters
}

fn f(pairs: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    pairs
        .iter()
        .map(|(k, vs)| (k.to_string(), vs.iter().map(|v| v.to_string()).collect()))
        .collect()
}

const ACTIVE: (&str, &[&str]) = ("status", &["active"]);

fn retrieve(path: &str) -> (String, Option<String>) {
    match route(path, "") {
        Route::Retrieve { raw_id, ror_id } => (raw_id, ror_id),
        other => panic!("{path:?}: {other:?}"),
    }
}

// ---------------------------------------------------------------- §11.1 routing, ids, retrieve

#[test]
fn row_01_02_retrieve_canonical_ids() {
    let (_, id) = retrieve("/v1/organizations/https://ror.org/02atag894");
    assert_eq!(id.as_deref(), Some("https://ror.org/02atag894"));
    let (_, id) = retrieve("/v1/organizations/https://ror.org/052gg0110");
    assert_eq!(
        messages::ror_id_does_not_exist(&id.unwrap_or_default()),
        "ROR ID 'https://ror.org/052gg0110' does not exist"
    );
}

#[test]
fn row_03_not_a_valid_ror_id() {
    let (raw, id) = retrieve("/v1/organizations/https://ror.org/abc123");
    assert_eq!(id, None);
    assert_eq!(
        messages::invalid_ror_id(&raw),
        "'https://ror.org/abc123' is not a valid ROR ID"
    );
}

#[test]
fn row_04_checksum_not_checked() {
    assert_eq!(
        retrieve("/v1/organizations/https://ror.org/0qwerty89")
            .1
            .as_deref(),
        Some("https://ror.org/0qwerty89")
    );
}

#[test]
fn row_05_seven_retrieve_forms() {
    for p in [
        "https://ror.org/02atag894",
        "http://ror.org/02atag894",
        "ror.org/02atag894",
        "02atag894",
        "ror.org%2F02atag894",
        "http%3A%2F%2Fror.org%2F02atag894",
        "https%3A%2F%2Fror.org%2F02atag894",
        // what a client that encodes the id once more sends: decoded by the server, then by get_ror_id
        "https%253A%252F%252Fror.org%252F02atag894",
    ] {
        let (_, id) = retrieve(&format!("/v1/organizations/{p}"));
        assert_eq!(id.as_deref(), Some("https://ror.org/02atag894"), "{p}");
    }
}

#[test]
fn row_06_seven_query_forms_skip_status_default() {
    for q in [
        "https://ror.org/02atag894",
        "http://ror.org/02atag894",
        "ror.org/02atag894",
        "02atag894",
        "ror.org%252F02atag894",
        "http%253A%252F%252Fror.org%252F02atag894",
        "https%253A%252F%252Fror.org%252F02atag894",
    ] {
        let s = search(&format!("query={q}"));
        assert_eq!(
            s.main,
            MainQuery::RorId("https://ror.org/02atag894".into()),
            "{q}"
        );
        assert!(s.filters.is_empty());
    }
}

#[test]
fn row_07_not_ids() {
    for s in ["no id here", "http://0w7hudk23", "https://0w7hudk23"] {
        assert_eq!(get_ror_id(s), None, "{s}");
    }
}

#[test]
fn row_08_id_forms() {
    for s in [
        "0w7hudk23",
        "ror.org/0w7hudk23",
        "ror.org%2F0w7hudk23",
        "ror.org%2f0w7hudk23",
        "http://ror.org/0w7hudk23",
        "http%3A%2F%2Fror.org%2F0w7hudk23",
        "https://ror.org/0w7hudk23",
        "https%3A%2F%2Fror.org%2F0w7hudk23",
        "0w7hudk%32%33",
    ] {
        assert_eq!(
            get_ror_id(s).as_deref(),
            Some("https://ror.org/0w7hudk23"),
            "{s}"
        );
    }
    for s in [
        "https://ror.org/abc123",
        "0w7hudk2a",
        "https://ror.org/0w7hudk234",
        " 0w7hudk23",
        "0w7hudk23 ",
    ] {
        assert_eq!(get_ror_id(s), None, "{s}");
    }
    // Unicode \w and \d, a final "\n" (Python `$`), case kept, no checksum.
    assert_eq!(get_ror_id("0ééééééé٣").as_deref(), None);
    assert_eq!(
        get_ror_id("0éééééé٣٤").as_deref(),
        Some("https://ror.org/0éééééé٣٤")
    );
    assert_eq!(
        get_ror_id("0w7hudk23\n").as_deref(),
        Some("https://ror.org/0w7hudk23")
    );
    assert_eq!(
        get_ror_id("0w7hudk23%0A").as_deref(),
        Some("https://ror.org/0w7hudk23")
    );
    assert_eq!(get_ror_id("0w7hudk23\n\n"), None);
    assert_eq!(get_ror_id("0abcdef²³"), None);
}

#[test]
fn row_09_upper_case_id_is_well_formed() {
    let (_, id) = retrieve("/v1/organizations/0W7HUDK23");
    let id = id.unwrap_or_default();
    assert_eq!(
        messages::ror_id_does_not_exist(&id),
        "ROR ID 'https://ror.org/0W7HUDK23' does not exist"
    );
}

#[test]
fn row_10_bad_prefixes() {
    for p in [
        "HTTPS://ror.org/02atag894",
        "https://www.ror.org/02atag894",
        "ror.org/02atag894/",
    ] {
        let (raw, id) = retrieve(&format!("/v1/organizations/{p}"));
        assert_eq!((raw.as_str(), id), (p, None));
        assert_eq!(
            messages::invalid_ror_id(&raw),
            format!("'{p}' is not a valid ROR ID")
        );
    }
}

#[test]
fn row_11_trailing_slash_is_retrieve_of_empty_id() {
    let (raw, id) = retrieve("/v1/organizations/");
    assert_eq!((raw.as_str(), id), ("", None));
    assert_eq!(messages::invalid_ror_id(&raw), "'' is not a valid ROR ID");
}

#[test]
fn row_13_heartbeat_and_other_routes() {
    assert_eq!(route("/v1/heartbeat", "x=1"), Route::Heartbeat);
    assert_eq!(route("/v1/", ""), Route::ApiRoot);
    assert_eq!(route("/v1/.json", "format=api"), Route::ApiRoot);
    assert_eq!(route("/v1/", "format=api"), Route::FormatNotFound);
    assert_eq!(route("/v1/.api", ""), Route::FormatNotFound);
    assert_eq!(
        route("/v1", "a=b c"),
        Route::AppendSlash {
            location: "/v1/?a=b%20c".into()
        }
    );
    assert_eq!(
        route("/v1", ""),
        Route::AppendSlash {
            location: "/v1/".into()
        }
    );
    for p in [
        "/heartbeat",
        "/organizations",
        "/organizations/02atag894",
        "/v2/organizations",
        "/v1/heartbeat/",
        "/v1/organization",
        "/v1/organizations.JSON",
        "/v1/organizationsx",
        "/v1/organizations/02a%0Atag894",
        "/v1/organizations/02atag894%0A%0A",
        "v1/organizations",
        "",
        "/",
    ] {
        assert_eq!(route(p, ""), Route::NotFound, "{p}");
    }
    // One trailing newline is accepted by Django's `$` and not captured (spec §12, gotcha 21).
    assert_eq!(
        route("/v1/organizations/02atag894%0A", ""),
        Route::Retrieve {
            raw_id: "02atag894".into(),
            ror_id: Some("https://ror.org/02atag894".into())
        }
    );
    assert_eq!(route("/v1/heartbeat%0A", ""), Route::Heartbeat);
    // The path is decoded once by the server before routing.
    assert!(matches!(
        route("/v1/organization%73", "query=x"),
        Route::List(ListRequest::Search(_))
    ));
    assert!(matches!(
        route("/v1/organizations.json", ""),
        Route::List(ListRequest::Search(_))
    ));
    assert!(matches!(
        route("/v1/organizations.json/", ""),
        Route::List(ListRequest::Search(_))
    ));
    assert_eq!(
        route("/v1/organizations.api", ""),
        Route::List(ListRequest::FormatNotFound)
    );
    assert!(matches!(
        route("/v1/organizations.json", "format=api"),
        Route::List(ListRequest::Search(_))
    ));
    assert_eq!(
        retrieve("/v1/organizations/02atag894.json"),
        ("02atag894.json".into(), None)
    );
    assert_eq!(
        route("/v1/organizations/02atag894", "format=api"),
        Route::FormatNotFound
    );
    assert_eq!(retrieve("/v1/organizations/%FF"), ("%FF".into(), None));
    assert_eq!(retrieve("/v1/organizations//x"), ("/x".into(), None));
    // Django's TooManyFieldsSent (1 000 `&`) → 400, for every DRF view.
    let many = "a=1&".repeat(1000);
    assert_eq!(route("/v1/organizations", &many), Route::BadRequest);
    assert_eq!(
        route("/v1/organizations/02atag894", &many),
        Route::BadRequest
    );
    assert_eq!(route("/v1/", &many), Route::BadRequest);
    assert_eq!(route("/v1/.json", &many), Route::ApiRoot);
    assert_eq!(route("/v1/heartbeat", &many), Route::Heartbeat);
}

// ---------------------------------------------------------------- §11.2 validation and errors

#[test]
fn row_14_illegal_parameters_in_order() {
    assert_eq!(
        errors("query=query&illegal=whatever&another=3"),
        [
            "query parameter 'illegal' is illegal",
            "query parameter 'another' is illegal"
        ]
    );
}

#[test]
fn row_15_bad_all_status() {
    assert_eq!(errors("all_status=foo"), [messages::ALL_STATUS]);
    assert_eq!(
        messages::ALL_STATUS,
        "allowed values for all_status parameter are empty (no value), true or false"
    );
}

#[test]
fn row_16_query_and_advanced() {
    assert_eq!(
        errors("query=query&query.advanced=query"),
        ["query and query.advanced parameters cannot be combined. please use either query OR query.advanced"]
    );
}

#[test]
fn row_17_illegal_field() {
    assert_eq!(
        errors("query.advanced=foo:bar"),
        ["string 'foo' contains an illegal field name"]
    );
}

#[test]
fn row_18_filter_errors_in_order() {
    assert_eq!(
        errors("query=query&filter=fi1:e,types:F,f3,field2:44"),
        [
            "filter 'f3' is not in the key:value form",
            "filter key 'fi1' is illegal",
            "filter key 'field2' is illegal"
        ]
    );
}

#[test]
fn row_19_bad_pages_one_error_each() {
    for p in ["whatever", "-5", "0", "501", "10001"] {
        let e = errors(&format!("query=query&page={p}"));
        assert_eq!(e.len(), 1);
        assert!(e[0].contains(p), "{e:?}");
    }
}

#[test]
fn row_20_six_errors_in_order() {
    assert_eq!(
        errors(
            "query=query&illegal=whatever&filter=fi1:e,types:F,f3,field2:44&another=3&page=third"
        ),
        [
            "query parameter 'illegal' is illegal",
            "query parameter 'another' is illegal",
            "filter 'f3' is not in the key:value form",
            "filter key 'fi1' is illegal",
            "filter key 'field2' is illegal",
            "page 'third' is not an integer",
        ]
    );
}

#[test]
fn row_21_22_valid_combinations() {
    let s = search(
        "query=query&page=4&filter=country.country_code:DE,types:s,status:inactive&all_status=",
    );
    assert_eq!(s.page, 4);
    assert_eq!(
        s.filters,
        f(&[
            ("country.country_code", &["DE"]),
            ("types", &["S"]),
            ("status", &["inactive"])
        ])
    );
    let s = search("query=query&page=4&filter=country.country_name:Germany,types:s,status:inactive&all_status=");
    assert_eq!(
        s.filters,
        f(&[
            ("country.country_name", &["Germany", "Germany"]),
            ("types", &["S"]),
            ("status", &["inactive"])
        ])
    );
}

#[test]
fn row_23_legal_advanced_queries() {
    for q in [
        "query",
        "addresses.%5C*:bar",
        "_exists_:id",
        "query%5C:query",
    ] {
        assert!(
            matches!(
                search(&format!("query.advanced={q}")).main,
                MainQuery::Advanced(_)
            ),
            "{q}"
        );
    }
}

#[test]
fn row_24_empty_all_status() {
    for qs in [
        "query=query&all_status=",
        "query.advanced=query&all_status=",
        "all_status=",
    ] {
        assert!(search(qs).filters.is_empty(), "{qs}");
    }
}

#[test]
fn row_25_errors_only() {
    let qs = "query=query&illegal=whatever&filter=fi1:e,types:F,f3,field2:44&another=3&page=third";
    assert!(matches!(route(LIST_PATH, qs), Route::List(ListRequest::Errors(e)) if e.len() == 6));
}

#[test]
fn row_26_page_not_integer() {
    assert_eq!(
        errors("query=query&page=whatever"),
        ["page 'whatever' is not an integer"]
    );
}

#[test]
fn row_27_page_out_of_range() {
    assert_eq!(
        errors("query=query&page=10000"),
        ["page '10000' outside of range 1-500"]
    );
}

#[test]
fn row_28_page_not_python_int() {
    assert_eq!(errors("page=5.0"), ["page '5.0' is not an integer"]);
    assert_eq!(errors("page="), ["page '' is not an integer"]);
}

#[test]
fn row_29_parsed_page_printed() {
    assert_eq!(errors("page=0501"), ["page '501' outside of range 1-500"]);
    assert_eq!(errors("page=-0"), ["page '0' outside of range 1-500"]);
    assert_eq!(
        errors("page=99999999999999999999999"),
        ["page '99999999999999999999999' outside of range 1-500"]
    );
    assert_eq!(
        errors("page=%2B000099999999999999999999"),
        ["page '99999999999999999999' outside of range 1-500"]
    );
    assert_eq!(
        errors("page=-1_000"),
        ["page '-1000' outside of range 1-500"]
    );
}

#[test]
fn row_30_python_int_pages() {
    for (p, want) in [
        ("%207%20", 7),
        ("%2B3", 3),
        ("1_0", 10),
        ("500", 500),
        ("%D9%A3", 3),
        ("%EF%BC%95", 5),
        ("%E3%80%805", 5),
    ] {
        assert_eq!(search(&format!("page={p}")).page, want, "{p}");
    }
    // CPython strips only ASCII white space after its transform: \x1c..\x1f are errors (the oracle accepts them).
    assert_eq!(errors("page=%1C5"), ["page '\u{1c}5' is not an integer"]);
}

#[test]
fn row_31_illegal_name_hides_all_status() {
    assert_eq!(
        errors("all_status=foo&bad=1"),
        ["query parameter 'bad' is illegal"]
    );
}

#[test]
fn row_32_illegal_name_hides_combination() {
    assert_eq!(
        errors("query=q&query.advanced=x&bad=1"),
        ["query parameter 'bad' is illegal"]
    );
}

#[test]
fn row_33_five_errors() {
    assert_eq!(
        errors("query.advanced=a:b&filter=x&page=0&all_status=maybe&query=y"),
        [
            messages::ALL_STATUS,
            messages::QUERY_AND_ADVANCED,
            "string 'a' contains an illegal field name",
            "filter 'x' is not in the key:value form",
            "page '0' outside of range 1-500",
        ]
    );
}

#[test]
fn row_34_colons_in_values() {
    assert_eq!(
        errors("query.advanced=links:https://ox.ac.uk"),
        ["string 'https' contains an illegal field name"]
    );
    search("query.advanced=links:https%5C://ox.ac.uk");
}

#[test]
fn row_35_sub_fields_and_objects() {
    assert_eq!(
        errors("query.advanced=name.keyword:Oxford"),
        ["string 'name.keyword' contains an illegal field name"]
    );
    assert_eq!(
        errors("query.advanced=addresses:Oxford"),
        ["string 'addresses' contains an illegal field name"]
    );
}

#[test]
fn row_36_ukprn_misspelling() {
    assert_eq!(
        errors("query.advanced=external_ids.UKPRN.all:10007774"),
        ["string 'external_ids.UKPRN.all' contains an illegal field name"]
    );
    search("query.advanced=external_ids.UKPRNS.all:10007774");
}

#[test]
fn row_37_suffix_rule() {
    for q in [
        "university%20AND%20name:oxford",
        "(name:foo)",
        "established:%3E2000",
        "addresses.geonames_city.nuts_level1.name:x",
        "valid:x",
        "rename:x",
    ] {
        search(&format!("query.advanced={q}"));
    }
}

#[test]
fn row_38_colon_in_quotes() {
    assert_eq!(
        errors("query.advanced=name:%22foo:bar%22"),
        ["string '\"foo' contains an illegal field name"]
    );
}

#[test]
fn row_39_value_named_status() {
    assert_eq!(
        errors("query.advanced=foo:status"),
        ["string 'foo' contains an illegal field name"]
    );
}

#[test]
fn row_40_sort_is_illegal() {
    assert_eq!(errors("sort=id"), ["query parameter 'sort' is illegal"]);
}

#[test]
fn row_41_query_names_redirect() {
    assert_eq!(
        ListRequest::from_query("query.names=query"),
        ListRequest::Redirect {
            location: "/v1/organizations?query=query".into()
        }
    );
}

#[test]
fn row_42_query_name_redirect_then_same_search() {
    for (qs, location) in [
        (
            "query.name=university",
            "/v1/organizations?query=university",
        ),
        (
            "query.name=university&page=7",
            "/v1/organizations?page=7&query=university",
        ),
        (
            "query.name=university&filter=country.country_code:US",
            "/v1/organizations?filter=country.country_code%3AUS&query=university",
        ),
        (
            "query.name=university&page=7&filter=country.country_code:US",
            "/v1/organizations?page=7&filter=country.country_code%3AUS&query=university",
        ),
        (
            "query=old&query.name=new+one&format=json",
            "/v1/organizations?query=new+one&format=json",
        ),
        (
            "query.name=a&query.names=b",
            "/v1/organizations?query.names=b&query=a",
        ),
    ] {
        let r = ListRequest::from_query(qs);
        assert_eq!(
            r,
            ListRequest::Redirect {
                location: location.into()
            },
            "{qs}"
        );
    }
    // Following the redirect gives the same search as asking with `query` directly.
    let followed =
        ListRequest::from_query("page=7&filter=country.country_code%3AUS&query=university");
    assert_eq!(
        followed,
        ListRequest::from_query("query=university&page=7&filter=country.country_code:US")
    );
    // Two hops when both are present; the `query.names` value wins.
    assert_eq!(
        ListRequest::from_query("query.names=b&query=a"),
        ListRequest::Redirect {
            location: "/v1/organizations?query=b".into()
        }
    );
    // The path kept is the (decoded) request path, format suffix included.
    assert_eq!(
        route("/v1/organizations.json", "query.name=x%20y"),
        Route::List(ListRequest::Redirect {
            location: "/v1/organizations.json?query=x+y".into()
        })
    );
    // format is checked before the redirect.
    assert_eq!(
        ListRequest::from_query("query.name=x&format=api"),
        ListRequest::FormatNotFound
    );
}

#[test]
fn row_43_affiliation_skips_validation() {
    assert_eq!(
        ListRequest::from_query("affiliation=x&page=abc&bogus=1&all_status=maybe"),
        ListRequest::Affiliation {
            affiliation: "x".into(),
            all_statuses: false
        }
    );
    for (qs, all) in [
        ("affiliation=", false),
        ("affiliation=a&all_status", true),
        ("affiliation=a&all_status=TRUE", true),
        ("affiliation=a&all_status=false", false),
        ("affiliation=a&all_status=%20", false),
    ] {
        assert!(
            matches!(ListRequest::from_query(qs), ListRequest::Affiliation { all_statuses, .. } if all_statuses == all),
            "{qs}"
        );
    }
}

#[test]
fn row_44_format() {
    assert_eq!(
        ListRequest::from_query("format=json&query=x"),
        ListRequest::from_query("query=x")
    );
    assert_eq!(
        ListRequest::from_query("format=&query=x"),
        ListRequest::from_query("query=x")
    );
    assert_eq!(
        ListRequest::from_query("format=api"),
        ListRequest::FormatNotFound
    );
    assert_eq!(
        ListRequest::from_query("format=JSON"),
        ListRequest::FormatNotFound
    );
    assert_eq!(
        ListRequest::from_query("format=api&format=json"),
        ListRequest::Search(search(""))
    );
    assert_eq!(
        ListRequest::from_query("format=api&affiliation=x"),
        ListRequest::FormatNotFound
    );
}

// ---------------------------------------------------------------- §11.3 query construction (the parts decided here)

#[test]
fn row_45_to_62_main_query_filters_page() {
    assert_eq!(
        search(""),
        SearchSpec {
            main: MainQuery::All,
            filters: f(&[ACTIVE]),
            page: 1
        }
    );
    assert_eq!(
        search("all_status="),
        SearchSpec {
            main: MainQuery::All,
            filters: vec![],
            page: 1
        }
    );
    assert_eq!(search("all_status=false"), search(""));
    assert_eq!(search("all_status=FaLsE"), search(""));
    assert_eq!(
        search("query=0w7hudk23").main,
        MainQuery::RorId("https://ror.org/0w7hudk23".into())
    );
    assert!(search("query=0w7hudk23").filters.is_empty());
    assert_eq!(
        search("query=query terms").main,
        MainQuery::Quick("query terms".into())
    );
    assert_eq!(search("query=query+terms").filters, f(&[ACTIVE]));
    assert!(search("query=query+terms&all_status=").filters.is_empty());
    assert_eq!(
        search("query.advanced=query+terms").main,
        MainQuery::Advanced("query terms".into())
    );
    assert_eq!(search("query.advanced=query+terms").filters, f(&[ACTIVE]));
    assert!(search("query.advanced=query+terms&all_status=")
        .filters
        .is_empty());
    assert_eq!(
        search("query.advanced=query+terms&filter=status:inactive").filters,
        f(&[("status", &["inactive"])])
    );
    assert!(search("query.advanced=status:inactive").filters.is_empty());
    assert_eq!(search("page=5").page, 5);
    assert_eq!(search("page=5&query=query+terms").page, 5);
    assert_eq!(
        search("query=0w7hudk23&filter=status:inactive").filters,
        f(&[("status", &["inactive"])])
    );
    assert!(search("query.advanced=NOT+status:active")
        .filters
        .is_empty());
    assert!(search("query.advanced=xstatus:a").filters.is_empty());
    assert_eq!(
        search("query.advanced=_exists_:status").filters,
        f(&[ACTIVE])
    );
    assert_eq!(search("query=").main, MainQuery::Quick(String::new()));
    assert_eq!(
        search("query.advanced=").main,
        MainQuery::Advanced(String::new())
    );
    // build step only (validation rejects these keys): the key order ES receives, default status last
    let p = parse_query_string("filter=key1:val1,k2:value2");
    assert_eq!(
        search_filters(&p, None),
        f(&[("key1", &["val1"]), ("k2", &["value2"]), ACTIVE])
    );
    let p = parse_query_string("filter=key1:val1,k2:value2,status:inactive");
    assert_eq!(
        search_filters(&p, None),
        f(&[
            ("key1", &["val1"]),
            ("k2", &["value2"]),
            ("status", &["inactive"])
        ])
    );
    let p = parse_query_string("filter=key1:val1,k2:value2&all_status=");
    assert_eq!(
        search_filters(&p, None),
        f(&[("key1", &["val1"]), ("k2", &["value2"])])
    );
}

// ---------------------------------------------------------------- §11.4 filters

#[test]
fn row_63_types_or() {
    assert_eq!(
        filters("filter=types:company,types:EDUCATION"),
        f(&[("types", &["Company", "Education"]), ACTIVE])
    );
}

#[test]
fn row_64_country_code_upper() {
    assert_eq!(
        filters("filter=country.country_code:us"),
        f(&[("country.country_code", &["US"]), ACTIVE])
    );
}

#[test]
fn row_65_country_name_titlecase_twice() {
    for v in ["united%20states", "UNITED%20STATES"] {
        assert_eq!(
            filters(&format!("filter=country.country_name:{v}")),
            f(&[
                ("country.country_name", &["United States", "United States"]),
                ACTIVE
            ])
        );
    }
}

#[test]
fn row_66_titlecase_rules() {
    for (v, want) in [
        ("united%20KINGDOM", "United KINGDOM"),
        ("the%20netherlands", "The Netherlands"),
        ("u.s.%20virgin%20islands", "u.s. Virgin Islands"),
        (
            "heard%20island%20and%20mcdonald%20islands",
            "Heard Island and McDonald Islands",
        ),
        ("%20%20south%20%20%20%20africa%20", "South Africa"),
    ] {
        let got = filters(&format!("filter=country.country_name:{v}"));
        assert_eq!(
            got,
            f(&[("country.country_name", &[want, want]), ACTIVE]),
            "{v}"
        );
    }
}

#[test]
fn row_67_status_lower_no_default() {
    assert_eq!(
        filters("filter=status:INACTIVE"),
        f(&[("status", &["inactive"])])
    );
    assert_eq!(
        filters("filter=status:inactive,status:withdrawn"),
        f(&[("status", &["inactive", "withdrawn"])])
    );
}

#[test]
fn row_68_second_colon_dropped_and_empty_value() {
    assert_eq!(filters("filter=types:a:b"), f(&[("types", &["A"]), ACTIVE]));
    assert_eq!(filters("filter=types:"), f(&[("types", &[""]), ACTIVE]));
}

#[test]
fn row_69_keys_not_trimmed_or_folded() {
    assert_eq!(
        errors("filter=%20types:Company"),
        ["filter key ' types' is illegal"]
    );
    assert_eq!(
        errors("filter=Types:Company"),
        ["filter key 'Types' is illegal"]
    );
}

#[test]
fn row_70_comma_country_names_regression() {
    assert_eq!(
        errors("filter=country.country_name:Korea,%20Republic%20of"),
        ["filter ' Republic of' is not in the key:value form"]
    );
    assert_eq!(
        errors("filter=country.country_name:Bonaire,%20Saint%20Eustatius%20and%20Saba"),
        ["filter ' Saint Eustatius and Saba' is not in the key:value form"]
    );
}

#[test]
fn row_71_country_name_extracted_twice() {
    assert_eq!(
        filters("filter=country.country_name:Germany,country.country_name:France"),
        f(&[
            ("country.country_name", &["Germany", "France", "Germany"]),
            ACTIVE
        ])
    );
}

// ---------------------------------------------------------------- meta titles, totality

#[test]
fn country_titles() {
    assert_eq!(country_title("GB"), Some("United Kingdom"));
    assert_eq!(
        country_title("BQ"),
        Some("Bonaire, Saint Eustatius and Saba ")
    );
    assert_eq!(country_title("SZ"), Some("Swaziland"));
    assert_eq!(country_title("ZZ"), None);
    assert_eq!(country_title("gb"), None);
    assert_eq!(country_title(""), None);
}

#[test]
fn whitelist_has_61_names() {
    assert_eq!(validate::ADVANCED_FIELDS.len(), 61);
    let mut sorted = validate::ADVANCED_FIELDS.to_vec();
    sorted.dedup();
    assert_eq!(sorted.len(), 61);
}

#[test]
fn total_on_hostile_input() {
    let long = "%".repeat(10_000) + &"%FF".repeat(10_000) + &"mc".repeat(50_000);
    let inputs = [
        format!("page={}", "9".repeat(100_000)),
        format!("filter=country.country_name:{long}"),
        format!("filter=types:{long}"),
        format!("query.advanced={}", ":".repeat(100_000)),
        format!("query={long}"),
        format!("filter={}", "country.country_name:,".repeat(10_000)),
        "\u{0}=\u{0}&%00=%00".to_string(),
    ];
    for qs in &inputs {
        let _ = route(LIST_PATH, qs);
        let _ = route(&format!("/v1/organizations/{qs}"), qs);
    }
    assert_eq!(
        errors(&inputs[0]),
        [format!(
            "page '{}' outside of range 1-500",
            "9".repeat(100_000)
        )]
    );
}

/// CPython's own answers for 2,000 random strings over a tricky alphabet (`scripts/params/gen_pycompat_cases.py`).
#[test]
fn pycompat_agrees_with_cpython() {
    use super::pycompat::{capitalize, collapse_whitespace, lower, py_int, title, upper};
    let data = include_str!("../../../tests/data/params/pycompat.jsonl");
    let mut n = 0;
    for line in lines(data) {
        let row: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let s = row["s"].as_str().unwrap_or_default();
        let want = |k: &str| row[k].as_str().map(str::to_string);
        let mut check = |k: &str, got: Option<String>| {
            if row.get(k).is_some() {
                assert_eq!(got, want(k), "{k}({s:?})");
                n += 1;
            }
        };
        check("title", Some(title(s)));
        check("upper", Some(upper(s)));
        check("lower", Some(lower(s)));
        check("capitalize", Some(capitalize(s)));
        check("collapse", Some(collapse_whitespace(s)));
        check("titlecase", Some(super::titlecase::titlecase(s)));
        check("int", py_int(s).map(|i| i.to_string()));
        check("unquote", Some(unquote(s).into_owned()));
        check("ror_id", get_ror_id(s));
    }
    assert_eq!(n, 8_400, "checks run");
}
