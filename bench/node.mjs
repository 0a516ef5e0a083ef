// rtc-token side by side with the JavaScript JWT libraries, in one Node process.
//
//   node bench/node.mjs            full run (about two minutes): the README's Performance table
//   node bench/node.mjs --smoke    seconds-long run so the benchmark cannot rot (no timing claims)
//
// Every task does the workload: the VideoSDK payload, a 64-hex-character string secret,
// { expiresIn: '120m', algorithm: 'HS256' }; verify of an HS256 token with algorithms ['HS256'].
// Rounds run every task in a rotated order; the table shows the median of the rounds and their
// spread, and the ratios that the targets are stated in come from the same run.
import { createHmac, createSecretKey, randomUUID, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { Bench } from 'tinybench';

const require = createRequire(import.meta.url);
const rtc = require('rtc-token');
const jsonwebtoken = require('jsonwebtoken');
const { createSigner, createVerifier } = require('fast-jwt');
// The native addon itself (see bench/package.json for why not its wrapper package).
const nodeRs = require('@node-rs/jsonwebtoken-linux-x64-gnu');
const jose = await import('jose');

const smoke = process.argv.includes('--smoke');
const ROUNDS = smoke ? 1 : 7;
const TIME_MS = smoke ? 15 : 400;
// Each task call runs the operation BATCH times: a single sign takes a few microseconds,
// close enough to the timer's own overhead to distort a per-call sample.
const BATCH = 32;

const PAYLOAD = {
  apikey: 'b0f4d3c2-6a1e-4f8b-9c3d-2e5a7b1c9d0f',
  permissions: ['allow_join'],
  version: 2,
  roomId: '2kyv-gzay-64pg',
  participantId: 'lxvdplwt',
  roles: ['rtc'],
};
const SECRET = 'fb2c2d649dc51c407bf6b51d4aaca7ff0fcfdd372fa2c0006cbe0d0fdb3b7a28';
const SECRET_KEY = createSecretKey(Buffer.from(SECRET));
const SECRET_BYTES = new TextEncoder().encode(SECRET);
const OPTIONS = { expiresIn: '120m', algorithm: 'HS256' };
const TOKEN = jsonwebtoken.sign(PAYLOAD, SECRET, OPTIONS);
const HEADER_B64 = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const READY_INPUT = TOKEN.slice(0, TOKEN.lastIndexOf('.'));

const fastSign = createSigner({ key: SECRET, algorithm: 'HS256', expiresIn: 7_200_000 });
const fastSignJti = createSigner({ key: SECRET, algorithm: 'HS256', expiresIn: 7_200_000, jti: undefined });
const fastVerify = createVerifier({ key: SECRET, algorithms: ['HS256'], cache: false });
const joseKey = SECRET_BYTES;

/** JSON.stringify + base64url + createHmac, by hand: the limit of a JS signer. */
function byHandSign() {
  const iat = Math.floor(Date.now() / 1000);
  const body = Buffer.from(JSON.stringify({ ...PAYLOAD, iat, exp: iat + 7200 })).toString('base64url');
  const input = `${HEADER_B64}.${body}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

function byHandVerify(token) {
  const dot = token.lastIndexOf('.');
  const expected = createHmac('sha256', SECRET).update(token.slice(0, dot)).digest();
  if (!timingSafeEqual(expected, Buffer.from(token.slice(dot + 1), 'base64url'))) throw new Error('invalid signature');
  const claims = JSON.parse(Buffer.from(token.slice(token.indexOf('.') + 1, dot), 'base64url').toString());
  if (claims.exp <= Date.now() / 1000) throw new Error('expired');
  return claims;
}

const nowClaims = () => {
  const iat = Math.floor(Date.now() / 1000);
  return { ...PAYLOAD, iat, exp: iat + 7200 };
};

/** name → [operation, group, async?] */
const TASKS = {
  'rtc-token sign': [() => rtc.sign(PAYLOAD, SECRET, OPTIONS), 'sign'],
  'rtc-token sign + uuid jwtid': [() => rtc.sign(PAYLOAD, SECRET, { ...OPTIONS, jwtid: randomUUID() }), 'sign'],
  'jsonwebtoken, string secret': [() => jsonwebtoken.sign(PAYLOAD, SECRET, OPTIONS), 'sign'],
  'jsonwebtoken, KeyObject': [() => jsonwebtoken.sign(PAYLOAD, SECRET_KEY, OPTIONS), 'sign'],
  'fast-jwt': [() => fastSign(PAYLOAD), 'sign'],
  'fast-jwt + uuid jti': [() => fastSignJti({ ...PAYLOAD, jti: randomUUID() }), 'sign'],
  '@node-rs/jsonwebtoken': [() => nodeRs.signSync(nowClaims(), SECRET), 'sign'],
  'jose (async)': [() => new jose.SignJWT(PAYLOAD).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('120m').sign(joseKey), 'sign', true],
  'by hand: JSON + base64url + createHmac': [byHandSign, 'sign'],
  'bare createHmac over a ready string': [() => createHmac('sha256', SECRET).update(READY_INPUT).digest('base64url'), 'sign'],

  'rtc-token verify': [() => rtc.verify(TOKEN, SECRET, { algorithms: ['HS256'] }), 'verify'],
  'jsonwebtoken verify, string secret': [() => jsonwebtoken.verify(TOKEN, SECRET, { algorithms: ['HS256'] }), 'verify'],
  'jsonwebtoken verify, KeyObject': [() => jsonwebtoken.verify(TOKEN, SECRET_KEY, { algorithms: ['HS256'] }), 'verify'],
  'fast-jwt verify': [() => fastVerify(TOKEN), 'verify'],
  '@node-rs/jsonwebtoken verify': [() => nodeRs.verifySync(TOKEN, SECRET, { algorithms: ['HS256'] }), 'verify'],
  'jose verify (async)': [() => jose.jwtVerify(TOKEN, joseKey, { algorithms: ['HS256'] }), 'verify', true],
  'by hand verify': [() => byHandVerify(TOKEN), 'verify'],
  'bare createHmac verify over a ready string': [() => createHmac('sha256', SECRET).update(READY_INPUT).digest('base64url'), 'verify'],
};

// Every library must produce a token that verifies, before any timing.
for (const [name, [op, group, isAsync]] of Object.entries(TASKS)) {
  const out = isAsync ? await op() : op();
  if (group === 'sign' && !name.startsWith('bare')) jsonwebtoken.verify(typeof out === 'string' ? out : out.toString(), SECRET);
}

const rounds = Object.fromEntries(Object.keys(TASKS).map((name) => [name, []]));
const names = Object.keys(TASKS);
for (let round = 0; round < ROUNDS; round++) {
  const bench = new Bench({ time: TIME_MS, warmupTime: smoke ? 5 : 100 });
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) {
    const [op, , isAsync] = TASKS[name];
    if (isAsync) {
      bench.add(name, async () => {
        for (let i = 0; i < BATCH; i++) await op();
      });
    } else {
      bench.add(name, () => {
        for (let i = 0; i < BATCH; i++) op();
      });
    }
  }
  await bench.run();
  for (const task of bench.tasks) rounds[task.name].push(task.result.throughput.mean * BATCH);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = Object.fromEntries(
  Object.entries(rounds).map(([name, xs]) => [name, { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) }]),
);
const k = (x) => `${(x / 1000).toFixed(1)}k`;

console.log(`rtc-token benchmark: Node ${process.version}, ${ROUNDS} rounds × ${TIME_MS} ms per task${smoke ? ' (smoke mode: no claims)' : ''}`);
for (const group of ['sign', 'verify']) {
  console.log(`\n| ${group} | ops/s (median) | spread (min–max) |\n| --- | --: | --: |`);
  for (const [name, [, g]] of Object.entries(TASKS)) {
    if (g !== group) continue;
    const s = stats[name];
    console.log(`| ${name} | ${k(s.median)} | ${k(s.min)}–${k(s.max)} |`);
  }
}

const ratio = (a, b) => stats[a].median / stats[b].median;
const targets = [
  ['sign ≥ 2× fast-jwt', ratio('rtc-token sign', 'fast-jwt'), 2],
  ['sign ≥ the hand-written createHmac signer', ratio('rtc-token sign', 'by hand: JSON + base64url + createHmac'), 1],
  ['verify ≥ 1.5× fast-jwt (no cache)', ratio('rtc-token verify', 'fast-jwt verify'), 1.5],
  ['sign with a uuid jwtid ≥ 1.5× fast-jwt with jti', ratio('rtc-token sign + uuid jwtid', 'fast-jwt + uuid jti'), 1.5],
];
console.log('\n| target | ratio | |\n| --- | --: | --- |');
for (const [name, value, needed] of targets) {
  console.log(`| ${name} | ${value.toFixed(2)}× | ${smoke ? 'smoke' : value >= needed ? 'PASS' : 'FAIL'} |`);
}
