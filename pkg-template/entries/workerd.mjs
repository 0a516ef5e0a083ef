// rtc-token for Cloudflare Workers (workerd). Wrangler keeps each `.wasm` import as a compiled
// module, and workerd allows instantiating one at load time (not compiling bytes, and never inside
// a request). The HMAC-only core starts at load; the full one is instantiated on the first call
// that needs it (boundary/cores.mjs).
import { makeApi } from '../api.mjs';
import { mainCore } from '../boundary/cores.mjs';
import { start } from '../boundary/instantiate.mjs';
// The two cores and their wasm-bindgen glue, written by scripts/build.sh.
import * as full from '../rtc_token_bg.js';
import fullModule from '../rtc_token_bg.wasm';
import * as small from '../hmac/rtc_token_bg.js';
import smallModule from '../hmac/rtc_token_bg.wasm';

start(small, smallModule);
const api = makeApi(mainCore(small, full, () => start(full, fullModule)));

export const { sign, verify, decode, generateToken, uuid4, verifyAccessToken, __coresStarted, __hostSignatures, __wasmMemoryBytes } = api;
export { JsonWebTokenError, NotBeforeError, TokenExpiredError } from '../errors.mjs';
// For `import jwt from 'rtc-token'`, the jsonwebtoken habit: see node.mjs.
export default api;
