// The token server under load on loopback, with autocannon (pinned in js-tests/package.json),
// every request bounded in count and time, every answer checked:
//   1. GET /get-token, sustained: each token must verify with jsonwebtoken and carry exactly
//      the claims asked for;
//   2. POST /validate-meeting/:id, sustained, over meetings made beforehand: each answer must
//      be the room with {"meetingId": id, "valid": true};
//   3. create then validate, concurrently, a bounded number of pairs: every meeting created is
//      found again afterwards (nothing lost);
//   4. malformed and oversized requests mixed with good ones: each bad one a 4xx, each good one
//      a 200, and the server still answers afterwards;
// with rate limits off (one client at full speed is what they refuse) and the default connection
// limits, and with the server's memory (after a full GC: heap, RSS, wasm) sampled between phases.
//
//   node js-tests/load/run.mjs            the full run (30 s per sustained phase); prints figures
//   node js-tests/load/run.mjs --seconds 3 --pairs 1000
// js-tests/load.test.mjs runs a short version in make test and asserts the same checks.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { startServerChild } from './harness.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const jsonwebtoken = require('jsonwebtoken');

const API_KEY = 'load-test-apikey';
const SECRET = 'load-test-secret-0123456789abcdef';
const ROOM = '2kyv-gzay-64pg';
const CONNECTIONS = 10;

function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, timeout: 10, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** The figures of one autocannon result. */
function figures(result) {
  return {
    requests: result.requests.total,
    perSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    seconds: result.duration,
  };
}

async function post(base, path, body) {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  return { status: response.status, json: await response.json() };
}

/** Runs every phase; returns the figures and the checks' counts. */
export async function runLoad({ seconds = 30, pairs = 4000 } = {}) {
  // Rate limits off: this run measures throughput and correctness with one client sending as
  // fast as it can, which the limits would rightly refuse (js-tests/limits.test.mjs tests them).
  // The connection limits are the defaults.
  const server = await startServerChild({ apiKey: API_KEY, secret: SECRET, handler: { limits: false } });
  const { base } = server;
  const apiToken = jsonwebtoken.sign({ apikey: API_KEY, permissions: ['allow_join'] }, SECRET, { expiresIn: '1h' });
  const report = { seconds, pairs, connections: CONNECTIONS, memory: {} };
  try {
    // Warm-up, so the baseline memory includes the loaded module and JIT.
    await cannon({ url: `${base}/get-token`, amount: 2000 });
    report.memory.baseline = await server.memory();

    // 1. GET /get-token
    let wrongTokens = 0;
    let checkedTokens = 0;
    const query = `roomId=${ROOM}&participantId=p1&permissions=allow_join&role=rtc&ttl=600`;
    const getToken = await cannon({
      url: base,
      duration: seconds,
      requests: [{
        method: 'GET',
        path: `/get-token?${query}`,
        onResponse: (status, body) => {
          checkedTokens++;
          try {
            const claims = jsonwebtoken.verify(JSON.parse(body).token, SECRET, { algorithms: ['HS256'] });
            const right = claims.apikey === API_KEY && claims.roomId === ROOM && claims.participantId === 'p1' && claims.version === 2 &&
              claims.roles.join() === 'rtc' && claims.permissions.join() === 'allow_join' && claims.exp - claims.iat === 600;
            if (!right) wrongTokens++;
          } catch {
            wrongTokens++;
          }
        },
      }],
    });
    report.getToken = { ...figures(getToken), checked: checkedTokens, wrong: wrongTokens };
    report.memory.afterGetToken = await server.memory();

    // 2. POST /validate-meeting/:id over 100 meetings made beforehand
    const meetings = [];
    for (let i = 0; i < 100; i++) meetings.push((await post(base, '/create-meeting', { token: apiToken })).json.meetingId);
    let wrongValidations = 0;
    let checkedValidations = 0;
    const validateBody = JSON.stringify({ token: apiToken });
    const validate = await cannon({
      url: base,
      duration: seconds,
      requests: [{
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request, context) => {
          context.id = meetings[Math.floor(Math.random() * meetings.length)];
          return { ...request, path: `/validate-meeting/${context.id}`, body: validateBody };
        },
        onResponse: (status, body, context) => {
          checkedValidations++;
          try {
            const answer = JSON.parse(body);
            if (status !== 200 || answer.meetingId !== context.id || answer.valid !== true) wrongValidations++;
          } catch {
            wrongValidations++;
          }
        },
      }],
    });
    report.validateMeeting = { ...figures(validate), checked: checkedValidations, wrong: wrongValidations };
    report.memory.afterValidate = await server.memory();

    // 3. create → validate pairs, concurrently; then every created meeting again
    const created = [];
    let pairFailures = 0;
    const pairRun = await cannon({
      url: base,
      amount: pairs * 2,
      requests: [
        {
          method: 'POST',
          path: '/create-meeting',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token: apiToken, region: 'sg001' }),
          onResponse: (status, body, context) => {
            try {
              context.id = JSON.parse(body).meetingId;
              created.push(context.id);
            } catch {
              pairFailures++;
            }
          },
        },
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request, context) => ({ ...request, path: `/validate-meeting/${context.id}`, body: validateBody }),
          onResponse: (status, body, context) => {
            try {
              const answer = JSON.parse(body);
              if (status !== 200 || answer.meetingId !== context.id || !answer.valid) pairFailures++;
            } catch {
              pairFailures++;
            }
          },
        },
      ],
    });
    let lost = 0;
    for (const id of created) {
      const { status, json } = await post(base, `/validate-meeting/${id}`, { token: apiToken });
      if (status !== 200 || json.valid !== true) lost++;
    }
    report.createValidate = { ...figures(pairRun), created: created.length, unique: new Set(created).size, pairFailures, lost };
    report.memory.afterCreateValidate = await server.memory();

    // 4. malformed and oversized requests mixed with good ones
    // One autocannon per kind of request, all at once: each stream's statuses are its own
    // (a 413 closes its connection, which would misattribute answers within one shared stream).
    const mixed = [
      ['good get-token', { method: 'GET', path: '/get-token' }, 200],
      ['bad JSON', { method: 'POST', path: '/create-meeting', headers: { 'content-type': 'application/json' }, body: '{"token":' }, 400],
      ['oversized body', { method: 'POST', path: '/create-meeting', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'x'.repeat(64 * 1024) }) }, 413],
      ['missing token', { method: 'POST', path: '/create-meeting', headers: { 'content-type': 'application/json' }, body: '{}' }, 400],
      ['forged token', { method: 'POST', path: '/create-meeting', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: jsonwebtoken.sign({ apikey: API_KEY, permissions: ['allow_join'] }, 'attacker') }) }, 401],
      ['unknown meeting', { method: 'POST', path: '/validate-meeting/zzzz-zzzz-zzzz', headers: { 'content-type': 'application/json' }, body: validateBody }, 404],
      ['wrong method', { method: 'DELETE', path: '/get-token' }, 405],
      ['unknown route', { method: 'GET', path: '/admin' }, 404],
      ['outside the grant', { method: 'GET', path: '/get-token?permissions=root' }, 403],
      ['bad rule', { method: 'GET', path: '/get-token?roomId=' }, 400],
      ['good validate', { method: 'POST', path: `/validate-meeting/${meetings[0]}`, headers: { 'content-type': 'application/json' }, body: validateBody }, 200],
    ];
    const duration = Math.max(2, Math.round(seconds / 3));
    const runs = await Promise.all(mixed.map(([, request]) => cannon({ url: base, connections: 2, duration, requests: [request] })));
    const statuses = {};
    let unexpected = 0;
    let requests = 0;
    let errors = 0;
    let closedAfter413 = 0;
    runs.forEach((result, i) => {
      const [name, , expected] = mixed[i];
      statuses[name] = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
      for (const [code, count] of Object.entries(statuses[name])) if (Number(code) !== expected) unexpected += count;
      requests += result.requests.total;
      // A 413 answer closes the connection by design: autocannon counts the closes as errors.
      if (expected !== 413) errors += result.errors + result.timeouts;
      else closedAfter413 += result.errors;
    });
    const stillUp = (await fetch(`${base}/get-token`, { signal: AbortSignal.timeout(5000) })).status;
    report.mixed = {
      requests, perSecond: Math.round(requests / duration), seconds: duration, errors, closedAfter413,
      statuses, unexpected, stillUp, serverAlive: server.child.exitCode === null,
    };
    report.memory.end = await server.memory();
  } finally {
    await server.close();
  }
  return report;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const report = await runLoad({ seconds: arg('--seconds', 30), pairs: arg('--pairs', 4000) });
  console.log(JSON.stringify(report, null, 2));
}
