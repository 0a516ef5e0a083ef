// rtc-token/hmac for Cloudflare Workers: see ../workerd.mjs.
import module from './rtc_token_bg.wasm';
import * as api from './api.mjs';
import * as glue from './rtc_token_bg.js';
import { start } from '../instantiate.mjs';

start(glue, module);

export * from './api.mjs';
// For `import jwt from 'rtc-token/hmac'`: see ../node.mjs.
export default api;
