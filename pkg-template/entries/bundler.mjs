// rtc-token for Deno (no permission flags needed) and bundlers that understand wasm ES module
// imports: the runtime instantiates each `.wasm` itself, resolving its imports from the
// './rtc_token_bg.js' beside it. Both cores are imported statically: without read permission a
// `.wasm` import is the only synchronous way in, so Deno instantiates the full core at load too;
// its start function still runs only when a call needs it (boundary/cores.mjs).
import { makeApi } from '../api.mjs';
import { mainCore } from '../boundary/cores.mjs';
import { offerNodeCrypto } from '../boundary/host-signature.mjs';
import { attach } from '../boundary/instantiate.mjs';
// The two cores and their wasm-bindgen glue, written by scripts/build.sh.
import * as full from '../rtc_token_bg.js';
import * as fullWasm from '../rtc_token_bg.wasm';
import * as small from '../hmac/rtc_token_bg.js';
import * as smallWasm from '../hmac/rtc_token_bg.wasm';

attach(small, smallWasm);
// Deno has node:crypto (no permission needed): RS/PS/ES/EdDSA signatures go through it, loaded at
// the first one. A bundle for a browser has no `process`, and keeps the wasm primitive.
offerNodeCrypto(() => {
  const builtin = globalThis.process?.getBuiltinModule;
  return typeof builtin === 'function' && { crypto: builtin('node:crypto'), Buffer: builtin('node:buffer').Buffer };
});
const api = makeApi(mainCore(small, full, () => attach(full, fullWasm)));

export const { sign, verify, decode, generateToken, uuid4, verifyAccessToken, __coresStarted, __hostSignatures, __wasmMemoryBytes } = api;
export { JsonWebTokenError, NotBeforeError, TokenExpiredError } from '../errors.mjs';
// For `import jwt from 'rtc-token'`, the jsonwebtoken habit: see node.mjs.
export default api;
