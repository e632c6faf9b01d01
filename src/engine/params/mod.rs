//! From a request path and query string to a typed, validated request (spec §1–§2, §5–§7).
//!
//! TEMPORARY SHIM until the real layer lands from its branch: no validation.

pub enum MainQuery {
    All,
    RorId(String),
    Quick(String),
    Advanced(String),
}

pub struct SearchSpec {
    pub main: MainQuery,
    pub filters: Vec<(String, Vec<String>)>,
    pub page: u32,
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'+' {
            out.push(b' ');
        } else if b[i] == b'%' && i + 2 < b.len() + 0 && i + 2 <= b.len() - 1 {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
            out.push(b'%');
        } else {
            out.push(b[i]);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn parse_search(qs: &str) -> SearchSpec {
    let mut main = MainQuery::All;
    let mut filters: Vec<(String, Vec<String>)> = Vec::new();
    let mut page = 1;
    let mut all_status = false;
    for kv in qs.split('&') {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        let v = decode(v);
        match k {
            "query" => main = MainQuery::Quick(v),
            "query.advanced" => main = MainQuery::Advanced(v),
            "page" => page = v.trim().parse().unwrap_or(1),
            "all_status" => all_status = true,
            "filter" => {
                for item in v.split(',') {
                    if let Some((k, val)) = item.split_once(':') {
                        match filters.iter_mut().find(|(fk, _)| fk == k) {
                            Some((_, vs)) => vs.push(val.to_owned()),
                            None => filters.push((k.to_owned(), vec![val.to_owned()])),
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if !all_status && !filters.iter().any(|(k, _)| k == "status") {
        filters.push(("status".into(), vec!["active".into()]));
    }
    SearchSpec { main, filters, page }
}

pub fn country_title(_code: &str) -> Option<&'static str> {
    None
}

pub fn get_ror_id(s: &str) -> Option<String> {
    let s = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(s);
    let s = s.strip_prefix("ror.org/").unwrap_or(s);
    (s.len() == 9 && s.starts_with('0')).then(|| format!("https://ror.org/{s}"))
}
