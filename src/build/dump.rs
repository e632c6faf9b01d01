//! Reading what users download: the official zip, a bare `.json`, or `.json.gz`; v1 or v2 schema.
//!
//! TEMPORARY SHIM (bare v1 JSON only) until the dump reader lands from its branch.

use crate::record::*;
use serde_json::Value;

#[derive(Debug)]
pub struct DumpError(pub String);
impl core::fmt::Display for DumpError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

pub struct Dump {
    pub records: Vec<Record>,
    pub schema: &'static str,
    pub source: String,
    pub release: Option<String>,
    pub date: Option<String>,
}

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}
fn list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().filter_map(s).collect())
        .unwrap_or_default()
}

pub fn read_dump(bytes: &[u8]) -> Result<Dump, DumpError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| DumpError(e.to_string()))?;
    let arr = v
        .as_array()
        .ok_or_else(|| DumpError("not an array".into()))?;
    let mut records = Vec::new();
    for r in arr {
        let admin = |a: &Value| -> Option<GeonamesAdmin> {
            if a.is_null() {
                return None;
            }
            Some(GeonamesAdmin {
                name: s(&a["name"]),
                id: a["id"].as_i64(),
                ascii_name: s(&a["ascii_name"]),
                code: s(&a["code"]),
            })
        };
        let nuts = |a: &Value| -> Option<Nuts> {
            if a.is_null() {
                return None;
            }
            Some(Nuts {
                name: s(&a["name"]),
                code: s(&a["code"]),
            })
        };
        let addresses = r["addresses"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|a| {
                        let g = &a["geonames_city"];
                        Address {
                            lat: a["lat"].as_f64(),
                            lng: a["lng"].as_f64(),
                            state: s(&a["state"]),
                            state_code: s(&a["state_code"]),
                            city: s(&a["city"]),
                            geonames_city: if g.is_null() {
                                None
                            } else {
                                Some(GeonamesCity {
                                    id: g["id"].as_i64(),
                                    city: s(&g["city"]),
                                    geonames_admin1: admin(&g["geonames_admin1"]),
                                    geonames_admin2: admin(&g["geonames_admin2"]),
                                    license: if g["license"].is_null() {
                                        None
                                    } else {
                                        Some(License {
                                            attribution: s(&g["license"]["attribution"]),
                                            license: s(&g["license"]["license"]),
                                        })
                                    },
                                    nuts_level1: nuts(&g["nuts_level1"]),
                                    nuts_level2: nuts(&g["nuts_level2"]),
                                    nuts_level3: nuts(&g["nuts_level3"]),
                                })
                            },
                            postcode: s(&a["postcode"]),
                            primary: a["primary"].as_bool(),
                            line: s(&a["line"]),
                            country_geonames_id: a["country_geonames_id"].as_i64(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let external_ids = r["external_ids"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, e)| ExternalId {
                        scheme: k.clone(),
                        preferred: e.get("preferred").map(s),
                        all: e.get("all").map(|a| match a {
                            Value::String(x) => ExtAll::One(x.clone()),
                            Value::Array(_) => ExtAll::Many(list(a)),
                            _ => ExtAll::Null,
                        }),
                    })
                    .collect()
            })
            .unwrap_or_default();
        records.push(Record {
            id: s(&r["id"]).unwrap_or_default(),
            name: s(&r["name"]).unwrap_or_default(),
            email_address: s(&r["email_address"]),
            ip_addresses: list(&r["ip_addresses"]),
            established: r["established"].as_i64(),
            types: list(&r["types"]),
            relationships: r["relationships"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| Relationship {
                            label: s(&x["label"]),
                            rel_type: s(&x["type"]),
                            id: s(&x["id"]),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            addresses,
            links: list(&r["links"]),
            aliases: list(&r["aliases"]),
            acronyms: list(&r["acronyms"]),
            status: s(&r["status"]).unwrap_or_default(),
            wikipedia_url: s(&r["wikipedia_url"]),
            labels: r["labels"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| Label {
                            label: s(&x["label"]).unwrap_or_default(),
                            iso639: s(&x["iso639"]),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            country: Country {
                country_name: s(&r["country"]["country_name"]),
                country_code: s(&r["country"]["country_code"]),
            },
            external_ids,
        });
    }
    Ok(Dump {
        records,
        schema: "v1",
        source: "dump.json".into(),
        release: None,
        date: None,
    })
}
