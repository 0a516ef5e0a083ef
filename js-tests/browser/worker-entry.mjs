// The token server as a Cloudflare Worker, exactly as the README writes it; the inspector page
// comes with it.
import { configFromEnv, createHandler } from 'rtc-token/server';

let handler;
export default {
  fetch(request, env) {
    handler ??= createHandler(configFromEnv(env)); // inside a request: workerd forbids random at load
    return handler(request);
  },
};
