// Typed usage through `import` (an ES module under module nodenext). Compiled with tsc --noEmit
// against the installed package; every @ts-expect-error line must be an error, or tsc fails.
import jwt, { decode, generateToken, JsonWebTokenError, NotBeforeError, sign, TokenExpiredError, verify } from 'rtc-token';
import type { Algorithm, Jwt, JwtPayload, Secret, SignOptions, VerifyErrors, VideoSdkPayload } from 'rtc-token';
import hmac, { sign as hmacSign, JsonWebTokenError as HmacJsonWebTokenError } from 'rtc-token/hmac';

const secret: Secret = new Uint8Array([115, 101, 99, 114, 101, 116]);
const payload: VideoSdkPayload = {
  apikey: 'key',
  permissions: ['allow_join', 'allow_mod'],
  version: 2,
  roomId: '2kyv-gzay-64pg',
  participantId: 'lxvdplwt',
  roles: ['rtc'],
};
const algorithm: Algorithm = 'HS256';
const options: SignOptions = { algorithm, expiresIn: '120m', notBefore: 0, audience: ['a', 'b'], jwtid: 'id', header: { kid: 'k' } };

const token: string = generateToken(payload, secret, options);
const same: string = jwt.sign(payload, 'secret', { expiresIn: 7200 });
generateToken(payload, secret, options, (error: Error | null, encoded?: string) => void [error, encoded]);
sign('a string payload', 'secret', (error, encoded) => void [error?.message, encoded?.length]);

const claims: JwtPayload | string = verify(token, secret, { algorithms: ['HS256'], audience: /room/ });
const complete: Jwt = verify(token, secret, { complete: true });
const header: string = complete.header.alg;
verify(
  token,
  (jwtHeader, callback) => callback(null, jwtHeader.kid === 'k' ? secret : 'other'),
  { clockTolerance: 5 },
  (error: VerifyErrors | null, decoded) => {
    if (error instanceof TokenExpiredError) void error.expiredAt.getTime();
    else if (error instanceof NotBeforeError) void error.date.getTime();
    else if (error) void error.message;
    else void decoded;
  },
);
const decoded = decode(token, { complete: true });
const kid: string | undefined = decoded?.header.kid;
const loose = jwt.decode(token);
try {
  jwt.verify(same, 'wrong');
} catch (error) {
  if (error instanceof jwt.JsonWebTokenError && error instanceof JsonWebTokenError) void error.message;
}

// @ts-expect-error permissions are a closed set
const badPermission: VideoSdkPayload = { apikey: 'key', permissions: ['allow_everything'] };
// @ts-expect-error not an algorithm
sign(payload, 'secret', { algorithm: 'HS257' });
// @ts-expect-error complete: true returns a Jwt, not a string
const notAString: string = verify(token, 'secret', { complete: true });
// @ts-expect-error the default export has no such function
jwt.refresh(token);

// rtc-token/hmac has the same API and the same error classes.
const hmacToken: string = hmacSign(payload, 'secret', { algorithm: 'HS256' });
const hmacError: JsonWebTokenError = new HmacJsonWebTokenError('same class');
const hmacDefault: string = hmac.verify(hmacToken, 'secret', { complete: true }).signature;
// @ts-expect-error the HMAC-only entry's sign returns a token, not a Promise
const notAPromise: Promise<string> = hmacSign(payload, 'secret');

export { badPermission, claims, header, kid, loose, notAString, hmacDefault, hmacError, notAPromise };
