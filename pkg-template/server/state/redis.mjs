// The token server's state in Redis, shared by a fleet of Node servers: every instance sees the
// same meetings and takes from the same rate-limit buckets. Through the official client,
// node-redis (`npm install redis`): an optional peer dependency, imported only when a RedisState
// is made, so a server that never uses Redis never loads it.
//
// Atomic where the contract needs it: a take and a create are each one Lua script, which Redis
// runs alone (no other command interleaves). Every key is under one prefix (default
// "rtc-token:"); buckets expire by themselves once full again, and the registry (a sorted set of
// expiry times beside a hash of meetings) holds at most `maxMeetings` live meetings.
//
// Never hangs, never crashes the server: commands are refused at once while the connection is
// down (no offline queue) and time out after `commandTimeout` on a stalled one; either way the
// caller gets StateUnavailable (a 503). The client reconnects by itself, about a second apart,
// and the service resumes. Times are the caller's `now`, never Redis's clock, as in every backend.
import { createHash } from 'node:crypto';
import { StateUnavailable } from './contract.mjs';

// contract.mjs takeToken, step for step: KEYS[1] the bucket; ARGV limit, seconds, now.
// Tokens are stored with 17 significant digits, so that a bucket reads back the double it was.
const TAKE = `
local limit, seconds, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local per_ms = limit / (seconds * 1000)
local kept = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = limit
if kept[1] then
  tokens = math.min(limit, tonumber(kept[1]) + math.max(0, now - tonumber(kept[2])) * per_ms)
end
local allowed = tokens >= 1
local left = tokens
local retry_after = 0
if allowed then left = tokens - 1 else retry_after = math.max(1, math.ceil((1 - tokens) / per_ms / 1000)) end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', left), 'at', ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((limit - left) / per_ms)))
return { allowed and 1 or 0, retry_after }`;

// KEYS[1] the expiry index (sorted set: id → expiresAt), KEYS[2] the meetings (hash: id → JSON);
// ARGV id, meeting JSON, now, expiresAt, maxMeetings. Expired means expiresAt <= now.
const CREATE = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[3], 'LIMIT', 0, 1000)
if #expired > 0 then
  redis.call('ZREM', KEYS[1], unpack(expired))
  redis.call('HDEL', KEYS[2], unpack(expired))
end
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) > tonumber(ARGV[3]) then return 'taken' end
if redis.call('ZCOUNT', KEYS[1], '(' .. ARGV[3], '+inf') >= tonumber(ARGV[5]) then return 'full' end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 'created'`;

// The same keys; ARGV id, now, expiresAt. The meeting's JSON, its expiry moved; nil for none.
const TOUCH = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return false end
local meeting = redis.call('HGET', KEYS[2], ARGV[1])
if tonumber(score) <= tonumber(ARGV[2]) or not meeting then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  return false
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return meeting`;

const SCRIPTS = Object.fromEntries(
  Object.entries({ TAKE, CREATE, TOUCH }).map(([name, source]) => [name, { source, sha: createHash('sha1').update(source).digest('hex') }]),
);

/** @implements {import('./contract.mjs').State} */
export class RedisState {
  #client;
  #prefix;
  #timeout;
  #where;

  /**
   * Connects to the Redis at `url` (`redis://[[user]:password@]host[:port][/db]`, or `rediss://`
   * for TLS) and waits for it, at most `connectTimeout`: a server given a wrong URL fails at
   * startup. Later outages answer 503 until Redis returns.
   *
   * @example
   * import { createHandler, RedisState } from 'rtc-token/server/node';
   * const state = await RedisState.connect(process.env.REDIS_URL);
   * const handler = createHandler({ apiKey, secret, state });
   *
   * @param {string} url
   * @param {{ prefix?: string, connectTimeout?: number, commandTimeout?: number,
   *   log?: (line: string) => void }} [options] the key prefix (default "rtc-token:"); the
   *   milliseconds a connection attempt (default 2000) and a command (default 1000) may take;
   *   where outages and recoveries are reported (default console.error; never the password)
   * @returns {Promise<RedisState>}
   */
  static async connect(url, { prefix, connectTimeout = 2000, commandTimeout = 1000, log = console.error } = {}) {
    const where = describeRedisUrl(url);
    let redis;
    try {
      redis = await import('redis');
    } catch (error) {
      throw new Error('RedisState needs the Redis client for Node, an optional peer dependency of rtc-token: npm install redis', { cause: error });
    }
    const createClient = redis.createClient ?? redis.default?.createClient;
    const secrets = secretsOf(url);
    const scrub = (text) => secrets.reduce((said, secret) => said.replaceAll(secret, '***'), String(text));
    const client = createClient({
      url,
      socket: {
        connectTimeout,
        // About a second at most between attempts (spread a little, so a fleet does not knock at once).
        reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) + Math.floor(Math.random() * 100),
      },
      // While disconnected, refuse commands at once instead of queueing them until Redis returns.
      disableOfflineQueue: true,
      // A stalled Redis holds no more than this many commands: past it, commands fail at once.
      commandsQueueMaxLength: 10_000,
      // A command not answered in time is dropped by the client too (its late reply discarded).
      commandOptions: { timeout: commandTimeout, rejectInFlight: true },
    });
    // Unhandled, the client's 'error' event would end the process; it is reported once per outage
    // (not while connecting: a failed first connection is the error `connect` throws).
    let health = 'starting';
    let firstFailure;
    client.on('error', (error) => {
      if (health === 'starting') firstFailure ??= error;
      if (health !== 'up') return;
      health = 'down';
      log(`rtc-token: Redis at ${where} is unavailable (${scrub(error?.code ?? error?.message ?? error)}); requests answer 503 until it returns`);
    });
    client.on('ready', () => {
      if (health === 'down') log(`rtc-token: Redis at ${where} is available again`);
      health = 'up';
    });
    let timer;
    const gaveUp = new Promise((resolve) => {
      timer = setTimeout(resolve, connectTimeout + 100);
    });
    try {
      const connecting = client.connect().then(() => true);
      connecting.catch(() => {}); // a rejection after the time is up: the client is destroyed already
      const connected = await Promise.race([connecting, gaveUp.then(() => false)]);
      if (!connected) throw firstFailure ?? new Error(`no answer in ${connectTimeout} ms`);
    } catch (error) {
      client.destroy();
      throw new StateUnavailable(`Redis at ${where} cannot be reached: ${scrub(error?.code ?? error?.message ?? error)}`);
    } finally {
      clearTimeout(timer);
    }
    return new RedisState(client, { prefix, commandTimeout, where: `Redis at ${where}` });
  }

  /**
   * A RedisState on a node-redis client you made and connected (for options `connect` does not
   * take). Give it `disableOfflineQueue: true` and an 'error' listener, as `connect` does.
   * `close()` closes the client.
   * @param {import('redis').RedisClientType} client
   * @param {{ prefix?: string, commandTimeout?: number, where?: string }} [options] `where`: how
   *   errors name the server (never with its password)
   */
  constructor(client, { prefix = 'rtc-token:', commandTimeout = 1000, where = 'Redis' } = {}) {
    if (typeof client?.sendCommand !== 'function') throw new TypeError('RedisState needs a node-redis client (or use RedisState.connect(url))');
    if (typeof prefix !== 'string') throw new TypeError('"prefix" must be a string');
    this.#client = client;
    this.#prefix = prefix;
    this.#timeout = commandTimeout;
    this.#where = where;
  }

  async take(key, { limit, seconds }, now) {
    const [allowed, retryAfter] = await this.#run('TAKE', [`${this.#prefix}rate:${key}`], [limit, seconds, now]);
    return { allowed: allowed === 1, retryAfter };
  }

  async createMeeting(meeting, { maxMeetings, idleSeconds }, now) {
    const args = [meeting.meetingId, JSON.stringify(meeting), now, now + idleSeconds * 1000, maxMeetings];
    return this.#run('CREATE', this.#registry(), args);
  }

  async touchMeeting(meetingId, { idleSeconds }, now) {
    const kept = await this.#run('TOUCH', this.#registry(), [meetingId, now, now + idleSeconds * 1000]);
    return kept === null ? null : JSON.parse(kept);
  }

  async close() {
    if (!this.#client.isOpen) return;
    // Waits for the replies still due, at most a command timeout; then lets go.
    const timer = setTimeout(() => this.#client.destroy(), this.#timeout);
    try {
      await this.#client.close();
    } catch {
      this.#client.destroy();
    } finally {
      clearTimeout(timer);
    }
  }

  /** The registry's two keys, under one hash tag (so that a Redis Cluster keeps them in one slot). */
  #registry() {
    return [`${this.#prefix}{meetings}:expiry`, `${this.#prefix}{meetings}:data`];
  }

  /** Runs a script by its digest (loading it on NOSCRIPT); any failure or delay: StateUnavailable. */
  async #run(name, keys, args) {
    const { sha, source } = SCRIPTS[name];
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    let timer;
    const late = new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${this.#timeout} ms`)), this.#timeout);
    });
    const send = async () => {
      try {
        return await this.#client.sendCommand(['EVALSHA', sha, ...tail]);
      } catch (error) {
        if (!String(error?.message).startsWith('NOSCRIPT')) throw error;
        return this.#client.sendCommand(['EVAL', source, ...tail]);
      }
    };
    const reply = send();
    reply.catch(() => {}); // answered after the timeout: nobody waits for it any more
    try {
      return await Promise.race([reply, late]);
    } catch (error) {
      throw new StateUnavailable(`${this.#where} failed: ${error?.message ?? error}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}

/** `url` without its credentials ("redis://host:6379/0"), or a clear error that does not echo it. */
export function describeRedisUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || !parsed.hostname) {
    throw new TypeError('the Redis URL must look like redis://[:password@]host[:port][/db] (or rediss:// for TLS)');
  }
  return `${parsed.protocol}//${parsed.host}${parsed.port ? '' : ':6379'}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/** The URL's password as written and decoded: the strings a message must never carry. */
function secretsOf(url) {
  const { password } = new URL(url);
  if (!password) return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {}
  return [...new Set([password, decoded])];
}
