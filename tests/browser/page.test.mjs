// The search page in real headless Chromium, over the bundled index in www/dist (run ./build.sh first):
//   node --test tests/browser/
// Covers typing, facets, paging, records and relationships, advanced-query errors, shared URLs and
// Back/Forward, offline reloads, a dump dropped onto the page, and hostile record text.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIST, ROOT, browserContext, copySite, serve, until, waitForIdle, waitForOffline, watch } from './harness.mjs';

const FIXTURES = join(ROOT, 'tests', 'browser', 'fixtures');
const CRAFTED = join(FIXTURES, 'crafted-dump.json');

let server;
let engine; // the npm package over the same index, to check the page against the engine itself

before(async () => {
  server = await serve();
  const { RorIndex } = await import(join(ROOT, 'pkg', 'index.js'));
  engine = await RorIndex.load(readFileSync(join(DIST, 'ror.idx')));
});

after(async () => {
  engine?.free();
  await server?.stop();
});

async function open(context, search = '') {
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = watch(page);
  await page.goto(`${server.url}${search}`);
  await waitForIdle(page);
  return { page, problems };
}

/** Waits until the results shown answer exactly the request in the URL (after any typing). */
async function settled(page) {
  await page.waitForFunction(() => {
    const line = document.getElementById('request-line').textContent;
    const shown = new URLSearchParams(line.replace(/^GET \/v1\/organizations\??/u, '')).toString();
    return (
      document.getElementById('results').getAttribute('aria-busy') === 'false' &&
      shown === new URLSearchParams(location.search).toString()
    );
  });
}

const ids = (page) => page.locator('#results li.result').evaluateAll((els) => els.map((e) => e.dataset.id));

describe('search page', () => {
  let b;
  let page;
  let problems;

  before(async () => {
    b = await browserContext();
    ({ page, problems } = await open(b.context));
  });

  after(async () => {
    assert.deepEqual(problems, [], 'no page errors, console errors or CSP violations');
    await b.close();
  });

  test('typing a query shows results for each keystroke, and the URL is the v1 request', async (t) => {
    await page.locator('#q').click();
    await page.locator('#q').pressSequentially('university of oxford', { delay: 20 });
    await settled(page);
    assert.equal(new URL(page.url()).search, '?query=university+of+oxford');
    assert.equal(await page.locator('#request-line').textContent(), 'GET /v1/organizations?query=university+of+oxford');
    const names = await page.locator('#results .result .name').allTextContents();
    assert.ok(names.includes('University of Oxford'), `results: ${names.slice(0, 5)}`);
    const first = page.locator('#results li.result').first();
    assert.match(await first.locator('.rorid').textContent(), /^https:\/\/ror\.org\/0\w{6}\d{2}$/u);
    assert.ok((await first.locator('.status').textContent()).length > 0);
    assert.ok((await first.locator('.types').textContent()).length > 0);
    // Every keystroke's results reached the screen (the page measures each one).
    const measured = await page.evaluate(() => performance.getEntriesByName('ror:keystroke').length);
    assert.ok(measured >= 15, `keystrokes answered: ${measured}`);
    // Keyboard: ↓ from the box goes to the first result, ↓ again to the second.
    await page.locator('#q').press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.id), (await ids(page))[0]);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.id), (await ids(page))[1]);

    await t.test('the last word is a prefix while typing', async (t2) => {
      if (engine.search('query=oxfo*').number_of_results === 0) {
        t2.skip('the engine does not answer prefix queries yet (query parser not merged)');
        return;
      }
      await page.locator('#q').fill('');
      await page.locator('#q').pressSequentially('Oxfo', { delay: 20 });
      await settled(page);
      assert.equal(new URL(page.url()).search, '?query=Oxfo', 'the URL keeps what was typed');
      const shown = await page.locator('#results .result .name').allTextContents();
      assert.ok(shown.some((n) => /Oxford/u.test(n)), `results: ${shown.slice(0, 5)}`);
    });
  });

  test('clicking a facet adds the v1 filter; the chip removes it', async () => {
    await page.goto(`${server.url}?query=university`);
    await settled(page);
    const facet = page.locator('#facets button[data-filter="types:Education"]');
    const count = Number((await facet.locator('.count').textContent()).replace(/,/gu, ''));
    await facet.click();
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('filter'), 'types:Education');
    assert.equal(await page.locator('#facets button[data-filter="types:Education"]').getAttribute('aria-pressed'), 'true');
    assert.match(await page.locator('#results-summary').textContent(), new RegExp(`^${count.toLocaleString('en')} organizations`, 'u'));
    assert.equal(await page.locator('#active-filters .chip').count(), 1);
    // The page shows what the engine answers for the same v1 request (live prefix aside).
    const expected = engine.search('query=university university*&filter=types:Education').items.map((r) => r.id.slice(16));
    assert.deepEqual(await ids(page), expected);
    // A second facet of another key: AND.
    const country = page.locator('#facets button[data-filter^="country.country_code:"]').first();
    const code = (await country.getAttribute('data-filter')).split(':')[1];
    await country.click();
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('filter'), `types:Education,country.country_code:${code}`);
    // Remove the first chip with the keyboard.
    await page.locator('#active-filters .chip').first().focus();
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('filter'), `country.country_code:${code}`);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.remove), `country.country_code:${code}`);
    // The all-statuses switch: v1's all_status, which lifts the default active-only filter.
    await page.locator('#all-status').check();
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('all_status'), 'true');
    const statuses = await page.locator('#facets button[data-filter^="status:"]').evaluateAll((els) => els.map((e) => e.dataset.filter));
    const all = engine.search(`query=university university*&filter=country.country_code:${code}&all_status=true`);
    assert.deepEqual(statuses, all.meta.statuses.map((b) => `status:${b.id}`));
    assert.ok(statuses.length > 1, `statuses: ${statuses}`);
  });

  test('paging, and Back/Forward restore each page', async () => {
    await page.goto(`${server.url}?query=university`);
    await settled(page);
    const page1 = await ids(page);
    assert.equal(page1.length, 20);
    await page.locator('#pager a[rel="next"]').click();
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('page'), '2');
    assert.equal(await page.locator('#pager [aria-current="page"]').textContent(), '2');
    const page2 = await ids(page);
    assert.equal(page2.length, 20);
    assert.equal(page2.filter((id) => page1.includes(id)).length, 0, 'page 2 holds other records');
    await page.locator('#pager a[data-page="3"]:not([rel])').click();
    await settled(page);
    const page3 = await ids(page);
    await page.goBack();
    await settled(page);
    assert.deepEqual(await ids(page), page2);
    await page.goBack();
    await settled(page);
    assert.deepEqual(await ids(page), page1);
    await page.goForward();
    await page.goForward();
    await settled(page);
    assert.deepEqual(await ids(page), page3);
  });

  test('opening a record, its raw v1 JSON, and following a relationship', async () => {
    await page.goto(`${server.url}?query=Unesp`);
    await settled(page);
    const link = page.locator('#results .result-link').first();
    const id = await page.locator('#results li.result').first().getAttribute('data-id');
    await link.click();
    await page.waitForSelector('#record-view:not([hidden]) #record-name');
    assert.equal(new URL(page.url()).hash, `#/organizations/${id}`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'record-name', 'focus moves to the record');
    const body = engine.get(id);
    assert.equal(await page.locator('#record-name').textContent(), body.name);
    await page.locator('#record details.raw summary').click();
    assert.deepEqual(JSON.parse(await page.locator('#record details.raw pre').textContent()), body);

    // Relationships: from the engine's record when it serializes them; until then from the full v1
    // record of the fixture rendered by the same view, so the link-following is still end to end.
    if (!(await page.locator('#record a.rel-link').count())) {
      const full = JSON.parse(readFileSync(join(FIXTURES, 'record-00987cb86.json'), 'utf8'));
      await page.evaluate(async (rec) => {
        const { recordView } = await import('./view.js');
        document.getElementById('record').replaceChildren(recordView(rec));
      }, full);
      const labels = await page.locator('#record .rec-section').first().locator('[lang]').allTextContents();
      assert.equal(labels.length, 3, 'names in every language');
      assert.ok(await page.locator('#record table.ext th[scope="row"]', { hasText: 'ISNI' }).count());
    }
    const rel = page.locator('#record a.rel-link').first();
    const target = await rel.getAttribute('data-id');
    await rel.click();
    await page.waitForFunction((t) => location.hash === `#/organizations/${t}`, target);
    await page.waitForFunction((n) => document.getElementById('record-name')?.textContent === n, engine.get(target).name);
    // Back returns to the record we came from, Escape to the results.
    await page.goBack();
    await page.waitForFunction((n) => document.getElementById('record-name')?.textContent === n, body.name);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#search-view:not([hidden])');
    assert.equal(new URL(page.url()).hash, '');
    assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.id), id, 'focus returns to the result');
  });

  test('keyboard only: search, results, record, facets and pages, with focus where it belongs', async () => {
    await page.goto(server.url);
    await settled(page);
    await page.locator('body').press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await page.keyboard.type('cambridge', { delay: 20 });
    await settled(page);
    // The accessibility tree: a named result list, facet groups of toggle buttons.
    assert.ok(await page.getByRole('search').count());
    assert.equal(await page.getByRole('list', { name: 'Results' }).locator('> li').count(), (await ids(page)).length);
    for (const name of ['Types', 'Countries', 'Statuses']) assert.ok(await page.getByRole('group', { name }).count(), name);
    // ↓ into the results, Enter opens the record, Escape comes back to the same result.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = (await ids(page))[1];
    await page.keyboard.press('Enter');
    await page.waitForSelector('#record-view:not([hidden]) #record-name');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'record-name');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#search-view:not([hidden])');
    assert.equal(await page.evaluate(() => document.activeElement.closest('li')?.dataset.id), second);
    // Tab to the first facet, Space turns it on; focus stays on it after the results change.
    await page.locator('#q').focus();
    let tabs = 0;
    while (!(await page.evaluate(() => document.activeElement.classList.contains('facet-btn')))) {
      await page.keyboard.press('Tab');
      tabs += 1;
      assert.ok(tabs < 30, 'a facet is reachable with Tab');
    }
    const filter = await page.evaluate(() => document.activeElement.dataset.filter);
    await page.keyboard.press('Space');
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('filter'), filter);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.filter), filter);
    assert.ok(await page.getByRole('button', { pressed: true, name: /,/u }).count());
    // Pages: Enter on "Next page" moves focus to the results heading.
    await page.goto(`${server.url}?query=university`);
    await settled(page);
    await page.locator('#pager a[rel="next"]').focus();
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('page'), '2');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');
  });

  test('an invalid request shows the v1 error messages inline', async () => {
    await page.goto(server.url);
    await settled(page);
    await page.locator('#mode').click();
    assert.equal(await page.locator('#mode').getAttribute('aria-pressed'), 'true');
    assert.ok(await page.locator('#advanced-help').isVisible());
    assert.equal(await page.locator('#field-list tr').count(), engine.fields().length);
    await page.locator('#q').fill('name:Oxford AND foo:bar');
    await settled(page);
    assert.equal(new URL(page.url()).searchParams.get('query.advanced'), 'name:Oxford AND foo:bar');
    assert.deepEqual(await page.locator('#errors li').allTextContents(), [
      "string 'Oxford AND foo' contains an illegal field name",
    ]);
    assert.equal(await page.locator('#q').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#results li').count(), 0);
    // Several errors at once, in the v1 order, from a hand-edited URL.
    await page.goto(`${server.url}?query=x&bogus=1&filter=types:Education,nokey,fi:x&page=0`);
    await settled(page);
    assert.deepEqual(await page.locator('#errors li').allTextContents(), [
      "query parameter 'bogus' is illegal",
      "filter 'nokey' is not in the key:value form",
      "filter key 'fi' is illegal",
      "page '0' outside of range 1-500",
    ]);
    // A valid query clears them.
    await page.goto(`${server.url}?query.advanced=${encodeURIComponent('types:Education AND country.country_code:NZ')}`);
    await settled(page);
    assert.equal(await page.locator('#errors li').count(), 0);
    const expected = engine.search({ 'query.advanced': 'types:Education AND country.country_code:NZ' });
    assert.deepEqual(await ids(page), expected.items.map((r) => r.id.slice(16)));
  });
});

test('a shared URL reproduces the same page in another browser profile', async () => {
  const b1 = await browserContext();
  const b2 = await browserContext({ viewport: { width: 390, height: 844 } }); // a phone
  try {
    const { page: p1 } = await open(b1.context, '?query=institute');
    await settled(p1);
    await p1.locator('#facets button[data-filter^="country.country_code:"]').first().click();
    await settled(p1);
    await p1.locator('#pager a[rel="next"]').click();
    await settled(p1);
    const shared = p1.url();
    const { page: p2, problems } = await open(b2.context, new URL(shared).search);
    await settled(p2);
    const snapshot = (p) =>
      p.evaluate(() => ({
        q: document.getElementById('q').value,
        summary: document.getElementById('results-summary').textContent.replace(/ · \d+ ms$/u, ''),
        ids: [...document.querySelectorAll('#results li.result')].map((e) => e.dataset.id),
        chips: [...document.querySelectorAll('#active-filters .chip')].map((e) => e.textContent),
        facets: [...document.querySelectorAll('#facets button')].map((e) => `${e.dataset.filter}=${e.getAttribute('aria-pressed')}`),
        current: document.querySelector('#pager [aria-current="page"]')?.textContent,
      }));
    assert.deepEqual(await snapshot(p2), await snapshot(p1));
    // Readable at phone width: nothing wider than the screen.
    assert.ok(await p2.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    assert.deepEqual(problems, []);
  } finally {
    await b1.close();
    await b2.close();
  }
});

test('with the network cut off, a reload still answers queries', async () => {
  const b = await browserContext();
  try {
    const { page, problems } = await open(b.context, '?query=cambridge');
    await settled(page);
    await waitForOffline(page);
    const online = await ids(page);
    await b.context.setOffline(true);
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.reload();
    await waitForIdle(page);
    await settled(page);
    assert.deepEqual(await ids(page), online);
    // The network is really gone, for the service worker too (it lets the index through untouched).
    assert.equal(
      await page.evaluate(() => fetch('ror.idx', { method: 'HEAD', cache: 'no-store' }).then(() => 'reached', () => 'offline')),
      'offline',
    );
    await page.locator('#q').fill('');
    await page.locator('#q').pressSequentially('paris', { delay: 20 });
    await settled(page);
    assert.ok((await ids(page)).length > 0, 'new queries are answered offline');
    assert.match(await page.locator('#index-info').textContent(), /Searching 51,370 records/u);
    // Nothing the page needs came from the network (the service worker's own attempts may fail).
    assert.deepEqual(problems.filter((p) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/u.test(p)), []);
  } finally {
    await b.context.setOffline(false).catch(() => {});
    await b.close();
  }
});

test('a dump dropped onto the page replaces the index; hostile record text stays text', async () => {
  const b = await browserContext();
  try {
    const { page, problems } = await open(b.context);
    await settled(page);
    const dump = readFileSync(CRAFTED, 'utf8');
    // A real drop event carrying a File, as a person dragging the dump from their desktop.
    const drop = (text, name) =>
      page.evaluate(
        ([t, n]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([t], n, { type: 'application/json' }));
          for (const type of ['dragenter', 'dragover', 'drop']) {
            document.body.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
          }
        },
        [text, name],
      );
    // Something that is not a dump: the builder's error is shown and the index stays.
    await drop('{"not": "a dump"}', 'notes.json');
    await page.waitForFunction(() => /could not be indexed/u.test(document.getElementById('build-result').textContent));
    assert.match(await page.locator('#index-info').textContent(), /Searching 51,370 records/u);
    await drop(dump, 'crafted-dump.json');
    await page.waitForFunction(() => /Searching 3 records/u.test(document.getElementById('index-info').textContent), null, {
      timeout: 60_000,
    });
    assert.match(await page.locator('#index-info').textContent(), /your file crafted-dump\.json/u);
    assert.match(await page.locator('#build-result').textContent(), /^Done/u);
    await settled(page);
    assert.equal((await ids(page)).length, 3);

    // The hostile record: every field a payload, shown as literal text.
    const hostile = JSON.parse(dump).find((r) => r.id === 'https://ror.org/05xss0x42');
    const item = page.locator('#results li[data-id="05xss0x42"]');
    assert.equal(await item.locator('.name').textContent(), hostile.name);
    await item.locator('.result-link').click();
    await page.waitForSelector('#record-view:not([hidden]) #record-name');
    assert.equal(await page.locator('#record-name').textContent(), hostile.name);
    await page.locator('#record details.raw summary').click();
    assert.match(await page.locator('#record details.raw pre').textContent(), /<img src=x onerror=\\"window.__xss=1\\">/u);
    // The full record as the view would show it once the engine serializes every field.
    await page.evaluate(async (rec) => {
      const { recordView } = await import('./view.js');
      document.getElementById('record').append(recordView(rec));
    }, hostile);
    const verdict = await page.evaluate(() => ({
      xss: window.__xss ?? null,
      elements: document.querySelectorAll('main img, main script, main svg, main iframe, main b, main i, main u').length,
      jsLinks: [...document.querySelectorAll('a[href]')].filter((a) => !/^(https?:|#|\?|\.\/)/u.test(a.getAttribute('href'))).length,
      // The CSP requires Trusted Types: a string can never become markup through innerHTML.
      innerHTML: (() => {
        try {
          document.createElement('div').innerHTML = '<b>x</b>';
          return 'allowed';
        } catch (e) {
          return e.name;
        }
      })(),
    }));
    await page.waitForTimeout(200); // let any injected handler fire
    assert.deepEqual(verdict, { xss: null, elements: 0, jsLinks: 0, innerHTML: 'TypeError' });
    assert.equal(await page.evaluate(() => window.__xss ?? null), null);

    // The dropped index stays, offline too: a reload searches it again (from Cache Storage); the file
    // input (the keyboard way to bring a dump) works offline as well; then back to the bundled index.
    await waitForOffline(page);
    await b.context.setOffline(true);
    await page.goto(server.url);
    await page.waitForFunction(() => /Searching 3 records/u.test(document.getElementById('index-info').textContent));
    await page.locator('#dump-file').setInputFiles(CRAFTED);
    await page.waitForFunction(() => /^Done/u.test(document.getElementById('build-result').textContent));
    await page.locator('#use-bundled').click();
    await page.waitForFunction(() => /Searching 51,370 records/u.test(document.getElementById('index-info').textContent));
    assert.ok(await page.locator('#use-bundled').isHidden());
    // The one expected complaint: the blocked innerHTML assignment above (and offline fetch failures).
    assert.deepEqual(
      problems.filter((p) => !/requires 'TrustedHTML' assignment|Failed to load resource|ERR_INTERNET_DISCONNECTED/u.test(p)),
      [],
    );
  } finally {
    await b.context.setOffline(false).catch(() => {});
    await b.close();
  }
});

test('a cached index is kept while unchanged and replaced when a different one is published', async () => {
  const { buildIndex } = await import(join(ROOT, 'pkg', 'build.js'));
  const newer = (await buildIndex(readFileSync(CRAFTED))).bytes;
  const b = await browserContext();
  try {
    const { page, problems } = await open(b.context, '?query=paris');
    await settled(page);
    await waitForOffline(page);
    // Second visit, same published file: started from the cache, and only a HEAD goes out for the index.
    const requests = [];
    b.context.on('request', (r) => {
      if (r.url().endsWith('/ror.idx')) requests.push(r.method());
    });
    await page.reload();
    await waitForIdle(page);
    await settled(page);
    await page.waitForTimeout(3000); // the update check runs 2 s after a warm start
    assert.deepEqual(requests, ['HEAD']);
    // A new index is published (another file with other validators): the warm start still answers
    // from the cached one at once, then the header check swaps in the new one and says so.
    await b.context.route('**/ror.idx', (route) =>
      route.fulfill({
        status: 200,
        body: route.request().method() === 'HEAD' ? '' : Buffer.from(newer),
        headers: {
          'content-type': 'application/octet-stream',
          'content-length': String(newer.length),
          'last-modified': new Date(Date.now() + 86_400_000).toUTCString(),
        },
      }),
    );
    await page.reload();
    await waitForIdle(page);
    assert.match(await page.locator('#index-info').textContent(), /Searching 51,370 records/u);
    await page.waitForFunction(() => /Searching 3 records/u.test(document.getElementById('index-info').textContent), null, {
      timeout: 30_000,
    });
    assert.match(await page.locator('#notice').textContent(), /new index was published/u);
    await settled(page);
    assert.equal(await page.locator('#results li.result').count(), 0, 'paris is not in the new index');
    // And it is the cached one from now on.
    await b.context.unroute('**/ror.idx');
    await b.context.setOffline(true);
    await page.reload();
    await page.waitForFunction(() => /Searching 3 records/u.test(document.getElementById('index-info').textContent));
    assert.deepEqual(problems.filter((p) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/u.test(p)), []);
  } finally {
    await b.context.setOffline(false).catch(() => {});
    await b.close();
  }
});

test('a new build takes over from the cached page; an unstamped copy is always fresh', async () => {
  const site = copySite();
  const b = await browserContext();
  let local;
  const stamp = (build) => {
    const file = join(site.dir, 'sw.js');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/const BUILD = '[^']*';/u, `const BUILD = '${build}';`));
  };
  const mark = (text) => {
    const file = join(site.dir, 'index.html');
    const html = readFileSync(file, 'utf8').replace(/<meta name="x-test"[^>]*>\n/u, '');
    writeFileSync(file, html.replace('<title>', `<meta name="x-test" content="${text}">\n<title>`));
  };
  try {
    // A built site: cache first, replaced by the next build.
    stamp('test-1');
    mark('one');
    local = await serve(site.dir);
    const page = b.context.pages()[0];
    const problems = watch(page);
    await page.goto(local.url);
    await waitForIdle(page);
    await waitForOffline(page);
    stamp('test-2');
    mark('two');
    await page.reload();
    await page.waitForSelector('meta[name="x-test"][content="two"]', { state: 'attached', timeout: 30_000 });
    await waitForIdle(page);
    await until(page, async () => (await caches.keys()).filter((k) => k.startsWith('ror-shell-')).join() === 'ror-shell-test-2');
    // Unstamped (files copied by hand during development): every reload shows the files as they are.
    const file = join(site.dir, 'sw.js');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/const BUILD = '[^']*';/u, `const BUILD = '__${'BUILD'}__';`));
    await page.evaluate(() => {
      window.servedByOldWorker = true;
    });
    await page.reload();
    // The page reloads itself once the new worker has taken over (and dropped the old cache).
    await until(page, async () =>
      !window.servedByOldWorker &&
      navigator.serviceWorker.controller !== null &&
      (await caches.keys()).filter((k) => k.startsWith('ror-shell-')).join() === 'ror-shell-__BUILD__' &&
      performance.getEntriesByName('ror:index-ready').length > 0,
    );
    mark('three');
    const next = await b.context.newPage();
    await next.goto(local.url);
    await waitForIdle(next);
    assert.equal(await next.locator('meta[name="x-test"]').getAttribute('content'), 'three');
    assert.deepEqual(problems, []);
  } finally {
    await b.close();
    await local?.stop();
    site.remove();
  }
});
