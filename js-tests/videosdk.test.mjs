// The VideoSDK layer through the installed package, in both module forms: the access-token
// rules for every field and every permission/role combination, generateToken's defaults
// against live jsonwebtoken, jwtid: true and uuid4, and the room-side check's vectors
// (vectors/access.json, tokens signed by jsonwebtoken 9.0.3).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import * as jose from 'jose';
import { againstReference, atTime, forms, jsonwebtoken, NOW, vectors } from './helpers.mjs';

const SECRET = 'videosdk-test-secret';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PERMISSIONS = ['allow_join', 'ask_join', 'allow_mod'];
const ROLES = ['crawler', 'rtc'];
const subsets = (items) => Array.from({ length: 2 ** items.length }, (_, mask) => items.filter((_, i) => mask & (1 << i)));

// The rule for each field, as issue 6 states it, with the message that must name it.
const RULES = [
  ['payload not an object', 'just text', /^"payload" must be a plain object carrying "apikey" and "permissions"$/],
  ['payload an array', [1], /^"payload" must be a plain object/],
  ['apikey missing', { permissions: ['allow_join'] }, /^"apikey" is required/],
  ['apikey empty', { apikey: '', permissions: ['allow_join'] }, /^"apikey" must be a non-empty string$/],
  ['apikey a number', { apikey: 1, permissions: ['allow_join'] }, /^"apikey" must be a non-empty string$/],
  ['permissions missing', { apikey: 'k' }, /^"permissions" is required: a non-empty array of "allow_join", "ask_join" and "allow_mod"$/],
  ['permissions empty', { apikey: 'k', permissions: [] }, /^"permissions" must be a non-empty array/],
  ['permissions a string', { apikey: 'k', permissions: 'allow_join' }, /^"permissions" must be a non-empty array/],
  ['unknown permission', { apikey: 'k', permissions: ['allow_join', 'allow_everything'] }, /^"permissions" holds "allow_everything", which is not one of/],
  ['permission of another case', { apikey: 'k', permissions: ['ALLOW_JOIN'] }, /^"permissions" holds "ALLOW_JOIN"/],
  ['version other than 2', { apikey: 'k', permissions: ['allow_join'], version: 1 }, /^"version" must be 2/],
  ['roomId without version 2', { apikey: 'k', permissions: ['allow_join'], roomId: 'r' }, /^"roomId" requires "version": 2$/],
  ['participantId without version 2', { apikey: 'k', permissions: ['allow_join'], participantId: 'p' }, /^"participantId" requires "version": 2$/],
  ['roles without version 2', { apikey: 'k', permissions: ['allow_join'], roles: ['rtc'] }, /^"roles" requires "version": 2$/],
  ['roomId empty', { apikey: 'k', permissions: ['allow_join'], version: 2, roomId: '' }, /^"roomId" must be a non-empty string$/],
  ['participantId a number', { apikey: 'k', permissions: ['allow_join'], version: 2, participantId: 7 }, /^"participantId" must be a non-empty string$/],
  ['roles a string', { apikey: 'k', permissions: ['allow_join'], version: 2, roles: 'rtc' }, /^"roles" must be an array of "crawler" and "rtc"$/],
  ['unknown role', { apikey: 'k', permissions: ['allow_join'], version: 2, roles: ['admin'] }, /^"roles" holds "admin", which is not one of "crawler" and "rtc"$/],
];

for (const [form, api] of Object.entries(forms)) {
  describe(`VideoSDK rules through ${form}('rtc-token')`, () => {
    test('every field: a broken rule throws an Error naming the field, before any signing', () => {
      for (const [name, payload, message] of RULES) {
        assert.throws(() => api.generateToken(payload, SECRET), (e) => e.constructor === Error && message.test(e.message), name);
        // Callback form: the same error, synchronously, as sign's validation errors are.
        let seen;
        api.generateToken(payload, SECRET, {}, (err) => (seen = err));
        assert.match(seen?.message ?? '', message, `${name} (callback)`);
      }
    });

    test('every permission and role combination: accepted as jsonwebtoken signs it, or refused', () => {
      let accepted = 0;
      for (const permissions of subsets(PERMISSIONS)) {
        for (const roles of subsets(ROLES)) {
          for (const version of [undefined, 2]) {
            const payload = { apikey: 'k', permissions, ...(version && { version }), roles };
            const result = atTime(NOW, () => {
              try {
                return { token: api.generateToken(payload, SECRET) };
              } catch (error) {
                return { error: error.message };
              }
            });
            const label = JSON.stringify(payload);
            if (permissions.length === 0) assert.match(result.error, /^"permissions" must be a non-empty array/, label);
            else if (!version) assert.equal(result.error, '"roles" requires "version": 2', label);
            else {
              assert.equal(result.token, atTime(NOW, () => jsonwebtoken.sign(payload, SECRET, { expiresIn: '120m' })), label);
              accepted++;
            }
          }
        }
      }
      assert.equal(accepted, 7 * 4);
    });

    test('defaults: HS256 and expiresIn 120m, unless expiresIn or payload.exp is given', () => {
      const seed = { apikey: 'k', permissions: ['allow_join'], version: 2, roomId: '2kyv-gzay-64pg', participantId: 'lxvdplwt', roles: ['rtc'] };
      const mint = (payload, options) => atTime(NOW, () => api.generateToken({ ...payload }, SECRET, options));
      const reference = (payload, options) => atTime(NOW, () => jsonwebtoken.sign({ ...payload }, SECRET, options));
      assert.equal(mint(seed), reference(seed, { algorithm: 'HS256', expiresIn: '120m' }));
      assert.equal(mint(seed, { expiresIn: '24h' }), reference(seed, { expiresIn: '24h' }));
      assert.equal(mint({ ...seed, exp: NOW + 60 }), reference({ ...seed, exp: NOW + 60 }));
      assert.equal(mint(seed, { algorithm: 'HS512', noTimestamp: true }), reference(seed, { algorithm: 'HS512', noTimestamp: true, expiresIn: '120m' }));
      const claims = jsonwebtoken.decode(mint(seed));
      assert.equal(claims.exp - claims.iat, 7200);
      assert.equal(jsonwebtoken.decode(mint(seed), { complete: true }).header.alg, 'HS256');
      // Options pass through to sign's checks: the same error as jsonwebtoken for the same options.
      const { expected, actual } = againstReference(api, (lib) =>
        lib === jsonwebtoken ? lib.sign(seed, SECRET, { expiresIn: '120m', issuer: 5 }) : lib.generateToken(seed, SECRET, { issuer: 5 }));
      assert.deepEqual(actual, expected);
    });

    test('mutatePayload and the callback form behave as sign', async () => {
      const payload = { apikey: 'k', permissions: ['ask_join'] };
      const token = atTime(NOW, () => api.generateToken(payload, SECRET, { mutatePayload: true }));
      assert.deepEqual(payload, { apikey: 'k', permissions: ['ask_join'], iat: NOW, exp: NOW + 7200 });
      const viaCallback = await new Promise((resolve, reject) => {
        let sync = true;
        atTime(NOW, () => api.generateToken({ apikey: 'k', permissions: ['ask_join'] }, SECRET, (err, t) => (err || sync ? reject(err ?? new Error('sync')) : resolve(t))));
        sync = false;
      });
      assert.equal(viaCallback, token);
    });

    test("jwtid: true sets a fresh RFC 4122 v4 uuid; sign keeps jsonwebtoken's refusal", async () => {
      const jtis = new Set();
      for (let i = 0; i < 200; i++) {
        const token = api.generateToken({ apikey: 'k', permissions: ['allow_join'] }, SECRET, { jwtid: true });
        const { jti } = jsonwebtoken.verify(token, SECRET, { algorithms: ['HS256'] });
        assert.match(jti, UUID_V4);
        jtis.add(jti);
      }
      assert.equal(jtis.size, 200);
      const { expected, actual } = againstReference(api, (lib) => lib.sign({ a: 1 }, SECRET, { jwtid: true }));
      assert.deepEqual(actual, expected);
      assert.equal(expected.message, '"jwtid" must be a string');
      // Tokens verify in jose too.
      const token = api.generateToken({ apikey: 'k', permissions: ['allow_join'] }, SECRET, { jwtid: true });
      const { payload } = await jose.jwtVerify(token, new TextEncoder().encode(SECRET));
      assert.match(payload.jti, UUID_V4);
    });

    test('uuid4: version 4, variant 10, no repeats in 10,000', () => {
      const ids = new Set();
      for (let i = 0; i < 10_000; i++) {
        const id = api.uuid4();
        assert.match(id, UUID_V4);
        ids.add(id);
      }
      assert.equal(ids.size, 10_000);
    });

    test('random values refused (workerd outside a request): the documented error, never a reused uuid; then fresh ones again', () => {
      const crypto = globalThis.crypto;
      const seen = new Set();
      let refused;
      crypto.getRandomValues = () => {
        throw new Error('refused');
      };
      try {
        // The pool holds at most 32 uuids' worth: drawing on runs it dry.
        for (let i = 0; i < 40 && refused === undefined; i++) {
          try {
            seen.add(api.uuid4());
          } catch (error) {
            refused = error;
          }
        }
        assert.ok(refused, 'the pool ran dry without an error');
        assert.equal(refused.message, 'no secure random source is available for "jwtid": true');
        assert.throws(() => api.generateToken({ apikey: 'k', permissions: ['allow_join'] }, SECRET, { jwtid: true }), {
          message: 'no secure random source is available for "jwtid": true',
        });
      } finally {
        delete crypto.getRandomValues;
      }
      for (let i = 0; i < 100; i++) {
        const id = api.uuid4();
        assert.match(id, UUID_V4);
        assert.ok(!seen.has(id), `${id} handed out twice`);
        seen.add(id);
      }
    });

    test('room-side check: every vector (accepted, each refusal with its cause as inner, usage errors)', () => {
      const cases = vectors('access');
      assert.ok(cases.length >= 60);
      const secret = 'access-vector-secret';
      for (const c of cases) {
        const run = () => atTime(c.now, () => api.verifyAccessToken(c.token, secret, c.options));
        if (c.expected.usage) {
          // A usage error is thrown as it is, never as a refusal.
          assert.throws(run, (e) => e.constructor.name === c.expected.usage.name && e.message === c.expected.usage.message, c.name);
          continue;
        }
        if (c.expected.claims) {
          assert.deepEqual(run(), { claims: c.expected.claims, join: c.expected.join, moderate: c.expected.moderate }, c.name);
          continue;
        }
        let error;
        try {
          run();
        } catch (e) {
          error = e;
        }
        assert.ok(error instanceof api.JsonWebTokenError, `${c.name}: ${error}`);
        assert.equal(error.name, 'JsonWebTokenError', c.name);
        assert.equal(error.message, 'Token is invalid or expired', c.name);
        // jsonwebtoken's shape for a wrapped cause: name, message, inner.
        assert.deepEqual(Object.keys(error), ['name', 'message', 'inner'], c.name);
        assert.equal(error.inner.name, c.expected.inner.name, `${c.name}: inner class`);
        assert.equal(error.inner.message, c.expected.inner.message, `${c.name}: inner message`);
        if (c.expected.inner.expiredAt) assert.equal(error.inner.expiredAt.toISOString(), c.expected.inner.expiredAt, c.name);
        if (c.expected.inner.date) assert.equal(error.inner.date.toISOString(), c.expected.inner.date, c.name);
        if (c.expected.inner.name === 'TokenExpiredError') assert.ok(error.inner instanceof api.TokenExpiredError);
      }
    });

    test("generateToken: the docs' payloads (crawler+rtc together) signed byte for byte as jsonwebtoken (vectors)", () => {
      const { secret, generate } = JSON.parse(readFileSync(new URL('./vectors/access.json', import.meta.url), 'utf8'));
      assert.ok(generate.length >= 2);
      for (const v of generate) {
        assert.equal(atTime(v.now, () => api.generateToken(structuredClone(v.payload), secret, { ...v.options })), v.token, v.name);
      }
      // The docs' token, generated here, is good for a room and for the API.
      const docs = generate[0];
      for (const use of ['room', 'api']) {
        const access = atTime(docs.now + 60, () => api.verifyAccessToken(docs.token, secret, { apikey: docs.payload.apikey, use }));
        assert.deepEqual(access.claims.roles, ['crawler', 'rtc'], use);
      }
    });

    test('room-side check: usage errors are thrown as they are, not as refusals', () => {
      const token = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'] }, SECRET, { expiresIn: '1h' });
      assert.throws(() => api.verifyAccessToken(token, SECRET, { use: 'rooms' }), { name: 'Error', message: '"use" must be "room" or "api"' });
      assert.throws(() => api.verifyAccessToken(token, SECRET, { room: 'x' }), { message: /^"room" is not allowed in the options of verifyAccessToken/ });
      assert.throws(() => api.verifyAccessToken(token, SECRET, { roomId: 5 }), { message: '"roomId" must be a non-empty string' });
      assert.deepEqual(api.verifyAccessToken(token, SECRET).join, 'direct');
      // A Buffer secret works as in verify.
      assert.equal(api.verifyAccessToken(token, Buffer.from(SECRET), { apikey: 'k' }).claims.apikey, 'k');
      // maxLifetime: a non-negative number of seconds or a time span; anything else is a usage error.
      const maxLifetimeInvalid = '"maxLifetime" should be a non-negative number of seconds or string representing a timespan eg: "1d", "20h", 60';
      for (const maxLifetime of [NaN, Infinity, -Infinity, -1, -0.5, '-1h', 'soon', '', '1e3', null, true, {}, [3600], () => 3600]) {
        assert.throws(() => api.verifyAccessToken(token, SECRET, { maxLifetime }), (e) => e.constructor === Error && e.message === maxLifetimeInvalid, String(maxLifetime));
        // Whatever the token: the options are checked first.
        assert.throws(() => api.verifyAccessToken('not-a-token', SECRET, { maxLifetime }), (e) => e.constructor === Error && e.message === maxLifetimeInvalid, String(maxLifetime));
      }
      for (const maxLifetime of [undefined, 3600, 3600.5, '1h', '2 days', 1e9]) {
        assert.equal(api.verifyAccessToken(token, SECRET, { maxLifetime }).join, 'direct', String(maxLifetime));
      }
      for (const maxLifetime of [0, 3599, '59m', '3599999']) {
        assert.throws(() => api.verifyAccessToken(token, SECRET, { maxLifetime }), (e) => e instanceof api.JsonWebTokenError && /^the token's "exp" is more than [\d.]+ seconds from now/.test(e.inner?.message), String(maxLifetime));
      }
    });

    test('room-side check: a token must expire, within maxLifetime, whatever jsonwebtoken accepts', () => {
      const claims = { apikey: 'k', permissions: ['allow_join'] };
      const refusal = (token, options) => {
        try {
          atTime(NOW, () => api.verifyAccessToken(token, SECRET, options));
        } catch (error) {
          assert.ok(error instanceof api.JsonWebTokenError && error.message === 'Token is invalid or expired', String(error));
          return error.inner.message;
        }
        return 'accepted';
      };
      // jsonwebtoken accepts each of these; the room check does not.
      const forever = atTime(NOW, () => jsonwebtoken.sign(claims, SECRET));
      const long = atTime(NOW, () => jsonwebtoken.sign(claims, SECRET, { expiresIn: '7d' }));
      for (const token of [forever, long]) atTime(NOW, () => jsonwebtoken.verify(token, SECRET));
      assert.equal(refusal(forever), 'the token has no "exp": access tokens must expire');
      assert.equal(refusal(long), 'the token\'s "exp" is more than 86400 seconds from now, the longest lifetime this service accepts (maxLifetime)');
      assert.equal(refusal(long, { maxLifetime: '7d' }), 'accepted');
      assert.equal(refusal(long, { maxLifetime: 7 * 86400 - 1 }), 'the token\'s "exp" is more than 604799 seconds from now, the longest lifetime this service accepts (maxLifetime)');
      // generateToken's default (120m) is well inside the default maxLifetime.
      assert.equal(refusal(atTime(NOW, () => api.generateToken(claims, SECRET))), 'accepted');
    });
  });
}

test('3,000 hostile generateToken and verifyAccessToken calls leave the instance correct', () => {
  const api = forms.require;
  let seed = 0x71d;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const junkValue = () => pick([undefined, null, '', 'x', 0, 2, NaN, true, [], ['allow_join'], ['rtc', 'crawler'], {}, [null], ['a'.repeat(10_000)], 'allow_join']);
  const classes = new Set(['Error', 'TypeError', 'JsonWebTokenError']);
  const counts = {};
  for (let i = 0; i < 1500; i++) {
    const payload = pick([
      () => ({ apikey: junkValue(), permissions: junkValue() }),
      () => ({ apikey: 'k', permissions: ['allow_join'], version: junkValue(), roomId: junkValue(), participantId: junkValue(), roles: junkValue() }),
      () => junkValue(),
      () => ({ apikey: 'k', permissions: ['allow_join'], exp: junkValue() }),
    ])();
    const options = pick([undefined, {}, { jwtid: junkValue() }, { expiresIn: junkValue() }, { use: junkValue(), roomId: junkValue() }, { apikey: junkValue() }, 'x']);
    const token = pick([() => junkValue(), () => jsonwebtoken.sign({ apikey: 'k', permissions: junkValue(), version: 2, roles: junkValue() }, SECRET)])();
    for (const call of [() => api.generateToken(payload, pick([SECRET, '', undefined]), options), () => api.verifyAccessToken(token, SECRET, options)]) {
      try {
        call();
        counts.ok = (counts.ok ?? 0) + 1;
      } catch (error) {
        assert.ok(classes.has(error?.constructor?.name), `call ${i}: ${error?.constructor?.name}: ${error?.message}`);
        counts[error.constructor.name] = (counts[error.constructor.name] ?? 0) + 1;
      }
    }
  }
  assert.ok(counts.ok > 0 && counts.Error > 500 && counts.JsonWebTokenError > 100, JSON.stringify(counts));
  const seed2 = { apikey: 'k', permissions: ['allow_join'], version: 2, roomId: '2kyv-gzay-64pg', roles: ['rtc'] };
  assert.equal(atTime(NOW, () => api.generateToken(seed2, SECRET)), atTime(NOW, () => jsonwebtoken.sign(seed2, SECRET, { expiresIn: '120m' })));
});
