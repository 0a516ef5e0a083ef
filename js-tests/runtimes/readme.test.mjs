// The runtime examples of docs/RUNTIMES.md ("Examples"), taken as written and run in their
// runtime against the packed tarball: each must be three lines and mint a token that the real
// jsonwebtoken verifies. `API_KEY` and `SECRET` are defined in front of the snippets that use them.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bin, freshProject, runProgram } from './project.mjs';
import { bundleWorker, serveWorker } from './workerd.mjs';

const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');
const API_KEY = 'readme-api-key';
const SECRET = 'readme secret, test only';
const defineKeys = `const API_KEY = ${JSON.stringify(API_KEY)}, SECRET = ${JSON.stringify(SECRET)};\n`;

/** The name of the examples' marker (`<!-- example runtime: … -->`), which docs.test.mjs checks. */
const MARKER = 'runtime';

/** `{ title: code }` for each `**title**` followed by a js block in the Examples section. */
function runtimeExamples() {
  const doc = readFileSync(new URL('../../docs/RUNTIMES.md', import.meta.url), 'utf8');
  const section = /\n## Examples\n([\s\S]*?)\n## /.exec(doc);
  assert.ok(section, 'docs/RUNTIMES.md has no "## Examples" section');
  const examples = {};
  // Between the title and the block: the rest of the title's paragraph and the example marker.
  for (const [, title, marker, code] of section[1].matchAll(/\*\*([^*]+)\*\*[^\n]*\n(?:[^\n]*\n)*?(<!-- [^\n]*-->\n)?```js\n([\s\S]*?)```/g)) {
    assert.ok((marker ?? '').startsWith(`<!-- example ${MARKER}: run by js-tests/runtimes/readme.test.mjs`), `the ${title} example's marker`);
    examples[title] = code;
  }
  return examples;
}

const examples = runtimeExamples();
let project;

before(() => {
  project = freshProject('readme');
});

after(() => project?.remove());

/** The token a snippet printed (its last line), checked against jsonwebtoken. */
function assertMinted(output) {
  const token = output.trim().split('\n').pop();
  const claims = jsonwebtoken.verify(token, SECRET, { algorithms: ['HS256'] });
  assert.equal(claims.apikey, API_KEY);
  assert.deepEqual(claims.permissions, ['allow_join']);
  assert.equal(claims.exp - claims.iat, 120 * 60);
}

/** Writes `code` to `file` in the project and runs it; returns stdout, failing on exit ≠ 0. */
async function runExample(file, code, program, args) {
  writeFileSync(join(project.dir, file), code);
  const { code: exit, stdout, stderr } = await runProgram(program, args, { cwd: project.dir, env: { DENO_DIR: join(project.dir, '.deno') } });
  assert.equal(exit, 0, stderr);
  return stdout;
}

const runners = {
  'Node.js 20, 22, 24, CommonJS': (code) => runExample('readme-node.cjs', defineKeys + code, bin.node, ['readme-node.cjs']),
  'Node.js 20, 22, 24, ES modules': (code) => runExample('readme-node.mjs', defineKeys + code, bin.node, ['readme-node.mjs']),
  Bun: (code) => runExample('readme-bun.mjs', defineKeys + code, bin.bun, ['readme-bun.mjs']),
  // No permission flag; the key pair on the command line, as the snippet reads it.
  'Deno ≥ 2.2': (code) => runExample('readme-deno.mjs', code, bin.deno, ['run', 'readme-deno.mjs', API_KEY, SECRET]),
  'Cloudflare Workers': async (code) => {
    writeFileSync(join(project.dir, 'readme-worker.mjs'), code);
    const modules = await bundleWorker(join(project.dir, 'readme-worker.mjs'), project.dir);
    const worker = await serveWorker({
      modules,
      dir: project.dir,
      compatibilityDate: '2024-09-23',
      bindings: { VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: SECRET },
    });
    try {
      const response = await fetch(worker.url);
      assert.equal(response.status, 200);
      return (await response.json()).token;
    } finally {
      await worker.stop();
    }
  },
};

test('docs/RUNTIMES.md has a three-line example for each runtime', () => {
  assert.deepEqual(Object.keys(examples).sort(), Object.keys(runners).sort());
  for (const [title, code] of Object.entries(examples)) {
    assert.equal(code.trimEnd().split('\n').length, 3, `the ${title} example is not three lines`);
  }
});

for (const [title, run] of Object.entries(runners)) {
  test(`docs/RUNTIMES.md example runs: ${title}`, async () => {
    assert.ok(examples[title], `no docs/RUNTIMES.md example titled ${title}`);
    assertMinted(await run(examples[title]));
  });
}
