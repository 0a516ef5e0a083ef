// What the token server keeps between requests, and the one contract every place it can live
// in fulfils: this process's memory (./memory.mjs), Redis for a fleet of Node servers, a Durable
// Object for Workers, a SQLite file for one node. Rate limits and the embedded meeting registry
// both use it, so a deployment chooses where its state lives once.
//
// Every method is async and takes `now` (milliseconds since the epoch) from the caller, so that
// one clock rules a request and tests can move it. A backend that cannot reach its service
// throws StateUnavailable; the handler answers 503 (never a crash, never a silent allow).
// js-tests/state-contract.mjs holds every backend to this text.

/**
 * A meeting of the embedded registry, as the store keeps it.
 * @typedef {{ meetingId: string, createdAt: string, region?: string }} Meeting
 */

/**
 * A rate: at most `limit` requests in a burst, refilled evenly over `seconds` (a token bucket of
 * capacity `limit` and `limit / seconds` tokens a second).
 * @typedef {{ limit: number, seconds: number }} Rate
 */

/**
 * How the registry keeps meetings: at most `maxMeetings` live ones, each forgotten once
 * `idleSeconds` pass without a create or a validation of it.
 * @typedef {{ maxMeetings: number, idleSeconds: number }} Retention
 */

/**
 * @typedef {object} State
 * @property {(key: string, rate: Rate, now: number) => Promise<{ allowed: boolean, retryAfter: number }>} take
 *   takes one token from `key`'s bucket; refused, `retryAfter` is the whole seconds (≥ 1) until
 *   one is there again. Atomic: concurrent takes on one key never admit more than the rate.
 * @property {(meeting: Meeting, retention: Retention, now: number) => Promise<'created'|'taken'|'full'>} createMeeting
 *   keeps `meeting` unless a live meeting has its id (`taken`) or `maxMeetings` live ones are
 *   kept (`full`: refused, nothing is evicted). Atomic, as `SET NX` is.
 * @property {(meetingId: string, retention: Pick<Retention, 'idleSeconds'>, now: number) => Promise<Meeting|null>} touchMeeting
 *   the live meeting of that id, its idle time restarted; null for none (or an expired one).
 * @property {() => Promise<void>} [close] lets go of connections and files
 */

/** A backend's service cannot be reached or failed: the handler answers 503 and logs nothing secret. */
export class StateUnavailable extends Error {
  constructor(message = 'the state store is unavailable', options) {
    super(message, options);
    this.name = 'StateUnavailable';
  }
}

/**
 * The token bucket, for the backends that run JavaScript next to their data (memory, SQLite,
 * Durable Object); Redis runs the same steps in Lua (./redis.mjs), held equal by the contract
 * tests. `bucket` is the last one returned for the key, or undefined (a full bucket). The bucket
 * returned says when it is full again (`fullAt`, ms): from then on a backend may forget it.
 * @param {{ tokens: number, at: number } | undefined} bucket
 * @param {Rate} rate
 * @param {number} now
 * @returns {{ allowed: boolean, retryAfter: number, bucket: { tokens: number, at: number, fullAt: number } }}
 */
export function takeToken(bucket, { limit, seconds }, now) {
  const perMs = limit / (seconds * 1000);
  const elapsed = bucket ? Math.max(0, now - bucket.at) : 0;
  const tokens = bucket ? Math.min(limit, bucket.tokens + elapsed * perMs) : limit;
  const allowed = tokens >= 1;
  const left = allowed ? tokens - 1 : tokens;
  return {
    allowed,
    retryAfter: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)),
    bucket: { tokens: left, at: now, fullAt: now + Math.ceil((limit - left) / perMs) },
  };
}
