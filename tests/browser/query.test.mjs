// The page's request model (www/query.js) without a browser: what is linked, shown and run.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  engineSearch,
  liveQuery,
  pageNumber,
  parseSearch,
  recordFromHash,
  recordHash,
  sameFilter,
  splitFilter,
  toSearch,
} from '../../www/query.js';

test('the last word becomes a prefix only when it is a plain word', () => {
  const cases = [
    ['Oxfo', 'Oxfo Oxfo*'],
    ['university of oxfo', 'university of oxfo oxfo*'],
    ['Würzb', 'Würzb Würzb*'],
    ['東京', '東京 東京*'],
    ['o', 'o'], // one letter would expand to most of the dictionary
    ['oxford ', 'oxford '], // a finished word
    ['', ''],
    ['harvard AND', 'harvard AND'],
    ['"university of oxfo', '"university of oxfo'], // inside a phrase
    ['"oxford" camb', '"oxford" camb camb*'],
    ['name:oxfo', 'name:oxfo'],
    ['-oxfo', '-oxfo'],
    ['oxfo*', 'oxfo*'],
    ['oxfo~', 'oxfo~'],
    ['02atag894', '02atag894'], // the ROR id shortcut stays intact
    ['https://ror.org/02atag894', 'https://ror.org/02atag894'],
    ['0000 0001 2180 7477', '0000 0001 2180 7477 7477*'],
    ['foo\\ bar', 'foo\\ bar'], // an escaped space joins the words into one term
  ];
  for (const [typed, live] of cases) assert.equal(liveQuery(typed), live, typed);
});

test('the URL is the v1 request, written readably, and reads back the same', () => {
  const s = parseSearch('?query=university+of+oxford&filter=types:Education,country.country_code:GB&page=2&all_status=true');
  assert.equal(s.mode, 'quick');
  assert.equal(s.text, 'university of oxford');
  assert.deepEqual(s.filters, ['types:Education', 'country.country_code:GB']);
  assert.equal(s.page, '2');
  assert.equal(toSearch(s), 'query=university+of+oxford&filter=types:Education,country.country_code:GB&page=2&all_status=true');
  assert.deepEqual(parseSearch(`?${toSearch(s)}`), s);
  // Characters that mean something in a query string stay encoded.
  const t = { ...s, text: 'a+b & c=d #e %', filters: [], page: 1, allStatus: false };
  assert.equal(toSearch(t), 'query=a%2Bb+%26+c%3Dd+%23e+%25');
  assert.equal(parseSearch(`?${toSearch(t)}`).text, 'a+b & c=d #e %');
});

test('unknown and conflicting parameters are kept so the engine reports them', () => {
  const s = parseSearch('?query=x&sort=name&query.advanced=y');
  assert.deepEqual(s.extra, [
    ['sort', 'name'],
    ['query.advanced', 'y'],
  ]);
  assert.equal(toSearch(s), 'query=x&sort=name&query.advanced=y');
  assert.equal(parseSearch('?all_status=false').allStatus, false);
  assert.equal(toSearch(parseSearch('?all_status')), 'all_status=');
  assert.equal(toSearch(parseSearch('?query=')), 'query=', 'an empty query (no results in v1) is not a missing one');
  assert.equal(toSearch(parseSearch('')), '');
});

test('only the quick query gets the live prefix', () => {
  assert.equal(engineSearch(parseSearch('?query=oxfo&page=2')), 'query=oxfo+oxfo*&page=2');
  assert.equal(engineSearch(parseSearch('?query=oxfo'), { live: false }), 'query=oxfo');
  assert.equal(engineSearch(parseSearch('?query.advanced=name:oxfo')), 'query.advanced=name:oxfo');
});

test('filters compare as v1 normalises them', () => {
  assert.ok(sameFilter('types:education', 'types:Education'));
  assert.ok(sameFilter('country.country_code:gb', 'country.country_code:GB'));
  assert.ok(!sameFilter('types:Education', 'status:Education'));
  assert.deepEqual(splitFilter('types:a:b'), ['types', 'a']);
  assert.deepEqual(splitFilter('nokey'), ['nokey', null]);
});

test('record fragments and page numbers', () => {
  assert.equal(recordHash('https://ror.org/02atag894'), '#/organizations/02atag894');
  assert.equal(recordFromHash('#/organizations/02atag894'), '02atag894');
  assert.equal(recordFromHash('#/organizations/%E0%A4'), '%E0%A4');
  assert.equal(recordFromHash('#results'), null);
  assert.equal(pageNumber('3'), 3);
  assert.equal(pageNumber('abc'), 1);
  assert.equal(pageNumber('501'), 1);
});
