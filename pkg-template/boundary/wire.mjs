// The wire contract, JavaScript's side: every number and name the core and this package must agree
// on. Each is defined in src/wasm/wire.rs (read it for what each means); this module is its twin,
// with the same names and values in the same order, and the only place the package's JavaScript
// takes them from: no bare code, flag or size crosses the boundary. tests/wire.rs (`cargo test`)
// fails when the two files differ, so change a value in Rust first, then here.
//
// Form, which tests/wire.rs parses: one `export const NAME = VALUE;` per line, VALUE a decimal
// integer or a single-quoted text without escapes; nothing else is exported.

// Payload codes: the JavaScript type of sign's payload.
export const PAYLOAD_UNDEFINED = 0;
export const PAYLOAD_OBJECT = 1;
export const PAYLOAD_NOT_PLAIN_OBJECT = 2;
export const PAYLOAD_STRING = 3;
export const PAYLOAD_NUMBER = 4;
export const PAYLOAD_BOOLEAN = 5;
export const PAYLOAD_BUFFER = 6;
export const PAYLOAD_FUNCTION = 7;
export const PAYLOAD_SYMBOL = 8;
export const PAYLOAD_BIGINT = 9;

// Key codes: the JavaScript shape of a key or secret.
export const KEY_ABSENT = 0;
export const KEY_TEXT = 1;
export const KEY_BYTES = 2;
export const KEY_SECRET_KEY_OBJECT = 3;
export const KEY_PRIVATE_KEY_OBJECT = 4;
export const KEY_PUBLIC_KEY_OBJECT = 5;
export const KEY_FALSY = 6;
export const KEY_TRUTHY = 7;
export const KEY_GET_SECRET_WITHOUT_CALLBACK = 8;
export const KEY_GET_SECRET_FAILED = 9;
export const KEY_JWK = 10;
export const KEY_DESCRIBED = 11;

// Token codes: the JavaScript type of verify's token.
export const TOKEN_MISSING = 0;
export const TOKEN_TEXT = 1;
export const TOKEN_NOT_STRING = 2;

// Host codes: what a call is offered, or what the host found; and the first character (code
// unit) of an answer that asks the host for a signature.
export const HOST_NONE = 0;
export const HOST_OFFERED = 1;
export const HOST_VALID = 2;
export const HOST_INVALID = 3;
export const HOST_REQUEST_MARK = 1;

// The regions: sizes in bytes, and the options regions' kinds.
export const INPUT_KEEP = 65536;
export const OPTIONS_ROOM = 4096;
export const OPTIONS_REGION_SIGN = 0;
export const OPTIONS_REGION_VERIFY = 1;
export const RANDOM_POOL = 512;

// Flags of signRegion, verifyRegion and decodeRegion.
export const SIGN_MUTATE = 1;
export const SIGN_CALLBACK = 2;
export const SIGN_GENERATE = 4;
export const OPTIONS_KEPT = 8;
export const VERIFY_REGEXP_AUDIENCE_MATCHED = 1;
export const DECODE_COMPLETE = 1;
export const DECODE_JSON = 2;

// The error JSON: its members, and the values of its "delivery".
export const ERROR_CLASS = 'class';
export const ERROR_MESSAGE = 'message';
export const ERROR_DELIVERY = 'delivery';
export const ERROR_AT = 'at';
export const ERROR_NEEDS_FULL_CORE = 'needsFullCore';
export const ERROR_JSON = 'json';
export const ERROR_INNER = 'inner';
export const DELIVERY_CALLBACK = 'callback';
export const DELIVERY_LATER = 'later';
export const DELIVERY_THROWN = 'thrown';

// sign's answer with mutatePayload, and the mutations (in it, in the error JSON, and in a host
// request from sign).
export const SIGNED_TOKEN = 'token';
export const MUTATIONS = 'mutations';
export const MUTATIONS_CLAIMS = 'claims';
export const MUTATIONS_DELETE_IAT = 'deleteIat';
export const MUTATIONS_UNDEFINED_CLAIM = 'undefinedClaim';

// verifyPrepare's answer.
export const PREPARED_NOW = 'now';
export const PREPARED_HEADER = 'header';
