// The public API: jsonwebtoken 9's argument forms and callback behaviour over a wasm core.
// Every rule and message lives in Rust (src/); this file only shapes arguments and results, and
// the boundary (boundary/) turns them into what crosses to the core and back.
//
// The API is a function of the core it runs on: each entry (entries/) starts its core for its
// runtime and calls makeApi once, with the main entry's two cores or rtc-token/hmac's one
// (boundary/cores.mjs). So every module here is the same file in every entry, imported from where
// it lies.

import { JsonWebTokenError, NotBeforeError, TokenExpiredError } from './errors.mjs';
import { applyMutations, readCoreError, readPrepared, readSigned } from './boundary/answers.mjs';
import {
  describeGetSecretError,
  describeKey,
  describePayload,
  describeToken,
  GET_SECRET_WITHOUT_CALLBACK,
  hasRegExpAudience,
  isPlainObjectCode,
  signOptionsWire,
  verifyOptionsWire,
} from './boundary/describe.mjs';
import { hostCounts, hostOffer, isHostRequest, signedByHost, verdictOfHost } from './boundary/host-signature.mjs';
import { DELIVERY_LATER, DELIVERY_THROWN, HOST_NONE } from './boundary/wire.mjs';

// jsonwebtoken (through jws streams) delivers a signed token on the next tick; validation
// errors reach the callback synchronously. Outside Node, a microtask is the nearest thing.
const nextTick =
  typeof globalThis.process?.nextTick === 'function' ? (fn) => globalThis.process.nextTick(fn) : queueMicrotask;

/**
 * The package's API over `core`: what an entry exports, by name and as its default export (the
 * jsonwebtoken habit `import jwt from 'rtc-token'`). Frozen, its names in the order a module
 * namespace lists them.
 *
 * @example
 * // entries/hmac/workerd.mjs
 * start(glue, module);
 * const api = makeApi(hmacCore(glue));
 *
 * @param {ReturnType<typeof import('./boundary/cores.mjs').hmacCore>} core the calls of the entry's core
 */
export function makeApi(core) {
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
    const mutate = options.mutatePayload === true && isPlainObjectCode(payloadKind);
    let token;
    let mutations;
    try {
      const answer = coreSign(payloadKind, payloadText, shape || undefined, keyKind, keyBytes, wire, mutate, Boolean(callback), hostOffer());
      if (isHostRequest(answer)) {
        // An asymmetric signature, every check made: node:crypto signs it, or the call runs again in wasm.
        const signed =
          signedByHost(answer, secretOrPrivateKey, keyKind, keyBytes) ??
          readSigned(coreSign(payloadKind, payloadText, shape || undefined, keyKind, keyBytes, wire, mutate, Boolean(callback), HOST_NONE), mutate);
        token = signed.token;
        mutations = signed.mutations;
      } else if (mutate) {
        ({ token, mutations } = readSigned(answer, mutate));
      } else {
        token = answer;
      }
    } catch (thrown) {
      const { error, delivery, mutations: written } = readCoreError(thrown);
      if (written) applyMutations(payload, written);
      if (!callback || delivery === DELIVERY_THROWN) throw error;
      if (delivery === DELIVERY_LATER) return void nextTick(() => callback(error));
      return callback(error);
    }
    if (mutate) applyMutations(payload, mutations);
    if (!callback) return token;
    nextTick(() => callback(null, token));
  }

  function verifyWithKey(tokenKind, tokenText, key, keyKind, keyBytes, wire, options, callback, clock) {
    let result;
    try {
      const matched = hasRegExpAudience(options) && regExpAudienceMatches(options.audience, tokenText);
      result = core.verify(tokenKind, tokenText, keyKind, keyBytes, wire, matched, hostOffer(), clock);
      // An asymmetric signature, every earlier check made: node:crypto checks it (or declines), and
      // the core finishes from its verdict (or checks it in wasm).
      if (isHostRequest(result)) {
        const verdict = verdictOfHost(result, key, keyKind, keyBytes);
        result = core.verify(tokenKind, tokenText, keyKind, keyBytes, wire, matched, verdict, clock);
      }
    } catch (thrown) {
      return verifyFailed(thrown, callback);
    }
    const payload = JSON.parse(result);
    return callback ? callback(null, payload) : payload;
  }

  /** `verify(token, getSecret(header, cb), …)`: the key arrives through a callback. */
  function verifyWithGetSecret(tokenKind, tokenText, getSecret, wire, options, callback) {
    if (!callback) {
      const [keyKind, keyBytes] = GET_SECRET_WITHOUT_CALLBACK;
      return verifyWithKey(tokenKind, tokenText, undefined, keyKind, keyBytes, wire, options, callback, undefined);
    }
    let prepared;
    try {
      prepared = readPrepared(core.verifyPrepare(tokenKind, tokenText, wire));
    } catch (thrown) {
      return verifyFailed(thrown, callback);
    }
    // jsonwebtoken reads its clock before asking for the key: a slow getSecret does not age the token.
    return getSecret(prepared.header, (error, key) => {
      if (error) {
        const [keyKind, message] = describeGetSecretError(error);
        return verifyWithKey(tokenKind, tokenText, undefined, keyKind, message, wire, options, callback, prepared.now);
      }
      const [keyKind, keyBytes] = describeKey(key);
      return verifyWithKey(tokenKind, tokenText, key, keyKind, keyBytes, wire, options, callback, prepared.now);
    });
  }

  /** jsonwebtoken: `audience.test(target)` for each RegExp against each `aud` (JS regex semantics). */
  function regExpAudienceMatches(audience, token) {
    const regexps = (Array.isArray(audience) ? audience : [audience]).filter((a) => a instanceof RegExp);
    let payload;
    try {
      payload = api.decode(token);
    } catch {
      return false;
    }
    const aud = payload !== null && typeof payload === 'object' ? payload.aud : undefined;
    const targets = Array.isArray(aud) ? aud : [aud];
    return targets.some((target) => regexps.some((re) => re.test(target)));
  }

  // The public functions are properties, not declarations: where a bundler gathers an entry and
  // this module into one scope (esbuild for Node's bundles, wrangler, Vite), it may rename a
  // declaration that shares its name with the entry's exports (`sign` → `sign2`), and the
  // function's `name` with it; a function defined as a property takes its name from the key.
  const api = {
    JsonWebTokenError,
    NotBeforeError,
    TokenExpiredError,

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
    sign: function (payload, secretOrPrivateKey, options, callback) {
      return signWith(core.sign, payload, secretOrPrivateKey, options, callback);
    },

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
    verify: function (token, secretOrPublicKey, options, callback) {
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
    },

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
    decode: function (token, options) {
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
    },

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
    generateToken: function (payload, secret, options, callback) {
      return signWith(core.generateToken, payload, secret, options, callback);
    },

    /**
     * A random RFC 4122 version 4 uuid from the platform's secure random source, drawn per call.
     *
     * @example
     * import { uuid4 } from 'rtc-token';
     * uuid4(); // '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed'
     *
     * @returns {string}
     */
    uuid4: function () {
      try {
        return core.uuid4();
      } catch (thrown) {
        throw readCoreError(thrown).error;
      }
    },

    /**
     * The room-side check, for services that admit participants or serve the API: verifies an
     * HS256 access token and the access-token rules, and that it was made for this service
     * (`apikey`), this room (`roomId`), this participant (`participantId`) and this use (`'room'`,
     * the default, refuses `crawler` tokens; `'api'` refuses `rtc` tokens). Returns the claims and
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
    verifyAccessToken: function (token, secret, options) {
      const [tokenKind, tokenText] = describeToken(token);
      const [keyKind, keyBytes] = describeKey(secret);
      let result;
      try {
        result = core.verifyAccessToken(tokenKind, tokenText, keyKind, keyBytes, signOptionsWire(options || {}));
      } catch (thrown) {
        throw readCoreError(thrown).error;
      }
      return JSON.parse(result);
    },

    // Diagnostic only, not part of the API (no types, no README entry): the wasm cores this entry
    // has started, `['hmac']` or `['hmac', 'full']` (boundary/cores.mjs). js-tests/hmac.test.mjs
    // reads it.
    __coresStarted: core.coresStarted,

    /**
     * Diagnostic only, not part of the API (no types, no README entry): the wasm instance's linear
     * memory in bytes, its high-water mark. js-tests/instance-health.test.mjs bounds it.
     *
     * @example
     * import { __wasmMemoryBytes } from 'rtc-token';
     * console.log(__wasmMemoryBytes() / 1048576, 'MiB');
     * @returns {number}
     */
    __wasmMemoryBytes: function () {
      return core.diagnosticWasmMemoryBytes();
    },

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
    __hostSignatures: function () {
      return hostCounts();
    },
  };
  // Frozen, its names in the order a module namespace lists them, as the default export had them.
  return Object.freeze(Object.fromEntries(Object.entries(api).sort(([a], [b]) => (a < b ? -1 : 1))));
}

function verifyFailed(thrown, callback) {
  const { error, delivery } = readCoreError(thrown);
  // Two TypeErrors escape jsonwebtoken's error handling, even in the callback form.
  if (!callback || delivery === DELIVERY_THROWN) throw error;
  return callback(error);
}

/** jws's toString: how a non-string token is read. */
function jwsText(token) {
  if (typeof token === 'string') return token;
  if (typeof token === 'number' || (globalThis.Buffer && globalThis.Buffer.isBuffer(token))) return token.toString();
  return JSON.stringify(token);
}
