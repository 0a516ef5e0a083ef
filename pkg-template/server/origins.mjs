// Who may reach the token server from a browser, and under which host name.
//
// CORS: an allow-list of exact origins, reflected per request with `Vary: Origin`; never `*` (a
// token route answered to any origin hands any web page a token from a developer's laptop). In
// development on loopback, `http://localhost:<any port>` and `http://127.0.0.1:<any port>` are
// allowed so a front-end dev server works out of the box.
//
// Host: an allow-list of host names checked before routing, so DNS rebinding (a foreign name
// that resolves to 127.0.0.1) does not reach a loopback server.
import { HttpError } from './http.mjs';

/** The host names of this machine's loopback interface. */
export const LOOPBACK_HOSTS = Object.freeze(['localhost', '127.0.0.1', '[::1]']);

const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:[0-9]{1,5})?$/;

/** True for an address or host name of the loopback interface (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host) {
  const name = String(host).replace(/^\[|\]$/g, '').toLowerCase();
  return name === 'localhost' || name === '::1' || /^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/.test(name);
}

/** An origin as browsers send it: scheme, host and port only. */
function checkOrigin(origin) {
  let url;
  try {
    url = new URL(origin);
  } catch {
    url = null;
  }
  if (origin === '*' || !url || url.origin !== origin) {
    throw new TypeError(`CORS origins are exact origins such as https://app.example.com (no "*", path or trailing slash), not ${JSON.stringify(origin)}`);
  }
  return origin;
}

/**
 * The browser-facing rules of one handler.
 *
 * @param {{ corsOrigins?: string[], loopbackDev?: boolean, allowedHosts?: string[] }} options
 */
export function originPolicy({ corsOrigins = [], loopbackDev = false, allowedHosts } = {}) {
  const origins = new Set(corsOrigins.map(checkOrigin));
  const hosts = allowedHosts === undefined ? undefined : new Set(allowedHosts.map((h) => String(h).toLowerCase()));

  /** The request's own origin (a page served by this server calling it). */
  const ownOrigin = (request) => new URL(request.url).origin;

  const allowed = (origin, request) => origins.has(origin) || (loopbackDev && LOOPBACK_ORIGIN.test(origin)) || origin === ownOrigin(request);

  return {
    /** Refuses a request for a host name that is not served here (before routing). */
    checkHost(request) {
      if (!hosts) return;
      const host = new URL(request.url).hostname.toLowerCase();
      if (!hosts.has(host)) {
        throw new HttpError(421, { error: `host "${host}" is not served here; the allowed hosts are ${[...hosts].join(', ')} (ALLOWED_HOSTS)` });
      }
    },
    /** Refuses a browser request from an origin that is not allowed (it never gets an answer to read). */
    checkOrigin(request) {
      const origin = request.headers.get('origin');
      if (origin !== null && !allowed(origin, request)) {
        throw new HttpError(403, { error: `origin ${origin} may not call this token server; allow it with CORS_ORIGINS` });
      }
    },
    /** The CORS headers of an answer to `request`. */
    headers(request) {
      const origin = request.headers.get('origin');
      if (origin === null || !allowed(origin, request)) return { Vary: 'Origin' };
      return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
    },
  };
}
