//! What the fuzz targets share: splitting the input, fixed keys and option sets, and tokens
//! with a valid HMAC so that the fuzzer gets past the signature to the claim checks.
#![allow(dead_code)]

use hmac::{Hmac, Mac};
use rtc_token::{base64url_encode, KeyInput};
use sha2::Sha256;

/// The clock of every target (seconds since the epoch).
pub const NOW: f64 = 1_700_000_000.0;
/// The HMAC secret of the signed-token targets.
pub const SECRET: &[u8] = b"fuzz-secret";

// Keys no seed token was signed with: the seeds come from the vector files, whose real tokens
// are signed with rsa2048, rsa2048-other, p256 and ed25519 (rsa1024 and the -other P-256 and
// Ed25519 keys only ever serve there as HMAC secrets), so `verify` may accept none of them.
const RSA_PUBLIC: &str = include_str!("../../js-tests/vectors/keys/rsa1024.spki.pem");
const EC_PUBLIC: &str = include_str!("../../js-tests/vectors/keys/p256-other.spki.pem");
const ED_PUBLIC: &str = include_str!("../../js-tests/vectors/keys/ed25519-other.spki.pem");

/// A key chosen by `selector`: the secret, each kind of public key, or none.
pub fn key(selector: u8) -> KeyInput<'static> {
    match selector % 6 {
        0 => KeyInput::Text(SECRET),
        1 => KeyInput::Text(RSA_PUBLIC.as_bytes()),
        2 => KeyInput::Bytes(EC_PUBLIC.as_bytes()),
        3 => KeyInput::Text(ED_PUBLIC.as_bytes()),
        4 => KeyInput::Absent,
        _ => KeyInput::Bytes(SECRET),
    }
}

/// Verify option sets, in the boundary's wire format (see src/options.rs).
pub const VERIFY_OPTIONS: [&str; 8] = [
    "[]",
    r#"[["algorithms",["HS256","RS256","ES256","EdDSA","none"]]]"#,
    r#"[["audience",["room-api",{"$regexp":"/x/"}]],["issuer",["videosdk","b"]],["subject","s"],["jwtid","j"]]"#,
    r#"[["maxAge","1h"],["clockTolerance",5],["nonce","n"]]"#,
    r#"[["clockTimestamp",1700000000],["ignoreExpiration",true],["ignoreNotBefore",true],["complete",true]]"#,
    r#"[["algorithms","HS256"],["maxAge",3600.5]]"#,
    r#"{"$notPlain":[["audience","a"]]}"#,
    "null",
];

/// Room-side check option sets.
pub const ROOM_OPTIONS: [&str; 5] = [
    "[]",
    r#"[["apikey","k"],["roomId","abcd-efgh-ijkl"],["participantId","p"],["use","room"]]"#,
    r#"[["apikey","k"],["use","api"]]"#,
    r#"[["use","nowhere"]]"#,
    "null",
];

/// The input cut at each 0xFF byte (never part of UTF-8 text), each piece read as UTF-8 with
/// replacement characters.
pub fn pieces(data: &[u8]) -> Vec<String> {
    data.split(|b| *b == 0xff).map(|p| String::from_utf8_lossy(p).into_owned()).collect()
}

/// `base64url(header).base64url(payload).HS256(secret)`.
pub fn hs256_token(header: &str, payload: &str, secret: &[u8]) -> String {
    let input = format!("{}.{}", base64url_encode(header.as_bytes()), base64url_encode(payload.as_bytes()));
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return input };
    mac.update(input.as_bytes());
    let signature = base64url_encode(&mac.finalize().into_bytes());
    format!("{input}.{signature}")
}
