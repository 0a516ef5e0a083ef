// Typical code typed against @types/jsonwebtoken 9, through named imports: a session service with
// its own claims type, errors caught by class, util.promisify, and an augmented JwtPayload.
// types-dropin.test.mjs compiles it as written, then with 'jsonwebtoken' changed to 'rtc-token'.
import { promisify } from 'node:util';
import {
  decode,
  JsonWebTokenError,
  NotBeforeError,
  sign,
  TokenExpiredError,
  verify,
  type Algorithm,
  type JwtPayload,
  type Secret,
  type SignCallback,
  type SignOptions,
  type VerifyCallback,
  type VerifyErrors,
  type VerifyOptions,
} from 'jsonwebtoken';

declare module 'jsonwebtoken' {
  interface JwtPayload {
    tenant?: string;
  }
}

const SECRET: Secret = process.env.JWT_SECRET ?? 'dev-secret';
const ALGORITHMS: Algorithm[] = ['HS256', 'HS384'];
const signOptions: SignOptions = { algorithm: 'HS256', expiresIn: '15m', audience: ['web', 'app'], issuer: 'auth', jwtid: 'j1' };
const verifyOptions: VerifyOptions = { algorithms: ALGORITHMS, audience: [/^web$/, 'app'], issuer: 'auth', nonce: 'n' };

export function issue(userId: string, tenant: string): string {
  const claims: JwtPayload = { sub: userId, tenant };
  return sign(claims, SECRET, signOptions);
}

export function check(token: string): { ok: true; claims: JwtPayload } | { ok: false; reason: string } {
  try {
    const claims = verify(token, SECRET, verifyOptions);
    if (typeof claims === 'string') return { ok: false, reason: 'not a JSON payload' };
    return { ok: true, claims };
  } catch (err) {
    if (err instanceof TokenExpiredError) return { ok: false, reason: `expired ${err.expiredAt.getTime()}` };
    if (err instanceof NotBeforeError) return { ok: false, reason: `not before ${err.date.getTime()}` };
    if (err instanceof JsonWebTokenError) return { ok: false, reason: `${err.name}: ${err.message} ${err.inner?.message}` };
    throw err;
  }
}

const verifyAsync = promisify<string, Secret, VerifyOptions, JwtPayload | string | undefined>(verify);
export async function checkAsync(token: string): Promise<string | undefined> {
  const claims = await verifyAsync(token, SECRET, verifyOptions);
  return typeof claims === 'object' ? claims.tenant : undefined;
}

const onSigned: SignCallback = (err, encoded) => void (err ? console.error(err) : console.log(encoded));
sign({ sub: 'u' }, SECRET, onSigned);
const onVerified: VerifyCallback<JwtPayload | string> = (err: VerifyErrors | null, decoded) => void [err?.message, decoded];
verify(issue('u', 't'), SECRET, onVerified);
verify(issue('u', 't'), SECRET, { maxAge: 60 }, onVerified);

const peek = decode(issue('u', 't'));
const tenant: string | undefined = peek && typeof peek === 'object' ? peek.tenant : undefined;
const wrapped = new JsonWebTokenError('wrapped', new Error('cause'));
const expired: JsonWebTokenError = new TokenExpiredError('jwt expired', new Date(0));

// @ts-expect-error the augmented JwtPayload types `tenant` as a string
const badTenant: JwtPayload = { tenant: 42 };
// @ts-expect-error a callback receives VerifyErrors, not an Error with a status code
const onVerifiedWrongly: VerifyCallback = (err: (Error & { status: number }) | null) => void err;

export { badTenant, expired, onVerifiedWrongly, tenant, wrapped };
