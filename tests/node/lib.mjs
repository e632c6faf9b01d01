// Shared fixtures of the npm-package tests (not a test file: node --test only runs *.test.mjs here).

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const repo = (rel) => resolve(ROOT, rel);

/** The full index: $ROR_INDEX (relative to the working directory) or www/dist/ror.idx (made by ./build.sh). */
export const INDEX_PATH = process.env.ROR_INDEX ? resolve(process.env.ROR_INDEX) : repo('www/dist/ror.idx');

const WASM = [repo('pkg/wasm/search/ror_search_bg.wasm'), repo('pkg/wasm/build/ror_build_bg.wasm')];

/** Why the package cannot be tested (its wasm modules are not built), or null. */
export const pkgMissing = WASM.every(existsSync)
  ? null
  : 'the wasm modules are not built (pkg/wasm/): run ./build.sh wasm';

/** Why the full-index tests are skipped, or null. */
export const fullMissing =
  pkgMissing ?? (existsSync(INDEX_PATH) ? null : `no index at ${INDEX_PATH}: run ./build.sh (or set ROR_INDEX)`);

let pkg = null;
/** The package modules, imported only when they exist. */
export async function loadPkg() {
  pkg ??= Promise.all([import('../../pkg/index.js'), import('../../pkg/build.js')]).then(([index, build]) => ({
    ...index,
    ...build,
  }));
  return pkg;
}

let full = null;
/** The full index, loaded once per test file. */
export async function fullIndex() {
  full ??= loadPkg().then(({ RorIndex }) => RorIndex.load(INDEX_PATH));
  return full;
}

/** Lines of a JSONL file, parsed. */
export function jsonl(rel) {
  return readFileSync(repo(rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

/** id → exact text of the expected v1 serialization, from a JSONL file of records. */
export function recordTexts(rel) {
  const out = new Map();
  for (const line of readFileSync(repo(rel), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    out.set(JSON.parse(line).id, line);
  }
  return out;
}
