//! The spec-§11 behavioural corpus (`tests/data/spec/rows.jsonl`; its README defines the vocabulary) run
//! through `Engine::request` on the bundled dump, and on the crafted dump for the cases that say
//! `"index":"crafted"`. The npm package runs the same file (`tests/node/spec-rows.test.mjs`).
//!
//! Every case is checked completely and all failures are reported together, each naming its §11 row, its line
//! and its request, so one run lists every disagreement with the spec.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

use super::common::{data, full_engine};
use ror_wasm::engine::{Engine, FixedClock, Response};

const CLOCK: FixedClock = FixedClock(1_764_000_000_000);

/// The vocabulary of `rows.jsonl` (an unknown key is a failure, so a typo cannot pass silently).
const KEYS: &[&str] = &[
    "row",
    "index",
    "req",
    "follow",
    "pages",
    "status",
    "content_type",
    "location",
    "body_text",
    "body_contains",
    "body",
    "body_record",
    "errors",
    "errors_contain",
    "errors_prefix",
    "list",
    "total",
    "total_below",
    "items",
    "first",
    "ids",
    "items_records",
    "items_all",
    "meta",
    "meta_ids",
    "meta_has",
    "same_as",
    "distinct_ids",
    "stable",
    "note",
];

/// The engine over `tests/data/spec/crafted-dump.json` (spec §9.5 and §11.6 records no real record shows).
fn crafted_engine() -> &'static Mutex<Engine> {
    static ENGINE: OnceLock<Mutex<Engine>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let dump = std::fs::read(data("tests/data/spec/crafted-dump.json")).expect("crafted dump");
        let built =
            ror_wasm::build::build_index(&dump, &mut |_| {}).expect("the crafted dump builds");
        Mutex::new(Engine::load(built.bytes).expect("the crafted index loads"))
    })
}

/// Exact record texts by id (`records.jsonl`, made by the reference serializer).
fn records() -> HashMap<String, String> {
    std::fs::read_to_string(data("tests/data/spec/records.jsonl"))
        .expect("records.jsonl")
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("record json");
            (
                v["id"].as_str().unwrap_or_default().to_owned(),
                l.to_owned(),
            )
        })
        .collect()
}

/// A response with its body parsed when it is JSON.
struct Got {
    r: Response,
    json: Option<Value>,
}

fn get(engine: &mut Engine, req: &str) -> Got {
    let r = engine.request(req, &CLOCK);
    let json = if r.content_type == "application/json" {
        serde_json::from_str(&r.body).ok()
    } else {
        None
    };
    Got { r, json }
}

/// Follows `Location` headers (at most 5 hops).
fn follow(engine: &mut Engine, req: &str) -> Got {
    let mut got = get(engine, req);
    for _ in 0..5 {
        match (&got.r.status, &got.r.location) {
            (301 | 302, Some(loc)) => {
                let loc = loc.clone();
                got = get(engine, &loc);
            }
            _ => break,
        }
    }
    got
}

/// The body without `time_taken` (after checking it is a non-negative integer).
fn comparable(v: &Value, problems: &mut Vec<String>) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        if let Some(t) = o.remove("time_taken") {
            if !t.is_u64() {
                problems.push(format!("time_taken is not a non-negative integer: {t}"));
            }
        }
    }
    v
}

/// The raw-text shape of a list response (key order of spec §8.1 and §8.3).
fn envelope(body: &str, v: &Value, problems: &mut Vec<String>) {
    let keys: Vec<&str> = v
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    if sorted != ["items", "meta", "number_of_results", "time_taken"] {
        problems.push(format!("list keys are {keys:?}"));
        return;
    }
    let total_end = "{\"number_of_results\":".len();
    let ok = body.starts_with("{\"number_of_results\":")
        && body[total_end..]
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(",\"time_taken\":")
        && body.ends_with("]}}");
    let meta_at = body
        .rfind("],\"meta\":{\"types\":[")
        .or_else(|| body.rfind("[],\"meta\":{\"types\":["));
    let meta_ok = meta_at.is_some_and(|at| {
        let m = &body[at..];
        match (m.find("],\"countries\":["), m.find("],\"statuses\":[")) {
            (Some(c), Some(s)) => c < s,
            _ => false,
        }
    });
    if !ok || !meta_ok {
        problems.push("list body is not {number_of_results,time_taken,items,meta{types,countries,statuses}} in this order".into());
    }
    let items = v["items"].as_array().map_or(0, Vec::len);
    if items > 20 {
        problems.push(format!("{items} items on a page"));
    }
    for facet in ["types", "countries", "statuses"] {
        let list = v["meta"][facet].as_array().cloned().unwrap_or_default();
        if list.len() > 10 {
            problems.push(format!("meta.{facet} has {} buckets", list.len()));
        }
        for b in &list {
            let mut k: Vec<&str> = b
                .as_object()
                .map(|o| o.keys().map(String::as_str).collect())
                .unwrap_or_default();
            k.sort_unstable();
            if k != ["count", "id", "title"] {
                problems.push(format!("meta.{facet} bucket {b}"));
            }
        }
    }
}

fn at_path<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

fn ids_of(v: &Value) -> Vec<String> {
    v["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| i["id"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The messages of an `{"errors":[...]}` body (exactly that one key), or a problem.
fn errors_of<'v>(got: &'v Got, problems: &mut Vec<String>) -> Option<Vec<&'v str>> {
    match got.json.as_ref().and_then(Value::as_object) {
        Some(o) if o.len() == 1 && o.get("errors").is_some_and(Value::is_array) => Some(
            o["errors"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|e| e.as_str().unwrap_or("<not a string>"))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        _ => {
            problems.push(format!(
                "body is not {{\"errors\":[...]}}: {}",
                short(&got.r.body)
            ));
            None
        }
    }
}

fn short(s: &str) -> String {
    if s.len() > 400 {
        let mut end = 400;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}… ({} bytes)", &s[..end], s.len())
    } else {
        s.to_owned()
    }
}

/// The checks that concern one response.
fn check_response(
    c: &Value,
    got: &Got,
    engine: &mut Engine,
    records: &HashMap<String, String>,
    problems: &mut Vec<String>,
) {
    let body = &got.r.body;
    if let Some(s) = c.get("status").and_then(Value::as_u64) {
        if u64::from(got.r.status) != s {
            problems.push(format!(
                "status {} (expected {s}); body {}",
                got.r.status,
                short(body)
            ));
        }
    }
    if let Some(ct) = c.get("content_type").and_then(Value::as_str) {
        if !got.r.content_type.starts_with(ct) {
            problems.push(format!(
                "content type {} (expected {ct})",
                got.r.content_type
            ));
        }
    }
    if let Some(loc) = c.get("location") {
        if got.r.location.as_deref() != loc.as_str() {
            problems.push(format!("location {:?} (expected {loc})", got.r.location));
        }
    }
    if let Some(t) = c.get("body_text").and_then(Value::as_str) {
        if body != t {
            problems.push(format!(
                "body text\n    got      {}\n    expected {}",
                short(body),
                short(t)
            ));
        }
    }
    for s in c
        .get("body_contains")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let s = s.as_str().unwrap_or("");
        if !body.contains(s) {
            problems.push(format!("body does not contain {s:?}: {}", short(body)));
        }
    }
    if let Some(id) = c.get("body_record").and_then(Value::as_str) {
        match records.get(id) {
            Some(t) if t == body => {}
            Some(t) => problems.push(format!(
                "body text\n    got      {}\n    expected {}",
                short(body),
                short(t)
            )),
            None => problems.push(format!("no expected text for {id} in records.jsonl")),
        }
    }
    let json = got.json.as_ref();
    if let Some(v) = json {
        if v.get("number_of_results").is_some() {
            envelope(body, v, problems);
        }
    }
    if let Some(expected) = c.get("body") {
        match json {
            Some(v) => {
                let (g, e) = (comparable(v, problems), comparable(expected, problems));
                if g != e {
                    problems.push(format!(
                        "body\n    got      {}\n    expected {}",
                        short(&g.to_string()),
                        short(&e.to_string())
                    ));
                }
            }
            None => problems.push(format!("body is not JSON: {}", short(body))),
        }
    }
    if let Some(expected) = c.get("errors").and_then(Value::as_array) {
        let e: Vec<&str> = expected.iter().map(|e| e.as_str().unwrap_or("")).collect();
        if let Some(got_errors) = errors_of(got, problems) {
            if got_errors != e {
                problems.push(format!("errors {got_errors:?} (expected {e:?})"));
            }
        }
    }
    for (key, test) in [("errors_contain", 0), ("errors_prefix", 1)] {
        if let Some(expected) = c.get(key).and_then(Value::as_array) {
            let Some(got_errors) = errors_of(got, problems) else {
                continue;
            };
            let ok = got_errors.len() == expected.len()
                && got_errors.iter().zip(expected).all(|(g, e)| {
                    let e = e.as_str().unwrap_or("");
                    if test == 0 {
                        g.contains(e)
                    } else {
                        g.starts_with(e)
                    }
                });
            if !ok {
                problems.push(format!(
                    "errors {got_errors:?} do not match {key} {expected:?}"
                ));
            }
        }
    }
    let list = json.filter(|v| v.get("number_of_results").is_some());
    if c.get("list").and_then(Value::as_bool) == Some(true) && list.is_none() {
        problems.push(format!("not a list response: {}", short(body)));
    }
    let wants_list = [
        "total",
        "total_below",
        "items",
        "first",
        "ids",
        "items_records",
        "items_all",
        "meta",
        "meta_ids",
        "meta_has",
    ]
    .iter()
    .any(|k| c.get(*k).is_some());
    if !wants_list {
        return;
    }
    let Some(v) = list else {
        if c.get("list").is_none() {
            problems.push(format!("not a list response: {}", short(body)));
        }
        return;
    };
    let total = v["number_of_results"].as_u64().unwrap_or(u64::MAX);
    if let Some(t) = c.get("total").and_then(Value::as_u64) {
        if total != t {
            problems.push(format!("number_of_results {total} (expected {t})"));
        }
    }
    if let Some(other) = c.get("total_below").and_then(Value::as_str) {
        let o = get(engine, other);
        let ot = o
            .json
            .as_ref()
            .and_then(|j| j["number_of_results"].as_u64());
        if ot.is_none_or(|ot| total >= ot) {
            problems.push(format!(
                "number_of_results {total} is not below {ot:?} of {other}"
            ));
        }
    }
    let ids = ids_of(v);
    if let Some(n) = c.get("items").and_then(Value::as_u64) {
        if ids.len() as u64 != n {
            problems.push(format!("{} items (expected {n})", ids.len()));
        }
    }
    if let Some(first) = c.get("first").and_then(Value::as_str) {
        if ids.first().map(String::as_str) != Some(first) {
            problems.push(format!("first item {:?} (expected {first})", ids.first()));
        }
    }
    if let Some(expected) = c.get("ids").and_then(Value::as_array) {
        let e: Vec<&str> = expected.iter().map(|e| e.as_str().unwrap_or("")).collect();
        if ids != e {
            problems.push(format!("ids {ids:?}\n    expected {e:?}"));
        }
    }
    if let Some(expected) = c.get("items_records").and_then(Value::as_array) {
        let items = v["items"].as_array().cloned().unwrap_or_default();
        if items.len() != expected.len() {
            problems.push(format!(
                "{} items (expected the records {expected:?})",
                items.len()
            ));
        }
        for (item, id) in items.iter().zip(expected) {
            let id = id.as_str().unwrap_or("");
            match records
                .get(id)
                .map(|t| (t, serde_json::from_str::<Value>(t)))
            {
                Some((t, Ok(rec))) => {
                    if &rec != item {
                        problems.push(format!("item {} is not the record {id}", item["id"]));
                    } else if !body.contains(t.as_str()) {
                        problems.push(format!(
                            "item {id} is not serialized byte for byte as its record"
                        ));
                    }
                }
                _ => problems.push(format!("no expected text for {id} in records.jsonl")),
            }
        }
    }
    if let Some(all) = c.get("items_all").and_then(Value::as_object) {
        for item in v["items"].as_array().into_iter().flatten() {
            for (path, want) in all {
                let ok = match at_path(item, path) {
                    Some(Value::Array(a)) => a.contains(want),
                    Some(x) => x == want,
                    None => false,
                };
                if !ok {
                    problems.push(format!(
                        "item {} has {path} = {:?} (expected {want})",
                        item["id"],
                        at_path(item, path)
                    ));
                }
            }
        }
    }
    if let Some(m) = c.get("meta") {
        if &v["meta"] != m {
            problems.push(format!(
                "meta\n    got      {}\n    expected {m}",
                v["meta"]
            ));
        }
    }
    if let Some(m) = c.get("meta_ids").and_then(Value::as_object) {
        for (facet, want) in m {
            let got_ids: Vec<Value> = v["meta"][facet]
                .as_array()
                .map(|a| a.iter().map(|b| b["id"].clone()).collect())
                .unwrap_or_default();
            if Some(&got_ids) != want.as_array() {
                problems.push(format!("meta.{facet} ids {got_ids:?} (expected {want})"));
            }
        }
    }
    if let Some(m) = c.get("meta_has").and_then(Value::as_object) {
        for (facet, want) in m {
            let list = v["meta"][facet].as_array().cloned().unwrap_or_default();
            for b in want.as_array().into_iter().flatten() {
                if !list.contains(b) {
                    problems.push(format!("meta.{facet} lacks {b}: {}", v["meta"][facet]));
                }
            }
        }
    }
}

fn check_case(c: &Value, engine: &mut Engine, records: &HashMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(obj) = c.as_object() else {
        return vec!["not a JSON object".into()];
    };
    for k in obj.keys() {
        if !KEYS.contains(&k.as_str()) {
            problems.push(format!("unknown key {k:?}"));
        }
    }
    let req = c["req"].as_str().unwrap_or("");
    let follows = c.get("follow").and_then(Value::as_bool) == Some(true);
    let fetch = |engine: &mut Engine, req: &str| {
        if follows {
            follow(engine, req)
        } else {
            get(engine, req)
        }
    };
    let pages: Vec<u64> = match c.get("pages").and_then(Value::as_array) {
        Some(p) => {
            let (a, b) = (p[0].as_u64().unwrap_or(1), p[1].as_u64().unwrap_or(1));
            (a..=b).collect()
        }
        None => Vec::new(),
    };
    let main = if pages.is_empty() {
        let got = fetch(engine, req);
        check_response(c, &got, engine, records, &mut problems);
        got
    } else {
        let sep = if req.contains('?') { '&' } else { '?' };
        let mut seen = HashSet::new();
        let mut first: Option<(Value, Value)> = None;
        let mut last = None;
        for p in &pages {
            let got = fetch(engine, &format!("{req}{sep}page={p}"));
            let mut page_problems = Vec::new();
            check_response(c, &got, engine, records, &mut page_problems);
            problems.extend(page_problems.into_iter().map(|m| format!("page {p}: {m}")));
            if let Some(v) = &got.json {
                seen.extend(ids_of(v));
                let key = (v["number_of_results"].clone(), v["meta"].clone());
                match &first {
                    None => first = Some(key),
                    Some(f)
                        if c.get("stable").and_then(Value::as_bool) == Some(true) && f != &key =>
                    {
                        problems.push(format!(
                            "page {p}: total or meta differ from page {}",
                            pages[0]
                        ));
                    }
                    _ => {}
                }
            }
            last = Some(got);
        }
        if let Some(n) = c.get("distinct_ids").and_then(Value::as_u64) {
            if seen.len() as u64 != n {
                problems.push(format!(
                    "{} distinct ids over pages {:?}..{:?} (expected {n})",
                    seen.len(),
                    pages.first(),
                    pages.last()
                ));
            }
        }
        match last {
            Some(g) => g,
            None => return problems,
        }
    };
    if let Some(other) = c.get("same_as").and_then(Value::as_str) {
        let o = get(engine, other);
        if o.r.status != main.r.status {
            problems.push(format!(
                "status {} but {} for {other}",
                main.r.status, o.r.status
            ));
        }
        let same = match (&main.json, &o.json) {
            (Some(a), Some(b)) => comparable(a, &mut problems) == comparable(b, &mut problems),
            _ => main.r.body == o.r.body,
        };
        if !same {
            problems.push(format!(
                "body differs from {other}\n    got   {}\n    other {}",
                short(&main.r.body),
                short(&o.r.body)
            ));
        }
    }
    problems
}

#[test]
fn spec_rows_hold() {
    let text = std::fs::read_to_string(data("tests/data/spec/rows.jsonl")).expect("rows.jsonl");
    let records = records();
    let mut failures = Vec::new();
    let mut n = 0usize;
    let mut rows = HashSet::new();
    for (line_no, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let c: Value = match serde_json::from_str(line) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("line {}: not JSON: {e}", line_no + 1));
                continue;
            }
        };
        n += 1;
        rows.insert(c["row"].to_string());
        let problems = match c.get("index").and_then(Value::as_str) {
            Some("crafted") => {
                check_case(&c, &mut crafted_engine().lock().expect("engine"), &records)
            }
            None | Some("full") => {
                check_case(&c, &mut full_engine().lock().expect("engine"), &records)
            }
            Some(other) => vec![format!("unknown index {other:?}")],
        };
        if !problems.is_empty() {
            failures.push(format!(
                "row {} (line {}): {}\n  {}",
                c["row"],
                line_no + 1,
                c["req"].as_str().unwrap_or("?"),
                problems.join("\n  ")
            ));
        }
    }
    assert!(n >= 300, "the corpus holds {n} cases only");
    assert!(
        failures.is_empty(),
        "{} of {n} spec cases ({} rows) fail:\n\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n\n")
    );
}
