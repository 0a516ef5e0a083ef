// The core's answers → JavaScript values: the error JSON it throws (src/wasm/mod.rs, error_json)
// becomes the error jsonwebtoken would have made, with how jsonwebtoken hands it to a callback;
// sign's answer with mutatePayload and verifyPrepare's answer become objects. The member names
// and delivery values are wire.mjs's. No rule lives here: the core decided; this only reads.

import { JsonWebTokenError, NotBeforeError, TokenExpiredError } from '../errors.mjs';
import {
  DELIVERY_CALLBACK,
  ERROR_AT,
  ERROR_CLASS,
  ERROR_DELIVERY,
  ERROR_INNER,
  ERROR_JSON,
  ERROR_MESSAGE,
  ERROR_NEEDS_FULL_CORE,
  MUTATIONS,
  MUTATIONS_CLAIMS,
  MUTATIONS_DELETE_IAT,
  MUTATIONS_UNDEFINED_CLAIM,
  PREPARED_HEADER,
  PREPARED_NOW,
  SIGNED_TOKEN,
} from './wire.mjs';

// The member by which the HMAC-only core says the full one must run the call, as it writes it.
const NEEDS_FULL_CORE = `"${ERROR_NEEDS_FULL_CORE}":true`;

/** True when the HMAC-only core threw because the call needs the full core (see cores.mjs). */
export function needsFullCore(thrown) {
  return typeof thrown === 'string' && thrown.includes(NEEDS_FULL_CORE);
}

/**
 * Reads an error thrown by the wasm core: the error jsonwebtoken would have made, how
 * jsonwebtoken hands it to a callback (DELIVERY_CALLBACK, DELIVERY_LATER or DELIVERY_THROWN), and
 * for mutatePayload what jsonwebtoken had written before failing. Anything else (a runtime error
 * from JSON.stringify, say) passes through as delivered to the callback.
 * @param {unknown} thrown
 * @returns {{ error: unknown, delivery: string, mutations?: object }}
 */
export function readCoreError(thrown) {
  if (typeof thrown !== 'string') return { error: thrown, delivery: DELIVERY_CALLBACK };
  const report = JSON.parse(thrown);
  return { error: errorOf(report), delivery: report[ERROR_DELIVERY], mutations: report[MUTATIONS] };
}

/** One described error; its inner error (the room-side check's cause) is described the same way. */
function errorOf(report) {
  const message = report[ERROR_MESSAGE];
  switch (report[ERROR_CLASS]) {
    case 'JsonWebTokenError': {
      const inner = report[ERROR_INNER];
      return new JsonWebTokenError(message, inner && errorOf(inner));
    }
    case 'TokenExpiredError':
      return new TokenExpiredError(message, dateOf(report[ERROR_AT]));
    case 'NotBeforeError':
      return new NotBeforeError(message, dateOf(report[ERROR_AT]));
    case 'TypeError':
      return new TypeError(message);
    case 'SyntaxError':
      // jsonwebtoken lets JSON.parse's own SyntaxError through; make the runtime say it.
      try {
        JSON.parse(report[ERROR_JSON]);
      } catch (error) {
        return error;
      }
      return new SyntaxError(message);
    default:
      return new Error(message);
  }
}

/**
 * `new Date(at * 1000)` as jsonwebtoken computes it. JSON has no Infinity: a claim such as
 * `"exp": -1e400` (which JSON.parse reads as -Infinity) crosses the boundary as `null`, and
 * jsonwebtoken's date for it is an Invalid Date, not the epoch that `null * 1000` would give.
 */
function dateOf(at) {
  return new Date(typeof at === 'number' ? at * 1000 : NaN);
}

/**
 * sign's answer: with `mutate`, JSON text of the token and the mutations (what jsonwebtoken wrote
 * into the payload); without, the token itself.
 * @returns {{ token: string, mutations?: object }}
 */
export function readSigned(answer, mutate) {
  if (!mutate) return { token: answer, mutations: undefined };
  const signed = JSON.parse(answer);
  return { token: signed[SIGNED_TOKEN], mutations: signed[MUTATIONS] };
}

/**
 * mutatePayload: writes what jsonwebtoken wrote (iat/nbf/exp/aud/iss/sub/jti) into the caller's
 * payload, as the core describes it (from sign's answer, its error, or a host request).
 */
export function applyMutations(payload, mutations) {
  if (mutations[MUTATIONS_DELETE_IAT]) delete payload.iat;
  Object.assign(payload, mutations[MUTATIONS_CLAIMS]);
  const undefinedClaim = mutations[MUTATIONS_UNDEFINED_CLAIM];
  if (undefinedClaim) payload[undefinedClaim] = undefined;
}

/**
 * verifyPrepare's answer: the clock reading to verify with once the key arrives, and the header
 * a `getSecret(header, callback)` receives.
 * @returns {{ now: number, header: object }}
 */
export function readPrepared(answer) {
  const prepared = JSON.parse(answer);
  return { now: prepared[PREPARED_NOW], header: prepared[PREPARED_HEADER] };
}
