// Deno, run with no permission flags: the key-material body (js-tests/keys/body.mjs) over the
// `deno` condition's entry, which imports the .wasm as a module (no read permission needed).
import * as api from 'rtc-token';
import { runKeyMaterial } from './body.mjs';
import fixture from './key-material.data.mjs';

console.log(JSON.stringify(runKeyMaterial(api, fixture)));
