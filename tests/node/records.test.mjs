// Records through the npm package, compared as exact JSON text (fetch → res.text()) with the independent
// reference serializer's output:
// - issue 2 done-when: the 300-record sample (data/ror-v1-small.json), indexed in Node by the wasm builder,
//   serves every record exactly as tests/data/record/small-expected.jsonl, under every id form;
// - the full index serves a sample of the dump's records exactly (tests/data/spec/records.jsonl).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { fullIndex, fullMissing, loadPkg, pkgMissing, recordTexts, repo } from './lib.mjs';

const SMALL = recordTexts('tests/data/record/small-expected.jsonl');
const SAMPLE = recordTexts('tests/data/spec/records.jsonl');
const API = 'https://api.ror.org/v1/organizations/';

/** Retrieves every id through fetch and returns the mismatches (id, status, text). */
async function mismatches(index, expected) {
  const bad = [];
  for (const [id, text] of expected) {
    const res = await index.fetch(API + id);
    const got = await res.text();
    if (res.status !== 200 || res.headers.get('content-type') !== 'application/json' || got !== text)
      bad.push(`${id}: HTTP ${res.status}\n    got      ${got.slice(0, 300)}\n    expected ${text.slice(0, 300)}`);
  }
  return bad;
}

/** The id forms of spec §1.3 for a canonical id, as sent in a URL path (decoded once by the server). */
function pathForms(id) {
  const bare = id.slice('https://ror.org/'.length);
  return [
    id, `http://ror.org/${bare}`, `ror.org/${bare}`, bare, `ror.org%2F${bare}`, `http%3A%2F%2Fror.org%2F${bare}`,
    `https%3A%2F%2Fror.org%2F${bare}`, `ror.org%252F${bare}`, `https%253A%252F%252Fror.org%252F${bare}`,
  ];
}

if (pkgMissing) {
  test('records through the npm package', { skip: pkgMissing }, () => {});
} else {
  const { RorIndex, buildIndex } = await loadPkg();
  const dump = readFileSync(repo('data/ror-v1-small.json'));
  const stages = new Set();
  const built = await buildIndex(dump, { onProgress: (stage) => stages.add(stage) });
  const small = await RorIndex.load(built.bytes);

  test('buildIndex (wasm) indexes the 300-record sample', () => {
    assert.equal(built.summary.records, 300);
    assert.equal(built.summary.schema, 'v1');
    assert.equal(built.summary.bytes, built.bytes.length);
    assert.deepEqual([...stages], ['reading', 'indexing', 'writing']);
    assert.equal(small.info().recordCount, 300);
    assert.equal(small.info().schema, 'v1');
  });

  test('summary.byStatus is the plain object index.d.ts declares (Record<string, number>)', () => {
    const byStatus = built.summary.byStatus;
    assert.ok(!(byStatus instanceof Map), `byStatus is a Map, not a plain object: ${JSON.stringify(byStatus)} in JSON`);
    assert.deepEqual({ ...byStatus }, { active: 270, inactive: 13, withdrawn: 17 });
  });

  test('issue 2: all 300 records equal their v1 serialization, as exact text', async () => {
    assert.equal(SMALL.size, 300);
    const bad = await mismatches(small, SMALL);
    assert.equal(bad.length, 0, `${bad.length} of 300 records differ:\n${bad.slice(0, 10).join('\n')}`);
  });

  test('issue 2: get(id) gives the same records as parsed JSON', () => {
    for (const [id, text] of SMALL) assert.deepEqual(small.get(id), JSON.parse(text), id);
  });

  test('issue 2: every id form retrieves the record (spec §1.3, rows 5 and 6)', async () => {
    const ids = [...SMALL.keys()].filter((_, i) => i % 50 === 0);
    ids.push('https://ror.org/0009xxz90', 'https://ror.org/001s7m607'); // inactive, withdrawn
    for (const id of ids) {
      for (const form of pathForms(id)) {
        const res = await small.fetch(API + form);
        assert.equal(res.status, 200, `${form}`);
        assert.equal(await res.text(), SMALL.get(id), form);
        // get() takes the id as the server received it (decoded once): the path form decoded once.
        assert.deepEqual(small.get(decodeURIComponent(form)), JSON.parse(SMALL.get(id)), `get(${form})`);
        const list = small.request(`/v1/organizations?query=${encodeURIComponent(decodeURIComponent(form))}`).body;
        assert.equal(list.number_of_results, 1, `query=${form}`);
        assert.deepEqual(list.items[0], JSON.parse(SMALL.get(id)), `query=${form}`);
      }
      const upper = `${id.slice(0, 16)}${id.slice(16).toUpperCase()}`;
      const res = await small.fetch(API + upper);
      assert.equal(res.status, 404);
      assert.equal(await res.text(), JSON.stringify({ errors: [`ROR ID '${upper}' does not exist`] }));
    }
  });

  test('the wasm builder writes the same bytes as the native CLI (tests/data/spec/small-v1.idx)', (t) => {
    const committed = readFileSync(repo('tests/data/spec/small-v1.idx'));
    const version = (b) => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(8, true);
    if (version(committed) !== version(built.bytes)) {
      t.skip(`the committed index is format ${version(committed)}, this build writes ${version(built.bytes)}: ` +
        'regenerate it (tests/data/spec/README.md); tests/it/compat.rs fails until then');
      return;
    }
    assert.ok(Buffer.from(built.bytes).equals(committed), 'wasm-built and CLI-built index bytes differ');
  });

  if (fullMissing) {
    test('records of the full index', { skip: fullMissing }, () => {});
  } else {
    const full = await fullIndex();
    test('the full index serves the 300 sample records and a spread sample of the dump exactly', async () => {
      assert.equal(full.info().recordCount, 51370);
      const expected = new Map([...SMALL, ...SAMPLE].filter(([id]) => !id.startsWith('https://ror.org/0crafte')));
      assert.ok(expected.size >= 450, `${expected.size} records`);
      const bad = await mismatches(full, expected);
      assert.equal(bad.length, 0, `${bad.length} of ${expected.size} records differ:\n${bad.slice(0, 10).join('\n')}`);
    });
  }
}
