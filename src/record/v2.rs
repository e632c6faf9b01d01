//! Schema-v2 records (what ROR's dumps hold since December 2025) and ROR's own v2→v1 crosswalk
//! (`curation_ops/v2_crosswalk/convert_v2_to_v1.py`, final form of 2024-12-12; spec `v2-to-v1.md`).
//!
//! Only what the crosswalk reads is kept ([`V2Record`]); `admin`, `domains`, continents are read and dropped.
//! The crosswalk is Python; its truthiness tests are kept literally (a `lat` of `0` stays null, an empty
//! string is "absent"), and so is its `str.title()` on types.
//!
//! The three earlier forms of the crosswalk (in force during 2024, [`Crosswalk::AS_OF_2024_04_08`] …) are
//! here too: v1 files ROR generated in that period carry their marks, and the v2-vs-v1 comparison uses them
//! to explain differences.

use super::json::{ErrorKind, JsonError, Kind, Parser, Result};
use super::model::*;

/// A v2 record, reduced to what the v1 record is made of.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct V2Record {
    pub id: String,
    pub names: Vec<V2Name>,
    /// Lower case in v2 (`education`, `funder`).
    pub types: Vec<String>,
    pub status: String,
    pub established: Option<i64>,
    /// As in v2: `type` lower case (`parent`).
    pub relationships: Vec<Relationship>,
    pub external_ids: Vec<V2ExternalId>,
    /// `None` for a `null` entry (the crosswalk skips those).
    pub links: Vec<Option<V2Link>>,
    pub locations: Vec<V2Location>,
    /// `admin.last_modified.date` (`2025-11-24`): not part of the v1 record, but it tells which release a
    /// record version comes from.
    pub last_modified: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct V2Name {
    pub value: String,
    /// `ror_display`, `label`, `alias`, `acronym`.
    pub types: Vec<String>,
    pub lang: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct V2ExternalId {
    /// `fundref`, `grid`, `isni`, `wikidata`.
    pub id_type: String,
    pub all: Vec<String>,
    pub preferred: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct V2Link {
    /// `website` or `wikipedia`.
    pub link_type: Option<String>,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct V2Location {
    pub geonames_id: Option<i64>,
    pub geonames_details: Option<GeonamesDetails>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct GeonamesDetails {
    /// The place name (a city).
    pub name: Option<String>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub country_code: Option<String>,
    pub country_name: Option<String>,
    /// Schema 2.1 only (absent in 2.0 records).
    pub country_subdivision_code: Option<String>,
    pub country_subdivision_name: Option<String>,
}

/// Keys a v2 record must have for a v1 record to be made of it.
const REQUIRED: [&str; 5] = ["id", "names", "types", "status", "locations"];

/// Reads the v2 record object at the parser's position.
pub(crate) fn read_record(p: &mut Parser<'_>) -> Result<V2Record> {
    let mut r = V2Record::default();
    let mut seen = [false; REQUIRED.len()];
    p.peek()?;
    let start = p.pos();
    let mut names_at = start;
    let mut locations_at = start;
    p.object(|p, key| {
        if let Some(i) = REQUIRED.iter().position(|k| *k == key) {
            seen[i] = true;
        }
        match key {
            "id" => r.id = p.owned_string()?,
            "names" => {
                p.peek()?;
                names_at = p.pos();
                p.array(|p, _| {
                    r.names.push(read_name(p)?);
                    Ok(())
                })?
            }
            "types" => r.types = p.strings()?,
            "status" => r.status = p.owned_string()?,
            "established" => r.established = p.opt_int()?,
            "relationships" => p.array(|p, _| {
                r.relationships.push(super::v1::read_relationship(p)?);
                Ok(())
            })?,
            "external_ids" => p.array(|p, _| {
                r.external_ids.push(read_external_id(p)?);
                Ok(())
            })?,
            "links" => p.array(|p, _| {
                let link = if p.null()? { None } else { Some(read_link(p)?) };
                r.links.push(link);
                Ok(())
            })?,
            "admin" => r.last_modified = read_last_modified(p)?,
            "locations" => {
                p.peek()?;
                locations_at = p.pos();
                p.array(|p, _| {
                    r.locations.push(read_location(p)?);
                    Ok(())
                })?
            }
            _ => p.skip()?,
        }
        Ok(())
    })?;
    if let Some(i) = seen.iter().position(|s| !s) {
        return Err(JsonError::new(start, ErrorKind::Missing(REQUIRED[i])));
    }
    let in_key = |at: usize, key: &str, msg: &str| {
        let mut e = JsonError::new(at, ErrorKind::Value(msg.to_owned()));
        e.push_key(key);
        e
    };
    if !r
        .names
        .iter()
        .any(|n| n.types.iter().any(|t| t == "ror_display"))
    {
        return Err(in_key(
            names_at,
            "names",
            "no name has the type \"ror_display\" (the v1 name)",
        ));
    }
    if r.locations.is_empty() {
        return Err(in_key(
            locations_at,
            "locations",
            "no location (the v1 address is made of the first)",
        ));
    }
    Ok(r)
}

/// `admin.last_modified.date`, the rest of `admin` read and dropped.
fn read_last_modified(p: &mut Parser<'_>) -> Result<Option<String>> {
    let mut date = None;
    p.object(|p, key| {
        if key == "last_modified" && p.peek()? == Kind::Object {
            p.object(|p, key| {
                match key {
                    "date" => date = p.opt_string()?,
                    _ => p.skip()?,
                }
                Ok(())
            })
        } else {
            p.skip()
        }
    })?;
    Ok(date)
}

fn read_name(p: &mut Parser<'_>) -> Result<V2Name> {
    let mut n = V2Name::default();
    let mut has_value = false;
    p.peek()?;
    let start = p.pos();
    p.object(|p, key| {
        match key {
            "value" => {
                n.value = p.owned_string()?;
                has_value = true;
            }
            "types" => n.types = p.strings()?,
            "lang" => n.lang = p.opt_string()?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    if !has_value {
        return Err(JsonError::new(start, ErrorKind::Missing("value")));
    }
    Ok(n)
}

fn read_external_id(p: &mut Parser<'_>) -> Result<V2ExternalId> {
    let mut e = V2ExternalId::default();
    p.object(|p, key| {
        match key {
            "type" => e.id_type = p.owned_string()?,
            "all" => e.all = p.strings()?,
            "preferred" => e.preferred = p.opt_string()?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    Ok(e)
}

fn read_link(p: &mut Parser<'_>) -> Result<V2Link> {
    let mut l = V2Link::default();
    let mut has_value = false;
    p.peek()?;
    let start = p.pos();
    p.object(|p, key| {
        match key {
            "type" => l.link_type = p.opt_string()?,
            "value" => {
                l.value = p.owned_string()?;
                has_value = true;
            }
            _ => p.skip()?,
        }
        Ok(())
    })?;
    if !has_value {
        return Err(JsonError::new(start, ErrorKind::Missing("value")));
    }
    Ok(l)
}

fn read_location(p: &mut Parser<'_>) -> Result<V2Location> {
    let mut l = V2Location::default();
    p.object(|p, key| {
        match key {
            "geonames_id" => l.geonames_id = p.opt_int()?,
            "geonames_details" => {
                l.geonames_details = if p.peek()? == Kind::Null {
                    p.null()?;
                    None
                } else {
                    Some(read_details(p)?)
                }
            }
            _ => p.skip()?,
        }
        Ok(())
    })?;
    Ok(l)
}

fn read_details(p: &mut Parser<'_>) -> Result<GeonamesDetails> {
    let mut d = GeonamesDetails::default();
    p.object(|p, key| {
        match key {
            "name" => d.name = p.opt_string()?,
            "lat" => d.lat = p.opt_f64()?,
            "lng" => d.lng = p.opt_f64()?,
            "country_code" => d.country_code = p.opt_string()?,
            "country_name" => d.country_name = p.opt_string()?,
            "country_subdivision_code" => d.country_subdivision_code = p.opt_string()?,
            "country_subdivision_name" => d.country_subdivision_name = p.opt_string()?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    Ok(d)
}

/// One form of ROR's crosswalk. The v1 files ROR generated between April and December 2024 used the
/// earlier forms (data README, "v2 -> v1 conversion").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Crosswalk {
    /// The v2 `funder` type becomes the v1 `Funder` type (otherwise it is dropped).
    pub funder_type: bool,
    /// `fundref` external ids become `FundRef` (otherwise a lookup bug dropped them).
    pub fundref_ids: bool,
    /// `geonames_admin1.code`/`.name` are filled from `country_subdivision_*` (otherwise they stay null).
    pub admin1: bool,
}

impl Crosswalk {
    /// curation_ops `e6fc927`, in force from 2024-04-08.
    pub const AS_OF_2024_04_08: Crosswalk = Crosswalk {
        funder_type: true,
        fundref_ids: false,
        admin1: false,
    };
    /// curation_ops `1828d0d`, in force from 2024-04-18.
    pub const AS_OF_2024_04_18: Crosswalk = Crosswalk {
        funder_type: false,
        fundref_ids: false,
        admin1: false,
    };
    /// curation_ops `f9806a7`, in force from 2024-07-22.
    pub const AS_OF_2024_07_22: Crosswalk = Crosswalk {
        funder_type: false,
        fundref_ids: true,
        admin1: false,
    };
    /// curation_ops `ab692fc`, the final form, in force from 2024-12-12 (used for every v1 file from v1.59).
    pub const FINAL: Crosswalk = Crosswalk {
        funder_type: true,
        fundref_ids: true,
        admin1: true,
    };
}

/// ROR's v2→v1 crosswalk in its final form (spec `v2-to-v1.md`).
pub fn v2_to_v1(r: &V2Record) -> Record {
    v2_to_v1_with(r, Crosswalk::FINAL)
}

/// Python's `str.title()`: the first cased character of each run of cased characters upper-cased, the rest
/// lower-cased.
fn py_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        let cased = c.is_lowercase() || c.is_uppercase();
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = cased;
    }
    out
}

/// Python truthiness of an optional string.
fn truthy(s: &Option<String>) -> Option<&String> {
    s.as_ref().filter(|s| !s.is_empty())
}

/// The v1 record ROR's crosswalk `state` made of `r`.
pub fn v2_to_v1_with(r: &V2Record, state: Crosswalk) -> Record {
    const ORG_TYPES: [&str; 9] = [
        "Education",
        "Healthcare",
        "Company",
        "Archive",
        "Nonprofit",
        "Government",
        "Facility",
        "Funder",
        "Other",
    ];
    let has = |n: &V2Name, t: &str| n.types.iter().any(|x| x == t);
    let types = r
        .types
        .iter()
        .map(|t| py_title(t))
        .filter(|t| ORG_TYPES.contains(&t.as_str()) && (state.funder_type || t != "Funder"))
        .collect();
    let relationships = r
        .relationships
        .iter()
        .map(|rel| Relationship {
            label: rel.label.clone(),
            rel_type: rel.rel_type.as_deref().map(py_title),
            id: rel.id.clone(),
        })
        .collect();
    let links = r.links.iter().flatten();
    let website = links
        .clone()
        .filter(|l| l.link_type.as_deref() == Some("website"));
    let wikipedia = links
        .clone()
        .find(|l| l.link_type.as_deref() == Some("wikipedia"));
    let (address, country) = match r.locations.first() {
        Some(loc) => crosswalk_location(loc, state),
        None => (Address::default(), Country::default()),
    };
    let mut v1 = Record {
        id: r.id.clone(),
        name: r
            .names
            .iter()
            .find(|n| has(n, "ror_display"))
            .map(|n| n.value.clone())
            .unwrap_or_default(),
        email_address: None,
        ip_addresses: Vec::new(),
        established: r.established,
        types,
        relationships,
        addresses: vec![address],
        links: website.map(|l| l.value.clone()).collect(),
        aliases: r
            .names
            .iter()
            .filter(|n| has(n, "alias"))
            .map(|n| n.value.clone())
            .collect(),
        acronyms: r
            .names
            .iter()
            .filter(|n| has(n, "acronym"))
            .map(|n| n.value.clone())
            .collect(),
        status: r.status.clone(),
        wikipedia_url: wikipedia.map(|l| l.value.clone()),
        labels: r
            .names
            .iter()
            .filter(|n| has(n, "label") && !has(n, "ror_display"))
            .map(|n| Label {
                label: n.value.clone(),
                iso639: n.lang.clone(),
            })
            .collect(),
        country,
        external_ids: crosswalk_external_ids(&r.external_ids, state),
    };
    v1.shrink_to_fit();
    v1
}

fn crosswalk_location(loc: &V2Location, state: Crosswalk) -> (Address, Country) {
    let mut city = GeonamesCity {
        id: loc.geonames_id.filter(|&id| id != 0),
        city: None,
        geonames_admin1: Some(GeonamesAdmin::default()),
        geonames_admin2: Some(GeonamesAdmin::default()),
        license: Some(License {
            attribution: Some("Data from geonames.org under a CC-BY 3.0 license".to_owned()),
            license: Some("http://creativecommons.org/licenses/by/3.0/".to_owned()),
        }),
        nuts_level1: Some(Nuts::default()),
        nuts_level2: Some(Nuts::default()),
        nuts_level3: Some(Nuts::default()),
    };
    let mut address = Address {
        primary: Some(false),
        ..Address::default()
    };
    let mut country = Country::default();
    if let Some(d) = &loc.geonames_details {
        address.lat = d.lat.filter(|&v| v != 0.0);
        address.lng = d.lng.filter(|&v| v != 0.0);
        if let Some(name) = truthy(&d.name) {
            address.city = Some(name.clone());
            city.city = Some(name.clone());
        }
        if state.admin1 {
            let admin1 = GeonamesAdmin {
                // Python's f-string prints a missing country code as `None`.
                code: truthy(&d.country_subdivision_code)
                    .map(|sub| format!("{}.{sub}", d.country_code.as_deref().unwrap_or("None"))),
                name: truthy(&d.country_subdivision_name).cloned(),
                ..GeonamesAdmin::default()
            };
            city.geonames_admin1 = Some(admin1);
        }
        country.country_code = truthy(&d.country_code).cloned();
        country.country_name = truthy(&d.country_name).cloned();
    }
    address.geonames_city = Some(city);
    (address, country)
}

fn crosswalk_external_ids(ids: &[V2ExternalId], state: Crosswalk) -> Vec<ExternalId> {
    let mut out: Vec<ExternalId> = Vec::new();
    for e in ids {
        let scheme = match e.id_type.to_ascii_lowercase().as_str() {
            "fundref" if state.fundref_ids => "FundRef",
            "grid" => "GRID",
            "isni" => "ISNI",
            "wikidata" => "Wikidata",
            _ => continue,
        };
        let all = match e.all.first() {
            Some(first) if scheme == "GRID" => ExtAll::One(first.clone()),
            _ => ExtAll::Many(e.all.clone()),
        };
        let preferred = truthy(&e.preferred).cloned();
        let all_truthy = match &all {
            ExtAll::One(s) => !s.is_empty(),
            ExtAll::Many(v) => !v.is_empty(),
            ExtAll::Null => false,
        };
        if preferred.is_none() && !all_truthy {
            continue;
        }
        let v1 = ExternalId {
            scheme: scheme.to_owned(),
            preferred: Some(preferred),
            all: Some(all),
        };
        // A Python dict: a repeated scheme replaces the value and keeps the first position.
        match out.iter_mut().find(|x| x.scheme == scheme) {
            Some(slot) => *slot = v1,
            None => out.push(v1),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_like_python() {
        assert_eq!(py_title("education"), "Education");
        assert_eq!(py_title("PARENT"), "Parent");
        assert_eq!(py_title("non-profit x2y"), "Non-Profit X2Y");
    }
}
