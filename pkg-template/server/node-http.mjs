// The token server in Node: a node:http adapter around the fetch handler (no web framework).
import http from 'node:http';
import { configFromEnv, createHandler, MAX_BODY_BYTES } from './handler.mjs';

export { configFromEnv, createHandler, MemoryStore, MAX_BODY_BYTES } from './handler.mjs';

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
      const url = new URL(`http://localhost${req.url?.startsWith('/') ? req.url : '/'}`);
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await collect(req, maxBodyBytes);
      response = await handler(new Request(url, { method: req.method, headers: headersOf(req), body }));
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
 * Starts the token server on `host:port` and resolves once it listens.
 *
 * @example
 * import { configFromEnv, createHandler, listen } from 'rtc-token/server/node';
 * const { url, close } = await listen(createHandler(configFromEnv(process.env)), { port: 9000 });
 *
 * @param {(request: Request) => Promise<Response>} handler
 * @param {{ port?: number, host?: string, log?: (line: string) => void }} [options] port 0 picks a free one
 * @returns {Promise<{ server: http.Server, url: string, close: () => Promise<void> }>}
 */
export function listen(handler, { port = 9000, host = '127.0.0.1', log } = {}) {
  const server = http.createServer(toNodeListener(handler, { log }));
  // A stalled client must not hold a socket for long.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      const shown = address.address === '127.0.0.1' || address.address === '::1' ? 'localhost' : address.address;
      resolve({
        server,
        url: `http://${shown}:${address.port}`,
        port: address.port,
        close: () => new Promise((done) => server.close(() => done())),
      });
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
 * ({@link configFromEnv}), the server on `host:port` (`PORT`, default 9000; `HOST`, default
 * 127.0.0.1), and one announcement. In development mode (no keys configured) the generated key
 * pair is printed here, once, so tokens can be checked by hand; a configured secret is never
 * printed.
 *
 * @example
 * import { serveFromEnv } from 'rtc-token/server/node';
 * const { url, close } = await serveFromEnv({ env: process.env });
 *
 * @param {{ env?: Record<string, string|undefined>, port?: number, host?: string, log?: (line: string) => void }} [options]
 */
export async function serveFromEnv({ env = process.env, port, host, log = console.log } = {}) {
  const config = configFromEnv(env);
  const running = await listen(createHandler(config), {
    port: port ?? portFrom(env.PORT),
    host: host ?? (env.HOST || '127.0.0.1'),
    log,
  });
  const lines = [`rtc-token token server listening on ${running.url}`];
  lines.push(config.endpoint ? `  create/validate forwarded to ${config.endpoint}` : '  create/validate answered by the embedded room registry (in memory)');
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
  return running;
}

function portFrom(text) {
  if (text === undefined || text === '') return 9000;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a whole number from 0 to 65535, not "${text}"`);
  return port;
}
