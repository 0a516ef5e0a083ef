// Cloudflare Workers: the key-material body (js-tests/keys/body.mjs), bundled as wrangler does,
// run inside the request (workerd refuses random values at global scope).
import * as api from 'rtc-token';
import { runKeyMaterial } from './body.mjs';
import fixture from './key-material.data.mjs';

export default {
  fetch() {
    return new Response(JSON.stringify(runKeyMaterial(api, fixture)), { headers: { 'content-type': 'application/json' } });
  },
};
