// The expectations every runtime row is held to, computed here in Node by the real npm
import { readFileSync } from 'node:fs';
import { atTime } from '../clock.mjs';
// jsonwebtoken 9.0.3 under a frozen clock, then handed to each runtime as a generated module
// (`export default {…}`), which Node, Bun, Deno (no read permission needed for imports) and a
// bundled Worker all load the same way.

/** Seconds since the epoch the fixture is made at; `nowMs` adds 123 ms as the vectors do. */
export const NOW = 1700000000;

const SEED = {
  apikey: 'a3b5f4c6-7d8e-4f90-a1b2-c3d4e5f6a7b8',
  permissions: ['allow_join'],
  version: 2,
  roomId: '2kyv-gzay-64pg',
  participantId: 'lxvdplwt',
  roles: ['rtc'],
};

/**
 * @param {typeof import('jsonwebtoken')} jwt the reference implementation
 * @returns {object} the fixture: secrets, sign/verify/decode cases with jsonwebtoken's results
 */
export function makeFixture(jwt) {
  const secrets = { text: 'rtc-token runtime suite secret', bytes: [...Array(32).keys()].map((i) => (i * 37 + 11) & 255) };
  const secretOf = (which) => (which === 'bytes' ? Buffer.from(secrets.bytes) : secrets.text);
  const at = (fn, seconds = NOW) => atTime(seconds, fn);

  const signCase = (name, payload, secret, options) => ({
    name,
    payload,
    secret,
    options,
    token: at(() => jwt.sign(payload, secretOf(secret), options)),
  });
  const sign = [
    signCase('HS256 120m (the VideoSDK snippet)', SEED, 'text', { expiresIn: '120m', algorithm: 'HS256' }),
    signCase('HS384 registered claims', { apikey: 'k', permissions: ['ask_join'] }, 'text', {
      algorithm: 'HS384',
      expiresIn: '24h',
      notBefore: 30,
      audience: ['rooms', 'recordings'],
      issuer: 'rtc-token-tests',
      subject: 'participant-7',
      keyid: 'key-2026',
    }),
    signCase('HS512 byte secret, unicode', { name: 'Zoë 😀', n: 1.5e-7, big: 1e21 }, 'bytes', { algorithm: 'HS512', noTimestamp: true }),
    signCase('string payload', 'a plain string payload', 'text', {}),
  ];

  const token = sign[0].token;
  const verifyCase = (name, tokenText, secret, options) => {
    const result = at(() => {
      try {
        return { value: jwt.verify(tokenText, secretOf(secret), options) };
      } catch (error) {
        return { error: errorShape(error) };
      }
    });
    return { name, token: tokenText, secret, options, expected: result };
  };
  const verify = [
    verifyCase('valid', token, 'text', { algorithms: ['HS256'] }),
    verifyCase('complete', token, 'text', { complete: true }),
    verifyCase('bytes secret', sign[2].token, 'bytes', { algorithms: ['HS512'] }),
    verifyCase('expired', at(() => jwt.sign(SEED, secrets.text, { expiresIn: 60 }), NOW - 3600), 'text', {}),
    verifyCase('not before', at(() => jwt.sign(SEED, secrets.text, { notBefore: '2h' })), 'text', {}),
    // Signed with the text secret, checked with the byte secret.
    verifyCase('invalid signature', token, 'bytes', {}),
    // clockTimestamp: past that token's notBefore (30 s), so the audience check is reached.
    verifyCase('audience mismatch', sign[1].token, 'text', { audience: 'billing', clockTimestamp: NOW + 60 }),
    verifyCase('algorithm not allowed', token, 'text', { algorithms: ['HS512'] }),
    verifyCase('malformed', 'not.a.jwt', 'text', {}),
  ];
  for (const c of verify) if (c.expected.error === undefined && c.expected.value === undefined) throw new Error(`fixture case ${c.name} has no outcome`);

  const decode = [
    { name: 'payload', token, options: undefined },
    { name: 'complete', token, options: { complete: true } },
    { name: 'not a token', token: 'nonsense', options: undefined },
  ].map((c) => ({ ...c, expected: jwt.decode(c.token, c.options) }));

  const signError = { name: 'bad expiresIn', payload: SEED, secret: 'text', options: { expiresIn: 'forever' } };
  signError.error = errorShape(caught(() => jwt.sign(signError.payload, secretOf('text'), signError.options)));

  // An RS256 key: the main entry loads its full core for it (inside the request, in workerd), and
  // rtc-token/hmac refuses it with its documented errors (README, "rtc-token/hmac").
  const keys = new URL('../vectors/keys/', import.meta.url);
  const privateKey = readFileSync(new URL('rsa2048.pkcs8.pem', keys), 'utf8');
  const publicKey = readFileSync(new URL('rsa2048.spki.pem', keys), 'utf8');
  const rsToken = at(() => jwt.sign(SEED, privateKey, { algorithm: 'RS256', expiresIn: '120m' }));
  const hmacOnly = (role) =>
    `${role} is not an HMAC secret: rtc-token/hmac reads only HMAC secrets (a string or Buffer without a PEM block, or a secret KeyObject); import 'rtc-token' for PEM, DER, JWK and asymmetric KeyObject keys`;
  const rs256 = {
    payload: SEED,
    privateKey,
    publicKey,
    options: { algorithm: 'RS256', expiresIn: '120m' },
    token: rsToken,
    claims: at(() => jwt.verify(rsToken, publicKey)),
    // sign's key errors are plain Errors in jsonwebtoken, verify's JsonWebTokenErrors.
    hmacSignError: errorShape(new Error(hmacOnly('secretOrPrivateKey'))),
    hmacVerifyError: errorShape(new jwt.JsonWebTokenError(hmacOnly('secretOrPublicKey'))),
  };

  return {
    nowMs: NOW * 1000 + 123,
    rs256,
    secrets,
    sign,
    verify,
    decode,
    signError,
    asymmetric: asymmetricCases(jwt, at),
    uuid: { payload: SEED, options: { expiresIn: '120m', algorithm: 'HS256' } },
  };
}

/**
 * How many checks conformance.mjs runs on `fixture` through `entry`: one per sign, verify and
 * decode case, plus the exports, the default export, generateToken, the sign error, four callback
 * checks, the RS256 key (the main entry's full core; rtc-token/hmac's documented refusal) and the
 * uuid jwtid; and, for the main entry, one per asymmetric sign, verify and round trip case.
 */
export function conformanceChecks(fixture, entry = 'rtc-token') {
  const { sign, verify, decode, asymmetric } = fixture;
  const base = sign.length + verify.length + decode.length + 10;
  if (entry === 'rtc-token/hmac') return base;
  return base + asymmetric.sign.length + asymmetric.verify.length + asymmetric.roundTrip.length;
}

/**
 * RS/PS/ES/EdDSA with PEM strings, which node:crypto signs and checks where the runtime has it
 * (Node, Bun, Deno) and the wasm primitive elsewhere (workerd). RS256 is deterministic: the token
 * must be jsonwebtoken's. Round trips return their tokens, which the runner checks in Node.
 */
function asymmetricCases(jwt, at) {
  const pem = (name) => readFileSync(new URL(`../vectors/keys/${name}`, import.meta.url), 'utf8');
  const keys = Object.fromEntries(
    ['rsa2048', 'p256', 'ed25519'].map((name) => [name, { private: pem(`${name}.pkcs8.pem`), public: pem(`${name}.spki.pem`) }]),
  );
  const payload = { apikey: SEED.apikey, permissions: SEED.permissions, sub: 'asymmetric' };
  const token = (alg, key, options = {}) => at(() => jwt.sign(payload, keys[key].private, { algorithm: alg, ...options }));
  const verifyCase = (name, tokenText, key, options) => {
    const expected = at(() => {
      try {
        return { value: jwt.verify(tokenText, keys[key].public, options) };
      } catch (error) {
        return { error: errorShape(error) };
      }
    });
    return { name, token: tokenText, key, options, expected };
  };
  const es256 = token('ES256', 'p256');
  // One character of the signature changed (not the last, whose low bits may be unused).
  const tampered = es256.slice(0, -5) + (es256.at(-5) === 'A' ? 'B' : 'A') + es256.slice(-4);
  return {
    keys,
    payload,
    iat: NOW,
    sign: [{ name: 'RS256', alg: 'RS256', key: 'rsa2048', token: token('RS256', 'rsa2048', { expiresIn: '1h' }), options: { algorithm: 'RS256', expiresIn: '1h' } }],
    verify: [
      verifyCase('ES256', es256, 'p256', { algorithms: ['ES256'] }),
      verifyCase('PS256', token('PS256', 'rsa2048'), 'rsa2048', { algorithms: ['PS256'] }),
      verifyCase('ES256 tampered', tampered, 'p256', { algorithms: ['ES256'] }),
      verifyCase('RS256 expired', at(() => jwt.sign(payload, keys.rsa2048.private, { algorithm: 'RS256', expiresIn: 60 }), NOW - 3600), 'rsa2048', {}),
    ],
    roundTrip: [
      { alg: 'PS256', key: 'rsa2048' },
      { alg: 'ES256', key: 'p256' },
      { alg: 'EdDSA', key: 'ed25519' },
    ],
  };
}

function caught(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('jsonwebtoken did not throw where the fixture expects an error');
}

/** What the runtimes compare: jsonwebtoken's class name, message, Object.keys, JSON text. */
function errorShape(error) {
  return { name: error.name, message: error.message, keys: Object.keys(error), json: JSON.stringify(error) };
}
