// The token inspector page in real headless Chromium, served by the token server (the node:http
// adapter, as `rtc-token serve` runs it) on loopback. Tokens are made by the real jsonwebtoken in
// Node; what the page says is checked against jsonwebtoken and rtc-token's room-side check in
// Node. Every request the browser makes is intercepted: none may leave the page's origin, and
// the page's secret must be in none. Screenshots of each state go to target/screenshots/.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { generateToken, verifyAccessToken } from 'rtc-token';
import { createHandler, listen } from 'rtc-token/server/node';
import { openChromium } from './chromium.mjs';

const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');

const SERVER_SECRET = 'inspector-browser-test-server-secret-0123456789';
// The secret typed into the page: the server never learns it.
const PAGE_SECRET = 'page-secret-typed-in-the-browser-9876543210';
const WRONG_SECRET = 'a-wrong-secret-typed-in-the-browser-55555';
const API_KEY = 'inspector-app-key';
const REFUSED = 'Token is invalid or expired';
const now = () => Math.floor(Date.now() / 1000);
const ACCESS = {
  apikey: API_KEY,
  permissions: ['allow_join', 'allow_mod'],
  version: 2,
  roomId: '2kyv-gzay-64pg',
  participantId: 'lxvdplwt',
  roles: ['rtc'],
};

let server;
let origin;
let browser;
let page;
const serverLog = [];

before(async () => {
  server = await listen(createHandler({ apiKey: API_KEY, secret: SERVER_SECRET }), { port: 0, log: (line) => serverLog.push(line) });
  origin = server.url; // http://localhost:<port>
  browser = await openChromium(origin);
  page = browser.page;
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** What the page says: the verdict box's state, headline and detail lines. */
async function verdict() {
  return page.evaluate(() => ({
    state: document.getElementById('verdict').dataset.state,
    headline: document.getElementById('verdict-headline').textContent,
    details: [...document.querySelectorAll('#verdict-details li')].map((li) => li.textContent),
  }));
}

async function paste(token, secret) {
  await page.fill('#secret', secret);
  await page.fill('#token', token);
  return verdict();
}

/** The times list as { claim: text } ("Expires (exp)" → "exp"). */
async function times() {
  return page.evaluate(() => {
    const out = {};
    for (const dt of document.querySelectorAll('#times dt')) {
      const claim = /\((\w+)\)$/.exec(dt.textContent)[1];
      const dd = dt.nextElementSibling;
      out[claim] = { text: dd.textContent, relative: dd.querySelector('.relative').textContent, state: dd.querySelector('.relative').dataset.state };
    }
    return out;
  });
}

/** Node's answers for the same token and secret: jsonwebtoken's verify, rtc-token's room-side check. */
function nodeVerdict(token, secret, expected = {}) {
  const result = {};
  try {
    jsonwebtoken.verify(token, secret);
    result.verify = 'ok';
  } catch (error) {
    result.verify = error.message;
  }
  try {
    verifyAccessToken(token, secret, expected);
    result.room = 'ok';
  } catch (error) {
    result.room = `${error.message}: ${error.inner?.message}`;
  }
  return result;
}

/** A token with its payload replaced and the original signature kept. */
function tamper(token, change) {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  return [header, Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url'), signature].join('.');
}

const localDate = (seconds) =>
  new Date(seconds * 1000).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'long', timeZone: 'UTC' });

test('the page loads from the server, the wasm core starts, and it asks for a token', async () => {
  const response = await page.goto(`${origin}/`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
  assert.deepEqual(await verdict(), { state: 'empty', headline: 'Paste a token to inspect it.', details: [] });
  assert.equal(await page.title(), 'rtc-token inspector');
  await browser.screenshot(page, '01-empty');
});

test('a valid token, with the secret: header and claims, dates, the claims explained, "Valid"', async () => {
  const token = jsonwebtoken.sign(ACCESS, PAGE_SECRET, { expiresIn: '10m' });
  const seen = await paste(token, PAGE_SECRET);
  assert.equal(seen.state, 'valid');
  assert.equal(seen.headline, 'Valid: the signature matches the secret and the room-side check accepts it');
  assert.deepEqual(seen.details, ['Presented to a room: joins directly, may moderate (allow_mod).']);
  assert.deepEqual(nodeVerdict(token, PAGE_SECRET), { verify: 'ok', room: 'ok' });

  const { header, payload } = jsonwebtoken.decode(token, { complete: true });
  assert.equal(await page.textContent('#header'), JSON.stringify(header, null, 2));
  assert.equal(await page.textContent('#claims'), JSON.stringify(payload, null, 2));
  const shown = await times();
  assert.equal(shown.exp.text, `${localDate(payload.exp)} ${shown.exp.relative}`);
  assert.match(shown.exp.relative, /^expires in (9 minutes( \d+ seconds?)?|10 minutes)$/);
  assert.match(shown.iat.relative, /^(less than a second|\d+ seconds?) ago$/);
  assert.equal(shown.iat.text, `${localDate(payload.iat)} ${shown.iat.relative}`);

  const explained = await page.locator('#access li').allTextContents();
  for (const line of [
    `apikey API key ${API_KEY}: the app this token was minted for`,
    'permissions allow_join: joins the room directly, and can admit or reject participants who ask',
    "permissions allow_mod: can turn other participants' webcam and mic on and off",
    'roles rtc: rooms only; cannot call the server-side API',
    'roomId scoped to room 2kyv-gzay-64pg: refused in any other room',
    'participantId scoped to participant lxvdplwt: refused for anyone else',
    'version version 2: required for roomId, participantId and roles, which apply',
  ]) {
    assert.ok(explained.includes(line), `missing "${line}" in ${JSON.stringify(explained)}`);
  }
  assert.equal(await page.isHidden('#rule-error'), true);
  assert.equal(await page.isHidden('#access-warnings'), true, 'no warning for sound claims');
  await browser.screenshot(page, '02-valid');
});

test('a valid token without the secret: decoded, signature not checked', async () => {
  const token = jsonwebtoken.sign(ACCESS, PAGE_SECRET, { expiresIn: '2h' });
  const seen = await paste(token, '');
  assert.equal(seen.state, 'unchecked');
  assert.equal(seen.headline, 'Signature not checked: enter the secret to verify it.');
  assert.match((await times()).exp.relative, /^expires in (1 hour 59 minutes|2 hours)$/);
  await browser.screenshot(page, '03-no-secret');
});

test('an expired token: "Token is invalid or expired", with and without the secret', async () => {
  const issued = now() - 3600;
  const token = jsonwebtoken.sign({ ...ACCESS, iat: issued, exp: issued + 3300 }, PAGE_SECRET);
  const node = nodeVerdict(token, PAGE_SECRET);
  assert.deepEqual(node, { verify: 'jwt expired', room: `${REFUSED}: jwt expired` });

  const withSecret = await paste(token, PAGE_SECRET);
  assert.equal(withSecret.state, 'invalid');
  assert.equal(withSecret.headline, REFUSED);
  assert.equal(withSecret.details[0], `Reason: jwt expired. It expired at ${localDate(issued + 3300)}.`);
  assert.equal(withSecret.details[1], 'The signature matches the secret: the refusal comes from the claims.');
  const shown = await times();
  assert.match(shown.exp.relative, /^expired 5 minutes( \d+ seconds?)? ago$/);
  assert.equal(shown.exp.state, 'bad');
  await browser.screenshot(page, '04-expired');

  const withoutSecret = await paste(token, '');
  assert.equal(withoutSecret.headline, REFUSED);
  assert.match(withoutSecret.details[0], /^Expires: expired 5 minutes( \d+ seconds?)? ago$/);
  assert.equal(withoutSecret.details.at(-1), 'Signature not checked: enter the secret to verify it.');
});

test('a tampered token: "Token is invalid or expired" (invalid signature) with the secret', async () => {
  const token = tamper(jsonwebtoken.sign(ACCESS, PAGE_SECRET, { expiresIn: '10m' }), { roomId: 'zzzz-zzzz-zzzz' });
  assert.deepEqual(nodeVerdict(token, PAGE_SECRET), { verify: 'invalid signature', room: `${REFUSED}: invalid signature` });
  const seen = await paste(token, PAGE_SECRET);
  assert.equal(seen.state, 'invalid');
  assert.equal(seen.headline, REFUSED);
  assert.deepEqual(seen.details, ['Reason: invalid signature. The token was not signed with this secret, or was changed after signing.']);
  // The decoded claims still show what the token claims, so the change is visible.
  assert.match(await page.textContent('#claims'), /"roomId": "zzzz-zzzz-zzzz"/);
  await browser.screenshot(page, '05-tampered');

  // A token that is not an access token gets jsonwebtoken's verdict in words.
  const plain = tamper(jsonwebtoken.sign({ sub: 'user-1' }, PAGE_SECRET), { sub: 'admin' });
  const plainSeen = await paste(plain, PAGE_SECRET);
  assert.equal(plainSeen.headline, 'Invalid: invalid signature');
  assert.equal(await page.isHidden('#access-section'), true);
});

test('verify with the right and a wrong secret', async () => {
  const token = jsonwebtoken.sign(ACCESS, PAGE_SECRET, { expiresIn: '10m' });
  const wrong = await paste(token, WRONG_SECRET);
  assert.deepEqual(nodeVerdict(token, WRONG_SECRET), { verify: 'invalid signature', room: `${REFUSED}: invalid signature` });
  assert.equal(wrong.state, 'invalid');
  assert.equal(wrong.headline, REFUSED);
  assert.match(wrong.details[0], /^Reason: invalid signature\./);
  await browser.screenshot(page, '06-wrong-secret');

  const right = await paste(token, PAGE_SECRET);
  assert.equal(right.state, 'valid');

  // A plain JWT: jsonwebtoken's verify, as words.
  const plain = jsonwebtoken.sign({ sub: 'user-1' }, PAGE_SECRET);
  assert.equal((await paste(plain, PAGE_SECRET)).headline, 'Valid: the signature matches the secret and the claims check out');
  assert.equal((await paste(plain, WRONG_SECRET)).headline, 'Invalid: invalid signature');
});

test('a token breaking the access-token rules: the rule named, and the room-side verdict', async () => {
  const { version, ...unversioned } = ACCESS;
  const token = jsonwebtoken.sign(unversioned, PAGE_SECRET, { expiresIn: '10m' });
  let ruleMessage;
  try {
    generateToken(unversioned, 'any');
  } catch (error) {
    ruleMessage = error.message;
  }
  assert.equal(ruleMessage, '"roomId" requires "version": 2');
  const node = nodeVerdict(token, PAGE_SECRET);
  assert.equal(node.verify, 'ok');
  assert.equal(node.room, `${REFUSED}: ${ruleMessage}`);

  const seen = await paste(token, PAGE_SECRET);
  assert.equal(seen.headline, REFUSED);
  assert.deepEqual(seen.details, [`Reason: ${ruleMessage}.`, 'The signature matches the secret: the refusal comes from the claims.']);
  assert.equal(await page.textContent('#rule-error'), `Breaks the access-token rules: ${ruleMessage}`);
  assert.deepEqual(await page.locator('#access-warnings li').allTextContents(), [
    'Warning: "roomId", "participantId" and "roles" without "version": 2, which they need',
  ]);
  await browser.screenshot(page, '07-rule-broken');

  const unchecked = await paste(token, '');
  assert.equal(unchecked.headline, REFUSED);
  assert.equal(unchecked.details[0], `Breaks the access-token rules: ${ruleMessage}`);
});

test("contradictory claims: the VideoSDK docs' sample payload (roles crawler and rtc) gets a warning, valid or not", async () => {
  // The docs' sample carries both roles; whether generateToken and the room-side check accept
  // that is the core's call: the warning shows whatever the verdict.
  const docs = { apikey: API_KEY, permissions: ['allow_join', 'ask_join'], version: 2, roomId: '2kyv-gzay-64pg', participantId: 'lxvdplwt', roles: ['crawler', 'rtc'] };
  const token = jsonwebtoken.sign(docs, PAGE_SECRET, { expiresIn: '10m' });
  for (const secret of [PAGE_SECRET, '']) {
    await paste(token, secret);
    assert.equal(await page.isVisible('#access-warnings'), true);
    assert.deepEqual(await page.locator('#access-warnings li').allTextContents(), [
      'Warning: "roles" holds both "crawler" (server-side API only) and "rtc" (rooms only), which contradict each other: VideoSDK accepts such a token, but give the one role meant',
      'Warning: "permissions" holds both "allow_join" and "ask_join": allow_join wins, the participant joins directly without asking',
    ]);
  }
  await browser.screenshot(page, '08-both-roles');
});

test('claims with control and bidi characters are shown escaped, not obeyed', async () => {
  const roomId = 'room\u202eevil\x1b[31m';
  const token = jsonwebtoken.sign({ ...ACCESS, roomId, '\u2066key': 'a\x9bb' }, PAGE_SECRET, { expiresIn: '10m' });
  const seen = await paste(token, PAGE_SECRET);
  const claims = await page.textContent('#claims');
  assert.ok(claims.includes('"roomId": "room\\u202eevil\\u001b[31m"'), claims);
  assert.ok(claims.includes('"\\u2066key": "a\\u009bb"'), claims);
  assert.doesNotMatch(claims, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\p{Bidi_Control}]/u);
  // The same text, parsed back, is the token's.
  assert.deepEqual(JSON.parse(claims), jsonwebtoken.decode(token));
  const explained = await page.locator('#access li').allTextContents();
  assert.ok(explained.includes('roomId scoped to room room\\u{202e}evil\\x1b[31m: refused in any other room'), JSON.stringify(explained));
  assert.equal(seen.state, 'valid');

  await page.click('#presented summary');
  await page.fill('#expect-room', 'abcd-efgh-ijkl');
  const elsewhere = await verdict();
  assert.equal(elsewhere.details[0], 'Reason: the token is scoped to room "room\\u{202e}evil\\x1b[31m", not to room "abcd-efgh-ijkl".');
  await page.fill('#expect-room', '');
  await page.click('#presented summary'); // closed again, as the next test expects it
  await browser.screenshot(page, '09-escaped');
});

test('the room-side check follows what the token is presented for', async () => {
  const token = jsonwebtoken.sign(ACCESS, PAGE_SECRET, { expiresIn: '10m' });
  await page.fill('#secret', PAGE_SECRET);
  await page.fill('#token', token);
  await page.click('#presented summary');
  await page.selectOption('#expect-use', 'api');
  const expected = { use: 'api' };
  const node = nodeVerdict(token, PAGE_SECRET, expected);
  const api = await verdict();
  assert.equal(api.headline, REFUSED);
  assert.equal(`${REFUSED}: ${api.details[0].replace(/^Reason: (.*)\.$/, '$1')}`, node.room);

  await page.selectOption('#expect-use', 'room');
  await page.fill('#expect-room', 'abcd-efgh-ijkl');
  const elsewhere = await verdict();
  assert.equal(elsewhere.headline, REFUSED);
  assert.equal(`${REFUSED}: ${elsewhere.details[0].replace(/^Reason: (.*)\.$/, '$1')}`, nodeVerdict(token, PAGE_SECRET, { roomId: 'abcd-efgh-ijkl' }).room);
  await browser.screenshot(page, '10-wrong-room');

  await page.fill('#expect-room', ACCESS.roomId);
  await page.fill('#expect-apikey', API_KEY);
  assert.equal((await verdict()).state, 'valid');
  await page.fill('#expect-room', '');
  await page.fill('#expect-apikey', '');
});

test('not a token: said so', async () => {
  const seen = await paste('this is not a token', PAGE_SECRET);
  assert.equal(seen.state, 'invalid');
  assert.match(seen.headline, /^Not a token: /);
  assert.equal(await page.isHidden('#report'), true);
});

test('keyboard: the controls in order, tabs switched with the arrow keys', async () => {
  await page.fill('#token', '');
  await page.focus('#secret');
  const order = ['secret'];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id));
  }
  assert.deepEqual(order, ['secret', 'show-secret', 'tab-inspect', 'token']);
  await page.focus('#tab-inspect');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-mint');
  assert.equal(await page.getAttribute('#tab-mint', 'aria-selected'), 'true');
  assert.equal(await page.isVisible('#panel-mint'), true);
  assert.equal(await page.isHidden('#panel-inspect'), true);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.isVisible('#panel-inspect'), true);
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-mint');
});

test('mint a token in the form (keyboard only): jsonwebtoken verifies it, byte for byte', async () => {
  await page.fill('#secret', PAGE_SECRET);
  await page.click('#tab-mint');
  // Type into each field from the keyboard; the permissions and role by Space and arrows.
  await page.focus('#mint-apikey');
  await page.keyboard.type(API_KEY);
  await page.focus('input[name="permissions"][value="allow_mod"]');
  await page.keyboard.press('Space');
  await page.focus('input[name="role"][value=""]');
  await page.keyboard.press('ArrowRight'); // → rtc
  await page.focus('#mint-room');
  await page.keyboard.type(ACCESS.roomId);
  await page.focus('#mint-participant');
  await page.keyboard.type(ACCESS.participantId);
  await page.focus('#mint-expiry');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('600');
  await page.focus('input[name="jwtid"]');
  await page.keyboard.press('Space');
  await page.focus('#mint-expiry');
  await page.keyboard.press('Enter'); // implicit submission
  await page.waitForSelector('#mint-output:not([hidden])');
  const token = await page.inputValue('#minted');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'minted');
  await browser.screenshot(page, '11-minted');

  const claims = jsonwebtoken.verify(token, PAGE_SECRET, { algorithms: ['HS256'] });
  const { iat, exp, jti, ...rest } = claims;
  assert.deepEqual(rest, ACCESS);
  assert.equal(exp - iat, 600);
  assert.ok(Math.abs(iat - now()) < 60, `iat ${iat} is not now`);
  assert.match(jti, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(jsonwebtoken.sign(claims, PAGE_SECRET), token, 'jsonwebtoken makes the same bytes from the same claims');

  // "Inspect this token" takes it to the first tab, where it is valid.
  await page.click('#inspect-minted');
  assert.equal(await page.isVisible('#panel-inspect'), true);
  assert.equal(await page.inputValue('#token'), token);
  assert.equal((await verdict()).state, 'valid');
});

test('mint refusals carry generateToken\'s own message; no secret, no token', async () => {
  await page.click('#tab-mint');
  await page.uncheck('input[name="permissions"][value="allow_join"]');
  await page.uncheck('input[name="permissions"][value="allow_mod"]');
  await page.click('#mint-form button[type="submit"]');
  let expected;
  try {
    generateToken({ apikey: API_KEY, permissions: [], version: 2, roomId: ACCESS.roomId, participantId: ACCESS.participantId, roles: ['rtc'] }, PAGE_SECRET);
  } catch (error) {
    expected = error.message;
  }
  assert.ok(expected);
  assert.equal(await page.textContent('#mint-error'), expected);
  assert.equal(await page.isHidden('#mint-output'), true);
  await browser.screenshot(page, '12-mint-refused');

  await page.check('input[name="permissions"][value="allow_join"]');
  await page.fill('#secret', '');
  await page.click('#mint-form button[type="submit"]');
  assert.match(await page.textContent('#mint-error'), /^Enter the secret at the top of the page/);
  await page.click('#tab-inspect');
});

test('readable at phone width: nothing wider than the screen', async () => {
  await page.setViewportSize({ width: 360, height: 780 });
  const token = jsonwebtoken.sign({ ...ACCESS, participantId: 'a-very-long-participant-identifier-'.repeat(4) }, PAGE_SECRET, { expiresIn: '10m' });
  await paste(token, PAGE_SECRET);
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
  assert.ok(widths.content <= widths.screen, `the page is ${widths.content}px wide on a ${widths.screen}px screen`);
  await browser.screenshot(page, '13-phone');
  await page.setViewportSize({ width: 1100, height: 900 });
});

test('no request left the page\'s origin, the secrets were never sent, no console errors', async () => {
  // Reload once more and let the page run, so the last word covers a whole visit.
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await paste(jsonwebtoken.sign(ACCESS, PAGE_SECRET, { expiresIn: '10m' }), PAGE_SECRET);
  await page.waitForTimeout(1500); // the once-a-second refresh runs

  // Two layers: the interception sees every request the browser sends, and a foreign one the
  // page's CSP blocks before it is sent logs a console error, caught by `problems` below.
  assert.deepEqual(browser.foreign, [], 'requests to other origins');
  assert.ok(browser.requests.length >= 10, 'the interception saw the page load');
  const paths = new Set(browser.requests.map((r) => new URL(r.url).pathname));
  for (const path of ['/', '/inspector/main.mjs', '/inspector/rtc-token/entries/hmac/browser.mjs', '/inspector/rtc-token/hmac/rtc_token_bg.wasm']) {
    assert.ok(paths.has(path), `${path} was requested`);
  }
  assert.deepEqual(new Set(browser.requests.map((r) => r.method)), new Set(['GET']));
  for (const request of browser.requests) {
    const sent = `${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`;
    for (const secret of [PAGE_SECRET, WRONG_SECRET, SERVER_SECRET]) {
      assert.ok(!sent.includes(secret), `a secret was sent: ${request.method} ${request.url}`);
    }
    assert.ok(!sent.includes('eyJ'), `a token was sent: ${request.method} ${request.url}`);
  }
  for (const line of serverLog) assert.ok(!line.includes(PAGE_SECRET) && !line.includes(SERVER_SECRET));
  assert.deepEqual(browser.problems, []);
});
