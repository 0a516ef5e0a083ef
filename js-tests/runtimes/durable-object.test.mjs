// The token server as a Worker whose state lives in Durable Objects
// (examples/cloudflare-worker-durable), installed against the packed tarball, bundled as wrangler
// bundles it, and served by the real workerd as two services: two isolates, each on its own
// socket, binding one SQLite-backed TokenStateObject namespace, as wrangler.toml declares it.
// Requests routed to either isolate see the same meetings and the same rate limits; the same
// Worker with the default in-memory state, in two isolates beside it, does not (so the checks
// can fail). The State contract (js-tests/state-contract.mjs) runs against the real objects
// through a test-only Worker that forwards each call to durableObjectState(); fakes serve only
// for fault injection (an object that cannot be reached).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createHandler, durableObjectState, StateUnavailable, TokenStateObject } from 'rtc-token/server';
import { stateContract } from '../state-contract.mjs';
import { freshProject } from './project.mjs';
import { bundleWorker, serveWorkers, workerdBuildDate } from './workerd.mjs';

const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');
const example = new URL('../../examples/cloudflare-worker-durable/', import.meta.url);
const keys = { VIDEOSDK_API_KEY: 'durable-api-key', VIDEOSDK_SECRET_KEY: 'durable secret, test only, 32 bytes+' };
// Low enough to reach in a few requests: 5 tokens a client a minute (one every 12 s), 3 meetings.
const RATE = { limit: 5, refillMs: 12_000 };
const MAX_MEETINGS = 3;
const overrides = { RTC_TOKEN_RATE_TOKEN: '5/min', RTC_TOKEN_RATE_CREATE: '5/min', RTC_TOKEN_MAX_MEETINGS: String(MAX_MEETINGS) };

// The test-only Worker: State calls over HTTP to durableObjectState(), and a read-only look at
// what an object stores (its tables' row counts, its alarm) for the storage bounds.
const CONTRACT_WORKER = `
import { durableObjectState, StateUnavailable, TokenStateObject } from 'rtc-token/server';

export class ProbedTokenStateObject extends TokenStateObject {
  #ctx;
  constructor(ctx, env) {
    super(ctx, env);
    this.#ctx = ctx;
  }
  async fetch(request) {
    if (new URL(request.url).pathname !== '/probe') return super.fetch(request);
    const sql = this.#ctx.storage.sql;
    const tables = sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 4) != '_cf_'").toArray();
    const rows = Object.fromEntries(tables.map(({ name }) => [name, sql.exec('SELECT count(*) AS n FROM ' + name).one().n]));
    return Response.json({ rows, alarm: await this.#ctx.storage.getAlarm() });
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/probe') return env.PROBED.get(env.PROBED.idFromName(url.searchParams.get('name'))).fetch('https://probe/probe');
    const method = /^\\/state\\/(take|createMeeting|touchMeeting)$/.exec(url.pathname)?.[1];
    if (!method || request.method !== 'POST') return new Response('no such route', { status: 404 });
    const { prefix, args } = await request.json();
    try {
      return Response.json({ result: await durableObjectState(env.PROBED, { prefix })[method](...args) });
    } catch (error) {
      return Response.json({ error: error.message, unavailable: error instanceof StateUnavailable }, { status: 503 });
    }
  },
};
`;
// The control: the same Worker with the default state (each isolate's own memory).
const MEMORY_WORKER = `
import { configFromEnv, createHandler } from 'rtc-token/server';
let handler;
export default { fetch: (request, env) => (handler ??= createHandler({ ...configFromEnv(env), clientAddressHeader: 'cf-connecting-ip' }))(request) };
`;

let project;
let workerd;
let launch;
let urls;
let participant;
let firstMeeting;
let meetingsCreated = 0;
let drained; // client 198.51.100.7's token burst: when it began, how many it was given

/** wrangler.toml as the test reads it: its date, its Durable Object binding and migration, its vars. */
function wranglerConfig() {
  const text = readFileSync(new URL('wrangler.toml', example), 'utf8');
  const date = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  const binding = /\[\[durable_objects\.bindings\]\]\s*name\s*=\s*"(\w+)"\s*class_name\s*=\s*"(\w+)"/.exec(text);
  const sqlite = /^new_sqlite_classes\s*=\s*\[\s*"(\w+)"\s*\]/m.exec(text)?.[1];
  const vars = Object.fromEntries([...(text.split(/^\[vars\]$/m)[1] ?? '').matchAll(/^(\w+)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1], m[2]]));
  assert.ok(date && binding && sqlite, 'wrangler.toml declares compatibility_date, a Durable Object binding and a new_sqlite_classes migration');
  assert.deepEqual([binding[1], binding[2], sqlite], ['TOKEN_STATE', 'TokenStateObject', 'TokenStateObject']);
  return { date, vars };
}

before(async () => {
  const started = Date.now();
  const { date, vars } = wranglerConfig();
  project = freshProject('durable-object', ['../../examples/cloudflare-worker-durable/src/index.js']);
  writeFileSync(join(project.dir, 'contract-worker.mjs'), CONTRACT_WORKER);
  writeFileSync(join(project.dir, 'memory-worker.mjs'), MEMORY_WORKER);
  const [exampleModules, contractModules, memoryModules] = await Promise.all(
    ['index.js', 'contract-worker.mjs', 'memory-worker.mjs'].map((file) => bundleWorker(join(project.dir, file), project.dir)),
  );
  const storageDir = join(project.dir, 'do-storage');
  mkdirSync(storageDir);
  const env = { ...vars, ...keys, ...overrides };
  const example = (name, bindings, durableObjects = []) => ({ name, modules: exampleModules, compatibilityDate: date, bindings: { ...env, ...bindings }, durableObjects });
  const workers = [
    example('one', { TOKEN_STATE: { durableObject: 'TokenStateObject' } }, [{ className: 'TokenStateObject', sql: true }]),
    example('two', { TOKEN_STATE: { durableObject: 'TokenStateObject', worker: 'one' } }),
    // Misconfigured: the class declared under `new_classes` (key-value storage), not SQLite.
    example('kv', { TOKEN_STATE: { durableObject: 'TokenStateObject' } }, [{ className: 'TokenStateObject', sql: false }]),
    { name: 'memory1', modules: memoryModules, compatibilityDate: date, bindings: env },
    { name: 'memory2', modules: memoryModules, compatibilityDate: date, bindings: env },
    {
      name: 'contract',
      modules: contractModules,
      compatibilityDate: workerdBuildDate(),
      bindings: { PROBED: { durableObject: 'ProbedTokenStateObject' } },
      durableObjects: [{ className: 'ProbedTokenStateObject', sql: true }],
    },
  ];
  launch = async () => {
    workerd = await serveWorkers({ workers, dir: project.dir, storageDir });
    urls = workerd.urls;
  };
  await launch();
  console.log(`# durable-object: project, bundles and workerd ready in ${Date.now() - started} ms`);
});

after(async () => {
  await workerd?.stop();
  project?.remove();
});

const as = (client) => ({ 'cf-connecting-ip': client });
const getToken = (worker, client) => fetch(`${urls[worker]}get-token`, { headers: as(client) });
const post = (worker, path, client, body) =>
  fetch(`${urls[worker]}${path}`, { method: 'POST', headers: { ...as(client), 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function answer(response) {
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

test('a meeting created through one isolate validates through the other (with the default state it would not)', async () => {
  const minted = await answer(await getToken('one', '203.0.113.1'));
  assert.equal(minted.status, 200, workerd.stderr());
  participant = minted.body.token;
  assert.deepEqual(jsonwebtoken.verify(participant, keys.VIDEOSDK_SECRET_KEY).roles, ['rtc']);
  const created = await answer(await post('one', 'create-meeting', '203.0.113.1', { token: participant, region: 'sg001' }));
  assert.equal(created.status, 200, JSON.stringify(created.body));
  meetingsCreated += 1;
  firstMeeting = created.body.roomId;
  for (const worker of ['two', 'one', 'two']) {
    const validated = await answer(await post(worker, `validate-meeting/${firstMeeting}`, '203.0.113.1', { token: participant }));
    assert.deepEqual([validated.status, validated.body.roomId, validated.body.region, validated.body.valid], [200, firstMeeting, 'sg001', true], worker);
  }
  // The control: each isolate's own memory.
  const local = await answer(await post('memory1', 'create-meeting', '203.0.113.1', { token: participant }));
  assert.equal(local.status, 200);
  assert.equal((await post('memory1', `validate-meeting/${local.body.roomId}`, '203.0.113.1', { token: participant })).status, 200);
  const elsewhere = await answer(await post('memory2', `validate-meeting/${local.body.roomId}`, '203.0.113.1', { token: participant }));
  assert.deepEqual([elsewhere.status, elsewhere.body.error], [404, 'no such meeting']);
});

/** 20 token requests from one client at once, alternating between two isolates: the admitted count. */
async function burst(workers, client) {
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => getToken(workers[i % 2], client).then(answer)));
  for (const { status, retryAfter } of answers) {
    assert.ok(status === 200 || (status === 429 && Number(retryAfter) >= 1), `${status} ${retryAfter}`);
  }
  // Tokens refill one every 12 s: the most this burst may be given.
  const most = RATE.limit + Math.floor((Date.now() - started) / RATE.refillMs);
  return { admitted: answers.filter((a) => a.status === 200).length, most };
}

test("one client's rate limit holds across both isolates (total admitted ≤ the limit); other clients are served", async () => {
  const began = Date.now();
  const shared = await burst(['one', 'two'], '198.51.100.7');
  drained = { began, admitted: shared.admitted };
  assert.ok(shared.admitted <= shared.most && shared.admitted >= RATE.limit, `admitted ${shared.admitted}, at most ${shared.most}`);
  assert.equal((await answer(await getToken('two', '198.51.100.8'))).status, 200, 'another client');
  // The control admits the limit in each isolate.
  const local = await burst(['memory1', 'memory2'], '198.51.100.7');
  assert.ok(local.admitted >= 2 * RATE.limit, `the control admitted ${local.admitted}`);
});

test('a full registry answers 503 through both isolates and keeps every live meeting', async () => {
  let client = 10;
  const create = (worker) => post(worker, 'create-meeting', `192.0.2.${client++}`, { token: participant }).then(answer);
  while (meetingsCreated < MAX_MEETINGS) {
    const created = await create(meetingsCreated % 2 ? 'two' : 'one');
    assert.equal(created.status, 200, JSON.stringify(created.body));
    meetingsCreated += 1;
  }
  for (const worker of ['one', 'two']) {
    const full = await create(worker);
    assert.deepEqual([full.status, full.retryAfter], [503, '60'], worker);
    assert.match(full.body.error, /registry is full \(3 live meetings\)/);
  }
  assert.equal((await post('two', `validate-meeting/${firstMeeting}`, '192.0.2.1', { token: participant })).status, 200);
});

test('a SQLite-less Durable Object class: 503 with Retry-After, and the object logs what to declare', async () => {
  const refused = await answer(await getToken('kv', '203.0.113.9'));
  assert.deepEqual([refused.status, refused.retryAfter], [503, '1']);
  assert.equal(refused.body.token, undefined);
  assert.match(workerd.stderr(), /new_sqlite_classes/);
});

// ----- the State contract and the storage bounds, against the real objects ----------------

let prefixes = 0;
/** A fresh state: durableObjectState() in the contract Worker, under a prefix of its own. */
function remoteState() {
  const prefix = `contract-${++prefixes}-`;
  const call = (method) => async (...args) => {
    const response = await fetch(`${urls.contract}state/${method}`, { method: 'POST', body: JSON.stringify({ prefix, args }) });
    const body = await response.json();
    if (response.status !== 200) throw new Error(`${method}: ${response.status} ${body.error}`);
    return body.result;
  };
  return { prefix, take: call('take'), createMeeting: call('createMeeting'), touchMeeting: call('touchMeeting') };
}
const probe = async (name) => (await fetch(`${urls.contract}probe?name=${encodeURIComponent(name)}`)).json();

stateContract('durableObjectState (workerd)', remoteState);

test('a bucket object forgets its bucket once it is full again (an alarm), so idle clients cost no storage', async () => {
  const state = remoteState();
  const rate = { limit: 2, seconds: 1 }; // full again 1 s after the last take
  const started = Date.now();
  assert.equal((await state.take('idle', rate, Date.now())).allowed, true);
  assert.equal((await state.take('idle', rate, Date.now())).allowed, true);
  const stored = await probe(`${state.prefix}bucket:idle`);
  assert.equal(stored.rows.bucket, 1);
  assert.ok(stored.alarm > started && stored.alarm < Date.now() + 2_000, `alarm at ${stored.alarm}`);
  let seen = stored;
  while (Object.keys(seen.rows).length && Date.now() - started < 10_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await probe(`${state.prefix}bucket:idle`);
  }
  assert.deepEqual(seen, { rows: {}, alarm: null }, 'deleted within 10 s');
  console.log(`# durable-object: bucket forgotten ${Date.now() - started} ms after its first take (full again after ~1000 ms)`);
  // Forgotten means full: the next take is admitted.
  assert.equal((await state.take('idle', rate, Date.now())).allowed, true);
});

test('the registry deletes expired meetings as it goes: stored rows stay within the live bound', async () => {
  const state = remoteState();
  const retention = { maxMeetings: 3, idleSeconds: 60 };
  const T0 = Date.UTC(2026, 0, 1);
  for (const id of ['aaaa-aaaa-aaaa', 'bbbb-bbbb-bbbb', 'cccc-cccc-cccc']) {
    assert.equal(await state.createMeeting({ meetingId: id, createdAt: new Date(T0).toISOString() }, retention, T0), 'created');
  }
  assert.deepEqual((await probe(`${state.prefix}registry`)).rows, { meetings: 3 });
  assert.equal(await state.createMeeting({ meetingId: 'dddd-dddd-dddd', createdAt: new Date(T0).toISOString() }, retention, T0 + 60_000), 'created');
  assert.deepEqual((await probe(`${state.prefix}registry`)).rows, { meetings: 1 });
});

test('a restart of workerd (objects on disk) keeps every meeting and every bucket', async () => {
  await workerd.stop();
  await launch();
  assert.equal((await post('two', `validate-meeting/${firstMeeting}`, '203.0.113.1', { token: participant })).status, 200);
  const after = await Promise.all(Array.from({ length: 5 }, () => getToken('one', '198.51.100.7').then(answer)));
  // Since the burst began, this client may have been given the limit and one a refill.
  const most = RATE.limit + Math.floor((Date.now() - drained.began) / RATE.refillMs) - drained.admitted;
  const admitted = after.filter((a) => a.status === 200).length;
  assert.ok(admitted <= most, `the drained bucket was kept: ${admitted} admitted, at most ${most}`);
  assert.equal((await post('one', 'create-meeting', '192.0.2.99', { token: participant })).status, 503, 'still full');
});

// ----- fault injection: objects that cannot be reached, in Node ----------------------------

/** A namespace whose every stub's fetch does `reply`; `names` records the objects asked for. */
function fakeNamespace(reply) {
  const names = [];
  return { names, idFromName: (name) => (names.push(name), { name }), get: () => ({ fetch: async () => reply() }) };
}

test('durableObjectState: an object that cannot be reached or fails is StateUnavailable, and the handler answers 503', async () => {
  const T = Date.now();
  const lost = new Error('Network connection lost.');
  for (const [reply, message] of [
    [() => Promise.reject(lost), /cannot be reached/],
    [() => Response.json({ error: 'TokenStateObject /take: disk full' }, { status: 500 }), /disk full/],
    [() => new Response('<html>', { status: 502 }), /answered 502 without JSON/],
    [() => Response.json({ unexpected: true }), /answered 200/],
  ]) {
    const state = durableObjectState(fakeNamespace(reply));
    await assert.rejects(state.take('k', { limit: 1, seconds: 1 }, T), (error) => error instanceof StateUnavailable && message.test(error.message));
    await assert.rejects(state.createMeeting({ meetingId: 'aaaa-aaaa-aaaa', createdAt: '' }, { maxMeetings: 1, idleSeconds: 1 }, T), StateUnavailable);
  }
  // An object that never answers: refused after `timeout`, not held.
  const hung = durableObjectState(fakeNamespace(() => new Promise(() => {})), { timeout: 50 });
  const began = performance.now();
  await assert.rejects(hung.touchMeeting('aaaa-aaaa-aaaa', { idleSeconds: 1 }, T), (error) => error instanceof StateUnavailable && /did not answer within 50 ms/.test(error.message));
  assert.ok(performance.now() - began < 2_000, 'refused in time');
  assert.throws(() => durableObjectState(fakeNamespace(() => null), { timeout: 0 }), /"timeout" must be a positive number/);
  const handler = createHandler({ apiKey: keys.VIDEOSDK_API_KEY, secret: keys.VIDEOSDK_SECRET_KEY, open: true, state: durableObjectState(fakeNamespace(() => Promise.reject(lost))) });
  const refused = await handler(new Request('http://localhost/get-token'));
  assert.deepEqual([refused.status, refused.headers.get('retry-after')], [503, '1']);
  assert.throws(() => durableObjectState({}), /namespace binding of TokenStateObject/);
  assert.throws(() => durableObjectState(undefined), TypeError);
});

test('durableObjectState shards: one registry object, one object per bucket key, all under the prefix', async () => {
  const namespace = fakeNamespace(() => Response.json({ result: null }));
  const state = durableObjectState(namespace, { prefix: 'staging:' });
  await state.take('rate:token:address:192.0.2.1', { limit: 1, seconds: 1 }, 0);
  await state.take('rate:create:caller:backend', { limit: 1, seconds: 1 }, 0);
  await state.createMeeting({ meetingId: 'aaaa-aaaa-aaaa', createdAt: '' }, { maxMeetings: 1, idleSeconds: 1 }, 0);
  await state.touchMeeting('aaaa-aaaa-aaaa', { idleSeconds: 1 }, 0);
  assert.deepEqual(namespace.names, ['staging:bucket:rate:token:address:192.0.2.1', 'staging:bucket:rate:create:caller:backend', 'staging:registry', 'staging:registry']);
  // The class loads wherever rtc-token/server does (here Node), though only workerd runs it.
  assert.equal(typeof TokenStateObject, 'function');
});
