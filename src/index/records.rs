//! Records as the index stores them: a postcard skeleton per record whose value slots hold *reference
//! codes* (see `loaded.rs` and the builder: "the next new value of this path", an explicit earlier value, or
//! a placeholder for column paths), so a page decodes only its own 20 records. Also the flattening of a
//! record into (path, value) pairs that ES performed when it indexed the `_source`, and the `names_ids.id`
//! children (spec §3.2).
//!
//! The resolvers on both sides keep per-path cursors, so both walk a record's values in the same order:
//! the order of [`flatten`].

use serde::{Deserialize, Serialize};

use super::schema::{self, paths, PathId};
use crate::record::{
    Address, Country, ExtAll, ExternalId, GeonamesAdmin, GeonamesCity, Label, License, Nuts,
    Record, Relationship,
};

/// One scalar value of a path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val<'r> {
    Str(&'r str),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// Resolves paths by name (static and dynamic external-id paths).
pub trait PathNames {
    fn path_id(&self, name: &str) -> Option<PathId>;
}

/// Paths of the GeoNames admin levels: `[level][name, id, ascii_name, code]`.
const ADMIN: [[&str; 4]; 2] = [
    [
        "addresses.geonames_city.geonames_admin1.name",
        "addresses.geonames_city.geonames_admin1.id",
        "addresses.geonames_city.geonames_admin1.ascii_name",
        "addresses.geonames_city.geonames_admin1.code",
    ],
    [
        "addresses.geonames_city.geonames_admin2.name",
        "addresses.geonames_city.geonames_admin2.id",
        "addresses.geonames_city.geonames_admin2.ascii_name",
        "addresses.geonames_city.geonames_admin2.code",
    ],
];

/// Paths of the NUTS levels: `[level][name, code]`.
const NUTS: [[&str; 2]; 3] = [
    [
        "addresses.geonames_city.nuts_level1.name",
        "addresses.geonames_city.nuts_level1.code",
    ],
    [
        "addresses.geonames_city.nuts_level2.name",
        "addresses.geonames_city.nuts_level2.code",
    ],
    [
        "addresses.geonames_city.nuts_level3.name",
        "addresses.geonames_city.nuts_level3.code",
    ],
];

/// [`schema::static_path`] of each name.
const fn static_paths<const N: usize>(names: [&str; N]) -> [PathId; N] {
    let mut out = [PathId::MAX; N];
    let mut i = 0;
    while i < N {
        out[i] = schema::static_path(names[i]);
        i += 1;
    }
    out
}

fn ext_path_name(scheme: &str, member: &str) -> String {
    let mut s = String::with_capacity(13 + scheme.len() + member.len());
    s.push_str("external_ids.");
    s.push_str(scheme);
    s.push('.');
    s.push_str(member);
    s
}

/// Calls `emit(path, value)` for every non-null scalar of the record, as ES flattened the `_source`
/// (arrays and arrays of objects flattened), then for every `names_ids.id` child value.
pub fn flatten<'r>(rec: &'r Record, names: &dyn PathNames, emit: &mut dyn FnMut(PathId, Val<'r>)) {
    let p = |name: &str| names.path_id(name);
    let s = |emit: &mut dyn FnMut(PathId, Val<'r>), name: &str, v: Option<&'r String>| {
        if let (Some(id), Some(v)) = (p(name), v) {
            emit(id, Val::Str(v.as_str()));
        }
    };
    s(emit, "id", Some(&rec.id));
    s(emit, "name", Some(&rec.name));
    s(emit, "email_address", rec.email_address.as_ref());
    for v in &rec.ip_addresses {
        s(emit, "ip_addresses", Some(v));
    }
    if let (Some(id), Some(y)) = (names.path_id("established"), rec.established) {
        emit(id, Val::Int(y));
    }
    for v in &rec.types {
        s(emit, "types", Some(v));
    }
    for r in &rec.relationships {
        s(emit, "relationships.label", r.label.as_ref());
        s(emit, "relationships.type", r.rel_type.as_ref());
        s(emit, "relationships.id", r.id.as_ref());
    }
    let int = |emit: &mut dyn FnMut(PathId, Val<'r>), name: &str, v: Option<i64>| {
        if let (Some(id), Some(v)) = (names.path_id(name), v) {
            emit(id, Val::Int(v));
        }
    };
    for a in &rec.addresses {
        if let (Some(id), Some(v)) = (names.path_id("addresses.lat"), a.lat) {
            emit(id, Val::Float(v));
        }
        if let (Some(id), Some(v)) = (names.path_id("addresses.lng"), a.lng) {
            emit(id, Val::Float(v));
        }
        s(emit, "addresses.state", a.state.as_ref());
        s(emit, "addresses.state_code", a.state_code.as_ref());
        s(emit, "addresses.city", a.city.as_ref());
        if let Some(g) = &a.geonames_city {
            int(emit, "addresses.geonames_city.id", g.id);
            s(emit, "addresses.geonames_city.city", g.city.as_ref());
            for (k, adm) in [(0usize, &g.geonames_admin1), (1usize, &g.geonames_admin2)] {
                if let Some(adm) = adm {
                    let base = &ADMIN[k];
                    s(emit, base[0], adm.name.as_ref());
                    int(emit, base[1], adm.id);
                    s(emit, base[2], adm.ascii_name.as_ref());
                    s(emit, base[3], adm.code.as_ref());
                }
            }
            if let Some(l) = &g.license {
                s(
                    emit,
                    "addresses.geonames_city.license.attribution",
                    l.attribution.as_ref(),
                );
                s(
                    emit,
                    "addresses.geonames_city.license.license",
                    l.license.as_ref(),
                );
            }
            for (k, n) in [
                (0usize, &g.nuts_level1),
                (1usize, &g.nuts_level2),
                (2usize, &g.nuts_level3),
            ] {
                if let Some(n) = n {
                    s(emit, NUTS[k][0], n.name.as_ref());
                    s(emit, NUTS[k][1], n.code.as_ref());
                }
            }
        }
        s(emit, "addresses.postcode", a.postcode.as_ref());
        if let (Some(id), Some(v)) = (names.path_id("addresses.primary"), a.primary) {
            emit(id, Val::Bool(v));
        }
        s(emit, "addresses.line", a.line.as_ref());
        int(emit, "addresses.country_geonames_id", a.country_geonames_id);
    }
    for v in &rec.links {
        s(emit, "links", Some(v));
    }
    for v in &rec.aliases {
        s(emit, "aliases", Some(v));
    }
    for v in &rec.acronyms {
        s(emit, "acronyms", Some(v));
    }
    s(emit, "status", Some(&rec.status));
    s(emit, "wikipedia_url", rec.wikipedia_url.as_ref());
    for l in &rec.labels {
        s(emit, "labels.label", Some(&l.label));
        s(emit, "labels.iso639", l.iso639.as_ref());
    }
    s(
        emit,
        "country.country_name",
        rec.country.country_name.as_ref(),
    );
    s(
        emit,
        "country.country_code",
        rec.country.country_code.as_ref(),
    );
    for e in &rec.external_ids {
        if let Some(Some(v)) = &e.preferred {
            s(emit, &ext_path_name(&e.scheme, "preferred"), Some(v));
        }
        let all_path = ext_path_name(&e.scheme, "all");
        match &e.all {
            Some(ExtAll::One(v)) => s(emit, &all_path, Some(v)),
            Some(ExtAll::Many(vs)) => {
                for v in vs {
                    s(emit, &all_path, Some(v));
                }
            }
            Some(ExtAll::Null) | None => {}
        }
    }
    names_ids_ids(rec, &mut |v| emit(paths::NAMES_IDS_ID, v));
}

/// Number of `names_ids.id` children every record has for its own id (spec §3.2).
pub const ID_FORMS: u32 = 3;

/// The `names_ids.id` children a record has for its own id: the id, the id without `https://`, the bare id.
pub fn id_forms(id: &str) -> [&str; 3] {
    [
        id,
        id.strip_prefix("https://").unwrap_or(id),
        id.strip_prefix("https://ror.org/").unwrap_or(id),
    ]
}

/// The `names_ids.id` child values of a record that come from its external ids, in child order (spec
/// §3.2, after the three [`id_forms`]): every external id in the record's key order (GRID's `all` string;
/// each element of the other schemes' `all` lists; a string `all` outside GRID is iterated character by
/// character, as the Python indexer did).
pub fn names_ids_ids<'r>(rec: &'r Record, emit: &mut dyn FnMut(Val<'r>)) {
    for e in &rec.external_ids {
        match &e.all {
            Some(ExtAll::One(v)) if e.scheme == "GRID" => emit(Val::Str(v)),
            Some(ExtAll::One(v)) => {
                for (i, c) in v.char_indices() {
                    emit(Val::Str(&v[i..i + c.len_utf8()]));
                }
            }
            Some(ExtAll::Many(vs)) => {
                for v in vs {
                    emit(Val::Str(v));
                }
            }
            Some(ExtAll::Null) | None => {}
        }
    }
}

/// Maps a value of a path to the reference code the skeleton stores for it (builder side; called in
/// [`flatten`] order, so implementations keep per-path state).
pub trait RecordDict: PathNames {
    fn value_no(&self, path: PathId, v: Val<'_>) -> u32;
    /// The id of a string in the global values table (external-id scheme names).
    fn string_id(&self, s: &str) -> u32;
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CRecord {
    pub id: u32,
    pub name: u32,
    pub email_address: Option<u32>,
    pub ip_addresses: Vec<u32>,
    pub established: Option<u32>,
    pub types: Vec<u32>,
    pub relationships: Vec<CRelationship>,
    pub addresses: Vec<CAddress>,
    pub links: Vec<u32>,
    pub aliases: Vec<u32>,
    pub acronyms: Vec<u32>,
    pub status: u32,
    pub wikipedia_url: Option<u32>,
    pub labels: Vec<(u32, Option<u32>)>,
    pub country_name: Option<u32>,
    pub country_code: Option<u32>,
    pub external_ids: Vec<CExternalId>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CRelationship {
    pub label: Option<u32>,
    pub rel_type: Option<u32>,
    pub id: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CAddress {
    pub lat: Option<u32>,
    pub lng: Option<u32>,
    pub state: Option<u32>,
    pub state_code: Option<u32>,
    pub city: Option<u32>,
    pub geonames_city: Option<CGeonamesCity>,
    pub postcode: Option<u32>,
    pub primary: Option<bool>,
    pub line: Option<u32>,
    pub country_geonames_id: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CGeonamesCity {
    pub id: Option<u32>,
    pub city: Option<u32>,
    pub admin1: Option<CAdmin>,
    pub admin2: Option<CAdmin>,
    pub license: Option<(Option<u32>, Option<u32>)>,
    pub nuts: [Option<(Option<u32>, Option<u32>)>; 3],
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CAdmin {
    pub name: Option<u32>,
    pub id: Option<u32>,
    pub ascii_name: Option<u32>,
    pub code: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CExternalId {
    /// Id of the scheme name in the values table.
    pub scheme: u32,
    pub preferred: Option<Option<u32>>,
    pub all: Option<CExtAll>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) enum CExtAll {
    #[default]
    Null,
    One(u32),
    Many(Vec<u32>),
}

/// A record as index bytes (builder side).
pub fn encode_record(rec: &Record, d: &dyn RecordDict) -> Vec<u8> {
    let c = to_compact(rec, d);
    postcard::to_allocvec(&c).unwrap_or_default()
}

fn to_compact(rec: &Record, d: &dyn RecordDict) -> CRecord {
    let path = |name: &str| d.path_id(name).unwrap_or(PathId::MAX);
    let s = |name: &str, v: &str| d.value_no(path(name), Val::Str(v));
    let os = |name: &str, v: &Option<String>| v.as_ref().map(|v| s(name, v));
    let oi = |name: &str, v: Option<i64>| v.map(|v| d.value_no(path(name), Val::Int(v)));
    let admin = |k: usize, a: &Option<GeonamesAdmin>| {
        a.as_ref().map(|a| CAdmin {
            name: os(ADMIN[k][0], &a.name),
            id: oi(ADMIN[k][1], a.id),
            ascii_name: os(ADMIN[k][2], &a.ascii_name),
            code: os(ADMIN[k][3], &a.code),
        })
    };
    let nuts = |k: usize, n: &Option<Nuts>| {
        n.as_ref()
            .map(|n| (os(NUTS[k][0], &n.name), os(NUTS[k][1], &n.code)))
    };
    CRecord {
        id: s("id", &rec.id),
        name: s("name", &rec.name),
        email_address: os("email_address", &rec.email_address),
        ip_addresses: rec
            .ip_addresses
            .iter()
            .map(|v| s("ip_addresses", v))
            .collect(),
        established: oi("established", rec.established),
        types: rec.types.iter().map(|v| s("types", v)).collect(),
        relationships: rec
            .relationships
            .iter()
            .map(|r| CRelationship {
                label: os("relationships.label", &r.label),
                rel_type: os("relationships.type", &r.rel_type),
                id: os("relationships.id", &r.id),
            })
            .collect(),
        addresses: rec
            .addresses
            .iter()
            .map(|a| CAddress {
                lat: a
                    .lat
                    .map(|v| d.value_no(path("addresses.lat"), Val::Float(v))),
                lng: a
                    .lng
                    .map(|v| d.value_no(path("addresses.lng"), Val::Float(v))),
                state: os("addresses.state", &a.state),
                state_code: os("addresses.state_code", &a.state_code),
                city: os("addresses.city", &a.city),
                geonames_city: a.geonames_city.as_ref().map(|g| CGeonamesCity {
                    id: oi("addresses.geonames_city.id", g.id),
                    city: os("addresses.geonames_city.city", &g.city),
                    admin1: admin(0usize, &g.geonames_admin1),
                    admin2: admin(1usize, &g.geonames_admin2),
                    license: g.license.as_ref().map(|l| {
                        (
                            os(
                                "addresses.geonames_city.license.attribution",
                                &l.attribution,
                            ),
                            os("addresses.geonames_city.license.license", &l.license),
                        )
                    }),
                    nuts: [
                        nuts(0usize, &g.nuts_level1),
                        nuts(1usize, &g.nuts_level2),
                        nuts(2usize, &g.nuts_level3),
                    ],
                }),
                postcode: os("addresses.postcode", &a.postcode),
                primary: a.primary,
                line: os("addresses.line", &a.line),
                country_geonames_id: oi("addresses.country_geonames_id", a.country_geonames_id),
            })
            .collect(),
        links: rec.links.iter().map(|v| s("links", v)).collect(),
        aliases: rec.aliases.iter().map(|v| s("aliases", v)).collect(),
        acronyms: rec.acronyms.iter().map(|v| s("acronyms", v)).collect(),
        status: s("status", &rec.status),
        wikipedia_url: os("wikipedia_url", &rec.wikipedia_url),
        labels: rec
            .labels
            .iter()
            .map(|l| (s("labels.label", &l.label), os("labels.iso639", &l.iso639)))
            .collect(),
        country_name: os("country.country_name", &rec.country.country_name),
        country_code: os("country.country_code", &rec.country.country_code),
        external_ids: rec
            .external_ids
            .iter()
            .map(|e| {
                let pref = ext_path_name(&e.scheme, "preferred");
                let all = ext_path_name(&e.scheme, "all");
                CExternalId {
                    scheme: d.string_id(&e.scheme),
                    preferred: e
                        .preferred
                        .as_ref()
                        .map(|p| p.as_ref().map(|v| s(&pref, v))),
                    all: e.all.as_ref().map(|a| match a {
                        ExtAll::Null => CExtAll::Null,
                        ExtAll::One(v) => CExtAll::One(s(&all, v)),
                        ExtAll::Many(vs) => CExtAll::Many(vs.iter().map(|v| s(&all, v)).collect()),
                    }),
                }
            })
            .collect(),
    }
}

/// Resolves reference codes back to values (engine side, called in [`flatten`] order); `None` for a code
/// that does not resolve.
pub(crate) trait ValueSource: PathNames {
    fn str_value(&self, path: PathId, no: u32) -> Option<&str>;
    fn int_value(&self, path: PathId, no: u32) -> Option<i64>;
    fn float_value(&self, path: PathId, no: u32) -> Option<f64>;
    fn string(&self, id: u32) -> Option<&str>;
}

/// Rebuilds the record; `None` if a value number does not resolve (a damaged index).
pub(crate) fn from_compact<V: ValueSource + ?Sized>(c: &CRecord, v: &V) -> Option<Record> {
    // Static paths by id, resolved at compile time (a name lookup per value was 14% of decoding).
    macro_rules! p {
        ($name:literal) => {
            const { schema::static_path($name) }
        };
    }
    const ADMIN_IDS: [[PathId; 4]; 2] = [static_paths(ADMIN[0]), static_paths(ADMIN[1])];
    const NUTS_IDS: [[PathId; 2]; 3] = [
        static_paths(NUTS[0]),
        static_paths(NUTS[1]),
        static_paths(NUTS[2]),
    ];
    let s = |path: PathId, no: u32| -> Option<String> { v.str_value(path, no).map(str::to_owned) };
    let os = |path: PathId, no: Option<u32>| -> Option<Option<String>> {
        match no {
            None => Some(None),
            Some(no) => s(path, no).map(Some),
        }
    };
    let oi = |path: PathId, no: Option<u32>| -> Option<Option<i64>> {
        match no {
            None => Some(None),
            Some(no) => v.int_value(path, no).map(Some),
        }
    };
    let of = |path: PathId, no: Option<u32>| -> Option<Option<f64>> {
        match no {
            None => Some(None),
            Some(no) => v.float_value(path, no).map(Some),
        }
    };
    let list = |path: PathId, nos: &[u32]| -> Option<Vec<String>> {
        nos.iter().map(|&no| s(path, no)).collect()
    };
    let admin = |k: usize, a: &Option<CAdmin>| -> Option<Option<GeonamesAdmin>> {
        match a {
            None => Some(None),
            Some(a) => Some(Some(GeonamesAdmin {
                name: os(ADMIN_IDS[k][0], a.name)?,
                id: oi(ADMIN_IDS[k][1], a.id)?,
                ascii_name: os(ADMIN_IDS[k][2], a.ascii_name)?,
                code: os(ADMIN_IDS[k][3], a.code)?,
            })),
        }
    };
    let nuts = |k: usize, n: &Option<(Option<u32>, Option<u32>)>| -> Option<Option<Nuts>> {
        match n {
            None => Some(None),
            Some((name, code)) => Some(Some(Nuts {
                name: os(NUTS_IDS[k][0], *name)?,
                code: os(NUTS_IDS[k][1], *code)?,
            })),
        }
    };
    let mut relationships = Vec::with_capacity(c.relationships.len());
    for r in &c.relationships {
        relationships.push(Relationship {
            label: os(p!("relationships.label"), r.label)?,
            rel_type: os(p!("relationships.type"), r.rel_type)?,
            id: os(p!("relationships.id"), r.id)?,
        });
    }
    let mut addresses = Vec::with_capacity(c.addresses.len());
    for a in &c.addresses {
        let geonames_city = match &a.geonames_city {
            None => None,
            Some(g) => Some(GeonamesCity {
                id: oi(p!("addresses.geonames_city.id"), g.id)?,
                city: os(p!("addresses.geonames_city.city"), g.city)?,
                geonames_admin1: admin(0, &g.admin1)?,
                geonames_admin2: admin(1, &g.admin2)?,
                license: match &g.license {
                    None => None,
                    Some((at, li)) => Some(License {
                        attribution: os(p!("addresses.geonames_city.license.attribution"), *at)?,
                        license: os(p!("addresses.geonames_city.license.license"), *li)?,
                    }),
                },
                nuts_level1: nuts(0, &g.nuts[0])?,
                nuts_level2: nuts(1, &g.nuts[1])?,
                nuts_level3: nuts(2, &g.nuts[2])?,
            }),
        };
        addresses.push(Address {
            lat: of(p!("addresses.lat"), a.lat)?,
            lng: of(p!("addresses.lng"), a.lng)?,
            state: os(p!("addresses.state"), a.state)?,
            state_code: os(p!("addresses.state_code"), a.state_code)?,
            city: os(p!("addresses.city"), a.city)?,
            geonames_city,
            postcode: os(p!("addresses.postcode"), a.postcode)?,
            primary: a.primary,
            line: os(p!("addresses.line"), a.line)?,
            country_geonames_id: oi(p!("addresses.country_geonames_id"), a.country_geonames_id)?,
        });
    }
    let mut labels = Vec::with_capacity(c.labels.len());
    for (l, iso) in &c.labels {
        labels.push(Label {
            label: s(p!("labels.label"), *l)?,
            iso639: os(p!("labels.iso639"), *iso)?,
        });
    }
    let mut external_ids = Vec::with_capacity(c.external_ids.len());
    for e in &c.external_ids {
        let scheme = v.string(e.scheme)?.to_owned();
        let pref = || v.path_id(&ext_path_name(&scheme, "preferred"));
        let all_name = || v.path_id(&ext_path_name(&scheme, "all"));
        let preferred = match e.preferred {
            None => None,
            Some(p) => Some(os(pref()?, p)?),
        };
        let all = match &e.all {
            None => None,
            Some(CExtAll::Null) => Some(ExtAll::Null),
            Some(CExtAll::One(no)) => Some(ExtAll::One(s(all_name()?, *no)?)),
            Some(CExtAll::Many(nos)) => Some(ExtAll::Many(list(all_name()?, nos)?)),
        };
        external_ids.push(ExternalId {
            scheme,
            preferred,
            all,
        });
    }
    Some(Record {
        id: s(p!("id"), c.id)?,
        name: s(p!("name"), c.name)?,
        email_address: os(p!("email_address"), c.email_address)?,
        ip_addresses: list(p!("ip_addresses"), &c.ip_addresses)?,
        established: oi(p!("established"), c.established)?,
        types: list(p!("types"), &c.types)?,
        relationships,
        addresses,
        links: list(p!("links"), &c.links)?,
        aliases: list(p!("aliases"), &c.aliases)?,
        acronyms: list(p!("acronyms"), &c.acronyms)?,
        status: s(p!("status"), c.status)?,
        wikipedia_url: os(p!("wikipedia_url"), c.wikipedia_url)?,
        labels,
        country: Country {
            country_name: os(p!("country.country_name"), c.country_name)?,
            country_code: os(p!("country.country_code"), c.country_code)?,
        },
        external_ids,
    })
}
