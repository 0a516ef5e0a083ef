// What `npm install rtc-token` brings: the packed package.json declares no dependency of any
// kind, and no file in the tarball imports anything but Node built-ins (`node:`) and the
// package's own files and subpaths. So there is nothing to audit at runtime beyond the package
// itself: its Rust dependencies are compiled into rtc_token_bg.wasm (see README, Security).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const packDir = fileURLToPath(new URL('../target/pack/', import.meta.url));
const tarball = join(packDir, readdirSync(packDir).find((name) => /^rtc-token-.*\.tgz$/.test(name)));
const read = (file) => execFileSync('tar', ['-xzOf', tarball, `package/${file}`], { encoding: 'utf8', maxBuffer: 64 << 20 });

test('the packed package.json declares no dependencies, optional, peer or bundled', () => {
  const manifest = JSON.parse(read('package.json'));
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies']) {
    assert.equal(manifest[field], undefined, field);
  }
  assert.equal(manifest.scripts?.install ?? manifest.scripts?.postinstall ?? manifest.scripts?.preinstall, undefined, 'no install scripts');
});

test('every shipped JavaScript file imports only node: built-ins and the package itself', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n')
    .map((path) => path.replace(/^package\//, '')).filter((path) => /\.(m?js|cjs)$/.test(path));
  assert.ok(files.length >= 10, files.join());
  const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])([^'"]+)\1/g;
  let imports = 0;
  for (const file of files) {
    for (const [, , name] of read(file).matchAll(specifier)) {
      imports++;
      const allowed = name.startsWith('node:') || name.startsWith('.') || name === 'rtc-token' || name.startsWith('rtc-token/');
      assert.ok(allowed, `${file} imports "${name}"`);
    }
  }
  assert.ok(imports >= 10, `${imports} imports seen`);
});
