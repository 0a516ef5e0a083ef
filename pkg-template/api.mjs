// The public API: jsonwebtoken 9's argument forms and callback behaviour over the wasm core.
// Every rule and message lives in Rust (src/); this file only shapes arguments and results.

import { core } from './core.mjs';
import {
  describeKey,
  describePayload,
  describeToken,
  hasRegExpAudience,
  signOptionsWire,
  verifyOptionsWire,
} from './boundary.mjs';
import { readCoreError } from './errors.mjs';
import { HOST_NONE, hostCounts, hostOffer, isHostRequest, signedByHost, verdictOfHost } from './host-signature.mjs';

export { JsonWebTokenError, NotBeforeError, TokenExpiredError } from './errors.mjs';
// Diagnostic only, not part of the API (no types, no README entry): the wasm cores this entry has
// started, `['hmac']` or `['hmac', 'full']` (see core.mjs). js-tests/hmac.test.mjs reads it.
export { coresStarted as __coresStarted } from './core.mjs';

// jsonwebtoken (through jws streams) delivers a signed token on the next tick; validation
// errors reach the callback synchronously. Outside Node, a microtask is the nearest thing.
const nextTick =
  typeof globalThis.process?.nextTick === 'function' ? (fn) => globalThis.process.nextTick(fn) : queueMicrotask;

/**
 * Signs `payload` into a JWT, exactly as jsonwebtoken's `sign`.
 *
 * @example
 * import { sign } from 'rtc-token';
 * const token = sign({ apikey: 'key', permissions: ['allow_join'] }, 'secret', { expiresIn: '120m' });
 *
 * @param {object|string|Buffer} payload
 * @param {string|Uint8Array|import('node:crypto').KeyObject} secretOrPrivateKey
 * @param {object|Function} [options]
 * @param {Function} [callback] `(err, token)`: errors synchronously, the token on the next tick
 * @returns {string|undefined} the token (sync form)
 */
export function sign(payload, secretOrPrivateKey, options, callback) {
  return signWith(core.sign, payload, secretOrPrivateKey, options, callback);
}

/** sign's argument forms and callback timing around one of the core's signing functions. */
function signWith(coreSign, payload, secretOrPrivateKey, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  } else {
    options = options || {};
  }
  const [payloadKind, payloadText, shape] = describePayload(payload);
  const [keyKind, keyBytes] = describeKey(secretOrPrivateKey);
  const wire = signOptionsWire(options);
  // mutatePayload: jsonwebtoken writes iat/nbf/exp/aud/iss/sub/jti into the caller's object,
  // and keeps what it wrote even when a later step fails.
  const mutate = options.mutatePayload === true && payloadKind === 1;
  let result;
  try {
    result = coreSign(payloadKind, payloadText, shape || undefined, keyKind, keyBytes, wire, mutate, Boolean(callback), hostOffer());
    // An asymmetric signature, every check made: node:crypto signs it, or the call runs again in wasm.
    if (isHostRequest(result)) {
      result =
        signedByHost(result, secretOrPrivateKey, keyKind, keyBytes) ??
        coreSign(payloadKind, payloadText, shape || undefined, keyKind, keyBytes, wire, mutate, Boolean(callback), HOST_NONE);
    }
  } catch (thrown) {
    const { error, delivery, mutations } = readCoreError(thrown);
    if (mutations) applyMutations(payload, mutations);
    if (!callback || delivery === 'thrown') throw error;
    if (delivery === 'later') return void nextTick(() => callback(error));
    return callback(error);
  }
  let token = result;
  if (mutate) {
    const { token: signed, mutations } = JSON.parse(result);
    applyMutations(payload, mutations);
    token = signed;
  }
  if (!callback) return token;
  nextTick(() => callback(null, token));
}

function applyMutations(payload, { claims, deleteIat, undefinedClaim }) {
  if (deleteIat) delete payload.iat;
  Object.assign(payload, claims);
  if (undefinedClaim) payload[undefinedClaim] = undefined;
}

/**
 * Verifies a JWT and returns its payload, exactly as jsonwebtoken's `verify`.
 *
 * @example
 * import { verify } from 'rtc-token';
 * const claims = verify(token, 'secret', { algorithms: ['HS256'] });
 *
 * @param {string} token
 * @param {string|Uint8Array|import('node:crypto').KeyObject|Function} secretOrPublicKey a key, or
 *   `getSecret(header, callback)` (callback form only)
 * @param {object|Function} [options]
 * @param {Function} [callback] `(err, payload)`, called synchronously as in jsonwebtoken
 */
export function verify(token, secretOrPublicKey, options, callback) {
  if (typeof options === 'function' && !callback) {
    callback = options;
    options = {};
  }
  if (!options) options = {};
  const [tokenKind, tokenText] = describeToken(token);
  const wire = verifyOptionsWire(options);
  if (typeof secretOrPublicKey === 'function') {
    return verifyWithGetSecret(tokenKind, tokenText, secretOrPublicKey, wire, options, callback);
  }
  const [keyKind, keyBytes] = describeKey(secretOrPublicKey);
  return verifyWithKey(tokenKind, tokenText, secretOrPublicKey, keyKind, keyBytes, wire, options, callback, undefined);
}

function verifyWithKey(tokenKind, tokenText, key, keyKind, keyBytes, wire, options, callback, clock) {
  let result;
  try {
    const matched = hasRegExpAudience(options) && regExpAudienceMatches(options.audience, tokenText);
    result = core.verify(tokenKind, tokenText, keyKind, keyBytes, wire, matched, clock, hostOffer());
    // An asymmetric signature, every earlier check made: node:crypto checks it (or declines), and
    // the core finishes from its verdict (or checks it in wasm).
    if (isHostRequest(result)) {
      const verdict = verdictOfHost(result, key, keyKind, keyBytes);
      result = core.verify(tokenKind, tokenText, keyKind, keyBytes, wire, matched, clock, verdict);
    }
  } catch (thrown) {
    return verifyFailed(thrown, callback);
  }
  const payload = JSON.parse(result);
  return callback ? callback(null, payload) : payload;
}

function verifyFailed(thrown, callback) {
  const { error, delivery } = readCoreError(thrown);
  // Two TypeErrors escape jsonwebtoken's error handling, even in the callback form.
  if (!callback || delivery === 'thrown') throw error;
  return callback(error);
}

/** `verify(token, getSecret(header, cb), …)`: the key arrives through a callback. */
function verifyWithGetSecret(tokenKind, tokenText, getSecret, wire, options, callback) {
  if (!callback) return verifyWithKey(tokenKind, tokenText, undefined, 8, EMPTY, wire, options, callback, undefined);
  let prepared;
  try {
    prepared = JSON.parse(core.verifyPrepare(tokenKind, tokenText, wire));
  } catch (thrown) {
    return verifyFailed(thrown, callback);
  }
  // jsonwebtoken reads its clock before asking for the key: a slow getSecret does not age the token.
  return getSecret(prepared.header, (error, key) => {
    if (error) {
      const message = new TextEncoder().encode(String(error.message));
      return verifyWithKey(tokenKind, tokenText, undefined, 9, message, wire, options, callback, prepared.now);
    }
    const [keyKind, keyBytes] = describeKey(key);
    return verifyWithKey(tokenKind, tokenText, key, keyKind, keyBytes, wire, options, callback, prepared.now);
  });
}

const EMPTY = new Uint8Array(0);

/** jsonwebtoken: `audience.test(target)` for each RegExp against each `aud` (JS regex semantics). */
function regExpAudienceMatches(audience, token) {
  const regexps = (Array.isArray(audience) ? audience : [audience]).filter((a) => a instanceof RegExp);
  let payload;
  try {
    payload = decode(token);
  } catch {
    return false;
  }
  const aud = payload !== null && typeof payload === 'object' ? payload.aud : undefined;
  const targets = Array.isArray(aud) ? aud : [aud];
  return targets.some((target) => regexps.some((re) => re.test(target)));
}

/**
 * Decodes a JWT without verifying it, exactly as jsonwebtoken's `decode`.
 *
 * @example
 * import { decode } from 'rtc-token';
 * const { header, payload } = decode(token, { complete: true });
 *
 * @param {string} token
 * @param {{ complete?: boolean, json?: boolean }} [options]
 * @returns {null|object|string}
 */
export function decode(token, options) {
  options = options || {};
  const text = jwsText(token);
  if (text === undefined) return null;
  let result;
  try {
    result = core.decode(text, options.complete === true, Boolean(options.json));
  } catch (thrown) {
    throw readCoreError(thrown).error;
  }
  return result === undefined ? null : JSON.parse(result);
}

/** jws's toString: how a non-string token is read. */
function jwsText(token) {
  if (typeof token === 'string') return token;
  if (typeof token === 'number' || (globalThis.Buffer && globalThis.Buffer.isBuffer(token))) return token.toString();
  return JSON.stringify(token);
}

/**
 * Mints a VideoSDK access token: checks the payload against the access-token rules (`apikey`, a
 * non-empty string; `permissions`, a non-empty array of `allow_join`, `ask_join`, `allow_mod`;
 * `roomId`, `participantId` and `roles` (`crawler` or `rtc`) only with `version: 2`), then signs
 * exactly as {@link sign}. Defaults: `algorithm: 'HS256'`, and `expiresIn: '120m'` when neither
 * `expiresIn` nor `payload.exp` is given. `jwtid: true` sets a fresh random uuid as `jti`.
 * A rule broken throws an `Error` naming the field and the rule.
 *
 * @example
 * import { generateToken } from 'rtc-token';
 * const token = generateToken(
 *   { apikey: API_KEY, permissions: ['allow_join'], version: 2, roomId: '2kyv-gzay-64pg', roles: ['rtc'] },
 *   SECRET, { expiresIn: '120m', algorithm: 'HS256', jwtid: true });
 *
 * @param {object} payload
 * @param {string|Uint8Array|import('node:crypto').KeyObject} secret
 * @param {object|Function} [options] as sign's, plus `jwtid: true`
 * @param {Function} [callback] `(err, token)`, as sign's
 * @returns {string|undefined} the token (sync form)
 */
export function generateToken(payload, secret, options, callback) {
  return signWith(core.generateToken, payload, secret, options, callback);
}

/**
 * A random RFC 4122 version 4 uuid from the platform's secure random source, drawn per call.
 *
 * @example
 * import { uuid4 } from 'rtc-token';
 * uuid4(); // '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed'
 *
 * @returns {string}
 */
export function uuid4() {
  try {
    return core.uuid4();
  } catch (thrown) {
    throw readCoreError(thrown).error;
  }
}

/**
 * The room-side check, for services that admit participants or serve the API: verifies an
 * HS256 access token and the access-token rules, and that it was made for this service
 * (`apikey`), this room (`roomId`), this participant (`participantId`) and this use (`'room'`,
 * the default, needs `rtc` and `'api'` needs `crawler` when the token has `roles`), and that it
 * expires within `maxLifetime` (default 24 h; a token without a finite `exp` is refused). Returns the claims and
 * the effective permissions; any refusal throws `JsonWebTokenError('Token is invalid or
 * expired')` with the cause as `inner` (a `TokenExpiredError` for an expired token, …).
 *
 * @example
 * import { verifyAccessToken } from 'rtc-token';
 * const { claims, join, moderate } = verifyAccessToken(token, SECRET,
 *   { apikey: API_KEY, roomId: '2kyv-gzay-64pg', use: 'room' });
 * // join: 'direct' (allow_join) | 'ask' (ask_join) | 'none'; moderate: allow_mod
 *
 * @param {string} token
 * @param {string|Uint8Array|import('node:crypto').KeyObject} secret
 * @param {{ apikey?: string, roomId?: string, participantId?: string, use?: 'room'|'api' }} [options]
 * @returns {{ claims: object, join: 'direct'|'ask'|'none', moderate: boolean }}
 */
export function verifyAccessToken(token, secret, options) {
  const [tokenKind, tokenText] = describeToken(token);
  const [keyKind, keyBytes] = describeKey(secret);
  let result;
  try {
    result = core.verifyAccessToken(tokenKind, tokenText, keyKind, keyBytes, signOptionsWire(options || {}));
  } catch (thrown) {
    throw readCoreError(thrown).error;
  }
  return JSON.parse(result);
}

/**
 * Diagnostic only, not part of the API (no types, no README entry): the wasm instance's linear
 * memory in bytes, its high-water mark. js-tests/instance-health.test.mjs bounds it.
 *
 * @example
 * import { __wasmMemoryBytes } from 'rtc-token';
 * console.log(__wasmMemoryBytes() / 1048576, 'MiB');
 * @returns {number}
 */
export function __wasmMemoryBytes() {
  return core.diagnosticWasmMemoryBytes();
}

/**
 * Diagnostic only, not part of the API (no types, no README entry): how many asymmetric
 * signatures node:crypto made (`signed`) and checked (`verified`) in this instance, and how many
 * requests it declined (run in wasm instead). js-tests/host-signature.test.mjs reads it.
 *
 * @example
 * import { __hostSignatures } from 'rtc-token';
 * const { signed, verified, declined } = __hostSignatures();
 * @returns {{ signed: number, verified: number, declined: number }}
 */
export function __hostSignatures() {
  return hostCounts();
}
