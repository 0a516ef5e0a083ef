// Deno (no permission flags needed) and bundlers that understand wasm ES module imports: the
// runtime instantiates the `.wasm` itself, resolving its imports from './rtc_token_bg.js'.
import * as wasm from './rtc_token_bg.wasm';
import { __wbg_set_wasm } from './rtc_token_bg.js';
import * as api from './api.mjs';
import { offerNodeCrypto } from './host-signature.mjs';

__wbg_set_wasm(wasm);
wasm.__wbindgen_start();
// Deno has node:crypto (no permission needed): RS/PS/ES/EdDSA signatures go through it, loaded at
// the first one. A bundle for a browser has no `process`, and keeps the wasm primitive.
offerNodeCrypto(() => {
  const builtin = globalThis.process?.getBuiltinModule;
  return typeof builtin === 'function' && { crypto: builtin('node:crypto'), Buffer: builtin('node:buffer').Buffer };
});

export * from './api.mjs';
// For `import jwt from 'rtc-token'`, the jsonwebtoken habit: see node.mjs.
export default api;
