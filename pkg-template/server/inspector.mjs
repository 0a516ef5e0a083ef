// The token inspector page, served by the fetch handler: GET / (to browsers) and its files under
// /inspector/. The bytes come from ./inspector-assets.mjs, generated at build time (see
// scripts/inspector-assets.mjs for why they are embedded), loaded on the first page request.
//
// The page runs everything in the browser; the server sends files only. Its policy allows
// nothing but this origin's own scripts, styles and images, wasm compilation, and fetches to
// this origin (the .wasm); no inline script, no form submission, no framing, and Trusted Types
// so that no HTML sink can be reached.

/** The page's Content-Security-Policy. */
export const INSPECTOR_CSP = [
  "default-src 'none'",
  // 'wasm-unsafe-eval': WebAssembly.instantiate needs it; it allows no JavaScript eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

let assets;

/** True for the paths the inspector owns. */
export function isInspectorPath(path) {
  return path === '/' || path.startsWith('/inspector/');
}

/**
 * The inspector's answer to a GET or HEAD of `path`, or `undefined` when it has no such file.
 *
 * @example
 * const response = await inspectorResponse('/', 'GET');
 *
 * @param {string} path the URL path, e.g. "/" or "/inspector/main.mjs"
 * @param {string} method "GET" or "HEAD"
 * @returns {Promise<Response|undefined>}
 */
export async function inspectorResponse(path, method) {
  // Generated: written into the package's server/ by scripts/inspector-assets.mjs (run by
  // scripts/build.sh); it has no source in pkg-template/.
  assets ??= import('./inspector-assets.mjs').then(({ ASSETS }) => ASSETS);
  const table = await assets;
  if (!Object.hasOwn(table, path)) return undefined;
  const [type, binary, body] = table[path];
  const headers = {
    'Content-Type': type,
    // The files change with the package version only; revalidating keeps an upgrade visible.
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
  if (type.startsWith('text/html')) {
    headers['Content-Security-Policy'] = INSPECTOR_CSP;
    headers['X-Frame-Options'] = 'DENY';
  }
  return new Response(method === 'HEAD' ? null : binary ? bytesOf(path, body) : body, { status: 200, headers });
}

const decoded = new Map();

/** A binary asset's bytes, decoded from base64 once. */
function bytesOf(path, base64) {
  let bytes = decoded.get(path);
  if (!bytes) {
    const text = atob(base64);
    bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    decoded.set(path, bytes);
  }
  return bytes;
}
