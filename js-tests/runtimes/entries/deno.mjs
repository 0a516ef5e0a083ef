// Deno, run with no permission flags: the `deno` condition's entry imports the .wasm as a module,
// which needs no read permission (reading or fetching the file would).
import * as api from 'rtc-token';
import { conformance } from './conformance.mjs';
import fixture from './fixture.data.mjs';

console.log(JSON.stringify(await conformance(api, fixture)));
