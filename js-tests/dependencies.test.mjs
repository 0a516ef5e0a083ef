// What `npm install rtc-token` brings: the packed package.json declares no dependency, and one
// optional peer, `redis` (node-redis), for the Redis state of a fleet of Node servers; no file in
// the tarball imports anything but Node built-ins (`node:`), the package's own files and subpaths,
// and `redis`, which only the Redis state imports, dynamically, when one is made. So there is
// nothing to audit at runtime beyond the package itself (its Rust dependencies are compiled into
// rtc_token_bg.wasm, see README, Security), and Redis's client only where Redis is used.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const packDir = fileURLToPath(new URL('../target/pack/', import.meta.url));
const tarball = join(packDir, readdirSync(packDir).find((name) => /^rtc-token-.*\.tgz$/.test(name)));
const read = (file) => execFileSync('tar', ['-xzOf', tarball, `package/${file}`], { encoding: 'utf8', maxBuffer: 64 << 20 });

test('the packed package.json declares no dependencies, and one optional peer: redis', () => {
  const manifest = JSON.parse(read('package.json'));
  for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
    assert.equal(manifest[field], undefined, field);
  }
  assert.deepEqual(Object.keys(manifest.peerDependencies), ['redis']);
  assert.match(manifest.peerDependencies.redis, /^\^\d+\.\d+\.\d+$/);
  assert.deepEqual(manifest.peerDependenciesMeta, { redis: { optional: true } });
  assert.equal(manifest.scripts?.install ?? manifest.scripts?.postinstall ?? manifest.scripts?.preinstall, undefined, 'no install scripts');
});

test('every shipped JavaScript file imports only node: built-ins and the package itself; redis only dynamically, in the Redis state', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n')
    .map((path) => path.replace(/^package\//, '')).filter((path) => /\.(m?js|cjs)$/.test(path));
  assert.ok(files.length >= 10, files.join());
  const specifier = /(\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(['"])([^'"]+)\2/g;
  let imports = 0;
  const redis = [];
  for (const file of files) {
    // Whole-line comments (// and JSDoc) left out: they may name a module, as prose or as a type.
    const code = read(file).split('\n').filter((line) => !/^\s*(\/\/|\/?\*)/.test(line)).join('\n');
    for (const [, form, , name] of code.matchAll(specifier)) {
      imports++;
      if (name === 'redis') {
        assert.match(form, /^import\s*\($/, `${file} imports "redis" statically`);
        redis.push(file);
        continue;
      }
      const allowed = name.startsWith('node:') || name.startsWith('.') || name === 'rtc-token' || name.startsWith('rtc-token/');
      assert.ok(allowed, `${file} imports "${name}"`);
    }
  }
  assert.ok(imports >= 10, `${imports} imports seen`);
  // The Redis state, and the CommonJS bundle of rtc-token/server/node that holds a copy of it.
  assert.deepEqual(redis.sort(), ['server/node-http.cjs', 'server/state/redis.mjs']);
});
