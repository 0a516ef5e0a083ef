// Typical code typed against @types/jsonwebtoken 9, through `import * as`: asymmetric keys as
// PEM text, Buffers, KeyObjects and `{ key, passphrase }`, `complete: true`, decode, claims.
// types-dropin.test.mjs compiles it as written, then with 'jsonwebtoken' changed to 'rtc-token'.
import { createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jwt from 'jsonwebtoken';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const privatePem: jwt.PrivateKey = privateKey.export({ format: 'pem', type: 'pkcs8' });
const publicPem: jwt.PublicKey = readFileSync('public.pem');
const encrypted: jwt.Secret = { key: readFileSync('private.pem'), passphrase: 'top secret' };
const derKey: jwt.PrivateKey = { key: readFileSync('private.der'), format: 'der', type: 'pkcs8' };
const jwkKey: jwt.PublicKey = { key: publicKey.export({ format: 'jwk' }), format: 'jwk' };
const hmacKey: KeyObject = createSecretKey(Buffer.from('secret'));
const secrets: jwt.Secret[] = ['text', Buffer.from('bytes'), hmacKey, privateKey, encrypted];

const signed: string = jwt.sign({ sub: 'user-1' }, privateKey, { algorithm: 'ES256', expiresIn: 3600, notBefore: '2s' });
jwt.sign({ sub: 'user-1' }, privatePem, { algorithm: 'ES256', header: { alg: 'ES256', kid: 'k1', typ: 'JWT' } });
jwt.sign({ sub: 'user-1' }, derKey, { algorithm: 'ES256', noTimestamp: true, mutatePayload: true });
jwt.sign('a string payload', createPrivateKey(privatePem), { algorithm: 'ES256' });
jwt.sign({ sub: 'user-1' }, null, { algorithm: 'none' });

const complete: jwt.Jwt = jwt.verify(signed, publicKey, { complete: true, algorithms: ['ES256'] });
const kid: string | undefined = complete.header.kid;
const payload = complete.payload;
const subject: string | undefined = typeof payload === 'string' ? undefined : payload.sub;
const fromPem = jwt.verify(signed, publicPem, { algorithms: ['ES256'], clockTolerance: 5, maxAge: '1d' });
const fromJwk = jwt.verify(signed, jwkKey, { ignoreExpiration: true });
const fromKeyObject = jwt.verify(signed, createPublicKey(readFileSync('public.pem')), { issuer: ['a', 'b'], subject: 'user-1' });
if (typeof fromPem !== 'string') console.log(fromPem.exp, fromPem.iat, fromPem['custom']);

const decoded = jwt.decode(signed, { complete: true });
const alg: string | undefined = decoded?.header.alg;
const claims = jwt.decode(signed, { json: true });
const expiry: number | undefined = claims?.exp;
const loose: jwt.JwtPayload | string | null = jwt.decode(signed);
const options: jwt.DecodeOptions = { json: false };
const withOptions: jwt.JwtPayload | string | null = jwt.decode(signed, options);

interface UserClaims extends jwt.JwtPayload {
  userId: string;
  roles: string[];
}
const user = jwt.verify(signed, publicKey) as UserClaims;
const roles: string[] = user.roles;

// @ts-expect-error a complete token has no claims of its own
void complete.sub;
// @ts-expect-error decode without `complete` gives no header
void jwt.decode(signed)?.header.alg;

export { alg, expiry, fromJwk, fromKeyObject, kid, loose, roles, secrets, subject, withOptions };
