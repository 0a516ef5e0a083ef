// The key-material differential test (issue 17, item 4), in Node: every key node:crypto and the
// openssl CLI make (keys/corpus.mjs), in every container, through rtc-token and jsonwebtoken 9.
// (a) HMAC tokens forged with a key's own bytes as the secret must be refused wherever jsonwebtoken
// refuses them: zero forgeries. (b) Signing with every private input and algorithm gives
// jsonwebtoken's outcome (RS/HS byte for byte; PS/ES tokens each side verifies). The rules and
// the allow-list are keys/judge.mjs's. `import` must agree exactly; the wasm-only instance (as
// workerd and browsers run it) may refuse instead of agreeing, never sign or accept otherwise.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import { forms, jsonwebtoken, wasmOnly } from './helpers.mjs';
import { OPTION_SETS, signOutcome, verifyOutcome } from './keys/body.mjs';
import { NOW, NOW_MS, PAYLOAD, buildCases } from './keys/cases.mjs';
import { FORMS, buildCorpus } from './keys/corpus.mjs';
import { Tally, judge } from './keys/judge.mjs';

const started = performance.now();
const corpus = buildCorpus();
const corpusMs = performance.now() - started;
const cases = buildCases(corpus.entries, jsonwebtoken);
const referenceMs = performance.now() - started - corpusMs;

test('the corpus holds every key type, container and form the issue lists, made here', (t) => {
  const inputs = corpus.entries.flatMap((e) => [...e.publicInputs, ...e.privateInputs]);
  t.diagnostic(`${corpus.entries.length} keys, ${inputs.length} inputs, ${cases.length} cases; corpus ${Math.round(corpusMs)} ms, jsonwebtoken's outcomes ${Math.round(referenceMs)} ms`);
  for (const line of corpus.skipped) t.diagnostic(`not in the corpus: ${line}`);

  const types = new Set(corpus.entries.map((e) => e.type));
  for (const type of ['rsa', 'rsa-pss', 'dsa', 'dh', 'ec', 'ed25519', 'ed448', 'x25519', 'x448']) assert.ok(types.has(type), type);
  assert.deepEqual(FORMS.filter((form) => !inputs.some((input) => input.form === form)), [], 'forms without an input');
  const containers = new Set(inputs.map((input) => input.container));
  for (const container of ['spki', 'pkcs8', 'pkcs1', 'sec1']) assert.ok(containers.has(container), container);
  // Every curve node:crypto lists has its named entry, or says why not (printed above).
  for (const curve of crypto.getCurves()) {
    const made = corpus.entries.some((e) => e.name === `ec ${curve}`);
    assert.ok(made || corpus.skipped.some((line) => line.startsWith(`ec ${curve}:`)), curve);
  }
  // The openssl-made inputs, unless the line above says there is no openssl.
  if (!corpus.skipped.some((line) => line.includes('no usable openssl'))) {
    for (const container of ['certificate', 'trusted-certificate', 'traditional']) assert.ok(containers.has(container), container);
    assert.ok(corpus.entries.some((e) => e.family === 'dhx'), 'the DHX entry');
  }
  const forged = cases.filter((c) => c.op === 'verify');
  assert.ok(forged.length > 5000 && cases.length - forged.length > 1000, `${forged.length} verify and ${cases.length - forged.length} sign cases`);
});

/** PS/ES: rtc-token verifies jsonwebtoken's token and jsonwebtoken rtc-token's, with the SPKI PEM. */
const crossCheck = (api) => (c, theirs, ours) => {
  const claims = JSON.stringify({ ...PAYLOAD, iat: NOW });
  const options = { algorithms: [c.alg] };
  const byUs = verifyOutcome(api, theirs, c.publicPem, options, 'sync', NOW_MS);
  if (JSON.stringify(byUs.value) !== claims) return `rtc-token verifying jsonwebtoken's token: ${JSON.stringify(byUs)}`;
  const byThem = verifyOutcome(jsonwebtoken, ours, c.publicPem, options, 'sync', NOW_MS);
  if (JSON.stringify(byThem.value) !== claims) return `jsonwebtoken verifying rtc-token's token: ${JSON.stringify(byThem)}`;
  return true;
};

/** Runs `selected` through `api`, prints the counts (and the mismatches), fails once. */
function differential(t, label, api, relaxed, selected) {
  const started = performance.now();
  const tally = new Tally(label);
  const cross = crossCheck(api);
  for (const c of selected) {
    const actual =
      c.op === 'verify'
        ? verifyOutcome(api, c.token, c.value, OPTION_SETS[c.options](c.alg), c.via, NOW_MS)
        : signOutcome(api, PAYLOAD, c.value, { algorithm: c.alg }, NOW_MS);
    tally.record(c, actual, judge(c, actual, { relaxed, cross }));
  }
  for (const line of tally.summary()) t.diagnostic(line);
  t.diagnostic(`${Math.round(performance.now() - started)} ms`);
  if (tally.mismatches.length > 0) console.log([`${label}: ${tally.mismatches.length} mismatches; the first 20:`, ...tally.report(20)].join('\n'));
  assert.equal(tally.forgeriesAccepted, 0, `${tally.forgeriesAccepted} forged tokens accepted (listed above)`);
  assert.equal(tally.mismatches.length, 0, `${tally.mismatches.length} outcomes differ from jsonwebtoken's (listed above)`);
}

for (const [form, api, relaxed] of [
  ['import', forms.import, false],
  ['wasm-only', wasmOnly, true],
]) {
  test(`${form}('rtc-token'): HMAC tokens forged with key material are refused as jsonwebtoken refuses them`, (t) => {
    differential(t, `${form}, forged HMAC tokens`, api, relaxed, cases.filter((c) => c.op === 'verify'));
  });
  test(`${form}('rtc-token'): sign with every private input and algorithm gives jsonwebtoken's outcome`, (t) => {
    differential(t, `${form}, sign`, api, relaxed, cases.filter((c) => c.op === 'sign'));
  });
}
