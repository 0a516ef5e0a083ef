// Where `rtc-token serve` keeps its state, chosen from the environment (Node only):
//
//   RTC_TOKEN_STATE=redis://… (or rediss://), or REDIS_URL   Redis, shared by a fleet
//   RTC_TOKEN_STATE=sqlite:PATH                               a SQLite file (Node ≥ 22.13)
//   RTC_TOKEN_STATE=sqlite                                    the default SQLite file
//   RTC_TOKEN_STATE=memory                                    this process only
//
// RTC_TOKEN_STATE wins over REDIS_URL (which a platform may set for other uses). Unset, a server
// with configured keys keeps its state in the default SQLite file where this Node has
// node:sqlite, so a restart loses no meeting; in development mode (generated keys) it stays in
// memory, since the keys, and so every token and meeting, die with the process anyway.
//
// The default file follows the XDG base directories: $XDG_STATE_HOME/rtc-token/, else
// ~/.local/state/rtc-token/, one file per API key (defaultSqlitePath). That is where state "that
// should persist between restarts" belongs; the working directory would scatter a database (and its -wal, -shm files)
// into whatever project `serve` was started in, where it could be committed by mistake.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { MemoryState } from './memory.mjs';
import { describeRedisUrl, RedisState } from './redis.mjs';
import { nodeSqlite, SqliteState } from './sqlite.mjs';

const FORMS = 'RTC_TOKEN_STATE must be "memory", "sqlite", "sqlite:PATH" or a redis:// (rediss://) URL';

/**
 * The state `env` asks for, opened (a Redis connected, a SQLite file created), and one line
 * saying what it is, for the startup announcement (never a password).
 *
 * @example
 * const { state, description } = await stateFromEnv(process.env, { development: false });
 *
 * @param {Record<string, string|undefined>} env
 * @param {{ development: boolean, log?: (line: string) => void }} mode `log`: where a Redis
 *   outage and its end are reported (default console.error)
 * @returns {Promise<{ state: import('./contract.mjs').State, description: string }>}
 */
export async function stateFromEnv(env, { development, log }) {
  const from = env.RTC_TOKEN_STATE ? 'RTC_TOKEN_STATE' : env.REDIS_URL ? 'REDIS_URL' : '';
  const choice = from ? env[from] : '';
  if (from === 'REDIS_URL' || /^rediss?:/i.test(choice)) {
    let where;
    try {
      where = describeRedisUrl(choice);
    } catch (error) {
      throw new Error(`${from}: ${error.message}`);
    }
    const prefix = env.RTC_TOKEN_REDIS_PREFIX || undefined;
    const state = await RedisState.connect(choice, { prefix, ...(log ? { log } : {}) });
    return { state, description: `Redis at ${where} (keys under "${prefix ?? 'rtc-token:'}"), shared by every server using it` };
  }
  if (choice === 'memory') return { state: new MemoryState(), description: memoryDescription(development) };
  if (choice === 'sqlite' || choice.startsWith('sqlite:')) {
    const path = choice.slice('sqlite:'.length) || defaultSqlitePath(env);
    return sqlite(path, choice === 'sqlite' || choice === 'sqlite:');
  }
  if (choice) throw new Error(`${FORMS}, not "${choice.replace(/\/\/[^@/]*@/, '//***@').slice(0, 80)}"`);
  if (development) return { state: new MemoryState(), description: memoryDescription(true) };
  if (nodeSqlite()) return sqlite(defaultSqlitePath(env), true);
  return {
    state: new MemoryState(),
    description:
      `in memory: a restart forgets every meeting (Node ${process.versions.node} has no node:sqlite); ` +
      'for state that survives a restart run on Node 22.13 or later (a SQLite file), or set REDIS_URL',
  };
}

/**
 * The default SQLite file: $XDG_STATE_HOME/rtc-token/state-<app>.sqlite, else under
 * ~/.local/state. `<app>` is the first 16 hex digits of the API key's SHA-256: two apps served
 * on one machine never share a registry (a meeting of one is no meeting of the other), and the
 * key itself is not written into a file name.
 */
export function defaultSqlitePath(env) {
  // Where the user's state goes is the machine's, not the server's configuration: the process's
  // own XDG_STATE_HOME counts when `env` (serveFromEnv's configuration) does not name one.
  const xdg = env.XDG_STATE_HOME || process.env.XDG_STATE_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(env.HOME || homedir(), '.local', 'state');
  const app = createHash('sha256').update(env.VIDEOSDK_API_KEY ?? '').digest('hex').slice(0, 16);
  return join(base, 'rtc-token', `state-${app}.sqlite`);
}

function sqlite(path, isDefault) {
  const file = resolve(path);
  let state;
  try {
    // The default file's directory is made (private to the user); a path given must be ready.
    if (isDefault && nodeSqlite()) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    state = new SqliteState(file);
  } catch (error) {
    // A default file that cannot be opened: say how to choose another (a Node without node:sqlite
    // is SqliteState's own, clear error).
    if (!isDefault || !nodeSqlite()) throw error;
    throw new Error(`${error.message}; choose another with RTC_TOKEN_STATE=sqlite:PATH, or RTC_TOKEN_STATE=memory`, { cause: error });
  }
  return { state, description: `SQLite file ${file}: meetings and rate limits survive a restart` };
}

function memoryDescription(development) {
  return development
    ? 'in memory (development mode: the generated keys, and so the meetings, die with the process)'
    : 'in memory: a restart forgets every meeting (RTC_TOKEN_STATE=memory)';
}
