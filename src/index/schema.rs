//! The index schema: every source path of a v1 record that Elasticsearch indexed, with its ES mapping
//! (the v1 index template `rorapi/v1/index_template_es7.json` plus what ES dynamic mapping added for the
//! dump), and the ES fields derived from it (`name`, `name.keyword`, `name.norm`, …).
//!
//! This table is the one place that says how a field is analysed. The builder uses it to decide what to
//! index; the engine uses it to resolve `field:` prefixes, `*` expansion and `_exists_`; the JS `fields()`
//! list is derived from it through the engine.
//!
//! Key decision: ES mapped a few fields only when the dump had values for them (dynamic mapping). A field
//! that is mapped but has no value behaves exactly like an unmapped one for every query (no term, no
//! `_exists_` hit, nothing in `*` expansion can match), so the static table lists them unconditionally;
//! only `external_ids.<scheme>` of schemes outside the template depend on the data, and the index stores
//! those scheme names.

/// How ES analysed a text field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TextAnalyzer {
    /// StandardTokenizer + lowercase.
    Standard,
    /// LetterTokenizer + lowercase.
    Simple,
    /// Standard + lowercase + ASCII folding with preserved originals (`.norm` sub-fields, `names_ids.name`).
    StringLowercase,
}

/// What kind of values a source path holds, as stored in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ValueKind {
    Str,
    /// Integers (ids, years).
    Int,
    /// Decimal numbers (`lat`, `lng`), kept as f64 for output and compared as f32 (ES `float`).
    Float,
    Bool,
}

/// The ES type of a mapped field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Text(TextAnalyzer),
    /// Exact, case-sensitive whole value; `ignore_above` in UTF-16 units (values longer are not indexed).
    Keyword {
        ignore_above: u32,
    },
    /// `established`: a year, indexed as the epoch milliseconds of its 1 January.
    Date,
    Float,
    Integer,
    Long,
    Boolean,
    /// The `_id` metadata field (keyword, constant score).
    Id,
}

/// One source path and its ES mapping.
#[derive(Clone, Copy, Debug)]
pub struct PathDef {
    /// Dotted JSON path, e.g. `addresses.geonames_city.city`.
    pub path: &'static str,
    pub kind: ValueKind,
    pub mapping: Mapping,
}

/// The mapping of a source path: its own field plus multi-fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mapping {
    Keyword,
    /// Text; `subfields`: `.keyword` (unlimited) and `.norm` (string_lowercase), as for names.
    Text {
        analyzer: TextAnalyzer,
        name_like: bool,
    },
    /// Dynamic string mapping: text (standard) + `.keyword` with `ignore_above: 256`.
    DynamicText,
    Date,
    Float,
    Integer,
    Long,
    Boolean,
}

const fn kw(path: &'static str) -> PathDef {
    PathDef {
        path,
        kind: ValueKind::Str,
        mapping: Mapping::Keyword,
    }
}
const fn std_text(path: &'static str) -> PathDef {
    PathDef {
        path,
        kind: ValueKind::Str,
        mapping: Mapping::Text {
            analyzer: TextAnalyzer::Standard,
            name_like: false,
        },
    }
}
const fn name_text(path: &'static str) -> PathDef {
    PathDef {
        path,
        kind: ValueKind::Str,
        mapping: Mapping::Text {
            analyzer: TextAnalyzer::Standard,
            name_like: true,
        },
    }
}
const fn simple_text(path: &'static str) -> PathDef {
    PathDef {
        path,
        kind: ValueKind::Str,
        mapping: Mapping::Text {
            analyzer: TextAnalyzer::Simple,
            name_like: false,
        },
    }
}
const fn long(path: &'static str) -> PathDef {
    PathDef {
        path,
        kind: ValueKind::Int,
        mapping: Mapping::Long,
    }
}

/// Index of a path in [`STATIC_PATHS`] (and in the index's path list, where dynamic paths follow).
pub type PathId = u16;

/// Every statically known source path, in the order the index stores them. The four name paths come
/// first and in `names_ids` child order (name, labels, aliases, acronyms), then the `names_ids.id` path.
pub const STATIC_PATHS: &[PathDef] = &[
    name_text("name"),
    name_text("labels.label"),
    name_text("aliases"),
    name_text("acronyms"),
    // The `names_ids.id` children (spec §3.2): ROR id forms and external ids. Not a root field.
    kw("names_ids.id"),
    kw("id"),
    std_text("email_address"),
    std_text("ip_addresses"),
    PathDef {
        path: "established",
        kind: ValueKind::Int,
        mapping: Mapping::Date,
    },
    kw("types"),
    name_text("relationships.label"),
    kw("relationships.type"),
    kw("relationships.id"),
    PathDef {
        path: "addresses.lat",
        kind: ValueKind::Float,
        mapping: Mapping::Float,
    },
    PathDef {
        path: "addresses.lng",
        kind: ValueKind::Float,
        mapping: Mapping::Float,
    },
    kw("addresses.state"),
    kw("addresses.state_code"),
    kw("addresses.city"),
    PathDef {
        path: "addresses.geonames_city.id",
        kind: ValueKind::Int,
        mapping: Mapping::Integer,
    },
    kw("addresses.geonames_city.city"),
    kw("addresses.geonames_city.geonames_admin1.name"),
    long("addresses.geonames_city.geonames_admin1.id"),
    kw("addresses.geonames_city.geonames_admin1.ascii_name"),
    kw("addresses.geonames_city.geonames_admin1.code"),
    kw("addresses.geonames_city.geonames_admin2.name"),
    long("addresses.geonames_city.geonames_admin2.id"),
    kw("addresses.geonames_city.geonames_admin2.ascii_name"),
    kw("addresses.geonames_city.geonames_admin2.code"),
    std_text("addresses.geonames_city.license.attribution"),
    std_text("addresses.geonames_city.license.license"),
    std_text("addresses.geonames_city.nuts_level1.name"),
    kw("addresses.geonames_city.nuts_level1.code"),
    std_text("addresses.geonames_city.nuts_level2.name"),
    kw("addresses.geonames_city.nuts_level2.code"),
    std_text("addresses.geonames_city.nuts_level3.name"),
    kw("addresses.geonames_city.nuts_level3.code"),
    kw("addresses.postcode"),
    PathDef {
        path: "addresses.primary",
        kind: ValueKind::Bool,
        mapping: Mapping::Boolean,
    },
    std_text("addresses.line"),
    long("addresses.country_geonames_id"),
    simple_text("links"),
    kw("status"),
    simple_text("wikipedia_url"),
    kw("labels.iso639"),
    kw("country.country_name"),
    kw("country.country_code"),
    kw("external_ids.GRID.preferred"),
    kw("external_ids.GRID.all"),
    kw("external_ids.ISNI.preferred"),
    kw("external_ids.ISNI.all"),
    kw("external_ids.FundRef.preferred"),
    kw("external_ids.FundRef.all"),
    kw("external_ids.Wikidata.preferred"),
    kw("external_ids.Wikidata.all"),
];

/// The id of a static path by name, for use in constants (`const { static_path("addresses.lat") }`), so
/// that hot code does not look names up; `PathId::MAX` (resolving nothing) for a name that is not static.
pub const fn static_path(name: &str) -> PathId {
    let name = name.as_bytes();
    let mut i = 0;
    while i < STATIC_PATHS.len() {
        let p = STATIC_PATHS[i].path.as_bytes();
        if p.len() == name.len() {
            let mut k = 0;
            while k < p.len() && p[k] == name[k] {
                k += 1;
            }
            if k == p.len() {
                return i as PathId;
            }
        }
        i += 1;
    }
    PathId::MAX
}

/// Position of well-known paths in [`STATIC_PATHS`].
pub mod paths {
    use super::PathId;
    pub const NAME: PathId = 0;
    pub const LABEL: PathId = 1;
    pub const ALIAS: PathId = 2;
    pub const ACRONYM: PathId = 3;
    /// The name paths that feed `names_ids.name`, as a range.
    pub const NAMES: core::ops::Range<PathId> = 0..4;
    pub const NAMES_IDS_ID: PathId = 4;
    pub const ID: PathId = 5;
    pub const TYPES: PathId = 9;
    pub const STATUS: PathId = 41;
    pub const COUNTRY_NAME: PathId = 44;
    pub const COUNTRY_CODE: PathId = 45;
}

/// External-id schemes that the v1 template maps as keywords; any other scheme is mapped dynamically.
pub const TEMPLATE_SCHEMES: &[&str] = &["GRID", "ISNI", "FundRef", "Wikidata"];

/// The `ignore_above` of dynamically mapped `.keyword` sub-fields.
pub const DYNAMIC_IGNORE_ABOVE: u32 = 256;

/// Object paths of the template (for `_exists_:<object>` and `field.*` patterns); dynamic schemes add
/// `external_ids.<scheme>`.
pub const STATIC_OBJECTS: &[&str] = &[
    "labels",
    "country",
    "addresses",
    "addresses.geonames_city",
    "addresses.geonames_city.nuts_level1",
    "addresses.geonames_city.nuts_level2",
    "addresses.geonames_city.nuts_level3",
    "addresses.geonames_city.geonames_admin1",
    "addresses.geonames_city.geonames_admin2",
    "addresses.geonames_city.license",
    "relationships",
    "external_ids",
    "external_ids.GRID",
    "external_ids.ISNI",
    "external_ids.FundRef",
    "external_ids.Wikidata",
    "names_ids",
];

/// The nested path of the quick search.
pub const NESTED_PATH: &str = "names_ids";

/// The path definition for a dynamic external-id member (`external_ids.<scheme>.preferred|all`).
pub fn dynamic_ext_path(path: &'static str) -> PathDef {
    PathDef {
        path,
        kind: ValueKind::Str,
        mapping: Mapping::DynamicText,
    }
}

/// A view of a path as one ES field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The path's own field.
    Base,
    /// `<path>.keyword`.
    Keyword,
    /// `<path>.norm`.
    Norm,
}

impl View {
    pub fn suffix(self) -> &'static str {
        match self {
            View::Base => "",
            View::Keyword => ".keyword",
            View::Norm => ".norm",
        }
    }
}

impl Mapping {
    /// The ES fields of this path: (view, type), base field first.
    pub fn fields(self) -> &'static [(View, FieldType)] {
        const KW: FieldType = FieldType::Keyword {
            ignore_above: u32::MAX,
        };
        match self {
            Mapping::Keyword => &[(View::Base, KW)],
            Mapping::Text {
                analyzer: TextAnalyzer::Standard,
                name_like: true,
            } => &[
                (View::Base, FieldType::Text(TextAnalyzer::Standard)),
                (View::Keyword, KW),
                (View::Norm, FieldType::Text(TextAnalyzer::StringLowercase)),
            ],
            Mapping::Text {
                analyzer: TextAnalyzer::Standard,
                ..
            } => &[(View::Base, FieldType::Text(TextAnalyzer::Standard))],
            Mapping::Text {
                analyzer: TextAnalyzer::Simple,
                ..
            } => &[(View::Base, FieldType::Text(TextAnalyzer::Simple))],
            Mapping::Text {
                analyzer: TextAnalyzer::StringLowercase,
                ..
            } => &[(View::Base, FieldType::Text(TextAnalyzer::StringLowercase))],
            Mapping::DynamicText => &[
                (View::Base, FieldType::Text(TextAnalyzer::Standard)),
                (
                    View::Keyword,
                    FieldType::Keyword {
                        ignore_above: DYNAMIC_IGNORE_ABOVE,
                    },
                ),
            ],
            Mapping::Date => &[(View::Base, FieldType::Date)],
            Mapping::Float => &[(View::Base, FieldType::Float)],
            Mapping::Integer => &[(View::Base, FieldType::Integer)],
            Mapping::Long => &[(View::Base, FieldType::Long)],
            Mapping::Boolean => &[(View::Base, FieldType::Boolean)],
        }
    }

    /// The analyzer whose tokens the index stores for this path (string_lowercase tokens are derived
    /// from standard ones by folding, so name-like paths store standard tokens plus folded twins).
    pub fn text_analyzer(self) -> Option<TextAnalyzer> {
        match self {
            Mapping::Text { analyzer, .. } => Some(analyzer),
            Mapping::DynamicText => Some(TextAnalyzer::Standard),
            _ => None,
        }
    }

    /// True when the index must keep folded twins of the tokens (a `.norm` view exists).
    pub fn keeps_folded(self) -> bool {
        matches!(
            self,
            Mapping::Text {
                name_like: true,
                ..
            }
        )
    }
}

/// The smallest Lucene norm encoding: `SmallFloat.intToByte4` (field length → one byte).
pub fn int_to_byte4(i: u32) -> u8 {
    const MAX_INT4: u32 = long_to_int4(i32::MAX as u64);
    const NUM_FREE_VALUES: u32 = 255 - MAX_INT4;
    if i < NUM_FREE_VALUES {
        i as u8
    } else {
        (NUM_FREE_VALUES + long_to_int4((i - NUM_FREE_VALUES) as u64)) as u8
    }
}

/// `SmallFloat.byte4ToInt`: the (approximate) field length a norm byte stands for.
pub fn byte4_to_int(b: u8) -> u32 {
    const MAX_INT4: u32 = long_to_int4(i32::MAX as u64);
    const NUM_FREE_VALUES: u32 = 255 - MAX_INT4;
    let i = b as u32;
    if i < NUM_FREE_VALUES {
        i
    } else {
        let decoded = NUM_FREE_VALUES as u64 + int4_to_long(i - NUM_FREE_VALUES);
        decoded.min(u32::MAX as u64) as u32
    }
}

const fn long_to_int4(i: u64) -> u32 {
    let num_bits = 64 - i.leading_zeros();
    if num_bits < 4 {
        i as u32
    } else {
        let shift = num_bits - 4;
        let mut encoded = (i >> shift) as u32;
        encoded &= 0x07;
        encoded |= (shift + 1) << 3;
        encoded
    }
}

const fn int4_to_long(i: u32) -> u64 {
    let bits = (i & 0x07) as u64;
    let shift = (i >> 3) as i32 - 1;
    if shift == -1 {
        bits
    } else {
        (bits | 0x08) << shift
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_path_finds_every_static_path_and_nothing_else() {
        for (i, d) in STATIC_PATHS.iter().enumerate() {
            assert_eq!(static_path(d.path) as usize, i, "{}", d.path);
        }
        const LAT: PathId = static_path("addresses.lat");
        assert_eq!(STATIC_PATHS[LAT as usize].path, "addresses.lat");
        assert_eq!(static_path("addresses"), PathId::MAX);
        assert_eq!(static_path("external_ids.CNRS.all"), PathId::MAX);
        assert_eq!(static_path(""), PathId::MAX);
    }

    #[test]
    fn well_known_paths_point_at_their_names() {
        assert_eq!(STATIC_PATHS[paths::NAME as usize].path, "name");
        assert_eq!(STATIC_PATHS[paths::LABEL as usize].path, "labels.label");
        assert_eq!(STATIC_PATHS[paths::ALIAS as usize].path, "aliases");
        assert_eq!(STATIC_PATHS[paths::ACRONYM as usize].path, "acronyms");
        assert_eq!(
            STATIC_PATHS[paths::NAMES_IDS_ID as usize].path,
            "names_ids.id"
        );
        assert_eq!(STATIC_PATHS[paths::ID as usize].path, "id");
        assert_eq!(STATIC_PATHS[paths::TYPES as usize].path, "types");
        assert_eq!(STATIC_PATHS[paths::STATUS as usize].path, "status");
        assert_eq!(
            STATIC_PATHS[paths::COUNTRY_NAME as usize].path,
            "country.country_name"
        );
        assert_eq!(
            STATIC_PATHS[paths::COUNTRY_CODE as usize].path,
            "country.country_code"
        );
    }

    #[test]
    fn norm_encoding_matches_lucene_small_float() {
        // Lengths below 40 are exact; larger ones keep 4 significant bits (rounded down).
        for i in 0..40 {
            assert_eq!(byte4_to_int(int_to_byte4(i)), i);
        }
        assert_eq!(byte4_to_int(int_to_byte4(41)), 40);
        assert_eq!(int_to_byte4(i32::MAX as u32), 255);
        for b in 0..=255u8 {
            assert_eq!(int_to_byte4(byte4_to_int(b)), b);
        }
    }
}
