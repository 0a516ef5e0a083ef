// Browsers (the `browser` condition: Vite, webpack, esbuild for the web, or a plain
// <script type="module">). The one `.wasm` beside this file is fetched and compiled while it
// downloads, behind a top-level await: importing the package resolves once it is ready, and every
// call after that is synchronous, as in the other runtimes.
//
// Why asynchronous here only: not the compile (Chromium compiles up to 8 MB synchronously on the
// main thread; the .wasm is under 1 MB) but the bytes. A browser reads the file beside a module
// only with a fetch (a synchronous XMLHttpRequest on the main thread is deprecated and logs a
// warning), and inlining them as base64 would ship the wasm a second time in every bundle.
// `new URL('…', import.meta.url)` is the form bundlers recognise as an asset to copy.
//
// A page with a Content-Security-Policy needs 'wasm-unsafe-eval' in script-src (and the
// `.wasm` reachable under connect-src).
import * as api from './api.mjs';
import { attach, imports } from './instantiate.mjs';

const url = new URL('./rtc_token_bg.wasm', import.meta.url);
attach(await instantiate(url));

async function instantiate(where) {
  const response = await fetch(where);
  if (!response.ok) throw new Error(`rtc-token: could not load ${where} (HTTP ${response.status})`);
  // instantiateStreaming needs the server to say application/wasm; a server that does not
  // (python -m http.server on some systems, a misconfigured CDN) still works through the bytes.
  if (typeof WebAssembly.instantiateStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return (await WebAssembly.instantiateStreaming(response, imports)).instance;
  }
  return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance;
}

export * from './api.mjs';
// For `import jwt from 'rtc-token'`, the jsonwebtoken habit: see node.mjs.
export default api;
