// Generates access.json: vectors of the room-side check (`verifyAccessToken`), and of
// generateToken on the payloads VideoSDK's docs show. The tokens are signed by the REAL npm
// jsonwebtoken 9.0.3 under a frozen clock (two, with claims jsonwebtoken cannot write, are
// HMAC'd here by hand). The room-side check runs jsonwebtoken's verify first (HS256 only), so the
// accepted claims and every refusal cause jsonwebtoken gives (`inner`) are what jsonwebtoken's own
// verify answers under those options. Only the access-token rules of issue 6 and of the
// server-policy issue (exp required and finite, maxLifetime, roles as the list of uses) are
// written here by hand: they are the specification, not rtc-token's output, and each is checked
// to refuse a token jsonwebtoken accepts.
// The Rust suite (tests/access.rs, native and wasm) and js-tests/videosdk.test.mjs replay them.
//
// Three kinds of case: `expected.claims` (accepted), `expected.refused` (the one refusal, with
// the cause as `inner`), `expected.usage` (a usage error, thrown as it is). `generate` holds
// generateToken vectors: the token jsonwebtoken signs for the payload and options.
//
// Run (after `npm install` in js-tests/):
//   node js-tests/vectors/generate-access.mjs [--out DIR]    (default: this directory)
// Deterministic: running it twice gives a byte-identical file.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { atTime } from '../clock.mjs';
import { JSONWEBTOKEN_VERSION, outDir, referenceJwt } from './out-dir.mjs';

const jwt = referenceJwt();

const NOW = 1700000000;
const SECRET = 'access-vector-secret';
const APIKEY = 'app-key-1';
const ROOM = '2kyv-gzay-64pg';
const PARTICIPANT = 'lxvdplwt';

const mint = (payload, options = { expiresIn: '120m' }, secret = SECRET) => atTime(NOW, () => jwt.sign(payload, secret, options));
const base = (extra = {}) => ({ apikey: APIKEY, permissions: ['allow_join'], ...extra });
const scoped = (extra = {}) => base({ version: 2, roomId: ROOM, participantId: PARTICIPANT, roles: ['rtc'], ...extra });

/** A token with the payload text as written (claims jsonwebtoken cannot write, e.g. `1e400`). */
function byHand(payloadText) {
  const part = (text) => Buffer.from(text).toString('base64url');
  const input = `${part('{"alg":"HS256","typ":"JWT"}')}.${part(payloadText)}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}
/** The verify options of the room-side check (src/videosdk/room.rs): access tokens are HS256. */
const ROOM_VERIFY = { algorithms: ['HS256'] };
/** jsonwebtoken's answer for `token` at `now` under the room check's options: `{ claims }` or `{ error }`. */
function jsonwebtokenAnswer(token, now) {
  try {
    return { claims: atTime(now, () => jwt.verify(token, SECRET, ROOM_VERIFY)) };
  } catch (err) {
    const error = { name: err.name, message: err.message };
    // `at`: the same instant in seconds, for the Rust suite.
    if (err.expiredAt !== undefined) Object.assign(error, { expiredAt: err.expiredAt.toISOString(), at: err.expiredAt.getTime() / 1000 });
    if (err.date !== undefined) Object.assign(error, { date: err.date.toISOString(), at: err.date.getTime() / 1000 });
    return { error };
  }
}

// The server-policy issue: the longest lifetime the check accepts unless `maxLifetime` says.
const DAY = 86400;
/** The refusal causes of the lifetime rule, in the words. */
const noExp = { name: 'JsonWebTokenError', message: 'the token has no "exp": access tokens must expire' };
const infiniteExp = { name: 'JsonWebTokenError', message: 'the token\'s "exp" is not a finite number: access tokens must expire' };
const beyondNow = (limit) => ({ name: 'JsonWebTokenError', message: `the token's "exp" is more than ${limit} seconds from now, the longest lifetime this service accepts (maxLifetime)` });
const beyondIat = (limit) => ({ name: 'JsonWebTokenError', message: `the token's "exp" is more than ${limit} seconds after its "iat", the longest lifetime this service accepts (maxLifetime)` });
const maxLifetimeInvalid = { name: 'Error', message: '"maxLifetime" should be a non-negative number of seconds or string representing a timespan eg: "1d", "20h", 60' };

const cases = [];
/** An accepted case: the claims are jsonwebtoken's verify result for the same token. */
function accepted(name, token, options, join, moderate, now = NOW + 60) {
  const { claims, error } = jsonwebtokenAnswer(token, now);
  if (error) throw new Error(`${name}: jsonwebtoken refuses it (${error.message})`);
  cases.push({ name, now, token, options, expected: { claims, join, moderate } });
}
/**
 * A refused case: always `Token is invalid or expired`, with the cause (`inner`): jsonwebtoken's
 * own error for the token, or, where jsonwebtoken accepts it, the access rule `rule` that refuses it.
 */
function refused(name, token, options, { rule, now = NOW + 60 } = {}) {
  const { error } = jsonwebtokenAnswer(token, now);
  if (error && rule) throw new Error(`${name}: jsonwebtoken refuses it first (${error.message}), not the rule`);
  if (!error && !rule) throw new Error(`${name}: jsonwebtoken accepts it; give the rule that refuses it`);
  cases.push({ name, now, token, options, expected: { refused: 'Token is invalid or expired', inner: error ?? rule } });
}
/** A usage error: the options are wrong, whatever the token; thrown as it is, not as a refusal. */
function usage(name, options, error) {
  cases.push({ name, now: NOW + 60, token: mint(base()), options, expected: { usage: error } });
}

// The payload VideoSDK's docs show, verbatim (both roles together), minted as they mint it.
const DOCS_PAYLOAD = { apikey: APIKEY, permissions: ['allow_join'], version: 2, roomId: ROOM, participantId: PARTICIPANT, roles: ['crawler', 'rtc'] };
const DOCS_OPTIONS = { expiresIn: '120m', algorithm: 'HS256' };
const docsToken = mint(DOCS_PAYLOAD, DOCS_OPTIONS);

// ---- accepted ----
accepted('seed token, its room and participant', mint(scoped()), { apikey: APIKEY, roomId: ROOM, participantId: PARTICIPANT, use: 'room' }, 'direct', false);
accepted('use defaults to room', mint(scoped()), {}, 'direct', false);
const PERMS = ['allow_join', 'ask_join', 'allow_mod'];
for (let mask = 1; mask < 8; mask++) {
  const permissions = PERMS.filter((_, i) => mask & (1 << i));
  const join = permissions.includes('allow_join') ? 'direct' : permissions.includes('ask_join') ? 'ask' : 'none';
  accepted(`permissions ${permissions.join('+')}`, mint(base({ permissions })), { apikey: APIKEY }, join, permissions.includes('allow_mod'));
}
// `roles`, when present, lists the uses the token is for: one holding both is good for both.
for (const [roles, use] of [[['rtc'], 'room'], [['crawler'], 'api'], [['crawler', 'rtc'], 'room'], [['crawler', 'rtc'], 'api'], [['rtc', 'crawler'], 'api']]) {
  accepted(`roles [${roles}] used for ${use}`, mint(base({ version: 2, roles })), { use }, 'direct', false);
}
accepted("the docs' payload (crawler+rtc) joining its room", docsToken, { apikey: APIKEY, roomId: ROOM, participantId: PARTICIPANT, use: 'room' }, 'direct', false);
accepted("the docs' payload (crawler+rtc) calling the API", docsToken, { apikey: APIKEY, use: 'api' }, 'direct', false);
accepted('an unscoped token is valid in any room', mint(base()), { roomId: ROOM, participantId: PARTICIPANT }, 'direct', false);
accepted('one second before exp', mint(base(), { expiresIn: 60 }), {}, 'direct', false, NOW + 59);
// maxLifetime: at most 24 hours by default; exactly the limit is not beyond it.
accepted('exp exactly 24h away (the default maxLifetime)', mint(base(), { expiresIn: '24h' }), {}, 'direct', false, NOW);
accepted('25h token under maxLifetime "2d"', mint(base(), { expiresIn: '25h' }), { maxLifetime: '2d' }, 'direct', false);
accepted('25h token under maxLifetime 90000', mint(base(), { expiresIn: '25h' }), { maxLifetime: 90000 }, 'direct', false);
accepted('a 25h token 2h later: 23h left, 25h after iat, maxLifetime "25h"', mint(base(), { expiresIn: '25h' }), { maxLifetime: '25h' }, 'direct', false, NOW + 7200);
accepted('no iat (noTimestamp): only exp - now is bounded', mint(base(), { expiresIn: '23h', noTimestamp: true }), {}, 'direct', false);
accepted('duplicated permissions', mint(base({ permissions: ['ask_join', 'ask_join'] })), {}, 'ask', false);

// ---- refused: the token itself (jsonwebtoken's verdict, whatever the rules say) ----
refused('expired', mint(scoped(), { expiresIn: 60 }), {}, { now: NOW + 60 });
refused('expired long ago', mint(scoped()), {}, { now: NOW + 86400 });
refused('not active yet', mint(scoped(), { notBefore: 600 }), {});
refused('signed with another secret', mint(scoped(), { expiresIn: '120m' }, 'another secret'), {});
const good = mint(scoped());
refused('tampered payload', good.split('.').map((p, i) => (i === 1 ? Buffer.from(JSON.stringify({ ...scoped(), permissions: ['allow_join', 'allow_mod'] })).toString('base64url') : p)).join('.'), {});
refused('HS512, not HS256', mint(scoped(), { expiresIn: '120m', algorithm: 'HS512' }), {});
refused('unsigned (alg none)', mint(scoped(), { algorithm: 'none' }, ''), {});
refused('not a JWT', 'not-a-token', {});
refused('empty token', '', {});

// ---- refused: how long the token lives (after jsonwebtoken's verify, which accepts all but the expired one) ----
refused('no exp (jsonwebtoken accepts it forever)', mint(base(), {}), {}, { rule: noExp });
refused('no exp, ten years on', mint(scoped(), {}), {}, { rule: noExp, now: NOW + 10 * 365 * DAY });
refused('exp 1e400 (JSON.parse reads Infinity)', byHand(`{"apikey":"${APIKEY}","permissions":["allow_join"],"iat":${NOW},"exp":1e400}`), {}, { rule: infiniteExp });
refused('exp beyond 24h', mint(base(), { expiresIn: '25h' }), {}, { rule: beyondNow(DAY) });
refused('exp one second beyond 24h', mint(base(), { expiresIn: DAY + 1 }), {}, { rule: beyondNow(DAY), now: NOW });
refused('exp a year away', mint(scoped(), { expiresIn: '1y' }), { roomId: ROOM }, { rule: beyondNow(DAY) });
refused('iat to exp beyond 24h (23.5h left)', mint(base({ iat: NOW - 3600, exp: NOW + 84600 }), {}), {}, { rule: beyondIat(DAY) });
refused('iat to exp 25h, 2h later (23h left)', mint(base(), { expiresIn: '25h' }), {}, { rule: beyondIat(DAY), now: NOW + 7200 });
refused('120m token under maxLifetime 3600', mint(base()), { maxLifetime: 3600 }, { rule: beyondNow(3600) });
refused('120m token under maxLifetime "90m"', mint(base()), { maxLifetime: '90m' }, { rule: beyondNow(5400) });
refused('120m token under maxLifetime "1.5h", 40 minutes later', mint(base()), { maxLifetime: '1.5h' }, { rule: beyondIat(5400), now: NOW + 2400 });
refused('maxLifetime 0', mint(base(), { expiresIn: 60 }), { maxLifetime: 0 }, { rule: beyondNow(0), now: NOW });
refused('expired and issued for 30h: jsonwebtoken\'s verdict first', mint(base(), { expiresIn: '30h' }), {}, { now: NOW + 31 * 3600 });
refused('exp a string: jsonwebtoken\'s verdict first', byHand(`{"apikey":"${APIKEY}","permissions":["allow_join"],"exp":"${NOW + 60}"}`), {});

// ---- refused: the claims break the rules ----
refused('no apikey', mint({ permissions: ['allow_join'] }), {}, { rule: { name: 'Error', message: '"apikey" is required: the API key of the app, a non-empty string' } });
refused('unknown permission', mint(base({ permissions: ['allow_everything'] })), {}, { rule: { name: 'Error', message: '"permissions" holds "allow_everything", which is not one of "allow_join", "ask_join" and "allow_mod"' } });
refused('roomId without version 2', mint(base({ roomId: ROOM })), {}, { rule: { name: 'Error', message: '"roomId" requires "version": 2' } });
refused('unknown role', mint(base({ version: 2, roles: ['admin'] })), {}, { rule: { name: 'Error', message: '"roles" holds "admin", which is not one of "crawler" and "rtc"' } });
refused('a string payload', atTime(NOW, () => jwt.sign('just text', SECRET)), {}, { rule: { name: 'Error', message: '"payload" must be a plain object carrying "apikey" and "permissions"' } });

// ---- refused: presented to the wrong service ----
refused('another app\'s apikey', mint(scoped()), { apikey: 'app-key-2' }, { rule: { name: 'JsonWebTokenError', message: 'the token\'s "apikey" is not this service\'s API key' } });
refused('scoped to another room', mint(scoped()), { roomId: 'abcd-efgh-ijkl' }, { rule: { name: 'JsonWebTokenError', message: `the token is scoped to room "${ROOM}", not to room "abcd-efgh-ijkl"` } });
refused('scoped to another participant', mint(scoped()), { roomId: ROOM, participantId: 'someone' }, { rule: { name: 'JsonWebTokenError', message: `the token is scoped to participant "${PARTICIPANT}", not to participant "someone"` } });
// `roles` present and lacking the use: refused (an empty list lacks both).
refused('a crawler token joining a room', mint(base({ version: 2, roles: ['crawler'] })), { use: 'room' }, { rule: { name: 'JsonWebTokenError', message: 'a "crawler" token is for the server-side API only and cannot join a room' } });
refused('an rtc token calling the API', mint(scoped()), { use: 'api' }, { rule: { name: 'JsonWebTokenError', message: 'an "rtc" token is for rooms only and cannot call the server-side API' } });
const noRoles = { name: 'JsonWebTokenError', message: 'the token\'s "roles" is empty: it can neither join a room nor call the server-side API' };
refused('roles [] used for room', mint(base({ version: 2, roles: [] })), { use: 'room' }, { rule: noRoles });
refused('roles [] used for api', mint(base({ version: 2, roles: [] })), { use: 'api' }, { rule: noRoles });

// ---- usage errors: a maxLifetime that is not a non-negative time span ----
for (const [label, maxLifetime] of [['-1', -1], ['"-1h"', '-1h'], ['"a day"', 'a day'], ['""', ''], ['null', null], ['true', true], ['[86400]', [86400]]]) {
  usage(`maxLifetime ${label}`, { maxLifetime }, maxLifetimeInvalid);
}

// ---- generateToken: the payloads VideoSDK's docs show, signed byte for byte as jsonwebtoken signs them ----
const generate = [];
const generated = (name, payload, options, reference = options) => generate.push({ name, now: NOW, payload, options, token: mint(payload, reference) });
generated("the docs' payload, the docs' options", DOCS_PAYLOAD, DOCS_OPTIONS);
generated("the docs' payload, generateToken's defaults (HS256, 120m)", DOCS_PAYLOAD, {}, { expiresIn: '120m' });
generated("the docs' payload with roles in the other order", { ...DOCS_PAYLOAD, roles: ['rtc', 'crawler'] }, DOCS_OPTIONS);
generated('roles [] (a warning, not a rule)', base({ version: 2, roles: [] }), DOCS_OPTIONS);
if (generate[0].token !== docsToken) throw new Error("the docs' token is not reproducible");

const out = { generatedBy: 'js-tests/vectors/generate-access.mjs', jsonwebtoken: JSONWEBTOKEN_VERSION, secret: SECRET, cases, generate };
const file = path.join(outDir(), 'access.json');
fs.writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${cases.length} cases and ${generate.length} generateToken vectors to ${file}`);
