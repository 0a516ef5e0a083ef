// rtc-token/hmac for Node (require and import) and Bun: bundled to entries/hmac/node.cjs, as
// ../node.mjs is to entries/node.cjs. Starts the HMAC-only core and nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeApi } from '../../api.mjs';
import { hmacCore } from '../../boundary/cores.mjs';
import { start } from '../../boundary/instantiate.mjs';
// The HMAC-only core's wasm-bindgen glue, written beside its .wasm by scripts/build.sh.
import * as glue from '../../hmac/rtc_token_bg.js';

start(glue, new WebAssembly.Module(readFileSync(join(__dirname, '..', '..', 'hmac', 'rtc_token_bg.wasm'))));
const api = makeApi(hmacCore(glue));

export const { sign, verify, decode, generateToken, uuid4, verifyAccessToken, __coresStarted, __hostSignatures, __wasmMemoryBytes } = api;
export { JsonWebTokenError, NotBeforeError, TokenExpiredError } from '../../errors.mjs';
// For `import jwt from 'rtc-token/hmac'`: see ../node.mjs.
export default api;
