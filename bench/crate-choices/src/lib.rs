//! The workloads of README.md as `run_<workload>_<side>(iterations) -> checksum` exports: `ours`
//! is rtc-token's public API (`base64url_encode`, `base64url_decode_lenient`, `uuid4`), `crate`
//! the `base64` 0.22 and `uuid` 1 crates doing the same job. run.mjs calls them in wasm,
//! src/main.rs natively. The checksum (length plus two output bytes) keeps the optimizer from
//! dropping a loop; `black_box` on the input keeps it from hoisting the call out of one.
//!
//! Not public, so not measured: `encode_into` (the sign path appends to the token; `encode` is it
//! plus a String) and `decode_canonical_into` (verify's strict signature read). The crate's strict
//! engine is timed on its own (`dec_sig_strict_crate`) for scale.

use std::hint::black_box;

/// A JWT header with a key id (38 bytes).
pub const HEADER: &[u8] = br#"{"alg":"HS256","typ":"JWT","kid":"k1"}"#;
/// A VideoSDK access token payload (177 bytes).
pub const PAYLOAD: &[u8] = br#"{"apikey":"4f2b8c1e-7d3a-4b6e-9f10-2a5c8e7d1b3f","permissions":["allow_join"],"version":2,"roomId":"room-1234","iat":1700000000,"exp":1700007200,"jti":"0b8f3c1a-5e2d-4f6a-8b9c"}"#;
/// An HMAC-SHA256 signature (32 bytes; fixed, any bytes will do).
pub const SIGNATURE: [u8; 32] = [
    17, 106, 195, 28, 117, 206, 39, 128, 217, 50, 139, 228, 61, 150, 239, 72, 161, 250, 83, 172, 5, 94, 183, 16, 105,
    194, 27, 116, 205, 38, 127, 216,
];

fn checksum(sum: u32, out: &[u8]) -> u32 {
    let ends = u32::from(out.first().copied().unwrap_or(0)) + u32::from(out.last().copied().unwrap_or(0));
    sum.wrapping_add(out.len() as u32).wrapping_add(ends)
}

/// `iterations` encodings of `bytes`, checksummed.
#[cfg(any(feature = "ours-base64", feature = "crate-base64"))]
fn encode_loop(iterations: u32, bytes: &[u8], encode: impl Fn(&[u8]) -> String) -> u32 {
    (0..iterations).fold(0, |sum, _| checksum(sum, black_box(encode(black_box(bytes))).as_bytes()))
}

/// `iterations` decodings of the base64url text of `bytes` (encoded once, outside the loop).
#[cfg(any(feature = "ours-base64", feature = "crate-base64"))]
fn decode_loop(iterations: u32, bytes: &[u8], decode: impl Fn(&str) -> Option<Vec<u8>>) -> u32 {
    let text = rtc_token::base64url_encode(bytes);
    (0..iterations).fold(0, |sum, _| match decode(black_box(&text)) {
        Some(out) => checksum(sum, black_box(&out)),
        None => u32::MAX, // a wrong answer: run.mjs and main.rs refuse the figure
    })
}

/// Generates `run_<name>(iterations) -> u32` exports from `name => expression over iterations`.
macro_rules! exports {
    ($($feature:literal: $($name:ident => $body:expr;)+)+) => {$($(
        #[cfg(feature = $feature)]
        #[unsafe(no_mangle)]
        pub extern "C" fn $name(iterations: u32) -> u32 {
            $body(iterations)
        }
    )+)+};
}

#[cfg(feature = "ours-base64")]
mod ours_base64 {
    pub fn encode(bytes: &[u8]) -> String {
        rtc_token::base64url_encode(bytes)
    }
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        rtc_token::base64url_decode_lenient(text)
    }
}

/// The `base64` crate's engines for the three jobs.
#[cfg(feature = "crate-base64")]
pub mod crate_base64 {
    use base64::alphabet::URL_SAFE;
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
    use base64::engine::DecodePaddingMode;
    use base64::Engine;

    /// As close to Node's reading as the crate goes: trailing bits ignored, padding optional.
    pub const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &URL_SAFE,
        GeneralPurposeConfig::new()
            .with_encode_padding(false)
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );

    pub fn encode(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        LENIENT.decode(text).ok()
    }
    /// The canonical form only (URL_SAFE_NO_PAD's defaults), into a buffer as verify reads a MAC.
    pub fn decode_strict_into<'o>(text: &str, out: &'o mut [u8; 64]) -> Option<&'o [u8]> {
        let len = URL_SAFE_NO_PAD.decode_slice(text, out).ok()?;
        out.get(..len)
    }
}

exports! {
    "ours-base64":
    run_enc_header_ours => |n| encode_loop(n, HEADER, ours_base64::encode);
    run_enc_payload_ours => |n| encode_loop(n, PAYLOAD, ours_base64::encode);
    run_enc_sig_ours => |n| encode_loop(n, &SIGNATURE, ours_base64::encode);
    run_dec_header_ours => |n| decode_loop(n, HEADER, ours_base64::decode);
    run_dec_payload_ours => |n| decode_loop(n, PAYLOAD, ours_base64::decode);
    run_dec_sig_ours => |n| decode_loop(n, &SIGNATURE, ours_base64::decode);
    "crate-base64":
    run_enc_header_crate => |n| encode_loop(n, HEADER, crate_base64::encode);
    run_enc_payload_crate => |n| encode_loop(n, PAYLOAD, crate_base64::encode);
    run_enc_sig_crate => |n| encode_loop(n, &SIGNATURE, crate_base64::encode);
    run_dec_header_crate => |n| decode_loop(n, HEADER, crate_base64::decode);
    run_dec_payload_crate => |n| decode_loop(n, PAYLOAD, crate_base64::decode);
    run_dec_sig_crate => |n| decode_loop(n, &SIGNATURE, crate_base64::decode);
    run_dec_sig_strict_crate => |n| {
        let text = rtc_token::base64url_encode(&SIGNATURE);
        let mut buffer = [0u8; 64];
        (0..n).fold(0, |sum, _| match crate_base64::decode_strict_into(black_box(&text), &mut buffer) {
            Some(out) => checksum(sum, black_box(out)),
            None => u32::MAX,
        })
    };
    "ours-uuid":
    run_uuid_ours => |n| uuid_loop(n, || rtc_token::uuid4().ok());
    "crate-uuid":
    run_uuid_crate => |n| uuid_loop(n, || pool::draw().map(crate_uuid));
    run_uuid_draw => |n| uuid_loop(n, pool::draw);
}

/// The `uuid` crate's text for 16 random bytes: the crate sets the version and variant bits, as
/// `uuid4` does, and formats into a stack buffer; a String, as `uuid4` returns.
#[cfg(feature = "crate-uuid")]
pub fn crate_uuid(bytes: [u8; 16]) -> String {
    let mut buffer = [0u8; 36];
    String::from(&*uuid::Builder::from_random_bytes(bytes).into_uuid().hyphenated().encode_lower(&mut buffer))
}

/// `iterations` uuids (or, for `run_uuid_draw`, bare draws); in wasm at most one pool's worth (32), run.mjs refills between calls.
#[cfg(any(feature = "ours-uuid", feature = "crate-uuid"))]
fn uuid_loop<T: AsRef<[u8]>>(iterations: u32, uuid: impl Fn() -> Option<T>) -> u32 {
    (0..iterations).fold(0, |sum, _| match uuid() {
        Some(id) => checksum(sum, black_box(id.as_ref())),
        None => u32::MAX,
    })
}

/// The crate side's random pool, drawn from as `uuid4` draws from the library's (whose pool is
/// private): 16 bytes per uuid, zeroed once handed out, refilled 512 bytes at a time (in wasm by
/// the host, as in the npm package; natively by getrandom). Written here, not copied. Built with
/// either uuid side, so that size figures compare the formatting alone.
#[cfg(any(feature = "ours-uuid", feature = "crate-uuid"))]
pub mod pool {
    use rtc_token::wasm::wire::RANDOM_POOL;
    use std::cell::RefCell;

    struct Pool {
        bytes: [u8; RANDOM_POOL],
        used: usize,
    }

    thread_local! {
        static POOL: RefCell<Pool> = const { RefCell::new(Pool { bytes: [0; RANDOM_POOL], used: RANDOM_POOL }) };
    }

    /// 16 bytes from the pool, or `None` when it is used up and cannot be refilled here.
    #[cfg_attr(not(feature = "crate-uuid"), allow(dead_code))]
    pub fn draw() -> Option<[u8; 16]> {
        POOL.with(|pool| {
            let mut pool = pool.try_borrow_mut().ok()?;
            if pool.used + 16 > RANDOM_POOL {
                refill(&mut pool)?;
            }
            let start = pool.used;
            let drawn = pool.bytes.get_mut(start..start + 16)?;
            let mut out = [0u8; 16];
            out.copy_from_slice(drawn);
            drawn.fill(0);
            pool.used = start + 16;
            Some(out)
        })
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn refill(pool: &mut Pool) -> Option<()> {
        getrandom::fill(&mut pool.bytes).ok()?;
        pool.used = 0;
        Some(())
    }

    #[cfg(target_arch = "wasm32")]
    fn refill(_: &mut Pool) -> Option<()> {
        None
    }

    /// The pool's address when the next draw would find it used up, else 0 (as `randomPoolDue`).
    #[cfg(target_arch = "wasm32")]
    #[unsafe(no_mangle)]
    pub extern "C" fn bench_pool_due() -> usize {
        POOL.with(|pool| match pool.try_borrow_mut() {
            Ok(mut pool) if pool.used + 16 > RANDOM_POOL => pool.bytes.as_mut_ptr() as usize,
            _ => 0,
        })
    }

    /// The host has written fresh bytes over the pool (as `randomPoolFilled`).
    #[cfg(target_arch = "wasm32")]
    #[unsafe(no_mangle)]
    pub extern "C" fn bench_pool_filled() {
        POOL.with(|pool| {
            if let Ok(mut pool) = pool.try_borrow_mut() {
                pool.used = 0;
            }
        });
    }
}

/// Where the crates and ours agree, and where they do not (with what Node's
/// `Buffer.from(text, 'base64')` gives). Natively: `cargo test --release`.
#[cfg(all(test, feature = "ours-base64", feature = "crate-base64", feature = "ours-uuid", feature = "crate-uuid"))]
mod semantics {
    use super::crate_base64::{decode_strict_into, LENIENT};
    use super::*;
    use base64::Engine;
    use rtc_token::{base64url_decode_lenient as ours, base64url_encode};

    fn crate_lenient(text: &str) -> Option<Vec<u8>> {
        LENIENT.decode(text).ok()
    }

    fn crate_strict(text: &str) -> Option<Vec<u8>> {
        decode_strict_into(text, &mut [0u8; 64]).map(<[u8]>::to_vec)
    }

    #[test]
    fn same_text_and_bytes_for_canonical_input() {
        let data: Vec<u8> = (0..300u32).map(|i| (i * 89 + 17) as u8).collect();
        for len in 0..data.len() {
            let bytes = data.get(..len).unwrap();
            let text = base64url_encode(bytes);
            assert_eq!(crate_base64::encode(bytes), text);
            assert_eq!(crate_lenient(&text).as_deref(), Some(bytes));
            assert_eq!(ours(&text).as_deref(), Some(bytes));
        }
    }

    #[test]
    fn both_ignore_trailing_bits() {
        for prefix in ["", "QUJD", "QUJDRA"] {
            for last in b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" {
                let text = format!("{prefix}Q{}", *last as char);
                assert_eq!(crate_lenient(&text), ours(&text), "{text}");
                // The crate's strict engine takes exactly the text encode gives back, which is how
                // the library defines canonical (its decode_canonical_into is not public).
                let canonical = ours(&text).filter(|b| base64url_encode(b) == text);
                assert_eq!(crate_strict(&text), canonical, "{text}");
            }
        }
        for text in ["QQ==", "Q+", "QUJDR", "QUJDRA", "QR"] {
            assert_eq!(crate_strict(text), ours(text).filter(|b| base64url_encode(b) == text), "{text}");
        }
    }

    #[test]
    fn differences() {
        // A final lone character: Node and ours drop it ("ABC"); the crate refuses the text.
        assert_eq!(ours("QUJDR").as_deref(), Some(&b"ABC"[..]));
        assert_eq!(crate_lenient("QUJDR"), None);
        // Standard-alphabet letters (PEM bodies and JWK members go through decode_lenient): Node
        // and ours read them; the URL_SAFE engine refuses them (a second, STANDARD engine would
        // be needed, and neither engine reads a mix of both alphabets).
        assert_eq!(ours("+/+/").as_deref(), Some(&[0xfb, 0xff, 0xbf][..]));
        assert_eq!(crate_lenient("+/+/"), None);
        assert_eq!(ours("-_+/").as_deref(), Some(&[0xfb, 0xff, 0xbf][..]));
        assert_eq!(base64::engine::general_purpose::STANDARD_NO_PAD.decode("-_+/").ok(), None);
        // Padding: Node reads "QQ==" as "A", the Indifferent crate too; ours refuses '=' (its
        // callers strip or refuse it first: decode's letter check, pem.rs's trim).
        assert_eq!(ours("QQ=="), None);
        assert_eq!(crate_lenient("QQ==").as_deref(), Some(&b"A"[..]));
    }

    #[test]
    fn uuid_text_is_the_same() {
        assert_eq!(crate_uuid([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(crate_uuid([0; 16]), "00000000-0000-4000-8000-000000000000");
        // Ours' formatting is not public: its output, read back into bytes (version and variant
        // bits already set), must come out of the crate unchanged.
        for _ in 0..1000 {
            let id = rtc_token::uuid4().unwrap();
            let bytes = *uuid::Uuid::parse_str(&id).unwrap().as_bytes();
            assert_eq!(crate_uuid(bytes), id);
        }
    }
}
