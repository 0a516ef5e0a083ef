// A second instance of an installed rtc-token's files, as workerd and browsers run them: api.mjs
// over boundary/cores.mjs and boundary/instantiate.mjs, loaded by path (no entry of the exports
// map is this one), so no entry offers node:crypto and every signature is made and checked by the
// wasm primitive. Shared by js-tests/helpers.mjs and bench/asymmetric.mjs; only Node built-ins here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @param {string} dir the installed package's directory */
export async function loadWasmOnly(dir) {
  const file = (name) => pathToFileURL(join(dir, name)).href;
  const [{ start }, { mainCore }, small, full, { makeApi }] = await Promise.all(
    ['boundary/instantiate.mjs', 'boundary/cores.mjs', 'hmac/rtc_token_bg.js', 'rtc_token_bg.js', 'api.mjs'].map((name) => import(file(name))),
  );
  // As entries/node.mjs starts them: the HMAC-only core now, the full core at the first key it needs.
  const compile = (name) => new WebAssembly.Module(readFileSync(join(dir, name)));
  start(small, compile('hmac/rtc_token_bg.wasm'));
  return makeApi(mainCore(small, full, () => start(full, compile('rtc_token_bg.wasm'))));
}
