// The token server as one WHATWG fetch handler (Request → Response): the same code serves a
// Cloudflare Worker, Deno, Bun, and Node through ./node-http.mjs. Routes:
//
//   GET  /get-token                      → { token }            (query: roomId, participantId,
//                                                                permissions, role, ttl)
//   POST /create-meeting                 → { meetingId }        (body: { token, region? })
//   POST /validate-meeting/:meetingId    → { meetingId, valid }  (body: { token })
//   GET  /  (Accept: text/html)          → the token inspector page (./inspector.mjs), which
//                                          decodes, verifies and mints in the browser
//
// With `endpoint` set, create and validate are forwarded to that VideoSDK API
// (POST {endpoint}/v2/rooms, GET {endpoint}/v2/rooms/validate/{id}, token in Authorization);
// otherwise an embedded room registry answers, checking tokens with verifyAccessToken and keeping
// meetings in a store. Every error is a 4xx/5xx JSON body `{ error, … }`; the secret is never
// part of a response.
import { generateToken, verifyAccessToken } from 'rtc-token';
import { MemoryStore } from './store.mjs';
import { inspectorResponse, isInspectorPath } from './inspector.mjs';

export { MemoryStore } from './store.mjs';
export { configFromEnv } from './config.mjs';

/** Request bodies above this many bytes are refused with 413 (the largest useful one is ~2 KB). */
export const MAX_BODY_BYTES = 16 * 1024;

const GET_TOKEN_QUERY = ['roomId', 'participantId', 'permissions', 'role', 'ttl'];
const SINGLE_VALUED = ['roomId', 'participantId', 'ttl'];
// VideoSDK's room ids: three groups of four lowercase letters or digits ("2kyv-gzay-64pg").
const MEETING_ID = /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const REFUSED = 'Token is invalid or expired';

/** An error that becomes a JSON response. */
class HttpError extends Error {
  constructor(status, body, headers = {}) {
    super(body.error);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

/**
 * Makes the token server's fetch handler.
 *
 * @example
 * // A Cloudflare Worker (wrangler.toml: secrets VIDEOSDK_API_KEY, VIDEOSDK_SECRET_KEY)
 * import { configFromEnv, createHandler } from 'rtc-token/server';
 * let handler;
 * export default {
 *   fetch(request, env) {
 *     handler ??= createHandler(configFromEnv(env));
 *     return handler(request);
 *   },
 * };
 *
 * @param {object} config
 * @param {string} config.apiKey the app's API key (the `apikey` claim)
 * @param {string} config.secret the app's secret (signs and checks tokens; never sent anywhere)
 * @param {string} [config.endpoint] a VideoSDK API base URL: forward create/validate there
 * @param {{ create(meeting: object): unknown, get(id: string): unknown }} [config.store]
 *   the embedded registry's store (default: a MemoryStore)
 * @param {string} [config.corsOrigin] `Access-Control-Allow-Origin` (default `*`)
 * @param {number} [config.maxBodyBytes] default {@link MAX_BODY_BYTES}
 * @param {typeof fetch} [config.fetch] how to reach `endpoint` (default: the global fetch)
 * @param {boolean} [config.inspector] serve the token inspector page at GET / to browsers
 *   (default true; it is static files: the page never receives the secret)
 * @returns {(request: Request) => Promise<Response>}
 */
export function createHandler(config) {
  const { apiKey, secret } = config ?? {};
  if (typeof apiKey !== 'string' || !apiKey || typeof secret !== 'string' || !secret) {
    throw new TypeError('createHandler needs "apiKey" and "secret", both non-empty strings');
  }
  const endpoint = config.endpoint ? String(config.endpoint).replace(/\/+$/, '') : undefined;
  const store = config.store ?? new MemoryStore();
  const corsOrigin = config.corsOrigin ?? '*';
  const maxBodyBytes = config.maxBodyBytes ?? MAX_BODY_BYTES;
  const upstream = config.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const inspector = config.inspector ?? true;

  const routes = {
    '/': { GET: () => json(200, { service: 'rtc-token', mode: endpoint ? 'forwarding' : 'embedded', routes: ['GET /get-token', 'POST /create-meeting', 'POST /validate-meeting/:meetingId'] }) },
    '/get-token': { GET: (request) => getToken(new URL(request.url).searchParams) },
    '/create-meeting': { POST: (request) => createMeeting(request) },
  };

  async function route(request) {
    const { pathname } = new URL(request.url);
    // GET / answers browsers with the page, and every other client with the JSON description.
    if (inspector && (request.method === 'GET' || request.method === 'HEAD') && isInspectorPath(pathname)) {
      const wantsPage = pathname !== '/' || /\btext\/html\b/.test(request.headers.get('accept') ?? '');
      const page = wantsPage ? await inspectorResponse(pathname, request.method) : undefined;
      if (page) {
        if (pathname === '/') page.headers.set('Vary', 'Accept');
        return page;
      }
    }
    const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    const validate = /^\/validate-meeting\/([^/]*)$/.exec(path);
    const methods = validate
      ? { POST: (r) => validateMeeting(r, validate[1]) }
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
    return run(request);
  }

  function getToken(query) {
    for (const name of new Set(query.keys())) {
      if (!GET_TOKEN_QUERY.includes(name)) {
        throw new HttpError(400, { error: `unknown query parameter "${name}"; the parameters are ${GET_TOKEN_QUERY.join(', ')}` });
      }
      if (SINGLE_VALUED.includes(name) && query.getAll(name).length > 1) {
        throw new HttpError(400, { error: `query parameter "${name}" is given more than once` });
      }
    }
    // permissions=allow_join,allow_mod or permissions=allow_join&permissions=allow_mod
    const list = (name) => query.getAll(name).flatMap((value) => value.split(','));
    const payload = { apikey: apiKey, permissions: query.has('permissions') ? list('permissions') : ['allow_join'] };
    if (query.has('roomId') || query.has('participantId') || query.has('role')) payload.version = 2;
    if (query.has('roomId')) payload.roomId = query.get('roomId');
    if (query.has('participantId')) payload.participantId = query.get('participantId');
    if (query.has('role')) payload.roles = list('role');
    const options = {};
    const ttl = query.get('ttl');
    // A number-looking ttl is seconds (sign refuses fractions); "10m", "2h" are time spans.
    if (ttl !== null) options.expiresIn = /^-?[0-9]+(\.[0-9]*)?$/.test(ttl) ? Number(ttl) : ttl;
    let token;
    try {
      token = generateToken(payload, secret, options);
    } catch (error) {
      // The rules' and sign's messages name the field, never the secret.
      throw new HttpError(400, { error: error.message });
    }
    return json(200, { token });
  }

  async function createMeeting(request) {
    const body = await readJson(request);
    const token = requireToken(body);
    if (body.region !== undefined && (typeof body.region !== 'string' || !body.region)) {
      throw new HttpError(400, { error: '"region" must be a non-empty string' });
    }
    if (endpoint) {
      const answer = await forward(`${endpoint}/v2/rooms`, {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: JSON.stringify(body.region === undefined ? {} : { region: body.region }),
      });
      if (!answer.ok) throw upstreamError(answer, {});
      if (typeof answer.body?.roomId !== 'string') throw new HttpError(502, { error: 'the upstream API answered without a roomId' });
      return json(200, { meetingId: answer.body.roomId });
    }
    check(token, { use: 'api' });
    for (let attempt = 0; attempt < 5; attempt++) {
      const meetingId = newMeetingId();
      if (await store.get(meetingId)) continue;
      const meeting = { meetingId, createdAt: new Date().toISOString() };
      if (body.region !== undefined) meeting.region = body.region;
      await store.create(meeting);
      return json(200, { meetingId });
    }
    throw new HttpError(503, { error: 'could not find a free meeting id; try again' });
  }

  async function validateMeeting(request, rawId) {
    let meetingId;
    try {
      meetingId = decodeURIComponent(rawId);
    } catch {
      meetingId = rawId;
    }
    if (!MEETING_ID.test(meetingId)) {
      throw new HttpError(400, { error: 'the meeting id must look like "abcd-efgh-ijkl" (letters and digits)', valid: false });
    }
    const token = requireToken(await readJson(request));
    if (endpoint) {
      const answer = await forward(`${endpoint}/v2/rooms/validate/${meetingId}`, { method: 'GET', headers: { Authorization: token } });
      if (!answer.ok) throw upstreamError(answer, { meetingId, valid: false });
      return json(200, { meetingId: typeof answer.body?.roomId === 'string' ? answer.body.roomId : meetingId, valid: true });
    }
    check(token, { roomId: meetingId, use: 'api' });
    if (!(await store.get(meetingId))) throw new HttpError(404, { error: 'no such meeting', meetingId, valid: false });
    return json(200, { meetingId, valid: true });
  }

  /** The room-side check: 401 with jsonwebtoken-style `inner` reason on refusal. */
  function check(token, expected) {
    try {
      verifyAccessToken(token, secret, { apikey: apiKey, ...expected });
    } catch (error) {
      if (error?.name === 'JsonWebTokenError' && error.message === REFUSED) {
        throw new HttpError(401, { error: REFUSED, reason: error.inner?.message ?? REFUSED });
      }
      throw error;
    }
  }

  async function readJson(request) {
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

  function tooLarge() {
    return new HttpError(413, { error: `the request body is larger than ${maxBodyBytes} bytes` });
  }

  async function forward(url, init) {
    let response;
    try {
      response = await upstream(url, init);
    } catch {
      throw new HttpError(502, { error: 'the upstream API could not be reached' });
    }
    const text = await response.text().catch(() => '');
    let body;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    return { ok: response.ok, status: response.status, body };
  }

  return async function handle(request) {
    let response;
    try {
      response = await route(request);
    } catch (error) {
      response =
        error instanceof HttpError ? json(error.status, error.body, error.headers) : json(500, { error: 'internal error' });
    }
    response.headers.set('Access-Control-Allow-Origin', corsOrigin);
    if (corsOrigin !== '*') response.headers.append('Vary', 'Origin');
    return response;
  };
}

/** A required `token` of the JSON body. */
function requireToken(body) {
  if (typeof body.token !== 'string' || !body.token) {
    throw new HttpError(400, { error: '"token" is required in the JSON body: a token from GET /get-token' });
  }
  return body.token;
}

/** An upstream refusal, passed on: its 4xx status as is, a 5xx as 502. */
function upstreamError(answer, extra) {
  const said = answer.body?.error ?? answer.body?.message;
  const error = typeof said === 'string' ? said : `the upstream API answered ${answer.status}`;
  return new HttpError(answer.status >= 400 && answer.status < 500 ? answer.status : 502, { error, ...extra });
}

/** A random "abcd-efgh-ijkl" (uniform over letters and digits: bytes past 251 are redrawn). */
function newMeetingId() {
  let id = '';
  while (id.length < 14) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte >= 252 || id.length >= 14) continue;
      if (id.length === 4 || id.length === 9) id += '-';
      id += ID_ALPHABET[byte % 36];
    }
  }
  return id;
}
