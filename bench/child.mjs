// One engine in its own Node process (`node --expose-gc`), so that heaps do not mix. Driven by run.mjs over IPC.
//
//   child.mjs build ENGINE INPUT OUT   build from INPUT (the peers' documents as JSON, or for ror-wasm the dump),
//                                      time it, serialize to OUT; reply {build_ms, serialize_ms, bytes}
//   child.mjs load ENGINE INPUT WORKLOADS [keep]
//                                      time bytes-in-memory → loaded → first answer, measure the heap after it;
//                                      reply {load_ms, init_ms, mem}; with `keep`, then answer commands:
//                                        {cmd: 'round', names}  → {lat: {name: Float64Array}} (one timed pass over
//                                                                  each workload's timed items)
//                                        {cmd: 'ids', name, all} → {ids: [[id…]…], errors} (untimed; all items
//                                                                  or the timed ones)
//                                        {cmd: 'exit'}
import { readFileSync, writeFileSync } from 'node:fs';
import { timedItems } from './lib/workloads.mjs';

const [role, engineKey, input, third, keep] = process.argv.slice(2);
const engine = (await import(`./engines/${engineKey}.mjs`)).default;
const reply = (msg) => new Promise((resolve) => process.send(msg, resolve));
const gc = () => {
  if (!global.gc) throw new Error('run with --expose-gc');
  global.gc();
  global.gc();
};

/** The request every engine answers first (the load time ends with this answer). */
const FIRST = { text: 'University of Oxford', qs: 'query=University%20of%20Oxford' };
const ask = (inst, item, mode) => engine.search(inst, engine.ours ? item.qs : item.text, mode);

if (role === 'build') {
  const data = engine.ours ? new Uint8Array(readFileSync(input)) : JSON.parse(readFileSync(input, 'utf8'));
  if (engine.init) await engine.init();
  gc();
  let t = performance.now();
  const inst = await engine.build(data);
  const buildMs = performance.now() - t;
  t = performance.now();
  const out = await engine.serialize(inst);
  const serializeMs = performance.now() - t;
  writeFileSync(third, out);
  await reply({ build_ms: buildMs, serialize_ms: serializeMs, bytes: Buffer.byteLength(out) });
  process.exit(0);
}

if (role !== 'load') throw new Error(`unknown role ${role}`);

const workloads = JSON.parse(readFileSync(third, 'utf8'));
const initMs = engine.init ? await engine.init() : null;
gc();
const m0 = process.memoryUsage();
const w0 = engine.wasmMemory ? await engine.wasmMemory() : null;
// Bytes in memory: the index file as the page would hold it after a fetch (binary for ours, text for the
// JSON exports of the libraries).
let data = engine.ours ? new Uint8Array(readFileSync(input)) : readFileSync(input, 'utf8');
const t0 = performance.now();
const inst = await engine.load(data);
const first = ask(inst, FIRST, 'exact');
const loadMs = performance.now() - t0;
data = null;
gc();
const m1 = process.memoryUsage();
const w1 = engine.wasmMemory ? await engine.wasmMemory() : null;
await reply({
  load_ms: loadMs,
  init_ms: initMs,
  first_hits: first.length,
  mem: {
    // V8's heap and the memory V8 accounts outside it (Buffers, ArrayBuffers and the wasm Memory).
    heap_used: m1.heapUsed - m0.heapUsed,
    external: m1.external - m0.external,
    array_buffers: m1.arrayBuffers - m0.arrayBuffers,
    rss: m1.rss - m0.rss,
    wasm_memory: w1,
    wasm_memory_before: w0,
  },
});

if (keep !== 'keep') process.exit(0);

const byName = new Map(workloads.map((w) => [w.name, { ...w, timed: timedItems(w) }]));
process.on('message', (msg) => {
  if (msg.cmd === 'round') {
    const lat = {};
    for (const name of msg.names) {
      const w = byName.get(name);
      const items = w.timed;
      const out = new Float64Array(items.length);
      for (let i = 0; i < items.length; i++) {
        const t = performance.now();
        try {
          ask(inst, items[i], w.mode);
        } catch {
          // counted by the `ids` pass; the time is still the time the answer took
        }
        out[i] = performance.now() - t;
      }
      lat[name] = out;
    }
    process.send({ lat });
  } else if (msg.cmd === 'ids') {
    const w = byName.get(msg.name);
    let errors = 0;
    const ids = (msg.all ? w.items : w.timed).map((item) => {
      try {
        return ask(inst, item, w.mode);
      } catch {
        errors++;
        return [];
      }
    });
    process.send({ ids, errors });
  } else if (msg.cmd === 'exit') {
    process.exit(0);
  }
});
