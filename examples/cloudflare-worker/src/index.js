// A Cloudflare Worker that mints a VideoSDK access token per request with rtc-token.
//
//   GET /token?roomId=2kyv-gzay-64pg&participantId=lxvdplwt  →  { "token": "eyJ…" }
//
// The key pair comes from the Worker's secrets (`wrangler secret put VIDEOSDK_API_KEY`, then
// VIDEOSDK_SECRET_KEY). A real deployment must decide who may have a token before minting one:
// put your own authentication in front of this handler.
import { generateToken } from 'rtc-token';

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.pathname !== '/token') {
      return new Response('not found\n', { status: 404 });
    }
    const roomId = url.searchParams.get('roomId') ?? undefined;
    const participantId = url.searchParams.get('participantId') ?? undefined;
    try {
      const token = generateToken(
        { apikey: env.VIDEOSDK_API_KEY, permissions: ['allow_join'], version: 2, roomId, participantId, roles: ['rtc'] },
        env.VIDEOSDK_SECRET_KEY,
        // A fresh jwtid per request: Workers allow random values inside a request only.
        { algorithm: 'HS256', expiresIn: '120m', jwtid: crypto.randomUUID() },
      );
      return Response.json({ token }, { headers: { 'cache-control': 'no-store' } });
    } catch (error) {
      // A missing secret binding, say ("secretOrPrivateKey must have a value"): the messages
      // name what is wrong and never contain the secret.
      return Response.json({ error: error.message }, { status: 500 });
    }
  },
};
