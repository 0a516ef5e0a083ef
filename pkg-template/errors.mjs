// The error classes of jsonwebtoken 9, as real classes with the same observable shape:
// `name` and `message` are own enumerable properties (in that order), then `inner`,
// `expiredAt` or `date`; `String(err)`, `JSON.stringify(err)` and `Object.keys(err)` match.
// One module for every entry (Node's two bundles share it as errors.cjs): an error thrown through
// rtc-token/hmac is `instanceof` the classes rtc-token exports. The core's errors become these
// in boundary/answers.mjs.

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
