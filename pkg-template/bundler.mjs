// Deno (no permission flags needed) and bundlers that understand wasm ES module imports: the
// runtime instantiates the `.wasm` itself, resolving its imports from './rtc_token_bg.js'.
import * as wasm from './rtc_token_bg.wasm';
import { __wbg_set_wasm } from './rtc_token_bg.js';
import * as api from './api.mjs';

__wbg_set_wasm(wasm);
wasm.__wbindgen_start();

export * from './api.mjs';
// For `import jwt from 'rtc-token'`, the jsonwebtoken habit: see node.mjs.
export default api;
