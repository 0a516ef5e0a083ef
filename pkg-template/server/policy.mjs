// Who may mint what: the server decides. A caller is granted the most it may mint (a grant);
// what it asks for on GET /get-token can only narrow that grant, never widen it.
//
//   grant = { permissions, roles, roomId?, participantId?, maxTtl? }
//
// Where a grant comes from, in order: a caller key (`Authorization: Bearer <key>`, compared in
// constant time), the app's own `authorize(request)` hook, or, for anonymous callers where the
// server is open, the participant grant (allow_join, role rtc). The VideoSDK rules themselves
// (which permissions and roles exist, version 2) stay in the Rust core: generateToken checks
// the token this module asks for.
import { decode, sign } from 'rtc-token';
import { HttpError } from './http.mjs';

/** The longest lifetime a minted token may have, by default: the longest VideoSDK's docs show. */
export const DEFAULT_MAX_TTL = '24h';
/** The lifetime of a token when the caller names none (generateToken's own default). */
export const DEFAULT_TTL = '120m';

/** What an anonymous caller may mint where the server is open: a participant's token. */
export const PARTICIPANT_GRANT = Object.freeze({ permissions: Object.freeze(['allow_join']), roles: Object.freeze(['rtc']) });

/** What a caller key with no grant of its own may mint: a trusted server's token. */
export const SERVER_GRANT = Object.freeze({
  permissions: Object.freeze(['allow_join', 'ask_join', 'allow_mod']),
  roles: Object.freeze(['crawler', 'rtc']),
});

const QUERY = ['roomId', 'participantId', 'peerId', 'permissions', 'role', 'ttl'];
const SINGLE_VALUED = ['roomId', 'participantId', 'peerId', 'ttl'];

/**
 * A time span (seconds, or `ms` text such as '24h') in whole seconds, read by the core exactly as
 * `expiresIn` is (one definition of the grammar): a throwaway token's lifetime.
 */
export function spanSeconds(span, name) {
  try {
    const { iat, exp } = decode(sign({}, 'span', { expiresIn: typeof span === 'string' && /^[0-9]+$/.test(span) ? Number(span) : span }));
    if (exp - iat > 0) return exp - iat;
  } catch {
    // reported below
  }
  throw new TypeError(`${name} must be a positive number of seconds or a time span such as "24h", not ${JSON.stringify(span)}`);
}

/** A grant from configuration or an `authorize` hook, checked for shape; `maxTtl` in seconds. */
export function checkGrant(grant, cap, where) {
  const list = (name) => {
    const value = grant[name] ?? [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item)) {
      throw new TypeError(`${where}: "${name}" must be an array of strings`);
    }
    return [...value];
  };
  if (grant === null || typeof grant !== 'object') throw new TypeError(`${where}: a grant is an object such as { permissions: ['allow_join'], roles: ['rtc'] }`);
  const checked = { permissions: list('permissions'), roles: list('roles'), maxTtl: cap };
  if (checked.permissions.length === 0) throw new TypeError(`${where}: "permissions" grants nothing`);
  for (const name of ['roomId', 'participantId']) {
    if (grant[name] === undefined) continue;
    if (typeof grant[name] !== 'string' || !grant[name]) throw new TypeError(`${where}: "${name}" must be a non-empty string`);
    checked[name] = grant[name];
  }
  if (grant.maxTtl !== undefined) checked.maxTtl = Math.min(cap, spanSeconds(grant.maxTtl, `${where}: "maxTtl"`));
  return checked;
}

/**
 * Caller keys as `RTC_TOKEN_CALLER_KEYS` (or its file) writes them: `id:key` pairs separated by
 * commas or lines, each granted {@link SERVER_GRANT}; or a JSON array of `{ id, key, grant? }`.
 * Checked by {@link callerKeys}.
 */
export function parseCallerKeys(text) {
  const trimmed = String(text ?? '').trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      throw new TypeError('RTC_TOKEN_CALLER_KEYS is not valid JSON (a JSON array of { id, key, grant? }, or id:key pairs)');
    }
  }
  return trimmed.split(/[,\n]/).map((pair) => pair.trim()).filter(Boolean).map((pair) => {
    const at = pair.indexOf(':');
    return at < 0 ? { id: pair } : { id: pair.slice(0, at), key: pair.slice(at + 1) };
  });
}

/** `[{ id, key, grant? }]` checked: ids unique and printable, keys of 32 characters or more. */
export function callerKeys(entries, cap, where = 'callerKeys') {
  if (!Array.isArray(entries)) throw new TypeError(`${where} must be an array of { id, key, grant? }`);
  const ids = new Set();
  return entries.map((entry, i) => {
    const { id, key, grant = SERVER_GRANT } = entry ?? {};
    if (typeof id !== 'string' || !/^[\w.@-]{1,64}$/.test(id) || ids.has(id)) {
      throw new TypeError(`${where}: entry ${i + 1} needs a unique "id" of letters, digits, . @ _ -`);
    }
    if (typeof key !== 'string' || key.length < 32) {
      throw new TypeError(`${where}: the key of "${id}" must be at least 32 characters (a random value, e.g. 32 bytes as hex)`);
    }
    ids.add(id);
    return { id, key: new TextEncoder().encode(key), grant: checkGrant(grant, cap, `${where} "${id}"`) };
  });
}

/**
 * The caller whose key is `presented`, or undefined. Every key is compared, each in time that
 * depends only on the lengths, so the answer's timing says nothing about which bytes matched.
 */
export function findCaller(keys, presented) {
  const bytes = new TextEncoder().encode(presented);
  let found;
  for (const caller of keys) {
    let difference = caller.key.length ^ bytes.length;
    for (let i = 0; i < caller.key.length; i++) difference |= caller.key[i] ^ (bytes[i % (bytes.length || 1)] ?? 0);
    if (difference === 0 && found === undefined) found = caller;
  }
  return found;
}

/**
 * The payload and options for GET /get-token's query, within `grant`: every ask outside it is a
 * 403 naming what was refused; a lifetime over the server's cap is a 400 naming the cap.
 */
export function narrow(grant, query, { apiKey, cap, defaultTtl }) {
  for (const name of new Set(query.keys())) {
    if (!QUERY.includes(name)) throw new HttpError(400, { error: `unknown query parameter "${name}"; the parameters are ${QUERY.join(', ')}` });
    if (SINGLE_VALUED.includes(name) && query.getAll(name).length > 1) {
      throw new HttpError(400, { error: `query parameter "${name}" is given more than once` });
    }
  }
  // permissions=allow_join,allow_mod or permissions=allow_join&permissions=allow_mod
  const list = (name) => query.getAll(name).flatMap((value) => value.split(','));
  const within = (asked, granted, what) => {
    const refused = asked.filter((item) => !granted.includes(item));
    if (refused.length) {
      throw new HttpError(403, { error: `${what} ${refused.map((r) => JSON.stringify(r)).join(', ')} not granted to this caller; it may have ${granted.join(', ')}`, refused });
    }
    return asked;
  };
  const permissions = query.has('permissions') ? within(list('permissions'), grant.permissions, 'permission') : [...grant.permissions];
  const roles = query.has('role') ? within(list('role'), grant.roles, 'role') : [...grant.roles];
  const participant = query.get('participantId') ?? query.get('peerId');
  if (query.has('participantId') && query.has('peerId') && query.get('participantId') !== query.get('peerId')) {
    throw new HttpError(400, { error: '"peerId" and "participantId" name the same thing and differ' });
  }
  const scoped = (name, asked) => {
    if (grant[name] === undefined) return asked ?? undefined;
    if (asked !== null && asked !== undefined && asked !== grant[name]) {
      throw new HttpError(403, { error: `this caller may mint tokens for ${name} "${grant[name]}" only`, refused: [name] });
    }
    return grant[name];
  };
  const payload = { apikey: apiKey, permissions, version: 2 };
  const roomId = scoped('roomId', query.get('roomId'));
  const participantId = scoped('participantId', participant);
  if (roomId !== undefined) payload.roomId = roomId;
  if (participantId !== undefined) payload.participantId = participantId;
  if (roles.length) payload.roles = roles;

  const ttl = query.get('ttl');
  const seconds = ttl === null ? Math.min(defaultTtl, grant.maxTtl) : askedTtl(ttl);
  if (seconds > cap) throw new HttpError(400, { error: `ttl ${ttl} is longer than this server's longest token lifetime, ${cap} seconds` });
  if (seconds > grant.maxTtl) throw new HttpError(403, { error: `ttl ${ttl} is longer than this caller may mint, ${grant.maxTtl} seconds`, refused: ['ttl'] });
  return { payload, options: { expiresIn: seconds, jwtid: true } };
}

/** A `ttl` asked for: seconds (a whole number) or a time span ("10m", "2h"). */
function askedTtl(ttl) {
  try {
    return spanSeconds(/^[0-9]+$/.test(ttl) ? Number(ttl) : ttl, '"ttl"');
  } catch (error) {
    throw new HttpError(400, { error: error.message });
  }
}
