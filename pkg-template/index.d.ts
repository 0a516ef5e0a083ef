// Types for rtc-token. The jsonwebtoken part mirrors @types/jsonwebtoken 9: every name it
// exports (on the default import too), the same overloads of sign, verify and decode, and key and
// option types that take at least what its types take, so code typed against jsonwebtoken
// type-checks with only its import specifier changed (js-tests/runtimes/types-dropin.test.mjs).

/// <reference lib="es2022" />

// Only what is marked `export` is public: a declaration file exports every top-level name
// otherwise, and the private `$` aliases near the end must stay private.
export {};

/** A key as Node's crypto module represents it (structural, so no @types/node is needed). */
export interface KeyObjectLike {
  readonly type: 'secret' | 'public' | 'private';
  export(options?: unknown): Uint8Array | string | object;
}

/** A JSON Web Key (RFC 7517): `RSA`, `EC` (P-256, P-384, P-521), `OKP` (Ed25519) or `oct`. */
export interface JsonWebKey {
  kty: string;
  [member: string]: unknown;
}

/**
 * `{ key, passphrase, format, type }`, as Node's `createPrivateKey`/`createPublicKey` take it:
 * PEM (optionally encrypted PKCS#8 with its passphrase), DER with its `type`, or a JWK with
 * `format: 'jwk'`.
 */
export interface KeyInput {
  key: string | ArrayBufferView | ArrayBufferLike | JsonWebKey;
  passphrase?: string | ArrayBufferView | ArrayBufferLike | undefined;
  format?: 'pem' | 'der' | 'jwk' | undefined;
  type?: 'pkcs1' | 'pkcs8' | 'sec1' | 'spki' | undefined;
}

/** `{ key, format: 'jwk' }`, the JWK typed as Node types it (`webcrypto.JsonWebKey`). */
export interface JsonWebKeyInput {
  key: { kty?: string | undefined; [member: string]: any };
  format: 'jwk';
}

/**
 * `rtc-token/hmac` has these same types and classes (its errors are `instanceof` the classes
 * exported here) over an HMAC-only core. It refuses any key it would have to parse (PEM text or
 * bytes, a private or public `KeyObject`, a JWK, `{ key, passphrase }`): `sign` and
 * `generateToken` with `Error('secretOrPrivateKey is not an HMAC secret: rtc-token/hmac reads only
 * HMAC secrets (a string or Buffer without a PEM block, or a secret KeyObject); import
 * 'rtc-token' for PEM, DER, JWK and asymmetric KeyObject keys')`, `verify` and
 * `verifyAccessToken` with a `JsonWebTokenError` of the same text starting `secretOrPublicKey`.
 * `rtc-token` itself loads its full core on the first such key.
 *
 * A secret or key: a string (a PEM key, else its UTF-8 bytes are an HMAC secret), bytes (the
 * same), a `KeyObject` (secret, private or public), a `{ key, passphrase }` object, or a JWK.
 */
export type Secret = string | ArrayBufferView | ArrayBufferLike | KeyObjectLike | KeyInput | JsonWebKeyInput | JsonWebKey;

/**
 * What Node's `createPublicKey` takes, as @types/jsonwebtoken's `PublicKey`, but no raw key
 * (`format: 'raw-public'`: rtc-token reads none). Structural, so it needs no @types/node: a value
 * of this type is for rtc-token, not for passing on to node:crypto's own functions.
 */
export type PublicKey = string | ArrayBufferView | ArrayBufferLike | KeyObjectLike | KeyInput | JsonWebKeyInput;

/** What Node's `createPrivateKey` takes, as @types/jsonwebtoken's `PrivateKey`, but no raw key. */
export type PrivateKey = string | ArrayBufferView | ArrayBufferLike | KeyInput | JsonWebKeyInput;

export type Algorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'EdDSA'
  | 'none';

/** A time span: seconds, or text in the `ms` grammar (`'120m'`, `'24h'`, `'2 days'`). */
export type TimeSpan = number | string;

export interface JwtHeader {
  alg: string | Algorithm;
  typ?: string | undefined;
  cty?: string | undefined;
  crit?: string[] | undefined;
  kid?: string | undefined;
  jku?: string | undefined;
  x5u?: string | string[] | undefined;
  'x5t#S256'?: string | undefined;
  x5t?: string | undefined;
  x5c?: string | string[] | undefined;
  /** Any other member: jsonwebtoken copies `options.header` into the header as given. */
  [name: string]: any;
}

export interface JwtPayload {
  [key: string]: any;
  iss?: string | undefined;
  sub?: string | undefined;
  aud?: string | string[] | undefined;
  exp?: number | undefined;
  nbf?: number | undefined;
  iat?: number | undefined;
  jti?: string | undefined;
}

export interface Jwt {
  header: JwtHeader;
  payload: JwtPayload | string;
  signature: string;
}

export interface SignOptions {
  /** Default `'HS256'`. */
  algorithm?: Algorithm | undefined;
  keyid?: string | undefined;
  /** Seconds, or an `ms` string: `'120m'`, `'24h'`, `'2 days'`. */
  expiresIn?: TimeSpan | undefined;
  notBefore?: TimeSpan | undefined;
  audience?: string | string[] | undefined;
  subject?: string | undefined;
  issuer?: string | undefined;
  jwtid?: string | undefined;
  mutatePayload?: boolean | undefined;
  noTimestamp?: boolean | undefined;
  header?: Partial<JwtHeader> | undefined;
  encoding?: string | undefined;
  allowInsecureKeySizes?: boolean | undefined;
  allowInvalidAsymmetricKeyTypes?: boolean | undefined;
}

export interface VerifyOptions {
  algorithms?: Algorithm[] | undefined;
  audience?: string | RegExp | Array<string | RegExp> | undefined;
  clockTimestamp?: number | undefined;
  clockTolerance?: number | undefined;
  /** Return `{ header, payload, signature }` instead of the payload. */
  complete?: boolean | undefined;
  issuer?: string | string[] | undefined;
  ignoreExpiration?: boolean | undefined;
  ignoreNotBefore?: boolean | undefined;
  jwtid?: string | undefined;
  nonce?: string | undefined;
  subject?: string | undefined;
  maxAge?: TimeSpan | undefined;
  allowInvalidAsymmetricKeyTypes?: boolean | undefined;
}

export interface DecodeOptions {
  complete?: boolean | undefined;
  json?: boolean | undefined;
}

export declare class JsonWebTokenError extends Error {
  inner: Error;
  constructor(message: string, error?: Error);
}

export declare class TokenExpiredError extends JsonWebTokenError {
  expiredAt: Date;
  constructor(message: string, expiredAt: Date);
}

export declare class NotBeforeError extends JsonWebTokenError {
  date: Date;
  constructor(message: string, date: Date);
}

export type VerifyErrors = JsonWebTokenError | NotBeforeError | TokenExpiredError;
export type SignCallback = (error: Error | null, encoded?: string | undefined) => void;
export type VerifyCallback<T = Jwt | JwtPayload | string> = (error: VerifyErrors | null, decoded?: T | undefined) => void;
/** How a key-lookup function (`verify`'s callback form only) hands back the key. */
export type SigningKeyCallback = (error: Error | null, signingKey?: Secret | PublicKey) => void;
/** `verify(token, getKey, options, callback)`: looks up the key for `header` (its `kid`, often). */
export type GetPublicKeyOrSecret = (header: JwtHeader, callback: SigningKeyCallback) => void;
/** rtc-token's earlier name for {@link SigningKeyCallback}. */
export type GetSecretCallback = SigningKeyCallback;
/** rtc-token's earlier name for {@link GetPublicKeyOrSecret}. */
export type GetSecret = GetPublicKeyOrSecret;

// sign, verify and decode have @types/jsonwebtoken 9's overloads, so each call resolves to the
// same return type as there.

/**
 * Signs `payload` into a JWT, exactly as jsonwebtoken's `sign`. A `null` key only with
 * `algorithm: 'none'`.
 *
 * @example
 * const token = sign({ apikey: 'key', permissions: ['allow_join'] }, 'secret', { expiresIn: '120m' });
 */
export declare function sign(payload: string | Uint8Array | object, secretOrPrivateKey: Secret | PrivateKey, options?: SignOptions): string;
export declare function sign(payload: string | Uint8Array | object, secretOrPrivateKey: null, options?: SignOptions & { algorithm: 'none' }): string;
export declare function sign(payload: string | Uint8Array | object, secretOrPrivateKey: Secret | PrivateKey, callback: SignCallback): void;
export declare function sign(
  payload: string | Uint8Array | object,
  secretOrPrivateKey: Secret | PrivateKey,
  options: SignOptions,
  callback: SignCallback,
): void;
export declare function sign(
  payload: string | Uint8Array | object,
  secretOrPrivateKey: null,
  options: SignOptions & { algorithm: 'none' },
  callback: SignCallback,
): void;

/**
 * Verifies a JWT and returns its payload (or `{ header, payload, signature }` with `complete`).
 * A key-lookup function is taken in the callback form only.
 *
 * @example
 * const claims = verify(token, 'secret', { algorithms: ['HS256'] });
 */
export declare function verify(token: string, secretOrPublicKey: Secret | PublicKey, options: VerifyOptions & { complete: true }): Jwt;
export declare function verify(
  token: string,
  secretOrPublicKey: Secret | PublicKey,
  options?: VerifyOptions & { complete?: false },
): JwtPayload | string;
export declare function verify(token: string, secretOrPublicKey: Secret | PublicKey, options?: VerifyOptions): Jwt | JwtPayload | string;
export declare function verify(
  token: string,
  secretOrPublicKey: Secret | PublicKey | GetPublicKeyOrSecret,
  callback?: VerifyCallback<JwtPayload | string>,
): void;
export declare function verify(
  token: string,
  secretOrPublicKey: Secret | PublicKey | GetPublicKeyOrSecret,
  options: VerifyOptions & { complete: true },
  callback?: VerifyCallback<Jwt>,
): void;
export declare function verify(
  token: string,
  secretOrPublicKey: Secret | PublicKey | GetPublicKeyOrSecret,
  options?: VerifyOptions & { complete?: false },
  callback?: VerifyCallback<JwtPayload | string>,
): void;
export declare function verify(
  token: string,
  secretOrPublicKey: Secret | PublicKey | GetPublicKeyOrSecret,
  options?: VerifyOptions,
  callback?: VerifyCallback,
): void;

/**
 * Decodes a JWT without verifying it.
 *
 * @example
 * const { header, payload } = decode(token, { complete: true })!;
 */
export declare function decode(token: string, options: DecodeOptions & { complete: true }): null | Jwt;
export declare function decode(token: string, options: DecodeOptions & { json: true }): null | JwtPayload;
export declare function decode(token: string, options?: DecodeOptions): null | JwtPayload | string;

/** The claims of a VideoSDK access token. */
export interface VideoSdkPayload extends JwtPayload {
  /** The app's API key. */
  apikey: string;
  /** `allow_join`: join directly; `ask_join`: ask to join; `allow_mod`: moderate others. */
  permissions: Array<'allow_join' | 'ask_join' | 'allow_mod'>;
  /** Must be 2 when `roomId`, `participantId` or `roles` is present. */
  version?: 2 | undefined;
  roomId?: string | undefined;
  participantId?: string | undefined;
  /** `crawler`: server-side API only; `rtc`: rooms only. */
  roles?: Array<'crawler' | 'rtc'> | undefined;
}

/** `generateToken`'s options: `sign`'s, plus `jwtid: true` for a fresh random uuid. */
export interface GenerateTokenOptions extends Omit<SignOptions, 'jwtid'> {
  jwtid?: string | true | undefined;
}

/**
 * Mints a VideoSDK access token: checks the payload against the access-token rules, then signs
 * exactly as {@link sign}. Defaults: `algorithm: 'HS256'`; `expiresIn: '120m'` when neither
 * `expiresIn` nor `payload.exp` is given. A rule broken throws an `Error` naming the field.
 *
 * @example
 * const token = generateToken(
 *   { apikey: API_KEY, permissions: ['allow_join'], version: 2, roomId: '2kyv-gzay-64pg', roles: ['rtc'] },
 *   SECRET, { expiresIn: '120m', algorithm: 'HS256', jwtid: true });
 */
export declare function generateToken(payload: VideoSdkPayload, secret: Secret, options?: GenerateTokenOptions): string;
export declare function generateToken(payload: VideoSdkPayload, secret: Secret, callback: SignCallback): void;
export declare function generateToken(
  payload: VideoSdkPayload,
  secret: Secret,
  options: GenerateTokenOptions,
  callback: SignCallback,
): void;

/**
 * A random RFC 4122 version 4 uuid from the platform's secure random source.
 *
 * @example
 * const jti = uuid4(); // '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed'
 */
export declare function uuid4(): string;

/** What the room-side check expects of a token. */
export interface AccessCheckOptions {
  /** The service's API key: a token of another app is refused. */
  apikey?: string | undefined;
  /** The room: a token scoped to another room is refused. */
  roomId?: string | undefined;
  /** The participant: a token scoped to another participant is refused. */
  participantId?: string | undefined;
  /**
   * `'room'` (default) or `'api'`: a token whose `roles` is present must list `rtc` (room) or
   * `crawler` (api); one holding both is good for both.
   */
  use?: 'room' | 'api' | undefined;
  /**
   * The longest lifetime accepted: seconds, or a time span as `expiresIn` reads it (`'24h'`,
   * `'90m'`). A token whose `exp` is further than this from now, or (with a numeric `iat`) from
   * `iat`, is refused; a token without a finite `exp` always is. Default 86400 (24 hours).
   */
  maxLifetime?: number | string | undefined;
}

/** A token the room-side check accepted. */
export interface Access {
  claims: VideoSdkPayload;
  /** `'direct'` (allow_join), `'ask'` (ask_join only) or `'none'` (allow_mod only). */
  join: 'direct' | 'ask' | 'none';
  /** allow_mod: may toggle other participants' webcam and mic. */
  moderate: boolean;
}

/**
 * The room-side check. Throws `JsonWebTokenError('Token is invalid or expired')`, with the
 * cause as `inner`, for any refusal.
 *
 * @example
 * const { claims, join, moderate } = verifyAccessToken(token, SECRET, { apikey: API_KEY, roomId, use: 'room' });
 */
export declare function verifyAccessToken(token: string, secret: Secret, options?: AccessCheckOptions): Access;

/**
 * The whole API as one object, for code written as `import jwt from 'jsonwebtoken'`: its
 * functions and classes, and (from the namespace below) every type, so `jwt.JwtHeader` and
 * `jwt.SigningKeyCallback` name types as they do with @types/jsonwebtoken's default import.
 *
 * @example
 * import jwt from 'rtc-token';
 * const token = jwt.sign({ apikey: 'key', permissions: ['allow_join'] }, 'secret', { expiresIn: '120m' });
 * const getKey = (header: jwt.JwtHeader, callback: jwt.SigningKeyCallback) => callback(null, 'secret');
 */
declare const rtcToken: {
  sign: typeof sign;
  verify: typeof verify;
  decode: typeof decode;
  generateToken: typeof generateToken;
  uuid4: typeof uuid4;
  verifyAccessToken: typeof verifyAccessToken;
  JsonWebTokenError: typeof JsonWebTokenError;
  TokenExpiredError: typeof TokenExpiredError;
  NotBeforeError: typeof NotBeforeError;
};

// The namespace's names would shadow the module's inside it: these private aliases reach past.
type $KeyObjectLike = KeyObjectLike;
type $JsonWebKey = JsonWebKey;
type $KeyInput = KeyInput;
type $JsonWebKeyInput = JsonWebKeyInput;
type $Secret = Secret;
type $PublicKey = PublicKey;
type $PrivateKey = PrivateKey;
type $Algorithm = Algorithm;
type $TimeSpan = TimeSpan;
type $JwtHeader = JwtHeader;
type $JwtPayload = JwtPayload;
type $Jwt = Jwt;
type $SignOptions = SignOptions;
type $VerifyOptions = VerifyOptions;
type $DecodeOptions = DecodeOptions;
type $JsonWebTokenError = JsonWebTokenError;
type $TokenExpiredError = TokenExpiredError;
type $NotBeforeError = NotBeforeError;
type $VerifyErrors = VerifyErrors;
type $SignCallback = SignCallback;
type $VerifyCallback<T = Jwt | JwtPayload | string> = VerifyCallback<T>;
type $SigningKeyCallback = SigningKeyCallback;
type $GetPublicKeyOrSecret = GetPublicKeyOrSecret;
type $GetSecretCallback = GetSecretCallback;
type $GetSecret = GetSecret;
type $VideoSdkPayload = VideoSdkPayload;
type $GenerateTokenOptions = GenerateTokenOptions;
type $AccessCheckOptions = AccessCheckOptions;
type $Access = Access;

declare namespace rtcToken {
  type KeyObjectLike = $KeyObjectLike;
  type JsonWebKey = $JsonWebKey;
  type KeyInput = $KeyInput;
  type JsonWebKeyInput = $JsonWebKeyInput;
  type Secret = $Secret;
  type PublicKey = $PublicKey;
  type PrivateKey = $PrivateKey;
  type Algorithm = $Algorithm;
  type TimeSpan = $TimeSpan;
  type JwtHeader = $JwtHeader;
  type JwtPayload = $JwtPayload;
  type Jwt = $Jwt;
  type SignOptions = $SignOptions;
  type VerifyOptions = $VerifyOptions;
  type DecodeOptions = $DecodeOptions;
  type JsonWebTokenError = $JsonWebTokenError;
  type TokenExpiredError = $TokenExpiredError;
  type NotBeforeError = $NotBeforeError;
  type VerifyErrors = $VerifyErrors;
  type SignCallback = $SignCallback;
  type VerifyCallback<T = Jwt | JwtPayload | string> = $VerifyCallback<T>;
  type SigningKeyCallback = $SigningKeyCallback;
  type GetPublicKeyOrSecret = $GetPublicKeyOrSecret;
  type GetSecretCallback = $GetSecretCallback;
  type GetSecret = $GetSecret;
  type VideoSdkPayload = $VideoSdkPayload;
  type GenerateTokenOptions = $GenerateTokenOptions;
  type AccessCheckOptions = $AccessCheckOptions;
  type Access = $Access;
}

export default rtcToken;
