// Starts the one wasm instance from a compiled module, synchronously. The wasm imports its
// JavaScript half from './rtc_token_bg.js' (wasm-bindgen's glue), so that module is the import
// object.
import * as glue from './rtc_token_bg.js';

/** The wasm's import object: its only import module is wasm-bindgen's glue. */
export const imports = { './rtc_token_bg.js': glue };

/** @param {WebAssembly.Module} module */
export function start(module) {
  attach(new WebAssembly.Instance(module, imports));
}

/**
 * Hands an instance made elsewhere (the browser entry instantiates asynchronously) to the glue.
 * @param {WebAssembly.Instance} instance
 */
export function attach(instance) {
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
}
