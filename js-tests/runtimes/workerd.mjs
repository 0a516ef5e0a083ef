// A Worker bundled the way `wrangler deploy` bundles it, served by the real workerd on loopback.
//
// wrangler: esbuild with format esm, target es2022, platform browser, conditions
// `workerd, worker, browser`; `.wasm` imports are not bundled but collected as their own
// CompiledWasm modules (named by content hash) that the bundle imports by name; with
// nodejs_compat, `node:*` imports stay external for workerd to provide.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { after, before } from 'node:test';
import { bin, freshProject } from './project.mjs';

const require = createRequire(import.meta.url);
const esbuild = require('esbuild');

/** workerd's own build date (`workerd 2026-11-17`): the newest compatibility date it accepts. */
export function workerdBuildDate() {
  const out = execFileSync(bin.workerd, ['--version'], { encoding: 'utf8' });
  const date = /\d{4}-\d{2}-\d{2}/.exec(out);
  if (!date) throw new Error(`cannot read a date from \`workerd --version\`: ${out}`);
  return date[0];
}

/**
 * Bundles `entry` into `outDir/worker.js`, copies each imported `.wasm` beside it under its
 * module name (what wrangler uploads), and returns the module list workerd needs:
 * `[{ name, kind: 'esModule' | 'wasm' }]`, the main module first, each a file in `outDir`.
 */
export async function bundleWorker(entry, outDir) {
  const wasmModules = new Map();
  const collectWasm = {
    name: 'wasm-modules',
    setup(build) {
      build.onResolve({ filter: /\.wasm(\?module)?$/ }, (args) => {
        const file = join(args.resolveDir, args.path.replace(/\?module$/, ''));
        const hash = createHash('sha1').update(readFileSync(file)).digest('hex');
        const name = `${hash}-${basename(file)}`;
        wasmModules.set(name, file);
        return { path: `./${name}`, external: true };
      });
    },
  };
  // Named after the entry: two Workers bundled into one directory must not overwrite each other.
  const bundle = `${basename(entry).replace(/\.[cm]?js$/, '')}.bundle.js`;
  await esbuild.build({
    entryPoints: [entry],
    outfile: join(outDir, bundle),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    define: { 'process.env.NODE_ENV': '"production"' },
    external: ['node:*', 'cloudflare:*'],
    plugins: [collectWasm],
    logLevel: 'warning',
  });
  for (const [name, file] of wasmModules) copyFileSync(file, join(outDir, name));
  return [{ name: bundle, kind: 'esModule' }, ...[...wasmModules.keys()].map((name) => ({ name, kind: 'wasm' }))];
}

/**
 * A Worker's entry (`file`, relative to js-tests/runtimes/) in a fresh project with the packed
 * tarball installed, bundled as wrangler bundles it, once before the calling file's tests; the
 * project is removed after them. Read `project` and `modules` inside a test.
 * @returns {{ project?: { dir: string, remove(): void }, modules?: object[] }}
 */
export function bundledWorker(name, file) {
  const worker = {};
  before(async () => {
    worker.project = freshProject(name, [file]);
    worker.modules = await bundleWorker(join(worker.project.dir, basename(file)), worker.project.dir);
  });
  after(() => worker.project?.remove());
  return worker;
}

/**
 * One Worker (`modules` at `compatibilityDate`, with `flags` and text `bindings`) served by
 * workerd on 127.0.0.1 with an ephemeral port: {@link serveWorkers} with one worker. Resolves to
 * `{ url, stop, stderr }` once workerd reports the port it got on the control fd.
 */
export async function serveWorker({ modules, dir, compatibilityDate, flags = [], bindings = {} }) {
  const { urls, stop, stderr } = await serveWorkers({
    workers: [{ name: 'main', modules, compatibilityDate, flags, bindings }],
    dir,
    // One config file per date and flags: several may be served from one folder at once.
    configName: `config-${compatibilityDate}-${flags.join('-') || 'plain'}.capnp`,
  });
  return { url: urls.main, stop, stderr };
}

/**
 * Several Workers in one workerd process, each its own service (its own isolate) on its own
 * socket on 127.0.0.1, as Cloudflare runs a Worker in many isolates side by side.
 *
 * `workers`: `[{ name, modules, compatibilityDate, flags?, bindings?, durableObjects? }]`;
 * a binding is a string (text) or `{ durableObject: className, worker?: name }` (a namespace
 * of this worker's or another's); `durableObjects: [{ className, sql }]` are the classes this
 * worker defines, SQLite-backed with `sql` (wrangler's `new_sqlite_classes`; workerd keeps those
 * on disk only, in `storageDir`, where they survive a restart), else in memory.
 * The config is written in `dir`, beside the modules (capnp embeds relative paths only), as
 * `configName` (default named after the workers).
 * Resolves to `{ urls: { [name]: url }, stop, stderr }` once every socket listens.
 */
export function serveWorkers({ workers, dir, storageDir, configName }) {
  const quote = (text) => JSON.stringify(text);
  const bindingLine = ([name, value]) =>
    typeof value === 'string'
      ? `(name = ${quote(name)}, text = ${quote(value)})`
      : `(name = ${quote(name)}, durableObjectNamespace = (className = ${quote(value.durableObject)}${value.worker ? `, serviceName = ${quote(value.worker)}` : ''}))`;
  const workerBlock = ({ name, modules, compatibilityDate, flags = [], bindings = {}, durableObjects = [] }) => {
    const sql = durableObjects.some((object) => object.sql);
    if (sql && !storageDir) throw new Error(`worker ${name}: SQLite-backed Durable Objects need a storageDir`);
    const objects = durableObjects.map(({ className, sql }) => `(className = ${quote(className)}, uniqueKey = ${quote(`${name}-${className}`)}, enableSql = ${Boolean(sql)})`);
    return `(
    modules = [${modules.map((m) => `(name = ${quote(m.name)}, ${m.kind} = embed ${quote(m.name)})`).join(', ')}],
    bindings = [${Object.entries(bindings).map(bindingLine).join(', ')}],
    durableObjectNamespaces = [${objects.join(', ')}],
    ${durableObjects.length ? `durableObjectStorage = ${sql ? '(localDisk = "do-storage")' : '(inMemory = void)'},` : ''}
    compatibilityDate = ${quote(compatibilityDate)},
    compatibilityFlags = [${flags.map(quote).join(', ')}],
  )`;
  };
  const services = workers.map((worker) => `(name = ${quote(worker.name)}, worker = ${workerBlock(worker)})`);
  if (storageDir) services.push(`(name = "do-storage", disk = (path = ${quote(storageDir)}, writable = true))`);
  const config = join(dir, configName ?? `config-${workers.map((w) => w.name).join('-')}.capnp`);
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [${services.join(',\n    ')}],
  sockets = [${workers.map(({ name }) => `(name = ${quote(name)}, address = "127.0.0.1:0", http = (), service = ${quote(name)})`).join(', ')}],
);
`,
  );
  return startWorkerd(config, workers.map(({ name }) => name));
}

/** Starts workerd on `config`; resolves once each of `sockets` reported its port on fd 3. */
function startWorkerd(config, sockets) {
  const child = spawn(bin.workerd, ['serve', config, '--control-fd=3'], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.on('data', (chunk) => (stderr += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`workerd did not report its ports within 20 s:\n${stderr}`));
    }, 20_000);
    const urls = {};
    let control = '';
    child.stdio[3].on('data', (chunk) => {
      const lines = (control + chunk).split('\n');
      control = lines.pop();
      for (const line of lines) {
        const event = JSON.parse(line);
        if (event.event === 'listen' && sockets.includes(event.socket)) urls[event.socket] = `http://127.0.0.1:${event.port}/`;
      }
      if (sockets.every((name) => urls[name])) {
        clearTimeout(timer);
        resolve({ urls, stop, stderr: () => stderr });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`workerd exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
}
