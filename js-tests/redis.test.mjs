// The token server's Redis state against a real redis-server (scripts/toolchain.sh installs it),
// which this file starts on a free loopback port and stops by pid: the state contract, then what
// a fleet relies on: two `rtc-token serve` processes sharing one Redis see the same meetings and
// limit a client once, and a Redis killed mid-run turns requests into quick 503s (no hang, no
// crash) until it returns, with every meeting it held. Fault injection on top of the real server:
// SIGSTOP (a stalled Redis) and SIGKILL (a lost one).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { generateToken } from 'rtc-token';
import { MemoryState, RedisState, StateUnavailable } from 'rtc-token/server/node';
import { printed, startServe } from './printed.mjs';
import { stateContract } from './state-contract.mjs';

const API_KEY = 'redis-test-key';
const SECRET = 'redis-test-secret-0123456789abcdef-0123';
const CALLER_KEY = 'c'.repeat(16) + '-redis-caller-key-0123456';
const PASSWORD = 'redis-test-password-7f3a9c';
const T0 = Date.UTC(2026, 11, 8, 12, 0, 0);
const work = mkdtempSync(join(tmpdir(), 'rtc-token-redis-'));
const started = new Set();

try {
  execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
} catch {
  throw new Error('redis-server is not installed: run scripts/toolchain.sh (it installs it with apt-get)');
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A redis-server of this test's own, persisting every write to its append-only file in `dir`. */
async function startRedis(port, dir, password) {
  mkdirSync(dir, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir];
  if (password) args.push('--requirepass', password);
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  child.once('exit', () => started.delete(child));
  child.stderr.resume();
  await printed(child, /(Ready to accept connections)/, 10_000);
  return child;
}

async function stop(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

after(async () => {
  await Promise.all([...started].map((child) => stop(child, 'SIGKILL')));
  rmSync(work, { recursive: true, force: true });
});

let redis;
let url;
before(async () => {
  const port = await freePort();
  redis = await startRedis(port, join(work, 'contract'));
  url = `redis://127.0.0.1:${port}`;
});

let prefixes = 0;
const quiet = () => {};
stateContract('RedisState', () => RedisState.connect(url, { prefix: `contract-${++prefixes}:`, log: quiet }));

test('RedisState: the Lua bucket answers exactly as the JavaScript one (MemoryState), take for take', async () => {
  const state = await RedisState.connect(url, { prefix: 'same:', log: quiet });
  const memory = new MemoryState();
  // Uneven rates (refills that are no whole number of tokens a millisecond) and uneven steps.
  const rates = [{ limit: 7, seconds: 13 }, { limit: 3, seconds: 1 }, { limit: 1000, seconds: 3600 }, { limit: 1, seconds: 0.7 }];
  let random = 12345;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let now = T0;
  let refused = 0;
  try {
    for (let i = 0; i < 600; i++) {
      now += Math.floor(next() ** 3 * 800);
      const key = `k${i % rates.length}`;
      const rate = rates[i % rates.length];
      const answer = await state.take(key, rate, now);
      assert.deepEqual(answer, await memory.take(key, rate, now), `take ${i} of ${key} at +${now - T0} ms`);
      if (!answer.allowed) refused++;
    }
    assert.ok(refused >= 50, `${refused} refusals`); // refusals too, not only admissions
  } finally {
    await state.close();
  }
});

test('RedisState: every key is under the prefix, and a bucket expires once it is full again', async () => {
  const state = await RedisState.connect(url, { prefix: 'keys:', log: quiet });
  const raw = createClient({ url });
  await raw.connect();
  try {
    await state.take('client-1', { limit: 2, seconds: 10 }, T0); // one token left: full again in 5 s
    assert.equal(await state.createMeeting({ meetingId: 'abcd-efgh-ijkl', createdAt: 'x' }, { maxMeetings: 5, idleSeconds: 60 }, T0), 'created');
    assert.deepEqual((await raw.keys('keys:*')).sort(), ['keys:rate:client-1', 'keys:{meetings}:data', 'keys:{meetings}:expiry']);
    for (const key of await raw.keys('*')) assert.match(key, /^(contract-\d+|same|keys):/); // the other tests' prefixes
    const ttl = await raw.pTTL('keys:rate:client-1');
    assert.ok(ttl > 4_000 && ttl <= 5_000, `bucket TTL ${ttl} ms`);
  } finally {
    await raw.close();
    await state.close();
  }
});

test('RedisState.connect: an unreachable Redis fails fast and clearly, never showing the password', async () => {
  const port = await freePort();
  const began = performance.now();
  const error = await RedisState.connect(`redis://:${PASSWORD}@127.0.0.1:${port}`, { connectTimeout: 1000, log: quiet }).catch((e) => e);
  const took = performance.now() - began;
  assert.ok(error instanceof StateUnavailable, String(error));
  assert.match(error.message, new RegExp(`Redis at redis://127\\.0\\.0\\.1:${port} cannot be reached`));
  assert.ok(!error.message.includes(PASSWORD) && !String(error.cause ?? '').includes(PASSWORD));
  assert.ok(took < 2_500, `${Math.round(took)} ms`);
});

test('RedisState: a stalled Redis (SIGSTOP) fails each call within the command timeout; it serves again once resumed', async () => {
  const logged = [];
  const state = await RedisState.connect(url, { prefix: 'stall:', commandTimeout: 500, log: (line) => logged.push(line) });
  const rate = { limit: 100, seconds: 60 };
  try {
    assert.equal((await state.take('k', rate, T0)).allowed, true);
    redis.kill('SIGSTOP');
    try {
      const began = performance.now();
      const answers = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => state.take('k', rate, T0 + i)));
      const took = performance.now() - began;
      assert.ok(answers.every((a) => a.status === 'rejected' && a.reason instanceof StateUnavailable), JSON.stringify(answers.map((a) => a.status)));
      assert.ok(took < 1_500, `${Math.round(took)} ms`);
    } finally {
      redis.kill('SIGCONT');
    }
    let resumed;
    for (let i = 0; i < 50 && !resumed; i++) resumed = await state.take('k', rate, T0 + 100).catch(() => sleep(100));
    assert.deepEqual(resumed, { allowed: true, retryAfter: 0 });
  } finally {
    await state.close();
  }
});

test('without the redis package, RedisState names the install to run', async () => {
  // The installed package, copied where no node_modules above it holds `redis`.
  const project = join(work, 'no-redis');
  cpSync(join(import.meta.dirname, 'node_modules', 'rtc-token'), join(project, 'node_modules', 'rtc-token'), { recursive: true });
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }');
  const script = (load) =>
    `${load}.then((m) => m.RedisState.connect('redis://127.0.0.1:1')).then(() => console.log('connected'), (e) => console.log(e.message))`;
  for (const load of ["import('rtc-token/server/node')", "Promise.resolve(require('rtc-token/server/node'))"]) {
    const out = execFileSync(process.execPath, [load.startsWith('import') ? '--input-type=module' : '--input-type=commonjs', '-e', script(load)], { cwd: project, encoding: 'utf8' });
    assert.match(out, /RedisState needs the Redis client for Node, an optional peer dependency of rtc-token: npm install redis/, load);
  }
});

/** One `rtc-token serve` on `env`, its URL, and everything it printed; stopped after the tests. */
async function serve(env) {
  const server = await startServe(env);
  started.add(server.child);
  return server;
}

const alive = (child) => child.exitCode === null && child.signalCode === null;

async function post(url, body) {
  const began = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after'), ms: performance.now() - began };
}

test('two rtc-token serve processes sharing one Redis: one registry, one rate limit; Redis killed mid-run: quick 503s, then service and every meeting back', { timeout: 60_000 }, async (t) => {
  const port = await freePort();
  const dir = join(work, 'fleet');
  let shared = await startRedis(port, dir, PASSWORD);
  const { RTC_TOKEN_STATE, ...inherited } = process.env;
  const env = {
    ...inherited,
    VIDEOSDK_API_KEY: API_KEY,
    VIDEOSDK_SECRET_KEY: SECRET,
    RTC_TOKEN_CALLER_KEYS: `backend:${CALLER_KEY}`,
    REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${port}`,
    RTC_TOKEN_RATE_TOKEN: '20/h',
    RTC_TOKEN_RATE_VALIDATE: '100000/min',
    HOST: '127.0.0.1',
  };
  const [a, b] = await Promise.all([serve(env), serve(env)]);
  try {
    assert.notEqual(a.base, b.base);
    const token = generateToken({ apikey: API_KEY, permissions: ['allow_join'], roles: ['rtc'], version: 2 }, SECRET, { expiresIn: '1h' });

    // One registry: created through either, found through the other.
    const meetings = [];
    for (const [creator, checker] of [[a, b], [b, a]]) {
      const created = await post(`${creator.base}/create-meeting`, { token, region: 'sg001' });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      meetings.push(created.body.roomId);
      const validated = await post(`${checker.base}/validate-meeting/${created.body.roomId}`, { token });
      assert.deepEqual([validated.status, validated.body.valid, validated.body.region], [200, true, 'sg001']);
    }

    // One rate limit: 30 token requests by one caller, half to each server, admit 20 in all.
    const asks = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        fetch(`${(i % 2 ? a : b).base}/get-token`, { headers: { Authorization: `Bearer ${CALLER_KEY}` }, signal: AbortSignal.timeout(5_000) }),
      ),
    );
    const statuses = asks.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 20, statuses.join());
    assert.equal(statuses.filter((s) => s === 429).length, 10, statuses.join());
    // Another client (anonymous, by address) is still served by both.
    for (const server of [a, b]) assert.equal((await fetch(`${server.base}/get-token`, { signal: AbortSignal.timeout(5_000) })).status, 200);

    // Redis killed mid-run: both servers keep answering validations, 503 while it is gone.
    const answers = [];
    let running = true;
    const load = async (server, name) => {
      for (let i = 0; running && i < 1_000; i++) {
        const answer = await post(`${server.base}/validate-meeting/${meetings[i % 2]}`, { token });
        answers.push({ server: name, at: performance.now(), ...answer });
        await sleep(40);
      }
    };
    const loads = [load(a, 'a'), load(b, 'b')].map((loop) => loop.catch((error) => error));
    await sleep(500);
    await stop(shared, 'SIGKILL');
    const killed = performance.now();
    await sleep(2_500);
    assert.ok(alive(a.child) && alive(b.child), 'both servers still run');
    shared = await startRedis(port, dir, PASSWORD);
    const restarted = performance.now();
    const servedAgain = (name) => answers.some((x) => x.server === name && x.at > restarted && x.status === 200);
    for (let i = 0; i < 150 && !(servedAgain('a') && servedAgain('b')); i++) await sleep(100);
    running = false;
    for (const failure of await Promise.all(loads)) assert.equal(failure, undefined, 'every request was answered within 5 s');

    const during = answers.filter((x) => x.at > killed + 200 && x.at < restarted);
    assert.ok(during.length >= 20, `${during.length} answers while Redis was down`);
    for (const x of during) {
      assert.equal(x.status, 503, JSON.stringify(x));
      assert.match(x.body.error, /state store cannot be reached/);
      assert.equal(x.retryAfter, '1');
    }
    assert.ok(answers.every((x) => x.status === 200 || x.status === 503), `statuses: ${[...new Set(answers.map((x) => x.status))]}`);
    const slowest = Math.max(...answers.map((x) => x.ms));
    assert.ok(slowest < 2_500, `slowest answer ${Math.round(slowest)} ms`);
    assert.ok(servedAgain('a') && servedAgain('b'), 'both serve again once Redis is back');
    const resumedIn = Math.min(...answers.filter((x) => x.at > restarted && x.status === 200).map((x) => x.at)) - restarted;
    t.diagnostic(`served again ${Math.round(resumedIn)} ms after Redis restarted; slowest answer ${Math.round(slowest)} ms`);

    // The meetings from before the fault are all there, through either server.
    for (const server of [a, b]) {
      for (const meetingId of meetings) assert.equal((await post(`${server.base}/validate-meeting/${meetingId}`, { token })).status, 200, `${meetingId} via ${server.base}`);
    }
    assert.ok(alive(a.child) && alive(b.child), 'both servers still run');
    for (const { output } of [a, b]) {
      assert.match(output.text, /Redis at redis:\/\/127\.0\.0\.1:\d+ is unavailable/);
      assert.match(output.text, /Redis at redis:\/\/127\.0\.0\.1:\d+ is available again/);
      assert.ok(!output.text.includes(PASSWORD), 'the Redis password is never printed');
    }
  } finally {
    await Promise.all([stop(a.child), stop(b.child)]);
    await stop(shared);
  }
});
