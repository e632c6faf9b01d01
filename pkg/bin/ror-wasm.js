#!/usr/bin/env node
// npx ror-wasm build DUMP -o INDEX | search INDEX 'QUERY STRING' | get INDEX ID | info INDEX
import { readFile, writeFile, rename, rm } from 'node:fs/promises';
import { RorIndex } from '../index.js';
import { buildIndex } from '../build.js';

const usage = `usage:
  ror-wasm build DUMP -o INDEX     build an index from a ROR dump (zip, .json, .json.gz; v1 or v2)
  ror-wasm info INDEX              what an index holds
  ror-wasm get INDEX ID            the v1 answer for /v1/organizations/ID
  ror-wasm search INDEX 'QUERY'    the v1 answer for /v1/organizations?QUERY ('-': one query per stdin line)`;

function fail(msg, code = 2) {
  process.stderr.write(`ror-wasm: ${msg}\n`);
  process.exit(code);
}

async function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === 'build') {
    let dump = null;
    let out = null;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '-o' || rest[i] === '--output') out = rest[++i];
      else if (dump === null) dump = rest[i];
      else fail(`unexpected argument ${rest[i]}\n${usage}`);
    }
    if (!dump || !out) fail(usage);
    const t0 = performance.now();
    const bytes = await readFile(dump).catch((e) => fail(`cannot read ${dump}: ${e.message}`, 1));
    const tty = process.stderr.isTTY;
    let built;
    try {
      built = await buildIndex(bytes, {
        onProgress: (stage, done, total) => {
          if (tty) process.stderr.write(`\r${stage} ${total ? Math.floor((100 * done) / total) : 0}%   `);
        },
      });
    } catch (e) {
      if (tty) process.stderr.write('\n');
      fail(`${dump}: ${e.message}`, 1);
    }
    if (tty) process.stderr.write('\r\x1b[K');
    const tmp = `${out}.tmp`;
    try {
      await writeFile(tmp, built.bytes);
      await rename(tmp, out);
    } catch (e) {
      await rm(tmp, { force: true });
      fail(`cannot write ${out}: ${e.message}`, 1);
    }
    const s = built.summary;
    const statuses = Object.entries(s.byStatus).map(([k, v]) => `${k} ${v}`).join(', ');
    process.stderr.write(
      `${s.records} records (${statuses}), schema ${s.schema}, from ${s.source}\n` +
        `index ${s.bytes} bytes in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${out}\n`,
    );
    return;
  }
  if (!['info', 'get', 'search'].includes(cmd) || rest.length < 1) fail(usage);
  let index;
  try {
    index = await RorIndex.load(rest[0]);
  } catch (e) {
    fail(`${rest[0]}: ${e.message}`, 1);
  }
  if (cmd === 'info') {
    process.stdout.write(`${JSON.stringify(index.info(), null, 2)}\n`);
  } else if (cmd === 'get') {
    if (rest.length !== 2) fail(usage);
    const r = index.request(`/v1/organizations/${rest[1]}`);
    process.stdout.write(`${JSON.stringify(r.body)}\n`);
    process.exitCode = r.status === 200 ? 0 : 1;
  } else if (cmd === 'search') {
    if (rest.length !== 2) fail(usage);
    const answer = (q) => JSON.stringify(index.search(q));
    if (rest[1] === '-') {
      const { createInterface } = await import('node:readline');
      for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
        process.stdout.write(`${answer(line)}\n`);
      }
    } else {
      process.stdout.write(`${answer(rest[1])}\n`);
    }
  }
}

main(process.argv.slice(2)).catch((e) => fail(e.stack || String(e), 1));
