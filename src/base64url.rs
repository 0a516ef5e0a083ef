//! base64url as JWS writes it (no padding) and as Node's `Buffer.from(s, 'base64')` reads it.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends the unpadded base64url encoding of `bytes` (ASCII) to `out`.
pub fn encode_into(out: &mut Vec<u8>, bytes: &[u8]) {
    // A size hint only: try_reserve cannot panic on an absurd length, reserve could.
    let _ = out.try_reserve(encoded_len(bytes.len()));
    // Whole groups are written into place (one length check for all, not one per group), each
    // as two letter pairs: every token's payload and signature pass through here.
    let start = out.len();
    let chunks = bytes.chunks_exact(3);
    let remainder = chunks.remainder();
    out.resize(start + chunks.len() * 4, 0);
    if let Some(place) = out.get_mut(start..) {
        for (letters, chunk) in place.chunks_exact_mut(4).zip(chunks) {
            if let ([a, b, c], [w, x, y, z]) = (chunk, letters) {
                let n = u32::from(*a) << 16 | u32::from(*b) << 8 | u32::from(*c);
                [*w, *x] = pair(n >> 12);
                [*y, *z] = pair(n);
            }
        }
    }
    match *remainder {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[letter(n >> 18), letter(n >> 12)]);
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend_from_slice(&[letter(n >> 18), letter(n >> 12), letter(n >> 6)]);
        }
        _ => {}
    }
}

/// The two alphabet letters for the low twelve bits of `n`.
fn pair(n: u32) -> [u8; 2] {
    PAIRS.get((n & 0xfff) as usize).copied().unwrap_or([b'A'; 2])
}

/// Each twelve-bit value's two letters (8 KiB): one lookup for two letters.
// Evaluated at compile time: an index out of range would fail the build, never a call.
#[allow(clippy::indexing_slicing)]
const PAIRS: [[u8; 2]; 4096] = {
    let mut table = [[0u8; 2]; 4096];
    let mut i = 0;
    while i < 4096 {
        table[i] = [ALPHABET[i >> 6], ALPHABET[i & 0x3f]];
        i += 1;
    }
    table
};

/// The alphabet letter for the low six bits of `n`.
fn letter(n: u32) -> u8 {
    let index = (n & 0x3f) as usize;
    ALPHABET.get(index).copied().unwrap_or(b'A')
}

/// The unpadded base64url length of `n` bytes (saturating: a hint, never a panic).
pub fn encoded_len(n: usize) -> usize {
    n.div_ceil(3).saturating_mul(4)
}

/// The unpadded base64url encoding of `bytes`.
///
/// ```
/// assert_eq!(rtc_token::base64url_encode(b"{\"alg\":\"HS256\"}"), "eyJhbGciOiJIUzI1NiJ9");
/// ```
pub fn encode(bytes: &[u8]) -> String {
    let mut out = Vec::new();
    encode_into(&mut out, bytes);
    // Every byte is from ALPHABET, so this is always valid UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

/// True for the characters of the base64url alphabet (jws's `[A-Za-z0-9_-]`). By ranges rather
/// than a table, so that a fold over a whole token compiles to SIMD (`decode`'s split).
pub fn is_url_letter(c: u8) -> bool {
    c.is_ascii_alphanumeric() | (c == b'-') | (c == b'_')
}

/// Each byte's six-bit value in the base64 and base64url alphabets (Node reads both), or
/// [`INVALID`]: one table lookup per character.
// Evaluated at compile time: an index out of range would fail the build, never a call.
#[allow(clippy::indexing_slicing)]
const SEXTETS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table[b'+' as usize] = 62;
    table[b'/' as usize] = 63;
    table
};
const INVALID: u8 = 0x80;

fn sextet(c: u8) -> Option<u32> {
    let value = SEXTETS.get(usize::from(c)).copied().unwrap_or(INVALID);
    (value & INVALID == 0).then_some(u32::from(value))
}

/// Decodes text that jws has already matched against `[A-Za-z0-9_-]+`, leniently as Node
/// does: a final group of one character carries no byte and is dropped, and unused trailing
/// bits are ignored. Returns `None` for any other character.
pub fn decode_lenient(text: &str) -> Option<Vec<u8>> {
    let mut out = vec![0u8; decoded_len(text.len())];
    decode_into(text, &mut out)?;
    Some(out)
}

/// How many bytes [`decode_lenient`] gives for `len` characters.
fn decoded_len(len: usize) -> usize {
    len / 4 * 3 + [0, 0, 1, 2].get(len % 4).copied().unwrap_or(0)
}

/// [`decode_lenient`] into `out`, which is exactly [`decoded_len`] bytes long.
fn decode_into(text: &str, out: &mut [u8]) -> Option<()> {
    let bytes = text.as_bytes();
    let groups = bytes.chunks_exact(4);
    let remainder = groups.remainder();
    let (whole, tail) = out.split_at_mut_checked(groups.len() * 3)?;
    // Invalid characters are gathered and judged once at the end: no branch per group.
    let mut invalid = 0u8;
    for (decoded, group) in whole.chunks_exact_mut(3).zip(groups) {
        if let ([x, y, z], [a, b, c, d]) = (decoded, group) {
            let [a, b, c, d] = [*a, *b, *c, *d].map(|ch| SEXTETS.get(usize::from(ch)).copied().unwrap_or(INVALID));
            invalid |= a | b | c | d;
            let n = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
            (*x, *y, *z) = ((n >> 16) as u8, (n >> 8) as u8, n as u8);
        }
    }
    if invalid & INVALID != 0 {
        return None;
    }
    // A final group of 2 or 3 characters carries 1 or 2 bytes; of 1, none. Its unused low bits
    // are ignored, as Node ignores them.
    match (remainder, tail) {
        ([a], []) => {
            sextet(*a)?;
        }
        ([a, b], [x]) => *x = (sextet(*a)? << 2 | sextet(*b)? >> 4) as u8,
        ([a, b, c], [x, y]) => {
            let n = sextet(*a)? << 18 | sextet(*b)? << 12 | sextet(*c)? << 6;
            (*x, *y) = ((n >> 16) as u8, (n >> 8) as u8);
        }
        ([], []) => {}
        _ => return None,
    }
    Some(())
}

/// Decodes only the canonical unpadded base64url form, the one text [`encode`] gives for the
/// bytes, into `out` (an HMAC signature fits a 64-byte buffer): the decoded bytes, or `None`
/// when the text is not canonical or does not fit. Signatures are compared this way, so `…xQ`
/// and `…xR` are not both accepted.
pub fn decode_canonical_into<'o>(text: &str, out: &'o mut [u8]) -> Option<&'o [u8]> {
    if !is_canonical(text) {
        return None;
    }
    let out = out.get_mut(..decoded_len(text.len()))?;
    decode_into(text, out)?;
    Some(out)
}

/// Base64url letters only, and a final group whose unused low bits are zero (4 of them after two
/// characters, 2 after three): the text [`encode`] gives.
fn is_canonical(text: &str) -> bool {
    if text.len() % 4 == 1 || !text.bytes().all(is_url_letter) {
        return false;
    }
    let unused_bits = match text.len() % 4 {
        2 => 0b1111,
        3 => 0b11,
        _ => 0,
    };
    text.as_bytes().last().map_or(Some(0), |&c| sextet(c)).is_some_and(|last| last & unused_bits == 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// [`decode_canonical_into`], owned: the canonical rule, tested on its own.
    fn decode_canonical(text: &str) -> Option<Vec<u8>> {
        is_canonical(text).then(|| decode_lenient(text)).flatten()
    }

    #[test]
    #[wasm_bindgen_test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for len in 0..data.len() {
            let slice = &data[..len];
            assert_eq!(decode_lenient(&encode(slice)).as_deref(), Some(slice));
        }
    }

    #[test]
    #[wasm_bindgen_test]
    fn decodes_as_node_does() {
        // "QQ" and "QR" both read as "A": the trailing bits are ignored.
        assert_eq!(decode_lenient("QQ").unwrap(), b"A");
        assert_eq!(decode_lenient("QR").unwrap(), b"A");
        // A lone final character carries no byte.
        assert_eq!(decode_lenient("QUJDR").unwrap(), b"ABC");
        assert_eq!(decode_lenient("a.b"), None);
        assert_eq!(decode_canonical("QQ").unwrap(), b"A");
        assert_eq!(decode_canonical("QR"), None);
        assert_eq!(decode_canonical("QQ=="), None);
        assert_eq!(decode_canonical("Q+"), None);
        let mut buffer = [0u8; 4];
        assert_eq!(decode_canonical_into("QUJD", &mut buffer), Some(&b"ABC"[..]));
        assert_eq!(decode_canonical_into("QUJDRA", &mut buffer), Some(&b"ABCD"[..]));
        assert_eq!(decode_canonical_into("QUJDREU", &mut buffer), None, "five bytes do not fit four");
        assert_eq!(decode_canonical_into("QR", &mut buffer), None);
        let letters: Vec<u8> = (0..=255u8).filter(|&c| is_url_letter(c)).collect();
        assert_eq!(letters, b"-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");
    }

    /// The canonical check by trailing bits equals "re-encoding gives the same text", for every
    /// final character of every final-group length.
    #[test]
    #[wasm_bindgen_test]
    fn canonical_means_encode_gives_it_back() {
        for prefix in ["", "QUJD", "QUJDRA"] {
            for last in ALPHABET.iter().chain(b"+/=.") {
                let text = format!("{prefix}Q{}", *last as char);
                let reencoded = decode_lenient(&text).map(|b| encode(&b));
                let expected = reencoded.filter(|e| *e == text).and_then(|_| decode_lenient(&text));
                assert_eq!(decode_canonical(&text), expected, "{text}");
            }
        }
    }
}
