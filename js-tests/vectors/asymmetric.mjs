// The asymmetric vectors (asymmetric.json): RS/PS/ES with every key form jsonwebtoken 9.0.3
// takes, its key checks and their messages, and EdDSA/bare-JWK cases (beyond jsonwebtoken)
// from jose 6. Called by generate.mjs; keys are the committed fixtures in ./keys/.
// A `source: "jose"` verify case expects jose's own answer: its payload, or its refusal as it
// threw it (`jose: { code, name, message }`) with `expected.error` in jsonwebtoken's words for
// that fault (asked of jsonwebtoken itself; see inJsonwebtokenWords), as rtc-token's errors are
// jsonwebtoken's.
//
// Each case's key is described so that both test suites can rebuild the exact argument:
//   { as: 'string' | 'buffer', ref }                 the fixture file's text / bytes
//   { as: 'private-keyobject' | 'public-keyobject', ref, der }   KeyObject of the PEM; `der`
//                                                    is its PKCS#8/SPKI export (what crosses
//                                                    the wasm boundary)
//   { as: 'jwk', ref }                               the fixture JWK object itself
//   { as: 'spec', spec: {…}, head, tail }            a `{ key, passphrase, format, type }`
//                                                    object: `spec` with `keyRef`/`keyDer`,
//                                                    and the boundary head/tail bytes
//   { as: 'secret', value }                          a plain string secret
// PS*/ES* signatures are randomized (node:crypto cannot seed them): their sign cases expect the
// first two token segments and a signature that verifies; their verify tokens are inputs kept
// from the committed asymmetric.json while each is still the same case as a fresh token (see
// committedToken), so that regenerating gives the same bytes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { atTime } from '../clock.mjs';
import { keyValue as keyOf } from './key-spec.mjs';

const require = createRequire(import.meta.url);
const jwt = require('jsonwebtoken');
const HERE = path.dirname(fileURLToPath(import.meta.url));
const KEYS = path.join(HERE, 'keys');
const NOW = 1700000000;
const PASSPHRASE = fs.readFileSync(path.join(KEYS, 'passphrase.txt'), 'utf8').trim();
const PAYLOAD = { sub: 'participant-1', roomId: '2kyv-gzay-64pg', permissions: ['allow_join'] };

const keys = {};
const text = (ref) => {
  keys[ref] ??= fs.readFileSync(path.join(KEYS, ref), 'utf8');
  return keys[ref];
};
const RANDOMIZED = /^(PS|ES)/;

const keyValue = (spec) => keyOf(spec, text);

const str = (ref) => (text(ref), { as: 'string', ref });
const buf = (ref) => (text(ref), { as: 'buffer', ref });
const jwk = (ref) => (text(ref), { as: 'jwk', ref });
const secret = (value) => ({ as: 'secret', value });
function keyObject(kind, ref) {
  const key = kind === 'private' ? crypto.createPrivateKey(text(ref)) : crypto.createPublicKey(text(ref));
  const der = key.export({ format: 'der', type: kind === 'private' ? 'pkcs8' : 'spki' }).toString('base64');
  return { as: `${kind}-keyobject`, ref, der };
}
/** The DER of a PEM fixture's first block, as base64 (for `{ format: 'der' }` specs). */
const derOf = (ref) => text(ref).split('\n').filter((line) => line && !line.startsWith('-----')).join('');

/** A `{ key, … }` object, with the bytes the JS layer sends for it (boundary/describe.mjs). */
function spec(fields) {
  const value = keyValue({ as: 'spec', spec: fields });
  const head = { format: value.format, type: value.type };
  if (typeof value.passphrase === 'string') head.passphrase = value.passphrase;
  let tail = '';
  if (Buffer.isBuffer(value.key)) {
    head.keyBytes = true;
    tail = value.key.toString('base64');
  } else head.key = value.key;
  return { as: 'spec', spec: fields, head: JSON.stringify(head), tail };
}

function capture(fn) {
  try {
    return { result: fn() };
  } catch (err) {
    return { error: { name: err.name, message: err.message } };
  }
}

const previous = (() => {
  try {
    const file = JSON.parse(fs.readFileSync(path.join(HERE, 'asymmetric.json'), 'utf8'));
    return new Map(file.cases.map((c) => [c.name, c]));
  } catch {
    return new Map();
  }
})();

function signCase(name, key, options, source = 'jsonwebtoken') {
  const outcome = atTime(NOW, () => capture(() => jwt.sign(PAYLOAD, keyValue(key), options)));
  return finishSign({ name, op: 'sign', source, now: NOW, payload: JSON.stringify(PAYLOAD), key, options }, outcome);
}

function finishSign(c, outcome) {
  if (outcome.error) return { ...c, expected: { error: outcome.error } };
  const token = outcome.result;
  const alg = JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).alg;
  if (RANDOMIZED.test(alg)) return { ...c, expected: { signingInput: token.split('.').slice(0, 2).join('.') } };
  return { ...c, expected: { token } };
}

const signingInput = (token) => token.slice(0, token.lastIndexOf('.'));

/**
 * The committed file's token for case `name` when it differs from `fresh` only in its signature.
 * The caller keeps it only if the reference answers the same for both: a hand-edited token is
 * then replaced by a fresh one, and js-tests/vectors-fresh.test.mjs sees the difference.
 */
function committedToken(name, fresh) {
  const old = previous.get(name);
  if (old?.op !== 'verify' || typeof old.token !== 'string' || old.token === fresh) return undefined;
  return signingInput(old.token) === signingInput(fresh) ? old.token : undefined;
}

/** A verify case: jsonwebtoken's answer for the token `makeToken` gives (or the committed one). */
function verifyCase(name, makeToken, key, options = {}, source = 'jsonwebtoken') {
  const answer = (token) => atTime(NOW + 10, () => capture(() => jwt.verify(token, keyValue(key), options)));
  const fresh = makeToken();
  const old = committedToken(name, fresh);
  const token = old !== undefined && isDeepStrictEqual(answer(old), answer(fresh)) ? old : fresh;
  return { name, op: 'verify', source, now: NOW + 10, token, key, options, expected: answer(token) };
}

const signWith = (ref, alg, extra = {}) => () =>
  atTime(NOW, () => jwt.sign(PAYLOAD, text(ref), { algorithm: alg, ...extra }));

/** An HS token keyed by a key fixture's text, made by hand (jsonwebtoken refuses a private key). */
const forgeWith = (ref, alg) => () => {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part({ alg, typ: 'JWT' })}.${part({ ...PAYLOAD, iat: NOW })}`;
  return `${input}.${crypto.createHmac(`sha${alg.slice(2)}`, text(ref)).update(input).digest('base64url')}`;
};

/** EdDSA through jose (jsonwebtoken 9 has no EdDSA); deterministic, so the bytes are jose's. */
async function joseEdDSA(privateRef) {
  const jose = await import('jose');
  const key = crypto.createPrivateKey(text(privateRef));
  return new jose.CompactSign(Buffer.from(JSON.stringify({ ...PAYLOAD, iat: NOW })))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .sign(key);
}

function tamper(token) {
  const [h, , s] = token.split('.');
  return `${h}.${Buffer.from(JSON.stringify({ ...PAYLOAD, iat: NOW, admin: true })).toString('base64url')}.${s}`;
}

export async function asymmetricVectors() {
  const cases = [];
  const rsaForms = [
    ['PKCS#8 PEM string', str('rsa2048.pkcs8.pem')],
    ['PKCS#1 PEM string', str('rsa2048.pkcs1.pem')],
    ['PKCS#8 PEM Buffer', buf('rsa2048.pkcs8.pem')],
    ['private KeyObject', keyObject('private', 'rsa2048.pkcs8.pem')],
    ['encrypted PKCS#8 with passphrase', spec({ keyRef: 'rsa2048.encrypted-pkcs8.pem', passphrase: PASSPHRASE })],
    ['{ key: jwk, format: jwk }', spec({ keyJwk: 'rsa2048.private.jwk.json', format: 'jwk' })],
    ['{ key: DER, format: der, type: pkcs8 }', spec({ keyDer: crypto.createPrivateKey(text('rsa2048.pkcs8.pem')).export({ format: 'der', type: 'pkcs8' }).toString('base64'), format: 'der', type: 'pkcs8' })],
  ];
  for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']) {
    for (const [form, key] of rsaForms) cases.push(signCase(`sign ${alg} with RSA ${form}`, key, { algorithm: alg }));
  }
  const ecForms = {
    ES256: ['p256', [['PKCS#8 PEM', str('p256.pkcs8.pem')], ['SEC1 PEM', str('p256.sec1.pem')], ['private KeyObject', keyObject('private', 'p256.pkcs8.pem')], ['{ key: jwk, format: jwk }', spec({ keyJwk: 'p256.private.jwk.json', format: 'jwk' })]]],
    ES384: ['p384', [['PKCS#8 PEM', str('p384.pkcs8.pem')], ['PKCS#8 Buffer', buf('p384.pkcs8.pem')]]],
    ES512: ['p521', [['PKCS#8 PEM', str('p521.pkcs8.pem')], ['SEC1 PEM', str('p521.sec1.pem')], ['private KeyObject', keyObject('private', 'p521.pkcs8.pem')]]],
  };
  for (const [alg, [, forms]] of Object.entries(ecForms)) {
    for (const [form, key] of forms) cases.push(signCase(`sign ${alg} with ${form}`, key, { algorithm: alg }));
  }
  cases.push(
    signCase('sign PS256 with an RSA-PSS key (sha256 params)', str('rsapss2048-sha256.pkcs8.pem'), { algorithm: 'PS256' }),
    signCase('sign PS512 with an RSA-PSS key (sha512 params)', str('rsapss2048-sha512.pkcs8.pem'), { algorithm: 'PS512' }),
    signCase('sign RS256 with keyid and header', str('rsa2048.pkcs8.pem'), { algorithm: 'RS256', keyid: 'k1', header: { x5t: 'abc' } }),
    signCase('sign RS256 with a 1024-bit key and allowInsecureKeySizes', str('rsa1024.pkcs8.pem'), { algorithm: 'RS256', allowInsecureKeySizes: true }),
    signCase('sign HS256 with a certificate PEM (a secret to jsonwebtoken)', str('rsa2048.cert.pem'), { algorithm: 'HS256' }),
    signCase('sign HS256 with an encrypted PEM and no passphrase (a secret)', str('rsa2048.encrypted-pkcs8.pem'), { algorithm: 'HS256' }),
    signCase('sign none with no key', { as: 'none' }, { algorithm: 'none' }),
    // key checks
    signCase('sign HS256 with an RSA private key', str('rsa2048.pkcs8.pem'), { algorithm: 'HS256' }),
    signCase('sign HS384 with an EC private KeyObject', keyObject('private', 'p256.pkcs8.pem'), { algorithm: 'HS384' }),
    signCase('sign HS256 with an Ed25519 private key', str('ed25519.pkcs8.pem'), { algorithm: 'HS256' }),
    signCase('sign RS256 with a public PEM (a secret to createPrivateKey)', str('rsa2048.spki.pem'), { algorithm: 'RS256' }),
    signCase('sign RS256 with a public KeyObject', keyObject('public', 'rsa2048.spki.pem'), { algorithm: 'RS256' }),
    signCase('sign ES256 with a public KeyObject', keyObject('public', 'p256.spki.pem'), { algorithm: 'ES256' }),
    signCase('sign RS256 with a certificate', str('rsa2048.cert.pem'), { algorithm: 'RS256' }),
    signCase('sign RS256 with an encrypted PEM and no passphrase', str('rsa2048.encrypted-pkcs8.pem'), { algorithm: 'RS256' }),
    signCase('sign RS256 with a wrong passphrase', spec({ keyRef: 'rsa2048.encrypted-pkcs8.pem', passphrase: 'wrong' }), { algorithm: 'RS256' }),
    signCase('sign RS256 with a public JWK in { format: jwk }', spec({ keyJwk: 'rsa2048.public.jwk.json', format: 'jwk' }), { algorithm: 'RS256' }),
    signCase('sign RS256 with { key } of no key', spec({ keyRef: 'passphrase.txt' }), { algorithm: 'RS256' }),
    signCase('sign RS256 with a string secret', secret('shhhhh'), { algorithm: 'RS256' }),
    signCase('sign RS256 with a 1024-bit key', str('rsa1024.pkcs8.pem'), { algorithm: 'RS256' }),
    signCase('sign PS512 with a 1024-bit key', str('rsa1024.pkcs8.pem'), { algorithm: 'PS512' }),
    signCase('sign ES256 with an RSA key', str('rsa2048.pkcs8.pem'), { algorithm: 'ES256' }),
    signCase('sign RS256 with an EC key', str('p256.pkcs8.pem'), { algorithm: 'RS256' }),
    signCase('sign PS256 with an EC key', str('p256.sec1.pem'), { algorithm: 'PS256' }),
    signCase('sign ES256 with a P-384 key', str('p384.pkcs8.pem'), { algorithm: 'ES256' }),
    signCase('sign ES384 with a P-521 key', str('p521.pkcs8.pem'), { algorithm: 'ES384' }),
    signCase('sign ES512 with a P-256 key', str('p256.pkcs8.pem'), { algorithm: 'ES512' }),
    signCase('sign ES256 with a secp256k1 key', str('secp256k1.pkcs8.pem'), { algorithm: 'ES256' }),
    signCase('sign RS256 with an RSA-PSS key', str('rsapss2048-sha256.pkcs8.pem'), { algorithm: 'RS256' }),
    signCase('sign PS384 with an RSA-PSS sha256 key', str('rsapss2048-sha256.pkcs8.pem'), { algorithm: 'PS384' }),
    signCase('sign PS256 with an RSA-PSS sha512 key', str('rsapss2048-sha512.pkcs8.pem'), { algorithm: 'PS256' }),
    signCase('sign PS256 with an RSA-PSS key without parameters', str('rsapss2048-bare.pkcs8.pem'), { algorithm: 'PS256' }),
    signCase('sign RS256 with an Ed25519 key', str('ed25519.pkcs8.pem'), { algorithm: 'RS256' }),
    signCase('sign ES256 with an X25519 key', str('x25519.pkcs8.pem'), { algorithm: 'ES256' }),
    signCase('sign none with an RSA private key', str('rsa2048.pkcs8.pem'), { algorithm: 'none' }),
    signCase('sign none with an RSA key and allowInvalidAsymmetricKeyTypes', str('rsa2048.pkcs8.pem'), { algorithm: 'none', allowInvalidAsymmetricKeyTypes: true }),
  );

  // Key types and curves rtc-token cannot sign with: jsonwebtoken's key errors, never an HMAC
  // token keyed by the PEM text. Explicit curve parameters of P-256/384/521 sign as those curves.
  const unusable = ['dsa2048.pkcs8.pem', 'dsa2048.traditional.pem', 'dh-modp14.pkcs8.pem', 'p224.pkcs8.pem', 'p224-explicit.sec1.pem', 'p192.pkcs8.pem', 'sect163k1.pkcs8.pem', 'x448.pkcs8.pem', 'ed448.pkcs8.pem', 'p256-explicit.pkcs8.pem'];
  for (const ref of unusable) {
    cases.push(signCase(`sign HS256 with ${ref}`, str(ref), { algorithm: 'HS256' }));
    cases.push(signCase(`sign HS512 with ${ref} as a Buffer`, buf(ref), { algorithm: 'HS512' }));
    cases.push(signCase(`sign ES256 with ${ref}`, str(ref), { algorithm: 'ES256' }));
    cases.push(signCase(`sign RS256 with ${ref}`, str(ref), { algorithm: 'RS256' }));
  }
  cases.push(
    signCase('sign ES256 with an explicit-parameter P-256 SEC1 PEM', str('p256-explicit.sec1.pem'), { algorithm: 'ES256' }),
    signCase('sign ES384 with an explicit-parameter P-384 PKCS#8 PEM', str('p384-explicit.pkcs8.pem'), { algorithm: 'ES384' }),
    signCase('sign ES512 with an explicit-parameter P-521 SEC1 PEM', str('p521-explicit.sec1.pem'), { algorithm: 'ES512' }),
    signCase('sign ES512 with an explicit-parameter P-521 private KeyObject', keyObject('private', 'p521-explicit.pkcs8.pem'), { algorithm: 'ES512' }),
    signCase('sign ES256 with an explicit-parameter P-256 DER { format: der, type: sec1 }', spec({ keyDer: derOf('p256-explicit.sec1.pem'), format: 'der', type: 'sec1' }), { algorithm: 'ES256' }),
    signCase('sign ES384 with an explicit-parameter P-256 key', str('p256-explicit.sec1.pem'), { algorithm: 'ES384' }),
    signCase('sign HS256 with a DSA private KeyObject', keyObject('private', 'dsa2048.pkcs8.pem'), { algorithm: 'HS256' }),
    signCase('sign RS256 with a DH private KeyObject', keyObject('private', 'dh-modp14.pkcs8.pem'), { algorithm: 'RS256' }),
    signCase('sign HS256 with a P-224 DER { format: der, type: pkcs8 }', spec({ keyDer: derOf('p224.pkcs8.pem'), format: 'der', type: 'pkcs8' }), { algorithm: 'HS256' }),
  );

  // EdDSA and bare JWKs: beyond jsonwebtoken, bytes from jose.
  const eddsa = await joseEdDSA('ed25519.pkcs8.pem');
  const joseSign = (name, key, options, token) => ({
    name, op: 'sign', source: 'jose', now: NOW, payload: JSON.stringify(PAYLOAD), key, options, expected: { token },
  });
  cases.push(
    joseSign('sign EdDSA with an Ed25519 PKCS#8 PEM', str('ed25519.pkcs8.pem'), { algorithm: 'EdDSA' }, eddsa),
    joseSign('sign EdDSA with an Ed25519 private KeyObject', keyObject('private', 'ed25519.pkcs8.pem'), { algorithm: 'EdDSA' }, eddsa),
    joseSign('sign EdDSA with an Ed25519 private JWK', jwk('ed25519.private.jwk.json'), { algorithm: 'EdDSA' }, eddsa),
    { ...signCase('sign RS256 with a bare private JWK', jwk('rsa2048.private.jwk.json'), { algorithm: 'RS256' }), source: 'jose' },
  );
  // The bare-JWK token equals jsonwebtoken's with the same key as PEM.
  const bare = cases.at(-1);
  bare.expected = finishSign({}, atTime(NOW, () => capture(() => jwt.sign(PAYLOAD, text('rsa2048.pkcs8.pem'), { algorithm: 'RS256' })))).expected;

  // ---- verify ----
  const publicForms = (name) => [
    ['SPKI PEM', str(`${name}.spki.pem`)],
    ['SPKI Buffer', buf(`${name}.spki.pem`)],
    ['public KeyObject', keyObject('public', `${name}.spki.pem`)],
    ['private PEM', str(`${name}.pkcs8.pem`)],
  ];
  for (const alg of ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']) {
    const make = signWith('rsa2048.pkcs8.pem', alg);
    for (const [form, key] of publicForms('rsa2048')) {
      cases.push(verifyCase(`verify ${alg} with RSA ${form}`, make, key));
    }
    cases.push(verifyCase(`verify ${alg} with the wrong RSA key`, make, str('rsa2048-other.spki.pem')));
    cases.push(verifyCase(`verify ${alg} tampered`, () => tamper(make()), str('rsa2048.spki.pem')));
  }
  cases.push(
    verifyCase('verify RS256 with a PKCS#1 public PEM', signWith('rsa2048.pkcs8.pem', 'RS256'), str('rsa2048.pkcs1-public.pem')),
    verifyCase('verify RS256 with a certificate', signWith('rsa2048.pkcs8.pem', 'RS256'), str('rsa2048.cert.pem')),
    verifyCase('verify RS256 with a public JWK in { format: jwk }', signWith('rsa2048.pkcs8.pem', 'RS256'), spec({ keyJwk: 'rsa2048.public.jwk.json', format: 'jwk' })),
    verifyCase('verify RS256 with an encrypted PKCS#8 and passphrase', signWith('rsa2048.pkcs8.pem', 'RS256'), spec({ keyRef: 'rsa2048.encrypted-pkcs8.pem', passphrase: PASSPHRASE })),
    verifyCase('verify RS256 with a private KeyObject', signWith('rsa2048.pkcs8.pem', 'RS256'), keyObject('private', 'rsa2048.pkcs8.pem')),
    verifyCase('verify RS256 with explicit algorithms', signWith('rsa2048.pkcs8.pem', 'RS256'), str('rsa2048.spki.pem'), { algorithms: ['RS256'] }),
    verifyCase('verify RS256 with algorithms ES256 only', signWith('rsa2048.pkcs8.pem', 'RS256'), str('rsa2048.spki.pem'), { algorithms: ['ES256'] }),
    verifyCase('verify RS256 with an EC key (default algorithms)', signWith('rsa2048.pkcs8.pem', 'RS256'), str('p256.spki.pem')),
    verifyCase('verify RS256 with an EC key (algorithms RS256)', signWith('rsa2048.pkcs8.pem', 'RS256'), str('p256.spki.pem'), { algorithms: ['RS256'] }),
    verifyCase('verify RS256 with an RSA-PSS key', signWith('rsa2048.pkcs8.pem', 'RS256'), str('rsapss2048-sha256.spki.pem'), { algorithms: ['RS256'] }),
    verifyCase('verify RS256 with an Ed25519 key', signWith('rsa2048.pkcs8.pem', 'RS256'), str('ed25519.spki.pem'), { algorithms: ['RS256'] }),
    verifyCase('verify RS256 with an Ed25519 key, default algorithms', signWith('rsa2048.pkcs8.pem', 'RS256'), str('ed25519.spki.pem')),
    verifyCase('verify RS256 with a string secret', signWith('rsa2048.pkcs8.pem', 'RS256'), secret('shhhhh'), { algorithms: ['RS256'] }),
    verifyCase('verify RS256 from a 1024-bit key', signWith('rsa1024.pkcs8.pem', 'RS256', { allowInsecureKeySizes: true }), str('rsa1024.spki.pem')),
    verifyCase('verify PS256 with an RSA-PSS key', signWith('rsapss2048-sha256.pkcs8.pem', 'PS256'), str('rsapss2048-sha256.spki.pem')),
    verifyCase('verify PS384 with an RSA-PSS sha256 key', signWith('rsa2048.pkcs8.pem', 'PS384'), str('rsapss2048-sha256.spki.pem')),
    verifyCase('verify PS256 with an RSA-PSS key without parameters', signWith('rsa2048.pkcs8.pem', 'PS256'), str('rsapss2048-bare.spki.pem')),
    // algorithm confusion: the RSA public key PEM text used as an HMAC secret
    verifyCase('verify HS256 signed with the RSA public PEM as secret (default algorithms)', signWith('rsa2048.spki.pem', 'HS256'), str('rsa2048.spki.pem')),
    verifyCase('verify HS256 signed with the RSA public PEM as secret (algorithms HS256)', signWith('rsa2048.spki.pem', 'HS256'), str('rsa2048.spki.pem'), { algorithms: ['HS256'] }),
    verifyCase('verify HS256 signed with the EC public PEM as secret (algorithms HS256)', signWith('p256.spki.pem', 'HS256'), buf('p256.spki.pem'), { algorithms: ['HS256'] }),
    verifyCase('verify HS256 signed with the RSA public PEM, public KeyObject', signWith('rsa2048.spki.pem', 'HS256'), keyObject('public', 'rsa2048.spki.pem'), { algorithms: ['HS256', 'RS256'] }),
    verifyCase('verify HS256 signed with the certificate as secret (algorithms HS256)', signWith('rsa2048.cert.pem', 'HS256'), str('rsa2048.cert.pem'), { algorithms: ['HS256'] }),
  );
  // Public keys of every type Node reads: an HS token keyed by their text is refused, with and
  // without `algorithms`; ES tokens verify under explicit curve parameters; RSA keys past the
  // rsa crate's bounds are still RSA keys.
  const materials = ['dsa2048.spki.pem', 'dsa2048.cert.pem', 'dsa2048.pkcs8.pem', 'dsa2048.traditional.pem', 'dh-modp14.spki.pem', 'p224.spki.pem', 'p224.cert.pem', 'p224-explicit.spki.pem', 'p192.spki.pem', 'sect163k1.spki.pem', 'x448.spki.pem', 'ed448.spki.pem', 'p256-explicit.spki.pem', 'rsa2048-e2pow40.spki.pem', 'rsa16800.spki.pem'];
  for (const ref of materials) {
    const forged = forgeWith(ref, 'HS256');
    cases.push(verifyCase(`verify HS256 forged with ${ref} (default algorithms)`, forged, str(ref)));
    cases.push(verifyCase(`verify HS256 forged with ${ref} (algorithms HS256)`, forged, buf(ref), { algorithms: ['HS256'] }));
    cases.push(verifyCase(`verify RS256 with ${ref}`, signWith('rsa2048.pkcs8.pem', 'RS256'), str(ref), { algorithms: ['RS256'] }));
  }
  cases.push(
    verifyCase('verify HS256 forged with a DSA public KeyObject', forgeWith('dsa2048.spki.pem', 'HS256'), keyObject('public', 'dsa2048.spki.pem'), { algorithms: ['HS256'] }),
    verifyCase('verify HS256 forged with a DH public KeyObject', forgeWith('dh-modp14.spki.pem', 'HS256'), keyObject('public', 'dh-modp14.spki.pem')),
    verifyCase('verify ES256 with an explicit-parameter P-256 SPKI PEM', signWith('p256.pkcs8.pem', 'ES256'), str('p256-explicit.spki.pem')),
    verifyCase('verify ES256 with an explicit-parameter P-256 SEC1 private PEM', signWith('p256.pkcs8.pem', 'ES256'), str('p256-explicit.sec1.pem')),
    verifyCase('verify ES384 with an explicit-parameter P-384 SPKI Buffer', signWith('p384.pkcs8.pem', 'ES384'), buf('p384-explicit.spki.pem')),
    verifyCase('verify ES512 with an explicit-parameter P-521 public KeyObject', signWith('p521.pkcs8.pem', 'ES512'), keyObject('public', 'p521-explicit.spki.pem')),
    verifyCase('verify ES256 with an explicit-parameter P-256 DER { format: der, type: spki }', signWith('p256.pkcs8.pem', 'ES256'), spec({ keyDer: derOf('p256-explicit.spki.pem'), format: 'der', type: 'spki' })),
    verifyCase('verify ES256 signed by an explicit-parameter key with the named key', signWith('p256-explicit.sec1.pem', 'ES256'), str('p256.spki.pem')),
    verifyCase('verify ES256 with an explicit-parameter P-224 key', signWith('p256.pkcs8.pem', 'ES256'), str('p224-explicit.spki.pem'), { algorithms: ['ES256'] }),
  );
  for (const [alg, [name, forms]] of Object.entries(ecForms)) {
    const make = signWith(`${name}.pkcs8.pem`, alg);
    for (const [form, key] of publicForms(name)) cases.push(verifyCase(`verify ${alg} with ${form}`, make, key));
    cases.push(verifyCase(`verify ${alg} tampered`, () => tamper(make()), str(`${name}.spki.pem`)));
    cases.push(verifyCase(`verify ${alg} with a truncated signature`, () => make().slice(0, -4), str(`${name}.spki.pem`)));
    void forms;
  }
  cases.push(
    verifyCase('verify ES256 with a certificate', signWith('p256.pkcs8.pem', 'ES256'), str('p256.cert.pem')),
    verifyCase('verify ES256 with the wrong P-256 key', signWith('p256.pkcs8.pem', 'ES256'), str('p256-other.spki.pem')),
    verifyCase('verify ES256 with a P-384 key (algorithms ES256)', signWith('p256.pkcs8.pem', 'ES256'), str('p384.spki.pem'), { algorithms: ['ES256'] }),
    verifyCase('verify ES256 with a secp256k1 key', signWith('p256.pkcs8.pem', 'ES256'), str('secp256k1.spki.pem')),
    verifyCase('verify ES256 with an RSA key (default algorithms)', signWith('p256.pkcs8.pem', 'ES256'), str('rsa2048.spki.pem')),
    verifyCase('verify ES256 with a public JWK in { format: jwk }', signWith('p256.pkcs8.pem', 'ES256'), spec({ keyJwk: 'p256.public.jwk.json', format: 'jwk' })),
    verifyCase('verify ES512 with a SEC1 private PEM', signWith('p521.pkcs8.pem', 'ES512'), str('p521.sec1.pem')),
    verifyCase('verify ES256 with an X25519 key', signWith('p256.pkcs8.pem', 'ES256'), str('x25519.spki.pem'), { algorithms: ['ES256'] }),
  );
  const jose = await import('jose');
  /** jose's own answer for the token and key: `{ result }` (its payload) or `{ refusal }` (its error). */
  const joseAnswer = async (token, key) => {
    const value = keyValue(key);
    const keyObject = value instanceof crypto.KeyObject ? value
      : key.as === 'jwk' ? await jose.importJWK(value, value.crv === 'Ed25519' ? 'EdDSA' : 'ES256')
        : crypto.createPublicKey(value);
    try {
      const { payload } = await jose.jwtVerify(token, keyObject, { currentDate: new Date((NOW + 10) * 1000) });
      return { result: payload };
    } catch (err) {
      if (typeof err.code !== 'string') throw err; // not a verdict of jose's: a fault here
      return { refusal: { code: err.code, name: err.name, message: err.message } };
    }
  };
  // jose's refusal codes in jsonwebtoken's words, each jsonwebtoken's own answer to the same fault
  // on a token it can verify. A code missing here stops the generator: say what it maps to.
  const probe = atTime(NOW, () => jwt.sign(PAYLOAD, 'probe'));
  const inJsonwebtokenWords = {
    ERR_JWS_SIGNATURE_VERIFICATION_FAILED: atTime(NOW + 10, () => capture(() => jwt.verify(tamper(probe), 'probe'))).error,
  };
  const joseVerify = async (name, fresh, key, options) => {
    const answer = await joseAnswer(fresh, key);
    const old = committedToken(name, fresh);
    const token = old !== undefined && isDeepStrictEqual(await joseAnswer(old, key), answer) ? old : fresh;
    const c = { name, op: 'verify', source: 'jose', now: NOW + 10, token, key, options };
    if (answer.result) return { ...c, expected: { result: answer.result } };
    const words = inJsonwebtokenWords[answer.refusal.code];
    if (!words) throw new Error(`${name}: jose refuses with ${answer.refusal.code}; add it to inJsonwebtokenWords`);
    return { ...c, expected: { error: words }, jose: answer.refusal };
  };
  const es256 = atTime(NOW, () => jwt.sign(PAYLOAD, text('p256.pkcs8.pem'), { algorithm: 'ES256' }));
  cases.push(
    await joseVerify('verify EdDSA with an Ed25519 SPKI PEM', eddsa, str('ed25519.spki.pem'), { algorithms: ['EdDSA'] }),
    await joseVerify('verify EdDSA with an Ed25519 public KeyObject', eddsa, keyObject('public', 'ed25519.spki.pem'), { algorithms: ['EdDSA'] }),
    await joseVerify('verify EdDSA with an Ed25519 public JWK', eddsa, jwk('ed25519.public.jwk.json'), { algorithms: ['EdDSA'] }),
    await joseVerify('verify ES256 with a bare public JWK', es256, jwk('p256.public.jwk.json'), { algorithms: ['ES256'] }),
    await joseVerify('verify EdDSA with the wrong Ed25519 key', eddsa, str('ed25519-other.spki.pem'), { algorithms: ['EdDSA'] }),
    await joseVerify('verify EdDSA tampered', tamper(eddsa), str('ed25519.spki.pem'), { algorithms: ['EdDSA'] }),
    // Where jsonwebtoken itself has the answer, it is its answer (no EdDSA in default lists).
    verifyCase('verify EdDSA with default algorithms', () => eddsa, str('ed25519.spki.pem')),
  );
  return { keys, cases };
}
