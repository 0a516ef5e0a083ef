// The token server in Node: a node:http adapter around the fetch handler (no web framework).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { connectionLimits, connectionLimitsFromEnv, guard, serverOptions } from './connections.mjs';
import { configFromEnv, createHandler, MAX_BODY_BYTES } from './handler.mjs';
import { isLoopback, LOOPBACK_HOSTS } from './origins.mjs';
import { stateFromEnv } from './state/from-env.mjs';

export { configFromEnv, createHandler, DEFAULT_RATES, DEFAULT_RETENTION, MemoryState, MAX_BODY_BYTES, PARTICIPANT_GRANT, SERVER_GRANT, StateUnavailable } from './handler.mjs';
export { DEFAULT_CONNECTION_LIMITS } from './connections.mjs';
// Node-only backends of the server's state (the Durable Object one is in rtc-token/server).
export { RedisState } from './state/redis.mjs';
export { SqliteState } from './state/sqlite.mjs';

// A Host header: a name or address and an optional port, nothing that would change the URL.
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/i;

// After an oversized body has been refused, this much more is read and dropped (so the client
// can read the 413) before the connection is cut.
const DRAIN_LIMIT = 1024 * 1024;

/**
 * A `node:http` request listener that runs `handler` (Request → Response). It passes on at most
 * `maxBodyBytes + 1` bytes of a request body, which is enough for the handler to refuse an
 * oversized one, and logs one line per request (method, path, status, time) through `log`:
 * never a query string, a header, a body or the secret.
 *
 * @example
 * import http from 'node:http';
 * import { createHandler, toNodeListener } from 'rtc-token/server/node';
 * http.createServer(toNodeListener(createHandler({ apiKey, secret }))).listen(9000);
 *
 * @param {(request: Request) => Promise<Response>} handler
 * @param {{ log?: (line: string) => void, maxBodyBytes?: number }} [options]
 */
export function toNodeListener(handler, { log = () => {}, maxBodyBytes = MAX_BODY_BYTES } = {}) {
  return async (req, res) => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    let response;
    try {
      // The URL under the Host the client named, which the handler's host allow-list checks.
      const host = HOST.test(req.headers.host ?? '') ? req.headers.host : 'invalid-host';
      const url = new URL(`http://${host}${req.url?.startsWith('/') ? req.url : '/'}`);
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await collect(req, maxBodyBytes);
      const request = new Request(url, { method: req.method, headers: headersOf(req), body });
      response = await handler(request, { clientAddress: req.socket.remoteAddress });
    } catch {
      response = new Response(JSON.stringify({ error: 'bad request' }), {
        status: 400,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      });
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (!req.complete) res.setHeader('Connection', 'close');
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(req.method === 'HEAD' ? undefined : bytes);
    log(`${req.method} ${path} ${response.status} ${(performance.now() - started).toFixed(1)}ms`);
  };
}

/**
 * Starts the token server on `host:port` and resolves once it listens, with connection limits
 * that hold against slow and flooding clients ({@link DEFAULT_CONNECTION_LIMITS}; times in ms):
 * at most `maxConnections` open connections (10,000) and `maxConnectionsPerAddress` from one
 * client address (64; past either, new connections are closed at once), headers within
 * `headersTimeout` (10 s) and the whole request within `requestTimeout` (30 s), checked every
 * `connectionsCheckingInterval` (1 s, so a slow or silent client is cut within 2× its timeout),
 * idle kept-alive connections closed after `keepAliveTimeout` (5 s), `socketTimeout` (60 s)
 * without traffic, and optionally at most `maxRequestsPerSocket` requests a connection (none by
 * default: see {@link DEFAULT_CONNECTION_LIMITS}). Behind a reverse proxy every connection comes from the proxy: pass
 * `maxConnectionsPerAddress: false` and let the proxy cap its clients.
 *
 * `close()` stops listening, closes idle and half-open connections at once, and lets requests in
 * flight finish (for at most 10 s).
 *
 * @example
 * import { configFromEnv, createHandler, listen } from 'rtc-token/server/node';
 * const { url, close } = await listen(createHandler(configFromEnv(process.env)), { port: 9000, headersTimeout: 5000 });
 *
 * @param {(request: Request) => Promise<Response>} handler
 * @param {{ port?: number, host?: string, log?: (line: string) => void } & Partial<typeof DEFAULT_CONNECTION_LIMITS>} [options]
 *   port 0 picks a free one; `log` gets a line per request and, at most once a minute, one about
 *   refused connections
 * @returns {Promise<{ server: http.Server, url: string, port: number, connectionLimits: typeof DEFAULT_CONNECTION_LIMITS, close: () => Promise<void> }>}
 */
export async function listen(handler, { port = 9000, host = '127.0.0.1', log, ...options } = {}) {
  const limits = connectionLimits(options);
  const server = http.createServer(serverOptions(limits), toNodeListener(handler, { log }));
  const guarded = guard(server, limits, log);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const shown = address.address === '127.0.0.1' || address.address === '::1' ? 'localhost' : address.address;
      resolve({ server, url: `http://${shown}:${address.port}`, port: address.port, connectionLimits: limits, close: guarded.close });
    });
  });
}

function headersOf(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** The first `limit + 1` bytes of the body; the rest is drained (up to DRAIN_LIMIT) or cut. */
function collect(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    };
    req.on('data', (chunk) => {
      size += chunk.length;
      if (done) {
        if (size > limit + DRAIN_LIMIT) req.destroy();
        return;
      }
      chunks.push(chunk);
      if (size > limit) finish();
    });
    req.on('end', finish);
    req.on('error', (error) => (done ? undefined : reject(error)));
  });
}

/**
 * What `rtc-token serve` and `make start` run: the configuration from `env`
 * ({@link configFromEnv}, plus `RTC_TOKEN_CALLER_KEYS_FILE`), the state from `env` (rate limits
 * and meetings: `REDIS_URL`, else where ./state/from-env.mjs says), the server on `host:port`
 * (`PORT`, default 9000; `HOST`, default 127.0.0.1) with its connection limits
 * (`RTC_TOKEN_MAX_CONNECTIONS`, `RTC_TOKEN_MAX_CONNECTIONS_PER_ADDRESS` (or "off"; off by default
 * when `RTC_TOKEN_CLIENT_IP_HEADER` says a proxy is in front), `RTC_TOKEN_HEADERS_TIMEOUT`,
 * `RTC_TOKEN_REQUEST_TIMEOUT`, `RTC_TOKEN_KEEP_ALIVE_TIMEOUT`: time spans such as "10s"; see
 * {@link listen}), and one announcement. `close()` closes the server, then the state.
 *
 * Fails closed: off loopback it refuses to start without keys, or without any authorization
 * (caller keys, or the explicit `RTC_TOKEN_OPEN=participant`). On loopback anonymous callers get
 * the participant grant (unless `RTC_TOKEN_OPEN=none`), under loopback host names only. In
 * development mode (no keys) the generated key pair is printed here, once; a configured secret
 * is never printed, and one shorter than 32 bytes draws a warning.
 *
 * @example
 * import { serveFromEnv } from 'rtc-token/server/node';
 * const { url, close } = await serveFromEnv({ env: process.env });
 *
 * @param {{ env?: Record<string, string|undefined>, port?: number, host?: string, log?: (line: string) => void }} [options]
 */
export async function serveFromEnv({ env = process.env, port, host, log = console.log } = {}) {
  const file = env.RTC_TOKEN_CALLER_KEYS_FILE;
  if (file && env.RTC_TOKEN_CALLER_KEYS) throw new Error('set RTC_TOKEN_CALLER_KEYS or RTC_TOKEN_CALLER_KEYS_FILE, not both');
  const config = configFromEnv(file ? { ...env, RTC_TOKEN_CALLER_KEYS: readKeysFile(file) } : env);
  const bind = host ?? (env.HOST || '127.0.0.1');
  const loopback = isLoopback(bind);
  if (!loopback && config.development) {
    throw new Error(`refusing to serve on ${bind} in development mode: set VIDEOSDK_API_KEY and VIDEOSDK_SECRET_KEY (or bind HOST=127.0.0.1)`);
  }
  if (loopback && !env.RTC_TOKEN_OPEN) config.open = true;
  if (!loopback && !config.open && config.callerKeys.length === 0) {
    throw new Error(
      `refusing to serve on ${bind} without authorization: set RTC_TOKEN_CALLER_KEYS (keys of the servers that may ask for tokens), ` +
        'or RTC_TOKEN_OPEN=participant to let anyone get a participant token; for your own sign-in, use createHandler({ authorize }) from rtc-token/server',
    );
  }
  config.allowedHosts ??= loopback ? [...LOOPBACK_HOSTS] : undefined;
  const limits = connectionLimitsFromEnv(env, { behindProxy: Boolean(config.clientAddressHeader) });
  const listenPort = port ?? portFrom(env.PORT);
  // Opened last, after every check that can fail, and closed again if serving fails.
  const { state, description } = await stateFromEnv(env, { development: config.development });
  let running;
  try {
    running = await listen(createHandler({ ...config, state, log }), { port: listenPort, host: bind, log, ...limits });
  } catch (error) {
    await state.close?.();
    throw error;
  }
  const lines = [`rtc-token token server listening on ${running.url}`];
  lines.push(config.endpoint ? `  create/validate forwarded to ${config.endpoint}` : '  create/validate answered by the embedded room registry');
  lines.push(`  state (rate limits${config.endpoint ? '' : ', meetings'}): ${description}`);
  lines.push(
    config.open ? '  anyone may get a participant token (allow_join, role rtc); more needs a caller key' : '  tokens for authenticated callers only (RTC_TOKEN_CALLER_KEYS)',
    `  ${config.callerKeys.length} caller key(s); hosts: ${config.allowedHosts?.join(', ') ?? 'any'}; CORS: ${[...config.corsOrigins, ...(config.loopbackDev ? ['http://localhost:*', 'http://127.0.0.1:*'] : [])].join(', ') || 'none'}`,
    `  connections: at most ${limits.maxConnections}, ${limits.maxConnectionsPerAddress === false ? 'no cap per address' : `${limits.maxConnectionsPerAddress} per address`}; headers within ${limits.headersTimeout / 1000} s, requests within ${limits.requestTimeout / 1000} s`,
  );
  if (config.development) {
    lines.push(
      '',
      'DEVELOPMENT MODE: VIDEOSDK_API_KEY and VIDEOSDK_SECRET_KEY are not set.',
      'A key pair was generated for this run only (tokens die with the process):',
      `  VIDEOSDK_API_KEY=${config.apiKey}`,
      `  VIDEOSDK_SECRET_KEY=${config.secret}`,
      'Set both variables to serve real rooms.',
    );
  } else {
    lines.push(`  apikey ${config.apiKey} (secret from VIDEOSDK_SECRET_KEY)`);
    if (new TextEncoder().encode(config.secret).length < 32) {
      lines.push('  WARNING: VIDEOSDK_SECRET_KEY is shorter than 32 bytes; an HMAC secret that short can be guessed');
    }
  }
  lines.push(
    '',
    `  open ${running.url}/ in a browser: the token inspector (decodes, verifies and mints in the page)`,
    `  GET  ${running.url}/get-token[?roomId=&participantId=&permissions=&role=&ttl=]`,
    `  POST ${running.url}/create-meeting            {"token":"…","region":"…"}`,
    `  POST ${running.url}/validate-meeting/<id>     {"token":"…"}`,
    '',
  );
  log(lines.join('\n'));
  return {
    ...running,
    close: async () => {
      try {
        await running.close();
      } finally {
        await state.close?.();
      }
    },
  };
}

/** The caller keys file: its text, or a clear error (never its content). */
function readKeysFile(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`RTC_TOKEN_CALLER_KEYS_FILE ${file} cannot be read (${error.code ?? 'error'})`);
  }
}

function portFrom(text) {
  if (text === undefined || text === '') return 9000;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a whole number from 0 to 65535, not "${text}"`);
  return port;
}
