// RS256 and ES256 in one Node process: rtc-token with a reused PEM key (parsed once, then served
// from the core's key cache; the signature itself made or checked by node:crypto, through a
// KeyObject the package keeps per key) against npm jsonwebtoken with a KeyObject (Node's native
// crypto), the target's comparison. Also shown: rtc-token with a KeyObject, jsonwebtoken with a
// PEM string, rtc-token with the PEM parsed on every call (a PEM that differs by its trailing
// newlines, 64 variants, so the 16-key caches never hit), and rtc-token with the wasm primitive
// (a second instance with no node:crypto offered: what workerd and browsers run). Keys: the
// test-only keys of js-tests/vectors/keys/. Rounds rotated as in throughput.mjs; one operation
// per task call.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Bench } from 'tinybench';
// The wasm primitive's instance: workerd's and browsers' signatures, measured in Node.
import { loadWasmOnly } from '../js-tests/wasm-only.mjs';
import { summary, kOps, table, target } from './lib/stats.mjs';
import { PAYLOAD } from './lib/workload.mjs';

const require = createRequire(import.meta.url);
const keyFile = (name) => readFileSync(new URL(`../js-tests/vectors/keys/${name}`, import.meta.url), 'utf8');
const ops = (x) => (x >= 10_000 ? kOps(x) : x.toFixed(0));

/** The tasks of one algorithm: name → [operation, group]. */
function tasksFor(alg, keyName, rtc, wasm, jsonwebtoken) {
  const privatePem = keyFile(`${keyName}.pkcs8.pem`);
  const publicPem = keyFile(`${keyName}.spki.pem`);
  const privateKey = crypto.createPrivateKey(privatePem);
  const publicKey = crypto.createPublicKey(publicPem);
  const options = { algorithm: alg };
  const verifyOptions = { algorithms: [alg] };
  const token = rtc.sign(PAYLOAD, privatePem, options);
  // Both ways before any timing: theirs verifies here, ours verifies there.
  jsonwebtoken.verify(token, publicKey, verifyOptions);
  rtc.verify(jsonwebtoken.sign(PAYLOAD, privateKey, options), publicPem, verifyOptions);
  let miss = 0;
  const missed = (pem) => pem + '\n'.repeat(1 + (miss++ % 64));
  return {
    [`${alg} rtc-token sign, reused PEM`]: [() => rtc.sign(PAYLOAD, privatePem, options), 'sign'],
    [`${alg} rtc-token sign, reused KeyObject`]: [() => rtc.sign(PAYLOAD, privateKey, options), 'sign'],
    [`${alg} rtc-token sign, PEM parsed every call`]: [() => rtc.sign(PAYLOAD, missed(privatePem), options), 'sign'],
    [`${alg} rtc-token sign, reused PEM, wasm primitive`]: [() => wasm.sign(PAYLOAD, privatePem, options), 'sign'],
    [`${alg} jsonwebtoken sign, KeyObject`]: [() => jsonwebtoken.sign(PAYLOAD, privateKey, options), 'sign'],
    [`${alg} jsonwebtoken sign, PEM string`]: [() => jsonwebtoken.sign(PAYLOAD, privatePem, options), 'sign'],
    [`${alg} rtc-token verify, reused PEM`]: [() => rtc.verify(token, publicPem, verifyOptions), 'verify'],
    [`${alg} rtc-token verify, PEM parsed every call`]: [() => rtc.verify(token, missed(publicPem), verifyOptions), 'verify'],
    [`${alg} rtc-token verify, reused PEM, wasm primitive`]: [() => wasm.verify(token, publicPem, verifyOptions), 'verify'],
    [`${alg} jsonwebtoken verify, KeyObject`]: [() => jsonwebtoken.verify(token, publicKey, verifyOptions), 'verify'],
  };
}


export async function run({ smoke }) {
  const rtc = require('rtc-token');
  const wasm = await loadWasmOnly(dirname(require.resolve('rtc-token/package.json')));
  const jsonwebtoken = require('jsonwebtoken');
  const ROUNDS = smoke ? 1 : 5;
  const TIME_MS = smoke ? 15 : 400;
  const tasks = { ...tasksFor('RS256', 'rsa2048', rtc, wasm, jsonwebtoken), ...tasksFor('ES256', 'p256', rtc, wasm, jsonwebtoken) };
  const names = Object.keys(tasks);
  const rounds = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const bench = new Bench({ time: TIME_MS, warmupTime: smoke ? 5 : 100, throws: true, ...(smoke && { iterations: 2, warmupIterations: 1 }) });
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length];
      bench.add(name, tasks[name][0]);
    }
    await bench.run();
    for (const task of bench.tasks) rounds[task.name].push(task.result.throughput.mean);
  }
  const stats = Object.fromEntries(Object.entries(rounds).map(([name, xs]) => [name, summary(xs)]));
  const rows = names.map((name) => [name, ops(stats[name].median), `${ops(stats[name].min)}–${ops(stats[name].max)}`]);
  const text = [
    `RS256 (2048-bit) and ES256 in one Node process: ${ROUNDS} round(s) × ${TIME_MS} ms per task, rotated.`,
    '',
    table(['task', 'ops/s (median):', 'spread (min–max):'], rows),
  ].join('\n');
  const targets = [];
  for (const alg of ['RS256', 'ES256']) {
    for (const op of ['sign', 'verify']) {
      const value = stats[`${alg} rtc-token ${op}, reused PEM`].median / stats[`${alg} jsonwebtoken ${op}, KeyObject`].median;
      targets.push(target(`Asymmetric: ${alg} ${op}, reused PEM, within 2× of jsonwebtoken + KeyObject`, `${value.toFixed(2)}×`, value >= 0.5));
    }
  }
  return { title: 'Asymmetric (RS256, ES256)', text, targets };
}
