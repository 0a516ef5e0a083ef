// The main job until the token server exists: mint an access token for the seed payload with the
// freshly built package, then print it decoded and verified.
//
// Configuration comes from the environment; with nothing set it runs with an embedded
// development key pair (never use it for real rooms).
import { decode, generateToken, verify } from '../pkg/node.cjs';

const DEV_API_KEY = 'dev-api-key-0000';
const DEV_SECRET = 'dev-secret-0123456789abcdef0123456789abcdef0123456789abcdef01234567';
const apikey = process.env.VIDEOSDK_API_KEY || DEV_API_KEY;
const secret = process.env.VIDEOSDK_SECRET_KEY || DEV_SECRET;
if (secret === DEV_SECRET) console.log('development mode: VIDEOSDK_API_KEY / VIDEOSDK_SECRET_KEY not set, using the embedded dev key pair\n');

const payload = {
  apikey,
  permissions: ['allow_join'],
  version: 2,
  roomId: '2kyv-gzay-64pg',
  participantId: 'lxvdplwt',
  roles: ['rtc'],
};
const token = generateToken(payload, secret, { expiresIn: '120m', algorithm: 'HS256' });
const { header, payload: claims } = decode(token, { complete: true });
const verified = verify(token, secret, { algorithms: ['HS256'] });
const when = (seconds) => new Date(seconds * 1000).toISOString();

console.log(`token\n  ${token}\n`);
console.log(`header\n  ${JSON.stringify(header)}\n`);
console.log(`claims\n${JSON.stringify(claims, null, 2).replace(/^/gm, '  ')}\n`);
console.log(`issued   ${when(claims.iat)}\nexpires  ${when(claims.exp)} (in ${(claims.exp - claims.iat) / 60} minutes)\n`);
console.log(`verified with HS256: ${JSON.stringify(verified) === JSON.stringify(claims) ? 'yes' : 'NO'}`);
