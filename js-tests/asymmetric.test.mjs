// The asymmetric vectors (RS/PS/ES from jsonwebtoken 9.0.3, EdDSA and bare JWKs from jose)
// through the installed package, in both module forms (signatures by node:crypto) and with the
// wasm primitive (as workerd and browsers run it), plus the documented differences.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { atTime, bothPrimitives, forms, jsonwebtoken, outcome } from './helpers.mjs';
import { keyValue as keyOf } from './vectors/key-spec.mjs';

const file = JSON.parse(readFileSync(new URL('./vectors/asymmetric.json', import.meta.url), 'utf8'));
const keyFile = (name) => readFileSync(new URL(`./vectors/keys/${name}`, import.meta.url), 'utf8');

const keyValue = (spec) => keyOf(spec, (ref) => file.keys[ref]);

/** The public key that checks a randomized (PS/ES) signature made with `spec`. */
function publicOf(spec) {
  const value = keyValue(spec);
  if (spec.as === 'private-keyobject') return crypto.createPublicKey(value);
  if (spec.as === 'spec' && spec.spec.format === 'jwk') return crypto.createPublicKey({ key: value.key, format: 'jwk' });
  return crypto.createPublicKey(value);
}

for (const [form, api] of Object.entries(bothPrimitives)) {
  describe(`asymmetric vectors through ${form}('rtc-token')`, () => {
    test('sign: tokens byte for byte (RS, EdDSA), verifiable PS/ES, every key-check error', () => {
      const cases = file.cases.filter((c) => c.op === 'sign');
      assert.ok(cases.length >= 80);
      for (const c of cases) {
        const result = atTime(c.now, () => outcome(() => api.sign(JSON.parse(c.payload), keyValue(c.key), c.options)));
        if (c.expected.error) {
          assert.ok(result.error, `${c.name}: expected an error, got ${result.value}`);
          assert.equal(result.error.name, c.expected.error.name, c.name);
          assert.equal(result.error.message, c.expected.error.message, c.name);
        } else if (c.expected.token) {
          assert.equal(result.value, c.expected.token, `${c.name}: ${result.error}`);
        } else {
          assert.ok(result.value?.startsWith(`${c.expected.signingInput}.`), `${c.name}: ${result.error}`);
          // Checked by jsonwebtoken itself, with the key's public half.
          const claims = atTime(c.now, () => jsonwebtoken.verify(result.value, publicOf(c.key)));
          assert.deepEqual(claims, { ...JSON.parse(c.payload), iat: c.now }, c.name);
        }
      }
    });

    test('verify: every result and error', () => {
      const cases = file.cases.filter((c) => c.op === 'verify');
      assert.ok(cases.length >= 80);
      for (const c of cases) {
        const result = atTime(c.now, () => outcome(() => api.verify(c.token, keyValue(c.key), c.options)));
        if (c.expected.error) {
          assert.ok(result.error, `${c.name}: expected an error`);
          assert.equal(result.error.name, c.expected.error.name, c.name);
          assert.equal(result.error.message, c.expected.error.message, c.name);
        } else {
          assert.deepEqual(result.value, c.expected.result, `${c.name}: ${result.error}`);
        }
      }
    });

    test('sign and verify agree with the callback forms', async () => {
      const pem = keyFile('p256.pkcs8.pem');
      const token = await new Promise((resolve, reject) =>
        api.sign({ a: 1 }, pem, { algorithm: 'ES256' }, (err, t) => (err ? reject(err) : resolve(t))));
      const claims = await new Promise((resolve, reject) =>
        api.verify(token, keyFile('p256.spki.pem'), (err, c) => (err ? reject(err) : resolve(c))));
      assert.equal(claims.a, 1);
      // getSecret(header, callback) may hand over an asymmetric key.
      const viaCallback = await new Promise((resolve, reject) =>
        api.verify(token, (header, done) => done(null, keyFile('p256.cert.pem')), (err, c) => (err ? reject(err) : resolve(c))));
      assert.equal(viaCallback.a, 1);
    });
  });
}

describe('documented differences from jsonwebtoken', () => {
  const api = forms.import;
  test('legacy OpenSSL-encrypted PEM with a passphrase: a clear error (jsonwebtoken signs)', () => {
    const key = { key: keyFile('rsa2048.legacy-encrypted.pem'), passphrase: keyFile('passphrase.txt').trim() };
    assert.ok(jsonwebtoken.sign({}, key, { algorithm: 'RS256' }));
    assert.throws(() => api.sign({}, key, { algorithm: 'RS256' }), {
      name: 'Error',
      message: /legacy OpenSSL-encrypted PEM .*ENCRYPTED PRIVATE KEY/,
    });
    // Re-encrypted as PKCS#8 it works, and the message never holds the passphrase.
    const pkcs8 = crypto.createPrivateKey(key).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'p' });
    assert.ok(api.sign({}, { key: pkcs8, passphrase: 'p' }, { algorithm: 'RS256' }));
  });

  test('EdDSA (jsonwebtoken refuses the name) signs and verifies, only when algorithms lists it', () => {
    const token = api.sign({ a: 1 }, keyFile('ed25519.pkcs8.pem'), { algorithm: 'EdDSA' });
    assert.throws(() => jsonwebtoken.sign({ a: 1 }, keyFile('ed25519.pkcs8.pem'), { algorithm: 'EdDSA' }), /"algorithm" must be a valid string enum value/);
    assert.equal(api.verify(token, keyFile('ed25519.spki.pem'), { algorithms: ['EdDSA'] }).a, 1);
    assert.throws(() => api.verify(token, keyFile('ed25519.spki.pem')), { name: 'JsonWebTokenError', message: 'invalid algorithm' });
    assert.throws(() => api.sign({}, 'secret', { algorithm: 'EdDSA' }), {
      message: 'secretOrPrivateKey must be an asymmetric key when using EdDSA',
    });
  });

  test('a bare JWK object is a key (jsonwebtoken: "not valid key material")', () => {
    const jwk = JSON.parse(keyFile('p256.private.jwk.json'));
    assert.throws(() => jsonwebtoken.sign({}, jwk, { algorithm: 'ES256' }), /not valid key material/);
    const token = api.sign({ a: 1 }, jwk, { algorithm: 'ES256' });
    assert.equal(api.verify(token, JSON.parse(keyFile('p256.public.jwk.json'))).a, 1);
    const { kty, k } = { kty: 'oct', k: Buffer.from('shhhhh').toString('base64url') };
    assert.equal(api.verify(jsonwebtoken.sign({ b: 2 }, 'shhhhh'), { kty, k }).b, 2);
  });

  test('allowInvalidAsymmetricKeyTypes never signs with a mismatched key', () => {
    assert.throws(() => api.sign({}, keyFile('p384.pkcs8.pem'), { algorithm: 'ES256', allowInvalidAsymmetricKeyTypes: true }), {
      name: 'Error',
      message: /cannot sign ES256 with a ec \(secp384r1\) key/,
    });
  });
});

test('key errors never echo key material', () => {
  const api = forms.import;
  const secretish = keyFile('rsa2048.pkcs8.pem');
  for (const call of [
    () => api.sign({}, { key: secretish.slice(0, 200) + 'garbage', passphrase: 'hunter2' }, { algorithm: 'RS256' }),
    () => api.verify(jsonwebtoken.sign({}, 's'), secretish, { algorithms: ['HS256'] }),
  ]) {
    const { error } = outcome(call);
    assert.ok(error);
    assert.ok(!error.message.includes('MII') && !error.message.includes('hunter2'), error.message);
  }
});
