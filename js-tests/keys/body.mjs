// The runtime-neutral half of the key-material differential test: how one verify or sign call is
// made and its outcome recorded, and `runKeyMaterial`, which replays a serialised fixture
// (fixture.mjs) through an rtc-token API in any runtime. Nothing here needs Node: no Buffer, no
// node: imports, no files. The Node test (key-material.test.mjs) calls jsonwebtoken and rtc-token
// through the same functions; the runners judge the outcomes in Node (judge.mjs).

/** The twelve algorithms jsonwebtoken names, HS first. */
export const ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
export const HMAC_ALGORITHMS = ALGORITHMS.slice(0, 3);

/** The options each forged token is verified with. */
export const OPTION_SETS = {
  none: () => ({}),
  alg: (alg) => ({ algorithms: [alg] }),
  all: () => ({ algorithms: [...ALGORITHMS] }),
};

/** How the key reaches verify: as the argument, or from `getSecret(header, callback)`. */
export const VIAS = ['sync', 'getSecret'];

/**
 * An outcome as the runners compare it: `{ value }`, or `{ error: { name, message, code? } }`
 * (`code`, when a string: node:crypto's `ERR_OSSL_…` codes tell OpenSSL's own errors).
 */
export function shape(result) {
  if (!('error' in result)) return { value: result.value };
  const { error } = result;
  if (error === null || typeof error !== 'object') return { error: { name: typeof error, message: String(error) } };
  const out = { name: String(error.name), message: String(error.message) };
  if (typeof error.code === 'string') out.code = error.code;
  return { error: out };
}

/** Runs `fn` with Date.now() frozen at `ms` (jsonwebtoken and the wasm core read the clock there). */
export function withClock(ms, fn) {
  const realNow = Date.now;
  Date.now = () => ms;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}

/** `api.verify(token, key, options)`, sync or through getSecret and the callback, as a shape. */
export function verifyOutcome(api, token, key, options, via, nowMs) {
  return withClock(nowMs, () => {
    if (via === 'sync') return attempt(() => api.verify(token, key, options));
    let got;
    const thrown = attempt(() =>
      api.verify(token, (header, callback) => callback(null, key), options, (error, payload) => {
        got ??= error ? shape({ error }) : { value: payload };
      }),
    );
    if ('error' in thrown) return thrown;
    // jsonwebtoken calls back synchronously when getSecret does; so must rtc-token.
    return got ?? { error: { name: 'NoCallback', message: 'the callback was not called synchronously' } };
  });
}

/** `api.sign(payload, key, options)` as a shape. */
export function signOutcome(api, payload, key, options, nowMs) {
  return withClock(nowMs, () => attempt(() => api.sign(payload, key, options)));
}

function attempt(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return shape({ error });
  }
}

/** A serialised input back into the value a caller passes: `{ $bytes: base64 }` → Uint8Array. */
export function revive(value) {
  if (Array.isArray(value)) return value.map(revive);
  if (value === null || typeof value !== 'object') return value;
  if (typeof value.$bytes === 'string') return Uint8Array.from(atob(value.$bytes), (c) => c.charCodeAt(0));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
}

/**
 * Replays `fixture` (made by fixture.mjs) through `api`. Returns `{ outcomes, cross, count }`:
 * one outcome per case, in order; for each randomized sign case (PS/ES), `cross[i]` is rtc-token
 * verifying jsonwebtoken's token for it with the entry's public key (the runner checks the other
 * direction, rtc-token's token by jsonwebtoken, in Node).
 */
export function runKeyMaterial(api, fixture) {
  const inputs = fixture.inputs.map(revive);
  const outcomes = [];
  const cross = {};
  fixture.cases.forEach((c, i) => {
    const key = inputs[c.input];
    if (c.op === 'verify') {
      const token = fixture.tokens[c.token];
      outcomes.push(verifyOutcome(api, token, key, OPTION_SETS[c.options](c.alg), c.via, fixture.nowMs));
      return;
    }
    outcomes.push(signOutcome(api, fixture.payload, key, { algorithm: c.alg }, fixture.nowMs));
    if (c.reference !== undefined) {
      const publicPem = fixture.publicPems[c.entry];
      cross[i] = verifyOutcome(api, c.reference, publicPem, { algorithms: [c.alg] }, 'sync', fixture.nowMs);
    }
  });
  return { outcomes, cross, count: outcomes.length };
}

