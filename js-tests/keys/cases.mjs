// The cases of the key-material differential test, with jsonwebtoken's outcome for each:
// (a) HS256/384/512 tokens forged with a key's own bytes as the HMAC secret, verified with every
// input of that key under three option sets, sync and through getSecret; (b) sign with every
// private input and every algorithm (EdDSA too, rtc-token's extra). Shared by the Node test and
// the runtimes' fixture (fixture.mjs).
import crypto from 'node:crypto';
import { ALGORITHMS, HMAC_ALGORITHMS, OPTION_SETS, VIAS, signOutcome, verifyOutcome } from './body.mjs';
import { inputLabel } from './corpus.mjs';

/** The frozen clock: seconds, and Date.now() as the vectors freeze it (123 ms past). */
export const NOW = 1700000000;
export const NOW_MS = NOW * 1000 + 123;

/** What every sign case signs. */
export const PAYLOAD = { sub: 'key-material', n: 1 };

/** The allow-list: each a documented reason rtc-token may throw where jsonwebtoken does not (or differently). */
export const CATEGORY = {
  // README (Algorithms and keys): PEM armour of a key or certificate is never an HMAC secret,
  // even where node:crypto cannot read it (TRUSTED CERTIFICATE) and jsonwebtoken falls back to
  // createSecretKey: rtc-token throws there.
  failClosed: 'fail closed: PEM armour jsonwebtoken takes as an HMAC secret',
  // jsonwebtoken hands a key node:crypto reads but names no type for (SM2, DHX) to OpenSSL, which
  // throws its own error text: rtc-token must throw too, any message.
  openssl: 'OpenSSL-internal error in jsonwebtoken',
  // README: a bare JWK object is a key (jsonwebtoken: not valid key material). Compared with
  // jsonwebtoken given `{ key: jwk, format: 'jwk' }`; rtc-token may refuse a JWK it cannot read.
  bareJwk: 'bare JWK (README: accepted beyond jsonwebtoken)',
  // workerd, browsers and loadWasmOnly: the wasm primitive may refuse what node:crypto signs.
  wasmRefusal: 'wasm-only refusal',
};

const base64url = (bytes) => Buffer.from(bytes).toString('base64url');

/** An HS token over `{ sub: 'forged', iat: NOW }`, as jsonwebtoken writes it, MAC'd with `secret`. */
export function forge(secret, alg) {
  const signingInput = `${base64url(JSON.stringify({ alg, typ: 'JWT' }))}.${base64url(JSON.stringify({ sub: 'forged', iat: NOW }))}`;
  const mac = crypto.createHmac(`sha${alg.slice(2)}`, secret).update(signingInput).digest('base64url');
  return `${signingInput}.${mac}`;
}

/**
 * The HMAC secrets an attacker would try against `input`: the bytes a confused verifier could
 * use as the secret (its PEM text, which is also its PEM bytes: one HMAC key; its DER; a
 * KeyObject's PEM and DER exports; a JWK's JSON text) and the public key's own SPKI PEM and DER,
 * which anyone has. Distinct byte strings only, each with a label.
 */
export function forgerySecrets(entry, input) {
  const list = [];
  const add = (label, bytes) => list.push({ label, bytes: Buffer.from(bytes) });
  const { form, value } = input;
  if (form === 'pem-string') add('its PEM text', value);
  if (form === 'pem-buffer') add('its PEM bytes', value);
  if (form === 'der-spec') add('its DER bytes', value.key);
  if (form === 'encrypted-pkcs8') add('its encrypted PEM text', value.key);
  if (form === 'jwk') add('its JWK JSON text', JSON.stringify(value.key));
  if (form === 'jwk-bare') add('its JWK JSON text', JSON.stringify(value));
  if (form === 'keyobject') {
    const type = value.type === 'private' ? 'pkcs8' : 'spki';
    add(`its ${type} PEM export`, value.export({ type, format: 'pem' }));
    add(`its ${type} DER export`, value.export({ type, format: 'der' }));
  }
  add('the SPKI PEM text', entry.publicPem);
  add('the SPKI DER bytes', entry.publicKey.export({ type: 'spki', format: 'der' }));
  const seen = new Set();
  return list.filter(({ bytes }) => !seen.has(bytes.toString('hex')) && seen.add(bytes.toString('hex')));
}

/** Text that carries PEM armour: a key or certificate, whatever node:crypto makes of it. */
function isArmour(value) {
  if (typeof value === 'string') return value.includes('-----BEGIN ');
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).includes('-----BEGIN ');
  return false;
}

/** jsonwebtoken's classification: node:crypto reads `value` as a key of that kind. */
function reads(create, value) {
  try {
    create(value);
    return true;
  } catch {
    return false;
  }
}

const isOpensslError = (outcome) => outcome.error !== undefined && (outcome.error.code?.startsWith('ERR_OSSL') || outcome.error.message.startsWith('error:'));

/** The allow-list category of a case, given jsonwebtoken's outcome (undefined: equal outcomes required). */
function categoryOf(input, armourUnread, expected) {
  if (armourUnread) return CATEGORY.failClosed;
  if (input.form === 'jwk-bare') return CATEGORY.bareJwk;
  if (isOpensslError(expected)) return CATEGORY.openssl;
  return undefined;
}

/** The input is PEM armour node:crypto does not read as the kind of key the call needs (verify: public, sign: private). */
function armourUnread(value, op) {
  return isArmour(value) && !reads(op === 'sign' ? crypto.createPrivateKey : crypto.createPublicKey, value);
}

/**
 * How much of the product each entry gets. `full` (the representative entries: every key type,
 * jsonwebtoken's curves, every container): every forgery secret, HS256/384/512, the three option
 * sets in the sync form and `{}` through getSecret (with no `algorithms` the key picks them: the
 * riskiest form), every algorithm to sign. `sweep` (the other curves, whose keys differ from a
 * representative one only in the curve): the input's own bytes as the secret, options `{}` and all
 * twelve algorithms sync, `{}` through getSecret, and one signing algorithm of each family.
 */
export const DEPTH = {
  full: { ownSecretOnly: false, sync: ['none', 'alg', 'all'], getSecret: ['none'], sign: ALGORITHMS },
  sweep: { ownSecretOnly: true, sync: ['none', 'all'], getSecret: ['none'], sign: ['HS256', 'RS256', 'PS256', 'ES256', 'ES384', 'ES512'] },
};

/** What jsonwebtoken is given for an input: a bare JWK as `{ key, format: 'jwk' }` (see CATEGORY.bareJwk). */
const referenceValue = (input, value) => (input.form === 'jwk-bare' ? { key: value, format: 'jwk' } : value);

/**
 * Every case of `entries`, with jsonwebtoken's outcome (`expected`) and allow-list `category`.
 * `valueFor(input)` is the value passed to both libraries (the fixture passes the revived,
 * serialisable one); `keep(input)` filters the inputs (the fixture leaves KeyObjects out);
 * `depthOf(entry)` picks a DEPTH (default: full for the representative entries, sweep otherwise).
 */
export function buildCases(entries, jwt, { valueFor = (input) => input.value, keep = () => true, depthOf = (entry) => (entry.representative ? DEPTH.full : DEPTH.sweep) } = {}) {
  const cases = [];
  for (const entry of entries) {
    const depth = depthOf(entry);
    const common = { entryName: entry.name, family: entry.family, publicPem: entry.publicPem };
    const tokens = new Map();
    const roles = [...entry.publicInputs.map((input) => ['public', input]), ...entry.privateInputs.map((input) => ['private', input])];
    for (const [role, input] of roles.filter(([, input]) => keep(input))) {
      const value = valueFor(input);
      const unread = armourUnread(value, 'verify');
      const label = `${inputLabel(input)} (${role})`;
      const secrets = forgerySecrets(entry, input);
      for (const secret of depth.ownSecretOnly ? secrets.slice(0, 1) : secrets) {
        for (const alg of HMAC_ALGORITHMS) {
          const id = `${secret.bytes.toString('hex')} ${alg}`;
          if (!tokens.has(id)) tokens.set(id, forge(secret.bytes, alg));
          const token = tokens.get(id);
          for (const via of VIAS) {
            for (const options of depth[via]) {
              const expected = verifyOutcome(jwt, token, referenceValue(input, value), OPTION_SETS[options](alg), via, NOW_MS);
              const category = categoryOf(input, unread, expected);
              cases.push({ ...common, op: 'verify', forged: true, input, inputLabel: label, value, secret: secret.label, alg, token, options, via, expected, category });
            }
          }
        }
      }
    }
    for (const input of entry.privateInputs.filter(keep)) {
      const value = valueFor(input);
      const unread = armourUnread(value, 'sign');
      const label = `${inputLabel(input)} (private)`;
      for (const alg of depth.sign) {
        const expected = signOutcome(jwt, PAYLOAD, referenceValue(input, value), { algorithm: alg }, NOW_MS);
        const randomized = /^(PS|ES)/.test(alg) && 'value' in expected;
        cases.push({ ...common, op: 'sign', input, inputLabel: label, value, alg, expected, randomized, category: categoryOf(input, unread, expected) });
      }
      // EdDSA: jsonwebtoken refuses the name; rtc-token signs with an Ed25519 key (README), the
      // same bytes as node:crypto's Ed25519, and must refuse every other key.
      const expected = entry.type === 'ed25519' ? { value: eddsaToken(entry.privateKey) } : { refuse: true };
      cases.push({ ...common, op: 'sign', input, inputLabel: label, value, alg: 'EdDSA', expected, randomized: false, category: undefined });
    }
  }
  return cases;
}

/** The EdDSA token for PAYLOAD at NOW, header as jsonwebtoken orders it, signed by node:crypto. */
function eddsaToken(privateKey) {
  const signingInput = `${base64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }))}.${base64url(JSON.stringify({ ...PAYLOAD, iat: NOW }))}`;
  return `${signingInput}.${crypto.sign(null, Buffer.from(signingInput), privateKey).toString('base64url')}`;
}
