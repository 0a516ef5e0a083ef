// The drop-in, in TypeScript: code typed against @types/jsonwebtoken 9 type-checks against
// rtc-token with only its import specifier changed. types/jsonwebtoken-usage/ is typical such code
// (compiled as written, proving it valid, then with 'jsonwebtoken' → 'rtc-token');
// types/jsonwebtoken-shapes.mts sets the two packages' types side by side; and every name
// @types/jsonwebtoken exports (read from its installed index.d.ts) must be exported by rtc-token's
// index.d.ts (import) and index.d.cts (require), as a named export and on the default import.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { bin, freshProject, runProgram } from './project.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const usageDir = join(here, 'types', 'jsonwebtoken-usage');
const usageFiles = readdirSync(usageDir).filter((file) => /\.[cm]ts$/.test(file));
const tsconfig = readFileSync(join(usageDir, 'tsconfig.json'), 'utf8');

let project;

before(() => {
  project = freshProject('types-dropin');
  // @types/jsonwebtoken and its @types/node, as pinned in js-tests/runtimes (tsc only reads them).
  copyInstalled('@types/jsonwebtoken', new Set());
  for (const file of usageFiles) {
    const text = readFileSync(join(usageDir, file), 'utf8');
    assert.match(text, /'jsonwebtoken'/, `${file} imports jsonwebtoken`);
    write(`theirs/${file}`, text);
    write(`ours/${file}`, text.replaceAll("'jsonwebtoken'", "'rtc-token'"));
  }
  write('theirs/tsconfig.json', tsconfig);
  write('ours/tsconfig.json', tsconfig);
  write('shapes/tsconfig.json', tsconfig);
  write('shapes/jsonwebtoken-shapes.mts', readFileSync(join(here, 'types', 'jsonwebtoken-shapes.mts'), 'utf8'));
});

after(() => project?.remove());

/** Copies a package installed in js-tests/runtimes, and its dependencies, into the project. */
function copyInstalled(name, copied) {
  if (copied.has(name)) return;
  copied.add(name);
  const from = join(here, 'node_modules', name);
  cpSync(from, join(project.dir, 'node_modules', name), { recursive: true });
  const { dependencies = {} } = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  for (const dependency of Object.keys(dependencies)) copyInstalled(dependency, copied);
}

function write(path, text) {
  mkdirSync(dirname(join(project.dir, path)), { recursive: true });
  writeFileSync(join(project.dir, path), text);
}

/** `tsc -p dir --explainFiles`; fails with tsc's errors unless it exits 0. */
async function tsc(dir) {
  const run = (...args) => runProgram(bin.tsc, ['-p', dir, ...args], { cwd: project.dir });
  const explained = await run('--explainFiles');
  if (explained.code !== 0) {
    const { stdout, stderr } = await run(); // the errors alone, without the list of files
    assert.fail(`tsc -p ${dir} failed:\n${stdout}${stderr}`);
  }
  return explained.stdout;
}

/** From `tsc --explainFiles`: importing file → the declaration files `specifier` resolved to. */
function resolved(explained, specifier) {
  const found = {};
  let file;
  for (const line of explained.split('\n')) {
    if (!line.startsWith(' ')) file = line.trim();
    const imported = new RegExp(`Imported via '${specifier}' from file '([^']+)'`).exec(line);
    if (imported) (found[imported[1]] ??= new Set()).add(file);
  }
  return Object.fromEntries(Object.entries(found).map(([from, files]) => [from, [...files]]));
}

test('typical @types/jsonwebtoken code (types/jsonwebtoken-usage/) type-checks against @types/jsonwebtoken', async () => {
  const expected = Object.fromEntries(usageFiles.map((file) => [`theirs/${file}`, ['node_modules/@types/jsonwebtoken/index.d.ts']]));
  assert.deepEqual(resolved(await tsc('theirs'), 'jsonwebtoken'), expected);
});

test('the same code with only the specifier changed to rtc-token type-checks (index.d.ts for import, .d.cts for require)', async () => {
  const declaration = (file) => (file.endsWith('.cts') ? 'node_modules/rtc-token/index.d.cts' : 'node_modules/rtc-token/index.d.ts');
  const expected = Object.fromEntries(usageFiles.map((file) => [`ours/${file}`, [declaration(file)]]));
  assert.deepEqual(resolved(await tsc('ours'), 'rtc-token'), expected);
});

test('types/jsonwebtoken-shapes.mts: rtc-token takes what @types/jsonwebtoken takes and returns what it returns', async () => {
  const explained = await tsc('shapes');
  assert.deepEqual(resolved(explained, 'jsonwebtoken'), { 'shapes/jsonwebtoken-shapes.mts': ['node_modules/@types/jsonwebtoken/index.d.ts'] });
  assert.deepEqual(resolved(explained, 'rtc-token'), { 'shapes/jsonwebtoken-shapes.mts': ['node_modules/rtc-token/index.d.ts'] });
});

/**
 * The names a declaration file exports, each with whether it names a type and a value. Every
 * `export` line must be one this reads, so a new form of export fails here instead of slipping by.
 */
function exportsOf(path) {
  const names = new Map();
  for (const line of readFileSync(path, 'utf8').split('\n').filter((text) => text.startsWith('export '))) {
    if (line === 'export {};' || /^export default \w+;$/.test(line)) continue;
    const [, kind, name] = /^export (?:declare )?(class|interface|type|function|const) (\w+)/.exec(line) ?? [];
    assert.ok(kind, `an export form this test does not read: ${line}`);
    names.set(name, { type: kind !== 'function' && kind !== 'const', value: ['class', 'function', 'const'].includes(kind) });
  }
  return names;
}

/**
 * A file that uses each name as a named import, through `import * as` (or `import = require`)
 * and through the default import.
 */
function namesFile(names, specifier, commonJs) {
  const lines = [
    '// Generated by types-dropin.test.mjs: each name as a named import, on the module and on the default import.',
    commonJs ? `import all = require('${specifier}');` : `import * as all from '${specifier}';`,
    `import byDefault from '${specifier}';`,
    `import { ${[...names.keys()].join(', ')} } from '${specifier}';`,
  ];
  for (const [name, { type, value }] of names) {
    if (type) lines.push(`export type Type_${name} = [${name}, all.${name}, byDefault.${name}];`);
    if (value) lines.push(`export const value_${name} = [${name}, all.${name}, byDefault.${name}];`);
  }
  return `${lines.join('\n')}\n`;
}

async function checkNames(dir, names, specifier, extra = '') {
  write(`${dir}/tsconfig.json`, tsconfig);
  write(`${dir}/names.mts`, namesFile(names, specifier, false) + extra);
  write(`${dir}/names.cts`, namesFile(names, specifier, true) + extra);
  return tsc(dir);
}

test('every name @types/jsonwebtoken exports, rtc-token exports too: by import and require, named and on the default', async () => {
  const names = exportsOf(join(project.dir, 'node_modules', '@types', 'jsonwebtoken', 'index.d.ts'));
  for (const name of ['sign', 'verify', 'decode', 'JsonWebTokenError', 'JwtHeader', 'SigningKeyCallback', 'GetPublicKeyOrSecret']) {
    assert.ok(names.has(name), `read ${name} from @types/jsonwebtoken`);
  }
  // As written against @types/jsonwebtoken, the file proves the list right; then against rtc-token.
  assert.deepEqual(resolved(await checkNames('names-theirs', names, 'jsonwebtoken'), 'jsonwebtoken'), {
    'names-theirs/names.mts': ['node_modules/@types/jsonwebtoken/index.d.ts'],
    'names-theirs/names.cts': ['node_modules/@types/jsonwebtoken/index.d.ts'],
  });
  const explained = await checkNames('names-ours', names, 'rtc-token');
  assert.deepEqual(resolved(explained, 'rtc-token'), {
    'names-ours/names.mts': ['node_modules/rtc-token/index.d.ts'],
    'names-ours/names.cts': ['node_modules/rtc-token/index.d.cts'],
  });
});

test("every name rtc-token exports is on its default import too (jsonwebtoken's default import is the whole module)", async () => {
  const names = exportsOf(join(project.dir, 'node_modules', 'rtc-token', 'index.d.ts'));
  assert.ok(names.has('generateToken') && names.has('VideoSdkPayload'), "read rtc-token's own names");
  // index.d.ts declares private aliases for the default import's namespace: they stay private.
  await checkNames('own-names', names, 'rtc-token', '// @ts-expect-error private\nexport type Private = all.$Secret;\n');
});
