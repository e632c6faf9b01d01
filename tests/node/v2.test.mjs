// A v2 dump through the npm package: buildIndex (the wasm builder) converts data/ror-v2-dump.zip (88 MB of
// JSON inside) with ROR's v2→v1 crosswalk in Node, and the records the data README says must be identical to
// their v1 dump record (those the data set converted from the v2 files, "converted-from-v2" in
// data/ror-v1-provenance.csv.gz: 12,340 of 12,340 identical, tests/data/record/v2-vs-v1.md) are served as
// exactly that text: a 50-id sample against the reference serializer (tests/data/spec/v2-sample.txt), and all
// 12,340 against the full v1 index when it is present. The build time is printed as a diagnostic.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

import { fullIndex, fullMissing, loadPkg, pkgMissing, recordTexts, repo } from './lib.mjs';

const API = 'https://api.ror.org/v1/organizations/';

async function text(index, id) {
  const res = await index.fetch(API + id);
  return `${res.status} ${await res.text()}`;
}

if (pkgMissing) {
  test('v2 dump through the npm package', { skip: pkgMissing }, () => {});
} else {
  const { RorIndex, buildIndex } = await loadPkg();
  const zip = readFileSync(repo('data/ror-v2-dump.zip'));
  const started = performance.now();
  const built = await buildIndex(zip);
  const buildMs = performance.now() - started;
  const v2 = await RorIndex.load(built.bytes);

  test('buildIndex converts the v2 dump', (t) => {
    t.diagnostic(`v2 dump (${zip.length} bytes zipped) → index of ${built.bytes.length} bytes in ${(buildMs / 1000).toFixed(1)} s`);
    assert.equal(built.summary.records, 35990);
    assert.equal(built.summary.schema, 'v2');
    assert.equal(built.summary.source, 'ror-v2-dump.json');
    const info = v2.info();
    assert.equal(info.recordCount, 35990);
    assert.equal(info.schema, 'v2');
    assert.equal(v2.request('/v1/organizations?all_status=').body.number_of_results, 35990);
  });

  test('converted records equal their v1 serialization (50-id sample, reference serializer)', async () => {
    const expected = recordTexts('tests/data/spec/records.jsonl');
    const ids = readFileSync(repo('tests/data/spec/v2-sample.txt'), 'utf8').split('\n').filter(Boolean);
    assert.equal(ids.length, 50);
    const bad = [];
    for (const id of ids) {
      const got = await text(v2, id);
      if (got !== `200 ${expected.get(id)}`) bad.push(`${id}\n    got      ${got.slice(0, 300)}\n    expected ${expected.get(id)?.slice(0, 300)}`);
    }
    assert.equal(bad.length, 0, `${bad.length} of 50 differ:\n${bad.slice(0, 5).join('\n')}`);
  });

  if (fullMissing) {
    test('all converted records against the v1 index', { skip: fullMissing }, () => {});
  } else {
    test('all 12,340 converted records equal the v1 index\'s records', async () => {
      const v1 = await fullIndex();
      const csv = gunzipSync(readFileSync(repo('data/ror-v1-provenance.csv.gz'))).toString('utf8');
      const ids = csv
        .split('\n')
        .map((l) => l.split(','))
        .filter((f) => f[1] === 'converted-from-v2')
        .map((f) => f[0]);
      assert.equal(ids.length, 12340);
      const bad = [];
      for (const id of ids) {
        const [a, b] = [await text(v2, id), await text(v1, id)];
        if (a !== b || !a.startsWith('200 ')) bad.push(`${id}\n    v2 ${a.slice(0, 300)}\n    v1 ${b.slice(0, 300)}`);
      }
      assert.equal(bad.length, 0, `${bad.length} of ${ids.length} differ:\n${bad.slice(0, 5).join('\n')}`);
    });
  }
}
