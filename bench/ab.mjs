// A/B of two builds of the search module on the names workload, interleaved in one Node process so that both
// see the same machine (this VM's speed drifts between runs; back-to-back runs cannot separate a few per cent).
//
//   node bench/ab.mjs DIR_A DIR_B [--index FILE] [--rounds N]
//
// DIR_A, DIR_B: directories holding a wasm-bindgen output of the search module (`ror_search.js` and
// `ror_search_bg.wasm`, e.g. a copy of pkg/wasm/search/ from an older commit). Each loads the same index
// (default www/dist/ror.idx); every name of tests/data/workloads/names.tsv is asked of both, the order
// alternating, for N rounds (default 5). Prints the p50/p95 of the raw `list()` call (JSON text, not parsed)
// for each and the median of the per-request ratios B/A.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : dflt;
};
const rounds = Number(opt('--rounds', 5));
const indexFile = opt('--index', new URL('../www/dist/ror.idx', import.meta.url));
if (args.length !== 2 || !(rounds > 0)) {
  console.error('usage: node bench/ab.mjs DIR_A DIR_B [--index FILE] [--rounds N]');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(indexFile));

async function load(dir) {
  const base = pathToFileURL(resolve(dir) + '/');
  const m = await import(new URL('ror_search.js', base));
  await m.default({ module_or_path: readFileSync(new URL('ror_search_bg.wasm', base)) });
  return m.RorIndex.fromBytes(bytes);
}
const [a, b] = [await load(args[0]), await load(args[1])];

const names = readFileSync(new URL('../tests/data/workloads/names.tsv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split('\t')[3]);
const queries = names.map((n) => 'query=' + encodeURIComponent(n));
for (const q of queries.slice(0, 200)) {
  a.list(q);
  b.list(q);
}
const time = (idx, q) => {
  const t = performance.now();
  idx.list(q);
  return performance.now() - t;
};
const la = [];
const lb = [];
const ratio = [];
for (let k = 0; k < rounds; k++) {
  queries.forEach((q, i) => {
    let ta;
    let tb;
    if ((i + k) % 2 === 0) {
      ta = time(a, q);
      tb = time(b, q);
    } else {
      tb = time(b, q);
      ta = time(a, q);
    }
    la.push(ta);
    lb.push(tb);
    ratio.push(tb / ta);
  });
}
const pct = (l, p) => [...l].sort((x, y) => x - y)[Math.floor(l.length * p)];
const f = (x) => x.toFixed(3);
console.log(`A: p50 ${f(pct(la, 0.5))} ms, p95 ${f(pct(la, 0.95))} ms (${args[0]})`);
console.log(`B: p50 ${f(pct(lb, 0.5))} ms, p95 ${f(pct(lb, 0.95))} ms (${args[1]})`);
console.log(`median of B/A over ${ratio.length} paired requests: ${pct(ratio, 0.5).toFixed(3)}`);
