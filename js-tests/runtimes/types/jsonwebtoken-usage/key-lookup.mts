// Typical code typed against @types/jsonwebtoken 9, through its default import: a key looked up
// by `kid` (the jwks-rsa pattern), the callback forms, a Promise wrapper, errors by class.
// types-dropin.test.mjs compiles it as written, then with 'jsonwebtoken' changed to 'rtc-token'.
import jwt from 'jsonwebtoken';

/** The part of a jwks-rsa client this code uses (jwks-rsa itself is not installed). */
interface SigningKey {
  kid: string;
  getPublicKey(): string;
}
declare const client: { getSigningKey(kid: string | null | undefined, cb: (err: Error | null, key?: SigningKey) => void): void };

function getKey(header: jwt.JwtHeader, callback: jwt.SigningKeyCallback): void {
  client.getSigningKey(header.kid, (err, key) => {
    if (err || !key) return callback(err ?? new Error('no key'));
    callback(null, key.getPublicKey());
  });
}

const options: jwt.VerifyOptions = { algorithms: ['RS256'], audience: 'urn:api', issuer: 'https://issuer.example/' };

export function verifyToken(token: string): Promise<jwt.JwtPayload> {
  return new Promise((resolve, reject) => {
    jwt.verify(token, getKey, options, (err, decoded) => {
      if (err) return reject(err);
      if (!decoded || typeof decoded === 'string') return reject(new Error('unexpected payload'));
      resolve(decoded);
    });
  });
}

export function verifyComplete(token: string, done: (header?: jwt.JwtHeader) => void): void {
  jwt.verify(token, getKey, { ...options, complete: true }, (err: jwt.VerifyErrors | null, decoded?: jwt.Jwt) => {
    if (err instanceof jwt.TokenExpiredError) console.log('expired at', err.expiredAt.toISOString());
    else if (err instanceof jwt.NotBeforeError) console.log('active from', err.date.toISOString());
    else if (err) console.log(err.name, err.message);
    done(decoded?.header);
  });
}

const lookup: jwt.GetPublicKeyOrSecret = (header, callback) => callback(null, header.alg === 'HS256' ? 'secret' : undefined);
jwt.verify('token', lookup, (err, payload) => void [err?.message, payload]);

export function signAsync(payload: object, secret: jwt.Secret, signOptions: jwt.SignOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    jwt.sign(payload, secret, signOptions, (err, token) => (err || !token ? reject(err) : resolve(token)));
  });
}

const algorithm: jwt.Algorithm = 'HS512';
const token: string = jwt.sign({ sub: 'user-1', scope: 'read' }, 'secret', { algorithm, expiresIn: '1h', keyid: 'k1' });
jwt.sign({ sub: 'user-1' }, 'secret', (err: Error | null, encoded?: string) => void [err, encoded]);

// @ts-expect-error a key-lookup function is for the callback form: the sync form returns nothing
const synchronous: jwt.JwtPayload | string = jwt.verify(token, getKey);
// @ts-expect-error not an algorithm
jwt.sign({}, 'secret', { algorithm: 'HS999' });

export { synchronous, token };
