// rtc-token/hmac in browsers: the HMAC-only core alone, fetched and compiled behind a top-level
// await. See ../browser.mjs for why browsers are asynchronous here only, and for the CSP.
import { makeApi } from '../../api.mjs';
import { hmacCore } from '../../boundary/cores.mjs';
import { compileFrom, start } from '../../boundary/instantiate.mjs';
// The HMAC-only core's wasm-bindgen glue, written beside its .wasm by scripts/build.sh.
import * as glue from '../../hmac/rtc_token_bg.js';

start(glue, await compileFrom(new URL('../../hmac/rtc_token_bg.wasm', import.meta.url)));
const api = makeApi(hmacCore(glue));

export const { sign, verify, decode, generateToken, uuid4, verifyAccessToken, __coresStarted, __hostSignatures, __wasmMemoryBytes } = api;
export { JsonWebTokenError, NotBeforeError, TokenExpiredError } from '../../errors.mjs';
// For `import jwt from 'rtc-token/hmac'`: see ../node.mjs.
export default api;
