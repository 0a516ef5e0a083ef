// rtc-token/hmac for Cloudflare Workers: see ../workerd.mjs.
import { makeApi } from '../../api.mjs';
import { hmacCore } from '../../boundary/cores.mjs';
import { start } from '../../boundary/instantiate.mjs';
// The HMAC-only core and its wasm-bindgen glue, written by scripts/build.sh.
import * as glue from '../../hmac/rtc_token_bg.js';
import module from '../../hmac/rtc_token_bg.wasm';

start(glue, module);
const api = makeApi(hmacCore(glue));

export const { sign, verify, decode, generateToken, uuid4, verifyAccessToken, __coresStarted, __hostSignatures, __wasmMemoryBytes } = api;
export { JsonWebTokenError, NotBeforeError, TokenExpiredError } from '../../errors.mjs';
// For `import jwt from 'rtc-token/hmac'`: see ../node.mjs.
export default api;
