// Which wasm instance a call of the main entry runs on. The entry starts the small HMAC-only core
// (hmac/) at load: most users sign and verify with secrets and never need more, and the small
// module compiles and starts in a fraction of the time. The first call that core cannot finish
// (it would have to parse a key: PEM, DER, JWK, an asymmetric KeyObject) starts the full core and
// runs that same call there; from then on every call runs on the full core, which does all the
// small one does with the same code.
//
// Re-running is exact: the HMAC-only core stops (Error::AsymmetricUnavailable, `needsFullCore`
// in its error JSON) where the full core reads the key, before it writes anything for
// mutatePayload, and api.mjs has not yet acted on the call (callbacks and payload writes come
// after the core returns), so the first attempt leaves nothing visible. The arguments are strings,
// numbers and byte arrays the glue only copies. js-tests/hmac.test.mjs proves it.
import * as smallGlue from './hmac/rtc_token_bg.js';
import * as fullGlue from './rtc_token_bg.js';
import { regionCalls } from './regions.mjs';

// Each core's calls, crossing through its memory regions.
const small = regionCalls(smallGlue);
const full = regionCalls(fullGlue);

/** The entry's way to start the full core (read and compile the file, or take a module). */
let startFull = () => {
  throw new Error('rtc-token: this entry has no full core');
};
let fullStarted = false;

/** @param {() => void} starter starts the full core's glue (see instantiate.mjs) */
export function useFullCore(starter) {
  startFull = starter;
}

/** Diagnostic: the cores this entry has started, `['hmac']` or `['hmac', 'full']`. */
export function coresStarted() {
  return fullStarted ? ['hmac', 'full'] : ['hmac'];
}

function needsFullCore(thrown) {
  return typeof thrown === 'string' && thrown.includes('"needsFullCore":true');
}

/** The core's exports as api.mjs calls them, each running on the current core. */
export const core = {};
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
