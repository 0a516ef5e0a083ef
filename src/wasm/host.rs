//! The host's signature primitive across the boundary (see `signature::delegated`): the code by
//! which the JavaScript layer says what it offers or found (`wire::HOST_…`), and the text by
//! which a call asks it for a signature. Both are read in
//! `pkg-template/boundary/host-signature.mjs`.

use super::error_json;
use super::wire::{HOST_INVALID, HOST_OFFERED, HOST_REQUEST_MARK, HOST_VALID};
use crate::signature::delegated::{fingerprint, Host, Request};

/// The host of a host code: none (`HOST_NONE`, or any unknown code: sign and verify here),
/// offered (ask for asymmetric signatures), or what the host found the signature asked about.
pub fn host(code: u8) -> Host {
    match code {
        HOST_OFFERED => Host::Offered,
        HOST_VALID => Host::Checked { valid: true },
        HOST_INVALID => Host::Checked { valid: false },
        _ => Host::Absent,
    }
}

/// `\u{1}ALG FINGERPRINT\nINPUT` and, when there is one, `\nTHIRD`: the signature to check
/// (`verify`) or the `mutatePayload` mutations (`sign`, as `push_mutations` writes them). The
/// first character is [`HOST_REQUEST_MARK`]: no other result of a call starts with it (a token
/// starts with base64url, JSON text never with a control character), and no part holds a
/// newline (base64url, or JSON, whose strings escape it).
pub fn request_text(request: &Request, third: Option<&str>) -> Result<String, String> {
    // Unreachable: the host is only asked about keys that have a fingerprint.
    let fingerprint = fingerprint(&request.key).ok_or_else(|| error_json(&crate::Error::BoundaryFormat, None))?;
    let mut out = String::with_capacity(fingerprint.len() + request.input.len() + 400);
    out.push(char::from(HOST_REQUEST_MARK));
    out.push_str(request.alg.name());
    out.push(' ');
    out.push_str(&fingerprint);
    out.push('\n');
    out.push_str(&request.input);
    if let Some(third) = third.or(request.signature.as_deref()) {
        out.push('\n');
        out.push_str(third);
    }
    Ok(out)
}
