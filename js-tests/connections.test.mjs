// Connection hygiene of the Node server (rtc-token/server/node: listen and serveFromEnv), on
// loopback: slow and silent clients are cut by the header and request timeouts within 2× the
// timeout (Node checks them every second here, not every 30 s), one client address holds at most
// its cap of connections, keep-alive connections end, and 2,000 slow or half-open connections
// from other addresses do not stop a normal client. 127.0.0.1 is the normal client; the abusive
// ones bind 127.0.0.2 and up (all of 127/8 is loopback on Linux).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createHandler, DEFAULT_CONNECTION_LIMITS, listen, serveFromEnv } from 'rtc-token/server/node';
import { agentFrom, call, holdConnections, startServe, startServerChild, timed } from './load/harness.mjs';

const API_KEY = 'connections-test-apikey';
const SECRET = 'connections-test-secret-0123456789abcdef';
const handler = () => createHandler({ apiKey: API_KEY, secret: SECRET, open: true });
const closers = [];
after(async () => {
  for (const close of closers.reverse()) await close();
});

/** 127.0.0.<from>, …, 127.0.0.<from + count - 1> */
const addresses = (from, count) => Array.from({ length: count }, (_, i) => `127.0.0.${from + i}`);

/**
 * One connection that is `half-open` (sends nothing), `slow-headers` (one header line every
 * `everyMs`) or `slow-body` (headers at once, then one body byte every `everyMs`): resolves when
 * the server closes it, with the milliseconds it was held and the first line it was answered.
 */
function cutAfter(port, mode, { everyMs = 2000, localAddress = '127.0.0.2', giveUpMs = 30_000 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    let started;
    let answer = '';
    let timer;
    const giveUp = setTimeout(() => socket.destroy(), giveUpMs);
    socket.on('error', () => {});
    socket.on('data', (chunk) => (answer += chunk));
    socket.once('connect', () => {
      started = performance.now();
      if (mode === 'slow-headers') {
        socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
        timer = setInterval(() => socket.write(`X-Slow-${Date.now()}: 1\r\n`), everyMs);
      } else if (mode === 'slow-body') {
        socket.write('POST /create-meeting HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
        timer = setInterval(() => socket.write(' '), everyMs);
      }
    });
    socket.once('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ mode, ms: Math.round(performance.now() - started), answer: answer.split('\r\n')[0] });
    });
  });
}

test('the defaults: connections capped in all and per address, Node timeouts checked every second', () => {
  assert.deepEqual({ ...DEFAULT_CONNECTION_LIMITS }, {
    maxConnections: 10_000, maxConnectionsPerAddress: 64, headersTimeout: 10_000, requestTimeout: 30_000,
    connectionsCheckingInterval: 1_000, keepAliveTimeout: 5_000, maxRequestsPerSocket: false, socketTimeout: 60_000,
  });
  // 2,000 sockets here, a few hundred more in the other tests: the fd limit must allow them.
  const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  assert.ok(Number.isNaN(limit) || limit >= 4500, `ulimit -n is ${limit}: too low to open 2,000 client and 2,000 server sockets in this test`);
});

test('a slow-header client, a silent (half-open) one and a slow body are cut within 2× their timeout: listen options and RTC_TOKEN_HEADERS_TIMEOUT', async () => {
  const running = await listen(handler(), { port: 0, headersTimeout: 2000, requestTimeout: 4000 });
  closers.push(running.close);
  assert.equal(running.connectionLimits.connectionsCheckingInterval, 1000);
  const served = await startServe({ RTC_TOKEN_HEADERS_TIMEOUT: '2s', RTC_TOKEN_REQUEST_TIMEOUT: '4' });
  closers.push(served.close);
  assert.match(served.output(), /connections: at most 10000, 64 per address; headers within 2 s, requests within 4 s/);
  const cuts = await Promise.all([
    cutAfter(running.port, 'slow-headers'),
    cutAfter(running.port, 'half-open'),
    cutAfter(running.port, 'slow-body', { everyMs: 500 }),
    cutAfter(served.port, 'slow-headers'),
    cutAfter(served.port, 'half-open'),
  ]);
  console.log(JSON.stringify({ cutAfterMs: cuts.map(({ mode, ms }) => `${mode} ${ms}`) }));
  const [headers, silent, body, servedHeaders, servedSilent] = cuts;
  for (const cut of [headers, silent, servedHeaders, servedSilent]) {
    assert.ok(cut.ms >= 1900 && cut.ms <= 4000, `${cut.mode}: held ${cut.ms} ms under a 2 s header timeout`);
    assert.equal(cut.answer, 'HTTP/1.1 408 Request Timeout', cut.mode);
  }
  assert.ok(body.ms >= 3900 && body.ms <= 8000, `slow body: held ${body.ms} ms under a 4 s request timeout`);
  assert.equal(body.answer, 'HTTP/1.1 408 Request Timeout');
  // The server still serves.
  assert.equal((await call(`http://127.0.0.1:${running.port}`, '/')).status, 200);
});

test('one address holds at most maxConnectionsPerAddress connections; past it new ones are closed at once, other addresses are served', async () => {
  const lines = [];
  const running = await listen(handler(), { port: 0, maxConnectionsPerAddress: 64, log: (line) => lines.push(line) });
  closers.push(running.close);
  const base = `http://127.0.0.1:${running.port}`;
  const first = await holdConnections({ port: running.port, count: 70, addresses: ['127.0.0.2'], mode: 'half-open' });
  closers.push(first.close);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(first.stillOpen(), 64);
  const cut = first.closedAfter();
  assert.equal(cut.length, 6);
  assert.ok(cut.every((ms) => ms < 300), `the ones past the cap were held ${cut.join(', ')} ms`);
  assert.match(lines.join('\n'), /connections refused since the last report: \d+ over 64 per address, 0 over 10000 in all \(last from 127\.0\.0\.2\)/);
  assert.equal(lines.filter((line) => line.startsWith('connections refused')).length, 1, 'one report a minute, not one per connection');
  // Another address, and the normal client, are served while 127.0.0.2 is at its cap.
  const agent = agentFrom('127.0.0.3');
  assert.equal((await call(base, '/', { agent })).status, 200);
  agent.destroy();
  assert.equal((await call(base, '/')).status, 200);
  // A closed connection frees its slot.
  first.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const again = await holdConnections({ port: running.port, count: 64, addresses: ['127.0.0.2'], mode: 'half-open' });
  closers.push(again.close);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(again.stillOpen(), 64);
  again.close();

  // IPv6: one /64 is one address (::1 is the only IPv6 loopback address there is to try).
  const v6 = await listen(handler(), { port: 0, host: '::1', maxConnectionsPerAddress: 5 });
  closers.push(v6.close);
  const sockets = await Promise.all(Array.from({ length: 8 }, () => new Promise((resolve) => {
    const socket = net.connect({ port: v6.port, host: '::1' }, () => resolve(socket));
    socket.on('error', () => {});
  })));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(sockets.filter((socket) => !socket.destroyed).length, 5);
  for (const socket of sockets) socket.destroy();
});

test('maxConnections caps connections in all; maxConnectionsPerAddress: false lifts the per-address cap (behind a proxy)', async () => {
  const lines = [];
  const running = await listen(handler(), { port: 0, maxConnections: 100, maxConnectionsPerAddress: false, log: (line) => lines.push(line) });
  closers.push(running.close);
  const held = await holdConnections({ port: running.port, count: 110, addresses: ['127.0.0.2'], mode: 'half-open' });
  closers.push(held.close);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(held.stillOpen(), 100, '100 from one address (no per-address cap), 10 past the total cap closed');
  assert.deepEqual(lines, ['connections refused since the last report: 1 over 100 in all (last from 127.0.0.2)']);
  held.close();
  await assert.rejects(listen(handler(), { port: 0, headerTimeout: 1000 }), /no connection limit headerTimeout; the limits are maxConnections, /);
  await assert.rejects(listen(handler(), { port: 0, headersTimeout: 40_000 }), /"headersTimeout" \(40000 ms\) must not exceed "requestTimeout" \(30000 ms\)/);
  await assert.rejects(listen(handler(), { port: 0, maxConnectionsPerAddress: 0 }), /"maxConnectionsPerAddress" must be a positive whole number \(or false: no cap\), not 0/);
});

test('keep-alive: a connection carries at most maxRequestsPerSocket requests, and an idle one ends after keepAliveTimeout', async () => {
  // 2 s: Node announces it in whole seconds (Keep-Alive: timeout=2), and Node's own client keeps
  // a connection for 1 s less than it is told (so it keeps none at all under 2 s).
  const running = await listen(handler(), { port: 0, maxRequestsPerSocket: 3, keepAliveTimeout: 2000 });
  closers.push(running.close);
  const base = `http://127.0.0.1:${running.port}`;
  const agent = agentFrom('127.0.0.1', 1);
  const answers = [];
  for (let i = 0; i < 4; i++) answers.push((await call(base, '/', { agent })).headers.connection);
  agent.destroy();
  assert.deepEqual(answers, ['keep-alive', 'keep-alive', 'close', 'keep-alive']);
  // Why it is off by default: Node keeps the connection open after that `Connection: close`, and
  // answers a client that goes on using it (autocannon does) with empty 503s.
  const pipelined = await new Promise((resolve) => {
    const socket = net.connect({ port: running.port, host: '127.0.0.1' }, () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'.repeat(4)));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk;
      if ((text.match(/^HTTP\/1\.1 \d+/gm) ?? []).length === 4) socket.destroy();
    });
    socket.on('error', () => {});
    socket.once('close', () => resolve(text.match(/^HTTP\/1\.1 \d+/gm)));
    setTimeout(() => socket.destroy(), 5000);
  });
  assert.deepEqual(pipelined, ['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 503']);
  // An idle kept-alive connection: closed by the server after 2 s (Node 24 adds up to 1 s of
  // keepAliveTimeoutBuffer, so that a client told "2 s" never races the close).
  const idle = await new Promise((resolve) => {
    const socket = net.connect({ port: running.port, host: '127.0.0.1' }, () => socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    let answeredAt;
    socket.on('data', () => (answeredAt ??= performance.now()));
    socket.on('error', () => {});
    socket.once('close', () => resolve(performance.now() - answeredAt));
    setTimeout(() => socket.destroy(), 10_000);
  });
  assert.ok(idle >= 1900 && idle < 4500, `an idle kept-alive connection lived ${idle} ms after its answer under a 2 s keepAliveTimeout`);
});

test('close() ends idle and half-open connections at once and lets a request in flight finish', async () => {
  const slowHandler = async () => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return new Response('done');
  };
  const running = await listen(slowHandler, { port: 0 });
  const held = await holdConnections({ port: running.port, count: 10, addresses: ['127.0.0.2'], mode: 'half-open' });
  closers.push(held.close);
  const inFlight = call(`http://127.0.0.1:${running.port}`, '/');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = performance.now();
  await running.close();
  const took = performance.now() - started;
  const answer = await inFlight;
  assert.equal(answer.status, 200);
  assert.equal(held.stillOpen(), 0);
  // Node alone would wait for the header timeout (10 s) to end the half-open ones.
  assert.ok(took >= 300 && took < 2000, `close() took ${took} ms`);
});

test('serveFromEnv: close() closes the state too (a SQLite file: its -wal file goes with its last connection)', async (t) => {
  if (!process.getBuiltinModule?.('node:sqlite')) return t.skip(`node:sqlite is not in Node ${process.versions.node} (22.13 and later)`);
  const dir = mkdtempSync(join(tmpdir(), 'rtc-token-connections-'));
  try {
    const file = join(dir, 'state.sqlite');
    const lines = [];
    const running = await serveFromEnv({ env: { RTC_TOKEN_STATE: `sqlite:${file}` }, port: 0, log: (line) => lines.push(line) });
    assert.match(lines[0], new RegExp(`state \\(rate limits, meetings\\): [^\\n]*${file.replaceAll('.', '\\.')}`));
    assert.equal((await call(`http://127.0.0.1:${running.port}`, '/get-token')).status, 200);
    assert.ok(existsSync(`${file}-wal`));
    await running.close();
    assert.ok(!existsSync(`${file}-wal`), 'the state file is still open');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serveFromEnv: the connection limits from env, off per address behind a proxy; where the state lives is announced; bad values are refused', async () => {
  const lines = [];
  const env = { RTC_TOKEN_MAX_CONNECTIONS: '500', RTC_TOKEN_MAX_CONNECTIONS_PER_ADDRESS: '8', RTC_TOKEN_KEEP_ALIVE_TIMEOUT: '65s' };
  const running = await serveFromEnv({ env, port: 0, log: (line) => lines.push(line) });
  try {
    const { maxConnections, maxConnectionsPerAddress, keepAliveTimeout, headersTimeout } = running.connectionLimits;
    assert.deepEqual([maxConnections, maxConnectionsPerAddress, keepAliveTimeout, headersTimeout], [500, 8, 65_000, 10_000]);
    assert.equal(running.server.maxConnections, 500);
    assert.equal(running.server.keepAliveTimeout, 65_000);
    assert.match(lines[0], /\n {2}state \(rate limits, meetings\): in memory \(development mode[^\n]*\n/);
    assert.match(lines[0], /\n {2}connections: at most 500, 8 per address; headers within 10 s, requests within 30 s\n/);
  } finally {
    await running.close();
  }
  const behind = await serveFromEnv({ env: { RTC_TOKEN_CLIENT_IP_HEADER: 'x-forwarded-for' }, port: 0, log: () => {} });
  assert.equal(behind.connectionLimits.maxConnectionsPerAddress, false);
  await behind.close();
  const refused = [
    [{ RTC_TOKEN_MAX_CONNECTIONS: 'many' }, /RTC_TOKEN_MAX_CONNECTIONS must be a positive whole number, not "many"/],
    [{ RTC_TOKEN_MAX_CONNECTIONS_PER_ADDRESS: '-1' }, /RTC_TOKEN_MAX_CONNECTIONS_PER_ADDRESS must be a positive whole number/],
    [{ RTC_TOKEN_HEADERS_TIMEOUT: 'soon' }, /RTC_TOKEN_HEADERS_TIMEOUT must be a positive number of seconds or a time span/],
    [{ RTC_TOKEN_HEADERS_TIMEOUT: '1m' }, /RTC_TOKEN_HEADERS_TIMEOUT \(60000 ms\) must not exceed RTC_TOKEN_REQUEST_TIMEOUT \(30000 ms\)/],
  ];
  for (const [bad, message] of refused) await assert.rejects(serveFromEnv({ env: bad, port: 0, log: () => {} }), message);
});

test('2,000 slow or half-open connections from 127.0.0.2–41 do not stop a normal client; the default header timeout cuts them all within 2×', async () => {
  // The server in a process of its own, with every default (rate limits included: the normal
  // client's 261 requests of GET / stay within its 300/min).
  const server = await startServerChild({ apiKey: API_KEY, secret: SECRET, handler: { open: true } });
  closers.push(server.close);
  const agent = agentFrom('127.0.0.1', 4);
  const normal = () => timed(120, 4, () => call(server.base, '/', { agent }));
  try {
    await timed(20, 4, () => call(server.base, '/', { agent })); // warm-up (JIT, connections)
    const alone = await normal();
    const openedAt = performance.now();
    const [silent, slow] = await Promise.all([
      holdConnections({ port: server.port, count: 1000, addresses: addresses(2, 40), mode: 'half-open' }),
      holdConnections({ port: server.port, count: 1000, addresses: addresses(2, 40), mode: 'slow', everyMs: 2000 }),
    ]);
    closers.push(silent.close, slow.close);
    const opened = performance.now() - openedAt;
    // Connected is not yet accepted: the last ones may still wait in the listen backlog.
    let held = await server.connections();
    for (let i = 0; i < 20 && held < 2000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      held = await server.connections();
    }
    const during = await normal();
    const stillHeld = silent.stillOpen() + slow.stillOpen();
    console.log(JSON.stringify({ openedMs: Math.round(opened), held, alone, during, stillHeld }));
    assert.equal(silent.open + slow.open, 2000);
    assert.ok(held >= 2000, `the server held ${held} connections`);
    assert.deepEqual(alone.statuses, { 200: 120 });
    assert.deepEqual(during.statuses, { 200: 120 }, 'the normal client was refused or failed');
    assert.ok(during.p99 < Math.max(250, 10 * alone.p99), `p99 ${during.p99} ms beside 2,000 held connections (alone: ${alone.p99} ms)`);
    assert.ok(stillHeld >= 1900, `only ${stillHeld} of the 2,000 were still open while the normal client was measured`);
    // The default header timeout (10 s, checked every second) cuts every one of them by 20 s.
    const deadline = openedAt + 2 * DEFAULT_CONNECTION_LIMITS.headersTimeout + 2000;
    while (silent.stillOpen() + slow.stillOpen() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    const cut = [...silent.closedAfter(), ...slow.closedAfter()];
    console.log(JSON.stringify({ cut: cut.length, firstMs: Math.round(Math.min(...cut)), lastMs: Math.round(Math.max(...cut)) }));
    assert.equal(cut.length, 2000);
    assert.ok(Math.max(...cut) <= 2 * DEFAULT_CONNECTION_LIMITS.headersTimeout, `the last was held ${Math.max(...cut)} ms`);
    assert.ok(Math.min(...cut) >= DEFAULT_CONNECTION_LIMITS.headersTimeout - 100, `one was cut after ${Math.min(...cut)} ms, before the timeout`);
    assert.equal((await call(server.base, '/', { agent })).status, 200);
  } finally {
    agent.destroy();
  }
});
