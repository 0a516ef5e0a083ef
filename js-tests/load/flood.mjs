// A flooding client, in a process of its own so that it shares no event loop with the server or
// with the client whose service the test measures (./harness.mjs forks it). Its argument (JSON):
//   { base, localAddress, concurrency, seconds, amount?, requests: [{ method?, path, body?, headers? }] }
// `concurrency` keep-alive connections from `localAddress` send the requests round robin until
// `amount` have been answered or `seconds` have passed; it then reports over IPC
//   { answered, errors, statuses: { code: count }, retryAfter: [distinct values], perSecond, seconds }
// and exits.
import http from 'node:http';

const { base, localAddress, concurrency = 10, seconds = 5, amount = Infinity, requests } = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, localAddress });
const prepared = requests.map(({ method = 'GET', path, body, headers = {} }) => {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return {
    method,
    url: `${base}${path}`,
    data,
    headers: { ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}), ...headers },
  };
});

function send({ method, url, data, headers }) {
  return new Promise((resolve) => {
    const request = http.request(url, { method, agent, headers, timeout: 10_000 });
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve({ status: 'error' }));
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode, retryAfter: response.headers['retry-after'] }));
      response.on('error', () => resolve({ status: 'error' }));
    });
    request.end(data);
  });
}

const statuses = {};
const retryAfter = new Set();
let sent = 0;
let answered = 0;
let errors = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (sent < amount && performance.now() < deadline) {
    const { status, retryAfter: after } = await send(prepared[sent++ % prepared.length]);
    if (status === 'error') errors++;
    else answered++;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (after !== undefined) retryAfter.add(after);
  }
}));
const elapsed = (performance.now() - started) / 1000;
agent.destroy();
process.send(
  { answered, errors, statuses, retryAfter: [...retryAfter].slice(0, 20), perSecond: Math.round(answered / elapsed), seconds: Number(elapsed.toFixed(2)) },
  () => process.exit(0),
);
