//! PEM armour, read the way OpenSSL's `PEM_read_bio` (behind Node's `createPrivateKey` and
//! `createPublicKey`) reads it: text before a `-----BEGIN …-----` line is skipped, blocks with
//! other labels are passed over, RFC 1421 headers (`Proc-Type`, `DEK-Info`) may precede the
//! base64 body, and whitespace inside the body is ignored.
//!
//! The HMAC-only build (no `asymmetric` feature) reads no PEM: it uses only [`looks_like_pem`],
//! to tell a secret from a key it must hand to the full core.
#![cfg_attr(not(feature = "asymmetric"), allow(dead_code))]

use zeroize::Zeroizing;

use crate::base64url;
use crate::error::KeyRole;

/// One PEM block: its label, its DER bytes and whether legacy OpenSSL encryption
/// (`Proc-Type: 4,ENCRYPTED`) wraps them.
#[derive(Debug)]
pub struct Block<'a> {
    /// The label between `BEGIN ` and the dashes, e.g. `RSA PRIVATE KEY`.
    pub label: &'a str,
    /// The decoded body (wiped when dropped: it may be a private key).
    pub der: Zeroizing<Vec<u8>>,
    /// True when the block carries `Proc-Type: 4,ENCRYPTED` headers.
    pub legacy_encrypted: bool,
}

/// True when `bytes` may hold PEM at all: the cheap test that keeps HMAC secrets off the slow
/// path (a secret almost never contains a PEM boundary).
pub fn looks_like_pem(bytes: &[u8]) -> bool {
    // Every call with a secret asks: a secret without a dash is told by one vectorized pass, and
    // otherwise a window is compared only where a dash starts it.
    bytes.iter().fold(false, |dash, &b| dash | (b == b'-'))
        && bytes.windows(11).any(|w| w.first() == Some(&b'-') && w == b"-----BEGIN ")
}

/// True when `bytes` have a `-----BEGIN …-----` line whose label names key material the role's
/// reader would try: a private key (`sign`, `verify`), a public key or a certificate (`verify`),
/// whatever the algorithm in the label (`DSA PRIVATE KEY`, `TRUSTED CERTIFICATE`, …).
pub fn has_key_label(bytes: &[u8], role: KeyRole) -> bool {
    // Lossy: OpenSSL reads armour inside bytes that are not UTF-8 too.
    let text = String::from_utf8_lossy(bytes);
    text.split("-----BEGIN ").skip(1).filter_map(|rest| rest.split_once("-----").map(|(label, _)| label)).any(|label| {
        label.ends_with("PRIVATE KEY")
            || (role == KeyRole::Verifying && (label.ends_with("PUBLIC KEY") || label.ends_with("CERTIFICATE")))
    })
}

/// The first well-formed block whose label is one of `labels`.
pub fn find<'a>(bytes: &'a [u8], labels: &[&str]) -> Option<Block<'a>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = rest.get(start + 11..)?;
        let label_end = after.find("-----")?;
        let label = after.get(..label_end)?;
        let body_start = after.get(label_end + 5..)?;
        rest = body_start;
        if !labels.contains(&label) {
            continue;
        }
        let end_marker = format!("-----END {label}-----");
        let Some(body_end) = body_start.find(&end_marker) else {
            continue;
        };
        if let Some(block) = read_body(label, body_start.get(..body_end)?) {
            return Some(block);
        }
    }
    None
}

/// The body between the BEGIN and END lines: optional headers, then base64.
fn read_body<'a>(label: &'a str, body: &str) -> Option<Block<'a>> {
    let mut legacy_encrypted = false;
    let mut base64 = String::with_capacity(body.len());
    let mut in_headers = true;
    for line in body.lines().map(str::trim) {
        if in_headers {
            if line.is_empty() && base64.is_empty() {
                continue;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.trim() == "Proc-Type" && value.contains("ENCRYPTED") {
                    legacy_encrypted = true;
                }
                continue;
            }
            in_headers = false;
        }
        base64.extend(line.chars().filter(|c| !c.is_ascii_whitespace()));
    }
    let unpadded = base64.trim_end_matches('=');
    if unpadded.is_empty() || unpadded.len() % 4 == 1 || unpadded.contains(['-', '_']) {
        return None;
    }
    let der = Zeroizing::new(base64url::decode_lenient(unpadded)?);
    Some(Block { label, der, legacy_encrypted })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn reads_blocks_as_openssl_does() {
        let text = b"junk\n-----BEGIN OTHER-----\nAAAA\n-----END OTHER-----\n-----BEGIN PUBLIC KEY-----\r\nQUJD\r\nREVG\n-----END PUBLIC KEY-----\n";
        assert!(looks_like_pem(text));
        let block = find(text, &["PUBLIC KEY"]).unwrap();
        assert_eq!(block.label, "PUBLIC KEY");
        assert_eq!(block.der.as_slice(), b"ABCDEF");
        assert!(!block.legacy_encrypted);
        assert!(find(text, &["PRIVATE KEY"]).is_none());
        let encrypted = b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nQUJD\n-----END RSA PRIVATE KEY-----";
        assert!(find(encrypted, &["RSA PRIVATE KEY"]).unwrap().legacy_encrypted);
        assert!(find(b"-----BEGIN PUBLIC KEY-----\n!!\n-----END PUBLIC KEY-----", &["PUBLIC KEY"]).is_none());
    }
}
