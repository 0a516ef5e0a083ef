// The asymmetric signature primitive run by the host: node:crypto (OpenSSL, BoringSSL in Bun)
// signs and checks RS*, PS*, ES* and EdDSA signatures where the runtime has it. The main entry for
// Node and Bun (entries/node.mjs) and the one for Deno (entries/bundler.mjs) offer it; workerd and
// browsers keep the wasm primitive.
//
// Only the primitive runs here. The core (src/signature/delegated.rs) makes every check first and
// then asks, with a request naming the algorithm, the key (its public JWK members: the
// "fingerprint") and the exact bytes; for verify, the call is then run again with the answer,
// which the core reads only for the signature it asked about. A key node:crypto cannot read,
// or reads as another key than the core's (the fingerprints differ), or a primitive that
// throws: the request is declined and the call runs again without a host, in wasm. The
// request's format is written by src/wasm/host.rs (request_text); the host codes are wire.mjs's.

import {
  HOST_INVALID,
  HOST_NONE,
  HOST_OFFERED,
  HOST_REQUEST_MARK,
  HOST_VALID,
  KEY_BYTES,
  KEY_JWK,
  KEY_PRIVATE_KEY_OBJECT,
  KEY_PUBLIC_KEY_OBJECT,
  KEY_TEXT,
} from './wire.mjs';

let load; // the entry's loader of { crypto, Buffer }, if it has node:crypto
let node; // what it loaded: undefined before the first request, null if it failed

/** Called once by a runtime's entry: `loader()` returns `{ crypto, Buffer }` from node:. */
export function offerNodeCrypto(loader) {
  load = loader;
}

/** The host code a call starts with: offered while node:crypto is (or may be) there. */
export function hostOffer() {
  return load !== undefined && node !== null ? HOST_OFFERED : HOST_NONE;
}

/** True when a core result is a request for the host (see src/wasm/host.rs). */
export function isHostRequest(text) {
  return text.charCodeAt(0) === HOST_REQUEST_MARK;
}

// What each call did, for __hostSignatures() (a diagnostic; the tests read it).
const counts = { signed: 0, verified: 0, declined: 0 };

/** A copy of the counts: signatures made and checked here, requests declined (run in wasm). */
export function hostCounts() {
  return { ...counts };
}

/**
 * Signs a request from `sign`/`generateToken` with the caller's key. Returns the token and, with
 * mutatePayload, the mutations the request carries (as answers.mjs's readSigned reads them from
 * the core's own answer), or undefined when declined.
 * @returns {{ token: string, mutations?: object } | undefined}
 */
export function signedByHost(request, key, keyKind, keyBytes) {
  const { alg, input, third: mutations, keyObject } = readRequest(request, SIGNING, key, keyKind, keyBytes);
  let signature;
  try {
    signature = keyObject && node.crypto.sign(HASHES[alg], node.Buffer.from(input, 'latin1'), parameters(alg, keyObject));
  } catch {
    signature = undefined;
  }
  if (!signature) return declined(undefined);
  counts.signed++;
  return { token: `${input}.${signature.toString('base64url')}`, mutations: mutations === undefined ? undefined : JSON.parse(mutations) };
}

/** Checks a request from `verify`: the host code to run the call again with. */
export function verdictOfHost(request, key, keyKind, keyBytes) {
  const { alg, input, third: signature, keyObject } = readRequest(request, VERIFYING, key, keyKind, keyBytes);
  let valid;
  try {
    const { crypto, Buffer } = node;
    valid = keyObject && crypto.verify(HASHES[alg], Buffer.from(input, 'latin1'), parameters(alg, keyObject), Buffer.from(signature, 'base64url'));
  } catch {
    valid = undefined;
  }
  if (typeof valid !== 'boolean') return declined(HOST_NONE);
  counts.verified++;
  return valid ? HOST_VALID : HOST_INVALID;
}

/**
 * A request as src/wasm/host.rs's request_text writes it: `<mark><alg> <fingerprint>`, the signing
 * input, and a third line (sign: the mutations, if any; verify: the signature). `keyObject`: the
 * caller's key as node:crypto reads it for `role`, or undefined when its fingerprint differs.
 */
function readRequest(request, role, key, keyKind, keyBytes) {
  const [head, input, third] = request.split('\n');
  const [alg, fingerprint] = head.slice(1).split(' ');
  return { alg, input, third, keyObject: hostKey(role, key, keyKind, keyBytes, fingerprint) };
}

function declined(result) {
  counts.declined++;
  return result;
}

// jwa's choices: SHA-2 by the algorithm's size; PSS with a salt as long as the digest; ECDSA
// signatures as r || s (IEEE P1363, the JOSE form); Ed25519 hashes internally.
const HASHES = {
  RS256: 'sha256', RS384: 'sha384', RS512: 'sha512',
  PS256: 'sha256', PS384: 'sha384', PS512: 'sha512',
  ES256: 'sha256', ES384: 'sha384', ES512: 'sha512',
  EdDSA: null,
};

function parameters(alg, key) {
  switch (alg[0]) {
    case 'P': {
      const { RSA_PKCS1_PSS_PADDING, RSA_PSS_SALTLEN_DIGEST } = node.crypto.constants;
      return { key, padding: RSA_PKCS1_PSS_PADDING, saltLength: RSA_PSS_SALTLEN_DIGEST };
    }
    case 'E':
      return alg === 'EdDSA' ? key : { key, dsaEncoding: 'ieee-p1363' };
    default:
      return key;
  }
}

// KeyObjects made from the caller's keys, so that a call costs the signature only: per
// KeyObject (immutable) in a WeakMap, and per key text or bytes (Buffers can change: keyed by
// their content) in a small map, the least recently used first out. Each role apart: verify
// holds public halves. An entry is `{ keyObject, fingerprint }`, or null for a key node:crypto
// does not read.
const SIGNING = { objects: new WeakMap(), texts: new Map() };
const VERIFYING = { objects: new WeakMap(), texts: new Map() };
const CAPACITY = 16;

/** The KeyObject for the caller's `key`, if it is the key the core checked. */
function hostKey(role, key, keyKind, keyBytes, fingerprint) {
  if (node === undefined) node = loadNode();
  if (node === null) return undefined;
  let entry;
  if (isKeyObject(keyKind)) {
    entry = role.objects.get(key);
    if (entry === undefined) role.objects.set(key, (entry = keyEntry(role, key, keyKind, keyBytes)));
  } else {
    // A string by itself; bytes, a JWK or `{ key, … }` by their content.
    const id = keyKind === KEY_TEXT ? key : `${keyKind}:${node.Buffer.from(keyBytes.buffer, keyBytes.byteOffset, keyBytes.byteLength).toString('latin1')}`;
    entry = role.texts.get(id);
    if (entry === undefined) entry = keyEntry(role, key, keyKind, keyBytes);
    else role.texts.delete(id);
    role.texts.set(id, entry);
    if (role.texts.size > CAPACITY) role.texts.delete(role.texts.keys().next().value);
  }
  return entry !== null && entry.fingerprint === fingerprint ? entry.keyObject : undefined;
}

const isKeyObject = (keyKind) => keyKind === KEY_PRIVATE_KEY_OBJECT || keyKind === KEY_PUBLIC_KEY_OBJECT;

function loadNode() {
  try {
    return load() || null;
  } catch {
    return null;
  }
}

/** node:crypto's reading of the caller's key, as jsonwebtoken reads it (plus bare JWKs). */
function keyEntry(role, key, keyKind, keyBytes) {
  const { createPrivateKey, createPublicKey } = node.crypto;
  try {
    let keyObject;
    if (isKeyObject(keyKind)) keyObject = role === SIGNING || key.type === 'public' ? key : createPublicKey(key);
    else {
      const source = keyKind === KEY_BYTES ? keyBytes : keyKind === KEY_JWK ? { key, format: 'jwk' } : key;
      keyObject = role === SIGNING ? createPrivateKey(source) : createPublicKey(source);
    }
    const jwk = (keyObject.type === 'public' ? keyObject : createPublicKey(keyObject)).export({ format: 'jwk' });
    return { keyObject, fingerprint: jwkFingerprint(jwk) };
  } catch {
    return null;
  }
}

/** The public JWK members as src/signature/delegated.rs's `fingerprint` joins them. */
function jwkFingerprint(jwk) {
  switch (jwk.kty) {
    case 'RSA':
      return `${jwk.n}.${jwk.e}`;
    case 'EC':
      return `${jwk.crv}.${jwk.x}.${jwk.y}`;
    default:
      return `${jwk.crv}.${jwk.x}`;
  }
}
