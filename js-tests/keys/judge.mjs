// The rules of the key-material differential test, and its tally. A case's outcome from
// rtc-token is judged against jsonwebtoken's (cases.mjs): equal, or allowed by a named category of
// the allow-list (counted), or a mismatch; a forged token accepted is a forgery, and there must
// be none. Used by the Node test and the runtimes' runners alike.
import { CATEGORY } from './cases.mjs';

/**
 * @param {object} c a case (cases.mjs): `op`, `forged`, `expected`, `category`, `randomized`
 * @param {{ value?: unknown, error?: { name: string, message: string } }} actual rtc-token's outcome
 * @param {{ relaxed?: boolean, cross?: (c: object, theirs: string, ours: string) => true|string }} rules
 *   `relaxed`: a wasm-only runtime, where rtc-token may refuse (throw) instead of agreeing;
 *   `cross`: checks a randomized (PS/ES) token each way
 * @returns {{ ok: boolean, category?: string, forgery?: boolean, detail?: string }}
 */
export function judge(c, actual, { relaxed = false, cross } = {}) {
  const threw = 'error' in actual;
  const forgery = c.op === 'verify' && c.forged && !threw;
  if (forgery) return { ok: false, forgery: true, detail: 'a forged token was accepted' };
  // Refusals that the allow-list requires: any message, but a refusal.
  if (c.category === CATEGORY.failClosed || c.category === CATEGORY.openssl || c.expected.refuse) {
    return threw ? { ok: true, category: c.category } : { ok: false, detail: 'rtc-token must refuse here' };
  }
  // PS/ES: randomized signatures; the same header and payload, and each side verifies the other's.
  if (c.randomized && 'value' in actual) {
    if (signingInput(actual.value) !== signingInput(c.expected.value)) return { ok: false, detail: 'header or payload differs' };
    const checked = cross(c, c.expected.value, actual.value);
    return checked === true ? { ok: true } : { ok: false, detail: checked };
  }
  if (same(c.expected, actual)) return { ok: true };
  if (threw && c.category === CATEGORY.bareJwk) return { ok: true, category: CATEGORY.bareJwk };
  if (threw && relaxed) return { ok: true, category: CATEGORY.wasmRefusal };
  return { ok: false };
}

/** Equal outcomes: both values (tokens byte for byte, payloads as JSON text), or both errors with one name and message. */
function same(expected, actual) {
  if ('value' in expected !== 'value' in actual) return false;
  if ('value' in expected) return JSON.stringify(actual.value) === JSON.stringify(expected.value);
  return expected.error.name === actual.error.name && expected.error.message === actual.error.message;
}

const signingInput = (token) => (typeof token === 'string' ? token.slice(0, token.lastIndexOf('.')) : undefined);

/** What the test prints and asserts: counts per category, forgeries, and the mismatches. */
export class Tally {
  constructor(label) {
    this.label = label;
    this.cases = 0;
    this.forgeriesRefused = 0;
    this.forgeriesAccepted = 0;
    this.referenceAccepted = 0; // forged tokens jsonwebtoken itself accepts (CATEGORY.failClosed)
    this.categories = new Map();
    this.mismatches = [];
  }

  record(c, actual, verdict) {
    this.cases += 1;
    if (c.op === 'verify' && c.forged) {
      if ('error' in actual) this.forgeriesRefused += 1;
      else this.forgeriesAccepted += 1;
      if ('value' in c.expected) this.referenceAccepted += 1;
    }
    if (verdict.category) this.categories.set(verdict.category, (this.categories.get(verdict.category) ?? 0) + 1);
    if (!verdict.ok) this.mismatches.push({ c, actual, verdict });
  }

  get allowListed() {
    return [...this.categories.values()].reduce((a, b) => a + b, 0);
  }

  /** The one line the issue asks for, plus the allow-list by category. */
  summary() {
    const categories = [...this.categories].map(([name, n]) => `${name}: ${n}`).join('; ');
    return [
      `key-material differential: ${this.cases} cases, ${this.forgeriesRefused} forgeries refused, ${this.allowListed} allow-listed (${this.label})`,
      `  allow-list: ${categories || 'none'}; forged tokens jsonwebtoken itself accepts: ${this.referenceAccepted}; forgeries rtc-token accepted: ${this.forgeriesAccepted}; mismatches: ${this.mismatches.length}`,
    ];
  }

  /** The first `limit` mismatches in full, then every mismatch grouped by what differs (for the Rust side). */
  report(limit = 20) {
    const lines = this.mismatches.slice(0, limit).map(({ c, actual, verdict }) =>
      [`- ${describe(c)}`, `    jsonwebtoken: ${show(c.expected)}`, `    rtc-token:    ${show(actual)}${verdict.detail ? `  (${verdict.detail})` : ''}`].join('\n'),
    );
    const groups = new Map();
    for (const { c, actual, verdict } of this.mismatches) {
      const key = `${verdict.forgery ? 'FORGERY ' : ''}${c.op} ${c.op === 'verify' ? 'HS*' : c.alg} | ${c.family} | jsonwebtoken ${show(c.expected, true)} | rtc-token ${show(actual, true)}`;
      const group = groups.get(key) ?? { n: 0, example: c };
      group.n += 1;
      groups.set(key, group);
    }
    const grouped = [...groups].sort((a, b) => b[1].n - a[1].n).map(([key, { n, example }]) => `${String(n).padStart(6)} × ${key}  (e.g. ${example.entryName}, ${example.inputLabel})`);
    return [...lines, `mismatches by kind (${groups.size} kinds):`, ...grouped.slice(0, 60), ...(groups.size > 60 ? [`… ${groups.size - 60} more kinds`] : [])];
  }
}

/** One case in a line: entry, input and call. */
export function describe(c) {
  const call = c.op === 'verify' ? `verify ${c.alg} token forged with ${c.secret}, options ${c.options}, ${c.via}` : `sign ${c.alg}`;
  return `${c.entryName} | ${c.inputLabel} | ${call}`;
}

function show(outcome, short = false) {
  if (outcome.refuse) return 'must refuse (rtc-token only)';
  if ('error' in outcome) return `${outcome.error.name}: ${short ? outcome.error.message.slice(0, 90) : outcome.error.message}`;
  if (short) return typeof outcome.value === 'string' ? 'a token' : 'a payload';
  const text = JSON.stringify(outcome.value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
