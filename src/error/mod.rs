//! The one error type, with every user-visible message in one place (`message.rs`).
//!
//! Every message is npm jsonwebtoken 9's, word for word, where jsonwebtoken has one; the
//! JavaScript layer turns an [`Error`] into the same class jsonwebtoken throws
//! ([`ErrorClass`], `class.rs`). Messages never include a secret or key material.

mod class;
mod message;

pub use class::{Delivery, ErrorClass};
pub use message::sign_option_message;

/// What went wrong. Variants name the condition; [`std::fmt::Display`] gives the message.
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

impl std::error::Error for Error {}
