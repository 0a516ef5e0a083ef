//! Random RFC 4122 version 4 uuids for `jwtid`, drawn from the platform's secure random source.
//! Never drawn at load: workerd refuses random values at a module's global scope.
//!
//! A call out to `crypto.getRandomValues` costs about as much as signing a token, so random bytes
//! are drawn [`POOL`] at a time and handed out 16 per uuid, as Node's own `crypto.randomUUID`
//! does (it draws 128 uuids' worth at once). A uuid names a token; it is not a secret.
//!
//! Who fills the pool: getrandom, or with the `host-random` feature (the npm package's cores)
//! the JavaScript host, which writes `crypto.getRandomValues` bytes into it before each call that
//! may draw ([`pool_due`], [`pool_filled`]). Why: a wasm import with parameters costs the module
//! a compiled wrapper at load, and getrandom's are the HMAC-only core's last ones (README,
//! Performance: cold start).

use std::cell::RefCell;

use crate::error::Error;

/// Random bytes drawn per call to the platform: 32 uuids' worth. With `host-random` the host
/// writes this many (`wasm::wire::RANDOM_POOL`).
pub(crate) const POOL: usize = 512;

struct Pool {
    bytes: [u8; POOL],
    /// How many of `bytes` have been handed out (all of them: the pool must be refilled).
    used: usize,
}

thread_local! {
    static RANDOM: RefCell<Pool> = const { RefCell::new(Pool { bytes: [0; POOL], used: POOL }) };
}

/// 16 fresh random bytes from the pool, refilling it when it runs out.
fn random_16() -> Result<[u8; 16], Error> {
    RANDOM.with(|pool| {
        let mut pool = pool.try_borrow_mut().map_err(|_| Error::RandomUnavailable)?;
        if pool.used + 16 > POOL {
            refill(&mut pool)?;
        }
        let start = pool.used;
        let mut out = [0u8; 16];
        let drawn = pool.bytes.get_mut(start..start + 16).ok_or(Error::RandomUnavailable)?;
        out.copy_from_slice(drawn);
        // Handed out once: never again readable from the pool.
        drawn.fill(0);
        pool.used = start + 16;
        Ok(out)
    })
}

#[cfg(not(feature = "host-random"))]
fn refill(pool: &mut Pool) -> Result<(), Error> {
    getrandom::fill(&mut pool.bytes).map_err(|_| Error::RandomUnavailable)?;
    pool.used = 0;
    Ok(())
}

/// The host fills the pool before a call that may draw; used up here means it could not (no
/// `crypto.getRandomValues`, or workerd outside a request).
#[cfg(feature = "host-random")]
fn refill(_: &mut Pool) -> Result<(), Error> {
    Err(Error::RandomUnavailable)
}

/// With `host-random`: the address of the pool's [`POOL`] bytes when a uuid would run it dry
/// (the host is to write fresh bytes there and call [`pool_filled`]), or 0 when it holds enough.
#[cfg(feature = "host-random")]
pub fn pool_due() -> usize {
    RANDOM.with(|pool| match pool.try_borrow_mut() {
        Ok(mut pool) if pool.used + 16 > POOL => pool.bytes.as_mut_ptr() as usize,
        _ => 0,
    })
}

/// With `host-random`: the host has written [`POOL`] fresh random bytes at [`pool_due`]'s address.
#[cfg(feature = "host-random")]
pub fn pool_filled() {
    RANDOM.with(|pool| {
        if let Ok(mut pool) = pool.try_borrow_mut() {
            pool.used = 0;
        }
    });
}

/// A new random uuid, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` in lowercase hex (`y` is 8–b).
///
/// ```
/// let id = rtc_token::uuid4().unwrap();
/// assert_eq!(id.len(), 36);
/// assert_eq!(&id[14..15], "4");
/// ```
pub fn uuid4() -> Result<String, Error> {
    Ok(format_v4(random_16()?))
}

/// Sets the version and variant bits of 16 random bytes and writes them out (the `uuid` crate:
/// the same text as a hand-written formatter, measured faster, `bench/crate-choices`).
fn format_v4(bytes: [u8; 16]) -> String {
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    uuid::Builder::from_random_bytes(bytes).into_uuid().hyphenated().encode_lower(&mut text).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn sets_version_and_variant() {
        assert_eq!(format_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(format_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    #[wasm_bindgen_test]
    fn draws_fresh_values() {
        let ids: Vec<String> = (0..(3 * POOL / 16 + 5)).map(|_| uuid4().unwrap()).collect();
        for id in &ids {
            let bytes = id.as_bytes();
            assert_eq!(id.len(), 36);
            assert_eq!(bytes[14], b'4');
            assert!(matches!(bytes[19], b'8' | b'9' | b'a' | b'b'), "{id}");
            assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
    }
}
