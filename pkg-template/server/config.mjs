// The token server's configuration from environment variables (process.env in Node, the `env`
// binding in a Worker). Only shapes are checked here; the token rules live in the Rust core and
// the grants in ./policy.mjs.
import { uuid4 } from 'rtc-token';
import { DEFAULT_RATES, parseRate } from './limits.mjs';
import { LOOPBACK_HOSTS } from './origins.mjs';
import { parseCallerKeys } from './policy.mjs';

/**
 * Reads `VIDEOSDK_API_KEY`, `VIDEOSDK_SECRET_KEY`, `VIDEOSDK_API_ENDPOINT`,
 * `RTC_TOKEN_CALLER_KEYS`, `RTC_TOKEN_OPEN` (`participant` or `none`), `RTC_TOKEN_MAX_TTL`,
 * `CORS_ORIGINS` (comma-separated), `ALLOWED_HOSTS` (comma-separated), the rate limits
 * `RTC_TOKEN_RATE_TOKEN`, `_CREATE`, `_VALIDATE`, `_OTHER` ("60/min", or "off"; `RTC_TOKEN_RATE=off`
 * for none), `RTC_TOKEN_CLIENT_IP_HEADER` (a trusted proxy's header), and the registry's
 * `RTC_TOKEN_MAX_MEETINGS` and `RTC_TOKEN_MEETING_IDLE` (a time span). Where the state lives is
 * the runtime's choice (Node: serveFromEnv reads REDIS_URL; Workers: a Durable Object binding).
 *
 * Fails closed: with keys configured, anonymous callers get nothing unless `RTC_TOKEN_OPEN` is
 * `participant` (the Node server opens itself on loopback only, see node-http.mjs). With neither
 * key set it returns a development configuration (`development: true`) with a key pair
 * generated now, served under loopback host names only, to pages on http://localhost:* too.
 * Call it inside a request in a Worker (workerd refuses random values at global scope).
 *
 * @example
 * import { configFromEnv, createHandler } from 'rtc-token/server';
 * let handler;
 * export default { fetch: (request, env) => (handler ??= createHandler(configFromEnv(env)))(request) };
 *
 * @param {Record<string, string|undefined>} env
 */
export function configFromEnv(env = {}) {
  const apiKey = env.VIDEOSDK_API_KEY || '';
  const secret = env.VIDEOSDK_SECRET_KEY || '';
  if (Boolean(apiKey) !== Boolean(secret)) {
    throw new Error('set both VIDEOSDK_API_KEY and VIDEOSDK_SECRET_KEY, or neither (development mode)');
  }
  const endpoint = env.VIDEOSDK_API_ENDPOINT || undefined;
  if (endpoint !== undefined) {
    let url;
    try {
      url = new URL(endpoint);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new Error('VIDEOSDK_API_ENDPOINT must be an http(s) URL, such as https://api.videosdk.live');
    }
  }
  const open = env.RTC_TOKEN_OPEN || undefined;
  if (open !== undefined && open !== 'participant' && open !== 'none') {
    throw new Error('RTC_TOKEN_OPEN must be "participant" (anyone may get a participant token) or "none"');
  }
  if (env.CORS_ORIGIN === '*' || list(env.CORS_ORIGINS).includes('*')) {
    throw new Error('CORS origin "*" would let any web page take tokens: list your app\'s origins in CORS_ORIGINS');
  }
  const development = !apiKey;
  const allowedHosts = list(env.ALLOWED_HOSTS);
  const maxMeetings = env.RTC_TOKEN_MAX_MEETINGS ? Number(env.RTC_TOKEN_MAX_MEETINGS) : undefined;
  if (maxMeetings !== undefined && !(Number.isSafeInteger(maxMeetings) && maxMeetings > 0)) {
    throw new Error('RTC_TOKEN_MAX_MEETINGS must be a positive whole number');
  }
  return {
    apiKey: apiKey || `dev-${uuid4()}`,
    secret: secret || randomHex(32),
    endpoint,
    callerKeys: parseCallerKeys(env.RTC_TOKEN_CALLER_KEYS),
    open: open === undefined ? development : open === 'participant',
    maxTtl: env.RTC_TOKEN_MAX_TTL || undefined,
    corsOrigins: list(env.CORS_ORIGINS ?? env.CORS_ORIGIN),
    loopbackDev: development,
    allowedHosts: allowedHosts.length ? allowedHosts : development ? [...LOOPBACK_HOSTS] : undefined,
    limits: limitsFromEnv(env),
    clientAddressHeader: env.RTC_TOKEN_CLIENT_IP_HEADER || undefined,
    retention: { maxMeetings, idleSeconds: env.RTC_TOKEN_MEETING_IDLE || undefined },
    development,
  };
}

/** `RTC_TOKEN_RATE=off`, or each group's `RTC_TOKEN_RATE_<GROUP>` ("60/min" or "off"). */
function limitsFromEnv(env) {
  if (env.RTC_TOKEN_RATE === 'off') return false;
  if (env.RTC_TOKEN_RATE) throw new Error('RTC_TOKEN_RATE may only be "off"; set each route\'s rate with RTC_TOKEN_RATE_TOKEN, _CREATE, _VALIDATE, _OTHER');
  const limits = {};
  for (const group of Object.keys(DEFAULT_RATES)) {
    const name = `RTC_TOKEN_RATE_${group.toUpperCase()}`;
    const value = env[name];
    if (value) limits[group] = value === 'off' ? false : parseRate(value, name);
  }
  return limits;
}

/** A comma-separated list, without blanks. */
function list(text) {
  return String(text ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}
