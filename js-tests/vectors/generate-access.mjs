// Generates access.json: vectors of the room-side check (`verifyAccessToken`). The tokens are
// signed by the REAL npm jsonwebtoken 9.0.3 under a frozen clock, and the accepted claims are
// what jsonwebtoken's own verify returns; the expected verdicts are the access-token rules of
// issue 6, written here by hand (they are the specification, not rtc-token's output).
// The Rust suite (tests/access.rs, native and wasm) and js-tests/videosdk.test.mjs replay them.
//
// Run (after `npm install` in js-tests/):  node js-tests/vectors/generate-access.mjs
// Deterministic: running it twice gives a byte-identical file.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { atTime } from '../clock.mjs';

const require = createRequire(import.meta.url);
const jwt = require('jsonwebtoken');
if (require('jsonwebtoken/package.json').version !== '9.0.3') throw new Error('expected jsonwebtoken 9.0.3');

const NOW = 1700000000;
const SECRET = 'access-vector-secret';
const APIKEY = 'app-key-1';
const ROOM = '2kyv-gzay-64pg';
const PARTICIPANT = 'lxvdplwt';

const mint = (payload, options = { expiresIn: '120m' }, secret = SECRET) => atTime(NOW, () => jwt.sign(payload, secret, options));
const base = (extra = {}) => ({ apikey: APIKEY, permissions: ['allow_join'], ...extra });
const scoped = (extra = {}) => base({ version: 2, roomId: ROOM, participantId: PARTICIPANT, roles: ['rtc'], ...extra });

const cases = [];
/** An accepted case: the claims are jsonwebtoken's verify result for the same token. */
function accepted(name, token, options, join, moderate, now = NOW + 60) {
  const claims = atTime(now, () => jwt.verify(token, SECRET, { algorithms: ['HS256'] }));
  cases.push({ name, now, token, options, expected: { claims, join, moderate } });
}
/** A refused case: always `Token is invalid or expired`, with the cause (`inner`). */
function refused(name, token, options, inner, now = NOW + 60) {
  cases.push({ name, now, token, options, expected: { refused: 'Token is invalid or expired', inner } });
}

// ---- accepted ----
accepted('seed token, its room and participant', mint(scoped()), { apikey: APIKEY, roomId: ROOM, participantId: PARTICIPANT, use: 'room' }, 'direct', false);
accepted('use defaults to room', mint(scoped()), {}, 'direct', false);
const PERMS = ['allow_join', 'ask_join', 'allow_mod'];
for (let mask = 1; mask < 8; mask++) {
  const permissions = PERMS.filter((_, i) => mask & (1 << i));
  const join = permissions.includes('allow_join') ? 'direct' : permissions.includes('ask_join') ? 'ask' : 'none';
  accepted(`permissions ${permissions.join('+')}`, mint(base({ permissions })), { apikey: APIKEY }, join, permissions.includes('allow_mod'));
}
for (const [roles, use] of [[[], 'room'], [[], 'api'], [['rtc'], 'room'], [['crawler'], 'api']]) {
  accepted(`roles [${roles}] used for ${use}`, mint(base({ version: 2, roles })), { use }, 'direct', false);
}
accepted('an unscoped token is valid in any room', mint(base()), { roomId: ROOM, participantId: PARTICIPANT }, 'direct', false);
accepted('a token without exp never expires', mint(base(), {}), {}, 'direct', false, NOW + 10 * 365 * 86400);
accepted('one second before exp', mint(base(), { expiresIn: 60 }), {}, 'direct', false, NOW + 59);
accepted('duplicated permissions', mint(base({ permissions: ['ask_join', 'ask_join'] })), {}, 'ask', false);

// ---- refused: the token itself ----
// `at`: the same instant in seconds, for the Rust suite.
const expiredAt = (seconds) => new Date(seconds * 1000).toISOString();
refused('expired', mint(scoped(), { expiresIn: 60 }), {}, { name: 'TokenExpiredError', message: 'jwt expired', expiredAt: expiredAt(NOW + 60), at: NOW + 60 }, NOW + 60);
refused('expired long ago', mint(scoped()), {}, { name: 'TokenExpiredError', message: 'jwt expired', expiredAt: expiredAt(NOW + 7200), at: NOW + 7200 }, NOW + 86400);
refused('not active yet', mint(scoped(), { notBefore: 600 }), {}, { name: 'NotBeforeError', message: 'jwt not active', date: expiredAt(NOW + 600), at: NOW + 600 });
refused('signed with another secret', mint(scoped(), { expiresIn: '120m' }, 'another secret'), {}, { name: 'JsonWebTokenError', message: 'invalid signature' });
const good = mint(scoped());
refused('tampered payload', good.split('.').map((p, i) => (i === 1 ? Buffer.from(JSON.stringify({ ...scoped(), permissions: ['allow_join', 'allow_mod'] })).toString('base64url') : p)).join('.'), {}, { name: 'JsonWebTokenError', message: 'invalid signature' });
refused('HS512, not HS256', mint(scoped(), { expiresIn: '120m', algorithm: 'HS512' }), {}, { name: 'JsonWebTokenError', message: 'invalid algorithm' });
refused('unsigned (alg none)', mint(scoped(), { algorithm: 'none' }, ''), {}, { name: 'JsonWebTokenError', message: 'jwt signature is required' });
refused('not a JWT', 'not-a-token', {}, { name: 'JsonWebTokenError', message: 'jwt malformed' });
refused('empty token', '', {}, { name: 'JsonWebTokenError', message: 'jwt must be provided' });

// ---- refused: the claims break the rules ----
refused('no apikey', mint({ permissions: ['allow_join'] }), {}, { name: 'Error', message: '"apikey" is required: the API key of the app, a non-empty string' });
refused('unknown permission', mint(base({ permissions: ['allow_everything'] })), {}, { name: 'Error', message: '"permissions" holds "allow_everything", which is not one of "allow_join", "ask_join" and "allow_mod"' });
refused('roomId without version 2', mint(base({ roomId: ROOM })), {}, { name: 'Error', message: '"roomId" requires "version": 2' });
refused('unknown role', mint(base({ version: 2, roles: ['admin'] })), {}, { name: 'Error', message: '"roles" holds "admin", which is not one of "crawler" and "rtc"' });
refused('a string payload', atTime(NOW, () => jwt.sign('just text', SECRET)), {}, { name: 'Error', message: '"payload" must be a plain object carrying "apikey" and "permissions"' });

// ---- refused: presented to the wrong service ----
refused('another app\'s apikey', mint(scoped()), { apikey: 'app-key-2' }, { name: 'JsonWebTokenError', message: 'the token\'s "apikey" is not this service\'s API key' });
refused('scoped to another room', mint(scoped()), { roomId: 'abcd-efgh-ijkl' }, { name: 'JsonWebTokenError', message: `the token is scoped to room "${ROOM}", not to room "abcd-efgh-ijkl"` });
refused('scoped to another participant', mint(scoped()), { roomId: ROOM, participantId: 'someone' }, { name: 'JsonWebTokenError', message: `the token is scoped to participant "${PARTICIPANT}", not to participant "someone"` });
refused('a crawler token joining a room', mint(base({ version: 2, roles: ['crawler'] })), { use: 'room' }, { name: 'JsonWebTokenError', message: 'a "crawler" token is for the server-side API only and cannot join a room' });
refused('an rtc token calling the API', mint(scoped()), { use: 'api' }, { name: 'JsonWebTokenError', message: 'an "rtc" token is for rooms only and cannot call the server-side API' });

const out = { generatedBy: 'js-tests/vectors/generate-access.mjs', jsonwebtoken: '9.0.3', secret: SECRET, cases };
const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'access.json');
fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${cases.length} cases to ${file}`);
