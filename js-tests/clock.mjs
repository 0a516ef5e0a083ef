// The frozen clock of the tests and vector generators: jsonwebtoken and the wasm core both read
// the time through Date.now(), so freezing it makes tokens reproducible.

/** Runs `fn` with Date.now() frozen at `seconds` plus 123 ms (as the vectors were made). */
export function atTime(seconds, fn) {
  const realNow = Date.now;
  Date.now = () => seconds * 1000 + 123;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}
