// Node (require and import) and Bun. The build bundles this file to node.cjs: one CommonJS file
// serves both module systems (Node's CJS lexer sees its named exports), so there is one wasm
// instance and one set of error classes whichever way the package is loaded. `__dirname` exists
// in that bundle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from './api.mjs';
import { offerNodeCrypto } from './host-signature.mjs';
import { start } from './instantiate.mjs';

start(new WebAssembly.Module(readFileSync(join(__dirname, 'rtc_token_bg.wasm'))));
// RS/PS/ES/EdDSA signatures through node:crypto, loaded at the first one (HMAC never needs it).
offerNodeCrypto(() => ({ crypto: require('node:crypto'), Buffer: require('node:buffer').Buffer }));

export * from './api.mjs';
// `import jwt from 'jsonwebtoken'` is how much code loads jsonwebtoken. Node's own import hands
// it module.exports; TypeScript's and bundlers' interop read `.default`, because the bundle is
// marked __esModule: so `.default` is the API too, as in every other entry.
export default api;
