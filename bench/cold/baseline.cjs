// Cold start: run alone in a fresh Node process by ../coldstart.mjs. Prints the time from process
// start (performance.timeOrigin) to the first token, and the token (checked by the parent).
// The baseline: a bare CommonJS process, no library, no token.
const token = null;
process.stdout.write(JSON.stringify({ ms: performance.now(), token }));
