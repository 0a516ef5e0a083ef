// Shared by the JavaScript tests: the package loaded both ways, a frozen clock, the vectors.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as esm from 'rtc-token';

const require = createRequire(import.meta.url);

/** The installed package through `import` and through `require`. */
export const forms = { import: esm, require: require('rtc-token') };

/** The reference implementation. */
export const jsonwebtoken = require('jsonwebtoken');

/** Runs `fn` with `Date.now()` frozen at `seconds` (plus 123 ms, as the vectors were made). */
export function atTime(seconds, fn) {
  const realNow = Date.now;
  Date.now = () => seconds * 1000 + 123;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}

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
