//! The one error type, and the only place that holds user-visible messages.
//!
//! Every message is npm jsonwebtoken 9's, word for word, where jsonwebtoken has one; the
//! JavaScript layer turns an [`Error`] into the same class jsonwebtoken throws
//! ([`ErrorClass`]). Messages never include a secret or key material.

use std::fmt;

/// What went wrong. Variants name the condition; [`fmt::Display`] gives the message.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    // ---- sign: plain `Error` in jsonwebtoken ----
    /// No secret was given and the algorithm is not `none`.
    SecretMissing,
    /// The secret could not be turned into a key.
    KeyMaterialInvalid,
    /// An HS* algorithm was asked for with a private or public key.
    SymmetricKeyRequired {
        /// Which side: `secretOrPrivateKey` (sign) or `secretOrPublicKey` (verify).
        role: KeyRole,
        /// The algorithm named in the header.
        alg: String,
    },
    /// An RS*/PS*/ES* algorithm was asked for with a secret.
    AsymmetricKeyRequired {
        /// Which side.
        role: KeyRole,
        /// The algorithm named in the header.
        alg: String,
    },
    /// The algorithm and the key cannot work together (a check upstream should have said why).
    AlgorithmNotSupported(String),
    /// An RS*/PS* key under 2048 bits without `allowInsecureKeySizes` (sign).
    KeyTooSmall(String),
    /// validateAsymmetricKey: the key type does not allow the algorithm.
    KeyTypeNotAllowed {
        /// `asymmetricKeyType`.
        key_type: &'static str,
        /// The algorithms that key type allows, in jsonwebtoken's order.
        allowed: &'static [&'static str],
    },
    /// validateAsymmetricKey: a key type jsonwebtoken knows no algorithm for.
    KeyTypeUnknown(&'static str),
    /// validateAsymmetricKey: an EC key on another curve than the algorithm's.
    CurveMismatch {
        /// The algorithm.
        alg: String,
        /// The curve it requires (OpenSSL's name).
        curve: &'static str,
    },
    /// validateAsymmetricKey: an RSA-PSS key whose digests do not match the algorithm.
    PssParamsMismatch(String),
    /// validateAsymmetricKey: an RSA-PSS key whose minimum salt length exceeds the digest's.
    PssSaltMismatch(String),
    /// A key and algorithm that only `allowInvalidAsymmetricKeyTypes` let through, or a key
    /// type nothing here computes with: rtc-token does not sign with it (documented difference).
    KeyAlgorithmUnsupported {
        /// The algorithm.
        alg: String,
        /// `asymmetricKeyType` (with the curve for EC keys).
        key: String,
    },
    /// A `KeyObject` whose export this package cannot read (e.g. DSA or DH keys).
    KeyObjectUnsupported,
    /// A PEM encrypted the legacy OpenSSL way (`Proc-Type: 4,ENCRYPTED`), given with its
    /// passphrase: not supported (encrypted PKCS#8 is).
    LegacyEncryptedPem,
    /// The HMAC-only core (built without the `asymmetric` feature) was given a key it would have
    /// to parse: PEM text, DER, a JWK, `{ key, passphrase }` or an asymmetric `KeyObject`. Where
    /// the full core would read the key it stops instead; the main npm entry retries the call
    /// there, `rtc-token/hmac` throws it. The class is that of the role's other key errors
    /// (`Error` for sign, `JsonWebTokenError` for verify).
    AsymmetricUnavailable(KeyRole),
    /// An ES* signature of the wrong length (ecdsa-sig-formatter's `TypeError`).
    EcdsaSignatureLength {
        /// The algorithm.
        alg: String,
        /// The expected number of bytes.
        expected: usize,
        /// The number of bytes given.
        actual: usize,
    },
    /// The header's `alg` names no algorithm at all (what `jwa` refuses).
    AlgorithmUnknown(String),
    /// `sign` was called without a payload.
    PayloadRequired,
    /// A function, symbol or bigint payload: jws has no text to sign. jsonwebtoken's message
    /// depends on whether `jws.sign` (sync) or `jws.createSign` (callback form) meets it.
    PayloadUnsupported {
        /// `typeof payload`.
        type_name: &'static str,
        /// The callback form (`jws.createSign`).
        streamed: bool,
    },
    /// The payload or the options are not a plain object.
    NotPlainObject(&'static str),
    /// An option name that `sign` does not know.
    OptionNotAllowed(String),
    /// A sign option of the wrong type; the message is jsonwebtoken's for that option.
    OptionInvalid(&'static str),
    /// `iat`, `exp` or `nbf` in the payload is not a number.
    ClaimNotNumber(&'static str),
    /// Options that only make sense for object payloads, given with a string or Buffer.
    OptionsNeedObjectPayload {
        /// The offending options, in jsonwebtoken's order.
        options: Vec<&'static str>,
        /// `typeof payload`.
        payload_type: &'static str,
    },
    /// `expiresIn` or `notBefore` given although the payload has `exp` or `nbf`.
    OptionDuplicatesTimeClaim {
        /// `expiresIn` or `notBefore`.
        option: &'static str,
        /// `exp` or `nbf`.
        claim: &'static str,
    },
    /// `audience`, `issuer`, `subject` or `jwtid` given although the payload has the claim.
    OptionDuplicatesClaim {
        /// The option.
        option: &'static str,
        /// The claim it would set.
        claim: &'static str,
    },
    /// A time span that the `ms` grammar does not read.
    TimespanInvalid(&'static str),
    /// The `encoding` option names no encoding Node knows.
    EncodingUnknown(String),
    /// The `encoding` option names a Node encoding this package does not write (hex, base64).
    EncodingNotSupported(String),
    /// The header's `alg` (from the `header` option) is not a string: jsonwebtoken's
    /// `header.alg.startsWith(…)` throws. The value's kind: `undefined`, `null` or another.
    HeaderAlgNotString(&'static str),

    // ---- verify and decode: `JsonWebTokenError` and its subclasses ----
    /// `clockTimestamp` is truthy but not a number.
    ClockTimestampNotNumber,
    /// `nonce` is not a non-empty string.
    NonceInvalid,
    /// `allowInvalidAsymmetricKeyTypes` is given and not a boolean.
    AllowInvalidAsymmetricKeyTypesNotBoolean,
    /// A verify option of a type that jsonwebtoken would misread (documented difference).
    VerifyOptionInvalid(&'static str),
    /// The token is empty or missing.
    TokenMissing,
    /// The token is not a string.
    TokenNotString,
    /// The token does not have three parts.
    TokenMalformed,
    /// The token's parts do not decode to a JWS.
    TokenInvalid,
    /// The secret was given as a function to the synchronous form.
    SecretCallbackNeedsCallback,
    /// The secret callback reported an error (its message follows).
    SecretCallbackFailed(String),
    /// An unsigned token, an HS/RS/PS/ES `alg` allowed by `algorithms`, and no key: jsonwebtoken
    /// reads `key.type` of `undefined` and throws that `TypeError`.
    UnsignedTokenWithoutKey,
    /// A `typ: JWT` token whose payload is JSON `null`: jsonwebtoken reads `null.nbf` and throws.
    PayloadNull,
    /// A key was given for a token with an empty signature.
    SignatureRequired,
    /// A signed token but no key to check it.
    KeyRequired,
    /// An unsigned token and no `algorithms` option.
    NoneNotAllowed,
    /// The key given to verify could not be read.
    PublicKeyMaterialInvalid,
    /// The token's `alg` is not in `algorithms`.
    AlgorithmNotAllowed,
    /// The signature does not match.
    SignatureInvalid,
    /// `nbf` is present and not a number.
    NotBeforeInvalid,
    /// `exp` is present and not a number.
    ExpirationInvalid,
    /// The token is not active yet: `NotBeforeError` with the `nbf` time (seconds).
    NotActive(f64),
    /// The token has expired: `TokenExpiredError` with the `exp` time (seconds).
    Expired(f64),
    /// `aud` does not match; the expected audiences as jsonwebtoken prints them.
    AudienceMismatch(String),
    /// `iss` does not match.
    IssuerMismatch(String),
    /// `sub` does not match.
    SubjectMismatch(String),
    /// `jti` does not match.
    JwtIdMismatch(String),
    /// `nonce` does not match.
    NonceMismatch(String),
    /// `maxAge` given and the token has no numeric `iat`.
    IssuedAtRequired,
    /// `maxAge` is not a time span.
    MaxAgeInvalid,
    /// The token is older than `maxAge`: `TokenExpiredError` with the limit (seconds).
    MaxAgeExceeded(f64),

    // ---- VideoSDK access tokens: generateToken's rules are plain `Error`s ----
    /// The payload of an access token is not a plain object.
    AccessPayloadNotObject,
    /// A mandatory claim (`apikey`, `permissions`) is absent.
    AccessClaimMissing(&'static str),
    /// A claim breaks its rule (the claim's name; the message states the rule).
    AccessClaimInvalid(&'static str),
    /// `permissions` names something else than `allow_join`, `ask_join`, `allow_mod`.
    PermissionUnknown(String),
    /// `roles` names something else than `crawler`, `rtc`.
    RoleUnknown(String),
    /// A warning, never a refusal ([`crate::videosdk::warnings`]): `roles` holds both `crawler`
    /// and `rtc`, which read as contradictory, though VideoSDK's docs show the pair and the
    /// room-side check accepts such a token for rooms and for the API.
    RolesConflict,
    /// `roles` is present and empty: the room-side check refuses the token for every use (a
    /// refusal cause), and [`crate::videosdk::warnings`] reports it.
    RolesEmpty,
    /// `roomId`, `participantId` or `roles` without `version: 2`.
    VersionRequired(&'static str),
    /// `jwtid: true` and the platform gave no random bytes.
    RandomUnavailable,
    /// An option of the room-side check that it does not know.
    AccessCheckOptionUnknown(String),
    /// An option of the room-side check of the wrong type or value.
    AccessCheckOptionInvalid(&'static str),
    /// The room-side check refused the token: `JsonWebTokenError('Token is invalid or expired')`
    /// whatever the cause, which is kept (as `inner` in JavaScript).
    AccessRefused(Box<Error>),
    /// The token's `apikey` is not the service's.
    ApiKeyMismatch,
    /// The token is scoped to another room.
    RoomMismatch {
        /// The token's `roomId`.
        token: String,
        /// The room it was presented to.
        expected: String,
    },
    /// The token is scoped to another participant.
    ParticipantMismatch {
        /// The token's `participantId`.
        token: String,
        /// The participant it was presented for.
        expected: String,
    },
    /// A `crawler` token presented to join a room.
    CrawlerCannotJoin,
    /// An `rtc` token presented to the server-side API.
    RtcCannotUseApi,
    /// The room-side check: the token has no `exp` (access tokens must expire).
    ExpirationRequired,
    /// The room-side check: the token's `exp` is a number but not a finite one (`1e400`).
    ExpirationNotFinite,
    /// The room-side check: `exp - now` exceeds `maxLifetime` (the limit in seconds, as
    /// JavaScript prints the number).
    RemainingLifetimeExceeded(String),
    /// The room-side check: `exp - iat` exceeds `maxLifetime` (the limit in seconds, as
    /// JavaScript prints the number).
    IssuedLifetimeExceeded(String),

    // ---- JSON ----
    /// Text that `JSON.parse` refuses (inside the core; surfaces as [`Error::PayloadNotJson`]).
    MalformedJson,
    /// The payload must be parsed as JSON (typ `JWT` or `json: true`) and is not JSON:
    /// jsonwebtoken lets `JSON.parse`'s own `SyntaxError` through, so the JavaScript layer
    /// re-runs `JSON.parse` on this text to throw the runtime's exact error.
    PayloadNotJson(String),
    /// The options did not arrive in the boundary's format (a bug in the JavaScript layer).
    BoundaryFormat,
}

/// Which key parameter a key-type message names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    /// `sign`'s `secretOrPrivateKey`.
    Signing,
    /// `verify`'s `secretOrPublicKey`.
    Verifying,
}

impl KeyRole {
    fn name(self) -> &'static str {
        match self {
            KeyRole::Signing => "secretOrPrivateKey",
            KeyRole::Verifying => "secretOrPublicKey",
        }
    }
}

/// The JavaScript class an [`Error`] is thrown as.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ErrorClass {
    /// A plain `Error` (jsonwebtoken's sign-side failures).
    Error,
    /// `TypeError` (what `jwa` throws for an unknown algorithm).
    TypeError,
    /// `JsonWebTokenError`.
    JsonWebTokenError,
    /// `TokenExpiredError`, with `expiredAt` (seconds since the epoch).
    TokenExpiredError(f64),
    /// `NotBeforeError`, with `date` (seconds since the epoch).
    NotBeforeError(f64),
    /// The runtime's own `SyntaxError` from `JSON.parse` of the given text.
    SyntaxError,
}

impl ErrorClass {
    /// The class's JavaScript name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::Error => "Error",
            ErrorClass::TypeError => "TypeError",
            ErrorClass::JsonWebTokenError => "JsonWebTokenError",
            ErrorClass::TokenExpiredError(_) => "TokenExpiredError",
            ErrorClass::NotBeforeError(_) => "NotBeforeError",
            ErrorClass::SyntaxError => "SyntaxError",
        }
    }

    /// `expiredAt` or `date`, in seconds since the epoch, for the classes that carry one.
    pub fn time(self) -> Option<f64> {
        match self {
            ErrorClass::TokenExpiredError(at) | ErrorClass::NotBeforeError(at) => Some(at),
            _ => None,
        }
    }
}

impl Error {
    /// The class jsonwebtoken throws for this condition.
    pub fn class(&self) -> ErrorClass {
        use Error::*;
        match self {
            SecretMissing
            | KeyMaterialInvalid
            | SymmetricKeyRequired { role: KeyRole::Signing, .. }
            | AsymmetricKeyRequired { role: KeyRole::Signing, .. }
            | AlgorithmNotSupported(_)
            | KeyTooSmall(_)
            | KeyTypeNotAllowed { .. }
            | KeyTypeUnknown(_)
            | CurveMismatch { .. }
            | PssParamsMismatch(_)
            | PssSaltMismatch(_)
            | KeyAlgorithmUnsupported { .. }
            | KeyObjectUnsupported
            | LegacyEncryptedPem
            | AsymmetricUnavailable(KeyRole::Signing)
            | PayloadRequired
            | NotPlainObject(_)
            | OptionNotAllowed(_)
            | OptionInvalid(_)
            | ClaimNotNumber(_)
            | OptionsNeedObjectPayload { .. }
            | OptionDuplicatesTimeClaim { .. }
            | OptionDuplicatesClaim { .. }
            | TimespanInvalid(_)
            | EncodingNotSupported(_)
            | AccessPayloadNotObject
            | AccessClaimMissing(_)
            | AccessClaimInvalid(_)
            | PermissionUnknown(_)
            | RoleUnknown(_)
            | RolesConflict
            | VersionRequired(_)
            | RandomUnavailable
            | AccessCheckOptionUnknown(_)
            | AccessCheckOptionInvalid(_)
            | BoundaryFormat => ErrorClass::Error,
            AlgorithmUnknown(_)
            | EncodingUnknown(_)
            | HeaderAlgNotString(_)
            | UnsignedTokenWithoutKey
            | PayloadNull
            | PayloadUnsupported { .. }
            | EcdsaSignatureLength { .. } => ErrorClass::TypeError,
            Expired(at) | MaxAgeExceeded(at) => ErrorClass::TokenExpiredError(*at),
            NotActive(at) => ErrorClass::NotBeforeError(*at),
            MalformedJson | PayloadNotJson(_) => ErrorClass::SyntaxError,
            _ => ErrorClass::JsonWebTokenError,
        }
    }
}

const PERMISSION_NAMES: &str = "\"allow_join\", \"ask_join\" and \"allow_mod\"";
const ROLE_NAMES: &str = "\"crawler\" and \"rtc\"";
const TIMESPAN_HINT: &str = "should be a number of seconds or string representing a timespan";

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Error::*;
        match self {
            SecretMissing => f.write_str("secretOrPrivateKey must have a value"),
            KeyMaterialInvalid => f.write_str("secretOrPrivateKey is not valid key material"),
            SymmetricKeyRequired { role, alg } => {
                write!(f, "{} must be a symmetric key when using {alg}", role.name())
            }
            AsymmetricKeyRequired { role, alg } => {
                write!(f, "{} must be an asymmetric key when using {alg}", role.name())
            }
            AlgorithmNotSupported(alg) => {
                write!(f, "rtc-token cannot use algorithm {alg} with this key")
            }
            KeyTooSmall(alg) => write!(f, "secretOrPrivateKey has a minimum key size of 2048 bits for {alg}"),
            KeyTypeNotAllowed { key_type, allowed } => {
                write!(f, "\"alg\" parameter for \"{key_type}\" key type must be one of: {}.", allowed.join(", "))
            }
            KeyTypeUnknown(key_type) => write!(f, "Unknown key type \"{key_type}\"."),
            CurveMismatch { alg, curve } => write!(f, "\"alg\" parameter \"{alg}\" requires curve \"{curve}\"."),
            PssParamsMismatch(alg) => write!(
                f,
                "Invalid key for this operation, its RSA-PSS parameters do not meet the requirements of \"alg\" {alg}."
            ),
            PssSaltMismatch(alg) => write!(
                f,
                "Invalid key for this operation, its RSA-PSS parameter saltLength does not meet the requirements of \"alg\" {alg}."
            ),
            KeyAlgorithmUnsupported { alg, key } => {
                write!(f, "rtc-token cannot sign {alg} with a {key} key (allowInvalidAsymmetricKeyTypes does not change that)")
            }
            KeyObjectUnsupported => f.write_str(
                "rtc-token cannot use this KeyObject: RSA, RSA-PSS, EC (P-256, P-384, P-521) and Ed25519 keys are supported",
            ),
            AsymmetricUnavailable(role) => write!(
                f,
                "{} is not an HMAC secret: rtc-token/hmac reads only HMAC secrets (a string or Buffer without a PEM block, or a secret KeyObject); import 'rtc-token' for PEM, DER, JWK and asymmetric KeyObject keys",
                role.name()
            ),
            LegacyEncryptedPem => f.write_str(
                "rtc-token cannot decrypt legacy OpenSSL-encrypted PEM (Proc-Type: 4,ENCRYPTED); use an encrypted PKCS#8 key (-----BEGIN ENCRYPTED PRIVATE KEY-----)",
            ),
            EcdsaSignatureLength { alg, expected, actual } => {
                write!(f, "\"{alg}\" signatures must be \"{expected}\" bytes, saw \"{actual}\"")
            }
            AlgorithmUnknown(alg) => write!(
                f,
                "\"{alg}\" is not a valid algorithm.\n  Supported algorithms are:\n  \"HS256\", \"HS384\", \"HS512\", \"RS256\", \"RS384\", \"RS512\", \"PS256\", \"PS384\", \"PS512\", \"ES256\", \"ES384\", \"ES512\" and \"none\"."
            ),
            PayloadRequired => f.write_str("payload is required"),
            PayloadUnsupported { type_name, streamed: true } => write!(f, "Unexpected data type ({type_name})"),
            PayloadUnsupported { type_name: "bigint", .. } => f.write_str("Do not know how to serialize a BigInt"),
            PayloadUnsupported { .. } => f.write_str(
                "The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. Received undefined",
            ),
            NotPlainObject(what) => write!(f, "Expected \"{what}\" to be a plain object."),
            OptionNotAllowed(key) => write!(f, "\"{key}\" is not allowed in \"options\""),
            OptionInvalid(message) => f.write_str(message),
            ClaimNotNumber(claim) => write!(f, "\"{claim}\" should be a number of seconds"),
            OptionsNeedObjectPayload { options, payload_type } => {
                write!(f, "invalid {} option for {payload_type} payload", options.join(","))
            }
            OptionDuplicatesTimeClaim { option, claim } => {
                write!(f, "Bad \"options.{option}\" option the payload already has an \"{claim}\" property.")
            }
            OptionDuplicatesClaim { option, claim } => {
                write!(f, "Bad \"options.{option}\" option. The payload already has an \"{claim}\" property.")
            }
            TimespanInvalid(option) => write!(f, "\"{option}\" {TIMESPAN_HINT} eg: \"1d\", \"20h\", 60"),
            EncodingUnknown(name) => write!(f, "Unknown encoding: {name}"),
            EncodingNotSupported(name) => {
                write!(f, "encoding \"{name}\" is not supported by rtc-token (utf8, latin1, ascii and utf16le are)")
            }
            HeaderAlgNotString(kind @ ("undefined" | "null")) => {
                write!(f, "Cannot read properties of {kind} (reading 'startsWith')")
            }
            HeaderAlgNotString(_) => f.write_str("header.alg.startsWith is not a function"),
            ClockTimestampNotNumber => f.write_str("clockTimestamp must be a number"),
            NonceInvalid => f.write_str("nonce must be a non-empty string"),
            AllowInvalidAsymmetricKeyTypesNotBoolean => {
                f.write_str("allowInvalidAsymmetricKeyTypes must be a boolean")
            }
            VerifyOptionInvalid(message) => f.write_str(message),
            TokenMissing => f.write_str("jwt must be provided"),
            TokenNotString => f.write_str("jwt must be a string"),
            TokenMalformed => f.write_str("jwt malformed"),
            TokenInvalid => f.write_str("invalid token"),
            SecretCallbackNeedsCallback => f.write_str(
                "verify must be called asynchronous if secret or public key is provided as a callback",
            ),
            SecretCallbackFailed(message) => {
                write!(f, "error in secret or public key callback: {message}")
            }
            UnsignedTokenWithoutKey => f.write_str("Cannot read properties of undefined (reading 'type')"),
            PayloadNull => f.write_str("Cannot read properties of null (reading 'nbf')"),
            SignatureRequired => f.write_str("jwt signature is required"),
            KeyRequired => f.write_str("secret or public key must be provided"),
            NoneNotAllowed => {
                f.write_str("please specify \"none\" in \"algorithms\" to verify unsigned tokens")
            }
            PublicKeyMaterialInvalid => f.write_str("secretOrPublicKey is not valid key material"),
            AlgorithmNotAllowed => f.write_str("invalid algorithm"),
            SignatureInvalid => f.write_str("invalid signature"),
            NotBeforeInvalid => f.write_str("invalid nbf value"),
            ExpirationInvalid => f.write_str("invalid exp value"),
            NotActive(_) => f.write_str("jwt not active"),
            Expired(_) => f.write_str("jwt expired"),
            AudienceMismatch(expected) => write!(f, "jwt audience invalid. expected: {expected}"),
            IssuerMismatch(expected) => write!(f, "jwt issuer invalid. expected: {expected}"),
            SubjectMismatch(expected) => write!(f, "jwt subject invalid. expected: {expected}"),
            JwtIdMismatch(expected) => write!(f, "jwt jwtid invalid. expected: {expected}"),
            NonceMismatch(expected) => write!(f, "jwt nonce invalid. expected: {expected}"),
            IssuedAtRequired => f.write_str("iat required when maxAge is specified"),
            MaxAgeInvalid => write!(f, "\"maxAge\" {TIMESPAN_HINT} eg: \"1d\", \"20h\", 60"),
            MaxAgeExceeded(_) => f.write_str("maxAge exceeded"),
            AccessPayloadNotObject => {
                f.write_str("\"payload\" must be a plain object carrying \"apikey\" and \"permissions\"")
            }
            AccessClaimMissing("apikey") => {
                f.write_str("\"apikey\" is required: the API key of the app, a non-empty string")
            }
            AccessClaimMissing(claim) => write!(f, "\"{claim}\" is required: a non-empty array of {PERMISSION_NAMES}"),
            AccessClaimInvalid("permissions") => {
                write!(f, "\"permissions\" must be a non-empty array of {PERMISSION_NAMES}")
            }
            AccessClaimInvalid("roles") => write!(f, "\"roles\" must be an array of {ROLE_NAMES}"),
            AccessClaimInvalid("version") => f.write_str("\"version\" must be 2 (the only version there is)"),
            AccessClaimInvalid(claim) => write!(f, "\"{claim}\" must be a non-empty string"),
            PermissionUnknown(shown) => write!(f, "\"permissions\" holds {shown}, which is not one of {PERMISSION_NAMES}"),
            RoleUnknown(shown) => write!(f, "\"roles\" holds {shown}, which is not one of {ROLE_NAMES}"),
            RolesConflict => f.write_str(
                "\"roles\" holds both \"crawler\" (server-side API only) and \"rtc\" (rooms only), which contradict each other: the token is accepted for rooms and for the server-side API",
            ),
            RolesEmpty => f.write_str(
                "the token's \"roles\" is empty: it can neither join a room nor call the server-side API",
            ),
            VersionRequired(claim) => write!(f, "\"{claim}\" requires \"version\": 2"),
            RandomUnavailable => f.write_str("no secure random source is available for \"jwtid\": true"),
            AccessCheckOptionUnknown(name) => write!(
                f,
                "\"{name}\" is not allowed in the options of verifyAccessToken (apikey, roomId, participantId, use, maxLifetime)"
            ),
            AccessCheckOptionInvalid("use") => f.write_str("\"use\" must be \"room\" or \"api\""),
            AccessCheckOptionInvalid("maxLifetime") => {
                write!(f, "\"maxLifetime\" should be a non-negative number of seconds or string representing a timespan eg: \"1d\", \"20h\", 60")
            }
            AccessCheckOptionInvalid(name) => write!(f, "\"{name}\" must be a non-empty string"),
            AccessRefused(_) => f.write_str("Token is invalid or expired"),
            ApiKeyMismatch => f.write_str("the token's \"apikey\" is not this service's API key"),
            RoomMismatch { token, expected } => {
                write!(f, "the token is scoped to room \"{token}\", not to room \"{expected}\"")
            }
            ParticipantMismatch { token, expected } => {
                write!(f, "the token is scoped to participant \"{token}\", not to participant \"{expected}\"")
            }
            CrawlerCannotJoin => {
                f.write_str("a \"crawler\" token is for the server-side API only and cannot join a room")
            }
            RtcCannotUseApi => {
                f.write_str("an \"rtc\" token is for rooms only and cannot call the server-side API")
            }
            ExpirationRequired => f.write_str("the token has no \"exp\": access tokens must expire"),
            ExpirationNotFinite => {
                f.write_str("the token's \"exp\" is not a finite number: access tokens must expire")
            }
            RemainingLifetimeExceeded(limit) => write!(
                f,
                "the token's \"exp\" is more than {limit} seconds from now, the longest lifetime this service accepts (maxLifetime)"
            ),
            IssuedLifetimeExceeded(limit) => write!(
                f,
                "the token's \"exp\" is more than {limit} seconds after its \"iat\", the longest lifetime this service accepts (maxLifetime)"
            ),
            MalformedJson => f.write_str("Unexpected token in JSON"),
            PayloadNotJson(_) => f.write_str("payload is not valid JSON"),
            BoundaryFormat => f.write_str("rtc-token internal error: options crossed the wasm boundary in an unknown format"),
        }
    }
}

impl std::error::Error for Error {}

/// How jsonwebtoken hands an error to a caller who passed a callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Passed to the callback at once (jsonwebtoken's `failure(err)` / `done(err)`).
    Callback,
    /// Passed to the callback after the call returns: `sign` meets it inside jws's stream.
    CallbackLater,
    /// Thrown even in the callback form: jsonwebtoken meets it outside its error handling.
    Thrown,
}

impl Error {
    /// How jsonwebtoken delivers this error in the callback form.
    pub fn delivery(&self) -> Delivery {
        use Error::*;
        match self {
            HeaderAlgNotString(_) | UnsignedTokenWithoutKey | PayloadNull | PayloadUnsupported { .. } => {
                Delivery::Thrown
            }
            AlgorithmUnknown(_) | EncodingUnknown(_) | EncodingNotSupported(_) => Delivery::CallbackLater,
            _ => Delivery::Callback,
        }
    }
}

/// The messages of jsonwebtoken's sign option validators, by option name.
pub fn sign_option_message(option: &str) -> Option<&'static str> {
    Some(match option {
        "expiresIn" => "\"expiresIn\" should be a number of seconds or string representing a timespan",
        "notBefore" => "\"notBefore\" should be a number of seconds or string representing a timespan",
        "audience" => "\"audience\" must be a string or array",
        "algorithm" => "\"algorithm\" must be a valid string enum value",
        "header" => "\"header\" must be an object",
        "encoding" => "\"encoding\" must be a string",
        "issuer" => "\"issuer\" must be a string",
        "subject" => "\"subject\" must be a string",
        "jwtid" => "\"jwtid\" must be a string",
        "noTimestamp" => "\"noTimestamp\" must be a boolean",
        "keyid" => "\"keyid\" must be a string",
        "mutatePayload" => "\"mutatePayload\" must be a boolean",
        "allowInsecureKeySizes" => "\"allowInsecureKeySizes\" must be a boolean",
        "allowInvalidAsymmetricKeyTypes" => "\"allowInvalidAsymmetricKeyTypes\" must be a boolean",
        _ => return None,
    })
}
