// The hot calls cross through memory regions the JavaScript layer fills (pkg-template/boundary/regions.mjs,
// src/wasm/regions.rs); an options text stays in its region between calls and is written again
// only when it changes. Whatever the order of calls, options and sizes, each call must see its
// own options: every token equals jsonwebtoken's, every verify answers as jsonwebtoken does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atTime, bothPrimitives, jsonwebtoken, random } from './helpers.mjs';

const NOW = 1_700_000_000;
const SECRET = 'regions-secret';

const SIGN_OPTIONS = [
  { expiresIn: '120m', algorithm: 'HS256' },
  { expiresIn: 60, algorithm: 'HS384', issuer: 'a' },
  { algorithm: 'HS512', audience: ['x', 'y'], noTimestamp: true },
  {},
  // Longer than an options region: travels with the other arguments.
  { expiresIn: '1h', header: { kid: 'k'.repeat(5000) } },
  // Ones that fail: the region still holds a known text afterwards.
  { expiresIn: 'soon' },
  { algorithm: 'HS999' },
];
const VERIFY_OPTIONS = [
  { algorithms: ['HS256'] },
  { algorithms: ['HS384'] },
  { algorithms: ['HS256', 'HS384', 'HS512'], audience: 'x' },
  { issuer: 'a', ignoreExpiration: true },
  { algorithms: ['HS512'], audience: 'y'.repeat(5000) },
  {},
];

/** The same call's outcome from both libraries: the value, or the error's class and message. */
function outcome(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: `${error.name}: ${error.message}` };
  }
}

for (const [form, api] of Object.entries(bothPrimitives)) {
  test(`options in their regions, any order (${form})`, () => {
    const next = random(7);
    const pick = (list) => list[Math.floor(next() * list.length)];
    atTime(NOW, () => {
      const tokens = SIGN_OPTIONS.map((options) => outcome(() => jsonwebtoken.sign({ n: 1 }, SECRET, options)).value).filter(Boolean);
      for (let i = 0; i < 600; i++) {
        const call = pick(['sign', 'sign', 'generateToken', 'verify', 'verify']);
        if (call === 'verify') {
          const token = pick(tokens);
          const options = pick(VERIFY_OPTIONS);
          const expected = outcome(() => jsonwebtoken.verify(token, SECRET, options));
          assert.deepEqual(outcome(() => api.verify(token, SECRET, options)), expected, `verify ${i} ${JSON.stringify(options).slice(0, 80)}`);
        } else if (call === 'sign') {
          const options = pick(SIGN_OPTIONS);
          const payload = { n: i };
          const expected = outcome(() => jsonwebtoken.sign({ ...payload }, SECRET, options));
          assert.deepEqual(outcome(() => api.sign(payload, SECRET, options)), expected, `sign ${i} ${JSON.stringify(options).slice(0, 80)}`);
        } else {
          // generateToken shares sign's region; its plan differs from sign's for the same text.
          const options = pick([{ expiresIn: '120m', algorithm: 'HS256' }, {}]);
          const payload = { apikey: 'k', permissions: ['allow_join'] };
          const expected = jsonwebtoken.sign({ ...payload }, SECRET, { expiresIn: '120m', ...options });
          assert.equal(api.generateToken(payload, SECRET, options), expected, `generateToken ${i}`);
        }
      }
    });
  });
}
