//! The host's signature primitive across the boundary (see `signature::host`): the code by
//! which the JavaScript layer says what it offers or found, and the text by which a call asks
//! it for a signature. Both are read in `pkg-template/native-signature.mjs`: keep them in step.

use super::error_json;
use crate::signature::host::{fingerprint, Host, Request};

/// Host codes: 0 none (sign and verify here), 1 offered (ask for asymmetric signatures),
/// 2 the host found the signature asked about valid, 3 invalid.
pub fn host(code: u8) -> Host {
    match code {
        1 => Host::Offered,
        2 => Host::Checked { valid: true },
        3 => Host::Checked { valid: false },
        _ => Host::Absent,
    }
}

/// `\u{1}ALG FINGERPRINT\nINPUT` and, when there is one, `\nTHIRD`: the signature to check
/// (`verify`) or the `mutatePayload` mutations (`sign`). No result of a call starts with U+0001
/// (a token starts with base64url, JSON text never with a control character), and no part
/// holds a newline (base64url, or JSON, whose strings escape it).
pub fn request_text(request: &Request, third: Option<&str>) -> Result<String, String> {
    // Unreachable: the host is only asked about keys that have a fingerprint.
    let fingerprint = fingerprint(&request.key).ok_or_else(|| error_json(&crate::Error::BoundaryFormat, None))?;
    let mut out = String::with_capacity(fingerprint.len() + request.input.len() + 400);
    out.push('\u{1}');
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
