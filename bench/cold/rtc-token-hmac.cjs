// Cold start: run alone in a fresh Node process by ../coldstart.mjs. Prints the time from process
// start (performance.timeOrigin) to the first token, and the token (checked by the parent).
const { sign } = require('rtc-token/hmac');
const token = sign(
  { apikey: 'b0f4d3c2-6a1e-4f8b-9c3d-2e5a7b1c9d0f', permissions: ['allow_join'], version: 2,
  roomId: '2kyv-gzay-64pg', participantId: 'lxvdplwt', roles: ['rtc'] },
  'fb2c2d649dc51c407bf6b51d4aaca7ff0fcfdd372fa2c0006cbe0d0fdb3b7a28', { expiresIn: '120m', algorithm: 'HS256' });
process.stdout.write(JSON.stringify({ ms: performance.now(), token }));
