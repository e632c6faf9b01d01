// Reading ROR dumps in Node without dependencies: the official zip (one JSON member), plain JSON or gzip.
import { readFileSync } from 'node:fs';
import { gunzipSync, inflateRawSync } from 'node:zlib';

/** The JSON text of a dump file's bytes (zip → its first `.json` member; gzip → inflated; else as is). */
export function dumpText(bytes) {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return unzipJson(bytes).toString('utf8');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes, { maxOutputLength: 2 ** 31 - 1 }).toString('utf8');
  return Buffer.from(bytes).toString('utf8');
}

/** The records (v1 JSON objects) of a dump file. */
export function readRecords(path) {
  return JSON.parse(dumpText(readFileSync(path)));
}

// The central directory names each member with its compression method and offsets; the local header before the
// data repeats the name and may carry a different extra field, so its own lengths are read there.
function unzipJson(buf) {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (b.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  for (let n = 0; n < count; n++) {
    if (b.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = b.readUInt16LE(p + 10);
    const csize = b.readUInt32LE(p + 20);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    const name = b.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (!name.endsWith('.json')) continue;
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = b.subarray(start, start + csize);
    if (method === 0) return data;
    if (method === 8) return inflateRawSync(data);
    throw new Error(`zip member ${name}: compression method ${method} not supported`);
  }
  throw new Error('no .json member in the zip');
}

/** The short form of a ROR id (`https://ror.org/03b9snr86` → `03b9snr86`). */
export const shortId = (id) => id.slice(id.lastIndexOf('/') + 1);

/**
 * What the peers index for a name search box: the id and every name a user might type (name, aliases,
 * labels, acronyms). Only active records: the v1 default search (no `all_status`) answers only those.
 */
export function peerDocs(records) {
  const docs = [];
  for (const r of records) {
    if (r.status !== 'active') continue;
    docs.push({
      id: shortId(r.id),
      name: r.name ?? '',
      aliases: r.aliases ?? [],
      labels: (r.labels ?? []).map((l) => l.label).filter(Boolean),
      acronyms: r.acronyms ?? [],
    });
  }
  return docs;
}
