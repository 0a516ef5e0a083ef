// The token server's state for Cloudflare Workers: a Durable Object class, TokenStateObject,
// that keeps rate-limit buckets and the embedded meeting registry in its transactional SQLite
// storage, and durableObjectState(namespace), the State (./contract.mjs) a Worker's handler
// uses to reach it. Every isolate in every location calls the same objects (an object's name
// picks one object worldwide), so a meeting created through one isolate validates through any
// other, and a client's rate limit holds across all of them.
//
// Why a fetch protocol and not JS RPC: workerd delivers RPC calls only to classes declared
// `extends DurableObject` (from 'cloudflare:workers'), and this module is part of
// rtc-token/server, which Node, Deno, Bun and browsers load too, where that module does not
// exist. A plain class with `constructor(ctx, env)` and `fetch(request)` is a Durable Object at
// every compatibility date, and loads everywhere.
//
// Sharding (the names objects are found by):
//   `${prefix}registry`      one object holds every meeting: "full" needs one count of live
//                            meetings in one place, and creates are few (10/min per client by
//                            default), so one object's throughput (~1,000 small requests/s) is
//                            far from the bound.
//   `${prefix}bucket:${key}` one object per bucket key (route group and client): the hot path
//                            (every request takes a token) is spread over as many objects as
//                            there are clients, so one flooding client queues behind itself only,
//                            and each object lives near the client that uses it.
//
// Atomicity: an object runs one event at a time, and every operation's reads and writes are
// synchronous SQL (`ctx.storage.sql`) in one `transactionSync`, with no `await` between read and
// write, so no other request to the object can come between them (input gates guard awaited
// storage calls only, not the request body or other I/O); the output gate holds the answer until
// the write is durable.
//
// Storage stays bounded: a bucket object deletes all it holds (storage.deleteAll) by an alarm
// once its bucket is full again, when forgetting it changes nothing (a key with no stored bucket
// starts full); the registry stores at most `maxMeetings` meetings, live or expired: every call
// first deletes the expired ones (found by an index on their expiry), and a create past the bound
// is refused.
//
// SQLite-backed objects only (wrangler.toml: `new_sqlite_classes`), the backend Cloudflare
// recommends for new classes and the only one on the free plan.
import { StateUnavailable, takeToken } from './contract.mjs';

const BUCKET_TABLE =
  'CREATE TABLE IF NOT EXISTS bucket (id INTEGER PRIMARY KEY CHECK (id = 0), tokens REAL NOT NULL, at INTEGER NOT NULL, forget_at INTEGER NOT NULL)';
const MEETING_TABLES = [
  'CREATE TABLE IF NOT EXISTS meetings (id TEXT PRIMARY KEY, meeting TEXT NOT NULL, expires_at INTEGER NOT NULL)',
  'CREATE INDEX IF NOT EXISTS meetings_by_expiry ON meetings (expires_at)',
];

/**
 * The Durable Object class holding the token server's state. Export it from the Worker's main
 * module and bind it (wrangler.toml), then give the handler `durableObjectState(env.TOKEN_STATE)`.
 *
 * @example
 * // src/index.js; wrangler.toml: [[durable_objects.bindings]] name = "TOKEN_STATE",
 * // class_name = "TokenStateObject"; [[migrations]] tag = "v1", new_sqlite_classes = ["TokenStateObject"]
 * import { configFromEnv, createHandler, durableObjectState } from 'rtc-token/server';
 * export { TokenStateObject } from 'rtc-token/server';
 * let handler;
 * export default {
 *   fetch(request, env) {
 *     handler ??= createHandler({ ...configFromEnv(env), state: durableObjectState(env.TOKEN_STATE), clientAddressHeader: 'cf-connecting-ip' });
 *     return handler(request);
 *   },
 * };
 */
export class TokenStateObject {
  #storage;
  /** The tables known to exist in this life of the object (deleteAll drops them). */
  #tables = new Set();
  /** The registry's stored meetings (live, or expired and not yet swept): counted once a life. */
  #meetingCount;

  /** @param {{ storage: any }} ctx the object's state, as workerd passes it */
  constructor(ctx) {
    this.#storage = ctx.storage;
  }

  /**
   * One operation a request: POST /take, /create-meeting or /touch-meeting with the State
   * method's arguments as JSON `{ args }`, answered `{ result }`; a failure is a 500 whose
   * `error` says why (durableObjectState turns it into StateUnavailable).
   * @param {Request} request
   */
  async fetch(request) {
    const operation = new URL(request.url).pathname;
    let args;
    try {
      ({ args } = await request.json());
      if (!Array.isArray(args)) throw new TypeError('no args');
    } catch {
      return Response.json({ error: 'the body must be JSON { "args": [...] }' }, { status: 400 });
    }
    try {
      if (operation === '/take') return Response.json({ result: await this.#take(...args) });
      if (operation === '/create-meeting') return Response.json({ result: this.#inTransaction(MEETING_TABLES, (sql) => this.#createMeeting(sql, ...args)) });
      if (operation === '/touch-meeting') return Response.json({ result: this.#inTransaction(MEETING_TABLES, (sql) => this.#touchMeeting(sql, ...args)) });
      return Response.json({ error: `TokenStateObject has no operation ${operation}` }, { status: 404 });
    } catch (error) {
      // The one place an operator sees why (`wrangler tail`): the Worker answers a bare 503.
      console.error(`rtc-token TokenStateObject ${operation}: ${error?.message}`);
      return Response.json({ error: `TokenStateObject ${operation}: ${error?.message}` }, { status: 500 });
    }
  }

  /** A bucket's deadline (or an earlier one, since moved on) has come: forget it, or wait on. */
  async alarm() {
    const row = this.#tablesFor([BUCKET_TABLE]).exec('SELECT forget_at FROM bucket').toArray()[0];
    if (row && row.forget_at > Date.now()) {
      await this.#storage.setAlarm(row.forget_at);
    } else {
      await this.#storage.deleteAll();
      this.#tables.clear();
    }
  }

  async #take(rate, now) {
    const { result, stored, forgetAt } = this.#inTransaction([BUCKET_TABLE], (sql) => {
      const stored = sql.exec('SELECT tokens, at, forget_at FROM bucket').toArray()[0];
      const { allowed, retryAfter, bucket } = takeToken(stored, rate, now);
      // The alarm runs on this object's clock and `now` is the caller's (a test may pass any
      // instant), so the deadline is kept as a span from the object's own now.
      const forgetAt = Date.now() + Math.max(0, bucket.fullAt - now);
      sql.exec('INSERT OR REPLACE INTO bucket (id, tokens, at, forget_at) VALUES (0, ?, ?, ?)', bucket.tokens, bucket.at, forgetAt);
      return { result: { allowed, retryAfter }, stored, forgetAt };
    });
    // A stored bucket has its alarm pending (set when it was first stored, moved on by each
    // alarm until the bucket is forgotten); one well past its deadline lost its alarm (every
    // retry failed) and gets a new one. One alarm write per bucket life, not per take, keeps the
    // hot path at one row written. Awaited after the bucket's write: nothing interleaves it.
    if (!stored || stored.forget_at < Date.now() - 60_000) await this.#storage.setAlarm(forgetAt);
    return result;
  }

  #createMeeting(sql, meeting, { maxMeetings, idleSeconds }, now) {
    this.#sweep(sql, now);
    if (sql.exec('SELECT 1 FROM meetings WHERE id = ?', meeting.meetingId).toArray().length) return 'taken';
    if (this.#meetingCount >= maxMeetings) return 'full';
    sql.exec('INSERT INTO meetings (id, meeting, expires_at) VALUES (?, ?, ?)', meeting.meetingId, JSON.stringify(meeting), now + idleSeconds * 1000);
    this.#meetingCount += 1;
    return 'created';
  }

  #touchMeeting(sql, meetingId, { idleSeconds }, now) {
    this.#sweep(sql, now);
    const row = sql.exec('SELECT meeting FROM meetings WHERE id = ?', meetingId).toArray()[0];
    if (!row) return null;
    sql.exec('UPDATE meetings SET expires_at = ? WHERE id = ?', now + idleSeconds * 1000, meetingId);
    return JSON.parse(row.meeting);
  }

  /** Deletes the meetings expired by `now` (found by the expiry index), and knows the count. */
  #sweep(sql, now) {
    const swept = sql.exec('DELETE FROM meetings WHERE expires_at <= ? RETURNING id', now).toArray().length;
    // Counted once a life of the object, then kept: a count reads every row (rows read are billed).
    if (this.#meetingCount === undefined) this.#meetingCount = sql.exec('SELECT count(*) AS n FROM meetings').one().n;
    else this.#meetingCount -= swept;
  }

  /** `body(sql)` all or nothing, its tables made first; after a failure the count is read again. */
  #inTransaction(tables, body) {
    try {
      const sql = this.#tablesFor(tables);
      return this.#storage.transactionSync(() => body(sql));
    } catch (error) {
      this.#meetingCount = undefined;
      throw error;
    }
  }

  /**
   * The SQL storage with `tables` made, once a life of the object. Without SQLite-backed storage
   * (a class declared under `new_classes`), workerd's error says to use `new_sqlite_classes`.
   */
  #tablesFor(tables) {
    const sql = this.#storage.sql;
    for (const statement of tables) {
      if (this.#tables.has(statement)) continue;
      sql.exec(statement);
      this.#tables.add(statement);
    }
    return sql;
  }
}

/**
 * The State of a Worker whose rate-limit buckets and meetings live in TokenStateObject objects:
 * every isolate, in every location, sees the same. A failure to reach an object, an object
 * failing, or one that does not answer within `timeout` is StateUnavailable: the handler
 * answers 503 with `Retry-After: 1` (never a request held by a hung object).
 *
 * @example
 * handler ??= createHandler({ ...configFromEnv(env), state: durableObjectState(env.TOKEN_STATE) });
 *
 * @param {{ idFromName(name: string): unknown, get(id: unknown): { fetch(url: string, init?: RequestInit): Promise<Response> } }} namespace
 *   the Durable Object namespace binding of TokenStateObject
 * @param {{ prefix?: string, timeout?: number }} [options] `prefix`: put before every object's
 *   name, so that two deployments (or tests) can share one namespace without sharing state
 *   (default none); `timeout`: the milliseconds a call may take (default 3000)
 * @returns {import('./contract.mjs').State}
 */
export function durableObjectState(namespace, { prefix = '', timeout = 3000 } = {}) {
  if (typeof namespace?.idFromName !== 'function' || typeof namespace?.get !== 'function') {
    throw new TypeError('durableObjectState needs the Durable Object namespace binding of TokenStateObject, such as env.TOKEN_STATE');
  }
  if (typeof prefix !== 'string') throw new TypeError('"prefix" must be a string');
  if (!(Number.isFinite(timeout) && timeout > 0)) throw new TypeError('"timeout" must be a positive number of milliseconds');
  // A stub per call: making one is local and cheap (no I/O), and nothing made during one request
  // is kept for the next.
  const ask = async (name, operation, args) => {
    let response;
    try {
      const stub = namespace.get(namespace.idFromName(prefix + name));
      response = await stub.fetch(`https://token-state.invalid/${operation}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ args }),
      });
    } catch (error) {
      throw new StateUnavailable('the Durable Object holding the token server\'s state cannot be reached', { cause: error });
    }
    let body;
    try {
      body = await response.json();
    } catch (error) {
      throw new StateUnavailable(`the token state object answered ${response.status} without JSON`, { cause: error });
    }
    if (!response.ok || body === null || typeof body !== 'object' || !('result' in body)) {
      throw new StateUnavailable(typeof body?.error === 'string' ? body.error : `the token state object answered ${response.status}`);
    }
    return body.result;
  };
  // A call not answered in time is refused (the object may still finish it: a take then counts,
  // which errs towards limiting, never towards admitting).
  const call = async (name, operation, args) => {
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new StateUnavailable(`the token state object did not answer within ${timeout} ms`)), timeout);
    });
    try {
      return await Promise.race([ask(name, operation, args), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    take: (key, rate, now) => call(`bucket:${key}`, 'take', [rate, now]),
    createMeeting: (meeting, retention, now) => call('registry', 'create-meeting', [meeting, retention, now]),
    touchMeeting: (meetingId, retention, now) => call('registry', 'touch-meeting', [meetingId, retention, now]),
    close: async () => {},
  };
}
