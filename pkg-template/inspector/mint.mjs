// The mint tab: form fields → the payload and options the token server's GET /get-token would
// build (version 2 whenever a room, participant or role is given), signed by generateToken with
// the page's secret. No rule lives here: generateToken checks them and names the one broken.

/**
 * The payload and options for the form's values.
 *
 * @example
 * mintRequest({ apikey: 'key', permissions: ['allow_join'], role: 'rtc', expiresIn: '10m' });
 * // { payload: { apikey: 'key', permissions: ['allow_join'], version: 2, roles: ['rtc'] },
 * //   options: { expiresIn: '10m' } }
 *
 * @param {{ apikey?: string, permissions?: string[], role?: string, roomId?: string, participantId?: string, expiresIn?: string, jwtid?: boolean }} form
 * @returns {{ payload: object, options: object }}
 */
export function mintRequest(form) {
  const text = (value) => (typeof value === 'string' ? value.trim() : '');
  const payload = { apikey: text(form.apikey), permissions: [...(form.permissions ?? [])] };
  const roomId = text(form.roomId);
  const participantId = text(form.participantId);
  const role = text(form.role);
  if (roomId || participantId || role) payload.version = 2;
  if (roomId) payload.roomId = roomId;
  if (participantId) payload.participantId = participantId;
  if (role) payload.roles = [role];
  const options = {};
  const expiry = text(form.expiresIn);
  // As the CLI and the server read it: a number is seconds, anything else a span ("10m", "2h").
  if (expiry) options.expiresIn = /^-?[0-9]+(\.[0-9]*)?$/.test(expiry) ? Number(expiry) : expiry;
  if (form.jwtid) options.jwtid = true;
  return { payload, options };
}

/**
 * Mints a token from the form with `secret`: `{ token }`, or `{ error }` with generateToken's
 * message (a rule broken, a bad expiry) or a request for the secret.
 *
 * @example
 * import * as api from 'rtc-token';
 * mint(api, { apikey: 'key', permissions: ['allow_join'] }, 'secret'); // { token: 'eyJ…' }
 *
 * @param {object} api rtc-token's API (generateToken)
 * @param {Parameters<typeof mintRequest>[0]} form
 * @param {string} secret
 * @returns {{ token: string } | { error: string }}
 */
export function mint(api, form, secret) {
  if (!secret) return { error: 'Enter the secret at the top of the page: tokens are signed with it, in this page.' };
  const { payload, options } = mintRequest(form);
  try {
    return { token: api.generateToken(payload, secret, options) };
  } catch (error) {
    return { error: error.message };
  }
}
