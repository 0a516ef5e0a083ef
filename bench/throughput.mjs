// HS256 throughput in one Node process: rtc-token against jsonwebtoken (string and KeyObject),
// fast-jwt, @node-rs/jsonwebtoken, jose and the hand-written signer, on the workload.
// Rounds run every task in a rotated order; the tables show the median of the rounds and their
// spread, and the ratios that the targets are stated in come from the same run.
import { createHmac, createSecretKey, randomUUID, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { Bench } from 'tinybench';
import { summary, kOps, table, target } from './lib/stats.mjs';
import { PAYLOAD, SECRET, OPTIONS } from './lib/workload.mjs';

const require = createRequire(import.meta.url);

// Each task call runs the operation BATCH times: a single sign takes a few microseconds,
// close enough to the timer's own overhead to distort a per-call sample.
const BATCH = 32;

export async function run({ smoke }) {
  const rtc = require('rtc-token');
  const jsonwebtoken = require('jsonwebtoken');
  const { createSigner, createVerifier } = require('fast-jwt');
  // The native addon itself (see bench/package.json for why not its wrapper package).
  const nodeRs = require('@node-rs/jsonwebtoken-linux-x64-gnu');
  const jose = await import('jose');
  const ROUNDS = smoke ? 1 : 7;
  const TIME_MS = smoke ? 15 : 400;

  const SECRET_KEY = createSecretKey(Buffer.from(SECRET));
  const joseKey = new TextEncoder().encode(SECRET);
  const TOKEN = jsonwebtoken.sign(PAYLOAD, SECRET, OPTIONS);
  const HEADER_B64 = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const READY_INPUT = TOKEN.slice(0, TOKEN.lastIndexOf('.'));

  const fastSign = createSigner({ key: SECRET, algorithm: 'HS256', expiresIn: 7_200_000 });
  const fastSignJti = createSigner({ key: SECRET, algorithm: 'HS256', expiresIn: 7_200_000, jti: undefined });
  const fastSignDocs = createSigner({ key: SECRET, algorithm: 'HS256', expiresIn: 86_400_000 });
  const fastVerify = createVerifier({ key: SECRET, algorithms: ['HS256'], cache: false });

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

  // Many participants: one payload (and one token) per participant, taken in turn. Consecutive
  // tokens then share only what real ones share (header, apikey, permissions, room), so these rows
  // show what rtc-token's reuse of a repeated input prefix (src/signature/hmac.rs) is worth in service,
  // beside the single-payload rows of the workload.
  const PARTICIPANTS = Array.from({ length: 1024 }, (_, i) => ({ ...PAYLOAD, participantId: `p${(i * 2654435761) % 1e8}` }));
  const PARTICIPANT_TOKENS = PARTICIPANTS.map((p) => jsonwebtoken.sign(p, SECRET, OPTIONS));
  let turn = 0;
  const next = (list) => list[(turn = (turn + 1) & 1023)];
  const OPTIONS_JWTID = { ...OPTIONS, jwtid: true };
  // VideoSDK's docs' snippet, as users copy it: a new options object with a fresh uuid `jwtid`
  // on every call (rtc-token's own uuid4, standing in for the snippet's uuid4 package), and the
  // callback form. Each call's options differ, so nothing about them can be reused as they are.
  const DOCS_PAYLOAD = { apikey: PAYLOAD.apikey, permissions: ['allow_join'] };
  const docsOptions = () => ({ algorithm: 'HS256', expiresIn: '24h', jwtid: rtc.uuid4() });
  // The callback is called as jsonwebtoken calls it (after the call returns), so the task awaits it.
  const docsSignCallback = () =>
    new Promise((resolve, reject) => rtc.sign(DOCS_PAYLOAD, SECRET, docsOptions(), (error, token) => (error ? reject(error) : resolve(token))));

  const nowClaims = () => {
    const iat = Math.floor(Date.now() / 1000);
    return { ...PAYLOAD, iat, exp: iat + 7200 };
  };

  /** name → [operation, group, async?] */
  const TASKS = {
    'rtc-token sign': [() => rtc.sign(PAYLOAD, SECRET, OPTIONS), 'sign'],
    'rtc-token generateToken, jwtid: true (uuid)': [() => rtc.generateToken(PAYLOAD, SECRET, OPTIONS_JWTID), 'sign'],
    'rtc-token sign + randomUUID() jwtid': [() => rtc.sign(PAYLOAD, SECRET, { ...OPTIONS, jwtid: randomUUID() }), 'sign'],
    'jsonwebtoken, string secret': [() => jsonwebtoken.sign(PAYLOAD, SECRET, OPTIONS), 'sign'],
    'jsonwebtoken, KeyObject': [() => jsonwebtoken.sign(PAYLOAD, SECRET_KEY, OPTIONS), 'sign'],
    'fast-jwt': [() => fastSign(PAYLOAD), 'sign'],
    'fast-jwt + uuid jti': [() => fastSignJti({ ...PAYLOAD, jti: randomUUID() }), 'sign'],
    "rtc-token, the docs' snippet (fresh jwtid per call)": [() => rtc.sign(DOCS_PAYLOAD, SECRET, docsOptions()), 'sign'],
    "rtc-token, the docs' snippet, callback form": [docsSignCallback, 'sign', true],
    "fast-jwt, the docs' payload + uuid jti": [() => fastSignDocs({ ...DOCS_PAYLOAD, jti: randomUUID() }), 'sign'],
    '@node-rs/jsonwebtoken': [() => nodeRs.signSync(nowClaims(), SECRET), 'sign'],
    'jose (async)': [() => new jose.SignJWT(PAYLOAD).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('120m').sign(joseKey), 'sign', true],
    'by hand: JSON + base64url + createHmac': [byHandSign, 'sign'],
    'bare createHmac over a ready string': [() => createHmac('sha256', SECRET).update(READY_INPUT).digest('base64url'), 'sign'],
    'rtc-token sign, a participant per call': [() => rtc.sign(next(PARTICIPANTS), SECRET, OPTIONS), 'sign'],
    'fast-jwt, a participant per call': [() => fastSign(next(PARTICIPANTS)), 'sign'],

    'rtc-token verify': [() => rtc.verify(TOKEN, SECRET, { algorithms: ['HS256'] }), 'verify'],
    'jsonwebtoken verify, string secret': [() => jsonwebtoken.verify(TOKEN, SECRET, { algorithms: ['HS256'] }), 'verify'],
    'jsonwebtoken verify, KeyObject': [() => jsonwebtoken.verify(TOKEN, SECRET_KEY, { algorithms: ['HS256'] }), 'verify'],
    'fast-jwt verify': [() => fastVerify(TOKEN), 'verify'],
    '@node-rs/jsonwebtoken verify': [() => nodeRs.verifySync(TOKEN, SECRET, { algorithms: ['HS256'] }), 'verify'],
    'jose verify (async)': [() => jose.jwtVerify(TOKEN, joseKey, { algorithms: ['HS256'] }), 'verify', true],
    'by hand verify': [() => byHandVerify(TOKEN), 'verify'],
    'bare createHmac verify over a ready string': [() => createHmac('sha256', SECRET).update(READY_INPUT).digest('base64url'), 'verify'],
    'rtc-token verify, a participant per call': [() => rtc.verify(next(PARTICIPANT_TOKENS), SECRET, { algorithms: ['HS256'] }), 'verify'],
    'fast-jwt verify, a participant per call': [() => fastVerify(next(PARTICIPANT_TOKENS)), 'verify'],
  };

  // Every library must produce a token that verifies, before any timing.
  for (const [name, [op, group, isAsync]] of Object.entries(TASKS)) {
    const out = isAsync ? await op() : op();
    if (group === 'sign' && !name.startsWith('bare')) jsonwebtoken.verify(typeof out === 'string' ? out : out.toString(), SECRET);
  }

  const rounds = Object.fromEntries(Object.keys(TASKS).map((name) => [name, []]));
  const names = Object.keys(TASKS);
  for (let round = 0; round < ROUNDS; round++) {
    // throws: a task that fails must stop the run, not be reported as a number.
    const bench = new Bench({ time: TIME_MS, warmupTime: smoke ? 5 : 100, throws: true, ...(smoke && { iterations: 2, warmupIterations: 1 }) });
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

  const stats = Object.fromEntries(Object.entries(rounds).map(([name, xs]) => [name, summary(xs)]));
  const text = [`HS256 in one Node process: ${ROUNDS} round(s) × ${TIME_MS} ms per task, rotated.`];
  for (const group of ['sign', 'verify']) {
    const rows = Object.entries(TASKS)
      .filter(([, [, g]]) => g === group)
      .map(([name]) => [name, kOps(stats[name].median), `${kOps(stats[name].min)}–${kOps(stats[name].max)}`]);
    text.push('', table([group, 'ops/s (median):', 'spread (min–max):'], rows));
  }

  const ratio = (a, b) => stats[a].median / stats[b].median;
  const r = (x) => `${x.toFixed(2)}×`;
  const targets = [
    ['Node: sign ≥ 2× fast-jwt', ratio('rtc-token sign', 'fast-jwt'), 2],
    ['Node: sign ≥ the hand-written createHmac signer', ratio('rtc-token sign', 'by hand: JSON + base64url + createHmac'), 1],
    ['Node: verify ≥ 1.5× fast-jwt (no cache)', ratio('rtc-token verify', 'fast-jwt verify'), 1.5],
    ['Node: generateToken with a uuid jwtid ≥ 1.5× fast-jwt with jti', ratio('rtc-token generateToken, jwtid: true (uuid)', 'fast-jwt + uuid jti'), 1.5],
    // Issue 21: the workload users run, the docs' snippet, at 2× fast-jwt with a fresh jti.
    ["Node: the docs' snippet (fresh jwtid) ≥ 2× fast-jwt with a fresh jti", ratio("rtc-token, the docs' snippet (fresh jwtid per call)", "fast-jwt, the docs' payload + uuid jti"), 2],
    ["Node: the docs' snippet, callback form, ≥ 2× fast-jwt with a fresh jti", ratio("rtc-token, the docs' snippet, callback form", "fast-jwt, the docs' payload + uuid jti"), 2],
  ].map(([name, value, needed]) => target(name, r(value), value >= needed));
  // The same two ratios with a participant per call (no target of their own: see PARTICIPANTS).
  for (const [name, ours, theirs] of [
    ['Node: sign, a participant per call, vs fast-jwt', 'rtc-token sign, a participant per call', 'fast-jwt, a participant per call'],
    ['Node: verify, a participant per call, vs fast-jwt', 'rtc-token verify, a participant per call', 'fast-jwt verify, a participant per call'],
  ]) {
    targets.push(target(name, r(ratio(ours, theirs)), null));
  }
  return { title: 'Node throughput (HS256)', text: text.join('\n'), targets };
}
