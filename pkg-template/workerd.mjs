// Cloudflare Workers (workerd). Wrangler keeps the `.wasm` import as a compiled module, and
// workerd allows instantiating it at load time (not compiling bytes, and not inside a request).
import module from './rtc_token_bg.wasm';
import * as api from './api.mjs';
import { start } from './instantiate.mjs';

start(module);

export * from './api.mjs';
// For `import jwt from 'rtc-token'`, the jsonwebtoken habit: see node.mjs.
export default api;
