// The inspector page: loads rtc-token/hmac's browser entry (which fetches its .wasm from this
// origin), then wires the two tabs. Everything is computed here, in the page: nothing typed or
// pasted is ever sent anywhere, and the page's Content-Security-Policy (connect-src 'self',
// form-action 'none') would stop it if something tried.
//
// The page has no bundler and no import map (its policy allows no inline script), so it names the
// package by where the token server serves it: the package's files under ./rtc-token/, and in
// there the file that `rtc-token/hmac` resolves to under the `browser` condition of the package's
// exports map (scripts/inspector-assets.mjs checks that this import is exactly that file).
import { inspect } from './report.mjs';
import { mint } from './mint.mjs';
import { renderReport, showVerdict } from './view.mjs';

const $ = (id) => document.getElementById(id);

let api;
try {
  api = await import('./rtc-token/entries/hmac/browser.mjs');
} catch (error) {
  showVerdict({ state: 'invalid', headline: 'The WebAssembly core did not load', details: [String(error?.message ?? error)] });
  throw error;
}

const secret = $('secret');
const token = $('token');
const expected = { use: $('expect-use'), apikey: $('expect-apikey'), roomId: $('expect-room'), participantId: $('expect-participant') };

function update() {
  const context = { secret: secret.value, expected: Object.fromEntries(Object.entries(expected).map(([name, field]) => [name, field.value])) };
  renderReport(inspect(api, token.value, context));
}

for (const field of [secret, token, ...Object.values(expected)]) field.addEventListener('input', update);
// Enter in the secret field: nothing to submit (the field is in a form so browsers treat it as
// a password field properly).
$('secret-form').addEventListener('submit', (event) => event.preventDefault());
$('show-secret').addEventListener('change', (event) => {
  secret.type = event.target.checked ? 'text' : 'password';
});
// "expires in …" counts down while the page is open (and the verdict turns when it expires).
setInterval(() => {
  if (token.value.trim() && !document.hidden) update();
}, 1000);

// Tabs: the WAI-ARIA tabs pattern (arrow keys, Home and End move between tabs).
const tabs = [$('tab-inspect'), $('tab-mint')];
function select(tab, focus) {
  for (const each of tabs) {
    const on = each === tab;
    each.setAttribute('aria-selected', String(on));
    each.tabIndex = on ? 0 : -1;
    $(each.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) tab.focus();
}
for (const tab of tabs) {
  tab.addEventListener('click', () => select(tab, false));
  tab.addEventListener('keydown', (event) => {
    const at = tabs.indexOf(tab);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(tabs[(to + tabs.length) % tabs.length], true);
  });
}

// Mint: the form never submits anywhere (form-action 'none' backs that up).
const form = $('mint-form');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const result = mint(
    api,
    {
      apikey: data.get('apikey'),
      permissions: data.getAll('permissions'),
      role: data.get('role'),
      roomId: data.get('roomId'),
      participantId: data.get('participantId'),
      expiresIn: data.get('expiresIn'),
      jwtid: data.get('jwtid') !== null,
    },
    secret.value,
  );
  $('mint-result').hidden = false;
  $('mint-error').hidden = !result.error;
  $('mint-error').textContent = result.error ?? '';
  $('mint-output').hidden = !result.token;
  $('minted').value = result.token ?? '';
  if (result.token) $('minted').focus();
});
$('minted').addEventListener('focus', (event) => event.target.select());
$('inspect-minted').addEventListener('click', () => {
  token.value = $('minted').value;
  select(tabs[0], true);
  update();
});

update();
document.documentElement.dataset.ready = 'true';
