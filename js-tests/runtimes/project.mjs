// A fresh project with the packed tarball installed the way a user installs it, plus the
// runtimes' binaries from the pinned platform packages of js-tests/runtimes/package.json.
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const binaryOf = (pkg, ...path) => join(here, 'node_modules', pkg, ...path);

/** The platform binaries, called directly (no launcher scripts, no install scripts needed). */
export const bin = {
  node: process.execPath,
  // The platform package ships the executable in place; only the `bun` wrapper package needs
  // a postinstall (to move it), so npm 11 blocking install scripts does not matter here.
  bun: binaryOf('@oven/bun-linux-x64', 'bin', 'bun'),
  deno: binaryOf('@deno/linux-x64-glibc', 'deno'),
  // Not the `workerd` package's launcher: it does not pass `--control-fd` through.
  workerd: binaryOf('@cloudflare/workerd-linux-64', 'bin', 'workerd'),
  tsc: binaryOf('typescript', 'bin', 'tsc'),
  publint: binaryOf('publint', 'src', 'cli.js'),
  attw: binaryOf('@arethetypeswrong/cli', 'dist', 'index.js'),
};

/** The tarball `npm pack` made (scripts/build.sh). */
export function tarballPath() {
  const packDir = join(here, '..', '..', 'target', 'pack');
  const name = readdirSync(packDir).find((file) => /^rtc-token-.*\.tgz$/.test(file));
  if (!name) throw new Error(`no rtc-token-*.tgz in ${packDir}: run scripts/build.sh`);
  return join(packDir, name);
}

/**
 * Makes a temporary project, installs the tarball into it by npm and copies `files`
 * (paths relative to js-tests/runtimes/) into it. Returns `{ dir, remove }`.
 */
export function freshProject(prefix, files = []) {
  const dir = mkdtempSync(join(tmpdir(), `rtc-token-${prefix}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `fresh-${prefix}`, private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarballPath()], { cwd: dir });
  for (const file of files) copyFileSync(join(here, file), join(dir, file.split('/').pop()));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs a program to completion (bounded by `timeout` ms), never through a shell. Resolves to
 * `{ code, stdout, stderr }` whatever the exit code.
 */
export function runProgram(file, args, { cwd, env = {}, timeout = 60_000 } = {}) {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, timeout, maxBuffer: 16 << 20, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? error.signal ?? 1) : 0, stdout, stderr }),
    );
  });
}
