// Typical CommonJS code typed against @types/jsonwebtoken 9 through the default import (Node's
// interop under module nodenext): signing with options and a callback, typed helpers.
// types-dropin.test.mjs compiles it as written, then with 'jsonwebtoken' changed to 'rtc-token'.
import jwt from 'jsonwebtoken';
import type { JwtPayload, PrivateKey, PublicKey, SigningKeyCallback } from 'jsonwebtoken';

const privateKey: PrivateKey = process.env.PRIVATE_KEY ?? '';
const publicKey: PublicKey = process.env.PUBLIC_KEY ?? '';

export function mint(subject: string, done: jwt.SignCallback): void {
  jwt.sign({ role: 'user' }, privateKey, { algorithm: 'RS256', subject, expiresIn: '2h' }, done);
}

export function keyFor(_header: jwt.JwtHeader, callback: SigningKeyCallback): void {
  callback(null, publicKey);
}

export function read(token: string): Promise<JwtPayload> {
  return new Promise((resolve, reject) =>
    jwt.verify(token, keyFor, { algorithms: ['RS256'] }, (err: jwt.VerifyErrors | null, decoded?: JwtPayload | string) =>
      err ? reject(err) : typeof decoded === 'object' ? resolve(decoded) : reject(new Error('bad payload')),
    ),
  );
}

export const isExpired = (err: unknown): err is jwt.TokenExpiredError => err instanceof jwt.TokenExpiredError;

// @ts-expect-error decode takes the token as a string
jwt.decode(Buffer.from('token'));
