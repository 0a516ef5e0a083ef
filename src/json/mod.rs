//! JSON as JavaScript reads and writes it.
//!
//! serde_json differs from `JSON.parse`/`JSON.stringify` where tokens must not: it refuses
//! `1e400` and lone surrogate escapes that JavaScript accepts, and prints numbers in another
//! form. A token library that parses differently from its peers invites differential attacks,
//! and one that prints differently is not byte-identical, so this small module owns both sides.

pub mod read;
pub mod write;

pub use read::{JsonStr, Kind, Member, MemberIndex, Members, Value};
