// The workload, shared by every section and by the Worker (so pure data: no Node APIs).
// The VideoSDK payload, a 64-hex-character string secret, { expiresIn: '120m', algorithm:
// 'HS256' }; verify of an HS256 token with algorithms ['HS256'].
export const PAYLOAD = {
  apikey: 'b0f4d3c2-6a1e-4f8b-9c3d-2e5a7b1c9d0f',
  permissions: ['allow_join'],
  version: 2,
  roomId: '2kyv-gzay-64pg',
  participantId: 'lxvdplwt',
  roles: ['rtc'],
};
export const SECRET = 'fb2c2d649dc51c407bf6b51d4aaca7ff0fcfdd372fa2c0006cbe0d0fdb3b7a28';
export const OPTIONS = { expiresIn: '120m', algorithm: 'HS256' };
export const VERIFY_OPTIONS = { algorithms: ['HS256'] };
