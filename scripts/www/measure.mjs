#!/usr/bin/env node
// Measures the page in headless Chromium over www/dist (run ./build.sh first) and prints the figures:
//   - navigation → first answered query, cold (fresh profile: download, decode, no cache) and warm
//     (same profile again: service worker and Cache Storage), from the page's own User Timing marks;
//   - keystroke → results on screen (the `input` event to the frame showing its answer), median and p95
//     over a few dozen keystrokes typed at ~10 keys per second;
//   - the longest main-thread task before the first answer (the index is decoded in a worker);
//   - the README screenshot (docs/screenshot.png).
//   - with --dump FILE: a dump given to the page's file input → index built and searched (in-browser build).
// Usage: node scripts/www/measure.mjs [--runs N] [--no-screenshot] [--dump ror-data.zip]

import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ROOT, browserContext, serve, waitForIdle, waitForOffline } from '../../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const DUMP = args.includes('--dump') ? args[args.indexOf('--dump') + 1] : null;
const SCREENSHOT = !args.includes('--no-screenshot');
const QUERY = '?query=oxford';
const WORDS = ['university of california', 'max planck', 'tokyo institute', 'karolinska', 'national research council'];

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
const ms = (x) => `${Math.round(x)} ms`;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

async function firstAnswer(page, url) {
  // Main-thread long tasks (> 50 ms) until the first answer: decoding happens in the worker, so the
  // page should have none worth the name.
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((l) => window.longTasks.push(...l.getEntries().map((e) => e.duration))).observe({
      type: 'longtask',
      buffered: true,
    });
  });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('ror:first-results').length > 0, null, {
    timeout: 120_000,
  });
  return page.evaluate(() => ({
    ready: performance.getEntriesByName('ror:index-ready')[0].startTime,
    first: performance.getEntriesByName('ror:first-results')[0].startTime,
    longest: Math.max(0, ...window.longTasks),
  }));
}

const server = await serve();
const loadBefore = load();
const cold = [];
const warm = [];
let keys = [];
let built = null;
try {
  for (let run = 0; run < RUNS; run += 1) {
    const b = await browserContext();
    try {
      const page = b.context.pages()[0] ?? (await b.context.newPage());
      cold.push(await firstAnswer(page, `${server.url}${QUERY}`));
      await waitForOffline(page);
      for (let i = 0; i < 2; i += 1) {
        const fresh = await b.context.newPage();
        warm.push(await firstAnswer(fresh, `${server.url}${QUERY}`));
        await fresh.close();
      }
      if (run === 0) {
        // Keystrokes on a warm page, after the background update check has run.
        const p = await b.context.newPage();
        await p.goto(server.url);
        await waitForIdle(p);
        await p.waitForTimeout(3000);
        await p.evaluate(() => performance.clearMeasures('ror:keystroke'));
        for (const w of WORDS) {
          await p.locator('#q').fill('');
          await p.waitForTimeout(300);
          await p.evaluate(() => performance.clearMeasures('ror:keystroke'));
          await p.locator('#q').pressSequentially(w, { delay: 100 });
          await p.waitForTimeout(500);
          keys = keys.concat(await p.evaluate(() => performance.getEntriesByName('ror:keystroke').map((e) => e.duration)));
        }
        if (SCREENSHOT) {
          await p.setViewportSize({ width: 1200, height: 860 });
          await p.goto(`${server.url}?query=university+of+tokyo&filter=country.country_code:JP`);
          await p.waitForFunction(() => document.getElementById('results').getAttribute('aria-busy') === 'false');
          await p.locator('#facets button[data-filter="types:Education"]').click();
          await p.waitForFunction(() => document.getElementById('results').getAttribute('aria-busy') === 'false');
          await p.locator('#q').focus();
          mkdirSync(join(ROOT, 'docs'), { recursive: true });
          await p.screenshot({ path: join(ROOT, 'docs', 'screenshot.png') });
        }
        if (DUMP) {
          await p.goto(server.url);
          await waitForIdle(p);
          const t0 = Date.now();
          await p.locator('#dump-file').setInputFiles(DUMP);
          await p.waitForFunction(() => document.getElementById('build-result').textContent !== '', null, {
            timeout: 600_000,
          });
          built = { ms: Date.now() - t0, text: await p.locator('#build-result').textContent() };
        }
        await p.close();
      }
    } finally {
      await b.close();
    }
  }
} finally {
  await server.stop();
}

const pick = (xs, k) => xs.map((x) => x[k]);
console.log(`machine: ${cpus().length} cores, load average ${loadBefore} before, ${load()} after`);
console.log(`cold  navigation → first answered query: median ${ms(median(pick(cold, 'first')))} ` +
  `(index ready ${ms(median(pick(cold, 'ready')))}; runs ${pick(cold, 'first').map(ms).join(', ')})`);
console.log(`warm  navigation → first answered query: median ${ms(median(pick(warm, 'first')))} ` +
  `(index ready ${ms(median(pick(warm, 'ready')))}; runs ${pick(warm, 'first').map(ms).join(', ')})`);
console.log(`longest main-thread task before the first answer: ${ms(Math.max(...pick(cold, 'longest')))} cold, ` +
  `${ms(Math.max(...pick(warm, 'longest')))} warm`);
console.log(`keystroke → results on screen: median ${ms(median(keys))}, p95 ${ms(quantile(keys, 0.95))}, ` +
  `max ${ms(Math.max(...keys))} over ${keys.length} keystrokes`);
if (built) console.log(`dump → index built in the page and searched: ${ms(built.ms)} (${built.text})`);
if (SCREENSHOT) console.log('screenshot: docs/screenshot.png');
