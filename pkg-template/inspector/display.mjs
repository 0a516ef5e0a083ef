// Presentation helpers shared by the package's two applications that show a token to a person:
// the token inspector page (its modules import it as ./display.mjs; the token server serves it
// with the page's other files, embedded by scripts/inspector-assets.mjs) and the CLI
// (bin/rtc-token.mjs, as ../inspector/display.mjs; the package ships this one file of inspector/).
// Not part of the library's API: no "exports" entry, so `import 'rtc-token/inspector/display.mjs'`
// fails. It imports nothing: it runs unchanged in a browser and in Node.
//
// Two concerns, both about what a reader sees, neither a rule: text from a token made safe to
// print, and the contradictions in VideoSDK claims worth a warning. What a token may carry and
// what a room accepts is the Rust core's to decide (generateToken, verifyAccessToken); a warning
// here never changes a verdict.

// C0 controls (ESC starts every terminal escape sequence), DEL, C1 controls (U+009B is a
// one-character CSI on terminals that read C1), Unicode's Bidi_Control set (ALM, LRM, RLM, the
// embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069: they reorder what follows
// on the line, the "Trojan Source" trick), and the line and paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Bidi_Control}]/gu;
// The same without C0: JSON.stringify escapes C0 already, and its own line breaks are layout.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\p{Bidi_Control}]/gu;

const hex = (char, width) => char.codePointAt(0).toString(16).padStart(width, '0');

/**
 * Text from a token (a claim, a reason that quotes one) as one printable line: every control,
 * bidi and line-separator character becomes a visible escape, `\x1b` up to U+00FF and `\u{202e}`
 * beyond. Backslashes are left as they are, so clean text reads unchanged; the output holds no
 * character it would escape, so escaping twice changes nothing.
 *
 * @example
 * escapeText('room \x1b[2Jvalid\u202e'); // 'room \\x1b[2Jvalid\\u{202e}'
 *
 * @param {unknown} text
 * @returns {string}
 */
export function escapeText(text) {
  return String(text).replace(UNSAFE, (char) => (char <= '\u00ff' ? `\\x${hex(char, 2)}` : `\\u{${hex(char, 4)}}`));
}

/**
 * JSON.stringify, with DEL, C1, bidi and line-separator characters escaped as `\uXXXX` too (it
 * escapes only C0): still JSON, and JSON.parse gives back the same value.
 *
 * @example
 * showJson({ roomId: 'a\u202eb' }); // '{"roomId":"a\\u202eb"}'
 *
 * @param {unknown} value
 * @param {number} [indent]
 * @returns {string} "undefined" for a value JSON cannot hold
 */
export function showJson(value, indent) {
  const json = JSON.stringify(value, null, indent) ?? String(value);
  return json.replace(UNSAFE_IN_JSON, (char) => `\\u${hex(char, 4)}`);
}

const has = (payload, claim) => Object.hasOwn(payload, claim);
const holds = (list, name) => Array.isArray(list) && list.includes(name);
/** ['a', 'b', 'c'] → '"a", "b" and "c"'. */
const quoted = (names) => names.map((name) => `"${name}"`).join(', ').replace(/, ([^,]*)$/, ' and $1');

/**
 * The contradictions in a VideoSDK access token's claims, one sentence each, for a person to
 * read beside the token (rtc-token decode/verify/sign, the inspector). A payload that is not an
 * access token (no "apikey" and no "permissions") gets none: "roles" is a common claim elsewhere.
 *
 * @example
 * accessWarnings({ apikey: 'k', permissions: ['allow_join'], version: 2, roles: ['crawler', 'rtc'] });
 * // ['"roles" holds both "crawler" (server-side API only) and "rtc" (rooms only), which contradict each other: …']
 *
 * @param {unknown} payload a decoded payload (any JSON value)
 * @returns {string[]}
 */
export function accessWarnings(payload) {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return [];
  if (!has(payload, 'apikey') && !has(payload, 'permissions')) return [];
  const warnings = [];
  const { permissions, roles } = payload;
  // The VideoSDK docs' own sample payload carries both roles.
  if (holds(roles, 'crawler') && holds(roles, 'rtc')) {
    warnings.push(
      '"roles" holds both "crawler" (server-side API only) and "rtc" (rooms only), which contradict each other: VideoSDK accepts such a token, but give the one role meant',
    );
  }
  const scoped = ['roomId', 'participantId', 'roles'].filter((claim) => has(payload, claim));
  if (scoped.length && payload.version !== 2) {
    warnings.push(`${quoted(scoped)} without "version": 2, which ${scoped.length === 1 ? 'it needs' : 'they need'}`);
  }
  if (holds(permissions, 'allow_join') && holds(permissions, 'ask_join')) {
    warnings.push('"permissions" holds both "allow_join" and "ask_join": allow_join wins, the participant joins directly without asking');
  }
  if (Array.isArray(permissions) && permissions.length === 0) {
    warnings.push('"permissions" is empty: the token grants no permission');
  }
  return warnings;
}
