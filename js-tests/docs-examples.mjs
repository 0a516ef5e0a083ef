// The examples of README.md and docs/*.md, as the tests that run them read them. A block a test
// runs has a marker on the line above it, `<!-- example NAME: run by FILE … -->`; a block no test
// runs says why, `<!-- illustration: REASON -->` (docs.test.mjs holds every js and sh block to
// one or the other). Also: a scratch project whose node_modules is js-tests/'s, where an example
// runs in a child process against the installed package, as a user's file would.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root directory. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The text of a document, by its path from the repository root (`README.md`, `docs/SERVER.md`). */
export function readDoc(path) {
  return readFileSync(join(ROOT, path), 'utf8');
}

const MARKED = /<!-- example ([\w-]+): run by (\S+)[^\n]*?-->\n```(\w+)\n([\s\S]*?)^```/gm;

/** Every block marked `example NAME` in the document `path`: `[{ name, runner, lang, code }]`. */
export function examples(path) {
  return [...readDoc(path).matchAll(MARKED)].map(([, name, runner, lang, code]) => ({ name, runner, lang, code }));
}

/** The one block marked `example NAME` in `path` (it must exist and be the only one). */
export function example(path, name) {
  const found = examples(path).filter((block) => block.name === name);
  assert.equal(found.length, 1, `${path} has ${found.length} blocks marked "example ${name}", not one`);
  return found[0].code;
}

/**
 * A scratch directory for examples: `node_modules` holds links to js-tests' installed packages
 * (rtc-token among them) and any `fakes` ({ name: source of its index.js }), so a file written
 * here imports them by name. Returns `{ dir, write(file, text), remove() }`.
 */
export function scratch(fakes = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rtc-token-docs-'));
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const name of ['rtc-token', 'jsonwebtoken']) symlinkSync(join(ROOT, 'js-tests', 'node_modules', name), join(modules, name), 'dir');
  const project = {
    dir,
    write: (file, text) => writeFileSync(join(dir, file), text),
    fake(name, source) {
      mkdirSync(join(modules, name), { recursive: true });
      writeFileSync(join(modules, name, 'index.js'), source);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [name, source] of Object.entries(fakes)) project.fake(name, source);
  return project;
}

/**
 * Runs `program args` in `cwd` to completion (bounded by `timeout` ms), never through a shell.
 * Resolves to `{ code, stdout, stderr }`; `env` is added to (or, where a value is undefined,
 * taken out of) this process's environment.
 */
export function run(program, args, { cwd, env = {}, timeout = 30_000 } = {}) {
  const merged = { ...process.env, NO_COLOR: '1' };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill(), timeout);
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout, stderr });
    });
  });
}

/**
 * Writes `code` (with `prelude` in front and `epilogue` after) into the scratch project as an ES
 * module when it has an import or export statement, else as CommonJS, runs it with this process's Node, and returns
 * its stdout lines; a non-zero exit fails with its stderr.
 */
export async function runNode(project, code, { prelude = '', epilogue = '', env = {}, file = 'example' } = {}) {
  // An ES module when it has an import or export statement (a comment may mention require).
  const name = `${file}.${/^(?:import|export)\b/m.test(code) ? 'mjs' : 'cjs'}`;
  project.write(name, `${prelude}\n${code}\n${epilogue}\n`);
  const { code: exit, stdout, stderr } = await run(process.execPath, [name], { cwd: project.dir, env });
  assert.equal(exit, 0, `${name} failed: ${stderr}`);
  return stdout.trimEnd().split('\n');
}

/** `const NAME = VALUE;` for each entry: the names an example leaves to its reader. */
export function defines(values) {
  return Object.entries(values).map(([name, value]) => `const ${name} = ${JSON.stringify(value)};`).join('\n');
}
