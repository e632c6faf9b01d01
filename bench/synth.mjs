// Synthetic larger dumps for the scaling figures: the real records, plus (factor − 1) perturbed copies of each,
// written as a v1 JSON dump (gzip). Deterministic: the same input and factor give the same bytes.
//
// A copy keeps the shape and the size of its original (so index growth is measured on realistic records) but
// is a different organisation: a new valid-looking ROR id (0 + 6 Crockford base32 characters + the ISO 7064
// mod 97-10 checksum), its name and aliases reworded (words swapped or doubled, a qualifier added), acronyms
// and labels varied, external ids, links and Wikipedia URL altered so that identifiers stay unique-looking.
// Relationships still point at real records; addresses, types, status and dates are kept.
//
//   node bench/synth.mjs DUMP FACTOR OUT.json.gz [DOCS.json]
import { createWriteStream, writeFileSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { peerDocs, readRecords, shortId } from './lib/dump.mjs';
import { rng } from './lib/workloads.mjs';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const QUALIFIERS = ['North', 'South', 'East', 'West', 'Central', 'Regional', 'National', 'Metropolitan', 'Applied', 'Graduate'];
const SUFFIXES = ['Campus', 'Branch', 'Centre', 'Institute', 'Foundation', 'Laboratory', 'School', 'Office', 'Unit', 'Group'];

/** ISO 7064 mod 97-10 check digits of the 7-character base32 prefix, as ROR ids carry them. */
export function rorChecksum(prefix7) {
  let n = 0n;
  for (const c of prefix7) n = n * 32n + BigInt(CROCKFORD.indexOf(c));
  const cs = 98n - ((n * 100n) % 97n);
  return cs.toString().padStart(2, '0');
}

function newId(r, taken) {
  for (;;) {
    let s = '0';
    for (let i = 0; i < 6; i++) s += CROCKFORD[r.int(32)];
    const id = s + rorChecksum(s);
    if (!taken.has(id)) {
      taken.add(id);
      return `https://ror.org/${id}`;
    }
  }
}

function reword(name, r, c) {
  if (!name) return name;
  const words = name.split(' ');
  switch (r.int(5)) {
    case 0:
      if (words.length > 1) {
        const i = r.int(words.length - 1);
        [words[i], words[i + 1]] = [words[i + 1], words[i]];
      }
      break;
    case 1: {
      const i = r.int(words.length);
      words.splice(i, 0, words[i]);
      break;
    }
    case 2:
      words.unshift(QUALIFIERS[(r.int(QUALIFIERS.length) + c) % QUALIFIERS.length]);
      break;
    default:
      words.push(SUFFIXES[(r.int(SUFFIXES.length) + c) % SUFFIXES.length]);
  }
  return words.join(' ');
}

const shiftDigits = (s, c) => (typeof s === 'string' ? s.replace(/\d/g, (d) => String((Number(d) + c) % 10)) : s);

function copyOf(rec, c, r, taken) {
  const x = structuredClone(rec);
  x.id = newId(r, taken);
  x.name = reword(rec.name, r, c);
  x.aliases = (rec.aliases ?? []).map((a) => reword(a, r, c));
  x.acronyms = (rec.acronyms ?? []).map((a) => a + String.fromCharCode(65 + ((c + r.int(26)) % 26)));
  x.labels = (rec.labels ?? []).map((l) => ({ ...l, label: reword(l.label, r, c) }));
  for (const v of Object.values(x.external_ids ?? {})) {
    v.preferred = shiftDigits(v.preferred, c);
    v.all = Array.isArray(v.all) ? v.all.map((a) => shiftDigits(a, c)) : shiftDigits(v.all, c);
  }
  x.links = (rec.links ?? []).map((l) => l.replace(/^(https?:\/\/[^/.]+)/, `$1-${c}`));
  if (rec.wikipedia_url) x.wikipedia_url = `${rec.wikipedia_url}_(${c})`;
  if (rec.established) x.established = rec.established + (r.int(11) - 5);
  return x;
}

/**
 * Writes `factor`× the records (originals first, then copy rounds) to `out` as gzip'd v1 JSON; with `docsOut`,
 * also the JavaScript libraries' documents of the same records (lib/dump.mjs `peerDocs`) as JSON.
 */
export async function writeSynthDump(records, factor, out, docsOut) {
  const docs = docsOut ? peerDocs(records) : null;
  const taken = new Set(records.map((x) => shortId(x.id)));
  const gz = createGzip({ level: 1 });
  const file = createWriteStream(out);
  gz.pipe(file);
  const write = async (s) => {
    if (!gz.write(s)) await once(gz, 'drain');
  };
  await write('[');
  let first = true;
  let chunk = [];
  const flush = async () => {
    if (chunk.length) await write((first ? '' : ',') + chunk.join(','));
    if (chunk.length) first = false;
    chunk = [];
  };
  for (const rec of records) {
    chunk.push(JSON.stringify(rec));
    if (chunk.length >= 2000) await flush();
  }
  for (let c = 1; c < factor; c++) {
    const r = rng(7700 + c);
    for (const rec of records) {
      const x = copyOf(rec, c, r, taken);
      if (docs) docs.push(...peerDocs([x]));
      chunk.push(JSON.stringify(x));
      if (chunk.length >= 2000) await flush();
    }
  }
  await flush();
  await write(']');
  gz.end();
  await once(file, 'close');
  if (docsOut) writeFileSync(docsOut, JSON.stringify(docs));
  return records.length * factor;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dump, factor, out, docsOut] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node bench/synth.mjs DUMP FACTOR OUT.json.gz [DOCS.json]');
    process.exit(2);
  }
  const n = await writeSynthDump(readRecords(dump), Number(factor), out, docsOut);
  console.log(`${n} records → ${out}`);
}
