// Node, ES modules: the package loaded by import.
import * as api from 'rtc-token';
import { conformance } from './conformance.mjs';
import fixture from './fixture.data.mjs';

console.log(JSON.stringify(await conformance(api, fixture)));
