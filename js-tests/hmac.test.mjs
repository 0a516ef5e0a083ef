// rtc-token/hmac, the HMAC-only entry, and the main entry's two cores.
//
// - The HS vectors (sign, verify, decode) through rtc-token/hmac, by require and by import: every
//   token byte for byte, every error class and message.
// - The asymmetric vectors through rtc-token/hmac: each gives the vector's own result (errors met
//   before the key, secrets) or the documented error where a key must be parsed; never a token.
// - One set of error classes across entries.
// - The main entry starts only the HMAC-only core for HS use and the full core for an RS256 key
//   (a diagnostic, not a timing), and the call that meets the small core's sentinel leaves nothing
//   visible before it runs again on the full core: mutatePayload writes, callbacks, getSecret.
//   Each of those runs in a fresh process, where the full core has not been started yet.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import * as hmacEsm from 'rtc-token/hmac';
import * as mainEsm from 'rtc-token';
import { atTime, jsonwebtoken, outcome, secretOf, vectors } from './helpers.mjs';
import { keyValue as keyOf } from './vectors/key-spec.mjs';

const require = createRequire(import.meta.url);
const forms = { import: hmacEsm, require: require('rtc-token/hmac') };
const asymmetric = JSON.parse(readFileSync(new URL('./vectors/asymmetric.json', import.meta.url), 'utf8'));
const keyValue = (spec) => keyOf(spec, (ref) => asymmetric.keys[ref]);
const keyFile = (name) => readFileSync(new URL(`./vectors/keys/${name}`, import.meta.url), 'utf8');

/** The documented refusal (README, "rtc-token/hmac"; index.d.ts). */
const refusal = (role) =>
  `${role} is not an HMAC secret: rtc-token/hmac reads only HMAC secrets (a string or Buffer without a PEM block, or a secret KeyObject); import 'rtc-token' for PEM, DER, JWK and asymmetric KeyObject keys`;

/** True when `error` is the documented refusal for sign (`Error`) or verify (`JsonWebTokenError`). */
function isRefusal(error, op) {
  if (op === 'sign') return error?.constructor === Error && error.message === refusal('secretOrPrivateKey');
  return error instanceof mainEsm.JsonWebTokenError && error.name === 'JsonWebTokenError' && error.message === refusal('secretOrPublicKey');
}

function payloadOf(spec) {
  if (spec.type === 'object') return JSON.parse(spec.json);
  if (spec.type === 'buffer') return Buffer.from(spec.base64, 'base64');
  return spec.value;
}

/** A key the full core would have to parse: PEM text or bytes (the vectors give no other form). */
const isPem = (spec) => typeof spec?.value === 'string' && spec.value.includes('-----BEGIN ');

function assertOutcome(name, result, expected, pem, op) {
  if (pem && isRefusal(result.error, op)) return 'refused';
  if (expected.error) {
    assert.ok(result.error, `${name}: expected ${expected.error.name}, got ${JSON.stringify(result.value)}`);
    assert.equal(result.error.name, expected.error.name, `${name}: class`);
    if (expected.error.name !== 'SyntaxError') assert.equal(result.error.message, expected.error.message, `${name}: message`);
  } else {
    assert.deepEqual(result.value, op === 'sign' ? expected.token : expected.result, `${name}: ${result.error}`);
  }
  return 'same';
}

for (const [form, api] of Object.entries(forms)) {
  describe(`HS vectors through ${form}('rtc-token/hmac')`, () => {
    test('sign: every token byte for byte, every error; a PEM key only ever gets the documented error', () => {
      const cases = vectors('sign');
      assert.ok(cases.length >= 100);
      for (const c of cases) {
        const result = atTime(c.now, () => outcome(() => api.sign(payloadOf(c.payload), secretOf(c.secret), c.options)));
        assertOutcome(c.name, result, c.expected, isPem(c.secret), 'sign');
      }
    });

    test('verify: every result and error', () => {
      const cases = vectors('verify');
      assert.ok(cases.length >= 80);
      for (const c of cases) {
        const result = atTime(c.now, () => outcome(() => api.verify(c.token, secretOf(c.secret), c.options)));
        assertOutcome(c.name, result, c.expected, isPem(c.secret), 'verify');
      }
    });

    test('decode: every result', () => {
      for (const c of vectors('decode')) {
        const result = outcome(() => api.decode(c.token, c.options));
        if (c.expected.error) assert.equal(result.error?.name, c.expected.error.name, c.name);
        else assert.deepEqual(result.value, c.expected.result, c.name);
      }
    });

    test('asymmetric vectors: the vector\'s own result, or the documented error where a key must be parsed; never a token', () => {
      let refused = 0;
      for (const c of asymmetric.cases) {
        const key = keyValue(c.key);
        const result = atTime(c.now, () =>
          outcome(() => (c.op === 'sign' ? api.sign(JSON.parse(c.payload), key, c.options) : api.verify(c.token, key, c.options))),
        );
        if (isRefusal(result.error, c.op)) {
          assert.notEqual(c.key.as, 'secret', `${c.name}: a plain secret was refused`);
          refused++;
          continue;
        }
        if (!result.error) {
          // No key to parse (alg none, an HMAC secret): the vector's own result, exactly.
          assert.deepEqual(result.value, c.op === 'sign' ? c.expected.token : c.expected.result, c.name);
          continue;
        }
        assert.ok(c.expected.error, `${c.name}: ${result.error}`);
        assert.equal(result.error.name, c.expected.error.name, c.name);
        assert.equal(result.error.message, c.expected.error.message, c.name);
      }
      assert.ok(refused >= 150, `${refused} refusals`);
    });

    test('every key form that needs the full core is refused, for every call that takes a key', () => {
      const pem = keyFile('rsa2048.pkcs8.pem');
      const keys = {
        'PEM string': pem,
        'PEM Buffer': Buffer.from(pem),
        'private KeyObject': crypto.createPrivateKey(pem),
        'public KeyObject': crypto.createPublicKey(pem),
        JWK: crypto.createPrivateKey(pem).export({ format: 'jwk' }),
        '{ key, passphrase }': { key: pem, passphrase: 'unused' },
      };
      const token = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'] }, 'secret');
      for (const [name, key] of Object.entries(keys)) {
        assert.ok(isRefusal(outcome(() => api.sign({ a: 1 }, key, { algorithm: 'RS256' })).error, 'sign'), `sign, ${name}`);
        assert.ok(isRefusal(outcome(() => api.verify(token, key)).error, 'verify'), `verify, ${name}`);
        assert.ok(isRefusal(outcome(() => api.generateToken({ apikey: 'k', permissions: ['allow_join'] }, key)).error, 'sign'), `generateToken, ${name}`);
        // The room-side check hands the refusal through as it is (it is not a refusal of the token).
        assert.ok(isRefusal(outcome(() => api.verifyAccessToken(token, key)).error, 'verify'), `verifyAccessToken, ${name}`);
        let called = 0;
        api.verify(token, key, {}, (error) => {
          called++;
          assert.ok(isRefusal(error, 'verify'), `verify callback, ${name}`);
        });
        assert.equal(called, 1);
      }
      // A secret KeyObject is a secret: no parsing, the same token as jsonwebtoken.
      const secret = crypto.createSecretKey(Buffer.from('shhhhh'));
      assert.equal(atTime(1700000000, () => api.sign({ a: 1 }, secret)), atTime(1700000000, () => jsonwebtoken.sign({ a: 1 }, secret)));
    });

    test('the refusal writes nothing into the payload (mutatePayload)', () => {
      const payload = { a: 1 };
      const result = outcome(() => api.sign(payload, keyFile('rsa2048.pkcs8.pem'), { algorithm: 'RS256', expiresIn: 60, mutatePayload: true }));
      assert.ok(isRefusal(result.error, 'sign'));
      assert.deepEqual(payload, { a: 1 });
    });
  });
}

test('one set of error classes: rtc-token/hmac\'s errors are instances of rtc-token\'s classes', () => {
  for (const api of Object.values(forms)) {
    for (const name of ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']) assert.equal(api[name], mainEsm[name], name);
    const error = outcome(() => api.verify(jsonwebtoken.sign({ a: 1 }, 'secret'), 'wrong')).error;
    assert.ok(error instanceof mainEsm.JsonWebTokenError);
    assert.ok(error instanceof require('rtc-token').JsonWebTokenError);
    assert.equal(api.default.sign, api.sign);
  }
});

/** Runs an ES module in a fresh Node process (resolving rtc-token from js-tests/); its last line is JSON. */
function fresh(code) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: new URL('.', import.meta.url), encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

const PEM = JSON.stringify(keyFile('rsa2048.pkcs8.pem'));
const SPKI = JSON.stringify(keyFile('rsa2048.spki.pem'));

describe('the main entry\'s cores (fresh processes)', () => {
  test('HS-only use never starts the full core; an RS256 key does, and rtc-token/hmac stays HMAC-only', () => {
    for (const load of ["import * as jwt from 'rtc-token';", "import { createRequire } from 'node:module'; const jwt = createRequire(import.meta.url)('rtc-token');"]) {
      const out = fresh(`${load}
        const hmac = await import('rtc-token/hmac');
        const at = [jwt.__coresStarted()];
        const token = jwt.sign({ a: 1 }, 'secret', { algorithm: 'HS512' });
        jwt.verify(token, Buffer.from('secret'));
        jwt.decode(token, { complete: true });
        jwt.generateToken({ apikey: 'k', permissions: ['allow_join'] }, 'secret');
        try { jwt.verify(token, 'wrong'); } catch {}
        at.push(jwt.__coresStarted());
        const rs = jwt.sign({ a: 1 }, ${PEM}, { algorithm: 'RS256' });
        at.push(jwt.__coresStarted(), hmac.__coresStarted());
        console.log(JSON.stringify({ at, rs, claims: jwt.verify(rs, ${SPKI}), hs: jwt.sign({ a: 1 }, 'secret', { noTimestamp: true }) }));
      `);
      assert.deepEqual(out.at, [['hmac'], ['hmac'], ['hmac', 'full'], ['hmac']]);
      assert.deepEqual(jsonwebtoken.verify(out.rs, keyFile('rsa2048.spki.pem')), out.claims);
      assert.equal(out.hs, jsonwebtoken.sign({ a: 1 }, 'secret', { noTimestamp: true }), 'HS on the full core, after it started');
    }
  });

  test('the first RS256 sign: mutatePayload writes once, exactly as jsonwebtoken; the callback runs once, later', () => {
    const out = fresh(`import * as jwt from 'rtc-token';
      const payload = { a: 1, iat: 1700000000 };
      const calls = [];
      let sync = true;
      jwt.sign(payload, ${PEM}, { algorithm: 'RS256', expiresIn: 60, audience: 'x', mutatePayload: true }, (error, token) => {
        calls.push({ error: error && error.message, token, sync, cores: jwt.__coresStarted() });
      });
      sync = false;
      await new Promise((resolve) => setTimeout(resolve, 50));
      console.log(JSON.stringify({ payload, keys: Object.keys(payload), calls }));
    `);
    const reference = { a: 1, iat: 1700000000 };
    const token = jsonwebtoken.sign(reference, keyFile('rsa2048.pkcs8.pem'), { algorithm: 'RS256', expiresIn: 60, audience: 'x', mutatePayload: true });
    assert.deepEqual(out.payload, reference);
    assert.deepEqual(out.keys, Object.keys(reference));
    assert.deepEqual(out.calls, [{ error: null, token, sync: false, cores: ['hmac', 'full'] }]);
  });

  test('the first failing RS256 sign: jsonwebtoken\'s writes before the failure, once; the error callback once', () => {
    const out = fresh(`import * as jwt from 'rtc-token';
      const payload = { a: 1 };
      const calls = [];
      jwt.sign(payload, ${PEM}, { algorithm: 'RS256', expiresIn: 'forever', mutatePayload: true }, (error) => calls.push(error.message));
      const shape = Object.entries(payload).map(([name, value]) => [name, typeof value]);
      console.log(JSON.stringify({ shape, calls }));
    `);
    const reference = { a: 1 };
    let message;
    try {
      jsonwebtoken.sign(reference, keyFile('rsa2048.pkcs8.pem'), { algorithm: 'RS256', expiresIn: 'forever', mutatePayload: true });
    } catch (error) {
      message = error.message;
    }
    // jsonwebtoken wrote iat, then assigned exp = undefined, then failed.
    assert.deepEqual(out.shape, Object.entries(reference).map(([name, value]) => [name, typeof value]));
    assert.deepEqual(out.shape, [['a', 'number'], ['iat', 'number'], ['exp', 'undefined']]);
    assert.deepEqual(out.calls, [message]);
  });

  test('the first RS256 verify through getSecret: getSecret and the callback each run once', () => {
    const token = jsonwebtoken.sign({ a: 1 }, keyFile('rsa2048.pkcs8.pem'), { algorithm: 'RS256', noTimestamp: true });
    const out = fresh(`import * as jwt from 'rtc-token';
      let asked = 0;
      const calls = [];
      jwt.verify(${JSON.stringify(token)}, (header, done) => { asked++; done(null, ${SPKI}); }, {}, (error, claims) => calls.push({ error: error && error.message, claims }));
      console.log(JSON.stringify({ asked, calls, cores: jwt.__coresStarted() }));
    `);
    assert.deepEqual(out, { asked: 1, calls: [{ error: null, claims: { a: 1 } }], cores: ['hmac', 'full'] });
  });

  test('the first PEM key in the room-side check: the full core\'s verdict, as one refusal', () => {
    const token = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'] }, 'secret');
    const out = fresh(`import * as jwt from 'rtc-token';
      try { jwt.verifyAccessToken(${JSON.stringify(token)}, ${SPKI}); } catch (error) {
        console.log(JSON.stringify({ message: error.message, inner: error.inner && error.inner.message, cores: jwt.__coresStarted() }));
      }
    `);
    assert.deepEqual(out, {
      message: 'Token is invalid or expired',
      inner: 'secretOrPublicKey must be a symmetric key when using HS256',
      cores: ['hmac', 'full'],
    });
  });
});
