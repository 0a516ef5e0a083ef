// rtc-token in browsers (the `browser` condition: Vite, webpack, esbuild for the web, or a plain
// <script type="module">). The `.wasm` files are fetched and compiled while they download, behind
// a top-level await: importing the package resolves once they are ready, and every call after
// that is synchronous, as in the other runtimes.
//
// Why asynchronous here only: not the compile (Chromium compiles up to 8 MB synchronously on the
// main thread; each .wasm is under 1 MB) but the bytes. A browser reads the file beside a module
// only with a fetch (a synchronous XMLHttpRequest on the main thread is deprecated and logs a
// warning), and inlining them as base64 would ship the wasm a second time in every bundle.
// `new URL('…', import.meta.url)` is the form bundlers recognise as an asset to copy.
//
// A page with a Content-Security-Policy needs 'wasm-unsafe-eval' in script-src (and the
// `.wasm` reachable under connect-src).
import { makeApi } from '../api.mjs';
import { mainCore } from '../boundary/cores.mjs';
import { compileFrom, start } from '../boundary/instantiate.mjs';
// The two cores' wasm-bindgen glue, written beside their .wasm by scripts/build.sh.
import * as full from '../rtc_token_bg.js';
import * as small from '../hmac/rtc_token_bg.js';

// Both files download and compile in parallel; only the HMAC-only core is instantiated now, the
// full one on the first call that needs it (instantiating a compiled module is synchronous).
const [smallModule, fullModule] = await Promise.all([
  compileFrom(new URL('../hmac/rtc_token_bg.wasm', import.meta.url)),
  compileFrom(new URL('../rtc_token_bg.wasm', import.meta.url)),
]);
start(small, smallModule);
const api = makeApi(mainCore(small, full, () => start(full, fullModule)));

export const { sign, verify, decode, generateToken, uuid4, verifyAccessToken, __coresStarted, __hostSignatures, __wasmMemoryBytes } = api;
export { JsonWebTokenError, NotBeforeError, TokenExpiredError } from '../errors.mjs';
// For `import jwt from 'rtc-token'`, the jsonwebtoken habit: see node.mjs.
export default api;
