// Connection hygiene for the Node server (./node-http.mjs): how many connections it holds in all
// and per client address, and how long a connection may take to send its request, sit idle or
// stay open. The fetch handler never sees a connection; this is the one place that does.
//
// Node's http server already has the timeouts, but checks `headersTimeout` and `requestTimeout`
// only once every `connectionsCheckingInterval`, 30 s by default: a client sending one header
// line every 2 s was held 30–39 s under a 10 s header timeout (issue 20). Checked every second, a
// slow client is cut within timeout + 1 s (measured on Node 20, 22 and 24: 2 s timeout, cut at
// 3.0 s). A connection that opens and never sends a byte is on the same clock (Node starts it at
// accept), so half-open connections are cut by `headersTimeout` too. Node has no per-address
// cap; without one, one client could take every connection `maxConnections` allows.
import { addressKey } from './limits.mjs';
import { spanSeconds } from './policy.mjs';

/**
 * The Node server's connection limits, by default. Times in milliseconds.
 *
 * - `maxConnections` 10,000: open connections in all (Node's `server.maxConnections`); past it
 *   Node closes new ones at once. An idle connection costs the server ~6–13 KB, so the cap holds
 *   connections to ~130 MB at most; far above what one token server serves.
 * - `maxConnectionsPerAddress` 64: open connections from one client address (IPv6: one /64, what
 *   one host is given); past it new ones from that address are closed at once. Browsers open 6
 *   per host, a NAT of a few dozen users some tens. Behind a reverse proxy every connection comes
 *   from the proxy: turn it off (`false`), as `rtc-token serve` does when
 *   `RTC_TOKEN_CLIENT_IP_HEADER` is set.
 * - `headersTimeout` 10 s: from accept (or the end of the previous request) to the last header.
 * - `requestTimeout` 30 s: from the same start to the end of the body (16 KB at most).
 * - `connectionsCheckingInterval` 1 s: how often those two are checked (Node's default: 30 s).
 * - `keepAliveTimeout` 5 s (Node's): an idle kept-alive connection is closed after it. Behind a
 *   load balancer that reuses connections, set it above the balancer's idle timeout.
 * - `maxRequestsPerSocket` false (none, Node's default): Node marks the last allowed answer
 *   `Connection: close` but keeps the connection open, and answers every later request on it with
 *   an empty 503; a client that ignores the header (autocannon does) would get nothing but 503s.
 *   A number suits a fleet behind a balancer that honours the header (connections then move).
 * - `socketTimeout` 60 s: a connection with no traffic either way for this long is closed (Node's
 *   `server.timeout`, 0 by default), e.g. a client that stops reading its answers.
 */
export const DEFAULT_CONNECTION_LIMITS = Object.freeze({
  maxConnections: 10_000,
  maxConnectionsPerAddress: 64,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  connectionsCheckingInterval: 1_000,
  keepAliveTimeout: 5_000,
  maxRequestsPerSocket: false,
  socketTimeout: 60_000,
});

// A refused connection is logged at most once a minute (a flood must not flood the log too).
const REPORT_EVERY_MS = 60_000;
// How long close() lets requests in flight finish before it cuts their connections.
const CLOSE_GRACE_MS = 10_000;

/**
 * `options` with the defaults, checked: counts are positive integers (`maxConnections` may be
 * Infinity, `maxConnectionsPerAddress` and `maxRequestsPerSocket` false for none), times positive
 * milliseconds, and `headersTimeout` ≤ `requestTimeout` (Node refuses the reverse). The checking
 * interval defaults to the smaller of 1 s and `headersTimeout`, so a slow client is cut within 2×
 * its timeout. Unknown names are refused: a misspelt limit must not leave the default in force.
 * @returns {Required<import('./node-http.d.ts').ConnectionLimits>}
 */
export function connectionLimits(options = {}) {
  const unknown = Object.keys(options).filter((name) => !Object.hasOwn(DEFAULT_CONNECTION_LIMITS, name));
  if (unknown.length) throw new TypeError(`no connection limit ${unknown.join(', ')}; the limits are ${Object.keys(DEFAULT_CONNECTION_LIMITS).join(', ')}`);
  const limits = { ...DEFAULT_CONNECTION_LIMITS };
  for (const name of Object.keys(DEFAULT_CONNECTION_LIMITS)) if (options[name] !== undefined) limits[name] = options[name];
  if (options.connectionsCheckingInterval === undefined) {
    limits.connectionsCheckingInterval = Math.min(DEFAULT_CONNECTION_LIMITS.connectionsCheckingInterval, limits.headersTimeout);
  }
  const positive = (name, value, extra = '') => {
    if (!(Number.isSafeInteger(value) && value > 0) && !(extra && value === Infinity)) {
      throw new TypeError(`"${name}" must be a positive whole number${extra}, not ${JSON.stringify(value)}`);
    }
  };
  positive('maxConnections', limits.maxConnections, ' (or Infinity)');
  for (const name of ['maxConnectionsPerAddress', 'maxRequestsPerSocket']) {
    if (limits[name] !== false) positive(name, limits[name], ' (or false: no cap)');
  }
  for (const name of ['headersTimeout', 'requestTimeout', 'connectionsCheckingInterval', 'keepAliveTimeout', 'socketTimeout']) {
    positive(name, limits[name]);
  }
  if (limits.headersTimeout > limits.requestTimeout) {
    throw new RangeError(`"headersTimeout" (${limits.headersTimeout} ms) must not exceed "requestTimeout" (${limits.requestTimeout} ms)`);
  }
  return limits;
}

/** The options node:http's createServer takes of these (the rest are set by guard()). */
export function serverOptions(limits) {
  const { headersTimeout, requestTimeout, connectionsCheckingInterval, keepAliveTimeout } = limits;
  return { headersTimeout, requestTimeout, connectionsCheckingInterval, keepAliveTimeout };
}

/**
 * Holds `server` to `limits` (from {@link connectionLimits}): the caps, the per-connection limits,
 * and a close that does not wait for idle or half-open connections. Logs refused connections
 * through `log`, at most one line a minute.
 * @param {import('node:http').Server} server
 * @returns {{ close: () => Promise<void> }}
 */
export function guard(server, limits, log = () => {}) {
  server.maxConnections = limits.maxConnections;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket || 0; // Node's 0: no limit
  server.keepAliveTimeout = limits.keepAliveTimeout;
  server.timeout = limits.socketTimeout;
  const perAddress = new Map(); // address key → open connections
  const busy = new Map(); // every open socket → its requests in flight
  let closing = false;
  const refused = { perAddress: 0, total: 0, last: '' };
  let reportedAt = -Infinity;

  function report(kind, address) {
    refused[kind]++;
    refused.last = address ?? 'unknown';
    const now = performance.now();
    if (now - reportedAt < REPORT_EVERY_MS) return;
    reportedAt = now;
    const perAddressCap = limits.maxConnectionsPerAddress === false ? '' : `${refused.perAddress} over ${limits.maxConnectionsPerAddress} per address, `;
    log(`connections refused since the last report: ${perAddressCap}${refused.total} over ${limits.maxConnections} in all (last from ${refused.last})`);
    refused.perAddress = refused.total = 0;
  }

  // Node closes connections past maxConnections itself, before 'connection', and says so here.
  server.on('drop', (data) => report('total', data?.remoteAddress));
  server.on('connection', (socket) => {
    if (closing) return socket.destroy();
    const key = addressKey(socket.remoteAddress);
    if (key === undefined) return socket.destroy(); // already gone
    const open = (perAddress.get(key) ?? 0) + 1;
    if (limits.maxConnectionsPerAddress !== false && open > limits.maxConnectionsPerAddress) {
      report('perAddress', socket.remoteAddress);
      return socket.destroy();
    }
    perAddress.set(key, open);
    busy.set(socket, 0);
    socket.once('close', () => {
      busy.delete(socket);
      const left = perAddress.get(key) - 1;
      if (left > 0) perAddress.set(key, left);
      else perAddress.delete(key);
    });
  });
  server.on('request', (req, res) => {
    const { socket } = req;
    if (!busy.has(socket)) return;
    busy.set(socket, busy.get(socket) + 1);
    res.once('close', () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (busy.has(socket)) busy.set(socket, left);
      if (closing && left === 0) socket.end();
    });
  });

  /**
   * Stops accepting; closes at once every connection without a request in flight (idle, half-open,
   * still sending headers), the others once their answer is sent (at most CLOSE_GRACE_MS).
   */
  function close() {
    return new Promise((done) => {
      closing = true;
      const grace = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      grace.unref();
      server.close(() => {
        clearTimeout(grace);
        done();
      });
      for (const [socket, requests] of busy) if (requests === 0) socket.destroy();
    });
  }

  return { close };
}

/**
 * The limits `rtc-token serve` takes from the environment: `RTC_TOKEN_MAX_CONNECTIONS`,
 * `RTC_TOKEN_MAX_CONNECTIONS_PER_ADDRESS` (a number, or "off"; off by default behind a proxy, i.e.
 * with `behindProxy`), and `RTC_TOKEN_HEADERS_TIMEOUT`, `RTC_TOKEN_REQUEST_TIMEOUT`,
 * `RTC_TOKEN_KEEP_ALIVE_TIMEOUT` (time spans: "10s", or seconds). Unset ones keep their defaults.
 * @param {Record<string, string|undefined>} env
 * @param {{ behindProxy?: boolean }} [options]
 */
export function connectionLimitsFromEnv(env, { behindProxy = false } = {}) {
  const limits = {};
  const count = (name) => {
    const value = Number(env[name]);
    if (!(Number.isSafeInteger(value) && value > 0)) throw new Error(`${name} must be a positive whole number, not "${env[name]}"`);
    return value;
  };
  if (env.RTC_TOKEN_MAX_CONNECTIONS) limits.maxConnections = count('RTC_TOKEN_MAX_CONNECTIONS');
  const perAddress = env.RTC_TOKEN_MAX_CONNECTIONS_PER_ADDRESS;
  if (perAddress === 'off') limits.maxConnectionsPerAddress = false;
  else if (perAddress) limits.maxConnectionsPerAddress = count('RTC_TOKEN_MAX_CONNECTIONS_PER_ADDRESS');
  else if (behindProxy) limits.maxConnectionsPerAddress = false;
  for (const [name, option] of [['RTC_TOKEN_HEADERS_TIMEOUT', 'headersTimeout'], ['RTC_TOKEN_REQUEST_TIMEOUT', 'requestTimeout'], ['RTC_TOKEN_KEEP_ALIVE_TIMEOUT', 'keepAliveTimeout']]) {
    if (env[name]) limits[option] = spanSeconds(env[name], name) * 1000;
  }
  try {
    return connectionLimits(limits);
  } catch (error) {
    // The option names, told as the variables that set them.
    throw new Error(`${error.message.replace('"headersTimeout"', 'RTC_TOKEN_HEADERS_TIMEOUT').replace('"requestTimeout"', 'RTC_TOKEN_REQUEST_TIMEOUT')}`);
  }
}
