//! The resolved query: what Lucene's query objects would be after ES built them from the query string,
//! and the per-field construction that ES 7.10's `QueryStringQueryParser` and field types perform
//! (`MatchQuery` per field, term/phrase/range/prefix/wildcard/regexp/fuzzy/exists, `*` expansion with
//! `dis_max`, lenient type errors). Mirrors the oracle's `Fields.java` and `EsQueryStringParser.java`.
//!
//! Key decision: term existence and expansion (prefix, wildcard, fuzzy, ranges) are resolved here,
//! against the index's term and value dictionaries, so the executor only reads postings.

use crate::index::schema::{FieldType, PathId, TextAnalyzer, ValueKind, View};
use crate::index::{Index, NamesIdValue, PathView, TermSpace};
use crate::text::{self, Analysis, Analyzer};

use super::dates;
use super::fields::{Catalogue, Target};
use super::numbers;
use super::pattern;
use crate::query::{BooleanClause, Occur};

/// Where a text query reads its postings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextField {
    /// A root text field: `Base` = the path's own analyzer (standard/simple), `Norm` = string_lowercase.
    Root { path: PathId, view: View },
    /// `names_ids.name`.
    NamesName,
}

/// Where a keyword term query reads (BM25-scored exact value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeywordField {
    /// A root keyword-like field (keyword, `.keyword`, boolean): value numbers of the path. `view` picks
    /// the statistics.
    Root { path: PathId, view: View },
}

/// A `names_ids.id` child: one holding an external id (a value of the `names_ids.id` path), or one of the
/// three forms of a record's own id (derived, not stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NamesIdDoc {
    Ext(u32),
    Form { record: u32, form: u8 },
}

/// A set of documents matched with a constant score.
#[derive(Clone, Debug, PartialEq)]
pub enum DocSet {
    /// Records holding any of these value numbers of a path.
    RootValues { path: PathId, values: Vec<u32> },
    /// Records holding any of these terms in a root text field.
    RootTerms {
        path: PathId,
        view: View,
        terms: Vec<u32>,
    },
    /// `names_ids.name` children holding any of these terms.
    NamesTerms { terms: Vec<u32> },
    /// These `names_ids.id` children.
    NamesIdDocs { docs: Vec<NamesIdDoc> },
    /// Documents having a value in any of these fields (`_exists_`).
    Exists { fields: Vec<Target> },
}

/// A resolved query.
#[derive(Clone, Debug, PartialEq)]
pub enum Q {
    /// MatchNoDocsQuery.
    None,
    /// MatchAllDocsQuery (constant score).
    All,
    /// TermQuery (one term) or SynonymQuery (several at one position) on a text field. Terms that do not
    /// exist in the index are left out; an empty list matches nothing.
    Terms {
        field: TextField,
        terms: Vec<u32>,
        /// A SynonymQuery (several tokens at one position), not a TermQuery.
        synonym: bool,
    },
    /// PhraseQuery / MultiPhraseQuery: per position the terms that exist. Any empty position → no match.
    Phrase {
        field: TextField,
        positions: Vec<Vec<u32>>,
        slop: u32,
    },
    /// TermQuery on a keyword-like field, `value` a value number (`None`: absent from the index).
    Keyword {
        field: KeywordField,
        value: Option<u32>,
    },
    /// TermQuery on `names_ids.id`: the children holding the term (empty: absent).
    NamesId {
        docs: Vec<NamesIdDoc>,
    },
    /// A constant-score set (multi-term queries, ranges, points, exists, `_id`).
    Const(DocSet),
    /// FuzzyQuery rewritten to its best term (`fuzzy_max_expansions: 1`): a term query with the fuzzy
    /// similarity as boost.
    Fuzzy {
        inner: Box<Q>,
        similarity: f32,
    },
    Bool(BoolQ),
    /// DisjunctionMaxQuery, tie breaker 0.
    DisMax(Vec<Q>),
    Boost(Box<Q>, f32),
}

/// BooleanQuery clauses by occur.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoolQ {
    pub must: Vec<Q>,
    pub should: Vec<Q>,
    pub must_not: Vec<Q>,
    pub filter: Vec<Q>,
}

/// Lucene's `BooleanQuery.maxClauseCount` as ES 7 sets it.
pub const MAX_CLAUSE_COUNT: usize = 1024;
/// ES `index.max_regex_length`.
pub const MAX_REGEX_LENGTH: usize = 1000;

/// What ES rejects while building a query (the API answered HTTP 500).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError(pub String);

/// The builder context of one query string.
pub struct Ctx<'a> {
    pub index: &'a Index,
    pub cat: &'a Catalogue,
    /// True inside the nested quick query (`*` covers the nested fields).
    pub nested: bool,
    /// The default operator is AND (`query.advanced`).
    pub and: bool,
    pub now_ms: i64,
    analysis: Analysis,
    buf: String,
}

fn analyzer_of(t: TextAnalyzer) -> Analyzer {
    match t {
        TextAnalyzer::Standard => Analyzer::Standard,
        TextAnalyzer::Simple => Analyzer::Simple,
        TextAnalyzer::StringLowercase => Analyzer::StringLowercase,
    }
}

fn combine(mut qs: Vec<Q>) -> Option<Q> {
    match qs.len() {
        0 => None,
        1 => qs.pop(),
        _ => Some(Q::DisMax(qs)),
    }
}

impl<'a> Ctx<'a> {
    pub fn new(
        index: &'a Index,
        cat: &'a Catalogue,
        nested: bool,
        and: bool,
        now_ms: i64,
    ) -> Ctx<'a> {
        Ctx {
            index,
            cat,
            nested,
            and,
            now_ms,
            analysis: Analysis::new(),
            buf: String::new(),
        }
    }

    fn fields(&self, field: &str) -> Vec<Target> {
        self.cat
            .resolve(field, self.nested)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    }

    // ------------------------------------------------------------------ text helpers

    fn text_field(t: Target) -> Option<(TextField, Analyzer)> {
        match t {
            Target::Root {
                path,
                view,
                ty: FieldType::Text(a),
            } => Some((TextField::Root { path, view }, analyzer_of(a))),
            Target::NamesName => Some((TextField::NamesName, Analyzer::StringLowercase)),
            _ => None,
        }
    }

    /// The term dictionary of a text field (stored, or a lazy path's own).
    fn space(&self, tf: TextField) -> TermSpace<'a> {
        match tf {
            TextField::NamesName => TermSpace::Stored(self.index),
            TextField::Root { path, .. } => self.index.text_terms(path),
        }
    }

    /// The analysed tokens of `text`, grouped by position: term ids in the field's dictionary (None when
    /// absent).
    fn analyze_groups(&mut self, tf: TextField, a: Analyzer, text: &str) -> Vec<Vec<Option<u32>>> {
        let space = self.space(tf);
        self.analysis.run(a, text);
        let mut groups: Vec<Vec<Option<u32>>> = Vec::new();
        let mut last_pos = u32::MAX;
        for t in self.analysis.tokens() {
            let id = space.find(self.analysis.term(t).as_bytes()).ok();
            if t.position != last_pos || groups.is_empty() {
                groups.push(Vec::new());
                last_pos = t.position;
            }
            if let Some(g) = groups.last_mut() {
                g.push(id);
            }
        }
        groups
    }

    fn normalize(&mut self, t: Target, s: &str) -> String {
        match t {
            Target::Root {
                ty: FieldType::Text(a),
                ..
            } => {
                text::normalize(analyzer_of(a), s, &mut self.buf);
                self.buf.clone()
            }
            Target::NamesName => {
                text::normalize(Analyzer::StringLowercase, s, &mut self.buf);
                self.buf.clone()
            }
            _ => s.to_owned(),
        }
    }

    // ------------------------------------------------------------------ getFieldQuery

    /// `getFieldQuery(field, text, quoted=false)`: a term or run of plain words.
    pub fn field_query(&mut self, field: &str, text: &str) -> Result<Option<Q>, BuildError> {
        if field == "_exists_" {
            return Ok(Some(self.exists(text)));
        }
        let chars: Vec<char> = text.chars().take(3).collect();
        if chars.len() > 1 {
            if text.starts_with(">=") && chars.len() > 2 {
                return self.range_query(field, Some(&text[2..]), None, true, true);
            } else if let Some(rest) = text.strip_prefix('>') {
                return self.range_query(field, Some(rest), None, false, true);
            } else if text.starts_with("<=") && chars.len() > 2 {
                return self.range_query(field, None, Some(&text[2..]), true, true);
            } else if let Some(rest) = text.strip_prefix('<') {
                return self.range_query(field, None, Some(rest), true, false);
            }
        }
        let fields = self.fields(field);
        if fields.is_empty() {
            return Ok(Some(Q::None));
        }
        let mut qs = Vec::new();
        for t in fields {
            if let Some(q) = self.match_field(t, text)? {
                qs.push(q);
            }
        }
        Ok(combine(qs))
    }

    /// MatchQuery (type boolean) on one field.
    fn match_field(&mut self, t: Target, text: &str) -> Result<Option<Q>, BuildError> {
        if let Some((tf, a)) = Self::text_field(t) {
            let groups = self.analyze_groups(tf, a, text);
            return self.boolean_of_groups(tf, groups);
        }
        Ok(Some(self.term_query(t, text)))
    }

    /// QueryBuilder.createBooleanQuery over analysed position groups.
    fn boolean_of_groups(
        &mut self,
        tf: TextField,
        groups: Vec<Vec<Option<u32>>>,
    ) -> Result<Option<Q>, BuildError> {
        let terms_q = |g: &Vec<Option<u32>>| Q::Terms {
            field: tf,
            terms: g.iter().flatten().copied().collect(),
            synonym: g.len() > 1,
        };
        match groups.len() {
            0 => Ok(None),
            1 => Ok(Some(terms_q(&groups[0]))),
            n => {
                if n > MAX_CLAUSE_COUNT {
                    return Err(too_many_clauses());
                }
                let clauses: Vec<Q> = groups.iter().map(terms_q).collect();
                let mut b = BoolQ::default();
                if self.and {
                    b.must = clauses;
                } else {
                    b.should = clauses;
                }
                Ok(Some(Q::Bool(b)))
            }
        }
    }

    /// A field type's `termQuery` for the non-analysed types (lenient: unparsable → no match).
    fn term_query(&mut self, t: Target, text: &str) -> Q {
        match t {
            Target::Id => {
                let id_path = crate::index::schema::paths::ID;
                match self.index.path(id_path).and_then(|p| p.find_str(text)) {
                    Some(v) => Q::Const(DocSet::RootValues {
                        path: id_path,
                        values: vec![v],
                    }),
                    None => Q::None,
                }
            }
            Target::NamesId => Q::NamesId {
                docs: self.names_id_docs(text),
            },
            Target::NamesName => Q::None,
            Target::Root { path, view, ty } => {
                let Some(pv) = self.index.path(path) else {
                    return Q::None;
                };
                match ty {
                    FieldType::Keyword { ignore_above } => {
                        let value = if utf16_len(text) > ignore_above as usize {
                            None
                        } else {
                            pv.find_str(text)
                        };
                        Q::Keyword {
                            field: KeywordField::Root { path, view },
                            value,
                        }
                    }
                    FieldType::Boolean => match text {
                        "true" | "false" => {
                            let want = text == "true";
                            let value = (0..pv.len()).find(|&v| pv.bool_value(v) == Some(want));
                            Q::Keyword {
                                field: KeywordField::Root { path, view },
                                value,
                            }
                        }
                        _ => Q::None,
                    },
                    FieldType::Date => self.date_range(pv, Some(text), Some(text), true, true),
                    FieldType::Float => match numbers::java_parse_float(text) {
                        Some(v) if v.is_finite() => float_range(pv, v, v),
                        _ => Q::None,
                    },
                    FieldType::Integer | FieldType::Long => {
                        let is_int = ty == FieldType::Integer;
                        match numbers::has_decimal_part(text) {
                            None | Some(true) => Q::None,
                            Some(false) => match numbers::to_long(text, is_int) {
                                Some(v) => int_range(pv, v, v),
                                None => Q::None,
                            },
                        }
                    }
                    FieldType::Text(_) | FieldType::Id => Q::None,
                }
            }
        }
    }

    /// `getFieldQuery(field, text, slop)`: a quoted phrase.
    pub fn phrase_query(
        &mut self,
        field: &str,
        text: &str,
        slop: i32,
    ) -> Result<Option<Q>, BuildError> {
        if field == "_exists_" {
            return Ok(Some(self.exists(text)));
        }
        let fields = self.fields(field);
        if fields.is_empty() {
            return Ok(Some(Q::None));
        }
        let mut qs = Vec::new();
        for t in fields {
            let q = if let Some((tf, a)) = Self::text_field(t) {
                let groups = self.analyze_groups(tf, a, text);
                match groups.len() {
                    0 => None,
                    1 => Some(Q::Terms {
                        field: tf,
                        terms: groups[0].iter().flatten().copied().collect(),
                        synonym: groups[0].len() > 1,
                    }),
                    _ => {
                        // A phrase needs every term; a missing one makes the whole phrase match nothing,
                        // except in a multi-phrase position where another synonym exists.
                        let has_syn = groups.iter().any(|g| g.len() > 1);
                        let positions: Vec<Vec<u32>> = groups
                            .iter()
                            .map(|g| {
                                if !has_syn && g.iter().any(Option::is_none) {
                                    Vec::new()
                                } else {
                                    g.iter().flatten().copied().collect()
                                }
                            })
                            .collect();
                        Some(Q::Phrase {
                            field: tf,
                            positions,
                            slop: slop.max(0) as u32,
                        })
                    }
                }
            } else {
                Some(self.term_query(t, text))
            };
            if let Some(q) = q {
                qs.push(q);
            }
        }
        Ok(combine(qs))
    }

    // ------------------------------------------------------------------ ranges

    /// `getRangeQuery`: `*` bounds are open; bounds normalised by the field's analyzer.
    pub fn range_query(
        &mut self,
        field: &str,
        lo: Option<&str>,
        hi: Option<&str>,
        incl_lo: bool,
        incl_hi: bool,
    ) -> Result<Option<Q>, BuildError> {
        let lo = lo.filter(|s| *s != "*");
        let hi = hi.filter(|s| *s != "*");
        let fields = self.fields(field);
        if fields.is_empty() {
            return Ok(Some(Q::None));
        }
        let mut qs = Vec::new();
        for t in fields {
            let lo_n = lo.map(|s| self.normalize(t, s));
            let hi_n = hi.map(|s| self.normalize(t, s));
            qs.push(self.range_one(t, lo_n.as_deref(), hi_n.as_deref(), incl_lo, incl_hi));
        }
        Ok(combine(qs))
    }

    fn range_one(
        &mut self,
        t: Target,
        lo: Option<&str>,
        hi: Option<&str>,
        incl_lo: bool,
        incl_hi: bool,
    ) -> Q {
        match t {
            Target::NamesName => {
                let terms = self.term_range(TextField::NamesName, lo, hi, incl_lo, incl_hi);
                Q::Const(DocSet::NamesTerms { terms })
            }
            Target::NamesId => {
                let mut docs = Vec::new();
                self.for_each_names_id(&mut |s| in_range(s, lo, hi, incl_lo, incl_hi), &mut |d| {
                    docs.push(d)
                });
                Q::Const(DocSet::NamesIdDocs { docs })
            }
            Target::Id => {
                let p = crate::index::schema::paths::ID;
                let Some(pv) = self.index.path(p) else {
                    return Q::None;
                };
                Q::Const(DocSet::RootValues {
                    path: p,
                    values: self.value_range(pv, lo, hi, incl_lo, incl_hi, u32::MAX),
                })
            }
            Target::Root { path, view, ty } => {
                let Some(pv) = self.index.path(path) else {
                    return Q::None;
                };
                match ty {
                    FieldType::Text(_) => {
                        let terms = self.term_range(
                            TextField::Root { path, view },
                            lo,
                            hi,
                            incl_lo,
                            incl_hi,
                        );
                        Q::Const(DocSet::RootTerms { path, view, terms })
                    }
                    FieldType::Keyword { ignore_above } => Q::Const(DocSet::RootValues {
                        path,
                        values: self.value_range(pv, lo, hi, incl_lo, incl_hi, ignore_above),
                    }),
                    FieldType::Boolean => {
                        // Terms "F" < "T"; bounds must be "true"/"false".
                        let term = |s: &str| match s {
                            "true" => Some("T"),
                            "false" => Some("F"),
                            _ => None,
                        };
                        let (l, h) = match (lo.map(term), hi.map(term)) {
                            (Some(None), _) | (_, Some(None)) => return Q::None,
                            (l, h) => (l.flatten(), h.flatten()),
                        };
                        let values = (0..pv.len())
                            .filter(|&v| {
                                let x = if pv.bool_value(v) == Some(true) {
                                    "T"
                                } else {
                                    "F"
                                };
                                in_range(x, l, h, incl_lo, incl_hi)
                            })
                            .collect();
                        Q::Const(DocSet::RootValues { path, values })
                    }
                    FieldType::Date => self.date_range(pv, lo, hi, incl_lo, incl_hi),
                    FieldType::Float => {
                        let mut l = f32::NEG_INFINITY;
                        let mut u = f32::INFINITY;
                        if let Some(s) = lo {
                            match numbers::java_parse_float(s) {
                                Some(v) if v.is_finite() => {
                                    l = if incl_lo { v } else { numbers::next_up(v) }
                                }
                                _ => return Q::None,
                            }
                        }
                        if let Some(s) = hi {
                            match numbers::java_parse_float(s) {
                                Some(v) if v.is_finite() => {
                                    u = if incl_hi { v } else { numbers::next_down(v) }
                                }
                                _ => return Q::None,
                            }
                        }
                        float_range(pv, l, u)
                    }
                    FieldType::Integer | FieldType::Long => {
                        let is_int = ty == FieldType::Integer;
                        let (min, max) = if is_int {
                            (i32::MIN as i64, i32::MAX as i64)
                        } else {
                            (i64::MIN, i64::MAX)
                        };
                        let mut l = min;
                        let mut u = max;
                        if let Some(s) = lo {
                            let (Some(v), Some(dec), Some(sign)) = (
                                numbers::to_long(s, is_int),
                                numbers::has_decimal_part(s),
                                numbers::signum(s),
                            ) else {
                                return Q::None;
                            };
                            l = v;
                            if (!dec && !incl_lo) || (dec && sign > 0) {
                                if l == max {
                                    return Q::None;
                                }
                                l += 1;
                            }
                        }
                        if let Some(s) = hi {
                            let (Some(v), Some(dec), Some(sign)) = (
                                numbers::to_long(s, is_int),
                                numbers::has_decimal_part(s),
                                numbers::signum(s),
                            ) else {
                                return Q::None;
                            };
                            u = v;
                            if (!dec && !incl_hi) || (dec && sign < 0) {
                                if u == min {
                                    return Q::None;
                                }
                                u -= 1;
                            }
                        }
                        int_range(pv, l, u)
                    }
                    FieldType::Id => Q::None,
                }
            }
        }
    }

    /// DateFieldType.rangeQuery over the indexed epoch milliseconds of the years.
    fn date_range(
        &self,
        pv: PathView<'_>,
        lo: Option<&str>,
        hi: Option<&str>,
        incl_lo: bool,
        incl_hi: bool,
    ) -> Q {
        let mut l = i64::MIN;
        let mut u = i64::MAX;
        if let Some(s) = lo {
            let Some(v) = dates::parse_to_millis(s, !incl_lo, self.now_ms) else {
                return Q::None;
            };
            l = if incl_lo { v } else { v.saturating_add(1) };
        }
        if let Some(s) = hi {
            let Some(v) = dates::parse_to_millis(s, incl_hi, self.now_ms) else {
                return Q::None;
            };
            u = if incl_hi { v } else { v.saturating_sub(1) };
        }
        let values = (0..pv.len())
            .filter(|&v| {
                pv.int_value(v)
                    .and_then(dates::indexed_millis)
                    .is_some_and(|ms| ms >= l && ms <= u)
            })
            .collect();
        Q::Const(DocSet::RootValues {
            path: pv.id,
            values,
        })
    }

    /// Term ids of a field's dictionary in a byte-order range.
    fn term_range(
        &self,
        tf: TextField,
        lo: Option<&str>,
        hi: Option<&str>,
        incl_lo: bool,
        incl_hi: bool,
    ) -> Vec<u32> {
        let space = self.space(tf);
        let start = match lo {
            None => 0,
            Some(s) => match space.find(s.as_bytes()) {
                Ok(i) => {
                    if incl_lo {
                        i
                    } else {
                        i + 1
                    }
                }
                Err(i) => i,
            },
        };
        let end = match hi {
            None => space.len(),
            Some(s) => match space.find(s.as_bytes()) {
                Ok(i) => {
                    if incl_hi {
                        i + 1
                    } else {
                        i
                    }
                }
                Err(i) => i,
            },
        };
        (start..end.max(start)).collect()
    }

    /// Value numbers of a string path in a byte-order range.
    fn value_range(
        &self,
        pv: PathView<'_>,
        lo: Option<&str>,
        hi: Option<&str>,
        incl_lo: bool,
        incl_hi: bool,
        ignore_above: u32,
    ) -> Vec<u32> {
        if pv.kind() != ValueKind::Str {
            return Vec::new();
        }
        (0..pv.len())
            .filter(|&v| {
                pv.str_value(v).is_some_and(|s| {
                    utf16_len(s) <= ignore_above as usize && in_range(s, lo, hi, incl_lo, incl_hi)
                })
            })
            .collect()
    }

    // ------------------------------------------------------------------ multi-term queries

    /// `getPrefixQuery`.
    pub fn prefix_query(&mut self, field: &str, term: &str) -> Result<Option<Q>, BuildError> {
        let fields = self.fields(field);
        if fields.is_empty() {
            return Ok(Some(Q::None));
        }
        let mut qs = Vec::new();
        for t in fields {
            let p = self.normalize(t, term);
            qs.push(self.expand(t, &|s: &str| s.starts_with(p.as_str()), Some(&p)));
        }
        Ok(combine(qs))
    }

    /// `getWildcardQuery` (raw image, escapes kept: `\` escapes the next character).
    pub fn wildcard_query(&mut self, field: &str, image: &str) -> Result<Option<Q>, BuildError> {
        if image == "*" {
            if field == "*" {
                return Ok(Some(Q::All));
            }
            return Ok(Some(self.exists(field)));
        }
        let fields = self.fields(field);
        if fields.is_empty() {
            return Ok(Some(Q::None));
        }
        let mut qs = Vec::new();
        for t in fields {
            let pat = match t {
                Target::Root {
                    ty: FieldType::Text(a),
                    ..
                } => pattern::normalize_wildcard(image, analyzer_of(a)),
                Target::NamesName => pattern::normalize_wildcard(image, Analyzer::StringLowercase),
                _ => image.to_owned(),
            };
            let w = pattern::Wildcard::new(&pat);
            let prefix = w.literal_prefix();
            qs.push(self.expand(t, &|s: &str| w.matches(s), Some(&prefix)));
        }
        Ok(combine(qs))
    }

    /// `getRegexpQuery` (pattern not normalised).
    pub fn regexp_query(&mut self, field: &str, pat: &str) -> Result<Option<Q>, BuildError> {
        if pat.chars().count() > MAX_REGEX_LENGTH {
            return Err(BuildError(format!(
                "The length of regex [{}] used in the [query_string] has exceeded the allowed maximum of [{MAX_REGEX_LENGTH}]. \
                 This maximum can be set by changing the [index.max_regex_length] index level setting.",
                pat.chars().count()
            )));
        }
        let fields = self.fields(field);
        if fields.is_empty() {
            return Ok(Some(Q::None));
        }
        let re = match pattern::Regexp::new(pat) {
            Ok(re) => re,
            // An invalid regex fails in every field, and lenient turns each failure into no match.
            Err(_) => return Ok(combine(fields.iter().map(|_| Q::None).collect())),
        };
        let mut qs = Vec::new();
        for t in fields {
            qs.push(self.expand(t, &|s: &str| re.matches(s), None));
        }
        Ok(combine(qs))
    }

    /// The constant-score expansion of a multi-term query over one field's terms or values.
    fn expand(&mut self, t: Target, matches: &dyn Fn(&str) -> bool, prefix: Option<&str>) -> Q {
        let term_ids = |space: TermSpace<'_>| -> Vec<u32> {
            let (start, end) = match prefix {
                Some(p) if !p.is_empty() => prefix_bounds(p, |s| space.find(s)),
                _ => (0, space.len()),
            };
            (start..end.min(space.len()))
                .filter(|&i| space.term(i).is_some_and(matches))
                .collect()
        };
        match t {
            Target::NamesName => Q::Const(DocSet::NamesTerms {
                terms: term_ids(TermSpace::Stored(self.index)),
            }),
            Target::Root {
                path,
                view,
                ty: FieldType::Text(_),
            } => Q::Const(DocSet::RootTerms {
                path,
                view,
                terms: term_ids(self.index.text_terms(path)),
            }),
            Target::Root {
                path,
                ty: FieldType::Keyword { ignore_above },
                ..
            } => {
                let Some(pv) = self.index.path(path) else {
                    return Q::None;
                };
                let values = (0..pv.len())
                    .filter(|&v| {
                        pv.str_value(v)
                            .is_some_and(|s| utf16_len(s) <= ignore_above as usize && matches(s))
                    })
                    .collect();
                Q::Const(DocSet::RootValues { path, values })
            }
            Target::NamesId => {
                let mut docs = Vec::new();
                // Every match starts with `prefix`: skip the scan when no value can.
                if prefix.is_none_or(|p| self.index.names_id_may_start_with(p.as_bytes())) {
                    self.for_each_names_id(&mut |s| matches(s), &mut |d| docs.push(d));
                }
                Q::Const(DocSet::NamesIdDocs { docs })
            }
            Target::Id => {
                let p = crate::index::schema::paths::ID;
                let Some(pv) = self.index.path(p) else {
                    return Q::None;
                };
                let values = (0..pv.len())
                    .filter(|&v| pv.str_value(v).is_some_and(matches))
                    .collect();
                Q::Const(DocSet::RootValues { path: p, values })
            }
            // Prefix/wildcard/regexp on numbers, dates, booleans: a type error, lenient → no match.
            Target::Root { .. } => Q::None,
        }
    }

    // ------------------------------------------------------------------ fuzzy

    /// `handleBareFuzzy`: `~` / `~AUTO` → AUTO distance from the term as typed; `~N` → min(2, (int) N);
    /// a slop that is not a number is an error (ES `Fuzziness.build`).
    pub fn fuzzy_query(
        &mut self,
        field: &str,
        term: &str,
        slop_image: &str,
    ) -> Result<Option<Q>, BuildError> {
        let s = slop_image.strip_prefix('~').unwrap_or(slop_image);
        let edits = if s.is_empty() || s.eq_ignore_ascii_case("AUTO") {
            auto_distance(term)
        } else {
            let up = s.to_uppercase();
            match numbers::java_parse_float(&up) {
                Some(f) if !f.is_nan() => (f as i32).min(2),
                _ => {
                    return Err(BuildError(format!(
                        "NumberFormatException: For input string: \"{up}\""
                    )))
                }
            }
        };
        let fields = self.fields(field);
        if fields.is_empty() {
            return Ok(Some(Q::None));
        }
        let mut qs = Vec::new();
        for t in fields {
            qs.push(self.fuzzy_one(t, term, edits.max(0) as u32));
        }
        Ok(combine(qs))
    }

    fn fuzzy_one(&mut self, t: Target, term: &str, edits: u32) -> Q {
        let is_string = matches!(
            t,
            Target::NamesName
                | Target::NamesId
                | Target::Root {
                    ty: FieldType::Text(_) | FieldType::Keyword { .. },
                    ..
                }
        );
        if !is_string {
            return Q::None;
        }
        let q = self.normalize(t, term);
        let qchars: Vec<char> = q.chars().collect();
        // Candidates: (similarity, term/value string, id), best first; the first that exists in the field
        // is the single expansion (top-terms rewrite with size 1: highest boost, then smallest term).
        let mut best: Option<(f32, String, u32)> = None;
        let consider = |sim: f32, s: &str, id: u32, best: &mut Option<(f32, String, u32)>| {
            let better = match best {
                None => true,
                Some((bs, bt, _)) => sim > *bs || (sim == *bs && s.as_bytes() < bt.as_bytes()),
            };
            if better {
                *best = Some((sim, s.to_owned(), id));
            }
        };
        let osa = core::cell::RefCell::new(pattern::Osa::default());
        let sim_of = |s: &str| -> Option<f32> {
            if edits == 0 {
                return (s == q).then_some(1.0);
            }
            let d = osa.borrow_mut().bounded(&qchars, s, edits)?;
            if d == 0 {
                return Some(1.0);
            }
            let len = s.chars().count().min(qchars.len());
            Some(1.0f32 - d as f32 / len as f32)
        };
        match t {
            Target::NamesName
            | Target::Root {
                ty: FieldType::Text(_),
                ..
            } => {
                let field = match t {
                    Target::Root { path, view, .. } => TextField::Root { path, view },
                    _ => TextField::NamesName,
                };
                // Collect all candidates, then take the best one that exists in this field.
                let space = self.space(field);
                let mut cands: Vec<(f32, u32)> = Vec::new();
                for id in 0..space.len() {
                    let Some(s) = space.term(id) else {
                        continue;
                    };
                    if let Some(sim) = sim_of(s) {
                        cands.push((sim, id));
                    }
                }
                crate::sort::by(&mut cands, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                for (sim, id) in cands {
                    if super::exec::term_in_field(self.index, field, id) {
                        return Q::Fuzzy {
                            inner: Box::new(Q::Terms {
                                field,
                                terms: vec![id],
                                synonym: false,
                            }),
                            similarity: sim.max(0.0),
                        };
                    }
                }
                Q::None
            }
            Target::NamesId => {
                let mut best: Option<(f32, String)> = None;
                // Only the best string is wanted: no child is visited.
                let mut keep = |s: &str| {
                    if let Some(sim) = sim_of(s) {
                        let better = match &best {
                            None => true,
                            Some((bs, bt)) => {
                                sim > *bs || (sim == *bs && s.as_bytes() < bt.as_bytes())
                            }
                        };
                        if better {
                            best = Some((sim, s.to_owned()));
                        }
                    }
                    false
                };
                self.for_each_names_id(&mut keep, &mut |_| {});
                match best {
                    Some((sim, s)) => Q::Fuzzy {
                        inner: Box::new(Q::NamesId {
                            docs: self.names_id_docs(&s),
                        }),
                        similarity: sim.max(0.0),
                    },
                    None => Q::None,
                }
            }
            Target::Root { .. } => {
                let (path, field) = match t {
                    Target::Root { path, view, .. } => (path, KeywordField::Root { path, view }),
                    _ => return Q::None,
                };
                let ignore = match t {
                    Target::Root {
                        ty: FieldType::Keyword { ignore_above },
                        ..
                    } => ignore_above,
                    _ => u32::MAX,
                };
                let Some(pv) = self.index.path(path) else {
                    return Q::None;
                };
                for v in 0..pv.len() {
                    let Some(s) = pv.str_value(v) else { continue };
                    if utf16_len(s) > ignore as usize {
                        continue;
                    }
                    if let Some(sim) = sim_of(s) {
                        consider(sim, s, v, &mut best);
                    }
                }
                match best {
                    Some((sim, _, v)) => Q::Fuzzy {
                        inner: Box::new(Q::Keyword {
                            field,
                            value: Some(v),
                        }),
                        similarity: sim.max(0.0),
                    },
                    None => Q::None,
                }
            }
            Target::Id => Q::None,
        }
    }

    // ------------------------------------------------------------------ names_ids.id

    /// The `names_ids.id` children whose value is exactly `text`: the external id, and the id forms.
    pub fn names_id_docs(&self, text: &str) -> Vec<NamesIdDoc> {
        let mut docs = Vec::new();
        let ext = crate::index::schema::paths::NAMES_IDS_ID;
        if let Some(v) = self.index.path(ext).and_then(|p| p.find_str(text)) {
            docs.push(NamesIdDoc::Ext(v));
        }
        // The id forms: `https://ror.org/X`, `ror.org/X`, `X`; try each reading and check it.
        let id_path = crate::index::schema::paths::ID;
        if let Some(pv) = self.index.path(id_path) {
            let candidates = [
                text.to_owned(),
                format!("https://{text}"),
                format!("https://ror.org/{text}"),
            ];
            for (form, full) in candidates.iter().enumerate() {
                let Some(v) = pv.find_str(full) else { continue };
                if crate::index::id_forms(full)[form] != text {
                    continue;
                }
                self.index.for_each_occurrence(id_path, &[v], &mut |r, _| {
                    docs.push(NamesIdDoc::Form {
                        record: r,
                        form: form as u8,
                    });
                });
            }
        }
        crate::sort::by(&mut docs, |a, b| a.cmp(b));
        docs.dedup();
        docs
    }

    /// Every `names_ids.id` child whose value `keep` accepts, to `emit`: the external ids, then the three
    /// forms of every id. `keep` sees each form of an id value once, however many records hold it.
    pub fn for_each_names_id(
        &self,
        keep: &mut dyn FnMut(&str) -> bool,
        emit: &mut dyn FnMut(NamesIdDoc),
    ) {
        let index = self.index;
        index.for_each_names_id_value(&mut |value, s| {
            if !keep(s) {
                return;
            }
            match value {
                NamesIdValue::Ext(v) => emit(NamesIdDoc::Ext(v)),
                NamesIdValue::Form { id, form } => {
                    index.for_each_record_of(crate::index::schema::paths::ID, id, |record| {
                        emit(NamesIdDoc::Form { record, form })
                    })
                }
            }
        });
    }

    // ------------------------------------------------------------------ exists, match all, boolean

    /// ES ExistsQueryBuilder for `_exists_:f` / `f:*`.
    pub fn exists(&self, pattern: &str) -> Q {
        let names: Vec<String> = if self.cat.is_object(pattern) {
            vec![pattern.to_owned()]
        } else {
            self.cat
                .simple_match_names(pattern)
                .into_iter()
                .map(str::to_owned)
                .collect()
        };
        let mut targets = Vec::new();
        for n in &names {
            if let Some(t) = self.cat.get(n) {
                targets.push(t);
            } else if self.cat.is_object(n) {
                let sub = format!("{n}.*");
                for s in self.cat.simple_match_names(&sub) {
                    if let Some(t) = self.cat.get(s) {
                        targets.push(t);
                    }
                }
            }
        }
        if targets.is_empty() {
            return Q::None;
        }
        Q::Const(DocSet::Exists { fields: targets })
    }

    /// `getBooleanQuery` + ES's `fixNegativeQueryIfNeeded`.
    pub fn boolean(&self, clauses: Vec<BooleanClause<Q>>) -> Result<Option<Q>, BuildError> {
        if clauses.is_empty() {
            return Ok(None);
        }
        if clauses.len() > MAX_CLAUSE_COUNT {
            return Err(too_many_clauses());
        }
        let all_negative = clauses.iter().all(|c| c.occur == Occur::MustNot);
        let mut b = BoolQ::default();
        for c in clauses {
            match c.occur {
                Occur::Must => b.must.push(c.query),
                Occur::Should => b.should.push(c.query),
                Occur::MustNot => b.must_not.push(c.query),
                Occur::Filter => b.filter.push(c.query),
            }
        }
        if all_negative {
            b.filter.push(Q::All);
        }
        Ok(Some(Q::Bool(b)))
    }
}

pub fn too_many_clauses() -> BuildError {
    BuildError("too many boolean clauses (the maximum is 1024)".into())
}

/// ES AUTO fuzziness from the term as typed: 0 edits below 3 code points, 1 below 6, else 2.
pub fn auto_distance(term: &str) -> i32 {
    match term.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

fn in_range(s: &str, lo: Option<&str>, hi: Option<&str>, incl_lo: bool, incl_hi: bool) -> bool {
    let b = s.as_bytes();
    if let Some(l) = lo {
        match b.cmp(l.as_bytes()) {
            core::cmp::Ordering::Less => return false,
            core::cmp::Ordering::Equal if !incl_lo => return false,
            _ => {}
        }
    }
    if let Some(h) = hi {
        match b.cmp(h.as_bytes()) {
            core::cmp::Ordering::Greater => return false,
            core::cmp::Ordering::Equal if !incl_hi => return false,
            _ => {}
        }
    }
    true
}

/// The id range of sorted strings starting with `p` (`find` searches the sorted table by bytes).
fn prefix_bounds(p: &str, find: impl Fn(&[u8]) -> Result<u32, u32>) -> (u32, u32) {
    let start = match find(p.as_bytes()) {
        Ok(i) | Err(i) => i,
    };
    // The smallest byte string greater than every string with prefix p: p with its last byte incremented
    // (trailing 0xff bytes dropped; they cannot occur in UTF-8).
    let mut upper = p.as_bytes().to_vec();
    while upper.last() == Some(&0xff) {
        upper.pop();
    }
    let Some(last) = upper.last_mut() else {
        return (start, u32::MAX);
    };
    *last += 1;
    let end = match find(&upper) {
        Ok(i) | Err(i) => i,
    };
    (start, end.max(start))
}

fn float_range(pv: PathView<'_>, lo: f32, hi: f32) -> Q {
    let values = (0..pv.len())
        .filter(|&v| {
            pv.float_value(v).is_some_and(|x| {
                let f = x as f32;
                f.total_cmp(&lo).is_ge() && f.total_cmp(&hi).is_le()
            })
        })
        .collect();
    Q::Const(DocSet::RootValues {
        path: pv.id,
        values,
    })
}

fn int_range(pv: PathView<'_>, lo: i64, hi: i64) -> Q {
    let values = (0..pv.len())
        .filter(|&v| pv.int_value(v).is_some_and(|x| x >= lo && x <= hi))
        .collect();
    Q::Const(DocSet::RootValues {
        path: pv.id,
        values,
    })
}
