// RS/PS/ES/EdDSA signatures through node:crypto (pkg-template/boundary/host-signature.mjs): that Node
// takes that path for every algorithm and key form (the package's own counters say so, no
// timing), that it gives what the wasm primitive gives (a second instance of the package with
// no node:crypto, as workerd and browsers run it: RS and EdDSA byte for byte, PS and ES
// verified both ways and by jsonwebtoken), that a token changed in any one character is refused
// with the wasm primitive's very error, that HMAC and `none` never reach it, and that a key
// node:crypto cannot read, or reads as another key, is declined and signed in wasm.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { atTime, forms, jsonwebtoken, NOW, outcome, wasmOnly } from './helpers.mjs';

const api = forms.require;
const keyFile = (name) => readFileSync(new URL(`./vectors/keys/${name}`, import.meta.url), 'utf8');
const jwkFile = (name) => JSON.parse(keyFile(name));
const PAYLOAD = { apikey: 'k', permissions: ['allow_join'], version: 2 };

const ALGORITHMS = [
  ['RS256', 'rsa2048'],
  ['RS384', 'rsa2048'],
  ['RS512', 'rsa2048'],
  ['PS256', 'rsa2048'],
  ['PS384', 'rsa2048'],
  ['PS512', 'rsa2048'],
  ['ES256', 'p256'],
  ['ES384', 'p384'],
  ['ES512', 'p521'],
  ['EdDSA', 'ed25519'],
];
const deterministic = (alg) => alg.startsWith('RS') || alg === 'EdDSA';

/** Every form a key can take, private and public. */
function keyForms(name) {
  const privatePem = keyFile(`${name}.pkcs8.pem`);
  const publicPem = keyFile(`${name}.spki.pem`);
  const privateObject = crypto.createPrivateKey(privatePem);
  return {
    private: {
      'PEM string': privatePem,
      Buffer: Buffer.from(privatePem),
      KeyObject: privateObject,
      'bare JWK': jwkFile(`${name}.private.jwk.json`),
      '{ key: jwk, format }': { key: jwkFile(`${name}.private.jwk.json`), format: 'jwk' },
      '{ key: der, format, type }': { key: privateObject.export({ format: 'der', type: 'pkcs8' }), format: 'der', type: 'pkcs8' },
    },
    public: {
      'PEM string': publicPem,
      Buffer: Buffer.from(publicPem),
      KeyObject: crypto.createPublicKey(publicPem),
      'bare JWK': jwkFile(`${name}.public.jwk.json`),
    },
  };
}

/** Runs `fn` and returns it with how the package's counters moved meanwhile. */
function counted(fn) {
  const before = api.__hostSignatures();
  const value = fn();
  const after = api.__hostSignatures();
  return { value, moved: { signed: after.signed - before.signed, verified: after.verified - before.verified, declined: after.declined - before.declined } };
}

const at = (fn) => atTime(NOW, fn);

describe('asymmetric signatures through node:crypto', () => {
  for (const [alg, name] of ALGORITHMS) {
    test(`${alg}: every key form signs and verifies in node:crypto, as the wasm primitive does`, () => {
      const keys = keyForms(name);
      const publicKey = keys.public.KeyObject;
      const inWasm = at(() => wasmOnly.sign(PAYLOAD, keys.private['PEM string'], { algorithm: alg }));
      for (const [form, key] of Object.entries(keys.private)) {
        const { value: token, moved } = counted(() => at(() => api.sign(PAYLOAD, key, { algorithm: alg })));
        assert.deepEqual(moved, { signed: 1, verified: 0, declined: 0 }, `${form}: signed by node:crypto`);
        if (deterministic(alg)) assert.equal(token, inWasm, `${form}: byte for byte the wasm primitive's token`);
        else assert.deepEqual(at(() => wasmOnly.verify(token, publicKey, { algorithms: [alg] })), { ...PAYLOAD, iat: NOW }, form);
        if (alg !== 'EdDSA') assert.deepEqual(at(() => jsonwebtoken.verify(token, publicKey)), { ...PAYLOAD, iat: NOW }, form);
      }
      for (const [form, key] of Object.entries(keys.public)) {
        const { value: claims, moved } = counted(() => at(() => api.verify(inWasm, key, { algorithms: [alg] })));
        assert.deepEqual(moved, { signed: 0, verified: 1, declined: 0 }, `${form}: checked by node:crypto`);
        assert.deepEqual(claims, { ...PAYLOAD, iat: NOW }, form);
      }
    });
  }

  test('generateToken, mutatePayload and both callback forms take the same path', async () => {
    const pem = keyFile('rsa2048.pkcs8.pem');
    const { value: token, moved } = counted(() => at(() => api.generateToken(PAYLOAD, pem, { algorithm: 'RS256' })));
    assert.deepEqual(moved, { signed: 1, verified: 0, declined: 0 });
    assert.equal(token, at(() => wasmOnly.generateToken(PAYLOAD, pem, { algorithm: 'RS256' })));

    const payload = { ...PAYLOAD };
    const mutated = at(() => api.sign(payload, pem, { algorithm: 'RS256', expiresIn: 60, mutatePayload: true }));
    assert.deepEqual(payload, { ...PAYLOAD, iat: NOW, exp: NOW + 60 });
    assert.equal(mutated, at(() => wasmOnly.sign({ ...PAYLOAD }, pem, { algorithm: 'RS256', expiresIn: 60 })));

    const signed = at(() => api.sign(PAYLOAD, pem, { algorithm: 'RS256' }));
    let sync = true;
    const later = new Promise((resolve) => at(() => api.sign(PAYLOAD, pem, { algorithm: 'RS256' }, (error, t) => resolve({ error, t, sync }))));
    sync = false;
    assert.deepEqual(await later, { error: null, t: signed, sync: false }, 'the token arrives on a later tick, as in jsonwebtoken');
    let got;
    at(() => api.verify(signed, keyFile('rsa2048.spki.pem'), (error, claims) => (got = { error, claims })));
    assert.deepEqual(got, { error: null, claims: { ...PAYLOAD, iat: NOW } }, 'verify calls back synchronously');
  });

  for (const [alg, name] of [['RS256', 'rsa2048'], ['PS256', 'rsa2048'], ['ES256', 'p256'], ['EdDSA', 'ed25519']]) {
    test(`${alg}: a token changed in any one character is refused, with the wasm primitive's error`, () => {
      const publicPem = keyFile(`${name}.spki.pem`);
      const token = at(() => api.sign({ ...PAYLOAD, exp: NOW + 60 }, keyFile(`${name}.pkcs8.pem`), { algorithm: alg }));
      const shape = (result) => (result.error ? `${result.error.name}: ${result.error.message}` : 'ACCEPTED');
      let asked = 0;
      for (let i = 0; i < token.length; i++) {
        const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
        const { value: ours, moved } = counted(() => at(() => outcome(() => api.verify(changed, publicPem, { algorithms: [alg] }))));
        assert.notEqual(shape(ours), 'ACCEPTED', `character ${i}`);
        assert.equal(moved.declined, 0);
        asked += moved.verified;
        const theirs = at(() => outcome(() => wasmOnly.verify(changed, publicPem, { algorithms: [alg] })));
        assert.equal(shape(ours), shape(theirs), `character ${i}`);
      }
      // Every change to the signature reaches node:crypto, but one to the last character's unused
      // bits (refused by its form first); many to the header and payload end before.
      const signatureLength = token.length - token.lastIndexOf('.') - 1;
      assert.ok(asked >= signatureLength - 1, `node:crypto checked ${asked} of ${token.length}`);
    });
  }

  test('HMAC and none never reach node:crypto', () => {
    const { moved } = counted(() => {
      for (const alg of ['HS256', 'HS384', 'HS512']) {
        for (const secret of ['secret', Buffer.from('secret'), crypto.createSecretKey(Buffer.from('secret'))]) {
          const token = at(() => api.sign(PAYLOAD, secret, { algorithm: alg }));
          assert.deepEqual(at(() => api.verify(token, secret)), { ...PAYLOAD, iat: NOW });
          const forged = `${token.slice(0, token.lastIndexOf('.'))}.${'A'.repeat(43)}`;
          assert.throws(() => at(() => api.verify(forged, secret)), { message: 'invalid signature' });
        }
      }
      const unsigned = at(() => api.sign(PAYLOAD, undefined, { algorithm: 'none' }));
      assert.deepEqual(at(() => api.verify(unsigned, undefined, { algorithms: ['none'] })), { ...PAYLOAD, iat: NOW });
      // A public key never serves as an HMAC secret (algorithm confusion), and is not asked about.
      const hs = at(() => jsonwebtoken.sign(PAYLOAD, keyFile('rsa2048.spki.pem'), { algorithm: 'HS256', allowInvalidAsymmetricKeyTypes: true }));
      assert.throws(() => at(() => api.verify(hs, keyFile('rsa2048.spki.pem'))), { message: 'invalid algorithm' });
      const access = at(() => api.generateToken({ apikey: 'k', permissions: ['allow_join'] }, 'secret'));
      assert.equal(at(() => api.verifyAccessToken(access, 'secret')).claims.apikey, 'k');
    });
    assert.deepEqual(moved, { signed: 0, verified: 0, declined: 0 });
  });

  test('an RSA-PSS key stays in wasm: node:crypto exports no JWK to prove it holds the same key', () => {
    const { value: token, moved } = counted(() => at(() => api.sign(PAYLOAD, keyFile('rsapss2048-sha256.pkcs8.pem'), { algorithm: 'PS256' })));
    assert.deepEqual(moved, { signed: 0, verified: 0, declined: 0 });
    assert.deepEqual(at(() => jsonwebtoken.verify(token, keyFile('rsapss2048-sha256.spki.pem'))), { ...PAYLOAD, iat: NOW });
  });

  test('a key node:crypto cannot read is declined, and signed in wasm with the same result', () => {
    // Node's JWK import wants the CRT parameters; the core reads a key from n, e, d, p, q.
    const { dp, dq, qi, ...short } = jwkFile('rsa2048.private.jwk.json');
    assert.ok(dp && dq && qi);
    const { value: token, moved } = counted(() => at(() => api.sign(PAYLOAD, short, { algorithm: 'RS256' })));
    assert.deepEqual(moved, { signed: 0, verified: 0, declined: 1 });
    assert.equal(token, at(() => api.sign(PAYLOAD, keyFile('rsa2048.pkcs8.pem'), { algorithm: 'RS256' })));
  });

  test('a key node:crypto reads as another key than the core checked is declined', () => {
    // toJSON: the core reads key A (through JSON.stringify), node:crypto reads the members: key B.
    const jwkOf = (pem) => crypto.createPrivateKey(pem).export({ format: 'jwk' });
    const [a, b] = [jwkOf(keyFile('p256.pkcs8.pem')), jwkOf(keyFile('p256-other.pkcs8.pem'))];
    const { value: token, moved } = counted(() => at(() => api.sign(PAYLOAD, { ...b, toJSON: () => a }, { algorithm: 'ES256' })));
    assert.deepEqual(moved, { signed: 0, verified: 0, declined: 1 });
    assert.deepEqual(at(() => jsonwebtoken.verify(token, keyFile('p256.spki.pem'))), { ...PAYLOAD, iat: NOW });
    assert.throws(() => at(() => jsonwebtoken.verify(token, keyFile('p256-other.spki.pem'))), { message: 'invalid signature' });

    const { x, y, crv, kty } = b;
    const publicA = { kty, crv, x: a.x, y: a.y };
    const verified = counted(() => at(() => api.verify(token, { kty, crv, x, y, toJSON: () => publicA }, { algorithms: ['ES256'] })));
    assert.deepEqual(verified.moved, { signed: 0, verified: 0, declined: 1 });
    assert.deepEqual(verified.value, { ...PAYLOAD, iat: NOW }, 'checked in wasm with the key the core checked');
  });
});
