// The package's types and metadata, checked on what `npm pack` ships: tsc over typed usage files
// against the installed package (import and require under module nodenext, and bundler
// resolution as Workers projects use), `deno check`, and publint and attw on the tarball.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bin, freshProject, runProgram, tarballPath } from './project.mjs';

let project;

before(() => {
  project = freshProject('types', ['types/tsconfig.json', 'types/tsconfig.bundler.json', 'types/usage.mts', 'types/usage.cts']);
});

after(() => project?.remove());

/** Runs a Node CLI in the project; fails with its output unless it exits 0. */
async function cli(script, args) {
  const { code, stdout, stderr } = await runProgram(process.execPath, [script, ...args], { cwd: project.dir });
  assert.equal(code, 0, `${stdout}\n${stderr}`);
  return stdout;
}

/** From `tsc --explainFiles`: the declaration file of rtc-token each usage file imported. */
function declarationsFor(explained) {
  const found = {};
  let file;
  for (const line of explained.split('\n')) {
    if (!line.startsWith(' ')) file = line.trim();
    const imported = /Imported via 'rtc-token' from file '([^']+)'/.exec(line);
    if (imported && file.startsWith('node_modules/rtc-token/')) (found[imported[1]] ??= new Set()).add(file.slice('node_modules/rtc-token/'.length));
  }
  return Object.fromEntries(Object.entries(found).map(([from, files]) => [from, [...files]]));
}

test('tsc: usage.mts (import) and usage.cts (require) type-check under module nodenext', async () => {
  const explained = await cli(bin.tsc, ['-p', 'tsconfig.json', '--explainFiles']);
  // Node's import runs node-import.mjs (an ES module in front of node.cjs), require runs node.cjs:
  // each must see the types of the module system it runs.
  assert.deepEqual(declarationsFor(explained), { 'usage.mts': ['index.d.ts'], 'usage.cts': ['index.d.cts'] });
});

test('tsc: usage.mts type-checks under bundler resolution (Workers projects, bundlers)', async () => {
  const explained = await cli(bin.tsc, ['-p', 'tsconfig.bundler.json', '--explainFiles']);
  assert.deepEqual(declarationsFor(explained), { 'usage.mts': ['index.d.ts'] });
});

test('deno check: usage.mts type-checks in Deno against the deno condition\'s types', async () => {
  const env = { DENO_DIR: join(project.dir, '.deno'), DENO_NO_UPDATE_CHECK: '1' };
  const checked = await runProgram(bin.deno, ['check', 'usage.mts'], { cwd: project.dir, env });
  assert.equal(checked.code, 0, checked.stderr);
  const info = await runProgram(bin.deno, ['info', 'usage.mts'], { cwd: project.dir, env });
  assert.match(info.stdout, /node_modules\/rtc-token\/index\.d\.ts/);
  assert.doesNotMatch(info.stdout, /index\.d\.cts/);
});

test('publint --strict finds no problem in the tarball', async () => {
  const out = await cli(bin.publint, [tarballPath(), '--strict']);
  assert.match(out, /All good!/);
});

// Profile node16: the node10 rows model a resolver without `exports`, which cannot see subpaths
// such as rtc-token/server; the package requires Node 20 (engines), which resolves them.
test('attw finds no problem in the tarball', async () => {
  const out = await cli(bin.attw, [tarballPath(), '--profile', 'node16', '--format', 'ascii', '--no-color']);
  // cli() already requires exit status 0; also no problem marker outside the ignored node10 rows.
  const problems = out.split('\n').filter((line) => /💀|⚠️|❌|🎭|🐛|🥴|❗/u.test(line) && !line.includes('(ignored'));
  assert.deepEqual(problems, []);
  assert.match(out, /"rtc-token\/server"/, 'the server subpaths were analysed');
  assert.match(out, /"rtc-token\/hmac"/, 'the HMAC-only entry was analysed');
});
