// Waiting for a server a test started to print where it listens.

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
