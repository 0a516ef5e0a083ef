// DER for the RSA public keys that real key generation cannot make quickly (a 16,800-bit
// modulus, a public exponent above 2^32): SubjectPublicKeyInfo and PKCS#1 RSAPublicKey written
// from a random odd modulus and a chosen exponent, and PEM armour around any DER.
import crypto from 'node:crypto';

const RSA_ENCRYPTION = Buffer.from('06092a864886f70d010101', 'hex'); // OID 1.2.840.113549.1.1.1
const NULL = Buffer.from('0500', 'hex');

/** A DER element: tag, definite length (short or long form), contents. */
function element(tag, contents) {
  const { length } = contents;
  let header;
  if (length < 0x80) header = Buffer.from([tag, length]);
  else {
    const bytes = [];
    for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
    header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([header, contents]);
}

/** A non-negative INTEGER: big-endian, a leading zero when the top bit is set. */
function integer(value) {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return element(0x02, bytes);
}

const sequence = (...parts) => element(0x30, Buffer.concat(parts));

/** A random odd `bits`-bit modulus (top bit set): never a product of two primes we know, which a public key does not need to be. */
export function randomModulus(bits) {
  const bytes = crypto.randomBytes(Math.ceil(bits / 8));
  const spare = bytes.length * 8 - bits;
  bytes[0] = (bytes[0] & (0xff >> spare)) | (0x80 >> spare);
  bytes[bytes.length - 1] |= 1;
  return BigInt(`0x${bytes.toString('hex')}`);
}

/** `{ spki, pkcs1 }`: the DER of the RSA public key (n, e) in both containers. */
export function rsaPublicDer(n, e) {
  const pkcs1 = sequence(integer(n), integer(e));
  const bitString = element(0x03, Buffer.concat([Buffer.from([0]), pkcs1]));
  return { spki: sequence(sequence(RSA_ENCRYPTION, NULL), bitString), pkcs1 };
}

/** PEM armour, 64 base64 characters a line, as OpenSSL writes it. */
export function pem(label, der) {
  const lines = der.toString('base64').match(/.{1,64}/g);
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
