// rtc-token for Node (require and import) and Bun. The build bundles this file to entries/node.cjs:
// one CommonJS file serves both module systems (`import` goes through entries/node-import.mjs, a
// small ES module that requires it: scripts/esm-wrapper.mjs), so there is one API and one set of
// error classes whichever way the package is loaded (the classes live in errors.cjs, shared with
// rtc-token/hmac's bundle). `__dirname` and `require` exist in that bundle.
//
// Only the HMAC-only core starts at load; the full core's file is read and compiled on the first
// call that needs it (boundary/cores.mjs), synchronously, which Node allows at any time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeApi } from '../api.mjs';
import { mainCore } from '../boundary/cores.mjs';
import { offerNodeCrypto } from '../boundary/host-signature.mjs';
import { start } from '../boundary/instantiate.mjs';
// The two cores' wasm-bindgen glue, written beside their .wasm by scripts/build.sh.
import * as full from '../rtc_token_bg.js';
import * as small from '../hmac/rtc_token_bg.js';

const compile = (file) => new WebAssembly.Module(readFileSync(join(__dirname, '..', file)));
start(small, compile('hmac/rtc_token_bg.wasm'));
// RS/PS/ES/EdDSA signatures through node:crypto, loaded at the first one (HMAC never needs it).
offerNodeCrypto(() => ({ crypto: require('node:crypto'), Buffer: require('node:buffer').Buffer }));
const api = makeApi(mainCore(small, full, () => start(full, compile('rtc_token_bg.wasm'))));

export const { sign, verify, decode, generateToken, uuid4, verifyAccessToken, __coresStarted, __hostSignatures, __wasmMemoryBytes } = api;
export { JsonWebTokenError, NotBeforeError, TokenExpiredError } from '../errors.mjs';
// `import jwt from 'jsonwebtoken'` is how much code loads jsonwebtoken. Node's own import hands
// it module.exports; TypeScript's and bundlers' interop read `.default`, because the bundle is
// marked __esModule: so `.default` is the API too, as in every other entry.
export default api;
