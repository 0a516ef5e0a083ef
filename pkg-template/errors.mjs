// The error classes of jsonwebtoken 9, as real classes with the same observable shape:
// `name` and `message` are own enumerable properties (in that order), then `inner`,
// `expiredAt` or `date`; `String(err)`, `JSON.stringify(err)` and `Object.keys(err)` match.

export class JsonWebTokenError extends Error {
  /**
   * @param {string} message
   * @param {unknown} [error] the underlying cause, kept as `inner`
   */
  constructor(message, error) {
    // No message to super(): Error would define it non-enumerable, jsonwebtoken's is enumerable.
    super();
    this.name = 'JsonWebTokenError';
    this.message = message;
    if (error) this.inner = error;
    // jsonwebtoken: Error.captureStackTrace(this, this.constructor)
    if (Error.captureStackTrace) Error.captureStackTrace(this, new.target);
  }
}

export class TokenExpiredError extends JsonWebTokenError {
  /**
   * @param {string} message
   * @param {Date} expiredAt
   */
  constructor(message, expiredAt) {
    super(message);
    this.name = 'TokenExpiredError';
    this.expiredAt = expiredAt;
  }
}

export class NotBeforeError extends JsonWebTokenError {
  /**
   * @param {string} message
   * @param {Date} date
   */
  constructor(message, date) {
    super(message);
    this.name = 'NotBeforeError';
    this.date = date;
  }
}

/**
 * Reads an error thrown by the wasm core (a JSON text, see src/wasm/mod.rs): the error
 * jsonwebtoken would have made, how jsonwebtoken hands it to a callback (`callback`, `later`
 * or `thrown`), and for mutatePayload what jsonwebtoken had written before failing. Anything
 * else (a runtime error from JSON.stringify, say) passes through as delivered to the callback.
 * @param {unknown} thrown
 */
export function readCoreError(thrown) {
  if (typeof thrown !== 'string') return { error: thrown, delivery: 'callback' };
  const report = JSON.parse(thrown);
  return { error: errorOf(report), delivery: report.delivery, mutations: report.mutations };
}

/** One described error; `inner` (the room-side check's cause) is described the same way. */
function errorOf({ class: kind, message, at, json, inner }) {
  switch (kind) {
    case 'JsonWebTokenError':
      return new JsonWebTokenError(message, inner && errorOf(inner));
    case 'TokenExpiredError':
      return new TokenExpiredError(message, dateOf(at));
    case 'NotBeforeError':
      return new NotBeforeError(message, dateOf(at));
    case 'TypeError':
      return new TypeError(message);
    case 'SyntaxError':
      // jsonwebtoken lets JSON.parse's own SyntaxError through; make the runtime say it.
      try {
        JSON.parse(json);
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
