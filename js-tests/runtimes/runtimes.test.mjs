// The runtime suite: one conformance body (conformance.mjs) run from the packed tarball, installed
// into a fresh project, by a tiny entry per runtime: Node require, Node import, Bun (import and
// require), Deno with no permission flags, and workerd bundled as `wrangler deploy` bundles, at
// the old compatibility date 2024-09-23 and at workerd's own build date, with and without
// nodejs_compat. Every row runs twice: through `rtc-token` and through `rtc-token/hmac` (the same
// entry file with the specifier swapped). Every row prints one line; any failed check fails it.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { conformanceChecks, makeFixture } from './fixture.mjs';
import { bin, freshProject, runProgram } from './project.mjs';
import { bundleWorker, serveWorker, workerdBuildDate } from './workerd.mjs';

// The reference implementation, from js-tests/ (never from this package).
const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');

const ENTRIES = ['node-require.cjs', 'node-import.mjs', 'bun.mjs', 'bun-require.cjs', 'deno.mjs', 'worker.mjs'].map((f) => `entries/${f}`);
const OLD_DATE = '2024-09-23';
const fixture = makeFixture(jsonwebtoken);
let project;
const workerModules = {};

/** `entries/x.mjs` → `x-hmac.mjs`: the entry with every `'rtc-token'` read as `'rtc-token/hmac'`. */
const hmacFile = (file) => file.split('/').pop().replace(/(\.[cm]js)$/, '-hmac$1');

before(async () => {
  project = freshProject('runtimes', ['conformance.mjs', ...ENTRIES]);
  writeFileSync(join(project.dir, 'fixture.data.mjs'), `export default ${JSON.stringify(fixture)};\n`);
  for (const entry of ENTRIES) {
    const text = readFileSync(new URL(entry, import.meta.url), 'utf8');
    const swapped = text.replaceAll("'rtc-token'", "'rtc-token/hmac'").replace('conformance(api, fixture)', "conformance(api, fixture, 'rtc-token/hmac')");
    assert.notEqual(swapped, text, entry);
    writeFileSync(join(project.dir, hmacFile(entry)), swapped);
  }
  workerModules['rtc-token'] = await bundleWorker(join(project.dir, 'worker.mjs'), project.dir);
  workerModules['rtc-token/hmac'] = await bundleWorker(join(project.dir, hmacFile('worker.mjs')), project.dir);
});

after(() => project?.remove());

/** A row run as a process: the entry prints the conformance result as one JSON line. */
const processRow = (file, args, env = () => ({})) => async (entry) => {
  // The entry file is the last argument.
  const entryArgs = entry === 'rtc-token' ? args : [...args.slice(0, -1), hmacFile(args.at(-1))];
  const { code, stdout, stderr } = await runProgram(file, entryArgs, { cwd: project.dir, env: env() });
  assert.equal(code, 0, `exit ${code}\n${stderr}`);
  const last = stdout.trim().split('\n').pop();
  return JSON.parse(last);
};

/** A row served by workerd and fetched over loopback HTTP. */
const workerdRow = (compatibilityDate, flags) => async (entry) => {
  const worker = await serveWorker({ modules: workerModules[entry], dir: project.dir, compatibilityDate, flags });
  try {
    const response = await fetch(worker.url);
    const text = await response.text();
    assert.equal(response.status, 200, `${text}\n${worker.stderr()}`);
    return JSON.parse(text);
  } finally {
    await worker.stop();
  }
};

const currentDate = workerdBuildDate();
const NODE_GLOBALS = { process: true, Buffer: true };
const NO_NODE_GLOBALS = { process: false, Buffer: false };
const denoEnv = () => ({ DENO_DIR: join(project.dir, '.deno'), DENO_NO_UPDATE_CHECK: '1' });

// `globals`: what the runtime must offer for the row to test what its name says (undefined:
// whatever the runtime's default is). `native`: node:crypto makes and checks the asymmetric
// signatures (the rows without it use the wasm primitive, workerd even with nodejs_compat).
const rows = [
  { name: 'Node require', globals: NODE_GLOBALS, native: true, run: processRow(bin.node, ['node-require.cjs']) },
  { name: 'Node import', globals: NODE_GLOBALS, native: true, run: processRow(bin.node, ['node-import.mjs']) },
  { name: 'Bun import', globals: NODE_GLOBALS, native: true, run: processRow(bin.bun, ['bun.mjs']) },
  { name: 'Bun require', globals: NODE_GLOBALS, native: true, run: processRow(bin.bun, ['bun-require.cjs']) },
  // `deno run` with no permission flag at all: any read, net or env access would fail.
  { name: 'Deno, no permissions', native: true, run: processRow(bin.deno, ['run', 'deno.mjs'], denoEnv) },
  { name: `workerd ${OLD_DATE}`, globals: NO_NODE_GLOBALS, run: workerdRow(OLD_DATE, []) },
  { name: `workerd ${OLD_DATE} nodejs_compat`, globals: NODE_GLOBALS, run: workerdRow(OLD_DATE, ['nodejs_compat']) },
  // Since 2026-08-04 nodejs_compat is workerd's default: the plain current date gets it too,
  // and a Worker without it must opt out of both versions explicitly.
  { name: `workerd ${currentDate}`, run: workerdRow(currentDate, []) },
  { name: `workerd ${currentDate} nodejs_compat`, globals: NODE_GLOBALS, run: workerdRow(currentDate, ['nodejs_compat']) },
  {
    name: `workerd ${currentDate} no_nodejs_compat`,
    globals: NO_NODE_GLOBALS,
    run: workerdRow(currentDate, ['no_nodejs_compat', 'no_nodejs_compat_v2']),
  },
];

const { asymmetric } = fixture;

for (const entry of ['rtc-token', 'rtc-token/hmac']) for (const { name: rowName, globals: rowGlobals, native, run } of rows) {
  const row = { name: `${rowName}, ${entry}`, globals: rowGlobals, native };
  const CHECKS = conformanceChecks(fixture, entry);
  test(row.name, async () => {
    let result;
    try {
      result = await run(entry);
    } catch (error) {
      console.log(`FAIL ${row.name}: ${error.message.split('\n')[0]}`);
      throw error;
    }
    const failed = result.checks.filter((c) => !c.ok);
    // The uuid token was minted with a random jwtid: jsonwebtoken, given the same jwtid and
    // clock, must produce the same bytes.
    const reference = atNow(() =>
      jsonwebtoken.sign(fixture.uuid.payload, fixture.secrets.text, { ...fixture.uuid.options, jwtid: result.minted.jwtid }),
    );
    const globals = `process ${result.globals.process ? 'yes' : 'no'}, Buffer ${result.globals.Buffer ? 'yes' : 'no'}`;
    const { signed, verified, declined } = result.host;
    const primitive = signed + verified > 0 ? `node:crypto ${signed} signed, ${verified} verified, ${declined} declined` : 'wasm signatures';
    const ok = failed.length === 0 && result.checks.length === CHECKS && result.minted.token === reference;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${row.name.padEnd(58)} ${result.checks.length - failed.length}/${CHECKS} checks, ${globals}, ${primitive}`);

    for (const c of failed) console.log(`     ${c.name}: ${c.detail}`);
    assert.deepEqual(failed, []);
    assert.equal(result.checks.length, CHECKS, 'the conformance body ran a different number of checks');
    assert.equal(result.minted.token, reference, 'the uuid-jwtid token differs from jsonwebtoken');
    if (row.globals) assert.deepEqual(result.globals, row.globals, 'the runtime did not offer what this row is named for');
    // Each asymmetric case reaches its signature (the tampered and the expired tokens too: the
    // signature is checked before the claims), so each is counted once where node:crypto runs;
    // the RS256 key check adds one of each. rtc-token/hmac never gets that far.
    const calls = {
      signed: asymmetric.sign.length + asymmetric.roundTrip.length + 1,
      verified: asymmetric.verify.length + asymmetric.roundTrip.length + 1,
    };
    const expected = row.native && entry === 'rtc-token' ? { ...calls, declined: 0 } : { signed: 0, verified: 0, declined: 0 };
    assert.deepEqual(result.host, expected, 'which primitive made and checked the asymmetric signatures');
    if (entry === 'rtc-token/hmac') return;
    // The round trips' tokens (PS and ES are randomized, EdDSA is not in jsonwebtoken), checked here.
    for (const { alg, key } of asymmetric.roundTrip) {
      const token = result.minted.asymmetric[alg];
      const publicKey = asymmetric.keys[key].public;
      if (alg === 'EdDSA') {
        const dot = token.lastIndexOf('.');
        const valid = crypto.verify(null, Buffer.from(token.slice(0, dot)), publicKey, Buffer.from(token.slice(dot + 1), 'base64url'));
        assert.ok(valid, `${alg} token made in ${row.name}, by node:crypto here`);
      } else {
        const claims = atNow(() => jsonwebtoken.verify(token, publicKey, { algorithms: [alg] }));
        assert.deepEqual(claims, { ...asymmetric.payload, iat: asymmetric.iat }, `${alg} token made in ${row.name}, by jsonwebtoken`);
      }
    }
  });
}

function atNow(fn) {
  const realNow = Date.now;
  Date.now = () => fixture.nowMs;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}
