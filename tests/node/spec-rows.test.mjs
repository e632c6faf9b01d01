// The spec-§11 behavioural corpus (tests/data/spec/rows.jsonl; vocabulary in its README) through the npm
// package: every case through `index.fetch()` (a real Response: exact body text, status, headers) and through
// `index.request()` (which must agree with fetch). Cases marked "index":"crafted" run on an index built here by
// the wasm builder from tests/data/spec/crafted-dump.json. The Rust runner is tests/it/spec_rows.rs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';

import { fullIndex, fullMissing, jsonl, loadPkg, recordTexts, repo } from './lib.mjs';

const KEYS = new Set([
  'row', 'index', 'req', 'follow', 'pages', 'status', 'content_type', 'location', 'body_text', 'body_contains',
  'body', 'body_record', 'errors', 'errors_contain', 'errors_prefix', 'list', 'total', 'total_below', 'items',
  'first', 'ids', 'items_records', 'items_all', 'meta', 'meta_ids', 'meta_has', 'same_as', 'distinct_ids',
  'stable', 'note',
]);
const LIST_KEYS = ['total', 'total_below', 'items', 'first', 'ids', 'items_records', 'items_all', 'meta', 'meta_ids', 'meta_has'];

const cases = jsonl('tests/data/spec/rows.jsonl');
const records = recordTexts('tests/data/spec/records.jsonl');

const short = (s) => (s.length > 400 ? `${s.slice(0, 400)}… (${s.length} chars)` : s);
const show = (v) => short(JSON.stringify(v));

/** One request through fetch (and request(), which must say the same). */
async function get(index, req, problems) {
  const target = new URL(req, 'https://api.ror.org');
  const viaUrl = target.pathname + target.search;
  const r = index.request(req);
  let got = { status: r.status, contentType: r.headers['content-type'], location: r.headers.location ?? null };
  if (viaUrl === req) {
    const res = await index.fetch(`https://api.ror.org${req}`);
    const text = await res.text();
    got = { ...got, text };
    if (res.status !== r.status) problems.push(`fetch status ${res.status} but request() ${r.status}`);
    if (res.headers.get('content-type') !== r.headers['content-type'])
      problems.push(`fetch content-type ${res.headers.get('content-type')} but request() ${r.headers['content-type']}`);
    if ((res.headers.get('location') ?? null) !== got.location)
      problems.push(`fetch location ${res.headers.get('location')} but request() ${got.location}`);
  } else {
    // The URL parser would rewrite this path: request() alone sees the exact bytes.
    got.text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    got.viaRequestOnly = true;
  }
  got.json = null;
  if (got.contentType === 'application/json') {
    try {
      got.json = JSON.parse(got.text);
    } catch {
      problems.push(`body is not JSON: ${short(got.text)}`);
    }
    // time_taken is measured per call.
    if (!isDeepStrictEqual(comparable(got.json, []), comparable(r.body, [])))
      problems.push('request() body differs from the fetch body');
  } else if (r.body !== got.text) {
    problems.push('request() body differs from the fetch body');
  }
  return got;
}

async function follow(index, req, problems) {
  let got = await get(index, req, problems);
  for (let hop = 0; hop < 5 && (got.status === 301 || got.status === 302) && got.location; hop++) {
    got = await get(index, got.location, problems);
  }
  return got;
}

function comparable(v, problems) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const { time_taken: t, ...rest } = v;
  if (t !== undefined && !(Number.isInteger(t) && t >= 0)) problems.push(`time_taken is ${t}`);
  return rest;
}

function envelope(text, v, problems) {
  const keys = Object.keys(v);
  if (keys.join() !== 'number_of_results,time_taken,items,meta') {
    problems.push(`list keys are ${keys}`);
    return;
  }
  if (!/^\{"number_of_results":\d+,"time_taken":\d+,"items":\[/.test(text) || !text.endsWith(']}}'))
    problems.push('list body does not start {"number_of_results":N,"time_taken":N,"items":[');
  if (Object.keys(v.meta).join() !== 'types,countries,statuses') problems.push(`meta keys ${Object.keys(v.meta)}`);
  if (v.items.length > 20) problems.push(`${v.items.length} items on a page`);
  for (const [facet, list] of Object.entries(v.meta)) {
    if (list.length > 10) problems.push(`meta.${facet} has ${list.length} buckets`);
    for (const b of list) if (Object.keys(b).join() !== 'id,title,count') problems.push(`meta.${facet} bucket ${show(b)}`);
  }
}

function errorsOf(got, problems) {
  const v = got.json;
  if (v && typeof v === 'object' && Object.keys(v).join() === 'errors' && Array.isArray(v.errors)) return v.errors;
  problems.push(`body is not {"errors":[...]}: ${short(got.text)}`);
  return null;
}

const atPath = (v, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), v);
const idsOf = (v) => (v.items ?? []).map((i) => i.id);

async function checkResponse(c, got, index, problems) {
  const text = got.text;
  if (c.status !== undefined && got.status !== c.status)
    problems.push(`status ${got.status} (expected ${c.status}); body ${short(text)}`);
  if (c.content_type !== undefined && !String(got.contentType).startsWith(c.content_type))
    problems.push(`content type ${got.contentType} (expected ${c.content_type})`);
  if (c.location !== undefined && got.location !== c.location)
    problems.push(`location ${got.location} (expected ${c.location})`);
  if (c.body_text !== undefined && text !== c.body_text)
    problems.push(`body text\n    got      ${short(text)}\n    expected ${short(c.body_text)}`);
  for (const s of c.body_contains ?? []) if (!text.includes(s)) problems.push(`body does not contain ${JSON.stringify(s)}: ${short(text)}`);
  if (c.body_record !== undefined) {
    const want = records.get(c.body_record);
    if (want === undefined) problems.push(`no expected text for ${c.body_record}`);
    else if (text !== want) problems.push(`body text\n    got      ${short(text)}\n    expected ${short(want)}`);
  }
  const v = got.json;
  const list = v && typeof v === 'object' && 'number_of_results' in v ? v : null;
  if (list) envelope(text, list, problems);
  if (c.body !== undefined) {
    if (v === null) problems.push(`body is not JSON: ${short(text)}`);
    else if (!isDeepStrictEqual(comparable(v, problems), comparable(c.body, problems)))
      problems.push(`body\n    got      ${show(comparable(v, []))}\n    expected ${show(c.body)}`);
  }
  if (c.errors !== undefined) {
    const e = errorsOf(got, problems);
    if (e && !isDeepStrictEqual(e, c.errors)) problems.push(`errors ${show(e)} (expected ${show(c.errors)})`);
  }
  for (const [key, ok] of [
    ['errors_contain', (g, w) => g.includes(w)],
    ['errors_prefix', (g, w) => g.startsWith(w)],
  ]) {
    if (c[key] === undefined) continue;
    const e = errorsOf(got, problems);
    if (e && !(e.length === c[key].length && e.every((g, i) => ok(g, c[key][i]))))
      problems.push(`errors ${show(e)} do not match ${key} ${show(c[key])}`);
  }
  if (c.list === true && !list) problems.push(`not a list response: ${short(text)}`);
  if (!LIST_KEYS.some((k) => c[k] !== undefined)) return;
  if (!list) {
    if (c.list === undefined) problems.push(`not a list response: ${short(text)}`);
    return;
  }
  const total = list.number_of_results;
  if (c.total !== undefined && total !== c.total) problems.push(`number_of_results ${total} (expected ${c.total})`);
  if (c.total_below !== undefined) {
    const other = index.request(c.total_below).body?.number_of_results;
    if (!(total < other)) problems.push(`number_of_results ${total} is not below ${other} of ${c.total_below}`);
  }
  const ids = idsOf(list);
  if (c.items !== undefined && ids.length !== c.items) problems.push(`${ids.length} items (expected ${c.items})`);
  if (c.first !== undefined && ids[0] !== c.first) problems.push(`first item ${ids[0]} (expected ${c.first})`);
  if (c.ids !== undefined && !isDeepStrictEqual(ids, c.ids)) problems.push(`ids ${show(ids)}\n    expected ${show(c.ids)}`);
  if (c.items_records !== undefined) {
    if (list.items.length !== c.items_records.length)
      problems.push(`${list.items.length} items (expected the records ${show(c.items_records)})`);
    list.items.forEach((item, i) => {
      const id = c.items_records[i];
      const want = records.get(id);
      if (want === undefined) problems.push(`no expected text for ${id}`);
      else if (!isDeepStrictEqual(item, JSON.parse(want))) problems.push(`item ${item.id} is not the record ${id}`);
      else if (!text.includes(want)) problems.push(`item ${id} is not serialized byte for byte as its record`);
    });
  }
  if (c.items_all !== undefined) {
    for (const item of list.items) {
      for (const [path, want] of Object.entries(c.items_all)) {
        const got = atPath(item, path);
        const ok = Array.isArray(got) ? got.some((x) => isDeepStrictEqual(x, want)) : isDeepStrictEqual(got, want);
        if (!ok) problems.push(`item ${item.id} has ${path} = ${show(got)} (expected ${show(want)})`);
      }
    }
  }
  if (c.meta !== undefined && !isDeepStrictEqual(list.meta, c.meta))
    problems.push(`meta\n    got      ${show(list.meta)}\n    expected ${show(c.meta)}`);
  for (const [facet, want] of Object.entries(c.meta_ids ?? {})) {
    const got = (list.meta[facet] ?? []).map((b) => b.id);
    if (!isDeepStrictEqual(got, want)) problems.push(`meta.${facet} ids ${show(got)} (expected ${show(want)})`);
  }
  for (const [facet, want] of Object.entries(c.meta_has ?? {})) {
    for (const b of want)
      if (!(list.meta[facet] ?? []).some((x) => isDeepStrictEqual(x, b)))
        problems.push(`meta.${facet} lacks ${show(b)}: ${show(list.meta[facet])}`);
  }
}

async function checkCase(c, index) {
  const problems = [];
  for (const k of Object.keys(c)) if (!KEYS.has(k)) problems.push(`unknown key ${k}`);
  const fetchOne = (req) => (c.follow ? follow(index, req, problems) : get(index, req, problems));
  let main;
  if (!c.pages) {
    main = await fetchOne(c.req);
    await checkResponse(c, main, index, problems);
  } else {
    const sep = c.req.includes('?') ? '&' : '?';
    const seen = new Set();
    let first = null;
    for (let p = c.pages[0]; p <= c.pages[1]; p++) {
      const got = await fetchOne(`${c.req}${sep}page=${p}`);
      const pageProblems = [];
      await checkResponse(c, got, index, pageProblems);
      problems.push(...pageProblems.map((m) => `page ${p}: ${m}`));
      if (got.json) {
        for (const id of idsOf(got.json)) seen.add(id);
        const key = { total: got.json.number_of_results, meta: got.json.meta };
        if (first === null) first = key;
        else if (c.stable && !isDeepStrictEqual(first, key)) problems.push(`page ${p}: total or meta differ from page ${c.pages[0]}`);
      }
      main = got;
    }
    if (c.distinct_ids !== undefined && seen.size !== c.distinct_ids)
      problems.push(`${seen.size} distinct ids over pages ${c.pages[0]}..${c.pages[1]} (expected ${c.distinct_ids})`);
  }
  if (c.same_as !== undefined) {
    const other = await get(index, c.same_as, problems);
    if (other.status !== main.status) problems.push(`status ${main.status} but ${other.status} for ${c.same_as}`);
    const same =
      main.json !== null && other.json !== null
        ? isDeepStrictEqual(comparable(main.json, problems), comparable(other.json, problems))
        : main.text === other.text;
    if (!same) problems.push(`body differs from ${c.same_as}\n    got   ${short(main.text)}\n    other ${short(other.text)}`);
  }
  return problems;
}

if (fullMissing) {
  test('spec §11 rows through the npm package', { skip: fullMissing }, () => {});
} else {
  const { RorIndex, buildIndex } = await loadPkg();
  const full = await fullIndex();
  const crafted = await RorIndex.load((await buildIndex(readFileSync(repo('tests/data/spec/crafted-dump.json')))).bytes);
  test('the corpus is large enough', () => assert.ok(cases.length >= 300, `${cases.length} cases`));
  cases.forEach((c, i) => {
    test(`row ${c.row} (line ${i + 1}) ${c.index === 'crafted' ? '[crafted] ' : ''}${c.req}`, async () => {
      const problems = await checkCase(c, c.index === 'crafted' ? crafted : full);
      assert.ok(problems.length === 0, problems.join('\n'));
    });
  });
}
