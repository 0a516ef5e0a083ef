// Memory: wasm memory and process RSS over 1,000,000 sign + verify pairs (20,000 in smoke mode),
// in a fresh process, sampled every tenth of the run after a full GC. The first tenth is the
// warm-up (JIT, the HMAC key cache, the allocator's first pages); flat means, after it:
// - wasm memory: no growth at all. It grows in 64 KiB pages and never shrinks, so any page
//   added after warm-up is memory the core kept (a leak or an unbounded cache).
// - RSS: the last sample within 2 MiB of the first after warm-up. A leak of 3 bytes per pair
//   over the remaining 900,000 pairs would exceed it, while GC'd RSS of an idle loop moves by
//   well under 1 MiB.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bytes, table, target } from './lib/stats.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const RSS_SLACK = 2 << 20;

export async function run({ smoke }) {
  const calls = smoke ? 20_000 : 1_000_000;
  const every = calls / 10;
  const out = execFileSync(process.execPath, ['--expose-gc', 'memory-child.mjs', String(calls), String(every)], { cwd: here, encoding: 'utf8' });
  const samples = out.trim().split('\n').map((line) => JSON.parse(line));
  const after = samples.filter((s) => s.calls >= every); // from the end of the warm-up on
  const first = after[0];
  const last = after.at(-1);
  const max = (key) => Math.max(...after.map((s) => s[key]));
  const rows = samples.map((s) => [s.calls.toLocaleString('en-US'), bytes(s.rss), bytes(s.wasm), bytes(s.heapUsed)]);
  const wasmGrowth = last.wasm - first.wasm;
  const rssGrowth = last.rss - first.rss;
  const text = [
    `Memory: ${calls.toLocaleString('en-US')} rtc-token sign + verify pairs in a fresh process, sampled after a full GC; warm-up = the first ${every.toLocaleString('en-US')}.`,
    '',
    table(['pairs done:', 'process RSS:', 'wasm memory:', 'V8 heap used:'], rows),
    '',
    `After warm-up: RSS first ${bytes(first.rss)}, last ${bytes(last.rss)}, max ${bytes(max('rss'))}; ` +
      `wasm memory first ${bytes(first.wasm)}, last ${bytes(last.wasm)}, max ${bytes(max('wasm'))}. ` +
      `Flat = wasm memory does not grow at all, RSS grows by ≤ ${bytes(RSS_SLACK)} (see bench/memory.mjs).`,
  ].join('\n');
  const targets = [
    target(`Memory: wasm memory flat over ${calls.toLocaleString('en-US')} sign + verify`, `+${bytes(wasmGrowth)}`, wasmGrowth === 0),
    target(`Memory: RSS flat over ${calls.toLocaleString('en-US')} sign + verify (≤ ${bytes(RSS_SLACK)})`, `${rssGrowth >= 0 ? '+' : ''}${bytes(rssGrowth)} (max ${bytes(max('rss') - first.rss)} above first)`, rssGrowth <= RSS_SLACK),
  ];
  return { title: 'Memory', text, targets };
}
