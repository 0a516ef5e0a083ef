// Generates the shared test vectors (timespan.json, sign.json, verify.json,
// decode.json, and asymmetric.json from ./asymmetric.mjs, in this directory) from the REAL npm `jsonwebtoken` 9.0.3, with
// Date.now frozen to `now * 1000 + 123` around every library call.
// The Rust and JS test suites of rtc-token replay these vectors and must
// produce exactly the same tokens, results and errors.
//
// Run (from anywhere, after `npm install` in js-tests/):
//   node js-tests/vectors/generate.mjs [--out DIR]    (default: this directory)
//
// Output is deterministic: running it twice gives byte-identical files
// (js-tests/vectors-fresh.test.mjs holds the committed files to that).
// (The RSA key used by two key-type cases is derived from a fixed seed
// instead of crypto.generateKeyPairSync, which cannot be seeded.)

import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { atTime } from '../clock.mjs';
import { outDir } from './out-dir.mjs';

const require = createRequire(import.meta.url);
const jwt = require('jsonwebtoken');
const timespan = require('jsonwebtoken/lib/timespan');
const OUT = outDir();

const JWT_VERSION = require('jsonwebtoken/package.json').version;
if (JWT_VERSION !== '9.0.3') {
  throw new Error(`expected jsonwebtoken 9.0.3, found ${JWT_VERSION}; run npm install in js-tests/`);
}

const NOW = 1700000000;

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

/** Runs fn; returns {result} or {error: {name, message, ...extra}}. */
function capture(fn) {
  try {
    const result = fn() ?? null;
    assertJsonSafe(result, 'result');
    return { result };
  } catch (err) {
    if (!(err instanceof Error)) throw new Error(`non-Error thrown: ${String(err)}`);
    const error = { name: err.name, message: err.message };
    if (err.expiredAt !== undefined) error.expiredAt = err.expiredAt.toISOString();
    if (err.date !== undefined) error.date = err.date.toISOString();
    return { error };
  }
}

/** Refuses values JSON cannot carry faithfully (Infinity, NaN, undefined, Buffers...). */
function assertJsonSafe(value, where) {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`non-finite number at ${where}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertJsonSafe(v, `${where}[${i}]`));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) throw new Error(`undefined at ${where}.${k}`);
      assertJsonSafe(v, `${where}.${k}`);
    }
    return;
  }
  throw new Error(`value at ${where} is not JSON-representable`);
}

/** A JSON round-trip copy; throws if the value would not survive it. */
function jsonCopy(value) {
  assertJsonSafe(value, 'options');
  return JSON.parse(JSON.stringify(value));
}

const b64url = (data) => Buffer.from(data).toString('base64url');
const latin1 = (text) => Buffer.from(text, 'latin1');

/** Serialises a secret for the vector file. */
function secretSpec(secret) {
  if (secret === undefined) return { type: 'none' };
  if (typeof secret === 'string') return { type: 'string', value: secret };
  if (Buffer.isBuffer(secret)) return { type: 'buffer', base64: secret.toString('base64') };
  throw new Error('unsupported secret');
}

/** Turns a serialised secret back into the value handed to jsonwebtoken. */
function secretValue(spec) {
  if (spec.type === 'none') return undefined;
  if (spec.type === 'string') return spec.value;
  return Buffer.from(spec.base64, 'base64');
}

/** Signs a token with jsonwebtoken itself, under the frozen clock. */
function signAt(now, payload, secret, options = {}) {
  return atTime(now, () => jwt.sign(payload, secret, options));
}

/** Builds a token by hand from raw header/payload bytes, HMAC-signed (or unsigned). */
function handToken(headerBytes, payloadBytes, secret, alg = 'HS256') {
  const input = `${b64url(headerBytes)}.${b64url(payloadBytes)}`;
  if (secret === undefined) return `${input}.`;
  const hash = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return `${input}.${crypto.createHmac(hash, secret).update(input).digest('base64url')}`;
}

/** A 2048-bit RSA private key (PKCS#8 PEM) derived deterministically from a seed. */
function deterministicRsaPem(seed) {
  let counter = 0;
  const randomBits = (bits) => {
    let hex = '';
    while (hex.length * 4 < bits) {
      hex += crypto.createHash('sha256').update(`${seed}/${counter++}`).digest('hex');
    }
    return BigInt(`0x${hex.slice(0, bits / 4)}`);
  };
  const e = 65537n;
  const prime = () => {
    for (;;) {
      const candidate = randomBits(1024) | (3n << 1022n) | 1n;
      if ((candidate - 1n) % e !== 0n && crypto.checkPrimeSync(candidate)) return candidate;
    }
  };
  const modInverse = (a, m) => {
    let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
    while (r1 !== 0n) {
      const q = r0 / r1;
      [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
    }
    return ((s0 % m) + m) % m;
  };
  const p = prime();
  const q = prime();
  const d = modInverse(e, (p - 1n) * (q - 1n));
  const enc = (n) => {
    const hex = n.toString(16);
    return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
  };
  const jwk = {
    kty: 'RSA', n: enc(p * q), e: enc(e), d: enc(d), p: enc(p), q: enc(q),
    dp: enc(d % (p - 1n)), dq: enc(d % (q - 1n)), qi: enc(modInverse(q, p)),
  };
  return crypto.createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' });
}

function writeVectors(file, cases) {
  const names = new Set();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`${file}: duplicate case name ${c.name}`);
    names.add(c.name);
  }
  fs.writeFileSync(path.join(OUT, file), `${JSON.stringify({ cases }, null, 2)}\n`);
  console.log(`${file}: ${cases.length} cases`);
}

// Fixed secrets used throughout.
const HEX_SECRET = crypto.createHash('sha256').update('rtc-token vectors secret').digest('hex');
const SECRET = 'shhhhh';
const OTHER_SECRET = 'not-the-secret';
const BUF_SECRET = Buffer.from([0x00, 0xff, 0x80, 0x7f, 0xc3, 0x28, 0x10, 0x20]);
const RSA_PEM = deterministicRsaPem('rtc-token vectors rsa key');
const VIDEOSDK_PAYLOAD = {
  apikey: 'b0f4d3c2-6a1e-4f8b-9c3d-2e5a7b1c9d0f',
  permissions: ['allow_join'],
  version: 2,
  roomId: '2kyv-gzay-64pg',
  participantId: 'lxvdplwt',
  roles: ['rtc'],
};

// ---------------------------------------------------------------------------
// timespan.json
// ---------------------------------------------------------------------------

function timespanCase(input, iat = NOW, name = `${JSON.stringify(input)} @ ${iat}`) {
  const expected = atTime(NOW, () => timespan(input, iat)) ?? null;
  assertJsonSafe(expected, 'timespan');
  return { name, input, iat, expected };
}

function timespanCases() {
  const unitSpellings = [
    'ms', 'msec', 'msecs', 'millisecond', 'milliseconds',
    's', 'sec', 'secs', 'second', 'seconds',
    'm', 'min', 'mins', 'minute', 'minutes',
    'h', 'hr', 'hrs', 'hour', 'hours',
    'd', 'day', 'days',
    'w', 'week', 'weeks',
    'y', 'yr', 'yrs', 'year', 'years',
  ];
  const cases = unitSpellings.map((unit) => timespanCase(`2${unit}`));
  const strings = [
    // case-insensitive units
    '2H', '2Days', '1YEAR', '3Ms', '10MiNs',
    // whitespace between number and unit
    '2 days', '2   days', '1 h', '90 s',
    // fractional and negative
    '.5h', '1.5h', '-1.5h', '-.5h', '-2d', '-1ms', '0.001s', '1.9999s', '1.5y', '-1.5y',
    // unit-less strings are milliseconds
    '1000', '1500', '999', '0', '-1000', '-999', '120000',
    // the VideoSDK value
    '120m',
    // invalid ('' is left out: timespan('') throws inside `ms`, but jsonwebtoken
    // never passes '' to it - sign rejects it earlier and verify skips a falsy maxAge)
    'abc', '1..5', '1.', '1e3', ' 1h', '1h ', '1 hourss', '1\th', '+1h', '--1h', '1-h',
    '-', '.', 'h', '1hh', '1 2h', '1,5h', '０1h', '1ｈ',
    // length limit of ms (100 characters accepted, 101 rejected)
    '9'.repeat(100), '9'.repeat(101), `${'0'.repeat(98)}1s`, `${'0'.repeat(99)}1s`,
  ];
  cases.push(...strings.map((s) => timespanCase(s)));
  cases.push(...[60, -60, 0, 1.5, -0.5, 1e21, 2147483648].map((n) => timespanCase(n)));
  // fractional iat: strings are floored after adding, numbers are not
  cases.push(
    timespanCase('1h', 1700000000.5),
    timespanCase('1500', 1700000000.7),
    timespanCase('-1500', 1700000000.7),
    timespanCase(60, 1700000000.5),
    timespanCase('1s', 1.5),
    timespanCase('-1s', 1.5),
    timespanCase('2 days', 1),
  );
  return cases;
}

// ---------------------------------------------------------------------------
// sign.json
// ---------------------------------------------------------------------------

/** payload: a string, a Buffer, or anything else (sent as object via its JSON text). */
function payloadSpec(payload) {
  if (typeof payload === 'string') return { type: 'string', value: payload };
  if (Buffer.isBuffer(payload)) return { type: 'buffer', base64: payload.toString('base64') };
  return { type: 'object', json: JSON.stringify(payload) };
}

function payloadValue(spec) {
  if (spec.type === 'string') return spec.value;
  if (spec.type === 'buffer') return Buffer.from(spec.base64, 'base64');
  return JSON.parse(spec.json);
}

function signCase(name, payload, secret, options = {}, now = NOW) {
  const spec = {
    name,
    now,
    payload: payloadSpec(payload),
    secret: secretSpec(secret),
    options: jsonCopy(options),
  };
  const outcome = capture(() => signAt(now, payloadValue(spec.payload), secretValue(spec.secret), jsonCopy(spec.options)));
  spec.expected = outcome.error ? { error: outcome.error } : { token: outcome.result };
  return spec;
}

function signCases() {
  const p = { sub: 'user-1', name: 'Ada' };
  const cases = [
    // the seed payload of the VideoSDK use case
    signCase('videosdk seed payload', VIDEOSDK_PAYLOAD, HEX_SECRET, { expiresIn: '120m', algorithm: 'HS256' }),
    signCase('videosdk seed payload, other clock', VIDEOSDK_PAYLOAD, HEX_SECRET, { expiresIn: '120m', algorithm: 'HS256' }, 1735689599),
    signCase('videosdk seed payload, default algorithm', VIDEOSDK_PAYLOAD, HEX_SECRET, { expiresIn: '120m' }),

    // algorithms
    signCase('no options', p, SECRET),
    signCase('HS256', p, SECRET, { algorithm: 'HS256' }),
    signCase('HS384', p, SECRET, { algorithm: 'HS384' }),
    signCase('HS512', p, SECRET, { algorithm: 'HS512' }),
    signCase('empty payload object', {}, SECRET),
    signCase('non-ascii secret', p, 'sécret🔑'),
    signCase('buffer secret', p, BUF_SECRET),
    signCase('buffer secret HS512', p, BUF_SECRET, { algorithm: 'HS512' }),
    signCase('empty buffer secret', p, Buffer.alloc(0)),
    signCase('empty string secret', p, ''),
    signCase('algorithm none, empty secret', p, '', { algorithm: 'none' }),
    signCase('algorithm none, non-empty secret', p, SECRET, { algorithm: 'none' }),

    // expiresIn / notBefore
    ...[60, 0, -60, 7200, 1e21].map((v) => signCase(`expiresIn ${v}`, p, SECRET, { expiresIn: v })),
    ...['120m', '2h', '1d', '1.5h', '-1h', '90 seconds', '1000', '999', '1500', '1y', '2 days', '0']
      .map((v) => signCase(`expiresIn ${JSON.stringify(v)}`, p, SECRET, { expiresIn: v })),
    ...[60, -60, 0].map((v) => signCase(`notBefore ${v}`, p, SECRET, { notBefore: v })),
    ...['1h', '-30s', '1500'].map((v) => signCase(`notBefore ${JSON.stringify(v)}`, p, SECRET, { notBefore: v })),
    signCase('expiresIn and notBefore', p, SECRET, { expiresIn: '1h', notBefore: '10m' }),
    signCase('expiresIn with noTimestamp', p, SECRET, { expiresIn: 60, noTimestamp: true }),
    signCase('noTimestamp', p, SECRET, { noTimestamp: true }),
    signCase('noTimestamp false', p, SECRET, { noTimestamp: false }),

    // registered claims from options
    signCase('audience string', p, SECRET, { audience: 'aud-1' }),
    signCase('audience empty string', p, SECRET, { audience: '' }),
    signCase('audience array', p, SECRET, { audience: ['a', 'b'] }),
    signCase('audience array of mixed types', p, SECRET, { audience: ['a', 1, null] }),
    signCase('issuer', p, SECRET, { issuer: 'iss-1' }),
    signCase('subject', { name: 'Ada' }, SECRET, { subject: 'sub-1' }),
    signCase('jwtid', p, SECRET, { jwtid: 'jti-1' }),
    signCase('keyid', p, SECRET, { keyid: 'kid-1' }),
    signCase('all claim options', { name: 'Ada' }, SECRET, {
      expiresIn: '1h', notBefore: 5, audience: 'a', issuer: 'i', subject: 's', jwtid: 'j', keyid: 'k',
    }),
    signCase('mutatePayload true', p, SECRET, { mutatePayload: true }),
    signCase('allowInsecureKeySizes and allowInvalidAsymmetricKeyTypes', p, SECRET, {
      allowInsecureKeySizes: true, allowInvalidAsymmetricKeyTypes: false,
    }),

    // header option
    signCase('header extra field', p, SECRET, { header: { foo: 'bar' } }),
    signCase('header overrides typ', p, SECRET, { header: { typ: 'at+jwt' } }),
    signCase('header overrides alg', p, SECRET, { algorithm: 'HS256', header: { alg: 'HS512' } }),
    signCase('header alg none', p, SECRET, { header: { alg: 'none' } }),
    signCase('header alg unknown', p, SECRET, { header: { alg: 'foo' } }),
    signCase('header alg number', p, SECRET, { header: { alg: 123 } }),
    signCase('header kid overrides keyid', p, SECRET, { keyid: 'k1', header: { kid: 'k2' } }),
    signCase('header integer-like keys', p, SECRET, { header: { z: 1, 2: 'x', 10: 'y' } }),
    signCase('header latin1 value', p, SECRET, { header: { x: 'é' } }),
    signCase('header non-latin1 value', p, SECRET, { header: { x: 'ā', y: '€', z: '😀' } }),
    signCase('header null typ', p, SECRET, { header: { typ: null } }),
    signCase('header empty object', p, SECRET, { header: {} }),

    // payload with its own timestamps
    signCase('payload iat', { ...p, iat: 1600000000 }, SECRET),
    signCase('payload iat with expiresIn', { ...p, iat: 1600000000 }, SECRET, { expiresIn: '1h' }),
    signCase('payload iat 0 with expiresIn', { ...p, iat: 0 }, SECRET, { expiresIn: 60 }),
    signCase('payload iat fractional with expiresIn number', { ...p, iat: 1.5 }, SECRET, { expiresIn: 60 }),
    signCase('payload iat fractional with expiresIn string', { ...p, iat: 1.5 }, SECRET, { expiresIn: '1h' }),
    signCase('payload iat with noTimestamp', { ...p, iat: 1600000000 }, SECRET, { noTimestamp: true, expiresIn: 10 }),
    signCase('payload iat negative', { ...p, iat: -5 }, SECRET, { notBefore: 5 }),
    signCase('payload exp', { ...p, exp: 1700003600 }, SECRET),
    signCase('payload nbf', { ...p, nbf: 1700000060 }, SECRET),
    signCase('payload exp fractional', { ...p, exp: 1700003600.25 }, SECRET),

    // payload contents
    signCase('payload unicode, emoji and escapes', {
      s: 'é ā € 😀 \u0000 \u001f \u007f \u2028 \u2029 " \\ / \n\t', k: 'ключ',
    }, SECRET),
    signCase('payload unicode key', { 'ключ': 'значение', '😀': 1 }, SECRET),
    signCase('payload numbers', {
      big: 1e21, small: 1.5e-7, tenth: 0.1, third: 1 / 3, max: Number.MAX_SAFE_INTEGER, neg: -0.000001,
      huge: 1.7976931348623157e308, int: 123456789012, exp20: 1e20, e6: 0.000001,
    }, SECRET),
    signCase('payload integer-like keys', { b: 1, 10: 'ten', 2: 'two', a: 2, '-1': 'neg', '01': 'lead' }, SECRET),
    signCase('payload nested', { a: { b: [1, { c: null }], d: true }, e: false, f: [] }, SECRET),
    signCase('payload with null values', { a: null, sub: null }, SECRET),

    // string and buffer payloads
    signCase('string payload', 'hello world', SECRET),
    signCase('string payload JSON-looking', '{"a":1}', SECRET),
    signCase('string payload unicode', 'héllo 😀', SECRET),
    signCase('empty string payload', '', SECRET),
    signCase('string payload with keyid', 'abc', SECRET, { keyid: 'k' }),
    signCase('string payload HS384', 'abc', SECRET, { algorithm: 'HS384' }),
    signCase('buffer payload', Buffer.from('{"a":1}'), SECRET),
    signCase('buffer payload invalid UTF-8', Buffer.from([0x61, 0xff, 0xfe, 0x62]), SECRET),
    signCase('empty buffer payload', Buffer.alloc(0), SECRET),

    // encoding option
    signCase('encoding utf8', { s: 'é ā 😀' }, SECRET, { encoding: 'utf8' }),
    signCase('encoding latin1', { s: 'é ā 😀' }, SECRET, { encoding: 'latin1' }),
    signCase('encoding binary', { s: 'é ā 😀' }, SECRET, { encoding: 'binary' }),
    signCase('encoding latin1 string payload', 'é ā', SECRET, { encoding: 'latin1' }),

    // option validator errors
    ...[1.5, '', true, null, {}, []].map((v) => signCase(`bad expiresIn ${JSON.stringify(v)}`, p, SECRET, { expiresIn: v })),
    ...[1.5, '', false, null].map((v) => signCase(`bad notBefore ${JSON.stringify(v)}`, p, SECRET, { notBefore: v })),
    signCase('expiresIn invalid timespan', p, SECRET, { expiresIn: '1 hourss' }),
    signCase('expiresIn invalid timespan abc', p, SECRET, { expiresIn: 'abc' }),
    signCase('notBefore invalid timespan', p, SECRET, { notBefore: '1e3' }),
    signCase('notBefore and expiresIn both invalid timespans', p, SECRET, { expiresIn: 'x', notBefore: 'y' }),
    signCase('audience number', p, SECRET, { audience: 1 }),
    signCase('audience object', p, SECRET, { audience: { a: 1 } }),
    signCase('algorithm foo', p, SECRET, { algorithm: 'foo' }),
    signCase('algorithm hs256', p, SECRET, { algorithm: 'hs256' }),
    signCase('algorithm empty string', p, SECRET, { algorithm: '' }),
    signCase('header string', p, SECRET, { header: 'abc' }),
    signCase('header array', p, SECRET, { header: [1] }),
    signCase('header null', p, SECRET, { header: null }),
    signCase('encoding number', p, SECRET, { encoding: 1 }),
    signCase('issuer number', p, SECRET, { issuer: 1 }),
    signCase('subject boolean', p, SECRET, { subject: true }),
    signCase('jwtid array', p, SECRET, { jwtid: ['a'] }),
    signCase('keyid number', p, SECRET, { keyid: 5 }),
    signCase('noTimestamp string', p, SECRET, { noTimestamp: 'yes' }),
    signCase('mutatePayload number', p, SECRET, { mutatePayload: 1 }),
    signCase('allowInsecureKeySizes string', p, SECRET, { allowInsecureKeySizes: 'true' }),
    signCase('unknown option foo', p, SECRET, { foo: 1 }),
    signCase('unknown option with string payload', 'abc', SECRET, { foo: 1 }),
    signCase('two invalid options, first key reported', p, SECRET, { issuer: 1, subject: 2 }),

    // conflicts between options and payload claims
    signCase('expiresIn with payload exp', { ...p, exp: 1 }, SECRET, { expiresIn: 60 }),
    signCase('invalid expiresIn with payload exp', { ...p, exp: 1 }, SECRET, { expiresIn: true }),
    signCase('notBefore with payload nbf', { ...p, nbf: 1 }, SECRET, { notBefore: 60 }),
    signCase('audience with payload aud', { ...p, aud: 'x' }, SECRET, { audience: 'y' }),
    signCase('issuer with payload iss', { ...p, iss: 'x' }, SECRET, { issuer: 'y' }),
    signCase('subject with payload sub', p, SECRET, { subject: 'y' }),
    signCase('jwtid with payload jti', { ...p, jti: 'x' }, SECRET, { jwtid: 'y' }),
    signCase('subject with payload sub null', { sub: null }, SECRET, { subject: 'y' }),

    // options that only apply to object payloads
    ...['expiresIn', 'notBefore', 'audience', 'issuer', 'subject', 'jwtid'].map((opt) =>
      signCase(`${opt} with string payload`, 'abc', SECRET, { [opt]: opt === 'expiresIn' || opt === 'notBefore' ? 60 : 'x' })),
    signCase('noTimestamp with string payload', 'abc', SECRET, { noTimestamp: true }),
    signCase('several object options with string payload', 'abc', SECRET, { subject: 'x', expiresIn: 1, audience: 'y' }),
    signCase('expiresIn with buffer payload', Buffer.from('abc'), SECRET, { expiresIn: 60 }),

    // invalid registered claims in the payload
    signCase('payload iat string', { iat: '1' }, SECRET),
    signCase('payload exp string', { exp: '1' }, SECRET),
    signCase('payload nbf string', { nbf: '1' }, SECRET),
    signCase('payload iat null', { iat: null }, SECRET),
    signCase('payload exp null', { exp: null }, SECRET),
    signCase('payload array', [1], SECRET),
    signCase('payload null', null, SECRET),
    signCase('payload array with algorithm none', [1], '', { algorithm: 'none' }),

    // error ordering
    signCase('empty secret beats bad option', p, '', { foo: 1 }),
    signCase('bad payload claim beats bad option', { exp: 'x' }, SECRET, { foo: 1 }),

    // key types
    signCase('RSA private key PEM with HS256', p, RSA_PEM, { algorithm: 'HS256' }),
    signCase('string secret with RS256', p, SECRET, { algorithm: 'RS256' }),
    signCase('string secret with ES256', p, SECRET, { algorithm: 'ES256' }),
    signCase('string secret with PS256', p, SECRET, { algorithm: 'PS256' }),
  ];
  return cases;
}

// ---------------------------------------------------------------------------
// verify.json
// ---------------------------------------------------------------------------

function verifyCase(name, token, secret, options = {}, now = NOW) {
  const spec = { name, now, token, secret: secretSpec(secret), options: jsonCopy(options) };
  spec.expected = atTime(now, () => capture(() => jwt.verify(spec.token, secretValue(spec.secret), jsonCopy(spec.options))));
  return spec;
}

function verifyCases() {
  const T = NOW;
  const p = { sub: 'user-1', foo: 'bar' };
  const plain = signAt(T, p, SECRET);
  const exp60 = signAt(T, p, SECRET, { expiresIn: 60 }); // exp = T + 60
  const nbf60 = signAt(T, p, SECRET, { notBefore: 60 }); // nbf = T + 60
  const claims = signAt(T, { ...p, nonce: 'n-1' }, SECRET, { audience: 'aud-1', issuer: 'iss-1', jwtid: 'jti-1' });
  const noIat = signAt(T, p, SECRET, { noTimestamp: true });
  const unsigned = signAt(T, p, '', { algorithm: 'none' });
  const [h, b, sig] = plain.split('.');
  const otherPayload = signAt(T, { sub: 'admin' }, SECRET).split('.')[1];
  const header = (obj) => JSON.stringify(obj);
  const hs = header({ alg: 'HS256', typ: 'JWT' });
  const hsNoTyp = header({ alg: 'HS256' });

  return [
    // valid tokens
    verifyCase('valid HS256', plain, SECRET),
    verifyCase('valid videosdk token', signAt(T, VIDEOSDK_PAYLOAD, HEX_SECRET, { expiresIn: '120m', algorithm: 'HS256' }), HEX_SECRET),
    verifyCase('valid HS384', signAt(T, p, SECRET, { algorithm: 'HS384' }), SECRET),
    verifyCase('valid HS512', signAt(T, p, SECRET, { algorithm: 'HS512' }), SECRET),
    verifyCase('valid buffer secret', signAt(T, p, BUF_SECRET), BUF_SECRET),
    verifyCase('buffer-signed, string secret with same bytes', signAt(T, p, Buffer.from('abc')), 'abc'),
    verifyCase('valid empty buffer secret', signAt(T, p, Buffer.alloc(0)), Buffer.alloc(0)),
    verifyCase('complete true', exp60, SECRET, { complete: true }),
    verifyCase('complete with keyid and header fields', signAt(T, p, SECRET, { keyid: 'k', header: { x: 'é', 2: 'two' } }), SECRET, { complete: true }),
    verifyCase('string payload token', signAt(T, 'hello', SECRET), SECRET),
    verifyCase('string payload token complete', signAt(T, 'hello', SECRET), SECRET, { complete: true }),
    verifyCase('latin1-encoded payload decodes as utf8', signAt(T, { s: 'é' }, SECRET, { encoding: 'latin1' }), SECRET, { complete: true }),
    verifyCase('iat in the future is accepted', signAt(T + 3600, p, SECRET), SECRET),

    // expiry boundaries (exp = T + 60)
    verifyCase('exp one second ahead', exp60, SECRET, {}, T + 59),
    verifyCase('exp equals now', exp60, SECRET, {}, T + 60),
    verifyCase('exp one second ago', exp60, SECRET, {}, T + 61),
    verifyCase('expiresIn 0 is expired immediately', signAt(T, p, SECRET, { expiresIn: 0 }), SECRET),
    verifyCase('exp equals now, clockTolerance 1', exp60, SECRET, { clockTolerance: 1 }, T + 60),
    verifyCase('exp one second ago, clockTolerance 1', exp60, SECRET, { clockTolerance: 1 }, T + 61),
    verifyCase('exp equals now, clockTolerance 0.5', exp60, SECRET, { clockTolerance: 0.5 }, T + 60),
    verifyCase('ignoreExpiration', exp60, SECRET, { ignoreExpiration: true }, T + 1000),
    verifyCase('fractional exp', signAt(T, { exp: T + 0.5 }, SECRET), SECRET, {}, T),

    // not-before boundaries (nbf = T + 60)
    verifyCase('nbf one second ahead', nbf60, SECRET, {}, T + 59),
    verifyCase('nbf equals now', nbf60, SECRET, {}, T + 60),
    verifyCase('nbf one second ahead, clockTolerance 1', nbf60, SECRET, { clockTolerance: 1 }, T + 59),
    verifyCase('nbf two seconds ahead, clockTolerance 1', nbf60, SECRET, { clockTolerance: 1 }, T + 58),
    verifyCase('ignoreNotBefore', nbf60, SECRET, { ignoreNotBefore: true }, T),
    verifyCase('nbf and exp both failing: nbf first', signAt(T, { nbf: T + 10, exp: T - 10 }, SECRET), SECRET),

    // clockTimestamp
    verifyCase('clockTimestamp makes token valid', exp60, SECRET, { clockTimestamp: T }, T + 1000),
    verifyCase('clockTimestamp makes token expired', exp60, SECRET, { clockTimestamp: T + 60 }, T),
    verifyCase('clockTimestamp fractional', exp60, SECRET, { clockTimestamp: T + 59.5 }, T),
    verifyCase('clockTimestamp 0 falls back to Date.now', exp60, SECRET, { clockTimestamp: 0 }, T + 1000),
    verifyCase('clockTimestamp string', exp60, SECRET, { clockTimestamp: 'abc' }),
    verifyCase('clockTimestamp empty string is ignored', exp60, SECRET, { clockTimestamp: '' }),

    // maxAge (iat = T)
    verifyCase('maxAge number not exceeded', plain, SECRET, { maxAge: 30 }, T + 29),
    verifyCase('maxAge number exceeded at boundary', plain, SECRET, { maxAge: 30 }, T + 30),
    verifyCase('maxAge string not exceeded', plain, SECRET, { maxAge: '1h' }, T + 3599),
    verifyCase('maxAge string exceeded', plain, SECRET, { maxAge: '1h' }, T + 3600),
    verifyCase('maxAge string milliseconds', plain, SECRET, { maxAge: '1500' }, T + 1),
    verifyCase('maxAge exceeded within clockTolerance', plain, SECRET, { maxAge: 30, clockTolerance: 5 }, T + 34),
    verifyCase('maxAge without iat', noIat, SECRET, { maxAge: 30 }),
    verifyCase('maxAge invalid string', plain, SECRET, { maxAge: '1 hourss' }),
    verifyCase('maxAge 0 is ignored', plain, SECRET, { maxAge: 0 }, T + 100000),
    verifyCase('maxAge with string iat', handToken(hs, '{"iat":"1700000000"}', SECRET), SECRET, { maxAge: 30 }),
    verifyCase('expired beats maxAge', exp60, SECRET, { maxAge: 10 }, T + 100),

    // audience
    verifyCase('audience match', claims, SECRET, { audience: 'aud-1' }),
    verifyCase('audience mismatch', claims, SECRET, { audience: 'aud-2' }),
    verifyCase('audience array match', claims, SECRET, { audience: ['x', 'aud-1'] }),
    verifyCase('audience array mismatch', claims, SECRET, { audience: ['x', 'y'] }),
    verifyCase('audience empty array', claims, SECRET, { audience: [] }),
    verifyCase('audience empty string is ignored', plain, SECRET, { audience: '' }),
    verifyCase('payload aud array match', signAt(T, p, SECRET, { audience: ['a', 'b'] }), SECRET, { audience: 'b' }),
    verifyCase('payload aud array mismatch', signAt(T, p, SECRET, { audience: ['a', 'b'] }), SECRET, { audience: ['c'] }),
    verifyCase('missing aud', plain, SECRET, { audience: 'aud-1' }),
    verifyCase('expired beats audience', exp60, SECRET, { audience: 'x' }, T + 100),

    // issuer, subject, jwtid, nonce
    verifyCase('issuer match', claims, SECRET, { issuer: 'iss-1' }),
    verifyCase('issuer mismatch', claims, SECRET, { issuer: 'iss-2' }),
    verifyCase('issuer array match', claims, SECRET, { issuer: ['x', 'iss-1'] }),
    verifyCase('issuer array mismatch', claims, SECRET, { issuer: ['x', 'y'] }),
    verifyCase('subject match', plain, SECRET, { subject: 'user-1' }),
    verifyCase('subject mismatch', plain, SECRET, { subject: 'user-2' }),
    verifyCase('jwtid match', claims, SECRET, { jwtid: 'jti-1' }),
    verifyCase('jwtid mismatch', claims, SECRET, { jwtid: 'jti-2' }),
    verifyCase('nonce match', claims, SECRET, { nonce: 'n-1' }),
    verifyCase('nonce mismatch', claims, SECRET, { nonce: 'n-2' }),
    verifyCase('nonce missing from payload', plain, SECRET, { nonce: 'n-1' }),
    verifyCase('nonce empty string', claims, SECRET, { nonce: '' }),
    verifyCase('nonce whitespace', claims, SECRET, { nonce: '  ' }),
    verifyCase('nonce number', claims, SECRET, { nonce: 5 }),
    verifyCase('allowInvalidAsymmetricKeyTypes non-boolean', plain, SECRET, { allowInvalidAsymmetricKeyTypes: 'yes' }),
    verifyCase('all claims match', claims, SECRET, { audience: 'aud-1', issuer: 'iss-1', jwtid: 'jti-1', nonce: 'n-1', subject: 'user-1', maxAge: '1d' }),

    // algorithms
    verifyCase('algorithms list excludes token alg', plain, SECRET, { algorithms: ['HS384'] }),
    verifyCase('algorithms list includes token alg', plain, SECRET, { algorithms: ['HS512', 'HS256'] }),
    verifyCase('algorithms empty list', plain, SECRET, { algorithms: [] }),
    verifyCase('algorithms RS256 with HS token', plain, SECRET, { algorithms: ['RS256'] }),
    verifyCase('header without alg', handToken(header({ typ: 'JWT' }), JSON.stringify(p), SECRET), SECRET),
    verifyCase('unknown alg allowed by algorithms', `${b64url(header({ alg: 'foo' }))}.${b64url('{}')}.abc`, SECRET, { algorithms: ['foo'] }),
    verifyCase('RSA private key PEM as secret, default algorithms', plain, RSA_PEM),
    verifyCase('RSA private key PEM as secret, algorithms HS256', plain, RSA_PEM, { algorithms: ['HS256'] }),

    // signatures
    verifyCase('wrong secret', plain, OTHER_SECRET),
    verifyCase('wrong secret beats expiry', exp60, OTHER_SECRET, {}, T + 100),
    verifyCase('tampered payload', `${h}.${otherPayload}.${sig}`, SECRET),
    verifyCase('tampered header', `${b64url(header({ alg: 'HS256', typ: 'JWT', x: 1 }))}.${b}.${sig}`, SECRET),
    verifyCase('tampered signature', `${h}.${b}.${sig.slice(0, -2)}${sig.slice(-2, -1) === 'A' ? 'B' : 'A'}${sig.slice(-1)}`, SECRET),
    verifyCase('truncated signature', `${h}.${b}.${sig.slice(0, -1)}`, SECRET),
    verifyCase('non-canonical base64url signature', `${h}.${b}.${nonCanonical(sig)}`, SECRET),
    verifyCase('HS384 signature relabelled HS256', `${h}.${b}.${signAt(T, p, SECRET, { algorithm: 'HS384' }).split('.')[2]}`, SECRET),
    verifyCase('signed token without secret', plain, undefined),
    verifyCase('signed token with empty string secret', plain, ''),

    // unsigned tokens
    verifyCase('alg none, no secret, algorithms none', unsigned, undefined, { algorithms: ['none'] }),
    verifyCase('alg none with secret', unsigned, SECRET, { algorithms: ['none'] }),
    verifyCase('alg none, no secret, no algorithms', unsigned, undefined),
    verifyCase('alg none, no secret, algorithms HS256', unsigned, undefined, { algorithms: ['HS256'] }),
    verifyCase('HS256 header, empty signature, no secret, algorithms HS256', `${h}.${b}.`, undefined, { algorithms: ['HS256'] }),
    verifyCase('alg none with non-empty signature, algorithms none', `${unsigned}abc`, undefined, { algorithms: ['none'] }),

    // malformed tokens
    verifyCase('empty token', '', SECRET),
    verifyCase('two segments', 'a.b', SECRET),
    verifyCase('four segments', 'a.b.c.d', SECRET),
    verifyCase('header not JSON', `${b64url('not json')}.${b}.${sig}`, SECRET),
    verifyCase('header JSON 1', handToken('1', JSON.stringify(p), SECRET), SECRET),
    verifyCase('header JSON 1, algorithms HS256', handToken('1', JSON.stringify(p), SECRET), SECRET, { algorithms: ['HS256'] }),
    verifyCase('leading space', ` ${plain}`, SECRET),
    verifyCase('trailing newline', `${plain}\n`, SECRET),
    verifyCase('padding in signature', `${h}.${b}.${sig}=`, SECRET),
    verifyCase('payload not JSON with typ JWT', handToken(hs, 'not json', SECRET), SECRET),
    verifyCase('payload JSON null with typ JWT', handToken(hs, 'null', SECRET), SECRET),
    verifyCase('payload JSON string, no typ', handToken(hsNoTyp, '"abc"', SECRET), SECRET),
    verifyCase('payload JSON number, no typ', handToken(hsNoTyp, '123', SECRET), SECRET),
    verifyCase('payload JSON number, typ JWT', handToken(hs, '123', SECRET), SECRET),
    verifyCase('payload JSON string of object, typ JWT', handToken(hs, JSON.stringify(JSON.stringify(p)), SECRET), SECRET),
    verifyCase('payload not JSON, no typ', handToken(hsNoTyp, 'hello', SECRET), SECRET),
    verifyCase('payload object, no typ', handToken(hsNoTyp, JSON.stringify(p), SECRET), SECRET),
    verifyCase('exp as string', handToken(hs, '{"exp":"1700000060"}', SECRET), SECRET),
    verifyCase('nbf as string', handToken(hs, '{"nbf":"1"}', SECRET), SECRET),
    verifyCase('exp null', handToken(hs, '{"exp":null}', SECRET), SECRET),
    verifyCase('exp as string with ignoreExpiration', handToken(hs, '{"exp":"x"}', SECRET), SECRET, { ignoreExpiration: true }),
    verifyCase('duplicate keys in payload', handToken(hs, '{"sub":"a","exp":1,"sub":"b","exp":9999999999}', SECRET), SECRET),
    verifyCase('payload JSON with whitespace', handToken(hs, ' \n{ "a" : 1 }\t', SECRET), SECRET),
    verifyCase('exp 1e400 is never expired', handToken(hs, '{"exp":1e400}', SECRET), SECRET, { audience: 'x' }, T),
    verifyCase('exp 1e400, far-future clockTimestamp, subject mismatch', handToken(hs, '{"exp":1e400,"sub":"a"}', SECRET), SECRET, { clockTimestamp: 1e300, subject: 'b' }),
    verifyCase('invalid UTF-8 in payload', handToken(hs, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), SECRET), SECRET),
    verifyCase('maxAge with fractional iat', handToken(hs, `{"iat":${T}.9}`, SECRET), SECRET, { maxAge: '1s' }, T + 1),
  ];
}

/** Flips the low bits of the last base64url character (same bytes, different text). */
function nonCanonical(segment) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(segment.at(-1));
  const flipped = alphabet[last ^ (segment.length % 4 === 2 ? 0b1111 : 0b11)];
  const out = segment.slice(0, -1) + flipped;
  if (!Buffer.from(out, 'base64url').equals(Buffer.from(segment, 'base64url'))) {
    throw new Error('nonCanonical changed the decoded bytes');
  }
  return out;
}

// ---------------------------------------------------------------------------
// decode.json
// ---------------------------------------------------------------------------

function decodeCase(name, token, options = {}) {
  const spec = { name, token, options: jsonCopy(options) };
  spec.expected = atTime(NOW, () => capture(() => jwt.decode(spec.token, jsonCopy(spec.options))));
  return spec;
}

/** A token from raw header/payload bytes with a dummy signature. */
function rawToken(headerBytes, payloadBytes, signature = 'c2ln') {
  return `${b64url(headerBytes)}.${b64url(payloadBytes)}.${signature}`;
}

/** base64url of text (a multiple of 3 bytes) plus one stray character: length % 4 == 1. */
function withStrayChar(text, stray) {
  const segment = b64url(text) + stray;
  if (segment.length % 4 !== 1) throw new Error(`withStrayChar: ${text} is not a multiple of 3 bytes`);
  return segment;
}

function decodeCases() {
  const token = signAt(NOW, { sub: 'user-1', n: 1 }, SECRET, { expiresIn: 60 });
  const [h, b, sig] = token.split('.');
  const hs = '{"alg":"HS256","typ":"JWT"}';
  const hsNoTyp = '{"alg":"HS256"}';
  return [
    decodeCase('normal', token),
    decodeCase('complete', token, { complete: true }),
    decodeCase('json', token, { json: true }),
    decodeCase('complete and json', token, { complete: true, json: true }),
    decodeCase('complete not strictly true', token, { complete: 1 }),
    decodeCase('videosdk token', signAt(NOW, VIDEOSDK_PAYLOAD, HEX_SECRET, { expiresIn: '120m' }), { complete: true }),

    // typ other than JWT: jws leaves the payload as a string, jsonwebtoken re-parses it
    decodeCase('no typ, object payload', rawToken(hsNoTyp, '{"a":1}')),
    decodeCase('no typ, object payload, complete', rawToken(hsNoTyp, '{"a":1}'), { complete: true }),
    decodeCase('no typ, string payload', rawToken(hsNoTyp, 'hello')),
    decodeCase('no typ, JSON string payload', rawToken(hsNoTyp, '"hello"')),
    decodeCase('no typ, number payload', rawToken(hsNoTyp, '123')),
    decodeCase('no typ, JSON null payload', rawToken(hsNoTyp, 'null')),
    decodeCase('no typ, JSON array payload', rawToken(hsNoTyp, '[1,2]')),
    decodeCase('no typ, JSON string containing object', rawToken(hsNoTyp, '"{\\"a\\":1}"')),
    decodeCase('typ JWT, JSON string containing object', rawToken(hs, '"{\\"a\\":1}"')),
    decodeCase('typ JWT, JSON string', rawToken(hs, '"hello"')),
    decodeCase('typ JWT, number payload', rawToken(hs, '123')),
    decodeCase('typ JWT, null payload', rawToken(hs, 'null')),
    decodeCase('typ JWT, null payload, complete', rawToken(hs, 'null'), { complete: true }),
    decodeCase('typ JWT, array payload', rawToken(hs, '[1,{"a":2}]')),
    decodeCase('typ jwt lowercase, invalid JSON', rawToken('{"typ":"jwt"}', 'not json')),
    decodeCase('typ JWT, invalid JSON payload', rawToken(hs, 'not json')),
    decodeCase('typ JWT, empty-object-ish invalid JSON', rawToken(hs, '{a:1}')),
    decodeCase('json option, invalid JSON payload', rawToken(hsNoTyp, 'not json'), { json: true }),
    decodeCase('json option, JSON string payload', rawToken(hsNoTyp, '"hello"'), { json: true }),
    decodeCase('typ JWT, BOM before JSON', rawToken(hs, Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))),
    decodeCase('typ JWT, duplicate keys', rawToken(hs, '{"a":1,"a":2}')),

    // headers that are not objects
    decodeCase('header not JSON', rawToken('not json', '{"a":1}')),
    decodeCase('header JSON "abc"', rawToken('"abc"', '{"a":1}'), { complete: true }),
    decodeCase('header JSON 1', rawToken('1', '{"a":1}'), { complete: true }),
    decodeCase('header JSON 0', rawToken('0', '{"a":1}')),
    decodeCase('header JSON null', rawToken('null', '{"a":1}')),
    decodeCase('header JSON false', rawToken('false', '{"a":1}')),
    decodeCase('header JSON true', rawToken('true', '{"a":1}'), { complete: true }),
    decodeCase('header JSON [1]', rawToken('[1]', '{"a":1}'), { complete: true }),
    decodeCase('header JSON empty string', rawToken('""', '{"a":1}')),
    decodeCase('header typ JWT inside array is ignored', rawToken('[{"typ":"JWT"}]', 'not json'), { complete: true }),

    // segment structure
    decodeCase('non-base64url character +', `${h}.${b}+.${sig}`),
    decodeCase('non-base64url character /', `${h}.${b}.${sig}/`),
    decodeCase('padding in header', `${b64url('{"typ":"JWT","alg":"HS256","x":1}')}=.${b}.${sig}`),
    decodeCase('padding in signature', `${h}.${b}.${sig}=`),
    decodeCase('two segments', `${h}.${b}`),
    decodeCase('four segments', `${token}.x`),
    decodeCase('empty signature', `${h}.${b}.`, { complete: true }),
    decodeCase('empty header', `.${b}.${sig}`),
    decodeCase('empty payload', `${h}..${sig}`),
    decodeCase('empty token', ''),
    decodeCase('whitespace inside', `${h}.${b} .${sig}`),
    decodeCase('trailing newline', `${token}\n`),
    decodeCase('payload length % 4 == 1', `${h}.${withStrayChar('{"a":123}', 'A')}.${sig}`),
    decodeCase('header length % 4 == 1', `${withStrayChar('{"alg":"HS256","typ":"JWT"}', 'Q')}.${b}.${sig}`, { complete: true }),
    decodeCase('non-canonical trailing bits in payload', `${h}.${nonCanonical(b64url('{"a":1}'))}.${sig}`),

    // bytes
    decodeCase('latin1 byte in header', rawToken(latin1('{"alg":"HS256","x":"é"}'), '{"a":1}'), { complete: true }),
    decodeCase('utf8 bytes in header read as latin1', rawToken(Buffer.from('{"alg":"HS256","x":"é"}'), '{"a":1}'), { complete: true }),
    decodeCase('invalid UTF-8 in payload', rawToken(hs, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xc3, 0x22, 0x7d]))),
    decodeCase('truncated UTF-8 sequence in payload', rawToken(hs, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d]))),
    decodeCase('lone surrogate escape in payload', rawToken(hs, '{"a":"\\ud800","b":"\\udc00x","c":"\\ud83d\\ude00"}')),
    decodeCase('unicode in payload', rawToken(hs, '{"a":"é ā € 😀"}')),
    decodeCase('large and small numbers in payload', rawToken(hs, '{"a":1e21,"b":1.5e-7,"c":0.1,"d":9007199254740993,"f":1E+2}')),
  ];
}

// ---------------------------------------------------------------------------

writeVectors('timespan.json', timespanCases());
writeVectors('sign.json', signCases());
writeVectors('verify.json', verifyCases());
writeVectors('decode.json', decodeCases());

// asymmetric.json: RS/PS/ES/EdDSA and every key form, with the key fixtures it refers to.
const { asymmetricVectors } = await import('./asymmetric.mjs');
const asymmetric = await asymmetricVectors();
fs.writeFileSync(path.join(OUT, 'asymmetric.json'), `${JSON.stringify(asymmetric, null, 2)}\n`);
console.log(`asymmetric.json: ${asymmetric.cases.length} cases, ${Object.keys(asymmetric.keys).length} keys`);
