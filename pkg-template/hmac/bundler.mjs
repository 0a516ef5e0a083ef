// rtc-token/hmac for Deno and wasm-aware bundlers: see ../bundler.mjs.
import * as wasm from './rtc_token_bg.wasm';
import * as api from './api.mjs';
import * as glue from './rtc_token_bg.js';
import { attach } from '../instantiate.mjs';

attach(glue, wasm);

export * from './api.mjs';
// For `import jwt from 'rtc-token/hmac'`: see ../node.mjs.
export default api;
