// The pieces the load and abuse tests share (load/run.mjs, load.test.mjs, connections.test.mjs,
// limits.test.mjs): the server under test in a process of its own (the node:http adapter, or
// `rtc-token serve` as a user runs it), its memory as the kernel sees it, requests from a chosen
// loopback address (127.0.0.1 is the normal client, 127.0.0.2 and up the abusive ones), a
// flooding client in a process of its own (./flood.mjs), and held-open connections.
//
// Everything is bounded: every request has a timeout, every loop a count and a deadline, and
// every process and socket started here is stopped by its owner's close().
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { printed } from '../printed.mjs';

const BIN = fileURLToPath(new URL('../node_modules/.bin/rtc-token', import.meta.url));

/** Resolves with the child's next IPC message, or rejects if it exits or `ms` pass first. */
function nextMessage(child, ms = 15_000) {
  return new Promise((resolve, reject) => {
    const done = (fn, value) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      fn(value);
    };
    const onMessage = (message) => done(resolve, message);
    const onExit = (code) => done(reject, new Error(`the server child exited (${code})`));
    const timer = setTimeout(() => done(reject, new Error(`no answer from the server child within ${ms} ms`)), ms);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Stops a child by its pid: SIGTERM, then SIGKILL if it has not exited within `ms`. */
function stop(child, ms = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * The token server in a child process (./server-child.mjs): `createHandler({ apiKey, secret,
 * ...handler })` behind `listen(…, listen)` on 127.0.0.1.
 */
export async function startServerChild({ apiKey, secret, handler = {}, listen = {} }) {
  const child = fork(fileURLToPath(new URL('./server-child.mjs', import.meta.url)), [JSON.stringify({ API_KEY: apiKey, SECRET: secret, handler, listen })], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { port } = await nextMessage(child);
    return {
      child,
      pid: child.pid,
      port,
      base: `http://127.0.0.1:${port}`,
      memory: () => (child.send('memory'), nextMessage(child).then((m) => m.memory)),
      connections: () => (child.send('connections'), nextMessage(child).then((m) => m.connections)),
      close: () => (child.connected ? (child.send('close'), stop(child)) : stop(child)),
    };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/** `rtc-token serve --port 0` with `env` (and nothing of this process's VIDEOSDK_/RTC_TOKEN_ env). */
export async function startServe(env) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VIDEOSDK_|RTC_TOKEN_|REDIS_URL|PORT$|HOST$)/.test(name)));
  const child = spawn(BIN, ['serve', '--port', '0'], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    if (output.length < 64 * 1024) output += chunk;
  });
  try {
    const port = Number(await printed(child, /listening on http:\/\/localhost:(\d+)/));
    return { child, pid: child.pid, port, base: `http://127.0.0.1:${port}`, output: () => output, close: () => stop(child) };
  } catch (error) {
    await stop(child);
    throw error;
  }
}

/** A process's resident memory (VmRSS of /proc/<pid>/status), in MiB. */
export function rssMiB(pid) {
  const kib = Number(/^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  if (!Number.isFinite(kib)) throw new Error(`no VmRSS for pid ${pid}`);
  return kib / 1024;
}

/** A keep-alive agent whose connections leave from `localAddress`. */
export function agentFrom(localAddress, maxSockets = 8) {
  return new http.Agent({ keepAlive: true, maxSockets, localAddress });
}

/**
 * One request; resolves with `{ status, headers, json, ms }` (json null if the body is not JSON).
 * @param {{ method?: string, body?: object, headers?: Record<string, string>, agent?: http.Agent, timeout?: number }} [options]
 */
export function call(base, path, { method = 'GET', body, headers = {}, agent, timeout = 5000 } = {}) {
  const data = body === undefined ? undefined : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(`${base}${path}`, {
      method,
      agent,
      timeout,
      headers: { ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...headers },
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${path}: no answer within ${timeout} ms`)));
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        let json = null;
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          // not JSON
        }
        resolve({ status: response.statusCode, headers: response.headers, json, ms: performance.now() - started });
      });
    });
    request.end(data);
  });
}

/**
 * Runs `count` calls of `one(i)` (each resolving with `{ status, ms }`), `concurrency` at a time;
 * the statuses seen and the latency figures (ms).
 */
export async function timed(count, concurrency, one) {
  const latencies = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const { status, ms } = await one(next++);
      statuses[status] = (statuses[status] ?? 0) + 1;
      latencies.push(ms);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q) => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1));
  return { count, statuses, perSecond: Math.round(count / seconds), p50: at(0.5), p99: at(0.99), max: at(1) };
}

/**
 * A flooding client in a process of its own (./flood.mjs): `concurrency` keep-alive connections
 * from `localAddress`, sending `requests` (round robin) until `amount` are answered or `seconds`
 * pass. Resolves with its figures: statuses, Retry-After values seen, requests a second.
 */
export async function flood(options) {
  const child = fork(fileURLToPath(new URL('./flood.mjs', import.meta.url)), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    return await nextMessage(child, ((options.seconds ?? 30) + 20) * 1000);
  } finally {
    await stop(child);
  }
}

/**
 * Opens `count` connections to `port`, spread over `addresses` (each socket bound to one, round
 * robin), each either `half-open` (connects and never sends a byte) or `slow` (starts a request
 * and sends one more header line every `everyMs`), `batch` at a time. Resolves once all are
 * connected (or refused) with `{ open, refused, stillOpen(), closedAfter(): ms each closed one
 * was held, close() }`.
 */
export async function holdConnections({ port, count, addresses, mode, everyMs = 2000, connectMs = 10_000, batch = 200 }) {
  const sockets = [];
  const timers = new Set();
  const closedAfter = [];
  let refused = 0;
  const opened = [];
  // In batches, a few ms apart: all at once would overflow the server's listen backlog (511),
  // and the kernel would then complete some handshakes that the server accepts seconds later.
  for (let from = 0; from < count; from += batch) {
    const size = Math.min(batch, count - from);
    opened.push(...(await Promise.all(Array.from({ length: size }, (_, j) => openOne(from + j)))));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  function openOne(i) {
    return new Promise((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1', localAddress: addresses[i % addresses.length] });
      const started = performance.now();
      let connected = false;
      sockets.push(socket);
      const giveUp = setTimeout(() => socket.destroy(), connectMs);
      socket.on('error', () => {});
      // Read (and drop) what the server sends, so that its close is seen at once.
      socket.resume();
      socket.once('connect', () => {
        connected = true;
        clearTimeout(giveUp);
        if (mode === 'slow') {
          socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
          const timer = setInterval(() => socket.write(`X-Slow-${Date.now()}: 1\r\n`), everyMs);
          timers.add(timer);
          socket.once('close', () => (clearInterval(timer), timers.delete(timer)));
        }
        resolve(true);
      });
      socket.once('close', () => {
        clearTimeout(giveUp);
        if (connected) closedAfter.push(performance.now() - started);
        else (refused++, resolve(false));
      });
    });
  }
  return {
    open: opened.filter(Boolean).length,
    refused,
    stillOpen: () => sockets.filter((socket) => !socket.destroyed && socket.readyState === 'open').length,
    closedAfter: () => [...closedAfter],
    close: () => {
      for (const timer of timers) clearInterval(timer);
      for (const socket of sockets) socket.destroy();
    },
  };
}
