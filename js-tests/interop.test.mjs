// Cross-verification with independent implementations: our tokens verify with jsonwebtoken and
// jose, theirs verify with ours to the same claims, and what they refuse we refuse with
// jsonwebtoken's error.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { SignJWT, jwtVerify } from 'jose';
import { NOW, againstReference, atTime, forms, jsonwebtoken } from './helpers.mjs';

const SECRET = 'interop-secret: long enough for jose to take it for HS512, too';
const joseKey = new TextEncoder().encode(SECRET);
const ALGORITHMS = ['HS256', 'HS384', 'HS512'];
const AT_NOW = new Date(NOW * 1000);
const LIFETIME = 3600;

const payloads = {
  'plain claims': { sub: 'user-1', n: 42 },
  'a VideoSDK access token': {
    apikey: 'b0f4d3c2-6a1e-4f8b-9c3d-2e5a7b1c9d0f',
    permissions: ['allow_join', 'allow_mod'],
    version: 2,
    roomId: '2kyv-gzay-64pg',
    participantId: 'lxvdplwt',
    roles: ['rtc'],
  },
  'unicode and nesting': { name: 'Zoë 🚀 "quoted" \\ ☃', nested: { list: [1, 'two', null, true, 1.5], empty: {} } },
  'audience list and issuer': { aud: ['rooms', 'recordings'], iss: 'https://issuer.example' },
};

/** The claims a token for `payload` signed at NOW with a LIFETIME expiry carries. */
const claimsAtNow = (payload) => ({ ...payload, iat: NOW, exp: NOW + LIFETIME });

const joseSign = (payload, alg, header = {}) =>
  new SignJWT(payload)
    .setProtectedHeader({ ...header, alg })
    .setIssuedAt(NOW)
    .setExpirationTime(NOW + LIFETIME)
    .sign(joseKey);

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `token` with the character at `position` of part `part` replaced by its neighbour (low bit flipped). */
function flipCharacter(token, part, position) {
  const parts = token.split('.');
  const text = parts[part];
  const at = position < 0 ? text.length + position : position;
  const swapped = BASE64URL[BASE64URL.indexOf(text[at]) ^ 1];
  parts[part] = text.slice(0, at) + swapped + text.slice(at + 1);
  return parts.join('.');
}

const encodeJson = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `token` with its header replaced by `header` (the signature left as it was). */
const withHeader = (token, header) => [encodeJson(header), ...token.split('.').slice(1)].join('.');

/** `token` with its payload replaced by `payload` (the signature left as it was). */
const withPayload = (token, payload) => {
  const [header, , signature] = token.split('.');
  return [header, encodeJson(payload), signature].join('.');
};

/** An unsigned token built by hand: `alg: none`, and `signature` (empty by default). */
const handBuiltNone = (payload, signature = '') => `${encodeJson({ alg: 'none', typ: 'JWT' })}.${encodeJson(payload)}.${signature}`;

/** Asserts that `call` fails for jsonwebtoken, and fails for ours with the same class and message. */
function assertRefusedLikeReference(api, call) {
  const { expected, actual } = againstReference(api, call);
  assert.ok(expected.class, `premise: jsonwebtoken refuses (got ${JSON.stringify(expected)})`);
  assert.deepEqual(actual, expected);
}

for (const [form, api] of Object.entries(forms)) {
  describe(`interop through ${form}('rtc-token')`, () => {
    for (const alg of ALGORITHMS) {
      describe(alg, () => {
        for (const [label, payload] of Object.entries(payloads)) {
          test(`our token for ${label} verifies with jsonwebtoken and jose`, async () => {
            const token = atTime(NOW, () => api.sign(payload, SECRET, { algorithm: alg, expiresIn: LIFETIME }));
            const byJsonwebtoken = atTime(NOW, () => jsonwebtoken.verify(token, SECRET, { algorithms: [alg] }));
            const byJose = await jwtVerify(token, joseKey, { algorithms: [alg], currentDate: AT_NOW });
            assert.deepEqual(byJsonwebtoken, claimsAtNow(payload));
            assert.deepEqual(byJose.payload, claimsAtNow(payload));
            assert.deepEqual(byJose.protectedHeader, { alg, typ: 'JWT' });
          });

          test(`jsonwebtoken's token for ${label} verifies with ours to the same claims`, () => {
            const token = atTime(NOW, () => jsonwebtoken.sign(payload, SECRET, { algorithm: alg, expiresIn: LIFETIME }));
            const claims = atTime(NOW, () => api.verify(token, SECRET, { algorithms: [alg] }));
            assert.deepEqual(claims, atTime(NOW, () => jsonwebtoken.verify(token, SECRET)));
            assert.deepEqual(claims, claimsAtNow(payload));
          });

          test(`jose's token for ${label} verifies with ours to the same claims and header`, async () => {
            const token = await joseSign(payload, alg, { kid: 'key-1' });
            const joseResult = await jwtVerify(token, joseKey, { currentDate: AT_NOW });
            const complete = atTime(NOW, () => api.verify(token, SECRET, { complete: true }));
            assert.deepEqual(complete.payload, joseResult.payload);
            assert.deepEqual(complete.payload, claimsAtNow(payload));
            assert.deepEqual(complete.header, joseResult.protectedHeader);
            assert.equal(complete.signature, token.split('.')[2]);
            assert.deepEqual(complete, atTime(NOW, () => jsonwebtoken.verify(token, SECRET, { complete: true })));
          });
        }

        test('random-byte secrets: jose (Uint8Array) and ours (Buffer) agree both ways', async () => {
          const bytes = randomBytes(64);
          const fromJose = await new SignJWT({ a: 1 }).setProtectedHeader({ alg }).setIssuedAt(NOW).sign(bytes);
          assert.deepEqual(atTime(NOW, () => api.verify(fromJose, bytes)), { a: 1, iat: NOW });
          const ours = atTime(NOW, () => api.sign({ a: 1 }, bytes, { algorithm: alg }));
          const { payload } = await jwtVerify(ours, new Uint8Array(bytes), { currentDate: AT_NOW });
          assert.deepEqual(payload, { a: 1, iat: NOW });
        });

        describe('refused as jsonwebtoken refuses them', () => {
          const token = atTime(NOW, () => jsonwebtoken.sign(payloads['plain claims'], SECRET, { algorithm: alg, expiresIn: LIFETIME }));
          const parts = { header: 0, payload: 1, signature: 2 };

          for (const [partName, part] of Object.entries(parts)) {
            // The last character of a signature can carry padding bits only: jws compares the
            // text, so a flip there must be refused even though the bytes decode the same.
            for (const [where, position] of [
              ['first', 0],
              ['middle', 20],
              ['last', -1],
            ]) {
              test(`${partName} with its ${where} character flipped`, () => {
                const tampered = flipCharacter(token, part, position);
                assert.notEqual(tampered, token);
                assertRefusedLikeReference(api, (lib) => lib.verify(tampered, SECRET));
              });
            }
          }

          test('payload with a flipped character inside a claim value (still valid JSON)', () => {
            // Character 13 carries the 0x10 bit of the "e" in "user-1": "user-1" → "usur-1".
            const tampered = flipCharacter(token, parts.payload, 13);
            const claims = JSON.parse(Buffer.from(tampered.split('.')[1], 'base64url').toString());
            assert.equal(claims.sub, 'usur-1', 'premise: only a claim value changed');
            assertRefusedLikeReference(api, (lib) => lib.verify(tampered, SECRET));
          });

          test('header re-encoded with an extra member', () => {
            const tampered = withHeader(token, { alg, typ: 'JWT', kid: 'injected' });
            assertRefusedLikeReference(api, (lib) => lib.verify(tampered, SECRET));
          });

          test('payload re-encoded with a changed claim', () => {
            const tampered = withPayload(token, { ...claimsAtNow(payloads['plain claims']), n: 43 });
            assertRefusedLikeReference(api, (lib) => lib.verify(tampered, SECRET));
          });

          test('jose token with a flipped payload character', async () => {
            const tampered = flipCharacter(await joseSign({ sub: 'user-1', role: 'viewer' }, alg), 1, 12);
            assertRefusedLikeReference(api, (lib) => lib.verify(tampered, SECRET));
          });

          test('signed with another secret', () => {
            const forged = atTime(NOW, () => jsonwebtoken.sign({ sub: 'user-1' }, `${SECRET}!`, { algorithm: alg }));
            assertRefusedLikeReference(api, (lib) => lib.verify(forged, SECRET));
          });

          test('alg outside the algorithms option', () => {
            const others = ALGORITHMS.filter((a) => a !== alg);
            assertRefusedLikeReference(api, (lib) => lib.verify(token, SECRET, { algorithms: others }));
          });

          test('header relabelled to alg none, signature kept, algorithms none', () => {
            const relabelled = withHeader(token, { alg: 'none', typ: 'JWT' });
            assertRefusedLikeReference(api, (lib) => lib.verify(relabelled, SECRET, { algorithms: ['none'] }));
          });
        });
      });
    }

    describe('unsigned and mislabelled tokens', () => {
      const unsigned = handBuiltNone({ sub: 'admin', iat: NOW });

      test('alg none verified with a secret', () => {
        assertRefusedLikeReference(api, (lib) => lib.verify(unsigned, SECRET));
      });

      test('alg none verified with a secret and algorithms none', () => {
        assertRefusedLikeReference(api, (lib) => lib.verify(unsigned, SECRET, { algorithms: ['none'] }));
      });

      test('alg none without a secret and without algorithms', () => {
        assertRefusedLikeReference(api, (lib) => lib.verify(unsigned, undefined));
      });

      test('alg none without a secret, algorithms HS256 only', () => {
        assertRefusedLikeReference(api, (lib) => lib.verify(unsigned, null, { algorithms: ['HS256'] }));
      });

      test('alg none with a forged signature and a secret', () => {
        const forged = handBuiltNone({ sub: 'admin' }, 'c2lnbmF0dXJl');
        assertRefusedLikeReference(api, (lib) => lib.verify(forged, SECRET));
      });

      test('an HS256 token verified with algorithms HS384', () => {
        const token = atTime(NOW, () => api.sign({ sub: 'user-1' }, SECRET));
        assertRefusedLikeReference(api, (lib) => lib.verify(token, SECRET, { algorithms: ['HS384'] }));
      });

      test('alg none accepted only without a secret and with algorithms none, as in jsonwebtoken', () => {
        const { expected, actual } = againstReference(api, (lib) => lib.verify(unsigned, undefined, { algorithms: ['none'] }));
        assert.deepEqual(expected, { value: { sub: 'admin', iat: NOW } });
        assert.deepEqual(actual, expected);
      });
    });
  });
}
