// The interoperability matrix: for every algorithm, tokens signed by rtc-token verify with npm
// jsonwebtoken, jose, fast-jwt and PyJWT, and tokens signed by each of them verify with
// rtc-token. Deterministic algorithms (HS*, RS*, EdDSA) must also be byte-identical to
// jsonwebtoken's (jose's for EdDSA) under the same clock. jsonwebtoken 9 has no EdDSA: that
// one cell is jose, fast-jwt and PyJWT only.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import * as jose from 'jose';
import { atTime, bothPrimitives, forms, jsonwebtoken, NOW } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { createSigner, createVerifier } = require('fast-jwt');
const python = new URL('../target/pyjwt/bin/python', import.meta.url).pathname;
const keyFile = (name) => readFileSync(new URL(`./vectors/keys/${name}`, import.meta.url), 'utf8');

const KEYS = { RS: 'rsa2048', PS: 'rsa2048', ES256: 'p256', ES384: 'p384', ES512: 'p521', EdDSA: 'ed25519' };
const ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const SECRET = 'interop-secret-interop-secret-interop-secret-interop-secret-0123';

function keysFor(alg) {
  if (alg.startsWith('HS')) return { privatePem: SECRET, publicPem: SECRET, privateKey: Buffer.from(SECRET), publicKey: Buffer.from(SECRET) };
  const name = KEYS[alg] ?? KEYS[alg.slice(0, 2)];
  const privatePem = keyFile(`${name}.pkcs8.pem`);
  const publicPem = keyFile(`${name}.spki.pem`);
  return { privatePem, publicPem, privateKey: crypto.createPrivateKey(privatePem), publicKey: crypto.createPublicKey(publicPem) };
}

const payloadFor = (alg) => ({ sub: `interop-${alg}`, roomId: '2kyv-gzay-64pg', permissions: ['allow_join'] });

function pyjwt(request) {
  const run = spawnSync(python, [new URL('./interop/pyjwt.py', import.meta.url).pathname], {
    input: JSON.stringify(request),
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, `PyJWT failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

test('PyJWT is installed (scripts/toolchain.sh makes target/pyjwt)', () => {
  assert.ok(existsSync(python), `${python} missing: run scripts/toolchain.sh`);
});

for (const [form, api] of Object.entries(bothPrimitives)) {
  test(`rtc-token (${form}) → jsonwebtoken, jose, fast-jwt, PyJWT: every algorithm verifies`, async () => {
    const tokens = {};
    for (const alg of ALGORITHMS) {
      const { privatePem, publicPem, publicKey } = keysFor(alg);
      const token = api.sign(payloadFor(alg), privatePem, { algorithm: alg });
      tokens[alg] = token;
      if (alg !== 'EdDSA') {
        assert.equal(jsonwebtoken.verify(token, publicPem, { algorithms: [alg] }).sub, `interop-${alg}`, `jsonwebtoken ${alg}`);
      }
      const { payload } = await jose.jwtVerify(token, publicKey, { algorithms: [alg] });
      assert.equal(payload.sub, `interop-${alg}`, `jose ${alg}`);
      const fast = createVerifier({ key: publicPem, algorithms: [alg] })(token);
      assert.equal(fast.sub, `interop-${alg}`, `fast-jwt ${alg}`);
    }
    const { verified } = pyjwt({ verify: ALGORITHMS.map((alg) => ({ alg, key: keysFor(alg).publicPem, token: tokens[alg] })) });
    ALGORITHMS.forEach((alg, i) => assert.equal(verified[i].payload?.sub, `interop-${alg}`, `PyJWT ${alg}: ${verified[i].error}`));
  });

  test(`jsonwebtoken, jose, fast-jwt, PyJWT → rtc-token (${form}): every algorithm verifies`, async () => {
    const theirs = [];
    for (const alg of ALGORITHMS) {
      const { privatePem, privateKey } = keysFor(alg);
      if (alg !== 'EdDSA') theirs.push(['jsonwebtoken', alg, jsonwebtoken.sign(payloadFor(alg), privatePem, { algorithm: alg })]);
      theirs.push(['jose', alg, await new jose.SignJWT(payloadFor(alg)).setProtectedHeader({ alg }).setIssuedAt().sign(privateKey)]);
      theirs.push(['fast-jwt', alg, createSigner({ key: privatePem, algorithm: alg })(payloadFor(alg))]);
    }
    const { signed } = pyjwt({ sign: ALGORITHMS.map((alg) => ({ alg, key: keysFor(alg).privatePem, payload: payloadFor(alg) })) });
    ALGORITHMS.forEach((alg, i) => theirs.push(['PyJWT', alg, signed[i]]));
    for (const [library, alg, token] of theirs) {
      const { publicPem, publicKey } = keysFor(alg);
      for (const key of alg.startsWith('HS') ? [publicPem] : [publicPem, publicKey]) {
        const claims = api.verify(token, key, { algorithms: [alg] });
        assert.equal(claims.sub, `interop-${alg}`, `${library} ${alg}`);
      }
      // …and a tampered copy is refused.
      const [h, , s] = token.split('.');
      const forged = `${h}.${Buffer.from(JSON.stringify({ ...payloadFor(alg), sub: 'admin' })).toString('base64url')}.${s}`;
      assert.throws(() => api.verify(forged, publicPem, { algorithms: [alg] }), { message: 'invalid signature' }, `${library} ${alg} tampered`);
    }
    assert.ok(theirs.length >= 4 * ALGORITHMS.length - 1);
  });
}

test('deterministic algorithms are byte-identical to jsonwebtoken (jose for EdDSA)', async () => {
  const api = forms.import;
  for (const alg of ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512']) {
    const { privatePem } = keysFor(alg);
    const ours = atTime(NOW, () => api.sign(payloadFor(alg), privatePem, { algorithm: alg }));
    const theirs = atTime(NOW, () => jsonwebtoken.sign(payloadFor(alg), privatePem, { algorithm: alg }));
    assert.equal(ours, theirs, alg);
  }
  const { privatePem, privateKey } = keysFor('EdDSA');
  const ours = atTime(NOW, () => forms.import.sign(payloadFor('EdDSA'), privatePem, { algorithm: 'EdDSA' }));
  const theirs = await new jose.CompactSign(Buffer.from(JSON.stringify({ ...payloadFor('EdDSA'), iat: NOW })))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .sign(privateKey);
  assert.equal(ours, theirs);
});

test('refused for every family: wrong key, wrong curve, public key to sign, algorithm confusion', () => {
  const api = forms.import;
  for (const alg of ALGORITHMS.filter((a) => !a.startsWith('HS'))) {
    const { privatePem, publicPem, publicKey } = keysFor(alg);
    const token = api.sign(payloadFor(alg), privatePem, { algorithm: alg });
    const other = { RS: 'rsa2048-other', PS: 'rsa2048-other', ES256: 'p256-other', ES384: 'p521', ES512: 'p256', EdDSA: 'ed25519-other' };
    const wrong = keyFile(`${other[alg] ?? other[alg.slice(0, 2)]}.spki.pem`);
    assert.throws(() => api.verify(token, wrong, { algorithms: [alg] }), { message: /^invalid signature$|requires curve/ }, `${alg} wrong key or curve`);
    assert.throws(() => api.sign(payloadFor(alg), publicPem, { algorithm: alg }), { message: `secretOrPrivateKey must be an asymmetric key when using ${alg}` });
    assert.throws(() => api.sign(payloadFor(alg), publicKey, { algorithm: alg }), { message: `secretOrPrivateKey must be an asymmetric key when using ${alg}` });
    // Algorithm confusion: an HS256 token made with the public key's PEM text as the secret.
    const confused = jsonwebtoken.sign(payloadFor(alg), publicPem, { algorithm: 'HS256' });
    assert.throws(() => api.verify(confused, publicPem), { name: 'JsonWebTokenError', message: 'invalid algorithm' });
    assert.throws(() => api.verify(confused, publicPem, { algorithms: ['HS256'] }), {
      message: 'secretOrPublicKey must be a symmetric key when using HS256',
    });
  }
});
