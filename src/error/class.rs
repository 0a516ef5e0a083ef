//! How an [`Error`] reaches JavaScript: the class jsonwebtoken throws for it ([`ErrorClass`]),
//! and how the callback form hands it over ([`Delivery`]).

use super::{Error, KeyRole};

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
