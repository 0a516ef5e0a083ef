// The token server's state in this process's memory: the default, so `make start` needs no
// configuration. One process (or one Worker isolate) sees it, and a restart forgets it; a fleet
// shares Redis (./redis.mjs), Workers a Durable Object (./durable-object.mjs).
//
// Bounded: at most `maxMeetings` live meetings (the registry refuses more, it never evicts a live
// one), and at most `maxBuckets` rate-limit buckets; past that the least recently used buckets
// are forgotten (such a key starts again with a full bucket: the one way this store errs, towards
// admitting, and only for keys idle while `maxBuckets` others were used).
import { takeToken } from './contract.mjs';

/** @implements {import('./contract.mjs').State} */
export class MemoryState {
  // Both maps are kept in order of last use (an entry used is moved to the end), so the entries
  // at the front are the first to have expired or refilled.
  #meetings = new Map(); // meetingId → { meeting, expiresAt }
  #buckets = new Map(); // key → { tokens, at, fullAt }
  #maxBuckets;

  /** @param {{ maxBuckets?: number }} [options] default 100,000 */
  constructor({ maxBuckets = 100_000 } = {}) {
    if (!Number.isInteger(maxBuckets) || maxBuckets < 1) throw new TypeError('"maxBuckets" must be a positive integer');
    this.#maxBuckets = maxBuckets;
  }

  async take(key, rate, now) {
    const { allowed, retryAfter, bucket } = takeToken(this.#buckets.get(key), rate, now);
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.#maxBuckets) this.#forgetBuckets();
    return { allowed, retryAfter };
  }

  async createMeeting(meeting, { maxMeetings, idleSeconds }, now) {
    this.#forgetMeetings(now);
    if (this.#meetings.has(meeting.meetingId)) return 'taken';
    if (this.#meetings.size >= maxMeetings) return 'full';
    this.#meetings.set(meeting.meetingId, { meeting: structuredClone(meeting), expiresAt: now + idleSeconds * 1000 });
    return 'created';
  }

  async touchMeeting(meetingId, { idleSeconds }, now) {
    this.#forgetMeetings(now);
    const kept = this.#meetings.get(meetingId);
    if (!kept) return null;
    this.#meetings.delete(meetingId);
    this.#meetings.set(meetingId, { meeting: kept.meeting, expiresAt: now + idleSeconds * 1000 });
    return structuredClone(kept.meeting);
  }

  async close() {}

  /** Drops the expired meetings, all at the front (one retention per registry). */
  #forgetMeetings(now) {
    for (const [id, { expiresAt }] of this.#meetings) {
      if (expiresAt > now) break;
      this.#meetings.delete(id);
    }
  }

  /**
   * Past the bound: the least recently used buckets go, down to 90% of it (so that the work is
   * paid once per tenth of the bound, not on every call). Those are the likeliest to have
   * refilled, when forgetting them changes nothing.
   */
  #forgetBuckets() {
    const keep = Math.floor(this.#maxBuckets * 0.9);
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= keep) break;
      this.#buckets.delete(key);
    }
  }
}
