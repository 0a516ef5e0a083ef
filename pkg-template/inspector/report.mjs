// What the inspector says about one token, as plain data (no DOM): decoded parts, times in
// words, the VideoSDK claims explained, and a verdict. Every check is rtc-token's own (decode,
// verify, verifyAccessToken, and generateToken for the access-token rules): this file only
// words the results. It takes the API as a parameter (the page passes the browser entry). The
// warnings about contradictory claims are display.mjs's, the CLI's too; text that comes from the
// token is escaped with it where it is quoted in words.
import { accessWarnings, escapeText } from './display.mjs';
import { localDate, spanWords } from './when.mjs';

/** The one refusal message of the room-side check (verifyAccessToken). */
export const REFUSED = 'Token is invalid or expired';

const PERMISSIONS = {
  allow_join: 'allow_join: joins the room directly, and can admit or reject participants who ask',
  ask_join: 'ask_join: asks to join; a participant with allow_join admits or rejects',
  allow_mod: "allow_mod: can turn other participants' webcam and mic on and off",
};
const ROLES = {
  rtc: 'rtc: rooms only; cannot call the server-side API',
  crawler: 'crawler: the server-side API only; cannot join a room',
};
const JOIN = { direct: 'joins directly', ask: 'asks to join', none: 'cannot join (allow_mod only)' };

/**
 * Inspects a token: the report the page renders.
 *
 * @example
 * import * as api from 'rtc-token';
 * const report = inspect(api, token, { secret: 'my secret', expected: { use: 'room' } });
 * report.verdict.headline; // "Valid: …" or "Token is invalid or expired"
 *
 * @param {object} api rtc-token's API: decode, verify, verifyAccessToken, generateToken
 * @param {string} text the pasted token (surrounding blanks and a "Bearer " prefix are dropped)
 * @param {{ secret?: string, expected?: { apikey?: string, roomId?: string, participantId?: string, use?: 'room'|'api' }, nowMs?: number }} [context]
 *   `expected`: what the room-side check is told the token is presented for (empty fields left out)
 * @returns {{ empty: true } | { problem: string } | Report}
 */
export function inspect(api, text, { secret = '', expected = {}, nowMs = Date.now() } = {}) {
  const token = String(text).trim().replace(/^Bearer\s+/i, '');
  if (!token) return { empty: true };
  let decoded;
  try {
    decoded = api.decode(token, { complete: true });
  } catch (error) {
    return { problem: `Not a token: ${error.message}` };
  }
  if (!decoded) return { problem: 'Not a token: a JWT is three base64url parts separated by dots, with a JSON header' };

  const { header, payload, signature } = decoded;
  const claims = payload !== null && typeof payload === 'object' ? payload : null;
  // jsonwebtoken's clock: whole seconds.
  const now = Math.floor(nowMs / 1000);
  const times = claims ? timesOf(claims, now) : [];
  const access = claims && isAccessLike(claims) ? explainAccess(api, claims) : null;
  const verdict = secret
    ? checked(api, token, secret, onlyGiven(expected), access !== null)
    : unchecked(header, times, access);
  return { header, payload, signature, times, access, verdict };
}

/**
 * @typedef {object} Report
 * @property {object} header
 * @property {object|string} payload
 * @property {string} signature
 * @property {{ claim: string, label: string, value: unknown, local: string, relative: string, state: 'ok'|'warn'|'bad' }[]} times
 * @property {{ lines: { claim: string, text: string }[], ruleError: string|null, warnings: string[] } | null} access
 * @property {{ state: 'valid'|'invalid'|'unchecked', headline: string, details: string[] }} verdict
 */

/** A payload meant as a VideoSDK access token. */
function isAccessLike(claims) {
  return 'apikey' in claims || 'permissions' in claims;
}

function timesOf(claims, now) {
  const times = [];
  const numeric = (value) => typeof value === 'number' && Number.isFinite(value);
  if ('iat' in claims) {
    const { iat } = claims;
    times.push(
      numeric(iat)
        ? { claim: 'iat', label: 'Issued', value: iat, local: localDate(iat), ...(iat > now ? { relative: `in the future: in ${spanWords(iat - now)}`, state: 'warn' } : { relative: `${spanWords(now - iat)} ago`, state: 'ok' }) }
        : // jsonwebtoken reads iat only for maxAge: a strange one is odd, not fatal.
          { ...notNumeric('iat', 'Issued', iat), relative: '"iat" is not a number of seconds', state: 'warn' },
    );
  }
  if ('nbf' in claims) {
    const { nbf } = claims;
    // jsonwebtoken verify.js: not active while nbf > now.
    times.push(
      numeric(nbf)
        ? { claim: 'nbf', label: 'Not before', value: nbf, local: localDate(nbf), ...(nbf > now ? { relative: `not active yet: active in ${spanWords(nbf - now)}`, state: 'bad' } : { relative: `active since ${spanWords(now - nbf)} ago`, state: 'ok' }) }
        : notNumeric('nbf', 'Not before', nbf),
    );
  }
  if ('exp' in claims) {
    const { exp } = claims;
    // jsonwebtoken verify.js: expired once now >= exp.
    times.push(
      numeric(exp)
        ? { claim: 'exp', label: 'Expires', value: exp, local: localDate(exp), ...(now >= exp ? { relative: `expired ${spanWords(now - exp)} ago`, state: 'bad' } : { relative: `expires in ${spanWords(exp - now)}`, state: 'ok' }) }
        : notNumeric('exp', 'Expires', exp),
    );
  } else {
    times.push({ claim: 'exp', label: 'Expires', value: undefined, local: 'never', relative: 'no exp claim: this token never expires', state: 'warn' });
  }
  return times;
}

function notNumeric(claim, label, value) {
  return { claim, label, value, local: JSON.stringify(value) ?? String(value), relative: `"${claim}" is not a number of seconds: verify refuses it (invalid ${claim} value)`, state: 'bad' };
}

/** The VideoSDK claims in words, and the first access-token rule the payload breaks. */
function explainAccess(api, claims) {
  const lines = [];
  const { apikey, permissions, roles, roomId, participantId, version } = claims;
  if (typeof apikey === 'string' && apikey) lines.push({ claim: 'apikey', text: `API key ${escapeText(apikey)}: the app this token was minted for` });
  if (Array.isArray(permissions)) {
    // allow_join with ask_join: one of accessWarnings' warnings.
    for (const name of permissions) {
      if (Object.hasOwn(PERMISSIONS, name)) lines.push({ claim: 'permissions', text: PERMISSIONS[name] });
    }
  }
  if (Array.isArray(roles) && roles.length) {
    for (const name of roles) {
      if (Object.hasOwn(ROLES, name)) lines.push({ claim: 'roles', text: ROLES[name] });
    }
  } else if (roles === undefined) {
    lines.push({ claim: 'roles', text: 'no roles: usable in rooms and with the server-side API' });
  }
  lines.push(
    typeof roomId === 'string' && roomId
      ? { claim: 'roomId', text: `scoped to room ${escapeText(roomId)}: refused in any other room` }
      : { claim: 'roomId', text: 'no roomId: valid in any room' },
  );
  lines.push(
    typeof participantId === 'string' && participantId
      ? { claim: 'participantId', text: `scoped to participant ${escapeText(participantId)}: refused for anyone else` }
      : { claim: 'participantId', text: 'no participantId: any participant may present it' },
  );
  if (version === 2) {
    lines.push({ claim: 'version', text: 'version 2: required for roomId, participantId and roles, which apply' });
  } else if (version === undefined) {
    lines.push({ claim: 'version', text: 'no version: roomId, participantId and roles need "version": 2' });
  }
  return { lines, ruleError: ruleError(api, claims), warnings: accessWarnings(claims) };
}

/**
 * The access-token rules live in the Rust core and run before generateToken signs: minting the
 * claims with a throwaway secret (the token is discarded) reports the first rule broken, with
 * the core's message. iat, nbf and exp are left out: they are sign's business, not the rules'.
 */
function ruleError(api, claims) {
  const { iat, nbf, exp, ...rest } = claims;
  try {
    api.generateToken(rest, 'inspector rule check, not a secret');
    return null;
  } catch (error) {
    // The core's messages quote claim values ('"permissions" holds "…"').
    return escapeText(error.message);
  }
}

/** The room-side check's options, without the fields left empty (it refuses empty strings). */
function onlyGiven(expected) {
  const given = {};
  for (const [name, value] of Object.entries(expected)) {
    if (typeof value === 'string' && value.trim()) given[name] = value.trim();
  }
  return given;
}

/** With the secret: jsonwebtoken's verify, and for access tokens the room-side check. */
function checked(api, token, secret, expected, accessLike) {
  const details = [];
  const verified = attempt(() => api.verify(token, secret));
  // jsonwebtoken checks the signature before the times: a token refused for its times alone
  // passes with them ignored, which says the signature is good.
  const signatureGood = !verified.error || !attempt(() => api.verify(token, secret, { ignoreExpiration: true, ignoreNotBefore: true })).error;
  const SIGNATURE_GOOD = 'The signature matches the secret: the refusal comes from the claims.';
  if (!accessLike) {
    if (!verified.error) return { state: 'valid', headline: 'Valid: the signature matches the secret and the claims check out', details };
    const why = explainError(verified.error);
    if (why) details.push(why);
    if (signatureGood) details.push(SIGNATURE_GOOD);
    return { state: 'invalid', headline: `Invalid: ${escapeText(verified.error.message)}`, details };
  }
  const access = attempt(() => api.verifyAccessToken(token, secret, expected));
  if (access.error) {
    const cause = access.error.inner ?? access.error;
    const why = explainError(cause);
    // Reasons quote claims: 'the token is scoped to room "<roomId>"…'.
    details.push(`Reason: ${escapeText(cause.message)}.${why ? ` ${why}` : ''}`);
    if (signatureGood) details.push(SIGNATURE_GOOD);
    return { state: 'invalid', headline: REFUSED, details };
  }
  const { join, moderate } = access.result;
  const use = expected.use === 'api' ? 'the server-side API' : 'a room';
  details.push(`Presented to ${use}: ${JOIN[join] ?? join}${moderate ? ', may moderate (allow_mod)' : ''}.`);
  return { state: 'valid', headline: 'Valid: the signature matches the secret and the room-side check accepts it', details };
}

/** `{ result }` or `{ error }`. */
function attempt(fn) {
  try {
    return { result: fn() };
  } catch (error) {
    return { error };
  }
}

/** Words after jsonwebtoken's terse messages. */
function explainError(error) {
  if (error.name === 'TokenExpiredError' && error.expiredAt) return `It expired at ${localDate(error.expiredAt.getTime() / 1000)}.`;
  if (error.name === 'NotBeforeError' && error.date) return `It is not valid before ${localDate(error.date.getTime() / 1000)}.`;
  if (error.message === 'invalid signature') return 'The token was not signed with this secret, or was changed after signing.';
  return '';
}

/** Without the secret: only what the claims show; the signature stays unchecked. */
function unchecked(header, times, access) {
  const problems = times.filter((t) => t.state === 'bad').map((t) => `${t.label}: ${t.relative}`);
  if (access) {
    if (access.ruleError) problems.push(`Breaks the access-token rules: ${access.ruleError}`);
    if (header.alg !== 'HS256') problems.push(`Signed with ${header.alg}: the room-side check accepts HS256 only`);
  }
  const note = 'Signature not checked: enter the secret to verify it.';
  if (problems.length) {
    return { state: 'invalid', headline: access ? REFUSED : 'Invalid, whatever the signature', details: [...problems, note] };
  }
  return { state: 'unchecked', headline: note, details: access ? ['The claims follow the access-token rules and the token is within its times.'] : [] };
}
