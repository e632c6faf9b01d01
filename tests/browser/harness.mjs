// Test harness for the page: serves www/dist (built by ./build.sh; nothing is built here) with
// `python3 -m http.server` on a free port, checks that this server is the one answering, and opens
// Debian's Chromium through playwright-core with a fresh profile per context. Shared by the browser
// tests and scripts/www/measure.mjs.

import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'www', 'dist');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TMP = join(ROOT, 'target', 'browser-tmp');

// Quiet flags verified on these machines (toolchain.md).
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts the static server; resolves to {url, stop}. Throws if www/dist is missing or the server
 *  that answers is not ours (a stray server on the port makes a new one exit). */
export async function serve(dir = DIST) {
  for (const f of ['index.html', 'ror.idx', 'sw.js', 'pkg/index.js', 'pkg/wasm/search/ror_search_bg.wasm']) {
    if (!existsSync(join(dir, f))) throw new Error(`${join(dir, f)} is missing: run ./build.sh first`);
  }
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(port), '-d', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  let exited = null;
  proc.on('exit', (code) => {
    exited = code ?? -1;
  });
  const url = `http://127.0.0.1:${port}/`;
  const expected = readFileSync(join(dir, 'index.html'), 'utf8');
  for (let i = 0; i < 100; i += 1) {
    if (exited !== null) throw new Error(`http.server exited (${exited}): ${stderr}`);
    try {
      const r = await fetch(url);
      const text = await r.text();
      if (text !== expected) throw new Error(`another server answers on ${url}`);
      break;
    } catch (err) {
      if (String(err.message).startsWith('another server')) throw err;
      if (i === 99) throw new Error(`http.server did not answer on ${url}: ${stderr}`);
      await sleep(100);
    }
  }
  return {
    url,
    stop: async () => {
      if (exited === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
    },
  };
}

/** A copy of www/dist to change (the index is linked, not copied); removed by the returned function. */
export function copySite() {
  mkdirSync(TMP, { recursive: true });
  const dir = mkdtempSync(join(TMP, 'site-'));
  cpSync(DIST, dir, { recursive: true, filter: (src) => src !== join(DIST, 'ror.idx') });
  symlinkSync(join(DIST, 'ror.idx'), join(dir, 'ror.idx'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh persistent profile (the service worker and Cache Storage need one that survives reloads). */
export async function browserContext(options = {}) {
  mkdirSync(TMP, { recursive: true });
  process.env.TMPDIR = TMP; // Chromium and Playwright scratch files stay inside target/ (toolchain.md)
  const dir = mkdtempSync(join(TMP, 'profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    env: { ...process.env, TMPDIR: TMP },
    ...options,
  });
  const errors = [];
  context.on('weberror', (e) => errors.push(String(e.error())));
  return {
    context,
    errors,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Collects page errors and console errors of a page (CSP violations appear as console errors). */
export function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

/** Waits until the page has answered a list request (results or an error list) for the current input. */
export async function waitForIdle(page) {
  await page.waitForFunction(() => performance.getEntriesByName('ror:index-ready').length > 0, null, {
    timeout: 60_000,
  });
}

/**
 * Polls `fn` in the page until it returns something truthy, awaiting promises (Playwright's
 * waitForFunction takes a returned Promise for a truthy value, so async checks need this) and riding
 * over navigations, which destroy the context an evaluation runs in.
 */
export async function until(page, fn, { timeout = 60_000, arg } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      if (await page.evaluate(fn, arg)) return;
    } catch (err) {
      if (!/context was destroyed|navigat|Target closed/iu.test(String(err.message))) throw err;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${fn}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the service worker controls the page and has cached it, and the index is in Cache Storage. */
export async function waitForOffline(page) {
  await until(page, async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg?.active || reg.installing || reg.waiting || !navigator.serviceWorker.controller) return false;
    const keys = await caches.keys();
    const shell = keys.find((k) => k.startsWith('ror-shell-'));
    if (!shell || !(await (await caches.open(shell)).match('pkg/wasm/search/ror_search_bg.wasm'))) return false;
    const idx = await caches.open('ror-index-v1');
    return Boolean(await idx.match('ror.idx'));
  });
}
