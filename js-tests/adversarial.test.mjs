// The adversarial corpus (js-tests/vectors/adversarial.json, made by generate-adversarial.mjs)
// through the installed package, by `import` and by `require` (signatures checked by node:crypto)
// and with the wasm primitive (as workerd and browsers run it): not one token accepted, each
// refused with the recorded class and message. Every case is also run through the live npm
// jsonwebtoken: where the corpus says jsonwebtoken defines the verdict (`source:
// "jsonwebtoken"`), both must throw the same class, message and dates; where rtc-token
// deliberately differs, jsonwebtoken must still give the verdict the file records, so the
// difference stays true and documented. A few arguments JSON cannot carry (KeyObjects, JWK
// objects, RegExp audiences, non-string tokens) follow at the end, against jsonwebtoken live.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { againstReference, atTime, bothPrimitives, forms, jsonwebtoken, NOW } from './helpers.mjs';

const corpus = JSON.parse(readFileSync(new URL('./vectors/adversarial.json', import.meta.url), 'utf8'));

/** A token spec as the string it stands for (see generate-adversarial.mjs). */
function expand(spec) {
  if (typeof spec === 'string') return spec;
  return spec.pieces.map((p) => (typeof p === 'string' ? p : p.repeat.repeat(p.times))).join('');
}

function keyOf(spec) {
  if (spec.as === 'none') return undefined;
  const text = spec.ref ? corpus.keys[spec.ref] : spec.value;
  return spec.as === 'buffer' ? Buffer.from(text) : text;
}

const iso = (date) => (date instanceof Date ? (Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString()) : `not a Date: ${date}`);

/** An error as the corpus records it. */
function recorded(error) {
  if (!(error instanceof Error)) return { thrown: String(error) };
  const shape = { name: error.name, message: error.message };
  if ('expiredAt' in error) shape.expiredAt = iso(error.expiredAt);
  if ('date' in error) shape.date = iso(error.date);
  return shape;
}

/** Runs `fn` at `now`: `'accepts'` or the recorded error. */
function verdict(now, fn) {
  try {
    atTime(now, fn);
    return 'accepts';
  } catch (error) {
    return recorded(error);
  }
}

/** The recorded error with a runtime's SyntaxError text left out (it is the runtime's own). */
function portable(error) {
  if (typeof error !== 'object' || error.name !== 'SyntaxError') return error;
  return { name: error.name };
}

for (const [form, api] of Object.entries(bothPrimitives)) {
  describe(`adversarial corpus through ${form}('rtc-token')`, () => {
    test(`every one of ${corpus.cases.length} tokens is refused with the recorded error, as live jsonwebtoken refuses it`, () => {
      assert.ok(corpus.cases.length >= 1500);
      const counts = { verify: 0, access: 0, crossChecked: 0 };
      for (const c of corpus.cases) {
        const token = expand(c.token);
        const key = keyOf(c.key);
        if (c.op === 'verify') {
          const ours = verdict(c.now, () => api.verify(token, key, c.options));
          assert.notEqual(ours, 'accepts', `${c.name}: ACCEPTED (${c.reason})`);
          assert.deepEqual(portable(ours), portable(c.expected.error), c.name);
          const theirs = verdict(c.now, () => jsonwebtoken.verify(token, key, c.options));
          if (c.source === 'jsonwebtoken') assert.deepEqual(ours, theirs, `${c.name}: against live jsonwebtoken`);
          else assert.deepEqual(portable(theirs), portable(c.jsonwebtoken), `${c.name}: jsonwebtoken's recorded verdict`);
          counts.verify++;
          counts.crossChecked++;
        } else {
          let error;
          try {
            atTime(c.now, () => api.verifyAccessToken(token, key, c.options));
          } catch (thrown) {
            error = thrown;
          }
          assert.ok(error, `${c.name}: ACCEPTED (${c.reason})`);
          assert.ok(error instanceof api.JsonWebTokenError, c.name);
          assert.deepEqual(recorded(error), { name: c.expected.error.name, message: c.expected.error.message }, c.name);
          assert.deepEqual(portable(recorded(error.inner)), portable(c.expected.error.inner), `${c.name}: inner`);
          if (c.source === 'jsonwebtoken') {
            const theirs = verdict(c.now, () => jsonwebtoken.verify(token, key, { algorithms: ['HS256'] }));
            assert.deepEqual(recorded(error.inner), theirs, `${c.name}: inner against live jsonwebtoken`);
            counts.crossChecked++;
          }
          counts.access++;
        }
      }
      assert.ok(counts.verify >= 1400 && counts.access >= 30, JSON.stringify(counts));
    });

    test('arguments JSON cannot carry: KeyObjects, JWK objects, RegExp audiences, non-string tokens', () => {
      const rsaPublic = corpus.keys['rsa2048.spki.pem'];
      const b64 = (text) => Buffer.from(text).toString('base64url');
      const hmac = (input, key) => crypto.createHmac('sha256', key).update(input).digest('base64url');
      const input = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(JSON.stringify({ sub: 'admin', exp: NOW + 60 }))}`;
      const forged = `${input}.${hmac(input, rsaPublic)}`;
      const publicKey = crypto.createPublicKey(rsaPublic);
      const jwk = publicKey.export({ format: 'jwk' });
      const calls = [
        ['public KeyObject as the HMAC key', (lib) => lib.verify(forged, publicKey)],
        ['public KeyObject, algorithms [HS256]', (lib) => lib.verify(forged, publicKey, { algorithms: ['HS256'] })],
        ['{ key: jwk, format: "jwk" }', (lib) => lib.verify(forged, { key: jwk, format: 'jwk' }, { algorithms: ['HS256'] })],
        ['secret KeyObject of the PEM text, the right MAC but algorithms [RS256]', (lib) => lib.verify(forged, crypto.createSecretKey(Buffer.from(rsaPublic)), { algorithms: ['RS256'] })],
        ['RegExp audience that does not match', (lib) => lib.verify(corpus.bases.HS256, corpus.secret, { audience: /^room-api$/i, issuer: 'x' })],
        ['RegExp audience anchored against a prefix', (lib) => lib.verify(corpus.bases.HS256, corpus.secret, { audience: /^room-ap$/ })],
        ['token as a String object', (lib) => lib.verify(new String(corpus.bases.HS256), corpus.secret)],
        ['token as an array', (lib) => lib.verify([corpus.bases.HS256], corpus.secret)],
        ['token as an object with toString', (lib) => lib.verify({ toString: () => corpus.bases.HS256 }, corpus.secret)],
        ['token as a Buffer', (lib) => lib.verify(Buffer.from(corpus.bases.HS256), corpus.secret)],
      ];
      for (const [name, call] of calls) {
        const { expected, actual } = againstReference(api, call);
        assert.ok('class' in expected, `${name}: jsonwebtoken accepts it`);
        assert.deepEqual(actual, expected, name);
      }
    });
  });
}
