// The core an entry hands to the API (api.mjs's makeApi): the calls of its wasm instance or
// instances, each returning the core's answer text or throwing its error text (regions.mjs), and
// `coresStarted()`, a diagnostic. Two kinds, one per public name:
//
// rtc-token/hmac (hmacCore): the HMAC-only instance alone, called directly. An asymmetric key ends
// there in the documented error (src/error/, AsymmetricUnavailable).
//
// rtc-token (mainCore): the entry starts the small HMAC-only core at load: most users sign and
// verify with secrets and never need more, and the small module compiles and starts in a fraction
// of the time. The first call that core cannot finish (it would have to parse a key: PEM, DER,
// JWK, an asymmetric KeyObject) starts the full core and runs that same call there; from then on
// every call runs on the full core, which does all the small one does with the same code.
// Re-running is exact: the HMAC-only core stops (AsymmetricUnavailable, ERROR_NEEDS_FULL_CORE in
// its error JSON) where the full core reads the key, before it writes anything for mutatePayload,
// and api.mjs has not yet acted on the call (callbacks and payload writes come after the core
// returns), so the first attempt leaves nothing visible. The arguments are strings, numbers and
// byte arrays the glue only copies. js-tests/hmac.test.mjs proves it.
import { needsFullCore } from './answers.mjs';
import { regionCalls } from './regions.mjs';

/**
 * rtc-token/hmac's core.
 * @param {object} glue the HMAC-only core's wasm-bindgen glue, started (instantiate.mjs)
 */
export function hmacCore(glue) {
  return { ...regionCalls(glue), coresStarted: () => ['hmac'] };
}

/**
 * rtc-token's core: the HMAC-only instance until a call needs the full one.
 * @param {object} smallGlue the HMAC-only core's glue, started by the entry (instantiate.mjs)
 * @param {object} fullGlue the full core's glue
 * @param {() => void} startFull starts `fullGlue` (reads and compiles the file, or takes a module):
 *   called once, by the first call the small core cannot finish
 */
export function mainCore(smallGlue, fullGlue, startFull) {
  const small = regionCalls(smallGlue);
  const full = regionCalls(fullGlue);
  let fullStarted = false;
  const core = {
    /** Diagnostic: the cores started, `['hmac']` or `['hmac', 'full']`. */
    coresStarted: () => (fullStarted ? ['hmac', 'full'] : ['hmac']),
  };
  for (const [name, onSmall] of Object.entries(small)) {
    const onFull = full[name];
    core[name] = (...args) => {
      if (!fullStarted) {
        try {
          return onSmall(...args);
        } catch (thrown) {
          if (!needsFullCore(thrown)) throw thrown;
        }
        startFull();
        fullStarted = true;
      }
      return onFull(...args);
    };
  }
  return core;
}
