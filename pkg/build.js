// ror-wasm/build: builds an index from an official ROR dump, in Node or in a browser (worker), with the
// same Rust builder as the native CLI, compiled to its own wasm module (pages that only search never load it).

import init, { buildIndex as rawBuild } from './wasm/build/ror_build.js';

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;
const WASM_URL = new URL('./wasm/build/ror_build_bg.wasm', import.meta.url);

let ready = null;

/** Loads the builder module (idempotent). */
export function initBuild(wasm) {
  if (!ready) {
    ready = (async () => {
      if (wasm !== undefined) return init({ module_or_path: await wasm });
      if (isNode && WASM_URL.protocol === 'file:') {
        const { readFile } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises');
        return init({ module_or_path: await readFile(WASM_URL) });
      }
      return init({ module_or_path: WASM_URL });
    })();
  }
  return ready;
}

/**
 * Builds index bytes from dump bytes (official zip, .json or .json.gz; v1 or v2 schema).
 * `onProgress(stage, done, total)` is called with stage 'reading' | 'indexing' | 'writing'.
 * Resolves to `{bytes: Uint8Array, summary}`; rejects with an Error naming the broken record or position.
 */
export async function buildIndex(dump, { onProgress, wasm } = {}) {
  await initBuild(wasm);
  const input = dump instanceof Uint8Array ? dump : new Uint8Array(dump);
  const built = rawBuild(input, onProgress ?? undefined);
  try {
    return { bytes: built.bytes, summary: built.summary };
  } finally {
    built.free();
  }
}
