// Installed size with dependencies: each package installed alone into a fresh temporary project
// (rtc-token from the packed tarball, the peers at the versions pinned in package.json, from the
// npm registry or npm's cache), node_modules measured on disk. Then both .wasm files (the full
// core, and the HMAC-only core of rtc-token/hmac, which the main entry also starts with) raw and
// gzipped, and how much of the full one is asymmetric code (lib/wasm-anatomy.mjs).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { anatomy } from './lib/wasm-anatomy.mjs';
import { bytes, table, target } from './lib/stats.mjs';
import { treeSize } from './lib/tree.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');

export function tarball() {
  const dir = join(root, 'target', 'pack');
  const name = readdirSync(dir).find((file) => /^rtc-token-.*\.tgz$/.test(file));
  if (!name) throw new Error(`no rtc-token-*.tgz in ${dir}: run scripts/build.sh (make bench does)`);
  return join(dir, name);
}

/** Installs `spec` alone into a fresh project; resolves to the size of its node_modules. */
async function installedSize(spec) {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-token-size-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'size-probe', private: true }));
    await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error', spec], { cwd: dir });
    return treeSize(join(dir, 'node_modules'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run({ smoke }) {
  const pinned = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).devDependencies;
  const packages = [
    ['rtc-token (packed tarball)', tarball()],
    ...['jsonwebtoken', 'jose', 'fast-jwt'].map((name) => [`${name} ${pinned[name]}`, `${name}@${pinned[name]}`]),
  ];
  // In parallel, and beside the wasm anatomy: npm spends its time waiting on the registry and
  // the cache, not on the CPU.
  const [parts, ...sizes] = await Promise.all([
    anatomy({
      bindgenWasm: join(root, 'target', 'wasm-bindgen', 'rtc_token_bg.wasm'),
      wasmOpt: join(root, 'scripts', 'node_modules', '.bin', 'wasm-opt'),
      quick: smoke,
    }),
    ...packages.map(([, spec]) => installedSize(spec)),
  ]);
  const rows = packages.map(([label], i) => [label, bytes(sizes[i].apparent), bytes(sizes[i].disk), String(sizes[i].files)]);

  const installed = join(here, 'node_modules', 'rtc-token');
  const sized = (file) => {
    const wasm = readFileSync(join(installed, file));
    return { raw: wasm.length, gzip: gzipSync(wasm, { level: 9 }).length, brotli: brotliCompressSync(wasm).length };
  };
  const full = sized('rtc_token_bg.wasm');
  const hmac = sized('hmac/rtc_token_bg.wasm');
  const share = parts.asymmetric / parts.code;
  const text = [
    'Installed size with dependencies: each package alone in a fresh project, node_modules measured.',
    '',
    table(['package', 'files (bytes):', 'on disk (du):', 'files:'], rows),
    '',
    table(['.wasm', 'raw:', 'gzip -9:', 'brotli:'], [
      ['rtc_token_bg.wasm (full core: rtc-token after its first asymmetric key)', bytes(full.raw), bytes(full.gzip), bytes(full.brotli)],
      ['hmac/rtc_token_bg.wasm (HMAC-only core: rtc-token/hmac, and rtc-token at load)', bytes(hmac.raw), bytes(hmac.gzip), bytes(hmac.brotli)],
      ['  for comparison: the estimate from stubbing asymmetric code out of the full one', bytes(parts.hmacOnly.raw), bytes(parts.hmacOnly.gzip), '—'],
    ]),
    '',
    `Asymmetric (RSA, EC, EdDSA, key containers) code: ${bytes(parts.asymmetric)} of ${bytes(parts.code)} of function bodies ` +
      `(${(share * 100).toFixed(0)}%, ${parts.stubbedFunctions} of ${parts.functions} functions, attributed by name ${smoke ? 'in the un-optimized wasm-bindgen output (smoke)' : 'after wasm-opt -O3 -g'}; ` +
      'a lower bound: inlined code and data tables are counted as shared). Largest: ' +
      parts.top.slice(0, 6).map(([path, size]) => `${path.replace(/::$/, '')} ${bytes(size)}`).join(', ') + '.',
  ].join('\n');
  const saved = full.raw - hmac.raw;
  const targets = [
    target('Size: installed with dependencies, rtc-token / jsonwebtoken / jose / fast-jwt', sizes.map((s) => bytes(s.apparent)).join(' / '), null),
    target('Size: .wasm raw / gzip, full core', `${bytes(full.raw)} / ${bytes(full.gzip)}`, null),
    target('Size: .wasm raw / gzip, HMAC-only core (rtc-token/hmac)', `${bytes(hmac.raw)} / ${bytes(hmac.gzip)}`, null),
    target('Size: what the HMAC-only core saves', `${bytes(saved)} raw (${((saved / full.raw) * 100).toFixed(0)}%), ${bytes(full.gzip - hmac.gzip)} gzip`, null),
  ];
  return { title: 'Size', text, targets };
}
