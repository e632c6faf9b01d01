// The JS API of the npm package (pkg/index.d.ts) on the full index: the conveniences (get, search with a
// string / URLSearchParams / object, heartbeat, info, fields, peekInfo, fetch, wrapFetch) say what the v1
// requests they stand for say.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';

import { INDEX_PATH, fullIndex, fullMissing, loadPkg, recordTexts } from './lib.mjs';

/** The v1 whitelist of query.advanced field names (spec §4.3, 61 names). */
const WHITELIST = `acronyms addresses.city addresses.country_geonames_id addresses.geonames_city.city
addresses.geonames_city.geonames_admin1.ascii_name addresses.geonames_city.geonames_admin1.code
addresses.geonames_city.geonames_admin1.name addresses.geonames_city.geonames_admin2.ascii_name
addresses.geonames_city.geonames_admin2.code addresses.geonames_city.geonames_admin2.name addresses.geonames_city.id
addresses.geonames_city.license.attribution addresses.geonames_city.license.license
addresses.geonames_city.nuts_level1.code addresses.geonames_city.nuts_level1.name
addresses.geonames_city.nuts_level2.code addresses.geonames_city.nuts_level2.name
addresses.geonames_city.nuts_level3.code addresses.geonames_city.nuts_level3.name addresses.lat addresses.line
addresses.lng addresses.postcode addresses.primary addresses.state addresses.state_code aliases country.country_code
country.country_name email_address established external_ids.CNRS.all external_ids.CNRS.preferred
external_ids.FundRef.all external_ids.FundRef.preferred external_ids.HESA.all external_ids.HESA.preferred
external_ids.GRID.all external_ids.GRID.preferred external_ids.ISNI.all external_ids.ISNI.preferred
external_ids.OrgRef.all external_ids.OrgRef.preferred external_ids.UCAS.all external_ids.UCAS.preferred
external_ids.UKPRNS.all external_ids.UKPRNS.preferred external_ids.Wikidata.all external_ids.Wikidata.preferred id
ip_addresses labels.iso639 labels.label links name relationships.id relationships.label relationships.type status
types wikipedia_url`.split(/\s+/);

const withoutTime = ({ time_taken, ...rest }) => rest;

if (fullMissing) {
  test('the JS API on the full index', { skip: fullMissing }, () => {});
} else {
  const { peekInfo } = await loadPkg();
  const index = await fullIndex();
  const records = recordTexts('tests/data/spec/records.jsonl');

  test('heartbeat, info, peekInfo', async () => {
    assert.equal(index.heartbeat(), 'OK');
    const info = index.info();
    assert.equal(info.recordCount, 51370);
    assert.equal(info.schema, 'v1');
    assert.equal(info.source, 'ror-v1-dump.json');
    assert.equal(info.bytes, statSync(INDEX_PATH).size);
    const { bytes, ...header } = info;
    assert.deepEqual(await peekInfo(INDEX_PATH), header);
  });

  test('fields() lists the v1 whitelist', () => {
    const fields = index.fields();
    assert.deepEqual(fields.map((f) => f.name).sort(), [...WHITELIST].sort());
    for (const f of fields) assert.deepEqual(Object.keys(f), ['name', 'type', 'analyzer', 'matching'], f.name);
  });

  test('get(id) is the retrieve body', () => {
    const id = 'https://ror.org/02atag894';
    assert.deepEqual(index.get(id), JSON.parse(records.get(id)));
    assert.deepEqual(index.get('02atag894'), JSON.parse(records.get(id)));
    assert.deepEqual(index.get('https://ror.org/abc123'), { errors: ["'https://ror.org/abc123' is not a valid ROR ID"] });
  });

  test('search() takes a string, URLSearchParams or an object', () => {
    const want = withoutTime(index.request('/v1/organizations?query=oxford&filter=types:Education,country.country_code:GB&page=1').body);
    assert.ok(want.number_of_results > 0);
    for (const params of [
      'query=oxford&filter=types:Education,country.country_code:GB&page=1',
      '?query=oxford&filter=types%3AEducation%2Ccountry.country_code%3AGB&page=1',
      new URLSearchParams({ query: 'oxford', filter: 'types:Education,country.country_code:GB', page: '1' }),
      { query: 'oxford', filter: ['types:Education', 'country.country_code:GB'], page: 1 },
      { query: 'oxford', filter: 'types:Education,country.country_code:GB', page: '1', all_status: undefined },
    ]) {
      assert.deepEqual(withoutTime(index.search(params)), want, String(params));
    }
    assert.equal(index.search().number_of_results, 48806);
    assert.equal(index.search({ all_status: '' }).number_of_results, 51370);
    assert.deepEqual(index.search({ page: 0 }), { errors: ["page '0' outside of range 1-500"] });
  });

  test('fetch answers GET and HEAD, and only the path and query of the URL matter', async () => {
    const a = await index.fetch('https://api.ror.org/v1/organizations/02atag894');
    const b = await index.fetch(new URL('http://example.org/v1/organizations/02atag894'));
    const c = await index.fetch(new Request('https://api.ror.org/v1/organizations/02atag894'));
    const want = records.get('https://ror.org/02atag894');
    for (const r of [a, b, c]) {
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json');
      assert.equal(await r.text(), want);
    }
    const head = await index.fetch('https://api.ror.org/v1/heartbeat', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  test('wrapFetch sends api.ror.org to the index and everything else to the original fetch', async () => {
    const seen = [];
    const original = async (input) => {
      seen.push(String(input));
      return new Response('elsewhere');
    };
    const wrapped = index.wrapFetch(original);
    const r = await wrapped('https://api.ror.org/v1/organizations?query=oxford');
    assert.equal((await r.json()).items.length, 20);
    assert.equal(await (await wrapped('https://example.org/x')).text(), 'elsewhere');
    assert.deepEqual(seen, ['https://example.org/x']);
    const custom = index.wrapFetch(original, { hosts: ['ror.local'] });
    assert.equal((await (await custom('http://ror.local/v1/heartbeat')).text()), 'OK');
  });
}
