// The token server as one WHATWG fetch handler (Request → Response): the same code serves a
// Cloudflare Worker, Deno, Bun, and Node through ./node-http.mjs. Routes:
//
//   GET  /get-token                      → { token }   (query: roomId, participantId or peerId,
//                                                       permissions, role, ttl: within the grant)
//   POST /create-meeting                 → the room: { roomId, meetingId, … }  (body: { token, region? })
//   POST /validate-meeting/:meetingId    → { roomId, meetingId, valid, … }     (body: { token })
//   GET  /  (Accept: text/html)          → the token inspector page (./inspector.mjs), which
//                                          decodes, verifies and mints in the browser
//
// Safe by default: the server decides what a caller may mint (./policy.mjs: caller keys, an
// `authorize` hook, or the participant grant where the server is open), every token has a
// capped lifetime, browsers reach it only from allowed origins and under allowed host names
// (./origins.mjs), every route is rate-limited per client (./limits.mjs), and each minted token
// leaves one audit line. What is kept between requests (rate-limit buckets, the embedded
// registry's meetings) lives in one state (./state/): memory by default, Redis or a Durable
// Object to share it. Every error is a 4xx/5xx JSON body `{ error, … }`; the secret is never
// part of a response or a log line.
import { decode, generateToken } from 'rtc-token';
import { MemoryState } from './state/memory.mjs';
import { StateUnavailable } from './state/contract.mjs';
import { inspectorResponse, isInspectorPath } from './inspector.mjs';
import { HttpError, json } from './http.mjs';
import { admit, clientAddressReader, groupOf, ratesOf } from './limits.mjs';
import { meetingRoutes, retentionOf } from './meetings.mjs';
import { originPolicy } from './origins.mjs';
import { callerKeys, checkGrant, DEFAULT_MAX_TTL, DEFAULT_TTL, findCaller, narrow, PARTICIPANT_GRANT, spanSeconds } from './policy.mjs';

export { MemoryState } from './state/memory.mjs';
export { StateUnavailable } from './state/contract.mjs';
export { TokenStateObject, durableObjectState } from './state/durable-object.mjs';
export { DEFAULT_RATES } from './limits.mjs';
export { DEFAULT_RETENTION } from './meetings.mjs';
export { configFromEnv } from './config.mjs';
export { PARTICIPANT_GRANT, SERVER_GRANT } from './policy.mjs';

/** Request bodies above this many bytes are refused with 413 (the largest useful one is ~2 KB). */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Makes the token server's fetch handler.
 *
 * @example
 * // A Cloudflare Worker whose app signs its users in with its own session JWT.
 * import { createHandler } from 'rtc-token/server';
 * import { verify } from 'rtc-token';
 * let handler;
 * export default {
 *   fetch(request, env) {
 *     handler ??= createHandler({
 *       apiKey: env.VIDEOSDK_API_KEY,
 *       secret: env.VIDEOSDK_SECRET_KEY,
 *       corsOrigins: ['https://app.example.com'],
 *       authorize(request) {
 *         const session = /(?:^|; )session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
 *         try {
 *           const user = verify(session, env.SESSION_SECRET, { algorithms: ['HS256'] });
 *           return { permissions: ['allow_join'], roles: ['rtc'], participantId: user.sub, maxTtl: '2h' };
 *         } catch {
 *           return null; // 401
 *         }
 *       },
 *     });
 *     return handler(request);
 *   },
 * };
 *
 * @param {object} config
 * @param {string} config.apiKey the app's API key (the `apikey` claim)
 * @param {string} config.secret the app's secret (signs and checks tokens; never sent anywhere)
 * @param {(request: Request) => object|null|Promise<object|null>} [config.authorize] the most a
 *   caller may mint (`{ permissions, roles, roomId?, participantId?, maxTtl? }`), or null (401)
 * @param {{ id: string, key: string, grant?: object }[]} [config.callerKeys] server-to-server
 *   callers, by `Authorization: Bearer <key>`
 * @param {boolean} [config.open] anonymous callers get the participant grant (default: only when
 *   neither `authorize` nor `callerKeys` is given)
 * @param {number|string} [config.maxTtl] the longest lifetime of any token minted (default 24h)
 * @param {string[]} [config.corsOrigins] origins whose pages may call the server
 * @param {boolean} [config.loopbackDev] also allow http://localhost:* and http://127.0.0.1:*
 * @param {string[]} [config.allowedHosts] host names served (default: any)
 * @param {(line: string) => void} [config.log] where the audit lines go (one per token minted)
 * @param {string} [config.endpoint] a VideoSDK API base URL: forward create/validate there
 * @param {import('./state/contract.mjs').State} [config.state] where rate-limit buckets and the
 *   embedded registry's meetings live (default: a MemoryState, this process only)
 * @param {false | Record<string, string | false | { limit: number, seconds: number }>} [config.limits]
 *   requests per client and route group ({@link DEFAULT_RATES}); false: no limits
 * @param {string} [config.clientAddressHeader] the header a trusted proxy puts the client's
 *   address in (`cf-connecting-ip`, `x-forwarded-for`: its last entry); default the socket's
 * @param {{ maxMeetings?: number, idleSeconds?: number|string }} [config.retention] how many live
 *   meetings the embedded registry keeps (a full one answers 503) and how long one lives after
 *   its last create or validation ({@link DEFAULT_RETENTION})
 * @param {number} [config.maxBodyBytes] default {@link MAX_BODY_BYTES}
 * @param {typeof fetch} [config.fetch] how to reach `endpoint` (default: the global fetch)
 * @param {boolean} [config.inspector] serve the token inspector page at GET / to browsers
 *   (default true; it is static files: the page never receives the secret)
 * @returns {(request: Request, info?: { clientAddress?: string }) => Promise<Response>}
 */
export function createHandler(config) {
  const { apiKey, secret, authorize } = config ?? {};
  if (typeof apiKey !== 'string' || !apiKey || typeof secret !== 'string' || !secret) {
    throw new TypeError('createHandler needs "apiKey" and "secret", both non-empty strings');
  }
  if (authorize !== undefined && typeof authorize !== 'function') throw new TypeError('"authorize" must be a function of the request');
  if (config.store !== undefined) {
    throw new TypeError('"store" is now "state" (a State: MemoryState, RedisState, a Durable Object), which holds rate limits too');
  }
  if (config.corsOrigin === '*' || config.corsOrigins?.includes?.('*')) {
    throw new TypeError('CORS origin "*" would let any web page take tokens: list the origins of your app instead');
  }
  const cap = spanSeconds(config.maxTtl ?? DEFAULT_MAX_TTL, '"maxTtl"');
  const defaultTtl = Math.min(cap, spanSeconds(DEFAULT_TTL, 'the default ttl'));
  const callers = callerKeys(config.callerKeys ?? [], cap);
  const open = config.open ?? (authorize === undefined && callers.length === 0);
  const participant = checkGrant(PARTICIPANT_GRANT, cap, 'the participant grant');
  const origins = originPolicy({
    corsOrigins: config.corsOrigins ?? (config.corsOrigin ? [config.corsOrigin] : []),
    loopbackDev: config.loopbackDev,
    allowedHosts: config.allowedHosts,
  });
  const log = config.log ?? (() => {});
  const maxBodyBytes = config.maxBodyBytes ?? MAX_BODY_BYTES;
  const inspector = config.inspector ?? true;
  const state = config.state ?? new MemoryState();
  const rates = ratesOf(config.limits);
  const clientAddress = clientAddressReader(config.clientAddressHeader);
  const meetings = meetingRoutes({
    apiKey,
    secret,
    endpoint: config.endpoint ? String(config.endpoint).replace(/\/+$/, '') : undefined,
    state,
    retention: retentionOf(config.retention),
    upstream: config.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    readJson: (request) => readJson(request, maxBodyBytes),
    // The tokens this server mints live at most `cap`; so do the ones it accepts.
    maxLifetime: cap,
  });
  const mode = config.endpoint ? 'forwarding' : 'embedded';

  const routes = {
    '/': { GET: () => json(200, { service: 'rtc-token', mode, routes: ['GET /get-token', 'POST /create-meeting', 'POST /validate-meeting/:meetingId'] }) },
    '/get-token': { GET: (request, info, presented) => getToken(request, info, presented) },
    '/create-meeting': { POST: (request) => meetings.create(request) },
  };

  async function route(request, info) {
    origins.checkHost(request);
    const { pathname } = new URL(request.url);
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    // Before any work of the route's own: a flood costs one bucket look-up a request.
    // Preflights count as `other`, so a page's OPTIONS does not halve its token rate.
    const group = request.method === 'OPTIONS' ? 'other' : groupOf(trimmed);
    const presented = presentedKey(request);
    await admit(state, rates, group, clientOf(presented, request, info), Date.now());
    // GET / answers browsers with the page, and every other client with the JSON description.
    if (inspector && (request.method === 'GET' || request.method === 'HEAD') && isInspectorPath(pathname)) {
      const wantsPage = pathname !== '/' || /\btext\/html\b/.test(request.headers.get('accept') ?? '');
      const page = wantsPage ? await inspectorResponse(pathname, request.method) : undefined;
      if (page) {
        if (pathname === '/') page.headers.set('Vary', 'Accept');
        return page;
      }
    }
    origins.checkOrigin(request);
    const path = trimmed;
    const validate = /^\/validate-meeting\/([^/]*)$/.exec(path);
    const methods = validate
      ? { POST: (r) => meetings.validate(r, validate[1]) }
      : Object.hasOwn(routes, path)
        ? routes[path]
        : undefined;
    if (!methods) {
      throw new HttpError(404, { error: `no route ${request.method} ${pathname}; the routes are GET /get-token, POST /create-meeting, POST /validate-meeting/:meetingId` });
    }
    const allow = [...Object.keys(methods), 'OPTIONS'].join(', ');
    if (request.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: { 'Access-Control-Allow-Methods': allow, 'Access-Control-Allow-Headers': 'Content-Type, Authorization', 'Access-Control-Max-Age': '600' },
      });
    }
    const run = methods[request.method];
    if (!run) throw new HttpError(405, { error: `${request.method} is not allowed on ${path}; use ${allow}` }, { Allow: allow });
    return run(request, info, presented);
  }

  /**
   * The caller key a request presents, read once per request (the rate limit and the grant both
   * need it): its `bearer` text, and the `caller` it names (undefined for none or an unknown key).
   */
  function presentedKey(request) {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    return { bearer, caller: bearer !== undefined && callers.length > 0 ? findCaller(callers, bearer) : undefined };
  }

  /**
   * Who a request counts against: a caller presenting its caller key (its id), else its address.
   * A wrong key counts against the address, so guessing keys is limited too.
   */
  function clientOf({ caller }, request, info) {
    return caller ? `caller:${caller.id}` : `address:${clientAddress(request, info)}`;
  }

  /** The grant of the caller of `request`, and who it is (for the audit line). */
  async function grantOf(request, { bearer, caller }) {
    if (bearer !== undefined && callers.length > 0) {
      if (caller) return { grant: caller.grant, caller: caller.id, via: 'caller key' };
      if (!authorize) throw new HttpError(401, { error: 'unknown caller key' });
    }
    if (authorize) {
      let granted;
      try {
        granted = await authorize(request);
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(500, { error: 'the authorize hook failed' });
      }
      if (granted === null || granted === undefined) throw new HttpError(401, { error: 'not signed in: this server mints tokens for callers its app authorizes' });
      try {
        return { grant: checkGrant(granted, cap, 'authorize'), caller: null, via: 'authorize' };
      } catch {
        throw new HttpError(500, { error: 'the authorize hook returned an invalid grant' });
      }
    }
    if (open) return { grant: participant, caller: null, via: 'participant' };
    throw new HttpError(401, {
      error: 'this token server mints tokens for authenticated callers only (Authorization: Bearer <caller key>); to let anyone get a participant token set RTC_TOKEN_OPEN=participant',
    });
  }

  async function getToken(request, info = {}, presented) {
    const { grant, caller, via } = await grantOf(request, presented);
    const { payload, options } = narrow(grant, new URL(request.url).searchParams, { apiKey, cap, defaultTtl });
    let token;
    try {
      token = generateToken(payload, secret, options);
    } catch (error) {
      // The rules' and sign's messages name the field, never the secret.
      throw new HttpError(400, { error: error.message });
    }
    // One line per token: who got what, never the token or the secret.
    const { jti, exp } = decode(token);
    log(JSON.stringify({
      event: 'token', time: new Date().toISOString(), client: info.clientAddress ?? null, caller, grant: via,
      permissions: payload.permissions, roles: payload.roles ?? [], roomId: payload.roomId ?? null,
      participantId: payload.participantId ?? null, jti, exp,
    }));
    return json(200, { token });
  }

  return async function handle(request, info) {
    let response;
    try {
      response = await route(request, info);
    } catch (error) {
      response =
        error instanceof HttpError
          ? json(error.status, error.body, error.headers)
          : error instanceof StateUnavailable
            ? json(503, { error: "the server's state store cannot be reached; try again shortly" }, { 'Retry-After': '1' })
            : json(500, { error: 'internal error' });
    }
    for (const [name, value] of Object.entries(origins.headers(request))) {
      if (name === 'Vary') response.headers.append(name, value);
      else response.headers.set(name, value);
    }
    return response;
  };
}

/** The JSON object of a request body of at most `maxBodyBytes`. */
async function readJson(request, maxBodyBytes) {
  const tooLarge = () => new HttpError(413, { error: `the request body is larger than ${maxBodyBytes} bytes` });
  const declared = Number(request.headers.get('content-length'));
  if (declared > maxBodyBytes) throw tooLarge();
  if (!request.body) throw new HttpError(400, { error: 'the request body must be a JSON object, such as {"token":"…"}' });
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBodyBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let body;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new HttpError(400, { error: 'the request body is not valid JSON' });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, { error: 'the request body must be a JSON object, such as {"token":"…"}' });
  }
  return body;
}
