// The service worker: keeps the page itself (HTML, JS, CSS, both wasm modules) for offline use.
//
// A built site (`./build.sh` replaces the BUILD placeholder below with a hash of the site's files) is
// served cache first: a second visit needs no network at all. A new build changes this file, so the
// browser installs the new worker, which caches the new files afresh, takes over and drops the old
// cache; the page then reloads itself once (or offers to, if the person is already using it).
// An unstamped copy (files copied into www/dist by hand while developing) is served network first,
// revalidating every file, so an edit shows on the next reload; the cache is then only the offline
// fallback. The index (`ror.idx`) is not handled here: the search worker keeps it in its own cache and
// its header decides when it is stale.

const BUILD = '__BUILD__';
const STAMPED = !BUILD.startsWith('__');
const SHELL = `ror-shell-${BUILD}`;
const FILES = [
  'index.html',
  'style.css',
  'app.js',
  'query.js',
  'view.js',
  'search-worker.js',
  'build-worker.js',
  'favicon.svg',
  'pkg/index.js',
  'pkg/build.js',
  'pkg/wasm/search/ror_search.js',
  'pkg/wasm/search/ror_search_bg.wasm',
  'pkg/wasm/build/ror_build.js',
  'pkg/wasm/build/ror_build_bg.wasm',
];
const TIMEOUT_MS = 4000;
const PASS_THROUGH = /\/(ror|user)\.idx$/u;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll(FILES.map((f) => new Request(f, { cache: 'no-cache' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('ror-shell-') && key !== SHELL) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

function cacheKey(request) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (request.mode === 'navigate' || url.pathname.endsWith('/')) return new URL('index.html', url).href;
  return url.href;
}

async function networkFirst(request) {
  const cache = await caches.open(SHELL);
  const key = cacheKey(request);
  const network = (async () => {
    // Navigations cannot be re-issued with options; fetch their URL instead.
    const res =
      request.mode === 'navigate'
        ? await fetch(request.url, { cache: 'no-cache', credentials: 'same-origin' })
        : await fetch(request, { cache: 'no-cache' });
    if (res.ok && res.status === 200) await cache.put(key, res.clone());
    return res;
  })();
  network.catch(() => {}); // a late failure after the cached copy answered is not an error
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(resolve, TIMEOUT_MS, null);
  });
  try {
    const res = await Promise.race([network, slow]);
    if (res) return res;
    const hit = await cache.match(key);
    return hit ?? (await network);
  } catch (err) {
    const hit = await cache.match(key);
    if (hit) return hit;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

async function cacheFirst(request) {
  const hit = await caches.match(cacheKey(request), { cacheName: SHELL });
  return hit ?? networkFirst(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || PASS_THROUGH.test(url.pathname)) return;
  event.respondWith(STAMPED ? cacheFirst(request) : networkFirst(request));
});
