//! Reading one v1 record (schema `ror_schema.json`, any key order) into the model.
//!
//! Decisions:
//! - Unknown keys are read (so a syntax error in them is still caught) and dropped, as the v1 serializer
//!   dropped them; unknown `external_ids` schemes are kept, because the index needs every scheme.
//! - `id`, `name`, `types`, `addresses`, `status` must be present (the schema requires the last four and no
//!   record is anything without its id); any other absent key reads as `null` or `[]`.
//! - Types are strict: a string must be a string, a list a list. DRF would have printed `str(x)` of a number
//!   where a string belongs; ROR data never had one, and an error naming the field helps more.
//! - Numbers for integer fields go through Python's `int()` (a fraction is truncated), as DRF's
//!   `IntegerField` did.
//! - `null` where an object of the address belongs (`geonames_admin1`, `license`, `nuts_level1`, …) reads as
//!   an object of nulls: the v1 model class did `GeoAdmin(None)`, which serializes as such an object, while
//!   an absent key stays `None` and serializes as `null`.

use super::json::{ErrorKind, JsonError, Parser, Result};
use super::model::*;

/// Keys a v1 record must have.
const REQUIRED: [&str; 5] = ["id", "name", "types", "addresses", "status"];

/// Reads the v1 record object at the parser's position.
pub(crate) fn read_record(p: &mut Parser<'_>) -> Result<Record> {
    let mut r = Record::default();
    let mut seen = [false; REQUIRED.len()];
    p.peek()?;
    let start = p.pos();
    p.object(|p, key| {
        if let Some(i) = REQUIRED.iter().position(|k| *k == key) {
            seen[i] = true;
        }
        match key {
            "id" => r.id = p.owned_string()?,
            "name" => r.name = p.owned_string()?,
            "email_address" => r.email_address = p.opt_string()?,
            "ip_addresses" => r.ip_addresses = p.strings()?,
            "established" => r.established = p.opt_int()?,
            "types" => r.types = p.strings()?,
            "relationships" => {
                p.array(|p, _| {
                    r.relationships.push(read_relationship(p)?);
                    Ok(())
                })?;
            }
            "addresses" => {
                p.array(|p, _| {
                    r.addresses.push(read_address(p)?);
                    Ok(())
                })?;
            }
            "links" => r.links = p.strings()?,
            "aliases" => r.aliases = p.strings()?,
            "acronyms" => r.acronyms = p.strings()?,
            "status" => r.status = p.owned_string()?,
            "wikipedia_url" => r.wikipedia_url = p.opt_string()?,
            "labels" => {
                p.array(|p, _| {
                    r.labels.push(read_label(p)?);
                    Ok(())
                })?;
            }
            "country" => r.country = read_country(p)?,
            "external_ids" => r.external_ids = read_external_ids(p)?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    if let Some(i) = seen.iter().position(|s| !s) {
        return Err(JsonError::new(start, ErrorKind::Missing(REQUIRED[i])));
    }
    r.shrink_to_fit();
    Ok(r)
}

/// `{label, type, id}`, the same in v1 and v2 (v2 types are lower case).
pub(crate) fn read_relationship(p: &mut Parser<'_>) -> Result<Relationship> {
    let mut rel = Relationship::default();
    p.object(|p, key| {
        match key {
            "label" => rel.label = p.opt_string()?,
            "type" => rel.rel_type = p.opt_string()?,
            "id" => rel.id = p.opt_string()?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    Ok(rel)
}

fn read_label(p: &mut Parser<'_>) -> Result<Label> {
    let mut label = None;
    let mut iso639 = None;
    p.peek()?;
    let start = p.pos();
    p.object(|p, key| {
        match key {
            "label" => label = Some(p.owned_string()?),
            "iso639" => iso639 = p.opt_string()?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    match label {
        Some(label) => Ok(Label { label, iso639 }),
        None => Err(JsonError::new(start, ErrorKind::Missing("label"))),
    }
}

fn read_country(p: &mut Parser<'_>) -> Result<Country> {
    let mut c = Country::default();
    p.object(|p, key| {
        match key {
            "country_name" => c.country_name = p.opt_string()?,
            "country_code" => c.country_code = p.opt_string()?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    Ok(c)
}

fn read_address(p: &mut Parser<'_>) -> Result<Address> {
    let mut a = Address::default();
    p.object(|p, key| {
        match key {
            "lat" => a.lat = p.opt_f64()?,
            "lng" => a.lng = p.opt_f64()?,
            "state" => a.state = p.opt_string()?,
            "state_code" => a.state_code = p.opt_string()?,
            "city" => a.city = p.opt_string()?,
            "geonames_city" => {
                a.geonames_city = if p.null()? {
                    None
                } else {
                    Some(read_geonames_city(p)?)
                }
            }
            "postcode" => a.postcode = p.opt_string()?,
            "primary" => a.primary = p.opt_bool()?,
            "line" => a.line = p.opt_string()?,
            "country_geonames_id" => a.country_geonames_id = p.opt_int()?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    Ok(a)
}

/// `null` → `Some(T::default())` (an object of nulls), an object → `Some(read(...))`.
fn null_or_object<T: Default>(
    p: &mut Parser<'_>,
    read: fn(&mut Parser<'_>) -> Result<T>,
) -> Result<Option<T>> {
    if p.null()? {
        Ok(Some(T::default()))
    } else {
        read(p).map(Some)
    }
}

fn read_geonames_city(p: &mut Parser<'_>) -> Result<GeonamesCity> {
    let mut c = GeonamesCity::default();
    p.object(|p, key| {
        match key {
            "id" => c.id = p.opt_int()?,
            "city" => c.city = p.opt_string()?,
            "geonames_admin1" => c.geonames_admin1 = null_or_object(p, read_admin)?,
            "geonames_admin2" => c.geonames_admin2 = null_or_object(p, read_admin)?,
            "license" => c.license = null_or_object(p, read_license)?,
            "nuts_level1" => c.nuts_level1 = null_or_object(p, read_nuts)?,
            "nuts_level2" => c.nuts_level2 = null_or_object(p, read_nuts)?,
            "nuts_level3" => c.nuts_level3 = null_or_object(p, read_nuts)?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    Ok(c)
}

fn read_admin(p: &mut Parser<'_>) -> Result<GeonamesAdmin> {
    let mut a = GeonamesAdmin::default();
    p.object(|p, key| {
        match key {
            "name" => a.name = p.opt_string()?,
            "id" => a.id = p.opt_int()?,
            "ascii_name" => a.ascii_name = p.opt_string()?,
            "code" => a.code = p.opt_string()?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    Ok(a)
}

fn read_license(p: &mut Parser<'_>) -> Result<License> {
    let mut l = License::default();
    p.object(|p, key| {
        match key {
            "attribution" => l.attribution = p.opt_string()?,
            "license" => l.license = p.opt_string()?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    Ok(l)
}

fn read_nuts(p: &mut Parser<'_>) -> Result<Nuts> {
    let mut n = Nuts::default();
    p.object(|p, key| {
        match key {
            "name" => n.name = p.opt_string()?,
            "code" => n.code = p.opt_string()?,
            _ => p.skip()?,
        }
        Ok(())
    })?;
    Ok(n)
}

/// `{"GRID": {"preferred": …, "all": …}, …}` in source order, every scheme; `null` reads as no schemes.
fn read_external_ids(p: &mut Parser<'_>) -> Result<Vec<ExternalId>> {
    let mut ids = Vec::new();
    if p.null()? {
        return Ok(ids);
    }
    p.object(|p, scheme| {
        let mut e = ExternalId {
            scheme: scheme.to_owned(),
            preferred: None,
            all: None,
        };
        // A `null` scheme has neither key: the serializer drops it.
        if !p.null()? {
            p.object(|p, key| {
                match key {
                    "preferred" => e.preferred = Some(p.opt_string()?),
                    "all" => {
                        e.all = Some(match p.peek()? {
                            super::json::Kind::Null => {
                                p.null()?;
                                ExtAll::Null
                            }
                            super::json::Kind::String => ExtAll::One(p.owned_string()?),
                            super::json::Kind::Array => ExtAll::Many(p.strings()?),
                            _ => return p.type_error("a string, a list of strings or null"),
                        })
                    }
                    _ => p.skip()?,
                }
                Ok(())
            })?;
        }
        ids.push(e);
        Ok(())
    })?;
    Ok(ids)
}
