// The token server as a Cloudflare Worker whose state lives in a Durable Object: the rate-limit
// buckets and the embedded meeting registry are TokenStateObject objects (wrangler.toml binds
// them as TOKEN_STATE), so every isolate in every location sees the same limits and meetings.
//
//   GET  /get-token                    → { token }
//   POST /create-meeting               → { roomId, meetingId, … }   (body: { token, region? })
//   POST /validate-meeting/:meetingId  → { roomId, valid: true, … } (body: { token })
//
// Configured from the Worker's vars and secrets (docs/SERVER.md): VIDEOSDK_API_KEY and
// VIDEOSDK_SECRET_KEY, who may mint (RTC_TOKEN_OPEN, RTC_TOKEN_CALLER_KEYS), CORS_ORIGINS, the
// rates (RTC_TOKEN_RATE_*) and the registry (RTC_TOKEN_MAX_MEETINGS, RTC_TOKEN_MEETING_IDLE).
import { configFromEnv, createHandler, durableObjectState } from 'rtc-token/server';

// The Durable Object class, exported from the main module as Workers require.
export { TokenStateObject } from 'rtc-token/server';

let handler;
export default {
  fetch(request, env) {
    // Made on the first request: workerd refuses random values (a development key) at load.
    handler ??= createHandler({
      ...configFromEnv(env),
      state: durableObjectState(env.TOKEN_STATE),
      // Cloudflare sets it to the client's address on every request, whatever the client sent:
      // rate limits count per client, not per Cloudflare edge.
      clientAddressHeader: 'cf-connecting-ip',
    });
    return handler(request);
  },
};
