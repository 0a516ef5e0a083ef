// The token server's configuration from environment variables (process.env in Node, the `env`
// binding in a Worker). Only shapes are checked here; the token rules live in the Rust core.
import { uuid4 } from 'rtc-token';

/**
 * Reads `VIDEOSDK_API_KEY`, `VIDEOSDK_SECRET_KEY`, `VIDEOSDK_API_ENDPOINT` and `CORS_ORIGIN`.
 * With neither key set it returns a development configuration with a key pair generated now
 * (`development: true`): tokens minted with it die with the process. Call it inside a
 * request in a Worker (workerd refuses random values at global scope).
 *
 * @example
 * import { configFromEnv, createHandler } from 'rtc-token/server';
 * export default { fetch: (request, env) => createHandler(configFromEnv(env))(request) };
 *
 * @param {Record<string, string|undefined>} env
 * @returns {{ apiKey: string, secret: string, endpoint?: string, corsOrigin: string, development: boolean }}
 */
export function configFromEnv(env = {}) {
  const apiKey = env.VIDEOSDK_API_KEY || '';
  const secret = env.VIDEOSDK_SECRET_KEY || '';
  if (Boolean(apiKey) !== Boolean(secret)) {
    throw new Error('set both VIDEOSDK_API_KEY and VIDEOSDK_SECRET_KEY, or neither (development mode)');
  }
  const endpoint = env.VIDEOSDK_API_ENDPOINT || undefined;
  if (endpoint !== undefined) {
    let url;
    try {
      url = new URL(endpoint);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new Error('VIDEOSDK_API_ENDPOINT must be an http(s) URL, such as https://api.videosdk.live');
    }
  }
  const development = !apiKey;
  return {
    apiKey: apiKey || `dev-${uuid4()}`,
    secret: secret || randomHex(32),
    endpoint,
    corsOrigin: env.CORS_ORIGIN || '*',
    development,
  };
}

function randomHex(bytes) {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}
