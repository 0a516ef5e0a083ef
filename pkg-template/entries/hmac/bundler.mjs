// rtc-token/hmac for Deno and wasm-aware bundlers: see ../bundler.mjs.
import { makeApi } from '../../api.mjs';
import { hmacCore } from '../../boundary/cores.mjs';
import { attach } from '../../boundary/instantiate.mjs';
// The HMAC-only core and its wasm-bindgen glue, written by scripts/build.sh.
import * as glue from '../../hmac/rtc_token_bg.js';
import * as wasm from '../../hmac/rtc_token_bg.wasm';

attach(glue, wasm);
const api = makeApi(hmacCore(glue));

export const { sign, verify, decode, generateToken, uuid4, verifyAccessToken, __coresStarted, __hostSignatures, __wasmMemoryBytes } = api;
export { JsonWebTokenError, NotBeforeError, TokenExpiredError } from '../../errors.mjs';
// For `import jwt from 'rtc-token/hmac'`: see ../node.mjs.
export default api;
