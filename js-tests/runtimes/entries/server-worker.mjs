// The token server's Worker form, as the README shows it: the package's fetch handler, created
// on the first request (workerd forbids random values at load), configured from bindings.
import { configFromEnv, createHandler } from 'rtc-token/server';

let handler;
export default {
  fetch(request, env) {
    handler ??= createHandler(configFromEnv(env));
    return handler(request);
  },
};
