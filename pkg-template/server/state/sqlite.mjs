// The token server's state in a SQLite file: the persistent default of one node, so a restart of
// `rtc-token serve` loses no meeting and no rate limit. Through node:sqlite, built into Node
// (unflagged from 22.13): no native build, no dependency. Node 20 has none; there the choice is
// memory or Redis (./from-env.mjs says so at startup).
//
// Several processes may share one file (on one machine): WAL lets readers run beside the one
// writer, a take or a create is one IMMEDIATE transaction (the write lock is taken before the
// read, so two processes never admit on the same reading), and a writer waits for the lock at
// most `busyTimeout` before the call fails as StateUnavailable. synchronous=NORMAL: a committed
// transaction survives a crash of the process; a power cut may lose the last ones.
import { takeToken, StateUnavailable } from './contract.mjs';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS buckets (key TEXT PRIMARY KEY, tokens REAL NOT NULL, at INTEGER NOT NULL, full_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS buckets_full_at ON buckets (full_at);
CREATE TABLE IF NOT EXISTS meetings (id TEXT PRIMARY KEY, meeting TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS meetings_expires_at ON meetings (expires_at);`;

// Full buckets are forgotten (as Redis expires them) once every this many takes.
const SWEEP_EVERY = 1000;

/** node:sqlite where this Node has it (22.13 and later, or earlier with --experimental-sqlite). */
export function nodeSqlite() {
  try {
    return process.getBuiltinModule?.('node:sqlite');
  } catch {
    return undefined;
  }
}

/** @implements {import('./contract.mjs').State} */
export class SqliteState {
  #db;
  #path;
  #statements;
  #takes = 0;
  #closed = false;

  /**
   * Opens (or creates) the SQLite file at `path`; its directory must exist.
   *
   * @example
   * import { createHandler, SqliteState } from 'rtc-token/server/node';
   * const state = new SqliteState('/var/lib/rtc-token/state.sqlite');
   * const handler = createHandler({ apiKey, secret, state });
   *
   * @param {string} path a file path (":memory:" for a throwaway database)
   * @param {{ busyTimeout?: number }} [options] the milliseconds a write waits for another
   *   process's lock (default 2000)
   */
  constructor(path, { busyTimeout = 2000 } = {}) {
    if (typeof path !== 'string' || !path) throw new TypeError('SqliteState needs the path of its file');
    if (!Number.isInteger(busyTimeout) || busyTimeout < 0) throw new TypeError('"busyTimeout" must be a whole number of milliseconds');
    const sqlite = nodeSqlite();
    if (!sqlite) {
      throw new Error(`SqliteState needs node:sqlite, built into Node 22.13 and later (this is Node ${process.versions.node}); use Redis (REDIS_URL) or memory instead`);
    }
    this.#path = path;
    try {
      this.#db = new sqlite.DatabaseSync(path);
      this.#db.exec(`PRAGMA busy_timeout = ${busyTimeout}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;`);
      this.#db.exec(SCHEMA);
    } catch (error) {
      this.#db?.close();
      throw new Error(`the SQLite state file ${path} cannot be opened: ${error.message}`, { cause: error });
    }
    const prepare = (sql) => this.#db.prepare(sql);
    this.#statements = {
      bucket: prepare('SELECT tokens, at FROM buckets WHERE key = ?'),
      keepBucket: prepare('INSERT OR REPLACE INTO buckets (key, tokens, at, full_at) VALUES (?, ?, ?, ?)'),
      sweepBuckets: prepare('DELETE FROM buckets WHERE full_at <= ?'),
      forgetMeetings: prepare('DELETE FROM meetings WHERE expires_at <= ?'),
      isKept: prepare('SELECT 1 AS kept FROM meetings WHERE id = ?'),
      count: prepare('SELECT count(*) AS live FROM meetings'),
      keepMeeting: prepare('INSERT INTO meetings (id, meeting, expires_at) VALUES (?, ?, ?)'),
      touch: prepare('UPDATE meetings SET expires_at = ? WHERE id = ? AND expires_at > ? RETURNING meeting'),
    };
  }

  async take(key, rate, now) {
    return this.#transaction(() => {
      const kept = this.#statements.bucket.get(key);
      const { allowed, retryAfter, bucket } = takeToken(kept, rate, now);
      this.#statements.keepBucket.run(key, bucket.tokens, bucket.at, bucket.fullAt);
      if (++this.#takes % SWEEP_EVERY === 0) this.#statements.sweepBuckets.run(now);
      return { allowed, retryAfter };
    });
  }

  async createMeeting(meeting, { maxMeetings, idleSeconds }, now) {
    return this.#transaction(() => {
      const s = this.#statements;
      s.forgetMeetings.run(now);
      if (s.isKept.get(meeting.meetingId)) return 'taken';
      if (s.count.get().live >= maxMeetings) return 'full';
      s.keepMeeting.run(meeting.meetingId, JSON.stringify(meeting), now + idleSeconds * 1000);
      return 'created';
    });
  }

  async touchMeeting(meetingId, { idleSeconds }, now) {
    // One statement: atomic by itself. An expired meeting is left for the next create to remove.
    const kept = this.#guard(() => this.#statements.touch.get(now + idleSeconds * 1000, meetingId, now));
    return kept ? JSON.parse(kept.meeting) : null;
  }

  async close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  /** `work` inside BEGIN IMMEDIATE … COMMIT (rolled back if it throws). */
  #transaction(work) {
    return this.#guard(() => {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        this.#db.exec('COMMIT');
        return result;
      } catch (error) {
        try {
          this.#db.exec('ROLLBACK');
        } catch {} // none is open when COMMIT itself ended it
        throw error;
      }
    });
  }

  /** A failure of the file (locked too long, disk full, closed): StateUnavailable. */
  #guard(work) {
    try {
      return work();
    } catch (error) {
      throw new StateUnavailable(`the SQLite state file ${this.#path} failed: ${error.message}`, { cause: error });
    }
  }
}
