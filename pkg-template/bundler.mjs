// Deno (no permission flags needed) and bundlers that understand wasm ES module imports: the
// runtime instantiates each `.wasm` itself, resolving its imports from the './rtc_token_bg.js'
// beside it. Both cores are imported statically: without read permission a `.wasm` import is the
// only synchronous way in, so Deno instantiates the full core at load too; its start function
// still runs only when a call needs it (core.mjs).
import * as fullWasm from './rtc_token_bg.wasm';
import * as smallWasm from './hmac/rtc_token_bg.wasm';
import * as api from './api.mjs';
import { useFullCore } from './core.mjs';
import * as full from './rtc_token_bg.js';
import * as small from './hmac/rtc_token_bg.js';
import { offerNodeCrypto } from './host-signature.mjs';
import { attach } from './instantiate.mjs';

attach(small, smallWasm);
useFullCore(() => attach(full, fullWasm));
// Deno has node:crypto (no permission needed): RS/PS/ES/EdDSA signatures go through it, loaded at
// the first one. A bundle for a browser has no `process`, and keeps the wasm primitive.
offerNodeCrypto(() => {
  const builtin = globalThis.process?.getBuiltinModule;
  return typeof builtin === 'function' && { crypto: builtin('node:crypto'), Buffer: builtin('node:buffer').Buffer };
});

export * from './api.mjs';
// For `import jwt from 'rtc-token'`, the jsonwebtoken habit: see node.mjs.
export default api;
