// Rate limits: a token bucket per route and client, kept in the server's state (./state/), so
// that a fleet sharing Redis or a Durable Object limits a client once, not once per instance.
//
// The client is the authenticated caller where there is one (its caller key's id), else its
// address (an IPv6 client by its /64, which one host is given whole): the socket's peer, or, behind a proxy the operator names, the address that proxy
// reports (`clientAddressHeader`). A header is trusted only when configured: otherwise anyone
// could name a fresh address on every request.
//
// The defaults are far above what an app's users do (a participant asks for a token when joining
// a room) and far below what a script flooding the server does.
import { HttpError } from './http.mjs';

/** Requests per client and route group. `other`: the inspector page, `GET /`, and unknown paths. */
export const DEFAULT_RATES = Object.freeze({ token: '60/min', create: '10/min', validate: '120/min', other: '300/min' });

const UNITS = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600 };

/**
 * A rate from `"N/unit"` (unit: s, sec, second, m, min, minute, h, hour; `"N/10s"` too) or
 * `{ limit, seconds }`.
 * @returns {import('./state/contract.mjs').Rate}
 */
export function parseRate(rate, name) {
  if (rate !== null && typeof rate === 'object') {
    const { limit, seconds } = rate;
    if (Number.isInteger(limit) && limit > 0 && Number.isFinite(seconds) && seconds > 0) return { limit, seconds };
  } else {
    const found = /^\s*(\d+)\s*\/\s*(\d*)\s*([a-z]+)\s*$/.exec(String(rate));
    const unit = found && UNITS[found[3]];
    const count = found ? Number(found[2] || 1) : 0;
    const limit = found ? Number(found[1]) : 0;
    if (unit && count > 0 && Number.isSafeInteger(limit) && limit > 0) return { limit, seconds: count * unit };
  }
  throw new TypeError(`${name} must be a rate such as "60/min" (or "10/s", "1000/h", or { limit, seconds })`);
}

/**
 * The rate of each route group: `DEFAULT_RATES` overridden by `limits`; `false` (or a group's
 * `false`) turns limiting off.
 * @param {false | Partial<Record<keyof typeof DEFAULT_RATES, string | false | { limit: number, seconds: number }>>} [limits]
 * @returns {Partial<Record<string, import('./state/contract.mjs').Rate>>}
 */
export function ratesOf(limits = {}) {
  if (limits === false) return {};
  if (limits === null || typeof limits !== 'object') throw new TypeError('"limits" must be an object of rates, or false');
  const unknown = Object.keys(limits).filter((group) => !Object.hasOwn(DEFAULT_RATES, group));
  if (unknown.length) throw new TypeError(`"limits" has no group ${unknown.join(', ')}; the groups are ${Object.keys(DEFAULT_RATES).join(', ')}`);
  const rates = {};
  for (const [group, fallback] of Object.entries(DEFAULT_RATES)) {
    const rate = limits[group] ?? fallback;
    if (rate !== false) rates[group] = parseRate(rate, `limits.${group}`);
  }
  return rates;
}

/** The route group of a request path (after the trailing slash is trimmed). */
export function groupOf(path) {
  if (path === '/get-token') return 'token';
  if (path === '/create-meeting') return 'create';
  if (path.startsWith('/validate-meeting/')) return 'validate';
  return 'other';
}

/**
 * What a client counts as, for rate limits and connection caps: its IPv4 address (an IPv4-mapped IPv6 one too), or the /64 of
 * an IPv6 one (one host is given a whole /64, so a per-address cap on IPv6 would cap nothing).
 * @param {string|undefined} address
 */
export function addressKey(address) {
  if (typeof address !== 'string' || address === '') return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const [head, tail] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => (parseInt(group, 16) || 0).toString(16)).join(':')}::/64`;
}

/**
 * How a request's client address is read: the socket's (`info.clientAddress`, from the Node
 * adapter) unless a proxy header is configured. `x-forwarded-for` is read from the right: its
 * last entry is the one the operator's own proxy appended (the ones before it are whatever the
 * client sent). Any other header (`cf-connecting-ip`, `x-real-ip`) is taken whole.
 * @param {string} [header]
 */
export function clientAddressReader(header) {
  if (header === undefined || header === '') return (request, info) => addressKey(info?.clientAddress) ?? 'unknown';
  if (typeof header !== 'string' || !/^[a-z0-9-]+$/i.test(header)) throw new TypeError('"clientAddressHeader" must be a header name, such as "cf-connecting-ip"');
  const name = header.toLowerCase();
  return (request, info) => {
    const value = request.headers.get(name);
    if (!value) return addressKey(info?.clientAddress) ?? 'unknown';
    const address = (name === 'x-forwarded-for' ? value.split(',').at(-1) : value).trim().slice(0, 64);
    return addressKey(address) ?? 'unknown';
  };
}

/**
 * Takes one request from `who`'s bucket for `group`, or throws the 429 (with `Retry-After`).
 * @param {import('./state/contract.mjs').State} state
 */
export async function admit(state, rates, group, who, now) {
  const rate = rates[group];
  if (!rate) return;
  const { allowed, retryAfter } = await state.take(`rate:${group}:${who}`, rate, now);
  if (!allowed) {
    throw new HttpError(
      429,
      { error: `too many requests: at most ${rate.limit} per ${rate.seconds} s for this client on this route; retry in ${retryAfter} s`, retryAfter },
      { 'Retry-After': String(retryAfter) },
    );
  }
}
