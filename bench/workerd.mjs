// HS256 signing inside workerd: the Worker of workerd/worker.mjs, bundled the way `wrangler
// deploy` bundles (the runtime tests' helpers: js-tests/runtimes/workerd.mjs) and served by the
// workerd binary those tests pin, at workerd's own compatibility date, over loopback. Each
// request signs N tokens with one library; its wall time, less the median of an empty request's,
// gives ops/s. Rounds rotate the libraries; medians over the rounds.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorker, serveWorker, workerdBuildDate } from '../js-tests/runtimes/workerd.mjs';
import { median, summary, kOps, ms, table, target } from './lib/stats.mjs';
import { SECRET } from './lib/workload.mjs';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));

/** [row label, lib parameter] */
const LIBS = [
  ['rtc-token sign (sync)', 'rtc-token'],
  ['jose (async)', 'jose'],
  ['@tsndr/cloudflare-worker-jwt (async)', 'tsndr'],
  ['hand-written WebCrypto signer', 'hand-written WebCrypto'],
  ['bare WebCrypto HMAC over a ready string', 'bare WebCrypto HMAC'],
];

async function timed(url, lib, n) {
  const start = performance.now();
  const response = await fetch(`${url}?lib=${encodeURIComponent(lib)}&n=${n}`);
  const body = await response.text();
  const wall = performance.now() - start;
  if (!response.ok) throw new Error(`workerd answered ${response.status} for ${lib}: ${body}`);
  return { wall, token: JSON.parse(body).token };
}

export async function run({ smoke }) {
  const jsonwebtoken = require('jsonwebtoken');
  const N = smoke ? 500 : 10_000;
  const ROUNDS = smoke ? 1 : 7;
  const EMPTY = smoke ? 3 : 15;
  const dir = mkdtempSync(join(tmpdir(), 'rtc-token-bench-workerd-'));
  const date = workerdBuildDate();
  let server;
  try {
    const modules = await bundleWorker(join(here, 'workerd', 'worker.mjs'), dir);
    server = await serveWorker({ modules, dir, compatibilityDate: date });
    // Warm-up (and correctness): every library's token verifies with jsonwebtoken.
    for (const [, lib] of LIBS) {
      const { token } = await timed(server.url, lib, smoke ? N : 2_000);
      jsonwebtoken.verify(token, SECRET, { algorithms: ['HS256'], ignoreExpiration: lib === 'bare WebCrypto HMAC' });
    }
    const empty = [];
    for (let i = 0; i < EMPTY; i++) empty.push((await timed(server.url, 'empty', 1)).wall);
    const overhead = median(empty);
    const rounds = Object.fromEntries(LIBS.map(([, lib]) => [lib, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < LIBS.length; i++) {
        const [, lib] = LIBS[(i + round) % LIBS.length];
        const { wall } = await timed(server.url, lib, N);
        rounds[lib].push(N / (Math.max(wall - overhead, 1e-3) / 1000));
      }
    }
    const stats = Object.fromEntries(Object.entries(rounds).map(([lib, xs]) => [lib, summary(xs)]));
    const rows = LIBS.map(([label, lib]) => [label, kOps(stats[lib].median), `${kOps(stats[lib].min)}–${kOps(stats[lib].max)}`]);
    const text = [
      `workerd ${date} (compatibility date ${date}): ${ROUNDS} round(s), ${N.toLocaleString('en-US')} signs per request, ` +
        `request wall time less an empty request's (median ${ms(overhead)}).`,
      '',
      table(['sign in workerd', 'ops/s (median):', 'spread (min–max):'], rows),
    ].join('\n');
    const ratio = stats['rtc-token'].median / stats.jose.median;
    const targets = [target('workerd: sign ≥ 5× jose, synchronously', `${ratio.toFixed(2)}×`, ratio >= 5)];
    return { title: 'workerd', text, targets };
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
