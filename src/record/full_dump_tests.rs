//! Whole-dump checks, run only with `ROR_FULL=1` (best with `--release`):
//! - every record of `data/ror-v1-dump.zip` written exactly as `scripts/record/v1_serialize.py` writes it;
//! - every record of `data/ror-v2-dump.zip` converted and compared with the v1 dump, each difference
//!   classified (`tests/data/record/v2-vs-v1.md` explains the classes and the counts asserted here).

use super::tests::{assert_writes_like, full, read_file, repo_path};
use super::v2::{self, Crosswalk, V2Record};
use super::*;
use crate::build::dump::{read_dump, unpack};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

#[test]
fn full_v1_dump_writes_like_the_reference_serializer() {
    if !full() {
        return;
    }
    let bytes = read_file("data/ror-v1-dump.zip");
    let t = Instant::now();
    let dump = read_dump(&bytes).unwrap_or_else(|e| panic!("{e}"));
    let read = t.elapsed();
    assert_eq!(dump.records.len(), 51_370);
    assert_eq!(dump.schema, Schema::V1);
    let t = Instant::now();
    let mut total = 0;
    let mut s = String::new();
    for r in &dump.records {
        s.clear();
        write_v1_json(r, &mut s);
        total += s.len();
    }
    let write = t.elapsed();
    eprintln!("v1 dump: read (unzip + parse) {read:?}, write {write:?} ({total} bytes of v1 JSON)");

    let out = std::env::temp_dir().join(format!("ror-v1-expected-{}.jsonl", std::process::id()));
    let status = std::process::Command::new("python3")
        .arg(repo_path("scripts/record/v1_serialize.py"))
        .arg(repo_path("data/ror-v1-dump.zip"))
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(status.success(), "the reference serializer failed");
    let expected = std::fs::read(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let _ = std::fs::remove_file(&out);
    assert_writes_like(&dump.records, &expected);
}

/// The v2 records of a dump, not converted.
fn v2_records(zip: &[u8]) -> Vec<V2Record> {
    let json = unpack(zip).unwrap_or_else(|e| panic!("{e}"));
    let mut p = json::Parser::new(&json);
    let mut out = Vec::new();
    p.array(|p, _| {
        out.push(v2::read_record(p)?);
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    out
}

/// Where the v1 record of an id came from (`ror-v1-provenance.csv.gz`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    /// ROR never published a v1 file for the id: the data set applied the final crosswalk to the v2 file.
    Converted,
    /// A v1 file ROR generated from the v2 file with its crosswalk, in `<folder>/v1/` (v1.45–v1.74).
    Generated(String),
    /// A v1 file curated by hand before v2 existed (v1.0–v1.44).
    HandCurated,
}

fn provenance() -> BTreeMap<String, Origin> {
    let csv = unpack(&read_file("data/ror-v1-provenance.csv.gz")).unwrap_or_else(|e| panic!("{e}"));
    let csv = String::from_utf8(csv).unwrap_or_default();
    let mut out = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let origin = match (f[1], f[2].split('/').collect::<Vec<_>>().as_slice()) {
            ("converted-from-v2", _) => Origin::Converted,
            (_, [folder, "v1", _]) => Origin::Generated((*folder).to_owned()),
            _ => Origin::HandCurated,
        };
        out.insert(f[0].to_owned(), origin);
    }
    out
}

/// The crosswalk form ROR used for a folder generated on `date` (data README, "v2 -> v1 conversion").
fn crosswalk_as_of(date: &str) -> Crosswalk {
    if date < "2024-04-18" {
        Crosswalk::AS_OF_2024_04_08
    } else if date < "2024-07-22" {
        Crosswalk::AS_OF_2024_04_18
    } else if date < "2024-12-12" {
        Crosswalk::AS_OF_2024_07_22
    } else {
        Crosswalk::FINAL
    }
}

fn parsed(r: &Record) -> serde_json::Value {
    serde_json::from_str(&to_v1_json(r)).unwrap_or_default()
}

/// Top-level fields (external ids per scheme) whose values differ, as parsed JSON of the v1 API output.
fn differing_fields(a: &serde_json::Value, b: &serde_json::Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return out;
    };
    for (k, va) in a {
        let vb = &b[k];
        if k == "external_ids" {
            let keys: BTreeSet<&String> = va
                .as_object()
                .into_iter()
                .chain(vb.as_object())
                .flat_map(|o| o.keys())
                .collect();
            for s in keys {
                if va.get(s) != vb.get(s) {
                    out.insert(format!("external_ids.{s}"));
                }
            }
        } else if va != vb {
            out.insert(k.clone());
        }
    }
    out
}

/// For a hand-curated file: whether every difference is one the v1 → v2 → v1 round trip makes by itself
/// (the address rebuilt from GeoNames, `""` become null, the `Funder` type added, schemes v2 has no place for
/// dropped), as opposed to content curated since.
fn round_trip_only(
    a: &serde_json::Value,
    b: &serde_json::Value,
    fields: &BTreeSet<String>,
) -> bool {
    fields.iter().all(|f| match f.as_str() {
        "addresses" => true,
        "email_address" | "wikipedia_url" => a[f.as_str()] == "" && b[f.as_str()].is_null(),
        "types" => {
            let strip = |v: &serde_json::Value| -> Vec<String> {
                v.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|t| t.as_str())
                    .filter(|t| *t != "Funder")
                    .map(str::to_owned)
                    .collect()
            };
            strip(&a["types"]) == strip(&b["types"])
        }
        "external_ids.OrgRef"
        | "external_ids.CNRS"
        | "external_ids.HESA"
        | "external_ids.UCAS"
        | "external_ids.UKPRN" => b["external_ids"].get(&f["external_ids.".len()..]).is_none(),
        _ => false,
    })
}

#[derive(Default)]
struct Class {
    count: usize,
    fields: BTreeMap<String, usize>,
}

#[test]
fn full_v2_dump_converts_like_the_v1_dump() {
    if !full() {
        return;
    }
    let t = Instant::now();
    let v1_dump = read_dump(&read_file("data/ror-v1-dump.zip")).unwrap_or_else(|e| panic!("{e}"));
    let t_v1 = t.elapsed();
    let v2_zip = read_file("data/ror-v2-dump.zip");
    let t = Instant::now();
    let v2_dump = read_dump(&v2_zip).unwrap_or_else(|e| panic!("{e}"));
    let t_v2 = t.elapsed();
    eprintln!(
        "read_dump: v1 {t_v1:?} ({} records), v2 {t_v2:?} ({} records, converted)",
        v1_dump.records.len(),
        v2_dump.records.len()
    );
    assert_eq!(v2_dump.schema, Schema::V2);
    assert_eq!(v2_dump.records.len(), 35_990);

    let v2_raw = v2_records(&v2_zip);
    let v1: BTreeMap<&str, &Record> = v1_dump.records.iter().map(|r| (r.id.as_str(), r)).collect();
    let origin = provenance();

    // Per pair: origin, whether the final crosswalk reproduces the v1 record, the parsed outputs.
    struct Pair<'a> {
        v2: &'a V2Record,
        v1: &'a Record,
        origin: Origin,
        a: serde_json::Value,
        b: serde_json::Value,
    }
    let mut pairs = Vec::new();
    for (raw, conv) in v2_raw.iter().zip(&v2_dump.records) {
        assert_eq!(raw.id, conv.id);
        let Some(v1r) = v1.get(raw.id.as_str()) else {
            continue;
        };
        pairs.push(Pair {
            v2: raw,
            v1: v1r,
            origin: origin.get(&raw.id).cloned().unwrap_or(Origin::HandCurated),
            a: parsed(v1r),
            b: parsed(conv),
        });
    }
    assert_eq!(pairs.len(), 35_990, "ids in both dumps");

    // The release date of each generated folder: the v2 `last_modified` most records reproduced exactly have.
    let mut dates: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for p in &pairs {
        if let (Origin::Generated(folder), Some(date)) = (&p.origin, &p.v2.last_modified) {
            if p.a == p.b {
                *dates
                    .entry(folder.as_str())
                    .or_default()
                    .entry(date.as_str())
                    .or_default() += 1;
            }
        }
    }
    let folder_date: BTreeMap<&str, &str> = dates
        .iter()
        .map(|(f, ds)| {
            (
                *f,
                ds.iter()
                    .max_by_key(|(_, n)| **n)
                    .map(|(d, _)| *d)
                    .unwrap_or(""),
            )
        })
        .collect();

    let mut classes: BTreeMap<(&str, &str), Class> = BTreeMap::new();
    for p in &pairs {
        let date = match &p.origin {
            Origin::Generated(f) => folder_date.get(f.as_str()).copied().unwrap_or(""),
            _ => "",
        };
        let group = match &p.origin {
            Origin::Converted => "converted by the data set (final crosswalk)",
            Origin::Generated(_) if crosswalk_as_of(date) == Crosswalk::FINAL => {
                "generated by ROR, v1.59-v1.74"
            }
            Origin::Generated(_) => "generated by ROR, v1.45-v1.57",
            Origin::HandCurated => "hand-curated, v1.0-v1.44",
        };
        let fields = differing_fields(&p.a, &p.b);
        let class = if fields.is_empty() {
            "identical"
        } else {
            match &p.origin {
                Origin::Converted => "UNEXPLAINED",
                Origin::Generated(_) => {
                    let state = crosswalk_as_of(date);
                    if p.v2.last_modified.as_deref().is_some_and(|d| d > date) {
                        "v2 record updated after the v1 file"
                    } else if state != Crosswalk::FINAL
                        && to_v1_json(&v2::v2_to_v1_with(p.v2, state)) == to_v1_json(p.v1)
                    {
                        "earlier crosswalk form (v2 record unchanged)"
                    } else {
                        "UNEXPLAINED"
                    }
                }
                Origin::HandCurated if round_trip_only(&p.a, &p.b, &fields) => {
                    "v1->v2->v1 round-trip losses only"
                }
                Origin::HandCurated => "round-trip losses + content curated since",
            }
        };
        let c = classes.entry((group, class)).or_default();
        c.count += 1;
        for f in fields {
            *c.fields.entry(f).or_default() += 1;
        }
    }
    let mut counts = Vec::new();
    for ((group, class), c) in &classes {
        let mut top: Vec<(&String, &usize)> = c.fields.iter().collect();
        top.sort_by(|x, y| y.1.cmp(x.1).then(x.0.cmp(y.0)));
        let top: Vec<String> = top
            .iter()
            .take(12)
            .map(|(f, n)| format!("{f} {n}"))
            .collect();
        eprintln!("{:>6}  {group} / {class}  [{}]", c.count, top.join(", "));
        counts.push((*group, *class, c.count));
    }
    let identical: usize = counts
        .iter()
        .filter(|(_, c, _)| *c == "identical")
        .map(|(_, _, n)| n)
        .sum();
    eprintln!(
        "identical: {identical} of {} ({:.1}%)",
        pairs.len(),
        100.0 * identical as f64 / pairs.len() as f64
    );
    assert_eq!(counts, EXPECTED_CLASSES);
}

/// The measured classification (`tests/data/record/v2-vs-v1.md`): a change here is a regression in the
/// crosswalk or the readers, or a change of the data.
const EXPECTED_CLASSES: &[(&str, &str, usize)] = &[
    (
        "converted by the data set (final crosswalk)",
        "identical",
        12_340,
    ),
    (
        "generated by ROR, v1.45-v1.57",
        "earlier crosswalk form (v2 record unchanged)",
        1_441,
    ),
    ("generated by ROR, v1.45-v1.57", "identical", 3_894),
    (
        "generated by ROR, v1.45-v1.57",
        "v2 record updated after the v1 file",
        462,
    ),
    ("generated by ROR, v1.59-v1.74", "identical", 14_548),
    (
        "generated by ROR, v1.59-v1.74",
        "v2 record updated after the v1 file",
        1_395,
    ),
    (
        "hand-curated, v1.0-v1.44",
        "round-trip losses + content curated since",
        1_661,
    ),
    (
        "hand-curated, v1.0-v1.44",
        "v1->v2->v1 round-trip losses only",
        249,
    ),
];
