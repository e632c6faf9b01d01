// Engine failures through the npm package: damaged index files refused by RorIndex.load, broken dumps refused
// by buildIndex, each with a JS Error whose message says what is wrong; and the wasm modules keep working
// afterwards (a wasm panic would kill them for the whole page). The typed Rust errors behind these messages
// are tested natively in src/index/tests.rs and src/build/dump.rs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import { loadPkg, pkgMissing, repo } from './lib.mjs';

/** Asserts that `promise` rejects with an Error whose message matches every regex. */
async function rejectsWith(promise, ...patterns) {
  let error = null;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error !== null, 'did not reject');
  assert.ok(error instanceof Error, `rejected with a ${Object.prototype.toString.call(error)}, not an Error: ${error}`);
  for (const p of patterns) assert.match(error.message, p);
  return error.message;
}

if (pkgMissing) {
  test('errors through the npm package', { skip: pkgMissing }, () => {});
} else {
  const { RorIndex, buildIndex, peekInfo } = await loadPkg();
  const records = JSON.parse(readFileSync(repo('data/ror-v1-small.json'), 'utf8'));
  const good = (await buildIndex(readFileSync(repo('data/ror-v1-small.json')))).bytes;
  const version = new DataView(good.buffer, good.byteOffset, good.byteLength).getUint32(8, true);
  const copy = () => new Uint8Array(good);
  const text = (s) => new TextEncoder().encode(s);
  const three = () => structuredClone(records.slice(0, 3));
  const json = (v) => text(JSON.stringify(v, null, 1));

  test('damaged index: truncated', async () => {
    await rejectsWith(RorIndex.load(good.slice(0, good.length - 1000)), /truncated/, new RegExp(`announces ${good.length} bytes, the file has ${good.length - 1000}`));
    await rejectsWith(RorIndex.load(good.slice(0, 10)), /not a ror-wasm index/, /shorter than the \d+-byte header/);
    await rejectsWith(RorIndex.load(new Uint8Array(0)), /not a ror-wasm index/, /0 bytes/);
  });

  test('damaged index: a flipped byte (checksum)', async () => {
    for (const at of [100, Math.floor(good.length / 2), good.length - 1]) {
      const bad = copy();
      bad[at] ^= 0x20;
      await rejectsWith(RorIndex.load(bad), /index file damaged/, /checksum/);
    }
  });

  test('damaged index: wrong magic', async () => {
    const bad = copy();
    bad.set(text('PK\x03\x04'), 0);
    await rejectsWith(RorIndex.load(bad), /not a ror-wasm index/, /starts with/);
    await rejectsWith(RorIndex.load(readFileSync(repo('data/ror-v1-small.json'))), /not a ror-wasm index/);
  });

  test('damaged index: another format version (byte 8, little-endian)', async () => {
    for (const other of [version + 1, 0, 0x01020304]) {
      const bad = copy();
      new DataView(bad.buffer).setUint32(8, other, true);
      await rejectsWith(
        RorIndex.load(bad),
        new RegExp(`index format version ${other} is not supported by this build \\(it reads version ${version}\\)`),
        /rebuild the index/,
      );
    }
  });

  test('damaged index: bytes after the announced end', async () => {
    const bad = new Uint8Array(good.length + 7);
    bad.set(good);
    await rejectsWith(RorIndex.load(bad), /index file damaged/, /7 bytes after the end/);
  });

  test('peekInfo refuses what load refuses', async () => {
    await rejectsWith(peekInfo(good.slice(0, 10)), /not a ror-wasm index/);
    const bad = copy();
    bad[8] = version + 1;
    await rejectsWith(peekInfo(bad), /index format version/);
    assert.equal((await peekInfo(good)).recordCount, 300);
  });

  test('the search module still works after refusing damaged files', async () => {
    const index = await RorIndex.load(good);
    assert.equal(index.request('/v1/organizations?all_status=').body.number_of_results, 300);
  });

  test('broken dump: invalid JSON names a position', async () => {
    const s = JSON.stringify(three(), null, 1);
    const at = s.indexOf('"name"', 3000);
    const line = s.slice(0, at).split('\n').length;
    const column = at - s.lastIndexOf('\n', at - 1);
    const msg = await rejectsWith(buildIndex(text(`${s.slice(0, at)},${s.slice(at)}`)), /invalid JSON/);
    assert.ok(msg.endsWith(`(line ${line}, column ${column})`), msg);
    await rejectsWith(buildIndex(text(s.slice(0, s.length - 40))), /invalid JSON/, /\(line \d+, column \d+\)$/);
    await rejectsWith(buildIndex(gzipSync(text(s.slice(0, s.length - 40)))), /invalid JSON/, /\(line \d+, column \d+\)$/);
  });

  test('broken dump: a wrong type names the record id and the field path', async () => {
    const a = three();
    a[1].established = 'nineteen';
    await rejectsWith(buildIndex(json(a)), new RegExp(`record 1 \\(${a[1].id}\\): established: expected a number, got "nineteen"`), /\(line \d+, column \d+\)/);
    const b = three();
    b[2].addresses[0].lat = 'north';
    await rejectsWith(buildIndex(json(b)), new RegExp(`record 2 \\(${b[2].id}\\): addresses\\[0\\]\\.lat: expected a number`));
    const c = three();
    c[0].types = 'Education';
    await rejectsWith(buildIndex(json(c)), new RegExp(`record 0 \\(${c[0].id}\\): types: expected an array`));
    const d = three();
    d[1].addresses[0].geonames_city.id = 'x';
    await rejectsWith(buildIndex(json(d)), new RegExp(`record 1 \\(${d[1].id}\\): addresses\\[0\\]\\.geonames_city\\.id: expected a number, got "x"`));
    const e = three();
    e[1].country.country_code = ['US'];
    await rejectsWith(buildIndex(json(e)), new RegExp(`record 1 \\(${e[1].id}\\): country\\.country_code: expected a string, got an array`));
  });

  test('broken dump: duplicate ids name both records', async () => {
    const r = three();
    const msg = await rejectsWith(
      buildIndex(json([r[0], r[1], r[0]])),
      new RegExp(`duplicate id ${r[0].id}: record 0 \\(line \\d+, column \\d+\\) and record 2 \\(line \\d+, column \\d+\\)`),
    );
    assert.ok(msg.length < 300, msg);
  });

  test('broken dump: not a dump at all', async () => {
    await rejectsWith(buildIndex(text('id,name\nfoo,bar\n')), /not a zip, gzip or JSON file \(it starts with 69 64 2c/);
    await rejectsWith(buildIndex(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])), /not a zip, gzip or JSON file/);
    await rejectsWith(buildIndex(text('{"id": 1}')), /expected a JSON array of records, got an object/);
    await rejectsWith(buildIndex(good), /not a zip, gzip or JSON file/);
    const zip = readFileSync(repo('data/ror-v1-dump.zip'));
    await rejectsWith(buildIndex(zip.subarray(0, 1 << 20)), /zip|cannot decompress|corrupt/);
    await rejectsWith(buildIndex(gzipSync(text(JSON.stringify(three()))).subarray(0, 200)), /gzip|cannot decompress|corrupt/);
  });

  test('broken dump: empty', async () => {
    await rejectsWith(buildIndex(text('[]')), /the dump holds no records/);
    await rejectsWith(buildIndex(text(' [ ] ')), /the dump holds no records/);
    await rejectsWith(buildIndex(new Uint8Array(0)), /the dump is empty/);
  });

  test('the builder module still works after refusing broken dumps', async () => {
    const { summary } = await buildIndex(json(three()));
    assert.equal(summary.records, 3);
  });
}
