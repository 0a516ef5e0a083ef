// rtc-token/hmac in browsers: the HMAC-only core alone, fetched and compiled behind a top-level
// await. See ../browser.mjs for why browsers are asynchronous here only, and for the CSP.
import * as api from './api.mjs';
import * as glue from './rtc_token_bg.js';
import { compileFrom, start } from '../instantiate.mjs';

start(glue, await compileFrom(new URL('./rtc_token_bg.wasm', import.meta.url)));

export * from './api.mjs';
// For `import jwt from 'rtc-token/hmac'`: see ../node.mjs.
export default api;
