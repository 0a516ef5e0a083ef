//! The random pool of `jwtid: true` and `uuid4`, filled by the JavaScript host (the
//! `host-random` feature, see `crate::uuid`): before a call that may draw a uuid,
//! `pkg-template/boundary/regions.mjs` asks [`random_pool_due`] and, given an address, writes
//! `crypto.getRandomValues` bytes there and calls [`random_pool_filled`].

use wasm_bindgen::prelude::*;

use crate::uuid;

/// The address of the pool's bytes when the next uuid would find it used up, else 0.
#[wasm_bindgen(js_name = randomPoolDue)]
pub fn random_pool_due() -> usize {
    uuid::pool_due()
}

/// The host has written fresh random bytes over the whole pool.
#[wasm_bindgen(js_name = randomPoolFilled)]
pub fn random_pool_filled() {
    uuid::pool_filled();
}
