// POST /create-meeting and POST /validate-meeting/:meetingId, answered as VideoSDK's sample
// token server answers them, so its client apps work unchanged: a room object with `roomId`
// (and `meetingId`, as rtc-token answered before).
//
// With `endpoint` set, both are forwarded to that VideoSDK API (POST {endpoint}/v2/rooms,
// GET {endpoint}/v2/rooms/validate/{id}, the token in Authorization) and its answer is passed
// through (what production uses). Otherwise the embedded registry answers: the offline stand-in
// for VideoSDK's room service, checking tokens with verifyAccessToken and keeping meetings in the
// server's state (./state/): at most `maxMeetings` live ones (a full registry answers 503 and
// never evicts a live meeting), each forgotten `idleSeconds` after its last create or validation.
import { decode, verifyAccessToken } from 'rtc-token';
import { HttpError, json } from './http.mjs';
import { spanSeconds } from './policy.mjs';

// VideoSDK's room ids: three groups of four lowercase letters or digits ("2kyv-gzay-64pg").
const MEETING_ID = /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const REFUSED = 'Token is invalid or expired';
// VideoSDK's region codes (sg001, in002, us001, uk001, eu001, …) and names like them: a short
// lowercase code, so a region can neither bloat the state nor carry markup.
const REGION = /^[a-z0-9][a-z0-9-]{0,15}$/;

/** How the embedded registry keeps meetings by default. */
export const DEFAULT_RETENTION = Object.freeze({ maxMeetings: 10_000, idleSeconds: 24 * 3600 });

/**
 * `retention` with its defaults; `idleSeconds` as seconds or a time span ("24h").
 * @returns {import('./state/contract.mjs').Retention}
 */
export function retentionOf(retention = {}) {
  const maxMeetings = retention.maxMeetings ?? DEFAULT_RETENTION.maxMeetings;
  if (!Number.isSafeInteger(maxMeetings) || maxMeetings < 1) throw new TypeError('"retention.maxMeetings" must be a positive integer');
  const idle = retention.idleSeconds ?? DEFAULT_RETENTION.idleSeconds;
  return { maxMeetings, idleSeconds: spanSeconds(idle, '"retention.idleSeconds"') };
}

/**
 * The two meeting routes.
 *
 * @param {{ apiKey: string, secret: string, endpoint?: string,
 *   state: import('./state/contract.mjs').State, retention: import('./state/contract.mjs').Retention,
 *   upstream: typeof fetch, readJson: (request: Request) => Promise<object>,
 *   maxLifetime: number }} config the longest token lifetime accepted: the server's own cap
 */
export function meetingRoutes({ apiKey, secret, endpoint, state, retention, upstream, readJson, maxLifetime }) {
  /**
   * The room-side check: 401 with the cause as `reason` on refusal. Rooms are opened and checked
   * by participants (`rtc`) and by servers (`crawler`) alike, as VideoSDK's room API takes both:
   * the token's own roles (read unverified) only choose which use the check holds it to.
   */
  function check(token, expected) {
    const roles = decodedRoles(token);
    const use = roles.includes('crawler') && !roles.includes('rtc') ? 'api' : 'room';
    try {
      verifyAccessToken(token, secret, { apikey: apiKey, use, maxLifetime, ...expected });
    } catch (error) {
      if (error?.name === 'JsonWebTokenError' && error.message === REFUSED) {
        throw new HttpError(401, { error: REFUSED, reason: error.inner?.message ?? REFUSED });
      }
      throw error;
    }
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

  /** A participant's or a server's token opens and checks rooms (VideoSDK's room API takes both). */
  async function create(request) {
    const body = await readJson(request);
    const token = requireToken(body);
    if (body.region !== undefined && (typeof body.region !== 'string' || !REGION.test(body.region))) {
      throw new HttpError(400, { error: '"region" must be a VideoSDK region code, such as "sg001" (lowercase letters, digits and "-", at most 16)' });
    }
    if (endpoint) {
      const answer = await forward(`${endpoint}/v2/rooms`, {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': 'application/json' },
        body: JSON.stringify(body.region === undefined ? {} : { region: body.region }),
      });
      if (!answer.ok) throw upstreamError(answer, {});
      if (typeof answer.body?.roomId !== 'string') throw new HttpError(502, { error: 'the upstream API answered without a roomId' });
      return json(200, { ...answer.body, meetingId: answer.body.roomId });
    }
    check(token, {});
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = Date.now();
      const meeting = { meetingId: newMeetingId(), createdAt: new Date(now).toISOString() };
      if (body.region !== undefined) meeting.region = body.region;
      const outcome = await state.createMeeting(meeting, retention, now);
      if (outcome === 'created') return json(200, room(meeting));
      if (outcome === 'full') {
        throw new HttpError(503, { error: `the meeting registry is full (${retention.maxMeetings} live meetings); try again later` }, { 'Retry-After': '60' });
      }
    }
    throw new HttpError(503, { error: 'could not find a free meeting id; try again' });
  }

  async function validate(request, rawId) {
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
      const upstreamRoom = answer.body !== null && typeof answer.body === 'object' ? answer.body : {};
      const roomId = typeof upstreamRoom.roomId === 'string' ? upstreamRoom.roomId : meetingId;
      return json(200, { ...upstreamRoom, roomId, meetingId: roomId, valid: true });
    }
    check(token, { roomId: meetingId });
    const meeting = await state.touchMeeting(meetingId, retention, Date.now());
    if (!meeting) throw new HttpError(404, { error: 'no such meeting', meetingId, valid: false });
    return json(200, { ...room(meeting), valid: true });
  }

  return { create, validate };
}

/** A meeting as VideoSDK's room object names it (`roomId`), with rtc-token's `meetingId`. */
function room(meeting) {
  const { meetingId, ...rest } = meeting;
  return { roomId: meetingId, meetingId, ...rest };
}

/** The `roles` a token claims, before any check (an empty list for anything else). */
function decodedRoles(token) {
  try {
    const roles = decode(token)?.roles;
    return Array.isArray(roles) ? roles : [];
  } catch {
    return [];
  }
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
