// Renders the inspector's report into the page. Claims come from whoever made the token, so
// everything is written with textContent (never HTML): the page's Trusted Types policy
// ('require-trusted-types-for') would refuse an HTML sink anyway. The header and claims are
// shown with bidi and control characters escaped (display.mjs's showJson), so a reordering
// override in a claim shows as \u202e instead of rearranging what the reader sees.
import { escapeText, showJson } from './display.mjs';

const $ = (id) => document.getElementById(id);
/** What each rebuilt node shows now, as a JSON text (see `rebuild`). */
const shown = new WeakMap();

/**
 * Shows a verdict; the text is replaced only when it changes, so the live region does not
 * repeat itself while the page refreshes the times every second.
 *
 * @example
 * showVerdict({ state: 'unchecked', headline: 'Signature not checked', details: [] });
 *
 * @param {{ state: string, headline: string, details: string[] }} verdict
 */
export function showVerdict({ state, headline, details }) {
  const box = $('verdict');
  rebuild(box, [state, headline, details], () => {
    box.dataset.state = state;
    $('verdict-headline').textContent = headline;
    $('verdict-details').replaceChildren(...details.map((line) => element('li', line)));
  });
}

/**
 * Renders what report.mjs's `inspect` returned.
 *
 * @example
 * renderReport(inspect(api, token, { secret }));
 *
 * @param {ReturnType<typeof import('./report.mjs').inspect>} report
 */
export function renderReport(report) {
  const section = $('report');
  if (report.empty) {
    section.hidden = true;
    return showVerdict({ state: 'empty', headline: 'Paste a token to inspect it.', details: [] });
  }
  if (report.problem) {
    section.hidden = true;
    return showVerdict({ state: 'invalid', headline: report.problem, details: [] });
  }
  section.hidden = false;
  showVerdict(report.verdict);
  rebuild($('times'), report.times, () =>
    report.times.flatMap((time) => {
      const term = element('dt', `${time.label} (${time.claim})`);
      const when = element('dd', time.local);
      when.append(' ', element('span', time.relative, { className: 'relative', state: time.state }));
      return [term, when];
    }),
  );
  const { access } = report;
  $('access-section').hidden = !access;
  if (access) {
    $('access-warnings').hidden = !access.warnings.length;
    rebuild($('access-warnings'), access.warnings, () =>
      access.warnings.map((warning) => {
        const item = element('li', '');
        item.append(element('strong', 'Warning:'), ' ', warning);
        return item;
      }),
    );
    $('rule-error').hidden = !access.ruleError;
    $('rule-error').textContent = access.ruleError ? `Breaks the access-token rules: ${access.ruleError}` : '';
    rebuild($('access'), access.lines, () =>
      access.lines.map(({ claim, text }) => {
        const item = element('li', '');
        item.append(element('code', claim), ' ', text);
        return item;
      }),
    );
  }
  const header = showJson(report.header, 2);
  const claims = typeof report.payload === 'string' ? escapeText(report.payload) : showJson(report.payload, 2);
  rebuild($('header'), header, () => [header]);
  rebuild($('claims'), claims, () => [claims]);
}

/**
 * Replaces `node`'s children only when `data` changed: the page refreshes every second, and a
 * rebuild would drop the reader's text selection.
 */
function rebuild(node, data, build) {
  const key = JSON.stringify(data);
  if (shown.get(node) === key) return;
  shown.set(node, key);
  const children = build();
  if (children) node.replaceChildren(...children);
}

function element(tag, text, { className, state } = {}) {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  if (state) node.dataset.state = state;
  return node;
}
