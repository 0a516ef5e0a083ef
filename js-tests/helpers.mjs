// Shared by the JavaScript tests: the package loaded both ways, a frozen clock, the vectors.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as esm from 'rtc-token';
import { atTime } from './clock.mjs';
import { loadWasmOnly } from './wasm-only.mjs';

const require = createRequire(import.meta.url);

/** The installed package through `import` and through `require`. */
export const forms = { import: esm, require: require('rtc-token') };

/** The installed package as workerd and browsers run it (see wasm-only.mjs). */
export const wasmOnly = await loadWasmOnly(dirname(require.resolve('rtc-token/package.json')));

/** `forms` and `wasmOnly`: for the suites that must hold whichever primitive signs (node:crypto or wasm). */
export const bothPrimitives = { ...forms, 'wasm-only': wasmOnly };

/** The reference implementation. */
export const jsonwebtoken = require('jsonwebtoken');

/** Runs `fn` with `Date.now()` frozen at `seconds` (plus 123 ms, as the vectors were made). */
export { atTime };

/** The cases of js-tests/vectors/<name>.json. */
export function vectors(name) {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}.json`, import.meta.url), 'utf8')).cases;
}

/** A secret as a vector describes it. */
export function secretOf(spec) {
  if (spec.type === 'string') return spec.value;
  if (spec.type === 'buffer') return Buffer.from(spec.base64, 'base64');
  return undefined;
}

/** Calls `fn`, returning `{ value }` or `{ error }`. */
export function outcome(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

// ---- Differential testing: the same call through jsonwebtoken and rtc-token ----

/** The instant (seconds since the epoch) the differential tests freeze the clock at. */
export const NOW = 1700000000;

/**
 * What must agree with jsonwebtoken for one `outcome`: the value, or the error's class
 * (constructor name), message and `expiredAt`/`date` time. Anything thrown that is not an Error
 * is kept as is.
 */
export function comparable(result) {
  if (!('error' in result)) return { value: result.value };
  const { error } = result;
  if (!(error instanceof Error)) return { thrown: error };
  const shape = { class: error.constructor.name, message: error.message };
  if ('expiredAt' in error) shape.expiredAt = error.expiredAt instanceof Date ? error.expiredAt.getTime() : 'not a Date';
  if ('date' in error) shape.date = error.date instanceof Date ? error.date.getTime() : 'not a Date';
  return shape;
}

/**
 * Runs `call(jsonwebtoken)` and `call(api)`, each under the clock frozen at `seconds`, and
 * returns both outcomes as `comparable` shapes: `{ expected, actual }`.
 */
export function againstReference(api, call, seconds = NOW) {
  return {
    expected: comparable(atTime(seconds, () => outcome(() => call(jsonwebtoken)))),
    actual: comparable(atTime(seconds, () => outcome(() => call(api)))),
  };
}

/** A sign vector's payload as a JavaScript value. */
export function vectorPayload(spec) {
  if (spec.type === 'object') return JSON.parse(spec.json);
  if (spec.type === 'buffer') return Buffer.from(spec.base64, 'base64');
  return spec.value;
}

/** A small deterministic generator (mulberry32), so a failure reproduces. */
export function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
