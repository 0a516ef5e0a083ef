// Bun: `import` resolves through the exports map's `node` condition, as Bun's own does.
import * as api from 'rtc-token';
import { conformance } from './conformance.mjs';
import fixture from './fixture.data.mjs';

console.log(JSON.stringify(await conformance(api, fixture)));
