// A Rust panic inside wasm traps and poisons the instance for every later call. After 10,000
// hostile calls (malformed tokens, wrong secrets, bad options, junk payloads) the same module
// instance must still sign and verify byte-for-byte as jsonwebtoken does, and every failure
// along the way must be one of the documented error classes, never a wasm trap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atTime, forms, jsonwebtoken, random } from './helpers.mjs';

const api = forms.require;
const DOCUMENTED = new Set(['Error', 'TypeError', 'SyntaxError', 'JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

// A few genuine tokens to truncate and tamper with (made once: jsonwebtoken is slow to sign).
const VALID = Array.from({ length: 16 }, (_, n) => jsonwebtoken.sign({ sub: 'x', n }, 'secret'));

function junk(next) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  const text = (length, alphabet) =>
    Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const valid = pick(VALID);
  const seg = (json) => Buffer.from(json).toString('base64url');
  return {
    token: pick([
      () => text(Math.floor(next() * 200), b64 + '.'),
      () => valid.slice(0, Math.floor(next() * valid.length)),
      () => valid.replace(/./, (c) => (c === 'A' ? 'B' : 'A')),
      () => `${seg(pick(['{', '[', '1', '"x"', 'null', '{"alg":1}', '{"alg":"none"}', '{"typ":"JWT"}']))}.${seg(
        pick(['{"exp":"x"}', '{"nbf":[]}', 'oops', '{"aud":{}}', '"{\\"a\\":1}"', '[]', '{"exp":1e400}']),
      )}.${text(Math.floor(next() * 50), b64)}`,
      () => `${seg('{"alg":"HS256","typ":"JWT"}')}.${seg('['.repeat(5000))}.x`,
      () => String.fromCharCode(...Array.from({ length: 30 }, () => Math.floor(next() * 0xffff))),
      () => pick([undefined, null, 0, 42, {}, [], true]),
    ])(),
    secret: pick(['secret', 'wrong', '', Buffer.from([0xff, 0x00]), undefined, 0, {}, '-----BEGIN PRIVATE KEY-----\nxx\n-----END PRIVATE KEY-----']),
    verifyOptions: pick([
      {},
      { algorithms: pick([['none'], 'HS256', 5, [], ['HS256', 'RS256']]) },
      { audience: pick(['a', /a/, [1, null], {}]), issuer: pick(['i', ['i', 2], 3]) },
      { maxAge: pick(['1h', 'x', true, 0, -1]), clockTolerance: pick([1, 'x', -5]) },
      { nonce: pick(['', ' ', 1, 'n']), clockTimestamp: pick(['x', 1, NaN, 1e300]) },
      { complete: true, subject: 1, jwtid: [] },
      null,
    ]),
    signOptions: pick([
      { expiresIn: pick(['x', -1, 1.5, '', '1e3', '999999999999999999999y', null]) },
      { algorithm: pick(['HS999', 'none', 'RS256', 1]), header: pick([{ alg: 2 }, 'h', { alg: 'foo' }]) },
      { audience: pick([1, {}, ['a']]), encoding: pick(['hex', 'nope', 'latin1']), foo: 1 },
      { noTimestamp: 'yes', mutatePayload: 1 },
      new (class Options {})(),
    ]),
    payload: pick([{ a: 1 }, { iat: 'x' }, { exp: undefined }, 'text', Buffer.from([0xc3, 0x28]), null, [1], 7, undefined]),
  };
}

test('10,000 hostile calls leave the instance correct', () => {
  const next = random(0x5eed);
  const counts = {};
  for (let i = 0; i < 10_000; i++) {
    const input = junk(next);
    const calls = [
      () => api.verify(input.token, input.secret, input.verifyOptions),
      () => api.decode(input.token, input.verifyOptions),
      () => api.sign(input.payload, input.secret, input.signOptions),
    ];
    for (const call of calls) {
      try {
        call();
        counts.ok = (counts.ok ?? 0) + 1;
      } catch (error) {
        const name = error?.constructor?.name;
        assert.ok(DOCUMENTED.has(name), `call ${i} threw ${name}: ${error?.message}`);
        counts[name] = (counts[name] ?? 0) + 1;
      }
    }
  }
  // The run must have exercised the failure paths, not just succeeded.
  assert.ok(counts.JsonWebTokenError > 1000 && counts.Error > 1000, JSON.stringify(counts));

  const payload = { apikey: 'k', permissions: ['allow_join'], version: 2, roomId: '2kyv-gzay-64pg', roles: ['rtc'] };
  const options = { expiresIn: '120m', algorithm: 'HS256' };
  const ours = atTime(1_700_000_000, () => api.sign(payload, 'secret', options));
  const theirs = atTime(1_700_000_000, () => jsonwebtoken.sign(payload, 'secret', options));
  assert.equal(ours, theirs);
  assert.deepEqual(atTime(1_700_000_100, () => api.verify(ours, 'secret')), { ...payload, iat: 1_700_000_000, exp: 1_700_007_200 });
  assert.throws(() => api.verify(ours, 'wrong'), { name: 'JsonWebTokenError', message: 'invalid signature' });
});
