//! Payload bytes: jws's `Buffer.from(toString(payload), options.encoding || 'utf8')`.

use std::borrow::Cow;

use crate::error::Error;

/// The `encoding` option: how the payload text becomes bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (the default).
    Utf8,
    /// `latin1`, `binary` and `ascii`: each UTF-16 code unit becomes its low byte (Node's
    /// `ascii` writes exactly as `latin1` does).
    Latin1,
    /// `utf16le`/`ucs2`: UTF-16 code units, little-endian.
    Utf16Le,
}

impl Encoding {
    /// The encoding Node's Buffer knows as `name` (case-insensitive).
    pub fn from_name(name: &str) -> Result<Encoding, Error> {
        match name.to_ascii_lowercase().as_str() {
            "utf8" | "utf-8" => Ok(Encoding::Utf8),
            "latin1" | "binary" | "ascii" => Ok(Encoding::Latin1),
            "utf16le" | "utf-16le" | "ucs2" | "ucs-2" => Ok(Encoding::Utf16Le),
            "hex" | "base64" | "base64url" => Err(Error::EncodingNotSupported(name.to_owned())),
            _ => Err(Error::EncodingUnknown(name.to_owned())),
        }
    }
}

/// The bytes of `text` in `encoding` (borrowed for UTF-8, the usual case).
pub fn encode(text: &str, encoding: Encoding) -> Cow<'_, [u8]> {
    Cow::Owned(match encoding {
        Encoding::Utf8 => return Cow::Borrowed(text.as_bytes()),
        Encoding::Latin1 => text.encode_utf16().map(|unit| unit.to_le_bytes()[0]).collect(),
        Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
    })
}
