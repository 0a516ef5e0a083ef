// rtc-token/hmac for Node (require and import) and Bun: bundled to hmac/node.cjs, as ../node.mjs
// is to node.cjs. Starts the HMAC-only core and nothing else.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from './api.mjs';
import * as glue from './rtc_token_bg.js';
import { start } from '../instantiate.mjs';

start(glue, new WebAssembly.Module(readFileSync(join(__dirname, 'rtc_token_bg.wasm'))));

export * from './api.mjs';
// For `import jwt from 'rtc-token/hmac'`: see ../node.mjs.
export default api;
