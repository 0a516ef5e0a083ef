// Cloudflare Workers: bundled as wrangler does; everything runs inside the request (workerd
// refuses random values at global scope).
import * as api from 'rtc-token';
import { conformance } from './conformance.mjs';
import fixture from './fixture.data.mjs';

export default {
  async fetch() {
    return new Response(JSON.stringify(await conformance(api, fixture)), { headers: { 'content-type': 'application/json' } });
  },
};
