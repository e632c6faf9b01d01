//! The v1 record model: every field the v1 API serialised (spec §9.2), with JSON `null` kept apart from
//! absent values where the output or the index depends on it.

/// One organization, as the v1 API knew it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Record {
    /// `https://ror.org/0xxxxxxxx`.
    pub id: String,
    pub name: String,
    pub email_address: Option<String>,
    pub ip_addresses: Vec<String>,
    /// A year.
    pub established: Option<i64>,
    pub types: Vec<String>,
    pub relationships: Vec<Relationship>,
    pub addresses: Vec<Address>,
    pub links: Vec<String>,
    pub aliases: Vec<String>,
    pub acronyms: Vec<String>,
    /// `active`, `inactive` or `withdrawn`.
    pub status: String,
    pub wikipedia_url: Option<String>,
    pub labels: Vec<Label>,
    pub country: Country,
    /// In the source's key order, every scheme (the writer keeps the nine v1 schemes in the v1 order).
    pub external_ids: Vec<ExternalId>,
}

impl Record {
    /// Gives back the spare capacity of every list. Readers grow lists by pushing (capacity 4 for the one
    /// address most records have: 2.3 KB where 584 bytes are used); a dump holds 50,000+ records, and wasm
    /// memory never shrinks.
    pub fn shrink_to_fit(&mut self) {
        self.ip_addresses.shrink_to_fit();
        self.types.shrink_to_fit();
        self.relationships.shrink_to_fit();
        self.addresses.shrink_to_fit();
        self.links.shrink_to_fit();
        self.aliases.shrink_to_fit();
        self.acronyms.shrink_to_fit();
        self.labels.shrink_to_fit();
        self.external_ids.shrink_to_fit();
        for e in &mut self.external_ids {
            if let Some(ExtAll::Many(v)) = &mut e.all {
                v.shrink_to_fit();
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Relationship {
    pub label: Option<String>,
    /// `Related`, `Parent`, `Child`, `Successor`, `Predecessor`.
    pub rel_type: Option<String>,
    pub id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Address {
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub state: Option<String>,
    pub state_code: Option<String>,
    pub city: Option<String>,
    /// `None` when the source had `null` or no `geonames_city`.
    pub geonames_city: Option<GeonamesCity>,
    pub postcode: Option<String>,
    pub primary: Option<bool>,
    pub line: Option<String>,
    pub country_geonames_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct GeonamesCity {
    pub id: Option<i64>,
    pub city: Option<String>,
    /// `None` when the source had `null` or no such key (then written as `null`).
    pub geonames_admin1: Option<GeonamesAdmin>,
    pub geonames_admin2: Option<GeonamesAdmin>,
    pub license: Option<License>,
    pub nuts_level1: Option<Nuts>,
    pub nuts_level2: Option<Nuts>,
    pub nuts_level3: Option<Nuts>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct GeonamesAdmin {
    pub name: Option<String>,
    pub id: Option<i64>,
    pub ascii_name: Option<String>,
    pub code: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct License {
    pub attribution: Option<String>,
    pub license: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Nuts {
    pub name: Option<String>,
    pub code: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Label {
    pub label: String,
    pub iso639: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Country {
    pub country_name: Option<String>,
    pub country_code: Option<String>,
}

/// One `external_ids` entry, e.g. `"GRID": {"preferred": "grid.1.0", "all": "grid.1.0"}`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ExternalId {
    /// The key as in the source (`ISNI`, `GRID`, `FundRef`, …; unknown schemes are kept for the index).
    pub scheme: String,
    /// `None`: no `preferred` key (the writer then drops the scheme, spec §9.4); `Some(None)`: `null`.
    pub preferred: Option<Option<String>>,
    /// `None`: no `all` key (the writer then drops the scheme).
    pub all: Option<ExtAll>,
}

/// The `all` member of an external id: a string for GRID, a list for the others, as found in the source.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum ExtAll {
    #[default]
    Null,
    One(String),
    Many(Vec<String>),
}
