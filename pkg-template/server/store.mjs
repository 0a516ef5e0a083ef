// Where the embedded room registry keeps the meetings it created. A store is any object with
// `create(meeting)` and `get(meetingId)` (sync or async), so a Worker can plug in KV or a
// Durable Object, and a Node service a file or a database:
//
//   const kvStore = {
//     create: (meeting) => env.MEETINGS.put(meeting.meetingId, JSON.stringify(meeting)),
//     get: async (id) => JSON.parse((await env.MEETINGS.get(id)) ?? 'null'),
//   };

/**
 * The default store: meetings in memory, for one process (or one Worker isolate), oldest
 * forgotten first past `limit` so a flood of create calls cannot exhaust memory.
 *
 * @example
 * import { createHandler, MemoryStore } from 'rtc-token/server';
 * const handler = createHandler({ apiKey, secret, store: new MemoryStore({ limit: 1000 }) });
 */
export class MemoryStore {
  #meetings = new Map();
  #limit;

  /** @param {{ limit?: number }} [options] how many meetings to keep (default 10,000) */
  constructor({ limit = 10_000 } = {}) {
    this.#limit = limit;
  }

  /** @param {{ meetingId: string, region?: string, createdAt: string }} meeting */
  create(meeting) {
    if (this.#meetings.size >= this.#limit) this.#meetings.delete(this.#meetings.keys().next().value);
    this.#meetings.set(meeting.meetingId, meeting);
  }

  /** @param {string} meetingId @returns {object|null} */
  get(meetingId) {
    return this.#meetings.get(meetingId) ?? null;
  }
}
