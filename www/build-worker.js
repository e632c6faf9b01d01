// The build worker: a dump file the person dropped (official zip, .json or .json.gz; v1 or v2) → index
// bytes, with the same Rust builder as the CLI compiled to wasm. Its own worker, so the current index
// keeps answering while a new one is built; started per build and ended after it.

import { buildIndex } from './pkg/build.js';

async function readFile(file) {
  const total = file.size;
  const out = new Uint8Array(total);
  const reader = file.stream().getReader();
  let at = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, at);
    at += value.length;
    self.postMessage({ type: 'progress', stage: 'file', done: at, total });
  }
  return at === total ? out : out.subarray(0, at);
}

self.onmessage = async (e) => {
  const { file } = e.data;
  try {
    const dump = await readFile(file);
    let last = 0;
    const { bytes, summary } = await buildIndex(dump, {
      onProgress: (stage, done, total) => {
        // The builder calls back often; a message per ~1% is plenty for a progress bar.
        const now = performance.now();
        if (now - last < 50 && done < total) return;
        last = now;
        self.postMessage({ type: 'progress', stage, done, total });
      },
    });
    self.postMessage({ type: 'built', bytes, summary, name: file.name }, [bytes.buffer]);
  } catch (err) {
    self.postMessage({ type: 'error', message: String(err?.message ?? err) });
  }
};
