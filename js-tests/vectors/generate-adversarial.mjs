// Generates js-tests/vectors/adversarial.json: tokens built to get past a verifier, each with
// the reason it must be refused and the error that refuses it. Run (after `npm install` in
// js-tests/):
//   node js-tests/vectors/generate-adversarial.mjs [--out DIR]    (default: this directory)
//
// Every `verify` case is run through the REAL npm jsonwebtoken 9.0.3 under a frozen clock and
// its error (class, message, expiredAt/date) is what the case expects: `source: "jsonwebtoken"`.
// The few cases where rtc-token deliberately refuses what jsonwebtoken accepts, or supports
// what jsonwebtoken cannot (EdDSA), say so: `source: "rtc-token"`, with jsonwebtoken's own
// verdict under `jsonwebtoken`. Room-side cases (`op: "access"`) expect `Token is invalid or
// expired` with the cause as `inner`: jsonwebtoken's error for the token itself, the access
// rules' message otherwise. The generator refuses to write a corpus in which jsonwebtoken
// accepts a `source: "jsonwebtoken"` case, so "zero accepted" holds for the reference too.
//
// A token is a string, or `{ "pieces": [...] }` for the megabyte-long ones: strings and
// `{ "repeat": text, "times": n }`, concatenated. PS/ES signatures are randomized (node:crypto
// cannot seed them): their base tokens are inputs kept from the committed adversarial.json while
// each still signs the same bytes validly, so that regenerating gives the same bytes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { atTime } from '../clock.mjs';
import { HERE, outDir, referenceJwt } from './out-dir.mjs';

const jwt = referenceJwt();
const COMMITTED = path.join(HERE, 'adversarial.json');
const FILE = path.join(outDir(), 'adversarial.json');

const NOW = 1700000000;
const SECRET = 'adversarial-corpus-secret';
const OTHER_SECRET = 'attacker-chosen-secret';
const APIKEY = 'b0f4d3c2-6a1e-4f8b-9c3d-2e5a7b1c9d0f';
const ROOM = '2kyv-gzay-64pg';
const PARTICIPANT = 'lxvdplwt';

const keys = {};
const keyText = (ref) => (keys[ref] ??= fs.readFileSync(path.join(HERE, 'keys', ref), 'utf8'));
const previous = fs.existsSync(COMMITTED) ? JSON.parse(fs.readFileSync(COMMITTED, 'utf8')) : { bases: {} };

// ---- building tokens by hand ----

const b64 = (data) => Buffer.from(data).toString('base64url');
const hashOf = (alg) => ({ 256: 'sha256', 384: 'sha384', 512: 'sha512' })[alg.slice(2)];

/** The signature (base64url) of `input` under `alg` with `key` (a secret or a PEM text). */
function signature(alg, key, input) {
  if (alg.startsWith('HS')) return crypto.createHmac(hashOf(alg), key).update(input).digest('base64url');
  if (alg === 'EdDSA') return crypto.sign(null, Buffer.from(input), key).toString('base64url');
  const options = { key };
  if (alg.startsWith('PS')) Object.assign(options, { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  if (alg.startsWith('ES')) options.dsaEncoding = 'ieee-p1363';
  return crypto.sign(hashOf(alg), Buffer.from(input), options).toString('base64url');
}

/** A token from raw header and payload bytes (strings are UTF-8; Buffers as they are); `key` null: unsigned. */
function token(header, payload, alg = 'HS256', key = SECRET) {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${key === null ? '' : signature(alg, key, input)}`;
}

const json = (value) => JSON.stringify(value);
const HS_HEADER = json({ alg: 'HS256', typ: 'JWT' });
const CLAIMS = { sub: 'participant-1', aud: 'room-api', iss: 'videosdk', jti: 'abc-123', iat: NOW - 60, exp: NOW + 3600 };

/**
 * A base token per algorithm. A randomized one is the committed file's while it has the same
 * header and payload and jsonwebtoken accepts its signature, as it does a fresh one's: a
 * hand-edited base is replaced, and js-tests/vectors-fresh.test.mjs sees the difference.
 */
function base(alg, key) {
  const header = json({ alg, typ: 'JWT' });
  const made = token(header, json(CLAIMS), alg, key);
  if (!/^(PS|ES)/.test(alg)) return made;
  const kept = previous.bases?.[alg];
  const accepted = (t) => {
    try {
      atTime(NOW, () => jwt.verify(t, key, { algorithms: [alg] }));
      return true;
    } catch {
      return false;
    }
  };
  if (!accepted(made)) throw new Error(`${alg}: jsonwebtoken refuses the base token made here`);
  return typeof kept === 'string' && kept.startsWith(made.slice(0, made.lastIndexOf('.') + 1)) && accepted(kept) ? kept : made;
}

const RSA = { priv: keyText('rsa2048.pkcs8.pem'), pub: keyText('rsa2048.spki.pem') };
const P256 = { priv: keyText('p256.pkcs8.pem'), pub: keyText('p256.spki.pem') };
const ED = { priv: keyText('ed25519.pkcs8.pem'), pub: keyText('ed25519.spki.pem') };
const BASES = {
  HS256: base('HS256', SECRET),
  RS256: base('RS256', RSA.priv),
  PS256: base('PS256', RSA.priv),
  ES256: base('ES256', P256.priv),
  EdDSA: base('EdDSA', ED.priv),
};
/** The key that verifies each base, as a case describes it. */
const VERIFY_KEY = {
  HS256: { as: 'string', value: SECRET },
  RS256: { as: 'string', ref: 'rsa2048.spki.pem' },
  PS256: { as: 'string', ref: 'rsa2048.spki.pem' },
  ES256: { as: 'string', ref: 'p256.spki.pem' },
  EdDSA: { as: 'string', ref: 'ed25519.spki.pem' },
};

// ---- running a case through jsonwebtoken ----

/** The argument a key spec stands for. */
function keyValue(spec) {
  if (spec.as === 'none') return undefined;
  const text = spec.ref ? keyText(spec.ref) : spec.value;
  return spec.as === 'buffer' ? Buffer.from(text) : text;
}

/** A token spec as the string it stands for. */
export function expand(spec) {
  if (typeof spec === 'string') return spec;
  return spec.pieces.map((p) => (typeof p === 'string' ? p : p.repeat.repeat(p.times))).join('');
}


const iso = (date) => (Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString());

/** jsonwebtoken's verdict: `'accepts'` or its error as `{ name, message, expiredAt?, date? }`. */
function reference(c) {
  try {
    atTime(c.now, () => jwt.verify(expand(c.token), keyValue(c.key), c.options));
    return 'accepts';
  } catch (err) {
    const error = { name: err.name, message: err.message };
    if (err.expiredAt !== undefined) error.expiredAt = iso(err.expiredAt);
    if (err.date !== undefined) error.date = iso(err.date);
    return error;
  }
}

const cases = [];

/**
 * Adds a verify case. `differs`: rtc-token refuses with this error where jsonwebtoken does
 * something else (recorded); `rtcOnly`: jsonwebtoken cannot run the case (EdDSA): it must
 * refuse too, for any reason.
 */
function verifyCase(group, name, reason, tokenSpec, { key = VERIFY_KEY.HS256, options = {}, now = NOW, differs } = {}) {
  const c = { group, name: `${group}: ${name}`, reason, op: 'verify', now, token: tokenSpec, key, options };
  const theirs = reference(c);
  if (differs) {
    Object.assign(c, { source: 'rtc-token', expected: { error: differs }, jsonwebtoken: theirs });
  } else {
    if (theirs === 'accepts') throw new Error(`${c.name}: jsonwebtoken accepts it; not a refusal case`);
    Object.assign(c, { source: 'jsonwebtoken', expected: { error: theirs } });
  }
  cases.push(c);
}

const invalidSignature = { name: 'JsonWebTokenError', message: 'invalid signature' };

/**
 * Adds a room-side case (verifyAccessToken with the secret): refused with `inner`, which is
 * jsonwebtoken's verify error under `algorithms: ['HS256']` unless `rule` gives the access
 * rules' own message.
 */
function accessCase(name, reason, tokenSpec, { options = { apikey: APIKEY }, rule, now = NOW } = {}) {
  const c = { group: 'room-side', name: `room-side: ${name}`, reason, op: 'access', now, token: tokenSpec, key: VERIFY_KEY.HS256, options };
  let inner = rule;
  if (!inner) {
    inner = reference({ ...c, options: { algorithms: ['HS256'] } });
    if (inner === 'accepts') throw new Error(`${c.name}: the token passes verify; give the rule that refuses it`);
  }
  Object.assign(c, {
    source: rule ? 'rtc-token' : 'jsonwebtoken',
    expected: { error: { name: 'JsonWebTokenError', message: 'Token is invalid or expired', inner } },
  });
  cases.push(c);
}

// ---- the corpus ----

const parts = (t) => t.split('.');

function algNone() {
  const g = 'alg none';
  const casings = [];
  for (let bits = 0; bits < 16; bits++) {
    casings.push([...'none'].map((ch, i) => (bits & (1 << i) ? ch.toUpperCase() : ch)).join(''));
  }
  for (const alg of casings) {
    const header = json({ alg, typ: 'JWT' });
    const unsigned = token(header, json(CLAIMS), alg, null);
    const why = `alg "${alg}" asks for no signature; the verifier holds a key and must insist on one`;
    verifyCase(g, `"${alg}" unsigned, secret given`, why, unsigned);
    verifyCase(g, `"${alg}" unsigned, secret and algorithms HS256`, why, unsigned, { options: { algorithms: ['HS256'] } });
    verifyCase(g, `"${alg}" unsigned, RSA public key given`, why, unsigned, { key: VERIFY_KEY.RS256 });
    verifyCase(g, `"${alg}" unsigned, no key, no algorithms`, 'an unsigned token is accepted only when "none" is listed explicitly', unsigned, { key: { as: 'none' } });
    if (alg !== 'none') {
      verifyCase(g, `"${alg}" unsigned, no key, algorithms none`, `"none" is allowed by exact name only; "${alg}" is not it`, unsigned, { key: { as: 'none' }, options: { algorithms: ['none'] } });
    }
    // The signature is a valid HMAC, the header names none: neither reading may pass.
    verifyCase(g, `"${alg}" with an HMAC signature`, 'an HMAC under a header that names none is not an HS256 token', `${unsigned.slice(0, -1)}.${signature('HS256', SECRET, unsigned.slice(0, -1))}`);
  }
  const spaced = token('{ "alg" : "none" , "typ" : "JWT" }', json(CLAIMS), 'none', null);
  verifyCase(g, 'none with whitespace in the header', 'the header is read as JSON, not matched as text', spaced);
  verifyCase(g, 'none with the secret allowed for none', 'a key given means a signature is required, even when "none" is listed', spaced, { options: { algorithms: ['none', 'HS256'] } });
  verifyCase(g, 'none listed, RS256 token stripped of its signature', 'stripping the signature of a real token does not make it a none token', `${parts(BASES.RS256).slice(0, 2).join('.')}.`, { key: { as: 'none' }, options: { algorithms: ['none'] } });
}

function algMissing() {
  const g = 'alg missing or not a string';
  const headers = [
    ['no alg', { typ: 'JWT' }],
    ['empty header', {}],
    ['alg null', { alg: null, typ: 'JWT' }],
    ['alg 0', { alg: 0 }],
    ['alg 256', { alg: 256 }],
    ['alg true', { alg: true }],
    ['alg ["HS256"]', { alg: ['HS256'] }],
    ['alg {"HS256":1}', { alg: { HS256: 1 } }],
    ['alg ""', { alg: '' }],
    ['alg "HS256 "', { alg: 'HS256 ' }],
    ['alg " HS256"', { alg: ' HS256' }],
    ['alg "hs256"', { alg: 'hs256' }],
    ['alg "HS256\\u0000"', { alg: 'HS256\u0000' }],
    ['alg "HS2560"', { alg: 'HS2560' }],
    ['alg "HS"', { alg: 'HS' }],
    ['alg "HMAC"', { alg: 'HMAC' }],
    ['alg "RS256" over an HMAC', { alg: 'RS256' }],
  ];
  for (const [name, header] of headers) {
    const t = token(json(header), json(CLAIMS));
    const why = `the header's alg (${json(header.alg)}) is not the HS256 that the HMAC was made with; only an exact listed name selects an algorithm`;
    verifyCase(g, `${name}, default algorithms`, why, t);
    verifyCase(g, `${name}, algorithms [HS256]`, why, t, { options: { algorithms: ['HS256'] } });
  }
  verifyCase(g, 'duplicate alg, the last is null', 'JSON.parse keeps the last duplicate: alg is null', token('{"alg":"HS256","alg":null}', json(CLAIMS)));
  verifyCase(g, 'duplicate alg, the last is none', 'JSON.parse keeps the last duplicate: alg is none, and a key is given', token('{"alg":"HS256","typ":"JWT","alg":"none"}', json(CLAIMS), 'none', null));
}

function confusion() {
  const g = 'algorithm confusion';
  const publics = ['rsa2048.spki.pem', 'rsa2048.pkcs1-public.pem', 'rsa2048.cert.pem', 'p256.spki.pem', 'ed25519.spki.pem'];
  for (const ref of publics) {
    const pem = keyText(ref);
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      const forged = token(json({ alg, typ: 'JWT' }), json(CLAIMS), alg, pem);
      const why = `an attacker signs ${alg} with the public key's text as the HMAC secret; a public key must never be used as a secret`;
      for (const as of ['string', 'buffer']) {
        verifyCase(g, `${alg} with ${ref} as the secret, ${as}, default algorithms`, why, forged, { key: { as, ref } });
        verifyCase(g, `${alg} with ${ref} as the secret, ${as}, algorithms [${alg}]`, why, forged, { key: { as, ref }, options: { algorithms: [alg] } });
      }
      verifyCase(g, `${alg} with ${ref}, algorithms [${alg}, RS256, ES256]`, why, forged, { key: { as: 'string', ref }, options: { algorithms: [alg, 'RS256', 'ES256'] } });
    }
    // The PEM without its final newline: a different secret, same outcome.
    const trimmed = token(HS_HEADER, json(CLAIMS), 'HS256', pem.trim());
    verifyCase(g, `HS256 with ${ref} trimmed as the secret`, 'the same attack with the PEM as copied without its newline', trimmed, { key: { as: 'string', ref } });
  }
  const privatePem = keyText('rsa2048.pkcs8.pem');
  verifyCase(g, 'HS256 with the private PEM as the secret, verified with it', 'a private key given to verify is an RSA key, never an HMAC secret', token(HS_HEADER, json(CLAIMS), 'HS256', privatePem), { key: { as: 'string', ref: 'rsa2048.pkcs8.pem' } });
  verifyCase(g, 'RS256 token verified with a secret', 'an HMAC secret cannot check an RSA signature', BASES.RS256, { key: VERIFY_KEY.HS256 });
  verifyCase(g, 'RS256 token verified with a secret, algorithms [RS256]', 'an HMAC secret cannot check an RSA signature', BASES.RS256, { key: VERIFY_KEY.HS256, options: { algorithms: ['RS256'] } });
  verifyCase(g, 'ES256 token verified with the RSA key', 'the key type decides which algorithms it can check', BASES.ES256, { key: VERIFY_KEY.RS256 });
  verifyCase(g, 'ES256 token relabelled RS256, RSA key', 'the header names RS256 over an ECDSA signature', `${b64(json({ alg: 'RS256', typ: 'JWT' }))}.${parts(BASES.ES256)[1]}.${parts(BASES.ES256)[2]}`, { key: VERIFY_KEY.RS256 });
  verifyCase(g, 'RS256 token relabelled PS256', 'PKCS#1 v1.5 and PSS are different schemes over the same key', `${b64(json({ alg: 'PS256', typ: 'JWT' }))}.${parts(BASES.RS256).slice(1).join('.')}`, { key: VERIFY_KEY.RS256 });
  verifyCase(g, 'RS256 token relabelled RS512', 'the digest named by the header must be the one signed', `${b64(json({ alg: 'RS512', typ: 'JWT' }))}.${parts(BASES.RS256).slice(1).join('.')}`, { key: VERIFY_KEY.RS256 });
  verifyCase(g, 'RS256 token with the other RSA key', 'signed by another key pair', token(json({ alg: 'RS256', typ: 'JWT' }), json(CLAIMS), 'RS256', keyText('rsa2048-other.pkcs8.pem')), { key: VERIFY_KEY.RS256 });
  verifyCase(g, 'ES256 token signed with the P-256 public key text as HMAC', 'the EC public key used as an HMAC secret', token(json({ alg: 'HS256', typ: 'JWT' }), json(CLAIMS), 'HS256', P256.pub), { key: VERIFY_KEY.ES256, options: { algorithms: ['HS256', 'ES256'] } });
}

/**
 * Key material of every type and container in keys/ that Node's createPublicKey reads (DSA,
 * DH, EC on any curve or with explicit parameters, X448, Ed448, SM2, RSA past the usual bounds,
 * certificates, private keys): its text as an HMAC secret forges nothing. Listed from the
 * directory, so a fixture added there is covered here.
 */
function keyMaterial() {
  const g = 'key material as a secret';
  const covered = new Set(['rsa2048.spki.pem', 'rsa2048.pkcs1-public.pem', 'rsa2048.cert.pem', 'p256.spki.pem', 'ed25519.spki.pem', 'rsa2048.pkcs8.pem']);
  const refs = fs.readdirSync(path.join(HERE, 'keys')).filter((ref) => ref.endsWith('.pem') && !covered.has(ref)).sort();
  for (const ref of refs) {
    const pem = keyText(ref);
    let isKey = true;
    try {
      crypto.createPublicKey(pem);
    } catch {
      isKey = false;
    }
    const why = `${ref} is key material: its text as an HMAC secret must never verify`;
    for (const [alg, as, options] of [['HS256', 'string', {}], ['HS384', 'buffer', { algorithms: ['HS384'] }], ['HS512', 'string', { algorithms: ['HS512', 'RS256', 'ES256'] }]]) {
      const forged = token(json({ alg, typ: 'JWT' }), json(CLAIMS), alg, pem);
      const name = `${alg} with ${ref} as the secret, ${as}, ${options.algorithms ? `algorithms [${options.algorithms}]` : 'default algorithms'}`;
      if (isKey) verifyCase(g, name, why, forged, { key: { as, ref }, options });
      else if (/TRUSTED CERTIFICATE/.test(pem)) {
        // OpenSSL's createPublicKey does not read this label, so jsonwebtoken verifies with the
        // certificate's text as a secret; rtc-token refuses key armour it cannot read.
        const differs = { name: 'JsonWebTokenError', message: 'secretOrPublicKey is not valid key material' };
        verifyCase(g, name, `${why} (jsonwebtoken takes it as a secret)`, forged, { key: { as, ref }, options, differs });
      }
    }
  }
}

/** Every decoded byte of each part XORed with 0x01, re-encoded canonically. */
function byteFlips() {
  const g = 'byte flip';
  for (const [alg, t] of Object.entries(BASES)) {
    const segs = parts(t);
    ['header', 'payload', 'signature'].forEach((part, index) => {
      const bytes = Buffer.from(segs[index], 'base64url');
      for (let i = 0; i < bytes.length; i++) {
        const flipped = Buffer.from(bytes);
        flipped[i] ^= 0x01;
        const copy = [...segs];
        copy[index] = flipped.toString('base64url');
        const why = `one bit of ${part} byte ${i} changed after signing`;
        const options = { key: VERIFY_KEY[alg] };
        if (alg === 'EdDSA') {
          options.options = { algorithms: ['EdDSA'] };
          options.differs = refusalOf(copy.join('.'));
        }
        verifyCase(g, `${alg} ${part} byte ${i}`, why, copy.join('.'), options);
      }
    });
  }
}

/**
 * What rtc-token refuses an altered EdDSA token with (jsonwebtoken has no EdDSA): jsonwebtoken's
 * own steps before the algorithm matters, in its order: decode (its own error, or `invalid
 * token`), then the algorithm, then the signature.
 */
function refusalOf(t) {
  let decoded;
  try {
    decoded = jwt.decode(t, { complete: true });
  } catch (err) {
    return { name: err.name, message: err.message };
  }
  if (!decoded) return { name: 'JsonWebTokenError', message: 'invalid token' };
  if (decoded.header.alg !== 'EdDSA') return { name: 'JsonWebTokenError', message: 'invalid algorithm' };
  return invalidSignature;
}

function signatureForms() {
  const g = 'signature form';
  for (const alg of ['HS256', 'RS256', 'ES256', 'PS256']) {
    const t = BASES[alg];
    const [h, p, s] = parts(t);
    const key = { key: VERIFY_KEY[alg] };
    const forms = [
      ['stripped', `${h}.${p}.`, 'the signature removed, the alg kept'],
      ['stripped with its dot', `${h}.${p}`, 'two parts are not a JWS'],
      ['truncated by one character', `${h}.${p}.${s.slice(0, -1)}`, 'a shortened signature'],
      ['truncated by four characters', `${h}.${p}.${s.slice(0, -4)}`, 'a shortened signature'],
      ['truncated to half', `${h}.${p}.${s.slice(0, s.length >> 1)}`, 'a shortened signature'],
      ['one character', `${h}.${p}.A`, 'a one-character signature'],
      ['doubled', `${h}.${p}.${s}${s}`, 'the signature written twice'],
      ['with "A" appended', `${h}.${p}.${s}A`, 'extra signature characters'],
      ['with "AA" appended', `${h}.${p}.${s}AA`, 'extra signature bytes'],
      ['all zero bytes', `${h}.${p}.${b64(Buffer.alloc(Buffer.from(s, 'base64url').length))}`, 'a signature of zeros'],
      ['from another payload', `${h}.${b64(json({ ...CLAIMS, sub: 'admin' }))}.${s}`, 'a valid signature moved onto another payload'],
      ['as the payload', `${h}.${s}.${p}`, 'parts swapped'],
    ];
    for (const [name, forged, why] of forms) verifyCase(g, `${alg} ${name}`, why, forged, key);
  }
  const hs = parts(BASES.HS256);
  verifyCase(g, 'HS384 signature under an HS256 header', 'the MAC of another algorithm', `${hs[0]}.${hs[1]}.${signature('HS384', SECRET, `${hs[0]}.${hs[1]}`)}`);
  verifyCase(g, 'HS256 signature made with another secret', 'a forger without the secret', token(HS_HEADER, json(CLAIMS), 'HS256', OTHER_SECRET));
  verifyCase(g, 'HS256 signature made with an empty secret', 'the empty secret is not the secret', token(HS_HEADER, json(CLAIMS), 'HS256', ''));
}

function base64urlForms() {
  const g = 'non-canonical base64url';
  // A payload whose encoding holds '-' and '_', so that '+' and '/' variants exist.
  const claims = { ...CLAIMS, note: '>>>???~~~' };
  const t = token(HS_HEADER, json(claims));
  const [h, p, s] = parts(t);
  if (!/[-_]/.test(p)) throw new Error('payload encoding without - or _');
  const variants = [
    ['payload with "+" for "-" and "/" for "_"', `${h}.${p.replace(/-/g, '+').replace(/_/g, '/')}.${s}`, 'standard base64 is not base64url'],
    ['header padded "="', `${h}=.${p}.${s}`, 'padding is not part of base64url in a JWS'],
    ['payload padded "=="', `${h}.${p}==.${s}`, 'padding is not part of base64url in a JWS'],
    ['signature padded "="', `${h}.${p}.${s}=`, 'padding is not part of base64url in a JWS'],
    ['leading space', ` ${t}`, 'whitespace is not in the alphabet'],
    ['trailing newline', `${t}\n`, 'whitespace is not in the alphabet'],
    ['trailing CRLF', `${t}\r\n`, 'whitespace is not in the alphabet'],
    ['space inside the payload', `${h}.${p.slice(0, 8)} ${p.slice(8)}.${s}`, 'whitespace is not in the alphabet'],
    ['tab inside the signature', `${h}.${p}.${s.slice(0, 8)}\t${s.slice(8)}`, 'whitespace is not in the alphabet'],
    ['newline between parts', `${h}.\n${p}.${s}`, 'whitespace is not in the alphabet'],
    ['percent-encoded dot', `${h}%2E${p}.${s}`, 'URL encoding is not base64url'],
    ['fullwidth letter', `${h}.${p}.${s.slice(0, -1)}Ａ`, 'a letter outside ASCII'],
    ['"*" in the header', `${h.slice(0, 4)}*${h.slice(5)}.${p}.${s}`, 'a character outside the alphabet'],
  ];
  for (const [name, forged, why] of variants) verifyCase(g, name, why, forged);
  // Trailing bits: the last character of a part carries unused low bits. Changing them keeps
  // the decoded bytes, so the header/payload text changes (an invalid MAC) and the signature
  // text stops being the canonical encoding of the signature bytes.
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bump = (seg) => seg.slice(0, -1) + A[A.indexOf(seg.at(-1)) ^ 1];
  for (const alg of ['HS256', 'RS256', 'PS256', 'ES256', 'EdDSA']) {
    const [bh, bp, bs] = parts(BASES[alg]);
    const key = VERIFY_KEY[alg];
    const options = alg === 'EdDSA' ? { algorithms: ['EdDSA'] } : {};
    const aside = { key, options };
    if (Buffer.from(bump(bh), 'base64url').equals(Buffer.from(bh, 'base64url'))) {
      verifyCase(g, `${alg} header trailing bits`, 'the same header bytes under another text: the signing input is the text', `${bump(bh)}.${bp}.${bs}`, alg === 'EdDSA' ? { ...aside, differs: invalidSignature } : aside);
    }
    if (Buffer.from(bump(bp), 'base64url').equals(Buffer.from(bp, 'base64url'))) {
      verifyCase(g, `${alg} payload trailing bits`, 'the same payload bytes under another text: the signing input is the text', `${bh}.${bump(bp)}.${bs}`, alg === 'EdDSA' ? { ...aside, differs: invalidSignature } : aside);
    }
    if (Buffer.from(bump(bs), 'base64url').equals(Buffer.from(bs, 'base64url'))) {
      // jsonwebtoken hands RS/PS/ES signatures to Node's lenient base64 decoder and so accepts
      // a second spelling of a valid signature; rtc-token accepts only the canonical one.
      verifyCase(g, `${alg} signature trailing bits`, 'a second spelling of a valid signature: only the canonical base64url text is the signature', `${bh}.${bp}.${bump(bs)}`, alg === 'HS256' ? aside : { ...aside, differs: invalidSignature });
    }
  }
}

function segments() {
  const g = 'segments';
  const t = BASES.HS256;
  const [h, p, s] = parts(t);
  const forms = [
    ['four parts', `${t}.${s}`, 'a JWS has exactly three parts'],
    ['five parts (JWE shape)', `${h}.${s}.${s}.${p}.${s}`, 'a JWE is not a JWS'],
    ['trailing dot', `${t}.`, 'a fourth, empty part'],
    ['leading dot', `.${t}`, 'an empty first part'],
    ['empty header', `.${p}.${s}`, 'no header'],
    ['empty payload', `${h}..${s}`, 'no payload'],
    ['two parts', `${h}.${p}`, 'no signature part'],
    ['one part', h, 'not a JWS'],
    ['dots only', '..', 'not a JWS'],
    ['three dots', '...', 'not a JWS'],
    ['the empty string', '', 'no token'],
    ['a single space', ' ', 'no token'],
  ];
  for (const [name, forged, why] of forms) verifyCase(g, name, why, forged);
}

function jsonShapes() {
  const g = 'JSON shape';
  const signed = (header, payload) => token(header, payload);
  const headerForms = [
    ['header []', '[]'], ['header "HS256"', '"HS256"'], ['header 1', '1'], ['header true', 'true'],
    ['header null', 'null'], ['header {', '{'], ['header with a trailing comma', '{"alg":"HS256",}'],
    ['header as a JSON string of an object', json(HS_HEADER)], ['header with a BOM', `\ufeff${HS_HEADER}`],
    ['header with single quotes', "{'alg':'HS256'}"], ['header with a comment', '{"alg":"HS256"/*x*/}'],
    ['header NaN', 'NaN'], ['header in UTF-16', Buffer.from(HS_HEADER, 'utf16le')],
  ];
  for (const [name, header] of headerForms) verifyCase(g, name, 'a header that is not a JSON object naming HS256', signed(header, json(CLAIMS)));
  // Payloads that are not objects: signed, so the claim checks and the options must refuse.
  verifyCase(g, 'payload null', 'a signed null payload has no claims to check', signed(HS_HEADER, 'null'));
  verifyCase(g, 'payload a string, subject expected', 'a string payload has no sub', signed(HS_HEADER, '"participant-1"'), { options: { subject: 'participant-1' } });
  verifyCase(g, 'payload an array of claims, audience expected', 'claims inside an array are not claims', signed(HS_HEADER, json([CLAIMS])), { options: { audience: 'room-api' } });
  verifyCase(g, 'payload a number, maxAge', 'a number has no iat', signed(HS_HEADER, '123'), { options: { maxAge: '1h' } });
  verifyCase(g, 'payload true, issuer expected', 'a boolean has no iss', signed(HS_HEADER, 'true'), { options: { issuer: 'videosdk' } });
  verifyCase(g, 'payload a JSON string holding expired claims', 'a string payload that parses to an object is read as that object (jsonwebtoken decode)', signed(HS_HEADER, json(json({ exp: NOW - 10 }))));
  verifyCase(g, 'payload not JSON under typ JWT', 'typ JWT requires a JSON payload', signed(HS_HEADER, 'exp=1'));
  verifyCase(g, 'payload NaN', 'NaN is not JSON', signed(HS_HEADER, '{"exp":NaN}'));
  verifyCase(g, 'payload with a BOM', 'JSON.parse does not skip a BOM', signed(HS_HEADER, `\ufeff${json(CLAIMS)}`));
  verifyCase(g, 'payload with a trailing comma', 'not JSON', signed(HS_HEADER, '{"exp":1,}'));
  verifyCase(g, 'payload not JSON, no typ, forged', 'without typ the payload may be text, but the MAC still decides', token('{"alg":"HS256"}', 'hello', 'HS256', OTHER_SECRET));
  // Duplicate keys: the last one is what JSON.parse keeps, and so what is checked.
  const dup = (text) => signed(HS_HEADER, text);
  verifyCase(g, 'duplicate exp, the last expired', 'a reader that kept the first exp would accept an expired token', dup(`{"exp":${NOW + 3600},"exp":${NOW - 1}}`));
  verifyCase(g, 'duplicate exp, the last a string', 'the last exp is not a number', dup(`{"exp":${NOW + 3600},"exp":"never"}`));
  verifyCase(g, 'duplicate nbf, the last in the future', 'a reader that kept the first nbf would accept it early', dup(`{"nbf":0,"nbf":${NOW + 100}}`));
  verifyCase(g, 'duplicate sub, the last another subject', 'a reader that kept the first sub would accept another subject', dup('{"sub":"admin","sub":"guest"}'), { options: { subject: 'admin' } });
  verifyCase(g, 'duplicate aud, the last another audience', 'a reader that kept the first aud would accept another audience', dup('{"aud":"room-api","aud":"other"}'), { options: { audience: 'room-api' } });
  verifyCase(g, 'duplicate iss, the last another issuer', 'a reader that kept the first iss would accept another issuer', dup('{"iss":"videosdk","iss":"evil"}'), { options: { issuer: 'videosdk' } });
  verifyCase(g, 'iss only under __proto__', 'JSON.parse makes __proto__ an own property: its members are not claims', dup('{"__proto__":{"iss":"videosdk"}}'), { options: { issuer: 'videosdk' } });
  verifyCase(g, 'exp only under __proto__, maxAge', '__proto__ members are not claims', dup(`{"__proto__":{"iat":${NOW}}}`), { options: { maxAge: '1h' } });
  // Nesting thousands deep: read without recursion, then refused by the claims or the MAC.
  const deepArray = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  verifyCase(g, 'payload 5,000 arrays deep, expired', 'deep nesting must not exhaust a stack', dup(`{"exp":${NOW - 10},"deep":${deepArray}}`));
  const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
  verifyCase(g, 'payload 5,000 objects deep, expired', 'deep nesting must not exhaust a stack', dup(`{"deep":${deepObject},"exp":${NOW - 10}}`));
  verifyCase(g, 'payload 100,000 unclosed arrays', 'an unterminated deep text is not JSON', dup('['.repeat(100000)));
  verifyCase(g, 'header 10,000 arrays deep, forged', 'deep nesting in the header, and no valid MAC', token(`{"alg":"HS256","x":${'['.repeat(10000)}${']'.repeat(10000)}}`, json(CLAIMS), 'HS256', OTHER_SECRET));
  verifyCase(g, 'header 50,000 unclosed objects', 'an unterminated deep header', token('{"a":'.repeat(50000), json(CLAIMS)));
  // Megabytes: built from pieces so the committed file stays small.
  const bigPayload = `{"exp":${NOW - 10},"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`;
  const bigToken = dup(bigPayload);
  const [bh, bp, bs] = parts(bigToken);
  const unit = b64('xxx');
  const head = bp.slice(0, bp.indexOf(unit));
  const times = (bp.length - head.length) / unit.length;
  let tail = bp.slice(head.length);
  let n = 0;
  while (tail.startsWith(unit)) { tail = tail.slice(unit.length); n++; }
  if (head + unit.repeat(n) + tail !== bp || !Number.isFinite(times)) throw new Error('could not piece the big payload');
  verifyCase(g, 'payload 2 MiB, expired', 'a megabytes-long payload is read once and refused by its exp', { pieces: [`${bh}.${head}`, { repeat: unit, times: n }, `${tail}.${bs}`] });
  verifyCase(g, 'payload 2 MiB, forged', 'a megabytes-long payload under a wrong MAC', { pieces: [`${bh}.${head}`, { repeat: unit, times: n }, `${tail}.${signature('HS256', OTHER_SECRET, 'x')}`] });
  verifyCase(g, 'header 1 MiB of spaces, forged', 'a megabyte of JSON whitespace in the header', { pieces: [b64('{"alg":"HS256"'), { repeat: b64('   '), times: 349525 }, `${b64('}')}.${bp.slice(0, 40)}.${bs}`] });
  verifyCase(g, 'signature 1 MiB, HS256', 'an HMAC is 32 bytes', { pieces: [`${bh}.${bp.slice(0, 40)}.`, { repeat: 'AAAA', times: 262144 }] });
  verifyCase(g, 'signature 1 MiB, RS256', 'an RSA-2048 signature is 256 bytes', { pieces: [`${parts(BASES.RS256).slice(0, 2).join('.')}.`, { repeat: 'AAAA', times: 262144 }] }, { key: VERIFY_KEY.RS256 });
  verifyCase(g, 'signature 1 MiB, ES256', 'an ES256 signature is 64 bytes', { pieces: [`${parts(BASES.ES256).slice(0, 2).join('.')}.`, { repeat: 'AAAA', times: 262144 }] }, { key: VERIFY_KEY.ES256 });
  verifyCase(g, 'token 3 MiB of base64url letters', 'one huge part is not a JWS', { pieces: [{ repeat: 'eyJh', times: 786432 }] });
}

function timeClaims() {
  const g = 'time claims';
  const signed = (claims) => token(HS_HEADER, typeof claims === 'string' ? claims : json(claims));
  const expCases = [
    ['exp a numeric string', `{"exp":"${NOW + 3600}"}`],
    ['exp "1e400"', '{"exp":"1e400"}'],
    ['exp "NaN"', '{"exp":"NaN"}'],
    ['exp null', '{"exp":null}'],
    ['exp true', '{"exp":true}'],
    ['exp []', '{"exp":[]}'],
    ['exp [2000000000]', '{"exp":[2000000000]}'],
    ['exp {}', '{"exp":{}}'],
    ['exp at the exact second', `{"exp":${NOW}}`],
    ['exp one second ago', `{"exp":${NOW - 1}}`],
    ['exp half a second ago', `{"exp":${NOW - 0.5}}`],
    ['exp 0', '{"exp":0}'],
    ['exp -0', '{"exp":-0}'],
    ['exp negative', '{"exp":-1}'],
    ['exp -1e400', '{"exp":-1e400}'],
    ['exp 1e-400', '{"exp":1e-400}'],
    ['exp in milliseconds of the past', `{"exp":${(NOW - 3600) * 1000}e-3}`],
  ];
  for (const [name, payload] of expCases) verifyCase(g, name, 'exp must be a number of seconds later than now', signed(payload));
  const nbfCases = [
    ['nbf a numeric string', '{"nbf":"0"}'],
    ['nbf null', '{"nbf":null}'],
    ['nbf false', '{"nbf":false}'],
    ['nbf one second ahead', `{"nbf":${NOW + 1}}`],
    ['nbf half a second ahead', `{"nbf":${NOW + 0.5}}`],
    ['nbf 1e400', '{"nbf":1e400}'],
    ['nbf far ahead', '{"nbf":8640000000000}'],
  ];
  for (const [name, payload] of nbfCases) verifyCase(g, name, 'nbf must be a number of seconds not later than now', signed(payload));
  verifyCase(g, 'exp at the tolerance boundary', 'now >= exp + clockTolerance is expired', signed({ exp: NOW - 5 }), { options: { clockTolerance: 5 } });
  verifyCase(g, 'exp past a fractional tolerance', 'now >= exp + clockTolerance is expired', signed({ exp: NOW - 6 }), { options: { clockTolerance: 5.9 } });
  verifyCase(g, 'nbf past the tolerance', 'nbf > now + clockTolerance is not active', signed({ nbf: NOW + 6 }), { options: { clockTolerance: 5 } });
  verifyCase(g, 'exp before a later clockTimestamp', 'the clock given in options is the clock', signed({ exp: NOW + 3600 }), { options: { clockTimestamp: NOW + 3600 } });
  verifyCase(g, 'nbf after an earlier clockTimestamp', 'the clock given in options is the clock', signed({ nbf: NOW }), { options: { clockTimestamp: NOW - 1 } });
  verifyCase(g, 'ignoreNotBefore does not ignore exp', 'one ignore flag does not lift the other check', signed({ nbf: NOW + 10, exp: NOW - 10 }), { options: { ignoreNotBefore: true } });
  const maxAge = [
    ['iat a string', '{"iat":"1700000000"}', '1h'],
    ['iat null', '{"iat":null}', '1h'],
    ['iat missing', '{}', 3600],
    ['iat at the exact limit', `{"iat":${NOW - 3600}}`, '1h'],
    ['iat fractional at the limit', `{"iat":${NOW - 3599.5}}`, '1h'],
    ['iat fractional, numeric maxAge', `{"iat":${NOW - 3600.5}}`, 3600],
    ['iat negative', '{"iat":-1}', '1h'],
    ['iat -1e400', '{"iat":-1e400}', '1h'],
    ['iat 0 (read as now), maxAge -1', '{"iat":0}', -1],
    ['maxAge not a time span', `{"iat":${NOW}}`, 'one hour'],
    ['maxAge "1e3"', `{"iat":${NOW}}`, '1e3'],
  ];
  for (const [name, payload, age] of maxAge) verifyCase(g, `${name}, maxAge ${json(age)}`, 'maxAge needs a numeric iat within the age', signed(payload), { options: { maxAge: age } });
}

function claimMismatches() {
  const g = 'claim mismatch';
  const signed = (claims) => token(HS_HEADER, json({ ...claims, exp: NOW + 3600 }));
  const audiences = [
    ['no aud', {}], ['aud with a trailing space', { aud: 'room-api ' }], ['aud in other case', { aud: 'Room-api' }],
    ['aud a prefix', { aud: 'room-ap' }], ['aud an extension', { aud: 'room-api.evil' }], ['aud with NUL', { aud: 'room-api\u0000' }],
    ['aud with a Cyrillic o', { aud: 'r\u043eom-api' }], ['aud ["other"]', { aud: ['other'] }], ['aud []', { aud: [] }],
    ['aud [["room-api"]]', { aud: [['room-api']] }], ['aud {"room-api":true}', { aud: { 'room-api': true } }], ['aud null', { aud: null }],
    ['aud "room-api,other"', { aud: 'room-api,other' }], ['aud ""', { aud: '' }], ['aud decomposed é', { aud: 'room-cafe\u0301' }],
  ];
  for (const [name, claims] of audiences) verifyCase(g, `${name}, audience "room-api"`, 'aud must equal an expected audience exactly', signed(claims), { options: { audience: 'room-api' } });
  verifyCase(g, 'aud "room-api", audience ["a","b"]', 'none of the expected audiences', signed({ aud: 'room-api' }), { options: { audience: ['a', 'b'] } });
  verifyCase(g, 'aud "room-api", audience []', 'an empty list expects no audience at all', signed({ aud: 'room-api' }), { options: { audience: [] } });
  verifyCase(g, 'aud 1, audience "1"', 'numbers and strings differ', signed({ aud: 1 }), { options: { audience: '1' } });
  verifyCase(g, 'aud "room-café", audience NFC', 'no Unicode normalisation', signed({ aud: 'room-cafe\u0301' }), { options: { audience: 'room-caf\u00e9' } });
  const issuers = [
    ['no iss', {}], ['iss in other case', { iss: 'VideoSDK' }], ['iss with a trailing space', { iss: 'videosdk ' }],
    ['iss ["videosdk"]', { iss: ['videosdk'] }], ['iss null', { iss: null }], ['iss 1', { iss: 1 }], ['iss a URL of it', { iss: 'https://videosdk' }],
  ];
  for (const [name, claims] of issuers) verifyCase(g, `${name}, issuer "videosdk"`, 'iss must equal the expected issuer exactly', signed(claims), { options: { issuer: 'videosdk' } });
  verifyCase(g, 'iss "ab", issuer ["a","b"]', 'a list is searched, not joined', signed({ iss: 'ab' }), { options: { issuer: ['a', 'b'] } });
  verifyCase(g, 'iss "a,b", issuer ["a","b"]', 'a list is searched, not joined', signed({ iss: 'a,b' }), { options: { issuer: ['a', 'b'] } });
  const subjects = [['no sub', {}], ['sub other', { sub: 'admin' }], ['sub 1', { sub: 1 }], ['sub ["participant-1"]', { sub: ['participant-1'] }], ['sub null', { sub: null }], ['sub with NUL', { sub: 'participant-1\u0000' }]];
  for (const [name, claims] of subjects) verifyCase(g, `${name}, subject "participant-1"`, 'sub must equal the expected subject exactly', signed(claims), { options: { subject: 'participant-1' } });
  verifyCase(g, 'sub "1", subject "01"', 'strings compare as strings', signed({ sub: '1' }), { options: { subject: '01' } });
  const ids = [['no jti', {}], ['jti in other case', { jti: 'ABC-123' }], ['jti 123', { jti: 123 }], ['jti ["abc-123"]', { jti: ['abc-123'] }], ['jti null', { jti: null }]];
  for (const [name, claims] of ids) verifyCase(g, `${name}, jwtid "abc-123"`, 'jti must equal the expected id exactly', signed(claims), { options: { jwtid: 'abc-123' } });
  verifyCase(g, 'no nonce, nonce "n-1"', 'nonce must equal the expected nonce', signed({}), { options: { nonce: 'n-1' } });
  verifyCase(g, 'nonce other, nonce "n-1"', 'nonce must equal the expected nonce', signed({ nonce: 'n-2' }), { options: { nonce: 'n-1' } });
  verifyCase(g, 'all claims right but iss', 'every expected claim is checked', signed({ aud: 'room-api', iss: 'evil', sub: 'participant-1', jti: 'abc-123' }), { options: { audience: 'room-api', issuer: 'videosdk', subject: 'participant-1', jwtid: 'abc-123' } });
}

function misleadingHeaders() {
  const g = 'misleading header';
  const forgedWith = (header, key = OTHER_SECRET, alg = 'HS256') => token(json(header), json(CLAIMS), alg, key);
  const kids = ['default', '../../../../dev/null', "' OR '1'='1", 'key\u0000', '', 'adversarial-corpus-secret'];
  for (const kid of kids) verifyCase(g, `kid ${json(kid)}`, 'kid never selects or replaces the key the caller gave', forgedWith({ alg: 'HS256', typ: 'JWT', kid }));
  verifyCase(g, 'kid names the attacker secret it was signed with', 'kid never selects or replaces the key the caller gave', forgedWith({ alg: 'HS256', kid: OTHER_SECRET }));
  const otherRsa = keyText('rsa2048-other.pkcs8.pem');
  const attackerJwk = crypto.createPublicKey(otherRsa).export({ format: 'jwk' });
  verifyCase(g, 'jwk: the attacker public key embedded', 'a key carried by the token is never trusted', forgedWith({ alg: 'RS256', jwk: attackerJwk }, otherRsa, 'RS256'), { key: VERIFY_KEY.RS256 });
  verifyCase(g, 'jku: a key set URL', 'no key is ever fetched', forgedWith({ alg: 'RS256', jku: 'http://127.0.0.1:1/jwks.json' }, otherRsa, 'RS256'), { key: VERIFY_KEY.RS256 });
  verifyCase(g, 'x5u: a certificate URL', 'no certificate is ever fetched', forgedWith({ alg: 'RS256', x5u: 'http://127.0.0.1:1/cert.pem' }, otherRsa, 'RS256'), { key: VERIFY_KEY.RS256 });
  const cert = keyText('rsa2048.cert.pem').replace(/-----[^-]+-----|\s/g, '');
  verifyCase(g, 'x5c: the real certificate, attacker signature', 'a certificate carried by the token is never trusted', forgedWith({ alg: 'RS256', x5c: [cert] }, otherRsa, 'RS256'), { key: VERIFY_KEY.RS256 });
  verifyCase(g, 'crit ["exp"] over an expired token', 'crit does not switch checks off', token(json({ alg: 'HS256', crit: ['exp'] }), json({ exp: NOW - 1 })));
  verifyCase(g, 'crit with an unknown extension, forged', 'crit never stands in for the signature', forgedWith({ alg: 'HS256', crit: ['x-trusted'], 'x-trusted': true }));
  verifyCase(g, 'b64 false (RFC 7797), raw payload', 'an unencoded payload is not a JWS compact token here', `${b64(json({ alg: 'HS256', b64: false, crit: ['b64'] }))}.$.02.${signature('HS256', SECRET, `${b64(json({ alg: 'HS256', b64: false, crit: ['b64'] }))}.$.02`)}`);
  verifyCase(g, 'b64 false over base64 text, forged', 'the MAC is over the base64url text', forgedWith({ alg: 'HS256', b64: false, crit: ['b64'] }));
  verifyCase(g, 'enc: a JWE header', 'a JWE header on a JWS', forgedWith({ alg: 'dir', enc: 'A256GCM' }));
  verifyCase(g, 'cty JWT with an expired inner token', 'the payload is checked as it is, not unwrapped', token(json({ alg: 'HS256', cty: 'JWT' }), json({ exp: NOW - 1, inner: BASES.HS256 })));
  verifyCase(g, 'typ JWT twice, the last "JWE"', 'a duplicate typ', token('{"alg":"HS256","typ":"JWT","typ":"JWE"}', json(CLAIMS), 'HS256', OTHER_SECRET));
}

function invalidUtf8() {
  const g = 'invalid UTF-8';
  const bytes = (...chunks) => Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'latin1') : Buffer.from(c))));
  verifyCase(g, 'alg "HS256\\xff"', 'the header is read as latin1: a trailing byte changes the name', token(bytes('{"alg":"HS256', [0xff], '"}'), json(CLAIMS)));
  verifyCase(g, 'alg "none" in overlong UTF-8', 'an overlong encoding of "o" is not "o"', token(bytes('{"alg":"n', [0xc1, 0xaf], 'ne"}'), json(CLAIMS), 'none', null));
  verifyCase(g, 'header of bytes 0x80-0xff', 'not JSON', token(Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i)), json(CLAIMS)));
  verifyCase(g, 'header a lone continuation byte', 'not JSON', token(bytes([0x80]), json(CLAIMS)));
  verifyCase(g, 'payload with invalid UTF-8, forged', 'replacement characters do not make a MAC valid', token('{"alg":"HS256"}', bytes('{"sub":"', [0xc3, 0x28], '"}'), 'HS256', OTHER_SECRET));
  verifyCase(g, 'payload with invalid UTF-8, expired', 'a payload read with replacement characters still has its exp checked', token(HS_HEADER, bytes(`{"exp":${NOW - 1},"sub":"`, [0xed, 0xa0, 0x80], '"}')));
  verifyCase(g, 'sub in overlong UTF-8, subject "admin"', 'an overlong "a" is not "a"', token(HS_HEADER, bytes('{"sub":"', [0xc1, 0xa1], 'dmin"}')), { options: { subject: 'admin' } });
  verifyCase(g, 'sub with a surrogate encoded in UTF-8', 'CESU bytes decode to replacement characters, not to the pair', token(HS_HEADER, bytes('{"sub":"', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], '"}')), { options: { subject: '\u{1f600}' } });
  verifyCase(g, 'payload UTF-16 with a BOM', 'not UTF-8 JSON', token(HS_HEADER, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json(CLAIMS), 'utf16le')])));
  const [h, p, s] = parts(BASES.HS256);
  verifyCase(g, 'token with a lone surrogate', 'a token string that is not base64url text', `${h}.${p}\ud800.${s}`);
  verifyCase(g, 'token with a NUL', 'a token string that is not base64url text', `${h}.${p}\u0000.${s}`);
  verifyCase(g, 'token with U+FFFD', 'a token string that is not base64url text', `${h}\ufffd.${p}.${s}`);
}

function roomSide() {
  const access = { apikey: APIKEY, permissions: ['allow_join'], version: 2, roomId: ROOM, participantId: PARTICIPANT, roles: ['rtc'], iat: NOW - 60, exp: NOW + 3600 };
  const signed = (claims, alg = 'HS256', key = SECRET) => token(json({ alg, typ: 'JWT' }), typeof claims === 'string' ? claims : json(claims), alg, key);
  const here = { apikey: APIKEY, roomId: ROOM, participantId: PARTICIPANT, use: 'room' };
  // The rules' own breaches are plain Errors (as generateToken throws them); a token presented
  // to the wrong service, room or participant is a JsonWebTokenError.
  const rule = (message) => ({ name: 'Error', message });
  const jwtError = (message) => ({ name: 'JsonWebTokenError', message });
  accessCase('forged with another secret', 'the MAC decides', signed(access, 'HS256', OTHER_SECRET), { options: here });
  accessCase('alg none', 'access tokens are HS256 only', signed(access, 'none', null), { options: here });
  accessCase('alg NONE', 'access tokens are HS256 only', signed(access, 'NONE', null), { options: here });
  accessCase('HS384', 'access tokens are HS256 only', signed(access, 'HS384'), { options: here });
  accessCase('HS512', 'access tokens are HS256 only', signed(access, 'HS512'), { options: here });
  accessCase('RS256 signed with the real RSA key', 'access tokens are HS256 only', signed(access, 'RS256', RSA.priv), { options: here });
  accessCase('HS256 with the RSA public PEM as the secret', 'only the app secret signs', signed(access, 'HS256', RSA.pub), { options: here });
  accessCase('expired', 'exp is checked when the token is presented', signed({ ...access, exp: NOW - 1 }), { options: here });
  accessCase('exp at the exact second', 'exp is checked when the token is presented', signed({ ...access, exp: NOW }), { options: here });
  accessCase('not active yet', 'nbf is checked', signed({ ...access, nbf: NOW + 60 }), { options: here });
  accessCase('exp a string', 'exp must be a number', signed({ ...access, exp: `${NOW + 3600}` }), { options: here });
  accessCase('signature stripped', 'a signature is required', `${parts(signed(access)).slice(0, 2).join('.')}.`, { options: here });
  accessCase('byte flipped in the payload', 'the MAC covers every byte', (() => { const [h, p, s] = parts(signed(access)); const b = Buffer.from(p, 'base64url'); b[10] ^= 1; return `${h}.${b.toString('base64url')}.${s}`; })(), { options: here });
  accessCase('another apikey', "the service's API key only", signed({ ...access, apikey: 'other-key' }), { options: here, rule: jwtError("the token's \"apikey\" is not this service's API key") });
  accessCase('apikey in other case', "the service's API key, exactly", signed({ ...access, apikey: APIKEY.toUpperCase() }), { options: here, rule: jwtError("the token's \"apikey\" is not this service's API key") });
  accessCase('apikey a number', 'apikey must be a string', signed({ ...access, apikey: 1 }), { options: here, rule: rule('"apikey" must be a non-empty string') });
  accessCase('another room', 'scoped to one room', signed({ ...access, roomId: 'zzzz-zzzz-zzzz' }), { options: here, rule: jwtError(`the token is scoped to room "zzzz-zzzz-zzzz", not to room "${ROOM}"`) });
  accessCase('room with a trailing space', 'scoped to one room, exactly', signed({ ...access, roomId: `${ROOM} ` }), { options: here, rule: jwtError(`the token is scoped to room "${ROOM} ", not to room "${ROOM}"`) });
  accessCase('duplicate roomId, the last another room', 'JSON.parse keeps the last roomId', signed(json(access).replace(`"roomId":"${ROOM}"`, `"roomId":"${ROOM}","roomId":"aaaa-bbbb-cccc"`)), { options: here, rule: jwtError(`the token is scoped to room "aaaa-bbbb-cccc", not to room "${ROOM}"`) });
  accessCase('another participant', 'scoped to one participant', signed({ ...access, participantId: 'someone' }), { options: here, rule: jwtError(`the token is scoped to participant "someone", not to participant "${PARTICIPANT}"`) });
  accessCase('crawler joining a room', 'a crawler token is for the API only', signed({ ...access, roles: ['crawler'] }), { options: here, rule: jwtError('a "crawler" token is for the server-side API only and cannot join a room') });
  accessCase('rtc calling the API', 'an rtc token is for rooms only', signed(access), { options: { apikey: APIKEY, use: 'api' }, rule: jwtError('an "rtc" token is for rooms only and cannot call the server-side API') });
  accessCase('roles crawler and rtc, exp a year away', 'both roles are accepted, a year-long life is not', signed({ ...access, roles: ['crawler', 'rtc'], exp: NOW + 365 * 86400 }), { options: here, rule: jwtError('the token\'s "exp" is more than 86400 seconds from now, the longest lifetime this service accepts (maxLifetime)') });
  accessCase('roles []', 'an empty list of uses is good for none', signed({ ...access, roles: [] }), { options: here, rule: jwtError('the token\'s "roles" is empty: it can neither join a room nor call the server-side API') });
  accessCase('no exp', 'access tokens must expire (jsonwebtoken accepts this one forever)', signed((({ exp, ...rest }) => rest)(access)), { options: here, rule: jwtError('the token has no "exp": access tokens must expire') });
  accessCase('exp 1e400', 'JSON.parse reads Infinity: a token that never expires', signed(json(access).replace(`"exp":${NOW + 3600}`, '"exp":1e400')), { options: here, rule: jwtError('the token\'s "exp" is not a finite number: access tokens must expire') });
  accessCase('issued for 25h an hour ago', 'exp - iat is bounded too, not only exp - now', signed({ ...access, iat: NOW - 3600, exp: NOW + 86400 }), { options: here, rule: jwtError('the token\'s "exp" is more than 86400 seconds after its "iat", the longest lifetime this service accepts (maxLifetime)') });
  accessCase('roles ["admin"]', 'no such role', signed({ ...access, roles: ['admin'] }), { options: here, rule: rule('"roles" holds "admin", which is not one of "crawler" and "rtc"') });
  accessCase('permissions missing', 'permissions are required', signed({ apikey: APIKEY, exp: NOW + 60 }), { options: here, rule: rule('"permissions" is required: a non-empty array of "allow_join", "ask_join" and "allow_mod"') });
  accessCase('permissions []', 'at least one permission', signed({ ...access, permissions: [] }), { options: here, rule: rule('"permissions" must be a non-empty array of "allow_join", "ask_join" and "allow_mod"') });
  accessCase('permissions "allow_join"', 'an array, not a string', signed({ ...access, permissions: 'allow_join' }), { options: here, rule: rule('"permissions" must be a non-empty array of "allow_join", "ask_join" and "allow_mod"') });
  accessCase('permissions ["admin"]', 'no such permission', signed({ ...access, permissions: ['allow_join', 'admin'] }), { options: here, rule: rule('"permissions" holds "admin", which is not one of "allow_join", "ask_join" and "allow_mod"') });
  accessCase('version 1 with a room', 'scoping needs version 2', signed({ ...access, version: 1 }), { options: here, rule: rule('"version" must be 2 (the only version there is)') });
  accessCase('roomId without version', 'scoping needs version 2', signed({ apikey: APIKEY, permissions: ['allow_join'], roomId: ROOM, exp: NOW + 60 }), { options: here, rule: rule('"roomId" requires "version": 2') });
  accessCase('payload an array', 'claims live in an object', signed([access]), { options: here, rule: rule('"payload" must be a plain object carrying "apikey" and "permissions"') });
  accessCase('payload a string', 'claims live in an object', signed('"hello"'), { options: here, rule: rule('"payload" must be a plain object carrying "apikey" and "permissions"') });
  accessCase('not a JWS', 'not a token', 'a.b', { options: here });
  accessCase('empty token', 'no token', '', { options: here });
}

algNone();
algMissing();
confusion();
keyMaterial();
byteFlips();
signatureForms();
base64urlForms();
segments();
jsonShapes();
timeClaims();
claimMismatches();
misleadingHeaders();
invalidUtf8();
roomSide();

const names = new Set();
for (const c of cases) {
  if (names.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
  names.add(c.name);
}
const usedKeys = {};
for (const c of cases) if (c.key.ref) usedKeys[c.key.ref] = keyText(c.key.ref);
const groups = {};
for (const c of cases) groups[c.group] = (groups[c.group] ?? 0) + 1;
// One case per line: the file stays readable and its diffs small.
const head = JSON.stringify({ secret: SECRET, bases: BASES, keys: usedKeys, groups }, null, 1).slice(0, -2);
fs.writeFileSync(FILE, `${head},\n "cases": [\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n ]\n}\n`);
console.log(`adversarial.json: ${cases.length} cases`, groups);
