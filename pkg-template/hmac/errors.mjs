// One set of error classes for both entries: an error thrown through rtc-token/hmac is
// `instanceof` the classes `rtc-token` exports.
export * from '../errors.mjs';
