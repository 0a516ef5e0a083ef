// Node (and Bun), ES modules: the key-material body (js-tests/keys/body.mjs) over import 'rtc-token'.
import * as api from 'rtc-token';
import { runKeyMaterial } from './body.mjs';
import fixture from './key-material.data.mjs';

console.log(JSON.stringify(runKeyMaterial(api, fixture)));
