// Seeds the fuzz corpora (scripts/fuzz.sh) from the committed vector files, once: the key
// fixtures for the key readers, real tokens
// for decode/verify, their headers and payloads for the signed-token targets, the time-span
// vectors, the option objects of the vectors in the boundary's wire format. libFuzzer then
// mutates from there instead of from nothing.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const out = process.argv[2];
const vectors = (name) => JSON.parse(readFileSync(new URL(`../js-tests/vectors/${name}.json`, import.meta.url), 'utf8'));
const SEP = Buffer.from([0xff]);
const seeds = { decode: [], verify: [], verify_signed: [], timespan: [], options: [], room: [], keys: [] };
const MAX = 65536;

/** The boundary's wire form of an options object (pkg-template/boundary/describe.mjs, for JSON values). */
const wire = (options) => JSON.stringify(Object.entries(options ?? {}).map(([k, v]) => [k, v]));

const tokens = [
  ...vectors('verify').cases.map((c) => c.token),
  ...vectors('decode').cases.map((c) => c.token),
  ...vectors('access').cases.map((c) => c.token),
  ...vectors('adversarial').cases.map((c) => c.token).filter((t) => typeof t === 'string'),
].filter((t) => typeof t === 'string' && t.length < MAX);
for (const [i, token] of tokens.entries()) {
  seeds.decode.push(Buffer.from(token));
  seeds.verify.push(Buffer.concat([Buffer.from([i & 0xff]), Buffer.from(token)]));
  const [h, p] = token.split('.');
  if (h && p) {
    const header = Buffer.from(h, 'base64url');
    const payload = Buffer.from(p, 'base64url');
    seeds.verify_signed.push(Buffer.concat([header, SEP, payload, SEP, Buffer.from(i % 3 ? '[]' : '[["maxAge","1h"],["audience","a"]]')]));
    seeds.room.push(Buffer.concat([Buffer.from([i & 0xff]), payload]));
  }
}
for (const c of vectors('timespan').cases) {
  if (typeof c.input === 'string') seeds.timespan.push(Buffer.concat([Buffer.alloc(8), Buffer.from(c.input)]));
}
for (const c of [...vectors('sign').cases, ...vectors('verify').cases]) {
  if (c.options && typeof c.options === 'object') seeds.options.push(Buffer.from(wire(c.options)));
}

// keys: each key fixture's DER behind the selector byte of its PEM label (fuzz/fuzz_targets/keys.rs).
const LABELS = ['PUBLIC KEY', 'RSA PUBLIC KEY', 'CERTIFICATE', 'TRUSTED CERTIFICATE', 'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'];
const keyDir = new URL('../js-tests/vectors/keys/', import.meta.url);
for (const file of readdirSync(keyDir).filter((f) => f.endsWith('.pem'))) {
  const text = readFileSync(new URL(file, keyDir), 'utf8');
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
  const body = text.split('\n').filter((line) => line && !line.startsWith('-----') && !line.includes(':')).join('');
  if (LABELS.includes(label)) seeds.keys.push(Buffer.concat([Buffer.from([LABELS.indexOf(label)]), Buffer.from(body, 'base64')]));
}

let written = 0;
for (const [target, list] of Object.entries(seeds)) {
  const dir = path.join(out, target);
  mkdirSync(dir, { recursive: true });
  for (const seed of list) {
    const file = path.join(dir, `seed-${createHash('sha1').update(seed).digest('hex')}`);
    if (!existsSync(file)) {
      writeFileSync(file, seed);
      written++;
    }
  }
}
if (written) console.log(`fuzz seeds: ${written} new files under ${out}`);
