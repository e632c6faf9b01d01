//! The executor's shortcuts agree with its general way.

use ror_wasm::engine::exec::{Exec, Scratch, Space};
use ror_wasm::engine::lucene::{TextField, Q};

use super::common::full_index_bytes;

/// A one-term `names_ids.name` query takes a shortcut (no scratch arrays, no sort); with a second term that
/// matches nothing it takes the general way. Both must give the same children and bit-identical scores.
#[test]
fn one_term_names_query_equals_the_general_way() {
    let index = ror_wasm::index::decode(full_index_bytes().to_vec()).expect("loads");
    let mut scratch = Scratch::default();
    let absent = index.num_terms() + 7;
    let step = (index.num_terms() / 400).max(1);
    let mut compared = 0;
    for t in (0..index.num_terms()).step_by(step as usize) {
        let one = Q::Terms {
            field: TextField::NamesName,
            terms: vec![t],
            synonym: false,
        };
        let general = Q::Terms {
            field: TextField::NamesName,
            terms: vec![t, absent],
            synonym: true,
        };
        let a = Exec::new(&index, Space::Nested, &mut scratch).run(&one);
        let b = Exec::new(&index, Space::Nested, &mut scratch).run(&general);
        assert_eq!(a.docs, b.docs, "term {:?}", index.term(t));
        let bits = |s: &[f32]| s.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.scores), bits(&b.scores), "term {:?}", index.term(t));
        compared += usize::from(!a.is_empty());
    }
    assert!(compared > 100, "only {compared} terms matched names");
}

/// The start-bytes table of `names_ids.id` never rules out a prefix that some value has, and does rule
/// out the typed names of a typeahead.
#[test]
fn names_id_start_bytes_are_exact_enough() {
    use ror_wasm::index::schema::paths;
    let index = ror_wasm::index::decode(full_index_bytes().to_vec()).expect("loads");
    let mut values: Vec<String> = Vec::new();
    if let Some(pv) = index.path(paths::NAMES_IDS_ID) {
        values.extend((0..pv.len()).filter_map(|v| pv.str_value(v).map(str::to_owned)));
    }
    if let Some(pv) = index.path(paths::ID) {
        for v in 0..pv.len() {
            let id = pv.str_value(v).unwrap_or("");
            values.extend(ror_wasm::index::id_forms(id).map(str::to_owned));
        }
    }
    assert!(values.len() > 150_000);
    for v in values.iter().step_by(97) {
        for n in 0..=v.len().min(4) {
            if v.is_char_boundary(n) {
                assert!(
                    index.names_id_may_start_with(&v.as_bytes()[..n]),
                    "{v:?} [..{n}]"
                );
            }
        }
    }
    for typed in ["Universida", "Centro Universi", "Max Pl", "oxf", "Q", "gr"] {
        let any = values.iter().any(|v| v.starts_with(typed));
        let may = index.names_id_may_start_with(typed.as_bytes());
        assert!(may || !any, "{typed}");
        if ["Universida", "Centro Universi", "Max Pl", "oxf"].contains(&typed) {
            assert!(!may, "{typed} should be ruled out");
        }
    }
}
