// What `npm pack` ships, installed into a fresh project the way a user installs it, and loaded
// by `require` and by `import` in child processes: both work, they share one instance, and the
// token equals jsonwebtoken's.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { jsonwebtoken } from './helpers.mjs';

const packDir = fileURLToPath(new URL('../target/pack/', import.meta.url));
const tarball = join(packDir, readdirSync(packDir).find((name) => /^rtc-token-.*\.tgz$/.test(name)));
// exp is fixed (2100-01-01) so generateToken adds no clock-dependent 120m default: the token
// made in the child process can be compared byte for byte.
const SEED = { apikey: 'k', permissions: ['allow_join'], version: 2, roomId: '2kyv-gzay-64pg', participantId: 'lxvdplwt', roles: ['rtc'], exp: 4102444800 };
let project;

before(() => {
  project = mkdtempSync(join(tmpdir(), 'rtc-token-fresh-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project });
});

after(() => rmSync(project, { recursive: true, force: true }));

function run(file, source) {
  writeFileSync(join(project, file), source);
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8' }));
}

const mint = `generateToken(${JSON.stringify(SEED)}, 'secret', { noTimestamp: true, algorithm: 'HS256' })`;

test('require("rtc-token") works in a fresh project', () => {
  const out = run('use.cjs', `
    const { generateToken, verify, JsonWebTokenError } = require('rtc-token');
    const token = ${mint};
    let error;
    try { verify(token, 'wrong'); } catch (e) { error = e instanceof JsonWebTokenError && e.message; }
    console.log(JSON.stringify({ token, claims: verify(token, 'secret'), error }));
  `);
  assert.equal(out.token, jsonwebtoken.sign(SEED, 'secret', { noTimestamp: true, algorithm: 'HS256' }));
  assert.deepEqual(out.claims, SEED);
  assert.equal(out.error, 'invalid signature');
});

test('import "rtc-token" works and shares the one instance with require', () => {
  const out = run('use.mjs', `
    import { createRequire } from 'node:module';
    import * as esm from 'rtc-token';
    import { generateToken } from 'rtc-token';
    const cjs = createRequire(import.meta.url)('rtc-token');
    const token = ${mint};
    let crossInstance = false;
    try { cjs.verify(token, 'wrong'); } catch (e) { crossInstance = e instanceof esm.JsonWebTokenError; }
    console.log(JSON.stringify({ token, same: esm.sign === cjs.sign && esm.TokenExpiredError === cjs.TokenExpiredError, crossInstance }));
  `);
  assert.equal(out.token, jsonwebtoken.sign(SEED, 'secret', { noTimestamp: true, algorithm: 'HS256' }));
  assert.equal(out.same, true);
  assert.equal(out.crossInstance, true);
});

test('the tarball ships two .wasm (the full core and the HMAC-only one) and only the listed files', () => {
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['package/hmac/rtc_token_bg.wasm', 'package/rtc_token_bg.wasm']);
  for (const required of [
    'package/entries/node.cjs', 'package/entries/workerd.mjs', 'package/entries/bundler.mjs', 'package/index.d.ts', 'package/index.d.cts', 'package/README.md',
    'package/errors.cjs', 'package/boundary/cores.mjs', 'package/entries/hmac/node.cjs', 'package/entries/hmac/workerd.mjs', 'package/entries/hmac/bundler.mjs',
    'package/entries/hmac/browser.mjs', 'package/api.mjs', 'package/hmac/rtc_token_bg.js',
  ]) {
    assert.ok(files.includes(required), `${required} missing from ${files}`);
  }
  assert.ok(!files.some((f) => f.endsWith('node.mjs')), 'the unbundled node.mjs source must not ship');
});
