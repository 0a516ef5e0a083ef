// The one conformance body every runtime runs against the installed package. It uses only what
// every runtime has (no Buffer, no node: imports, no file access), and compares with the
// expectations the Node runner computed from the real jsonwebtoken (see fixture.mjs).
//
// It returns `{ checks: [{ name, ok, detail }], minted: { jwtid, token }, globals }`; the runner
// decides pass or fail and re-checks `minted` against jsonwebtoken itself.

/**
 * @param {object} api the package as the entry loaded it (`import * as` or `require`)
 * @param {object} fixture made by fixture.mjs in Node
 * @param {'rtc-token'|'rtc-token/hmac'} [entry] which entry `api` is: the main one signs RS256 on
 *   its full core, loaded on demand; the HMAC-only one refuses the key with its documented error
 */
export async function conformance(api, fixture, entry = 'rtc-token') {
  const checks = [];
  const check = (name, fn) => {
    try {
      const detail = fn();
      checks.push({ name, ok: detail === true, detail: detail === true ? '' : String(detail) });
    } catch (error) {
      checks.push({ name, ok: false, detail: `threw ${describeError(error)}` });
    }
  };
  const secretOf = (which) => (which === 'bytes' ? new Uint8Array(fixture.secrets.bytes) : fixture.secrets.text);
  const atFixtureTime = (fn) => withClock(fixture.nowMs, fn);

  check('exports', () => {
    const missing = ['sign', 'verify', 'decode', 'generateToken', 'JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].filter(
      (name) => typeof api[name] !== 'function',
    );
    return missing.length === 0 || `missing: ${missing}`;
  });
  // `import jwt from 'rtc-token'` (and TypeScript's or a bundler's interop, which read
  // `.default`) gets the same functions and classes.
  check('default export', () => {
    const names = ['sign', 'verify', 'decode', 'generateToken', 'JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'];
    const differ = names.filter((name) => api.default?.[name] !== api[name]);
    return differ.length === 0 || `default.${differ.join(', default.')} differ`;
  });

  for (const c of fixture.sign) {
    check(`sign ${c.name}`, () => same(atFixtureTime(() => api.sign(c.payload, secretOf(c.secret), c.options)), c.token));
  }
  const seed = fixture.sign[0];
  check('generateToken', () => same(atFixtureTime(() => api.generateToken(seed.payload, secretOf(seed.secret), seed.options)), seed.token));

  for (const c of fixture.verify) {
    check(`verify ${c.name}`, () => {
      const result = atFixtureTime(() => outcome(() => api.verify(c.token, secretOf(c.secret), c.options)));
      return c.expected.error ? sameError(api, result, c.expected.error) : sameValue(result, c.expected.value);
    });
  }
  for (const c of fixture.decode) {
    check(`decode ${c.name}`, () => sameValue(outcome(() => api.decode(c.token, c.options)), c.expected));
  }
  check(`sign error ${fixture.signError.name}`, () => {
    const c = fixture.signError;
    return sameError(api, atFixtureTime(() => outcome(() => api.sign(c.payload, secretOf(c.secret), c.options))), c.error);
  });

  await callbackChecks(api, fixture, check, secretOf, atFixtureTime);
  // RS/PS/ES/EdDSA through the main entry (rtc-token/hmac refuses every such key: checked below).
  const asymmetric = entry === 'rtc-token' ? asymmetricChecks(api, fixture.asymmetric, check, atFixtureTime) : {};

  const rs = fixture.rs256;
  check(`RS256 key through ${entry}`, () => {
    const signed = atFixtureTime(() => outcome(() => api.sign(rs.payload, rs.privateKey, rs.options)));
    const verified = atFixtureTime(() => outcome(() => api.verify(rs.token, rs.publicKey)));
    if (entry === 'rtc-token/hmac') {
      const signError = sameError(api, signed, rs.hmacSignError);
      return signError === true ? sameError(api, verified, rs.hmacVerifyError) : `sign: ${signError}`;
    }
    const token = signed.error ? `sign threw ${describeError(signed.error)}` : same(signed.value, rs.token);
    return token === true ? sameValue(verified, rs.claims) : token;
  });

  // A random jwtid drawn per call (workerd refuses random values at global scope).
  const jwtid = crypto.randomUUID();
  const token = atFixtureTime(() => api.generateToken(fixture.uuid.payload, fixture.secrets.text, { ...fixture.uuid.options, jwtid }));
  check('uuid jwtid', () => {
    const claims = atFixtureTime(() => api.verify(token, fixture.secrets.text, { jwtid, algorithms: ['HS256'] }));
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(jwtid)) return `not a v4 uuid: ${jwtid}`;
    return same(claims.jti, jwtid);
  });

  const globals = { process: typeof globalThis.process?.nextTick === 'function', Buffer: typeof globalThis.Buffer === 'function' };
  // Which primitive made and checked the asymmetric signatures (node:crypto or wasm).
  const host = api.__hostSignatures();
  return { checks, minted: { jwtid, token, asymmetric }, globals, host };
}

/** RS/PS/ES/EdDSA: returns the round trips' tokens, for the runner to check in Node. */
function asymmetricChecks(api, fixture, check, atFixtureTime) {
  const { keys } = fixture;
  for (const c of fixture.sign) {
    check(`asymmetric sign ${c.name}`, () => same(atFixtureTime(() => api.sign(fixture.payload, keys[c.key].private, c.options)), c.token));
  }
  for (const c of fixture.verify) {
    check(`asymmetric verify ${c.name}`, () => {
      const result = atFixtureTime(() => outcome(() => api.verify(c.token, keys[c.key].public, c.options)));
      return c.expected.error ? sameError(api, result, c.expected.error) : sameValue(result, c.expected.value);
    });
  }
  const tokens = {};
  for (const { alg, key } of fixture.roundTrip) {
    check(`asymmetric round trip ${alg}`, () => {
      const token = (tokens[alg] = atFixtureTime(() => api.sign(fixture.payload, keys[key].private, { algorithm: alg })));
      const claims = atFixtureTime(() => outcome(() => api.verify(token, keys[key].public, { algorithms: [alg] })));
      return sameValue(claims, { ...fixture.payload, iat: fixture.iat });
    });
  }
  return tokens;
}

/** The callback forms: sign's token arrives later (never synchronously), verify's synchronously. */
async function callbackChecks(api, fixture, check, secretOf, atFixtureTime) {
  const seed = fixture.sign[0];
  const valid = fixture.verify.find((c) => c.name === 'valid');
  const expired = fixture.verify.find((c) => c.name === 'expired');

  let sync = true;
  const signed = new Promise((resolve) => {
    atFixtureTime(() => api.sign(seed.payload, secretOf(seed.secret), seed.options, (error, token) => resolve({ error, token, sync })));
  });
  sync = false;
  const signResult = await withTimeout(signed, 'sign callback');
  check('callback sign', () => {
    if (signResult.sync) return 'the callback ran synchronously (jsonwebtoken calls it on the next tick)';
    if (signResult.error) return `error: ${describeError(signResult.error)}`;
    return same(signResult.token, seed.token);
  });

  check('callback verify', () => {
    let got;
    atFixtureTime(() => api.verify(valid.token, secretOf(valid.secret), valid.options, (error, claims) => (got = { error, claims })));
    if (!got) return 'the callback was not called synchronously';
    return got.error ? `error: ${describeError(got.error)}` : sameValue({ value: got.claims }, valid.expected.value);
  });

  check('callback verify error', () => {
    let got;
    atFixtureTime(() => api.verify(expired.token, secretOf(expired.secret), expired.options, (error) => (got = { error })));
    if (!got) return 'the callback was not called synchronously';
    return sameError(api, got, expired.expected.error);
  });

  check('callback getSecret', () => {
    let got;
    const getSecret = (header, callback) => callback(null, header.alg === 'HS256' ? secretOf(valid.secret) : 'wrong');
    atFixtureTime(() => api.verify(valid.token, getSecret, valid.options, (error, claims) => (got = { error, claims })));
    if (!got) return 'the callback was not called';
    return got.error ? `error: ${describeError(got.error)}` : sameValue({ value: got.claims }, valid.expected.value);
  });
}

/** Runs `fn` with Date.now() frozen at `ms` (the wasm core reads the clock through Date.now). */
function withClock(ms, fn) {
  const realNow = Date.now;
  Date.now = () => ms;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}

function outcome(fn) {
  try {
    return { value: fn() };
  } catch (error) {
    return { error };
  }
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no call within 5 s`)), 5000)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function same(actual, expected) {
  return actual === expected || `got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`;
}

function sameValue(result, expected) {
  if (result.error) return `threw ${describeError(result.error)}, want ${JSON.stringify(expected)}`;
  // Exact JSON text: claim order is part of being a drop-in.
  return same(JSON.stringify(result.value), JSON.stringify(expected));
}

/**
 * The error must be an instance of the package's class of that name (and of
 * JsonWebTokenError and Error), with jsonwebtoken's name, message, Object.keys and
 * JSON.stringify (which carries expiredAt/date).
 */
function sameError(api, result, want) {
  const { error } = result;
  if (!error) return `no error, want ${want.name}: ${want.message}`;
  const Class = api[want.name] ?? globalThis[want.name];
  if (!(error instanceof Class)) return `${describeError(error)} is not an instance of ${want.name}`;
  if (want.name !== 'Error' && want.name !== 'TypeError' && !(error instanceof api.JsonWebTokenError)) {
    return `${describeError(error)} is not an instance of JsonWebTokenError`;
  }
  if (!(error instanceof Error)) return 'not an instance of Error';
  const got = { name: error.name, message: error.message, keys: Object.keys(error), json: JSON.stringify(error) };
  return same(JSON.stringify(got), JSON.stringify({ name: want.name, message: want.message, keys: want.keys, json: want.json }));
}

function describeError(error) {
  return error instanceof Error ? `${error.constructor.name}(${JSON.stringify(error.message)})` : JSON.stringify(error);
}
