// The benchmark (issue 6, part 1): ror-wasm (native and the npm package under Node) beside MiniSearch,
// FlexSearch, Orama and Lunr on the same records and the same workloads. Prints markdown tables to stdout and
// writes them with the raw figures to bench/results/latest.{md,json}. Run it through ../bench.sh, which builds
// what it needs first; see bench/README.md for what is measured and how.
//
//   node bench/run.mjs [--quick] [--rounds N] [--loads N] [--builds N] [--scales 1,2,4] [--scale-peers]
//                      [--engines a,b,…] [--brotli Q] [--full] [--out DIR]
import { execFileSync, fork, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { peerDocs, readRecords } from './lib/dump.mjs';
import { makeWorkloads, thin, timedItems, withStrides } from './lib/workloads.mjs';
import { writeSynthDump } from './synth.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
const started = Date.now();

// ------------------------------------------------------------------------------------------------ options
const argv = process.argv.slice(2);
const has = (f) => argv.includes(f);
const opt = (f, d) => {
  const i = argv.indexOf(f);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : d;
};
if (has('--help') || has('-h')) {
  console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(0, 7).join('\n'));
  process.exit(0);
}
const QUICK = has('--quick');
const O = {
  rounds: Number(opt('--rounds', QUICK ? 2 : 3)),
  loads: Number(opt('--loads', QUICK ? 2 : 3)),
  builds: Number(opt('--builds', 1)),
  scales: opt('--scales', QUICK ? '1,2' : '1,2,4').split(',').map(Number).filter((s) => s >= 1),
  scalePeers: has('--scale-peers'),
  brotli: Number(opt('--brotli', 5)),
  thin: QUICK ? 3 : 1,
  full: has('--full'),
  out: resolve(opt('--out', join(HERE, 'results'))),
  engines: opt('--engines', 'ror-native,ror-wasm,minisearch,flexsearch,orama,lunr').split(','),
};
if (!O.scales.includes(1)) O.scales.unshift(1);
const DUMP = resolve(ROOT, process.env.ROR_DUMP ?? 'data/ror-v1-dump.zip');
const NAMES = join(ROOT, 'tests/data/workloads/names.tsv');
const WORK = join(ROOT, 'target/bench');
const NATIVE = join(ROOT, 'target/release/examples/bench_engine');
const WASM = join(ROOT, 'pkg/wasm/search/ror_search_bg.wasm');
const SYNTH_VERSION = 'synth-1';

const log = (...a) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${a.join(' ')}\n`);
mkdirSync(WORK, { recursive: true });
mkdirSync(O.out, { recursive: true });

// ------------------------------------------------------------------------------------------------ engines
const LABELS = {
  'ror-native': 'ror-wasm, native Rust',
  'ror-wasm': 'ror-wasm, npm package (Node)',
  minisearch: 'MiniSearch',
  flexsearch: 'FlexSearch',
  orama: 'Orama',
  lunr: 'Lunr',
};
const NPM = { minisearch: 'minisearch', flexsearch: 'flexsearch', orama: '@orama/orama', lunr: 'lunr' };
const isOurs = (e) => e === 'ror-native' || e === 'ror-wasm';
const version = (e) =>
  NPM[e] ? JSON.parse(readFileSync(join(HERE, 'node_modules', NPM[e], 'package.json'), 'utf8')).version : null;
const label = (e) => (NPM[e] ? `${LABELS[e]} ${version(e)}` : LABELS[e]);
const configs = {};
for (const e of O.engines) {
  configs[e] =
    e === 'ror-native'
      ? 'examples/bench_engine.rs: Engine::load(bytes), engine.list(query string) → the v1 body as JSON text'
      : (await import(`./engines/${e}.mjs`)).default.config;
}

/** A running engine answering rounds: the native example over stdin/stdout, the others as Node children. */
function nativeServe(index, workloads) {
  const p = spawn(NATIVE, ['serve', index, workloads], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: p.stdout });
  const waiting = [];
  lines.on('line', (l) => waiting.shift()?.(JSON.parse(l)));
  const next = () => new Promise((res) => waiting.push(res));
  const send = (line) => {
    const r = next();
    p.stdin.write(line + '\n');
    return r;
  };
  return {
    ready: next().then((m) => ({ load_ms: m.load_ms, mem: { rss: m.rss_bytes } })),
    round: async (names) => {
      const m = await send(`round ${names.join(',')}`);
      return Object.fromEntries(Object.entries(m.lat).map(([k, v]) => [k, Float64Array.from(v)]));
    },
    ids: (name, all) => send(`ids ${name}${all ? ' all' : ''}`),
    close: () => {
      p.stdin.write('quit\n');
      p.stdin.end();
    },
  };
}

function nodeChild(args) {
  const p = fork(join(HERE, 'child.mjs'), args, {
    execArgv: ['--expose-gc'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = [];
  p.on('message', (m) => waiting.shift()?.resolve(m));
  p.on('exit', (code) => {
    if (code !== 0) for (const w of waiting.splice(0)) w.reject(new Error(`${args.join(' ')} exited with ${code}`));
  });
  const next = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  return { p, next };
}

function nodeServe(engine, index, workloads, keep) {
  const { p, next } = nodeChild(['load', engine, index, workloads, keep ? 'keep' : '']);
  const send = (msg) => {
    const r = next();
    p.send(msg);
    return r;
  };
  return {
    ready: next(),
    round: async (names) => (await send({ cmd: 'round', names })).lat,
    ids: (name, all) => send({ cmd: 'ids', name, all }),
    close: () => p.connected && p.send({ cmd: 'exit' }),
  };
}

const serve = (engine, artefact, workloads, keep) =>
  engine === 'ror-native' ? nativeServe(artefact, workloads) : nodeServe(engine, artefact, workloads, keep);

// ------------------------------------------------------------------------------------------------ figures
const median = (xs) => {
  const s = [...xs].filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** Nearest-rank percentile of a sorted array. */
const pct = (sorted, p) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];

function roundStats(lat) {
  const s = Float64Array.from(lat).sort();
  let sum = 0;
  for (const x of s) sum += x;
  return { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), mean: sum / s.length, max: s[s.length - 1] };
}

function recall(workload, ids) {
  let r1 = 0;
  let r5 = 0;
  let rankSum = 0;
  const byDamage = {};
  workload.items.forEach((item, i) => {
    const at = ids[i].indexOf(item.expected);
    const rank = at < 0 ? 21 : at + 1;
    r1 += rank === 1;
    r5 += rank <= 5;
    rankSum += rank;
    if (item.damage) {
      const d = (byDamage[item.damage] ??= { n: 0, r1: 0, r5: 0 });
      d.n++;
      d.r1 += rank === 1;
      d.r5 += rank <= 5;
    }
  });
  const n = workload.items.length;
  for (const d of Object.values(byDamage)) {
    d.r1 /= d.n;
    d.r5 /= d.n;
  }
  return { n, r1: r1 / n, r5: r5 / n, mean_rank: rankSum / n, by_damage: byDamage };
}

// Sizes: raw, gzip -9, brotli at the chosen quality (window 2^24). Cached by content hash: brotli's high
// qualities take minutes on tens of megabytes, and artefacts repeat between runs.
const SIZE_CACHE = join(WORK, 'sizes-cache.json');
const sizeCache = existsSync(SIZE_CACHE) ? JSON.parse(readFileSync(SIZE_CACHE, 'utf8')) : {};
function sizes(bytes) {
  const key = `${createHash('sha256').update(bytes).digest('hex')}:b${O.brotli}`;
  if (!sizeCache[key]) {
    sizeCache[key] = {
      raw: bytes.length,
      gzip: zlib.gzipSync(bytes, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(bytes, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: O.brotli,
          [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }).length,
    };
    writeFileSync(SIZE_CACHE, JSON.stringify(sizeCache));
  }
  return sizeCache[key];
}

const loadSamples = [];
const sampleLoad = () => loadSamples.push(os.loadavg()[0]);

// ------------------------------------------------------------------------------------------------ one scale
/**
 * Builds, loads and queries every engine of `engines` at one scale, interleaved: builds round-robin, fresh
 * processes for each load sample (round-robin), then warm-up and timed rounds over the kept processes with the
 * engine order rotated each round.
 */
async function measure({ scale, dump, docs, dir, engines, workloads, wpath, builds, loads, rounds, recallOn, skipBuild = [] }) {
  const out = { scale, engines: {} };
  const E = (e) => (out.engines[e] ??= { label: label(e), build_ms: [], load_ms: [], mem: [], latency: {}, recall: {} });
  for (const e of engines) E(e); // table rows in the order of --engines
  const artefact = (e) =>
    e === 'ror-native' ? join(dir, 'ror.idx') : e === 'ror-wasm' ? join(dir, 'ror-wasm.idx') : join(dir, `${e}.json`);

  // Builds. Ours natively from the dump's bytes in memory (bench_engine build, which also writes the index every
  // engine of ours then loads), in wasm with the package's buildIndex; the libraries add all documents.
  for (let b = 0; b < builds; b++) {
    for (const e of rotate(engines, b)) {
      if (skipBuild.includes(e)) continue;
      sampleLoad();
      if (e === 'ror-native') {
        const r = JSON.parse(execFileSync(NATIVE, ['build', dump, '-o', artefact(e)], { encoding: 'utf8' }));
        E(e).build_ms.push(...r.build_ms);
        out.records = r.records;
        out.by_status = Object.fromEntries(r.by_status);
      } else {
        const { next } = nodeChild(['build', e, isOurs(e) ? dump : docs, artefact(e)]);
        const r = await next();
        E(e).build_ms.push(r.build_ms);
        if (!isOurs(e)) E(e).serialize_ms = r.serialize_ms;
      }
      log(`x${scale} build ${e}: ${E(e).build_ms.at(-1).toFixed(0)} ms`);
    }
  }
  // Ours has one index for both engines: the wasm build must be the same bytes as the native one.
  if (engines.includes('ror-wasm') && engines.includes('ror-native') && !skipBuild.includes('ror-wasm')) {
    const same = readFileSync(artefact('ror-wasm')).equals(readFileSync(artefact('ror-native')));
    E('ror-wasm').wasm_build_identical = same;
  }
  for (const e of engines) {
    const file = e === 'ror-wasm' && engines.includes('ror-native') ? artefact('ror-native') : artefact(e);
    E(e).size = sizes(readFileSync(file));
  }

  // Loads: a fresh process per sample; the last one of each engine stays for the rounds.
  const live = {};
  for (let l = 0; l < loads; l++) {
    for (const e of rotate(engines, l)) {
      sampleLoad();
      const keep = l === loads - 1;
      const file = e === 'ror-wasm' && engines.includes('ror-native') ? artefact('ror-native') : artefact(e);
      const h = serve(e, file, wpath, keep);
      const r = await h.ready;
      E(e).load_ms.push(r.load_ms);
      E(e).mem.push(r.mem);
      if (r.init_ms != null) (E(e).init_ms ??= []).push(r.init_ms);
      if (keep) live[e] = h;
      else h.close();
      log(`x${scale} load ${e}: ${r.load_ms.toFixed(1)} ms`);
    }
  }

  // Answers and warm-up: every engine answers each of its workloads once, untimed: all requests of a `recall`
  // workload (recall is measured on them), the timed ones of the others. Nothing is timed here, so two
  // engines run at once (the machine has two cores); this pass is also each engine's warm-up (JIT, caches).
  const mine = (e) => workloads.filter((w) => isOurs(e) || !w.oursOnly);
  const answers = {};
  const answer = async (e) => {
    for (const w of mine(e)) {
      const all = recallOn(w);
      const { ids, errors } = await live[e].ids(w.name, all);
      (answers[e] ??= {})[w.name] = ids;
      const items = all ? w.items : timedItems(w);
      if (items[0]?.expected && (all || w.name === 'typeahead')) E(e).recall[w.name] = { ...recall({ items }, ids), errors };
      if (errors) E(e).errors = { ...(E(e).errors ?? {}), [w.name]: errors };
    }
    log(`x${scale} answers and warm-up: ${e}`);
  };
  // The slowest first, so that the two lanes finish together.
  const SLOW = ['orama', 'lunr', 'minisearch', 'flexsearch', 'ror-wasm', 'ror-native'];
  const queue = [...engines].sort((a, b) => SLOW.indexOf(a) - SLOW.indexOf(b));
  await Promise.all([0, 1].map(async () => {
    while (queue.length) await answer(queue.shift());
  }));
  if (answers['ror-native'] && answers['ror-wasm']) {
    let differ = 0;
    let total = 0;
    for (const [name, ids] of Object.entries(answers['ror-native'])) {
      ids.forEach((x, i) => {
        total++;
        differ += x.join() !== (answers['ror-wasm'][name]?.[i] ?? []).join();
      });
    }
    E('ror-wasm').answers_differ_from_native = { differ, total };
  }

  // Timed rounds, the engine order rotated each round; heavy workloads (fuzzy on every word) get a third of
  // the rounds, at least one.
  const heavyRounds = Math.max(1, Math.floor(rounds / 3));
  for (let r = 0; r < rounds; r++) {
    for (const e of rotate(engines, r)) {
      sampleLoad();
      const names = mine(e)
        .filter((w) => !w.heavy || r < heavyRounds)
        .map((w) => w.name);
      const t = Date.now();
      const lat = await live[e].round(names);
      (E(e).round_s ??= []).push((Date.now() - t) / 1000);
      for (const [name, xs] of Object.entries(lat)) (E(e).latency[name] ??= []).push(roundStats(xs));
    }
    log(`x${scale} round ${r + 1}/${rounds}: ${engines.map((e) => `${e} ${E(e).round_s.at(-1).toFixed(1)} s`).join(', ')}`);
  }
  for (const e of engines) live[e].close();

  // Medians over samples and rounds.
  for (const f of Object.values(out.engines)) {
    f.build = median(f.build_ms);
    f.load = median(f.load_ms);
    f.init = f.init_ms ? median(f.init_ms) : null;
    f.heap = {};
    for (const k of Object.keys(f.mem[0] ?? {})) f.heap[k] = median(f.mem.map((m) => m[k]));
    f.lat = {};
    for (const [name, rs] of Object.entries(f.latency)) {
      f.lat[name] = {
        n: timedItems(workloads.find((w) => w.name === name)).length,
        rounds: rs.length,
        p50: median(rs.map((x) => x.p50)),
        p95: median(rs.map((x) => x.p95)),
        p99: median(rs.map((x) => x.p99)),
        mean: median(rs.map((x) => x.mean)),
      };
    }
  }
  return out;
}

function rotate(xs, k) {
  const n = xs.length;
  return xs.map((_, i) => xs[(i + k) % n]);
}

// ------------------------------------------------------------------------------------------------ the run
const machine = {
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? '?',
  memory_gib: +(os.totalmem() / 2 ** 30).toFixed(1),
  loadavg_start: os.loadavg(),
  node: process.version,
  rustc: tryRun('rustc', ['--version']),
  commit: tryRun('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
  branch: tryRun('git', ['-C', ROOT, 'rev-parse', '--abbrev-ref', 'HEAD']),
  dirty: tryRun('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no']) !== '',
  date: new Date().toISOString(),
};
function tryRun(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
}

for (const f of [NATIVE, WASM]) {
  if (!existsSync(f)) {
    console.error(`missing ${f}: run ./bench.sh (it builds what the benchmark needs)`);
    process.exit(2);
  }
}

log(`reading ${DUMP}`);
const records = readRecords(DUMP);
const dir1 = join(WORK, 'x1');
mkdirSync(dir1, { recursive: true });
const docs1 = join(dir1, 'docs.json');
const docs = peerDocs(records);
writeFileSync(docs1, JSON.stringify(docs));
const workloads = withStrides(thin(makeWorkloads(NAMES, records, { namesFuzzy: O.full }), O.thin), QUICK ? 0.5 : 1);
const wpath = join(WORK, 'workloads.json');
writeFileSync(wpath, JSON.stringify(workloads));
log(`workloads: ${workloads.map((w) => `${w.name} ${w.items.length}`).join(', ')}`);

// Sizes of things that are not indexes: the search module and the records themselves as compact JSON.
// The .wasm's gzip size as build.sh checks its budget (GNU `gzip -9`; zlib's level 9 comes out ~2% larger).
const wasmBytes = readFileSync(WASM);
const gnuGzip = tryRun('sh', ['-c', `gzip -9 -n -c '${WASM}' | wc -c`]);
const wasmSize = {
  raw: wasmBytes.length,
  gzip: /^\d+$/.test(gnuGzip) ? Number(gnuGzip) : zlib.gzipSync(wasmBytes, { level: 9 }).length,
  gzip_tool: /^\d+$/.test(gnuGzip) ? 'gzip -9' : 'zlib level 9',
};
log('sizing the records as compact JSON');
const recordsJson = sizes(Buffer.from(JSON.stringify(records)));
const activeCount = docs.length;
const dumpSize = statSync(DUMP).size;
// Free the parsed dump before children start (the harness's own heap is not measured, but it is memory).
records.length = 0;

const results = {
  machine,
  options: O,
  workloads: workloads.map((w) => ({ name: w.name, mode: w.mode, n: w.items.length, timed: timedItems(w).length, recall: !!w.recall })),
  scales: [],
};
const at1 = await measure({
  scale: 1,
  dump: DUMP,
  docs: docs1,
  dir: dir1,
  engines: O.engines,
  workloads,
  wpath,
  builds: O.builds,
  loads: O.loads,
  rounds: O.rounds,
  recallOn: (w) => !!w.recall,
});
results.scales.push(at1);

for (const s of O.scales.filter((x) => x > 1)) {
  const dir = join(WORK, `x${s}`);
  mkdirSync(dir, { recursive: true });
  const dump = join(dir, 'dump.json.gz');
  const docsS = join(dir, 'docs.json');
  const stamp = join(dir, 'synth.stamp');
  const want = `${SYNTH_VERSION} ${statSync(DUMP).size} ${statSync(DUMP).mtimeMs}`;
  if (!existsSync(dump) || !existsSync(docsS) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
    log(`synthesising the ${s}× dump`);
    await writeSynthDump(readRecords(DUMP), s, dump, docsS);
    writeFileSync(stamp, want);
  }
  const engines = O.engines.filter((e) => isOurs(e) || O.scalePeers);
  const m = await measure({
    scale: s,
    dump,
    docs: docsS,
    dir,
    engines,
    workloads: workloads.filter((w) => !w.heavy),
    wpath,
    builds: 1,
    loads: Math.min(O.loads, 3),
    rounds: Math.max(1, Math.min(O.rounds, 3)),
    recallOn: (w) => w.name === 'names',
    // At scale ours is built natively only (the wasm builder would hold the whole inflated dump in its memory).
    skipBuild: engines.includes('ror-native') ? ['ror-wasm'] : [],
  });
  results.scales.push(m);
}

machine.loadavg_end = os.loadavg();
machine.loadavg_max_1m = Math.max(...loadSamples);
results.duration_s = (Date.now() - started) / 1000;
results.wasm = wasmSize;
results.records_json = recordsJson;
results.dump_bytes = dumpSize;
results.active = activeCount;
results.configs = configs;

const md = report(results);
writeFileSync(join(O.out, 'latest.md'), md);
writeFileSync(join(O.out, 'latest.json'), JSON.stringify(results, null, 1));
process.stdout.write(md);
log(`done in ${results.duration_s.toFixed(0)} s → ${join(O.out, 'latest.md')}, latest.json`);

// ------------------------------------------------------------------------------------------------ report
function report(R) {
  const MB = (b) => (b == null ? '–' : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(0)} KB`);
  const ms = (x) => (x == null ? '–' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(2)} ms`);
  const lat = (x) => (x == null ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  const pc = (x) => (x == null ? '–' : `${(100 * x).toFixed(1)}%`);
  const m = R.machine;
  const one = R.scales[0];
  const L = [];
  L.push('# ror-wasm beside the JavaScript search libraries');
  L.push('');
  L.push(
    `Run ${m.date.slice(0, 16).replace('T', ' ')} UTC, commit ${m.commit}${m.dirty ? ' (modified)' : ''}, ${QUICK ? '`--quick`, ' : ''}` +
      `${R.options.rounds} rounds, ${R.options.loads} loads, ${R.options.builds} builds; took ${(R.duration_s / 60).toFixed(1)} min.`,
  );
  L.push(
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memory_gib} GiB; load average ${m.loadavg_start.map((x) => x.toFixed(2)).join(' / ')} (1/5/15 min) at the start, ` +
      `${m.loadavg_end.map((x) => x.toFixed(2)).join(' / ')} at the end, 1-min peak ${m.loadavg_max_1m.toFixed(2)}; Node ${m.node}; ${m.rustc}.`,
  );
  L.push(
    `Records: the bundled dump, ${one.records?.toLocaleString('en') ?? '?'} records (${R.active.toLocaleString('en')} active). ` +
      'Ours indexes every record (the v1 `all_status` and `status` filters need them; the default search answers active ones); ' +
      'the libraries index the active records only: id, name, aliases, labels, acronyms.',
  );
  L.push('');
  L.push('## Size, build, load, memory');
  L.push('');
  L.push(
    `| engine | index raw | gzip | brotli (q${R.options.brotli}) | build | load: bytes in memory → first answer | heap after load |`,
  );
  L.push('|---|--:|--:|--:|--:|--:|--:|');
  for (const [e, f] of Object.entries(one.engines)) {
    let heap;
    if (e === 'ror-native') heap = `${MB(f.heap.rss)} (RSS)`;
    else heap = `${MB(f.heap.heap_used + f.heap.external)}${f.heap.wasm_memory ? ` (wasm Memory ${MB(f.heap.wasm_memory)})` : ''}`;
    const build = e === 'ror-wasm' ? `${ms(f.build)} (buildIndex)` : ms(f.build);
    const load = e === 'ror-wasm' && f.init != null ? `${ms(f.load)} (+ ${ms(f.init)} module init)` : ms(f.load);
    const same = e === 'ror-wasm' ? '〃' : null;
    L.push(
      `| ${f.label} | ${same ?? MB(f.size.raw)} | ${same ?? MB(f.size.gzip)} | ${same ?? MB(f.size.brotli)} | ${build} | ${load} | ${heap} |`,
    );
  }
  L.push(
    `| *the same records as compact JSON* | ${MB(R.records_json.raw)} | ${MB(R.records_json.gzip)} | ${MB(R.records_json.brotli)} | | | |`,
  );
  L.push(`| *the dump as distributed (zip)* | ${MB(R.dump_bytes)} | | | | | |`);
  L.push('');
  L.push(
    `Search module \`pkg/wasm/search/ror_search_bg.wasm\`: ${R.wasm.raw.toLocaleString('en')} bytes raw, ${R.wasm.gzip.toLocaleString('en')} bytes gzip (${R.wasm.gzip_tool}, as build.sh measures it). Other gzip sizes: zlib level 9.`,
  );
  const w = one.engines['ror-wasm'];
  if (w?.wasm_build_identical != null) L.push(`The wasm \`buildIndex\` output is ${w.wasm_build_identical ? '' : '**not** '}byte-identical to the native build.`);
  L.push('');

  const wl = R.workloads.map((x) => x.name);
  L.push('## Query latency');
  L.push('');
  L.push('Milliseconds per request, p50 / p95 / p99 of each round, median over rounds (heavy fuzzy workloads: fewer rounds). ' +
    'Ours answers the whole v1 body: 20 full records, exact `number_of_results`, the three facets.');
  L.push('');
  L.push(`| engine | ${R.workloads.map((x) => `${x.name} (${x.timed})`).join(' | ')} |`);
  L.push(`|---|${wl.map(() => '--:').join('|')}|`);
  for (const [, f] of Object.entries(one.engines)) {
    L.push(`| ${f.label} | ${wl.map((n) => (f.lat[n] ? `${lat(f.lat[n].p50)} / ${lat(f.lat[n].p95)} / ${lat(f.lat[n].p99)}` : '–')).join(' | ')} |`);
  }
  L.push('');
  L.push('## Recall');
  L.push('');
  L.push('Recall@1 / recall@5 / mean rank of the expected record (rank 21 when not in the first 20).');
  L.push('');
  const rw = R.workloads.filter((x) => Object.values(one.engines).some((f) => f.recall[x.name]));
  const rn = (x) => Object.values(one.engines).find((f) => f.recall[x.name])?.recall[x.name].n;
  L.push(`| engine | ${rw.map((x) => `${x.name} (${rn(x)})`).join(' | ')} |`);
  L.push(`|---|${rw.map(() => '--:').join('|')}|`);
  for (const [, f] of Object.entries(one.engines)) {
    L.push(`| ${f.label} | ${rw.map((x) => (f.recall[x.name] ? `${pc(f.recall[x.name].r1)} / ${pc(f.recall[x.name].r5)} / ${f.recall[x.name].mean_rank.toFixed(2)}` : '–')).join(' | ')} |`);
  }
  const damages = Object.keys(Object.values(one.engines)[0]?.recall.names?.by_damage ?? {}).sort();
  if (damages.length) {
    L.push('');
    L.push('Recall@1 on `names` by damage:');
    L.push('');
    const any = Object.values(one.engines)[0].recall.names.by_damage;
    L.push(`| engine | ${damages.map((d) => `${d} (${any[d].n})`).join(' | ')} |`);
    L.push(`|---|${damages.map(() => '--:').join('|')}|`);
    for (const [, f] of Object.entries(one.engines)) {
      L.push(`| ${f.label} | ${damages.map((d) => pc(f.recall.names?.by_damage[d]?.r1)).join(' | ')} |`);
    }
  }
  const diff = one.engines['ror-wasm']?.answers_differ_from_native;
  if (diff) L.push('', `Native and wasm answers: ${diff.differ === 0 ? 'identical' : `**${diff.differ} of ${diff.total} differ**`} (${diff.total} requests compared).`);
  L.push('');

  // Targets (issue 6).
  const ours = one.engines['ror-wasm'];
  const libs = Object.entries(one.engines).filter(([e]) => !isOurs(e));
  if (ours) {
    const ok = (b) => (b ? 'yes' : '**no**');
    const names = ours.lat.names;
    const adv = ours.lat.advanced;
    const minLib = libs.length ? Math.min(...libs.map(([, f]) => f.lat.names?.p50 ?? Infinity)) : null;
    const heap = ours.heap.heap_used + ours.heap.external;
    L.push('## Targets (issue 6), ror-wasm in Node');
    L.push('');
    L.push('| target | measured | met |');
    L.push('|---|---|---|');
    L.push(`| brotli size of the index below the same records as compact JSON | ${ours.size.brotli.toLocaleString('en')} B vs ${R.records_json.brotli.toLocaleString('en')} B (${(ours.size.brotli / R.records_json.brotli).toFixed(3)}×, brotli q${R.options.brotli}) | ${ok(ours.size.brotli < R.records_json.brotli)} |`);
    L.push(`| load ≤ 150 ms | ${ms(ours.load)} | ${ok(ours.load <= 150)} |`);
    if (names) L.push(`| \`query\` p50 ≤ 2 ms, p95 ≤ 16 ms (names, exact totals and facets) | ${lat(names.p50)} / ${lat(names.p95)} ms | ${ok(names.p50 <= 2 && names.p95 <= 16)} |`);
    if (adv) L.push(`| \`query.advanced\` p95 ≤ 50 ms | ${lat(adv.p95)} ms${ours.errors?.advanced ? ` (${ours.errors.advanced} answered errors)` : ''} | ${ok(adv.p95 <= 50)} |`);
    if (names && minLib != null) L.push(`| \`query\` p50 below every JS library's (names) | ${lat(names.p50)} ms vs fastest library ${lat(minLib)} ms | ${ok(names.p50 < minLib)} |`);
    L.push(`| heap after load ≤ 2× the uncompressed index | ${MB(heap)} vs ${MB(ours.size.raw)} (${(heap / ours.size.raw).toFixed(2)}×) | ${ok(heap <= 2 * ours.size.raw)} |`);
    L.push(`| \`.wasm\` ≤ 250 KB gzip (build.sh's budget: 250,000 bytes) | ${R.wasm.raw.toLocaleString('en')} B raw, ${R.wasm.gzip.toLocaleString('en')} B gzip | ${ok(R.wasm.gzip <= 250000)} |`);
    L.push('');
  }

  if (R.scales.length > 1) {
    L.push('## Scaling');
    L.push('');
    L.push('Synthetic dumps: the real records plus perturbed copies (bench/synth.mjs). Lighter workloads only; fewer samples.');
    L.push('');
    L.push(`| scale | records | engine | index raw | gzip | brotli (q${R.options.brotli}) | build | load | heap after load | names p50 / p95 | typeahead p50 / p95 | advanced p50 / p95 | names recall@1 |`);
    L.push('|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
    const scaled = new Set(R.scales.slice(1).flatMap((s) => Object.keys(s.engines)));
    for (const s of R.scales) {
      for (const [e, f] of Object.entries(s.engines)) {
        if (!scaled.has(e)) continue;
        const heap = e === 'ror-native' ? `${MB(f.heap.rss)} RSS` : MB(f.heap.heap_used + f.heap.external);
        const l = (n) => (f.lat[n] ? `${lat(f.lat[n].p50)} / ${lat(f.lat[n].p95)}` : '–');
        L.push(
          `| ${s.scale}× | ${(s.records ?? R.scales[0].records)?.toLocaleString('en')} | ${f.label} | ${MB(f.size?.raw)} | ${MB(f.size?.gzip)} | ${MB(f.size?.brotli)} | ${ms(f.build)} | ${ms(f.load)} | ${heap} | ${l('names')} | ${l('typeahead')} | ${l('advanced')} | ${pc(f.recall.names?.r1)} |`,
        );
      }
    }
    L.push('');
    // Straight-line fits over the scales, evaluated at the full registry's size and twice it.
    const fitRows = [];
    for (const e of Object.keys(R.scales[0].engines)) {
      const pts = R.scales.filter((s) => s.engines[e]).map((s) => ({ n: s.records ?? R.scales[0].records, f: s.engines[e] }));
      if (pts.length < 2) continue;
      const fit = (get) => {
        const xs = pts.map((p) => p.n);
        const ys = pts.map((p) => get(p.f));
        if (ys.some((y) => y == null)) return null;
        const mx = xs.reduce((a, b) => a + b) / xs.length;
        const my = ys.reduce((a, b) => a + b) / ys.length;
        let sxy = 0;
        let sxx = 0;
        xs.forEach((x, i) => {
          sxy += (x - mx) * (ys[i] - my);
          sxx += (x - mx) ** 2;
        });
        const b = sxy / sxx;
        return (n) => my + b * (n - mx);
      };
      const size = fit((f) => f.size?.raw);
      const br = fit((f) => f.size?.brotli);
      const load = fit((f) => f.load);
      const p50 = fit((f) => f.lat.names?.p50);
      const p95 = fit((f) => f.lat.names?.p95);
      const heap = fit((f) => (e === 'ror-native' ? f.heap.rss : f.heap.heap_used + f.heap.external));
      for (const n of [120000, 250000]) {
        fitRows.push(`| ${n.toLocaleString('en')} | ${LABELS[e] ?? e} | ${MB(size?.(n))} | ${MB(br?.(n))} | ${ms(load?.(n))} | ${MB(heap?.(n))} | ${p50 ? lat(p50(n)) : '–'} / ${p95 ? lat(p95(n)) : '–'} |`);
      }
    }
    if (fitRows.length) {
      L.push('Predicted by a least-squares line through the scales above:');
      L.push('');
      L.push(`| records | engine | index raw | brotli | load | heap after load | names p50 / p95 |`);
      L.push('|--:|---|--:|--:|--:|--:|--:|');
      L.push(...fitRows);
      L.push('');
    }
  }

  L.push('## How each engine was configured');
  L.push('');
  for (const [e, c] of Object.entries(R.configs)) L.push(`- **${label(e)}**: ${c}`);
  L.push('');
  return L.join('\n') + '\n';
}
