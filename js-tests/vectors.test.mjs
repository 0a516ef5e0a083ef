// The shared vectors (generated from npm jsonwebtoken 9.0.3) through the installed package, in
// both module forms. The same files are asserted by the Rust core natively and under wasm.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { atTime, forms, jsonwebtoken, outcome, secretOf, vectors } from './helpers.mjs';

function payloadOf(spec) {
  if (spec.type === 'object') return JSON.parse(spec.json);
  if (spec.type === 'buffer') return Buffer.from(spec.base64, 'base64');
  return spec.value;
}

/** Asserts an error against a vector's expectation. */
function assertError(name, error, expected) {
  assert.ok(error instanceof Error, `${name}: threw a non-Error ${error}`);
  assert.equal(error.name, expected.name, `${name}: class`);
  // SyntaxError/TypeError texts are the runtime's; ours come from the same runtime for
  // SyntaxError, and are mirrored for jsonwebtoken's own TypeErrors.
  if (expected.name !== 'SyntaxError') assert.equal(error.message, expected.message, `${name}: message`);
  if ('expiredAt' in expected) assert.equal(error.expiredAt.toISOString(), expected.expiredAt, `${name}: expiredAt`);
  if ('date' in expected) assert.equal(error.date.toISOString(), expected.date, `${name}: date`);
}

for (const [form, api] of Object.entries(forms)) {
  describe(`vectors through ${form}('rtc-token')`, () => {
    test('sign: every token byte for byte, every error class and message', () => {
      const cases = vectors('sign');
      assert.ok(cases.length >= 100);
      for (const c of cases) {
        const result = atTime(c.now, () => outcome(() => api.sign(payloadOf(c.payload), secretOf(c.secret), c.options)));
        if (c.expected.error) assertError(c.name, result.error, c.expected.error);
        else assert.equal(result.value, c.expected.token, `${c.name}: ${result.error}`);
      }
    });

    test('generateToken signs as jsonwebtoken does once the access claims and 120m default are added', () => {
      // generateToken = the access-token rules, then sign with expiresIn '120m' unless the
      // options or the payload already set an expiry. Checked against live jsonwebtoken.
      const access = { apikey: 'k', permissions: ['allow_join'] };
      let checked = 0;
      for (const c of vectors('sign').filter((c) => c.expected.token && c.payload.type === 'object')) {
        const payload = () => ({ ...access, ...JSON.parse(c.payload.json) });
        const options = c.options && typeof c.options === 'object' ? c.options : {};
        const defaulted = options.expiresIn === undefined && payload().exp === undefined ? { ...options, expiresIn: '120m' } : options;
        const expected = atTime(c.now, () => jsonwebtoken.sign(payload(), secretOf(c.secret), defaulted));
        const token = atTime(c.now, () => api.generateToken(payload(), secretOf(c.secret), c.options));
        assert.equal(token, expected, c.name);
        checked++;
      }
      assert.ok(checked >= 50, `${checked} vectors`);
    });

    test('verify: every result and error', () => {
      const cases = vectors('verify');
      assert.ok(cases.length >= 80);
      for (const c of cases) {
        const result = atTime(c.now, () => outcome(() => api.verify(c.token, secretOf(c.secret), c.options)));
        if (c.expected.error) assertError(c.name, result.error, c.expected.error);
        else assert.deepEqual(result.value, c.expected.result, `${c.name}: ${result.error}`);
      }
    });

    test('decode: every result and error', () => {
      const cases = vectors('decode');
      assert.ok(cases.length >= 40);
      for (const c of cases) {
        const result = outcome(() => api.decode(c.token, c.options));
        if (c.expected.error) assertError(c.name, result.error, c.expected.error);
        else assert.deepEqual(result.value, c.expected.result, `${c.name}: ${result.error}`);
      }
    });

    test('time spans: expiresIn reads every vector as jsonwebtoken does', () => {
      // The grammar is reached through sign's expiresIn, with the payload's iat as the base.
      // sign validates first: fractional numbers and '' are refused before any parsing.
      for (const c of vectors('timespan')) {
        const refusedBySign = c.input === '' || (typeof c.input === 'number' && !Number.isInteger(c.input));
        const result = outcome(() => api.decode(api.sign({ iat: c.iat }, 's', { expiresIn: c.input })));
        if (refusedBySign || c.expected === null) {
          assert.ok(result.error, `${c.name}: expected an expiresIn error`);
          assert.match(result.error.message, /^"expiresIn" should be a number of seconds/, c.name);
        } else {
          assert.equal(result.value.exp, c.expected, c.name);
        }
      }
    });
  });
}
