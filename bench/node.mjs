// rtc-token side by side with the JavaScript JWT libraries: every figure of issue 7.
//
//   make bench                     full run (a few minutes): the README's Performance section
//   node bench/node.mjs            the same, once the package is installed into bench/
//   node bench/node.mjs --smoke    seconds-long run so the benchmark cannot rot (no verdicts)
//
// Sections, printed in this order, each a module of bench/ with `run({ smoke })` returning
// { title, text, targets }:
//   throughput.mjs   HS256 sign/verify in one Node process against every peer
//   coldstart.mjs    process start to first token, fresh processes, less a bare process
//   size.mjs         installed size with dependencies; the .wasm raw, gzip, HMAC-only estimate
//   memory.mjs       wasm memory and RSS over 1,000,000 sign + verify pairs
//   asymmetric.mjs   RS256/ES256 against jsonwebtoken with a KeyObject
//   workerd.mjs      HS256 sign inside workerd, bundled as wrangler does, timed from outside
// then one table of every target with its figure and PASS/FAIL ("smoke" in smoke mode, "report"
// for a figure the issue asks for without a bar).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { table, verdict } from './lib/stats.mjs';
import * as throughput from './throughput.mjs';
import * as coldstart from './coldstart.mjs';
import * as size from './size.mjs';
import * as memory from './memory.mjs';
import * as asymmetric from './asymmetric.mjs';
import * as workerd from './workerd.mjs';

const smoke = process.argv.includes('--smoke');
const SECTIONS = [throughput, coldstart, size, memory, asymmetric, workerd];

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(', ');
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const { version } = JSON.parse(readFileSync(new URL('node_modules/rtc-token/package.json', import.meta.url), 'utf8'));
console.log(
  `rtc-token ${version} benchmark${smoke ? ' (smoke mode: seconds long, no verdicts)' : ''}: ` +
    `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${os.cpus().length} × ${cpu}, ` +
    `load average at start ${load()}`,
);

const targets = [];
for (const section of SECTIONS) {
  const started = performance.now();
  const { title, text, targets: own } = await section.run({ smoke });
  console.log(`\n## ${title}\n\n${text}`);
  console.error(`(${title}: ${((performance.now() - started) / 1000).toFixed(1)} s, load average ${load()})`);
  targets.push(...own);
}

console.log(`\n## Targets (issue 7)\n\n${table(['target', 'measured:', 'verdict'], targets.map((t) => [t.name, t.figure, verdict(t.passed, smoke)]))}`);
console.log(`\nLoad average at the end: ${load()}.`);
