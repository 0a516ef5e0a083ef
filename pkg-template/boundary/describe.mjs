// JavaScript values → what crosses the wasm boundary: a code for each argument's shape (wire.mjs;
// src/wasm/codes.rs reads them), the payload's JSON text and claim shape, one JSON text per
// options object, bytes for keys. No rule lives here: it only describes what it was given.

import {
  KEY_ABSENT,
  KEY_BYTES,
  KEY_DESCRIBED,
  KEY_FALSY,
  KEY_GET_SECRET_FAILED,
  KEY_GET_SECRET_WITHOUT_CALLBACK,
  KEY_JWK,
  KEY_PRIVATE_KEY_OBJECT,
  KEY_PUBLIC_KEY_OBJECT,
  KEY_SECRET_KEY_OBJECT,
  KEY_TEXT,
  KEY_TRUTHY,
  PAYLOAD_BIGINT,
  PAYLOAD_BOOLEAN,
  PAYLOAD_BUFFER,
  PAYLOAD_FUNCTION,
  PAYLOAD_NOT_PLAIN_OBJECT,
  PAYLOAD_NUMBER,
  PAYLOAD_OBJECT,
  PAYLOAD_STRING,
  PAYLOAD_SYMBOL,
  PAYLOAD_UNDEFINED,
  TOKEN_MISSING,
  TOKEN_NOT_STRING,
  TOKEN_TEXT,
} from './wire.mjs';

const objectToString = Object.prototype.toString;
const hasOwn = Object.prototype.hasOwnProperty;
const isEnumerable = Object.prototype.propertyIsEnumerable;
const functionToString = Function.prototype.toString;
const objectConstructorSource = functionToString.call(Object);
const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** lodash.isplainobject, which jsonwebtoken uses: `{}`-like or `Object.create(null)`. */
export function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  // An object literal: the common case, decided without the toString call below.
  if (proto === Object.prototype && !(Symbol.toStringTag in value)) return true;
  if (objectToString.call(value) !== '[object Object]') return false;
  if (proto === null || proto === Object.prototype) return true;
  const Ctor = hasOwn.call(proto, 'constructor') && proto.constructor;
  return typeof Ctor === 'function' && Ctor instanceof Ctor && functionToString.call(Ctor) === objectConstructorSource;
}

const NodeBuffer = globalThis.Buffer;
const isBuffer = (value) => NodeBuffer !== undefined && NodeBuffer.isBuffer(value);

/** True for the payload code of a plain object: the only payload mutatePayload writes into. */
export function isPlainObjectCode(code) {
  return code === PAYLOAD_OBJECT;
}

/** sign's payload as [payload code, text, claim shape] (see `payload` in src/wasm/codes.rs). */
export function describePayload(payload) {
  switch (typeof payload) {
    case 'undefined':
      return [PAYLOAD_UNDEFINED, '', ''];
    case 'string':
      return [PAYLOAD_STRING, payload, ''];
    case 'number':
      return [PAYLOAD_NUMBER, String(payload), ''];
    case 'boolean':
      return [PAYLOAD_BOOLEAN, String(payload), ''];
    case 'object':
      if (isBuffer(payload)) return [PAYLOAD_BUFFER, payload.toString(), ''];
      if (!isPlainObject(payload)) return [PAYLOAD_NOT_PLAIN_OBJECT, '', ''];
      return [PAYLOAD_OBJECT, JSON.stringify(payload), claimShape(payload)];
    case 'function':
      return [PAYLOAD_FUNCTION, '', ''];
    case 'symbol':
      return [PAYLOAD_SYMBOL, '', ''];
    default:
      return [PAYLOAD_BIGINT, '', ''];
  }
}

/** `UNNAMED` in src/sign/mod.rs. */
const UNNAMED = '-';

/**
 * No registered claim can be a member of `JSON.stringify(payload)`: each reads `undefined` (absent,
 * or a member JSON leaves out) and no `toJSON` stands in for the object. A value JSON leaves out
 * for another reason (a function) only makes the core read the text.
 */
function namesNoClaim(payload) {
  return (
    payload.iat === undefined &&
    payload.exp === undefined &&
    payload.nbf === undefined &&
    payload.aud === undefined &&
    payload.iss === undefined &&
    payload.sub === undefined &&
    payload.jti === undefined &&
    payload.toJSON === undefined
  );
}

/** A finite number, or absent: what needs no description beyond the JSON text. */
function ordinary(payload, name) {
  const value = payload[name];
  if (typeof value === 'number') return Number.isFinite(value);
  // Absent, the usual case, is told by `in` without a call; an own `undefined` is not ordinary.
  return value === undefined && (!(name in payload) || !isEnumerable.call(payload, name));
}

/**
 * What JSON.stringify hides about iat/exp/nbf (see `ClaimShape` in src/sign/mod.rs): a letter per
 * claim that is not a number, in key order; `N`/`F` when iat is NaN/±Infinity. For an ordinary
 * payload, `UNNAMED` when its JSON text cannot have a registered claim as a member (then the core
 * does not read the text for them), '' otherwise.
 */
function claimShape(payload) {
  // The usual payload has none of the three: told by named reads, which V8 caches per object
  // shape (a read by a computed name, as ordinary() makes, is slower by a few tens of ns).
  if (payload.iat === undefined && payload.exp === undefined && payload.nbf === undefined) {
    if (!('iat' in payload) && !('exp' in payload) && !('nbf' in payload)) return namesNoClaim(payload) ? UNNAMED : '';
  }
  if (ordinary(payload, 'iat') && ordinary(payload, 'exp') && ordinary(payload, 'nbf')) return namesNoClaim(payload) ? UNNAMED : '';
  let shape = '';
  for (const key of Object.keys(payload)) {
    if (key !== 'iat' && key !== 'exp' && key !== 'nbf') continue;
    const value = payload[key];
    if (typeof value !== 'number') shape += key[0];
    else if (key === 'iat' && Number.isNaN(value)) shape += 'N';
    else if (key === 'iat' && !Number.isFinite(value)) shape += 'F';
  }
  return shape;
}

// Servers sign with one secret again and again: keep its UTF-8 bytes (only read, never written).
let lastSecretText;
let lastSecretBytes;

/** A key or secret as [key code, bytes] (see `key_input` in src/wasm/codes.rs). */
export function describeKey(key) {
  if (key === undefined || key === null) return [KEY_ABSENT, EMPTY];
  if (typeof key === 'string') {
    if (key !== lastSecretText) {
      lastSecretBytes = encoder.encode(key);
      lastSecretText = key;
    }
    return [KEY_TEXT, lastSecretBytes];
  }
  const bytes = bytesOf(key);
  if (bytes) return [KEY_BYTES, bytes];
  if (objectToString.call(key) === '[object KeyObject]') {
    if (key.type === 'secret') return [KEY_SECRET_KEY_OBJECT, new Uint8Array(key.export())];
    return [key.type === 'private' ? KEY_PRIVATE_KEY_OBJECT : KEY_PUBLIC_KEY_OBJECT, keyObjectDer(key)];
  }
  if (isPlainObject(key)) {
    if (typeof key.kty === 'string') return [KEY_JWK, encoder.encode(JSON.stringify(key))];
    if (hasOwn.call(key, 'key')) return [KEY_DESCRIBED, describeKeySpec(key)];
  }
  return [key ? KEY_TRUTHY : KEY_FALSY, EMPTY];
}

/** `getSecret` called back with `error`: the key verify runs with (its bytes: the message). */
export function describeGetSecretError(error) {
  return [KEY_GET_SECRET_FAILED, encoder.encode(String(error.message))];
}

/** A `getSecret` function in verify's synchronous form: the key verify runs with. */
export const GET_SECRET_WITHOUT_CALLBACK = Object.freeze([KEY_GET_SECRET_WITHOUT_CALLBACK, EMPTY]);

// SharedArrayBuffer exists only where the runtime allows it (not in every browser context).
const SharedBuffer = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : ArrayBuffer;

function bytesOf(value) {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  // Node's BinaryLike, which jsonwebtoken's createSecretKey takes: either kind of buffer.
  if (value instanceof ArrayBuffer || value instanceof SharedBuffer) return new Uint8Array(value);
  return undefined;
}

// A KeyObject is immutable: export its DER once (PKCS#8 for private, SPKI for public keys).
const exported = new WeakMap();
function keyObjectDer(key) {
  let der = exported.get(key);
  if (der === undefined) {
    const type = key.type === 'private' ? 'pkcs8' : 'spki';
    try {
      der = new Uint8Array(key.export({ format: 'der', type }));
    } catch {
      der = EMPTY; // a key type with no such export: the core refuses it
    }
    exported.set(key, der);
  }
  return der;
}

/**
 * `{ key, passphrase, format, type }` as one byte string: a JSON head, a newline, then the
 * key's bytes when `key` is a Buffer. See src/key/spec.rs.
 */
function describeKeySpec(spec) {
  const head = { format: spec.format, type: spec.type };
  const { key, passphrase } = spec;
  if (typeof passphrase === 'string') head.passphrase = passphrase;
  else if (bytesOf(passphrase)) head.passphraseHex = hex(bytesOf(passphrase));
  let tail = EMPTY;
  if (typeof key === 'string' || isPlainObject(key)) head.key = key;
  else if (bytesOf(key)) {
    head.keyBytes = true;
    tail = bytesOf(key);
  }
  const headBytes = encoder.encode(`${JSON.stringify(head)}\n`);
  const out = new Uint8Array(headBytes.length + tail.length);
  out.set(headBytes);
  out.set(tail, headBytes.length);
  return out;
}

function hex(bytes) {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** verify's token as [token code, text] (see `token_input` in src/wasm/codes.rs). */
export function describeToken(token) {
  if (!token) return [TOKEN_MISSING, ''];
  return typeof token === 'string' ? [TOKEN_TEXT, token] : [TOKEN_NOT_STRING, ''];
}

/**
 * Options as `[[name, value], …]` in Object.keys order; `[name]` for an own `undefined`;
 * `null` for values JSON cannot carry (every sign validator refuses both). A plain-object value
 * (the `header`) travels as `{"$pairs": […]}` so its own `undefined` members still count. An
 * options object that is not plain travels as `{"$notPlain": […]}`: jsonwebtoken reads its
 * properties before refusing it. See src/options.rs.
 */
export function signOptionsWire(options) {
  const plain = isPlainObject(options);
  if (plain && signCache.matches(options)) return signCache.wire;
  const pairs = pairsWire(options, signValue);
  if (!plain) return `{"$notPlain":${pairs}}`;
  signCache.remember(options, pairs);
  return pairs;
}

/** verify copies the options' own properties (`Object.assign({}, options)`), plain or not. */
export function verifyOptionsWire(options) {
  if (isPlainObject(options) && verifyCache.matches(options)) return verifyCache.wire;
  const pairs = pairsWire(options, verifyValue);
  if (isPlainObject(options)) verifyCache.remember(options, pairs);
  return pairs;
}

/**
 * The last options text and what it was made from. Servers pass the same options literal on
 * every call, so its text is usually the last one's. Only options whose values are primitives
 * or arrays of primitives are remembered, and they are compared value by value, so an object
 * mutated between calls can never be served a stale text.
 */
class LastOptions {
  keys = [];
  values = [];
  wire = '';

  matches(options) {
    const keys = Object.keys(options);
    if (keys.length !== this.keys.length || this.wire === '') return false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key !== this.keys[i] || !sameValue(options[key], this.values[i])) return false;
    }
    return true;
  }

  remember(options, wire) {
    const keys = Object.keys(options);
    const values = [];
    for (const key of keys) {
      const value = options[key];
      if (!rememberable(value)) {
        this.wire = '';
        return;
      }
      values.push(Array.isArray(value) ? [...value] : value);
    }
    this.keys = keys;
    this.values = values;
    this.wire = wire;
  }
}

const signCache = new LastOptions();
const verifyCache = new LastOptions();

const primitive = (value) => value === null || (typeof value !== 'object' && typeof value !== 'function');
const rememberable = (value) => primitive(value) || (Array.isArray(value) && value.every(primitive));

function sameValue(value, remembered) {
  if (!Array.isArray(remembered)) return value === remembered;
  if (!Array.isArray(value) || value.length !== remembered.length) return false;
  for (let i = 0; i < value.length; i++) if (value[i] !== remembered[i]) return false;
  return true;
}

function pairsWire(object, value) {
  let out = '[';
  let first = true;
  for (const name of Object.keys(Object(object))) {
    if (!first) out += ',';
    first = false;
    const v = object[name];
    const text = v === undefined ? undefined : value(v);
    out += text === undefined ? `[${JSON.stringify(name)}]` : `[${JSON.stringify(name)},${text}]`;
  }
  return out + ']';
}

function signValue(value) {
  if (isPlainObject(value)) return `{"$pairs":${pairsWire(value, (v) => JSON.stringify(v))}}`;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return 'null';
  return JSON.stringify(value) ?? 'null';
}

function verifyValue(value) {
  if (value instanceof RegExp) return JSON.stringify({ $regexp: String(value) });
  if (Array.isArray(value)) return `[${value.map((v) => verifyValue(v) ?? 'null').join(',')}]`;
  if (typeof value === 'function' || typeof value === 'symbol') return '{}';
  return JSON.stringify(value) ?? 'null';
}

/** True when verify's audience option holds RegExps (they must run here, in JavaScript). */
export function hasRegExpAudience(options) {
  const audience = options.audience;
  return audience instanceof RegExp || (Array.isArray(audience) && audience.some((a) => a instanceof RegExp));
}
