// Servers the tests start: waiting for one to print where it listens, and `rtc-token serve`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Resolves with the first capture group of `pattern` once the child's stdout matches it; rejects
 * with what it printed if `ms` pass first or the child exits. The timer is cleared either way, so
 * the test's process is never held open by it.
 * @param {import('node:child_process').ChildProcess} child
 * @param {RegExp} pattern
 */
export function printed(child, pattern, ms = 15_000) {
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why) => {
      clearTimeout(timer);
      reject(new Error(`${why}; it printed: ${out}`));
    };
    const timer = setTimeout(() => fail(`nothing matching ${pattern} within ${ms} ms`), ms);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = pattern.exec(out);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    });
    child.once('exit', (code, signal) => fail(`it exited (${code ?? signal})`));
  });
}

/**
 * Starts `rtc-token serve --port 0` as npm installed it in js-tests/ (with `env` as its whole
 * environment) and resolves once it listens: the child (the caller stops it), the base URL on
 * 127.0.0.1, and `output.text`, everything it printed so far.
 */
export async function startServe(env) {
  const bin = join(import.meta.dirname, 'node_modules', '.bin', 'rtc-token');
  const child = spawn(bin, ['serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { text: '' };
  child.stdout.on('data', (chunk) => (output.text += chunk));
  child.stderr.on('data', (chunk) => (output.text += chunk));
  try {
    const base = (await printed(child, /listening on (http:\/\/\S+:\d+)/)).replace('localhost', '127.0.0.1');
    return { child, base, output };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
