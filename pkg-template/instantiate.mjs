// Starts the one wasm instance from a compiled module, synchronously. The wasm imports its
// JavaScript half from './rtc_token_bg.js' (wasm-bindgen's glue), so that module is the import
// object.
import * as glue from './rtc_token_bg.js';

/** @param {WebAssembly.Module} module */
export function start(module) {
  const instance = new WebAssembly.Instance(module, { './rtc_token_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
}
