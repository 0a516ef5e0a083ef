// The token server's SQLite state (node:sqlite, Node 22.13 and later): the state contract on a
// real file, two processes taking from one file without admitting twice, and a `rtc-token serve`
// killed and started again on its file losing no meeting and no rate limit. On Node 20, which has
// no node:sqlite, those are skipped, visibly, and what is checked is that asking for SQLite there
// fails with a clear error.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { generateToken } from 'rtc-token';
import { SqliteState } from 'rtc-token/server/node';
import { startServe } from './printed.mjs';
import { stateContract } from './state-contract.mjs';

const API_KEY = 'sqlite-test-key';
const SECRET = 'sqlite-test-secret-0123456789abcdef-0123';
const major = Number(process.versions.node.split('.')[0]);
const skip = major < 22 ? 'node:sqlite needs Node ≥ 22.13' : false;
const work = mkdtempSync(join(tmpdir(), 'rtc-token-sqlite-'));
const children = new Set();
after(async () => {
  await Promise.all([...children].map((child) => stop(child, 'SIGKILL')));
  rmSync(work, { recursive: true, force: true });
});

async function stop(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

let files = 0;
describe('SqliteState', { skip }, () => {
  stateContract('SqliteState', () => new SqliteState(join(work, `contract-${++files}.sqlite`)));

  test('SqliteState: two processes taking from one file admit the limit once, not once each', async () => {
    const file = join(work, 'shared.sqlite');
    new SqliteState(file).close(); // the schema, made once before both start
    // Both start at one agreed moment, so that their takes interleave.
    const start = Date.now() + 500;
    const script = `
      import { SqliteState } from 'rtc-token/server/node';
      const state = new SqliteState(${JSON.stringify(file)});
      while (Date.now() < ${start});
      let allowed = 0;
      for (let i = 0; i < 1000; i++) if ((await state.take('shared', { limit: 600, seconds: 3600 }, 1_000_000)).allowed) allowed++;
      await state.close();
      console.log(allowed);`;
    const run = () => promisify(execFile)(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], { cwd: import.meta.dirname });
    const counts = (await Promise.all([run(), run()])).map(({ stdout }) => Number(stdout));
    assert.equal(counts[0] + counts[1], 600, `admitted ${counts.join(' + ')}`);
    // Each admitted some: the two really took turns on the file (one after the other would be 600 + 0).
    assert.ok(counts[0] > 0 && counts[1] > 0, `admitted ${counts.join(' + ')}`);
  });
});

/** One `rtc-token serve` on `env`, its URL, and everything it printed; stopped after the tests. */
async function serve(env) {
  const server = await startServe(env);
  children.add(server.child);
  return server;
}

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json() };
}

const { RTC_TOKEN_STATE, REDIS_URL, ...inherited } = process.env;
const keyed = { ...inherited, VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: SECRET, HOST: '127.0.0.1' };

test('rtc-token serve on its default SQLite file, killed and started again, loses no meeting and no rate limit', { skip, timeout: 30_000 }, async () => {
  // The default file, under $XDG_STATE_HOME (a directory of this test's own).
  const env = { ...keyed, XDG_STATE_HOME: join(work, 'xdg'), RTC_TOKEN_RATE_CREATE: '3/h' };
  // One file per API key, named by the first 16 hex digits of its SHA-256 (never the key itself).
  const app = createHash('sha256').update(API_KEY).digest('hex').slice(0, 16);
  const file = join(work, 'xdg', 'rtc-token', `state-${app}.sqlite`);
  const token = generateToken({ apikey: API_KEY, permissions: ['allow_join'], roles: ['rtc'], version: 2 }, SECRET, { expiresIn: '1h' });
  let server = await serve(env);
  const meetings = [];
  try {
    assert.ok(existsSync(file), `${file} made`);
    assert.match(server.output.text, new RegExp(`SQLite file .*state-${app}\\.sqlite`));
    for (let i = 0; i < 3; i++) {
      const created = await post(`${server.base}/create-meeting`, { token, region: 'eu001' });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      meetings.push(created.body.roomId);
    }
    // Killed, as a crash or an OOM kill would: no chance to close the file.
    await stop(server.child, 'SIGKILL');
    server = await serve(env);
    for (const meetingId of meetings) {
      const validated = await post(`${server.base}/validate-meeting/${meetingId}`, { token });
      assert.deepEqual([validated.status, validated.body.valid, validated.body.region], [200, true, 'eu001'], meetingId);
    }
    // The client's three creates an hour are spent, restart or not.
    assert.equal((await post(`${server.base}/create-meeting`, { token })).status, 429);
  } finally {
    await stop(server.child);
  }
});

test('on Node without node:sqlite, SQLite is refused with a clear error', { skip: major >= 22 ? 'this Node has node:sqlite' : false }, async () => {
  assert.throws(() => new SqliteState(join(work, 'no.sqlite')), /SqliteState needs node:sqlite, built into Node 22\.13 and later \(this is Node 20\.[\d.]+\); use Redis \(REDIS_URL\) or memory instead/);
  const bin = join(import.meta.dirname, 'node_modules', '.bin', 'rtc-token');
  const child = spawn(bin, ['serve', '--port', '0'], { env: { ...keyed, RTC_TOKEN_STATE: `sqlite:${join(work, 'no.sqlite')}` }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  assert.notEqual(code, 0);
  assert.match(stderr, /SqliteState needs node:sqlite/);
  // Unasked, such a Node keeps its state in memory and says how to make it survive a restart.
  const server = await serve(keyed);
  try {
    assert.match(server.output.text, /in memory: a restart forgets every meeting .*Node 22\.13 or later .*REDIS_URL/);
  } finally {
    await stop(server.child);
  }
});
