//! Every user-visible message: jsonwebtoken 9's, word for word, where it has one (its `sign.js`
//! option validators, `verify.js`, `validateAsymmetricKey.js`, jws and jwa), and the messages
//! of rtc-token's own rules.

use std::fmt;

use super::{Error, KeyRole};

impl KeyRole {
    fn name(self) -> &'static str {
        match self {
            KeyRole::Signing => "secretOrPrivateKey",
            KeyRole::Verifying => "secretOrPublicKey",
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
