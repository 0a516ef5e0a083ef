// rtc-token's types against @types/jsonwebtoken 9's, name by name (types-dropin.test.mjs compiles
// it with both installed): whatever a caller hands jsonwebtoken, rtc-token takes; whatever
// rtc-token hands back is what jsonwebtoken's types promise; and rtc-token's functions and classes
// can stand wherever code expects jsonwebtoken's (a `typeof jwt.verify` slot, a class check).
import type * as theirs from 'jsonwebtoken';
import type * as ours from 'rtc-token';

/** Compiles only if `From` is assignable to `To`. */
type Assignable<From extends To, To> = [From, To];
/**
 * Without Node's raw key inputs (`format: 'raw-public' | 'raw-private' | 'raw-seed'`), which
 * @types/jsonwebtoken's PublicKey and PrivateKey take from a recent @types/node: rtc-token reads
 * no raw keys.
 */
type WithoutRaw<Key> = Exclude<Key, { format: `raw-${string}` }>;
/** A key lookup written for jsonwebtoken that hands back any key but a raw one. */
type TheirKeyLookup = (
  header: theirs.JwtHeader,
  callback: (error: Error | null, signingKey?: theirs.Secret | WithoutRaw<theirs.PublicKey>) => void,
) => void;

// In: options, keys and payloads typed for jsonwebtoken.
export type Inputs = [
  Assignable<theirs.Secret, ours.Secret>,
  Assignable<WithoutRaw<theirs.PublicKey>, ours.PublicKey>,
  Assignable<WithoutRaw<theirs.PrivateKey>, ours.PrivateKey>,
  Assignable<theirs.Algorithm, ours.Algorithm>,
  Assignable<theirs.SignOptions, ours.SignOptions>,
  Assignable<theirs.VerifyOptions, ours.VerifyOptions>,
  Assignable<theirs.DecodeOptions, ours.DecodeOptions>,
  Assignable<theirs.JwtHeader, ours.JwtHeader>,
  Assignable<theirs.JwtPayload, ours.JwtPayload>,
  Assignable<TheirKeyLookup, ours.GetPublicKeyOrSecret>,
  Assignable<theirs.SignCallback, ours.SignCallback>,
  Assignable<theirs.VerifyCallback, ours.VerifyCallback>,
  Assignable<theirs.VerifyCallback<theirs.Jwt>, ours.VerifyCallback<ours.Jwt>>,
];

// Out: tokens, errors, and what a key lookup is handed.
export type Outputs = [
  Assignable<ours.Jwt, theirs.Jwt>,
  Assignable<ours.JwtHeader, theirs.JwtHeader>,
  Assignable<ours.JwtPayload, theirs.JwtPayload>,
  Assignable<ours.VerifyErrors, theirs.VerifyErrors>,
  Assignable<ours.JsonWebTokenError, theirs.JsonWebTokenError>,
  Assignable<ours.TokenExpiredError, theirs.TokenExpiredError>,
  Assignable<ours.NotBeforeError, theirs.NotBeforeError>,
  Assignable<ours.SigningKeyCallback, Parameters<TheirKeyLookup>[1]>,
];

// Every overload of `decode` is met by one of rtc-token's; the classes construct alike. (`sign` and
// `verify` take raw keys in theirs: jsonwebtoken-usage/ calls each of their overloads instead.)
export type Values = [
  Assignable<typeof ours.decode, typeof theirs.decode>,
  Assignable<typeof ours.JsonWebTokenError, typeof theirs.JsonWebTokenError>,
  Assignable<typeof ours.TokenExpiredError, typeof theirs.TokenExpiredError>,
  Assignable<typeof ours.NotBeforeError, typeof theirs.NotBeforeError>,
];
