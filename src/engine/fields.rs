//! The ES field catalogue of a loaded index: every searchable field name (`name`, `name.keyword`,
//! `name.norm`, `addresses.geonames_city.city`, `names_ids.name`, `_id`, …) with what it reads, the object
//! paths, and ES's field-pattern expansion (`addresses.\*`, `*`).
//!
//! Derived entirely from `index::schema` plus the dynamic external-id schemes of the index, so a field's
//! analyzer is stated once.

use crate::index::schema::{self, FieldType, PathId, TextAnalyzer, View};
use crate::index::Index;

/// What an ES field reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A root field: one view of a source path.
    Root {
        path: PathId,
        view: View,
        ty: FieldType,
    },
    /// `names_ids.name` (nested, string_lowercase over the four name paths).
    NamesName,
    /// `names_ids.id` (nested keyword).
    NamesId,
    /// `_id` (metadata keyword on the record id, constant score).
    Id,
}

impl Target {
    /// True for the fields of nested `names_ids` children.
    pub fn nested(self) -> bool {
        matches!(self, Target::NamesName | Target::NamesId)
    }

    /// The ES type of the field.
    pub fn field_type(self) -> FieldType {
        match self {
            Target::Root { ty, .. } => ty,
            Target::NamesName => FieldType::Text(TextAnalyzer::StringLowercase),
            Target::NamesId => FieldType::Keyword {
                ignore_above: u32::MAX,
            },
            Target::Id => FieldType::Id,
        }
    }
}

#[derive(Clone, Debug)]
pub struct EsField {
    pub name: String,
    pub target: Target,
}

/// All fields of the index's mapping, in mapping order, plus the object paths.
#[derive(Clone, Debug)]
pub struct Catalogue {
    fields: Vec<EsField>,
    /// Indices into `fields`, sorted by name.
    sorted: Vec<u32>,
    objects: Vec<String>,
}

impl Catalogue {
    pub fn new(index: &Index) -> Catalogue {
        let mut fields = Vec::new();
        for p in 0..index.num_paths() {
            let Some(pv) = index.path(p) else { continue };
            if p == schema::paths::NAMES_IDS_ID {
                continue;
            }
            for (view, ty) in pv.mapping().fields() {
                fields.push(EsField {
                    name: format!("{}{}", pv.name(), view.suffix()),
                    target: Target::Root {
                        path: p,
                        view: *view,
                        ty: *ty,
                    },
                });
            }
        }
        fields.push(EsField {
            name: "names_ids.id".into(),
            target: Target::NamesId,
        });
        fields.push(EsField {
            name: "names_ids.name".into(),
            target: Target::NamesName,
        });
        let mut sorted: Vec<u32> = (0..fields.len() as u32).collect();
        crate::sort::by(&mut sorted, |&a, &b| {
            fields[a as usize].name.cmp(&fields[b as usize].name)
        });
        let mut objects: Vec<String> = schema::STATIC_OBJECTS
            .iter()
            .map(|s| s.to_string())
            .collect();
        for s in index.dynamic_schemes() {
            objects.push(format!("external_ids.{s}"));
        }
        crate::sort::by(&mut objects, |a, b| a.cmp(b));
        Catalogue {
            fields,
            sorted,
            objects,
        }
    }

    /// All mapped fields (metadata excluded), in mapping order.
    pub fn fields(&self) -> &[EsField] {
        &self.fields
    }

    /// A field by exact name (`_id` included).
    pub fn get(&self, name: &str) -> Option<Target> {
        if name == "_id" {
            return Some(Target::Id);
        }
        self.sorted
            .binary_search_by(|&i| self.fields[i as usize].name.as_str().cmp(name))
            .ok()
            .map(|i| self.fields[self.sorted[i] as usize].target)
    }

    pub fn is_object(&self, name: &str) -> bool {
        self.objects
            .binary_search_by(|o| o.as_str().cmp(name))
            .is_ok()
    }

    /// ES `simpleMatchToIndexNames`: a name without `*` as is; a pattern expands to every mapped field
    /// name it matches (and `_id`).
    pub fn simple_match_names<'a>(&'a self, pattern: &'a str) -> Vec<&'a str> {
        if !pattern.contains('*') {
            return vec![pattern];
        }
        let mut out: Vec<&str> = self
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .filter(|n| simple_match(pattern, n))
            .collect();
        if simple_match(pattern, "_id") {
            out.push("_id");
        }
        out
    }

    /// The fields a `field:` prefix (or the default field `*`) stands for, as ES's
    /// `QueryParserHelper.resolveMappingField` with the query_string rules: patterns exclude metadata
    /// fields; inside the nested quick query `*` covers the nested fields only (root fields cannot match
    /// nested documents, so the result is the same).
    pub fn resolve<'a>(&'a self, field: &'a str, nested: bool) -> Vec<(&'a str, Target)> {
        let all_fields = field == "*";
        let multi = field.contains('*');
        let mut out = Vec::new();
        for name in self.simple_match_names(field) {
            let Some(t) = self.get(name) else { continue };
            if multi && name.starts_with('_') {
                continue;
            }
            if nested && all_fields && !t.nested() {
                continue;
            }
            out.push((name, t));
        }
        out
    }
}

/// ES `Regex.simpleMatch`: `*` matches any sequence of characters, everything else literally.
pub fn simple_match(pattern: &str, s: &str) -> bool {
    let p = pattern.as_bytes();
    let s = s.as_bytes();
    // Iterative glob matching with backtracking to the last star: O(len(p) * len(s)) worst case.
    let (mut pi, mut si) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && p[pi] == b'*' {
            while pi < p.len() && p[pi] == b'*' {
                pi += 1;
            }
            if pi == p.len() {
                return true;
            }
            star = Some((pi, si));
        } else if pi < p.len() && p[pi] == s[si] {
            pi += 1;
            si += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::simple_match;

    #[test]
    fn simple_match_globs() {
        assert!(simple_match("addresses.*", "addresses.city"));
        assert!(simple_match("*", "name"));
        assert!(simple_match("*.keyword", "name.keyword"));
        assert!(simple_match("a*b*c", "aXXbYYc"));
        assert!(!simple_match("a*b*c", "aXXbYY"));
        assert!(!simple_match("name", "name.keyword"));
        assert!(simple_match("n*e", "name"));
        assert!(simple_match("**", ""));
    }
}

/// One field a user can name in `query.advanced` (the v1 whitelist), as the JS `fields()` list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    pub name: &'static str,
    /// `text`, `keyword`, `date`, `float`, `integer`, `long`, `boolean`, or `unmapped` (accepted by the v1
    /// whitelist but absent from the index: it matches nothing).
    pub es_type: &'static str,
    /// The analyzer of a text field (`standard`, `simple`).
    pub analyzer: Option<&'static str>,
    /// How a value matches, in a few words.
    pub matching: &'static str,
}

impl Catalogue {
    /// The v1 advanced-query whitelist (spec §4.3) with each field's type in this index.
    pub fn advanced_fields(&self) -> Vec<FieldInfo> {
        crate::engine::params::validate::ADVANCED_FIELDS
            .iter()
            .map(|&name| {
                let (es_type, analyzer, matching) = match self.get(name).map(Target::field_type) {
                    Some(FieldType::Text(TextAnalyzer::Standard)) => (
                        "text",
                        Some("standard"),
                        "words; case-insensitive, accent-sensitive",
                    ),
                    Some(FieldType::Text(TextAnalyzer::Simple)) => {
                        ("text", Some("simple"), "letter runs; case-insensitive")
                    }
                    Some(FieldType::Text(TextAnalyzer::StringLowercase)) => (
                        "text",
                        Some("string_lowercase"),
                        "words; case- and accent-insensitive",
                    ),
                    Some(FieldType::Keyword { .. }) | Some(FieldType::Id) => {
                        ("keyword", None, "the exact whole value; case-sensitive")
                    }
                    Some(FieldType::Date) => (
                        "date",
                        None,
                        "a year, or a range of years: [1990 TO 2000], >2000",
                    ),
                    Some(FieldType::Float) => ("float", None, "a number or a range"),
                    Some(FieldType::Integer) => ("integer", None, "a number or a range"),
                    Some(FieldType::Long) => ("long", None, "a number or a range"),
                    Some(FieldType::Boolean) => ("boolean", None, "true or false"),
                    None => (
                        "unmapped",
                        None,
                        "accepted by v1 but not in the data: matches nothing",
                    ),
                };
                FieldInfo {
                    name,
                    es_type,
                    analyzer,
                    matching,
                }
            })
            .collect()
    }

    /// [`Catalogue::advanced_fields`] as a JSON array.
    pub fn advanced_fields_json(&self) -> String {
        let mut out = String::from("[");
        for (i, f) in self.advanced_fields().iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"name\":");
            crate::record::write_json_str(f.name, &mut out);
            out.push_str(",\"type\":");
            crate::record::write_json_str(f.es_type, &mut out);
            out.push_str(",\"analyzer\":");
            match f.analyzer {
                Some(a) => crate::record::write_json_str(a, &mut out),
                None => out.push_str("null"),
            }
            out.push_str(",\"matching\":");
            crate::record::write_json_str(f.matching, &mut out);
            out.push('}');
        }
        out.push(']');
        out
    }
}
