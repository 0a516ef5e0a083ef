//! A small cache of parsed keys, keyed by the exact bytes that described them, so that signing
//! or verifying again and again with the same PEM text, JWK or `KeyObject` parses it once.
//!
//! Bounded on both axes: at most [`CAPACITY`] entries (least recently used goes first) and
//! only keys of at most [`MAX_KEY_BYTES`] are kept, so a caller cycling through endless keys
//! costs a fixed amount of memory. The stored bytes are wiped when an entry leaves. HMAC
//! secrets never come here.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use zeroize::Zeroizing;

use super::asymmetric::ParsedKey;

/// Entries kept.
pub const CAPACITY: usize = 16;
/// Larger key descriptions are parsed on every call instead of being kept.
pub const MAX_KEY_BYTES: usize = 64 * 1024;

/// What a key description turned out to be.
#[derive(Debug, Clone)]
pub enum Resolved {
    /// A private or public key.
    Asymmetric(Rc<ParsedKey>),
    /// A shared secret (a JWK of `kty: "oct"`).
    Secret(Rc<[u8]>),
    /// Not a key of the kind asked for (Node's `createPrivateKey`/`createPublicKey` throw).
    NotAKey,
    /// Armour of a key that is not one we can read: refused, never taken as a secret.
    Refused,
    /// A legacy OpenSSL-encrypted PEM (`Proc-Type: 4,ENCRYPTED`) with a passphrase.
    LegacyEncrypted,
}

struct Entry {
    /// Which cascade (sign or verify) and which argument form the bytes came in.
    tag: u8,
    bytes: Zeroizing<Vec<u8>>,
    resolved: Resolved,
}

thread_local! {
    static ENTRIES: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
    static PARSES: Cell<u64> = const { Cell::new(0) };
}

/// The cached result for `(tag, bytes)`, or `parse()`'s, which is then cached.
pub fn resolve(tag: u8, bytes: &[u8], parse: impl FnOnce() -> Resolved) -> Resolved {
    let hit = ENTRIES.with(|entries| {
        let mut entries = entries.borrow_mut();
        let position = entries.iter().rposition(|e| e.tag == tag && e.bytes.as_slice() == bytes)?;
        // Most recently used last: move the hit there.
        let entry = entries.remove(position);
        let resolved = entry.resolved.clone();
        entries.push(entry);
        Some(resolved)
    });
    if let Some(resolved) = hit {
        return resolved;
    }
    PARSES.with(|count| count.set(count.get().saturating_add(1)));
    let resolved = parse();
    if bytes.len() <= MAX_KEY_BYTES {
        ENTRIES.with(|entries| {
            let mut entries = entries.borrow_mut();
            if entries.len() >= CAPACITY {
                entries.remove(0);
            }
            entries.push(Entry { tag, bytes: Zeroizing::new(bytes.to_vec()), resolved: resolved.clone() });
        });
    }
    resolved
}

/// How many key descriptions this thread has parsed (cache misses) so far.
#[cfg(test)]
pub fn parses() -> u64 {
    PARSES.with(Cell::get)
}

/// How many entries the cache holds now.
#[cfg(test)]
pub fn len() -> usize {
    ENTRIES.with(|entries| entries.borrow().len())
}
