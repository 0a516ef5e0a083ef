//! JSON as JavaScript reads and writes it.
//!
//! serde_json differs from `JSON.parse`/`JSON.stringify` where tokens must not: it refuses
//! `1e400` and lone surrogate escapes that JavaScript accepts, and prints numbers in another
//! form. A token library that parses differently from its peers invites differential attacks,
//! and one that prints differently is not byte-identical, so this small module owns both sides:
//! the reader (`read.rs`), the values it hands out (`value.rs`), an object's members
//! (`members.rs`), and the writer (`write.rs`).

mod members;
pub mod read;
mod value;
pub mod write;

pub use members::{Member, MemberIndex, Members};
pub use read::{parse_kind, Kind};
pub use value::{JsonStr, Value};
