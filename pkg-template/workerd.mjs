// Cloudflare Workers (workerd). Wrangler keeps each `.wasm` import as a compiled module, and
// workerd allows instantiating one at load time (not compiling bytes, and never inside a request).
// The HMAC-only core starts at load; the full one is instantiated on the first call that needs it.
import fullModule from './rtc_token_bg.wasm';
import smallModule from './hmac/rtc_token_bg.wasm';
import * as api from './api.mjs';
import { useFullCore } from './core.mjs';
import * as full from './rtc_token_bg.js';
import * as small from './hmac/rtc_token_bg.js';
import { start } from './instantiate.mjs';

start(small, smallModule);
useFullCore(() => start(full, fullModule));

export * from './api.mjs';
// For `import jwt from 'rtc-token'`, the jsonwebtoken habit: see node.mjs.
export default api;
