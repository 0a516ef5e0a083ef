// The key-material differential test for runtimes without node:crypto's help (workerd, Chromium)
// and for the packed tarball in Node (require and import), Bun and Deno: a serialisable fixture of
// the representative entries (every key type, container and forgery form; PEM texts, DER bytes as
// base64, JWK objects; no KeyObjects), jsonwebtoken's outcomes computed here in Node, and the
// judging of what body.mjs's runKeyMaterial returns from a runtime.
import { revive, verifyOutcome } from './body.mjs';
import { DEPTH, NOW, NOW_MS, PAYLOAD, buildCases } from './cases.mjs';
import { Tally, judge } from './judge.mjs';

/** A caller's key value as JSON: bytes as `{ $bytes: base64 }` (body.mjs's revive reads them back). */
export function serialise(value) {
  if (ArrayBuffer.isView(value)) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (Array.isArray(value)) return value.map(serialise);
  if (value === null || typeof value !== 'object') return value;
  if (Object.prototype.toString.call(value) === '[object KeyObject]') throw new Error('a KeyObject cannot go to another runtime');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, serialise(v)]));
}

/**
 * The full product but for the secrets: each input's own bytes only (its PEM text, PEM bytes or
 * DER, by form: still every forgery form), not also the SPKI PEM and DER against every input.
 * About 9,000 cases: seconds in each runtime, and a fixture of about a megabyte.
 */
const RUNTIME_DEPTH = { ...DEPTH.full, ownSecretOnly: true };

/**
 * @param {typeof import('jsonwebtoken')} jwt the reference implementation
 * @param {{ entries: object[] }} corpus from corpus.mjs's buildCorpus
 * @returns {{ data: object, cases: object[] }} `data` goes to the runtime (JSON); `cases`, in the
 *   same order, stay here with jsonwebtoken's outcomes for judging
 */
export function makeKeyMaterialFixture(jwt, corpus) {
  const entries = corpus.entries.filter((e) => e.representative);
  const serialised = new Map();
  const serialisedOf = (input) => {
    if (!serialised.has(input)) serialised.set(input, serialise(input.value));
    return serialised.get(input);
  };
  // jsonwebtoken is given what the runtime will be given: the revived value (Uint8Array, not Buffer).
  const cases = buildCases(entries, jwt, {
    valueFor: (input) => revive(serialisedOf(input)),
    keep: (input) => input.form !== 'keyobject',
    depthOf: () => RUNTIME_DEPTH,
  });

  const table = (list) => {
    const index = new Map();
    return (item, value = item) => {
      if (!index.has(item)) index.set(item, list.push(value) - 1);
      return index.get(item);
    };
  };
  const inputs = [];
  const tokens = [];
  const publicPems = [];
  const inputAt = table(inputs);
  const tokenAt = table(tokens);
  const entryAt = table(publicPems);
  const data = {
    nowMs: NOW_MS,
    payload: PAYLOAD,
    publicPems,
    inputs,
    tokens,
    cases: cases.map((c) => {
      const common = { op: c.op, entry: entryAt(c.entryName, c.publicPem), input: inputAt(c.input, serialisedOf(c.input)), alg: c.alg };
      if (c.op === 'verify') return { ...common, token: tokenAt(c.token), options: c.options, via: c.via };
      return c.randomized ? { ...common, reference: c.expected.value } : common;
    }),
  };
  return { data, cases };
}

/**
 * Judges a runtime's `runKeyMaterial` result against jsonwebtoken's outcomes. `relaxed`: a
 * wasm-only runtime (rtc-token may refuse instead of agreeing). Returns the Tally; a PS/ES token
 * is checked here by jsonwebtoken, and jsonwebtoken's by rtc-token in the runtime (`result.cross`).
 */
export function judgeKeyMaterial(fixture, result, { label, relaxed, jwt }) {
  const tally = new Tally(label);
  const claims = JSON.stringify({ ...PAYLOAD, iat: NOW });
  fixture.cases.forEach((c, i) => {
    const actual = result.outcomes[i];
    const cross = (_, theirs, ours) => {
      const byUs = result.cross[i];
      if (JSON.stringify(byUs?.value) !== claims) return `rtc-token verifying jsonwebtoken's token: ${JSON.stringify(byUs)}`;
      const byThem = verifyOutcome(jwt, ours, c.publicPem, { algorithms: [c.alg] }, 'sync', NOW_MS);
      return JSON.stringify(byThem.value) === claims || `jsonwebtoken verifying rtc-token's token: ${JSON.stringify(byThem)}`;
    };
    tally.record(c, actual, judge(c, actual, { relaxed, cross }));
  });
  return tally;
}

/** Prints a runtime row's counts (and mismatches): returns the lines, for console.log. */
export function rowReport(row, tally, count) {
  const ok = tally.forgeriesAccepted === 0 && tally.mismatches.length === 0;
  const lines = [`${ok ? 'ok  ' : 'FAIL'} ${row.padEnd(44)} ${count} cases`, ...tally.summary().map((line) => `     ${line}`)];
  if (!ok) lines.push(...tally.report(20).map((line) => `     ${line}`));
  return lines;
}
