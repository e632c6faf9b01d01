//! ror-api's list-parameter rules (`rorapi/common/queries.py`, v1): the allowed names, the validation
//! messages in their exact order, the ROR-id shortcut, `query.advanced` field extraction, filter splitting
//! (with the comma/country-name regression of 2023-09-01) and filter normalisation with the default
//! `status:active`.
//!
//! Key decision: every step is the literal string algorithm of the Python code (`replace` + `split`,
//! `rsplit`, suffix tests), including its accidents, because the error messages and filter values depend on
//! them byte for byte.

use super::pycompat::{collapse_whitespace, is_decimal, is_word, lower, py_int, title, upper};
use super::query_string::{unquote, Params};
use super::titlecase::titlecase;

/// The canonical prefix of a ROR id.
pub const ID_PREFIX: &str = "https://ror.org/";

/// The highest `page` (ES's 10 000-hit window / 20 per page).
pub const MAX_PAGE: u32 = 500;

/// Parameter names a search accepts (`ALLOWED_PARAM_KEYS`); `format` is removed before validation and
/// `affiliation` takes another branch.
pub const ALLOWED_PARAMS: [&str; 5] = ["query", "page", "filter", "query.advanced", "all_status"];

/// `all_status` values (compared lower-cased); `false` means absent.
pub const ALL_STATUS_VALUES: [&str; 3] = ["", "true", "false"];

/// `filter` keys, in this order (the order matters for the country-name extraction).
pub const FILTER_KEYS: [&str; 4] = [
    "country.country_code",
    "types",
    "country.country_name",
    "status",
];

/// Non-field endings accepted before a `:` in `query.advanced`: `_exists_`, an escaped colon `\:`, and an
/// escaped wildcard `\*`.
pub const ADVANCED_ENDINGS: [&str; 3] = ["_exists_", "\\", "\\*"];

/// The v1 `query.advanced` field whitelist (`ALLOWED_FIELDS_V1`, 61 names, deprecated external-id names and
/// the misspelt `UKPRNS` included). A field string is legal when it *ends with* one of these.
pub const ADVANCED_FIELDS: [&str; 61] = [
    "acronyms",
    "addresses.city",
    "addresses.country_geonames_id",
    "addresses.geonames_city.city",
    "addresses.geonames_city.geonames_admin1.ascii_name",
    "addresses.geonames_city.geonames_admin1.code",
    "addresses.geonames_city.geonames_admin1.name",
    "addresses.geonames_city.geonames_admin2.ascii_name",
    "addresses.geonames_city.geonames_admin2.code",
    "addresses.geonames_city.geonames_admin2.name",
    "addresses.geonames_city.id",
    "addresses.geonames_city.license.attribution",
    "addresses.geonames_city.license.license",
    "addresses.geonames_city.nuts_level1.code",
    "addresses.geonames_city.nuts_level1.name",
    "addresses.geonames_city.nuts_level2.code",
    "addresses.geonames_city.nuts_level2.name",
    "addresses.geonames_city.nuts_level3.code",
    "addresses.geonames_city.nuts_level3.name",
    "addresses.lat",
    "addresses.line",
    "addresses.lng",
    "addresses.postcode",
    "addresses.primary",
    "addresses.state",
    "addresses.state_code",
    "aliases",
    "country.country_code",
    "country.country_name",
    "email_address",
    "established",
    "external_ids.CNRS.all",
    "external_ids.CNRS.preferred",
    "external_ids.FundRef.all",
    "external_ids.FundRef.preferred",
    "external_ids.HESA.all",
    "external_ids.HESA.preferred",
    "external_ids.GRID.all",
    "external_ids.GRID.preferred",
    "external_ids.ISNI.all",
    "external_ids.ISNI.preferred",
    "external_ids.OrgRef.all",
    "external_ids.OrgRef.preferred",
    "external_ids.UCAS.all",
    "external_ids.UCAS.preferred",
    "external_ids.UKPRNS.all",
    "external_ids.UKPRNS.preferred",
    "external_ids.Wikidata.all",
    "external_ids.Wikidata.preferred",
    "id",
    "ip_addresses",
    "labels.iso639",
    "labels.label",
    "links",
    "name",
    "relationships.id",
    "relationships.label",
    "relationships.type",
    "status",
    "types",
    "wikipedia_url",
];

/// Every message the v1 parameter layer produces, byte for byte.
pub mod messages {
    /// `query parameter '<name>' is illegal`
    pub fn illegal_parameter(name: &str) -> String {
        format!("query parameter '{name}' is illegal")
    }

    /// A bad `all_status` value.
    pub const ALL_STATUS: &str =
        "allowed values for all_status parameter are empty (no value), true or false";

    /// `query` together with `query.advanced`.
    pub const QUERY_AND_ADVANCED: &str =
        "query and query.advanced parameters cannot be combined. please use either query OR query.advanced";

    /// `string '<field>' contains an illegal field name`
    pub fn illegal_field(field: &str) -> String {
        format!("string '{field}' contains an illegal field name")
    }

    /// `filter '<item>' is not in the key:value form`
    pub fn filter_not_key_value(item: &str) -> String {
        format!("filter '{item}' is not in the key:value form")
    }

    /// `filter key '<key>' is illegal`
    pub fn illegal_filter_key(key: &str) -> String {
        format!("filter key '{key}' is illegal")
    }

    /// `page '<raw value>' is not an integer`
    pub fn page_not_integer(raw: &str) -> String {
        format!("page '{raw}' is not an integer")
    }

    /// `page '<parsed integer>' outside of range 1-500`
    pub fn page_out_of_range(parsed: &impl core::fmt::Display) -> String {
        format!("page '{parsed}' outside of range 1-{}", super::MAX_PAGE)
    }

    /// Retrieve, HTTP 404, when `get_ror_id` rejects the path segment (as Django decoded it once).
    pub fn invalid_ror_id(raw_id: &str) -> String {
        format!("'{raw_id}' is not a valid ROR ID")
    }

    /// Retrieve, HTTP 404, when no record has exactly that canonical id.
    pub fn ror_id_does_not_exist(canonical_id: &str) -> String {
        format!("ROR ID '{canonical_id}' does not exist")
    }
}

/// `get_ror_id` (spec §1.3): decodes `%XX` once more, then matches
/// `^(?:(?:(?:http|https):\/\/)?ror\.org\/)?(0\w{6}\d{2})$` (Unicode `\w`/`\d`, case-sensitive prefix, `$`
/// also before one final `\n`) and returns `https://ror.org/` + the 9 captured characters, case kept.
pub fn get_ror_id(s: &str) -> Option<String> {
    let decoded = unquote(s);
    let body = ["https://ror.org/", "http://ror.org/", "ror.org/"]
        .iter()
        .find_map(|prefix| decoded.strip_prefix(prefix))
        .unwrap_or(&decoded);
    let body = body.strip_suffix('\n').unwrap_or(body);
    let chars: Vec<char> = body.chars().collect();
    let ok = chars.len() == 9
        && chars[0] == '0'
        && chars[1..7].iter().all(|&c| is_word(c))
        && chars[7..].iter().all(|&c| is_decimal(c));
    ok.then(|| format!("{ID_PREFIX}{body}"))
}

/// `adv_query_string_to_list`: every `:` becomes `:SPLIT_HERE`, the text is split on `SPLIT_HERE`, and each
/// piece ending with `:` gives a field string (the piece without its trailing colons). So a "field" is all
/// text since the previous colon, and a literal `SPLIT_HERE` in the query splits too.
pub fn advanced_field_strings(query: &str) -> Vec<String> {
    if !query.contains(':') {
        return Vec::new();
    }
    query
        .replace(':', ":SPLIT_HERE")
        .split("SPLIT_HERE")
        .filter(|piece| piece.ends_with(':'))
        .map(|piece| piece.trim_end_matches(':').to_string())
        .collect()
}

/// Whether a `query.advanced` field string passes validation (suffix test against the whitelist).
pub fn is_legal_field(field: &str) -> bool {
    ADVANCED_FIELDS
        .iter()
        .chain(ADVANCED_ENDINGS.iter())
        .any(|ok| field.ends_with(ok))
}

/// `check_status_adv_q`: some field string of the advanced query ends with `status`.
pub fn advanced_mentions_status(query: &str) -> bool {
    advanced_field_strings(query)
        .iter()
        .any(|f| f.ends_with("status"))
}

/// One match of `re.findall("country.country_name:([^:]*)", …)` starting at byte `i` (the `.` is any
/// character but `\n`): the byte offset where the captured group starts.
fn country_name_at(s: &str, i: usize) -> Option<usize> {
    let after = s.get(i..)?.strip_prefix("country")?;
    let any = after.chars().next().filter(|&c| c != '\n')?;
    let tail = after[any.len_utf8()..].strip_prefix("country_name:")?;
    Some(s.len() - tail.len())
}

/// `get_country_name_filters` (v1): the `country.country_name:` values re-extracted with commas allowed.
fn country_name_filters(filter: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < filter.len() {
        if let Some(start) = country_name_at(filter, i) {
            let end = filter[start..]
                .find(':')
                .map_or(filter.len(), |j| start + j);
            let mut s = &filter[start..end];
            if s.matches(',').count() > 1 {
                if let Some(j) = s.rfind(',') {
                    s = &s[..j];
                }
            }
            for key in FILTER_KEYS {
                if s.contains(key) {
                    if let Some(j) = s.rfind(&format!(",{key}")) {
                        s = &s[..j];
                    }
                }
            }
            out.push(format!("country.country_name:{s}"));
            i = end;
        } else {
            i += filter[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// `filter_string_to_list` (v1): the comma-split items (empty ones dropped), followed — when the text
/// contains `country.country_name` — by the country-name items extracted with commas allowed. The split
/// items are *not* cleaned of the comma parts, so `Korea, Republic of` fails validation (spec §5.4).
pub fn filter_items(filter: &str) -> Vec<String> {
    let mut items: Vec<String> = filter
        .split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    if filter.contains("country.country_name") {
        items.extend(country_name_filters(filter));
    }
    items
}

/// `validate(params, "v1")`: every error, in ror-api's order (spec §2.3). `format` must already be removed.
pub fn validate(params: &Params) -> Vec<String> {
    let mut errors = Vec::new();
    let illegal: Vec<&str> = params
        .names()
        .filter(|n| !ALLOWED_PARAMS.contains(n))
        .collect();
    errors.extend(illegal.iter().map(|n| messages::illegal_parameter(n)));
    if illegal.is_empty() {
        if let Some(v) = params.get("all_status") {
            if !ALL_STATUS_VALUES.contains(&lower(v).as_str()) {
                errors.push(messages::ALL_STATUS.to_string());
            }
        }
        if params.len() > 1 && params.contains("query") && params.contains("query.advanced") {
            errors.push(messages::QUERY_AND_ADVANCED.to_string());
        }
    }
    for field in advanced_field_strings(params.get("query.advanced").unwrap_or("")) {
        if !is_legal_field(&field) {
            errors.push(messages::illegal_field(&field));
        }
    }
    let items = filter_items(params.get("filter").unwrap_or(""));
    for item in items.iter().filter(|f| !f.contains(':')) {
        errors.push(messages::filter_not_key_value(item));
    }
    for item in &items {
        if let Some((key, _)) = item.split_once(':') {
            if !FILTER_KEYS.contains(&key) {
                errors.push(messages::illegal_filter_key(key));
            }
        }
    }
    if let Some(raw) = params.get("page") {
        match py_int(raw) {
            None => errors.push(messages::page_not_integer(raw)),
            Some(page) => {
                if !page
                    .to_i64()
                    .is_some_and(|p| (1..=i64::from(MAX_PAGE)).contains(&p))
                {
                    errors.push(messages::page_out_of_range(&page));
                }
            }
        }
    }
    errors
}

/// One filter value normalised for its key (spec §5.2): white space collapsed, then `types` → `str.title()`,
/// `country.country_code` → upper case, `country.country_name` → titlecase 2.3, `status` → lower case.
pub fn normalize_filter_value(key: &str, value: &str) -> String {
    let value = collapse_whitespace(value);
    match key {
        "types" => title(&value),
        "country.country_code" => upper(&value),
        "country.country_name" => titlecase(&value),
        "status" => lower(&value),
        _ => value,
    }
}

/// The filters of `build_search_query` (v1): key → normalised values, keys in first-appearance order, then
/// the default `status: ["active"]` unless a `status` filter, `all_status` (true/empty), a ROR-id `query` or
/// an advanced field ending in `status` suppresses it. Nothing at all when `all_status` is present without
/// `filter`.
///
/// `params` must have passed [`validate`] and had `all_status=false` removed (see [`without_false_all_status`]);
/// `ror_id` is the `query` shortcut, if any. (An item without `:` cannot pass validation; it would be an
/// IndexError in ror-api and is treated as an empty value here.)
pub fn search_filters(params: &Params, ror_id: Option<&str>) -> Vec<(String, Vec<String>)> {
    let mut filters: Vec<(String, Vec<String>)> = Vec::new();
    if !params.contains("filter") && params.contains("all_status") {
        return filters;
    }
    for item in filter_items(params.get("filter").unwrap_or("")) {
        let mut parts = item.split(':');
        let key = parts.next().unwrap_or_default();
        let value = normalize_filter_value(key, parts.next().unwrap_or_default());
        match filters.iter_mut().find(|(k, _)| k == key) {
            Some((_, values)) => values.push(value),
            None => filters.push((key.to_string(), vec![value])),
        }
    }
    let has_status = filters.iter().any(|(k, _)| k == "status");
    if !has_status && !params.contains("all_status") && ror_id.is_none() {
        let status_in_advanced = params
            .get("query.advanced")
            .is_some_and(advanced_mentions_status);
        if !status_in_advanced {
            filters.push(("status".to_string(), vec!["active".to_string()]));
        }
    }
    filters
}

/// `build_search_query`'s first step: `all_status` whose lower-cased value is `false` is deleted.
pub fn without_false_all_status(mut params: Params) -> Params {
    if params
        .get("all_status")
        .is_some_and(|v| lower(v) == "false")
    {
        params.remove("all_status");
    }
    params
}
