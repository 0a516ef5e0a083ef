//! The host's signature primitive (`signature::delegated`): what a call asks the host, and that the
//! host's verdict counts only where the asymmetric primitive itself would run, after every
//! check made here. Natively and under wasm.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
// The HMAC-only build (no `asymmetric` feature) parses no key, so never asks the host.
#![cfg(feature = "asymmetric")]

use rtc_token::{
    fingerprint, resolve_key, sign_with, verify_with, Error, Host, HostRequest, Key, KeyInput, KeyRole, KeySource,
    Members, Mutations, Options, Outcome, Payload, SignPlan, SignRequest, TokenInput, VerifyPlan, VerifyRequest,
};
use wasm_bindgen_test::wasm_bindgen_test;

const NOW: f64 = 1_700_000_000.0;
const PAYLOAD: &str = r#"{"apikey":"k","permissions":["allow_join"]}"#;

macro_rules! key {
    ($name:literal) => {
        include_str!(concat!("../js-tests/vectors/keys/", $name))
    };
}

const RSA_PRIVATE: &str = key!("rsa2048.pkcs8.pem");
const RSA_PUBLIC: &str = key!("rsa2048.spki.pem");
const P256_PRIVATE: &str = key!("p256.pkcs8.pem");
const P256_PUBLIC: &str = key!("p256.spki.pem");
const ED25519_PRIVATE: &str = key!("ed25519.pkcs8.pem");
const PSS_PRIVATE: &str = key!("rsapss2048-sha256.pkcs8.pem");

fn options(wire: &str) -> Options<'_> {
    Options::parse(wire).unwrap()
}

fn sign(key: &str, wire: &str, host: Host) -> Result<Outcome, Error> {
    let plan = SignPlan::new(&options(wire));
    let payload = Payload::Object { json: PAYLOAD, shape: "" };
    let request = SignRequest { payload, key: KeyInput::Text(key.as_bytes()), plan: &plan, now: NOW, host };
    sign_with(&request, Some(&mut Mutations::default()))
}

fn signed(key: &str, alg: &str) -> String {
    sign(key, &format!(r#"[["algorithm","{alg}"],["expiresIn",60]]"#), Host::Absent).unwrap().done().unwrap()
}

fn verify(token: &str, key: &str, alg: &str, now: f64, host: Host) -> Result<Outcome, Error> {
    let plan = VerifyPlan::new(&options(&format!(r#"[["algorithms",["{alg}"]]]"#)));
    let key = KeySource::Given(KeyInput::Text(key.as_bytes()));
    verify_with(&VerifyRequest {
        token: TokenInput::Text(token),
        key,
        plan: &plan,
        now,
        regexp_audience_matched: false,
        host,
    })
}

fn asked(outcome: Outcome) -> HostRequest {
    match outcome {
        Outcome::Ask(request) => request,
        Outcome::Done(text) => panic!("finished without asking: {text}"),
    }
}

fn message(result: Result<Outcome, Error>) -> String {
    result.map(|o| format!("{o:?}")).unwrap_or_else(|e| e.to_string())
}

/// The token with its signature part replaced.
fn with_signature(token: &str, signature: &str) -> String {
    format!("{}.{signature}", &token[..token.rfind('.').unwrap()])
}

#[test]
#[wasm_bindgen_test]
fn sign_asks_the_host_for_asymmetric_signatures_only() {
    let offered =
        |key: &str, alg: &str| sign(key, &format!(r#"[["algorithm","{alg}"],["expiresIn",60]]"#), Host::Offered);
    for (key, alg) in
        [(RSA_PRIVATE, "RS256"), (RSA_PRIVATE, "PS512"), (P256_PRIVATE, "ES256"), (ED25519_PRIVATE, "EdDSA")]
    {
        let request = asked(offered(key, alg).unwrap());
        let here = signed(key, alg);
        assert_eq!(request.alg.name(), alg);
        // The host signs exactly what this crate would have signed.
        assert_eq!(request.input, here[..here.rfind('.').unwrap()], "{alg}");
        assert_eq!(request.signature, None);
    }
    // HMAC, and an RSA-PSS key (no public JWK for the host to prove it holds it), stay here.
    assert_eq!(offered("secret", "HS256").unwrap().done().unwrap(), signed("secret", "HS256"));
    assert!(matches!(offered(PSS_PRIVATE, "PS256").unwrap(), Outcome::Done(_)));
    // Every refusal comes before the host is asked, with its message.
    assert_eq!(
        message(offered(RSA_PRIVATE, "ES256")),
        "\"alg\" parameter for \"rsa\" key type must be one of: RS256, PS256, RS384, PS384, RS512, PS512."
    );
    assert_eq!(message(offered("secret", "RS256")), "secretOrPrivateKey must be an asymmetric key when using RS256");
}

#[test]
#[wasm_bindgen_test]
fn verify_asks_then_finishes_from_the_verdict() {
    let token = signed(RSA_PRIVATE, "RS256");
    let request = asked(verify(&token, RSA_PUBLIC, "RS256", NOW, Host::Offered).unwrap());
    let (input, signature) = token.rsplit_once('.').unwrap();
    assert_eq!((request.input.as_str(), request.signature.as_deref()), (input, Some(signature)));
    let payload = verify(&token, RSA_PUBLIC, "RS256", NOW, Host::Checked { valid: true }).unwrap().done().unwrap();
    assert_eq!(payload, r#"{"apikey":"k","permissions":["allow_join"],"iat":1700000000,"exp":1700000060}"#);
    let refused = verify(&token, RSA_PUBLIC, "RS256", NOW, Host::Checked { valid: false });
    assert_eq!(message(refused), "invalid signature");
    // jsonwebtoken's order: the signature before the claims. Expired and forged: invalid signature.
    let later = NOW + 3600.0;
    assert_eq!(
        message(verify(&token, RSA_PUBLIC, "RS256", later, Host::Checked { valid: false })),
        "invalid signature"
    );
    assert_eq!(message(verify(&token, RSA_PUBLIC, "RS256", later, Host::Checked { valid: true })), "jwt expired");
}

#[test]
#[wasm_bindgen_test]
fn a_verdict_never_passes_what_the_host_was_not_asked() {
    let valid = Host::Checked { valid: true };
    // HMAC: checked here whatever the verdict; never asked.
    let hs = signed("secret", "HS256");
    let forged = with_signature(&hs, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(message(verify(&forged, "secret", "HS256", NOW, valid)), "invalid signature");
    assert!(matches!(verify(&hs, "secret", "HS256", NOW, Host::Offered).unwrap(), Outcome::Done(_)));
    // A signature text refused by its form here is never the host's to accept.
    let rs = signed(RSA_PRIVATE, "RS256");
    let signature = &rs[rs.rfind('.').unwrap() + 1..];
    // 2048 bits in 342 characters: the last one has 4 unused bits; flip the lowest.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let last = ALPHABET.iter().position(|&c| c == *signature.as_bytes().last().unwrap()).unwrap();
    let other_bits = ALPHABET[last ^ 1] as char;
    let non_canonical = with_signature(&rs, &format!("{}{other_bits}", &signature[..signature.len() - 1]));
    let short = with_signature(&rs, &signature[4..]);
    for token in [non_canonical, short] {
        assert_eq!(message(verify(&token, RSA_PUBLIC, "RS256", NOW, valid)), "invalid signature");
        assert_eq!(message(verify(&token, RSA_PUBLIC, "RS256", NOW, Host::Offered)), "invalid signature");
    }
    let es = signed(P256_PRIVATE, "ES256");
    let es_short = with_signature(&es, "AAAA");
    let expected = "\"ES256\" signatures must be \"64\" bytes, saw \"3\"";
    assert_eq!(message(verify(&es_short, P256_PUBLIC, "ES256", NOW, valid)), expected);
    // An algorithm the key does not allow, and a key of another family, fail before the verdict.
    assert_eq!(
        message(verify(&rs, P256_PUBLIC, "RS256", NOW, valid)),
        "\"alg\" parameter for \"ec\" key type must be one of: ES256, ES384, ES512."
    );
    assert_eq!(
        message(verify(&rs, "secret", "RS256", NOW, valid)),
        "secretOrPublicKey must be an asymmetric key when using RS256"
    );
}

#[test]
#[wasm_bindgen_test]
fn fingerprints_are_the_public_jwk_members_node_exports() {
    // The .jwk.json files were written by Node's keyObject.export({ format: 'jwk' }).
    let cases = [
        (key!("rsa2048.pkcs8.pem"), key!("rsa2048.public.jwk.json"), &["n", "e"][..]),
        (key!("p256.sec1.pem"), key!("p256.public.jwk.json"), &["crv", "x", "y"][..]),
        (key!("p384.pkcs8.pem"), key!("p384.public.jwk.json"), &["crv", "x", "y"][..]),
        (key!("p521.pkcs8.pem"), key!("p521.public.jwk.json"), &["crv", "x", "y"][..]),
        (key!("ed25519.pkcs8.pem"), key!("ed25519.public.jwk.json"), &["crv", "x"][..]),
    ];
    for (pem, jwk, members) in cases {
        let jwk = Members::parse(jwk).unwrap();
        let expected: Vec<String> =
            members.iter().map(|m| jwk.get(m).unwrap().as_str().unwrap().to_string_lossy()).collect();
        let expected = expected.join(".");
        for role in [KeyRole::Signing, KeyRole::Verifying] {
            let key = resolve_key(KeyInput::Text(pem.as_bytes()), role).unwrap().unwrap();
            let (Key::Private(parsed) | Key::Public(parsed)) = key else { panic!("not asymmetric") };
            assert_eq!(fingerprint(&parsed).unwrap(), expected);
        }
    }
}
