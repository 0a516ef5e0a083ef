// Cold start: process start to first token, in fresh Node processes. Each script of cold/ loads
// one library and mints the workload's token; performance.now() at that point is the time since
// the process started (performance.timeOrigin). Bare processes with no library (CommonJS and ES
// module) are the baselines: added cold start = library − the baseline of its module system.
// Rounds run every script once, in a rotated order; medians over the rounds.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { median, ms, table, target } from './lib/stats.mjs';
import { SECRET } from './lib/workload.mjs';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('.', import.meta.url));

/** [row label, script in cold/, baseline script] */
const SCRIPTS = [
  ['bare Node process (CommonJS baseline)', 'baseline.cjs', null],
  ['bare Node process (ES module baseline)', 'baseline.mjs', null],
  ['rtc-token, require', 'rtc-token.cjs', 'baseline.cjs'],
  ['rtc-token, import', 'rtc-token.mjs', 'baseline.mjs'],
  ['rtc-token/hmac, require', 'rtc-token-hmac.cjs', 'baseline.cjs'],
  ['rtc-token/hmac, import', 'rtc-token-hmac.mjs', 'baseline.mjs'],
  ['jsonwebtoken, require', 'jsonwebtoken.cjs', 'baseline.cjs'],
  ['jose, import (async sign)', 'jose.mjs', 'baseline.mjs'],
  ['fast-jwt, require', 'fast-jwt.cjs', 'baseline.cjs'],
];
const LIMIT_MS = 10;

/** Runs one cold/ script in a fresh process: { ms (in-process), wall (spawn to exit), token }. */
function runOnce(script) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // nothing preloaded into the measured processes
  const start = performance.now();
  const out = execFileSync(process.execPath, [`cold/${script}`], { cwd: here, env, encoding: 'utf8' });
  const wall = performance.now() - start;
  return { ...JSON.parse(out), wall };
}

export async function run({ smoke }) {
  const jsonwebtoken = require('jsonwebtoken');
  const N = smoke ? 1 : 15;
  const samples = Object.fromEntries(SCRIPTS.map(([, script]) => [script, { ms: [], wall: [] }]));
  for (let round = 0; round < N; round++) {
    for (let i = 0; i < SCRIPTS.length; i++) {
      const [, script, baseline] = SCRIPTS[(i + round) % SCRIPTS.length];
      const { ms: t, wall, token } = runOnce(script);
      // The first token must be a real one: it verifies with jsonwebtoken.
      if (baseline) jsonwebtoken.verify(token, SECRET, { algorithms: ['HS256'] });
      samples[script].ms.push(t);
      samples[script].wall.push(wall);
    }
  }
  const med = (script) => median(samples[script].ms);
  const added = (script, baseline) => med(script) - med(baseline);
  const rows = SCRIPTS.map(([label, script, baseline]) => [
    label,
    ms(med(script)),
    baseline ? ms(added(script, baseline)) : '—',
    `${ms(Math.min(...samples[script].ms))}–${ms(Math.max(...samples[script].ms))}`,
    ms(median(samples[script].wall)),
  ]);
  const text = [
    `Cold start: ${N} fresh Node processes per row, rotated; process start to first token (the workload's HS256 sign).`,
    '',
    table(['process', 'start to first token (median):', 'added vs bare:', 'spread (min–max):', 'spawn to exit (median):'], rows),
  ].join('\n');
  const worst = (entry) => Math.max(added(`${entry}.cjs`, 'baseline.cjs'), added(`${entry}.mjs`, 'baseline.mjs'));
  const targets = [
    target(`Cold start added ≤ ${LIMIT_MS} ms in Node (worse of require/import)`, ms(worst('rtc-token')), worst('rtc-token') <= LIMIT_MS),
    target(`Cold start added ≤ ${LIMIT_MS} ms in Node, rtc-token/hmac (worse of require/import)`, ms(worst('rtc-token-hmac')), worst('rtc-token-hmac') <= LIMIT_MS),
  ];
  return { title: 'Cold start', text, targets };
}
