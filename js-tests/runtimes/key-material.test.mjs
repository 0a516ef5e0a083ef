// The key-material differential test (issue 17, item 4) in every runtime, from the packed tarball
// installed into a fresh project: Node require, Node import, Bun, Deno with no permissions, and
// workerd bundled as `wrangler deploy` bundles, without nodejs_compat at the old compatibility
// date and with it at workerd's own date. One serialisable fixture (js-tests/keys/fixture.mjs,
// jsonwebtoken's outcomes computed here) and one runtime-neutral body (js-tests/keys/body.mjs);
// each row prints its counts. Node, Bun and Deno must agree with jsonwebtoken exactly (their key
// reading is the wasm core's; node:crypto only signs); workerd, where only wasm signs, may refuse
// instead: never a payload or token where jsonwebtoken throws, never another deterministic token.
// Chromium's row is js-tests/browser/key-material.test.mjs.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildCorpus } from '../keys/corpus.mjs';
import { judgeKeyMaterial, makeKeyMaterialFixture, rowReport } from '../keys/fixture.mjs';
import { bin, freshProject, runProgram } from './project.mjs';
import { bundleWorker, serveWorker, workerdBuildDate } from './workerd.mjs';

// The reference implementation, from js-tests/ (never from this package).
const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');

const ENTRIES = ['node-require.cjs', 'node-import.mjs', 'deno.mjs', 'worker.mjs'].map((f) => `entries/key-material-${f}`);
const OLD_DATE = '2024-09-23';
const corpus = buildCorpus();
const fixture = makeKeyMaterialFixture(jsonwebtoken, corpus);
let project;
let workerModules;

before(async () => {
  project = freshProject('key-material', ['../keys/body.mjs', ...ENTRIES]);
  writeFileSync(join(project.dir, 'key-material.data.mjs'), `export default ${JSON.stringify(fixture.data)};\n`);
  workerModules = await bundleWorker(join(project.dir, 'key-material-worker.mjs'), project.dir);
});

after(() => project?.remove());

/** A row run as a process: the entry prints runKeyMaterial's result as one JSON line. */
const processRow = (file, args, env = () => ({})) => async () => {
  const { code, stdout, stderr } = await runProgram(file, args, { cwd: project.dir, env: env(), timeout: 120_000 });
  assert.equal(code, 0, `exit ${code}\n${stderr}`);
  return JSON.parse(stdout.trim().split('\n').pop());
};

/** A row served by workerd on loopback, fetched once, stopped by its own handle. */
const workerdRow = (compatibilityDate, flags) => async () => {
  const worker = await serveWorker({ modules: workerModules, dir: project.dir, compatibilityDate, flags });
  try {
    const response = await fetch(worker.url);
    const text = await response.text();
    assert.equal(response.status, 200, `${text.slice(0, 2000)}\n${worker.stderr()}`);
    return JSON.parse(text);
  } finally {
    await worker.stop();
  }
};

const currentDate = workerdBuildDate();
const denoEnv = () => ({ DENO_DIR: join(project.dir, '.deno'), DENO_NO_UPDATE_CHECK: '1' });

// `relaxed`: only the wasm primitive signs there, so a refusal is allowed (judge.mjs).
const rows = [
  { name: 'Node require', relaxed: false, run: processRow(bin.node, ['key-material-node-require.cjs']) },
  { name: 'Node import', relaxed: false, run: processRow(bin.node, ['key-material-node-import.mjs']) },
  { name: 'Bun import', relaxed: false, run: processRow(bin.bun, ['key-material-node-import.mjs']) },
  { name: 'Deno, no permissions', relaxed: false, run: processRow(bin.deno, ['run', 'key-material-deno.mjs'], denoEnv) },
  { name: `workerd ${OLD_DATE}`, relaxed: true, run: workerdRow(OLD_DATE, []) },
  { name: `workerd ${currentDate} nodejs_compat`, relaxed: true, run: workerdRow(currentDate, ['nodejs_compat']) },
];

for (const row of rows) {
  test(`key material in ${row.name}: ${row.relaxed ? 'jsonwebtoken\'s outcome or a refusal' : 'jsonwebtoken\'s outcome'}, zero forgeries`, async (t) => {
    const started = performance.now();
    const result = await row.run();
    assert.equal(result.outcomes.length, fixture.cases.length, 'the body ran a different number of cases');
    const tally = judgeKeyMaterial(fixture, result, { label: row.name, relaxed: row.relaxed, jwt: jsonwebtoken });
    console.log(rowReport(row.name, tally, result.count).join('\n'));
    t.diagnostic(`${row.name}: ${result.count} cases in ${Math.round(performance.now() - started)} ms`);
    assert.equal(tally.forgeriesAccepted, 0, `${tally.forgeriesAccepted} forged tokens accepted (listed above)`);
    assert.equal(tally.mismatches.length, 0, `${tally.mismatches.length} outcomes differ from jsonwebtoken's (listed above)`);
  });
}
