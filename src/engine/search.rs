//! The list endpoint: a validated request → the main query's matches → filters → exact total, `meta`
//! facets over every match, the page of 20 by score then dump order → v1 JSON.

use crate::index::schema::paths;
use crate::record;
use crate::sort;

use super::exec::{Exec, Hits, Space};
use super::lucene::{Ctx, Q};
use super::params::{self, ListRequest, MainQuery, SearchSpec};
use super::{Clock, Engine, Response};

/// Page size and the deepest page (spec §7).
pub const PAGE_SIZE: usize = 20;

/// Why a query could not run: what ES rejected with HTTP 400 (the v1 API then answered HTTP 500).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchError(pub String);

pub(super) fn list(engine: &mut Engine, query_string: &str, clock: &dyn Clock) -> Response {
    list_request(engine, ListRequest::from_query(query_string), clock)
}

pub(super) fn list_request(engine: &mut Engine, req: ListRequest, clock: &dyn Clock) -> Response {
    match req {
        ListRequest::Redirect { location } => Response {
            status: 302,
            content_type: "text/html",
            body: String::new(),
            location: Some(location),
        },
        ListRequest::FormatNotFound => super::not_found_detail(),
        ListRequest::Affiliation { .. } => Response::json(
            501,
            super::errors_body(&[AFFILIATION_UNSUPPORTED.to_owned()]),
        ),
        ListRequest::Errors(errors) => Response::json(200, super::errors_body(&errors)),
        ListRequest::Search(spec) => {
            let start = clock.monotonic_ms();
            match run(engine, &spec, clock) {
                Ok(result) => {
                    let took = (clock.monotonic_ms() - start).max(0.0) as u64;
                    Response::json(200, render(engine, &result, took))
                }
                Err(SearchError(msg)) => Response::json(500, super::errors_body(&[msg])),
            }
        }
    }
}

/// The answer to `affiliation=` (not implemented: spec §10 needs ROR's matching heuristics).
pub const AFFILIATION_UNSUPPORTED: &str =
    "affiliation matching is not supported by ror-wasm; use query or query.advanced";

/// The outcome of a search before rendering.
pub struct SearchResult {
    pub total: usize,
    /// The page's records (dump positions), best first.
    pub page: Vec<(u32, f32)>,
    pub meta: Meta,
}

#[derive(Default)]
pub struct Meta {
    /// (value number, count) per facet, already ordered and cut to 10.
    pub types: Vec<(u32, u32)>,
    pub countries: Vec<(u32, u32)>,
    pub statuses: Vec<(u32, u32)>,
}

/// Java's `String.trim().isEmpty()`.
fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c <= ' ')
}

pub fn run(
    engine: &mut Engine,
    spec: &SearchSpec,
    clock: &dyn Clock,
) -> Result<SearchResult, SearchError> {
    let now = clock.now_epoch_ms();
    let index = &engine.index;
    let hits = match &spec.main {
        MainQuery::All => Hits {
            docs: (0..index.num_records()).collect(),
            scores: vec![1.0; index.num_records() as usize],
        },
        MainQuery::RorId(id) => {
            let mut ctx = Ctx::new(index, &engine.catalogue, false, false, now);
            let q = ctx
                .field_query("id", id)
                .map_err(|e| SearchError(e.0))?
                .unwrap_or(Q::None);
            Exec::new(index, Space::Root, &mut engine.scratch).run(&q)
        }
        MainQuery::Quick(text) => {
            if is_blank(text) {
                Hits::default()
            } else {
                let mut ctx = Ctx::new(index, &engine.catalogue, true, false, now);
                let q = build_query(&mut ctx, text)?;
                let mut ex = Exec::new(index, Space::Nested, &mut engine.scratch);
                let children = ex.run(&q);
                ex.to_parents(&children)
            }
        }
        MainQuery::Advanced(text) => {
            if is_blank(text) {
                Hits::default()
            } else {
                let mut ctx = Ctx::new(index, &engine.catalogue, false, true, now);
                let q = build_query(&mut ctx, text)?;
                Exec::new(index, Space::Root, &mut engine.scratch).run(&q)
            }
        }
    };
    let allowed = filter_set(engine, &spec.filters);
    let mut total = 0usize;
    // Score descending, then dump order (Lucene: doc id ascending), as one u64 key per kept hit; the buffer
    // is reused from query to query.
    let mut keys = core::mem::take(&mut engine.keys);
    keys.clear();
    keys.reserve(hits.len());
    let index = &engine.index;
    let mut type_counts = vec![0u32; index.path(paths::TYPES).map_or(0, |p| p.len()) as usize];
    let mut country_counts =
        vec![0u32; index.path(paths::COUNTRY_CODE).map_or(0, |p| p.len()) as usize];
    let mut status_counts = vec![0u32; index.path(paths::STATUS).map_or(0, |p| p.len()) as usize];
    for (&r, &s) in hits.docs.iter().zip(&hits.scores) {
        if let Some(bits) = &allowed {
            if bits
                .get(r as usize / 64)
                .is_none_or(|w| w & (1u64 << (r % 64)) == 0)
            {
                continue;
            }
        }
        total += 1;
        keys.push(((!sort::score_key(s) as u64) << 32) | r as u64);
        for &t in index.types_of(r) {
            if let Some(c) = type_counts.get_mut(t as usize) {
                *c += 1;
            }
        }
        if let Some(c) = index
            .country_of(r)
            .and_then(|v| country_counts.get_mut(v as usize))
        {
            *c += 1;
        }
        if let Some(c) = index
            .status_of(r)
            .and_then(|v| status_counts.get_mut(v as usize))
        {
            *c += 1;
        }
    }
    let from = (spec.page.max(1) as usize - 1) * PAGE_SIZE;
    let want = from + PAGE_SIZE;
    if keys.len() > want {
        sort::u64s_smallest(&mut keys, want - 1);
        keys.truncate(want);
    }
    sort::u64s(&mut keys);
    let page = keys
        .iter()
        .skip(from)
        .map(|&k| (k as u32, sort::score_from_key(!((k >> 32) as u32))))
        .collect();
    engine.keys = keys;
    let meta = Meta {
        types: buckets(engine, paths::TYPES, &type_counts),
        countries: buckets(engine, paths::COUNTRY_CODE, &country_counts),
        statuses: buckets(engine, paths::STATUS, &status_counts),
    };
    Ok(SearchResult { total, page, meta })
}

/// Top 10 buckets: count descending, then key in byte order.
fn buckets(engine: &Engine, path: crate::index::schema::PathId, counts: &[u32]) -> Vec<(u32, u32)> {
    let Some(pv) = engine.index.path(path) else {
        return Vec::new();
    };
    let mut b: Vec<(u32, u32)> = counts
        .iter()
        .enumerate()
        .filter(|(_, &c)| c > 0)
        .map(|(v, &c)| (v as u32, c))
        .collect();
    // Count descending, then the key in byte order (ES terms aggregation).
    let key = |v: u32| pv.str_value(v).unwrap_or("").as_bytes();
    sort::by(&mut b, |x, y| {
        y.1.cmp(&x.1).then_with(|| key(x.0).cmp(key(y.0)))
    });
    b.truncate(10);
    b
}

/// The records the filters allow (`None`: no filter). OR within a key, AND across keys.
fn filter_set(engine: &mut Engine, filters: &[(String, Vec<String>)]) -> Option<Vec<u64>> {
    if filters.is_empty() {
        return None;
    }
    // The same filters recur (the default `status:active` on nearly every request): keep the last few.
    if let Some((_, bits)) = engine.filter_cache.iter().find(|(f, _)| f == filters) {
        return Some(bits.clone());
    }
    let index = &engine.index;
    let n = index.num_records() as usize;
    let words = n / 64 + 1;
    let mut acc: Option<Vec<u64>> = None;
    for (key, values) in filters {
        let mut bits = vec![0u64; words];
        if let Some(p) = engine.catalogue.get(key).and_then(|t| match t {
            super::fields::Target::Root { path, .. } => Some(path),
            _ => None,
        }) {
            if let Some(pv) = index.path(p) {
                let mut nos: Vec<u32> = values.iter().filter_map(|v| pv.find_str(v)).collect();
                nos.sort_unstable();
                nos.dedup();
                index.for_each_occurrence(p, &nos, &mut |r, _| {
                    if let Some(w) = bits.get_mut(r as usize / 64) {
                        *w |= 1u64 << (r % 64);
                    }
                });
            }
        }
        acc = Some(match acc {
            None => bits,
            Some(a) => a.iter().zip(&bits).map(|(x, y)| x & y).collect(),
        });
    }
    if let Some(bits) = &acc {
        if engine.filter_cache.len() >= 8 {
            engine.filter_cache.remove(0);
        }
        engine.filter_cache.push((filters.to_vec(), bits.clone()));
    }
    acc
}

fn build_query(ctx: &mut Ctx<'_>, text: &str) -> Result<Q, SearchError> {
    super::resolve::resolve(ctx, text).map_err(|e| SearchError(e.0))
}

fn render(engine: &Engine, r: &SearchResult, took: u64) -> String {
    let index = &engine.index;
    let mut out = String::with_capacity(4096);
    out.push_str("{\"number_of_results\":");
    out.push_str(&r.total.to_string());
    out.push_str(",\"time_taken\":");
    out.push_str(&took.to_string());
    out.push_str(",\"items\":[");
    for (i, &(rec, _)) in r.page.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match index.record(rec) {
            Some(rec) => record::write_v1_json(&rec, &mut out),
            None => out.push_str("null"),
        }
    }
    out.push_str("],\"meta\":{");
    let facet = |out: &mut String, name: &str, path, list: &[(u32, u32)], country: bool| {
        out.push('"');
        out.push_str(name);
        out.push_str("\":[");
        let pv = index.path(path);
        for (i, &(v, c)) in list.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let key = pv.and_then(|p| p.str_value(v)).unwrap_or("");
            out.push_str("{\"id\":");
            record::write_json_str(&key.to_lowercase(), out);
            out.push_str(",\"title\":");
            if country {
                match params::country_title(key) {
                    Some(t) => record::write_json_str(t, out),
                    None => out.push_str("null"),
                }
            } else {
                record::write_json_str(key, out);
            }
            out.push_str(",\"count\":");
            out.push_str(&c.to_string());
            out.push('}');
        }
        out.push(']');
    };
    facet(&mut out, "types", paths::TYPES, &r.meta.types, false);
    out.push(',');
    facet(
        &mut out,
        "countries",
        paths::COUNTRY_CODE,
        &r.meta.countries,
        true,
    );
    out.push(',');
    facet(&mut out, "statuses", paths::STATUS, &r.meta.statuses, false);
    out.push_str("}}");
    out
}

/// The oracle's answer shape (`../shared/oracle`): total, the page's ids and scores, and `meta`, for
/// differential tests.
pub fn oracle_json(engine: &mut Engine, query_string: &str, clock: &dyn Clock) -> String {
    let mut req = ListRequest::from_query(query_string);
    // The oracle follows query.name redirects, as a client would.
    let mut hops = 0;
    while let ListRequest::Redirect { location } = &req {
        let qs = location.split_once('?').map_or("", |(_, q)| q).to_owned();
        req = ListRequest::from_query(&qs);
        hops += 1;
        if hops > 4 {
            break;
        }
    }
    let spec = match req {
        ListRequest::Search(spec) => spec,
        ListRequest::Errors(e) => return super::errors_body(&e),
        ListRequest::FormatNotFound => {
            return "{\"error404\":{\"detail\":\"Not found.\"}}".to_owned()
        }
        ListRequest::Affiliation { .. } => {
            return "{\"unsupported\":\"affiliation matching is not implemented by the oracle\"}"
                .to_owned()
        }
        ListRequest::Redirect { .. } => return "{\"error\":\"redirect loop\"}".to_owned(),
    };
    match run(engine, &spec, clock) {
        Err(SearchError(msg)) => {
            let mut out = String::from("{\"error500\":");
            record::write_json_str(&msg, &mut out);
            out.push('}');
            out
        }
        Ok(r) => {
            let full = render(engine, &r, 0);
            let meta_at = full.find(",\"meta\":").map_or(full.len(), |i| i + 8);
            let mut out = String::from("{\"number_of_results\":");
            out.push_str(&r.total.to_string());
            out.push_str(",\"ids\":[");
            for (i, &(rec, _)) in r.page.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let id = engine.index.record(rec).map(|r| r.id).unwrap_or_default();
                record::write_json_str(&id, &mut out);
            }
            out.push_str("],\"scores\":[");
            for (i, &(_, s)) in r.page.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if s.fract() == 0.0 && s.abs() < 1e7 {
                    out.push_str(&format!("{s:.1}"));
                } else {
                    out.push_str(&format!("{s}"));
                }
            }
            out.push_str("],\"meta\":");
            out.push_str(&full[meta_at..full.len() - 1]);
            out.push('}');
            out
        }
    }
}
