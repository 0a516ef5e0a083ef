// Starts a wasm instance for one copy of wasm-bindgen's glue, synchronously. The package has two
// cores (the HMAC-only one in hmac/, the full one at the package's root), each with its own glue
// module: the glue keeps its instance in module state. The wasm imports its JavaScript half from
// './rtc_token_bg.js' (its own glue), so that module is the import object.
//
// Starting is idempotent per glue: where both entries share one module graph (Deno, workerd,
// bundlers), `rtc-token` and `rtc-token/hmac` start the HMAC-only core once and share it.
const started = new WeakSet();
// Each started glue's instance memory, which regions.mjs writes the arguments into.
const memories = new WeakMap();

/** The wasm's import object: its only import module is its wasm-bindgen glue. */
export function importsOf(glue) {
  return { './rtc_token_bg.js': glue };
}

/**
 * @param {object} glue the wasm-bindgen glue module (`import * as glue from './rtc_token_bg.js'`)
 * @param {WebAssembly.Module} module
 */
export function start(glue, module) {
  if (!started.has(glue)) attach(glue, new WebAssembly.Instance(module, importsOf(glue)).exports);
}

/**
 * Hands an instance's exports made elsewhere (the browser entry instantiates asynchronously,
 * Deno instantiates a `.wasm` import itself) to the glue.
 * @param {object} glue
 * @param {WebAssembly.Exports} exports
 */
export function attach(glue, exports) {
  if (started.has(glue)) return;
  started.add(glue);
  memories.set(glue, exports.memory);
  glue.__wbg_set_wasm(exports);
  exports.__wbindgen_start();
}

/** The linear memory of the instance `glue` was started with. */
export function memoryOf(glue) {
  return memories.get(glue);
}

/**
 * Fetches and compiles a `.wasm` (the browser entries: a browser reads a file beside a module only by fetching it).
 * @param {URL} url
 */
export async function compileFrom(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`rtc-token: could not load ${url} (HTTP ${response.status})`);
  // compileStreaming needs the server to say application/wasm; a server that does not
  // (python -m http.server on some systems, a misconfigured CDN) still works through the bytes.
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
