//! Byte-string comparisons eight bytes at a time.
//!
//! On wasm32, `==` on slices becomes a call to the compiler's `memcmp`, which compares one byte
//! per loop turn; the hot paths compare secrets, options texts and token prefixes of tens to
//! hundreds of bytes on every call. These read whole 64-bit words instead.

/// The eight bytes of `chunk` as one word (`chunk` is always eight bytes long here).
fn word(chunk: &[u8]) -> u64 {
    <[u8; 8]>::try_from(chunk).map(u64::from_ne_bytes).unwrap_or_default()
}

/// `a == b`, without an early exit: equal-length inputs take the same time whatever they hold
/// (the key cache compares secrets with it).
pub fn equal(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (a_words, b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail = a_words.remainder().iter().zip(b_words.remainder()).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    let words = a_words.zip(b_words).fold(0u64, |acc, (x, y)| acc | (word(x) ^ word(y)));
    words == 0 && tail == 0
}

/// `text.starts_with(prefix)`, a word at a time.
pub fn starts_with(text: &[u8], prefix: &[u8]) -> bool {
    text.get(..prefix.len()).is_some_and(|head| equal(head, prefix))
}

/// How many first bytes `a` and `b` share.
pub fn common_prefix_len(a: &[u8], b: &[u8]) -> usize {
    let whole = a.chunks_exact(8).zip(b.chunks_exact(8)).take_while(|(x, y)| word(x) == word(y)).count() * 8;
    let rest = a.get(whole..).unwrap_or_default().iter().zip(b.get(whole..).unwrap_or_default());
    whole + rest.take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[test]
    #[wasm_bindgen_test]
    fn examples() {
        assert!(equal(b"a secret of some length", b"a secret of some length"));
        assert!(!equal(b"a secret of some length", b"a secret of some lengtH"));
        assert!(!equal(b"short", b"shorter"));
        assert_eq!(common_prefix_len(b"eyJhbGciOi.xyz", b"eyJhbGciOi.xzz"), 12);
    }

    /// Every length up to three words, and a difference at every position: the same answers
    /// as the slice operations.
    #[test]
    #[wasm_bindgen_test]
    fn agree_with_the_slice_operations() {
        let base: Vec<u8> = (0..40u8).map(|i| i.wrapping_mul(37)).collect();
        for len in 0..=base.len() {
            let a = &base[..len];
            assert!(equal(a, a) && starts_with(&base, a));
            assert_eq!(common_prefix_len(a, &base), len);
            for at in 0..len {
                let mut b = a.to_vec();
                b[at] ^= 0x40;
                assert!(!equal(a, &b), "{len} {at}");
                assert_eq!(starts_with(&base, &b), base.starts_with(&b));
                assert_eq!(common_prefix_len(a, &b), at);
            }
            assert!(!equal(a, &base[..len.saturating_sub(1)]) || len == 0);
        }
        assert!(!starts_with(b"ab", b"abc"));
    }
}
