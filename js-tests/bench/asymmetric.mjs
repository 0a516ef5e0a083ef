// Benchmark for issue 4, acceptance 4: RS256 and ES256 sign/verify with a reused PEM key
// (parsed once, then served from the core's key cache) against the same key parsed on every
// call (a PEM that differs by one trailing newline each time, so the cache never hits), and
// against npm jsonwebtoken with a KeyObject. HS256 is listed to show the HMAC path.
//
//   make build && (cd js-tests && npm install --no-save ../target/pack/rtc-token-*.tgz)
//   node js-tests/bench/asymmetric.mjs
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as rtc from 'rtc-token';

const require = createRequire(import.meta.url);
const jsonwebtoken = require('jsonwebtoken');
const keyFile = (name) => readFileSync(new URL(`../vectors/keys/${name}`, import.meta.url), 'utf8');
const payload = { apikey: 'b0f4d3c2', permissions: ['allow_join'], version: 2, roomId: '2kyv-gzay-64pg' };

function bench(label, fn, minMs = 700) {
  for (let i = 0; i < 20; i++) fn(i); // warm-up
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 20; i++) fn(n++);
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const us = (elapsed * 1000) / n;
  console.log(`${label.padEnd(58)} ${us.toFixed(1).padStart(9)} µs/op ${Math.round(1e6 / us).toString().padStart(8)} ops/s`);
}

for (const [alg, name] of [['RS256', 'rsa2048'], ['ES256', 'p256']]) {
  const privatePem = keyFile(`${name}.pkcs8.pem`);
  const publicPem = keyFile(`${name}.spki.pem`);
  const privateKey = crypto.createPrivateKey(privatePem);
  const publicKey = crypto.createPublicKey(publicPem);
  const token = rtc.sign(payload, privatePem, { algorithm: alg });
  const opts = { algorithms: [alg] };
  console.log(`\n${alg}`);
  bench(`rtc-token sign, reused PEM string`, () => rtc.sign(payload, privatePem, { algorithm: alg }));
  bench(`rtc-token sign, PEM parsed every call (cache miss)`, (i) => rtc.sign(payload, privatePem + '\n'.repeat(1 + (i % 64)), { algorithm: alg }), 300);
  bench(`rtc-token sign, reused private KeyObject`, () => rtc.sign(payload, privateKey, { algorithm: alg }));
  bench(`jsonwebtoken sign, KeyObject`, () => jsonwebtoken.sign(payload, privateKey, { algorithm: alg }));
  bench(`jsonwebtoken sign, PEM string`, () => jsonwebtoken.sign(payload, privatePem, { algorithm: alg }));
  bench(`rtc-token verify, reused PEM string`, () => rtc.verify(token, publicPem, opts));
  bench(`rtc-token verify, PEM parsed every call (cache miss)`, (i) => rtc.verify(token, publicPem + '\n'.repeat(1 + (i % 64)), opts), 300);
  bench(`jsonwebtoken verify, KeyObject`, () => jsonwebtoken.verify(token, publicKey, opts));
}
console.log('\nHS256');
bench('rtc-token sign, string secret', () => rtc.sign(payload, 'shhhhh-secret', { algorithm: 'HS256' }));
bench('jsonwebtoken sign, string secret', () => jsonwebtoken.sign(payload, 'shhhhh-secret', { algorithm: 'HS256' }));
