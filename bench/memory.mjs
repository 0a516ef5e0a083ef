// Memory: wasm memory and process RSS over 1,000,000 sign + verify pairs (20,000 in smoke mode),
// in a fresh process, sampled every tenth of the run after a full GC; then the same over 200,000
// pairs with 1,000 secrets in turn (the HMAC key cache evicting). The first tenth is the
// warm-up (JIT, the HMAC key cache, the allocator's first pages); flat means, from its end to
// the last sample:
// - wasm memory: no growth at all. It grows in 64 KiB pages and never shrinks, so any page
//   added after warm-up is memory the Rust core kept (a leak or an unbounded cache).
// - V8 heap used (after a full GC): ≤ 256 KiB of growth. A JavaScript-side leak of one byte per
//   pair over the remaining 900,000 pairs would exceed it; V8's own code and inline caches
//   account for a few tens of KiB.
// - process RSS: ≤ 4 MiB of growth. RSS moves in chunks: the 2 MiB steps seen on otherwise flat
//   runs (once per million pairs or so) are V8 committing more heap (heapTotal, shown beside,
//   steps with it while the heap used stays flat), so one such step is tolerated; a leak of 5
//   bytes per pair would exceed it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bytes, table, target } from './lib/stats.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const RSS_SLACK = 4 << 20;
const HEAP_SLACK = 256 << 10;

/** One child run: samples, and the figures after warm-up. */
function measure(calls, secrets) {
  const every = calls / 10;
  const args = ['--expose-gc', 'memory-child.mjs', String(calls), String(every), String(secrets)];
  const out = execFileSync(process.execPath, args, { cwd: here, encoding: 'utf8' });
  const samples = out.trim().split('\n').map((line) => JSON.parse(line));
  const after = samples.filter((s) => s.calls >= every); // from the end of the warm-up on
  const first = after[0];
  const last = after.at(-1);
  const max = (key) => Math.max(...after.map((s) => s[key]));
  return { calls, every, samples, first, last, max };
}

const signed = (n) => `${n >= 0 ? '+' : ''}${bytes(n)}`;
const count = (n) => n.toLocaleString('en-US');

export async function run({ smoke }) {
  // The issue's workload (one secret), then 1,000 secrets in turn: every call misses the HMAC
  // key cache (8 entries), so its eviction runs on every call; it must stay bounded too.
  const RUNS = [
    ['the workload (one secret)', smoke ? 20_000 : 1_000_000, 1],
    ['1,000 secrets in turn (HMAC key cache evicting on every call)', smoke ? 20_000 : 200_000, 1000],
  ];
  const text = [
    'Memory: rtc-token sign + verify pairs in a fresh process per run, sampled every tenth of the run after a full GC; ' +
      'the first tenth is the warm-up.',
  ];
  const targets = [];
  for (const [label, calls, secrets] of RUNS) {
    const { every, samples, first, last, max } = measure(calls, secrets);
    const rows = samples.map((s) => [count(s.calls), bytes(s.rss), bytes(s.wasm), bytes(s.heapUsed), bytes(s.heapTotal)]);
    text.push(
      '',
      `${count(calls)} pairs, ${label}:`,
      '',
      table(['pairs done:', 'process RSS:', 'wasm memory:', 'V8 heap used:', 'V8 heap committed:'], rows),
      '',
      `After warm-up (${count(every)}): RSS first ${bytes(first.rss)}, last ${bytes(last.rss)}, max ${bytes(max('rss'))}; ` +
        `wasm memory first ${bytes(first.wasm)}, last ${bytes(last.wasm)}, max ${bytes(max('wasm'))}; ` +
        `V8 heap first ${bytes(first.heapUsed)}, last ${bytes(last.heapUsed)}, max ${bytes(max('heapUsed'))}.`,
    );
    const wasmGrowth = last.wasm - first.wasm;
    const heapGrowth = last.heapUsed - first.heapUsed;
    const rssGrowth = last.rss - first.rss;
    const committedGrowth = last.heapTotal - first.heapTotal;
    const what = `${count(calls)} sign + verify, ${secrets === 1 ? 'one secret' : `${count(secrets)} secrets`}`;
    targets.push(
      target(`Memory: wasm memory flat over ${what} (no growth)`, signed(wasmGrowth), wasmGrowth === 0),
      target(`Memory: V8 heap flat over ${what} (≤ ${bytes(HEAP_SLACK)})`, signed(heapGrowth), heapGrowth <= HEAP_SLACK),
      target(`Memory: RSS flat over ${what} (≤ ${bytes(RSS_SLACK)})`, `${signed(rssGrowth)} (V8 heap committed ${signed(committedGrowth)}; max ${bytes(max('rss') - first.rss)} above first)`, rssGrowth <= RSS_SLACK),
    );
  }
  text.push('', `Flat = wasm memory does not grow at all, the V8 heap grows by ≤ ${bytes(HEAP_SLACK)}, RSS by ≤ ${bytes(RSS_SLACK)} (why: bench/memory.mjs).`);
  return { title: 'Memory', text: text.join('\n'), targets };
}
